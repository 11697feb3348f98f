#!/usr/bin/env python
"""Coefficient mutation run over crlib's formulary: does a 1 % change fail a test?

For every numeric literal that enters the physics of a formulary module
(arithmetic operands, module-level constants, default values of keyword
modifiers), the literal is multiplied by ``1 + FACTOR`` in a scratch copy of
the project, the unit tests and doctests are run against the copy (the
mutated module's own test files first, ``-x``), and the mutant is recorded as
*killed* (some test failed) or *survived*.  Survivors are printed at the end,
to be killed by a test or justified.

Left out, because they are not coefficients of the physics: literals inside
``require(...)`` calls and ``raise`` statements (validation bounds and
messages), ``if`` tests, f-strings, subscripts, keyword arguments of calls
(quadrature tolerances, axes, cache sizes) and the preset data registered in
``crlib/environments.py``; zeros (a relative change leaves them unchanged);
``crlib/constants.py`` (data from astropy, tested against it) and
``crlib/fokker_planck.py`` (the solver, with its own convergence tests).

A line may exempt its literals with a trailing ``# mutation-exempt: <reason>``
comment, for numerical parameters that a converged result does not depend on
(quadrature panel edges, say).  Exempt literals are not silently dropped: the
run lists them with their reasons, so each exemption stays a stated
justification that a reviewer can check.

Usage::

    python scripts/mutate_coefficients.py            # run every mutant
    python scripts/mutate_coefficients.py --list     # list the mutants only
    python scripts/mutate_coefficients.py --module speeds --module heating
    python scripts/mutate_coefficients.py --module dispersion --line 86 --line 96

Every test file runs except the two that call make or nbval, the one that
reads the book's text (test_book_verdicts.py) and the two of the book's _ext/
extensions (test_book_extensions.py, test_glue_format.py); the module's doctests and own test files
(``test_<module>.py``, ``test_<module>_*.py``) run first, the rest only for a
mutant that survives them.  ``--line`` restricts the run to chosen lines.  Hypothesis tests run 10 examples each here (a changed coefficient fails
every example of a scaling law).  Runs sequentially, one forked test run at a
time (the machine is shared): the heavy libraries are imported once in the
parent, crlib afresh in each child; 114 mutants of the closed-form modules took 17
minutes on the shared 2-core machine (the kinetic root of crlib.dispersion is slower:
its tests solve dispersion relations).  Exit status 0 unless the unmutated copy fails
its tests (2).
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = (
    "speeds", "dynamics", "adiabatic", "anisotropy", "instability", "dispersion", "heating", "heating_exact", "waves",
    "confinement", "scattering", "gas", "estimate", "paper", "combined", "environments",
)
#: Test files never run here: the ones that call make or nbval, the one that reads the
#: book's prose and stored notebook outputs, and the two of the book's _ext/ extensions
#: (a mutated crlib cannot change any of them; _ext/ is not in the scratch copy).
SKIPPED_TESTS = {"test_nbval_mutation.py", "test_cache_guard.py", "test_book_verdicts.py",
                 "test_book_extensions.py", "test_glue_format.py"}
FACTOR = 0.01


@dataclass(frozen=True)
class Mutant:
    module: str
    lineno: int
    col: int
    end_col: int
    original: str
    mutated: str
    line: str

    @property
    def label(self) -> str:
        return f"crlib/{self.module}.py:{self.lineno}:{self.col + 1}  {self.original} -> {self.mutated}"


class _Collector(ast.NodeVisitor):
    """Collect the numeric literals that are physics coefficients."""

    def __init__(self) -> None:
        self.found: list[ast.Constant] = []
        self._excluded = 0

    def _skip(self, node) -> None:
        self._excluded += 1
        self.generic_visit(node)
        self._excluded -= 1

    def visit_Module(self, node: ast.Module) -> None:
        for stmt in node.body:
            # Module level: named constants only (not the registered preset data).
            if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.FunctionDef, ast.ClassDef)):
                self.visit(stmt)

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name in {"require", "_pitch_cosine", "_alfven", "_speed", "_check_int", "Environment",
                    "lru_cache"}:
            return self._skip(node)
        self.visit(node.func)
        for arg in node.args:
            self.visit(arg)
        for kw in node.keywords:  # tolerances, axes, options: not coefficients
            self._excluded += 1
            self.visit(kw.value)
            self._excluded -= 1

    def visit_Raise(self, node: ast.Raise) -> None:
        self._skip(node)

    def visit_If(self, node: ast.If) -> None:
        self._excluded += 1
        self.visit(node.test)
        self._excluded -= 1
        for stmt in node.body + node.orelse:
            self.visit(stmt)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self._skip(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self.visit(node.value)
        self._excluded += 1
        self.visit(node.slice)
        self._excluded -= 1

    def visit_Dict(self, node: ast.Dict) -> None:
        self._excluded += 1  # keys are labels, not coefficients
        for key in node.keys:
            if key is not None:
                self.visit(key)
        self._excluded -= 1
        for value in node.values:
            self.visit(value)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if self._excluded or isinstance(value, bool) or not isinstance(value, (int, float)):
            return
        if value == 0:
            return
        self.found.append(node)


EXEMPT = "# mutation-exempt:"


def exemptions(module: str) -> list[str]:
    """``crlib/<module>.py:<line>  <reason>`` for every line that exempts its literals."""
    lines = (ROOT / "crlib" / f"{module}.py").read_text(encoding="utf-8").splitlines()
    return [f"crlib/{module}.py:{i}  {line.split(EXEMPT, 1)[1].strip()}"
            for i, line in enumerate(lines, 1) if EXEMPT in line]


def collect(module: str) -> list[Mutant]:
    path = ROOT / "crlib" / f"{module}.py"
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    collector = _Collector()
    collector.visit(ast.parse(source))
    mutants = []
    for node in collector.found:
        if node.lineno != node.end_lineno:
            continue
        line = lines[node.lineno - 1]
        if EXEMPT in line:
            continue
        original = line[node.col_offset:node.end_col_offset]
        mutated = repr(float(node.value) * (1.0 + FACTOR))
        mutants.append(Mutant(module, node.lineno, node.col_offset, node.end_col_offset,
                              original, mutated, line.strip()))
    return mutants


def _apply(source: str, m: Mutant) -> str:
    lines = source.splitlines(keepends=True)
    line = lines[m.lineno - 1]
    assert line[m.col:m.end_col] == m.original, (m, line)
    lines[m.lineno - 1] = line[:m.col] + m.mutated + line[m.end_col:]
    return "".join(lines)


def _scratch_copy() -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="crlib-mutants-"))
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    shutil.copytree(ROOT / "crlib", tmp / "crlib", ignore=ignore)
    shutil.copytree(ROOT / "tests", tmp / "tests", ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tmp / "pyproject.toml")
    # A changed coefficient fails every example of a scaling law: ten are plenty here.
    with (tmp / "tests" / "conftest.py").open("a", encoding="utf-8") as handle:
        handle.write('\nsettings.register_profile("mutation", parent=settings.get_profile("crbook"), '
                     'max_examples=10)\nsettings.load_profile("mutation")\n')
    shutil.copy(ROOT / "references.bib", tmp / "references.bib")
    return tmp


def _test_stages(tmp: Path, module: str) -> list[list[str]]:
    """The module's own tests and doctests first; the rest only if those pass."""
    own = [f"tests/test_{module}.py"] + sorted(str(p.relative_to(tmp)) for p in (tmp / "tests").glob(f"test_{module}_*.py"))
    own = [p for p in (*own, f"crlib/{module}.py") if (tmp / p).exists()]
    rest = sorted(str(p.relative_to(tmp)) for p in (tmp / "tests").glob("test_*.py")
                  if p.name not in SKIPPED_TESTS)
    rest += sorted(str(p.relative_to(tmp)) for p in (tmp / "crlib").glob("*.py")
                   if p.name != "fokker_planck.py")
    return [own, [p for p in rest if p not in own]]


def _preload() -> None:
    """Import the heavy dependencies once; every forked test run inherits them."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # no BLAS threads across fork
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import astropy.constants  # noqa: F401
    import astropy.units  # noqa: F401
    import numpy  # noqa: F401
    import scipy.integrate  # noqa: F401
    import scipy.special  # noqa: F401
    import sympy  # noqa: F401
    import contextlib
    import io
    try:  # two tests compare against PlasmaPy; its import prints network notices
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            import plasmapy.formulary  # noqa: F401
    except ImportError:
        pass
    # PlasmaPy imports tqdm, which reads its TQDM_* settings once, at import; a test sets them
    # (test_fokker_planck's progress bar), so each child imports tqdm afresh.
    for name in [name for name in sys.modules if name == "tqdm" or name.startswith("tqdm.")]:
        del sys.modules[name]


def _run_tests(tmp: Path, module: str, timeout: float) -> tuple[bool, str]:
    """Run the test stages; the mutant survives if every stage passes."""
    for paths in _test_stages(tmp, module):
        passed, tail = _run_stage(tmp, paths, timeout)
        if not passed:
            return False, tail
    return True, tail


def _run_stage(tmp: Path, paths: list[str], timeout: float) -> tuple[bool, str]:
    """Run pytest in a forked child (fresh crlib import, preloaded libraries)."""
    args = ["-x", "-q", "-p", "no:cacheprovider", "--doctest-modules", "-o", "addopts=", *paths]
    log = tmp / "pytest.log"
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.chdir(tmp)
            sys.path.insert(0, str(tmp))
            os.environ["PYTHONPATH"] = str(tmp)  # for the CLI test's subprocess
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # no nbval/jupyter start-up
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            import pytest
            code = pytest.main(args)
        except BaseException:  # noqa: BLE001 - report as a failed run
            import traceback
            traceback.print_exc()
            code = 99
        os._exit(int(code))
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            return False, "timeout (counted as killed)"
        time.sleep(0.05)
    lines = log.read_text(errors="replace").strip().splitlines()
    return os.waitstatus_to_exitcode(status) == 0, (lines[-1] if lines else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", choices=MODULES,
                        help="mutate only this module (repeatable)")
    parser.add_argument("--line", action="append", type=int,
                        help="mutate only the literals on this line of the module(s) (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--timeout", type=float, default=180.0, help="per-mutant timeout [s]")
    args = parser.parse_args(argv)

    mutants = [m for mod in (args.module or MODULES) for m in collect(mod)
               if not args.line or m.lineno in args.line]
    exempt = [e for mod in (args.module or MODULES) for e in exemptions(mod)]
    if args.list:
        for m in mutants:
            print(f"{m.label}    | {m.line}")
        print(f"{len(mutants)} mutants")
        for e in exempt:
            print(f"  exempt: {e}")
        return 0

    tmp = _scratch_copy()
    sys.dont_write_bytecode = True
    _preload()
    start = time.monotonic()
    try:
        ok, tail = _run_tests(tmp, "speeds", args.timeout)
        if not ok:
            print(f"the unmutated copy fails its tests: {tail}", file=sys.stderr)
            print((tmp / "pytest.log").read_text(errors="replace")[-3000:], file=sys.stderr)
            return 2
        survivors = []
        for i, m in enumerate(mutants, 1):
            path = tmp / "crlib" / f"{m.module}.py"
            original = path.read_text(encoding="utf-8")
            path.write_text(_apply(original, m), encoding="utf-8")
            try:
                passed, tail = _run_tests(tmp, m.module, args.timeout)
            finally:
                path.write_text(original, encoding="utf-8")
            status = "SURVIVED" if passed else "killed"
            print(f"[{i:3d}/{len(mutants)}] {status:8s} {m.label}", flush=True)
            if passed:
                survivors.append(m)
        elapsed = time.monotonic() - start
        print()
        print(f"{len(mutants)} mutants, {len(mutants) - len(survivors)} killed, "
              f"{len(survivors)} survived ({elapsed:.0f} s)")
        for m in survivors:
            print(f"  survivor: {m.label}    | {m.line}")
        for e in exempt:
            print(f"  exempt:   {e}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
