r"""The paper's printed results against crlib's values: the rules and the verdicts.

Each printed result of :cite:t:`Zweibel2020` (a row of
:func:`crlib.paper.paper_values`) carries a rule by which a computed value is
said to agree with it: rounding to its printed significant figures, a bound,
or a factor or relative tolerance with its basis (:func:`criterion`,
:func:`agrees`, :func:`round_to_printed`).  :func:`reproduce` evaluates crlib
at the paper's stated inputs (:func:`crlib.paper.evaluate`) and judges every
printed result of Sections 3, 5 and 6 by its rule, with a status from
:data:`STATUSES`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from crlib._validation import quantity_input_cgs, require
from crlib.estimate import CONVENTION_UNITS, CONVENTIONS
from crlib.paper import (
    _INPUT_UNITS,
    SCENARIO_DEFAULTS,
    UNITS,
    PaperValue,
    _chain,
    _complete_inputs,
    _sections_3_and_5,
    paper_inputs,
    paper_value,
    paper_values,
)

__all__ = [
    "STATUSES",
    "Record",
    "round_to_printed",
    "criterion",
    "agrees",
    "reproduce",
]


#: Status labels of a :class:`Record`.
STATUSES = (
    "reproduced",
    "approximate-agrees",
    "not-reproduced (documented)",
    "NOT reproduced",
    "n/a (inputs changed)",
)


@dataclass(frozen=True)
class Record:
    """The comparison of one printed result with crlib's value."""

    name: str
    symbol: str
    section: int
    equation: str
    qualifier: str
    paper_value: float
    computed_value: float
    unit: str
    sig_digits: int
    relative_difference: float
    status: str
    criterion: str
    explanation: str

    def as_dict(self) -> dict:
        """The record as a plain dict (JSON-serialisable)."""
        return asdict(self)


@quantity_input_cgs(value="")
def round_to_printed(value: float, sig_digits: int) -> float:
    r"""``value`` rounded to ``sig_digits`` significant figures, as the paper prints.

    The ``round`` agreement rule for the numbers printed in Sections 3, 5
    and 6 of :cite:t:`Zweibel2020` (e.g. :math:`\tau_B = 3.7\times10^{12}`
    s of Eq. 3, two significant figures).

    Parameters
    ----------
    value : float
        The number to round, a plain finite number (rounding does not depend
        on its unit).
    sig_digits : int
        How many significant figures to keep; a positive integer.

    Returns
    -------
    float
        ``value`` with ``sig_digits`` significant figures.

    Raises
    ------
    ValueError
        If ``value`` is not finite or ``sig_digits`` is not a positive integer.

    See Also
    --------
    agrees, criterion

    Examples
    --------
    >>> round_to_printed(0.6296, 2), round_to_printed(3.669e12, 2)
    (0.63, 3700000000000.0)
    """
    fn = "round_to_printed"
    require(fn, "value", value, reason="a computed value")
    digits = require(fn, "sig_digits", sig_digits, integer=True, at_least=1,
                     reason="a number of significant figures")
    return float(f"{float(value):.{digits - 1}e}")


@quantity_input_cgs()
def criterion(printed: PaperValue) -> str:
    r"""The agreement rule of a printed result, in words.

    The rule by which a value crlib computes is said to reproduce a number
    printed in Sections 3, 5 or 6 of :cite:t:`Zweibel2020` (e.g. the
    :math:`\tau_B` of Eq. 3); the words :func:`reproduce` stores in
    ``Record.criterion``.

    Parameters
    ----------
    printed : PaperValue
        A printed result (a row of :func:`crlib.paper.paper_values`).

    Returns
    -------
    str
        The rule: rounding to the printed significant figures, a bound, or a
        factor or relative tolerance with its basis.

    Raises
    ------
    ValueError
        If the row has no usable comparison rule.

    See Also
    --------
    agrees, round_to_printed

    Examples
    --------
    >>> criterion(paper_value("tau_B"))
    'rounds to the printed 2 significant figure(s)'
    """
    v = printed
    if v.comparison == "round":
        return f"rounds to the printed {v.sig_digits} significant figure(s)"
    if v.comparison == "upper_bound":
        return "below the printed bound"
    if v.comparison == "lower_bound":
        return f"between 1 and {v.tolerance:g} times the printed value ({v.tolerance_basis})"
    if v.comparison == "approx" and v.tolerance_kind == "factor":
        return f"within a factor {v.tolerance:g} ({v.tolerance_basis})"
    if v.comparison == "approx" and v.tolerance_kind == "relative":
        return f"within {100 * v.tolerance:g} % ({v.tolerance_basis})"
    raise ValueError(f"criterion: row {v.name!r} has no usable comparison rule.")


@quantity_input_cgs(computed="")
def agrees(printed: PaperValue | str, computed: float) -> bool:
    """Whether ``computed`` (in the printed unit) agrees with the printed value, by its rule.

    ``round``: the two round to the same printed significant figures;
    ``upper_bound``: below the printed value; ``lower_bound``: between 1 and
    ``tolerance`` times it; ``approx``: within the factor (``1/f <=
    computed/printed <= f``) or the relative tolerance (``|computed/printed
    - 1| <= x``) of the data file.  The test :func:`reproduce` applies to
    each number printed in Sections 3, 5 and 6 of :cite:t:`Zweibel2020`
    (e.g. the spectral constant of Eq. 23).

    Parameters
    ----------
    printed : PaperValue or str
        A printed result (a row of :func:`crlib.paper.paper_values`), or its name.
    computed : float
        The value to compare, a plain number in the printed unit of the row.

    Returns
    -------
    bool
        Whether ``computed`` satisfies the row's rule (see :func:`criterion`).

    Raises
    ------
    ValueError
        If the row is unknown or has no usable comparison rule, or
        ``computed`` is not a finite number.

    See Also
    --------
    criterion, reproduce

    Examples
    --------
    >>> agrees("spectral_factor", 0.6296), agrees("spectral_factor", 0.64)
    (True, False)
    """
    v = paper_value(printed) if isinstance(printed, str) else printed
    computed = float(require("agrees", "computed", computed, reason="a computed value"))
    if v.comparison == "round":
        return round_to_printed(computed, v.sig_digits) == round_to_printed(v.value, v.sig_digits)
    if v.comparison == "upper_bound":
        return computed < v.value
    if v.comparison == "lower_bound":
        return v.value < computed <= v.tolerance * v.value
    if v.comparison == "approx":
        if v.tolerance_kind == "factor":
            return 1.0 / v.tolerance <= computed / v.value <= v.tolerance
        if v.tolerance_kind == "relative":
            return math.fabs(computed / v.value - 1.0) <= v.tolerance
    raise ValueError(f"agrees: row {v.name!r} has no usable comparison rule.")


@quantity_input_cgs(inputs=_INPUT_UNITS, **_INPUT_UNITS, **CONVENTION_UNITS, error_name="reproduction.reproduce")
def reproduce(inputs=None, **overrides) -> list[Record]:
    """Compare every printed result of Sections 3, 5 and 6 with crlib's value.

    Each result of Sections 3, 5 and 6 of :cite:t:`Zweibel2020` (from the
    spectral constant of Eq. 23 to the mean free paths of Eqs. 57 and 60)
    against the value crlib computes from the paper's inputs.

    Parameters
    ----------
    inputs : mapping, optional
        Input values [CGS] replacing the paper's (see :func:`crlib.paper.evaluate`).
    **overrides
        Input values (by input name, CGS) or conventions (by
        :data:`crlib.estimate.CONVENTIONS` name).

    Returns
    -------
    list of Record
        One per ``result`` row of ``paper_values.csv``.  ``status`` is
        ``"reproduced"`` (exact rule: the computed value rounded to the printed
        significant figures equals the printed value, or a printed bound
        holds), ``"approximate-agrees"`` (a "~"/"about" value within its
        stated tolerance), ``"not-reproduced (documented)"`` (a row whose
        ``discrepancy`` gives the reason), ``"NOT reproduced"`` (an
        unexpected failure) or, when any input differs from the paper's,
        ``"n/a (inputs changed)"``.  Convention overrides keep the comparison.

    Raises
    ------
    ValueError
        For unknown names or unphysical values.

    See Also
    --------
    crlib.paper.evaluate, agrees

    Examples
    --------
    >>> records = reproduce()
    >>> r = next(r for r in records if r.name == "tau_B")
    >>> r.status, f"{r.computed_value:.3e}"
    ('reproduced', '3.669e+12')
    >>> {r.status for r in reproduce(source_multiplier=10.0)}
    {'n/a (inputs changed)'}
    """
    fn = "reproduction.reproduce"
    base = paper_inputs() | SCENARIO_DEFAULTS
    new_inputs = dict(inputs or {})
    conventions = {}
    for name, value in overrides.items():
        if name in base:
            new_inputs[name] = value
        elif name in CONVENTIONS:
            conventions[name] = value
        else:
            raise ValueError(
                f"{fn}: unknown name {name!r}; inputs: {sorted(base)}; "
                f"conventions: {sorted(CONVENTIONS)}."
            )
    full = _complete_inputs(fn, new_inputs)
    arrays = sorted(k for k, v in full.items() if np.ndim(v) != 0)
    if arrays:
        raise ValueError(f"{fn}: {arrays[0]} is an array; the comparison takes one value per input "
                         "(paper.evaluate takes arrays).")
    chain = _chain(fn, full, conventions)
    results = _sections_3_and_5(full)
    applicable = all(full[k] == base[k] for k in base)
    records = []
    for v in paper_values():
        if v.role != "result":
            continue
        computed = float(results[v.name] if v.name in results else getattr(chain, v.name)) / UNITS[v.unit]
        explanation = ""
        if not applicable:
            status = "n/a (inputs changed)"
        elif agrees(v, computed):
            status = "approximate-agrees" if v.approximate else "reproduced"
        elif v.discrepancy:
            status = "not-reproduced (documented)"
            explanation = v.discrepancy
        else:
            status = "NOT reproduced"
        records.append(Record(
            name=v.name,
            symbol=v.symbol,
            section=v.section,
            equation=v.equation,
            qualifier=v.qualifier,
            paper_value=v.value,
            computed_value=computed,
            unit=v.unit,
            sig_digits=v.sig_digits,
            relative_difference=computed / v.value - 1.0,
            status=status,
            criterion=criterion(v),
            explanation=explanation,
        ))
    return records
