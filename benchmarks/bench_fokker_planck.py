"""Benchmark: the Eq. 39 Fokker-Planck solver against scipy's BDF on the same discretisation.

For each grid, the crlib solver (fixed step, one LU factorisation computed
once; by default the five-stage L-stable SDIRK method of order 4, or BDF2
with ``--method bdf2``) and ``scipy.integrate.solve_ivp(method="BDF")``
(given the same right-hand side and its constant sparse Jacobian) integrate
the same semi-discrete system to the same final time.  The accuracy measure is
the heating rate in the diagnostic window at the final time, against a
reference from the crlib SDIRK4 solver with step ``DT_REF`` (its own error is
estimated against a run with twice that step and printed).  BDF is run at a
sequence of tolerances and the cheapest (loosest) run that is at least as
accurate as the crlib run is timed; the speed ratio is printed.  A second
table gives the cost per step of the crlib solver against the number of
unknowns ``n_p * n_mu``.

Usage: ``python benchmarks/bench_fokker_planck.py [--quick] [--method {sdirk4,bdf2}]``.
Timings vary with the machine and its load; they are not tests.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.integrate import solve_ivp

from crlib.fokker_planck import FluxTubeFokkerPlanck

PHYSICS = dict(nu_tau_B=1e3, v_A_over_c=1e-3)
DOMAIN = dict(p_min=10.0, p_max=1e3, ultrarelativistic=True, outflow=True)
T_END = 1.0
#: crlib steps per method: the BDF2 steps of the earlier benchmark, and SDIRK4
#: steps that reach a smaller heating error than both of them.
DTS = {"sdirk4": (0.5, 0.25), "bdf2": (0.05, 0.02)}
DT_REF = 1.0 / 256.0
DT_SCAN = 0.02
RTOLS = (1e-2, 5e-3, 2e-3, 1e-3, 5e-4, 2e-4, 1e-4, 5e-5, 2e-5, 1e-5, 5e-6, 2e-6, 1e-6, 5e-7, 2e-7, 1e-7,
         5e-8, 2e-8, 1e-8, 5e-9, 2e-9, 1e-9)
STAGES = {"sdirk4": 5, "bdf2": 1}


def model_for(n_p, n_mu):
    return FluxTubeFokkerPlanck(PHYSICS["nu_tau_B"], PHYSICS["v_A_over_c"], n_p=n_p, n_mu=n_mu, **DOMAIN)


def heating(model, g, t):
    return model.diagnostics(np.asarray(g).ravel(), t)["heating"]


def best_of(fn, repeat):
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def reference(model):
    """Heating from SDIRK4 with DT_REF, and its estimated error (against 2 DT_REF)."""
    H_ref = heating(model, model.run(T_END, DT_REF, n_out=1).g, T_END)
    H_2 = heating(model, model.run(T_END, 2 * DT_REF, n_out=1).g, T_END)
    return H_ref, abs(H_2 / H_ref - 1)


def compare_with_bdf(model, H_ref, dt, method, repeat):
    t_ours, run = best_of(lambda: model.run(T_END, dt, n_out=1, method=method), repeat)
    err_ours = abs(heating(model, run.g, T_END) / H_ref - 1)

    g0 = model.initial_state()
    L = model.operator
    chosen = None
    for rtol in RTOLS:
        def solve(rtol=rtol):
            return solve_ivp(model.rhs, (0.0, T_END), g0, method="BDF", jac=L, rtol=rtol,
                             atol=1e-14 * np.abs(g0).max(), t_eval=[T_END])
        sol = solve()
        if not sol.success:
            continue
        err = abs(heating(model, sol.y[:, -1], T_END) / H_ref - 1)
        if err <= err_ours:
            t_bdf, sol = best_of(solve, repeat)
            chosen = (rtol, err, t_bdf, sol)
            break
    return t_ours, err_ours, chosen


def cost_per_step(n_p, n_mu, method, repeat):
    model = model_for(n_p, n_mu)
    t_short, _ = best_of(lambda: model.run(10 * DT_SCAN, DT_SCAN, n_out=1, method=method), repeat)
    t_long, _ = best_of(lambda: model.run(60 * DT_SCAN, DT_SCAN, n_out=1, method=method), repeat)
    return model.n_unknowns, (t_long - t_short) / 50.0, t_short


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller grids, single timing")
    parser.add_argument("--method", choices=sorted(DTS), default="sdirk4", help="crlib time integrator")
    args = parser.parse_args()
    method = args.method
    repeat = 1 if args.quick else 3
    grids = [(32, 17), (64, 33)] if args.quick else [(32, 17), (64, 33), (128, 65)]
    scan = [(32, 17), (64, 33), (128, 65)] if args.quick else [(32, 17), (64, 33), (128, 65), (256, 129)]

    print(f"Eq. 39 solver ({method}) vs solve_ivp(BDF), nu tau_B = {PHYSICS['nu_tau_B']:g}, "
          f"v_A/c = {PHYSICS['v_A_over_c']:g}, t_end = {T_END} tau_B")
    print("H error: relative error of the window heating at t_end against crlib SDIRK4 with dt = "
          f"{DT_REF:g} (ref err: that reference against dt = {2 * DT_REF:g}); "
          "BDF: the loosest rtol whose error is no larger than crlib's")
    print(f"{'grid':>10} {'N':>7} {'ref err':>8} {'dt':>5} {'crlib [s]':>10} {'H error':>9} {'BDF rtol':>9} "
          f"{'BDF error':>10} {'BDF [s]':>9} {'nlu':>4} {'nfev':>5} {'speed-up':>9}")
    for n_p, n_mu in grids:
        model = model_for(n_p, n_mu)
        H_ref, ref_err = reference(model)
        for dt in DTS[method]:
            t_ours, err_ours, chosen = compare_with_bdf(model, H_ref, dt, method, repeat)
            head = (f"{n_p:>4}x{n_mu:<5} {model.n_unknowns:>7} {ref_err:>8.0e} {dt:>5.2f} {t_ours:>10.3f} "
                    f"{err_ours:>9.1e}")
            if chosen is None:
                print(f"{head}   BDF did not reach this accuracy")
                continue
            rtol, err, t_bdf, sol = chosen
            print(f"{head} {rtol:>9.0e} {err:>10.1e} {t_bdf:>9.3f} {sol.nlu:>4d} {sol.nfev:>5d} "
                  f"{t_bdf / t_ours:>8.1f}x")

    print()
    print(f"crlib solver: cost per {method} step ({STAGES[method]} back-substitution(s), after the "
          f"factorisation) against unknowns N = n_p * n_mu, dt = {DT_SCAN:g}")
    print(f"{'grid':>10} {'N':>7} {'per step [ms]':>14} {'per step / N [us]':>18} {'setup+10 steps [s]':>19}")
    for n_p, n_mu in scan:
        N, per_step, t_short = cost_per_step(n_p, n_mu, method, repeat)
        print(f"{n_p:>4}x{n_mu:<5} {N:>7} {1e3 * per_step:>14.3f} {1e6 * per_step / N:>18.3f} {t_short:>19.3f}")


if __name__ == "__main__":
    main()
