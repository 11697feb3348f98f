r"""Parameter sweeps of the saturated state on Dask (``dask.distributed``).

:func:`saturate` solves one point of the parameter space with
:func:`crlib.saturated_state.solve_saturated_state` and returns its scalar
results; :func:`run_sweep` maps it over a grid of points on a Dask cluster
and writes an ``xarray.Dataset`` to netCDF.

Parameters of a point (:data:`PARAMETERS`, dimensionless):

* ``drive_rate`` :math:`= 1/(\Omega_0|\tau_B|)`, the expansion rate in units of
  the proton gyrofrequency;
* ``n_c_over_n_i``, the cosmic-ray to ion density ratio (cosmic rays above the grid's ``p_min``);
* ``damping`` (one of ``"none"``, ``"constant"``, ``"nonlinear_landau"``, ``"both"``),
  ``damping_rate`` :math:`= \Gamma_d/\Omega_0` and ``v_i_over_c``;
* ``v_A_over_c`` and ``spectral_index``;
* ``field_rate``, :math:`d\ln B/dt` per :math:`|\tau_B|`: ``-1`` the expanding
  tube, ``+1`` the compressing one (:math:`\tau_B < 0`, the counter-moving
  branches grow; the solver's leaky box,
  :func:`crlib.saturated_state.balancing_loss_rate`).

They set the model's :math:`\Gamma_0|\tau_B| = (\pi/4)(n_c/n_i)/\text{drive\_rate}`
and :math:`\Gamma_d|\tau_B| = \text{damping\_rate}/\text{drive\_rate}`.

Where the sweep runs: the default is a ``LocalCluster`` with one
single-threaded worker process per core; ``scheduler="tcp://host:port"`` uses
an existing cluster; ``scheduler="synchronous"`` runs every point in this
process (for debugging).  Finished points are written one chunk file at a
time (written to a temporary name and renamed, so a file on disk is always
complete), on the client side, so an interrupted sweep loses no finished
chunk and a rerun computes only the missing ones; :func:`combine` merges the
chunks into one dataset with provenance (crlib version, parameters, grid,
tolerance).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import time
from pathlib import Path

import numpy as np

import crlib
from crlib._validation import require

__all__ = ["PARAMETERS", "GRID_DEFAULTS", "BOOK_SWEEP", "saturate", "sweep_points", "run_sweep", "combine", "load"]

#: Every parameter of a point, by name: its default, unit and description.
PARAMETERS = {
    "drive_rate": (1e-8, "Omega_0", "expansion rate 1/(Omega_0 |tau_B|)"),
    "n_c_over_n_i": (2e-5, "1", "cosmic-ray to ion density ratio (above p_min)"),
    "damping": ("constant", "", "none | constant | nonlinear_landau | both"),
    "damping_rate": (1e-7, "Omega_0", "linear (ion-neutral) damping rate Gamma_d/Omega_0"),
    "v_i_over_c": (3e-4, "c", "thermal ion speed (nonlinear Landau damping)"),
    "v_A_over_c": (1e-2, "c", "Alfven speed"),
    "spectral_index": (4.7, "1", "a of f ~ p^-a"),
    "field_rate": (-1.0, "1/|tau_B|", "d ln B/dt: -1 expansion (tau_B > 0), +1 compression (tau_B < 0)"),
}

#: The small (p, mu) grid of the sweep and its defaults.
GRID_DEFAULTS = {"p_min": 10.0, "p_max": 1e3, "n_p": 16, "n_mu": 9}

#: The book's map (``python -m crlib sweep --preset book``): 1,440 points, half of them in compression.
BOOK_SWEEP = {
    "drive_rate": [5e-9, 2e-8],
    "n_c_over_n_i": [1e-5, 4e-5],
    "damping": ["none", "constant", "nonlinear_landau", "both"],
    "damping_rate": [1e-8, 1e-7, 1e-6, 1e-5],
    "v_i_over_c": [1e-4, 1e-3],
    "v_A_over_c": [1e-1, 1e-2, 1e-3, 2e-4],
    "spectral_index": [4.4, 4.7, 5.0],
    "field_rate": [-1.0, 1.0],
}

#: Scalar results of a point (name: unit).
RESULTS = {
    "nu_eff": "1/|tau_B|", "nu_eff_predicted": "1/|tau_B|",
    "A_sat": "v_A/c", "A_sat_predicted": "v_A/c",
    "zeta": "v_A/c", "heating_ratio": "1", "heating_fraction": "1",
    "mean_free_path": "c |tau_B|", "p_ref": "m c",
    "growth_rate_tau": "1", "damping_rate_tau": "1",
    "residual": "1", "iterations": "1", "seconds": "s", "ok": "1",
}

_CHUNK = "chunk_{:05d}.nc"


def _point_model(point, grid):
    from crlib.quasilinear import QuasilinearFluxTube

    fn = "crlib.sweep.saturate"
    drive = float(require(fn, "drive_rate", point["drive_rate"], positive=True, reason="an expansion rate"))
    ratio = float(require(fn, "n_c_over_n_i", point["n_c_over_n_i"], positive=True, reason="a density ratio"))
    damping = point["damping"]
    G = math.pi / 4.0 * ratio / drive
    D = float(require(fn, "damping_rate", point["damping_rate"], nonnegative=True, reason="a damping rate")) / drive
    field_rate = float(require(fn, "field_rate", point["field_rate"], reason="d ln B/dt per |tau_B|"))
    if field_rate not in (-1.0, 1.0):
        raise ValueError(f"{fn}: field_rate = {field_rate!r} must be -1 (expansion) or +1 (compression).")
    kw = dict(damping=damping, spectral_index=point["spectral_index"], ultrarelativistic=True,
              v_i_over_c=point["v_i_over_c"], field_rate=field_rate, **grid)
    if damping in ("constant", "both"):
        kw["damping_rate_tau"] = D
    return QuasilinearFluxTube(point["v_A_over_c"], G, **kw), G, D


def saturate(point=None, *, grid=None, tol=1e-10):
    """Solve one point and return its scalar results.

    Parameters
    ----------
    point : dict, optional
        Values of :data:`PARAMETERS` (missing ones take their defaults).
    grid : dict, optional, keyword-only
        ``p_min``, ``p_max``, ``n_p``, ``n_mu`` (defaults :data:`GRID_DEFAULTS`).
    tol : float, keyword-only
        Residual of :func:`crlib.saturated_state.solve_saturated_state`.

    Returns
    -------
    dict
        ``RESULTS`` at the reference momentum ``p_ref`` (the window cell
        nearest the window's logarithmic centre), with the point's parameters.

    Raises
    ------
    ValueError
        For unknown parameter names or values the model refuses.
    """
    from crlib.saturated_state import predict_for_model, solve_saturated_state

    point = dict(point or {})
    unknown = set(point) - set(PARAMETERS)
    if unknown:
        raise ValueError(f"crlib.sweep.saturate: unknown parameter(s) {sorted(unknown)}; "
                         f"known: {sorted(PARAMETERS)}.")
    full = {k: point.get(k, v[0]) for k, v in PARAMETERS.items()}
    grid = {**GRID_DEFAULTS, **(grid or {})}
    model, G, D = _point_model(full, grid)
    start = time.perf_counter()
    state = solve_saturated_state(model, tol=tol)
    seconds = time.perf_counter() - start
    pred = predict_for_model(model)
    w = np.nonzero(state.window)[0]
    x = np.log(model.grid.p[w])
    i = int(w[np.argmin(np.abs(x - 0.5 * (x[0] + x[-1])))])
    v_A = model.v_A_over_c
    return {**full, "nu_eff": float(state.nu_eff[i]), "nu_eff_predicted": float(pred["nu_eff"][i]),
            "A_sat": float(state.A_sat[i] / v_A), "A_sat_predicted": float(pred["A_sat"][i] / v_A),
            "zeta": float(state.zeta / v_A), "heating_ratio": float(state.heating_ratio),
            "heating_fraction": float(state.heating_fraction), "mean_free_path": float(1.0 / state.nu_eff[i]),
            "p_ref": float(model.grid.p[i]), "growth_rate_tau": G, "damping_rate_tau": D,
            "residual": float(state.residual), "iterations": int(state.iterations), "seconds": seconds, "ok": 1}


def _failed(point, message):
    full = {k: point.get(k, v[0]) for k, v in PARAMETERS.items()}
    out = {**full, **{k: float("nan") for k in RESULTS}}
    out.update(ok=0, iterations=0, error=message)
    try:  # the model's rates, when the parameters are numbers at all
        out["growth_rate_tau"] = math.pi / 4.0 * float(full["n_c_over_n_i"]) / float(full["drive_rate"])
        out["damping_rate_tau"] = float(full["damping_rate"]) / float(full["drive_rate"])
    except (TypeError, ValueError, ZeroDivisionError):
        pass
    return out


def _chunk_task(points, grid, tol):
    # one single-threaded BLAS per worker process: the machine's cores are the workers
    results = []
    for p in points:
        try:
            r = saturate(p, grid=grid, tol=tol)
            r["error"] = ""
        except ValueError as exc:  # a point the model refuses or the solver cannot reach
            r = _failed(p, str(exc))
        results.append(r)
    return results


def sweep_points(**values):
    """The product grid of parameter values: ``sweep_points(v_A_over_c=[1e-2, 1e-3], ...)``.

    Each keyword is a :data:`PARAMETERS` name with a list of values; missing
    names take their defaults.  ``damping_rate`` is dropped (set to 0) for
    ``damping="none"`` and ``"nonlinear_landau"``, and ``v_i_over_c`` fixed
    for the options without nonlinear Landau damping, so that no point is repeated.

    Raises
    ------
    ValueError
        For unknown names or empty lists.
    """
    unknown = set(values) - set(PARAMETERS)
    if unknown:
        raise ValueError(f"crlib.sweep.sweep_points: unknown parameter(s) {sorted(unknown)}.")
    lists = {}
    for name, (default, _, _) in PARAMETERS.items():
        v = values.get(name, [default])
        v = list(v) if isinstance(v, (list, tuple, np.ndarray)) else [v]
        if not v:
            raise ValueError(f"crlib.sweep.sweep_points: {name} has no values.")
        lists[name] = v
    seen, points = set(), []
    for combo in itertools.product(*lists.values()):
        p = dict(zip(lists, combo))
        if p["damping"] in ("none", "nonlinear_landau"):
            p["damping_rate"] = 0.0
        if p["damping"] in ("none", "constant"):
            p["v_i_over_c"] = PARAMETERS["v_i_over_c"][0]
        key = tuple(p.values())
        if key not in seen:
            seen.add(key)
            points.append(p)
    # points of one v_A/c together: the solver reuses the scattering operators of one grid
    points.sort(key=lambda p: (p["v_A_over_c"], p["spectral_index"]))
    return points


def _to_dataset(rows, offset):
    import xarray as xr

    n = len(rows)
    data = {}
    for name in list(PARAMETERS) + list(RESULTS) + ["error"]:
        col = [r.get(name) for r in rows]
        if name in ("damping", "error"):
            data[name] = ("point", np.array([str(c) for c in col], dtype=object))
        else:
            data[name] = ("point", np.array(col, dtype=float))
    ds = xr.Dataset(data, coords={"point": np.arange(offset, offset + n)})
    for name, (_, unit, desc) in PARAMETERS.items():
        ds[name].attrs.update(units=unit, long_name=desc)
    for name, unit in RESULTS.items():
        ds[name].attrs["units"] = unit
    return ds


def _write_atomic(ds, path):
    tmp = path.with_suffix(".part")
    ds.to_netcdf(tmp, engine="h5netcdf")
    os.replace(tmp, path)


def _provenance(points, grid, tol, chunk_size):
    return {"crlib_version": crlib.__version__, "grid": json.dumps(grid), "tolerance": tol,
            "chunk_size": chunk_size, "n_points": len(points),
            "parameters": json.dumps({k: sorted({str(p[k]) for p in points}) for k in PARAMETERS}),
            "model": "crlib.quasilinear.QuasilinearFluxTube, ultrarelativistic, field_rate=-1 or +1, length_rate=0",
            "solver": "crlib.saturated_state.solve_saturated_state"}


def run_sweep(points, directory, *, grid=None, tol=1e-10, chunk_size=8, scheduler=None, n_workers=None,
              progress=True):
    """Solve every point on Dask, writing finished chunks to ``directory``, and combine them.

    Parameters
    ----------
    points : list of dict
        From :func:`sweep_points`.
    directory : str or Path
        Where chunk files and the combined ``sweep.nc`` go; a rerun with the
        same points skips the chunks already on disk.
    grid : dict, optional, keyword-only
        The (p, mu) grid (:data:`GRID_DEFAULTS`).
    tol : float, keyword-only
        Solver residual.
    chunk_size : int, keyword-only
        Points per task and per file.
    scheduler : None, "synchronous" or str, keyword-only
        ``None``: a new ``LocalCluster`` (``n_workers`` processes, default
        the machine's cores, one thread each); ``"synchronous"``: this
        process; otherwise the address of an existing scheduler.
    n_workers : int, optional, keyword-only
        Workers of the ``LocalCluster``.
    progress : bool, keyword-only
        Show a progress bar (tqdm) over the chunks.

    Returns
    -------
    ``xarray.Dataset``
        The combined sweep (also written to ``directory/sweep.nc``).

    Raises
    ------
    ValueError
        For an empty point list, a bad chunk size, or a directory holding a
        sweep of other points.
    """
    fn = "crlib.sweep.run_sweep"
    if not points:
        raise ValueError(f"{fn}: points is empty.")
    chunk_size = int(require(fn, "chunk_size", chunk_size, integer=True, at_least=1, reason="points per task"))
    grid = {**GRID_DEFAULTS, **(grid or {})}
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    manifest = directory / "manifest.json"
    spec = {"points": points, "grid": grid, "tol": tol, "chunk_size": chunk_size}
    if manifest.exists():
        if json.loads(manifest.read_text()) != json.loads(json.dumps(spec)):
            raise ValueError(f"{fn}: {directory} holds a sweep of other points, grid, tolerance or chunk size; "
                             "use a new directory.")
    else:
        manifest.write_text(json.dumps(spec))
    chunks = [points[i:i + chunk_size] for i in range(0, len(points), chunk_size)]
    todo = [k for k in range(len(chunks)) if not (directory / _CHUNK.format(k)).exists()]
    bar = None
    if progress and todo:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(todo), desc="saturated states (chunks)", unit="chunk")

    def finish(k, rows):
        _write_atomic(_to_dataset(rows, k * chunk_size), directory / _CHUNK.format(k))
        if bar is not None:
            bar.update(1)

    try:
        if todo and scheduler == "synchronous":
            for k in todo:
                finish(k, _chunk_task(chunks[k], grid, tol))
        elif todo:
            from distributed import Client, LocalCluster, as_completed

            cluster = None
            if scheduler is None:
                os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # inherited by the worker processes
                os.environ.setdefault("OMP_NUM_THREADS", "1")
                workers = n_workers or os.cpu_count() or 1
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=":0")  # a free port: other clusters may run
                client = Client(cluster)
            else:
                client = Client(scheduler)
            try:
                futures = {client.submit(_chunk_task, chunks[k], grid, tol, pure=False): k for k in todo}
                for future in as_completed(futures):
                    finish(futures[future], future.result())
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
    finally:
        if bar is not None:
            bar.close()
    ds = combine(directory, provenance=_provenance(points, grid, tol, chunk_size))
    return ds


def combine(directory, *, provenance=None):
    """Merge the chunk files of ``directory`` into ``directory/sweep.nc`` and return the dataset.

    Raises
    ------
    ValueError
        If the directory holds no chunk files.
    """
    import xarray as xr

    directory = Path(directory)
    files = sorted(directory.glob("chunk_*.nc"))
    if not files:
        raise ValueError(f"crlib.sweep.combine: no chunk files in {directory}.")
    parts = [xr.load_dataset(f, engine="h5netcdf") for f in files]
    for part in parts:  # fixed-width strings of one chunk would truncate another chunk's messages
        for name in ("damping", "error"):
            part[name] = part[name].astype(object)
    ds = xr.concat(parts, dim="point").sortby("point")
    if provenance is None and (directory / "manifest.json").exists():
        spec = json.loads((directory / "manifest.json").read_text())
        provenance = _provenance(spec["points"], spec["grid"], spec["tol"], spec["chunk_size"])
    ds.attrs.update(provenance or {})
    ds.attrs["complete"] = int(provenance is not None and ds.sizes["point"] == provenance["n_points"])
    _write_atomic(ds, directory / "sweep.nc")
    return ds


def load(path):
    """Load a combined sweep (``sweep.nc`` or its directory) as an ``xarray.Dataset``."""
    import xarray as xr

    path = Path(path)
    if path.is_dir():
        path = path / "sweep.nc"
    return xr.load_dataset(path, engine="h5netcdf")
