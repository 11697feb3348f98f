"""nbval bites: a stored number that no longer matches a fresh run fails the suite.

A chapter notebook is copied, one digit of one stored numeric output is
changed, and nbval is run on the copy in a subprocess.  The unmodified copy
must pass (so the failure is the mutation's doing) and the mutated one fail.
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


def test_nbval_passes_on_the_stored_outputs(chapter_copy):
    result = _run_nbval(chapter_copy)
    assert result.returncode == 0, result.stdout[-3000:]


def test_nbval_fails_when_a_stored_number_changes(chapter_copy):
    nb = json.loads(chapter_copy.read_text())
    old, new = _mutate_first_number(nb)
    assert old != new
    chapter_copy.write_text(json.dumps(nb))
    result = _run_nbval(chapter_copy)
    assert result.returncode != 0, "nbval accepted a changed stored number"
    assert "1 failed" in result.stdout, result.stdout[-3000:]
    assert new in result.stdout, "the report should show the mutated value"
