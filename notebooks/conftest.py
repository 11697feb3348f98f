"""nbval's fresh execution of a chapter, handed on to the book's execution cache.

nbval executes every code cell of a chapter in a new kernel and compares the
outputs with the stored ones.  When every cell of a notebook has passed, the
outputs of *that* execution (figures included, which nbval does not compare)
are the chapter's executed form: this plugin stores them in the jupyter-cache
that ``make book`` reads (``$CRBOOK_EXECUTION_CACHE``, set by ``make test``),
exactly as myst-nb's cache mode would after executing the notebook itself.
The book build that follows then renders them instead of executing the chapter
a second time.  A notebook with a failed or skipped cell is not stored, and
without the environment variable nothing is.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import nbformat
import pytest

# this file is a plugin, not a module with doctests (and tests/conftest.py shares its name)
collect_ignore = ["conftest.py"]

CACHE = os.environ.get("CRBOOK_EXECUTION_CACHE")
_cells_per_notebook: dict[str, int] = {}
_passed: dict[str, dict | None] = {}
_seconds: dict[str, float] = {}


def _is_nbval_cell(item) -> bool:
    return type(item).__name__ == "IPyNbCell"


def pytest_collection_modifyitems(items):
    for item in items:
        if _is_nbval_cell(item):
            path = str(item.fspath)
            _cells_per_notebook[path] = _cells_per_notebook.get(path, 0) + 1


def _executed_notebook(path: str, outputs: dict[int, list]) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    if sorted(outputs) != list(range(len(code_cells))):
        raise RuntimeError(f"{path}: nbval ran cells {sorted(outputs)} of {len(code_cells)}")
    for number, cell in enumerate(code_cells):
        cell.execution_count = number + 1
        cell.outputs = [nbformat.from_dict(dict(out)) for out in outputs[number]]
        for out in cell.outputs:
            if out.output_type == "execute_result":
                out.execution_count = number + 1
    nbformat.validate(notebook)
    return notebook


def _store(path: str, notebook: nbformat.NotebookNode, seconds: float) -> None:
    # one writer of the cache for the book's build script and this plugin
    spec = importlib.util.spec_from_file_location(
        "execute_notebooks", Path(__file__).resolve().parents[1] / "scripts" / "execute_notebooks.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.store_executed(CACHE, path, notebook, seconds)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if CACHE is None or not _is_nbval_cell(item) or report.when != "call":
        return
    path = str(item.fspath)
    if not report.passed:
        _passed[path] = None        # this notebook's execution is not the book's
        return
    cells = _passed.setdefault(path, {})
    if cells is None:
        return
    cells[item.cell_num] = item.test_outputs
    _seconds[path] = _seconds.get(path, 0.0) + report.duration
    if len(cells) == _cells_per_notebook[path]:
        _store(path, _executed_notebook(path, cells), _seconds[path])
        _passed[path] = None
