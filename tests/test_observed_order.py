"""crlib.kinetics.diagnostics.observed_order: known orders back, and refusals where none exists."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crlib.kinetics.diagnostics import observed_order


@given(order=st.floats(0.5, 4.0), coefficient=st.floats(-10.0, 10.0).filter(lambda c: abs(c) > 1e-3),
       ratio=st.floats(1.5, 3.0))
def test_recovers_the_order_of_a_pure_power(order, coefficient, ratio):
    h = [0.2, 0.2 / ratio, 0.2 / ratio**2]
    values = [1.0 + coefficient * x**order for x in h]
    assert observed_order(values, h) == pytest.approx(order, rel=1e-6)


def test_unequal_refinement_ratios():
    h = [0.3, 0.2, 0.05]
    assert observed_order([2.0 - 5.0 * x**1.5 for x in h], h) == pytest.approx(1.5, rel=1e-9)


@pytest.mark.parametrize("values, spacings, match", [
    ([1.0, 0.9, 0.95], [0.4, 0.2, 0.1], "not monotone"),
    ([1.0, 1.0, 0.9], [0.4, 0.2, 0.1], "not monotone"),
    ([1.0, 0.9], [0.4, 0.2], "three"),
    ([1.0, float("nan"), 0.9], [0.4, 0.2, 0.1], "three finite"),
    ([1.0, 0.9, 0.85], [0.1, 0.2, 0.4], "spacings"),
    ([1.0, 0.9, 0.85], [0.4, 0.2, -0.1], "spacings"),
])
def test_refusals_name_the_function_and_the_reason(values, spacings, match):
    with pytest.raises(ValueError, match=f"observed_order: .*{match}"):
        observed_order(values, spacings)
