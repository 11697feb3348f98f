r"""Cosmic-ray heating of the thermal gas (Section 4, Eqs. 24–51).

Energy the cosmic rays give to resonant Alfvén waves is, in a steady wave
state, passed on to the thermal plasma: this is the heating rate.  Two cases
(:cite:t:`Zweibel2020`, Section 4):

* drift (streaming) anisotropy, Eq. 38: :math:`H_d = -v_A\,\partial P_c/\partial s
  = v_A|\nabla_\parallel P_c|`;
* pressure anisotropy of an expanding flux tube, Eq. 48: a lower bound
  :math:`H_{pa} \ge \tfrac{4}{15}(v_A/c)\,P_c/\tau_B`, smaller than the rate of
  work :math:`P_c/\tau_B` (Eq. 4) by a factor of order :math:`v_A/c`.  The
  heating itself at the paper's ordering, for any scattering frequency, and
  the quasi-steady anisotropy behind it are in :mod:`crlib.heating_exact`
  (their names are importable from here too).

Section 4.3 compares the two for cosmic rays injected at a boundary and carried
away at :math:`v_A` (Eqs. 49–51).
"""

from __future__ import annotations

import math

import numpy as np

from crlib import constants
from crlib._validation import quantity_input_cgs, require
from crlib.speeds import GAMMA_CR, GAMMA_GAS, GAMMA_MAGNETIC_TRANSVERSE, _stiffness

# The heating at the paper's leading order solved exactly lives in crlib.heating_exact;
# its names stay importable from here, where they were first documented.
from crlib.heating_exact import (  # noqa: E402,F401
    EXACT_HEATING_COEFFICIENT,
    ZETA_SCATTERING_COEFFICIENT,
    ZETA_WAVE_FRAME_COEFFICIENT,
    cutoff_heating_factor,
    heating_to_bound_ratio,
    pressure_anisotropy_heating,
    pressure_weighted_c_over_v,
    quasi_steady_pitch_angle_flux,
    quasi_steady_zeta,
)

__all__ = [
    "drift_heating",
    "heating_lower_bound",
    "anisotropy_energy_term",
    "advected_cosmic_ray_pressure",
    "drift_heating_advected",
    "heating_ratio",
]

#: Coefficient of the pressure-anisotropy heating bound, Eq. 48:
#: ``4/15 = 4 pi * 4 * (1/45) * 3 / (4 pi)`` (see the Section 4 chapter).
HEATING_BOUND_COEFFICIENT = 4.0 / 15.0


def _alfven(fn, v_A):
    return require(
        fn, "v_A", v_A, positive=True, less_than=constants.c,
        reason="an Alfvén speed, positive and below the speed of light",
    )


@quantity_input_cgs(v_A="cm s-1", grad_P_c="dyn cm-3", returns="erg cm-3 s-1")
def drift_heating(v_A, grad_P_c):
    r"""Heating by cosmic rays streaming under drift anisotropy (Eq. 38).

    .. math::

        H_d = \int v F_p\, d^3p = -v_A \frac{\partial P_c}{\partial s}
            = v_A \left|\frac{\partial P_c}{\partial s}\right|

    The cosmic rays stream down their pressure gradient (for streaming toward
    increasing :math:`s`, :math:`\partial P_c/\partial s < 0`), so the heating
    is positive whichever way :math:`s` is oriented
    (:cite:t:`Zweibel2020`, Eq. 38).

    Parameters
    ----------
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.
    grad_P_c : float or array_like
        Field-aligned cosmic-ray pressure gradient :math:`\partial P_c/\partial s`
        [dyn cm^-3]; finite, either sign.

    Returns
    -------
    float or ndarray
        Heating rate per unit volume [erg cm^-3 s^-1]; non-negative.

    Raises
    ------
    ValueError
        If ``v_A`` is not in (0, c) or ``grad_P_c`` is not finite.

    See Also
    --------
    drift_heating_advected, heating_lower_bound, crlib.heating_exact.pressure_anisotropy_heating, heating_ratio

    Examples
    --------
    100 km/s and a pressure of 1e-12 dyn cm^-2 falling off over 1 kpc:

    >>> from crlib import constants
    >>> f"{float(drift_heating(1e7, -1e-12 / constants.kpc)):.3e}"
    '3.241e-27'
    """
    v_A = _alfven("drift_heating", v_A)
    grad_P_c = require(
        "drift_heating", "grad_P_c", grad_P_c,
        reason="a cosmic-ray pressure gradient must be a finite number",
    )
    return v_A * np.abs(grad_P_c)


@quantity_input_cgs(v_A="cm s-1", P_c="dyn cm-2", tau_B="s", returns="erg cm-3 s-1", result="positive")
def heating_lower_bound(v_A, P_c, tau_B):
    r"""Lower bound on the heating by pressure-anisotropy instability (Eq. 48).

    .. math::

        H_{pa} &= 4\pi v_A \int_0^\infty p^3\,dp \int_0^1 F_\mu\, d\mu
        \;\ge\; 4\pi v_A \int_0^\infty p^3\,dp \int_0^1 \mu F_\mu\, d\mu \\
        &= -\frac{4}{15}\frac{v_A}{c} P_c \frac{\dot B}{B}
        = \frac{4}{15}\frac{v_A}{c}\frac{P_c}{\tau_B}
        = \frac{4}{15}\frac{v_A}{c}\frac{P_c\,\dot{\Delta P}_c}{\rho_g C_{ma}^2}

    for ultrarelativistic cosmic rays, using
    :math:`\int_0^1 \mu F_\mu\,d\mu = \tfrac{1}{45}(\dot B/B)\,p\,\partial f_0/\partial p`
    (the :math:`P_2` moment of Eq. 39, i.e. Eq. 42) and Eqs. 1 and 3
    (:cite:t:`Zweibel2020`, Eqs. 46–48; derived from the paper's prose in the
    Section 4 chapter).
    Equivalently :math:`H_{pa} \ge \tfrac{4}{15}(v_A/c)\,\dot W_c` with
    :math:`\dot W_c` the rate of work of Eq. 4.

    Parameters
    ----------
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.
    P_c : float or array_like
        Cosmic-ray pressure [dyn cm^-2]; positive.
    tau_B : float or array_like
        Field timescale :math:`\tau_B = -B/\dot B` of Eq. 3 [s]; positive
        (an expanding tube).

    Returns
    -------
    float or ndarray
        The lower bound on :math:`H_{pa}` [erg cm^-3 s^-1].

    Raises
    ------
    ValueError
        If ``P_c`` or ``tau_B`` is not positive and finite, or ``v_A`` is not
        in (0, c).

    See Also
    --------
    crlib.heating_exact.pressure_anisotropy_heating, heating_ratio, drift_heating, crlib.heating_exact.heating_to_bound_ratio

    Examples
    --------
    The Section 6 values (P_c = 8.2e-14 dyn cm^-2, tau_B = 3.67e12 s,
    v_A/c = 2e-4):

    >>> from crlib import constants
    >>> f"{float(heating_lower_bound(2.0e-4 * constants.c, 8.2e-14, 3.67e12)):.2e}"
    '1.19e-30'
    """
    fn = "heating_lower_bound"
    v_A = _alfven(fn, v_A)
    P_c = require(fn, "P_c", P_c, positive=True, reason="a cosmic-ray pressure")
    tau_B = require(
        fn, "tau_B", tau_B, positive=True,
        reason="the field timescale of an expanding flux tube is positive",
    )
    return HEATING_BOUND_COEFFICIENT * (v_A / constants.c) * P_c / tau_B


@quantity_input_cgs(delta_P_c="dyn cm-2", tau_B="s", returns="erg cm-3 s-1")
def anisotropy_energy_term(delta_P_c, tau_B):
    r"""Reversible pressure-anisotropy term of the energy equation (Eq. 45).

    .. math::

        -\frac{\dot B}{B}\frac{\Delta P_c}{3} = \frac{\Delta P_c}{3\tau_B},
        \qquad \Delta P_c \equiv P_{c\parallel} - P_{c\perp}

    the correction to adiabatic energy change that appears when
    :math:`P_{c\perp} = P_c - \Delta P_c/3` (Eq. 44) is substituted in Eq. 43
    (:cite:t:`Zweibel2020`, Eqs. 43–45).  It is not heating: it is reversible.

    Parameters
    ----------
    delta_P_c : float or array_like
        Pressure anisotropy :math:`P_{c\parallel} - P_{c\perp}` [dyn cm^-2];
        finite, either sign.
    tau_B : float or array_like
        Field timescale :math:`-B/\dot B` [s]; non-zero and finite (negative
        for a compressing tube).

    Returns
    -------
    float or ndarray
        Rate of change of cosmic-ray energy density from the anisotropy
        [erg cm^-3 s^-1].

    Raises
    ------
    ValueError
        If an input is not finite or ``tau_B`` is zero.

    See Also
    --------
    heating_lower_bound, crlib.heating_exact.pressure_anisotropy_heating

    Examples
    --------
    >>> f"{float(anisotropy_energy_term(3.0e-17, 1.0e12)):.1e}"
    '1.0e-29'
    """
    fn = "anisotropy_energy_term"
    delta_P_c = require(fn, "delta_P_c", delta_P_c, reason="a pressure anisotropy")
    tau_B = require(fn, "tau_B", tau_B, reason="a field timescale")
    require(fn, "|tau_B|", np.abs(tau_B), positive=True,
            reason="a static field (infinite timescale) drives no anisotropy term")
    return delta_P_c / (3.0 * tau_B)


@quantity_input_cgs(x="cm", t="s", v_A="cm s-1", P_c0="dyn cm-2", injection_rate="dyn cm-2 s-1",
                    returns="dyn cm-2")
def advected_cosmic_ray_pressure(x, t, v_A, P_c0, injection_rate):
    r"""Cosmic-ray pressure carried from a boundary at the Alfvén speed (Eq. 50).

    .. math::

        \frac{\partial P_c}{\partial t} + v_A\frac{\partial P_c}{\partial x} = 0,
        \qquad P_c(x, t) = P_c(0, t - x/v_A)

    for the boundary history :math:`P_c(0,t) = P_{c0} + \dot{\Delta P}_c\,t`
    for :math:`t > 0` and :math:`P_{c0}` before (:cite:t:`Zweibel2020`,
    Eqs. 49–50, Section 4.3).

    Parameters
    ----------
    x : float or array_like
        Distance from the injection boundary [cm]; non-negative.
    t : float or array_like
        Time since injection began [s]; finite.
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.
    P_c0 : float or array_like
        Background cosmic-ray pressure [dyn cm^-2]; non-negative.
    injection_rate : float or array_like
        Rate of pressure increase at the boundary :math:`\dot{\Delta P}_c`
        [dyn cm^-2 s^-1]; non-negative.

    Returns
    -------
    float or ndarray
        :math:`P_c(x, t)` [dyn cm^-2].

    Raises
    ------
    ValueError
        If ``x``, ``P_c0`` or ``injection_rate`` is negative, ``v_A`` is not
        in (0, c), or an input is not finite.

    See Also
    --------
    drift_heating_advected, drift_heating

    Examples
    --------
    >>> float(advected_cosmic_ray_pressure(1e7, 3.0, 1e7, 1.0, 0.5))
    2.0
    """
    fn = "advected_cosmic_ray_pressure"
    x = require(fn, "x", x, nonnegative=True, reason="distance from the injection boundary")
    t = require(fn, "t", t, reason="a time")
    v_A = _alfven(fn, v_A)
    P_c0 = require(fn, "P_c0", P_c0, nonnegative=True, reason="a cosmic-ray pressure")
    rate = require(fn, "injection_rate", injection_rate, nonnegative=True,
                   reason="the boundary pressure is an increasing function of time")
    return P_c0 + rate * np.maximum(t - x / v_A, 0.0)


@quantity_input_cgs(x="cm", t="s", v_A="cm s-1", injection_rate="dyn cm-2 s-1", returns="erg cm-3 s-1")
def drift_heating_advected(x, t, v_A, injection_rate):
    r"""Drift heating behind a front advected from the boundary (Eq. 51).

    .. math::

        H_d(x, t) = -v_A\frac{\partial P_c}{\partial x}
        = \frac{\partial P_c(x,t)}{\partial t}
        = \dot{\Delta P}_c(0, t - x/v_A)

    for the linear boundary history of :func:`advected_cosmic_ray_pressure`:
    :math:`\dot{\Delta P}_c` behind the front :math:`x < v_A t`, zero ahead of
    it (:cite:t:`Zweibel2020`, Eq. 51).

    Parameters
    ----------
    x : float or array_like
        Distance from the injection boundary [cm]; non-negative.
    t : float or array_like
        Time since injection began [s]; finite.
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.
    injection_rate : float or array_like
        :math:`\dot{\Delta P}_c` at the boundary [erg cm^-3 s^-1]; non-negative.

    Returns
    -------
    float or ndarray
        :math:`H_d` [erg cm^-3 s^-1].

    Raises
    ------
    ValueError
        If ``x`` or ``injection_rate`` is negative, ``v_A`` is not in (0, c),
        or an input is not finite.

    See Also
    --------
    advected_cosmic_ray_pressure, drift_heating

    Examples
    --------
    >>> float(drift_heating_advected(0.5e7, 1.0, 1e7, 2.0)), float(drift_heating_advected(2e7, 1.0, 1e7, 2.0))
    (2.0, 0.0)
    """
    fn = "drift_heating_advected"
    x = require(fn, "x", x, nonnegative=True, reason="distance from the injection boundary")
    t = require(fn, "t", t, reason="a time")
    v_A = _alfven(fn, v_A)
    rate = require(fn, "injection_rate", injection_rate, nonnegative=True,
                   reason="the boundary pressure is an increasing function of time")
    return rate * (t - x / v_A > 0.0)


@quantity_input_cgs(v_A="cm s-1", P_c="dyn cm-2", P_g="dyn cm-2", P_m="dyn cm-2",
                    gamma_c="", gamma_g="", gamma_m="", returns="")
def heating_ratio(
    v_A,
    P_c,
    P_g,
    P_m,
    *,
    gamma_c=GAMMA_CR,
    gamma_g=GAMMA_GAS,
    gamma_m=GAMMA_MAGNETIC_TRANSVERSE,
    heating="bound",
):
    r"""Pressure-anisotropy over drift heating at the same injection rate (§4.3).

    .. math::

        \frac{H_{pa}}{H_d} &= K\,\frac{v_A}{c}\,\frac{P_c}{\rho_g C_{ma}^2}
        = K\,\frac{v_A}{c}\,
        \frac{P_c}{\gamma_c P_c + \gamma_g P_g + \gamma_m P_m},
        \\
        K &= \frac{4}{15}\ \text{(Eq. 48 bound)}
        \quad\text{or}\quad K = \frac{1}{2}\ \text{(exact heating)}

    Eq. 48 (or the exact heating of :func:`crlib.heating_exact.pressure_anisotropy_heating`,
    ultrarelativistic) with :math:`1/\tau_B = \dot{\Delta P}_c/\rho_g C_{ma}^2`
    (Eq. 3), divided by Eq. 51, :math:`H_d = \dot{\Delta P}_c`, for the same
    pressure injection rate (:cite:t:`Zweibel2020`, Section 4.3).  Since
    :math:`P_c/\rho_g C_{ma}^2 < 1/\gamma_c`, the ratio stays below
    :math:`K v_A/(\gamma_c c)`: :math:`v_A/5c` for the bound and
    :math:`(3/8)\,v_A/c` for the heating itself.

    Parameters
    ----------
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.
    P_c, P_g, P_m : float or array_like
        Cosmic-ray (non-negative), gas (positive) and magnetic (positive)
        pressures [dyn cm^-2].
    gamma_c, gamma_g, gamma_m : float, keyword-only
        Polytropic indices, as in :func:`crlib.speeds.magnetoacoustic_speed`.
    heating : {"bound", "exact"}, keyword-only
        The Eq. 48 lower bound (default, :math:`K = 4/15`) or the exact
        heating at the paper's ordering (:math:`K = 1/2`).

    Returns
    -------
    float or ndarray
        :math:`H_{pa}/H_d` (dimensionless); for ``heating="bound"`` a lower
        bound on it.

    Raises
    ------
    ValueError
        If ``v_A`` is not in (0, c), ``P_c`` is negative, ``P_g`` or ``P_m``
        is not positive, a polytropic index is not above 1, ``heating`` is
        not ``'bound'`` or ``'exact'``, or an input is not finite.

    See Also
    --------
    heating_lower_bound, crlib.heating_exact.pressure_anisotropy_heating, drift_heating, crlib.dynamics.field_timescale

    Examples
    --------
    >>> from crlib import constants
    >>> f"{float(heating_ratio(2.0e-4 * constants.c, 8.2e-14, 3.2e-13, 3.97e-14)):.2e}"
    '6.06e-06'
    >>> f"{float(heating_ratio(2.0e-4 * constants.c, 8.2e-14, 3.2e-13, 3.97e-14, heating='exact')):.2e}"
    '1.14e-05'
    """
    fn = "heating_ratio"
    coefficients = {"bound": HEATING_BOUND_COEFFICIENT, "exact": EXACT_HEATING_COEFFICIENT}
    require(fn, "heating", heating, choices=coefficients,
            reason="'bound' (Eq. 48) or 'exact'")
    v_A = _alfven(fn, v_A)
    P_c = require(fn, "P_c", P_c, nonnegative=True, reason="a cosmic-ray pressure")
    P_g = require(fn, "P_g", P_g, positive=True, reason="a gas pressure")
    P_m = require(fn, "P_m", P_m, positive=True, reason="a magnetic pressure")
    for name, gamma in (("gamma_c", gamma_c), ("gamma_g", gamma_g), ("gamma_m", gamma_m)):
        require(fn, name, gamma, greater_than=1.0, reason="a polytropic index must exceed 1")
    return coefficients[heating] * (v_A / constants.c) * P_c / _stiffness(P_c, P_g, P_m, gamma_c, gamma_g, gamma_m)



# --- Section 7: heating by a transverse cosmic-ray force ---------------------------------

__all__ += ["transverse_heating_coefficient"]


@quantity_input_cgs(P_c="dyn cm-2", stiffness="dyn cm-2", crossing_times="", returns="", result="positive")
def transverse_heating_coefficient(P_c, stiffness, *, crossing_times=1.0, heating="exact"):
    r"""Coefficient :math:`K` of the heating by a transverse cosmic-ray force (Section 7).

    .. math::

        H_{pa} = K\,\frac{v_A}{c}\,C_{ma}\,|\nabla_\perp P_c|, \qquad
        K = \frac{1}{2N}\,\frac{P_c}{\rho_g C_{ma}^2} \le \frac{1}{2\gamma_c} = \frac38

    for the exact heating :math:`H_{pa} = \tfrac12 (v_A/c) P_c/\tau_B`
    (ultrarelativistic), :math:`\tau_B = \rho_g C_{ma}^2/Q_c` (Eq. 3) and the
    transverse gradient :math:`|\nabla_\perp P_c| = N Q_c/C_{ma}` of a tube
    that responds on its expansion time (chapter *Summary and conclusions*;
    :cite:t:`Zweibel2020`, Section 7, states only the order of magnitude).
    With the Eq. 48 bound in place of the exact heating, :math:`K` is 8/15 as large.

    Parameters
    ----------
    P_c : float or array_like
        Cosmic-ray pressure [dyn cm^-2]; positive.
    stiffness : float or array_like
        :math:`\rho_g C_{ma}^2` [dyn cm^-2] (:func:`crlib.speeds.magnetoacoustic_stiffness`);
        positive.
    crossing_times : float, keyword-only
        :math:`N \ge 1`, the number of expansion times over which the pressure
        contrast builds up; default 1.
    heating : {"exact", "bound"}, keyword-only
        The exact heating (coefficient 1/2) or the Eq. 48 bound (4/15).

    Returns
    -------
    float or ndarray
        :math:`K` [dimensionless].

    Raises
    ------
    ValueError
        For non-positive pressures, ``crossing_times < 1`` or an unknown ``heating``.

    See Also
    --------
    crlib.speeds.magnetoacoustic_stiffness, crlib.heating_exact.pressure_anisotropy_heating,
    heating_lower_bound,
    crlib.combined.transverse_pressure_gradient

    Examples
    --------
    Cosmic rays that make all the stiffness give the ceiling 3/8:

    >>> round(float(transverse_heating_coefficient(1.0, 4.0 / 3.0)), 12)
    0.375
    """
    fn = "transverse_heating_coefficient"
    require(fn, "heating", heating, choices=("exact", "bound"))
    P_c = require(fn, "P_c", P_c, positive=True, reason="a cosmic-ray pressure")
    stiffness = require(fn, "stiffness", stiffness, positive=True, reason="rho_g C_ma^2, a pressure")
    N = require(fn, "crossing_times", crossing_times, at_least=1.0,
                reason="the contrast builds up over at least one expansion time")
    coefficient = EXACT_HEATING_COEFFICIENT if heating == "exact" else HEATING_BOUND_COEFFICIENT
    return coefficient * P_c / (N * stiffness)
