"""Benchmark: the self-consistent quasilinear model (crlib.quasilinear).

Four measurements, printed, not asserted (timings depend on the machine and
its load, which is printed with them: other jobs may share the cores):

1. Seed to saturation (t = |tau_B|) on the 64 x 33 (p, mu) grid with its wave
   grids, one core.
2. The crlib integrator (adaptive TR-BDF2) against
   ``scipy.integrate.solve_ivp(method="BDF")`` on the same semi-discrete system
   (``QuasilinearFluxTube.rhs`` with its analytic sparse Jacobian
   ``QuasilinearFluxTube.jacobian``; the drift of the spectra is switched off
   in both, ``wave_adiabatic=False``), from seed to saturation.  Accuracy is
   that of the saturated heating ratio and of the window-mean scattering
   frequency nu at the final time, against BDF at rtol = 1e-8 (whose own error,
   from rtol = 1e-7, is printed).  Each crlib run (rtol = 1e-2, 1e-3, 1e-4) is
   compared with the loosest BDF run at least as accurate; both CPU times and
   both errors are printed.  BDF may fail (it does not keep wave energies
   positive): failures are reported.
3. Cost per time step against the number of unknowns.
4. Convergence of the saturated state with the (p, k) and mu resolution.

Usage: ``python benchmarks/bench_quasilinear.py [--quick] [--skip-large]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import numpy as np
from scipy.integrate import solve_ivp

from crlib.kinetics.coupled import CoupledNewton
from crlib.kinetics.diagnostics import observed_order
from crlib.kinetics.integrators import trbdf2_coupled_step
from crlib.quasilinear import QuasilinearFluxTube

PHYSICS = dict(v_A_over_c=1e-2, growth_rate_tau=1e3)
DAMPING = dict(damping="constant", damping_rate_tau=3.0)
DOMAIN = dict(p_min=10.0, p_max=1e3, ultrarelativistic=True)
CRLIB_RTOLS = (1e-2, 1e-3, 1e-4)
RTOLS = (1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6, 3e-7, 1e-7)


def load():
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def make(n_p, n_mu, **kw):
    return QuasilinearFluxTube(PHYSICS["v_A_over_c"], PHYSICS["growth_rate_tau"], n_p=n_p, n_mu=n_mu,
                               **DAMPING, **DOMAIN, **kw)


def window_nu(model, U, f):
    """Pressure-weighted mean scattering frequency nu |tau_B| over the diagnostics window."""
    nu = model.scattering_frequency(U, 0.0).sum(axis=0)
    faces = model.faces
    f0 = model.grid.isotropic_part(f)
    weight = faces.weight * faces.p * f0[faces.i] * model._in_window[faces.i]
    return float(np.sum(weight * nu) / np.sum(weight))


def saturated(model, g, U, t):
    d = model.diagnostics(g, U, t)
    return np.array([d["heating"] / d["heating_exact"], window_nu(model, U, g)])


def error(values, ref):
    return float(np.max(np.abs(values / ref - 1.0)))


def seed_to_saturation(n_p, n_mu, t_end):
    model = make(n_p, n_mu)
    before = load()
    start, cpu = time.perf_counter(), time.process_time()
    run = model.run(t_end, n_out=1)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {n_p}x{n_mu} (+{4 * model.n_k} wave bins, {model.n_unknowns} unknowns): "
          f"seed to t = {t_end} |tau_B| in {elapsed:.2f} s wall, {cpu:.2f} s CPU ({before}), {run.steps} steps, "
          f"{model.factorisations} factorisations; zeta = {run.zeta[-1] / PHYSICS['v_A_over_c']:.3f} v_A/c, "
          f"H/H_exact = {run.heating_ratio[-1]:.4f}, energy residual {np.abs(run.energy_residual).max():.1e}")


def _bdf(model, t_end, rtol):
    g0, U0 = model.initial_state()
    y0 = np.concatenate([g0, U0.ravel()])
    N = model.grid.n_unknowns
    before = load()
    start, cpu = time.perf_counter(), time.process_time()
    sol = solve_ivp(model.rhs, (0.0, t_end), y0, method="BDF", jac=model.jacobian,
                    rtol=rtol, atol=1e-30, t_eval=[t_end])
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    if not sol.success:
        raise RuntimeError(sol.message)
    y = sol.y[:, -1]
    U = y[N:].reshape(U0.shape)
    negative = int(np.sum(U <= 0))
    return saturated(model, y[:N], np.maximum(U, 1e-300), t_end), elapsed, cpu, sol, negative, before


def against_bdf(n_p, n_mu, t_end):
    # reference: the semi-discrete system solved by BDF at a tight tolerance (a
    # crlib reference would share the crlib runs' own kind of error).
    model = make(n_p, n_mu, wave_adiabatic=False)
    ref = _bdf(model, t_end, 1e-8)[0]
    check = _bdf(model, t_end, 1e-7)[0]
    print(f"  reference: BDF at rtol = 1e-8: H/H_exact = {ref[0]:.6f}, nu |tau_B| = {ref[1]:.6g}; "
          f"its error, from rtol = 1e-7: {error(check, ref):.1e}")
    crlib = []
    for rtol in CRLIB_RTOLS:
        model = make(n_p, n_mu, wave_adiabatic=False)
        before = load()
        start, cpu = time.perf_counter(), time.process_time()
        run = model.run(t_end, n_out=1, rtol=rtol)
        t_wall, t_cpu = time.perf_counter() - start, time.process_time() - cpu
        e = error(saturated(model, run.g.ravel(), run.U, t_end), ref)
        crlib.append((rtol, t_cpu, e))
        print(f"  crlib rtol = {rtol:.0e}: {t_wall:.2f} s wall, {t_cpu:.2f} s CPU ({before}), "
              f"{run.steps} steps ({run.rejected} rejected), {model.factorisations} factorisations, error {e:.1e}",
              flush=True)
    bdf = []
    for rtol in RTOLS:
        try:
            values, elapsed, cpu, sol, negative, before = _bdf(model, t_end, rtol)
        except Exception as exc:  # noqa: BLE001 - report whatever stops BDF
            print(f"  BDF rtol = {rtol:.0e}: failed ({type(exc).__name__}: {exc})")
            continue
        e = error(values, ref)
        print(f"  BDF rtol = {rtol:.0e}: {elapsed:.2f} s wall, {cpu:.2f} s CPU ({before}), {sol.nfev} rhs, "
              f"{sol.njev} jacobians, {sol.nlu} LU, {negative} wave bins not positive, error {e:.1e}")
        bdf.append((rtol, cpu, e))
        if e <= min(c[2] for c in crlib):
            break
    for c_rtol, t_cpu, e in crlib:
        match = [b for b in bdf if b[2] <= e]
        if match:
            rtol, b_cpu, b_e = match[0]
            print(f"  => crlib (rtol = {c_rtol:.0e}, error {e:.1e}, {t_cpu:.2f} s) against the loosest BDF at least "
                  f"as accurate (rtol = {rtol:.0e}, error {b_e:.1e}, {b_cpu:.2f} s): {b_cpu / t_cpu:.2f}x (CPU time)")
        else:
            print(f"  => crlib (rtol = {c_rtol:.0e}, error {e:.1e}): no BDF run tried was as accurate")


def cost_per_step(sizes):
    print("  TR-BDF2 steps (two Newton stages each, solved to round-off as at a fixed dt) at the seed level,")
    print("  h = 1e-4 |tau_B|: the first (with the factorisation of the coupled Jacobian) and the mean of the")
    print("  next three (which reuse it); CPU time")
    print("   n_p x n_mu   unknowns   wave bins   first step [s]   ms per step   us per unknown   peak RSS [MB]   load")
    for n_p, n_mu in sizes:
        model = make(n_p, n_mu)
        g, U = model.initial_state()
        z = np.log(U)
        newton = CoupledNewton(model.coupled_system)
        h = 1e-4
        start = time.process_time()
        g, z = trbdf2_coupled_step(newton, g, z, h, tol=1e-13)[:2]
        first = time.process_time() - start
        start = time.process_time()
        n = 3
        for k in range(n):
            g, z = trbdf2_coupled_step(newton, g, z, h, tol=1e-13)[:2]
        ms = (time.process_time() - start) / n * 1e3
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  {n_p:5d} x {n_mu:<4d} {model.n_unknowns:9d}   {4 * model.n_k:9d}   {first:14.2f}   {ms:11.1f}"
              f"   {1e3 * ms / model.n_unknowns:14.2f}   {rss:13.0f}   {os.getloadavg()[0]:.1f}", flush=True)


def order_or_nan(values, spacings):
    try:
        return observed_order(values, spacings)
    except ValueError:
        return float("nan")  # not monotone: outside the asymptotic range


def convergence(t_end, p_grids, mu_grids):
    print(f"  saturated state at t = {t_end} |tau_B|; window ends on cell edges of every grid")
    for label, grids in (("(p, k)", p_grids), ("mu", mu_grids)):
        rows, spacings = [], []
        for n_p, n_mu in grids:
            model = make(n_p, n_mu)
            run = model.run(t_end, n_out=1)
            rows.append((run.zeta[-1], run.heating_ratio[-1], window_nu(model, run.U, run.g)))
            spacings.append(model.grid.dx if label == "(p, k)" else model.grid.dmu)
            print(f"    {n_p:3d} x {n_mu:<3d}: zeta = {rows[-1][0] / PHYSICS['v_A_over_c']:.5f} v_A/c, "
                  f"H/H_exact = {rows[-1][1]:.5f}, nu |tau_B| = {rows[-1][2]:.5g}", flush=True)
        rows = np.array(rows)
        orders = [order_or_nan(rows[:, c], spacings) for c in range(3)]
        print(f"    observed order in {label}: zeta {orders[0]:.2f}, heating {orders[1]:.2f}, nu {orders[2]:.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller grids")
    parser.add_argument("--skip-large", action="store_true", help="cost per step only up to 256 x 129")
    args = parser.parse_args()
    print(f"start: {load()}")
    print("1. seed to saturation")
    seed_to_saturation(32, 17, 1.0)
    if not args.quick:
        seed_to_saturation(64, 33, 1.0)
    print("2. against solve_ivp(BDF), same semi-discrete system")
    against_bdf(16, 9, 0.5)
    if not args.quick:
        against_bdf(32, 17, 0.5)
    print("3. cost per step")
    sizes = [(32, 17), (64, 33), (128, 65)]
    if not args.quick:
        sizes += [(256, 129)] if args.skip_large else [(256, 129), (384, 257)]
    cost_per_step(sizes)
    print("4. convergence of the saturated state")
    if args.quick:
        convergence(0.5, [(10, 9), (20, 9), (40, 9)], [(20, 5), (20, 9), (20, 17)])
    else:
        convergence(1.0, [(20, 9), (40, 9), (80, 9)], [(20, 9), (20, 17), (20, 33)])


if __name__ == "__main__":
    main()
