"""Tell the reader of every chapter page how to run the chapter on their machine.

Inserts, right under the title of each page built from a notebook, a short
admonition, collapsed (sphinx-togglebutton's ``dropdown`` class: one line until
the reader opens it, and open in the PDF): the notebook is downloadable from the page's download button, and
these are the commands that rebuild the environment and open or re-execute it
locally.  No launch button that needs an external service (Binder, Colab,
Thebe) is offered: the book is meant to work offline.

The opening command depends on what the build environment (the project's
``.venv``) provides, so the advice never names a tool that ``make venv`` does
not install without saying so.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from docutils import nodes


def _notebook_frontend() -> tuple[str, str | None]:
    """(command to open a notebook, extra install step or None)."""
    if importlib.util.find_spec("jupyterlab") is not None:
        return ".venv/bin/jupyter lab", None
    if importlib.util.find_spec("notebook") is not None:
        return ".venv/bin/jupyter notebook", None
    return (
        ".venv/bin/jupyter lab",
        ".venv/bin/python -m pip install jupyterlab",
    )


def insert_admonition(app, doctree: nodes.document) -> None:
    env = app.env
    source = Path(env.doc2path(env.docname))
    if source.suffix != ".ipynb":
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    rel = source.relative_to(Path(app.srcdir)).as_posix()
    opener, install = _notebook_frontend()

    box = nodes.admonition(classes=["tip", "dropdown", "run-locally"])
    box += nodes.title("", "Run this chapter yourself")
    para = nodes.paragraph()
    para += nodes.Text("This page is an executed notebook; the download button at the top "
                       "of the page gives the ")
    para += nodes.literal("", ".ipynb")
    para += nodes.Text(". To run it, in a checkout of the crbook repository (Python 3.11, "
                       "make):")
    box += para
    lines = ["make venv"]
    if install:
        lines.append(install)
    lines.append(f"{opener} {rel}")
    block = nodes.literal_block("\n".join(lines), "\n".join(lines), language="bash")
    box += block
    note = nodes.paragraph()
    note += nodes.literal("", "make venv")
    note += nodes.Text(" builds the pinned environment in ")
    note += nodes.literal("", ".venv")
    if install:
        note += nodes.Text("; JupyterLab is not among the pinned requirements, hence the "
                           "second line")
    note += nodes.Text(". To re-execute the chapter in place without a browser, run ")
    note += nodes.literal("", f"make refresh NB={rel}")
    note += nodes.Text(".")
    box += note
    note += nodes.Text(" ")
    note += nodes.literal("", "make test-notebooks")
    note += nodes.Text(" checks that a fresh run reproduces the stored outputs.")

    title_index = next(
        (i for i, child in enumerate(section.children) if isinstance(child, nodes.title)), -1
    )
    section.insert(title_index + 1, box)


def setup(app):
    app.connect("doctree-read", insert_admonition)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
