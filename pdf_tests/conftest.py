"""Fixtures for the checks of the PDF edition and the release bundle.

Run by ``make pdf-test`` after ``make book``, ``make pdf`` and ``make dist``
(the CI order).  The PDF is read with poppler's ``pdftotext``/``pdfinfo``
(Debian's ``poppler-utils``, installed by ``make tex-deps``); the equation
numbers and chapter titles it must show are read from the built HTML book.

Paths (override with environment variables to check another build):
``CRBOOK_PDF`` (default ``_build/crbook.pdf``), ``CRBOOK_LATEX_DIR``
(``_build/pdf/_build/latex``), ``CRBOOK_HTML_DIR`` (``_build/html``),
``CRBOOK_DIST_DIR`` (``dist``).
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from pdftools import DIST_DIR, HTML_DIR, LATEX_DIR, PDF, ROOT


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: run `make tex-deps` (Debian package poppler-utils)")
    return path


@pytest.fixture(scope="session")
def pdf_path() -> Path:
    if not PDF.is_file():
        pytest.fail(f"no PDF at {PDF}: run `make pdf`")
    return PDF


@pytest.fixture(scope="session")
def pdf_pages(pdf_path) -> list[str]:
    """Text of each page (pdftotext -layout), in page order."""
    out = subprocess.run([_tool("pdftotext"), "-layout", str(pdf_path), "-"],
                         capture_output=True, text=True, check=True).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


@pytest.fixture(scope="session")
def pdf_text(pdf_pages) -> str:
    return "\f".join(pdf_pages)


@pytest.fixture(scope="session")
def pdf_info(pdf_path) -> dict[str, str]:
    out = subprocess.run([_tool("pdfinfo"), str(pdf_path)],
                         capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


@pytest.fixture(scope="session")
def latex_dir() -> Path:
    if not (LATEX_DIR / "crbook.log").is_file():
        pytest.fail(f"no LaTeX build at {LATEX_DIR}: run `make pdf`")
    return LATEX_DIR


@pytest.fixture(scope="session")
def latex_log(latex_dir) -> str:
    return (latex_dir / "crbook.log").read_text(errors="replace")


@pytest.fixture(scope="session")
def html_dir() -> Path:
    if not (HTML_DIR / "index.html").is_file():
        pytest.fail(f"no built HTML book at {HTML_DIR}: run `make book`")
    return HTML_DIR


@pytest.fixture(scope="session")
def toc() -> dict:
    return yaml.safe_load((ROOT / "_toc.yml").read_text())


@pytest.fixture(scope="session")
def chapters(toc) -> list[str]:
    """Docnames of the chapters, in the order of _toc.yml (the root page is not one)."""
    return [chapter["file"] for part in toc["parts"] for chapter in part["chapters"]]


@pytest.fixture(scope="session")
def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


@pytest.fixture(scope="session")
def dist_dir() -> Path:
    return DIST_DIR
