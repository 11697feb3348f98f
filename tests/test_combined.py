"""crlib.combined: the Section 7 combinations, against quadrature of Eq. 15 with
the combined anisotropy functional, the Eq. 19 and Eq. 23 limits, symmetries
(hypothesis), error paths and array handling."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.integrate import quad

from crlib import constants
from crlib.combined import (
    WAVE_FAMILIES,
    critical_drift_anisotropy,
    growth_rate_combined,
    transverse_pressure_gradient,
)
from crlib.dispersion import kinetic_wave_frequency
from crlib.instability import (
    GROWTH_RATE_PREFACTORS,
    growth_rate_drift,
    growth_rate_pressure_anisotropy,
    growth_rate_scale,
    spectral_factor,
    threshold_zeta,
)
from crlib.speeds import alfven_speed, gyrofrequency

# ISM-like plasma: 5 microgauss, 0.01 protons per cc (v_A ~ 110 km/s).
B0, N_I, N_CR = 5e-6, 0.01, 1e-9
V_A = float(alfven_speed(B0, N_I * constants.m_p))
X = V_A / constants.c                       # v_A / c
SIGNS = {"+B": 1, "-B": -1, "right": 1, "left": -1}

units = st.floats(min_value=0.0, max_value=5.0, allow_nan=False)   # alpha, zeta in units of v_A/c
index = st.floats(min_value=3.05, max_value=20.0, allow_nan=False)


def _quadrature_rate(alpha, zeta, a, direction, polarization):
    """Eq. 15 (physical pi/4 where the paper prints pi/8, f-bar convention) with A of f0 - alpha p f0' P1 - zeta p f0' P2,
    evaluated at mu_r = s_pol s_k p1/p with kv/omega = s_k c/v_A; f0 = p^-a, p1 = 1."""
    s_k, s_pol = SIGNS[direction], SIGNS[polarization]
    c_vA = 1.0 / X

    def integrand(p):
        df0 = -a * p ** (-a - 1.0)
        mu_r = s_pol * s_k / p
        # (kv/omega)(1/p) df/dmu with df/dmu = -p f0' (alpha + 3 zeta mu)
        A = df0 + s_k * c_vA / p * (-p * df0) * (alpha + 3.0 * zeta * mu_r)
        return (p**2 - 1.0) * A

    resonant, _ = quad(integrand, 1.0, np.inf, limit=200, epsabs=0.0, epsrel=1e-12)
    n_above, _ = quad(lambda p: 2.0 * p ** (2.0 - a), 1.0, np.inf, limit=200, epsabs=0.0, epsrel=1e-12)
    return np.pi / 4 * gyrofrequency(B0) / N_I * resonant * N_CR / n_above  # physical prefactor


class TestTransversePressureGradient:
    def test_value(self):
        np.testing.assert_allclose(transverse_pressure_gradient(2.0e-25, 1.0e7), 2.0e-32, rtol=1e-15)

    def test_is_excess_over_radius(self):
        # Delta P_c = rate * N R / C_ma over a radius R: R drops out
        rate, C, N = 1.67e-25, 3.0e6, 2.5
        for R in (1e17, 3e19):
            np.testing.assert_allclose(transverse_pressure_gradient(rate, C, crossing_times=N),
                                       rate * (N * R / C) / R, rtol=1e-14)

    def test_array(self):
        out = transverse_pressure_gradient(np.array([1.0, 2.0]), np.array([2.0, 2.0]))
        np.testing.assert_allclose(out, [0.5, 1.0])

    @pytest.mark.parametrize(("kwargs", "name"), [
        ({"injection_rate": -1.0}, "injection_rate"),
        ({"injection_rate": np.nan}, "injection_rate"),
        ({"C_ma": 0.0}, "C_ma"),
        ({"crossing_times": 0.5}, "crossing_times"),
    ])
    def test_errors(self, kwargs, name):
        args = {"injection_rate": 1.0, "C_ma": 1.0, "crossing_times": 1.0} | kwargs
        with pytest.raises(ValueError, match=rf"^transverse_pressure_gradient: {name} = "):
            transverse_pressure_gradient(args["injection_rate"], args["C_ma"],
                                         crossing_times=args["crossing_times"])


class TestGrowthRateCombined:
    @pytest.mark.parametrize(("direction", "polarization"), WAVE_FAMILIES)
    @pytest.mark.parametrize("a", [3.5, 4.7, 6.0])
    def test_against_quadrature_of_eq15(self, direction, polarization, a):
        alpha, zeta = 0.7 * X, 1.3 * X
        expected = _quadrature_rate(alpha, zeta, a, direction, polarization)
        got = growth_rate_combined(B0, N_I, N_CR, alpha, zeta, a, direction=direction,
                                   polarization=polarization)
        np.testing.assert_allclose(got, expected, rtol=1e-7)

    @pytest.mark.parametrize("polarization", ["right", "left"])
    def test_drift_limit_eq19(self, polarization):
        alphas = np.array([0.0, 0.5, 1.0, 4.0]) * X
        np.testing.assert_allclose(
            growth_rate_combined(B0, N_I, N_CR, alphas, 0.0, 4.7, polarization=polarization),
            growth_rate_drift(B0, N_I, N_CR, alphas * constants.c, 4.7), rtol=1e-12)

    @pytest.mark.parametrize("direction", ["+B", "-B"])
    @pytest.mark.parametrize(("polarization", "resonance"), [("right", "co-moving"), ("left", "counter-moving")])
    def test_pressure_limit_eq23(self, direction, polarization, resonance):
        zetas = np.array([-2.0, 0.0, 0.5, 3.0]) * X
        np.testing.assert_allclose(
            growth_rate_combined(B0, N_I, N_CR, 0.0, zetas, 4.7, direction=direction, polarization=polarization),
            growth_rate_pressure_anisotropy(B0, N_I, N_CR, 12.0 / 5.0 * zetas, 4.7, resonance=resonance),
            rtol=1e-12)

    @given(alpha=units, zeta=units, a=index)
    def test_co_streaming_right_hand_fastest(self, alpha, zeta, a):
        rates = {fam: growth_rate_combined(B0, N_I, N_CR, alpha * X, zeta * X, a,
                                           direction=fam[0], polarization=fam[1]) for fam in WAVE_FAMILIES}
        fastest = rates[("+B", "right")]
        scale = float(np.pi / 4 * gyrofrequency(B0) * N_CR / N_I)
        assert all(fastest >= r - 1e-12 * scale for r in rates.values())

    @given(alpha=units, zeta=units)
    def test_superposition_and_mirror(self, alpha, zeta):
        def G(al, ze, d="+B", p="right"):
            return growth_rate_combined(B0, N_I, N_CR, al * X, ze * X, 4.7, direction=d, polarization=p)

        scale = float(np.pi / 4 * gyrofrequency(B0) * N_CR / N_I)
        np.testing.assert_allclose(G(alpha, zeta), G(alpha, 0) + G(0, zeta) - G(0, 0), atol=1e-10 * scale)
        for pol in ("right", "left"):
            np.testing.assert_allclose(G(alpha, zeta, "-B", pol), G(-alpha, zeta, "+B", pol), atol=1e-10 * scale)

    def test_paper_normalisation(self):
        ratio = (growth_rate_combined(B0, N_I, N_CR, 2 * X, X, 4.7, normalization="paper")
                 / growth_rate_combined(B0, N_I, N_CR, 2 * X, X, 4.7))
        np.testing.assert_allclose(ratio, GROWTH_RATE_PREFACTORS["paper"] / GROWTH_RATE_PREFACTORS["physical"])
        np.testing.assert_allclose(ratio, 0.5)

    def test_uses_the_growth_rate_scale(self):
        g = growth_rate_combined(B0, N_I, N_CR, 0.0, 0.0, 4.7)
        np.testing.assert_allclose(g, -growth_rate_scale(B0, N_I, N_CR) * spectral_factor(4.7), rtol=1e-14)

    def test_kinetic_root_for_combined_drives(self):
        # Both drives at once, fastest family: the complex root of the kinetic dispersion
        # relation against the closed form (physical prefactor).
        from crlib import constants
        B, n_i, n_cr = 3e-6, 1.0, 1e-14
        v_A = alfven_speed(B, n_i * constants.m_p)
        alpha, zeta = 2 * v_A / constants.c, 2 * threshold_zeta(5.0) * v_A / constants.c
        k = constants.e * B / (1e3 * constants.m_p * constants.c**2)
        omega = kinetic_wave_frequency(B, n_i, n_cr, alpha, zeta, 5.0, k)
        np.testing.assert_allclose(omega.imag / growth_rate_combined(B, n_i, n_cr, alpha, zeta, 5.0), 1.0,
                                   atol=5e-3)

    def test_array_broadcast(self):
        out = growth_rate_combined(B0, N_I, N_CR, np.array([0.0, 1.0, 2.0]) * X, X, 4.7)
        assert out.shape == (3,)
        assert np.all(np.diff(out) > 0)

    @pytest.mark.parametrize(("args", "kwargs", "name"), [
        ((B0, N_I, N_CR, 1.0, 0.0, 4.7), {}, "alpha"),
        ((B0, N_I, N_CR, 0.0, -1.5, 4.7), {}, "zeta"),
        ((B0, N_I, N_CR, 0.0, 0.0, 3.0), {}, "spectral_index"),
        ((B0, -1.0, N_CR, 0.0, 0.0, 4.7), {}, "n_i"),
        ((B0, N_I, np.nan, 0.0, 0.0, 4.7), {}, "n_cr"),
        ((B0, N_I, N_CR, 0.0, 0.0, 4.7), {"direction": "up"}, "direction"),
        ((B0, N_I, N_CR, 0.0, 0.0, 4.7), {"polarization": "linear"}, "polarization"),
        ((B0, N_I, N_CR, 0.0, 0.0, 4.7), {"normalization": "other"}, "normalization"),
    ])
    def test_errors(self, args, kwargs, name):
        with pytest.raises(ValueError, match=rf"^growth_rate_combined: {name} = "):
            growth_rate_combined(*args, **kwargs)


class TestCriticalDriftAnisotropy:
    @pytest.mark.parametrize("a", [3.5, 4.7, 8.0])
    @pytest.mark.parametrize("zeta_units", [1.5, 2.0, 5.0])
    def test_marginal_counter_propagating_wave(self, a, zeta_units):
        zeta = zeta_units * X
        alpha_c = critical_drift_anisotropy(zeta, V_A, a)
        scale = float(np.pi / 4 * gyrofrequency(B0) * N_CR / N_I)
        G = growth_rate_combined(B0, N_I, N_CR, np.array([0.9, 1.0, 1.1]) * alpha_c, zeta, a,
                                 direction="-B", polarization="right") / scale
        assert G[0] > 0 and G[2] < 0
        np.testing.assert_allclose(G[1], 0.0, atol=1e-9)

    def test_twice_threshold_is_alfvenic_drift(self):
        zeta = 2 * threshold_zeta(4.7) * X
        np.testing.assert_allclose(critical_drift_anisotropy(zeta, V_A, 4.7), X, rtol=1e-12)

    def test_below_threshold_negative(self):
        assert critical_drift_anisotropy(0.5 * threshold_zeta(4.7) * X, V_A, 4.7) < 0

    @pytest.mark.parametrize(("args", "name"), [
        ((np.inf, V_A, 4.7), "zeta"),
        ((X, constants.c, 4.7), "v_A"),
        ((X, V_A, 2.5), "spectral_index"),
    ])
    def test_errors(self, args, name):
        with pytest.raises(ValueError, match=rf"^critical_drift_anisotropy: {name} = "):
            critical_drift_anisotropy(*args)
