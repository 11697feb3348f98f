"""Benchmark: the self-consistent quasilinear model (crlib.quasilinear).

Three measurements, printed, not asserted (timings depend on the machine):

1. Seed to saturation on the 64 x 33 (p, mu) grid with its wave grids, one core.
2. The crlib integrator against ``scipy.integrate.solve_ivp(method="BDF")`` on
   the same semi-discrete system (``QuasilinearFluxTube.rhs`` with its analytic
   sparse Jacobian ``QuasilinearFluxTube.jacobian``; the split drift of the
   spectra is switched off in both, ``wave_adiabatic=False``), from seed to
   saturation.  Accuracy is that of the saturated heating ratio and anisotropy
   at the final time against a reference run of the crlib integrator with a
   far smaller step target; BDF is timed at the loosest tolerance that is at
   least as accurate as the crlib run.  BDF may fail (wave energies are not
   kept positive by it): failures are reported.
3. Cost per time step against the number of unknowns.

Usage: ``python benchmarks/bench_quasilinear.py [--quick]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.integrate import solve_ivp

from crlib.quasilinear import QuasilinearFluxTube

PHYSICS = dict(v_A_over_c=1e-2, growth_rate_tau=1e3)
DAMPING = dict(damping="constant", damping_rate_tau=3.0)
DOMAIN = dict(p_min=10.0, p_max=1e3, ultrarelativistic=True)
RTOLS = (1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6, 3e-7, 1e-7)


def saturated(model, g, U, t):
    d = model.diagnostics(g, U, t)
    return np.array([d["heating"] / d["heating_exact"], d["zeta"]])


def error(values, ref):
    return float(np.max(np.abs(values / ref - 1.0)))


def seed_to_saturation(n_p, n_mu, t_end):
    model = QuasilinearFluxTube(PHYSICS["v_A_over_c"], PHYSICS["growth_rate_tau"], n_p=n_p, n_mu=n_mu,
                                **DAMPING, **DOMAIN)
    start = time.perf_counter()
    run = model.run(t_end, n_out=1)
    elapsed = time.perf_counter() - start
    print(f"  {n_p}x{n_mu} (+{4 * model.n_k} wave bins, {model.n_unknowns} unknowns): "
          f"seed to t = {t_end} |tau_B| in {elapsed:.2f} s, {run.steps} steps, "
          f"{model.factorisations} factorisations; zeta = {run.zeta[-1] / PHYSICS['v_A_over_c']:.3f} v_A/c, "
          f"H/H_exact = {run.heating_ratio[-1]:.4f}, energy residual {run.energy_residual[-1]:.1e}")


def against_bdf(n_p, n_mu, t_end):
    def make():
        return QuasilinearFluxTube(PHYSICS["v_A_over_c"], PHYSICS["growth_rate_tau"], n_p=n_p, n_mu=n_mu,
                                   wave_adiabatic=False, **DAMPING, **DOMAIN)

    ref_model = make()
    ref_run = ref_model.run(t_end, n_out=1, max_change=0.005)
    ref = saturated(ref_model, ref_run.g.ravel(), ref_run.U, t_end)
    half = make().run(t_end, n_out=1, max_change=0.01)
    print(f"  reference: crlib with max_change = 0.005 ({ref_run.steps} steps); its error, "
          f"from max_change = 0.01: {error(saturated(ref_model, half.g.ravel(), half.U, t_end), ref):.1e}")
    model = make()
    start = time.perf_counter()
    run = model.run(t_end, n_out=1)
    t_crlib = time.perf_counter() - start
    e_crlib = error(saturated(model, run.g.ravel(), run.U, t_end), ref)
    print(f"  crlib (max_change = 0.1): {t_crlib:.2f} s, {run.steps} steps, error {e_crlib:.1e}")
    g0, U0 = model.initial_state()
    y0 = np.concatenate([g0, U0.ravel()])
    N = model.grid.n_unknowns
    best = None
    for rtol in RTOLS:
        start = time.perf_counter()
        try:
            sol = solve_ivp(model.rhs, (0.0, t_end), y0, method="BDF", jac=model.jacobian,
                            rtol=rtol, atol=1e-30, t_eval=[t_end])
        except Exception as exc:  # noqa: BLE001 - report whatever stops BDF
            print(f"  BDF rtol = {rtol:.0e}: failed ({type(exc).__name__}: {exc})")
            continue
        elapsed = time.perf_counter() - start
        if not sol.success:
            print(f"  BDF rtol = {rtol:.0e}: failed ({sol.message})")
            continue
        y = sol.y[:, -1]
        U = y[N:].reshape(U0.shape)
        if np.any(U <= 0):
            print(f"  BDF rtol = {rtol:.0e}: {int(np.sum(U <= 0))} wave bins not positive")
            U = np.maximum(U, 1e-300)
        e = error(saturated(model, y[:N], U, t_end), ref)
        print(f"  BDF rtol = {rtol:.0e}: {elapsed:.2f} s, {sol.nfev} rhs, {sol.njev} jacobians, error {e:.1e}")
        if e <= e_crlib:
            best = (rtol, elapsed, e)
            break
    if best is None:
        print("  BDF did not reach the crlib accuracy at any tolerance tried")
    else:
        print(f"  => crlib is {best[1] / t_crlib:.1f}x faster than BDF (rtol = {best[0]:.0e}) at equal accuracy")


def cost_per_step(sizes):
    print("  unknowns   wave bins   ms per step   us per unknown per step")
    for n_p, n_mu in sizes:
        model = QuasilinearFluxTube(PHYSICS["v_A_over_c"], PHYSICS["growth_rate_tau"], n_p=n_p, n_mu=n_mu,
                                    **DAMPING, **DOMAIN)
        g, U = model.initial_state()
        h = 1e-4
        model._step(g, U, 0.0, h)  # warm up: sparsity patterns
        start = time.perf_counter()
        n = 3
        for k in range(n):
            out = model._step(g, U, k * h, h)
            g, U = out[0], out[1]
        ms = (time.perf_counter() - start) / n * 1e3
        print(f"  {model.n_unknowns:8d}   {4 * model.n_k:9d}   {ms:11.1f}   {1e3 * ms / model.n_unknowns:8.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller grids")
    args = parser.parse_args()
    print("1. seed to saturation")
    seed_to_saturation(32, 17, 1.0)
    if not args.quick:
        seed_to_saturation(64, 33, 1.0)
    print("2. against solve_ivp(BDF), same semi-discrete system, 16 x 9 grid")
    against_bdf(16, 9, 0.5)
    print("3. cost per step")
    sizes = [(32, 17), (64, 33), (128, 65)] if args.quick else [(32, 17), (64, 33), (128, 65), (256, 129), (384, 257)]
    cost_per_step(sizes)


if __name__ == "__main__":
    main()
