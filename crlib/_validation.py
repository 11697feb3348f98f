r"""Validation at crlib's public boundary: units, values, results.

Two tools serve every public function.

* :func:`quantity_input_cgs`, a decorator, declares once the Gaussian-CGS
  unit of each argument (and of the result).  It is the only place where
  astropy Quantities are handled.
* :func:`require` checks one physical value: a real number (never a string,
  boolean, None or Quantity), finite, within inclusive or exclusive bounds,
  an integer, or one of a set of allowed values.

Unit policy
-----------
* **Plain numbers** (floats, ints, arrays) are read in Gaussian CGS, the unit
  the docstring states for the argument, and the result is in the CGS unit
  the docstring states: scalars in, a Python ``float`` out (``int``,
  ``bool`` or ``complex`` where the quantity is one), never a numpy scalar or
  a 0-d array; arrays in, an ndarray out.  The entries of a table (a dict or
  a list of records) follow the same rule.
* **An astropy Quantity** given for an argument that declares a unit is
  converted to that unit (gauss from tesla, g cm^-3 from kg m^-3, ...).  A
  Quantity that cannot be converted, or one given for an argument that
  declares no unit (a label, option, count or callable), is refused with a
  ``ValueError`` that names the function and the argument.  A unit is never
  stripped.
* **If any argument was a Quantity**, a function that returns one physical
  quantity returns a Quantity in its declared CGS unit (dimensionless results
  as dimensionless Quantities).  Functions that return a table (a dict or a
  list of records) always return plain CGS numbers; the keys' units are
  documented.
* Gaussian electromagnetic units: tesla converts to gauss directly; coulombs
  convert to statcoulombs and V/m to statV/cm through the exact Gaussian
  correspondence (:data:`GAUSSIAN`).  Temperatures may be given in kelvin,
  degrees Celsius or as an energy :math:`k_B T` (e.g. eV).

Errors and results
------------------
* When one public function calls another, an error raised by the inner one
  is reported under the name of the function the user called
  (``"growth_rate_drift: spectral_index = 3.0 must be greater than 3.0 (...)
  [checked in spectral_factor]"``).
* A result that is not finite (overflow, NaN) is an error, and so is a
  result that underflows to zero where the quantity is positive by nature.
  Floating-point overflow inside a formula is reported the same way, as a
  ``ValueError`` naming the function.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import math
from collections.abc import Mapping

import numpy as np
from astropy import constants as _const
from astropy import units as u

__all__ = ["require", "as_float_array", "quantity_input_cgs", "to_cgs", "GAUSSIAN", "is_quantity"]

_C_SI = float(_const.c.to_value(u.m / u.s))

#: Exact correspondences between SI and Gaussian electromagnetic units that
#: astropy leaves to the user: 1 C = 10 c[m/s] statC and 1 statV/cm = 10^-4 c[m/s] V/m.
GAUSSIAN = [
    (u.C, u.statC, lambda q: q * 10.0 * _C_SI, lambda q: q / (10.0 * _C_SI)),
    (u.V / u.m, u.statC / u.cm**2, lambda E: E * 1e4 / _C_SI, lambda E: E * _C_SI / 1e4),
]
_TEMPERATURE = u.temperature() + u.temperature_energy()

# The public function the user called; nested public calls report under its name.
_ENTRY: contextvars.ContextVar[str | None] = contextvars.ContextVar("crlib_entry", default=None)


def is_quantity(value) -> bool:
    """True for an astropy Quantity, or a list/tuple that contains one."""
    if isinstance(value, u.Quantity):
        return True
    if isinstance(value, (list, tuple)):
        return any(is_quantity(v) for v in value)
    if isinstance(value, np.ndarray) and value.dtype == object:
        return any(isinstance(v, u.Quantity) for v in value.flat)
    return False


def _real_array(func: str, name: str, value) -> np.ndarray:
    """``value`` as a float ndarray, refusing anything that is not a real number."""

    def refuse(what: str) -> ValueError:
        return ValueError(f"{func}: {name} = {value!r} {what}, not a real number.")

    if value is None:
        raise refuse("is None")
    if is_quantity(value):
        raise ValueError(
            f"{func}: {name} = {value!r} is an astropy Quantity where a plain number is "
            f"expected: {name} declares no unit, and crlib never strips one."
        )
    if isinstance(value, (str, bytes)):
        raise refuse("is a string")
    if isinstance(value, (bool, np.bool_)):
        raise refuse("is a boolean")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise refuse("cannot be read as an array") from exc
    kind = arr.dtype.kind
    if kind == "O":
        if any(v is None or isinstance(v, (str, bytes, bool, np.bool_)) for v in arr.flat):
            raise refuse("contains None, strings or booleans")
        try:
            return arr.astype(float)
        except OverflowError as exc:
            raise refuse("is too large for double precision") from exc
        except (TypeError, ValueError) as exc:
            raise refuse("contains non-numbers") from exc
    if kind == "b":
        raise refuse("is boolean")
    if kind in "USV":
        raise refuse("contains strings")
    if kind == "c":
        raise refuse("is complex")
    if kind not in "iuf":
        raise refuse(f"has dtype {arr.dtype}")
    return arr.astype(float)


def as_float_array(value):
    """Return ``value`` as a float ndarray (0-d for scalars); refuse non-numbers.

    Raises
    ------
    ValueError
        For strings, booleans, None, complex numbers and astropy Quantities.
    """
    return _real_array("as_float_array", "value", value)


def _first_offender(arr: np.ndarray, bad: np.ndarray):
    flat = np.atleast_1d(arr)[np.atleast_1d(bad)]
    return float(flat[0]) if flat.size else arr


def require(
    func: str,
    name: str,
    value,
    *,
    positive: bool = False,
    nonnegative: bool = False,
    greater_than: float | None = None,
    at_least: float | None = None,
    less_than: float | None = None,
    at_most: float | None = None,
    integer: bool = False,
    choices=None,
    reason: str = "",
):
    """Check a physical input and return it as a float ndarray.

    Parameters
    ----------
    func : str
        Name of the public function doing the check (for the message).
    name : str
        Name of the argument as the caller spells it.
    value : float or array_like
        The value to check.  Strings, booleans, None, complex numbers and
        astropy Quantities are refused; non-finite values (NaN, ±inf) are
        always errors.
    positive, nonnegative : bool, keyword-only
        Require ``value > 0`` or ``value >= 0`` element-wise.
    greater_than, less_than : float, keyword-only
        Strict (exclusive) lower and upper bounds.
    at_least, at_most : float, keyword-only
        Inclusive lower and upper bounds.
    integer : bool, keyword-only
        Require a Python or numpy integer (not a boolean, not a float); the
        bounds apply to it and it is returned as ``int``.
    choices : collection, keyword-only
        Allowed values (labels such as ``"right"``); ``value`` is returned
        unchanged and no other check applies.
    reason : str, keyword-only
        The physical reason for the bound, appended to the message.

    Returns
    -------
    ndarray, int or the value itself
        A float ndarray (0-d for scalars); an ``int`` with ``integer=True``;
        ``value`` with ``choices``.

    Raises
    ------
    ValueError
        If the value is not of the required kind or fails a bound.

    Examples
    --------
    >>> require("alfven_speed", "rho", 1e-24, positive=True, reason="a mass density")
    array(1.e-24)
    >>> require("alfven_speed", "rho", -1.0, positive=True, reason="a mass density")
    Traceback (most recent call last):
    ...
    ValueError: alfven_speed: rho = -1.0 must be positive (a mass density).
    >>> require("f", "weight", 1.0, positive=True, at_most=1.0)
    array(1.)
    >>> require("f", "polarization", "right", choices=("right", "left"))
    'right'
    """
    why = f" ({reason})" if reason else ""
    if choices is not None:
        allowed = list(choices)
        try:
            ok = not isinstance(value, (bool, np.bool_)) and not is_quantity(value) and value in allowed
        except (TypeError, ValueError):  # unhashable or array-valued
            ok = False
        if not ok:
            raise ValueError(f"{func}: {name} = {value!r} must be one of {allowed}{why}.")
        return value
    if integer:
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
            raise ValueError(f"{func}: {name} = {value!r} must be an integer{why}.")
        value = int(value)
        arr = np.asarray(float(value))
    else:
        arr = _real_array(func, name, value)

    def fail(condition: str, bad: np.ndarray) -> None:
        shown = value if integer else _first_offender(arr, bad)
        raise ValueError(f"{func}: {name} = {shown!r} {condition}{why}.")

    if arr.ndim == 0:  # scalars: plain float comparisons (the common case, and fast)
        x = float(arr)
        if (math.isfinite(x) and (not positive or x > 0) and (not nonnegative or x >= 0)
                and (greater_than is None or x > greater_than) and (at_least is None or x >= at_least)
                and (less_than is None or x < less_than) and (at_most is None or x <= at_most)):
            return value if integer else arr

    finite = np.isfinite(arr)
    if not np.all(finite):
        fail("must be finite, not NaN or infinite", ~finite)
    if positive and not np.all(arr > 0):
        fail("must be positive", ~(arr > 0))
    if nonnegative and not np.all(arr >= 0):
        fail("must be non-negative", ~(arr >= 0))
    if greater_than is not None and not np.all(arr > greater_than):
        fail(f"must be greater than {greater_than!r}", ~(arr > greater_than))
    if at_least is not None and not np.all(arr >= at_least):
        fail(f"must be at least {at_least!r}", ~(arr >= at_least))
    if less_than is not None and not np.all(arr < less_than):
        fail(f"must be less than {less_than!r}", ~(arr < less_than))
    if at_most is not None and not np.all(arr <= at_most):
        fail(f"must be at most {at_most!r}", ~(arr <= at_most))
    return value if integer else arr


# --- the decorator --------------------------------------------------------------------


class _UnitSpec:
    """The declared CGS unit of one argument."""

    def __init__(self, text: str):
        self.text = text
        self.unit = u.Unit(text)
        self.equivalencies = list(GAUSSIAN)
        if self.unit.physical_type == "temperature":
            self.equivalencies += _TEMPERATURE

    def convert(self, func: str, name: str, value):
        try:
            quantity = u.Quantity(value)
        except (TypeError, ValueError, u.UnitsError) as exc:
            raise ValueError(
                f"{func}: {name} = {value!r} mixes Quantities and plain numbers or "
                f"incompatible units; give one Quantity convertible to {self.unit}."
            ) from exc
        try:
            return quantity.to_value(self.unit, equivalencies=self.equivalencies)
        except u.UnitConversionError:
            declared = self.unit.to_string() or "dimensionless"
            raise ValueError(
                f"{func}: {name} = {value!r} has units of {quantity.unit.physical_type}; "
                f"{name} is {self.unit.physical_type} [{declared}]."
            ) from None


def to_cgs(func: str, name: str, value, unit: str):
    """``value`` in the CGS ``unit``: a Quantity converted (or refused), anything else as given.

    For the few places that take a physical value outside a function call,
    such as the fields of a dataclass.

    Examples
    --------
    >>> import astropy.units as u
    >>> float(to_cgs("Environment", "B", 1e-10 * u.T, "G"))
    1e-06
    >>> to_cgs("Environment", "B", 1e-6, "G")
    1e-06
    """
    return _convert(func, name, value, _UnitSpec(unit))[0]


def _convert(func: str, name: str, value, spec):
    """Convert ``value`` through its spec; return (value, whether it was a Quantity)."""
    if isinstance(spec, Mapping):  # a mapping argument, units by key
        if not isinstance(value, Mapping):
            return value, False
        converted, any_quantity = {}, False
        for key, item in value.items():
            if key in spec:
                item, was = _convert(func, f"{name}[{key!r}]", item, spec[key])
                any_quantity |= was
            converted[key] = item
        return (converted if any_quantity else value), any_quantity
    if not is_quantity(value):
        return value, False
    if spec is None:
        raise ValueError(
            f"{func}: {name} = {value!r} is an astropy Quantity, but {name} takes no unit "
            f"(a label, option, count, callable or ratio given as a plain number)."
        )
    return spec.convert(func, name, value), True


def _has_quantities(args, kwargs) -> bool:
    for value in (*args, *kwargs.values()):
        if is_quantity(value):
            return True
        if isinstance(value, Mapping) and any(is_quantity(v) for v in value.values()):
            return True
    return False


def _parse_spec(spec):
    if spec is None:
        return None
    if isinstance(spec, Mapping):
        return {key: _parse_spec(item) for key, item in spec.items()}
    return _UnitSpec(spec)


def _numeric_items(out):
    if isinstance(out, Mapping):
        for key, value in out.items():
            if isinstance(value, (int, float, np.number, np.ndarray)) and not isinstance(value, bool):
                yield f"{key!r}", value
    elif isinstance(out, (float, int, np.number, np.ndarray)) and not isinstance(out, bool):
        yield "", out


def _check_result(func: str, out, result: str | None) -> None:
    # Fast paths for the usual float and float-array results; the loop below explains.
    if isinstance(out, (float, np.floating)) and not isinstance(out, bool):
        if math.isfinite(out) and (result != "positive" or out > 0):
            return
    elif isinstance(out, np.ndarray) and out.dtype.kind == "f":
        if np.isfinite(out).all() and (result != "positive" or (out > 0).all()):
            return
    for key, value in _numeric_items(out):
        arr = np.asarray(value)
        if arr.dtype.kind not in "iuf":
            continue
        label = f"the result {key} " if key else "the result "
        if not np.all(np.isfinite(arr)):
            raise ValueError(
                f"{func}: {label}= {_first_offender(arr, ~np.isfinite(arr))!r} is not finite: "
                "the inputs are beyond the range of double precision or of the formula."
            )
        if result == "positive" and not np.all(arr > 0):
            raise ValueError(
                f"{func}: {label}= {_first_offender(arr, ~(arr > 0))!r} underflows: a positive "
                "quantity vanished, the inputs are beyond the range of double precision."
            )


def _python_scalars(out):
    """0-d results as Python scalars (float, int, bool, complex); arrays and objects unchanged.

    Applied to every result of a decorated function, and to the entries of
    the tables (dicts, lists and tuples) some return, so that a scalar result
    prints and glues as a plain number (``3.67e+12``, not ``np.float64(...)``).
    """
    if isinstance(out, np.ndarray):
        return out.item() if out.ndim == 0 else out
    if isinstance(out, np.generic):
        return out.item()
    if type(out) is dict:
        return {key: _python_scalars(value) for key, value in out.items()}
    if type(out) in (list, tuple):
        return type(out)(_python_scalars(value) for value in out)
    return out


def _reattributed(exc: ValueError, inner: str, outer: str) -> ValueError:
    message = str(exc)
    prefix = f"{inner}: "
    if not message.startswith(prefix):
        return exc
    return ValueError(f"{outer}: {message[len(prefix):]} [checked in {inner}]")


def quantity_input_cgs(*, returns: str | None = None, result: str | None = None,
                       error_name: str | None = None, **units):
    """Declare the Gaussian-CGS unit of each argument of a public function.

    Parameters
    ----------
    returns : str, keyword-only
        CGS unit of the result (``""`` for dimensionless), used when any
        argument was a Quantity; ``None`` for functions that return a table,
        which stays plain.
    result : {None, "positive"}, keyword-only
        ``"positive"``: a result at or below zero (an underflow) is an error.
        Non-finite results are always errors.
    error_name : str, keyword-only
        The name errors use, when it is not the function's ``__name__``.
    **units
        For each argument (or key of ``**kwargs``) that carries a physical
        unit: its CGS unit as an astropy unit string (``"G"``,
        ``"g cm-3"``, ``""`` for a dimensionless number), or, for a mapping
        argument, a mapping from key to unit.  Arguments not listed refuse
        Quantities.

    Examples
    --------
    >>> import astropy.units as u
    >>> @quantity_input_cgs(B="G", returns="dyn cm-2")
    ... def pressure(B):
    ...     return require("pressure", "B", B, positive=True) ** 2 / 8.0
    >>> pressure(2.0)
    0.5
    >>> pressure([2.0, 4.0])
    array([0.5, 2. ])
    >>> pressure(2e-4 * u.T)
    <Quantity 0.5 dyn / cm2>
    >>> pressure(2.0 * u.kg)
    Traceback (most recent call last):
    ...
    ValueError: pressure: B = <Quantity 2. kg> has units of mass; B is magnetic flux density [G].
    """
    if result not in (None, "positive"):
        raise TypeError(f"quantity_input_cgs: result = {result!r} must be None or 'positive'.")
    specs = {name: _parse_spec(spec) for name, spec in units.items()}
    out_unit = None if returns is None else u.Unit(returns)

    def decorate(func):
        name = error_name or func.__name__
        sig = inspect.signature(func)
        params = sig.parameters
        var_keyword = any(p.kind is p.VAR_KEYWORD for p in params.values())
        unknown = [k for k in specs if k not in params and not var_keyword]
        if unknown:
            raise TypeError(f"quantity_input_cgs: {name} has no argument(s) {unknown}.")

        def call(args, kwargs):
            if _has_quantities(args, kwargs):
                args, kwargs, any_quantity = convert(args, kwargs)
            else:
                any_quantity = False
            try:
                # Results are checked instead of letting numpy warn.
                with np.errstate(all="ignore"):
                    out = func(*args, **kwargs)
            except (OverflowError, ZeroDivisionError, FloatingPointError) as exc:
                raise ValueError(
                    f"{name}: the inputs are beyond the range of double precision "
                    f"({type(exc).__name__}: {exc})."
                ) from None
            _check_result(name, out, result)
            out = _python_scalars(out)
            if any_quantity and out_unit is not None:
                out = u.Quantity(out, out_unit)
            return out

        def convert(args, kwargs):
            try:
                bound = sig.bind(*args, **kwargs)
            except TypeError as exc:
                raise TypeError(f"{name}: {exc}") from None
            any_quantity = False
            for pname, value in list(bound.arguments.items()):
                kind = params[pname].kind
                if kind is inspect.Parameter.VAR_KEYWORD:
                    for key, item in list(value.items()):
                        value[key], was = _convert(name, key, item, specs.get(key))
                        any_quantity |= was
                elif kind is inspect.Parameter.VAR_POSITIONAL:
                    for i, item in enumerate(value):
                        _convert(name, f"{pname}[{i}]", item, None)
                else:
                    bound.arguments[pname], was = _convert(name, pname, value, specs.get(pname))
                    any_quantity |= was
            return bound.args, bound.kwargs, any_quantity

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            outer = _ENTRY.get()
            if outer is not None:  # called from another public function
                try:
                    return call(args, kwargs)
                except ValueError as exc:
                    raised = _reattributed(exc, name, outer)
                    if raised is exc:
                        raise
                    raise raised from None
            token = _ENTRY.set(name)
            try:
                return call(args, kwargs)
            finally:
                _ENTRY.reset(token)

        wrapper.cgs_units = dict(units)
        wrapper.cgs_returns = returns
        wrapper.error_name = name
        return wrapper

    return decorate
