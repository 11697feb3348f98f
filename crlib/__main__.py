"""Command-line interface: ``crlib section6`` or ``python -m crlib section6``.

Prints the reproduction table of the paper's Section 6 (and the printed
numbers of Sections 3 and 5): paper value, book value, relative difference
and status for every printed result, from :func:`crlib.section6.reproduce`.

Exit status
-----------
0  every record reproduced, agreeing within its stated tolerance, or an
   honestly documented non-reproduction — or the inputs were changed, so the
   paper comparison does not apply;
1  at least one record failed unexpectedly (status ``NOT reproduced``);
2  usage error: unknown name, malformed, repeated, conflicting or unphysical
   value (one whose results leave the range of double precision included).

A reader that closes the output early (``| head``) is not an error: the
status is still that of the comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from crlib import _cli_saturation, section6

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _prog() -> str:
    """The command the user typed: ``crlib`` (console script) or ``python -m crlib``."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "python -m crlib" if name in ("", "__main__.py", "-c", "-m") else name


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="crlib command-line tools for the crbook reproduction of Zweibel (2020).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    s6 = sub.add_parser(
        "section6",
        help="reproduce the printed numbers of Sections 3, 5 and 6",
        description=(
            "Evaluate the Section 6 chain from the paper's inputs and compare every printed "
            "result. With --source-multiplier or an input set by --set, the paper comparison "
            "does not apply: computed values are printed and the exit status is 0. "
            "Convention overrides keep the comparison (exit 1 on an unexpected failure)."
        ),
        epilog=(
            "exit status: 0 reproduced / documented / comparison not applicable; "
            "1 unexpected non-reproduction; 2 usage error or unphysical value"
        ),
    )
    s6.add_argument("--json", action="store_true", help="machine-readable output")
    s6.add_argument(
        "--source-multiplier", type=float, metavar="X", default=None,
        help="multiply the cosmic-ray source rate (and, with pc_scaling=linear, the steady "
        "P_c) by X; the paper discusses X = 10",
    )
    s6.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", dest="assignments",
        help="override an input (CGS units) or a convention; repeatable; see --list",
    )
    s6.add_argument("--list", action="store_true",
                    help="list the input and convention names with their values, then exit")
    _cli_saturation.add_parser(sub)  # saturate, sweep
    return parser


def _parse_assignments(assignments: list[str]) -> dict[str, object]:
    known_inputs = section6.paper_inputs() | section6.SCENARIO_DEFAULTS
    out: dict[str, object] = {}
    for item in assignments:
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name or not text:
            raise ValueError(f"--set {item!r}: expected NAME=VALUE.")
        if name in out:
            raise ValueError(f"--set {name} is given more than once; give each name once.")
        if name in section6.CONVENTIONS and section6.CONVENTIONS[name].choices is not None:
            out[name] = text
            continue
        if name not in known_inputs and name not in section6.CONVENTIONS:
            raise ValueError(
                f"--set: unknown name {name!r}; inputs: {sorted(known_inputs)}; "
                f"conventions: {sorted(section6.CONVENTIONS)}."
            )
        try:
            out[name] = float(text)
        except ValueError:
            raise ValueError(f"--set {name}={text!r}: not a number.") from None
    return out


def _overrides(args) -> dict[str, object]:
    """The --set and --source-multiplier values, checked for repeats and conflicts."""
    overrides = _parse_assignments(args.assignments)
    if args.source_multiplier is not None:
        if "source_multiplier" in overrides:
            raise ValueError(
                "--source-multiplier and --set source_multiplier=... both given; use one."
            )
        overrides["source_multiplier"] = args.source_multiplier
    return overrides


def _listing(overrides: dict[str, object]) -> str:
    lines = ["inputs (CGS; the paper's values unless marked 'set'):"]
    values = {v.name: v for v in section6.paper_values()}
    for name, value in (section6.paper_inputs() | section6.SCENARIO_DEFAULTS).items():
        quote = values[name].quote if name in values else "book scenario parameter"
        mark = "set " if name in overrides else ""
        lines.append(f"  {name:22s} {overrides.get(name, value):<12.6g} {mark}{quote}")
    lines.append("conventions (book defaults unless marked 'set'):")
    for name, c in section6.CONVENTIONS.items():
        choices = f" {list(c.choices)}" if c.choices else ""
        mark = " set" if name in overrides else ""
        lines.append(f"  {name:26s} {overrides.get(name, c.default)!s:<14s}{choices}{mark} {c.description}")
    return "\n".join(lines)


def _emit(text: str) -> None:
    """Print; a reader that stopped reading (``| head``) is not an error."""
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()


def _silence_stdout() -> None:
    # Point stdout at /dev/null so that the interpreter's final flush is quiet.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _table(records, applicable: bool) -> str:
    head = ("name", "symbol", "§", "eq.", "paper", "book", "unit", "rel. diff", "status")
    rows = []
    for r in records:
        rows.append((
            r.name, r.symbol, str(r.section), r.equation or "-",
            f"{r.qualifier + ' ' if r.qualifier not in ('=', '') else ''}{r.paper_value:g}",
            f"{r.computed_value:.4g}", r.unit, f"{r.relative_difference:+.3f}", r.status,
        ))
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    fmt = "  ".join(f"{{:{w}s}}" for w in widths)
    lines = [fmt.format(*head), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*row) for row in rows]
    if not applicable:
        lines.append("")
        lines.append("inputs differ from the paper's: the comparison does not apply; "
                     "the 'book' column holds the computed values.")
    notes = [r for r in records if r.explanation]
    if notes:
        lines.append("")
        for r in notes:
            lines.append(f"{r.name}: {r.explanation}")
    return "\n".join(lines)


def _section6(args) -> int:
    overrides = _overrides(args)
    inputs = {k: v for k, v in overrides.items() if k not in section6.CONVENTIONS}
    conventions = {k: v for k, v in overrides.items() if k in section6.CONVENTIONS}
    derived = section6.evaluate(inputs, **conventions)  # refuses unphysical values, also for --list
    if args.list:
        _emit(_listing(overrides))
        return EXIT_OK
    records = section6.reproduce(**overrides)
    applicable = all(r.status != "n/a (inputs changed)" for r in records)
    failed = any(r.status == "NOT reproduced" for r in records)
    if args.json:
        payload = {
            "command": "section6",
            "comparison_applicable": applicable,
            "inputs": section6.paper_inputs() | section6.SCENARIO_DEFAULTS | inputs,
            "conventions": section6.default_conventions() | conventions,
            "records": [r.as_dict() for r in records],
            "derived": derived,
            "unexpected_failures": [r.name for r in records if r.status == "NOT reproduced"],
        }
        _emit(json.dumps(payload, indent=2, allow_nan=False))
    else:
        _emit(_table(records, applicable))
    return EXIT_FAILED if failed else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status.

    With ``argv`` given (a programmatic call) the program is named ``crlib``;
    otherwise it is named as invoked.
    """
    parser = _parser(_prog() if argv is None else "crlib")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    except BrokenPipeError:  # --help piped into a reader that stopped early
        _silence_stdout()
        return EXIT_OK
    try:
        if args.command in _cli_saturation.COMMANDS:
            return _cli_saturation.run(args)
        return _section6(args)
    except ValueError as exc:
        print(f"{parser.prog} {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
