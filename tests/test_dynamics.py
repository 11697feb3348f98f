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
    expected = rho * magnetoacoustic_speed(P_g, P_c, P_m, rho) ** 2 / rate
    np.testing.assert_allclose(field_timescale(P_g, P_c, P_m, rate), expected, rtol=1e-12)


@given(P=positive, rate=positive, k=positive)
def test_field_timescale_scaling(P, rate, k):
    # tau_B is inversely proportional to the injection rate and linear in the pressures.
    base = field_timescale(P, P, P, rate)
    np.testing.assert_allclose(field_timescale(P, P, P, k * rate), base / k, rtol=1e-12)
    np.testing.assert_allclose(field_timescale(k * P, k * P, k * P, rate), k * base, rtol=1e-12)


@given(P=positive, rate=positive)
def test_field_decays_as_exp_minus_t_over_tau(P, rate):
    # dB/dt / B = -1/tau_B: integrating over one tau_B at fixed rate reduces B by e.
    tau = field_timescale(P, 0.0, P, rate)
    t = np.linspace(0.0, tau, 2001)
    lnB = -np.trapezoid(np.full_like(t, 1.0 / tau), t)
    np.testing.assert_allclose(np.exp(lnB), np.exp(-1.0), rtol=1e-10)


def test_arrays_broadcast():
    rates = np.array([1.0, 2.0, 4.0])
    np.testing.assert_allclose(field_timescale(1.0, 0.0, 1.0, rates), (5 / 3 + 2) / rates)


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
