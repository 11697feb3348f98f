"""crlib's wheel from the bundle installs in a clean virtual environment and
runs without the book: ``python -m crlib section6`` from a temporary directory
prints what it prints from the repository.

The venv has no system site-packages and no access to the repository; its
dependencies come from the package index (PyPI), held to the versions the
book was tested with by requirements.txt used as a constraints file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from pdftools import ROOT


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.fixture(scope="module")
def wheel(dist_dir, version, tmp_path_factory) -> Path:
    archive = dist_dir / f"crbook-{version}.tar.gz"
    if not archive.is_file():
        pytest.fail(f"no bundle at {archive}: run `make dist`")
    name = f"crbook-{version}/python/crlib-{version}-py3-none-any.whl"
    target = tmp_path_factory.mktemp("wheel")
    with tarfile.open(archive) as tar:
        tar.extract(name, target, filter="data")
    return target / name


@pytest.fixture(scope="module")
def venv_python(wheel, tmp_path_factory) -> Path:
    venv = tmp_path_factory.mktemp("venv") / "crlib-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=_clean_env())
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--constraint",
                    str(ROOT / "requirements.txt"), str(wheel)],
                   check=True, env=_clean_env(), cwd=venv.parent)
    return python


def test_venv_is_clean(venv_python):
    cfg = (venv_python.parent.parent / "pyvenv.cfg").read_text()
    assert "include-system-site-packages = false" in cfg
    # the shared build environment's packages are not visible
    probe = subprocess.run([str(venv_python), "-c", "import jupyter_book"],
                           capture_output=True, env=_clean_env())
    assert probe.returncode != 0


def test_crlib_comes_from_the_wheel(venv_python, tmp_path):
    where = subprocess.run([str(venv_python), "-c", "import crlib; print(crlib.__file__)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path,
                           env=_clean_env()).stdout.strip()
    assert Path(where).is_relative_to(venv_python.parent.parent), where
    assert not Path(where).is_relative_to(ROOT), where


def test_section6_runs_outside_the_repository(venv_python, tmp_path):
    installed = subprocess.run([str(venv_python), "-m", "crlib", "section6"],
                               capture_output=True, text=True, cwd=tmp_path, env=_clean_env())
    assert installed.returncode == 0, installed.stderr
    env = dict(_clean_env(), PYTHONPATH=str(ROOT))
    in_repo = subprocess.run([sys.executable, "-m", "crlib", "section6"],
                             capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert installed.stdout.strip()
    assert installed.stdout == in_repo.stdout


def test_console_script_installed(venv_python, tmp_path):
    script = venv_python.parent / "crlib"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True,
                            cwd=tmp_path, env=_clean_env())
    assert result.returncode == 0, result.stderr
    assert "section6" in result.stdout
