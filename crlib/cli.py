"""Command-line interface: ``crlib COMMAND`` or ``python -m crlib COMMAND``.

Commands
--------
section6
    The reproduction table of the paper's printed numbers (Sections 3, 5 and
    6): paper value, crlib's value, relative difference and status for every
    printed result, from :func:`crlib.reproduction.reproduce`.

Exit status
-----------
0  success (for ``section6``: every record reproduced, agreeing within its
   stated tolerance, or an honestly documented non-reproduction — or the
   inputs were changed, so the paper comparison does not apply);
1  the command ran and its check failed (``section6``: at least one record
   failed unexpectedly, status ``NOT reproduced``);
2  usage error: unknown name, malformed, repeated, conflicting or unphysical
   value (one whose results leave the range of double precision included).

A reader that closes the output early (``| head``) is not an error: the
status is still that of the command.

Adding a command
----------------
A command is a :class:`Subcommand`: a name, a one-line help, a function that
adds its arguments to an :class:`argparse.ArgumentParser`, and a function
that runs it from the parsed arguments and returns the exit status.  Define
it in its own module and list it as ``"module:attribute"`` in
:data:`COMMANDS`; print through :func:`emit`, raise ``ValueError`` for a
usage error (reported as ``PROG COMMAND: error: ...``, exit 2).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True)
class Subcommand:
    """One command of the ``crlib`` program."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    description: str = ""
    epilog: str = ""


#: The commands, as ``"module:attribute"`` of a :class:`Subcommand`, in --help order.
COMMANDS = [
    "crlib.cli:SECTION6",
    "crlib._cli_saturation:SATURATE",
    "crlib._cli_saturation:SWEEP",
]


def emit(text: str) -> None:
    """Print a command's output; a reader that stopped reading (``| head``) is not an error."""
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


def _prog() -> str:
    """The command the user typed: ``crlib`` (console script) or ``python -m crlib``."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "python -m crlib" if name in ("", "__main__.py", "-c", "-m") else name


def _load(spec: str) -> Subcommand:
    module, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module), attribute)


def _parser(prog: str) -> tuple[argparse.ArgumentParser, dict[str, Subcommand]]:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="crlib command-line tools for the crbook reproduction of Zweibel (2020).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    commands = {}
    for spec in COMMANDS:
        command = _load(spec)
        commands[command.name] = command
        command.configure(sub.add_parser(command.name, help=command.help,
                                         description=command.description or None,
                                         epilog=command.epilog or None))
    return parser, commands


# --- section6 ------------------------------------------------------------------------


def _configure_section6(s6: argparse.ArgumentParser) -> None:
    s6.add_argument("--json", action="store_true", help="machine-readable output")
    s6.add_argument(
        "--source-multiplier", type=float, metavar="X", default=None,
        help="multiply the cosmic-ray injection rate (and, with pc_scaling=linear, the steady "
        "P_c) by X; the paper discusses X = 10",
    )
    s6.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", dest="assignments",
        help="override an input (CGS units) or a convention; repeatable; see --list",
    )
    s6.add_argument("--list", action="store_true",
                    help="list the input and convention names with their values, then exit")


def _parse_assignments(assignments: list[str]) -> dict[str, object]:
    from crlib import paper  # imported when the command runs: --help stays instant
    from crlib.estimate import CONVENTIONS
    known_inputs = paper.paper_inputs() | paper.SCENARIO_DEFAULTS
    out: dict[str, object] = {}
    for item in assignments:
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name or not text:
            raise ValueError(f"--set {item!r}: expected NAME=VALUE.")
        if name in out:
            raise ValueError(f"--set {name} is given more than once; give each name once.")
        if name in CONVENTIONS and CONVENTIONS[name].choices is not None:
            out[name] = text
            continue
        if name not in known_inputs and name not in CONVENTIONS:
            raise ValueError(
                f"--set: unknown name {name!r}; inputs: {sorted(known_inputs)}; "
                f"conventions: {sorted(CONVENTIONS)}."
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
    from crlib import paper  # imported when the command runs: --help stays instant
    from crlib.estimate import CONVENTIONS
    lines = ["inputs (CGS; the paper's values unless marked 'set'):"]
    values = {v.name: v for v in paper.paper_values()}
    for name, value in (paper.paper_inputs() | paper.SCENARIO_DEFAULTS).items():
        quote = values[name].quote if name in values else "book scenario parameter"
        mark = "set " if name in overrides else ""
        lines.append(f"  {name:22s} {overrides.get(name, value):<12.6g} {mark}{quote}")
    lines.append("conventions (book defaults unless marked 'set'):")
    for name, c in CONVENTIONS.items():
        choices = f" {list(c.choices)}" if c.choices else ""
        mark = " set" if name in overrides else ""
        lines.append(f"  {name:26s} {overrides.get(name, c.default)!s:<14s}{choices}{mark} {c.description}")
    return "\n".join(lines)


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


def _run_section6(args) -> int:
    from crlib import paper, reproduction
    from crlib.estimate import CONVENTIONS, default_conventions

    overrides = _overrides(args)
    inputs = {k: v for k, v in overrides.items() if k not in CONVENTIONS}
    conventions = {k: v for k, v in overrides.items() if k in CONVENTIONS}
    derived = paper.evaluate(inputs, **conventions)  # refuses unphysical values, also for --list
    if args.list:
        emit(_listing(overrides))
        return EXIT_OK
    records = reproduction.reproduce(**overrides)
    applicable = all(r.status != "n/a (inputs changed)" for r in records)
    failed = any(r.status == "NOT reproduced" for r in records)
    if args.json:
        payload = {
            "command": "section6",
            "comparison_applicable": applicable,
            "inputs": paper.paper_inputs() | paper.SCENARIO_DEFAULTS | inputs,
            "conventions": default_conventions() | conventions,
            "records": [r.as_dict() for r in records],
            "derived": derived.as_dict(),
            "unexpected_failures": [r.name for r in records if r.status == "NOT reproduced"],
        }
        emit(json.dumps(payload, indent=2, allow_nan=False))
    else:
        emit(_table(records, applicable))
    return EXIT_FAILED if failed else EXIT_OK



SECTION6 = Subcommand(
    name="section6",
    help="reproduce the printed numbers of Sections 3, 5 and 6",
    configure=_configure_section6,
    run=_run_section6,
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


# --- the program -----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status.

    With ``argv`` given (a programmatic call) the program is named ``crlib``;
    otherwise it is named as invoked.
    """
    parser, commands = _parser(_prog() if argv is None else "crlib")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    except BrokenPipeError:  # --help piped into a reader that stopped early
        _silence_stdout()
        return EXIT_OK
    try:
        return commands[args.command].run(args)
    except ValueError as exc:
        print(f"{parser.prog} {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # output written outside emit()
        _silence_stdout()
        return EXIT_OK
