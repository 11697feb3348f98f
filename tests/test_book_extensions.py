"""The book's presentation extensions in _ext/: numbers, units and bibliography labels."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import bib_style  # noqa: E402
import scoreboard  # noqa: E402


@pytest.mark.parametrize(("value", "sig", "expected"), [
    (3669061876247.5054, 3, r"$3.67 \times 10^{12}$"),
    (3.7e12, 2, r"$3.7 \times 10^{12}$"),
    (1.2103333125142733e-30, 3, r"$1.21 \times 10^{-30}$"),
    (9.96e-5, 2, r"$1.0 \times 10^{-4}$"),      # rounding carries into the next decade
    (0.013211703307192133, 3, "0.0132"),
    (21.718202906631166, 3, "21.7"),
    (0.63, 2, "0.63"),
    (100.0, 1, "100"),
])
def test_number_keeps_the_stated_significant_figures(value, sig, expected):
    assert scoreboard.number(value, sig) == expected


@pytest.mark.parametrize(("unit", "expected"), [
    ("erg cm^-3 s^-1", "erg cm⁻³ s⁻¹"), ("dyn cm^-2", "dyn cm⁻²"), ("pc", "pc"),
    ("v_A/c", "$v_A/c$"), ("1", ""),
])
def test_unit_text(unit, expected):
    assert scoreboard.unit_text(unit) == expected


def test_every_record_has_a_symbol_and_a_chapter():
    from crlib import reproduction

    for record in reproduction.reproduce():
        assert record.name in scoreboard.SYMBOL_TEX, record.name
        assert record.status in scoreboard.VERDICT, record.status
        assert (ROOT / (scoreboard.chapter_doc(record) + ".ipynb")).exists(), record.name


def test_bibliography_labels_and_lineage():
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin

    bib_style.setup(None)
    style = find_plugin("pybtex.style.formatting", "crbook_author_year")()
    entries = {e.key: e for e in style.format_bibliography(parse_file(str(ROOT / "references.bib")))}
    assert entries["Zweibel2020"].label == "Zweibel, 2020"
    assert entries["Kulsrud1969"].label == "Kulsrud and Pearce, 1969"
    assert entries["Wiener2019"].label == "Wiener et al., 2019"
    assert entries["Ackermann2014"].label == "Ackermann et al., 2014"
    assert "Gallagher III, J. S." in entries["Everett2008"].text.render_as("text")
    labels = [e.label for e in entries.values()]
    assert len(labels) == len(set(labels)), "two entries share a label"


def test_signature_defaults_show_the_literal_fraction():
    import signature_defaults

    table = signature_defaults.constants(ROOT / "crlib")
    assert table["GAMMA_GAS"] == "5/3" and table["GAMMA_CR"] == "4/3"


def test_reproduction_table_links_resolve_in_html_and_pdf():
    """Every verdict links to a MyST target standing right before its note (a
    :name: on the box would get no LaTeX label); every row carries its label."""
    import re

    from crlib import reproduction

    records = reproduction.reproduce()
    lines = scoreboard.reproduction_table_myst(records)
    assert not any(line.lstrip().startswith(":name:") for line in lines)
    links = [m for line in lines for m in re.findall(r"\]\((why-[a-z0-9-]+)\)", line)]
    assert len(links) == len(records)
    for target in links:
        index = lines.index(f"({target})=")
        assert lines[index + 1].startswith("::::{admonition}"), target
        assert ":class: dropdown" in lines[index + 2], target
    for record in records:
        index = lines.index(f"* - (rec-{scoreboard.slug(record.name)})=")
        assert lines[index + 2] == f"    {scoreboard.symbol(record)}", record.name


def test_a_row_label_moves_into_its_cell_paragraph():
    from docutils import nodes

    target = nodes.target("", "", ids=["rec-x"], names=["rec-x"])
    paragraph = nodes.paragraph("", "", nodes.Text("symbol"))
    entry = nodes.entry("", target, paragraph)
    scoreboard.inline_row_label(entry)
    assert len(entry) == 1 and entry[0] is paragraph
    assert paragraph[0] is target and paragraph.astext() == "symbol"
