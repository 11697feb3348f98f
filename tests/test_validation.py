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
