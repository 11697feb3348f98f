"""The PDF edition (``make pdf``) holds what the HTML book holds.

Every expectation is read from an independent source: chapter titles and
equation numbers from the built HTML, the figure count from the HTML's cell
outputs, the reference list from references.bib, the page-count window from
the amount of prose.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pdftools import ROOT, html_title, normalise

# prose words (four letters or more): the same in HTML and PDF, whatever the layout
WORD = re.compile(r"[^\W\d_]{4,}")
TOC_LINE = re.compile(r"\s(\d+|[ivxl]+)\s*$")
EQNO = re.compile(r'<span class="eqno">\(([^)<]+)\)<a class="headerlink" href="#([^"]+)"')
LINE_END_TAG = re.compile(r"\(([0-9]+[a-z]?|B[0-9A-Za-z.]+)\)\s*$", re.M)


def prose_words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFKC", text).lower())


def html_article_text(html_dir: Path, docname: str) -> str:
    soup = BeautifulSoup((html_dir / f"{docname}.html").read_text(), "html.parser")
    article = soup.find("article") or soup.find("main")
    for tag in article.find_all(["script", "style"]):
        tag.decompose()
    return article.get_text(" ")


def contents_pages(pages: list[str]) -> list[str]:
    """The table of contents: the run of pages from "CONTENTS" on whose lines
    mostly end in a page number."""
    start = next(i for i, page in enumerate(pages) if "CONTENTS" in page)
    run = []
    for page in pages[start:]:
        lines = [line for line in page.splitlines() if line.strip()]
        numbered = sum(bool(TOC_LINE.search(line)) for line in lines)
        if not lines or numbered < 0.5 * len(lines):
            break
        run.append(page)
    assert run, "no table of contents found"
    return run


# ---------------------------------------------------------------- size -----

def test_page_count_is_plausible(pdf_info, pdf_pages, pdf_text, html_dir, toc, chapters):
    pages = int(pdf_info["Pages"])
    assert pages == len(pdf_pages)
    html_words = sum(len(prose_words(html_article_text(html_dir, doc)))
                     for doc in [toc["root"], *chapters])
    pdf_words = len(prose_words(pdf_text))
    # The PDF carries the same prose as the HTML (plus contents, index and
    # running heads): nothing lost, nothing doubled.
    assert 0.9 * html_words <= pdf_words <= 1.15 * html_words, (pdf_words, html_words)
    # Between 80 prose words a page (half-empty pages, exploded layout) and
    # 400 (text set far too small).
    assert pdf_words / 400 <= pages <= pdf_words / 80, (pages, pdf_words)
    print(f"\nPDF: {pages} pages, {pdf_words} prose words (HTML: {html_words})")


def html_reader_text(html_dir: Path, docname: str) -> str:
    """The article's text as a reader sees it: without the TeX source of the
    math (MathJax typesets it; the PDF prints glyphs, not the words "frac" or
    "mathbf"), the permalink marks, the [source] links and the labels of the
    code folds ("Show code cell source"), which exist only in the HTML."""
    soup = BeautifulSoup((html_dir / f"{docname}.html").read_text(), "html.parser")
    article = soup.find("article") or soup.find("main")
    for tag in article.select("script, style, span.math, div.math, a.headerlink, .viewcode-link, "
                              "summary"):
        tag.decompose()
    return article.get_text(" ")


def chapter_pages(pdf_pages: list[str], html_dir: Path, chapters: list[str]) -> dict[str, str]:
    """Each chapter's pages: from the page that opens with its title to the
    page before the next chapter's."""
    heads = [page_head(page) for page in pdf_pages]
    starts, position = [], 0
    for docname in chapters:
        title = normalise(html_title(html_dir, docname))
        found = next((i for i in range(position, len(heads)) if heads[i].startswith(title)), None)
        assert found is not None, f"no page opens with the title of {docname}"
        starts.append(found)
        position = found + 1
    starts.append(len(pdf_pages))
    return {docname: "\f".join(pdf_pages[starts[k]:starts[k + 1]])
            for k, docname in enumerate(chapters)}


def test_every_chapter_carries_its_html_text(pdf_pages, html_dir, chapters):
    # Per chapter, so that a lost box, note or folded cell shows even where the
    # book-wide count would absorb it; what is left out is words broken at a
    # line end (hyphenated prose, wrapped code) and the HTML's "download
    # button", which the PDF replaces by the notebook's file name.
    pages = chapter_pages(pdf_pages, html_dir, chapters)
    for docname in chapters:
        expected = Counter(prose_words(html_reader_text(html_dir, docname)))
        found = Counter(prose_words(pages[docname]))
        carried = sum((expected & found).values()) / sum(expected.values())
        missing = (expected - found).most_common(8)
        assert carried >= 0.97, f"{docname}: the PDF carries {carried:.1%} of its words; missing {missing}"


# ------------------------------------------------------- table of contents --

def test_every_chapter_title_is_in_the_contents_in_toc_order(pdf_pages, html_dir, toc):
    contents = normalise("".join(contents_pages(pdf_pages)))
    position = 0
    for part in toc["parts"]:
        expected = [part["caption"]] + [html_title(html_dir, c["file"]) for c in part["chapters"]]
        for title in expected:
            found = contents.find(normalise(title), position)
            assert found >= 0, f"{title!r} missing from the PDF's contents, or out of _toc.yml order"
            position = found + len(normalise(title))


def page_head(page: str, lines: int = 3) -> str:
    """The first lines of a page, normalised: a chapter's opening page starts
    with its title (no running head there)."""
    return normalise(" ".join([line for line in page.splitlines() if line.strip()][:lines]))


def test_every_chapter_opens_with_its_title(pdf_pages, html_dir, chapters):
    heads = [page_head(page) for page in pdf_pages]
    for docname in chapters:
        title = normalise(html_title(html_dir, docname))
        assert any(head.startswith(title) for head in heads), f"no page opens with the title of {docname}"


def test_no_chapter_numbers_beside_the_paper_section_numbers(pdf_text):
    # the titles carry the paper's section numbers (§4 ...); LaTeX's own
    # chapter numbers would contradict them
    assert not re.search(r"^\s*CHAPTER\s*$", pdf_text, re.M)      # fncychap's opener line
    assert not re.search(r"Chapter \d+\. ", pdf_text)              # running heads


# -------------------------------------------------------------- equations --

def html_equations(html_dir: Path, docnames: list[str]) -> list[tuple[str, str, str]]:
    """(docname, label, number) of every numbered display, in reading order."""
    found = []
    for docname in docnames:
        page = (html_dir / f"{docname}.html").read_text()
        for number, anchor in EQNO.findall(page):
            assert anchor.startswith("equation-"), anchor
            found.append((docname, anchor.removeprefix("equation-"), number))
    return found


@pytest.fixture(scope="module")
def equations(html_dir, toc, chapters):
    found = html_equations(html_dir, [toc["root"], *chapters])
    assert len(found) > 50, "the HTML book shows fewer numbered equations than expected"
    return found


def test_html_shows_every_paper_equation_as_its_number(equations):
    for docname, label, number in equations:
        if label.startswith("eq-zw-"):
            assert number == label.removeprefix("eq-zw-"), (docname, label, number)
        else:
            assert number.startswith("B"), (docname, label, number)


def test_latex_labels_carry_the_html_numbers(equations, latex_dir):
    aux = (latex_dir / "crbook.aux").read_text(errors="replace")
    # \newlabel{equation:<doc>:<label>}{{{<tag>}}{<page>}...}: amsmath braces a \tag
    # (HTML anchors are lower-cased label names)
    labels = {key.lower(): tag for key, tag in
              re.findall(r"\\newlabel\{equation:([^}]*)\}\{\{\{?([^{}]*)\}", aux)}
    for docname, label, number in equations:
        key = f"{docname}:{label}".lower()
        assert key in labels, f"equation {key} has no LaTeX label"
        assert labels[key] == number, f"{key}: PDF numbers it ({labels[key]}), HTML ({number})"


def test_pdf_shows_the_html_equation_numbers_in_order(equations, pdf_text):
    tags = LINE_END_TAG.findall(pdf_text)   # equation numbers sit at the end of their line
    position = 0
    for docname, label, number in equations:
        try:
            position = tags.index(number, position) + 1
        except ValueError:
            pytest.fail(f"equation ({number}) of {docname} ({label}) is not shown in the PDF "
                        "at its place")
    paper = {number for _, label, number in equations if label.startswith("eq-zw-")}
    print(f"\n{len(equations)} numbered equations, {len(paper)} of them the paper's")


# ---------------------------------------------------------------- figures --

def html_figure_count(html_dir: Path, chapters: list[str]) -> int:
    count = 0
    for docname in chapters:
        soup = BeautifulSoup((html_dir / f"{docname}.html").read_text(), "html.parser")
        count += sum(len(out.find_all("img")) for out in soup.select("div.cell_output"))
    return count


@pytest.fixture(scope="module")
def figure_files(latex_dir):
    tex = (latex_dir / "crbook.tex").read_text()
    names = re.findall(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{([^}]*)\}(\.\w+)\}", tex)
    return [latex_dir / f"{stem}{ext}" for stem, ext in names]


def test_every_figure_of_the_html_is_in_the_pdf(figure_files, html_dir, chapters):
    expected = html_figure_count(html_dir, chapters)
    assert expected > 0
    # the landing page's scoreboard figure is drawn by _ext/scoreboard.py, not by a chapter cell
    figure_files = [path for path in figure_files if path.stem != "scoreboard"]
    assert len(figure_files) == expected, (len(figure_files), expected)
    for path in figure_files:
        assert path.is_file(), path


def test_figure_numbers_are_the_html_ones(html_dir, chapters, pdf_text):
    numbers = []
    for docname in chapters:
        page = (html_dir / f"{docname}.html").read_text()
        numbers += re.findall(r'<span class="caption-number">(?:Fig\.|Book figure) ([0-9.]+) ?</span>', page)
    assert numbers, "the HTML book has no numbered figure"
    for number in numbers:
        assert re.search(rf"(?:Fig\.|Book\s+figure)\s+{re.escape(number)}:\s", pdf_text), \
            f"no caption 'Book figure {number}' in the PDF"


def test_figures_are_vector(figure_files):
    assert all(path.suffix == ".pdf" for path in figure_files), \
        sorted({path.suffix for path in figure_files})


def test_each_figure_is_drawn_on_a_page(figure_files, pdf_pages, latex_dir):
    # the figure's own text (axis labels, legends), as vector text on one page
    fls = (latex_dir / "crbook.fls").read_text()
    page_words = [set(prose_words(page)) | set(re.findall(r"[a-z]{3,}", page.lower()))
                  for page in pdf_pages]
    for path in figure_files:
        assert path.name in fls, f"{path.name} was not read by the LaTeX run"
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
        words = set(re.findall(r"[a-z]{3,}", unicodedata.normalize("NFKC", text).lower()))
        assert words, f"{path.name} has no text: not a vector figure?"
        assert any(words <= page for page in page_words), \
            f"the text of figure {path.name} is on no page of the PDF"


# ---------------------------------------------------------- bibliography --

def plain_fragments(latex_title: str) -> list[str]:
    from pybtex.richtext import Text

    text = Text.from_latex(latex_title).render_as("text")
    text = re.sub(r"\$[^$]*\$|\\[A-Za-z]+", "|", text)
    return [normalise(part) for part in re.split(r"[|`'\"]", text) if len(normalise(part)) >= 6]


def test_every_reference_is_in_the_bibliography(pdf_pages):
    from pybtex.database import parse_file

    # the Bibliography chapter: from its opening page to the next (the indices)
    heads = [page_head(page, 1) for page in pdf_pages]
    first = heads.index("bibliography")
    end = next((i for i in range(first + 1, len(heads)) if heads[i] in ("pythonmoduleindex", "index")),
               len(pdf_pages))
    bibliography = normalise("".join(pdf_pages[first:end]))
    entries = parse_file(str(ROOT / "references.bib")).entries
    assert entries
    for key, entry in entries.items():
        if "title" not in entry.fields:   # known by authors and year only (stated in its note)
            assert entry.fields.get("note"), key
            fragments = [normalise(str(entry.persons["author"][0].last_names[0]))]
        else:
            fragments = plain_fragments(entry.fields["title"])
        assert fragments, key
        for fragment in fragments:
            assert fragment in bibliography, f"{key}: {fragment!r} not in the bibliography"
        assert entry.fields.get("year", "") in bibliography, key


def test_citations_in_the_text_are_resolved(pdf_text):
    # the book's author-year style (_ext/bib_style.py) prints "Zweibel (2020)", as in the HTML
    assert re.search(r"Zweibel \(2020\)", pdf_text)


# ------------------------------------------------------------- soundness --

def test_no_unresolved_reference(pdf_text, latex_log):
    assert "??" not in pdf_text
    joined = re.sub(r"\n(?!\n)", "", latex_log)   # the log wraps at 79 columns
    for pattern in (r"Reference `[^']*' on page \S+ undefined",
                    r"Citation `[^']*' on page \S+ undefined",
                    r"Hyper reference `[^']*' on page \S+ undefined",
                    r"There were undefined references"):
        found = re.findall(pattern, joined)
        assert not found, found[:5]


def test_latex_ran_clean(latex_log):
    errors = [line for line in latex_log.splitlines() if line.startswith("! ")]
    assert not errors, errors[:5]
    missing = sorted(set(re.findall(r"Missing character: There is no (\S+)", latex_log)))
    assert not missing, f"glyphs the fonts lack: {missing}"


def overfull_boxes(log: str):
    pattern = re.compile(r"Overfull \\hbox \(([\d.]+)pt too wide\) (in paragraph|in alignment|detected) "
                         r"at lines? (\S+)")
    return [(float(width), kind, where) for width, kind, where in pattern.findall(log)]


def test_no_display_runs_off_the_page(latex_log):
    # TeX reports an over-wide display as "detected at line"; every display is
    # scaled to fit (latex/crbook.sty), so none may remain.
    displays = [box for box in overfull_boxes(latex_log) if box[1] == "detected" and box[0] > 0.5]
    assert not displays, displays
    assert "has occurred while \\output is active" not in latex_log, \
        "a box taller than the page (cut at the page foot)"


def test_no_line_or_table_sticks_out(latex_log):
    # paragraph and table lines: none may reach into the margin (a 1 pt slack
    # is the width of a thin rule, invisible)
    wide = [box for box in overfull_boxes(latex_log) if box[0] > 1.0]
    assert not wide, wide


def test_no_html_only_instructions(pdf_text):
    # the HTML's "Run this chapter yourself" box points at a download button
    assert "download button" not in pdf_text
