"""Benchmark: the Eq. 39 Fokker-Planck solver against scipy's BDF on the same discretisation.

For each grid, the crlib solver (fixed-step BDF2, two sparse LU factorisations
computed once) and ``scipy.integrate.solve_ivp(method="BDF")`` (given the
same right-hand side and its constant sparse Jacobian) integrate the same
semi-discrete system to the same final time.  The accuracy measure is the
heating rate in the diagnostic window at the final time, against a reference
from the crlib solver with a 16 times smaller step.  BDF is run at a sequence
of tolerances and the cheapest run that is at least as accurate as the crlib
run is timed; the speed ratio is printed.  A second table gives the cost per
step of the crlib solver against the number of unknowns ``n_p * n_mu``.

Usage: ``python benchmarks/bench_fokker_planck.py [--quick]``.  Timings vary
with the machine and its load; they are not tests.
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
DTS = (0.05, 0.02)
DT = DTS[-1]
RTOLS = (1e-2, 5e-3, 2e-3, 1e-3, 5e-4, 2e-4, 1e-4, 5e-5, 2e-5, 1e-5, 5e-6, 2e-6, 1e-6, 5e-7, 2e-7, 1e-7)


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


def compare_with_bdf(n_p, n_mu, dt, repeat):
    model = model_for(n_p, n_mu)
    ref = model.run(T_END, DT / 16, n_out=1)
    H_ref = heating(model, ref.g, T_END)

    t_ours, run = best_of(lambda: model.run(T_END, dt, n_out=1), repeat)
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
    return model, t_ours, err_ours, chosen


def cost_per_step(n_p, n_mu, repeat):
    model = model_for(n_p, n_mu)
    t_short, _ = best_of(lambda: model.run(10 * DT, DT, n_out=1), repeat)
    t_long, _ = best_of(lambda: model.run(60 * DT, DT, n_out=1), repeat)
    return model.n_unknowns, (t_long - t_short) / 50.0, t_short


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller grids, single timing")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    grids = [(32, 17), (64, 33)] if args.quick else [(32, 17), (64, 33), (128, 65)]
    scan = [(32, 17), (64, 33), (128, 65)] if args.quick else [(32, 17), (64, 33), (128, 65), (256, 129)]

    print(f"Eq. 39 solver vs solve_ivp(BDF), nu tau_B = {PHYSICS['nu_tau_B']:g}, "
          f"v_A/c = {PHYSICS['v_A_over_c']:g}, t_end = {T_END} tau_B")
    print("H error: relative error of the window heating at t_end against crlib with dt = "
          f"{DT / 16:g}; BDF: the loosest rtol whose error is no larger than crlib's")
    print(f"{'grid':>10} {'N':>7} {'dt':>5} {'crlib [s]':>10} {'H error':>9} {'BDF rtol':>9} {'BDF error':>10} "
          f"{'BDF [s]':>9} {'nlu':>4} {'nfev':>5} {'speed-up':>9}")
    for n_p, n_mu in grids:
        for dt in DTS:
            model, t_ours, err_ours, chosen = compare_with_bdf(n_p, n_mu, dt, repeat)
            head = f"{n_p:>4}x{n_mu:<5} {model.n_unknowns:>7} {dt:>5.2f} {t_ours:>10.3f} {err_ours:>9.1e}"
            if chosen is None:
                print(f"{head}   BDF did not reach this accuracy")
                continue
            rtol, err, t_bdf, sol = chosen
            print(f"{head} {rtol:>9.0e} {err:>10.1e} {t_bdf:>9.3f} {sol.nlu:>4d} {sol.nfev:>5d} "
                  f"{t_bdf / t_ours:>8.1f}x")

    print()
    print("crlib solver: cost per BDF2 step (after factorisation) against unknowns N = n_p * n_mu")
    print(f"{'grid':>10} {'N':>7} {'per step [ms]':>14} {'per step / N [us]':>18} {'setup+10 steps [s]':>19}")
    for n_p, n_mu in scan:
        N, per_step, t_short = cost_per_step(n_p, n_mu, repeat)
        print(f"{n_p:>4}x{n_mu:<5} {N:>7} {1e3 * per_step:>14.3f} {1e6 * per_step / N:>18.3f} {t_short:>19.3f}")


if __name__ == "__main__":
    main()
