"""Helpers shared by the PDF and bundle checks (see conftest.py)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _path(variable: str, default: Path) -> Path:
    return Path(os.environ.get(variable, default)).resolve()


PDF = _path("CRBOOK_PDF", ROOT / "_build" / "crbook.pdf")
LATEX_DIR = _path("CRBOOK_LATEX_DIR", ROOT / "_build" / "pdf" / "_build" / "latex")
HTML_DIR = _path("CRBOOK_HTML_DIR", ROOT / "_build" / "html")
DIST_DIR = _path("CRBOOK_DIST_DIR", ROOT / "dist")


def normalise(text: str) -> str:
    """Letters and digits only, lower case, compatibility-decomposed.

    PDF text and HTML text differ in hyphenation at line ends, spacing,
    ligatures (U+FB01) and mathematical italic letters (U+1D463 for v); what
    survives both is the sequence of letters and digits.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if ch.isalnum())


def html_title(html_dir: Path, docname: str) -> str:
    """The page's title as the HTML book shows it (its first heading)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((html_dir / f"{docname}.html").read_text(), "html.parser")
    heading = (soup.find("article") or soup).find("h1")
    assert heading is not None, f"no <h1> in {docname}.html"
    for link in heading.select("a.headerlink"):
        link.decompose()
    return heading.get_text().strip()
