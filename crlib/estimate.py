r"""The chain of estimates of Section 6, for any medium, on arrays.

From the state of a flux tube — cosmic-ray, thermal and magnetic pressures
:math:`P_c, P_g, P_m`, temperature :math:`T`, cosmic-ray injection rate
:math:`\dot{\Delta P}_c`, heating per hydrogen atom :math:`\Gamma_0` and
spectral index :math:`a` — :func:`evaluate` computes every estimate of
Section 6 of :cite:t:`Zweibel2020` through the formulary:

composition → :math:`n_H`, :math:`\rho` (:mod:`crlib.gas`); :math:`B`,
:math:`v_A`, :math:`C_{ma}`, :math:`\tau_B` (Eqs. 1, 3); the rate of work
(Eq. 4); the heating bound (Eq. 48) and the exact heating; the scattering
frequency and mean free path from the exact leading-order solution of Eq. 42
(Eqs. 56–57); nonlinear Landau damping (Eqs. 58–60) in the paper's
order-of-magnitude reading and with every coefficient kept.

Every input broadcasts (NumPy rules), so a sweep is one call; scalars give
Python floats.  The result is an :class:`Estimate`, a frozen dataclass with
one named field per quantity.  Choices the paper leaves open are
:data:`CONVENTIONS`, each with a default and a stated reason.  The paper's
own inputs and printed values live in :mod:`crlib.paper`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import numpy as np

from crlib import constants
from crlib._validation import quantity_input_cgs, require
from crlib.anisotropy import resonant_cosmic_ray_density
from crlib.confinement import mean_free_path
from crlib.dynamics import field_timescale, work_rate
from crlib.gas import (
    COSMIC_HELIUM_ABUNDANCE,
    cooling_balance_heating,
    electron_number_density,
    gas_mass_density,
    hydrogen_number_density,
)
from crlib.heating import heating_lower_bound
from crlib.heating_exact import cutoff_heating_factor, pressure_anisotropy_heating, pressure_weighted_c_over_v
from crlib.instability import GROWTH_RATE_PREFACTORS
from crlib.scattering import (
    nonlinear_landau_frequency_order_of_magnitude,
    nonlinear_landau_scattering_frequency,
    scattering_anisotropy_product,
    scattering_frequency,
)
from crlib.speeds import THERMAL_SPEED_DEFINITIONS, alfven_speed, magnetoacoustic_speed, thermal_ion_speed

__all__ = [
    "Convention",
    "CONVENTIONS",
    "CONVENTION_UNITS",
    "NATURAL_NLLD_INPUTS",
    "Estimate",
    "NlldReading",
    "default_conventions",
    "evaluate",
    "nlld_input_spread",
]


@dataclass(frozen=True)
class Convention:
    """A choice the paper leaves open: default, allowed values and reason."""

    default: object
    choices: tuple | None
    description: str


#: Book conventions for what the paper does not fix.
CONVENTIONS = {
    "helium_abundance": Convention(
        COSMIC_HELIUM_ABUNDANCE, None,
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

#: CGS unit of the conventions that are numbers (all dimensionless).
CONVENTION_UNITS = {name: "" for name, c in CONVENTIONS.items() if c.choices is None}

#: Natural choices for the inputs of Eq. 60 that the paper does not fix (used by
#: :func:`nlld_input_spread`): the resonant density n_c, the ion density n_i and the
#: thermal speed v_i.  The n_c labels: P_c over m_p c^2 or over 1 GeV; the power law
#: above p_1 = m_p c or 1 GeV/c (:func:`crlib.anisotropy.resonant_cosmic_ray_density`),
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


def _scalar(value):
    return float(value) if np.ndim(value) == 0 else np.asarray(value, dtype=float)


@dataclass(frozen=True)
class Estimate:
    r"""Every quantity of the Section 6 chain [CGS]; floats, or arrays of the broadcast shape.

    Attributes
    ----------
    P_c, P_g, P_m, T, injection_rate, heating_per_H, spectral_index
        The inputs, with ``P_c`` and ``injection_rate`` after the source
        multiplier [dyn cm^-2, K, erg cm^-3 s^-1, erg s^-1, 1].
    n_H, n_e, rho, n_i
        Hydrogen and electron densities [cm^-3], mass density [g cm^-3] and
        proton-equivalent ion density :math:`\rho/m_p` [cm^-3].
    B, v_A, alfven_ratio
        Field [G], Alfvén speed [cm s^-1] and :math:`v_A/c`.
    C_ma_pre, C_ma_steady, tau_B_pre, tau_B_steady, tau_B
        Magnetoacoustic speed [cm s^-1] and field timescale [s] without and
        with the steady :math:`P_c` (Eqs. 1, 3); ``tau_B`` the one the
        ``tau_B_pressure`` convention selects.
    pc_fraction, pc_over_pg
        :math:`P_c/(P_g + P_m)` and :math:`P_c/P_g`.
    work_rate, cooling_balance_heating, heating_bound, heating_fraction, heating_over_work
        :math:`P_c/\tau_B` (Eq. 4), :math:`n_H\Gamma_0`, the Eq. 48 bound
        [erg cm^-3 s^-1] and its ratios to the cooling-balance heating and
        to the work.
    n_cr, mean_c_over_v, heating_exact, heating_exact_fraction, heating_exact_sharp
        :math:`n_c(>p_1)` [cm^-3], :math:`\langle c/v\rangle_P`, the exact
        heating at the paper's ordering [erg cm^-3 s^-1] (smooth turnover;
        ``_sharp``: a literal sharp cutoff at :math:`p_1`) and its fraction
        of the cooling-balance heating.
    alfven_travel_length, scattering_anisotropy_product, scattering_frequency_eq42, mean_free_path_eq42
        :math:`v_A\tau_B` [cm], :math:`\nu\Delta` [s^-1], and :math:`\nu`
        [s^-1], :math:`\lambda` [cm] from Eqs. 42, 56–57.
    v_i, scattering_frequency_nlld, mean_free_path_nlld
        Thermal ion speed [cm s^-1] and Eq. 60 in the paper's
        order-of-magnitude reading [s^-1, cm].
    scattering_frequency_nlld_complete, mean_free_path_nlld_complete, anisotropy_factor_nlld
        Eq. 60 with every coefficient kept [s^-1, cm], and the anisotropy
        factor :math:`\Delta` it implies.
    """

    P_c: float
    P_g: float
    P_m: float
    T: float
    injection_rate: float
    heating_per_H: float
    spectral_index: float
    n_H: float
    n_e: float
    rho: float
    n_i: float
    B: float
    v_A: float
    alfven_ratio: float
    C_ma_pre: float
    C_ma_steady: float
    tau_B_pre: float
    tau_B_steady: float
    tau_B: float
    pc_fraction: float
    pc_over_pg: float
    work_rate: float
    cooling_balance_heating: float
    heating_bound: float
    heating_fraction: float
    heating_over_work: float
    n_cr: float
    mean_c_over_v: float
    heating_exact: float
    heating_exact_fraction: float
    heating_exact_sharp: float
    alfven_travel_length: float
    scattering_anisotropy_product: float
    scattering_frequency_eq42: float
    mean_free_path_eq42: float
    v_i: float
    scattering_frequency_nlld: float
    mean_free_path_nlld: float
    scattering_frequency_nlld_complete: float
    mean_free_path_nlld_complete: float
    anisotropy_factor_nlld: float

    def as_dict(self) -> dict:
        """The fields as a plain dict (floats or lists: JSON-serialisable)."""
        return {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in asdict(self).items()}

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The field names, in order."""
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True)
class NlldReading:
    """One reading of the order-of-magnitude Eq. 60 (:func:`nlld_input_spread`)."""

    n_c: str
    n_i: str
    v_i: str
    n_cr: float
    nu: float
    mean_free_path: float


@quantity_input_cgs()
def default_conventions() -> dict[str, object]:
    r"""The book's default :data:`CONVENTIONS`, keyed by name.

    The choices that Section 6 of :cite:t:`Zweibel2020` leaves open (the
    composition, the pressures inside :math:`C_{ma}` for :math:`\tau_B` of
    Eq. 3, the pitch angle at which Eq. 56 is read, the inputs of Eq. 60),
    each at the value :func:`evaluate` uses unless told otherwise.

    Returns
    -------
    dict
        Convention name -> its default (a float or a string); a new dict
        each call.

    See Also
    --------
    evaluate, crlib.paper.evaluate

    Examples
    --------
    >>> default_conventions()["tau_B_pressure"]
    'pre-injection'
    """
    return {name: c.default for name, c in CONVENTIONS.items()}


def _check_conventions(fn: str, conventions: dict) -> dict:
    unknown = sorted(set(conventions) - set(CONVENTIONS))
    if unknown:
        raise ValueError(f"{fn}: unknown convention(s) {unknown}; known: {sorted(CONVENTIONS)}.")
    conv = default_conventions() | conventions
    for name, c in CONVENTIONS.items():
        if c.choices is not None:
            require(fn, name, conv[name], choices=c.choices, reason=c.description)
    conv["helium_abundance"] = float(require(fn, "helium_abundance", conv["helium_abundance"],
                                             nonnegative=True, reason="a number ratio n_He/n_H"))
    conv["p1_over_mpc"] = float(require(fn, "p1_over_mpc", conv["p1_over_mpc"], positive=True,
                                        reason="a momentum"))
    conv["eq56_pitch_angle"] = float(require(
        fn, "eq56_pitch_angle", conv["eq56_pitch_angle"], positive=True, at_most=1.0,
        reason="a pitch-angle cosine magnitude (or its mean) lies in (0, 1]"))
    return conv


_INPUT_UNITS = dict(P_c="dyn cm-2", P_g="dyn cm-2", P_m="dyn cm-2", T="K",
                    injection_rate="dyn cm-2 s-1", heating_per_H="erg s-1", spectral_index="",
                    anisotropy_factor="", source_multiplier="")


@quantity_input_cgs(**_INPUT_UNITS, **CONVENTION_UNITS, error_name="estimate.evaluate")
def evaluate(P_c, P_g, P_m, T, injection_rate, heating_per_H, spectral_index, *,
             anisotropy_factor=1.0, source_multiplier=1.0, **conventions) -> Estimate:
    r"""The Section 6 chain of estimates for a flux tube, element-wise over arrays.

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
      ``scattering_frequency_nlld_complete`` the coefficient-complete
      estimate.

    The chain of Section 6 of :cite:t:`Zweibel2020`, for any medium.

    Parameters
    ----------
    P_c : float or array_like
        Steady cosmic-ray pressure [dyn cm^-2]; positive.
    P_g : float or array_like
        Thermal pressure before injection [dyn cm^-2]; positive.
    P_m : float or array_like
        Magnetic pressure [dyn cm^-2]; positive.
    T : float or array_like
        Temperature [K]; positive.
    injection_rate : float or array_like
        Cosmic-ray injection rate :math:`\dot{\Delta P}_c` [erg cm^-3 s^-1]; positive.
    heating_per_H : float or array_like
        Heating per hydrogen atom that balances cooling, :math:`\Gamma_0` [erg s^-1]; positive.
    spectral_index : float or array_like
        Index :math:`a` of the momentum spectrum :math:`f_0 \propto p^{-a}`;
        above 4.
    anisotropy_factor : float or array_like, keyword-only
        :math:`\Delta` of Eq. 57; positive, default 1.
    source_multiplier : float or array_like, keyword-only
        Scales ``injection_rate`` and, with ``pc_scaling="linear"``, ``P_c``;
        positive, default 1.
    **conventions
        Overrides of :data:`CONVENTIONS` (scalars).

    Returns
    -------
    Estimate
        Every quantity [CGS]; Python floats for scalar inputs, arrays of the
        broadcast shape otherwise.

    Raises
    ------
    ValueError
        For an unknown convention, a non-positive or non-finite input, or a
        result that leaves the range of double precision or the formulas'
        validity (e.g. :math:`C_{ma} \ge c`).

    See Also
    --------
    crlib.paper.evaluate : the chain at the paper's inputs.
    crlib.environments.evaluate_environment : the chain for a named medium.

    Examples
    --------
    >>> e = evaluate(8.2e-14, 3.2e-13, 3.97e-14, 1.1e6, 1.67e-25, 1.0e-25, 4.7)
    >>> f"{e.tau_B:.3e}", f"{e.heating_bound:.2e}"
    ('3.669e+12', '1.21e-30')
    >>> e = evaluate(8.2e-14, 3.2e-13, 3.97e-14, 1.1e6, [1.67e-25, 1.67e-24], 1.0e-25, 4.7)
    >>> e.tau_B.shape, f"{e.tau_B[0] / e.tau_B[1]:.1f}"
    ((2,), '10.0')
    """
    fn = "estimate.evaluate"
    conv = _check_conventions(fn, conventions)

    def positive(name, value, reason):
        return require(fn, name, value, positive=True, reason=reason)

    P_c = positive("P_c", P_c, "a cosmic-ray pressure")
    P_g = positive("P_g", P_g, "a gas pressure")
    P_m = positive("P_m", P_m, "a magnetic pressure")
    T = positive("T", T, "a temperature")
    injection_rate = positive("injection_rate", injection_rate, "an injection rate")
    heating_per_H = positive("heating_per_H", heating_per_H, "a heating rate")
    a = require(fn, "spectral_index", spectral_index, greater_than=4.0,
                reason="the cosmic-ray pressure of f_0 ~ p^-a converges for a > 4")
    anisotropy_factor = positive("anisotropy_factor", anisotropy_factor, "an anisotropy factor")
    m = positive("source_multiplier", source_multiplier, "a source strength")
    P_c, P_g, P_m, T, injection_rate, heating_per_H, a, anisotropy_factor, m = np.broadcast_arrays(
        P_c, P_g, P_m, T, injection_rate, heating_per_H, a, anisotropy_factor, m)

    injection_rate = injection_rate * m
    P_c = P_c * (m if conv["pc_scaling"] == "linear" else 1.0)
    for name, value in (("injection_rate * source_multiplier", injection_rate),
                        ("P_c * source_multiplier", P_c)):
        require(fn, name, value, positive=True,
                reason="the scaled value leaves the range of double precision: source_multiplier is too extreme")

    y = conv["helium_abundance"]
    r: dict[str, object] = {"P_c": P_c, "P_g": P_g, "P_m": P_m, "T": T,
                            "injection_rate": injection_rate, "heating_per_H": heating_per_H,
                            "spectral_index": a}
    n_H = hydrogen_number_density(P_g, T, helium_abundance=y)
    rho = gas_mass_density(n_H, helium_abundance=y)
    r["n_H"] = n_H
    r["n_e"] = electron_number_density(n_H, helium_abundance=y)
    r["rho"] = rho
    r["n_i"] = rho / constants.m_p  # proton-equivalent ion density: v_A = B/sqrt(4 pi n_i m_p)
    B = np.sqrt(8.0 * np.pi * P_m)
    r["B"] = B
    v_A = alfven_speed(B, rho)
    r["v_A"] = v_A
    r["alfven_ratio"] = v_A / constants.c
    # Pressures by keyword: a reordering of these signatures must fail loudly, not swap.
    no_P_c = np.zeros_like(P_c)
    r["C_ma_pre"] = magnetoacoustic_speed(P_c=no_P_c, P_g=P_g, P_m=P_m, rho_g=rho)
    r["C_ma_steady"] = magnetoacoustic_speed(P_c=P_c, P_g=P_g, P_m=P_m, rho_g=rho)
    r["tau_B_pre"] = field_timescale(P_c=no_P_c, P_g=P_g, P_m=P_m, injection_rate=injection_rate)
    r["tau_B_steady"] = field_timescale(P_c=P_c, P_g=P_g, P_m=P_m, injection_rate=injection_rate)
    tau_B = r["tau_B_pre"] if conv["tau_B_pressure"] == "pre-injection" else r["tau_B_steady"]
    r["tau_B"] = tau_B
    r["pc_fraction"] = P_c / (P_g + P_m)
    r["pc_over_pg"] = P_c / P_g
    r["work_rate"] = work_rate(P_c, tau_B)
    r["cooling_balance_heating"] = cooling_balance_heating(n_H, heating_per_H)
    r["heating_bound"] = heating_lower_bound(v_A, P_c, tau_B)
    r["heating_fraction"] = r["heating_bound"] / r["cooling_balance_heating"]
    r["heating_over_work"] = r["heating_bound"] / r["work_rate"]
    # Eqs. 58-60 inputs: the spectrum above p_1 and its speed
    p_1 = conv["p1_over_mpc"] * constants.m_p * constants.c
    speed = conv["cosmic_ray_speed"]
    r["n_cr"] = resonant_cosmic_ray_density(P_c, a, p_1=p_1, speed=speed)
    if speed == "exact":  # a quadrature per distinct index
        unique, index = np.unique(a, return_inverse=True)
        weights = np.array([pressure_weighted_c_over_v(float(ai), conv["p1_over_mpc"]) for ai in unique])
        r["mean_c_over_v"] = weights[index].reshape(a.shape)
    else:
        r["mean_c_over_v"] = np.ones_like(a)
    # Beyond the paper: the heating itself at the paper's ordering, for any nu
    # (smooth turnover below p_1; a literal sharp cutoff adds the factor a/4).
    r["heating_exact"] = pressure_anisotropy_heating(v_A, P_c, tau_B, mean_c_over_v=r["mean_c_over_v"])
    r["heating_exact_fraction"] = r["heating_exact"] / r["cooling_balance_heating"]
    r["heating_exact_sharp"] = r["heating_exact"] * cutoff_heating_factor(a, cutoff="sharp")
    # Eqs. 42, 56-57 from the exact leading-order solution, nu Delta = (|mu|/3)(c/v_A)/tau_B
    mu = conv["eq56_pitch_angle"]
    r["alfven_travel_length"] = v_A * tau_B
    r["scattering_anisotropy_product"] = scattering_anisotropy_product(v_A, tau_B, mu=mu)
    r["scattering_frequency_eq42"] = scattering_frequency(v_A, tau_B, anisotropy_factor=anisotropy_factor, mu=mu)
    r["mean_free_path_eq42"] = mean_free_path(r["scattering_frequency_eq42"])
    # Eqs. 58-60
    r["v_i"] = thermal_ion_speed(T, definition=conv["thermal_speed"])
    nu = nonlinear_landau_frequency_order_of_magnitude(B, r["n_i"], r["n_cr"], tau_B, r["v_i"])
    r["scattering_frequency_nlld"] = nu
    r["mean_free_path_nlld"] = mean_free_path(nu)
    nu_full = nonlinear_landau_scattering_frequency(
        B, r["n_i"], r["n_cr"], tau_B, r["v_i"], a, mu=mu, normalization=conv["growth_rate_normalization"])
    r["scattering_frequency_nlld_complete"] = nu_full
    r["mean_free_path_nlld_complete"] = mean_free_path(nu_full)
    r["anisotropy_factor_nlld"] = r["scattering_anisotropy_product"] / nu_full
    for name, value in r.items():
        value = np.asarray(value, dtype=float)
        if not np.all(np.isfinite(value)) or not np.all(value > 0):
            bad = value[~(np.isfinite(value) & (value > 0))].flat[0]
            raise ValueError(f"{fn}: {name} = {bad!r} is not a positive finite number: "
                             "the inputs leave the range of double precision.")
    return Estimate(**{name: _scalar(value) for name, value in r.items()})


@quantity_input_cgs()
def nlld_input_spread(estimate: Estimate) -> list[NlldReading]:
    r"""The order-of-magnitude Eq. 60 over every natural choice of its open inputs.

    Evaluates :func:`crlib.scattering.nonlinear_landau_frequency_order_of_magnitude`,

    .. math::

        \nu \sim \left(\Omega_0\,\frac{n_c}{n_i}\,\frac{c^2}{v_A v_i\tau_B}\right)^{1/2},

    for each combination in :data:`NATURAL_NLLD_INPUTS` (six readings of the
    resonant density :math:`n_c`, two of the ion density :math:`n_i`, three
    thermal speeds :math:`v_i`: 36 in all), with :math:`B`, :math:`v_A`
    (from the mass density) and :math:`\tau_B` of ``estimate``.  The spread
    is the uncertainty of the paper's order-of-magnitude reading of Eq. 60
    (:cite:t:`Zweibel2020`, Section 6: "a rough estimate").

    Parameters
    ----------
    estimate : Estimate
        A scalar result of :func:`evaluate`.

    Returns
    -------
    list of NlldReading
        One per combination: the three labels, ``n_cr`` [cm^-3], ``nu``
        [s^-1] and ``mean_free_path`` [cm].

    Raises
    ------
    ValueError
        If ``estimate`` is not a scalar :class:`Estimate`.

    See Also
    --------
    evaluate, crlib.scattering.nonlinear_landau_frequency_order_of_magnitude

    Examples
    --------
    >>> e = evaluate(8.2e-14, 3.2e-13, 3.97e-14, 1.1e6, 1.67e-25, 1.0e-25, 4.7)
    >>> spread = nlld_input_spread(e)
    >>> len(spread)
    36
    >>> nus = [row.nu for row in spread]
    >>> f"{min(nus):.2e} {max(nus):.2e}"
    '3.05e-08 5.73e-08'
    """
    fn = "nlld_input_spread"
    if not isinstance(estimate, Estimate) or np.ndim(estimate.P_c) != 0:
        raise ValueError(f"{fn}: estimate = {type(estimate).__name__} must be a scalar Estimate "
                         "(the result of crlib.estimate.evaluate for one medium).")
    P_c, a, T = estimate.P_c, estimate.spectral_index, estimate.T
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
    ions = {"n_H": estimate.n_H, "rho/m_p": estimate.n_i}
    rows = []
    for n_c_label in NATURAL_NLLD_INPUTS["n_c"]:
        for n_i_label in NATURAL_NLLD_INPUTS["n_i"]:
            n_i = ions[n_i_label]
            for v_i_label in NATURAL_NLLD_INPUTS["v_i"]:
                v_i = thermal_ion_speed(T, definition=v_i_label)
                # ion_mass = rho/n_i keeps v_A = B/sqrt(4 pi rho) whichever n_i is counted
                nu = nonlinear_landau_frequency_order_of_magnitude(
                    estimate.B, n_i, densities[n_c_label], estimate.tau_B, v_i, ion_mass=estimate.rho / n_i)
                rows.append(NlldReading(n_c=n_c_label, n_i=n_i_label, v_i=v_i_label,
                                        n_cr=float(densities[n_c_label]), nu=float(nu),
                                        mean_free_path=float(mean_free_path(nu))))
    return rows
