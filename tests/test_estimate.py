"""crlib.estimate: the Section 6 chain on arrays, its typed result, its errors."""

import dataclasses

import astropy.units as u
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crlib import constants
from crlib.estimate import Estimate, evaluate, nlld_input_spread

PAPER = (8.2e-14, 3.2e-13, 3.97e-14, 1.1e6, 1.67e-25, 1.0e-25, 4.7)  # P_c, P_g, P_m, T, rate, Gamma_0, a


def test_scalars_give_python_floats_and_a_frozen_result():
    e = evaluate(*PAPER)
    assert isinstance(e, Estimate)
    for name in Estimate.names():
        assert type(getattr(e, name)) is float, name
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.tau_B = 1.0
    assert set(e.as_dict()) == set(Estimate.names())


def test_a_sweep_is_one_call_and_equals_the_scalar_calls():
    rates = np.geomspace(1e-26, 1e-23, 7)
    P_c = np.geomspace(1e-14, 1e-13, 7)
    sweep = evaluate(P_c, *PAPER[1:4], rates, *PAPER[5:], eq56_pitch_angle=0.5, cosmic_ray_speed="exact")
    for i in (0, 3, 6):
        one = evaluate(P_c[i], *PAPER[1:4], rates[i], *PAPER[5:], eq56_pitch_angle=0.5,
                       cosmic_ray_speed="exact")
        for name in Estimate.names():
            np.testing.assert_allclose(getattr(sweep, name)[i], getattr(one, name), rtol=1e-13, err_msg=name)


def test_inputs_broadcast_to_a_grid():
    rates = np.geomspace(1e-26, 1e-24, 4)[:, None]
    index = np.array([4.3, 4.7, 5.5])[None, :]
    e = evaluate(*PAPER[:4], rates, PAPER[5], index)
    assert e.tau_B.shape == e.n_cr.shape == e.P_g.shape == (4, 3)
    # tau_B does not depend on the spectral index; n_c(>p_1) does
    np.testing.assert_allclose(e.tau_B[:, 0], e.tau_B[:, 2], rtol=1e-15)
    assert np.all(np.diff(e.n_cr, axis=1) != 0)


def test_source_multiplier_and_anisotropy_factor_change_the_answer():
    base = evaluate(*PAPER)
    ten = evaluate(*PAPER, source_multiplier=np.array([1.0, 10.0]))
    np.testing.assert_allclose(ten.injection_rate, [1.67e-25, 1.67e-24], rtol=1e-15)
    np.testing.assert_allclose(ten.P_c, [8.2e-14, 8.2e-13], rtol=1e-15)
    np.testing.assert_allclose(ten.tau_B[1], 0.1 * base.tau_B, rtol=1e-12)
    fixed = evaluate(*PAPER, source_multiplier=10.0, pc_scaling="fixed")
    assert fixed.P_c == base.P_c
    two = evaluate(*PAPER, anisotropy_factor=2.0)
    np.testing.assert_allclose(two.scattering_frequency_eq42, base.scattering_frequency_eq42 / 2, rtol=1e-12)
    np.testing.assert_allclose(two.mean_free_path_eq42, 2 * base.mean_free_path_eq42, rtol=1e-12)


def test_quantities_are_converted_through_the_declared_units():
    e = evaluate(8.2e-15 * u.Pa, 3.2e-14 * u.Pa, 3.97e-15 * u.Pa, 1.1e6 * u.K,
                 1.67e-26 * u.J / u.m**3 / u.s, 1.0e-32 * u.W, 4.7)
    np.testing.assert_allclose(e.tau_B, evaluate(*PAPER).tau_B, rtol=1e-12)
    with pytest.raises(ValueError, match=r"^estimate\.evaluate: P_g = .* has units of length"):
        evaluate(PAPER[0], 1.0 * u.m, *PAPER[2:])


@pytest.mark.parametrize(
    "position, value, match",
    [
        (1, -1.0, r"^estimate\.evaluate: P_g = -1\.0 must be positive"),
        (0, [1e-14, np.nan], r"^estimate\.evaluate: P_c = nan must be finite"),
        (4, [1e-25, 0.0], r"^estimate\.evaluate: injection_rate = 0\.0 must be positive"),
        (6, 3.5, r"^estimate\.evaluate: spectral_index = 3\.5 must be greater than 4\.0"),
        (3, "1e6", r"^estimate\.evaluate: T = '1e6' is a string"),
    ],
)
def test_errors_name_the_argument(position, value, match):
    args = list(PAPER)
    args[position] = value
    with pytest.raises(ValueError, match=match):
        evaluate(*args)


def test_convention_and_extreme_errors():
    with pytest.raises(ValueError, match=r"^estimate\.evaluate: unknown convention\(s\) \['helium'\]"):
        evaluate(*PAPER, helium=0.1)
    with pytest.raises(ValueError, match=r"^estimate\.evaluate: tau_B_pressure = 'never' must be one of"):
        evaluate(*PAPER, tau_B_pressure="never")
    with pytest.raises(ValueError, match=r"^estimate\.evaluate: injection_rate \* source_multiplier = 0\.0"):
        evaluate(*PAPER, source_multiplier=1e-300)
    with pytest.raises(ValueError, match=r"^estimate\.evaluate: .*must be finite"):
        evaluate(1e300, *PAPER[1:])


def test_nlld_spread_takes_one_medium():
    e = evaluate(*PAPER)
    spread = nlld_input_spread(e)
    assert len(spread) == 36
    nus = [row.nu for row in spread]
    # the printed 3.7e-8 s^-1 lies inside the spread, which stays within a factor 1.6 of it
    assert min(nus) < 3.7e-8 < max(nus) and max(nus) / min(nus) < 1.6**2
    np.testing.assert_allclose(spread[0].mean_free_path, constants.c / spread[0].nu, rtol=1e-15)
    with pytest.raises(ValueError, match=r"^nlld_input_spread: estimate = Estimate must be a scalar"):
        nlld_input_spread(evaluate(*PAPER[:4], [1e-25, 2e-25], *PAPER[5:]))
    with pytest.raises(ValueError, match=r"^nlld_input_spread: estimate = dict must be a scalar"):
        nlld_input_spread({"P_c": 1.0})


# --- scaling laws (hypothesis) ------------------------------------------------------------


@given(k=st.floats(1e-3, 1e3), q=st.floats(1e-2, 1e2))
def test_scalings_with_the_injection_rate_and_the_heating_per_atom(k, q):
    # tau_B ~ 1/rate (Eq. 3); H_pa ~ P_c/tau_B (Eq. 48); lambda_57 ~ tau_B; nu_60 ~ tau_B^-1/2;
    # the cooling-balance heating ~ Gamma_0 and nothing else moves with it.
    base = evaluate(*PAPER)
    e = evaluate(PAPER[0], *PAPER[1:4], PAPER[4] * k, PAPER[5] * q, PAPER[6])
    np.testing.assert_allclose(e.tau_B, base.tau_B / k, rtol=1e-12)
    np.testing.assert_allclose(e.heating_bound, base.heating_bound * k, rtol=1e-12)
    np.testing.assert_allclose(e.mean_free_path_eq42, base.mean_free_path_eq42 / k, rtol=1e-12)
    np.testing.assert_allclose(e.scattering_frequency_nlld, base.scattering_frequency_nlld * k**0.5, rtol=1e-12)
    np.testing.assert_allclose(e.cooling_balance_heating, base.cooling_balance_heating * q, rtol=1e-12)
    np.testing.assert_allclose(e.heating_fraction, base.heating_fraction * k / q, rtol=1e-12)
