r"""The saturated state of the self-generated waves: the quasilinear marginal-stability predictions.

In a flux tube whose field changes at the rate :math:`1/\tau_B` the cosmic
rays give energy to the gyroresonant Alfvén waves at the :math:`\nu`-independent
rate of Eq. 48's exact form, :math:`H = \tfrac12(v_A/c)P_c/|\tau_B|`
(:func:`crlib.heating_exact.pressure_anisotropy_heating`).  In the saturated state
each wave bin loses what it gains: to damping (ion–neutral friction,
nonlinear Landau damping, Eq. 58) and to its own adiabatic response to the
flow.  That balance, bin by bin, fixes the wave spectrum, hence the
scattering frequency :math:`\nu(p,\mu)`, hence how far above marginal
stability the anisotropy sits (:cite:t:`Zweibel2020`, §3–§6; derived in
the chapter *The saturated state mapped*).

Predictions (ultrarelativistic particles, :math:`f_0 \propto p^{-a}`):

* :func:`saturated_scattering_frequency` — :math:`\nu(p, \mu)` of the
  saturated spectrum;
* :func:`effective_scattering_frequency` — the harmonic pitch-angle mean
  :math:`\nu_{\rm eff}` that sets the anisotropy and the parallel diffusion;
* :func:`saturated_anisotropy` — :math:`A_{\rm sat}`, the anisotropy above
  the marginal (wave-frame isotropic) state, in the measure that drives the
  waves;
* :func:`flux_tube_wave_loss_rate` — the waves' own loss rate in the
  changing tube of :class:`crlib.quasilinear.QuasilinearFluxTube`;
* :func:`heating_fraction` — the share of the energy given to the waves that
  damping passes on to the gas.

The steady state of the discrete model is solved in :mod:`crlib.saturated_state`;
the calibrated closure for fluid codes is :mod:`crlib.closure`.
"""

from __future__ import annotations

import numpy as np

from crlib import constants
from crlib._validation import quantity_input_cgs, require
from crlib.heating_exact import ZETA_SCATTERING_COEFFICIENT
from crlib.instability import spectral_factor

__all__ = [
    "SPECTRUM_ENERGY_COEFFICIENT",
    "saturated_scattering_frequency",
    "effective_scattering_frequency",
    "saturated_anisotropy",
    "flux_tube_wave_loss_rate",
    "heating_fraction",
]

#: :math:`\nu_k|\tau_B|\cdot L|\tau_B| = C\,\mathcal{E}\,(c/v_A)\,\Gamma_0(>p)|\tau_B|`
#: for the linear balance: :math:`C = 2/3` (the energy each :math:`\ln k` of one
#: branch receives from the particles of one sign of :math:`\mu`: Eq. 48's exact
#: heating redistributed over the resonances).
SPECTRUM_ENERGY_COEFFICIENT = 2.0 / 3.0

#: :math:`1/\nu_{\rm eff} = (15/2)\int_0^1\mu^2(1-\mu^2)\,d\mu/\nu`: the weight of
#: :func:`crlib.heating_exact.quasi_steady_zeta`, normalised so that :math:`\nu_{\rm eff} = \nu` for constant :math:`\nu`.
_HARMONIC_WEIGHT = 7.5

_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(96)
_MU_NODES = 0.5 * (_GL_NODES + 1.0)
_MU_WEIGHTS = 0.5 * _GL_WEIGHTS

_C = constants.c


def _inputs(fn, growth_rate, tau_B, v_A, spectral_index, damping_rate, v_i, wave_loss_rate):
    growth_rate = require(fn, "growth_rate", growth_rate, positive=True,
                          reason="Gamma_0(>p), the growth-rate scale of the cosmic rays above p")
    tau_B = require(fn, "tau_B", tau_B, reason="a field timescale")
    require(fn, "|tau_B|", np.abs(tau_B), positive=True, reason="a static tube drives no anisotropy")
    v_A = require(fn, "v_A", v_A, positive=True, less_than=_C, reason="an Alfvén speed below c")
    a = require(fn, "spectral_index", spectral_index, greater_than=3.0,
                reason="a finite number of particles above p")
    damping_rate = require(fn, "damping_rate", damping_rate, nonnegative=True, reason="a damping rate")
    # negative in compression: the waves gain energy from the flow (flux_tube_wave_loss_rate)
    wave_loss_rate = require(fn, "wave_loss_rate", wave_loss_rate, reason="the waves' own loss rate")
    if v_i is not None:
        v_i = require(fn, "v_i", v_i, positive=True, less_than=_C, reason="a thermal ion speed")
    linear = 2.0 * damping_rate + wave_loss_rate
    if v_i is None and np.any(linear <= 0.0):
        raise ValueError(f"{fn}: 2 damping_rate + wave_loss_rate = {float(np.min(linear)):.3g} s^-1 <= 0 "
                         "and v_i = None: nothing takes energy out of the waves faster than the flow gives "
                         "it to them, so they grow without bound and no saturated state exists.")
    return growth_rate, np.abs(tau_B), v_A, a, linear, v_i


def _resonant_frequency(supply, linear, v_i):
    r""":math:`\nu_k` from :math:`(L + 2(v_i/c)\nu_k)\nu_k = \text{supply}` (positive root, stable form)."""
    if v_i is None:
        return supply / linear
    b = 2.0 * v_i / _C
    root = np.sqrt(linear**2 + 4.0 * b * supply)
    # the form without cancellation: 2 S / (L + root) for a net loss L >= 0, (root - L) / (2b) for a net gain
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(linear >= 0.0, 2.0 * supply / (linear + root), (root - linear) / (2.0 * b))


@quantity_input_cgs(growth_rate="s-1", tau_B="s", v_A="cm s-1", spectral_index="", mu="",
                    damping_rate="s-1", v_i="cm s-1", wave_loss_rate="s-1", returns="s-1", result="positive")
def saturated_scattering_frequency(growth_rate, v_A, tau_B, spectral_index, *, mu=1.0, damping_rate=0.0,
                                   v_i=None, wave_loss_rate=0.0):
    r"""Scattering frequency :math:`\nu(p,\mu)` of the saturated wave spectrum (§3–§6, Eqs. 30, 48, 58).

    Each wave bin of the branch that resonates with one sign of :math:`\mu`,
    at :math:`k = eB/(cp_\parallel)`, receives the energy that its resonant
    particles (:math:`p|\mu| = p_\parallel`) lose (Eq. 48's exact heating,
    redistributed over the resonances), and loses it at :math:`2\Gamma_d + L_w + 2\Gamma_{\rm nl}`
    with :math:`\Gamma_{\rm nl} = \nu_k v_i/c` (Eq. 58).  With
    :math:`\nu_k` the frequency the bin gives a particle resonant at
    :math:`\mu = 1`,

    .. math::

        \left(2\Gamma_d + L_w + 2\frac{v_i}{c}\nu_k\right)\nu_k
        = \frac{2}{3}\,\mathcal{E}\,\frac{c}{v_A}\,\frac{\Gamma_0(>p_\parallel)}{|\tau_B|},
        \qquad \nu(p,\mu) = |\mu|\,\nu_k(p|\mu|),

    :math:`\mathcal{E} = (a-3)/(a-2)` (:func:`crlib.instability.spectral_factor`)
    and :math:`\Gamma_0(>p|\mu|) = \Gamma_0(>p)|\mu|^{3-a}`.  Limits:
    :math:`\nu_k = \tfrac23\mathcal{E}(c/v_A)\Gamma_0/((2\Gamma_d+L_w)|\tau_B|)`
    (linear damping) and
    :math:`\nu_k = [\tfrac13\mathcal{E}(c/v_A)(c/v_i)\Gamma_0/|\tau_B|]^{1/2}`
    (nonlinear Landau damping).  :cite:t:`Zweibel2020` requires growth to
    equal damping (Section 5) and evaluates the balance for nonlinear Landau
    damping in order of magnitude (Eqs. 58–60); solving it wave bin by wave
    bin, as here, goes beyond the paper.

    Parameters
    ----------
    growth_rate : float or array_like
        :math:`\Gamma_0(>p) = (\pi/4)\Omega_0\,n_c(>p)/n_i` [s^-1]
        (:func:`crlib.instability.growth_rate_scale` with the density above
        :math:`p`); positive.
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive, below c.
    tau_B : float or array_like
        Field timescale [s]; non-zero.
    spectral_index : float or array_like
        :math:`a` of :math:`f_0\propto p^{-a}`; above 3.
    mu : float or array_like, keyword-only
        Pitch-angle cosine; in (0, 1] in absolute value.
    damping_rate : float or array_like, keyword-only
        Linear (ion–neutral) damping rate :math:`\Gamma_d` [s^-1]; non-negative.
    v_i : float, array_like or None, keyword-only
        Thermal ion speed [cm s^-1] for nonlinear Landau damping; ``None``: none.
    wave_loss_rate : float or array_like, keyword-only
        :math:`L_w`, the waves' own loss rate of energy [s^-1]
        (:func:`flux_tube_wave_loss_rate`); negative in compression, where the
        flow feeds the waves, with :math:`2\Gamma_d + L_w > 0` unless ``v_i`` is given.

    Returns
    -------
    ndarray
        :math:`\nu` [s^-1].

    Raises
    ------
    ValueError
        For inputs outside the ranges above, or no net loss at all
        (:math:`2\Gamma_d + L_w \le 0` and ``v_i = None``).

    See Also
    --------
    effective_scattering_frequency, saturated_anisotropy, crlib.waves.nonlinear_landau_damping_rate

    Examples
    --------
    >>> from crlib import constants
    >>> nu = saturated_scattering_frequency(1e-9, 1e-3 * constants.c, 1e12, 4.7, damping_rate=1e-10)
    >>> f"{float(nu):.4e}"
    '2.0988e-09'
    """
    fn = "saturated_scattering_frequency"
    G, tau, v_A, a, linear, v_i = _inputs(fn, growth_rate, tau_B, v_A, spectral_index, damping_rate, v_i,
                                           wave_loss_rate)
    mu = np.abs(require(fn, "mu", mu, at_least=-1.0, at_most=1.0, reason="a pitch-angle cosine"))
    require(fn, "|mu|", mu, positive=True, reason="particles at mu = 0 resonate with no wave (k -> infinity)")
    supply = SPECTRUM_ENERGY_COEFFICIENT * spectral_factor(a) * (_C / v_A) * G * mu ** (3.0 - a) / tau
    return mu * _resonant_frequency(supply, linear, v_i)


@quantity_input_cgs(growth_rate="s-1", tau_B="s", v_A="cm s-1", spectral_index="",
                    damping_rate="s-1", v_i="cm s-1", wave_loss_rate="s-1", returns="s-1", result="positive")
def effective_scattering_frequency(growth_rate, v_A, tau_B, spectral_index, *, damping_rate=0.0, v_i=None,
                                   wave_loss_rate=0.0):
    r"""Effective scattering frequency :math:`\nu_{\rm eff}(p)` of the saturated state.

    The harmonic pitch-angle mean that sets the quasi-steady anisotropy
    (:func:`crlib.heating_exact.quasi_steady_zeta`) and the parallel diffusion:

    .. math::

        \frac{1}{\nu_{\rm eff}} = \frac{15}{2}\int_0^1\frac{\mu^2(1-\mu^2)}{\nu(p,\mu)}\,d\mu,

    with :math:`\nu(p,\mu)` of :func:`saturated_scattering_frequency`; a
    fluid code's :math:`\lambda = c/\nu_{\rm eff}`.  For
    :math:`\nu = \nu_k|\mu|^q`,
    :math:`\nu_{\rm eff} = \tfrac{1}{15}(3-q)(5-q)\,\nu_k`: :math:`q = 4-a`
    (linear damping) and :math:`q = (5-a)/2` (nonlinear Landau damping).
    The weight is that of the quasi-steady anisotropy parameter
    :math:`\zeta` (Eqs. 20–21 of :cite:t:`Zweibel2020`, with the diffusion
    tensor of Eqs. 40–41), so :math:`\nu_{\rm eff}` is the saturated-state
    counterpart of the :math:`\nu` that Section 6 estimates from Eq. 42
    (Eqs. 56–57).

    Parameters
    ----------
    growth_rate : float or array_like
        :math:`\Gamma_0(>p)` [s^-1], as for :func:`saturated_scattering_frequency`; positive.
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive, below c.
    tau_B : float or array_like
        Field timescale [s]; non-zero.
    spectral_index : float or array_like
        :math:`a` of :math:`f_0\propto p^{-a}`; above 3.
    damping_rate : float or array_like, keyword-only
        Linear (ion–neutral) damping rate :math:`\Gamma_d` [s^-1]; non-negative.
    v_i : float, array_like or None, keyword-only
        Thermal ion speed [cm s^-1] for nonlinear Landau damping; ``None``: none.
    wave_loss_rate : float or array_like, keyword-only
        :math:`L_w`, the waves' own loss rate of energy [s^-1], as for :func:`saturated_scattering_frequency`.

    Returns
    -------
    ndarray
        :math:`\nu_{\rm eff}` [s^-1].

    Raises
    ------
    ValueError
        As :func:`saturated_scattering_frequency`.

    See Also
    --------
    saturated_scattering_frequency, saturated_anisotropy, crlib.confinement.mean_free_path

    Examples
    --------
    Linear damping, :math:`a = 4.7`: :math:`\nu_{\rm eff}/\nu_k = (a^2-1)/15`:

    >>> from crlib import constants
    >>> args = (1e-9, 1e-3 * constants.c, 1e12, 4.7)
    >>> r = effective_scattering_frequency(*args, damping_rate=1e-10) / saturated_scattering_frequency(
    ...     *args, damping_rate=1e-10)
    >>> f"{float(r):.6f}", f"{(4.7**2 - 1) / 15:.6f}"
    ('1.406000', '1.406000')
    """
    fn = "effective_scattering_frequency"
    G, tau, v_A, a, linear, v_i = _inputs(fn, growth_rate, tau_B, v_A, spectral_index, damping_rate, v_i,
                                           wave_loss_rate)
    G, tau, v_A, a, linear = np.broadcast_arrays(G, tau, v_A, a, linear)
    mu = _MU_NODES.reshape((-1,) + (1,) * G.ndim)
    supply = SPECTRUM_ENERGY_COEFFICIENT * spectral_factor(a) * (_C / v_A) * G * mu ** (3.0 - a) / tau
    nu = mu * _resonant_frequency(supply, linear, v_i)
    w = _MU_WEIGHTS.reshape(mu.shape)
    inverse = _HARMONIC_WEIGHT * np.sum(w * mu**2 * (1.0 - mu**2) / nu, axis=0)
    return 1.0 / inverse


@quantity_input_cgs(growth_rate="s-1", tau_B="s", v_A="cm s-1", spectral_index="",
                    damping_rate="s-1", v_i="cm s-1", wave_loss_rate="s-1", returns="")
def saturated_anisotropy(growth_rate, v_A, tau_B, spectral_index, *, damping_rate=0.0, v_i=None,
                         wave_loss_rate=0.0):
    r"""Anisotropy above marginal stability, :math:`A_{\rm sat}(p)`, in the measure that drives the waves.

    The waves grow on the anisotropy functional of their own frame,
    :math:`\mathcal{A} = \partial_\mu f + s(pv_A/v)\partial_p f` (Eq. 14);
    the distribution that is isotropic in the frame of the waves each
    particle resonates with (:math:`\mathcal{A} = 0`, the marginal state)
    carries :math:`\zeta_m = \tfrac58 v_A/c`.  The saturated state sits above
    it by

    .. math::

        A_{\rm sat} &\equiv \frac52\int_0^1\mu(1-\mu^2)\,
        \frac{\mathcal{A}}{-p\,\partial_pf_0}\,d\mu \\
        &= \frac{5}{6|\tau_B|}\int_0^1\frac{\mu^2(1-\mu^2)}{\nu}\,d\mu
        = \frac{1}{9\,\nu_{\rm eff}|\tau_B|},

    so that :math:`\zeta = \operatorname{sign}(\tau_B)\,\tfrac58 v_A/c + A_{\rm sat}`
    (:func:`crlib.heating_exact.quasi_steady_zeta`).  In the damping-dominated
    limit :math:`A_{\rm sat}c/v_A \propto \Gamma_d/\Gamma_0(>p)`; with
    nonlinear Landau damping :math:`A_{\rm sat} \propto
    (v_A v_i/(c^2\Gamma_0|\tau_B|))^{1/2}`.  The anisotropy functional
    (Eq. 14) and the anisotropy parameter :math:`\zeta` (Eqs. 20–21) are
    those of Section 3 of :cite:t:`Zweibel2020`; the saturated excess above
    marginal stability goes beyond the paper.

    Parameters
    ----------
    growth_rate : float or array_like
        :math:`\Gamma_0(>p)` [s^-1], as for :func:`saturated_scattering_frequency`; positive.
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive, below c.
    tau_B : float or array_like
        Field timescale [s]; non-zero.
    spectral_index : float or array_like
        :math:`a` of :math:`f_0\propto p^{-a}`; above 3.
    damping_rate : float or array_like, keyword-only
        Linear (ion–neutral) damping rate :math:`\Gamma_d` [s^-1]; non-negative.
    v_i : float, array_like or None, keyword-only
        Thermal ion speed [cm s^-1] for nonlinear Landau damping; ``None``: none.
    wave_loss_rate : float or array_like, keyword-only
        :math:`L_w`, the waves' own loss rate of energy [s^-1], as for :func:`saturated_scattering_frequency`.

    Returns
    -------
    ndarray
        :math:`A_{\rm sat}` (dimensionless; with the sign of :math:`\tau_B`).

    Raises
    ------
    ValueError
        As :func:`saturated_scattering_frequency`.

    See Also
    --------
    effective_scattering_frequency, crlib.instability.threshold_zeta

    Examples
    --------
    >>> from crlib import constants
    >>> A = saturated_anisotropy(1e-9, 1e-3 * constants.c, 1e12, 4.7, damping_rate=1e-10)
    >>> f"{float(A) / 1e-3:.4e}"
    '3.7654e-02'
    """
    nu_eff = effective_scattering_frequency(growth_rate, v_A, tau_B, spectral_index, damping_rate=damping_rate,
                                            v_i=v_i, wave_loss_rate=wave_loss_rate)
    tau_B = np.asarray(tau_B, dtype=float)
    return np.sign(tau_B) * ZETA_SCATTERING_COEFFICIENT * (2.0 / 15.0) / (nu_eff * np.abs(tau_B))


#: Slope :math:`\beta` of the saturated spectrum :math:`kW \propto p_\parallel^{\beta}`.
_SPECTRUM_SLOPES = {"linear": lambda a: 4.0 - a, "nonlinear_landau": lambda a: (5.0 - a) / 2.0}


@quantity_input_cgs(tau_B="s", spectral_index="", returns="s-1")
def flux_tube_wave_loss_rate(tau_B, spectral_index, *, spectrum="linear"):
    r"""Loss rate :math:`L_w` of the waves' energy by their own response to transverse expansion or compression.

    Wave action is conserved (in expansion the energy density of a bin falls
    at :math:`\tfrac32\tau_B^{-1}`) and the resonant momentum of each bin
    drifts to lower :math:`p_\parallel` at :math:`1/\tau_B`, carrying the
    spectrum :math:`kW\propto p_\parallel^{\beta}` with it:

    .. math::

        L_w &= \frac{3/2 - \beta}{\tau_B}, \\
        \beta &= 4 - a\ \text{(linear damping)},\quad
        \beta = \frac{5-a}{2}\ \text{(nonlinear Landau damping)}

    (the model of :class:`crlib.quasilinear.QuasilinearFluxTube`, ``field_rate=-1``,
    ``length_rate=0``).  In compression (:math:`\tau_B < 0`, ``field_rate=+1``)
    both terms change sign: the flow feeds the waves and :math:`L_w < 0`.
    The tube is the transversely expanding flux tube of Section 2.1 of
    :cite:t:`Zweibel2020` (:math:`\tau_B` of Eq. 3); the waves' own loss
    in it goes beyond the paper.

    Parameters
    ----------
    tau_B : float or array_like
        Field timescale [s]; non-zero; positive in expansion, negative in compression.
    spectral_index : float or array_like
        :math:`a`; above 3.
    spectrum : {"linear", "nonlinear_landau"}, keyword-only
        Which balance shapes the spectrum.

    Returns
    -------
    ndarray
        :math:`L_w` [s^-1], with the sign of :math:`\tau_B`.

    Raises
    ------
    ValueError
        For bad inputs, or a spectrum that would gain more by the drift than it
        loses to wave action (:math:`\beta > 3/2`).

    See Also
    --------
    saturated_scattering_frequency, heating_fraction, crlib.dynamics.field_timescale

    Examples
    --------
    >>> f"{float(flux_tube_wave_loss_rate(1.0, 4.7)):.2f}", f"{float(flux_tube_wave_loss_rate(-1.0, 4.7)):.2f}"
    ('2.20', '-2.20')
    """
    fn = "flux_tube_wave_loss_rate"
    tau_B = require(fn, "tau_B", tau_B, reason="a field timescale")
    require(fn, "|tau_B|", np.abs(tau_B), positive=True, reason="a static tube")
    a = require(fn, "spectral_index", spectral_index, greater_than=3.0, reason="a finite number of particles")
    spectrum = require(fn, "spectrum", spectrum, choices=tuple(_SPECTRUM_SLOPES))
    net = 1.5 - _SPECTRUM_SLOPES[spectrum](a)
    require(fn, "3/2 - beta", net, positive=True,
            reason="a spectrum shallow enough to lose more to wave action than it gains by the drift")
    return net / tau_B


@quantity_input_cgs(damping_rate="s-1", wave_loss_rate="s-1", returns="")
def heating_fraction(damping_rate, wave_loss_rate):
    r"""Share of the energy given to the waves that linear damping passes on to the gas.

    .. math::

        \frac{Q}{H} = \frac{2\Gamma_d}{2\Gamma_d + L_w}

    in the saturated state (each bin's energy is lost to damping or to its
    own adiabatic response, :func:`flux_tube_wave_loss_rate`).  In
    compression :math:`L_w < 0`: the flow feeds the waves too, and the gas
    receives more than the cosmic rays give (:math:`Q/H > 1`).  :math:`H`
    is the exact form of the heating of Eq. 48 of :cite:t:`Zweibel2020`
    (:func:`crlib.heating_exact.pressure_anisotropy_heating`).  With the
    waves in a steady state, the paper takes the energy they receive as
    transferred to the thermal plasma (Section 4.1); :math:`Q/H` is the
    share that reaches it when the waves also exchange energy with the flow.

    Parameters
    ----------
    damping_rate : float or array_like
        :math:`\Gamma_d` [s^-1]; non-negative.
    wave_loss_rate : float or array_like
        :math:`L_w` [s^-1]; negative in compression; :math:`2\Gamma_d + L_w > 0`.

    Returns
    -------
    ndarray
        :math:`Q/H` (in [0, 1] in expansion).

    Raises
    ------
    ValueError
        For a negative damping rate, or no net loss (:math:`2\Gamma_d + L_w \le 0`).

    See Also
    --------
    flux_tube_wave_loss_rate, crlib.heating_exact.pressure_anisotropy_heating

    Examples
    --------
    >>> float(heating_fraction(1.0, 2.0))
    0.5
    """
    fn = "heating_fraction"
    d = require(fn, "damping_rate", damping_rate, nonnegative=True, reason="a damping rate")
    w = require(fn, "wave_loss_rate", wave_loss_rate, reason="a loss rate (negative in compression)")
    require(fn, "2 damping_rate + wave_loss_rate", 2.0 * d + w, positive=True,
            reason="with no loss at all there is no saturated state")
    return 2.0 * d / (2.0 * d + w)
