"""Helpers for the crlib API page (book/api.md).

1. ``crlib-equation-index``: a table from the paper's equations to crlib.
2. Prose ``#:`` comments on module constants keep their colons: napoleon reads
   the first line of an attribute docstring as ``type: description``, so
   ``#: Coefficient of Eq. 42: 2/45`` would turn "Coefficient of Eq. 42" into a
   (broken) type cross-reference.  When the text before the first colon is
   prose (more than three words), the line is passed to napoleon as a
   description only.
3. Values of module constants are shown as Python numbers: numpy 2 would
   display ``c`` as ``np.float64(29979245800.0)``.

The directive:

Usage (in an ``{eval-rst}`` block or an rST page)::

    .. crlib-equation-index::

       crlib.speeds
       crlib.dynamics

For every public function or class of the listed modules (``__all__``), the
equation numbers named in the first line of its docstring ("(Eq. 3)",
"(Eqs. 5–6)", "(Eqs. 37, 69–70)") are collected.  The table lists each paper
equation once, linked to the place in the book where it is displayed (label
``eq-zw-N``) when there is one, with the crlib objects that implement it.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections import defaultdict

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

EQ_GROUP = re.compile(r"Eqs?\.\s*((?:\d+[a-z]?(?:\s*[–-]\s*\d+[a-z]?)?(?:\s*(?:,|and)\s*)?)+)")
ITEM = re.compile(r"(\d+)([a-z]?)(?:\s*[–-]\s*(\d+)([a-z]?))?")


def equation_numbers(summary: str) -> list[str]:
    """Paper equation numbers named in a docstring summary line."""
    numbers: list[str] = []
    for group in EQ_GROUP.findall(summary):
        for start, s_suffix, stop, t_suffix in ITEM.findall(group):
            if stop and not s_suffix and not t_suffix and int(stop) > int(start):
                numbers += [str(n) for n in range(int(start), int(stop) + 1)]
            else:
                numbers.append(start + s_suffix)
                if stop:
                    numbers.append(stop + t_suffix)
    return list(dict.fromkeys(numbers))


def _sort_key(number: str):
    match = re.match(r"(\d+)([a-z]?)", number)
    return int(match.group(1)), match.group(2)


class paper_equation(nodes.Inline, nodes.TextElement):
    """Placeholder for "(N)", linked to the book's eq-zw-N once all pages are read."""


def _visit_plain(self, node):
    self.body.append(self.encode(node.astext())) if hasattr(self, "body") else None
    raise nodes.SkipNode


class CrlibEquationIndex(SphinxDirective):
    has_content = True

    def run(self):
        index: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for module_name in (line.strip() for line in self.content if line.strip()):
            module = importlib.import_module(module_name)
            self.env.note_dependency(inspect.getsourcefile(module))
            for name in getattr(module, "__all__", []):
                obj = getattr(module, name)
                if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                    continue
                doc = inspect.getdoc(obj) or ""
                summary = doc.strip().splitlines()[0] if doc.strip() else ""
                role = "class" if inspect.isclass(obj) else "func"
                for number in equation_numbers(summary):
                    index[number].append((role, f"{module_name}.{name}"))

        table = nodes.table(classes=["crlib-equation-index"])
        group = nodes.tgroup(cols=2)
        table += group
        group += nodes.colspec(colwidth=1)
        group += nodes.colspec(colwidth=5)
        head = nodes.thead()
        group += head
        row = nodes.row()
        for title in ("Paper equation", "crlib"):
            row += nodes.entry("", nodes.paragraph("", title))
        head += row
        body = nodes.tbody()
        group += body
        for number in sorted(index, key=_sort_key):
            row = nodes.row()
            eq_par = nodes.paragraph()
            eq_par += paper_equation(f"({number})", f"({number})", number=number)
            row += nodes.entry("", eq_par)
            objs = nodes.paragraph()
            for i, (role, target) in enumerate(index[number]):
                if i:
                    objs += nodes.Text(", ")
                xref = addnodes.pending_xref(
                    "", refdomain="py", reftype=role, reftarget=target,
                    refexplicit=False, refwarn=True,
                )
                xref += nodes.literal(target, target, classes=["xref", "py", f"py-{role}"])
                objs += xref
            row += nodes.entry("", objs)
            body += row
        return [table]


def link_paper_equations(app, doctree, fromdocname):
    domain = app.env.get_domain("math")
    for node in list(doctree.findall(paper_equation)):
        number = node["number"]
        label = f"eq-zw-{number}"
        text = f"({number})"
        if label in domain.equations:
            docname = domain.equations[label][0]
            uri = app.builder.get_relative_uri(fromdocname, docname) + f"#equation-{label}"
            replacement = nodes.reference("", text, refuri=uri, internal=True,
                                          reftitle=f"Eq. {number} of the paper, in the book")
        else:
            replacement = nodes.Text(text)
        node.replace_self(replacement)


def keep_prose_attribute_docstrings(app, what, name, obj, options, lines):
    if what not in ("data", "attribute") or not lines:
        return
    head, colon, _ = lines[0].partition(": ")
    if colon and len(head.split()) > 3 and not lines[0].startswith(":"):
        lines[0] = ": " + lines[0]


def _plain_numpy_values() -> None:
    import numpy as np
    import sphinx.ext.autodoc as autodoc

    original = getattr(autodoc.object_description, "__wrapped__", autodoc.object_description)

    def object_description(obj, *args, **kwargs):
        if isinstance(obj, np.generic):
            obj = obj.item()
        return original(obj, *args, **kwargs)

    object_description.__wrapped__ = original
    autodoc.object_description = object_description


def setup(app):
    _plain_numpy_values()
    # before napoleon (priority 500) rewrites the docstring
    app.connect("autodoc-process-docstring", keep_prose_attribute_docstrings, priority=400)
    app.add_node(paper_equation, html=(_visit_plain, None), latex=(_visit_plain, None),
                 text=(_visit_plain, None))
    app.add_directive("crlib-equation-index", CrlibEquationIndex)
    app.connect("doctree-resolved", link_paper_equations)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
