"""`make book` never serves stale outputs: the execution cache is cleared when
crlib, the pinned requirements or pyproject change (jupyter-cache itself keys
only on code cells)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


@pytest.fixture
def project(tmp_path):
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "crlib").mkdir()
    (tmp_path / "crlib" / "speeds.py").write_text("X = 1\n")
    stamp = tmp_path / ".venv" / ".installed"
    stamp.parent.mkdir()
    stamp.touch()
    future = time.time() + 60  # the stamp is newer than its prerequisites: no install
    os.utime(stamp, (future, future))
    return tmp_path


def _guard(project: Path) -> str:
    result = subprocess.run(["make", "-s", "cache-guard"], cwd=project, capture_output=True, text=True, check=True)
    return result.stdout


def _cache_marker(project: Path) -> Path:
    marker = project / "_build" / ".jupyter_cache" / "entry"
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    return marker


def test_cache_survives_when_nothing_changed(project):
    _guard(project)
    marker = _cache_marker(project)
    assert _guard(project) == ""
    assert marker.exists()


@pytest.mark.parametrize("changed", ["crlib/speeds.py", "requirements.txt", "pyproject.toml"])
def test_cache_cleared_when_inputs_change(project, changed):
    _guard(project)
    marker = _cache_marker(project)
    path = project / changed
    path.write_text(path.read_text() + "\n# changed\n")
    assert "clearing the execution cache" in _guard(project)
    assert not marker.exists()


def test_new_crlib_module_clears_cache(project):
    _guard(project)
    marker = _cache_marker(project)
    (project / "crlib" / "heating.py").write_text("Y = 2\n")
    _guard(project)
    assert not marker.exists()
