"""crlib.anisotropy: Eqs. 5–10 and 21 against independent quadrature, the
adiabatic invariants, limits (hypothesis), error paths and array handling."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.polynomial import legendre as npleg
from scipy.integrate import quad, solve_ivp
from scipy.special import eval_legendre, spherical_in

from crlib import constants
from crlib.adiabatic import momentum_rate, pitch_cosine_rate
from crlib.anisotropy import (
    anisotropy_parameter,
    legendre_coefficient,
    parallel_pressure,
    particle_speed,
    perpendicular_pressure,
    pressure_anisotropy,
    relative_pressure_anisotropy,
    scalar_pressure,
)

cosine = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False)
rate = st.floats(min_value=-10.0, max_value=10.0, allow_nan=False)

# A smooth spectrum: f0 = p^-a exp(-p_c/p), in units where p_c = 1 (momentum unit P_UNIT).
A_INDEX = 4.5
P_UNIT = 100 * constants.GeV / constants.c  # far above m_p c: ultrarelativistic


X_MAX = 300.0  # exponential upper cutoff, so p^4 f0 -> 0 at both ends


def f0_of(x, a=A_INDEX):
    return x**-a * np.exp(-1.0 / x - x / X_MAX)


def df0_dx(x, a=A_INDEX):
    return f0_of(x, a) * (-a / x + 1.0 / x**2 - 1.0 / X_MAX)


GRID = np.geomspace(0.01, 3e4, 4001)  # in units of P_UNIT


class TestAdiabaticRates:
    def test_invariants_along_orbits(self):
        # Integrate dp/dt, dmu/dt through a field that falls by e^-2, check p mu and p^2(1-mu^2)/B.
        r = -0.5  # Bdot/B [s^-1]

        def rhs(t, y):
            return [momentum_rate(y[0], y[1], r), pitch_cosine_rate(y[1], r)]

        for mu0 in (-0.9, -0.3, 0.0, 0.4, 0.95):
            sol = solve_ivp(rhs, (0.0, 4.0), [3.0, mu0], rtol=1e-11, atol=1e-13)
            p, mu = sol.y[:, -1]
            B_ratio = np.exp(r * 4.0)
            np.testing.assert_allclose(p * mu, 3.0 * mu0, rtol=1e-8, atol=1e-12)
            np.testing.assert_allclose(p**2 * (1 - mu**2) / B_ratio, 9.0 * (1 - mu0**2), rtol=1e-8)

    @given(mu=cosine, r=rate)
    def test_odd_and_linear(self, mu, r):
        np.testing.assert_allclose(pitch_cosine_rate(-mu, r), -pitch_cosine_rate(mu, r), atol=1e-300)
        np.testing.assert_allclose(momentum_rate(2.0, mu, 2 * r), 2 * momentum_rate(2.0, mu, r), rtol=1e-14, atol=1e-300)

    def test_field_aligned_particles_unaffected(self):
        assert momentum_rate(1.0, 1.0, -3.0) == 0.0
        assert pitch_cosine_rate(-1.0, -3.0) == 0.0

    @pytest.mark.parametrize("bad", [1.5, -1.0001, np.nan])
    def test_bad_mu(self, bad):
        with pytest.raises(ValueError, match=r"^pitch_cosine_rate: mu = "):
            pitch_cosine_rate(bad, 1.0)
        with pytest.raises(ValueError, match=r"^momentum_rate: mu = "):
            momentum_rate(1.0, bad, 1.0)

    def test_bad_momentum(self):
        with pytest.raises(ValueError, match=r"^momentum_rate: p = "):
            momentum_rate(0.0, 0.5, 1.0)


class TestLegendreCoefficient:
    @pytest.mark.parametrize("coeffs", [[1.0], [0.3, -1.0, 2.0], [1.0, 0.0, 0.5, 0.0, -0.25, 0.1]])
    def test_polynomial_against_numpy(self, coeffs):
        # numpy's Legendre series: f = sum c_l P_l, so the projection must return c_l.
        for l, c in enumerate(coeffs):
            got = legendre_coefficient(lambda mu: npleg.legval(mu, coeffs), l)
            np.testing.assert_allclose(got, c, atol=1e-13)

    @pytest.mark.parametrize("l", [0, 1, 2, 3, 4, 7])
    def test_exponential_against_bessel_closed_form(self, l):
        # int_{-1}^{1} exp(b mu) P_l(mu) dmu = 2 i_l(b), i_l the modified spherical Bessel function.
        expected = (2 * l + 1) / 2 * 2 * spherical_in(l, 1.3)
        np.testing.assert_allclose(legendre_coefficient(lambda mu: np.exp(1.3 * mu), l), expected, rtol=1e-12, atol=1e-13)

    def test_against_quad(self):
        expected = 2.5 * quad(lambda mu: np.sqrt(2.0 - mu) * eval_legendre(2, mu), -1, 1)[0]
        np.testing.assert_allclose(legendre_coefficient(lambda mu: np.sqrt(2.0 - mu), 2), expected, rtol=1e-10)

    def test_series_reconstructs_function(self):
        # Eq. 7: sum_l f_l P_l(mu) returns f.
        mu = np.linspace(-1, 1, 7)
        series = sum(legendre_coefficient(lambda m: np.cosh(m), l) * eval_legendre(l, mu) for l in range(20))
        np.testing.assert_allclose(series, np.cosh(mu), rtol=1e-12)

    def test_extra_axes_pass_through(self):
        p = np.array([1.0, 2.0, 3.0])
        f2 = legendre_coefficient(lambda mu: p[:, None] ** -2 * (1 + 0.1 * eval_legendre(2, mu)), 2)
        np.testing.assert_allclose(f2, 0.1 * p**-2, rtol=1e-13)

    @given(c1=st.floats(-5, 5), c2=st.floats(-5, 5))
    def test_linear(self, c1, c2):
        got = legendre_coefficient(lambda mu: c1 * mu**2 + c2 * mu**4, 2)
        np.testing.assert_allclose(
            got, c1 * legendre_coefficient(lambda mu: mu**2, 2) + c2 * legendre_coefficient(lambda mu: mu**4, 2),
            rtol=1e-12, atol=1e-12,
        )

    @pytest.mark.parametrize("l", [-1, 1.5, True])
    def test_bad_order(self, l):
        with pytest.raises(ValueError, match=r"^legendre_coefficient: l = "):
            legendre_coefficient(lambda mu: mu, l)

    def test_bad_nodes_and_nan(self):
        with pytest.raises(ValueError, match=r"^legendre_coefficient: order = "):
            legendre_coefficient(lambda mu: mu, 1, order=0)
        with pytest.raises(ValueError, match=r"^legendre_coefficient: f\(mu\) = nan must be finite"):
            legendre_coefficient(lambda mu: np.full_like(mu, np.nan), 1)


class TestPressures:
    p = GRID * P_UNIT

    def _quad_pressure(self, weight, f2_scale, mass):
        # int (f0 + f2 P2) p v w(mu) d^3p, d^3p = 2 pi p^2 dp dmu, over the grid's range: nested quad,
        # the outer one in u = ln(p / P_UNIT).
        def inner(x):
            mu_part = quad(lambda mu: (1.0 + f2_scale * eval_legendre(2, mu)) * weight(mu), -1.0, 1.0)[0]
            p = x * P_UNIT
            return 2 * np.pi * f0_of(x) * p * particle_speed(p, mass=mass) * p**2 * mu_part * P_UNIT * x

        u0, u1 = np.log(GRID[0]), np.log(GRID[-1])
        return quad(lambda u: inner(np.exp(u)), u0, u1, limit=400, epsabs=0.0, epsrel=1e-11)[0]

    @pytest.mark.parametrize("mass", [0.0, constants.m_p])
    def test_against_double_quadrature(self, mass):
        f0, f2 = f0_of(GRID), 0.2 * f0_of(GRID)
        P_par = self._quad_pressure(lambda mu: mu**2, 0.2, mass)
        P_perp = self._quad_pressure(lambda mu: (1 - mu**2) / 2, 0.2, mass)
        P_tot = self._quad_pressure(lambda mu: 1.0 / 3.0, 0.2, mass)
        np.testing.assert_allclose(parallel_pressure(f0, f2, self.p, mass=mass), P_par, rtol=1e-6)
        np.testing.assert_allclose(perpendicular_pressure(f0, f2, self.p, mass=mass), P_perp, rtol=1e-6)
        np.testing.assert_allclose(scalar_pressure(f0, self.p, mass=mass), P_tot, rtol=1e-6)
        np.testing.assert_allclose(pressure_anisotropy(f2, self.p, mass=mass), P_par - P_perp, rtol=1e-6)

    def test_identities(self):
        f0, f2 = f0_of(GRID), -0.3 * f0_of(GRID)
        par = parallel_pressure(f0, f2, self.p)
        perp = perpendicular_pressure(f0, f2, self.p)
        np.testing.assert_allclose((par + 2 * perp) / 3, scalar_pressure(f0, self.p), rtol=1e-13)
        np.testing.assert_allclose(par - perp, pressure_anisotropy(f2, self.p), rtol=1e-12)

    def test_stacked_distributions(self):
        f2 = np.vstack([f0_of(GRID), 2 * f0_of(GRID)])
        dP = pressure_anisotropy(f2, self.p)
        assert dP.shape == (2,)
        np.testing.assert_allclose(dP[1] / dP[0], 2.0)

    def test_bad_grid_and_shapes(self):
        with pytest.raises(ValueError, match=r"^pressure_anisotropy: p must be a strictly increasing"):
            pressure_anisotropy(np.ones(5), np.array([1.0, 3.0, 2.0, 4.0, 5.0]))
        with pytest.raises(ValueError, match=r"^pressure_anisotropy: f2 has shape \(4,\); its last axis must match"):
            pressure_anisotropy(np.ones(4), np.arange(1.0, 6.0))
        with pytest.raises(ValueError, match=r"^scalar_pressure: p = "):
            scalar_pressure(np.ones(3), np.array([-1.0, 1.0, 2.0]))
        with pytest.raises(ValueError, match=r"^particle_speed: mass = "):
            particle_speed(1.0, mass=-1.0)


class TestEq21:
    def _ratio_per_zeta(self, mass):
        # Delta P_c / P_c for f = f0 - zeta p f0' P2, per unit zeta (Eqs. 10, 20).
        p = GRID * P_UNIT
        f0 = f0_of(GRID)
        f2 = -GRID * df0_dx(GRID)  # -p df0/dp, dimensionless momentum
        return pressure_anisotropy(f2, p, mass=mass) / scalar_pressure(f0, p, mass=mass)

    def test_ultrarelativistic_twelve_fifths(self):
        ratio = self._ratio_per_zeta(0.0)
        np.testing.assert_allclose(ratio, 12 / 5, rtol=1e-6)
        np.testing.assert_allclose(anisotropy_parameter(1e-3 * ratio), 1e-3, rtol=1e-6)

    def test_nonrelativistic_limit_is_three(self):
        # Weight 4 + 1/gamma^2 -> 5: Delta P/P = 3 zeta when every particle has p << m c.
        ratio = self._ratio_per_zeta(1e6 * P_UNIT / constants.c)
        np.testing.assert_allclose(ratio, 3.0, rtol=1e-6)

    @given(x=st.floats(min_value=-0.99, max_value=0.99, allow_nan=False))
    def test_round_trip(self, x):
        np.testing.assert_allclose(relative_pressure_anisotropy(anisotropy_parameter(x)), x, rtol=1e-14, atol=1e-300)

    @pytest.mark.parametrize("bad", [1.0, -2.0, np.inf])
    def test_bad_anisotropy(self, bad):
        with pytest.raises(ValueError, match=r"^anisotropy_parameter: anisotropy = "):
            anisotropy_parameter(bad)
        with pytest.raises(ValueError, match=r"^relative_pressure_anisotropy: zeta = "):
            relative_pressure_anisotropy(bad)
