"""Benchmark: the direct saturated-state solver (crlib.saturated_state) and the Dask sweep (crlib.sweep).

Printed, not asserted (timings depend on the machine):

1. Direct solver against the time-dependent model.  The same model
   (16 x 9 grid, constant damping, ``wave_adiabatic=False`` so that the time
   step has no split part and its fixed point is the steady state) is run
   from seed with ``QuasilinearFluxTube.run`` to t = 20 |tau_B|; the late-time
   nu_eff(p), A_sat(p), zeta, heating and g are compared with
   ``solve_saturated_state``, and the time the run needs before nu_eff in the
   window agrees to 1e-4 (from the stored spectra) is set against the
   solver's time (best of REPEATS calls).  The solver is timed with and
   without the one-off reading of the model's operators (cached per grid and
   v_A/c, and per model settings).  Reference: 62x (first call) and 81x (cached) before the
   solver was sped up (44 linear solves, now 19); see the report of issue 12 for the conditions.
2. With ``wave_adiabatic=True`` (the split drift of the spectra): the
   difference between the solver's semi-discrete steady state and the run's
   late state, which is O(dt).
3. Points per second of the direct solver, and sweep throughput on 1 and 2
   LocalCluster workers (the ratio).

4. The saturated heating of the direct solver as the momentum grid is
   refined (20 ... 160 cells over two decades), on 9 and 17 mu cells and with
   p_max = 1e3 and 1e4 at the same spacing and window: the change per
   doubling, overall and per window cell (chapter X4 cites it).

Usage: ``python benchmarks/bench_saturation.py [--quick]``.  The solvers run
on one BLAS thread by themselves (``crlib._threads``); the environment pins
the rest of the script alike (the workers are the cores).
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import math  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import crlib.saturated_state as saturated_state  # noqa: E402
from crlib.kinetics.operators import FaceSet  # noqa: E402
from crlib.quasilinear import QuasilinearFluxTube  # noqa: E402
from crlib.sweep import run_sweep, sweep_points  # noqa: E402

GRID = dict(p_min=10.0, p_max=1e3, n_p=16, n_mu=9, ultrarelativistic=True)

#: The solver is timed as the best of this many calls; the run once (it takes seconds).
REPEATS = 5


def rel(a, b):
    return float(np.max(np.abs(np.asarray(a) / np.asarray(b) - 1.0)))


def nu_eff_from_spectrum(model, U):
    faces = FaceSet(model.grid)
    nu = model.scattering_frequency(U, 0.0).sum(axis=0)
    mu = faces.mu
    h = np.bincount(faces.i, weights=model.grid.dmu * mu**2 * (1 - mu**2) / nu, minlength=model.grid.n_p)
    return 1.0 / (7.5 * 0.5 * h)


def direct_vs_time_dependent(t_end):
    model = QuasilinearFluxTube(1e-2, 1e3, damping="constant", damping_rate_tau=3.0, wave_adiabatic=False, **GRID)
    # best of several calls (the machine is shared): first calls clear the operator cache
    t_cold = t_warm = math.inf
    for _ in range(REPEATS):
        saturated_state._PIECES_CACHE.clear()
        saturated_state._FLOW_CACHE.clear()
        start = time.perf_counter()
        state = saturated_state.solve_saturated_state(model)
        t_cold = min(t_cold, time.perf_counter() - start)
    for _ in range(REPEATS):
        start = time.perf_counter()
        state = saturated_state.solve_saturated_state(model)
        t_warm = min(t_warm, time.perf_counter() - start)
    start = time.perf_counter()
    run = model.run(t_end, n_out=40)
    t_run = time.perf_counter() - start
    late = saturated_state.measure_saturated_state(model, run.g, run.U)
    w = state.window
    print(f"  direct solver: {t_cold:.3f} s (first call, with the operator read-out), {t_warm:.3f} s (cached); "
          f"{state.iterations} linear solves, residual {state.residual:.1e}")
    print(f"  run(): seed to t = {t_end} |tau_B| in {t_run:.2f} s, {run.steps} steps")
    print(f"  late state vs direct: nu_eff {rel(late.nu_eff[w], state.nu_eff[w]):.1e}, "
          f"A_sat {rel(late.A_sat[w], state.A_sat[w]):.1e}, zeta {abs(late.zeta / state.zeta - 1):.1e}, "
          f"heating {abs(late.heating_ratio / state.heating_ratio - 1):.1e}, "
          f"g (window) {rel(late.g[w], state.g[w]):.1e}, g (all cells) {rel(late.g, state.g):.1e}")
    # when does the run reach 1e-4 in nu_eff?  (the spectra are stored at every output)
    errs = [rel(nu_eff_from_spectrum(model, U)[w], state.nu_eff[w]) for U in run.spectra]
    hit = next((k for k, e in enumerate(errs) if e < 1e-4), None)
    if hit is None:
        print("  run never within 1e-4 of the direct nu_eff")
        return
    t_hit = run.t[hit]
    # time of a run to t_hit only
    model2 = QuasilinearFluxTube(1e-2, 1e3, damping="constant", damping_rate_tau=3.0, wave_adiabatic=False, **GRID)
    start = time.perf_counter()
    model2.run(float(t_hit), n_out=1)
    t_run_hit = time.perf_counter() - start
    print(f"  run() within 1e-4 in nu_eff from t = {t_hit:.2f} |tau_B| ({t_run_hit:.2f} s): "
          f"speed-up {t_run_hit / t_cold:.0f}x (first call), {t_run_hit / t_warm:.0f}x (cached)")


def split_drift_difference(t_end):
    model = QuasilinearFluxTube(1e-2, 1e3, damping="constant", damping_rate_tau=3.0, **GRID)
    state = saturated_state.solve_saturated_state(model)
    run = model.run(t_end, n_out=1)
    late = saturated_state.measure_saturated_state(model, run.g, run.U)
    w = state.window
    print(f"  wave_adiabatic=True: run() late state vs semi-discrete steady state: "
          f"nu_eff {rel(late.nu_eff[w], state.nu_eff[w]):.1e}, zeta {abs(late.zeta / state.zeta - 1):.1e} "
          "(the split drift of the spectra: O(dt))")


def throughput(n_points, quick):
    pts = sweep_points(damping=["constant", "nonlinear_landau"], damping_rate=[1e-7, 1e-6],
                       v_i_over_c=[1e-4, 1e-3], n_c_over_n_i=[1e-5, 4e-5],
                       drive_rate=[5e-9, 1e-8, 2e-8, 4e-8], v_A_over_c=[1e-2, 3e-3])[:n_points]
    start = time.perf_counter()
    for p in pts:
        model = saturation_model(p)
        saturated_state.solve_saturated_state(model)
    t = time.perf_counter() - start
    print(f"  direct solver, one process: {len(pts) / t:.2f} points/s ({len(pts)} points)")
    rates = {}
    for workers in (1, 2):
        d = tempfile.mkdtemp()
        try:
            start = time.perf_counter()
            run_sweep(pts, d, chunk_size=16, n_workers=workers, progress=False)
            rates[workers] = len(pts) / (time.perf_counter() - start)
        finally:
            shutil.rmtree(d, ignore_errors=True)
        print(f"  sweep on {workers} LocalCluster worker(s): {rates[workers]:.2f} points/s "
              "(cluster start-up included)")
    print(f"  2-worker / 1-worker throughput: {rates[2] / rates[1]:.2f}")


def saturation_model(point):
    from crlib.sweep import GRID_DEFAULTS, PARAMETERS, _point_model

    return _point_model({**{k: v[0] for k, v in PARAMETERS.items()}, **point}, GRID_DEFAULTS)[0]


def heating_in_p(sizes):
    """The saturated heating of the semi-discrete system (direct solver) as the momentum grid is refined.

    Per doubling: the change of the window's heating ratio, and its spread over
    the window's interior cells (each cell's ratio, summed onto the coarsest
    cells); on 9 and 17 mu cells, and with p_max = 1e3 and 1e4 at the same
    spacing and window.
    """
    window = (10.0 * 100.0 ** 0.2, 10.0 * 100.0 ** 0.6)
    for n_mu in (9, 17):
        for decades in (2, 3):
            previous = None
            for n_p in sizes:
                model = QuasilinearFluxTube(1e-2, 1e3, damping="constant", damping_rate_tau=3.0,
                                            n_p=n_p * decades // 2, n_mu=n_mu, wave_adiabatic=False,
                                            p_min=10.0, p_max=10.0 ** (1 + decades), ultrarelativistic=True,
                                            window=window)
                state = saturated_state.solve_saturated_state(model)
                H, exact = model.heating_by_momentum(np.ravel(state.g), state.U, 0.0)
                cells = np.nonzero(model._in_window)[0]
                per = n_p // sizes[0]
                coarse = (H[cells].reshape(-1, per).sum(axis=1) / exact[cells].reshape(-1, per).sum(axis=1))
                line = f"    n_mu = {n_mu:2d}, p_max = 1e{1 + decades}, n_p = {model.grid.n_p:3d}: H/H_exact = {state.heating_ratio:.7f}"
                if previous is not None:
                    change = coarse - previous[1]
                    line += (f"; change {state.heating_ratio - previous[0]:+.2e}, per window cell "
                             f"{change.min():+.2e} .. {change.max():+.2e}")
                print(line, flush=True)
                previous = (state.heating_ratio, coarse)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs and fewer points")
    args = parser.parse_args()
    print("1. direct solver vs the time-dependent model (16 x 9, constant damping, no split step)")
    direct_vs_time_dependent(8.0 if args.quick else 20.0)
    print("2. with the split drift of the spectra")
    split_drift_difference(4.0 if args.quick else 10.0)
    print("3. throughput")
    # enough points that the cluster's start-up (a few seconds) does not decide the ratio
    throughput(8 if args.quick else 128, args.quick)
    print("4. the saturated heating as the momentum grid is refined (direct solver, window fixed in p)")
    heating_in_p((20, 40, 80) if args.quick else (20, 40, 80, 160))


if __name__ == "__main__":
    main()
