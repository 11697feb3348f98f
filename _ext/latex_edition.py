"""The PDF edition (``jupyter-book build . --builder pdflatex``) reads like the HTML book.

1. Equation numbers.  Sphinx's LaTeX writer numbers every labelled display
   with LaTeX's own ``equation`` counter, so the PDF would read (1), (2), ...
   in page order, while the HTML shows the paper's number ``(N)`` for
   ``eq-zw-N`` and ``(B<chapter>.<k>)`` for the book's own results
   (``_ext/paper_eqnums.py`` stores that number in ``node['number']`` when a
   page is read).  Here a labelled display is typeset with amsmath's
   ``\\tag{<number>}``; its ``\\label`` then records that number, so ``{eq}``
   references (``(\\ref{...})`` through ``math_eqref_format``) print the same
   text as in the HTML.  Unlabelled displays stay unnumbered.
2. Links to equations by URI (the "paper equation -> crlib" table of the API
   page links to ``<page>#equation-eq-zw-N``) need a LaTeX label of that
   name: every labelled display also gets an anchor ``<docname>:<id>``.
3. No display runs off the page: the body of every display is set in a box
   that is scaled down to the width left beside its number when it is wider
   (``\\crbookfitdisplay`` in ``latex/crbook.sty``).
4. Wide long tables wrap: a table with given column widths (the API page's
   equation index) gets proportional paragraph columns instead of ``l``
   columns, which cannot break.
5. A module constant whose value is long (``crlib.environments.PRESETS``)
   would print it in its signature line, which LaTeX cannot break across
   pages: the value is moved into a code block at the head of the entry.
6. Figures and tables are numbered through the book (Fig. 6, not Fig. 4.1),
   as in the HTML: sphinx-jupyterbook-latex asks for per-chapter numbers
   (``numfig_secnum_depth = 2``) when it sets up the builder; that is undone
   right after it.
7. The landing page, which opens the body, clears the page marks that the
   table of contents left ("CONTENTS" in its page footers).
8. The "Run this chapter yourself" box (``_ext/run_locally.py``) points at
   the HTML page's download button; the PDF has none, so it names the
   notebook file instead.
9. Folded code is printed.  The HTML folds the input of a ``hide-input``
   cell behind "Show code cell source"; sphinx-jupyterbook-latex drops such
   inputs from the PDF altogether, and with them the sympy proofs and checks
   that the chapters and the errata point to.  A page cannot fold, so the PDF
   prints them as it prints every other input.
10. Wide tables of short cells (a notebook's table of numbers) are set at
    their natural width and scaled down to the line when wider
    (``\\crbookfittable`` in ``latex/crbook.sty``): tabulary would squeeze
    their columns below the width of the numbers, which cannot break.

The extension changes nothing for other builders.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.latex import LaTeXTranslator

# myst's amsmath blocks carry a random uuid label and their own environment.
UUID_LABEL = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
PLAIN_TAG = re.compile(r"[A-Za-z0-9.]+")
# characters of a constant's value that still fit a signature line or two
LONG_VALUE = 200
# a table of at least this many columns, none of whose cells is longer than
# SHORT_CELL characters, is set at its natural width and fitted to the line
WIDE_TABLE_COLUMNS = 6
SHORT_CELL = 30


def latex_tag(number: str) -> str:
    r"""``\tag{...}`` for a book equation number (``42``, ``42a``, ``B2.1.3``)."""
    if not PLAIN_TAG.fullmatch(number):
        raise ValueError(f"equation number {number!r} is not a plain tag")
    return r"\tag{%s}" % number


def display_body(text: str) -> str:
    """The display's lines as one ``aligned`` block.

    Sphinx puts a single-part display in ``split`` and joins blank-line
    separated parts with ``aligned``; ``split`` only works directly inside an
    equation environment, ``aligned`` anywhere, so both become ``aligned``
    (same alignment: first column right, ``&`` columns left).
    """
    parts = [part.strip() for part in text.split("\n\n") if part.strip()]
    return "\\begin{aligned}\n" + "\\\\\n".join(parts) + "\n\\end{aligned}"


def visit_math_block(self: LaTeXTranslator, node: nodes.math_block) -> None:
    label = node.get("label")
    if node.get("nowrap") or (label and UUID_LABEL.match(label)):
        LaTeXTranslator.visit_math_block(self, node)
        return
    number = node.get("number") if label else None
    body = display_body(node.astext())
    if not body.strip():
        raise nodes.SkipNode
    if number is None and label:
        # a labelled display no extension numbered: LaTeX's counter, as Sphinx does
        head, tagtext = r"\begin{equation}", "(00)"  # room for a two-digit number
        tail = r"\end{equation}"
    elif number is None:
        head, tagtext, tail = r"\begin{equation*}", "", r"\end{equation*}"
    else:
        head, tagtext = r"\begin{equation}" + latex_tag(str(number)), f"({number})"
        tail = r"\end{equation}"
    anchors = ""
    if label:
        docname = node["docname"]
        head += r"\label{%s}" % self.idescape(f"equation:{docname}:{label}")
        for target_id in dict.fromkeys([*node.get("ids", []), f"equation-{label}"]):
            anchors += self.hypertarget(f"{docname}:{target_id}", withdoc=False)
    self.body.append(
        f"{anchors}{head}\n\\crbookfitdisplay{{{tagtext}}}{{{body}}}\n{tail}"
    )
    raise nodes.SkipNode


def move_long_values(doctree: nodes.document) -> None:
    for signature in list(doctree.findall(addnodes.desc_signature)):
        for annotation in list(signature.findall(addnodes.desc_annotation)):
            text = annotation.astext().strip()
            if not text.startswith("=") or len(text) <= LONG_VALUE:
                continue
            content = next((c for c in signature.parent.children
                            if isinstance(c, addnodes.desc_content)), None)
            if content is None:
                continue
            value = text[1:].strip()
            annotation.parent.remove(annotation)
            block = nodes.literal_block(value, value, language="python")
            content.insert(0, block)
            intro = nodes.paragraph()
            intro += nodes.Text("Value:")
            content.insert(0, intro)


def is_wide_table_of_short_cells(table: nodes.table) -> bool:
    tgroup = next(iter(table.findall(nodes.tgroup)), None)
    if tgroup is None or tgroup.get("cols", 0) < WIDE_TABLE_COLUMNS:
        return False
    if "colwidths-given" in table["classes"] or "longtable" in table["classes"]:
        return False
    if any(isinstance(child, nodes.title) for child in table.children):
        return False   # a caption needs vertical mode; the fitted table is a box
    return all(len(entry.astext()) <= SHORT_CELL for entry in table.findall(nodes.entry))


def fit_wide_tables(doctree: nodes.document) -> None:
    for table in list(doctree.findall(nodes.table)):
        if is_wide_table_of_short_cells(table):
            parent, index = table.parent, table.parent.index(table)
            parent.insert(index + 1, nodes.raw("", "\\endgroup\n", format="latex"))
            parent.insert(index, nodes.raw("", "\\begingroup\\crbookfittable\n", format="latex"))


def adapt_doctree(app, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "latex":
        return
    move_long_values(doctree)
    fit_wide_tables(doctree)
    if docname == app.config.root_doc:
        # the assembled book: its body starts with the landing page
        doctree.insert(0, nodes.raw("", r"\markboth{}{}", format="latex"))
    for table in doctree.findall(nodes.table):
        if "crlib-equation-index" in table["classes"] and "colwidths-given" not in table["classes"]:
            table["classes"].append("colwidths-given")
    for box in list(doctree.findall(nodes.admonition)):
        if "run-locally" not in box["classes"]:
            continue
        first = next(iter(box.findall(nodes.paragraph)), None)
        block = next(iter(box.findall(nodes.literal_block)), None)
        notebook = block.astext().splitlines()[-1].split()[-1] if block is not None else None
        if first is None or not (notebook or "").endswith(".ipynb"):
            continue
        para = nodes.paragraph()
        para += nodes.Text("This chapter is an executed notebook, ")
        para += nodes.literal("", notebook)
        para += nodes.Text(" in the crbook repository and in the release bundle. To run it, "
                           "in a checkout of the repository (Python 3.11, make):")
        first.replace_self(para)


class PrintFoldedCode(SphinxPostTransform):
    """Keep the inputs of ``hide-input`` cells in the PDF (9. above)."""

    # before sphinx-jupyterbook-latex's MystNbPostTransform (400), which
    # replaces every input under a tag_hide-input cell by a node never written
    default_priority = 390
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for cell in self.document.findall(nodes.container):
            if "tag_hide-input" in cell["classes"]:
                cell["classes"] = ["folded-input" if name == "tag_hide-input" else name
                                   for name in cell["classes"]]


def continuous_numbers(app) -> None:
    if app.builder.format == "latex":
        app.config.numfig_secnum_depth = 0


def setup(app):
    # after sphinx-jupyterbook-latex's own builder-inited handler (priority 500)
    app.connect("builder-inited", continuous_numbers, priority=900)
    app.add_node(nodes.math_block, override=True, latex=(visit_math_block, None))
    app.add_post_transform(PrintFoldedCode)
    # after crlib_apidoc and run_locally have produced their nodes
    app.connect("doctree-resolved", adapt_doctree, priority=800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
