r"""Named astrophysical environments, and the Section 6 chain evaluated for each.

The introduction of :cite:t:`Zweibel2020` argues that pressure-anisotropy
instability matters where cosmic rays are injected fast on small scales — near
a young supernova remnant active for a few thousand years on parsec scales —
and not near a starburst active for tens of megayears on scales of a hundred
parsecs or more.  This module makes that argument quantitative: each
:class:`Environment` is a set of representative inputs with their sources, and
:func:`evaluate_environment` runs the chain of :func:`crlib.section6.evaluate`
for it and adds the comparisons with the system size and with drift
self-confinement.

Injection is parametrised by the cosmic-ray pressure :math:`P_c` built up by
the source and the time :math:`t_s` over which it is injected,
:math:`\dot{\Delta P}_c = P_c/t_s`.  The values are order-of-magnitude
representatives, not fits: every number carries a reference or the reason for
the choice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crlib import constants
from crlib._validation import quantity_input_cgs, require, to_cgs
from crlib.confinement import drift_diffusivity, spatial_diffusivity
from crlib.section6 import (
    CONVENTION_UNITS,
    evaluate,
    hydrogen_number_density,
    paper_inputs,
    particles_per_hydrogen,
)
from crlib.speeds import magnetic_pressure

__all__ = [
    "SIGNIFICANT_HEATING_FRACTION",
    "Environment",
    "ENVIRONMENT_UNITS",
    "PRESETS",
    "thermal_pressure",
    "heating_per_hydrogen",
    "evaluate_environment",
    "sweep_source_time",
]

#: Heating bound, as a fraction of the cooling-balance heating, above which the
#: book calls pressure-anisotropy heating "significant" (a stated choice).
SIGNIFICANT_HEATING_FRACTION = 0.1

_EV_PER_CC = constants.eV  # 1 eV cm^-3 in erg cm^-3


@quantity_input_cgs(n_H="cm-3", T="K", helium_abundance="", returns="dyn cm-2", result="positive")
def thermal_pressure(n_H, T, *, helium_abundance=0.1):
    r"""Thermal pressure of a fully ionised H–He gas, :math:`P_g = (2+3y)\,n_H k_B T`.

    .. math::

        P_g = (n_H + n_{He} + n_e)\,k_B T = (2 + 3y)\,n_H\,k_B T

    the inverse of :func:`crlib.section6.hydrogen_number_density`.

    Parameters
    ----------
    n_H : float or array_like
        Hydrogen number density [cm^-3]; positive.
    T : float or array_like
        Temperature [K]; positive.
    helium_abundance : float, keyword-only
        :math:`y = n_{He}/n_H`; non-negative, default 0.1.

    Returns
    -------
    float or ndarray
        :math:`P_g` [dyn cm^-2].

    Examples
    --------
    >>> f"{float(thermal_pressure(1.0, 1e4)):.4e}"
    '3.1755e-12'
    """
    fn = "thermal_pressure"
    n_H = require(fn, "n_H", n_H, positive=True, reason="a number density")
    T = require(fn, "T", T, positive=True, reason="a temperature")
    return particles_per_hydrogen(helium_abundance=helium_abundance) * n_H * constants.k_B * T


@quantity_input_cgs(n_H="cm-3", cooling_function="erg cm3 s-1", helium_abundance="", returns="erg s-1",
                    result="positive")
def heating_per_hydrogen(n_H, cooling_function, *, helium_abundance=0.1):
    r"""Heating per hydrogen atom that balances radiative cooling, :math:`\Gamma_0 = n_e\Lambda(T)`.

    .. math::

        n_H\,\Gamma_0 = n_e n_H\,\Lambda(T),\qquad n_e = (1+2y)\,n_H

    for a fully ionised H–He gas with cooling function :math:`\Lambda`
    (normalised to :math:`n_e n_H`, as in :cite:t:`SutherlandDopita1993`).

    Parameters
    ----------
    n_H : float or array_like
        Hydrogen number density [cm^-3]; positive.
    cooling_function : float or array_like
        :math:`\Lambda(T)` [erg cm^3 s^-1]; positive.
    helium_abundance : float, keyword-only
        :math:`y`; non-negative, default 0.1.

    Returns
    -------
    float or ndarray
        :math:`\Gamma_0` [erg s^-1].

    Examples
    --------
    >>> f"{float(heating_per_hydrogen(1e-3, 1e-22)):.2e}"
    '1.20e-25'
    """
    fn = "heating_per_hydrogen"
    n_H = require(fn, "n_H", n_H, positive=True, reason="a number density")
    L = require(fn, "cooling_function", cooling_function, positive=True,
                reason="a radiative cooling function")
    y = require(fn, "helium_abundance", helium_abundance, nonnegative=True,
                reason="a number ratio n_He/n_H")
    return (1.0 + 2.0 * y) * n_H * L


#: CGS unit of each numeric field of :class:`Environment`.
ENVIRONMENT_UNITS = {
    "n_H": "cm-3", "T": "K", "B": "G", "P_c": "dyn cm-2", "source_time": "s", "size": "cm",
    "heating_per_H": "erg s-1", "helium_abundance": "", "a": "",
}


@dataclass(frozen=True)
class Environment:
    """A named set of representative inputs for the Section 6 chain.

    All values in CGS (an astropy Quantity given for a numeric field is
    converted to its CGS unit; see :data:`ENVIRONMENT_UNITS`).
    ``references`` are BibTeX keys of ``references.bib``; ``sources`` says
    which input each one supports.

    Raises
    ------
    ValueError
        If a numeric field is not a positive finite number (the helium
        abundance may be zero), or a Quantity of the wrong kind.
    """

    key: str
    label: str
    n_H: float
    T: float
    B: float
    P_c: float
    source_time: float
    size: float
    heating_per_H: float
    references: tuple[str, ...]
    sources: str
    helium_abundance: float = 0.1
    a: float = 4.7
    notes: str = ""

    def __post_init__(self):
        for name, unit in ENVIRONMENT_UNITS.items():
            value = to_cgs("Environment", name, getattr(self, name), unit)
            bound = {"nonnegative": True} if name == "helium_abundance" else {"positive": True}
            value = float(require("Environment", name, value, **bound, reason=f"an environment's {name}"))
            object.__setattr__(self, name, value)  # frozen: set once, here

    @property
    def P_g(self) -> float:
        """Thermal pressure [dyn cm^-2]."""
        return float(thermal_pressure(self.n_H, self.T, helium_abundance=self.helium_abundance))

    @property
    def P_m(self) -> float:
        """Magnetic pressure [dyn cm^-2]."""
        return float(magnetic_pressure(self.B))

    @property
    def source_rate(self) -> float:
        r""":math:`\dot{\Delta P}_c = P_c/t_s` [erg cm^-3 s^-1]."""
        return self.P_c / self.source_time


def _section6_halo() -> Environment:
    x = paper_inputs()
    n_H = float(hydrogen_number_density(x["P_g"], x["T"]))
    return Environment(
        key="halo_bottleneck",
        label="§6 halo bottleneck",
        n_H=n_H,
        T=x["T"],
        B=float(np.sqrt(8.0 * np.pi * x["P_m"])),
        P_c=x["P_c"],
        source_time=x["P_c"] / x["source_rate"],
        size=constants.kpc,
        heating_per_H=x["heating_per_H"],
        references=("Zweibel2020", "Wiener2019"),
        sources=(
            "P_g, P_m, T, heating per H atom, source rate and steady P_c as printed in "
            "Section 6 (Zweibel2020, after Wiener2019); n_H from P_g and T with n_He/n_H = 0.1; "
            "t_s = P_c / source rate; size 1 kpc, the source-cloud distance of the original "
            "bottleneck runs (Wiener2019), which Section 6 imagines much shorter"
        ),
    )


_LOCAL_PC = 1.0 * _EV_PER_CC / 3.0  # ~1 eV cm^-3 of local cosmic rays (Ferriere2001)

#: The named environments.
PRESETS: dict[str, Environment] = {}


def _register(env: Environment) -> None:
    PRESETS[env.key] = env


_register(_section6_halo())
_register(Environment(
    key="warm_ionised_medium",
    label="warm ionised medium",
    n_H=0.3, T=8.0e3, B=5e-6,
    P_c=_LOCAL_PC,
    source_time=15.0 * constants.Myr,
    size=constants.kpc,
    heating_per_H=float(heating_per_hydrogen(0.3, 1e-24)),
    references=("Ferriere2001", "Yanasak2001", "Draine2011"),
    sources=(
        "n_H 0.2-0.5 cm^-3, T ~ 8000 K, B ~ 5 uG, scale height ~ 1 kpc and cosmic-ray energy "
        "density ~ 1 eV cm^-3 (P_c = U_c/3) from Ferriere2001; t_s = the 15 Myr Galactic "
        "cosmic-ray residence time (Yanasak2001); Lambda ~ 1e-24 erg cm^3 s^-1, metal-line "
        "cooling of photoionised gas at 8000 K, order of magnitude (Draine2011)"
    ),
    notes="mostly ionised; ion-neutral damping, ignored here, would compete with NLLD",
))
_register(Environment(
    key="hot_halo",
    label="Milky Way hot halo",
    n_H=1e-3, T=2.0e6, B=1e-6,
    P_c=0.1 * _LOCAL_PC,
    source_time=30.0 * constants.Myr,
    size=10.0 * constants.kpc,
    heating_per_H=float(heating_per_hydrogen(1e-3, 5e-23)),
    references=("MillerBregman2015", "JanssonFarrar2012", "SutherlandDopita1993"),
    sources=(
        "n ~ 1e-3 cm^-3 at ~10 kpc and T ~ 2e6 K (MillerBregman2015); halo field ~ 1 uG "
        "(JanssonFarrar2012); P_c a tenth of the local value, a chosen round number for a "
        "few kpc above the disc; t_s = 30 Myr, a star-formation-driven source (chosen); "
        "Lambda(2e6 K) ~ 5e-23 erg cm^3 s^-1 (SutherlandDopita1993, solar CIE, one figure)"
    ),
))
_register(Environment(
    key="intracluster_medium",
    label="cool-core intracluster medium",
    n_H=0.02, T=4.6e7, B=1e-5,
    P_c=0.01 * float(thermal_pressure(0.02, 4.6e7)),
    source_time=30.0 * constants.Myr,
    size=50.0 * constants.kpc,
    heating_per_H=float(heating_per_hydrogen(0.02, 2.5e-23)),
    references=("Churazov2003", "CarilliTaylor2002", "Ackermann2014", "Birzan2004",
                "SutherlandDopita1993"),
    sources=(
        "n ~ 0.02 cm^-3 and kT ~ 4 keV at tens of kpc in Perseus (Churazov2003); B ~ 10 uG "
        "in cool cores (CarilliTaylor2002); P_c = 1 % of P_g, near the Fermi-LAT upper limit "
        "(Ackermann2014); t_s = 30 Myr, an AGN cavity age (Birzan2004); size 50 kpc; "
        "Lambda(4.6e7 K) ~ 2.5e-23 erg cm^3 s^-1 (SutherlandDopita1993)"
    ),
))
_register(Environment(
    key="young_snr",
    label="young SNR surroundings",
    n_H=0.5, T=8.0e3, B=5e-6,
    P_c=10.0 * _LOCAL_PC,
    source_time=3.0e3 * constants.yr,
    size=5.0 * constants.pc,
    heating_per_H=float(heating_per_hydrogen(0.5, 1e-24)),
    references=("Zweibel2020", "GabiciAharonianCasanova2009", "Ferriere2001", "Draine2011"),
    sources=(
        "a remnant active for a few thousand years on scales of several parsecs "
        "(Zweibel2020, Section 1): t_s = 3 kyr, size 5 pc; cosmic-ray energy density ten "
        "times the local value near the remnant (GabiciAharonianCasanova2009 infer 10-100 "
        "from gamma-ray-bright clouds); ionised warm surroundings n_H 0.5 cm^-3, T 8000 K, "
        "B 5 uG (Ferriere2001); Lambda ~ 1e-24 erg cm^3 s^-1 (Draine2011)"
    ),
))
_register(Environment(
    key="starburst_wind_base",
    label="starburst wind base (M82)",
    n_H=0.1, T=5.0e7, B=1e-4,
    P_c=250.0 * _EV_PER_CC / 3.0,
    source_time=30.0 * constants.Myr,
    size=300.0 * constants.pc,
    heating_per_H=float(heating_per_hydrogen(0.1, 2.5e-23)),
    references=("Zweibel2020", "StricklandHeckman2009", "VERITAS2009", "Adebahr2013",
                "SutherlandDopita1993"),
    sources=(
        "a starburst active for tens of Myr on scales of 100 pc or more (Zweibel2020, "
        "Section 1): t_s = 30 Myr, size 300 pc; hot fluid T ~ 5e7 K and n ~ 0.1 cm^-3 "
        "(StricklandHeckman2009); cosmic-ray energy density ~ 250 eV cm^-3 (VERITAS2009); "
        "B ~ 100 uG (Adebahr2013); Lambda(5e7 K) ~ 2.5e-23 erg cm^3 s^-1 "
        "(SutherlandDopita1993)"
    ),
))


@quantity_input_cgs(source_multiplier="", source_time="s", **CONVENTION_UNITS)
def evaluate_environment(env, *, source_multiplier=1.0, source_time=None,
                         tau_B_pressure="steady", **conventions) -> dict[str, float]:
    r"""Run the Section 6 chain for an environment, and compare with its size.

    Calls :func:`crlib.section6.evaluate` with the environment's
    :math:`P_g`, :math:`P_m`, :math:`T`, :math:`\Gamma_0`,
    :math:`\dot{\Delta P}_c = P_c/t_s` and :math:`P_c`, and adds

    * ``heating_fraction``: :math:`H_{pa}` (Eq. 48) over the cooling-balance
      heating;
    * ``lambda_over_size`` and ``lambda_nlld_over_size``: the mean free paths
      of Eq. 57 and of Eq. 60 over the system size :math:`L`.  Eq. 57 uses
      the book's exact :math:`\nu\Delta = (|\mu|/3)(c/v_A)/\tau_B`
      (:func:`crlib.scattering.scattering_anisotropy_product`; convention
      ``eq56_pitch_angle``, default :math:`|\mu| = 1`) with anisotropy factor
      unity, the paper's Section 5 expectation for damping as strong as in the
      drift case, so :math:`\lambda = 3v_A\tau_B/|\mu|`; Eq. 60 is nonlinear
      Landau damping alone, the weakest damping, in the paper's
      order-of-magnitude reading (``lambda_nlld_complete_over_size``: every
      coefficient kept);
    * ``kappa_pa`` (:math:`c^2/\nu` with :math:`\nu` of Eq. 57),
      ``kappa_pa_nlld`` (Eq. 60), ``kappa_d`` (:math:`v_A L`, Eq. 52 with
      :math:`v_D/v_A - 1 = 1`) and the ratios ``kappa_ratio``
      (:math:`= 3c\tau_B/(|\mu| L)`), ``kappa_ratio_nlld``;
    * ``confines`` (Eq. 57 mean free path below :math:`L`),
      ``confines_nlld`` (the same for Eq. 60) and ``heats`` (heating fraction
      above :data:`SIGNIFICANT_HEATING_FRACTION`), as 1.0 or 0.0;
    * ``max_source_time_confinement`` and ``max_source_time_heating``: the
      longest injection times for which the Eq. 57 mean free path stays below
      :math:`L`, :math:`t_{\rm conf} = (|\mu|/3)(L/v_A)\,P_c/(\gamma_gP_g +
      \gamma_cP_c + \gamma_mP_m)`, and the heating bound stays significant.
      With :math:`P_c` fixed, :math:`\tau_B \propto t_s`, so
      :math:`\lambda \propto t_s` and :math:`H_{pa} \propto 1/t_s` exactly.

    Following :cite:t:`Zweibel2020`, Section 6, the source multiplier scales
    both the injection rate and (``pc_scaling="linear"``) the cosmic-ray
    pressure.  The default ``tau_B_pressure="steady"`` keeps the cosmic rays
    that are present in :math:`C_{ma}`.

    Parameters
    ----------
    env : Environment or str
        The environment or its key in :data:`PRESETS`.
    source_multiplier : float, keyword-only
        Source strength relative to the preset; positive.
    source_time : float, keyword-only
        Injection time :math:`t_s` [s] replacing the preset's; positive.
    tau_B_pressure : {"steady", "pre-injection"}, keyword-only
        Cosmic-ray pressure inside :math:`C_{ma}` for :math:`\tau_B`.
    **conventions
        Further :data:`crlib.section6.CONVENTIONS`.

    Returns
    -------
    dict
        The :func:`crlib.section6.evaluate` quantities plus those above [CGS].

    Examples
    --------
    >>> r = evaluate_environment("young_snr")
    >>> bool(r["confines"]), bool(r["heats"])
    (True, False)
    >>> r = evaluate_environment("starburst_wind_base")
    >>> bool(r["confines"])
    False
    """
    fn = "evaluate_environment"
    if not isinstance(env, Environment):
        env = PRESETS[require(fn, "env", env, choices=sorted(PRESETS),
                              reason="an Environment, or the key of a preset")]
    t_s = env.source_time if source_time is None else float(
        require(fn, "source_time", source_time, positive=True, reason="an injection time"))
    inputs = {
        "P_g": env.P_g,
        "P_m": env.P_m,
        "T": env.T,
        "heating_per_H": env.heating_per_H,
        "source_rate": env.P_c / t_s,
        "P_c": env.P_c,
        "a": env.a,
        "source_multiplier": source_multiplier,
    }
    r = evaluate(inputs, helium_abundance=env.helium_abundance,
                 tau_B_pressure=tau_B_pressure, **conventions)
    r["size"] = env.size
    r["source_time"] = t_s
    r["lambda_over_size"] = r["mean_free_path_eq42"] / env.size
    r["lambda_nlld_over_size"] = r["mean_free_path_nlld"] / env.size
    r["lambda_nlld_complete_over_size"] = r["mean_free_path_nlld_complete"] / env.size
    r["kappa_pa"] = float(spatial_diffusivity(r["scattering_frequency_eq42"]))
    r["kappa_pa_nlld"] = float(spatial_diffusivity(r["scattering_frequency_nlld"]))
    r["kappa_d"] = float(drift_diffusivity(r["v_A"], env.size, 1.0))
    r["kappa_ratio"] = r["kappa_pa"] / r["kappa_d"]
    r["kappa_ratio_nlld"] = r["kappa_pa_nlld"] / r["kappa_d"]
    r["confines"] = float(r["lambda_over_size"] < 1.0)
    r["confines_nlld"] = float(r["lambda_nlld_over_size"] < 1.0)
    r["heats"] = float(r["heating_fraction"] > SIGNIFICANT_HEATING_FRACTION)
    r["max_source_time_confinement"] = t_s / r["lambda_over_size"]
    r["max_source_time_heating"] = t_s * r["heating_fraction"] / SIGNIFICANT_HEATING_FRACTION
    return r


@quantity_input_cgs(source_times="s", source_multiplier="", **CONVENTION_UNITS)
def sweep_source_time(env, source_times, *, source_multiplier=1.0, **kwargs):
    """Evaluate an environment over a range of injection times.

    Parameters
    ----------
    env : Environment or str
        As in :func:`evaluate_environment`.
    source_times : array_like
        Injection times [s]; positive.
    source_multiplier : float, keyword-only
        Source strength relative to the preset.
    **kwargs
        Passed to :func:`evaluate_environment`.

    Returns
    -------
    dict of ndarray
        Every quantity of :func:`evaluate_environment`, one entry per time.

    Examples
    --------
    >>> from crlib import constants
    >>> s = sweep_source_time("young_snr", [1e3 * constants.yr, 1e4 * constants.yr])
    >>> bool(s["heating_fraction"][0] > s["heating_fraction"][1])
    True
    """
    times = np.atleast_1d(require("sweep_source_time", "source_times", source_times,
                                  positive=True, reason="injection times"))
    if times.size == 0:
        raise ValueError("sweep_source_time: source_times is empty; give at least one injection time.")
    rows = [evaluate_environment(env, source_multiplier=source_multiplier, source_time=t, **kwargs)
            for t in times]
    return {k: np.array([row[k] for row in rows]) for k in rows[0]}
