"""Bad input says what the user did wrong, for every public function of the formulary.

A string, a boolean or None given for any physical argument is refused with a
ValueError that names the function the user called and the argument (never an
inner helper, never a NaN, never a TypeError from deep inside numpy).  Results
that leave double precision, or the validity of a formula, are errors too.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping

import numpy as np
import pytest
from public_api import PUBLIC, SAMPLES

from crlib import constants

BAD_VALUES = {"string": "1e-6", "boolean": True, "None": None, "complex": 1 + 0j}


def _physical_arguments():
    for qualname, func in PUBLIC.items():
        args, kwargs = SAMPLES[qualname][0]
        sig = inspect.signature(func)
        bound = sig.bind(*args, **kwargs)
        for name, value in bound.arguments.items():
            param = sig.parameters[name]
            if param.kind is param.VAR_KEYWORD:
                for key in value:
                    if key in func.cgs_units:
                        yield qualname, ("kw", name, key)
            elif name in func.cgs_units and not isinstance(func.cgs_units[name], Mapping):
                if param.default is None:  # None means "not given" here
                    continue
                yield qualname, ("arg", name, None)
            elif name in func.cgs_units:
                for key in value:
                    yield qualname, ("map", name, key)


CASES = [pytest.param(q, point, kind, id=f"{q}-{point[2] or point[1]}-{kind}")
         for q, point in _physical_arguments() for kind in BAD_VALUES]


@pytest.mark.parametrize("qualname, point, kind", CASES)
def test_strings_booleans_none_and_complex_are_refused(qualname, point, kind):
    func = PUBLIC[qualname]
    args, kwargs = SAMPLES[qualname][0]
    bound = inspect.signature(func).bind(*args, **kwargs)
    where, name, key = point
    if where == "arg":
        bound.arguments[name] = BAD_VALUES[kind]
        label = name
    else:
        bound.arguments[name] = dict(bound.arguments[name]) | {key: BAD_VALUES[kind]}
        label = key
    with pytest.raises(ValueError, match=rf"^{re.escape(func.error_name)}: {re.escape(label)} = "):
        func(*bound.args, **bound.kwargs)


def test_the_message_says_what_is_wrong():
    from crlib.speeds import magnetic_pressure

    for value, what in (("1e-6", "is a string"), (True, "is a boolean"), (None, "is None"),
                        (np.array([1e-6, True], dtype=object), "contains None, strings or booleans"),
                        (["1e-6"], "contains strings"), (np.array([True]), "is boolean")):
        with pytest.raises(ValueError, match=rf"^magnetic_pressure: B = .* {what}, not a real number\.$"):
            magnetic_pressure(value)


# --- results are checked ------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: __import__("crlib.speeds").speeds.magnetic_pressure(1e300),
         r"^magnetic_pressure: the result = inf is not finite"),
        (lambda: __import__("crlib.speeds").speeds.magnetic_pressure(1e-170),
         r"^magnetic_pressure: the result = 0.0 underflows"),
        (lambda: __import__("crlib.instability").instability.threshold_zeta(1e300),
         r"^threshold_zeta: the result = nan is not finite"),
        (lambda: __import__("crlib.speeds").speeds.thermal_ion_speed(1e14),
         r"^thermal_ion_speed: v_i = .* must be less than .*below c"),
        (lambda: __import__("crlib.speeds").speeds.magnetoacoustic_speed(1e30, 1.0, 1.0, 1.0),
         r"^magnetoacoustic_speed: C_ma = .* must be less than .*below c"),
        (lambda: __import__("crlib.heating").heating.pressure_weighted_c_over_v(4.7, 1e300),
         r"^pressure_weighted_c_over_v: the inputs are beyond the range of double precision"),
    ],
    ids=["overflow", "underflow", "nan", "v_i above c", "C_ma above c", "math overflow"],
)
def test_non_finite_or_unphysical_results_are_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --- errors name the function the user called -------------------------------------------


def test_nested_error_names_the_outer_function_and_the_inner_check():
    from crlib.instability import growth_rate_drift

    with pytest.raises(ValueError, match=r"^growth_rate_drift: spectral_index = 3\.0 must be greater than 3\.0 "
                                         r".*\[checked in spectral_factor\]$"):
        growth_rate_drift(5e-6, 0.01, 1e-9, 3e7, 3)


def test_evaluate_names_the_source_multiplier():
    from crlib.paper import evaluate

    with pytest.raises(ValueError, match=r"^paper\.evaluate: injection_rate \* source_multiplier = 0\.0 "
                                         r"must be positive"):
        evaluate({"source_multiplier": 1e-300})


# --- obscure exceptions of issue 10 -------------------------------------------------------


def test_sweep_over_no_times_is_an_error():
    from crlib.environments import sweep_source_time

    with pytest.raises(ValueError, match=r"^sweep_source_time: source_times is empty"):
        sweep_source_time("young_snr", [])


@pytest.mark.parametrize("env", [None, 3.0, ["young_snr"]])
def test_environment_must_be_a_preset_or_an_environment(env):
    from crlib.environments import evaluate_environment

    with pytest.raises(ValueError, match=r"^evaluate_environment: env = .* must be one of"):
        evaluate_environment(env)


@pytest.mark.parametrize("p_max", [-np.inf, np.nan, 0.5, None, "inf"])
def test_c_over_v_refuses_a_bad_upper_cutoff(p_max):
    from crlib.heating import pressure_weighted_c_over_v

    with pytest.raises(ValueError, match=r"^pressure_weighted_c_over_v: p_max = "):
        pressure_weighted_c_over_v(4.7, 1.0, p_max=p_max)


def test_c_over_v_of_a_very_steep_spectrum_is_c_over_v_at_the_cutoff():
    # a -> infinity puts all the pressure at p_min = m c, where c/v = sqrt(2).
    from crlib.heating import pressure_weighted_c_over_v

    np.testing.assert_allclose(pressure_weighted_c_over_v(1e300, 1.0), np.sqrt(2.0), rtol=1e-12)


def test_integer_arguments():
    from crlib.anisotropy import legendre_coefficient

    for bad in (2.0, True, "2", None):
        with pytest.raises(ValueError, match=r"^legendre_coefficient: l = .* must be an integer"):
            legendre_coefficient(lambda mu: mu, bad)
    assert legendre_coefficient(lambda mu: mu, np.int64(1)) == pytest.approx(1.0)


def test_label_arguments_unhashable_or_wrong_type():
    from crlib.instability import resonant_pitch_cosine

    for bad in (["right"], 1.0, None):
        with pytest.raises(ValueError, match=r"^resonant_pitch_cosine: polarization = .* must be one of "
                                             r"\['right', 'left'\]"):
            resonant_pitch_cosine(2e-13, 5e-6, 1e-12, polarization=bad)


def test_speed_of_light_is_allowed_exactly_for_v():
    # v = c is the default: inclusive bound, no 1 + 1e-12 slack, and nothing above it.
    from crlib.confinement import mean_free_path

    assert mean_free_path(1.0, v=constants.c) == pytest.approx(constants.c)
    with pytest.raises(ValueError, match=r"^mean_free_path: v = .* must be at most 29979245800\.0"):
        mean_free_path(1.0, v=np.nextafter(constants.c, np.inf))
