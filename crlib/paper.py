r"""The numbers printed in :cite:t:`Zweibel2020`: the stated inputs and the printed results.

The values — the stated inputs and the printed results of Sections 3, 5
and 6 — are read from the data file ``crlib/data/paper_values.csv``
(:func:`paper_values`, :func:`paper_value`, :func:`paper_inputs`), each row
with the paper's words, its significant figures and the rule by which a
computed value is said to agree.  :func:`evaluate` runs the chain of
estimates at the paper's inputs (a thin call of
:func:`crlib.estimate.evaluate`).  The comparison of every printed result
with crlib's value, by its rule, is :mod:`crlib.reproduction`.

A printed number is an expected value, never an input, unless the paper
states it as an input (``role = input``).  A printed result that crlib does
not reproduce carries, in the data file's ``discrepancy`` column, the short
reason; the book's chapters give the full account.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from crlib import constants
from crlib._validation import quantity_input_cgs, require
from crlib.estimate import CONVENTION_UNITS, CONVENTIONS, Estimate
from crlib.estimate import evaluate as evaluate_chain

__all__ = [
    "DATA_FILE",
    "UNITS",
    "SCENARIO_DEFAULTS",
    "PaperValue",
    "paper_values",
    "paper_value",
    "paper_inputs",
    "input_units",
    "evaluate",
]

#: The paper's printed values, one row per number.
DATA_FILE = Path(__file__).resolve().parent / "data" / "paper_values.csv"

#: CGS value of one unit as the paper prints it.  ``v_A/c`` marks a
#: dimensionless coefficient of :math:`v_A/c`; ``uG`` is microgauss.
UNITS = {
    "1": 1.0,
    "v_A/c": 1.0,
    "K": 1.0,
    "s": 1.0,
    "s^-1": 1.0,
    "cm^-3": 1.0,
    "dyn cm^-2": 1.0,
    "erg s^-1": 1.0,
    "erg cm^-3 s^-1": 1.0,
    "cm^2 s^-1": 1.0,
    "uG": 1e-6,
    "km s^-1": constants.km,
    "pc": constants.pc,
    "kpc": constants.kpc,
}

#: CGS unit (astropy spelling) of each printed unit: how a Quantity given for an
#: input of that kind is converted.
_CGS_UNIT_OF = {
    "1": "", "v_A/c": "", "K": "K", "s": "s", "s^-1": "s-1", "cm^-3": "cm-3",
    "dyn cm^-2": "dyn cm-2", "erg s^-1": "erg s-1", "erg cm^-3 s^-1": "dyn cm-2 s-1",  # = erg cm-3 s-1: one spelling across crlib
    "cm^2 s^-1": "cm2 s-1", "uG": "G", "km s^-1": "cm s-1", "pc": "cm", "kpc": "cm",
}


#: Scenario parameters that are not printed inputs (changing them changes the inputs).
SCENARIO_DEFAULTS = {"source_multiplier": 1.0}

#: The inputs of the Section 6 chain (:func:`crlib.estimate.evaluate`), in its order.
_CHAIN_INPUTS = ("P_c", "P_g", "P_m", "T", "injection_rate", "heating_per_H", "spectral_index")


@dataclass(frozen=True)
class PaperValue:
    """One number printed in the paper (a row of ``paper_values.csv``)."""

    name: str
    symbol: str
    value: float
    sig_digits: int
    unit: str
    section: int
    equation: str
    role: str
    qualifier: str
    approximate: bool
    comparison: str
    tolerance: float | None
    tolerance_kind: str
    tolerance_basis: str
    discrepancy: str
    quote: str

    @property
    def cgs(self) -> float:
        """The value in Gaussian CGS units."""
        return self.value * UNITS[self.unit]


def _as_bool(text: str) -> bool:
    return text.strip().lower() in {"true", "1", "yes"}


@functools.lru_cache(maxsize=1)
def _read_data_file() -> tuple[PaperValue, ...]:
    rows = []
    with DATA_FILE.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["unit"] not in UNITS:
                raise ValueError(f"paper_values: unknown unit {row['unit']!r} in row {row['name']!r}.")
            rows.append(PaperValue(
                name=row["name"],
                symbol=row["symbol"],
                value=float(row["value"]),
                sig_digits=int(row["sig_digits"]),
                unit=row["unit"],
                section=int(row["section"]),
                equation=row["equation"],
                role=row["role"],
                qualifier=row["qualifier"],
                approximate=_as_bool(row["approximate"]),
                comparison=row["comparison"],
                tolerance=float(row["tolerance"]) if row["tolerance"] else None,
                tolerance_kind=row["tolerance_kind"],
                tolerance_basis=row["tolerance_basis"],
                discrepancy=row["discrepancy"],
                quote=row["quote"],
            ))
    return tuple(rows)


@quantity_input_cgs()
def paper_values() -> tuple[PaperValue, ...]:
    r"""All numbers printed in the paper, from ``crlib/data/paper_values.csv``.

    The stated inputs and the printed results of Sections 3, 5 and 6 of
    :cite:t:`Zweibel2020` (e.g. :math:`\mathcal{E} = 0.63` of Eq. 23,
    :math:`\tau_B = 3.7\times10^{12}` s of Eq. 3), each with its unit,
    significant figures, section, equation and agreement rule.

    Returns
    -------
    tuple of PaperValue
        One entry per printed number, inputs first, in file order.

    Raises
    ------
    ValueError
        If a row of the data file names a unit not in :data:`UNITS`.

    See Also
    --------
    paper_value, paper_inputs

    Examples
    --------
    >>> [v.name for v in paper_values() if v.role == "input"][:3]
    ['P_g', 'P_m', 'T']
    """
    return _read_data_file()


@quantity_input_cgs()
def paper_value(name: str) -> PaperValue:
    """The printed value called ``name`` (see :func:`paper_values`).

    One number printed in Sections 3, 5 or 6 of :cite:t:`Zweibel2020`,
    e.g. ``"tau_B"``, the field timescale of Eq. 3.

    Parameters
    ----------
    name : str
        The ``name`` column of a row of ``paper_values.csv``.

    Returns
    -------
    PaperValue
        That row: the value in the printed unit (``.cgs`` in Gaussian CGS),
        its significant figures, section, equation, agreement rule and the
        paper's words.

    Raises
    ------
    ValueError
        If no row of the data file is called ``name``, or a row names a unit
        not in :data:`UNITS`.

    See Also
    --------
    paper_values, paper_inputs, crlib.reproduction.agrees

    Examples
    --------
    >>> paper_value("tau_B").value
    3700000000000.0
    """
    for value in paper_values():
        if value.name == name:
            return value
    raise ValueError(f"paper_value: name = {name!r} is not a printed value; "
                     f"known: {sorted(v.name for v in paper_values())}.")


@quantity_input_cgs()
def paper_inputs() -> dict[str, float]:
    r"""The paper's stated inputs in CGS units, keyed by name.

    The ``role = input`` rows of :func:`paper_values`: the flux-tube state of
    Section 6 of :cite:t:`Zweibel2020` (:math:`P_g`, :math:`P_m`, :math:`T`,
    :math:`\Gamma_0`, the injection rate of Eq. 3, :math:`P_c`, the
    anisotropy factor of Eq. 57), the spectral index of Section 3 and the
    Section 5 example of Eq. 52.

    Returns
    -------
    dict
        Input name -> value in Gaussian CGS (a float).

    Raises
    ------
    ValueError
        If a row of the data file names a unit not in :data:`UNITS`.

    See Also
    --------
    paper_value, evaluate

    Examples
    --------
    >>> inputs = paper_inputs()
    >>> inputs["P_g"], inputs["injection_rate"]
    (3.2e-13, 1.67e-25)
    >>> round(inputs["B_s5"] * 1e6, 12)
    5.0
    """
    return {v.name: v.cgs for v in paper_values() if v.role == "input"}


@quantity_input_cgs()
def input_units() -> dict[str, str]:
    """CGS unit (astropy spelling) of every input of :func:`evaluate`, by name.

    How an astropy Quantity given for one of the inputs of Sections 3, 5
    and 6 of :cite:t:`Zweibel2020` (:func:`paper_inputs`: the Section 6
    flux tube, the spectral index of Eq. 23 and the Section 5 example; and
    the scenario parameter ``source_multiplier``) is converted.

    Returns
    -------
    dict
        Input name -> astropy unit string (``""`` for a dimensionless input).

    Raises
    ------
    ValueError
        If a row of the data file names a unit not in :data:`UNITS`.

    See Also
    --------
    paper_inputs, evaluate

    Examples
    --------
    >>> input_units()["P_g"], input_units()["L_s5"]
    ('dyn cm-2', 'cm')
    """
    return {v.name: _CGS_UNIT_OF[v.unit] for v in paper_values() if v.role == "input"} | {
        name: "" for name in SCENARIO_DEFAULTS}


# Units of the paper's inputs, for Quantities given by name (read once, at import: the
# decorator needs them; the data file is small and in the package).
_INPUT_UNITS = input_units()


def _complete_inputs(fn: str, inputs) -> dict[str, float]:
    full = paper_inputs() | SCENARIO_DEFAULTS
    if inputs:
        unknown = sorted(set(inputs) - set(full))
        if unknown:
            raise ValueError(f"{fn}: unknown input(s) {unknown}; known: {sorted(full)}.")
        for k, v in inputs.items():
            v = require(fn, k, v, reason="an input value")
            full[k] = float(v) if v.ndim == 0 else v  # arrays broadcast through the chain
    for name, value in full.items():
        require(fn, name, value, positive=True,
                reason="every Section 3/5/6 input is a positive physical quantity")
    return full


def _chain(fn: str, x: dict[str, float], conventions: dict) -> Estimate:
    return evaluate_chain(*(x[name] for name in _CHAIN_INPUTS), anisotropy_factor=x["anisotropy_factor"],
                          source_multiplier=x["source_multiplier"], **conventions)


@quantity_input_cgs(inputs=_INPUT_UNITS, **CONVENTION_UNITS, error_name="paper.evaluate")
def evaluate(inputs=None, **conventions) -> Estimate:
    r"""The Section 6 chain at the paper's inputs (or some of them replaced).

    :func:`crlib.estimate.evaluate` with the inputs of :func:`paper_inputs`:
    the estimates of Section 6 of :cite:t:`Zweibel2020` (Eqs. 3, 48, 56–60).

    Parameters
    ----------
    inputs : mapping, optional
        Input values [CGS] replacing the paper's, by name (the ``input`` rows
        of ``paper_values.csv`` and ``source_multiplier``); arrays broadcast.
    **conventions
        Overrides of :data:`crlib.estimate.CONVENTIONS`.

    Returns
    -------
    Estimate
        Every quantity of the chain [CGS]: Python floats, or arrays where an
        input is an array.

    Raises
    ------
    ValueError
        For unknown names or unphysical values.

    See Also
    --------
    crlib.estimate.evaluate, crlib.reproduction.reproduce

    Examples
    --------
    >>> r = evaluate()
    >>> f"{r.tau_B:.2e}", f"{r.tau_B_steady:.2e}"
    ('3.67e+12', '4.32e+12')
    >>> f"{r.mean_free_path_eq42 / constants.pc:.3g}"
    '21.7'
    >>> evaluate({"source_multiplier": [1.0, 10.0]}).heating_fraction.round(4)
    array([0.0132, 1.3212])
    """
    fn = "paper.evaluate"
    return _chain(fn, _complete_inputs(fn, inputs), conventions)


def _sections_3_and_5(x: dict[str, float]) -> dict[str, float]:
    # The printed numbers of Sections 3 and 5, from their own inputs.
    from crlib.confinement import drift_excess
    from crlib.instability import spectral_factor, threshold_anisotropy, threshold_zeta
    from crlib.speeds import alfven_speed

    a = x["spectral_index"]
    return {
        "spectral_factor": spectral_factor(a),
        "threshold_zeta": threshold_zeta(a),
        "threshold_anisotropy": threshold_anisotropy(a),
        "alfven_speed_s5": alfven_speed(x["B_s5"], x["n_i_s5"] * constants.m_p),
        "drift_excess": drift_excess(x["kappa_d"], x["v_A_s5"], x["L_s5"]),
    }
