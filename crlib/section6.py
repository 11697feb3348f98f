r"""The paper's worked example (Section 6), and the printed numbers of Sections 3 and 5.

Section 6 of :cite:t:`Zweibel2020` applies pressure-anisotropy
self-confinement to the intercloud medium of the halo bottleneck simulations of
:cite:t:`Wiener2019`.  This module

* reads the paper's printed values — inputs and results — from the single data
  file ``crlib/data/paper_values.csv`` (:func:`paper_values`,
  :func:`paper_inputs`);
* evaluates the whole chain of estimates from the inputs through the other
  crlib modules (:func:`evaluate`): composition → :math:`n_H`, :math:`\rho`;
  :math:`B`, :math:`v_A`, :math:`C_{ma}`, :math:`\tau_B` (Eqs. 1, 3); the
  rate of work (Eq. 4); the heating bound (Eq. 48) and the exact heating; the
  scattering frequency and mean free path from the exact leading-order
  solution of Eq. 42 (Eqs. 56–57); the nonlinear-Landau-damping estimate
  (Eqs. 58–60) in the paper's order-of-magnitude reading and with every
  coefficient kept; and the Section 3 and 5 numbers;
* compares each printed result with the book's value (:func:`reproduce`).

Inputs are the paper's, never tuned.  Choices the paper leaves open are
*conventions* (:data:`CONVENTIONS`), each with a default and a stated reason;
the chapters show the alternatives.  Printed values that the reconstruction
does not reproduce are listed, with the reason, in
:data:`KNOWN_DISCREPANCIES`.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from crlib import constants
from crlib._validation import quantity_input_cgs, require
from crlib.confinement import drift_excess, mean_free_path
from crlib.dynamics import field_timescale, work_rate
from crlib.heating import (
    cutoff_heating_factor,
    heating_lower_bound,
    pressure_anisotropy_heating,
    pressure_weighted_c_over_v,
)
from crlib.instability import GROWTH_RATE_PREFACTORS, spectral_factor, threshold_anisotropy, threshold_zeta
from crlib.scattering import (
    THERMAL_SPEED_DEFINITIONS,
    nonlinear_landau_frequency_order_of_magnitude,
    nonlinear_landau_scattering_frequency,
    resonant_cosmic_ray_density,
    scattering_anisotropy_product,
    scattering_frequency,
    thermal_ion_speed,
)
from crlib.speeds import alfven_speed, magnetoacoustic_speed

__all__ = [
    "DATA_FILE",
    "UNITS",
    "INPUT_UNITS",
    "HELIUM_MASS",
    "PaperValue",
    "Convention",
    "Record",
    "CONVENTIONS",
    "KNOWN_DISCREPANCIES",
    "NATURAL_NLLD_INPUTS",
    "CHAPTERS",
    "STATUSES",
    "paper_values",
    "paper_value",
    "paper_inputs",
    "default_conventions",
    "helium_abundance",
    "particles_per_hydrogen",
    "hydrogen_number_density",
    "gas_mass_density",
    "cooling_balance_heating",
    "evaluate",
    "reproduce",
    "nlld_input_spread",
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

#: Mass of a helium atom [g] (``crlib.constants.m_He``).
HELIUM_MASS = constants.m_He

#: Status labels of a :class:`Record`.
STATUSES = (
    "reproduced",
    "approximate-agrees",
    "not-reproduced (documented)",
    "NOT reproduced",
    "n/a (inputs changed)",
)

#: Chapter that computes the numbers of each paper section.
CHAPTERS = {
    3: "03-pressure-anisotropy-instability",
    5: "05-self-confinement",
    6: "06-bottleneck-example",
}

#: Printed values the book does not reproduce, with the reason.
KNOWN_DISCREPANCIES = {
    "mean_free_path_eq42": (
        "The book reads Eq. 56 from its exact leading-order solution of the pitch-angle "
        "balance, which satisfies Eq. 42 (whose 2/45 the reproduced Eq. 48 bound pins) at every "
        "pitch angle: nu Delta = (|mu|/3) c/(v_A tau_B), so lambda = 3 Delta v_A tau_B/|mu|, "
        "shortest at |mu| = 1 (the value in the table) and longer for any pitch-angle average. "
        "Even the order-of-magnitude reading, every coefficient dropped, lambda ~ Delta v_A tau_B, "
        "exceeds the printed value several-fold. See the Section 6 chapter."
    ),
}

#: Natural choices for the inputs of Eq. 60 that the paper does not fix (used by
#: :func:`nlld_input_spread`): the resonant density n_c, the ion density n_i and the
#: thermal speed v_i.  The n_c labels: P_c over m_p c^2 or over 1 GeV; the power law
#: above p_1 = m_p c or 1 GeV/c (:func:`crlib.scattering.resonant_cosmic_ray_density`),
#: with v = c or the exact proton speed.
NATURAL_NLLD_INPUTS = {
    "n_c": (
        "P_c/(m_p c^2)",
        "P_c/GeV",
        "power law > m_p c, v = c",
        "power law > GeV/c, v = c",
        "power law > m_p c, exact v",
        "power law > GeV/c, exact v",
    ),
    "n_i": ("n_H", "rho/m_p"),
    "v_i": tuple(THERMAL_SPEED_DEFINITIONS),
}


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
    quote: str

    @property
    def cgs(self) -> float:
        """The value in Gaussian CGS units."""
        return self.value * UNITS[self.unit]


@dataclass(frozen=True)
class Convention:
    """A choice the paper leaves open: default, allowed values and reason."""

    default: object
    choices: tuple | None
    description: str


#: Book conventions for what the paper does not fix.
CONVENTIONS = {
    "helium_abundance": Convention(
        0.1, None,
        "n_He/n_H of the fully ionised gas (the standard cosmic abundance); sets n_H and rho "
        "from P_g and T",
    ),
    "tau_B_pressure": Convention(
        "pre-injection", ("pre-injection", "steady"),
        "cosmic-ray pressure inside C_ma for tau_B (Eq. 3): 'pre-injection' (P_c = 0, the "
        "state the paper describes) or 'steady' (the steady-state P_c)",
    ),
    "eq56_pitch_angle": Convention(
        1.0, None,
        "|mu| at which the exact nu Delta = (|mu|/3)(c/v_A)/tau_B (Eq. 56) is read: 1, the "
        "shortest mean free path; 1/2 its uniform mean; 8/15 its mu(1 - mu^2)-weighted mean; "
        "2/15 a mu-independent nu Delta with the weight of Eq. 42 dropped",
    ),
    "p1_over_mpc": Convention(
        1.0, None,
        "lower end p_1 of the power-law spectrum, in units of m_p c, for n_c(>p_1) (Eq. 60)",
    ),
    "thermal_speed": Convention(
        "sqrt(kT/m)", tuple(THERMAL_SPEED_DEFINITIONS),
        "definition of the thermal ion speed v_i of Eq. 58",
    ),
    "growth_rate_normalization": Convention(
        "physical", tuple(GROWTH_RATE_PREFACTORS),
        "prefactor of the Eq. 23 growth rate in the coefficient-complete Eq. 60: pi/4, the "
        "physical value (crlib.instability), or the paper's printed pi/8",
    ),
    "cosmic_ray_speed": Convention(
        "ultrarelativistic", ("ultrarelativistic", "exact"),
        "cosmic-ray speed in n_c(>p_1) (Eq. 60) and in the exact heating: v = c, as the paper "
        "assumes, or the exact proton speed (below c near p_1 = m_p c)",
    ),
    "pc_scaling": Convention(
        "linear", ("linear", "fixed"),
        "how the steady P_c follows source_multiplier: 'linear' (steady state with a fixed "
        "loss time) or 'fixed'",
    ),
}

#: Scenario parameters that are not printed inputs (changing them changes the inputs).
SCENARIO_DEFAULTS = {"source_multiplier": 1.0}

#: CGS unit (astropy spelling) of each printed unit: how a Quantity given for an
#: input of that kind is converted.
_CGS_UNIT_OF = {
    "1": "", "v_A/c": "", "K": "K", "s": "s", "s^-1": "s-1", "cm^-3": "cm-3",
    "dyn cm^-2": "dyn cm-2", "erg s^-1": "erg s-1", "erg cm^-3 s^-1": "erg cm-3 s-1",
    "cm^2 s^-1": "cm2 s-1", "uG": "G", "km s^-1": "cm s-1", "pc": "cm", "kpc": "cm",
}


def _as_bool(text: str) -> bool:
    return text.strip().lower() in {"true", "1", "yes"}


@functools.lru_cache(maxsize=1)
@quantity_input_cgs()
def paper_values() -> tuple[PaperValue, ...]:
    """All numbers printed in the paper, from ``crlib/data/paper_values.csv``.

    Returns
    -------
    tuple of PaperValue
        One entry per printed number, inputs first, in file order.

    Examples
    --------
    >>> [v.name for v in paper_values() if v.role == "input"][:3]
    ['P_g', 'P_m', 'T']
    >>> paper_value("tau_B").value
    3700000000000.0
    """
    rows = []
    with DATA_FILE.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["unit"] not in UNITS:
                raise ValueError(f"paper_values: unknown unit {row['unit']!r} in row {row['name']!r}.")
            rows.append(
                PaperValue(
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
                    quote=row["quote"],
                )
            )
    return tuple(rows)


@quantity_input_cgs()
def paper_value(name: str) -> PaperValue:
    """The printed value called ``name`` (see :func:`paper_values`)."""
    for value in paper_values():
        if value.name == name:
            return value
    raise ValueError(f"paper_value: no printed value named {name!r}.")


@quantity_input_cgs()
def paper_inputs() -> dict[str, float]:
    """The paper's stated inputs in CGS units, keyed by name.

    Examples
    --------
    >>> inputs = paper_inputs()
    >>> inputs["P_g"], inputs["source_rate"]
    (3.2e-13, 1.67e-25)
    >>> round(inputs["B_s5"] * 1e6, 12)
    5.0
    """
    return {v.name: v.cgs for v in paper_values() if v.role == "input"}


#: CGS unit of every input of :func:`evaluate` (the ``input`` rows of the data file
#: and the scenario parameters), for Quantities given by name.
INPUT_UNITS = {v.name: _CGS_UNIT_OF[v.unit] for v in paper_values() if v.role == "input"} | {
    name: "" for name in SCENARIO_DEFAULTS}
#: Conventions that are numbers (all dimensionless).
CONVENTION_UNITS = {name: "" for name, c in CONVENTIONS.items() if c.choices is None}


@quantity_input_cgs()
def default_conventions() -> dict[str, object]:
    """The book's default :data:`CONVENTIONS`, keyed by name."""
    return {name: c.default for name, c in CONVENTIONS.items()}


@quantity_input_cgs(hydrogen_mass_fraction="", mean_molecular_weight="", returns="")
def helium_abundance(*, hydrogen_mass_fraction=None, mean_molecular_weight=None):
    r"""Helium-to-hydrogen number ratio :math:`y = n_{He}/n_H` of an H–He gas.

    .. math::

        y = \frac{1-X}{X}\,\frac{m_H}{m_{He}},
        \qquad\text{or, fully ionised,}\qquad
        \frac{1}{\mu} = \frac{m_H\,(2+3y)}{m_H + y\,m_{He}}

    from the hydrogen mass fraction :math:`X` or from the mean molecular weight
    :math:`\mu` (in units of :math:`m_H`) of the fully ionised gas.  A
    composition convention for Section 6 of :cite:t:`Zweibel2020`, which
    gives the heating per hydrogen atom but not the composition.

    Parameters
    ----------
    hydrogen_mass_fraction : float, keyword-only
        :math:`X`, in :math:`(0, 1]`.
    mean_molecular_weight : float, keyword-only
        :math:`\mu` of the fully ionised gas, between 1/2 (pure hydrogen) and
        :math:`m_{He}/(3 m_H)` (pure helium).

    Returns
    -------
    float
        :math:`y` [dimensionless].

    Raises
    ------
    ValueError
        Unless exactly one argument is given, or if it is out of range.

    Examples
    --------
    >>> round(float(helium_abundance(hydrogen_mass_fraction=0.7)), 4)
    0.1079
    >>> round(float(helium_abundance(mean_molecular_weight=0.6)), 4)
    0.0921
    """
    fn = "helium_abundance"
    if (hydrogen_mass_fraction is None) == (mean_molecular_weight is None):
        raise ValueError(f"{fn}: give exactly one of hydrogen_mass_fraction, mean_molecular_weight.")
    ratio = constants.m_H / HELIUM_MASS
    if hydrogen_mass_fraction is not None:
        X = require(fn, "hydrogen_mass_fraction", hydrogen_mass_fraction, positive=True,
                    at_most=1.0, reason="a mass fraction lies in (0, 1]")
        return (1.0 - X) / X * ratio
    mu = require(fn, "mean_molecular_weight", mean_molecular_weight, at_least=0.5,
                 less_than=1.0 / (3.0 * ratio),
                 reason="a fully ionised H-He gas has 1/2 <= mu < m_He/(3 m_H)")
    # mu (2 + 3y) m_H = m_H + y m_He  ->  y = (1 - 2 mu) / (3 mu - m_He/m_H)
    return (1.0 - 2.0 * mu) / (3.0 * mu - 1.0 / ratio)


@quantity_input_cgs(helium_abundance="", returns="", result="positive")
def particles_per_hydrogen(*, helium_abundance=0.1):
    r"""Free particles per hydrogen nucleus of a fully ionised H–He gas.

    .. math::

        \frac{n_H + n_{He} + n_e}{n_H} = 2 + 3y, \qquad y = n_{He}/n_H

    Parameters
    ----------
    helium_abundance : float or array_like, keyword-only
        :math:`y`; non-negative, default 0.1.

    Returns
    -------
    float or ndarray
        :math:`2 + 3y` [dimensionless].

    Examples
    --------
    >>> float(particles_per_hydrogen(helium_abundance=0.1))
    2.3
    """
    y = require("particles_per_hydrogen", "helium_abundance", helium_abundance, nonnegative=True,
                reason="a number ratio n_He/n_H")
    return 2.0 + 3.0 * y


@quantity_input_cgs(P_g="dyn cm-2", T="K", helium_abundance="", returns="cm-3", result="positive")
def hydrogen_number_density(P_g, T, *, helium_abundance=0.1):
    r"""Hydrogen number density of a fully ionised H–He gas of given pressure.

    .. math::

        P_g = (n_H + n_{He} + n_e)\,k_B T = (2 + 3y)\,n_H k_B T,
        \qquad n_e = n_H + 2 n_{He},\quad y = n_{He}/n_H

    (ideal gas; a composition convention for Section 6 of
    :cite:t:`Zweibel2020`).

    Parameters
    ----------
    P_g : float or array_like
        Thermal pressure [dyn cm^-2]; positive.
    T : float or array_like
        Temperature [K]; positive.
    helium_abundance : float, keyword-only
        :math:`y = n_{He}/n_H`; non-negative, default 0.1.

    Returns
    -------
    float or ndarray
        :math:`n_H` [cm^-3].

    Examples
    --------
    >>> f"{float(hydrogen_number_density(3.2e-13, 1.1e6)):.4e}"
    '9.1611e-04'
    >>> f"{float(hydrogen_number_density(3.2e-13, 1.1e6, helium_abundance=0.0)):.4e}"
    '1.0535e-03'
    """
    fn = "hydrogen_number_density"
    P_g = require(fn, "P_g", P_g, positive=True, reason="a gas pressure")
    T = require(fn, "T", T, positive=True, reason="a temperature")
    return P_g / (particles_per_hydrogen(helium_abundance=helium_abundance) * constants.k_B * T)


@quantity_input_cgs(n_H="cm-3", helium_abundance="", returns="g cm-3", result="positive")
def gas_mass_density(n_H, *, helium_abundance=0.1):
    r"""Mass density of an H–He gas, :math:`\rho = n_H\,(m_H + y\,m_{He})`.

    .. math::

        \rho = n_H m_H + n_{He} m_{He} = n_H\,(m_H + y\,m_{He})

    Atomic masses, so the electrons' mass is included (it is 0.05 % of
    :math:`\rho`; the ion mass density :math:`\rho_i` of :math:`v_A` equals
    :math:`\rho` to that accuracy).

    Parameters
    ----------
    n_H : float or array_like
        Hydrogen number density [cm^-3]; positive.
    helium_abundance : float, keyword-only
        :math:`y = n_{He}/n_H`; non-negative, default 0.1.

    Returns
    -------
    float or ndarray
        :math:`\rho` [g cm^-3].

    Examples
    --------
    >>> f"{float(gas_mass_density(1.0)):.4e}"
    '2.3382e-24'
    """
    fn = "gas_mass_density"
    n_H = require(fn, "n_H", n_H, positive=True, reason="a number density")
    y = require(fn, "helium_abundance", helium_abundance, nonnegative=True,
                reason="a number ratio n_He/n_H")
    return n_H * (constants.m_H + y * HELIUM_MASS)


@quantity_input_cgs(n_H="cm-3", heating_per_H="erg s-1", returns="erg cm-3 s-1", result="positive")
def cooling_balance_heating(n_H, heating_per_H):
    r"""Volumetric heating that balances radiative cooling, :math:`n_H\Gamma_0`.

    .. math::

        \mathcal{H}_{\rm cool} = n_H\,\Gamma_0

    with :math:`\Gamma_0` the heating rate per hydrogen atom
    (:cite:t:`Zweibel2020`, Section 6).

    Parameters
    ----------
    n_H : float or array_like
        Hydrogen number density [cm^-3]; positive.
    heating_per_H : float or array_like
        :math:`\Gamma_0` [erg s^-1]; positive.

    Returns
    -------
    float or ndarray
        [erg cm^-3 s^-1].

    Examples
    --------
    >>> f"{float(cooling_balance_heating(9.0e-4, 1.0e-25)):.1e}"
    '9.0e-29'
    """
    fn = "cooling_balance_heating"
    n_H = require(fn, "n_H", n_H, positive=True, reason="a number density")
    G = require(fn, "heating_per_H", heating_per_H, positive=True, reason="a heating rate")
    return n_H * G


def _check_conventions(fn: str, conventions: dict) -> dict:
    unknown = sorted(set(conventions) - set(CONVENTIONS))
    if unknown:
        raise ValueError(f"{fn}: unknown convention(s) {unknown}; known: {sorted(CONVENTIONS)}.")
    conv = default_conventions() | conventions
    for name, c in CONVENTIONS.items():
        if c.choices is not None:
            require(fn, name, conv[name], choices=c.choices)
        else:
            conv[name] = float(require(fn, name, conv[name], reason=c.description))
    require(fn, "helium_abundance", conv["helium_abundance"], nonnegative=True,
            reason="a number ratio n_He/n_H")
    require(fn, "p1_over_mpc", conv["p1_over_mpc"], positive=True, reason="a momentum")
    require(fn, "eq56_pitch_angle", conv["eq56_pitch_angle"], positive=True,
            at_most=1.0, reason="a pitch-angle cosine magnitude (or its mean) lies in (0, 1]")
    return conv


def _complete_inputs(fn: str, inputs) -> dict[str, float]:
    full = paper_inputs() | SCENARIO_DEFAULTS
    if inputs:
        unknown = sorted(set(inputs) - set(full))
        if unknown:
            raise ValueError(f"{fn}: unknown input(s) {unknown}; known: {sorted(full)}.")
        full |= {k: float(require(fn, k, v, reason="an input value")) for k, v in inputs.items()}
    for name, value in full.items():
        require(fn, name, value, positive=True,
                reason="every Section 3/5/6 input is a positive physical quantity")
    return full


@quantity_input_cgs(inputs=INPUT_UNITS, **CONVENTION_UNITS, error_name="section6.evaluate")
def evaluate(inputs=None, **conventions) -> dict[str, float]:
    r"""Evaluate the Section 6 chain (and the Section 3 and 5 numbers) in CGS units.

    From the inputs (default: the paper's, :func:`paper_inputs`) and the
    conventions (default: :data:`CONVENTIONS`):

    * :math:`n_H = P_g/((2+3y)k_BT)`, :math:`\rho = n_H(m_H + y m_{He})`,
      :math:`B = (8\pi P_m)^{1/2}`, :math:`v_A = B/(4\pi\rho)^{1/2}`;
    * :math:`C_{ma}` and :math:`\tau_B` (Eqs. 1, 3) with and without the
      steady cosmic-ray pressure; the rate of work :math:`P_c/\tau_B` (Eq. 4);
    * the cooling-balance heating :math:`n_H\Gamma_0` and the heating bound
      :math:`H_{pa} \ge (4/15)(v_A/c)P_c/\tau_B` (Eq. 48);
    * the exact heating :math:`\tfrac12(v_A/c)\langle c/v\rangle_P P_c/\tau_B`
      (``heating_exact``; ``heating_exact_sharp`` for a literal sharp cutoff
      of the spectrum at :math:`p_1`);
    * :math:`\nu` and :math:`\lambda = c/\nu` from the exact
      :math:`\nu\Delta = (|\mu|/3)(c/v_A)/\tau_B` (Eqs. 42, 56–57);
    * :math:`n_c(>p_1)`, :math:`v_i`, and :math:`\nu`, :math:`\lambda` from
      nonlinear Landau damping (Eqs. 58–60): ``scattering_frequency_nlld`` is
      the paper's order-of-magnitude reading (coefficients dropped),
      ``scattering_frequency_nlld_complete`` the book's coefficient-complete
      estimate;
    * :math:`\mathcal{E}`, :math:`\zeta_{\rm th}`,
      :math:`(\Delta P_c/P_c)_{\rm th}` (Section 3) and the Section 5
      :math:`v_A` and :math:`v_D/v_A - 1`.

    ``source_multiplier`` scales the injection rate and, with
    ``pc_scaling="linear"``, the steady cosmic-ray pressure.

    Parameters
    ----------
    inputs : mapping, optional
        Input values [CGS] replacing the paper's, by name (the ``input`` rows
        of ``paper_values.csv`` and ``source_multiplier``).
    **conventions
        Overrides of :data:`CONVENTIONS`.

    Returns
    -------
    dict
        Every derived quantity [CGS], keyed by name; the keys of the printed
        results match the ``result`` rows of ``paper_values.csv``.

    Raises
    ------
    ValueError
        For unknown names or unphysical values.

    Examples
    --------
    >>> r = evaluate()
    >>> f"{r['tau_B']:.2e}", f"{r['tau_B_steady']:.2e}"
    ('3.67e+12', '4.32e+12')
    >>> f"{r['heating_bound']:.2e}"
    '1.21e-30'
    >>> f"{r['mean_free_path_eq42'] / constants.pc:.3g}"
    '21.7'
    """
    fn = "section6.evaluate"
    x = _complete_inputs(fn, inputs)
    conv = _check_conventions(fn, conventions)
    y = conv["helium_abundance"]
    m = x["source_multiplier"]
    source_rate = x["source_rate"] * m
    P_c = x["P_c"] * (m if conv["pc_scaling"] == "linear" else 1.0)
    for name, value in (("source_rate * source_multiplier", source_rate), ("P_c * source_multiplier", P_c)):
        require(fn, name, value, positive=True,
                reason="the scaled value leaves the range of double precision: source_multiplier is too extreme")
    P_g, P_m, T = x["P_g"], x["P_m"], x["T"]

    r: dict[str, float] = {"source_rate": source_rate, "P_c": P_c}
    n_H = hydrogen_number_density(P_g, T, helium_abundance=y)
    rho = gas_mass_density(n_H, helium_abundance=y)
    r["n_H"] = n_H
    r["n_e"] = (1.0 + 2.0 * y) * n_H
    r["rho"] = rho
    r["n_i"] = rho / constants.m_p  # proton-equivalent ion density: v_A = B/sqrt(4 pi n_i m_p)
    B = np.sqrt(8.0 * np.pi * P_m)
    r["B"] = B
    v_A = alfven_speed(B, rho)
    r["v_A"] = v_A
    r["alfven_ratio"] = v_A / constants.c
    r["C_ma_pre"] = magnetoacoustic_speed(0.0, P_g, P_m, rho)
    r["C_ma_steady"] = magnetoacoustic_speed(P_c, P_g, P_m, rho)
    r["tau_B_pre"] = field_timescale(0.0, P_g, P_m, source_rate)
    r["tau_B_steady"] = field_timescale(P_c, P_g, P_m, source_rate)
    tau_B = r["tau_B_pre"] if conv["tau_B_pressure"] == "pre-injection" else r["tau_B_steady"]
    r["tau_B"] = tau_B
    r["pc_fraction"] = P_c / (P_g + P_m)
    r["pc_over_pg"] = P_c / P_g
    r["work_rate"] = work_rate(P_c, tau_B)
    r["cooling_balance_heating"] = cooling_balance_heating(n_H, x["heating_per_H"])
    r["heating_bound"] = heating_lower_bound(v_A, P_c, tau_B)
    r["heating_fraction"] = r["heating_bound"] / r["cooling_balance_heating"]
    r["heating_over_work"] = r["heating_bound"] / r["work_rate"]
    # Eqs. 58-60 inputs: the spectrum above p_1 and its speed
    p_1 = conv["p1_over_mpc"] * constants.m_p * constants.c
    a = x["a"]
    # The input is named "a" here: checked under that name before crlib calls it spectral_index.
    require(fn, "a", a, greater_than=4.0, reason="the ultrarelativistic pressure of f0 ~ p^-a is finite only for a > 4")
    speed = conv["cosmic_ray_speed"]
    r["n_cr"] = resonant_cosmic_ray_density(P_c, a, p_1=p_1, speed=speed)
    r["mean_c_over_v"] = (pressure_weighted_c_over_v(a, conv["p1_over_mpc"]) if speed == "exact" else 1.0)
    # Beyond the paper: the heating itself at the paper's ordering, for any nu
    # (smooth turnover below p_1; a literal sharp cutoff adds the factor a/4).
    r["heating_exact"] = pressure_anisotropy_heating(v_A, P_c, tau_B, mean_c_over_v=r["mean_c_over_v"])
    r["heating_exact_fraction"] = r["heating_exact"] / r["cooling_balance_heating"]
    r["heating_exact_sharp"] = r["heating_exact"] * cutoff_heating_factor(a, cutoff="sharp")
    # Eqs. 42, 56-57 from the exact leading-order solution, nu Delta = (|mu|/3)(c/v_A)/tau_B
    mu = conv["eq56_pitch_angle"]
    r["alfven_travel_length"] = v_A * tau_B
    r["scattering_anisotropy_product"] = scattering_anisotropy_product(v_A, tau_B, mu=mu)
    r["scattering_frequency_eq42"] = scattering_frequency(
        v_A, tau_B, anisotropy_factor=x["anisotropy_factor"], mu=mu)
    r["mean_free_path_eq42"] = mean_free_path(r["scattering_frequency_eq42"])
    # Eqs. 58-60
    r["v_i"] = thermal_ion_speed(T, definition=conv["thermal_speed"])
    nu = nonlinear_landau_frequency_order_of_magnitude(B, r["n_i"], r["n_cr"], tau_B, r["v_i"])
    r["scattering_frequency_nlld"] = nu
    r["mean_free_path_nlld"] = mean_free_path(nu)
    nu_full = nonlinear_landau_scattering_frequency(
        B, r["n_i"], r["n_cr"], tau_B, r["v_i"], a, mu=mu,
        normalization=conv["growth_rate_normalization"])
    r["scattering_frequency_nlld_complete"] = nu_full
    r["mean_free_path_nlld_complete"] = mean_free_path(nu_full)
    r["anisotropy_factor_nlld"] = r["scattering_anisotropy_product"] / nu_full
    # Section 3
    r["spectral_factor"] = spectral_factor(a)
    r["threshold_zeta"] = threshold_zeta(a)
    r["threshold_anisotropy"] = threshold_anisotropy(a)
    # Section 5
    r["alfven_speed_s5"] = alfven_speed(x["B_s5"], x["n_i_s5"] * constants.m_p)
    r["drift_excess"] = drift_excess(x["kappa_d"], x["v_A_s5"], x["L_s5"])
    return {k: float(v) for k, v in r.items()}


@dataclass(frozen=True)
class Record:
    """The comparison of one printed result with the book's value."""

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
    chapter: str

    def as_dict(self) -> dict:
        """The record as a plain dict (JSON-serialisable)."""
        return asdict(self)


def _round_sig(value: float, digits: int) -> float:
    return float(f"{value:.{digits - 1}e}")


def _criterion(v: PaperValue) -> str:
    if v.comparison == "round":
        return f"rounds to the printed {v.sig_digits} significant figure(s)"
    if v.comparison == "upper_bound":
        return "below the printed bound"
    if v.comparison == "lower_bound":
        return f"between 1 and {v.tolerance:g} times the printed value ({v.tolerance_basis})"
    if v.tolerance_kind == "factor":
        return f"within a factor {v.tolerance:g} ({v.tolerance_basis})"
    return f"within {100 * v.tolerance:g} % ({v.tolerance_basis})"


def _passes(v: PaperValue, computed: float) -> bool:
    if v.comparison == "round":
        return _round_sig(computed, v.sig_digits) == _round_sig(v.value, v.sig_digits)
    if v.comparison == "upper_bound":
        return computed < v.value
    if v.comparison == "lower_bound":
        return v.value < computed <= v.tolerance * v.value
    if v.comparison == "approx":
        if v.tolerance_kind == "factor":
            return 1.0 / v.tolerance <= computed / v.value <= v.tolerance
        if v.tolerance_kind == "relative":
            return abs(computed / v.value - 1.0) <= v.tolerance
    raise ValueError(f"reproduce: row {v.name!r} has no usable comparison rule.")


@quantity_input_cgs(inputs=INPUT_UNITS, **INPUT_UNITS, **CONVENTION_UNITS,
                    error_name="section6.reproduce")
def reproduce(inputs=None, **overrides) -> list[Record]:
    """Compare every printed result of Sections 3, 5 and 6 with the book's value.

    Parameters
    ----------
    inputs : mapping, optional
        Input values [CGS] replacing the paper's (see :func:`evaluate`).
    **overrides
        Input values (by input name, CGS) or conventions (by
        :data:`CONVENTIONS` name).

    Returns
    -------
    list of Record
        One per ``result`` row of ``paper_values.csv``.  ``status`` is
        ``"reproduced"`` (exact rule: the computed value rounded to the printed
        significant figures equals the printed value, or a printed bound
        holds), ``"approximate-agrees"`` (a "~"/"about" value within its
        stated tolerance), ``"not-reproduced (documented)"`` (listed in
        :data:`KNOWN_DISCREPANCIES`), ``"NOT reproduced"`` (an unexpected
        failure) or, when any input differs from the paper's,
        ``"n/a (inputs changed)"``.  Convention overrides keep the comparison.

    Raises
    ------
    ValueError
        For unknown names or unphysical values.

    Examples
    --------
    >>> records = reproduce()
    >>> r = next(r for r in records if r.name == "tau_B")
    >>> r.status, f"{r.computed_value:.3e}"
    ('reproduced', '3.669e+12')
    >>> {r.status for r in reproduce(source_multiplier=10.0)}
    {'n/a (inputs changed)'}
    """
    fn = "section6.reproduce"
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
    results = evaluate(new_inputs, **conventions)
    full = _complete_inputs(fn, new_inputs)
    applicable = all(full[k] == base[k] for k in base)
    records = []
    for v in paper_values():
        if v.role != "result":
            continue
        computed = results[v.name] / UNITS[v.unit]
        explanation = ""
        if not applicable:
            status = "n/a (inputs changed)"
        elif _passes(v, computed):
            status = "approximate-agrees" if v.approximate else "reproduced"
        elif v.name in KNOWN_DISCREPANCIES:
            status = "not-reproduced (documented)"
            explanation = KNOWN_DISCREPANCIES[v.name]
        else:
            status = "NOT reproduced"
        records.append(
            Record(
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
                criterion=_criterion(v),
                explanation=explanation,
                chapter=CHAPTERS[v.section],
            )
        )
    return records



@quantity_input_cgs(inputs=INPUT_UNITS, **CONVENTION_UNITS, error_name="section6.nlld_input_spread")
def nlld_input_spread(inputs=None, **conventions) -> list[dict]:
    r"""The order-of-magnitude Eq. 60 over every natural choice of its open inputs.

    Evaluates :func:`crlib.scattering.nonlinear_landau_frequency_order_of_magnitude`,

    .. math::

        \nu \sim \left(\Omega_0\,\frac{n_c}{n_i}\,\frac{c^2}{v_A v_i\tau_B}\right)^{1/2},

    for each combination in :data:`NATURAL_NLLD_INPUTS` (six readings of the
    resonant density :math:`n_c`, two of the ion density :math:`n_i`, three
    thermal speeds :math:`v_i`: 36 in all), with :math:`B`, :math:`v_A`
    (from the mass density) and :math:`\tau_B` from :func:`evaluate`.  The
    spread is the uncertainty of the paper's order-of-magnitude reading of
    Eq. 60 (:cite:t:`Zweibel2020`, Section 6: "a rough estimate").

    Parameters
    ----------
    inputs : mapping, optional
        As in :func:`evaluate`.
    **conventions
        As in :func:`evaluate` (``thermal_speed`` and ``cosmic_ray_speed`` are
        overridden by the choices).

    Returns
    -------
    list of dict
        One per combination: the three labels (``"n_c"``, ``"n_i"``,
        ``"v_i"``), ``"n_cr"`` [cm^-3], ``"nu"`` [s^-1] and
        ``"mean_free_path"`` [cm].

    Examples
    --------
    >>> spread = nlld_input_spread()
    >>> len(spread)
    36
    >>> nus = [row["nu"] for row in spread]
    >>> f"{min(nus):.2e} {max(nus):.2e}"
    '3.05e-08 5.73e-08'
    """
    r = evaluate(inputs, **conventions)
    P_c, a = r["P_c"], _complete_inputs("section6.nlld_input_spread", inputs)["a"]
    m_p_c = constants.m_p * constants.c
    GeV_c = constants.GeV / constants.c
    densities = {
        "P_c/(m_p c^2)": P_c / (m_p_c * constants.c),
        "P_c/GeV": P_c / constants.GeV,
        "power law > m_p c, v = c": resonant_cosmic_ray_density(P_c, a, p_1=m_p_c),
        "power law > GeV/c, v = c": resonant_cosmic_ray_density(P_c, a, p_1=GeV_c),
        "power law > m_p c, exact v": resonant_cosmic_ray_density(P_c, a, p_1=m_p_c, speed="exact"),
        "power law > GeV/c, exact v": resonant_cosmic_ray_density(P_c, a, p_1=GeV_c, speed="exact"),
    }
    ions = {"n_H": r["n_H"], "rho/m_p": r["n_i"]}
    T = _complete_inputs("section6.nlld_input_spread", inputs)["T"]
    rows = []
    for n_c_label in NATURAL_NLLD_INPUTS["n_c"]:
        for n_i_label in NATURAL_NLLD_INPUTS["n_i"]:
            n_i = ions[n_i_label]
            for v_i_label in NATURAL_NLLD_INPUTS["v_i"]:
                v_i = thermal_ion_speed(T, definition=v_i_label)
                # ion_mass = rho/n_i keeps v_A = B/sqrt(4 pi rho) whichever n_i is counted
                nu = nonlinear_landau_frequency_order_of_magnitude(
                    r["B"], n_i, densities[n_c_label], r["tau_B"], v_i, ion_mass=r["rho"] / n_i)
                rows.append({"n_c": n_c_label, "n_i": n_i_label, "v_i": v_i_label,
                             "n_cr": float(densities[n_c_label]), "nu": float(nu),
                             "mean_free_path": float(mean_free_path(nu))})
    return rows
