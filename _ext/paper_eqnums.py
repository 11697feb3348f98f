"""Number the book's equations so that a reader can match them to the paper.

Every displayed equation labelled ``eq-zw-N`` (``N`` = the equation number in
Zweibel 2020, optionally followed by one lower-case letter, e.g. ``eq-zw-42``
or ``eq-zw-42a``) is *displayed* as ``(N)`` and every ``{eq}`` reference to it
reads ``(N)`` -- the paper's own number, on whatever page it appears.

Every other *labelled* displayed equation (the book's own intermediate steps,
labelled ``eq-<chapter>-<slug>``) is displayed and referenced as
``(B<chapter>.<k>)``: ``B`` for "book", the chapter tag taken from the file
name (``04-heating`` -> ``4``, ``02-1-macroscopic-dynamics`` -> ``2.1``,
``A-quasilinear...`` -> ``A``) and ``k`` counting the labelled book equations
of that page.  Such a number can never be mistaken for one of the paper's,
which are plain integers.  Unlabelled equations stay unnumbered.

How: Sphinx's math domain records ``labelid -> (docname, number)`` when a page
is read and, with ``math_numfig = False``, both the HTML writer
(``sphinx.util.math.get_node_equation_number`` returns ``node['number']``) and
the cross-reference resolver (``MathDomain.resolve_xref`` uses
``str(number)``) take the number from there.  On ``doctree-read`` we overwrite
both for every labelled ``math_block``.  ``math_numfig`` must therefore be
off; the extension forces it off (figures keep ``numfig``).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

PAPER_LABEL = re.compile(r"^eq-zw-(\d+[a-z]?)$")
# myst's amsmath renderer gives numbered environments a random uuid label; those
# are nowrap blocks that Sphinx does not number visibly, so we leave them alone.
UUID_LABEL = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def chapter_tag(docname: str) -> str:
    """``notebooks/04-heating`` -> ``4``; ``notebooks/02-1-x`` -> ``2.1``;
    ``notebooks/06b-x`` -> ``6b``; ``notebooks/A-x`` -> ``A``; other pages -> ``""``."""
    path = PurePosixPath(docname)
    if path.parts[:1] != ("notebooks",):
        return ""
    tokens = path.name.split("-")
    head = tokens[0].lstrip("0") or "0"
    if len(tokens) > 1 and tokens[1].isdigit():
        head += "." + tokens[1].lstrip("0")
    return head


def paper_number(label: str) -> str | None:
    """The paper's equation number encoded in ``label``, or ``None``."""
    match = PAPER_LABEL.match(label)
    return match.group(1) if match else None


def renumber(app, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    domain = env.get_domain("math")
    tag = chapter_tag(docname)
    own = 0
    for node in doctree.findall(nodes.math_block):
        label = node.get("label")
        if not label or UUID_LABEL.match(label):
            continue
        number = paper_number(label)
        if number is None:
            if label.startswith("eq-zw"):
                logger.warning(
                    "equation label %r looks like a paper label but is not eq-zw-<N>",
                    label, location=node, type="paper_eqnums", subtype="label",
                )
            own += 1
            number = f"B{tag}.{own}" if tag else f"B{own}"
        node["number"] = number
        if label in domain.equations and domain.equations[label][0] == docname:
            domain.equations[label] = (docname, number)


def force_config(app, config) -> None:
    # Numbers must come from node['number'], not from the numfig machinery.
    config.math_numfig = False


def setup(app):
    app.connect("config-inited", force_config)
    app.connect("doctree-read", renumber)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 1}
