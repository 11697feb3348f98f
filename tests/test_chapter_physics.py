"""Physics that chapters 05 and 07 used to compute inline, now in crlib.

Known values are computed by hand from CODATA/IAU constants typed here, not
from crlib.constants; every keyword modifier changes the answer; errors name
the function and the argument.
"""

import astropy.units as u
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crlib.confinement import (
    mean_free_path_from_diffusivity,
    scattering_frequency_from_diffusivity,
    spatial_diffusivity,
)
from crlib.speeds import magnetoacoustic_stiffness
from crlib.heating import (
    heating_lower_bound,
    pressure_anisotropy_heating,
    transverse_heating_coefficient,
)

C = 2.99792458e10  # cm s^-1, exact
PC = 3.0856775814913673e18  # cm (IAU 2015)


# --- Section 5: lambda and nu from kappa ---------------------------------------------------

def test_conventional_diffusivity_as_mean_free_path():
    # 3e28 cm^2/s / c = 1.000692e18 cm = 0.3243 pc
    assert mean_free_path_from_diffusivity(3e28) == pytest.approx(3e28 / C, rel=1e-12)
    assert mean_free_path_from_diffusivity(3e28) / PC == pytest.approx(0.324302283, rel=1e-8)


def test_conventional_diffusivity_as_scattering_frequency():
    assert scattering_frequency_from_diffusivity(3e28) == pytest.approx(8.987551787368176e20 / 3e28, rel=1e-12)


def test_speed_modifier():
    v = 1.5e10
    assert mean_free_path_from_diffusivity(3e28, v=v) == pytest.approx(2e18, rel=1e-12)
    assert scattering_frequency_from_diffusivity(3e28, v=v) == pytest.approx(7.5e-9, rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.floats(1e-12, 1e-3), st.floats(1e8, C))
def test_inverse_of_spatial_diffusivity(nu, v):
    kappa = spatial_diffusivity(nu, v=v)
    assert scattering_frequency_from_diffusivity(kappa, v=v) == pytest.approx(nu, rel=1e-12)
    assert mean_free_path_from_diffusivity(kappa, v=v) == pytest.approx(v / nu, rel=1e-12)


def test_quantity_is_converted():
    lam = mean_free_path_from_diffusivity(3e24 * u.m**2 / u.s)
    assert lam.unit == u.cm
    assert lam.value == pytest.approx(3e28 / C, rel=1e-12)


@pytest.mark.parametrize("func", [mean_free_path_from_diffusivity, scattering_frequency_from_diffusivity])
def test_diffusivity_errors(func):
    with pytest.raises(ValueError, match=rf"^{func.__name__}: kappa = "):
        func(-3e28)
    with pytest.raises(ValueError, match=rf"^{func.__name__}: v = "):
        func(3e28, v=1.1 * C)
    with pytest.raises(ValueError, match=rf"^{func.__name__}: kappa = "):
        func(3e28 * u.s)


# --- Section 7: rho C_ma^2 and the transverse heating coefficient --------------------------

P_C, P_G, P_M = 8.2e-14, 3.2e-13, 3.97e-14  # the paper's Section 6 pressures


def test_stiffness_by_hand():
    # 5/3 * 3.2e-13 + 4/3 * 8.2e-14 + 2 * 3.97e-14
    expected = 5.333333333333333e-13 + 1.0933333333333333e-13 + 7.94e-14
    assert magnetoacoustic_stiffness(P_C, P_G, P_M) == pytest.approx(expected, rel=1e-12)
    assert magnetoacoustic_stiffness(0.0, P_G, P_M) == pytest.approx(5.333333333333333e-13 + 7.94e-14, rel=1e-12)


@pytest.mark.parametrize("modifier, value, expected", [
    ("gamma_g", 1.5, 1.5 * 3.2e-13 + 1.0933333333333333e-13 + 7.94e-14),
    ("gamma_c", 1.2, 5.333333333333333e-13 + 1.2 * 8.2e-14 + 7.94e-14),
    ("gamma_m", 1.8, 5.333333333333333e-13 + 1.0933333333333333e-13 + 1.8 * 3.97e-14),
])
def test_stiffness_modifiers(modifier, value, expected):
    assert magnetoacoustic_stiffness(P_C, P_G, P_M, **{modifier: value}) == pytest.approx(expected, rel=1e-12)


def test_stiffness_is_rho_C_ma_squared():
    from crlib.speeds import magnetoacoustic_speed
    rho = 2.1e-27
    assert magnetoacoustic_stiffness(P_C, P_G, P_M) == pytest.approx(
        rho * magnetoacoustic_speed(P_C, P_G, P_M, rho) ** 2, rel=1e-12)


def test_coefficient_by_hand():
    stiff = 5.333333333333333e-13 + 1.0933333333333333e-13 + 7.94e-14
    assert transverse_heating_coefficient(P_C, stiff) == pytest.approx(0.5 * 8.2e-14 / stiff, rel=1e-12)
    assert transverse_heating_coefficient(P_C, stiff) == pytest.approx(0.0567814, rel=1e-5)


def test_coefficient_modifiers():
    stiff = 7.0e-13
    base = transverse_heating_coefficient(P_C, stiff)
    assert transverse_heating_coefficient(P_C, stiff, crossing_times=3.0) == pytest.approx(base / 3, rel=1e-12)
    assert transverse_heating_coefficient(P_C, stiff, heating="bound") == pytest.approx(base * 8 / 15, rel=1e-12)


def test_coefficient_is_heating_over_force():
    # the chain it replaces: H_pa / ((v_A/c) C_ma |grad_perp P_c|), tau_B = rho C^2 / Q_c, grad = N Q_c / C_ma
    Q_c, v_A, C_ma, N = 1e-25, 6.1e6, 1.8e7, 2.0
    stiff = magnetoacoustic_stiffness(P_C, P_G, P_M)
    tau_B = stiff / Q_c
    grad = N * Q_c / C_ma
    for heating, H in (("exact", pressure_anisotropy_heating(v_A, P_C, tau_B)),
                       ("bound", heating_lower_bound(v_A, P_C, tau_B))):
        K = H / (v_A / C * C_ma * grad)
        assert transverse_heating_coefficient(P_C, stiff, crossing_times=N, heating=heating) == pytest.approx(K, rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.floats(1e-16, 1e-8), st.floats(1e-16, 1e-8), st.floats(1e-16, 1e-8))
def test_coefficient_below_three_eighths(P_c, P_g, P_m):
    K = transverse_heating_coefficient(P_c, magnetoacoustic_stiffness(P_c, P_g, P_m))
    assert 0 < K < 3 / 8


def test_section7_errors():
    with pytest.raises(ValueError, match=r"^magnetoacoustic_stiffness: P_c = "):
        magnetoacoustic_stiffness(-1.0, P_G, P_M)
    with pytest.raises(ValueError, match=r"^magnetoacoustic_stiffness: P_m = "):
        magnetoacoustic_stiffness(P_C, P_G, 0.0)
    with pytest.raises(ValueError, match=r"^magnetoacoustic_stiffness: gamma_c = "):
        magnetoacoustic_stiffness(P_C, P_G, P_M, gamma_c=1.0)
    with pytest.raises(ValueError, match=r"^transverse_heating_coefficient: crossing_times = "):
        transverse_heating_coefficient(P_C, 7e-13, crossing_times=0.5)
    with pytest.raises(ValueError, match=r"^transverse_heating_coefficient: heating = "):
        transverse_heating_coefficient(P_C, 7e-13, heating="paper")
    with pytest.raises(ValueError, match=r"^transverse_heating_coefficient: stiffness = "):
        transverse_heating_coefficient(P_C, -7e-13)
