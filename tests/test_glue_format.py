"""_ext/glue_format.py: glued numbers in exponent form print as m × 10ⁿ."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))
import glue_format  # noqa: E402
from myst_nb.core.variables import format_plain_text  # noqa: E402

fmt = glue_format.wrap(format_plain_text)


@pytest.mark.parametrize(("text", "spec", "expected"), [
    ("3669061876247.5054", ".2e", "3.67 × 10¹²"),
    ("3669061876247.5054", ".3g", "3.67 × 10¹²"),
    ("1.2103333125142733e-30", ".1e", "1.2 × 10⁻³⁰"),
    ("-4.61e-08", ".2e", "−4.61 × 10⁻⁸"),
    ("2.5", ".2e", "2.50"),                     # zero exponent dropped, precision kept
    ("1000.0", ".0e", "10³"),                   # a bare power of ten
    ("3.2e-13", ".2E", "3.20 × 10⁻¹³"),
])
def test_exponent_forms_become_powers_of_ten(text, spec, expected):
    assert fmt(text, spec) == expected


@pytest.mark.parametrize(("text", "spec", "expected"), [
    ("0.013211703307192133", ".3f", "0.013"),
    ("0.013211703307192133", ".3g", "0.0132"),  # g without an exponent: unchanged
    ("14", "", "14"),
    ("14", "d", "14"),
    ("'reproduced'", "", "reproduced"),
    ("3.7e12", "", str(3.7e12)),                # no spec: myst-nb's own str()
])
def test_other_formats_pass_through(text, spec, expected):
    assert fmt(text, spec) == expected


def test_wrapping_twice_is_wrapping_once():
    assert glue_format.wrap(fmt) is fmt


def test_setup_patches_every_myst_nb_caller(monkeypatch):
    import myst_nb.core.variables as variables
    import myst_nb.ext.glue.crossref as crossref
    import myst_nb.ext.glue.roles as roles

    for module in (variables, crossref, roles):
        monkeypatch.setattr(module, "format_plain_text", format_plain_text)
    glue_format.setup(None)
    for module in (variables, crossref, roles):
        assert module.format_plain_text("3.67e12", ".2e") == "3.67 × 10¹²"
