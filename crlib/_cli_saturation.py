"""Command-line subcommands ``saturate`` and ``sweep`` (hooked into ``python -m crlib``).

``python -m crlib saturate --set v_A_over_c=1e-3 --set damping=nonlinear_landau``
solves one saturated state and prints nu_eff, A_sat, the heating and the mean
free path (``--json`` for machine-readable output); ``python -m crlib sweep
--preset book --out DIR`` maps a grid of points on Dask (``--scheduler
synchronous`` or ``--scheduler tcp://host:port``); ``--list`` names every
parameter with its unit and default.  A rerun of an interrupted sweep with the
same arguments computes only the missing chunks.

Exit status: 0 success; 1 the solver did not reach the state; 2 bad input;
130 interrupted (the finished chunks are kept).
"""

from __future__ import annotations

import json
import math
import sys

from crlib.cli import Subcommand
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

#: Grid and solver settings accepted by --set besides the physical parameters.
_SETTINGS = {"p_min": ("m c", "lower end of the momentum grid"), "p_max": ("m c", "upper end"),
             "n_p": ("1", "cells in ln p"), "n_mu": ("1", "cells in mu (odd)"),
             "tol": ("1", "solver residual")}


def _configure_saturate(sat):
    sat.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", dest="assignments",
                     help="a parameter or grid setting; repeatable; see --list")
    sat.add_argument("--json", action="store_true", help="machine-readable output")
    sat.add_argument("--list", action="store_true", help="list every parameter with unit and default, then exit")


def _configure_sweep(sw):
    sw.add_argument("--set", action="append", default=[], metavar="NAME=V1,V2,...", dest="assignments",
                    help="values of a parameter (comma-separated) or a grid setting; repeatable; see --list")
    sw.add_argument("--preset", choices=("book",), default=None, help="the book's 1,440-point map (expansion and compression)")
    sw.add_argument("--out", metavar="DIR", default=None, help="directory of the chunk files and sweep.nc")
    sw.add_argument("--scheduler", metavar="ADDRESS", default=None,
                    help="'synchronous' (one process, for debugging) or a scheduler address; "
                    "default a new LocalCluster")
    sw.add_argument("--workers", type=int, default=None, help="LocalCluster workers (default: the cores)")
    sw.add_argument("--chunk-size", type=int, default=8, help="points per task and per file")
    sw.add_argument("--no-progress", action="store_true", help="no progress bar")
    sw.add_argument("--list", action="store_true", help="list every parameter with unit and default, then exit")


def _listing():
    from crlib.sweep import GRID_DEFAULTS, PARAMETERS

    lines = ["parameters (dimensionless; name, default, unit, meaning):"]
    for name, (default, unit, desc) in PARAMETERS.items():
        lines.append(f"  {name:16s} {default!s:<12s} {unit or '-':8s} {desc}")
    lines.append("grid and solver settings:")
    for name, (unit, desc) in _SETTINGS.items():
        default = GRID_DEFAULTS.get(name, 1e-10)
        lines.append(f"  {name:16s} {default!s:<12s} {unit:8s} {desc}")
    return "\n".join(lines)


def _value(name, text):
    from crlib.sweep import PARAMETERS

    if name == "damping":
        allowed = ("none", "constant", "nonlinear_landau", "both")
        if text not in allowed:
            raise ValueError(f"--set damping={text!r}: must be one of {allowed}.")
        return text
    if name in ("n_p", "n_mu"):
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"--set {name}={text!r}: not an integer.") from None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"--set {name}={text!r}: not a number.") from None
    if not math.isfinite(value):
        raise ValueError(f"--set {name}={text!r}: not finite.")
    if name in PARAMETERS and name not in ("damping_rate",) and value <= 0:
        raise ValueError(f"--set {name}={text!r}: must be positive ({PARAMETERS[name][2]}).")
    return value


def _parse(assignments, *, lists):
    from crlib.sweep import PARAMETERS

    point, settings = {}, {}
    for item in assignments:
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name or not text:
            raise ValueError(f"--set {item!r}: expected NAME=VALUE.")
        if name not in PARAMETERS and name not in _SETTINGS:
            raise ValueError(f"--set: unknown name {name!r}; parameters: {sorted(PARAMETERS)}; "
                             f"settings: {sorted(_SETTINGS)} (see --list).")
        if name in point or name in settings:
            raise ValueError(f"--set {name} is given more than once; give each name once.")
        if name in PARAMETERS:
            parts = [t.strip() for t in text.split(",")] if lists else [text]
            values = [_value(name, t) for t in parts]
            point[name] = values if lists else values[0]
        else:
            settings[name] = _value(name, text)
    return point, settings


def _emit(text):
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        pass


def _saturate(args):
    from crlib.sweep import GRID_DEFAULTS, saturate

    point, settings = _parse(args.assignments, lists=False)
    grid = {k: settings[k] for k in GRID_DEFAULTS if k in settings}
    tol = settings.get("tol", 1e-10)
    try:
        r = saturate(point, grid=grid, tol=tol)
    except ValueError as exc:
        if "no convergence" in str(exc) or "stalled" in str(exc):
            print(f"saturate: {exc}", file=sys.stderr)
            return EXIT_FAILED
        raise
    drive = r["drive_rate"]
    out = {
        "nu_eff_tau_B": r["nu_eff"], "nu_eff_over_Omega_0": r["nu_eff"] * drive,
        "nu_eff_predicted_tau_B": r["nu_eff_predicted"],
        "A_sat_over_v_A_c": r["A_sat"], "A_sat_predicted_over_v_A_c": r["A_sat_predicted"],
        "zeta_over_v_A_c": r["zeta"], "heating_over_exact": r["heating_ratio"],
        "heating_fraction": r["heating_fraction"],
        "mean_free_path_over_c_tau_B": r["mean_free_path"],
        "p_ref_over_mc": r["p_ref"], "growth_rate_tau_B": r["growth_rate_tau"],
        "residual": r["residual"], "iterations": r["iterations"],
    }
    if args.json:
        _emit(json.dumps({"command": "saturate", "parameters": {k: r[k] for k in point} | point,
                          "results": out}, indent=2, allow_nan=False))
    else:
        lines = [f"saturated state at p = {r['p_ref']:.4g} m c (Gamma_0 |tau_B| = {r['growth_rate_tau']:.4g}, "
                 f"damping {r['damping']}):",
                 f"  nu_eff |tau_B|          {r['nu_eff']:.6g}   (predicted {r['nu_eff_predicted']:.6g})",
                 f"  nu_eff / Omega_0        {r['nu_eff'] * drive:.6g}",
                 f"  A_sat / (v_A/c)         {r['A_sat']:.6g}   (predicted {r['A_sat_predicted']:.6g})",
                 f"  zeta / (v_A/c)          {r['zeta']:.6g}",
                 f"  heating / exact rate    {r['heating_ratio']:.6g}",
                 f"  damped / received       {r['heating_fraction']:.6g}",
                 f"  lambda / (c |tau_B|)    {r['mean_free_path']:.6g}",
                 f"  residual {r['residual']:.2e} after {r['iterations']} linear solves"]
        _emit("\n".join(lines))
    return EXIT_OK


def _sweep(args):
    from crlib.sweep import BOOK_SWEEP, GRID_DEFAULTS, run_sweep, sweep_points

    values, settings = _parse(args.assignments, lists=True)
    if args.out is None:
        raise ValueError("--out DIR is required (the chunk files and sweep.nc go there).")
    if args.chunk_size < 1:
        raise ValueError(f"--chunk-size {args.chunk_size}: must be at least 1.")
    if args.workers is not None and args.workers < 1:
        raise ValueError(f"--workers {args.workers}: must be at least 1.")
    spec = dict(BOOK_SWEEP) if args.preset == "book" else {}
    spec.update(values)
    points = sweep_points(**spec)
    grid = {k: settings[k] for k in GRID_DEFAULTS if k in settings}
    try:
        ds = run_sweep(points, args.out, grid=grid, tol=settings.get("tol", 1e-10), chunk_size=args.chunk_size,
                       scheduler=args.scheduler, n_workers=args.workers, progress=not args.no_progress)
    except KeyboardInterrupt:
        from pathlib import Path

        done = len(list(Path(args.out).glob("chunk_*.nc")))
        print(f"sweep: interrupted; {done} finished chunk(s) are in {args.out}; rerun the same command "
              "to resume.", file=sys.stderr)
        return EXIT_INTERRUPTED
    ok = int(ds["ok"].sum())
    _emit(f"sweep: {ds.sizes['point']} points ({ok} solved) in {args.out}/sweep.nc")
    return EXIT_OK


def run(args):
    """Run the ``saturate`` or ``sweep`` subcommand; return the exit status.

    Raises
    ------
    ValueError
        For bad input (the caller prints it and exits with status 2).
    """
    if args.list:
        _emit(_listing())
        return EXIT_OK
    return _saturate(args) if args.command == "saturate" else _sweep(args)


SATURATE = Subcommand(
    name="saturate", help="solve one saturated state of the quasilinear flux tube",
    description="Solve the saturated (steady) state of crlib.quasilinear.QuasilinearFluxTube "
    "directly (crlib.saturated_state.solve_saturated_state) and print nu_eff, A_sat, the heating "
    "and the mean free path at the reference momentum, with the derived predictions.",
    epilog="exit status: 0 solved; 1 no convergence; 2 bad input",
    configure=_configure_saturate, run=run)

SWEEP = Subcommand(
    name="sweep", help="map the saturated state over a parameter grid on Dask",
    description="Solve a product grid of points on a Dask cluster (default: a LocalCluster on "
    "this machine's cores), writing finished chunks to --out; a rerun resumes.",
    epilog="exit status: 0 done; 2 bad input; 130 interrupted (finished chunks kept)",
    configure=_configure_sweep, run=run)
