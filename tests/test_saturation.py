"""crlib.saturation (predictions: closed forms, scalings, errors), crlib.saturated_state (the direct solver), crlib.closure."""

import astropy.units as u
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crlib import constants
from crlib.quasilinear import QuasilinearFluxTube
from crlib.saturation import (
    SPECTRUM_ENERGY_COEFFICIENT,
    effective_scattering_frequency,
    flux_tube_wave_loss_rate,
    heating_fraction,
    saturated_anisotropy,
    saturated_scattering_frequency,
)
from crlib.saturated_state import _Pieces, measure_saturated_state, predict_for_model, solve_saturated_state

C = constants.c
ARGS = (1e-9, 1e-3 * C, 1e12, 4.7)  # Gamma_0(>p), v_A, tau_B, a
TINY = dict(p_min=10.0, p_max=1e3, n_p=12, n_mu=7, ultrarelativistic=True)


# --- predictions: closed forms -----------------------------------------------------

def test_linear_balance_closed_form():
    # (2 Gamma_d) nu_k = (2/3) E (c/v_A) Gamma_0 / tau_B, E = (a-3)/(a-2)
    G, v_A, tau, a = ARGS
    expected = (2.0 / 3.0) * (a - 3) / (a - 2) * (C / v_A) * G / tau / (2 * 1e-10)
    nu = saturated_scattering_frequency(*ARGS, damping_rate=1e-10)
    np.testing.assert_allclose(nu, expected, rtol=1e-12)


def test_spectrum_coefficient_is_two_thirds():
    assert SPECTRUM_ENERGY_COEFFICIENT == pytest.approx(2.0 / 3.0, rel=1e-15)


def test_nonlinear_landau_closed_form():
    # 2 (v_i/c) nu_k^2 = (2/3) E (c/v_A) Gamma_0/tau_B
    G, v_A, tau, a = ARGS
    v_i = 3e-4 * C
    expected = np.sqrt((1.0 / 3.0) * (a - 3) / (a - 2) * (C / v_A) * (C / v_i) * G / tau)
    np.testing.assert_allclose(saturated_scattering_frequency(*ARGS, v_i=v_i), expected, rtol=1e-12)


@pytest.mark.parametrize("a", [4.2, 4.7, 5.3])
def test_effective_frequency_power_law_means(a):
    # nu = nu_k |mu|^q -> nu_eff = (3-q)(5-q) nu_k / 15
    args = (1e-9, 1e-3 * C, 1e12, a)
    q = 4.0 - a
    ratio = effective_scattering_frequency(*args, damping_rate=1e-10) / saturated_scattering_frequency(
        *args, damping_rate=1e-10)
    np.testing.assert_allclose(ratio, (3 - q) * (5 - q) / 15, rtol=1e-6)
    q = (5.0 - a) / 2.0
    ratio = effective_scattering_frequency(*args, v_i=1e-4 * C) / saturated_scattering_frequency(*args, v_i=1e-4 * C)
    np.testing.assert_allclose(ratio, (3 - q) * (5 - q) / 15, rtol=1e-6)


def test_anisotropy_is_one_ninth_over_nu_eff_tau():
    nu_eff = effective_scattering_frequency(*ARGS, damping_rate=1e-10)
    A = saturated_anisotropy(*ARGS, damping_rate=1e-10)
    np.testing.assert_allclose(A, 1.0 / (9.0 * nu_eff * ARGS[2]), rtol=1e-12)
    # compression reverses it
    np.testing.assert_allclose(saturated_anisotropy(*ARGS[:2], -ARGS[2], ARGS[3], damping_rate=1e-10), -A)


def test_wave_loss_rate_and_heating_fraction_values():
    np.testing.assert_allclose(flux_tube_wave_loss_rate(2.0, 4.7), (1.5 - (4 - 4.7)) / 2.0, rtol=1e-14)
    np.testing.assert_allclose(flux_tube_wave_loss_rate(1.0, 4.7, spectrum="nonlinear_landau"),
                               1.5 - 0.15, rtol=1e-14)
    np.testing.assert_allclose(heating_fraction(3.0, 1.5), 0.8, rtol=1e-15)


# --- keyword modifiers change the answer ------------------------------------------

@pytest.mark.parametrize("kw", [dict(mu=0.5), dict(wave_loss_rate=1e-10), dict(v_i=1e-3 * C)])
def test_modifiers_change_the_frequency(kw):
    base = saturated_scattering_frequency(*ARGS, damping_rate=1e-10)
    assert not np.isclose(saturated_scattering_frequency(*ARGS, damping_rate=1e-10, **kw), base, rtol=1e-3, atol=0.0)


def test_damping_rate_changes_the_anisotropy():
    assert saturated_anisotropy(*ARGS, damping_rate=2e-10) == pytest.approx(
        2 * saturated_anisotropy(*ARGS, damping_rate=1e-10), rel=1e-12)


# --- scaling laws --------------------------------------------------------------------

@given(st.floats(1e-3, 1e3), st.floats(1e-3, 1e3))
def test_damping_dominated_scaling(x, y):
    # nu_eff ~ Gamma_0 / Gamma_d
    nu1 = effective_scattering_frequency(1e-9, 1e-3 * C, 1e12, 4.7, damping_rate=1e-10)
    nu2 = effective_scattering_frequency(1e-9 * x, 1e-3 * C, 1e12, 4.7, damping_rate=1e-10 * y)
    np.testing.assert_allclose(nu2 / nu1, x / y, rtol=1e-10)


@given(st.floats(1e-2, 1e2), st.floats(1e-2, 1e2))
def test_nonlinear_landau_scaling(x, y):
    # nu_eff ~ (Gamma_0 c^2 / (v_A v_i tau_B))^(1/2)
    nu1 = effective_scattering_frequency(1e-9, 1e-3 * C, 1e12, 4.7, v_i=1e-4 * C)
    nu2 = effective_scattering_frequency(1e-9 * x, 1e-3 * C, 1e12, 4.7, v_i=1e-4 * C * y)
    np.testing.assert_allclose(nu2 / nu1, np.sqrt(x / y), rtol=1e-10)


def test_quantities_convert():
    nu = saturated_scattering_frequency(1e-9 / u.s, 1e-3 * C * u.cm / u.s, (1e12 * u.s).to(u.yr), 4.7,
                                        damping_rate=1e-10 / u.s)
    assert nu.unit == u.s**-1
    np.testing.assert_allclose(nu.value, saturated_scattering_frequency(*ARGS, damping_rate=1e-10), rtol=1e-12)


# --- errors ------------------------------------------------------------------------------

@pytest.mark.parametrize("args, kw, match", [
    (ARGS, {}, "v_i"),  # no loss at all
    ((0.0,) + ARGS[1:], dict(damping_rate=1e-10), "growth_rate"),
    (ARGS[:3] + (3.0,), dict(damping_rate=1e-10), "spectral_index"),
    (ARGS[:1] + (C,) + ARGS[2:], dict(damping_rate=1e-10), "v_A"),
    (ARGS, dict(damping_rate=-1.0), "damping_rate"),
    (ARGS, dict(damping_rate=1e-10, mu=0.0), "mu"),
    (ARGS[:2] + (0.0,) + ARGS[3:], dict(damping_rate=1e-10), "tau_B"),
])
def test_bad_input_is_refused(args, kw, match):
    with pytest.raises(ValueError, match=match):
        saturated_scattering_frequency(*args, **kw)


def test_wave_loss_rate_bad_spectrum():
    with pytest.raises(ValueError, match="spectrum"):
        flux_tube_wave_loss_rate(1.0, 4.7, spectrum="quadratic")


def test_heating_fraction_needs_a_loss():
    with pytest.raises(ValueError, match="damping_rate"):
        heating_fraction(0.0, 0.0)


# --- the direct solver -----------------------------------------------------------------

@pytest.fixture(scope="module")
def solved():
    model = QuasilinearFluxTube(1e-2, 1e3, damping="constant", damping_rate_tau=3.0, wave_adiabatic=False, **TINY)
    return model, solve_saturated_state(model)


def test_solver_converges(solved):
    model, state = solved
    assert state.residual < 1e-10
    # the saturated heating is the exact nu-independent rate, to the accuracy of a 12 x 7 grid
    assert abs(state.heating_ratio - 1.0) < 0.1


def test_solved_state_is_a_fixed_point_of_the_time_step(solved):
    # wave_adiabatic=False: the step has no split part, so its fixed point is the steady state
    model, state = solved
    run = model.run(0.05, n_out=1, g0=state.g, U0=state.U)
    after = measure_saturated_state(model, run.g, run.U)
    w = state.window
    np.testing.assert_allclose(after.nu_eff[w], state.nu_eff[w], rtol=1e-7)
    np.testing.assert_allclose(after.A_sat[w], state.A_sat[w], rtol=1e-6)
    np.testing.assert_allclose(run.g, state.g, rtol=1e-7)


def test_solver_agrees_with_the_prediction(solved):
    # the model computes the exchange from the resonant integral; the prediction from Eq. 48's
    # heating redistributed over the resonances: a coefficient 4/3 instead of 2/3 fails by 2x
    model, state = solved
    pred = predict_for_model(model)
    w = state.window
    ratio = state.nu_eff[w] / pred["nu_eff"][w]
    # 12 x 7 grid; the lowest window cell feels the missing particles below p_min
    assert abs(np.median(ratio) - 1.0) < 0.1 and np.all(np.abs(ratio - 1.0) < 0.15), ratio


@pytest.mark.parametrize("kw", [dict(damping="none"), dict(damping="nonlinear_landau", v_i_over_c=1e-3),
                                dict(damping="both", damping_rate_tau=10.0, v_i_over_c=1e-3)])
def test_solver_converges_for_every_damping_option(kw):
    model = QuasilinearFluxTube(1e-2, 1e3, **kw, **TINY)
    state = solve_saturated_state(model)
    assert state.residual < 1e-10
    assert np.all(state.nu_eff > 0) and np.all(state.U > 0)
    if kw["damping"] == "none":
        assert state.heating_fraction == 0.0
    else:
        assert 0.0 < state.heating_fraction < 1.0


def test_solver_refuses_states_that_do_not_exist():
    model = QuasilinearFluxTube(1e-2, 1e3, damping="constant", damping_rate_tau=3.0, injection_rate=0.0, **TINY)
    with pytest.raises(ValueError, match="injection_rate"):
        solve_saturated_state(model)
    model = QuasilinearFluxTube(1e-2, 1e3, damping="none", wave_adiabatic=False, **TINY)
    with pytest.raises(ValueError, match="wave_adiabatic"):
        solve_saturated_state(model)


def test_solver_iteration_budget():
    model = QuasilinearFluxTube(1e-2, 1e3, damping="constant", damping_rate_tau=3.0, **TINY)
    with pytest.raises(ValueError, match="max_iter"):
        solve_saturated_state(model, max_iter=3)


# --- the fitted closure ----------------------------------------------------------------

def test_closure_stays_near_the_prediction_inside_the_map():
    from crlib.closure import closure_scattering_frequency

    args = (1e-9, 1e-3 * C, 1e12, 4.7)
    ratio = closure_scattering_frequency(*args, damping_rate=1e-10) / effective_scattering_frequency(
        *args, damping_rate=1e-10)
    assert 0.8 < ratio < 1.25


def test_closure_refuses_fast_alfven_waves():
    from crlib.closure import closure_scattering_frequency

    with pytest.raises(ValueError, match="v_A"):
        closure_scattering_frequency(1e-9, 0.2 * C, 1e12, 4.7, damping_rate=1e-10)


def test_solver_leaves_the_unstable_branch_without_waves():
    # strong damping, predicted nu_eff tau_B ~ 1: Newton's method first reaches the steady state without
    # waves, out of which the co-moving waves would grow; the solver seeds those bins and returns the
    # state in which no bin grows: waves where the growth beats the damping, none above
    model = QuasilinearFluxTube(1e-2, 1570.8, damping="constant", damping_rate_tau=2000.0, spectral_index=4.4,
                                p_min=10.0, p_max=1e3, n_p=16, n_mu=9, ultrarelativistic=True)
    state = solve_saturated_state(model)
    assert state.extra["revivals"] >= 1 and state.residual < 1e-10
    pieces = _Pieces(model)
    U = state.U.ravel()
    net = pieces.R @ state.g.ravel() - pieces.d0 - pieces.d1 * U + pieces.a_w + np.diag(pieces.D)
    assert net.max() < 1.0  # stable: no wave bin grows out of it
    co = state.U[:2]
    assert co[:, :10].min() > 1e-3 and co[:, -5:].max() < 1e-6  # low p_par only
    w = state.window
    assert state.nu_eff[w][0] > 1.0 > state.nu_eff[w][-1]  # the quasi-steady ordering fails at the top


# --- compression (tau_B < 0): the counter-moving branches, Delta P_c < 0 -------------------------

def test_wave_loss_rate_changes_sign_in_compression():
    # the flow feeds the waves: L_w = (3/2 - beta)/tau_B < 0 for tau_B < 0
    np.testing.assert_allclose(flux_tube_wave_loss_rate(-2.0, 4.7), -(1.5 - (4 - 4.7)) / 2.0, rtol=1e-14)


def test_net_gain_with_nonlinear_landau_damping_is_the_positive_root():
    # (L + 2 (v_i/c) nu_k) nu_k = S with L = 2 Gamma_d + L_w < 0: nu_k = (-L + sqrt(L^2 + 8 (v_i/c) S)) c/(4 v_i)
    tau = -1e12
    L_w = float(flux_tube_wave_loss_rate(tau, 4.7))
    nu = float(saturated_scattering_frequency(*ARGS[:2], tau, ARGS[3], v_i=1e-4 * C, wave_loss_rate=L_w))
    S = SPECTRUM_ENERGY_COEFFICIENT * (1.7 / 2.7) * (C / ARGS[1]) * ARGS[0] / abs(tau)
    np.testing.assert_allclose((L_w + 2e-4 * nu) * nu, S, rtol=1e-10)
    assert L_w < 0
    # no nonlinear damping and 2 Gamma_d + L_w <= 0: the waves grow without bound
    with pytest.raises(ValueError, match="wave_loss_rate"):
        saturated_scattering_frequency(*ARGS[:2], tau, ARGS[3], damping_rate=-0.4 * L_w, wave_loss_rate=L_w)


def test_saturated_anisotropy_reverses_in_compression():
    kw = dict(damping_rate=1e-10)
    np.testing.assert_allclose(saturated_anisotropy(*ARGS[:2], -ARGS[2], ARGS[3], **kw),
                               -saturated_anisotropy(*ARGS, **kw), rtol=1e-14)


def test_solver_in_compression_grows_the_counter_moving_branches():
    model = QuasilinearFluxTube(1e-2, 1e3, field_rate=1.0, damping="constant", damping_rate_tau=10.0, **TINY)
    state = solve_saturated_state(model)
    pred = predict_for_model(model)
    w = state.window
    assert state.residual < 1e-10
    assert state.zeta < 0 and np.all(state.A_sat[w] < 0) and np.all(pred["A_sat"][w] < 0)  # Delta P_c < 0
    assert state.U[2:].sum() > 1e2 * state.U[:2].sum()  # counter-moving branches hold the waves
    # the flow feeds the waves: the gas receives more than the cosmic rays give
    assert state.heating_fraction > 1.0
    # compression converges more slowly in n_p than expansion: on 12 x 7 cells nu_eff is about half
    # the prediction (0.8 on 16 x 9, 0.96 on 32 x 9; X4); a coefficient off by 2 would still fail
    ratio = state.nu_eff[w] / pred["nu_eff"][w]
    assert np.all((0.4 < ratio) & (ratio < 1.1)), ratio


def test_solver_refuses_compression_states_that_do_not_exist():
    model = QuasilinearFluxTube(1e-2, 1e3, field_rate=1.0, damping="none", **TINY)
    with pytest.raises(ValueError, match="damping = 'none' in a compressing tube"):
        solve_saturated_state(model)
    model = QuasilinearFluxTube(1e-2, 1e3, field_rate=1.0, damping="constant", damping_rate_tau=10.0,
                                injection_rate=1.0, **TINY)
    with pytest.raises(ValueError, match="injection_rate"):
        solve_saturated_state(model)
    # 2 Gamma_d tau_B below the flow's gain (3/2 - beta): no saturated state
    model = QuasilinearFluxTube(1e-2, 1e3, field_rate=1.0, damping="constant", damping_rate_tau=0.5, **TINY)
    with pytest.raises(ValueError, match="solve_saturated_state: .*wave_loss_rate"):
        solve_saturated_state(model)


def test_balancing_loss_rate():
    from crlib.saturated_state import balancing_loss_rate

    # twice the isotropic heating rate (b - l) a/3 of the compressed power law; none in expansion
    compressed = QuasilinearFluxTube(1e-2, 1e3, field_rate=1.0, spectral_index=4.7, **TINY)
    np.testing.assert_allclose(balancing_loss_rate(compressed), 2 * 4.7 / 3, rtol=1e-14)
    assert balancing_loss_rate(QuasilinearFluxTube(1e-2, 1e3, **TINY)) == 0.0
