"""crlib.instability: Eqs. 12–23 against quadrature of their defining integrals,
limits and monotonicity (hypothesis), error paths and array handling."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.integrate import quad

from crlib import constants
from crlib.anisotropy import ZETA_PER_ANISOTROPY, drift_speed
from crlib.dispersion import kinetic_wave_frequency
from crlib.instability import (
    GROWTH_RATE_PREFACTORS,
    growth_rate_drift,
    growth_rate_pressure_anisotropy,
    growth_rate_scale,
    resonant_momentum,
    resonant_pitch_cosine,
    spectral_factor,
    threshold_anisotropy,
    threshold_zeta,
)
from crlib.speeds import alfven_speed, gyrofrequency

INDICES = [3.2, 4.0, 4.3, 4.7, 5.5, 8.0]
PRESSURE_INDICES = [4.2, 4.7, 5.5, 8.0]
index = st.floats(min_value=3.01, max_value=50.0, allow_nan=False)
pressure_index = st.floats(min_value=4.01, max_value=50.0, allow_nan=False)

# ISM-like plasma: 5 microgauss, 0.01 protons per cc (v_A ~ 110 km/s).
B0, N_I, N_CR = 5e-6, 0.01, 1e-9


def _resonant_integral(dfdp, p1=1.0):
    """p1 * int_{p1}^inf (p^2 - p1^2) A dp: Eq. 15 without its prefactor."""
    val, _ = quad(lambda p: p1 * (p**2 - p1**2) * dfdp(p), p1, np.inf, limit=200, epsabs=0.0, epsrel=1e-12)
    return val


def _number_above(f0, p1=1.0):
    """n_c(>p1) = int int f p^2 dp dmu = 2 int_{p1}^inf f0 p^2 dp (2 pi absorbed)."""
    val, _ = quad(lambda p: 2.0 * f0(p) * p**2, p1, np.inf, limit=200, epsabs=0.0, epsrel=1e-12)
    return val


class TestSpectralFactor:
    @pytest.mark.parametrize("a", INDICES)
    def test_against_quadrature_of_eq15(self, a):
        # E = p1 int (p^2-p1^2)(-df0/dp) dp / n_c(>p1) for f0 = p^-a.
        num = _resonant_integral(lambda p: a * p ** (-a - 1.0))
        np.testing.assert_allclose(spectral_factor(a), num / _number_above(lambda p: p**-a), rtol=1e-7)

    def test_independent_of_p1(self):
        a, p1 = 4.7, 37.0
        num = _resonant_integral(lambda p: a * p ** (-a - 1.0), p1=p1)
        np.testing.assert_allclose(spectral_factor(a), num / _number_above(lambda p: p**-a, p1), rtol=1e-7)

    def test_array(self):
        np.testing.assert_allclose(spectral_factor(np.array([4.0, 5.0])), [0.5, 2.0 / 3.0])

    @given(a=index)
    def test_bounded_and_increasing(self, a):
        E = spectral_factor(a)
        assert 0.0 < E < 1.0
        assert spectral_factor(a + 0.5) > E

    def test_large_a_limit(self):
        np.testing.assert_allclose(spectral_factor(1e8), 1.0, rtol=1e-7)

    @pytest.mark.parametrize("bad", [3.0, 2.0, -1.0, np.nan, np.inf])
    def test_bad_index(self, bad):
        with pytest.raises(ValueError, match=r"^spectral_factor: spectral_index = "):
            spectral_factor(bad)


class TestThresholds:
    @pytest.mark.parametrize("a", INDICES)
    def test_zeta_is_the_root_of_eq15(self, a):
        # Gamma ∝ int (p^2-p1^2) f0' (1 - 3 z p1/p) dp with z = zeta c/v_A (Eq. 22 at mu_r = p1/p):
        # linear in z, so the root is the ratio of the two integrals.
        isotropic = _resonant_integral(lambda p: -a * p ** (-a - 1.0))
        anisotropic = _resonant_integral(lambda p: -a * p ** (-a - 1.0) * 3.0 / p)
        np.testing.assert_allclose(threshold_zeta(a), isotropic / anisotropic, rtol=1e-9)

    @pytest.mark.parametrize("a", PRESSURE_INDICES)
    def test_anisotropy_via_eq21_quadrature(self, a):
        # Delta P/P for f = f0 - zeta p f0' P2 (Eqs. 10, 20), ultrarelativistic, with a smooth
        # low-momentum cutoff exp(-1/p) so that p^4 f0 -> 0 at both ends.
        def f0(p):
            return p**-a * np.exp(-1.0 / p)

        def df0(p):
            return f0(p) * (-a / p + 1.0 / p**2)

        delta_P_per_zeta = 0.4 * quad(lambda p: -p * df0(p) * p**3, 0, np.inf, limit=200)[0]
        P_c = (2.0 / 3.0) * quad(lambda p: f0(p) * p**3, 0, np.inf, limit=200)[0]
        ratio = delta_P_per_zeta / P_c  # (Delta P_c / P_c) per unit zeta
        np.testing.assert_allclose(ratio, 12.0 / 5.0, rtol=1e-7)
        np.testing.assert_allclose(threshold_anisotropy(a), ratio * threshold_zeta(a), rtol=1e-7)

    @given(a=index)
    def test_zeta_decreases_to_one_third(self, a):
        z = threshold_zeta(a)
        assert z > 1.0 / 3.0
        assert threshold_zeta(a + 0.5) < z

    def test_zeta_limits(self):
        np.testing.assert_allclose(threshold_zeta(3.0 + 1e-12), 8.0 / 9.0, rtol=1e-9)
        np.testing.assert_allclose(threshold_zeta(1e8), 1.0 / 3.0, rtol=1e-7)

    @given(a=pressure_index)
    def test_anisotropy_is_twelve_fifths_of_zeta(self, a):
        np.testing.assert_allclose(threshold_anisotropy(a), 2.4 * threshold_zeta(a), rtol=1e-12)

    @pytest.mark.parametrize("bad", [4.0, 3.5, np.nan])
    def test_anisotropy_needs_finite_pressure(self, bad):
        with pytest.raises(ValueError, match=r"^threshold_anisotropy: spectral_index = "):
            threshold_anisotropy(bad)

    def test_zeta_bad_index(self):
        with pytest.raises(ValueError, match=r"^threshold_zeta: spectral_index = "):
            threshold_zeta(3.0)


class TestResonance:
    def test_p1_definition(self):
        # p1 = m Omega_0 / k (Eq. 12), with Omega_0 from crlib.speeds.
        k = 3e-13
        np.testing.assert_allclose(resonant_momentum(B0, k), constants.m_p * gyrofrequency(B0) / k, rtol=1e-12)
        np.testing.assert_allclose(resonant_momentum(B0, -k), resonant_momentum(B0, k))

    def test_mu_r_satisfies_eq11_without_omega(self):
        # k v mu_r = +/- Omega for ultrarelativistic-to-mildly-relativistic protons.
        k, p = 2e-13, np.array([1.0, 3.0, 10.0]) * constants.GeV / constants.c
        p = np.maximum(p, resonant_momentum(B0, k))
        E = np.sqrt((p * constants.c) ** 2 + (constants.m_p * constants.c**2) ** 2)
        v, gamma = p * constants.c**2 / E, E / (constants.m_p * constants.c**2)
        Omega = gyrofrequency(B0) / gamma
        for pol, sign in (("right", 1.0), ("left", -1.0)):
            for kk in (k, -k):
                mu = resonant_pitch_cosine(p, B0, kk, polarization=pol)
                # omega - k v mu ± Omega = 0 with omega dropped
                np.testing.assert_allclose(-kk * v * mu + sign * Omega, 0.0, atol=1e-12 * Omega.max())

    def test_mirror_symmetry(self):
        p = 5 * resonant_momentum(B0, 1e-13)
        assert resonant_pitch_cosine(p, B0, 1e-13) == -resonant_pitch_cosine(p, B0, -1e-13)
        assert resonant_pitch_cosine(p, B0, 1e-13) == -resonant_pitch_cosine(p, B0, 1e-13, polarization="left")

    def test_below_p1_is_an_error(self):
        p1 = resonant_momentum(B0, 1e-13)
        with pytest.raises(ValueError, match=r"^resonant_pitch_cosine: p = "):
            resonant_pitch_cosine(0.5 * p1, B0, 1e-13)

    def test_bad_polarization_and_k(self):
        with pytest.raises(ValueError, match=r"^resonant_pitch_cosine: polarization = 'linear' must be one of"):
            resonant_pitch_cosine(1.0, B0, 1e-13, polarization="linear")
        with pytest.raises(ValueError, match=r"^resonant_momentum: \|k\| = "):
            resonant_momentum(B0, 0.0)
        with pytest.raises(ValueError, match=r"^resonant_momentum: B = "):
            resonant_momentum(-1.0, 1e-13)


class TestDriftSpeed:
    def test_eq17_by_quadrature(self):
        # v_D = (1/n_c) int v mu f p^2 dp dmu with f = f0 - alpha p f0' mu, v = c, f0 = p^-4.5 e^(-1/p).
        alpha, a = 3e-4, 4.5

        def f0(p):
            return p**-a * np.exp(-1.0 / p)

        def df0(p):
            return f0(p) * (-a / p + 1.0 / p**2)

        flux = quad(lambda p: -alpha * p * df0(p) * p**2 * (2.0 / 3.0), 0, np.inf)[0] * constants.c
        n_c = quad(lambda p: 2.0 * f0(p) * p**2, 0, np.inf)[0]
        np.testing.assert_allclose(drift_speed(alpha), flux / n_c, rtol=1e-8)

    def test_bad_alpha(self):
        with pytest.raises(ValueError, match=r"^drift_speed: alpha = "):
            drift_speed(1.0)


class TestGrowthRates:
    v_A = alfven_speed(B0, N_I * constants.m_p)

    @pytest.mark.parametrize("a", INDICES)
    def test_drift_against_eq15_quadrature(self, a):
        # Eq. 15 with the physical prefactor (pi/4 where the paper prints pi/8),
        # A = f0' (1 - v_D/v_A) (Eq. 18), f0 ∝ p^-a
        # normalised to n_c(>p1) = N_CR; momenta in units of p1.
        v_D = 3.0 * self.v_A
        norm = N_CR / _number_above(lambda p: p**-a)
        integral = _resonant_integral(lambda p: -a * norm * p ** (-a - 1.0) * (1.0 - v_D / self.v_A))
        expected = (np.pi / 4.0) * gyrofrequency(B0) / N_I * integral
        np.testing.assert_allclose(growth_rate_drift(B0, N_I, N_CR, v_D, a), expected, rtol=1e-7)

    @pytest.mark.parametrize("a", PRESSURE_INDICES)
    @pytest.mark.parametrize("x", [-5e-3, 1e-4, 2e-3])
    def test_pressure_against_eq15_quadrature(self, a, x):
        # Eq. 15 with A of Eq. 22 at mu_r: f0'(1 - 3 sigma zeta (c/v_A) p1/p), zeta = (5/12) x.
        zeta = 5.0 / 12.0 * x
        norm = N_CR / _number_above(lambda p: p**-a)
        for resonance, sigma in (("co-moving", 1.0), ("counter-moving", -1.0)):
            integral = _resonant_integral(
                lambda p: -a * norm * p ** (-a - 1.0)
                * (1.0 - 3.0 * sigma * zeta * (constants.c / self.v_A) / p)
            )
            expected = (np.pi / 4.0) * gyrofrequency(B0) / N_I * integral
            got = growth_rate_pressure_anisotropy(B0, N_I, N_CR, x, a, resonance=resonance)
            np.testing.assert_allclose(got, expected, rtol=1e-7)

    def test_paper_normalization_halves(self):
        physical = growth_rate_drift(B0, N_I, N_CR, 2 * self.v_A, 4.7)
        paper = growth_rate_drift(B0, N_I, N_CR, 2 * self.v_A, 4.7, normalization="paper")
        np.testing.assert_allclose(paper / physical, 0.5, rtol=1e-15)
        pa = growth_rate_pressure_anisotropy(B0, N_I, N_CR, 3e-3, 4.7, normalization="paper")
        np.testing.assert_allclose(pa / growth_rate_pressure_anisotropy(B0, N_I, N_CR, 3e-3, 4.7), 0.5,
                                   rtol=1e-15)

    def test_prefactors(self):
        assert GROWTH_RATE_PREFACTORS == {"physical": np.pi / 4, "paper": np.pi / 8}

    @given(x=st.floats(min_value=-0.5, max_value=0.5, allow_nan=False), a=pressure_index)
    def test_mirror_symmetry_and_monotonicity(self, x, a):
        co = growth_rate_pressure_anisotropy(B0, N_I, N_CR, x, a)
        counter = growth_rate_pressure_anisotropy(B0, N_I, N_CR, -x, a, resonance="counter-moving")
        np.testing.assert_allclose(co, counter, rtol=1e-12, atol=1e-30)
        assert growth_rate_pressure_anisotropy(B0, N_I, N_CR, x + 1e-3, a) > co

    @given(a=pressure_index, k=st.floats(min_value=0.1, max_value=10.0))
    def test_linear_in_resonant_density(self, a, k):
        x = 0.01
        base = growth_rate_pressure_anisotropy(B0, N_I, N_CR, x, a)
        np.testing.assert_allclose(growth_rate_pressure_anisotropy(B0, N_I, k * N_CR, x, a), k * base, rtol=1e-12)

    @given(a=pressure_index)
    def test_isotropic_plasma_damps(self, a):
        # No anisotropy: Gamma = -C Omega_0 E n_cr/n_i, for either resonance.
        expected = -(np.pi / 4) * gyrofrequency(B0) * spectral_factor(a) * N_CR / N_I
        for resonance in ("co-moving", "counter-moving"):
            np.testing.assert_allclose(
                growth_rate_pressure_anisotropy(B0, N_I, N_CR, 0.0, a, resonance=resonance), expected, rtol=1e-12
            )

    def test_threshold_is_marginal(self):
        for a in PRESSURE_INDICES:
            x = threshold_anisotropy(a) * self.v_A / constants.c
            g = growth_rate_pressure_anisotropy(B0, N_I, N_CR, x, a)
            scale = gyrofrequency(B0) * N_CR / N_I
            assert abs(g) < 1e-12 * scale

    def test_arrays_broadcast(self):
        g = growth_rate_drift(B0, N_I, np.array([1e-9, 2e-9]), np.array([2.0, 2.0]) * self.v_A, 4.7)
        np.testing.assert_allclose(g[1] / g[0], 2.0)

    @pytest.mark.parametrize(
        "kwargs, match",
        [
            ({"n_i": 0.0}, r"^growth_rate_drift: n_i = "),
            ({"n_cr": -1e-9}, r"^growth_rate_drift: n_cr = "),
            ({"B": np.nan}, r"^growth_rate_drift: B = "),
            ({"spectral_index": 3.0}, r"^growth_rate_drift: spectral_index = 3.0 must be greater than 3.0"),
            ({"v_D": -1.0}, r"^growth_rate_drift: v_D = "),
            ({"v_D": constants.c}, r"^growth_rate_drift: v_D = "),
            ({"B": 1e3, "n_i": 1e-6}, r"^growth_rate_drift: B/sqrt\(4 pi rho_i\) = .* below c"),
        ],
    )
    def test_drift_errors(self, kwargs, match):
        args = {"B": B0, "n_i": N_I, "n_cr": N_CR, "v_D": 2 * self.v_A, "spectral_index": 4.7} | kwargs
        with pytest.raises(ValueError, match=match):
            growth_rate_drift(**args)

    @pytest.mark.parametrize(
        "kwargs, match",
        [
            ({"spectral_index": 4.0}, r"^growth_rate_pressure_anisotropy: spectral_index = "),
            ({"anisotropy": 1.5}, r"^growth_rate_pressure_anisotropy: anisotropy = "),
            ({"n_i": -1.0}, r"^growth_rate_pressure_anisotropy: n_i = "),
            ({"resonance": "sideways"}, r"^growth_rate_pressure_anisotropy: resonance = 'sideways' must be one of"),
            ({"normalization": "kinetic"}, r"^growth_rate_pressure_anisotropy: normalization = 'kinetic' must be one of"),
        ],
    )
    def test_pressure_errors(self, kwargs, match):
        args = {"B": B0, "n_i": N_I, "n_cr": N_CR, "anisotropy": 1e-3, "spectral_index": 4.7} | kwargs
        with pytest.raises(ValueError, match=match):
            growth_rate_pressure_anisotropy(**args)


class TestGrowthRateScale:
    def test_known_value(self):
        # (pi/4) e B/(m_p c) n_cr/n_i with CODATA e (Gaussian), m_p and exact c, independent literals
        e, m_p, c = 4.80320471e-10, 1.67262192595e-24, 2.99792458e10
        np.testing.assert_allclose(growth_rate_scale(B0, N_I, N_CR), np.pi / 4 * e * B0 / (m_p * c) * N_CR / N_I,
                                   rtol=1e-8)

    def test_paper_normalization(self):
        np.testing.assert_allclose(growth_rate_scale(B0, N_I, N_CR, normalization="paper"),
                                   growth_rate_scale(B0, N_I, N_CR) / 2, rtol=1e-15)

    def test_every_growth_rate_is_the_scale_times_E_times_its_bracket(self):
        v_A = alfven_speed(B0, N_I * constants.m_p)
        S = growth_rate_scale(B0, N_I, N_CR)
        np.testing.assert_allclose(growth_rate_drift(B0, N_I, N_CR, 3 * v_A, 4.7), S * spectral_factor(4.7) * 2,
                                   rtol=1e-13)
        np.testing.assert_allclose(growth_rate_pressure_anisotropy(B0, N_I, N_CR, 0.0, 5.0), -S * spectral_factor(5.0),
                                   rtol=1e-13)

    @given(k=st.floats(min_value=0.1, max_value=10.0))
    def test_scalings(self, k):
        base = growth_rate_scale(B0, N_I, N_CR)
        np.testing.assert_allclose(growth_rate_scale(k * B0, N_I, N_CR), k * base, rtol=1e-12)
        np.testing.assert_allclose(growth_rate_scale(B0, k * N_I, N_CR), base / k, rtol=1e-12)
        np.testing.assert_allclose(growth_rate_scale(B0, N_I, k * N_CR), k * base, rtol=1e-12)

    @pytest.mark.parametrize(
        "kwargs, match",
        [({"B": 0.0}, "growth_rate_scale: B"), ({"n_i": np.nan}, "growth_rate_scale: n_i"),
         ({"n_cr": -1.0}, "growth_rate_scale: n_cr"), ({"ion_mass": 0.0}, "growth_rate_scale: ion_mass"),
         ({"normalization": "kinetic"}, "growth_rate_scale: normalization")],
    )
    def test_errors(self, kwargs, match):
        args = {"B": B0, "n_i": N_I, "n_cr": N_CR} | kwargs
        with pytest.raises(ValueError, match=match):
            growth_rate_scale(args.pop("B"), args.pop("n_i"), args.pop("n_cr"), **args)


# --- the growth rate from a root of the kinetic dispersion relation (issue 9, item 1) ---
# A cold ISM-like background (3 muG, 1 cm^-3, v_A/c ~ 2e-5) and cosmic rays resonant
# above p1 = 1000 m_p c: the corrections to the closed forms (v_A/c, (m_p c/p1)^2,
# alpha a) are all below 1e-4, so a 0.5 % agreement tests the prefactor itself.
KB, KN, KCR = 3e-6, 1.0, 1e-14
K_WAVE = constants.e * KB / (1e3 * constants.m_p * constants.c**2)
KV_A = float(alfven_speed(KB, KN * constants.m_p))


class TestKineticDispersion:
    @pytest.mark.parametrize("a", [4.5, 6.0])
    @pytest.mark.parametrize("polarization", ["right", "left"])
    def test_streaming_root_matches_closed_form(self, a, polarization):
        # Drift 3 v_A along +B: waves along +B grow for both polarisations (Eq. 19).
        omega = kinetic_wave_frequency(KB, KN, KCR, 3 * KV_A / constants.c, 0.0, a, K_WAVE,
                                       polarization=polarization)
        closed = growth_rate_drift(KB, KN, KCR, 3 * KV_A, a)
        np.testing.assert_allclose(omega.imag / closed, 1.0, atol=5e-3)
        np.testing.assert_allclose(omega.real / (K_WAVE * KV_A), 1.0, atol=1e-4)

    @pytest.mark.parametrize("a", [4.5, 6.0])
    @pytest.mark.parametrize("direction", [1.0, -1.0])
    def test_pressure_anisotropy_root_matches_closed_form(self, a, direction):
        # zeta = 3 zeta_th (expansion): right-hand waves (rel. B) grow in both directions (Eq. 23).
        zeta = 3 * threshold_zeta(a) * KV_A / constants.c
        omega = kinetic_wave_frequency(KB, KN, KCR, 0.0, zeta, a, direction * K_WAVE)
        closed = growth_rate_pressure_anisotropy(KB, KN, KCR, zeta / ZETA_PER_ANISOTROPY, a)
        np.testing.assert_allclose(omega.imag / closed, 1.0, atol=5e-3)

    def test_heavier_ions_scale_the_root_as_the_closed_form(self):
        # (q v_A/c)^2 ~ 1/rho_i: with helium-mass ions at the same n_i the scale drops
        # by m_p/m_i beyond what v_A does; the closed form must follow the root.
        m_i = 4.0 * constants.m_p
        v_A = float(alfven_speed(KB, KN * m_i))
        omega = kinetic_wave_frequency(KB, KN, KCR, 3 * v_A / constants.c, 0.0, 5.0, K_WAVE, ion_mass=m_i)
        closed = growth_rate_drift(KB, KN, KCR, 3 * v_A, 5.0, ion_mass=m_i)
        np.testing.assert_allclose(omega.imag / closed, 1.0, atol=5e-3)

    def test_the_prefactor_is_pi_over_4_not_pi_over_8(self):
        omega = kinetic_wave_frequency(KB, KN, KCR, 3 * KV_A / constants.c, 0.0, 5.0, K_WAVE)
        paper = growth_rate_drift(KB, KN, KCR, 3 * KV_A, 5.0, normalization="paper")
        np.testing.assert_allclose(omega.imag / paper, 2.0, rtol=5e-3)

    def test_compression_grows_counter_moving_waves(self):
        zeta = -3 * threshold_zeta(5.0) * KV_A / constants.c
        omega = kinetic_wave_frequency(KB, KN, KCR, 0.0, zeta, 5.0, K_WAVE, polarization="left")
        closed = growth_rate_pressure_anisotropy(KB, KN, KCR, zeta / ZETA_PER_ANISOTROPY, 5.0,
                                                 resonance="counter-moving")
        np.testing.assert_allclose(omega.imag / closed, 1.0, atol=5e-3)

    def test_damped_waves_are_refused(self):
        with pytest.raises(ValueError, match="kinetic_wave_frequency: the waves are damped"):
            kinetic_wave_frequency(KB, KN, KCR, 0.5 * KV_A / constants.c, 0.0, 5.0, K_WAVE)

    @pytest.mark.parametrize(
        "change, match",
        [({"n_cr": 1e-3}, "n_cr"), ({"alpha": 0.5}, "alpha"), ({"zeta": -0.2}, "zeta"), ({"spectral_index": 3.0}, "spectral_index"),
         ({"k": 0.0}, r"\|k\|"), ({"k": 1e-6}, "Alfven branch"), ({"turnover": 0.5}, "turnover"),
         ({"polarization": "linear"}, "polarization")],
    )
    def test_errors(self, change, match):
        args = dict(B=KB, n_i=KN, n_cr=KCR, alpha=3 * KV_A / constants.c, zeta=0.0, spectral_index=5.0, k=K_WAVE) | change
        kwargs = {key: args.pop(key) for key in ("polarization", "turnover") if key in args}
        with pytest.raises(ValueError, match=f"kinetic_wave_frequency: {match}" if match != "Alfven branch" else match):
            kinetic_wave_frequency(*args.values(), **kwargs)
