"""Glued numbers in scientific notation print as 3.67 × 10¹², not 3.67e+12.

myst-nb formats ``{glue:text}`key:.2e``` with Python's ``format``, which gives
``3.67e+12``: fine in code, wrong in prose.  This extension wraps myst-nb's
``format_plain_text`` so that, when the format spec is an exponent format
(type ``e``/``E``, or ``g``/``G`` when Python chooses the exponent form), the
result is rewritten as mantissa × 10 to a superscript power.  The precision is
exactly the one the spec states (``.2e`` keeps three significant figures), so
the rule for the reader is the format spec itself; a zero exponent is dropped
(``1.00``, not ``1.00 × 10⁰``).  Everything else (``.3f``, ``d``, strings, no
spec) passes through unchanged.

It composes with any other wrapper of ``format_plain_text`` (it wraps whatever
is installed when it is set up), and it is independent of them.
"""

from __future__ import annotations

import re

SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
# the exponent form Python's format() writes for e/E/g/G
EXPONENT_FORM = re.compile(r"^(?P<mantissa>[-+ ]?\d+(?:\.\d*)?)[eE](?P<exponent>[-+]\d+)$")
EXPONENT_TYPES = set("eEgG")
MARKER = "_crbook_glue_format"


def times_ten(formatted: str) -> str:
    """Rewrite ``'3.67e+12'`` as ``'3.67 × 10¹²'``; other text is returned unchanged.

    >>> times_ten("3.67e+12")
    '3.67 × 10¹²'
    >>> times_ten("-1.2e-05")
    '−1.2 × 10⁻⁵'
    >>> times_ten("2.50e+00")
    '2.50'
    >>> times_ten("0.013")
    '0.013'
    """
    match = EXPONENT_FORM.match(formatted.strip())
    if match is None:
        return formatted
    mantissa = match.group("mantissa").strip().lstrip("+")
    if mantissa.startswith("-"):
        mantissa = "\N{MINUS SIGN}" + mantissa[1:]
    exponent = int(match.group("exponent"))
    if exponent == 0:
        return mantissa
    if mantissa in ("1", "\N{MINUS SIGN}1"):
        # '1e+03' (format '.0e'): a power of ten is written as one
        sign = "\N{MINUS SIGN}" if mantissa.startswith("\N{MINUS SIGN}") else ""
        return f"{sign}10{str(exponent).translate(SUPERSCRIPT)}"
    return f"{mantissa} × 10{str(exponent).translate(SUPERSCRIPT)}"


def wrap(format_plain_text):
    """Return ``format_plain_text`` with exponent forms rewritten by :func:`times_ten`."""
    if getattr(format_plain_text, MARKER, False):
        return format_plain_text

    def format_with_powers_of_ten(text: str, fmt_spec: str) -> str:
        formatted = format_plain_text(text, fmt_spec)
        if fmt_spec and fmt_spec[-1] in EXPONENT_TYPES:
            return times_ten(formatted)
        return formatted

    setattr(format_with_powers_of_ten, MARKER, True)
    return format_with_powers_of_ten


def setup(app):
    import myst_nb.core.variables as variables
    import myst_nb.ext.glue.crossref as crossref
    import myst_nb.ext.glue.roles as roles

    for module in (variables, crossref, roles):
        module.format_plain_text = wrap(module.format_plain_text)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
