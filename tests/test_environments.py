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
