"""The coupled particle-wave stages (crlib.kinetics.coupled) and their TR-BDF2 integrator."""

import math

import numpy as np
import pytest
import scipy.sparse as sps

from crlib.kinetics.coupled import CoupledNewton, log_logmean_factor, logmean_factor, matvec
from crlib.kinetics.integrators import error_norm, next_step, trbdf2_amplification, trbdf2_coupled_step
from crlib.quasilinear import QuasilinearFluxTube

TINY = dict(p_min=10.0, p_max=1e3, n_p=16, n_mu=9, ultrarelativistic=True)


def test_trbdf2_amplification_is_second_order_and_l_stable():
    # local error of y' = lambda y is O(z^3): halving z divides it by 8
    errors = [abs(trbdf2_amplification(z) - math.exp(z)) for z in (-1e-2, -5e-3)]
    assert 7.5 < errors[0] / errors[1] < 8.5
    assert abs(trbdf2_amplification(-1e9)) < 1e-8  # L-stable: stiff modes are damped, not rung
    y = np.linspace(-1e3, 1e3, 2001)
    assert np.all(np.abs(trbdf2_amplification(1j * y)) <= 1.0 + 1e-12)  # A-stable on the imaginary axis


def test_logmean_factor_is_the_log_mean_and_its_derivative():
    delta = np.array([-30.0, -1.0, -1e-3, -1e-6, 0.0, 1e-6, 1e-3, 1.0, 30.0])
    value, deriv = logmean_factor(delta)
    exact = np.where(delta == 0, 1.0, np.expm1(delta) / np.where(delta == 0, 1.0, delta))
    np.testing.assert_allclose(value, exact, rtol=1e-12)
    step = 1e-6
    numeric = (logmean_factor(delta + step)[0] - logmean_factor(delta - step)[0]) / (2 * step)
    np.testing.assert_allclose(deriv, numeric, rtol=1e-5)


def test_log_logmean_factor_is_the_logarithm_without_overflow():
    delta = np.array([-700.0, -30.0, -1.0, -1e-6, 0.0, 1e-6, 1.0, 30.0, 700.0])
    value, slope = log_logmean_factor(delta)
    phi, dphi = logmean_factor(delta)
    np.testing.assert_allclose(value, np.log(phi), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(slope, dphi / phi, rtol=1e-10)
    big, big_slope = log_logmean_factor(np.array([2000.0]))  # e^2000 overflows; its logarithm does not
    np.testing.assert_allclose(big, 2000.0 - np.log(2000.0), rtol=1e-14)
    np.testing.assert_allclose(big_slope, 1.0 - 1.0 / 2000.0, rtol=1e-14)
    # a bin that empties by e^-2000: e^2000 appears nowhere (warnings are errors here)
    low, low_slope = log_logmean_factor(np.array([-2000.0]))
    np.testing.assert_allclose(low, -np.log(2000.0), rtol=1e-14)
    np.testing.assert_allclose(low_slope, 1.0 / 2000.0, rtol=1e-14)


def test_matvec_is_the_sparse_product():
    rng = np.random.default_rng(3)
    A = sps.random(40, 30, density=0.2, random_state=4, format="coo")
    x = rng.normal(size=30)
    np.testing.assert_allclose(matvec(A)(x), A @ x, rtol=1e-14, atol=1e-14)


@pytest.mark.parametrize("kw", [dict(damping="constant", damping_rate_tau=10.0),
                                dict(damping="both", damping_rate_tau=5.0, v_i_over_c=1e-4),
                                dict(damping="nonlinear_landau", v_i_over_c=1e-4, wave_adiabatic=False)])
def test_a_step_keeps_the_energy_identity_whatever_the_newton_tolerance(kw):
    # after the waves have grown (a strong exchange): one TR-BDF2 step at a loose
    # Newton tolerance, accounted from its own stage averages, closes the budget to
    # round-off; the loose tolerance changes the state, never the identity
    model = QuasilinearFluxTube(1e-2, 3e2, **kw, **TINY)
    run = model.run(0.15, n_out=1)
    g, U = run.g.ravel(), run.U
    scale = model.cosmic_ray_energy(g) + U.sum()
    for tol in (1e-2, 1e-13):
        out = trbdf2_coupled_step(CoupledNewton(model.coupled_system), g, np.log(U), 0.01, tol=tol)
        g1, z1, acc, _ = out
        change = model.cosmic_ray_energy(g1) - model.cosmic_ray_energy(g) + np.exp(z1).sum() - U.sum()
        work = acc["drive_work"] + acc["injected"] + acc["wave_work"] + acc["drift"]
        assert abs(change + acc["heat"] - work) < 1e-13 * scale, tol
        assert acc["heat"] > 0.0


def test_a_saturated_state_with_drifting_spectra_is_a_fixed_point_of_the_step():
    # the drift of the spectra is part of the stages, not split off: the steady state of
    # the whole semi-discrete system (with the spectra's inflow) stays one
    from crlib.saturated_state import solve_saturated_state

    model = QuasilinearFluxTube(1e-2, 1e3, damping="constant", damping_rate_tau=3.0,
                                **dict(TINY, n_p=12, n_mu=7))
    state = solve_saturated_state(model)
    run = model.run(0.05, n_out=1, g0=state.g, U0=state.U)
    np.testing.assert_allclose(run.g, state.g, rtol=1e-8, atol=1e-12 * np.abs(state.g).max())
    strong = state.U > 1e-6 * state.U.max()
    np.testing.assert_allclose(run.U.ravel()[strong.ravel()], state.U.ravel()[strong.ravel()], rtol=1e-8)


def test_error_norm_counts_bins_by_their_energy():
    g = np.ones(10)
    W = np.array([[1.0, 1e-30]])
    zero = np.zeros(10)
    # a large error of ln W in a bin without energy does not count, in one with energy it does
    assert error_norm((zero, np.array([[0.0, 50.0]])), g, W, g, 1e-3, 1e-6) < 1e-20
    assert error_norm((zero, np.array([[2e-3, 0.0]])), g, W, g, 1e-3, 1e-6) > 1.0
    assert error_norm((np.full(10, 2e-3), np.zeros((1, 2))), g, W, g, 1e-3, 1e-6) > 1.0


def test_next_step_follows_the_third_order_local_error_on_a_ladder():
    assert next_step(0.1, 0.5, accepted=True) == 0.1  # a small change keeps h (and its factorisation)
    for norm in (1e-4, 0.1, 3.0, 100.0):
        h = next_step(0.1, norm, accepted=norm <= 1)
        rung = 4.0 * math.log2(h)
        assert abs(rung - round(rung)) < 1e-9
        target = 0.1 * min(2.0, max(0.2, 0.9 * norm ** (-1.0 / 3.0)))
        assert 2 ** -0.125 <= h / target <= 2 ** 0.125


def test_run_refuses_a_step_budget_it_cannot_meet():
    model = QuasilinearFluxTube(1e-2, 3e2, damping="constant", damping_rate_tau=10.0, **TINY)
    with pytest.raises(ValueError, match="max_steps"):
        model.run(0.3, n_out=1, max_steps=3)
