"""crlib.confinement: Eqs. 52–55 — known values, scaling laws, errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crlib import constants
from crlib.confinement import (
    diffusivity_ratio,
    drift_diffusivity,
    drift_excess,
    drift_mean_free_path_ratio,
    mean_free_path,
    pressure_anisotropy_diffusivity,
    pressure_anisotropy_excess,
    pressure_anisotropy_mean_free_path_ratio,
    spatial_diffusivity,
)
from crlib.speeds import alfven_speed

positive = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False)
beta = st.floats(min_value=1e-6, max_value=0.5, allow_nan=False)


def test_section5_drift_excess_is_of_order_unity():
    # Paper, Section 5: kappa_d = 3e28 cm^2/s (input), v_A = 100 km/s, L = 1 kpc
    # give v_D/v_A - 1 ~ 1 (printed).  1 kpc = 3.0857e21 cm (IAU).
    X = drift_excess(3e28, 1e7, 3.0857e21)
    np.testing.assert_allclose(X, 3e28 / 3.0857e28, rtol=1e-4)
    assert 0.5 < X < 2.0
    # With v_A computed from n_i = 0.01 cm^-3 and B = 5 muG (protons), still ~1.
    v_A = alfven_speed(5e-6, 0.01 * constants.m_p)
    assert 0.5 < drift_excess(3e28, v_A, constants.kpc) < 2.0


@given(k=positive, v=beta, L=positive)
def test_drift_excess_inverts_drift_diffusivity(k, v, L):
    v_A = v * constants.c
    X = drift_excess(k * 1e28, v_A, L * constants.kpc)
    np.testing.assert_allclose(drift_diffusivity(v_A, L * constants.kpc, X), k * 1e28, rtol=1e-12)


@given(v=beta, X=positive, L=positive)
def test_drift_mean_free_path_is_kappa_over_v(v, X, L):
    # Eq. 53 = Eq. 52 / (v L).
    v_A = v * constants.c
    lam_over_L = drift_mean_free_path_ratio(v_A, X)
    np.testing.assert_allclose(lam_over_L, drift_diffusivity(v_A, L, X) / (constants.c * L), rtol=1e-12)


def test_mean_free_path_and_diffusivity_consistent():
    nu = np.array([1e-9, 1e-8, 3.7e-8])
    np.testing.assert_allclose(spatial_diffusivity(nu), constants.c * mean_free_path(nu), rtol=1e-14)
    np.testing.assert_allclose(mean_free_path(2.0, v=1e10), 5e9)


def test_pressure_anisotropy_excess_threshold():
    v_A = 2e-4 * constants.c
    np.testing.assert_allclose(pressure_anisotropy_excess(2e-4, v_A), 0.0, atol=1e-12)
    np.testing.assert_allclose(pressure_anisotropy_excess(6e-4, v_A), 2.0, rtol=1e-12)
    with pytest.raises(ValueError, match=r"^pressure_anisotropy_mean_free_path_ratio: \(c/v_A\) anisotropy - 1 = .*threshold"):
        pressure_anisotropy_mean_free_path_ratio(1e-4, v_A)


@given(v=beta, tau=positive, X=positive)
def test_pressure_anisotropy_mean_free_path_scaling(v, tau, X):
    # Eq. 55 = Eq. 54 / (v * v_A * tau_B); the fiducial length is v_A tau_B.
    v_A = v * constants.c
    anis = (X + 1.0) * v_A / constants.c
    kappa = pressure_anisotropy_diffusivity(v_A, tau * 1e12, X)
    np.testing.assert_allclose(
        kappa / (constants.c * v_A * tau * 1e12),
        pressure_anisotropy_mean_free_path_ratio(anis, v_A),
        rtol=1e-9,
    )


@given(v=beta, tau=positive)
def test_diffusivity_ratio_is_c_over_vA_for_alfven_length(v, tau):
    # Section 5: kappa_pa / kappa_d ~ c / v_A when L = v_A tau_B.
    v_A = v * constants.c
    tau_B = tau * 1e12
    np.testing.assert_allclose(diffusivity_ratio(v_A, tau_B, v_A * tau_B), 1.0 / v, rtol=1e-12)


def test_diffusivity_ratio_general_form():
    v_A, tau_B, L = 3e6, 1e13, 1e21
    expected = constants.c * tau_B / L * 2.0
    np.testing.assert_allclose(diffusivity_ratio(v_A, tau_B, L, excess_ratio=2.0), expected, rtol=1e-12)


def test_arrays_broadcast():
    v_A = np.array([1e6, 1e7])
    out = pressure_anisotropy_diffusivity(v_A, np.array([[1e12], [1e13]]), 1.0)
    assert out.shape == (2, 2)


@pytest.mark.parametrize(
    "func, args, name",
    [
        (drift_diffusivity, (0.0, 1.0, 1.0), "v_A"),
        (drift_diffusivity, (1e7, -1.0, 1.0), "L"),
        (drift_diffusivity, (1e7, 1.0, 0.0), "drift_excess"),
        (drift_diffusivity, (1e7, 1.0, -0.5), "drift_excess"),
        (drift_excess, (0.0, 1e7, 1.0), "kappa_d"),
        (drift_excess, (1e28, 3e10, 1.0), "v_A"),
        (drift_mean_free_path_ratio, (1e7, np.nan), "drift_excess"),
        (pressure_anisotropy_diffusivity, (1e7, 0.0, 1.0), "tau_B"),
        (pressure_anisotropy_diffusivity, (1e7, 1e12, -1.0), "anisotropy_excess"),
        (pressure_anisotropy_excess, (np.inf, 1e7), "anisotropy"),
        (mean_free_path, (0.0,), "nu"),
        (spatial_diffusivity, (-1.0,), "nu"),
        (diffusivity_ratio, (1e7, 1e12, 0.0), "L"),
    ],
)
def test_errors_name_the_argument(func, args, name):
    with pytest.raises(ValueError, match=rf"^{func.__name__}: {name} = "):
        func(*args)


def test_particle_speed_above_c_rejected():
    with pytest.raises(ValueError, match=r"^mean_free_path: v = .* must be at most"):
        mean_free_path(1.0, v=2 * constants.c)
