"""Units at crlib's boundary, for every public function of the formulary.

Each function is called with its sample arguments (tests/public_api.py) in
plain Gaussian CGS, then again with one argument — and with all of them — as
an astropy Quantity in a non-CGS unit (tesla, kg m^-3, km/s, Pa, yr, pc, eV,
coulomb, V/m, per cent, ...).  The answer must be the same, as a Quantity in
the declared CGS unit; a Quantity of the wrong kind, or one given for an
argument that declares no unit, must be refused with a ValueError that names
the function and the argument.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Mapping

import astropy.units as u
import numpy as np
import pytest
from public_api import PUBLIC, SAMPLES

from crlib import constants
from crlib._validation import GAUSSIAN

EQUIVALENCIES = GAUSSIAN + u.temperature() + u.temperature_energy()

#: A non-CGS unit of the same kind for each declared CGS unit.
PROBE_UNITS = {
    "G": u.T,
    "g cm-3": u.kg / u.m**3,
    "cm s-1": u.km / u.s,
    "s": u.yr,
    "s-1": 1 / u.yr,
    "rad s-1": u.deg / u.s,
    "dyn cm-2": u.Pa,
    "dyn cm-2 s-1": u.Pa / u.yr,
    "dyn cm-3": u.Pa / u.pc,
    "K": u.eV,
    "": u.percent,
    "statC": u.C,
    "statC cm-2": u.V / u.m,
    "g": u.kg,
    "g cm s-1": u.kg * u.m / u.s,
    "g cm s-2": u.N,
    "cm": u.pc,
    "cm-1": 1 / u.km,
    "cm-3": u.m**-3,
    "cm2 s-1": u.m**2 / u.s,
    "erg s-1": u.W,
    "erg cm-3": u.J / u.m**3,
    "erg cm-3 s-1": u.W / u.m**3,
    "erg cm3 s-1": u.J * u.m**3 / u.s,
    "cm-6 g-3 s3": u.m**-3 * (u.kg * u.m / u.s) ** -3,
    "cm-7 g-4 s4": u.m**-3 * (u.kg * u.m / u.s) ** -4,
}


def _probe(value, cgs: str):
    """``value`` (plain CGS) as a Quantity in the probe unit of ``cgs``."""
    unit = PROBE_UNITS[cgs]
    return (np.asarray(value, dtype=float) * u.Unit(cgs)).to(unit, equivalencies=EQUIVALENCIES)


def _wrong_unit(cgs: str):
    return u.s if u.Unit(cgs).physical_type == "mass" else u.kg


def _probe_points(qualname, func, args, kwargs):
    """Yield (label, transform) where transform(args, kwargs) makes one argument a Quantity."""
    sig = inspect.signature(func)
    bound = sig.bind(*args, **kwargs)
    units = func.cgs_units
    for name, value in bound.arguments.items():
        param = sig.parameters[name]
        if param.kind is param.VAR_KEYWORD:
            for key in value:
                if key in units:
                    yield key, ("kw", name, key, units[key])
        elif name in units:
            spec = units[name]
            if isinstance(spec, Mapping):
                for key in value:
                    if key in spec:
                        yield f"{name}[{key!r}]", ("map", name, key, spec[key])
            else:
                yield name, ("arg", name, None, spec)


def _apply(func, args, kwargs, point, make):
    kind, name, key, cgs = point
    bound = inspect.signature(func).bind(*args, **kwargs)
    if kind == "arg":
        bound.arguments[name] = make(bound.arguments[name], cgs)
    else:
        bound.arguments[name] = dict(bound.arguments[name])
        bound.arguments[name][key] = make(bound.arguments[name][key], cgs)
    return bound.args, bound.kwargs


def _cases():
    for qualname, func in PUBLIC.items():
        for i, (args, kwargs) in enumerate(SAMPLES.get(qualname, [])):
            for label, point in _probe_points(qualname, func, args, kwargs):
                yield pytest.param(qualname, i, point, id=f"{qualname}-{i}-{label}")


CASES = list(_cases())


def _assert_same(got, expected, returns):
    if returns is not None:
        assert isinstance(got, u.Quantity), f"expected a Quantity, got {type(got)}"
        assert got.unit == u.Unit(returns), (got.unit, returns)
        got = got.value
    _assert_close(got, expected)


def _assert_close(got, expected):
    assert not isinstance(got, u.Quantity) and not isinstance(expected, u.Quantity)
    if isinstance(expected, Mapping):
        assert set(got) == set(expected)
        for key in expected:
            _assert_close(got[key], expected[key])
    elif isinstance(expected, (list, tuple)):
        assert len(got) == len(expected)
        for a, b in zip(got, expected):
            _assert_close(a, b)
    elif dataclasses.is_dataclass(expected):
        _assert_close(dataclasses.asdict(got), dataclasses.asdict(expected))
    elif isinstance(expected, (str, bool, type(None))):
        assert got == expected
    else:
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)


def test_every_public_function_declares_its_units_and_has_a_sample():
    assert len(PUBLIC) >= 70
    missing = [q for q in PUBLIC if q not in SAMPLES]
    assert not missing, f"add a sample call to tests/public_api.py for {missing}"
    undecorated = [q for q, f in PUBLIC.items() if not hasattr(f, "cgs_units")]
    assert not undecorated, f"decorate with crlib._validation.quantity_input_cgs: {undecorated}"


@pytest.mark.parametrize("qualname", sorted(PUBLIC))
def test_plain_numbers_give_plain_results(qualname):
    func = PUBLIC[qualname]
    for args, kwargs in SAMPLES[qualname]:
        out = func(*args, **kwargs)
        assert not isinstance(out, u.Quantity)
        if isinstance(out, Mapping):
            assert not any(isinstance(v, u.Quantity) for v in out.values())


@pytest.mark.parametrize("qualname, sample, point", CASES)
def test_one_quantity_in_a_non_cgs_unit(qualname, sample, point):
    func = PUBLIC[qualname]
    args, kwargs = SAMPLES[qualname][sample]
    expected = func(*args, **kwargs)
    q_args, q_kwargs = _apply(func, args, kwargs, point, _probe)
    assert PROBE_UNITS[point[3]] != u.Unit(point[3])
    _assert_same(func(*q_args, **q_kwargs), expected, func.cgs_returns)


@pytest.mark.parametrize("qualname", sorted(q for q in PUBLIC if any(c.values[0] == q for c in CASES)))
def test_every_argument_a_quantity(qualname):
    func = PUBLIC[qualname]
    for i, (args, kwargs) in enumerate(SAMPLES[qualname]):
        expected = func(*args, **kwargs)
        for _, point in _probe_points(qualname, func, args, kwargs):
            args, kwargs = _apply(func, args, kwargs, point, _probe)
        _assert_same(func(*args, **kwargs), expected, func.cgs_returns)


@pytest.mark.parametrize("qualname, sample, point", CASES)
def test_wrong_kind_of_quantity_is_refused(qualname, sample, point):
    func = PUBLIC[qualname]
    args, kwargs = SAMPLES[qualname][sample]
    bad_args, bad_kwargs = _apply(func, args, kwargs, point,
                                  lambda value, cgs: np.asarray(value) * _wrong_unit(cgs))
    kind, name, key, _ = point
    label = name if kind == "arg" else (key if kind == "kw" else f"{name}[{key!r}]")
    with pytest.raises(ValueError, match=rf"^{re.escape(func.error_name)}: {re.escape(label)} = "):
        func(*bad_args, **bad_kwargs)


def _undeclared():
    for qualname, func in PUBLIC.items():
        args, kwargs = SAMPLES[qualname][0]
        for name, param in inspect.signature(func).parameters.items():
            if param.kind in (param.VAR_KEYWORD, param.VAR_POSITIONAL) or name in func.cgs_units:
                continue
            yield pytest.param(qualname, name, id=f"{qualname}-{name}")


@pytest.mark.parametrize("qualname, name", list(_undeclared()))
def test_argument_without_a_unit_refuses_quantities(qualname, name):
    func = PUBLIC[qualname]
    args, kwargs = SAMPLES[qualname][0]
    bound = inspect.signature(func).bind_partial(*args, **kwargs)
    bound.arguments[name] = 2.0 * u.m
    with pytest.raises(ValueError, match=rf"^{re.escape(func.error_name)}: {name} = .* takes no unit"):
        func(*bound.args, **bound.kwargs)


# --- the defects of issue 10, by value ----------------------------------------------------


def test_alfven_speed_in_tesla_and_grams():
    # 1e-10 T = 1 uG; rho = 1.67e-27 g cm^-3: v_A = 1e-6 / sqrt(4 pi 1.67e-27) cm/s, by hand.
    from crlib.speeds import alfven_speed

    v = alfven_speed(1e-10 * u.T, 1.67e-27 * u.g / u.cm**3)
    assert v.unit == u.cm / u.s
    np.testing.assert_allclose(v.value, 1e-6 / np.sqrt(4 * np.pi * 1.67e-27), rtol=1e-13)
    np.testing.assert_allclose(v.to_value(u.km / u.s), 69.02983, rtol=1e-6)


def test_magnetic_pressure_in_tesla_and_pascal():
    from crlib.speeds import magnetic_pressure

    # 1 T = 1e4 G: P_m = 1e8/(8 pi) dyn cm^-2 = 1e7/(8 pi) Pa (B^2/2mu_0 in SI).
    P = magnetic_pressure(1.0 * u.T)
    np.testing.assert_allclose(P.to_value(u.Pa), 1.0 / (2 * 4e-7 * np.pi), rtol=1e-9)


def test_charge_in_coulomb_and_temperature_in_ev():
    from crlib.speeds import thermal_ion_speed
    from crlib.speeds import gyrofrequency

    np.testing.assert_allclose(gyrofrequency(1e-6, charge=1.602176634e-19 * u.C).value,
                               gyrofrequency(1e-6), rtol=1e-9)
    # k_B T = 1 keV for protons: sqrt(kT/m) = sqrt(1.602176634e-9 erg / m_p)
    v = thermal_ion_speed(1.0 * u.keV)
    np.testing.assert_allclose(v.value, np.sqrt(1.602176634e-9 / constants.m_p), rtol=1e-9)
    np.testing.assert_allclose(thermal_ion_speed((1e6 * u.K).to(u.deg_C, equivalencies=u.temperature())).value,
                               thermal_ion_speed(1e6), rtol=1e-12)


def test_list_of_quantities_is_converted_not_stripped():
    from crlib.speeds import magnetic_pressure

    out = magnetic_pressure([1e-10 * u.T, 2e-10 * u.T])
    np.testing.assert_allclose(out.value, magnetic_pressure(np.array([1e-6, 2e-6])), rtol=1e-14)
    with pytest.raises(ValueError, match="^magnetic_pressure: B = "):
        magnetic_pressure([1e-10 * u.T, 1e-6])  # a plain number beside a Quantity is ambiguous


def test_nested_calls_return_plain_numbers_inside():
    # heating_ratio's Quantity result is built from plain internal calls: one unit, dimensionless.
    from crlib.heating import heating_ratio

    r = heating_ratio(60 * u.km / u.s, 8.2e-14, 3.2e-13, 3.97e-14)
    assert r.unit == u.dimensionless_unscaled


# --- the declared units are the docstrings' units ------------------------------------------


def _printed_unit(text: str):
    """An astropy unit from the docstring notation ``cm^-3 (g cm s^-1)^-3``, ``statV cm^-1``."""
    text = text.split("=")[0].strip().replace("^", "").replace("statV", "statC cm-1")
    if text == "dimensionless":
        return u.dimensionless_unscaled

    def expand(match):
        power = int(match.group(2))
        out = []
        for token in match.group(1).split():
            base, _, exp = re.match(r"([A-Za-z]+)(-?\d*)", token).group(1, 0, 2)
            out.append(f"{base}{(int(exp) if exp else 1) * power}")
        return " ".join(out)

    return u.Unit(re.sub(r"\(([^()]*)\)(-?\d+)", expand, text), parse_strict="raise")


def _documented_units(func):
    doc = inspect.cleandoc(func.__doc__)
    params, current = {}, []
    block = re.search(r"Parameters\n-+\n(.*?)\n\n(?:Returns|Raises)", doc, re.S)
    for line in (block.group(1).splitlines() if block else []):
        if line and not line.startswith(" "):
            current = [n.strip() for n in line.split(":")[0].split(",")]
            params.update({n: "" for n in current})
        else:
            for n in current:
                params[n] += line + " "
    returns = re.search(r"Returns\n-+\n(.*?)(?:\n\n|\Z)", doc, re.S)
    return params, returns.group(1) if returns else ""


def _first_unit(text):
    for match in re.finditer(r"\[([^\]]+)\]", text):
        if not re.match(r"\s*[-\d(]", match.group(1)):  # "[-1, 1]", "(0, 1]" are ranges
            return match.group(1)
    return None


@pytest.mark.parametrize("qualname", sorted(PUBLIC))
def test_declared_units_are_the_documented_units(qualname):
    func = PUBLIC[qualname]
    params, returns = _documented_units(func)
    pairs = [(name, params.get(name), unit) for name, unit in func.cgs_units.items()
             if isinstance(unit, str) and name in params]
    if func.cgs_returns is not None:
        pairs.append(("returns", returns, func.cgs_returns))
    for name, text, declared in pairs:
        printed = _first_unit(text)
        if printed is None:
            assert declared == "", f"{qualname}: {name} declares {declared!r}; its docstring states no unit"
            continue
        factor = _printed_unit(printed).to(u.Unit(declared))
        assert factor == pytest.approx(1.0, rel=1e-12), f"{qualname}: {name} is [{printed}], declared {declared!r}"
