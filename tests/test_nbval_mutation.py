"""nbval bites: a stored number that no longer matches a fresh run fails the suite.

A chapter notebook is copied, one digit of one stored numeric output is
changed, and nbval is run on the copy in a subprocess: exactly that cell must
fail and every other cell pass (so the failure is the mutation's doing).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "notebooks" / "02-1-macroscopic-dynamics.ipynb"
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
NUMBER = re.compile(r"\d\.\d{2,}e[+-]\d+")


def _run_nbval(notebook: Path) -> subprocess.CompletedProcess:
    # An empty ini of its own: the project's addopts (doctests) must not apply.
    ini = notebook.parent / "pytest.ini"
    ini.write_text("[pytest]\n")
    return subprocess.run(
        [
            sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env",
            "--nbval-sanitize-with", str(SANITIZE), "-p", "no:cacheprovider",
            "-c", str(ini), "-q", str(notebook),
        ],
        cwd=notebook.parent, capture_output=True, text=True, timeout=600,
    )


def _mutate_first_number(nb: dict) -> tuple[str, str]:
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            if output.get("output_type") != "stream":
                continue
            text = "".join(output["text"])
            match = NUMBER.search(text)
            if match:
                old = match.group(0)
                new = str((int(old[0]) % 9) + 1) + old[1:]  # change the leading digit
                output["text"] = text.replace(old, new, 1)
                return old, new
    raise AssertionError("no stored numeric output found to mutate")


@pytest.fixture
def chapter_copy(tmp_path):
    if not CHAPTER.exists():
        pytest.fail(f"{CHAPTER} is missing")
    target = tmp_path / CHAPTER.name
    shutil.copy(CHAPTER, target)
    return target


def test_nbval_fails_when_a_stored_number_changes(chapter_copy):
    nb = json.loads(chapter_copy.read_text())
    old, new = _mutate_first_number(nb)
    assert old != new
    chapter_copy.write_text(json.dumps(nb))
    result = _run_nbval(chapter_copy)
    assert result.returncode != 0, "nbval accepted a changed stored number"
    # every other cell passes on the copy, so the failure is the mutation's doing (the suite's own
    # nbval run already executes the unmodified chapter; it is not executed a second time here)
    n_code = sum(cell["cell_type"] == "code" for cell in nb["cells"])
    assert f"1 failed, {n_code - 1} passed" in result.stdout, result.stdout[-3000:]
    assert new in result.stdout, "the report should show the mutated value"


# --- the sanitizer's nondeterministic fields never swallow a number on the same line ----------

_TIMING = "{t} ms ± {dt} µs per loop (mean ± std. dev. of 7 runs, {n} loops each)"
_PROGRESS = "{p}%|{bar}| {k}/10 [00:0{s}<00:00, {rate}it/s]"


def _stream_cell(number: int, source: str, text: str) -> dict:
    return {"cell_type": "code", "execution_count": number, "id": f"cell{number}",
            "metadata": {}, "source": source,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": text + "\n"}]}


def test_sanitized_lines_still_compare_the_numbers_beside_them(tmp_path):
    # Each cell prints a fixed line; its stored output differs only in the timing or progress
    # field (must pass: the sanitizer's job) or also in the number after it (must fail).
    timing_run = _TIMING.format(t="1.23", dt="4.5", n=100) + "; tau_B = 3.669e+12 s"
    progress_run = _PROGRESS.format(p=100, bar="##########", k=10, s=1, rate="9.87") + " ratio = 0.48213"
    timing_other = _TIMING.format(t="8.76", dt="51.2", n=10) + "; tau_B = 3.669e+12 s"
    progress_other = _PROGRESS.format(p=100, bar="##########", k=10, s=3, rate="3.21") + " ratio = 0.48213"
    cells = [
        _stream_cell(1, f"print({timing_run!r})", timing_other),
        _stream_cell(2, f"print({progress_run!r})", progress_other),
        _stream_cell(3, f"print({timing_run!r})", timing_other.replace("3.669e+12", "4.669e+12")),
        _stream_cell(4, f"print({progress_run!r})", progress_other.replace("0.48213", "0.58213")),
    ]
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "sanitizer.ipynb"
    path.write_text(json.dumps(nb))
    result = _run_nbval(path)
    assert "2 failed, 2 passed" in result.stdout, result.stdout[-3000:]
    assert "4.669e+12" in result.stdout and "0.58213" in result.stdout
