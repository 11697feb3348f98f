"""crlib._validation.require: the message names function, argument, value and reason."""

import numpy as np
import pytest

from crlib._validation import require


def test_returns_float_array():
    out = require("f", "x", [1, 2], positive=True)
    assert out.dtype == float and out.shape == (2,)


def test_message_names_everything():
    with pytest.raises(ValueError, match=r"^f: x = -2.0 must be positive \(a density\)\.$"):
        require("f", "x", [1.0, -2.0], positive=True, reason="a density")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_always_rejected(bad):
    with pytest.raises(ValueError, match="finite"):
        require("f", "x", bad)


def test_bounds():
    with pytest.raises(ValueError, match="greater than 3"):
        require("f", "a", 3.0, greater_than=3.0)
    with pytest.raises(ValueError, match="less than 1"):
        require("f", "v", 1.0, less_than=1.0)
    assert require("f", "x", 0.0, nonnegative=True) == 0.0


def test_non_numeric():
    with pytest.raises(ValueError, match="not a real number"):
        require("f", "x", "abc")


def test_inclusive_bounds():
    assert require("f", "w", 1.0, at_most=1.0) == 1.0
    assert require("f", "w", 0.5, at_least=0.5) == 0.5
    with pytest.raises(ValueError, match=r"^f: w = 1.0000000000000002 must be at most 1.0 \(a weight\)\.$"):
        require("f", "w", np.nextafter(1.0, 2.0), at_most=1.0, reason="a weight")
    with pytest.raises(ValueError, match=r"^f: w = 0.49 must be at least 0.5\.$"):
        require("f", "w", [0.7, 0.49], at_least=0.5)


def test_integers():
    assert require("f", "n", np.int32(3), integer=True, at_least=1) == 3
    for bad in (3.0, True, "3", None):
        with pytest.raises(ValueError, match=r"^f: n = .* must be an integer"):
            require("f", "n", bad, integer=True)
    with pytest.raises(ValueError, match=r"^f: n = 0 must be at least 1"):
        require("f", "n", 0, integer=True, at_least=1)


def test_choices():
    assert require("f", "side", "left", choices=("right", "left")) == "left"
    for bad in ("up", ["left"], True, None, 1.0):
        with pytest.raises(ValueError, match=r"^f: side = .* must be one of \['right', 'left'\]"):
            require("f", "side", bad, choices=("right", "left"))


@pytest.mark.parametrize(
    "bad, what",
    [("1e-6", "is a string"), (True, "is a boolean"), (np.bool_(False), "is a boolean"), (None, "is None"),
     (1 + 2j, "is complex"), (np.array([1.0, 2.0], dtype=complex), "is complex"),
     ([1.0, None], "contains None, strings or booleans"), (["1", "2"], "contains strings"),
     (np.array([True, False]), "is boolean"), (10**400, "is too large for double precision")],
)
def test_not_real_numbers(bad, what):
    with pytest.raises(ValueError, match=rf"^f: x = .* {what}, not a real number\.$"):
        require("f", "x", bad)


def test_quantities_are_never_stripped():
    import astropy.units as u

    for bad in (1.0 * u.m, [1.0 * u.m], np.array([1.0 * u.m, 2.0 * u.m], dtype=object)):
        with pytest.raises(ValueError, match=r"^f: x = .* is an astropy Quantity"):
            require("f", "x", bad)
