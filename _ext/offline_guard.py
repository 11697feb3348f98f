"""Keep the built HTML self-contained: no script or stylesheet from the network.

Extensions register assets by URL (myst-nb's ipywidgets loader pulls
require.js from cdnjs, Sphinx's default MathJax comes from jsDelivr).  Offline,
those fail silently: math stays raw TeX.  On every page this extension drops
any ``http(s)://`` or protocol-relative script or stylesheet from the page
context and emits a warning (an error under ``-W``), so a new remote asset
cannot slip into the book unnoticed.  MathJax itself is served locally by
``sphinx-mathjax-offline``.
"""

from __future__ import annotations

from sphinx.util import logging

logger = logging.getLogger(__name__)


def _is_remote(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def _filename(asset) -> str:
    return str(getattr(asset, "filename", asset))


def strip_remote_assets(app, pagename, templatename, context, doctree) -> None:
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if not assets:
            continue
        kept = []
        for asset in assets:
            name = _filename(asset)
            if _is_remote(name):
                logger.warning(
                    "remote asset %s removed from page %s (the book must work offline)",
                    name, pagename, type="offline_guard", subtype="remote",
                )
                continue
            kept.append(asset)
        assets[:] = kept


def check_config(app, config) -> None:
    if _is_remote(str(config.mathjax_path or "")):
        logger.warning(
            "mathjax_path %s is remote; add sphinx-mathjax-offline to the extensions",
            config.mathjax_path, type="offline_guard", subtype="mathjax",
        )


def setup(app):
    # After every other extension has registered its assets.
    app.connect("html-page-context", strip_remote_assets, priority=900)
    app.connect("builder-inited", lambda app: check_config(app, app.config))
    # myst-nb: widgets are not used in this book; do not load their CDN bundle.
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
