"""No ``[source]`` link on a property of the API page.

sphinx.ext.viewcode adds ``[source]`` to every documented Python object it can
find in the module source, but its highlighted source pages carry no anchor for
a ``@property`` (Sphinx 7.4), so those links land nowhere.  This drops the
link from properties only; functions, classes and methods keep theirs, and a
property's source is one click away through its class's ``[source]``.
"""

from __future__ import annotations

from sphinx import addnodes


def drop_property_anchors(app, doctree) -> None:
    from sphinx.ext.viewcode import viewcode_anchor

    for desc in doctree.findall(addnodes.desc):
        if desc.get("domain") == "py" and desc.get("objtype") == "property":
            for anchor in list(desc.findall(viewcode_anchor)):
                anchor.parent.remove(anchor)


def setup(app):
    app.setup_extension("sphinx.ext.viewcode")
    # after viewcode's own doctree-read handler (priority 500) has added the anchors
    app.connect("doctree-read", drop_property_anchors, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
