"""Keep the built HTML self-contained: nothing is fetched from the network.

* Any ``http(s)://`` or protocol-relative script or stylesheet registered by
  an extension (myst-nb's ipywidgets loader pulls require.js from cdnjs,
  Sphinx's default MathJax comes from jsDelivr) is dropped from every page and
  reported with a warning -- an error under ``-W`` -- so a new remote asset
  cannot slip into the book unnoticed.  MathJax itself is served locally by
  ``sphinx-mathjax-offline`` (``_static/mathjax``).
* sphinx-thebe, which jupyter-book always loads, is neutralised: its script,
  stylesheet, the inline ``THEBE_JS_URL`` (unpkg.com) constant and the
  per-page Binder configuration are removed.  The book offers no
  live-kernel launch; each chapter says how to run it locally instead
  (``_ext/run_locally.py``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

THEBE_FILES = {"sphinx-thebe.js", "sphinx-thebe.css"}
THEBE_MARKERS = ("THEBE_JS_URL", "text/x-thebe-config", "kernelName = ")


def _is_remote(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def _is_thebe(asset) -> bool:
    name = str(getattr(asset, "filename", asset) or "")
    body = str(getattr(asset, "attributes", {}).get("body", "") or "")
    return name.split("?")[0].rsplit("/", 1)[-1] in THEBE_FILES or any(m in body for m in THEBE_MARKERS)


def strip_assets(app, pagename, templatename, context, doctree) -> None:
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if not assets:
            continue
        kept = []
        for asset in assets:
            name = str(getattr(asset, "filename", asset) or "")
            if _is_thebe(asset):
                continue
            if _is_remote(name):
                logger.warning(
                    "remote asset %s removed from page %s (the book must work offline)",
                    name, pagename, type="offline_guard", subtype="remote",
                )
                continue
            kept.append(asset)
        context[key] = kept


def strip_thebe_nodes(app, doctree, docname) -> None:
    for node in list(doctree.findall(nodes.raw)):
        if any(marker in node.astext() for marker in THEBE_MARKERS):
            node.parent.remove(node)


def check_mathjax(app) -> None:
    if _is_remote(str(app.config.mathjax_path or "")):
        logger.warning(
            "mathjax_path %s is remote; add sphinx-mathjax-offline to the extensions",
            app.config.mathjax_path, type="offline_guard", subtype="mathjax",
        )


def setup(app):
    # Late priorities: after every other extension has added its assets/nodes.
    app.connect("html-page-context", strip_assets, priority=900)
    app.connect("doctree-resolved", strip_thebe_nodes, priority=900)
    app.connect("builder-inited", check_mathjax)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
