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

from crlib import constants
from crlib.dynamics import field_timescale
from crlib.fokker_planck import FluxTubeFokkerPlanck, quasi_steady_pitch_angle_flux
from crlib.heating import heating_lower_bound, pressure_anisotropy_heating

positive = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False)
beta = st.floats(min_value=1e-6, max_value=0.5, allow_nan=False)


def test_ratio_to_eq48_bound_is_15_over_8():
    P_c, tau_B, v_A = 8.2e-14, 3.67e12, 2.0e-4 * constants.c
    ratio = pressure_anisotropy_heating(P_c, tau_B, v_A) / heating_lower_bound(P_c, tau_B, v_A)
    np.testing.assert_allclose(ratio, 15.0 / 8.0, rtol=1e-14)


def test_section6_value_is_15_8_of_the_printed_bound():
    # The paper prints H_pa >= 1.2e-30 erg cm^-3 s^-1 (Section 6); the
    # leading-order value is 15/8 of it, to the two printed figures.
    tau_B = field_timescale(3.2e-13, 0.0, 3.97e-14, 1.67e-25)
    H = pressure_anisotropy_heating(8.2e-14, tau_B, 2.0e-4 * constants.c)
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
        pressure_anisotropy_heating(P_c, tau_B, v_A, mean_c_over_v=c_over_v), H, rtol=1e-6)


def test_solver_reaches_15_8_of_the_bound():
    model = FluxTubeFokkerPlanck(1e3, 1e-4, p_min=10.0, p_max=1e3, n_p=32, n_mu=17, ultrarelativistic=True)
    run = model.run(1.0, 0.05, n_out=1)
    P_c, tau_B, v_A = 1.0, 1.0, 1e-4 * constants.c
    expected = pressure_anisotropy_heating(P_c, tau_B, v_A) / heating_lower_bound(P_c, tau_B, v_A)
    np.testing.assert_allclose(run.bound_ratio[-1], expected, rtol=0.01)


@given(P=positive, tau=positive, b=beta, k=positive, w=st.floats(1.0, 20.0))
def test_scalings(P, tau, b, k, w):
    v_A = b * constants.c
    H = pressure_anisotropy_heating(P, tau, v_A)
    np.testing.assert_allclose(pressure_anisotropy_heating(k * P, tau, v_A), k * H, rtol=1e-12)
    np.testing.assert_allclose(pressure_anisotropy_heating(P, k * tau, v_A), H / k, rtol=1e-12)
    np.testing.assert_allclose(pressure_anisotropy_heating(P, tau, v_A, mean_c_over_v=w), w * H, rtol=1e-12)
    np.testing.assert_allclose(H, 0.5 * b * P / tau, rtol=1e-12)
    assert H < P / tau  # a fraction v_A/(2c) of the rate of work (Eq. 4)


def test_arrays_broadcast():
    H = pressure_anisotropy_heating(np.array([1e-12, 2e-12]), 1e12, np.array([[1e6], [2e6]]))
    assert H.shape == (2, 2)
    np.testing.assert_allclose(H / H[0, 0], [[1, 2], [2, 4]])


@pytest.mark.parametrize(
    "args, kwargs, name",
    [
        ((0.0, 1e12, 1e7), {}, "P_c"),
        ((np.nan, 1e12, 1e7), {}, "P_c"),
        ((1e-12, -1e12, 1e7), {}, "tau_B"),
        ((1e-12, 1e12, 0.0), {}, "v_A"),
        ((1e-12, 1e12, 3e10), {}, "v_A"),
        ((1e-12, 1e12, 1e7), dict(mean_c_over_v=0.5), "mean_c_over_v"),
        ((1e-12, 1e12, 1e7), dict(mean_c_over_v=np.inf), "mean_c_over_v"),
    ],
)
def test_errors(args, kwargs, name):
    with pytest.raises(ValueError, match=rf"^pressure_anisotropy_heating: {name} = "):
        pressure_anisotropy_heating(*args, **kwargs)
