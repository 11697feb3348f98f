"""crlib.scattering: Eqs. 56–60 — known values, balances, scaling laws, errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from crlib import constants
from crlib.confinement import mean_free_path
from crlib.heating import pressure_weighted_c_over_v, quasi_steady_pitch_angle_flux
from crlib.instability import spectral_factor
from crlib.waves import nonlinear_landau_damping_rate
from crlib.speeds import thermal_ion_speed
from crlib.anisotropy import resonant_cosmic_ray_density
from crlib.scattering import (
    EQ42_COEFFICIENT,
    PITCH_ANGLE_READINGS,
    nonlinear_landau_frequency_order_of_magnitude,
    nonlinear_landau_scattering_frequency,
    scattering_anisotropy_product,
    scattering_frequency,
)

positive = st.floats(min_value=1e-2, max_value=1e2, allow_nan=False, allow_infinity=False)
C = 2.99792458e10  # cm/s, exact: an independent literal for the hand checks below


# --- Eqs. 42, 56-57 ----------------------------------------------------------

def test_eq42_coefficient():
    # (1/3) * int P2^2 dmu / 3 = (1/3)(2/5)/3
    np.testing.assert_allclose(EQ42_COEFFICIENT, (2 / 5) / 9, rtol=1e-15)


def test_product_known_value():
    # v_A = 1e-4 c, tau_B = 1e12 s, |mu| = 1: nu Delta = (1/3) * 1e4 / 1e12.
    np.testing.assert_allclose(scattering_anisotropy_product(1e-4 * C, 1e12), 1e4 / 3 / 1e12, rtol=1e-12)


@pytest.mark.parametrize("mu", [0.2, 0.5, 0.9])
def test_product_is_the_exact_leading_order_solution(mu):
    # Independent route: the quasi-steady flux F_mu (any nu) and the co-moving tensor
    # F_mu = sign(mu)(p v_A/v) nu (1-mu^2)/2 A give A; with A = |f0'| Delta, nu Delta = A nu/|f0'|.
    v_A, tau_B, p, df0, nu = 1e-4 * C, 3e12, 2.0, -5.0, 7e-9
    F = quasi_steady_pitch_angle_flux(p, mu, df0, tau_B)
    A = F / (p * v_A / C * nu * (1 - mu**2) / 2)
    np.testing.assert_allclose(scattering_anisotropy_product(v_A, tau_B, mu=mu), A * nu / abs(df0), rtol=1e-12)


def test_product_satisfies_eq42_at_every_pitch_angle():
    # (v_A/c) int_0^1 mu (1 - mu^2) nu Delta(mu) dmu = (2/45)/tau_B
    v_A, tau_B = 2e-4 * C, 3.7e12
    moment = integrate.quad(lambda m: m * (1 - m**2) * scattering_anisotropy_product(v_A, tau_B, mu=m),
                            0.0, 1.0, epsabs=0.0, epsrel=1e-12)[0]
    np.testing.assert_allclose(v_A / C * moment, EQ42_COEFFICIENT / tau_B, rtol=1e-10)


def test_pitch_angle_readings():
    # the mu(1 - mu^2)-weighted mean of |mu| and the weight-dropped constant reading
    weighted = integrate.quad(lambda m: m * m * (1 - m**2), 0, 1)[0] / integrate.quad(lambda m: m * (1 - m**2), 0, 1)[0]
    np.testing.assert_allclose(PITCH_ANGLE_READINGS["mu(1-mu^2)-weighted mean"], weighted, rtol=1e-12)
    np.testing.assert_allclose(PITCH_ANGLE_READINGS["uniform mean"], 0.5, rtol=1e-15)
    # a mu-independent nu Delta with the weight of Eq. 42 set to 1: (v_A/c) nu Delta = (2/45)/tau_B
    np.testing.assert_allclose(PITCH_ANGLE_READINGS["constant nu Delta (weight dropped)"] / 3, 2 / 45, rtol=1e-15)
    assert PITCH_ANGLE_READINGS["|mu| = 1"] == 1.0


def test_mean_free_path_is_three_alfven_travel_lengths():
    # lambda = c/nu = 3 Delta v_A tau_B/|mu| for v = c (not the (45/2) of the weight-dropped reading).
    v_A, tau_B, delta = 6.1e6, 3.7e12, 1.7
    lam = mean_free_path(scattering_frequency(v_A, tau_B, anisotropy_factor=delta))
    np.testing.assert_allclose(lam, 3.0 * delta * v_A * tau_B, rtol=1e-12)
    lam_half = mean_free_path(scattering_frequency(v_A, tau_B, anisotropy_factor=delta, mu=0.5))
    np.testing.assert_allclose(lam_half, 2 * lam, rtol=1e-12)


@settings(deadline=None)
@given(v_A=positive, tau=positive, delta=positive, k=positive)
def test_scattering_frequency_scaling(v_A, tau, delta, k):
    v_A, tau = v_A * 1e6, tau * 1e12
    base = scattering_frequency(v_A, tau, anisotropy_factor=delta)
    np.testing.assert_allclose(scattering_frequency(k * v_A, tau, anisotropy_factor=delta),
                               base / k, rtol=1e-12)
    np.testing.assert_allclose(scattering_frequency(v_A, k * tau, anisotropy_factor=delta),
                               base / k, rtol=1e-12)
    np.testing.assert_allclose(scattering_frequency(v_A, tau, anisotropy_factor=k * delta),
                               base / k, rtol=1e-12)


def test_scattering_frequency_broadcasts():
    taus = np.array([1e11, 1e12, 1e13])
    np.testing.assert_allclose(scattering_frequency(1e7, taus),
                               scattering_frequency(1e7, 1e12) * 1e12 / taus, rtol=1e-12)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"v_A": 0.0}, "v_A"),
        ({"v_A": 2 * C}, "v_A"),
        ({"tau_B": -1.0}, "tau_B"),
        ({"tau_B": np.nan}, "tau_B"),
        ({"anisotropy_factor": 0.0}, "anisotropy_factor"),
        ({"anisotropy_factor": -0.5}, "anisotropy_factor"),
        ({"mu": 1.5}, "mu"),
        ({"mu": 0.0}, "mu"),
    ],
)
def test_scattering_frequency_errors(kwargs, name):
    args = {"v_A": 1e7, "tau_B": 1e12} | kwargs
    with pytest.raises(ValueError, match=rf"^scattering_frequency: {name} = "):
        scattering_frequency(args.pop("v_A"), args.pop("tau_B"), **args)


# --- Eq. 58 ------------------------------------------------------------------

def test_thermal_ion_speed_known_values():
    # CODATA 2018/2022 k_B and m_p (independent literals), T = 1.1e6 K.
    k_B, m_p = 1.380649e-16, 1.67262192595e-24
    for s, name in ((1, "sqrt(kT/m)"), (2, "sqrt(2kT/m)"), (3, "sqrt(3kT/m)")):
        np.testing.assert_allclose(thermal_ion_speed(1.1e6, definition=name),
                                   np.sqrt(s * k_B * 1.1e6 / m_p), rtol=1e-8)


def test_thermal_ion_speed_errors():
    with pytest.raises(ValueError, match=r"^thermal_ion_speed: T = "):
        thermal_ion_speed(-1.0)
    with pytest.raises(ValueError, match=r"^thermal_ion_speed: definition = 'kT/m' must be one of"):
        thermal_ion_speed(1e6, definition="kT/m")
    with pytest.raises(ValueError, match=r"^thermal_ion_speed: ion_mass = "):
        thermal_ion_speed(1e6, ion_mass=0.0)


def test_nonlinear_landau_damping_rate():
    np.testing.assert_allclose(nonlinear_landau_damping_rate(2e-8, 1e7), 2e-8 * 1e7 / C, rtol=1e-12)
    with pytest.raises(ValueError, match=r"^nonlinear_landau_damping_rate: v_i = "):
        nonlinear_landau_damping_rate(1e-8, 2 * C)
    with pytest.raises(ValueError, match=r"^nonlinear_landau_damping_rate: nu = "):
        nonlinear_landau_damping_rate(0.0, 1e7)


# --- n_c(>p_1) ---------------------------------------------------------------

@pytest.mark.parametrize("a", [4.2, 4.7, 5.5])
def test_resonant_density_matches_quadrature(a):
    # f = p^-a above p1 (any normalisation): P = (c/3) int p^3 f dp, n = int p^2 f dp.
    p1 = constants.m_p * constants.c
    P = constants.c / 3 * integrate.quad(lambda x: x ** (3 - a), 1.0, np.inf)[0] * p1 ** (4 - a)
    n = integrate.quad(lambda x: x ** (2 - a), 1.0, np.inf)[0] * p1 ** (3 - a)
    np.testing.assert_allclose(resonant_cosmic_ray_density(1.0, a) * P, n, rtol=1e-8)


def test_resonant_density_mean_energy():
    # mean energy per particle 3 P_c / n_c = (a-3)/(a-4) p1 c
    a, P_c = 4.7, 8.2e-14
    n = resonant_cosmic_ray_density(P_c, a, p_1=2.0 * constants.m_p * constants.c)
    np.testing.assert_allclose(3 * P_c / n, 1.7 / 0.7 * 2.0 * constants.m_p * constants.c**2,
                               rtol=1e-12)


@pytest.mark.parametrize("kwargs, name", [({"spectral_index": 4.0}, "spectral_index"), ({"P_c": 0.0}, "P_c"),
                                          ({"p_1": -1.0}, "p_1")])
def test_resonant_density_errors(kwargs, name):
    args = {"P_c": 1e-13, "spectral_index": 4.7} | kwargs
    with pytest.raises(ValueError, match=rf"^resonant_cosmic_ray_density: {name} = "):
        resonant_cosmic_ray_density(args.pop("P_c"), args.pop("spectral_index"), **args)


def test_resonant_density_with_the_exact_speed():
    # P = (4 pi/3) int p^3 v f dp with v = p c/sqrt(p^2 + m^2c^2): n_c/P from quadrature in x = p/(m_p c)
    a = 4.7
    P = integrate.quad(lambda x: x ** (3 - a) * x / np.hypot(1.0, x), 1.0, np.inf, limit=200)[0] / 3
    n = integrate.quad(lambda x: x ** (2 - a), 1.0, np.inf, limit=200)[0]
    m_c = constants.m_p * constants.c
    np.testing.assert_allclose(resonant_cosmic_ray_density(1.0, a, speed="exact") * m_c * constants.c, n / P,
                               rtol=1e-8)
    np.testing.assert_allclose(resonant_cosmic_ray_density(1.0, a, speed="exact")
                               / resonant_cosmic_ray_density(1.0, a), pressure_weighted_c_over_v(a, 1.0), rtol=1e-12)
    with pytest.raises(ValueError, match="resonant_cosmic_ray_density: speed"):
        resonant_cosmic_ray_density(1.0, a, speed="fast")


# --- Eqs. 59-60 --------------------------------------------------------------

def test_nlld_hand_value():
    # B = 1 uG, n_i = 1e-3, n_cr = 1e-10, tau_B = 1e12 s, v_i = 1e7 cm/s, a = 4.7, evaluated by
    # hand with CODATA constants: nu^2 = (1/3)(pi/4)(1.7/2.7) Omega_0 (n_cr/n_i) c^2/(v_A v_i tau_B).
    e, m_p = 4.80320471e-10, 1.67262192595e-24
    Omega_0 = e * 1e-6 / (m_p * C)
    v_A = 1e-6 / np.sqrt(4 * np.pi * 1e-3 * m_p)
    expected = np.sqrt((1 / 3) * (np.pi / 4) * (1.7 / 2.7) * Omega_0 * 1e-7 * C**2 / (v_A * 1e7 * 1e12))
    nu = nonlinear_landau_scattering_frequency(1e-6, 1e-3, 1e-10, 1e12, 1e7, 4.7)
    np.testing.assert_allclose(nu, expected, rtol=1e-8)


def test_nlld_order_of_magnitude_drops_every_coefficient():
    args = (1e-6, 1e-3, 1e-10, 1e12, 1e7)
    full = nonlinear_landau_scattering_frequency(*args, 4.7)
    rough = nonlinear_landau_frequency_order_of_magnitude(*args)
    np.testing.assert_allclose(full / rough, np.sqrt(np.pi / 12 * spectral_factor(4.7)), rtol=1e-12)
    e, m_p = 4.80320471e-10, 1.67262192595e-24
    v_A = 1e-6 / np.sqrt(4 * np.pi * 1e-3 * m_p)
    np.testing.assert_allclose(rough, np.sqrt(e * 1e-6 / (m_p * C) * 1e-7 * C**2 / (v_A * 1e7 * 1e12)), rtol=1e-8)


def test_nlld_frequency_is_the_root_of_damping_equals_growth():
    # Eq. 59 is a balance, not a formula: find its root numerically from crlib's separately
    # tested pieces -- damping nu v_i/c (Eq. 58), growth scale x spectral factor (Eq. 23) and
    # nu Delta (Eq. 56) -- and compare with the closed form, at a non-default mu and prefactor.
    from scipy.optimize import brentq

    from crlib.instability import growth_rate_scale
    from crlib.speeds import alfven_speed
    B, n_i, n_cr, tau_B, v_i, a, mu = 1e-6, 1.3e-3, 6.7e-11, 3.7e12, 9.5e6, 4.7, 0.6
    v_A = alfven_speed(B, n_i * constants.m_p)
    for normalization in ("physical", "paper"):
        G_1 = growth_rate_scale(B, n_i, n_cr, normalization=normalization) * spectral_factor(a)
        product = scattering_anisotropy_product(v_A, tau_B, mu=mu)  # nu Delta

        def excess(log_nu, G_1=G_1, product=product):
            nu = np.exp(log_nu)
            return nonlinear_landau_damping_rate(nu, v_i) - G_1 * product / nu

        root = np.exp(brentq(excess, np.log(1e-20), np.log(1e2), xtol=1e-14, rtol=1e-14))
        closed = nonlinear_landau_scattering_frequency(B, n_i, n_cr, tau_B, v_i, a, mu=mu,
                                                       normalization=normalization)
        np.testing.assert_allclose(closed, root, rtol=1e-10)


@settings(deadline=None)
@given(k=positive)
def test_nlld_square_root_scalings(k):
    args = (1e-6, 1e-3, 1e-10, 1e12, 1e7, 4.7)
    base = nonlinear_landau_scattering_frequency(*args)
    for index, power in ((2, 0.5), (3, -0.5), (4, -0.5)):
        changed = list(args)
        changed[index] = args[index] * k
        np.testing.assert_allclose(nonlinear_landau_scattering_frequency(*changed),
                                   base * k**power, rtol=1e-10)
        np.testing.assert_allclose(nonlinear_landau_frequency_order_of_magnitude(*changed[:5]),
                                   nonlinear_landau_frequency_order_of_magnitude(*args[:5]) * k**power, rtol=1e-10)
    np.testing.assert_allclose(
        nonlinear_landau_scattering_frequency(*args, normalization="paper"),
        base / np.sqrt(2.0), rtol=1e-12)
    np.testing.assert_allclose(
        nonlinear_landau_scattering_frequency(*args, mu=0.25),
        base / 2.0, rtol=1e-12)


@pytest.mark.parametrize(
    "index, value, name",
    [(0, 0.0, "B"), (1, -1.0, "n_i"), (2, 0.0, "n_cr"), (3, 0.0, "tau_B"),
     (4, 0.0, "v_i"), (5, 3.9, "spectral_index")],
)
def test_nlld_errors(index, value, name):
    args = [1e-6, 1e-3, 1e-10, 1e12, 1e7, 4.7]
    args[index] = value
    with pytest.raises(ValueError, match=rf"^nonlinear_landau_scattering_frequency: {name} = "):
        nonlinear_landau_scattering_frequency(*args)
    if index < 5:
        with pytest.raises(ValueError, match=f"{name} = "):
            nonlinear_landau_frequency_order_of_magnitude(*args[:5])
