r"""Named astrophysical environments, and the Section 6 chain evaluated for each.

The introduction of :cite:t:`Zweibel2020` argues that pressure-anisotropy
instability matters where cosmic rays are injected fast on small scales — near
a young supernova remnant active for a few thousand years on parsec scales —
and not near a starburst active for tens of megayears on scales of a hundred
parsecs or more.  This module makes that argument quantitative: each
:class:`Environment` is a set of representative inputs with their sources, and
:func:`evaluate_environment` runs the chain of :func:`crlib.estimate.evaluate`
for it and adds the comparisons with the system size and with drift
self-confinement.  :func:`crlib.self_confinement.saturated_confinement`
replaces the estimated scattering frequency by that of the saturated state of
the waves and gives the self-consistent confinement verdict.

Injection is parametrised by the cosmic-ray pressure :math:`P_c` built up by
the source and the time :math:`t_s` over which it is injected,
:math:`\dot{\Delta P}_c = P_c/t_s`.  The values are order-of-magnitude
representatives, not fits: every number carries a reference or the reason for
the choice.  ``PRESETS`` (the same as :func:`presets`) is built on first use:
the §6 halo preset reads the paper's inputs (:mod:`crlib.paper`) then, not at
import.  ``source_time`` and ``source_multiplier`` broadcast, so a sweep is one
call (:func:`sweep_source_time`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from crlib import constants
from crlib._validation import quantity_input_cgs, require, to_cgs
from crlib.confinement import drift_diffusivity, spatial_diffusivity
from crlib.estimate import CONVENTION_UNITS, Estimate, evaluate
from crlib.gas import heating_per_hydrogen, thermal_pressure
from crlib.speeds import magnetic_pressure

__all__ = [
    "SIGNIFICANT_HEATING_FRACTION",
    "Environment",
    "EnvironmentEstimate",
    "ENVIRONMENT_UNITS",
    "PRESETS",
    "presets",
    "evaluate_environment",
    "sweep_source_time",
]

#: Heating bound, as a fraction of the cooling-balance heating, above which the
#: book calls pressure-anisotropy heating "significant" (a stated choice).
SIGNIFICANT_HEATING_FRACTION = 0.1

_EV_PER_CC = constants.eV  # 1 eV cm^-3 in erg cm^-3


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
    def injection_rate(self) -> float:
        r""":math:`\dot{\Delta P}_c = P_c/t_s` [erg cm^-3 s^-1]."""
        return self.P_c / self.source_time


_LOCAL_PC = 1.0 * _EV_PER_CC / 3.0  # ~1 eV cm^-3 of local cosmic rays (Ferriere2001)

def _section6_halo() -> Environment:
    from crlib.gas import hydrogen_number_density
    from crlib.paper import paper_inputs  # the paper's printed inputs: read when first asked for

    x = paper_inputs()
    n_H = float(hydrogen_number_density(x["P_g"], x["T"]))
    return Environment(
        key="halo_bottleneck",
        label="§6 halo bottleneck",
        n_H=n_H,
        T=x["T"],
        B=float(np.sqrt(8.0 * np.pi * x["P_m"])),
        P_c=x["P_c"],
        source_time=x["P_c"] / x["injection_rate"],
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


@quantity_input_cgs()
def presets() -> dict[str, Environment]:
    """The named environments, keyed by their ``key`` (built on first use).

    Representative media for the argument of Section 1 of
    :cite:t:`Zweibel2020` (a young supernova remnant against a starburst),
    with the Section 6 halo bottleneck at the paper's own inputs; each
    :class:`Environment` names its sources.

    Returns
    -------
    dict
        Key -> :class:`Environment`; a new dict each call (the environments
        themselves are frozen).

    Raises
    ------
    ValueError
        If the paper's data file, read for the Section 6 preset, names an
        unknown unit (:func:`crlib.paper.paper_inputs`), or a preset's field
        fails the checks of :class:`Environment`.

    See Also
    --------
    evaluate_environment, sweep_source_time, crlib.paper.paper_inputs

    Examples
    --------
    >>> sorted(presets())[:2]
    ['halo_bottleneck', 'hot_halo']
    """
    return dict(_build_presets())


@functools.lru_cache(maxsize=1)
def _build_presets() -> dict[str, Environment]:
    envs = [
        _section6_halo(),
        Environment(
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
        ),
        Environment(
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
        ),
        Environment(
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
        ),
        Environment(
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
        ),
        Environment(
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
        ),
    ]
    return {env.key: env for env in envs}


def __getattr__(name):
    # PRESETS is built on first access (it reads the paper's data file), not at import.
    if name == "PRESETS":
        return presets()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Fields that :class:`EnvironmentEstimate` adds to :class:`crlib.estimate.Estimate`.
_ENVIRONMENT_FIELDS = (
    "size", "source_time", "lambda_over_size", "lambda_nlld_over_size", "lambda_nlld_complete_over_size",
    "kappa_pa", "kappa_pa_nlld", "kappa_d", "kappa_ratio", "kappa_ratio_nlld", "confines", "confines_nlld",
    "heats", "max_source_time_confinement", "max_source_time_heating",
)


@dataclass(frozen=True)
class EnvironmentEstimate(Estimate):
    r"""The :class:`crlib.estimate.Estimate` of an environment, with its size and verdicts.

    Attributes
    ----------
    size, source_time
        System size :math:`L` [cm] and injection time :math:`t_s` [s].
    lambda_over_size, lambda_nlld_over_size, lambda_nlld_complete_over_size
        Mean free paths of Eq. 57, Eq. 60 (order of magnitude) and Eq. 60
        (every coefficient) over :math:`L`.
    kappa_pa, kappa_pa_nlld, kappa_d, kappa_ratio, kappa_ratio_nlld
        :math:`c^2/\nu` with :math:`\nu` of Eq. 57 and of Eq. 60, the drift
        diffusivity :math:`v_A L` (Eq. 52 with :math:`v_D/v_A - 1 = 1`)
        [cm^2 s^-1] and the ratios.
    confines, confines_nlld, heats
        Booleans: the Eq. 57 (Eq. 60) mean free path is below :math:`L`; the
        heating fraction is above :data:`SIGNIFICANT_HEATING_FRACTION`.
    max_source_time_confinement, max_source_time_heating
        The longest injection times [s] for which the Eq. 57 mean free path
        stays below :math:`L` and the heating bound stays significant.
    """

    size: float
    source_time: float
    lambda_over_size: float
    lambda_nlld_over_size: float
    lambda_nlld_complete_over_size: float
    kappa_pa: float
    kappa_pa_nlld: float
    kappa_d: float
    kappa_ratio: float
    kappa_ratio_nlld: float
    confines: bool
    confines_nlld: bool
    heats: bool
    max_source_time_confinement: float
    max_source_time_heating: float


@quantity_input_cgs(source_multiplier="", source_time="s", **CONVENTION_UNITS)
def evaluate_environment(env, *, source_multiplier=1.0, source_time=None,
                         tau_B_pressure="steady", **conventions) -> EnvironmentEstimate:
    r"""Run the Section 6 chain for an environment, and compare with its size.

    Calls :func:`crlib.estimate.evaluate` with the environment's
    :math:`P_c`, :math:`P_g`, :math:`P_m`, :math:`T`,
    :math:`\dot{\Delta P}_c = P_c/t_s`, :math:`\Gamma_0` and spectral
    index, and adds

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
      above :data:`SIGNIFICANT_HEATING_FRACTION`);
    * ``max_source_time_confinement`` and ``max_source_time_heating``: the
      longest injection times for which the Eq. 57 mean free path stays below
      :math:`L`, :math:`t_{\rm conf} = (|\mu|/3)(L/v_A)\,P_c/(\gamma_gP_g +
      \gamma_cP_c + \gamma_mP_m)`, and the heating bound stays significant.
      With :math:`P_c` fixed, :math:`\tau_B \propto t_s`, so
      :math:`\lambda \propto t_s` and :math:`H_{pa} \propto 1/t_s` exactly.

    Following :cite:t:`Zweibel2020`, Section 6, the source multiplier scales
    both the injection rate and (``pc_scaling="linear"``) the cosmic-ray
    pressure.  The default ``tau_B_pressure="steady"`` keeps the cosmic rays
    that are present in :math:`C_{ma}`.  ``source_multiplier`` and
    ``source_time`` broadcast: a sweep is one call.

    Parameters
    ----------
    env : Environment or str
        The environment or its key in :func:`presets`.
    source_multiplier : float or array_like, keyword-only
        Source strength relative to the preset; positive.
    source_time : float or array_like, keyword-only
        Injection time :math:`t_s` [s] replacing the preset's; positive.
    tau_B_pressure : {"steady", "pre-injection"}, keyword-only
        Cosmic-ray pressure inside :math:`C_{ma}` for :math:`\tau_B`.
    **conventions
        Further :data:`crlib.estimate.CONVENTIONS`.

    Returns
    -------
    EnvironmentEstimate
        The :class:`crlib.estimate.Estimate` fields plus those above [CGS];
        floats for scalar arguments, arrays of the broadcast shape otherwise.

    Raises
    ------
    ValueError
        If ``env`` is neither an :class:`Environment` nor a preset key, or a
        value is unphysical.

    See Also
    --------
    sweep_source_time, crlib.estimate.evaluate

    Examples
    --------
    >>> r = evaluate_environment("young_snr")
    >>> r.confines, r.heats
    (True, False)
    >>> evaluate_environment("starburst_wind_base").confines
    False
    >>> evaluate_environment("hot_halo", source_multiplier=[1.0, 10.0]).heating_fraction.shape
    (2,)
    """
    fn = "evaluate_environment"
    if not isinstance(env, Environment):
        env = presets()[require(fn, "env", env, choices=sorted(presets()),
                                reason="an Environment, or the key of a preset")]
    t_s = env.source_time if source_time is None else require(
        fn, "source_time", source_time, positive=True, reason="an injection time")
    t_s = np.asarray(t_s, dtype=float)
    r = evaluate(env.P_c, env.P_g, env.P_m, env.T, env.P_c / t_s, env.heating_per_H, env.a,
                 source_multiplier=source_multiplier, helium_abundance=env.helium_abundance,
                 tau_B_pressure=tau_B_pressure, **conventions)
    t_s = np.broadcast_to(t_s, np.shape(r.tau_B))
    x = {}
    x["size"] = np.full(np.shape(r.tau_B), env.size)
    x["source_time"] = t_s
    x["lambda_over_size"] = r.mean_free_path_eq42 / env.size
    x["lambda_nlld_over_size"] = r.mean_free_path_nlld / env.size
    x["lambda_nlld_complete_over_size"] = r.mean_free_path_nlld_complete / env.size
    x["kappa_pa"] = spatial_diffusivity(r.scattering_frequency_eq42)
    x["kappa_pa_nlld"] = spatial_diffusivity(r.scattering_frequency_nlld)
    x["kappa_d"] = drift_diffusivity(r.v_A, env.size, 1.0)
    x["kappa_ratio"] = x["kappa_pa"] / x["kappa_d"]
    x["kappa_ratio_nlld"] = x["kappa_pa_nlld"] / x["kappa_d"]
    x["confines"] = np.asarray(x["lambda_over_size"]) < 1.0
    x["confines_nlld"] = np.asarray(x["lambda_nlld_over_size"]) < 1.0
    x["heats"] = np.asarray(r.heating_fraction) > SIGNIFICANT_HEATING_FRACTION
    x["max_source_time_confinement"] = t_s / x["lambda_over_size"]
    x["max_source_time_heating"] = t_s * r.heating_fraction / SIGNIFICANT_HEATING_FRACTION
    scalar = np.ndim(r.tau_B) == 0
    extra = {k: (np.asarray(v)[()].item() if scalar else np.asarray(v)) for k, v in x.items()}
    base = {name: getattr(r, name) for name in Estimate.names()}
    return EnvironmentEstimate(**base, **extra)


@quantity_input_cgs(source_times="s", source_multiplier="", **CONVENTION_UNITS)
def sweep_source_time(env, source_times, *, source_multiplier=1.0, **kwargs) -> EnvironmentEstimate:
    r"""Evaluate an environment over a range of injection times (one vectorised call).

    With :math:`P_c` fixed, :math:`\tau_B \propto t_s` (Eq. 3 of
    :cite:t:`Zweibel2020`), so along the sweep the Section 6 mean free path
    grows as :math:`t_s` and the heating bound falls as :math:`1/t_s`: the
    contrast between fast and slow injection of the paper's Section 1.

    Parameters
    ----------
    env : Environment or str
        As in :func:`evaluate_environment`.
    source_times : array_like
        Injection times [s]; positive; at least one.
    source_multiplier : float, keyword-only
        Source strength relative to the preset.
    **kwargs
        Passed to :func:`evaluate_environment`.

    Returns
    -------
    EnvironmentEstimate
        Every quantity of :func:`evaluate_environment`, as 1-d arrays, one
        entry per time.

    Raises
    ------
    ValueError
        If ``source_times`` is empty, or holds a non-positive or non-finite
        time.

    See Also
    --------
    evaluate_environment

    Examples
    --------
    >>> from crlib import constants
    >>> s = sweep_source_time("young_snr", [1e3 * constants.yr, 1e4 * constants.yr])
    >>> bool(s.heating_fraction[0] > s.heating_fraction[1])
    True
    """
    fn = "sweep_source_time"
    times = np.atleast_1d(require(fn, "source_times", source_times, positive=True,
                                  reason="injection times"))
    if times.size == 0:
        raise ValueError(f"{fn}: source_times is empty; give at least one injection time.")
    if times.ndim != 1:
        raise ValueError(f"{fn}: source_times has shape {times.shape}; give a 1-d sequence of times.")
    return evaluate_environment(env, source_multiplier=source_multiplier, source_time=times, **kwargs)
