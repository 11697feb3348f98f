"""Scalars in, Python scalars out; arrays in, arrays out — for every public function.

The rule lives once, in ``crlib._validation.quantity_input_cgs``: a 0-d result
is returned as a Python ``float`` (``int``, ``bool`` or ``complex`` where the
quantity is one), never as a numpy scalar or a 0-d array, also inside the
tables (dicts, lists, records) some functions return; an argument documented
as ``array_like`` given as an array gives an ndarray of the broadcast shape.
"""

from __future__ import annotations

import dataclasses
import inspect
import re

import numpy as np
import pytest
from public_api import PUBLIC, SAMPLES

from crlib._validation import quantity_input_cgs, require

PYTHON_SCALARS = (float, int, bool, complex)
# Results that are arrays by nature for scalar input (a series of coefficients) or text.
NOT_A_NUMBER = {"adiabatic.adiabatic_legendre_series": np.ndarray, "reproduction.criterion": str}


def _numpy_scalars(out, where="result"):
    """Paths to every numpy scalar or 0-d array inside a result."""
    if isinstance(out, np.ndarray):
        return [where] if out.ndim == 0 else []
    if isinstance(out, np.generic):
        return [where]
    if isinstance(out, dict):
        return [p for k, v in out.items() for p in _numpy_scalars(v, f"{where}[{k!r}]")]
    if isinstance(out, (list, tuple)):
        return [p for i, v in enumerate(out) for p in _numpy_scalars(v, f"{where}[{i}]")]
    if dataclasses.is_dataclass(out) and not isinstance(out, type):
        return [p for f in dataclasses.fields(out)
                for p in _numpy_scalars(getattr(out, f.name), f"{where}.{f.name}")]
    return []


def _all_scalar(args, kwargs):
    return all(np.ndim(v) == 0 for v in (*args, *kwargs.values())
               if isinstance(v, (int, float, np.ndarray, np.generic)))


CALLS = [pytest.param(q, i, id=f"{q}-{i}") for q in sorted(PUBLIC) for i in range(len(SAMPLES[q]))]


@pytest.mark.parametrize("qualname, i", CALLS)
def test_no_numpy_scalar_in_any_result(qualname, i):
    args, kwargs = SAMPLES[qualname][i]
    out = PUBLIC[qualname](*args, **kwargs)
    assert not _numpy_scalars(out), f"{qualname} returns numpy scalars at {_numpy_scalars(out)}"
    if _all_scalar(args, kwargs) and not isinstance(out, (dict, list, tuple)) \
            and not dataclasses.is_dataclass(out):
        if qualname in NOT_A_NUMBER:
            assert isinstance(out, NOT_A_NUMBER[qualname])
            return
        assert type(out) in PYTHON_SCALARS, f"{qualname}(scalars) returned {type(out).__name__}"


def _array_like_arguments():
    """(qualname, argument) for positional arguments documented as array_like with a scalar sample."""
    for qualname, func in sorted(PUBLIC.items()):
        args, kwargs = SAMPLES[qualname][0]
        doc = inspect.getdoc(func) or ""
        params = list(inspect.signature(func).parameters)
        for position, value in enumerate(args):
            name = params[position]
            documented = re.search(rf"^(?:[\w, ]*\b)?{re.escape(name)}\b[\w, ]* : [^\n]*array_like", doc, re.M)
            if documented and isinstance(value, float):
                yield pytest.param(qualname, position, id=f"{qualname}-{name}")


@pytest.mark.parametrize("qualname, position", list(_array_like_arguments()))
def test_array_in_array_out(qualname, position):
    func = PUBLIC[qualname]
    args, kwargs = SAMPLES[qualname][0]
    scalar = func(*args, **kwargs)
    as_array = list(args)
    as_array[position] = np.array([args[position], args[position]])
    out = func(*as_array, **kwargs)
    if dataclasses.is_dataclass(scalar):
        # a typed result: every numeric field broadcasts like the input
        for field in dataclasses.fields(scalar):
            one, two = getattr(scalar, field.name), getattr(out, field.name)
            if isinstance(one, float):
                assert np.shape(two) in ((), (2,)), field.name
                np.testing.assert_allclose(two, one, rtol=1e-14, err_msg=field.name)
        return
    assert type(scalar) in PYTHON_SCALARS
    assert isinstance(out, np.ndarray) and out.shape == (2,)
    np.testing.assert_allclose(out, scalar, rtol=1e-14)


def test_two_dimensional_broadcast_keeps_its_shape():
    from crlib.heating import pressure_anisotropy_heating
    out = pressure_anisotropy_heating(np.array([[1e6], [2e6]]), np.array([1e-12, 2e-12, 3e-12]), 1e12)
    assert isinstance(out, np.ndarray) and out.shape == (2, 3)


def test_the_decorator_converts_every_kind_of_zero_dimensional_result():
    @quantity_input_cgs(x="")
    def identity(x, *, kind="float"):
        x = require("identity", "x", x)
        return {"float": np.float64(x), "0-d": np.asarray(x), "int": np.int64(3), "bool": np.bool_(True),
                "complex": np.complex128(x + 1j), "table": {"a": np.float64(x), "b": [np.asarray(x)]},
                "array": np.asarray([x])}[kind]

    assert type(identity(2.0)) is float and identity(2.0) == 2.0
    assert type(identity(2.0, kind="0-d")) is float
    assert type(identity(2.0, kind="int")) is int
    assert identity(2.0, kind="bool") is True
    assert type(identity(2.0, kind="complex")) is complex
    table = identity(2.0, kind="table")
    assert type(table["a"]) is float and type(table["b"][0]) is float
    assert isinstance(identity(2.0, kind="array"), np.ndarray)
    assert repr(identity(3.67e12)) == "3670000000000.0"  # glues as a number, not np.float64(...)


def test_a_scalar_quantity_in_gives_a_scalar_quantity_out():
    import astropy.units as u

    from crlib.speeds import magnetic_pressure
    out = magnetic_pressure(1e-10 * u.T)
    assert isinstance(out, u.Quantity) and out.isscalar and out.unit == u.dyn / u.cm**2
    out = magnetic_pressure([1e-10, 2e-10] * u.T)
    assert isinstance(out, u.Quantity) and out.shape == (2,)
