"""crlib.dynamics: Eqs. 3 and 4 — known values, scaling laws, errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crlib.dynamics import field_timescale, work_rate
from crlib.speeds import magnetoacoustic_speed

positive = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False)


def test_field_timescale_known_value():
    # (5/3 * 3 + 4/3 * 3 + 2 * 1) / 1 = 11
    np.testing.assert_allclose(field_timescale(3.0, 3.0, 1.0, 1.0), 11.0, rtol=1e-14)


def test_field_timescale_is_rho_Cma2_over_rate():
    # Eq. 3 written with C_ma (Eq. 1): tau_B = rho C_ma^2 / dot(Delta P_c).
    P_g, P_c, P_m, rho, rate = 3.2e-13, 8.2e-14, 3.97e-14, 2.1e-27, 1.67e-25
    expected = rho * magnetoacoustic_speed(P_c, P_g, P_m, rho) ** 2 / rate
    np.testing.assert_allclose(field_timescale(P_c, P_g, P_m, rate), expected, rtol=1e-12)


@given(P=positive, rate=positive, k=positive)
def test_field_timescale_scaling(P, rate, k):
    # tau_B is inversely proportional to the injection rate and linear in the pressures.
    base = field_timescale(P, P, P, rate)
    np.testing.assert_allclose(field_timescale(P, P, P, k * rate), base / k, rtol=1e-12)
    np.testing.assert_allclose(field_timescale(k * P, k * P, k * P, rate), k * base, rtol=1e-12)


@given(P_g=positive, P_c=positive, P_m=positive, rate=positive)
def test_field_timescale_keeps_the_tube_in_pressure_balance(P_g, P_c, P_m, rate):
    # The physics behind Eq. 3, independently: along B(t) = B0 exp(-t/tau_B) the gas and the
    # field respond adiabatically to the transverse expansion (rho ~ B, P_g ~ B^gamma_g,
    # P_m ~ B^2), the cosmic rays likewise plus the injected rate*t; with the tau_B of Eq. 3
    # the total pressure stays constant to first order in t.
    tau = field_timescale(P_c, P_g, P_m, rate)
    dt = 1e-6 * tau

    def total(t):
        b = np.exp(-t / tau)
        return P_g * b ** (5 / 3) + P_c * b ** (4 / 3) + rate * t + P_m * b**2

    d_total_dt = (total(dt) - total(-dt)) / (2 * dt)
    scale = P_g / tau + P_c / tau + P_m / tau + rate
    assert abs(d_total_dt) < 1e-8 * scale


def test_arrays_broadcast():
    rates = np.array([1.0, 2.0, 4.0])
    np.testing.assert_allclose(field_timescale(0.0, 1.0, 1.0, rates), (5 / 3 + 2) / rates)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"P_g": 0.0}, "P_g"),
        ({"P_c": -1.0}, "P_c"),
        ({"P_m": np.nan}, "P_m"),
        ({"injection_rate": 0.0}, "injection_rate"),
        ({"injection_rate": -1.0}, "injection_rate"),
        ({"gamma_c": 1.0}, "gamma_c"),
    ],
)
def test_field_timescale_errors(kwargs, name):
    args = {"P_g": 1.0, "P_c": 0.0, "P_m": 1.0, "injection_rate": 1.0} | kwargs
    with pytest.raises(ValueError, match=rf"^field_timescale: {name} = "):
        field_timescale(**args)


def test_work_rate_known_value():
    np.testing.assert_allclose(work_rate(2.0, 4.0), 0.5)


@given(P=positive, tau=positive, k=positive)
def test_work_rate_scaling(P, tau, k):
    np.testing.assert_allclose(work_rate(k * P, tau), k * work_rate(P, tau), rtol=1e-12)
    np.testing.assert_allclose(work_rate(P, k * tau), work_rate(P, tau) / k, rtol=1e-12)


@pytest.mark.parametrize("kwargs, name", [({"P_c": -1.0}, "P_c"), ({"tau_B": 0.0}, "tau_B"), ({"tau_B": np.inf}, "tau_B")])
def test_work_rate_errors(kwargs, name):
    args = {"P_c": 1.0, "tau_B": 1.0} | kwargs
    with pytest.raises(ValueError, match=rf"^work_rate: {name} = "):
        work_rate(**args)
