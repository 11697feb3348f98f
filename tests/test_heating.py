"""crlib.heating: Eqs. 38, 45, 48, 50–51 — known values, scaling laws, errors."""

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crlib import constants
from crlib.dynamics import field_timescale, work_rate
from crlib.waves import alfven_wave_energy_density, wave_energy_transfer_rate
from crlib.heating import (
    advected_cosmic_ray_pressure,
    anisotropy_energy_term,
    drift_heating,
    drift_heating_advected,
    heating_lower_bound,
    heating_ratio,
)

positive = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False)
beta = st.floats(min_value=1e-6, max_value=0.5, allow_nan=False)


# --- Eq. 48 -----------------------------------------------------------------

def test_heating_lower_bound_section6_value():
    # Paper, Section 6: H_pa >= 1.2e-30 erg cm^-3 s^-1 for P_c = 8.2e-14,
    # tau_B from Eq. 3 with the Section 6 inputs, v_A/c ~ 2e-4 (printed value
    # used here as the expected value, to two figures).
    tau_B = field_timescale(0.0, 3.2e-13, 3.97e-14, 1.67e-25)
    H = heating_lower_bound(2.0e-4 * constants.c, 8.2e-14, tau_B)
    np.testing.assert_allclose(H, 1.2e-30, rtol=0.05)


def test_heating_lower_bound_is_4_15_vA_over_c_times_work_rate():
    # Independent route: Eq. 4 rate of work times (4/15) v_A/c.
    P_c, tau_B, v_A = 1e-12, 1e13, 3e6
    expected = (4.0 / 15.0) * (v_A / 2.99792458e10) * work_rate(P_c, tau_B)
    np.testing.assert_allclose(heating_lower_bound(v_A, P_c, tau_B), expected, rtol=1e-12)


@given(P=positive, tau=positive, b=beta, k=positive)
def test_heating_lower_bound_scalings(P, tau, b, k):
    v_A = b * constants.c
    H = heating_lower_bound(v_A, P, tau)
    np.testing.assert_allclose(heating_lower_bound(v_A, k * P, tau), k * H, rtol=1e-12)
    np.testing.assert_allclose(heating_lower_bound(v_A, P, k * tau), H / k, rtol=1e-12)
    # Heating is a fraction (4/15) v_A/c < 1 of the rate of work P_c/tau_B.
    assert H < P / tau


def test_heating_lower_bound_arrays_broadcast():
    v = np.array([1e6, 2e6, 4e6])
    H = heating_lower_bound(v, 1e-12, 1e12)
    assert H.shape == (3,)
    np.testing.assert_allclose(H / H[0], [1.0, 2.0, 4.0])


@pytest.mark.parametrize(
    "args, name",
    [
        ((1e7, 0.0, 1e12), "P_c"),
        ((1e7, -1e-12, 1e12), "P_c"),
        ((1e7, 1e-12, 0.0), "tau_B"),
        ((1e7, 1e-12, -1e12), "tau_B"),
        ((0.0, 1e-12, 1e12), "v_A"),
        ((3e10, 1e-12, 1e12), "v_A"),
        ((1e7, np.nan, 1e12), "P_c"),
        ((1e7, 1e-12, np.inf), "tau_B"),
    ],
)
def test_heating_lower_bound_errors(args, name):
    with pytest.raises(ValueError, match=rf"^heating_lower_bound: {name} = "):
        heating_lower_bound(*args)


# --- Eq. 38 -----------------------------------------------------------------

def test_drift_heating_known_value_and_sign():
    # 1e7 cm/s times 1e-33 dyn cm^-3 = 1e-26 erg cm^-3 s^-1, either orientation of s.
    np.testing.assert_allclose(drift_heating(1e7, -1e-33), 1e-26, rtol=1e-14)
    np.testing.assert_allclose(drift_heating(1e7, 1e-33), 1e-26, rtol=1e-14)
    assert drift_heating(1e7, 0.0) == 0.0


@given(b=beta, g=st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_subnormal=False), k=positive)
def test_drift_heating_linear(b, g, k):
    v_A = b * constants.c
    np.testing.assert_allclose(drift_heating(v_A, k * g), k * drift_heating(v_A, g), rtol=1e-12, atol=0)
    assert drift_heating(v_A, g) >= 0.0


@pytest.mark.parametrize(
    "args, name",
    [((0.0, 1.0), "v_A"), ((4e10, 1.0), "v_A"), ((1e7, np.nan), "grad_P_c"), ((1e7, np.inf), "grad_P_c")],
)
def test_drift_heating_errors(args, name):
    with pytest.raises(ValueError, match=rf"^drift_heating: {name} = "):
        drift_heating(*args)


# --- Eq. 45 -----------------------------------------------------------------

def test_anisotropy_energy_term_sign_follows_expansion():
    # Expanding tube (tau_B > 0) has Delta P_c > 0; compressing (tau_B < 0) has
    # Delta P_c < 0: the term is positive in both cases (Section 4.2).
    assert anisotropy_energy_term(1e-15, 1e12) > 0
    assert anisotropy_energy_term(-1e-15, -1e12) > 0
    np.testing.assert_allclose(anisotropy_energy_term(3e-15, 1e12), 1e-27, rtol=1e-12)


@pytest.mark.parametrize("args, name", [((1e-15, 0.0), "|tau_B|"), ((1e-15, np.inf), "tau_B"),
                                        ((np.nan, 1e12), "delta_P_c")])
def test_anisotropy_energy_term_errors(args, name):
    with pytest.raises(ValueError, match=rf"^anisotropy_energy_term: {re.escape(name)} = "):
        anisotropy_energy_term(*args)


# --- Eqs. 49–51 -------------------------------------------------------------

def test_advected_pressure_solves_advection_equation():
    # Finite differences of P_c(x, t) satisfy dP/dt + v_A dP/dx = 0 behind the front.
    v_A, P0, rate = 1e7, 1e-12, 1e-25
    x, t, dx, dt = 3e18, 1e12, 1e15, 1e8
    P = advected_cosmic_ray_pressure
    dPdt = (P(x, t + dt, v_A, P0, rate) - P(x, t - dt, v_A, P0, rate)) / (2 * dt)
    dPdx = (P(x + dx, t, v_A, P0, rate) - P(x - dx, t, v_A, P0, rate)) / (2 * dx)
    np.testing.assert_allclose(dPdt + v_A * dPdx, 0.0, atol=1e-12 * rate)
    # Eq. 51: H_d = -v_A dP/dx = dP/dt = injection rate behind the front.
    np.testing.assert_allclose(-v_A * dPdx, drift_heating_advected(x, t, v_A, rate), rtol=1e-9)
    np.testing.assert_allclose(drift_heating(v_A, dPdx), rate, rtol=1e-9)


def test_advected_pressure_ahead_of_front_is_background():
    assert advected_cosmic_ray_pressure(2e7, 1.0, 1e7, 5.0, 3.0) == 5.0
    assert drift_heating_advected(2e7, 1.0, 1e7, 3.0) == 0.0
    out = drift_heating_advected(np.array([0.0, 0.5e7, 2e7]), 1.0, 1e7, 3.0)
    np.testing.assert_array_equal(out, [3.0, 3.0, 0.0])


@pytest.mark.parametrize(
    "args, name",
    [((-1.0, 1.0, 1e7, 0.0, 1.0), "x"), ((1.0, np.nan, 1e7, 0.0, 1.0), "t"),
     ((1.0, 1.0, 0.0, 0.0, 1.0), "v_A"), ((1.0, 1.0, 1e7, -1.0, 1.0), "P_c0"),
     ((1.0, 1.0, 1e7, 0.0, -1.0), "injection_rate")],
)
def test_advected_pressure_errors(args, name):
    with pytest.raises(ValueError, match=rf"^advected_cosmic_ray_pressure: {name} = "):
        advected_cosmic_ray_pressure(*args)


def test_drift_heating_advected_errors():
    with pytest.raises(ValueError, match=r"^drift_heating_advected: injection_rate = "):
        drift_heating_advected(1.0, 1.0, 1e7, -1.0)


# --- Section 4.3 ratio --------------------------------------------------------

def test_heating_ratio_is_bound_over_injection_rate():
    # H_pa(Eq. 48 with tau_B of Eq. 3) / H_d(Eq. 51 = injection rate).
    P_g, P_c, P_m, rate, v_A = 3.2e-13, 8.2e-14, 3.97e-14, 1.67e-25, 6e6
    tau_B = field_timescale(P_c, P_g, P_m, rate)
    expected = heating_lower_bound(v_A, P_c, tau_B) / rate
    np.testing.assert_allclose(heating_ratio(v_A, P_c, P_g, P_m), expected, rtol=1e-12)


@given(b=beta, P_c=positive, P_g=positive, P_m=positive)
def test_heating_ratio_below_vA_over_5c(b, P_c, P_g, P_m):
    # P_c / (rho C_ma^2) < 1/gamma_c = 3/4, so the ratio is below (1/5) v_A/c.
    r = heating_ratio(b * constants.c, P_c, P_g, P_m)
    assert 0.0 < r < 0.2 * b


@given(b=beta, P_c=positive, P_g=positive, P_m=positive)
def test_exact_heating_ratio_below_three_eighths_vA_over_c(b, P_c, P_g, P_m):
    # The heating itself (1/2)(v_A/c)P_c/tau_B over H_d: 15/8 of the bound, below (3/8) v_A/c.
    r = heating_ratio(b * constants.c, P_c, P_g, P_m, heating="exact")
    np.testing.assert_allclose(r, 15 / 8 * heating_ratio(b * constants.c, P_c, P_g, P_m), rtol=1e-12)
    assert 0.0 < r < 0.375 * b


def test_exact_heating_ratio_approaches_its_ceiling():
    # cosmic rays dominating the stiffness: P_c/(rho C^2) -> 1/gamma_c = 3/4
    r = heating_ratio(1e-4 * constants.c, 1e6, 1.0, 1.0, heating="exact")
    np.testing.assert_allclose(r, 0.375 * 1e-4, rtol=1e-5)
    assert r > 0.2 * 1e-4   # above the bound's own ceiling v_A/5c


def test_heating_ratio_errors():
    with pytest.raises(ValueError, match="heating_ratio: heating"):
        heating_ratio(1e7, 1.0, 1.0, 1.0, heating="upper")
    with pytest.raises(ValueError, match=r"^heating_ratio: P_g = "):
        heating_ratio(1e7, 1.0, 0.0, 1.0)
    with pytest.raises(ValueError, match=r"^heating_ratio: gamma_c = "):
        heating_ratio(1e7, 1.0, 1.0, 1.0, gamma_c=1.0)


# --- Appendix, Eqs. 62 and 69–70 ----------------------------------------------

def test_alfven_wave_energy_parts():
    # Independent construction: electric |E|^2/16pi, magnetic = kinetic = (c/v_A)^2 times that.
    E, v_A = 2.0e-9, 6.0e6
    electric = E**2 / (16 * np.pi)
    magnetic = (constants.c / v_A) ** 2 * electric
    np.testing.assert_allclose(alfven_wave_energy_density(E, v_A), electric + 2 * magnetic, rtol=1e-14)


@given(b=beta, k=positive)
def test_alfven_wave_energy_quadratic(b, k):
    v_A = b * constants.c
    np.testing.assert_allclose(
        alfven_wave_energy_density(k, v_A), k**2 * alfven_wave_energy_density(1.0, v_A), rtol=1e-12
    )


def test_wave_energy_transfer_rate():
    np.testing.assert_allclose(wave_energy_transfer_rate(-3e-9, 1e-13), -6e-22, rtol=1e-14)
    np.testing.assert_allclose(wave_energy_transfer_rate([1e-9, 2e-9], 1e-13), [2e-22, 4e-22])
    with pytest.raises(ValueError, match=r"^wave_energy_transfer_rate: wave_energy = "):
        wave_energy_transfer_rate(1e-9, -1.0)
    with pytest.raises(ValueError, match=r"^alfven_wave_energy_density: E_amplitude = "):
        alfven_wave_energy_density(np.nan, 1e7)
