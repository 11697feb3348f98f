"""crlib.environments: presets, the chain per environment, scalings, the paper's regime claim."""

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crlib import constants
from crlib.environments import (
    PRESETS,
    SIGNIFICANT_HEATING_FRACTION,
    evaluate_environment,
    sweep_source_time,
)
from crlib.gas import heating_per_hydrogen, hydrogen_number_density, thermal_pressure
from crlib.paper import evaluate

BIB = (Path(__file__).resolve().parents[1] / "references.bib").read_text(encoding="utf-8")
BIB_KEYS = set(re.findall(r"^@\w+\{([^,]+),", BIB, flags=re.MULTILINE))
REQUIRED = {"halo_bottleneck", "warm_ionised_medium", "hot_halo", "intracluster_medium",
            "young_snr", "starburst_wind_base"}


def test_required_presets_exist():
    assert REQUIRED <= set(PRESETS)


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_preset_is_sourced_and_physical(key):
    env = PRESETS[key]
    assert env.references and set(env.references) <= BIB_KEYS, env.references
    assert env.sources
    for name in ("n_H", "T", "B", "P_c", "source_time", "size", "heating_per_H"):
        assert np.isfinite(getattr(env, name)) and getattr(env, name) > 0, name
    r = evaluate_environment(env)
    assert all(np.isfinite(v) for v in r.as_dict().values())
    assert r.v_A < constants.c


def test_halo_preset_is_the_section6_chain():
    r = evaluate_environment("halo_bottleneck", tau_B_pressure="pre-injection")
    s6 = evaluate()
    for key in ("tau_B", "heating_bound", "cooling_balance_heating", "mean_free_path_eq42",
                "scattering_frequency_nlld"):
        np.testing.assert_allclose(getattr(r, key), getattr(s6, key), rtol=1e-12, err_msg=key)


@settings(deadline=None)
@given(n=st.floats(1e-5, 1e2), T=st.floats(1e2, 1e9), y=st.floats(0.0, 0.3))
def test_thermal_pressure_inverts_hydrogen_density(n, T, y):
    P = thermal_pressure(n, T, helium_abundance=y)
    np.testing.assert_allclose(hydrogen_number_density(P, T, helium_abundance=y), n, rtol=1e-12)


def test_known_values():
    # (2 + 0.3) * 1 * k_B * 1e4 with k_B = 1.380649e-16 erg/K
    np.testing.assert_allclose(thermal_pressure(1.0, 1e4), 2.3 * 1.380649e-12, rtol=1e-8)
    # n_e Lambda = 1.2 n_H Lambda
    np.testing.assert_allclose(heating_per_hydrogen(1e-3, 1e-22), 1.2e-25, rtol=1e-12)


def test_source_time_scalings_and_limits():
    times = np.array([1e3, 1e4, 1e5]) * constants.yr
    s = sweep_source_time("young_snr", times)
    np.testing.assert_allclose(s.tau_B / times, s.tau_B[0] / times[0], rtol=1e-12)
    np.testing.assert_allclose(s.mean_free_path_eq42 * times[0] / times,
                               s.mean_free_path_eq42[0], rtol=1e-12)
    np.testing.assert_allclose(s.heating_fraction * times / times[0],
                               s.heating_fraction[0], rtol=1e-12)
    r = evaluate_environment("young_snr")
    at_limit = evaluate_environment("young_snr", source_time=r.max_source_time_confinement)
    np.testing.assert_allclose(at_limit.lambda_over_size, 1.0, rtol=1e-12)
    at_heat = evaluate_environment("young_snr", source_time=r.max_source_time_heating)
    np.testing.assert_allclose(at_heat.heating_fraction, SIGNIFICANT_HEATING_FRACTION,
                               rtol=1e-12)


def test_source_multiplier_scales_pressure_and_rate():
    base = evaluate_environment("hot_halo")
    ten = evaluate_environment("hot_halo", source_multiplier=10.0)
    np.testing.assert_allclose(ten.P_c, 10 * base.P_c, rtol=1e-12)
    np.testing.assert_allclose(ten.injection_rate, 10 * base.injection_rate, rtol=1e-12)


def test_paper_regime_claim():
    # Introduction: pressure anisotropy matters near a young SNR (few kyr, parsecs) but
    # not near a starburst (tens of Myr, >= 100 pc). With an anisotropy factor of order
    # unity (Eq. 57) the first is confined within its size and the second is not.
    assert evaluate_environment("young_snr").confines == 1.0
    assert evaluate_environment("starburst_wind_base").confines == 0.0
    # ... and the heating is a small fraction of cooling in both.
    for key in ("young_snr", "starburst_wind_base"):
        assert evaluate_environment(key).heats == 0.0


@pytest.mark.parametrize(
    "args, kwargs, match",
    [
        (("nowhere",), {}, r"^evaluate_environment: env = 'nowhere' must be one of"),
        (("hot_halo",), {"source_time": -1.0}, r"^evaluate_environment: source_time = "),
        (("hot_halo",), {"source_multiplier": 0.0}, r"^evaluate_environment: source_multiplier = "),
        (("hot_halo",), {"tau_B_pressure": "maybe"}, r"^evaluate_environment: tau_B_pressure = 'maybe' must be one of"),
    ],
)
def test_errors(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        evaluate_environment(*args, **kwargs)


def test_helper_errors():
    with pytest.raises(ValueError, match=r"^thermal_pressure: n_H = "):
        thermal_pressure(0.0, 1e4)
    with pytest.raises(ValueError, match=r"^heating_per_hydrogen: cooling_function = "):
        heating_per_hydrogen(1.0, -1e-23)
    with pytest.raises(ValueError, match=r"^sweep_source_time: source_times = "):
        sweep_source_time("hot_halo", [1.0, np.nan])


def test_confinement_verdicts_use_the_exact_mean_free_path():
    # Issue 9, item 2: lambda = 3 v_A tau_B/|mu| (Delta = 1, |mu| = 1), not (45/2) v_A tau_B, so
    # t_conf = (1/3)(L/v_A) P_c/(rho C^2) and kappa_pa/kappa_d = 3 c tau_B/L.
    from crlib.speeds import GAMMA_CR, GAMMA_GAS, GAMMA_MAGNETIC_TRANSVERSE
    for key, env in PRESETS.items():
        r = evaluate_environment(key)
        np.testing.assert_allclose(r.mean_free_path_eq42, 3 * r.v_A * r.tau_B, rtol=1e-12)
        stiffness = GAMMA_GAS * env.P_g + GAMMA_CR * env.P_c + GAMMA_MAGNETIC_TRANSVERSE * env.P_m
        np.testing.assert_allclose(r.max_source_time_confinement,
                                   env.size / (3 * r.v_A) * env.P_c / stiffness, rtol=1e-12)
        np.testing.assert_allclose(r.kappa_ratio, 3 * constants.c * r.tau_B / env.size, rtol=1e-12)
    # the diffuse media: a few to tens of sizes, not tens to hundreds
    assert 1 < evaluate_environment("warm_ionised_medium").lambda_over_size < 10
    assert evaluate_environment("intracluster_medium").lambda_over_size < 100
# --- thresholds and preset values, pinned at their edges ----------------------------------


def test_local_cosmic_ray_pressure_is_a_third_of_one_ev_per_cc():
    # U_c ~ 1 eV cm^-3 (Ferriere2001), P_c = U_c/3 for relativistic particles; eV = 1.602176634e-12 erg.
    np.testing.assert_allclose(PRESETS["warm_ionised_medium"].P_c, 1.602176634e-12 / 3, rtol=1e-12)


@pytest.mark.parametrize("side, expected", [(0.995, 1.0), (1.005, 0.0)])
def test_heats_flag_switches_at_the_stated_fraction(side, expected):
    # H_pa ~ 1/t_s at fixed P_c: a source time just shorter (longer) than the limit heats (does not).
    r = evaluate_environment("young_snr")
    at = evaluate_environment("young_snr", source_time=r.max_source_time_heating * side)
    np.testing.assert_allclose(at.heating_fraction, 0.1 / side, rtol=1e-9)
    assert at.heats == expected


@pytest.mark.parametrize("side, expected", [(0.995, 1.0), (1.005, 0.0)])
def test_confinement_flags_switch_at_the_system_size(side, expected):
    # lambda (Eq. 57) ~ t_s, and lambda_nlld (Eq. 60) ~ sqrt(tau_B) ~ sqrt(t_s).
    r = evaluate_environment("young_snr")
    at = evaluate_environment("young_snr", source_time=r.max_source_time_confinement * side)
    np.testing.assert_allclose(at.lambda_over_size, side, rtol=1e-9)
    assert at.confines == expected
    t_nlld = r.source_time / r.lambda_nlld_over_size ** 2
    at = evaluate_environment("young_snr", source_time=t_nlld * side**2)
    np.testing.assert_allclose(at.lambda_nlld_over_size, side, rtol=1e-6)
    assert at.confines_nlld == expected


def test_environment_fields_take_quantities_and_refuse_bad_values():
    import dataclasses

    import astropy.units as u

    from crlib.environments import Environment

    base = PRESETS["hot_halo"]
    same = dataclasses.replace(base, n_H=base.n_H * 1e6 * u.m**-3, B=base.B * 1e-4 * u.T,
                               size=(base.size * u.cm).to(u.kpc), source_time=(base.source_time * u.s).to(u.Myr))
    assert isinstance(same, Environment) and isinstance(same.B, float)
    r, s = evaluate_environment(base), evaluate_environment(same)
    for key in ("tau_B", "heating_fraction", "lambda_over_size"):
        np.testing.assert_allclose(getattr(s, key), getattr(r, key), rtol=1e-12, err_msg=key)
    for name, bad in (("n_H", 0.0), ("B", "5e-6"), ("T", None), ("size", 1.0 * u.s)):
        with pytest.raises(ValueError, match=rf"^Environment: {name} = "):
            dataclasses.replace(base, **{name: bad})


# --- issue 10: arrays, a typed result, clear errors, no paper data at import ------------------


def test_importing_environments_does_not_read_the_paper():
    import subprocess
    import sys

    code = ("import sys, crlib.environments as e; assert 'crlib.paper' not in sys.modules; "
            "e.PRESETS; assert 'crlib.paper' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_sweeps_are_vectorised_and_equal_the_single_calls():
    times = np.array([1e2, 1e4, 1e6]) * constants.yr
    s = sweep_source_time("hot_halo", times, source_multiplier=2.0)
    strengths = evaluate_environment("hot_halo", source_multiplier=np.array([0.5, 2.0]))
    for i, t in enumerate(times):
        one = evaluate_environment("hot_halo", source_time=t, source_multiplier=2.0)
        for name in ("tau_B", "heating_fraction", "lambda_over_size", "kappa_ratio", "max_source_time_heating"):
            np.testing.assert_allclose(getattr(s, name)[i], getattr(one, name), rtol=1e-13, err_msg=name)
        assert s.confines[i] == one.confines and s.size[i] == one.size
    two = evaluate_environment("hot_halo", source_multiplier=2.0)
    np.testing.assert_allclose(strengths.heating_fraction[1], two.heating_fraction, rtol=1e-13)
    assert isinstance(two.confines, bool) and isinstance(two.size, float)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: sweep_source_time("young_snr", []), r"^sweep_source_time: source_times is empty"),
        (lambda: sweep_source_time("young_snr", [[1e10, 2e10]]), r"^sweep_source_time: source_times has shape"),
        (lambda: evaluate_environment(None), r"^evaluate_environment: env = None must be one of \[.*\] \(an Environment, or the key of a preset\)"),
        (lambda: evaluate_environment(3), r"^evaluate_environment: env = 3 must be one of"),
        (lambda: evaluate_environment("hot_halo", source_time=[1e10, -1.0]),
         r"^evaluate_environment: source_time = -1\.0 must be positive"),
    ],
)
def test_obscure_exceptions_are_clear_value_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --- issue 12: confinement by the saturated state of the waves ------------------------------

from crlib.self_confinement import saturated_confinement  # noqa: E402

# independent literal constants (CODATA 2022)
_C = 2.99792458e10
_E = 1.602176634e-19 * 2.99792458e9
_M_P = 1.67262192595e-24


def _hand_gamma0(r):
    """(pi/4) Omega_0 n_c/n_i with Omega_0 = eB/(m_p c)."""
    return np.pi / 4 * _E * r.B / (_M_P * _C) * r.n_cr / r.n_i


def test_saturated_confinement_nonlinear_landau_limit_by_hand():
    # ICM: 2 (v_i/c) nu_k >> L_w, so nu = nu_k |mu|^q, q = (5-a)/2, nu_eff = (3-q)(5-q) nu_k/15,
    # nu_k = [(1/3)((a-3)/(a-2)) (c/v_A)(c/v_i) Gamma_0/tau_B]^(1/2)
    r = evaluate_environment("intracluster_medium")
    s = saturated_confinement("intracluster_medium", calibrated=False)
    a = PRESETS["intracluster_medium"].a
    nu_k = np.sqrt((a - 3) / (a - 2) / 3 * _C**2 / (r.v_A * r.v_i) * _hand_gamma0(r) / r.tau_B)
    q = (5 - a) / 2
    np.testing.assert_allclose(s.nu_eff, (3 - q) * (5 - q) / 15 * nu_k, rtol=1e-3)
    np.testing.assert_allclose(s.lambda_over_size, _C / s.nu_eff / PRESETS["intracluster_medium"].size,
                               rtol=1e-12)
    # the waves' own loss in the expanding tube, (3/2 - beta)/tau_B with beta = (5-a)/2
    np.testing.assert_allclose(s.wave_loss_rate, (1.5 - q) / r.tau_B, rtol=1e-12)
    # lambda ~ nu_k^-1 ~ sqrt(tau_B) ~ sqrt(t_s) at fixed P_c
    t = PRESETS["intracluster_medium"].source_time
    slow = saturated_confinement("intracluster_medium", calibrated=False, source_time=100 * t)
    np.testing.assert_allclose(slow.lambda_over_size / s.lambda_over_size, 10.0, rtol=1e-3)


def test_saturated_confinement_damping_rate_gives_the_damping_dominated_limit():
    # Gamma_d >> (v_i/c) nu_k, L_w: nu_eff = (a^2-1)/15 nu_k, nu_k = (2/3)((a-3)/(a-2))(c/v_A) Gamma_0/(2 Gamma_d tau_B)
    r = evaluate_environment("hot_halo")
    a, G_d = PRESETS["hot_halo"].a, 1e-6
    s = saturated_confinement("hot_halo", damping_rate=G_d, calibrated=False)
    nu_k = 2 / 3 * (a - 3) / (a - 2) * _C / r.v_A * _hand_gamma0(r) / (2 * G_d * r.tau_B)
    assert 2 * r.v_i / _C * nu_k < 1e-6 * 2 * G_d  # the limit holds
    np.testing.assert_allclose(s.nu_eff, (a**2 - 1) / 15 * nu_k, rtol=1e-5)
    assert not s.confines and s.damping_rate == G_d


def test_saturated_confinement_is_lost_at_the_stated_damping_rate():
    s = saturated_confinement("young_snr")
    G_max = s.max_damping_rate_confinement
    for side, expected in ((0.99, True), (1.01, False)):
        at = saturated_confinement("young_snr", damping_rate=G_max * side)
        assert at.confines == expected
    np.testing.assert_allclose(saturated_confinement("young_snr", damping_rate=G_max).lambda_over_size, 1.0,
                               rtol=1e-6)


def test_saturated_confinement_calibrated_is_the_fitted_closure():
    from crlib.closure import _map_fit

    c = _map_fit("nu_eff")["coefficients"]
    pred = saturated_confinement("halo_bottleneck", calibrated=False)
    cal = saturated_confinement("halo_bottleneck")
    x = np.array([1.0, np.log(pred.nu_eff * pred.tau_B / 1e3), np.log(pred.v_A / (1e-2 * _C)), 0.0])
    np.testing.assert_allclose(cal.nu_eff / pred.nu_eff, np.exp(c @ x), rtol=1e-10)
    assert abs(cal.nu_eff / pred.nu_eff - 1) > 0.01  # the modifier changes the answer
    assert cal.in_fitted_range  # the halo lies on the map (v_A/c = 2e-4)
    assert not saturated_confinement("warm_ionised_medium").in_fitted_range  # v_A/c below the map


def test_saturated_confinement_source_multiplier_and_conventions():
    import dataclasses

    env = PRESETS["hot_halo"]
    three = saturated_confinement("hot_halo", source_multiplier=3.0)
    same = saturated_confinement(dataclasses.replace(env, P_c=3 * env.P_c))
    np.testing.assert_allclose(three.nu_eff, same.nu_eff, rtol=1e-12)
    assert abs(three.nu_eff / saturated_confinement("hot_halo").nu_eff - 1) > 0.1
    # the Eq. 56 pitch angle changes the estimate and the implied anisotropy factor, not the saturated nu
    base, quarter = saturated_confinement("hot_halo"), saturated_confinement("hot_halo", eq56_pitch_angle=0.25)
    np.testing.assert_allclose(quarter.nu_eff, base.nu_eff, rtol=1e-14)
    np.testing.assert_allclose(quarter.estimate_lambda_over_size, 4 * base.estimate_lambda_over_size, rtol=1e-12)
    np.testing.assert_allclose(quarter.anisotropy_factor, base.anisotropy_factor / 4, rtol=1e-12)


def test_saturated_confinement_agrees_with_the_direct_solver_for_the_halo():
    from crlib.quasilinear import QuasilinearFluxTube
    from crlib.saturated_state import predict_for_model, solve_saturated_state

    r = evaluate_environment("halo_bottleneck")
    s = saturated_confinement("halo_bottleneck", calibrated=False)
    model = QuasilinearFluxTube(r.alfven_ratio, s.growth_rate * s.tau_B, damping="nonlinear_landau",
                                v_i_over_c=r.v_i / _C, p_min=1.0, p_max=100.0, n_p=16, n_mu=9,
                                ultrarelativistic=True)
    state, pred = solve_saturated_state(model), predict_for_model(model)
    # the model's prediction at p_1 is the environment's (same balance, model units)
    np.testing.assert_allclose(float(predict_for_model(model, p=[1.0])["nu_eff"][0]) / s.tau_B, s.nu_eff,
                               rtol=2e-2)
    ratio = np.median(state.nu_eff[state.window] / pred["nu_eff"][state.window])
    assert 0.9 < ratio < 1.15


def test_saturated_confinement_verdicts():
    # fully ionised, nonlinear Landau damping only: the saturated waves confine every preset,
    # where the Eq. 57 estimate (anisotropy factor 1) confines only the halo and the young SNR
    for key in PRESETS:
        s = saturated_confinement(key)
        assert s.confines and s.anisotropy_factor < 0.1, key
        assert s.estimate_confines == evaluate_environment(key).confines
        assert saturated_confinement(key, calibrated=False).confines
    assert not saturated_confinement("starburst_wind_base").estimate_confines


def test_saturated_confinement_broadcasts():
    times = np.array([1e11, 1e13])
    s = saturated_confinement("hot_halo", source_time=times)
    assert s.nu_eff.shape == (2,) and s.confines.dtype == bool
    for i, t in enumerate(times):
        one = saturated_confinement("hot_halo", source_time=t)
        np.testing.assert_allclose(s.nu_eff[i], one.nu_eff, rtol=1e-13)
        np.testing.assert_allclose(s.max_damping_rate_confinement[i], one.max_damping_rate_confinement, rtol=1e-9)
    assert isinstance(saturated_confinement("hot_halo").confines, bool)


@pytest.mark.parametrize("kwargs, match", [
    ({"env": "nowhere"}, r"^saturated_confinement: env = 'nowhere' must be one of"),
    ({"damping_rate": -1e-12}, r"^saturated_confinement: damping_rate = "),
    ({"source_time": -1.0}, r"^saturated_confinement: source_time = "),
    ({"source_multiplier": 0.0}, r"^saturated_confinement: source_multiplier = "),
    ({"calibrated": "yes"}, r"^saturated_confinement: calibrated = 'yes'"),
])
def test_saturated_confinement_errors(kwargs, match):
    kwargs = {"env": "hot_halo", **kwargs}
    with pytest.raises(ValueError, match=match):
        saturated_confinement(kwargs.pop("env"), **kwargs)
