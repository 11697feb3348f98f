r"""Self-confinement of each environment's cosmic rays by the saturated state of their own waves.

:func:`crlib.environments.evaluate_environment` estimates the scattering
frequency as the paper's Section 6 does, with an anisotropy factor of order
unity (Eq. 57).  :func:`saturated_confinement` replaces that estimate by the
effective scattering frequency of the saturated state (the marginal-stability
prediction of :mod:`crlib.saturation`, calibrated by the fitted closure of
:mod:`crlib.closure`), and gives the self-consistent verdict: the mean free
path against the size of the system, the anisotropy factor the saturated
state actually has, and the linear damping rate that would break confinement
(:cite:t:`Zweibel2020`, Sections 5–6).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crlib import constants
from crlib._validation import quantity_input_cgs, require
from crlib.environments import Environment, evaluate_environment, presets
from crlib.estimate import CONVENTION_UNITS
from crlib.instability import growth_rate_scale
from crlib.saturation import effective_scattering_frequency, flux_tube_wave_loss_rate

__all__ = [
    "SaturatedConfinement",
    "saturated_confinement",
]


@dataclass(frozen=True)
class SaturatedConfinement:
    r"""The self-consistent confinement verdict of an environment (:func:`saturated_confinement`).

    Attributes
    ----------
    size, tau_B, v_A, v_i
        :math:`L` [cm], :math:`\tau_B` [s], :math:`v_A` and the thermal ion
        speed [cm s^-1] of the environment's Section 6 chain.
    growth_rate
        :math:`\Gamma_0(>p_1) = (\pi/4)\Omega_0 n_c(>p_1)/n_i` [s^-1].
    damping_rate, wave_loss_rate
        Linear damping :math:`\Gamma_d` and the waves' own loss in the expanding
        tube :math:`L_w` (:func:`crlib.saturation.flux_tube_wave_loss_rate`) [s^-1].
    nu_eff_predicted, nu_eff
        :math:`\nu_{\rm eff}(p_1)` of the derived prediction
        (:func:`crlib.saturation.effective_scattering_frequency`) and the
        one used for the verdict (the calibrated closure
        :func:`crlib.closure.closure_scattering_frequency` with
        ``calibrated=True``) [s^-1].
    mean_free_path, lambda_over_size, confines
        :math:`\lambda = c/\nu_{\rm eff}` [cm], :math:`\lambda/L`, and whether
        :math:`\lambda < L`.
    anisotropy_factor
        :math:`\Delta = \nu\Delta/\nu_{\rm eff}` with the exact
        :math:`\nu\Delta` of Eq. 56: the anisotropy factor the saturated state
        has, where the Eq. 57 estimate assumes 1.
    estimate_lambda_over_size, estimate_confines
        The Eq. 57 estimate's :math:`\lambda/L` and verdict
        (:func:`crlib.environments.evaluate_environment`).
    max_damping_rate_confinement
        The linear damping rate :math:`\Gamma_d` [s^-1] (in addition to the
        nonlinear Landau damping) at which :math:`\lambda = L`; 0 where the
        cosmic rays are not confined even without it.
    in_fitted_range
        Whether :math:`v_A/c`, :math:`a` and :math:`\nu_{\rm pred}\tau_B`
        lie inside the range the closure was fitted on.
    """

    size: float
    tau_B: float
    v_A: float
    v_i: float
    growth_rate: float
    damping_rate: float
    wave_loss_rate: float
    nu_eff_predicted: float
    nu_eff: float
    mean_free_path: float
    lambda_over_size: float
    confines: bool
    anisotropy_factor: float
    estimate_lambda_over_size: float
    estimate_confines: bool
    max_damping_rate_confinement: float
    in_fitted_range: bool


def _saturated_nu(growth_rate, v_A, tau_B, a, damping_rate, v_i, wave_loss_rate, calibrated):
    from crlib.closure import closure_scattering_frequency  # reads the committed map on first use

    kw = dict(damping_rate=damping_rate, v_i=v_i, wave_loss_rate=wave_loss_rate)
    if calibrated:
        return np.asarray(closure_scattering_frequency(growth_rate, v_A, tau_B, a, **kw), dtype=float)
    return np.asarray(effective_scattering_frequency(growth_rate, v_A, tau_B, a, **kw), dtype=float)


@quantity_input_cgs(damping_rate="s-1", source_multiplier="", source_time="s", **CONVENTION_UNITS)
def saturated_confinement(env, *, damping_rate=0.0, calibrated=True, source_multiplier=1.0, source_time=None,
                          **conventions) -> SaturatedConfinement:
    r"""Confinement of an environment's cosmic rays by the saturated state of their own waves.

    :func:`~crlib.environments.evaluate_environment` judges confinement with the Eq. 57 mean free
    path at anisotropy factor unity (the paper's Section 5 expectation).
    Here :math:`\nu` is that of the saturated state instead: each wave bin
    balances the energy Eq. 48's exact heating sends to its resonance
    against nonlinear Landau damping (Eq. 58; the environments are fully
    ionised), any linear damping :math:`\Gamma_d` given, and the waves' own
    loss :math:`L_w` in the expanding tube,

    .. math::

        \left(2\Gamma_d + L_w + 2\frac{v_i}{c}\nu_k\right)\nu_k
        = \frac{2}{3}\,\frac{a-3}{a-2}\,\frac{c}{v_A}\,\frac{\Gamma_0(>p_1)}{\tau_B},
        \qquad \lambda = \frac{c}{\nu_{\rm eff}(p_1)} < L,

    with :math:`\nu_{\rm eff}` the harmonic pitch-angle mean of
    :func:`crlib.saturation.effective_scattering_frequency`, calibrated on
    the map of solved states (:func:`crlib.closure.closure_scattering_frequency`)
    when ``calibrated``.  The self-consistent form of the confinement
    argument of :cite:t:`Zweibel2020`, Sections 5–6 (Eq. 57 with the
    anisotropy factor the saturated state has, instead of unity).

    Parameters
    ----------
    env : Environment or str
        The environment or its key in :func:`crlib.environments.presets`.
    damping_rate : float or array_like, keyword-only
        Linear (ion–neutral) damping rate :math:`\Gamma_d` [s^-1]; non-negative.
    calibrated : bool, keyword-only
        Apply the closure's calibration (``False``: the derived prediction).
    source_multiplier : float or array_like, keyword-only
        Source strength relative to the preset, as for :func:`~crlib.environments.evaluate_environment`.
    source_time : float or array_like, keyword-only
        Injection time :math:`t_s` [s] replacing the preset's.
    **conventions
        Further :data:`crlib.estimate.CONVENTIONS` (and ``tau_B_pressure``), as for
        :func:`~crlib.environments.evaluate_environment`.

    Returns
    -------
    SaturatedConfinement
        Floats (bools for the verdicts) for scalar arguments, arrays of the
        broadcast shape otherwise.

    Raises
    ------
    ValueError
        As :func:`~crlib.environments.evaluate_environment`; for a negative ``damping_rate``.

    See Also
    --------
    crlib.environments.evaluate_environment, crlib.saturation.effective_scattering_frequency,
    crlib.closure.closure_scattering_frequency

    Examples
    --------
    >>> s = saturated_confinement("starburst_wind_base")
    >>> s.confines, s.estimate_confines
    (True, False)
    >>> bool(s.anisotropy_factor < 1e-3)
    True
    """
    fn = "saturated_confinement"
    damping_rate = require(fn, "damping_rate", damping_rate, nonnegative=True,
                           reason="a linear damping rate")
    require(fn, "source_multiplier", source_multiplier, positive=True, reason="a source strength")
    if source_time is not None:
        require(fn, "source_time", source_time, positive=True, reason="an injection time")
    if not isinstance(calibrated, bool):
        raise ValueError(f"{fn}: calibrated = {calibrated!r} must be True or False.")
    if not isinstance(env, Environment):
        env = presets()[require(fn, "env", env, choices=sorted(presets()),
                                reason="an Environment, or the key of a preset")]
    r = evaluate_environment(env, source_multiplier=source_multiplier, source_time=source_time, **conventions)
    a = env.a
    tau_B, v_A, v_i = (np.asarray(x, dtype=float) for x in (r.tau_B, r.v_A, r.v_i))
    G = np.asarray(growth_rate_scale(r.B, r.n_i, r.n_cr), dtype=float)
    spectrum = "nonlinear_landau" if np.all(damping_rate == 0.0) else "linear"
    L_w = np.asarray(flux_tube_wave_loss_rate(tau_B, a, spectrum=spectrum), dtype=float)
    args = (G, v_A, tau_B, a)
    kw = dict(v_i=v_i, wave_loss_rate=L_w)
    nu_pred = np.asarray(effective_scattering_frequency(*args, damping_rate=damping_rate, **kw), dtype=float)
    nu = _saturated_nu(*args, damping_rate, v_i, L_w, calibrated)
    lam = constants.c / nu
    size = env.size
    # the linear damping that brings lambda up to L: nu_eff falls monotonically with Gamma_d
    target = constants.c / size
    shape = np.broadcast(nu, damping_rate).shape
    lo, hi = np.full(shape, -60.0), np.full(shape, 10.0)  # log10 Gamma_d [s^-1]
    L_w_linear = np.asarray(flux_tube_wave_loss_rate(tau_B, a, spectrum="linear"), dtype=float)
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        above = _saturated_nu(*args, 10.0**mid, v_i, L_w_linear, calibrated) > target
        lo, hi = np.where(above, mid, lo), np.where(above, hi, mid)
    nu_free = _saturated_nu(*args, 0.0, v_i, L_w, calibrated)
    max_damping = np.where(nu_free > target, 10.0 ** (0.5 * (lo + hi)), 0.0)
    from crlib.closure import _map_fit

    rng = _map_fit("nu_eff")["range"]
    ratio = v_A / constants.c
    in_range = ((ratio >= rng["v_A_over_c"][0]) & (ratio <= rng["v_A_over_c"][1])
                & (rng["spectral_index"][0] <= a) & (a <= rng["spectral_index"][1])
                & (nu_pred * tau_B >= rng["nu_pred_tau_B"][0]) & (nu_pred * tau_B <= rng["nu_pred_tau_B"][1]))
    x = dict(size=np.full(np.shape(nu), size), tau_B=tau_B, v_A=v_A, v_i=v_i, growth_rate=G,
             damping_rate=np.broadcast_to(damping_rate, np.shape(nu)), wave_loss_rate=L_w,
             nu_eff_predicted=nu_pred, nu_eff=nu, mean_free_path=lam, lambda_over_size=lam / size,
             confines=lam < size, anisotropy_factor=np.asarray(r.scattering_anisotropy_product) / nu,
             estimate_lambda_over_size=np.asarray(r.lambda_over_size),
             estimate_confines=np.asarray(r.confines), max_damping_rate_confinement=max_damping,
             in_fitted_range=in_range)
    shape = np.broadcast_shapes(*(np.shape(v) for v in x.values()))
    scalar = shape == ()
    out = {k: (np.asarray(v)[()].item() if scalar else np.broadcast_to(np.asarray(v), shape).copy())
           for k, v in x.items()}
    return SaturatedConfinement(**out)
