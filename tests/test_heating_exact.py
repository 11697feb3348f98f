"""crlib.heating.pressure_anisotropy_heating: the leading-order heating for any nu.

Independent routes: direct quadrature of the closed-form fluxes over a smooth
spectrum with v < c (no integration by parts), the Eq. 48 bound, and the
Fokker-Planck solver.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.special import expit

from crlib import constants
from crlib.dynamics import field_timescale
from crlib.fokker_planck import FluxTubeFokkerPlanck
from crlib.heating import (
    cutoff_heating_factor,
    heating_lower_bound,
    heating_to_bound_ratio,
    pressure_anisotropy_heating,
    pressure_weighted_c_over_v,
    quasi_steady_pitch_angle_flux,
    quasi_steady_zeta,
)

positive = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False)
beta = st.floats(min_value=1e-6, max_value=0.5, allow_nan=False)


def test_ratio_to_eq48_bound_is_15_over_8():
    P_c, tau_B, v_A = 8.2e-14, 3.67e12, 2.0e-4 * constants.c
    ratio = pressure_anisotropy_heating(v_A, P_c, tau_B) / heating_lower_bound(v_A, P_c, tau_B)
    np.testing.assert_allclose(ratio, 15.0 / 8.0, rtol=1e-14)


def test_section6_value_is_15_8_of_the_printed_bound():
    # The paper prints H_pa >= 1.2e-30 erg cm^-3 s^-1 (Section 6); the
    # leading-order value is 15/8 of it, to the two printed figures.
    tau_B = field_timescale(0.0, 3.2e-13, 3.97e-14, 1.67e-25)
    H = pressure_anisotropy_heating(2.0e-4 * constants.c, 8.2e-14, tau_B)
    np.testing.assert_allclose(H, 15.0 / 8.0 * 1.2e-30, rtol=0.05)


def test_quadrature_of_closed_form_fluxes_for_mildly_relativistic_protons():
    # f0 = K p^-a exp(-p_b/p - p/p_c): smooth and vanishing at both ends, so no
    # boundary terms; v < c throughout the low-energy part.  H = 2 pi int p^2 v dp int F_p dmu with
    # F_p = sign(mu) (p v_A / v) F_mu, by quadrature in p and mu.
    m, c = constants.m_p, constants.c
    a, p_b, p_c, K = 4.7, 0.5 * m * c, 300.0 * m * c, 1.0
    tau_B, v_A = 1e13, 1e-3 * c

    def f0(p):
        return K * p**-a * np.exp(-p_b / p - p / p_c)

    def df0(p):
        return f0(p) * (-a / p + p_b / p**2 - 1.0 / p_c)

    def v(p):
        return p * c / np.hypot(p, m * c)

    def dH_dp(p):
        inner = quad(lambda mu: np.sign(mu) * (p * v_A / v(p))
                     * quasi_steady_pitch_angle_flux(p, mu, df0(p), tau_B), -1.0, 1.0,
                     points=[0.0], epsabs=0.0, epsrel=1e-10)[0]
        return 2 * np.pi * p**2 * v(p) * inner

    lo, hi = 1e-3 * m * c, 1e4 * m * c
    pts = list(m * c * np.logspace(-2, 3, 11))
    H = quad(dH_dp, lo, hi, points=pts, limit=400, epsabs=0.0, epsrel=1e-9)[0]
    P_c = 4 * np.pi / 3 * quad(lambda p: p**3 * v(p) * f0(p), lo, hi, points=pts, limit=400,
                               epsabs=0.0, epsrel=1e-11)[0]
    c_over_v = c * quad(lambda p: p**3 * f0(p), lo, hi, points=pts, limit=400, epsabs=0.0,
                        epsrel=1e-11)[0] / quad(lambda p: p**3 * v(p) * f0(p), lo, hi, points=pts,
                                                limit=400, epsabs=0.0, epsrel=1e-11)[0]
    assert c_over_v > 1.3  # genuinely mildly relativistic
    np.testing.assert_allclose(
        pressure_anisotropy_heating(v_A, P_c, tau_B, mean_c_over_v=c_over_v), H, rtol=1e-6)


def test_solver_reaches_15_8_of_the_bound():
    model = FluxTubeFokkerPlanck(1e3, 1e-4, p_min=10.0, p_max=1e3, n_p=32, n_mu=17, ultrarelativistic=True)
    run = model.run(1.0, 0.05, n_out=1)
    P_c, tau_B, v_A = 1.0, 1.0, 1e-4 * constants.c
    expected = pressure_anisotropy_heating(v_A, P_c, tau_B) / heating_lower_bound(v_A, P_c, tau_B)
    np.testing.assert_allclose(run.bound_ratio[-1], expected, rtol=0.01)


@given(P=positive, tau=positive, b=beta, k=positive, w=st.floats(1.0, 20.0))
def test_scalings(P, tau, b, k, w):
    v_A = b * constants.c
    H = pressure_anisotropy_heating(v_A, P, tau)
    np.testing.assert_allclose(pressure_anisotropy_heating(v_A, k * P, tau), k * H, rtol=1e-12)
    np.testing.assert_allclose(pressure_anisotropy_heating(v_A, P, k * tau), H / k, rtol=1e-12)
    np.testing.assert_allclose(pressure_anisotropy_heating(v_A, P, tau, mean_c_over_v=w), w * H, rtol=1e-12)
    np.testing.assert_allclose(H, 0.5 * b * P / tau, rtol=1e-12)
    assert H < P / tau  # a fraction v_A/(2c) of the rate of work (Eq. 4)


def test_arrays_broadcast():
    H = pressure_anisotropy_heating(np.array([[1e6], [2e6]]), np.array([1e-12, 2e-12]), 1e12)
    assert H.shape == (2, 2)
    np.testing.assert_allclose(H / H[0, 0], [[1, 2], [2, 4]])


@pytest.mark.parametrize(
    "args, kwargs, name",
    [
        ((1e7, 0.0, 1e12), {}, "P_c"),
        ((1e7, np.nan, 1e12), {}, "P_c"),
        ((1e7, 1e-12, 0.0), {}, r"\|tau_B\|"),  # tau_B < 0 (compression) is allowed, 0 is not
        ((1e7, 1e-12, np.nan), {}, "tau_B"),
        ((0.0, 1e-12, 1e12), {}, "v_A"),
        ((3e10, 1e-12, 1e12), {}, "v_A"),
        ((1e7, 1e-12, 1e12), dict(mean_c_over_v=0.5), "mean_c_over_v"),
        ((1e7, 1e-12, 1e12), dict(mean_c_over_v=np.inf), "mean_c_over_v"),
    ],
)
def test_errors(args, kwargs, name):
    with pytest.raises(ValueError, match=rf"^pressure_anisotropy_heating: {name} = "):
        pressure_anisotropy_heating(*args, **kwargs)


# --- compression: the growing (counter-moving) waves (issue 9, item 4) --------------

def _zeta_by_quadrature(v_A, nu, tau_B, wave_sign):
    """zeta = -f_2/(p f0') from df/dmu = F_mu/D_mumu - s sign(mu)(p v_A/v) df0/dp, by quadrature.

    wave_sign s = +1: co-moving tensor D_mup = +sign(mu)(p v_A/v) D_mumu (Eqs. 40-41);
    s = -1: counter-moving, D_mup = -sign(mu)(p v_A/v) D_mumu.  v = c, constant nu, p f0' = -1.
    """
    p, df0 = 1.0, -1.0
    def dfdmu(m):   # m in (0, 1); f is even in mu
        D = nu * (1 - m**2) / 2
        return quasi_steady_pitch_angle_flux(p, m, df0, tau_B) / D - wave_sign * (p * v_A / constants.c) * df0
    def f_aniso(m):
        return quad(dfdmu, 0.0, m, epsabs=0.0, epsrel=1e-12)[0]
    f2 = 2.5 * 2 * quad(lambda m: f_aniso(m) * (3 * m**2 - 1) / 2, 0.0, 1.0, epsabs=0.0, epsrel=1e-11)[0]
    return -f2 / (p * df0)


@pytest.mark.parametrize("tau_B", [2.0, -2.0])
def test_zeta_of_the_growing_waves_by_quadrature(tau_B):
    v_A, nu = 1e-3 * constants.c, 40.0
    growing = 1.0 if tau_B > 0 else -1.0          # co-moving in expansion, counter-moving in compression
    np.testing.assert_allclose(quasi_steady_zeta(v_A, nu, tau_B), _zeta_by_quadrature(v_A, nu, tau_B, growing),
                               rtol=1e-9)


def test_compression_reverses_the_anisotropy_completely():
    # zeta = -(5/8) v_A/v - 1/(9 nu |tau_B|) < 0 for every nu (the old remark, with the
    # damped expansion-type tensor, gave +(5/8) v_A/v - 1/(9 nu |tau_B|)).
    v_A = 1e-3 * constants.c
    for nu in (0.1, 10.0, 1e3, 1e6):
        z = quasi_steady_zeta(v_A, nu, -1.0)
        np.testing.assert_allclose(z, -5 / 8 * 1e-3 - 1 / (9 * nu), rtol=1e-12)
        assert z < 0
        np.testing.assert_allclose(quasi_steady_zeta(v_A, nu, -1.0), -quasi_steady_zeta(v_A, nu, 1.0), rtol=1e-14)
    # with the expansion-type (damped) tensor the sign would flip only for nu |tau_B| < (8/45)(c/v_A)
    np.testing.assert_allclose(_zeta_by_quadrature(v_A, 10.0, -1.0, +1.0), 5 / 8 * 1e-3 - 1 / 90, rtol=1e-9)


@pytest.mark.parametrize("q", [0.5, 1.0, 1.5])
def test_compression_zeta_for_mu_dependent_nu(q):
    v_A, nu, tau = 1e-3 * constants.c, 50.0, -2.0
    moment = quad(lambda m: m**2 * (1 - m**2) / (nu * m**q), 0.0, 1.0, epsabs=0.0, epsrel=1e-13)[0]
    expected = -5.0 / 8.0 * 1e-3 + 5.0 / (6.0 * tau) * moment
    np.testing.assert_allclose(quasi_steady_zeta(v_A, nu, tau, mu_power=q), expected, rtol=1e-10)


def test_compression_heating_is_positive_with_the_growing_waves():
    # H = int v F_p d^3p with F_p = -sign(mu)(p v_A/v) F_mu (counter-moving), v = c, f0 = p^-a e^{-1/p}
    a, tau_B, v_A, c = 4.7, -1e13, 1e-3 * constants.c, constants.c
    f0 = lambda p: p**-a * np.exp(-1.0 / p - p / 1e3)                # noqa: E731
    df0 = lambda p: f0(p) * (-a / p + 1.0 / p**2 - 1e-3)              # noqa: E731
    def dH_dp(p):
        inner = quad(lambda mu: -np.sign(mu) * (p * v_A / c) * quasi_steady_pitch_angle_flux(p, mu, df0(p), tau_B),
                     -1.0, 1.0, points=[0.0], epsabs=0.0, epsrel=1e-11)[0]
        return 2 * np.pi * p**2 * c * inner
    pts = [0.1, 1, 10, 100, 1e3, 1e4]
    H = quad(dH_dp, 1e-3, 1e5, points=pts, limit=400, epsabs=0.0, epsrel=1e-9)[0]
    P_c = 4 * np.pi / 3 * c * quad(lambda p: p**3 * f0(p), 1e-3, 1e5, points=pts, limit=400,
                                   epsabs=0.0, epsrel=1e-11)[0]
    assert H > 0
    np.testing.assert_allclose(pressure_anisotropy_heating(v_A, P_c, tau_B), H, rtol=1e-6)


def test_zeta_errors():
    with pytest.raises(ValueError, match="quasi_steady_zeta: \\|tau_B\\|"):
        quasi_steady_zeta(1e7, 1.0, 0.0)
    with pytest.raises(ValueError, match="quasi_steady_zeta: tau_B"):
        quasi_steady_zeta(1e7, 1.0, np.inf)


# --- smooth turnover against a literal sharp cutoff (issue 9, item 5) ---------------

def _heating_ratio_by_quadrature(a, p_min, turnover=None):
    """H/H_48 = (15/8) [-int p^4 f0' dp] / [4 int p^3 (v/c) f0 dp], p in units of mc.

    turnover=None: the power law alone above p_min (sharp cutoff, edge excluded);
    otherwise f0 = p^-a / (1 + (p_min/p)^n), smooth, with n = turnover.
    """
    speed = lambda p: p / np.hypot(1.0, p)                              # noqa: E731
    if turnover is None:
        f0 = lambda p: p**-a                                            # noqa: E731
        df0 = lambda p: -a * p ** (-a - 1)                              # noqa: E731
        lo = p_min
    else:
        n = turnover
        f0 = lambda p: p**-a * expit(n * np.log(p / p_min))            # noqa: E731
        df0 = lambda p: f0(p) * (-a / p + n * expit(-n * np.log(p / p_min)) / p)  # noqa: E731
        lo = p_min * 1e-3
    pts = [p_min, 10 * p_min]
    H = -quad(lambda p: p**4 * df0(p), lo, np.inf, points=None, limit=400)[0] if turnover is None else \
        -quad(lambda p: p**4 * df0(p), lo, 1e4 * p_min, points=pts, limit=400)[0] - \
        quad(lambda p: p**4 * df0(p), 1e4 * p_min, np.inf, limit=200)[0]
    hi = np.inf
    P = 4 * quad(lambda p: p**3 * speed(p) * f0(p), lo, 1e4 * p_min, points=pts if turnover else None, limit=400)[0] + \
        4 * quad(lambda p: p**3 * speed(p) * f0(p), 1e4 * p_min, hi, limit=200)[0]
    return 15 / 8 * H / P


@pytest.mark.parametrize("p_min, smooth, sharp", [(1.0, 2.07, 2.43), (0.1, 4.80, 5.64)])
def test_cutoff_numbers(p_min, smooth, sharp):
    a = 4.7
    assert round(heating_to_bound_ratio(a, p_min), 2) == smooth
    assert round(heating_to_bound_ratio(a, p_min, cutoff="sharp"), 2) == sharp
    np.testing.assert_allclose(heating_to_bound_ratio(a, p_min, cutoff="sharp"), _heating_ratio_by_quadrature(a, p_min),
                               rtol=1e-6)


def test_smooth_turnover_tends_to_the_smooth_form():
    # f0 = p^-a/(1 + (p_min/p)^n): as n grows the turnover sharpens and H/H_48 tends to
    # (15/8)<c/v>_P of the sharp-edged power law, not to the a/4 larger sharp-cutoff value.
    a, p_min = 4.7, 1.0
    target = heating_to_bound_ratio(a, p_min)
    errors = [abs(_heating_ratio_by_quadrature(a, p_min, turnover=n) / target - 1) for n in (20, 80, 320)]
    assert errors[0] > errors[1] > errors[2] and errors[2] < 2e-3


def test_cutoff_factor():
    assert float(cutoff_heating_factor(4.7)) == 1.0
    np.testing.assert_allclose(cutoff_heating_factor(np.array([4.4, 6.0]), cutoff="sharp"), [1.1, 1.5])
    np.testing.assert_allclose(heating_to_bound_ratio(4.7, 1e4), 15 / 8, rtol=1e-5)
    np.testing.assert_allclose(heating_to_bound_ratio(5.5, 0.3), 15 / 8 * pressure_weighted_c_over_v(5.5, 0.3),
                               rtol=1e-14)
    with pytest.raises(ValueError, match="cutoff_heating_factor: cutoff"):
        cutoff_heating_factor(4.7, cutoff="soft")
    with pytest.raises(ValueError, match="cutoff_heating_factor: spectral_index"):
        cutoff_heating_factor(3.9, cutoff="sharp")
