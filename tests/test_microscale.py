"""crlib.anisotropy, scatter-free response of an isotropic power law (chapter 02-2):
the exact profile, the Legendre coupling coefficients and the series solver,
against independent routes (quadrature projections, an ODE integration of the
characteristics, the first-order law of Eq. 9), limits (hypothesis) and errors."""

from fractions import Fraction

import astropy.units as u
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.polynomial import legendre as npleg
from scipy.integrate import solve_ivp

from crlib.adiabatic import (
    adiabatic_legendre_series,
    adiabatic_power_law_profile,
    adiabatic_solution,
    legendre_coupling_coefficients,
)
from crlib.anisotropy import legendre_coefficient

A_INDEX = 4.7


def _project(values_of_mu, n):
    # (2n+1)/2 int P_n(mu) g(mu) dmu by 200-node Gauss-Legendre quadrature (independent of crlib)
    nodes, weights = npleg.leggauss(200)
    P_n = npleg.legval(nodes, [0] * n + [1])
    return (2 * n + 1) / 2 * np.sum(weights * P_n * values_of_mu(nodes))


# --- legendre_coupling_coefficients ---------------------------------------------

@pytest.mark.parametrize("l", range(0, 11))
def test_coupling_coefficients_match_projections(l):
    # L[g P_l] = P_{l+j} [alpha_j p g' + beta_j g]: alpha from (1-mu^2)/2 P_l, beta from -mu(1-mu^2)/2 P_l'
    P_l = np.zeros(l + 1)
    P_l[l] = 1.0
    dP_l = npleg.legder(P_l) if l else np.zeros(1)
    alpha, beta = legendre_coupling_coefficients(l)
    for k, j in enumerate((-2, 0, 2)):
        n = l + j
        if n < 0:
            assert alpha[k] == 0.0 and beta[k] == 0.0
            continue
        a_proj = _project(lambda m: (1 - m**2) / 2 * npleg.legval(m, P_l), n)
        b_proj = _project(lambda m: -m * (1 - m**2) / 2 * npleg.legval(m, dP_l), n)
        np.testing.assert_allclose([alpha[k], beta[k]], [a_proj, b_proj], rtol=1e-12, atol=1e-14)


def test_coupling_coefficients_known_rationals():
    # Eq. 9: (1 - mu^2)/2 = (P_0 - P_2)/3; and the l = 2 row printed in chapter 02-2
    alpha0, beta0 = legendre_coupling_coefficients(0)
    np.testing.assert_allclose(alpha0, [0.0, 1 / 3, -1 / 3], rtol=1e-15)
    np.testing.assert_allclose(beta0, [0.0, 0.0, 0.0], atol=0)
    alpha2, beta2 = legendre_coupling_coefficients(2)
    expected_alpha = [Fraction(-1, 15), Fraction(5, 21), Fraction(-6, 35)]
    expected_beta = [Fraction(-1, 5), Fraction(-1, 7), Fraction(12, 35)]
    np.testing.assert_allclose(alpha2, [float(x) for x in expected_alpha], rtol=1e-15)
    np.testing.assert_allclose(beta2, [float(x) for x in expected_beta], rtol=1e-15)


def test_coupling_coefficients_refuse_bad_order():
    for bad in (-1, 2.5, True, "2"):
        with pytest.raises(ValueError, match="legendre_coupling_coefficients: l"):
            legendre_coupling_coefficients(bad)


# --- adiabatic_power_law_profile -------------------------------------------------

def test_profile_equals_characteristics():
    # the closed form against the general characteristic solution for f = p^-a
    mu = np.linspace(-1, 1, 21)
    for b in (0.4, 0.9, 2.5):
        general = adiabatic_solution(lambda p, m: p ** -A_INDEX, 3.0, mu, b) * 3.0 ** A_INDEX
        np.testing.assert_allclose(adiabatic_power_law_profile(mu, b, A_INDEX), general, rtol=1e-13)


def test_profile_from_integrated_invariants():
    # integrate dp/dt and dmu/dt of Eq. 6 backwards from (p, mu) with Bdot/B = -1 (b = e^-t)
    p_now, mu_now, t_end = 2.0, 0.35, np.log(2.0)

    def rhs(t, y):   # backwards in time: Bdot/B = -1 reversed
        p, mu = y
        return [p * (1 - mu**2) / 2, -mu * (1 - mu**2) / 2]

    sol = solve_ivp(rhs, (0, t_end), [p_now, mu_now], rtol=1e-12, atol=1e-14)
    p_then = sol.y[0, -1]
    expected = (p_then / p_now) ** -A_INDEX          # f is constant along the path: p_then^-a / p_now^-a
    np.testing.assert_allclose(adiabatic_power_law_profile(mu_now, 0.5, A_INDEX), expected, rtol=1e-9)


@given(st.floats(min_value=0.05, max_value=20.0), st.floats(min_value=2.0, max_value=8.0))
def test_profile_limits(b, a):
    # along B the particle keeps its momentum; across B, p_perp^2 / B fixed gives b^(a/2)
    assert adiabatic_power_law_profile(1.0, b, a) == pytest.approx(1.0, rel=1e-14)
    assert adiabatic_power_law_profile(0.0, b, a) == pytest.approx(b ** (a / 2), rel=1e-12)


def test_profile_errors_and_quantities():
    with pytest.raises(ValueError, match="adiabatic_power_law_profile: B_ratio"):
        adiabatic_power_law_profile(0.3, 0.0, A_INDEX)
    with pytest.raises(ValueError, match="adiabatic_power_law_profile: mu"):
        adiabatic_power_law_profile(1.2, 0.5, A_INDEX)
    with pytest.raises(ValueError, match="adiabatic_power_law_profile: spectral_index"):
        adiabatic_power_law_profile(0.3, 0.5, np.nan)
    with pytest.raises(ValueError, match="B_ratio"):
        adiabatic_power_law_profile(0.3, 0.5 * u.G, A_INDEX)
    value = adiabatic_power_law_profile(0.3, 50 * u.percent, A_INDEX)
    assert value.unit == u.dimensionless_unscaled
    np.testing.assert_allclose(value.value, adiabatic_power_law_profile(0.3, 0.5, A_INDEX), rtol=1e-14)


# --- adiabatic_legendre_series ----------------------------------------------------

@pytest.mark.parametrize("b", [0.99, 0.7, 0.5, 1.6])
def test_series_matches_projection_of_exact_profile(b):
    series = adiabatic_legendre_series(b, A_INDEX)
    exact = [legendre_coefficient(lambda m: adiabatic_power_law_profile(m, b, A_INDEX), L, order=96)
             for L in (0, 2, 4, 6, 8)]
    np.testing.assert_allclose(series[:5], exact, rtol=1e-9, atol=1e-13)


@given(st.floats(min_value=1e-6, max_value=1e-4), st.floats(min_value=3.0, max_value=6.0))
def test_series_first_order_law(ln_drop, a):
    # Eq. 9: f_2/f_0 = (a/3) ln(B_0/B) to first order
    c = adiabatic_legendre_series(np.exp(-ln_drop), a, l_max=20)
    assert c[1] / c[0] == pytest.approx(a / 3 * ln_drop, rel=5 * ln_drop * a)


def test_series_conserves_number_and_scales_as_b():
    # c_0 is the isotropic part: n_c(>p) ~ int f_0 p^2 dp per unit B for a = 3 (number density ~ B)
    # For a = 3 the p^-3 spectrum carries log-flat number: c_0(b) = b exactly (n_c/B constant, Eq. 6).
    for b in (0.5, 0.8, 1.5):
        assert adiabatic_legendre_series(b, 3.0)[0] == pytest.approx(b, rel=1e-12)


def test_series_l_max_and_errors():
    np.testing.assert_allclose(adiabatic_legendre_series(0.6, A_INDEX, l_max=40)[:6],
                               adiabatic_legendre_series(0.6, A_INDEX, l_max=60)[:6], rtol=1e-12)
    with pytest.raises(ValueError, match="adiabatic_legendre_series: the series truncated at l_max = 10"):
        adiabatic_legendre_series(0.5, A_INDEX, l_max=10)
    with pytest.raises(ValueError, match="adiabatic_legendre_series: l_max"):
        adiabatic_legendre_series(0.5, A_INDEX, l_max=7)
    with pytest.raises(ValueError, match="adiabatic_legendre_series: l_max"):
        adiabatic_legendre_series(0.5, A_INDEX, l_max=0)
    with pytest.raises(ValueError, match="adiabatic_legendre_series: B_ratio"):
        adiabatic_legendre_series(-0.5, A_INDEX)
    with pytest.raises(ValueError, match="adiabatic_legendre_series: spectral_index"):
        adiabatic_legendre_series(0.5, "4.7")
