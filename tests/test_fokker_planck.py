"""crlib.fokker_planck: the Eq. 39 solver and the leading-order solution.

Checks against independent routes: the exact adiabatic-invariant solution of
Eq. 6 (with a measured order of convergence), exact particle conservation,
the algebraic properties of the scattering operator, the closed-form
leading-order heating and anisotropy, and scipy quadrature.
"""

from functools import partial

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from crlib import constants
from crlib.fokker_planck import (
    FluxTubeFokkerPlanck,
    adiabatic_solution,
    pressure_weighted_c_over_v,
    quasi_steady_pitch_angle_flux,
    quasi_steady_zeta,
    trial_scattering_frequency,
)

SMALL = dict(p_min=10.0, p_max=1e3, n_p=24, n_mu=9, ultrarelativistic=True)
FAMILIES = {
    "constant": 100.0,
    "mu": partial(trial_scattering_frequency, nu_tau_B=100.0, mu_power=1.0),
    "mu^1.5": partial(trial_scattering_frequency, nu_tau_B=100.0, mu_power=1.5),
    "gap": partial(trial_scattering_frequency, nu_tau_B=100.0, gap=0.3, gap_floor=0.05),
    "p^-1/2": partial(trial_scattering_frequency, nu_tau_B=100.0, p_power=-0.5, p_ref=100.0),
}


# --- conservation --------------------------------------------------------------

@pytest.mark.parametrize("family", list(FAMILIES))
@pytest.mark.parametrize("scattering", [True, False])
@pytest.mark.parametrize("ultrarelativistic", [True, False])
def test_particle_number_in_tube_is_conserved_to_round_off(family, scattering, ultrarelativistic):
    # With injection off, n/B (the number in the tube, whose volume is ~1/B)
    # is constant; the discretisation must keep it to round-off.
    kw = dict(SMALL, ultrarelativistic=ultrarelativistic, p_min=0.1 if not ultrarelativistic else 10.0)
    model = FluxTubeFokkerPlanck(FAMILIES[family], 3e-3, scattering=scattering, injection_rate=0.0, **kw)
    # zero-flux walls: particles pile up at p_min and the third-order faces
    # undershoot next to the wall; only conservation is tested here
    run = model.run(1.5, 0.05, n_out=3, check_positivity=False)
    # round-off of the sparse LU solves (the stiffest case has nu tau_B ~ 3e3 at p = 0.1 m c)
    np.testing.assert_allclose(run.number, run.number[0], rtol=2e-11, atol=0)
    # ... while n itself falls with B: f = g B/B0.
    f = model.f(run.g.ravel(), 1.5)
    n = 2 * np.pi * np.sum(model.volume * f)
    np.testing.assert_allclose(n, run.number[-1] * np.exp(-1.5), rtol=1e-12)


def test_operator_columns_conserve_number():
    model = FluxTubeFokkerPlanck(FAMILIES["gap"], 1e-2, **SMALL)
    V = model.volume.ravel()
    for L in (model.advection_operator, model.scattering_operator):
        colsum = V @ L.toarray()
        scale = np.abs(V[:, None] * L.toarray()).max()
        assert np.abs(colsum).max() < 1e-13 * scale


# --- scattering operator -----------------------------------------------------------

@pytest.mark.parametrize("family", ["constant", "mu", "gap", "p^-1/2"])
def test_scattering_operator_is_symmetric_and_dissipative(family):
    model = FluxTubeFokkerPlanck(FAMILIES[family], 3e-2, p_min=0.3, p_max=30.0, n_p=10, n_mu=7)
    L = model.scattering_operator.toarray()
    V = model.volume.ravel()
    S = V[:, None] * L  # symmetric in the volume-weighted inner product
    np.testing.assert_allclose(S, S.T, atol=1e-12 * np.abs(S).max())
    eig = np.linalg.eigvalsh(0.5 * (S + S.T))
    assert eig.max() < 1e-10 * np.abs(eig).max()


def test_heating_diagnostic_is_energy_removed_by_scattering():
    # Independent route: eps^T V L_s f from the matrix equals -H summed over cells.
    model = FluxTubeFokkerPlanck(FAMILIES["mu"], 1e-2, p_min=0.3, p_max=30.0, n_p=16, n_mu=9)
    run = model.run(0.5, 0.05, n_out=1)
    g = run.g.ravel()
    t = 0.5
    dE = 2 * np.pi * np.exp(-t) * np.sum(
        model.volume.ravel() * np.repeat(model.energy_per_particle, model.n_mu) * (model.scattering_operator @ g)
    )
    _, H_cell, _, _ = model.heating_profile(g, t)
    np.testing.assert_allclose(-dE, H_cell.sum(), rtol=1e-10)
    assert H_cell.sum() > 0  # energy flows from the cosmic rays to the waves


def test_scattering_relaxes_to_the_wave_frame_marginal_state():
    # Strong scattering with no driver: the distribution becomes isotropic in the
    # frame of the waves each hemisphere resonates with, f ~ f0 (1 + a beta |mu|),
    # i.e. zeta = 5/8 (Eq. 20-21 normalisation) for a power law a: check the sign
    # and size of the mu-dependence it leaves.
    beta = 1e-2
    model = FluxTubeFokkerPlanck(1e4, beta, **dict(SMALL, n_mu=17, n_p=32))
    L = model.scattering_operator
    g0 = model.initial_state()
    import scipy.sparse as sps
    import scipy.sparse.linalg as spla

    g = spla.spsolve((sps.identity(L.shape[0]) - 1.0 * L).tocsc(), g0)  # one long implicit step
    f = g.reshape(model.n_p, model.n_mu)
    i = model.n_p // 2
    slope = (f[i, -1] - f[i, model.n_mu // 2]) / (f[i, model.n_mu // 2] * model.mu[-1])
    # the discrete marginal state uses the centred ln p difference, which turns
    # a beta into beta sinh(a dx)/dx for f0 ~ p^-a
    a = model.spectral_index
    np.testing.assert_allclose(slope, beta * np.sinh(a * model.dx) / model.dx, rtol=0.03)
    assert abs(slope / (a * beta) - 1) < 0.15


# --- scatter-free solution: exact adiabatic invariants --------------------------------

def _adiabatic_error(n_p, n_mu):
    x0, sigma = 1.8 * np.log(10.0), 0.35

    def f_init(p, mu):
        return np.exp(-((np.log(p) - x0) ** 2) / (2 * sigma**2)) * (1 + 0.3 * mu + 0.2 * mu**2)

    model = FluxTubeFokkerPlanck(1.0, 1e-3, p_min=1.0, p_max=1e3, n_p=n_p, n_mu=n_mu,
                                 ultrarelativistic=True, scattering=False, injection_rate=0.0)
    P, MU = np.meshgrid(model.p, model.mu, indexing="ij")
    # a scheme-order test: the linear third-order faces undershoot in the empty tail
    run = model.run(1.0, 0.5 * model.dx, g0=f_init(P, MU).ravel(), n_out=1, check_positivity=False)
    exact = adiabatic_solution(f_init, P, MU, np.exp(-1.0))
    f = model.f(run.g.ravel(), 1.0)
    return np.sum(model.volume * np.abs(f - exact)) / np.sum(model.volume * np.abs(exact)), model.dx


def test_scatter_free_solution_matches_adiabatic_invariants_second_order():
    e1, h1 = _adiabatic_error(32, 17)
    e2, h2 = _adiabatic_error(64, 33)
    order = np.log(e1 / e2) / np.log(h1 / h2)
    assert e2 < 0.02
    assert order > 1.8


def _final_state_error(model, g0, dt, method, ref):
    g = model.run(1.0, dt, g0=g0, n_out=1, method=method, check_positivity=False).g
    return np.sum(model.volume * np.abs(g - ref)) / np.sum(model.volume * np.abs(ref))


@pytest.mark.parametrize("method, steps, order", [("sdirk4", (0.25, 0.125), 3.7), ("bdf2", (0.05, 0.025), 1.9)])
def test_time_integrators_converge_at_their_order(method, steps, order):
    # Same grid, scatter-free Eq. 6 with an anisotropic start: only the time step
    # changes, against SDIRK4 with a far smaller step.
    model = FluxTubeFokkerPlanck(1.0, 1e-3, p_min=1.0, p_max=1e3, n_p=24, n_mu=9,
                                 ultrarelativistic=True, scattering=False, injection_rate=0.0)
    P, MU = np.meshgrid(model.p, model.mu, indexing="ij")
    g0 = (np.exp(-((np.log(P) - 3.5) ** 2) / 2.0) * (1 + 0.3 * MU + 0.2 * MU**2)).ravel()
    ref = model.run(1.0, 1.0 / 512, g0=g0, n_out=1, check_positivity=False).g
    e1, e2 = (_final_state_error(model, g0, dt, method, ref) for dt in steps)
    measured = np.log(e1 / e2) / np.log(steps[0] / steps[1])
    assert order < measured < order + 0.6


def test_sdirk4_reaches_bdf2_heating_accuracy_with_fewer_solves():
    # Stiff case (nu tau_B = 1e3): two SDIRK4 steps (10 back-substitutions) are
    # more accurate for the heating than fifty BDF2 steps.
    model = FluxTubeFokkerPlanck(1e3, 1e-3, outflow=True, **SMALL)
    H_ref = model.run(1.0, 1.0 / 128, n_out=1).heating[-1]
    err_sdirk4 = abs(model.run(1.0, 0.5, n_out=1).heating[-1] / H_ref - 1)
    err_bdf2 = abs(model.run(1.0, 0.02, n_out=1, method="bdf2").heating[-1] / H_ref - 1)
    assert err_sdirk4 < err_bdf2 < 1e-3


@pytest.mark.parametrize("method", ["sdirk4", "bdf2"])
def test_banded_and_sparse_lu_give_the_same_run(method, monkeypatch):
    from crlib.kinetics import integrators

    model = FluxTubeFokkerPlanck(FAMILIES["gap"], 3e-3, **SMALL)
    banded = model.run(0.5, 0.1, n_out=1, method=method).g
    monkeypatch.setattr(integrators, "_BANDED_MAX_WORK", 0.0)
    sparse = model.run(0.5, 0.1, n_out=1, method=method).g
    np.testing.assert_allclose(banded, sparse, rtol=1e-10, atol=0)


def test_adiabatic_solution_invariants():
    p, mu, B_ratio = 3.0, 0.4, 0.3
    f_ppar = lambda p0, mu0: p0 * mu0  # noqa: E731
    f_pperp2 = lambda p0, mu0: p0**2 * (1 - mu0**2)  # noqa: E731
    np.testing.assert_allclose(adiabatic_solution(f_ppar, p, mu, B_ratio), p * mu)
    np.testing.assert_allclose(adiabatic_solution(f_pperp2, p, mu, B_ratio), p**2 * (1 - mu**2) / B_ratio)


# --- leading order: heating independent of nu, 15/8 over Eq. 48 ----------------------

@pytest.mark.parametrize("family", ["constant", "mu", "gap", "p^-1/2"])
def test_heating_approaches_leading_order_for_small_vA_and_strong_scattering(family):
    base = FAMILIES[family]
    nu = (lambda p, mu: 30.0 * base(p, mu)) if callable(base) else 30.0 * base
    model = FluxTubeFokkerPlanck(nu, 1e-4, p_min=10.0, p_max=1e3, n_p=48, n_mu=25, ultrarelativistic=True)
    run = model.run(1.0, 0.05, n_out=2)
    np.testing.assert_allclose(run.heating_ratio[-1], 1.0, atol=0.01)
    np.testing.assert_allclose(run.bound_ratio[-1], 15.0 / 8.0, rtol=0.01)
    # The anisotropy does depend on nu; a coarse mu grid resolves the gap edge only roughly.
    np.testing.assert_allclose(run.zeta[-1], run.zeta_ordered[-1], rtol=0.2 if family == "gap" else 0.05)
    assert abs(run.eq42_residual[-1]) < 0.02


def _ratio(nu, beta, t_end):
    model = FluxTubeFokkerPlanck(nu, beta, p_min=10.0, p_max=1e3, n_p=32, n_mu=17, ultrarelativistic=True)
    return model.run(t_end, 0.05, n_out=1).heating_ratio[-1]


def test_corrections_to_the_ordering_are_first_order_in_one_over_nu_tau():
    # Subtract the discretisation offset (the nu -> infinity, v_A -> 0 run on the same grid).
    floor = _ratio(1e6, 1e-6, 2.0)
    d10, d40 = _ratio(10.0, 1e-6, 2.0) - floor, _ratio(40.0, 1e-6, 2.0) - floor
    assert d10 < 0 and d40 < 0
    np.testing.assert_allclose(d10 / d40, 4.0, rtol=0.15)


def test_corrections_to_the_ordering_are_first_order_in_vA_over_c():
    floor = _ratio(1e6, 1e-6, 0.5)
    d1, d4 = _ratio(1e6, 3e-3, 0.5) - floor, _ratio(1e6, 1.2e-2, 0.5) - floor
    assert d1 < 0 and d4 < 0
    np.testing.assert_allclose(d4 / d1, 4.0, rtol=0.15)


def test_mildly_relativistic_heating_is_local_in_momentum():
    # v < c: the p-resolved heating matches -(2 pi/12) v_A p^4 df0/dp cell by cell.
    model = FluxTubeFokkerPlanck(3e3, 1e-4, p_min=0.1, p_max=10.0, n_p=32, n_mu=17)
    run = model.run(1.0, 0.05, n_out=1)
    p, H, H_ord, _ = model.heating_profile(run.g.ravel(), 1.0)
    inner = (p > 0.3) & (p < 3.0)
    np.testing.assert_allclose(H[inner] / H_ord[inner], 1.0, atol=0.01)


# --- closed forms ---------------------------------------------------------------

def test_pitch_angle_flux_boundary_parity_and_eq42_moment():
    p, df0, tau = 2.0, -3.0, 5.0
    F = lambda mu: quasi_steady_pitch_angle_flux(p, mu, df0, tau)  # noqa: E731
    assert F(1.0) == 0.0 and F(-1.0) == 0.0
    np.testing.assert_allclose(F(-0.3), -F(0.3))
    moment = quad(lambda m: m * F(m), 0.0, 1.0)[0]
    np.testing.assert_allclose(moment, (-1.0 / tau) * p / 45.0 * df0, rtol=1e-12)


@pytest.mark.parametrize("q", [0.0, 0.5, 1.0, 1.5])
def test_quasi_steady_zeta_against_quadrature(q):
    v_A, nu, tau = 1e-3 * constants.c, 50.0, 2.0
    moment = quad(lambda m: m**2 * (1 - m**2) / (nu * m**q), 0.0, 1.0, epsabs=0.0, epsrel=1e-13)[0]
    expected = 5.0 / 8.0 * 1e-3 + 5.0 / (6.0 * tau) * moment
    np.testing.assert_allclose(quasi_steady_zeta(v_A, nu, tau, mu_power=q), expected, rtol=1e-10)


def test_quasi_steady_zeta_constant_nu_closed_form():
    v_A, nu, tau = 3e-4 * constants.c, 7.0, 11.0
    np.testing.assert_allclose(quasi_steady_zeta(v_A, nu, tau),
                               5.0 / 8.0 * 3e-4 + 1.0 / (9.0 * nu * tau), rtol=1e-12)


def test_pressure_weighted_c_over_v_against_quadrature_in_p():
    a, p_min = 4.7, 0.3
    num = quad(lambda p: p ** (3 - a), p_min, np.inf, limit=200)[0]
    den = quad(lambda p: p ** (3 - a) * p / np.hypot(1.0, p), p_min, np.inf, limit=200)[0]
    np.testing.assert_allclose(pressure_weighted_c_over_v(a, p_min), num / den, rtol=1e-8)
    np.testing.assert_allclose(pressure_weighted_c_over_v(a, 1e4), 1.0, atol=1e-8)


@settings(deadline=None, max_examples=25)
@given(a=st.floats(4.2, 6.0), p1=st.floats(0.05, 5.0), k=st.floats(1.1, 10.0))
def test_pressure_weighted_c_over_v_falls_with_cutoff(a, p1, k):
    lo, hi = pressure_weighted_c_over_v(a, p1), pressure_weighted_c_over_v(a, k * p1)
    assert 1.0 <= hi <= lo


@settings(deadline=None, max_examples=30)
@given(mu=st.floats(-1.0, 1.0), s=st.floats(0.1, 10.0))
def test_pitch_angle_flux_scalings(mu, s):
    F = quasi_steady_pitch_angle_flux(1.5, mu, -2.0, 3.0)
    np.testing.assert_allclose(quasi_steady_pitch_angle_flux(1.5, mu, -2.0 * s, 3.0), s * F, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(quasi_steady_pitch_angle_flux(1.5, mu, -2.0, 3.0 * s), F / s, rtol=1e-12, atol=1e-300)


def test_scattering_frequency_families():
    mu = np.array([-1.0, -0.5, -0.05, 0.05, 0.5, 1.0])
    np.testing.assert_allclose(trial_scattering_frequency(1.0, mu, 10.0), 10.0)
    np.testing.assert_allclose(trial_scattering_frequency(1.0, mu, 10.0, mu_power=2.0), 10.0 * mu**2)
    gap = trial_scattering_frequency(1.0, mu, 10.0, gap=0.1, gap_floor=0.01)
    np.testing.assert_allclose(gap, [10, 10, 0.1, 0.1, 10, 10])
    np.testing.assert_allclose(trial_scattering_frequency(4.0, 1.0, 10.0, p_power=-0.5), 5.0)


# --- validation --------------------------------------------------------------------

@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(n_mu=8), "n_mu"),
        (dict(n_mu=3), "n_mu"),
        (dict(n_mu=9.0), "n_mu"),
        (dict(n_p=4), "n_p"),
        (dict(n_p=True), "n_p"),
        (dict(p_min=-1.0), "p_min"),
        (dict(p_min=10.0, p_max=5.0), "p_max"),
        (dict(spectral_index=0.0), "spectral_index"),
        (dict(injection_rate=-1.0), "injection_rate"),
        (dict(window=(0.1, 2.0)), "window"),
    ],
)
def test_model_grid_errors(kwargs, name):
    base = dict(p_min=1.0, p_max=100.0, n_p=16, n_mu=9)
    base.update(kwargs)
    with pytest.raises(ValueError, match=name):
        FluxTubeFokkerPlanck(10.0, 1e-3, **base)


@pytest.mark.parametrize(
    "nu, v_A_over_c, name",
    [
        (0.0, 1e-3, "nu_tau_B"),
        (-5.0, 1e-3, "nu_tau_B"),
        (np.nan, 1e-3, "nu_tau_B"),
        (lambda p, mu: np.where(np.abs(mu) < 0.5, 0.0, 1.0), 1e-3, "nu_tau_B"),
        (lambda p, mu: -np.ones_like(p * mu), 1e-3, "nu_tau_B"),
        (10.0, 1.0, "v_A_over_c"),
        (10.0, 1.5, "v_A_over_c"),
        (10.0, 0.0, "v_A_over_c"),
    ],
)
def test_model_physics_errors(nu, v_A_over_c, name):
    with pytest.raises(ValueError, match=name):
        FluxTubeFokkerPlanck(nu, v_A_over_c, p_min=1.0, p_max=100.0, n_p=16, n_mu=9)


@pytest.mark.parametrize(
    "args, kwargs, name",
    [
        ((0.0, 0.1), {}, "t_end"),
        ((1.0, -0.1), {}, "dt"),
        ((1.0, 2.0), {}, "dt"),
        ((1.0, 0.1), dict(g0=np.ones(5)), "g0"),
        ((1.0, 0.1), dict(n_out=0), "n_out"),
        ((1.0, 0.1), dict(method="rk4"), "method"),
    ],
)
def test_run_errors(args, kwargs, name):
    model = FluxTubeFokkerPlanck(10.0, 1e-3, p_min=1.0, p_max=100.0, n_p=16, n_mu=9)
    with pytest.raises(ValueError, match=name):
        model.run(*args, **kwargs)


@pytest.mark.parametrize(
    "func, args, kwargs, name",
    [
        (trial_scattering_frequency, (1.0, 0.5, 0.0), {}, "nu_tau_B"),
        (trial_scattering_frequency, (1.0, 1.5, 1.0), {}, "mu"),
        (trial_scattering_frequency, (1.0, 0.5, 1.0), dict(gap_floor=0.0), "gap_floor"),
        (trial_scattering_frequency, (1.0, 0.5, 1.0), dict(gap=1.0), "gap"),
        (trial_scattering_frequency, (1.0, 0.5, 1.0), dict(mu_power=-1.0), "mu_power"),
        (quasi_steady_zeta, (1e7, 1.0, 1.0), dict(mu_power=2.0), "mu_power"),
        (quasi_steady_zeta, (1e7, 0.0, 1.0), {}, "nu"),
        (quasi_steady_zeta, (4e10, 1.0, 1.0), {}, "v_A"),
        (quasi_steady_zeta, (1e7, 1.0, 0.0), {}, "tau_B"),
        (quasi_steady_pitch_angle_flux, (1.0, 0.5, -1.0, 0.0), {}, "tau_B"),
        (quasi_steady_pitch_angle_flux, (-1.0, 0.5, -1.0, 1.0), {}, "p"),
        (quasi_steady_pitch_angle_flux, (1.0, 0.5, np.nan, 1.0), {}, "df0_dp"),
        (pressure_weighted_c_over_v, (3.5, 1.0), {}, "spectral_index"),
        (pressure_weighted_c_over_v, (4.7, 0.0), {}, "p_min"),
        (pressure_weighted_c_over_v, (4.7, 1.0), dict(p_max=0.5), "p_max"),
        (adiabatic_solution, (lambda p, mu: p, 1.0, 0.5, 0.0), {}, "B_ratio"),
    ],
)
def test_function_errors(func, args, kwargs, name):
    with pytest.raises(ValueError, match=name):
        func(*args, **kwargs)


def test_quasi_steady_flux_broadcasts():
    F = quasi_steady_pitch_angle_flux(np.array([1.0, 2.0]), np.array([[0.5], [-0.5]]), -1.0, 1.0)
    assert F.shape == (2, 2)


def test_progress_bar_counts_every_step_and_only_when_asked(capsys, monkeypatch):
    import functools

    import tqdm

    # draw every update, not 10 per second (the solver imports tqdm.tqdm when it draws)
    monkeypatch.setattr(tqdm, "tqdm", functools.partial(tqdm.tqdm, mininterval=0))
    model = FluxTubeFokkerPlanck(10.0, 1e-3, p_min=1.0, p_max=100.0, n_p=16, n_mu=9)
    quiet = model.run(0.2, 0.05, n_out=2)
    assert capsys.readouterr().err == ""
    shown = model.run(0.2, 0.05, progress=True, n_out=2)
    err = capsys.readouterr().err
    # tqdm draws on stderr: the label, the total of 0.2/0.05 = 4 steps, and the count reaching it
    assert "Fokker-Planck" in err
    assert "0/4" in err and "4/4" in err
    # the bar changes nothing in the answer
    np.testing.assert_array_equal(shown.g, quiet.g)
    assert shown.t[-1] == pytest.approx(0.2)


# --- compression: the counter-moving waves grow and Delta P_c reverses completely -----------

@pytest.mark.parametrize("nu_tau", [300.0, 1000.0])
def test_compression_reverses_the_anisotropy_for_every_nu(nu_tau):
    # zeta = -(5/8) v_A/v - 1/(9 nu |tau_B|) with the growing (counter-moving) waves'
    # tensor: negative for every nu (the expansion-type tensor would need
    # nu |tau_B| < (8/45)(v/v_A) for the sign to change at all).
    kw = dict(p_min=10.0, p_max=1e3, n_p=32, n_mu=17, ultrarelativistic=True, outflow=True)
    expansion = FluxTubeFokkerPlanck(nu_tau, 1e-3, **kw).run(1.0, 0.05, n_out=1)
    # nothing enters through p_min while compression pushes particles up: the
    # emptied lowest rows undershoot, away from the measurement window
    compression = FluxTubeFokkerPlanck(nu_tau, 1e-3, compression=True, **kw).run(
        1.0, 0.05, n_out=1, check_positivity=False)
    closed = -(0.625e-3 + 1.0 / (9.0 * nu_tau))
    assert compression.zeta[-1] < 0.0
    # the finite-time, finite-v_A departure from the leading order is the same as in
    # expansion (about 4-6 % here), so the reversal is complete
    assert abs(compression.zeta[-1] / closed - 1.0) < 0.08
    np.testing.assert_allclose(compression.zeta_ordered[-1], closed, rtol=1e-6)
    np.testing.assert_allclose(compression.zeta[-1], -expansion.zeta[-1], rtol=0.01)
    assert compression.heating[-1] > 0.0


def test_compression_with_the_expansion_type_tensor_is_not_the_growing_branch():
    model = FluxTubeFokkerPlanck(300.0, 1e-3, p_min=10.0, p_max=1e3, n_p=16, n_mu=9,
                                 compression=True, wave_frame="growing")
    assert model.wave_frame == "counter-moving"
    assert FluxTubeFokkerPlanck(300.0, 1e-3, p_min=10.0, p_max=1e3, n_p=16, n_mu=9).wave_frame == "co-moving"
    with pytest.raises(ValueError, match="wave_frame"):
        FluxTubeFokkerPlanck(300.0, 1e-3, wave_frame="sideways")


def test_scattering_beyond_round_off_is_refused():
    # nu tau_B = 1e14 on the default grid gave a heating ratio of 0.02 silently
    with pytest.raises(ValueError, match="nu_tau_B"):
        FluxTubeFokkerPlanck(1e14, 1e-3)
    with pytest.raises(ValueError, match="v_A_over_c"):
        FluxTubeFokkerPlanck(100.0, 0.3)
    with pytest.raises(ValueError, match="p_max"):
        FluxTubeFokkerPlanck(100.0, 1e-3, p_max=1e200)
    with pytest.raises(ValueError, match="t_end"):
        FluxTubeFokkerPlanck(100.0, 1e-3, n_p=8, n_mu=5).run(720, 10)
    with pytest.raises(ValueError, match="dt"):
        FluxTubeFokkerPlanck(100.0, 1e-3, n_p=8, n_mu=5).run(1.0, 1e-9)
    with pytest.raises(ValueError, match="g0"):
        FluxTubeFokkerPlanck(100.0, 1e-3, n_p=8, n_mu=5).run(1.0, 0.1, g0=np.full(40, np.nan))


def test_loss_of_positivity_is_detected():
    from crlib.kinetics.diagnostics import check_positive

    rows = np.ones((4, 5))
    rows[2, 3] = -0.5e-2  # an undershoot below 1 % of its row's mean passes
    check_positive("f", rows.ravel(), 5)
    rows[2, 3] = -0.05
    with pytest.raises(ValueError, match="^f: the distribution lost positivity"):
        check_positive("f", rows.ravel(), 5)
    rows[2, 3] = np.nan
    with pytest.raises(ValueError, match="non-finite"):
        check_positive("f", rows.ravel(), 5)
