"""Input checks shared by every public crlib function.

One helper, :func:`require`, so that every bad input raises a
``ValueError`` that names the function, the argument, the offending value
and the physical reason — never a silent NaN.
"""

from __future__ import annotations

import numpy as np

__all__ = ["require", "as_float_array"]


def as_float_array(value):
    """Return ``value`` as a float ndarray (0-d for scalars)."""
    return np.asarray(value, dtype=float)


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
    less_than: float | None = None,
    at_least: float | None = None,
    at_most: float | None = None,
    reason: str = "",
) -> np.ndarray:
    """Check a physical input and return it as a float ndarray.

    Parameters
    ----------
    func : str
        Name of the public function doing the check (for the message).
    name : str
        Name of the argument as the caller spells it.
    value : float or array_like
        The value to check.  Non-finite values (NaN, ±inf) are always errors.
    positive, nonnegative : bool, keyword-only
        Require ``value > 0`` or ``value >= 0`` element-wise.
    greater_than, less_than : float, keyword-only
        Strict lower and upper bounds.
    at_least, at_most : float, keyword-only
        Inclusive lower and upper bounds.
    reason : str, keyword-only
        The physical reason for the bound, appended to the message.

    Raises
    ------
    ValueError
        If any element fails a check.

    Examples
    --------
    >>> require("alfven_speed", "rho", 1e-24, positive=True, reason="a mass density")
    array(1.e-24)
    >>> require("alfven_speed", "rho", -1.0, positive=True, reason="a mass density")
    Traceback (most recent call last):
    ...
    ValueError: alfven_speed: rho = -1.0 must be positive (a mass density).
    """
    try:
        arr = as_float_array(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{func}: {name} = {value!r} is not a real number.") from exc
    why = f" ({reason})" if reason else ""

    def fail(condition: str, bad: np.ndarray) -> None:
        raise ValueError(f"{func}: {name} = {_first_offender(arr, bad)!r} {condition}{why}.")

    finite = np.isfinite(arr)
    if not np.all(finite):
        fail("must be finite, not NaN or infinite", ~finite)
    if positive and not np.all(arr > 0):
        fail("must be positive", ~(arr > 0))
    if nonnegative and not np.all(arr >= 0):
        fail("must be non-negative", ~(arr >= 0))
    if greater_than is not None and not np.all(arr > greater_than):
        fail(f"must be greater than {greater_than!r}", ~(arr > greater_than))
    if less_than is not None and not np.all(arr < less_than):
        fail(f"must be less than {less_than!r}", ~(arr < less_than))
    if at_least is not None and not np.all(arr >= at_least):
        fail(f"must be at least {at_least!r}", ~(arr >= at_least))
    if at_most is not None and not np.all(arr <= at_most):
        fail(f"must be at most {at_most!r}", ~(arr <= at_most))
    return arr
