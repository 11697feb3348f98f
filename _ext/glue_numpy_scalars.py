"""Let ``{glue:text}`` format numpy scalars glued from notebooks.

Under numpy 2 the ``text/plain`` repr of a numpy scalar is
``np.float64(3.67e+12)``, which myst-nb's ``format_plain_text`` cannot turn
into a number: ``{glue:text}`key:.2e``` then fails ("could not convert string
to float") and, with no format spec, the page would show the raw repr.  This
extension unwraps ``np.<type>(value)`` (and ``np.True_``/``np.False_``) before
myst-nb formats the value, so a chapter may glue ``np.float64`` results
directly.  Gluing plain ``float(...)`` remains the clearest style.
"""

from __future__ import annotations

import re

NUMPY_SCALAR = re.compile(
    r"^\s*(?:np|numpy)\.(?:float|int|uint|complex|longdouble|clongdouble)\d*\((.*)\)\s*$", re.S
)
NUMPY_BOOL = re.compile(r"^\s*(?:np|numpy)\.(True|False)_\s*$")


def unwrap(text: str) -> str:
    match = NUMPY_SCALAR.match(text)
    if match:
        return match.group(1).strip()
    match = NUMPY_BOOL.match(text)
    if match:
        return match.group(1)
    return text


def setup(app):
    import myst_nb.core.variables as variables
    import myst_nb.ext.glue.crossref as crossref
    import myst_nb.ext.glue.roles as roles

    original = getattr(variables.format_plain_text, "__wrapped__", variables.format_plain_text)

    def format_plain_text(text: str, fmt_spec: str) -> str:
        return original(unwrap(text), fmt_spec)

    format_plain_text.__wrapped__ = original
    for module in (variables, crossref, roles):
        module.format_plain_text = format_plain_text
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
