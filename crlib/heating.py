r"""Cosmic-ray heating of the thermal gas (Section 4, Eqs. 24–51).

Energy the cosmic rays give to resonant Alfvén waves is, in a steady wave
state, passed on to the thermal plasma: this is the heating rate.  Two cases
(:cite:t:`Zweibel2020`, Section 4):

* drift (streaming) anisotropy, Eq. 38: :math:`H_d = -v_A\,\partial P_c/\partial s
  = v_A|\nabla_\parallel P_c|`;
* pressure anisotropy of an expanding flux tube, Eq. 48: a lower bound
  :math:`H_{pa} \ge \tfrac{4}{15}(v_A/c)\,P_c/\tau_B`, smaller than the rate of
  work :math:`P_c/\tau_B` (Eq. 4) by a factor of order :math:`v_A/c`.

Section 4.3 compares the two for cosmic rays injected at a boundary and carried
away at :math:`v_A` (Eqs. 49–51).
"""

from __future__ import annotations

import math

import numpy as np

from crlib import constants
from crlib._validation import quantity_input_cgs, require
from crlib.speeds import GAMMA_CR, GAMMA_GAS, GAMMA_MAGNETIC_TRANSVERSE

__all__ = [
    "drift_heating",
    "heating_lower_bound",
    "pressure_anisotropy_heating",
    "anisotropy_energy_term",
    "advected_cosmic_ray_pressure",
    "drift_heating_advected",
    "heating_ratio",
    "alfven_wave_energy_density",
    "wave_energy_transfer_rate",
    "quasi_steady_pitch_angle_flux",
    "quasi_steady_zeta",
    "pressure_weighted_c_over_v",
    "cutoff_heating_factor",
    "heating_to_bound_ratio",
]

#: Coefficient of the pressure-anisotropy heating bound, Eq. 48:
#: ``4/15 = 4 pi * 4 * (1/45) * 3 / (4 pi)`` (see the Section 4 chapter).
HEATING_BOUND_COEFFICIENT = 4.0 / 15.0

#: Coefficient of the exact leading-order heating, :math:`H = \tfrac12 (v_A/c)\langle c/v\rangle_P P_c/\tau_B`
#: (chapter *Beyond the bound*); 15/8 of :data:`HEATING_BOUND_COEFFICIENT`.
EXACT_HEATING_COEFFICIENT = 1.0 / 2.0

#: Coefficients of the quasi-steady anisotropy, :math:`\zeta = \tfrac58 (v_A/v)
#: + \tfrac56\int_0^1\mu^2(1-\mu^2)/(\nu\tau_B)\,d\mu` (:func:`quasi_steady_zeta`).
ZETA_WAVE_FRAME_COEFFICIENT = 5.0 / 8.0
ZETA_SCATTERING_COEFFICIENT = 5.0 / 6.0


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
    drift_heating_advected, heating_lower_bound, pressure_anisotropy_heating, heating_ratio

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

        H_{pa} = 4\pi v_A \int_0^\infty p^3\,dp \int_0^1 F_\mu\, d\mu
        \;\ge\; 4\pi v_A \int_0^\infty p^3\,dp \int_0^1 \mu F_\mu\, d\mu
        = -\frac{4}{15}\frac{v_A}{c} P_c \frac{\dot B}{B}
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
    pressure_anisotropy_heating, heating_ratio, drift_heating, heating_to_bound_ratio

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
    heating_lower_bound, pressure_anisotropy_heating

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


@quantity_input_cgs(E_amplitude="statC cm-2", v_A="cm s-1", returns="erg cm-3")
def alfven_wave_energy_density(E_amplitude, v_A):
    r"""Phase-averaged energy density of a parallel Alfvén wave (Appendix, Eq. 62).

    .. math::

        W_k = \frac{\langle\delta E^2\rangle}{8\pi}
        + \frac{\langle\delta B^2\rangle}{8\pi}
        + \frac{\rho_i\langle\delta v^2\rangle}{2}
        = \frac{|\delta\mathbf{E}_k|^2}{16\pi}\left(1 + \frac{2c^2}{v_A^2}\right)

    for :math:`\delta\mathbf{E} = \tfrac12(\delta\mathbf{E}_k e^{i\psi} + \mathrm{c.c.})`
    (Eq. 61): the magnetic and kinetic parts are equal and exceed the electric
    part by :math:`(c/v_A)^2` (:cite:t:`Zweibel2020`, Appendix, Eqs. 61–62).

    Parameters
    ----------
    E_amplitude : float or array_like
        Complex-amplitude modulus :math:`|\delta\mathbf{E}_k|` [statV cm^-1];
        non-negative.
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.

    Returns
    -------
    float or ndarray
        :math:`W_k` [erg cm^-3].

    Raises
    ------
    ValueError
        If ``E_amplitude`` is negative, ``v_A`` is not in (0, c), or an input
        is not finite.

    See Also
    --------
    wave_energy_transfer_rate

    Examples
    --------
    >>> from crlib import constants
    >>> import numpy as np
    >>> W = alfven_wave_energy_density(1.0, 1e-2 * constants.c)
    >>> round(float(W * 16 * np.pi), 6)
    20001.0
    """
    fn = "alfven_wave_energy_density"
    E = require(fn, "E_amplitude", E_amplitude, nonnegative=True, reason="a field amplitude modulus")
    v_A = _alfven(fn, v_A)
    return E**2 / (16 * np.pi) * (1.0 + 2.0 * (constants.c / v_A) ** 2)


@quantity_input_cgs(growth_rate="s-1", wave_energy="erg cm-3", returns="erg cm-3 s-1")
def wave_energy_transfer_rate(growth_rate, wave_energy):
    r"""Power the resonant cosmic rays give to a wave, :math:`2\Gamma_c W_k` (Eqs. 37, 69–70).

    .. math::

        -\frac{1}{4}\left(\delta\mathbf{E}_k^*\cdot\delta\mathbf{J}_{ck}
        + \delta\mathbf{E}_k\cdot\delta\mathbf{J}_{ck}^*\right) = 2\Gamma_c W_k

    to first order in :math:`\Gamma_c/\omega_r`; integrated over :math:`k`
    it is the heating rate :math:`H = \int 2\Gamma_c W_k\,dk` of Eq. 37
    (:cite:t:`Zweibel2020`, Appendix).  Positive for growing waves: the
    cosmic rays lose that energy.

    Parameters
    ----------
    growth_rate : float or array_like
        Growth rate :math:`\Gamma_c` [s^-1]; finite, either sign.
    wave_energy : float or array_like
        Wave energy density :math:`W_k` [erg cm^-3] (or spectral density,
        per unit :math:`k`); non-negative.

    Returns
    -------
    float or ndarray
        Energy transfer rate [erg cm^-3 s^-1] (per unit :math:`k` for a
        spectral density).

    Raises
    ------
    ValueError
        If ``wave_energy`` is negative or an input is not finite.

    See Also
    --------
    alfven_wave_energy_density, crlib.instability.growth_rate_scale

    Examples
    --------
    >>> f"{float(wave_energy_transfer_rate(1e-8, 1e-13)):.1e}"
    '2.0e-21'
    """
    fn = "wave_energy_transfer_rate"
    G = require(fn, "growth_rate", growth_rate, reason="a growth rate")
    W = require(fn, "wave_energy", wave_energy, nonnegative=True, reason="a wave energy density")
    return 2.0 * G * W


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

        \frac{H_{pa}}{H_d} = K\,\frac{v_A}{c}\,\frac{P_c}{\rho_g C_{ma}^2}
        = K\,\frac{v_A}{c}\,
        \frac{P_c}{\gamma_c P_c + \gamma_g P_g + \gamma_m P_m},
        \qquad K = \frac{4}{15}\ \text{(Eq. 48 bound)}
        \quad\text{or}\quad K = \frac{1}{2}\ \text{(exact heating)}

    Eq. 48 (or the exact heating of :func:`pressure_anisotropy_heating`,
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
    heating_lower_bound, pressure_anisotropy_heating, drift_heating, crlib.dynamics.field_timescale

    Examples
    --------
    >>> from crlib import constants
    >>> f"{float(heating_ratio(2.0e-4 * constants.c, 8.2e-14, 3.2e-13, 3.97e-14)):.2e}"
    '6.06e-06'
    >>> f"{float(heating_ratio(2.0e-4 * constants.c, 8.2e-14, 3.2e-13, 3.97e-14, heating='exact')):.2e}"
    '1.14e-05'
    """
    fn = "heating_ratio"
    coefficients = {"bound": HEATING_BOUND_COEFFICIENT, "exact": 0.5}
    require(fn, "heating", heating, choices=coefficients,
            reason="'bound' (Eq. 48) or 'exact'")
    v_A = _alfven(fn, v_A)
    P_c = require(fn, "P_c", P_c, nonnegative=True, reason="a cosmic-ray pressure")
    P_g = require(fn, "P_g", P_g, positive=True, reason="a gas pressure")
    P_m = require(fn, "P_m", P_m, positive=True, reason="a magnetic pressure")
    for name, gamma in (("gamma_c", gamma_c), ("gamma_g", gamma_g), ("gamma_m", gamma_m)):
        require(fn, name, gamma, greater_than=1.0, reason="a polytropic index must exceed 1")
    rho_C2 = gamma_c * P_c + gamma_g * P_g + gamma_m * P_m
    return coefficients[heating] * (v_A / constants.c) * P_c / rho_C2


@quantity_input_cgs(v_A="cm s-1", P_c="dyn cm-2", tau_B="s", mean_c_over_v="", returns="erg cm-3 s-1",
                    result="positive")
def pressure_anisotropy_heating(v_A, P_c, tau_B, *, mean_c_over_v=1.0):
    r"""Heating by pressure-anisotropy instability, for any scattering frequency (Eqs. 39–48).

    .. math::

        H_{pa} = \int v F_p\, d^3p
        = \frac{2\pi}{3}\left|\frac{\dot B}{B}\right| v_A \int_0^\infty p^3 f_0\,dp
        = \frac{1}{2}\frac{v_A}{c}\left\langle\frac{c}{v}\right\rangle_P
          \frac{P_c}{|\tau_B|}
        = \frac{15}{8}\left\langle\frac{c}{v}\right\rangle_P
          \times \frac{4}{15}\frac{v_A}{c}\frac{P_c}{|\tau_B|},
        \qquad
        \left\langle\frac{c}{v}\right\rangle_P
        \equiv \frac{c\int p^3 f_0\,dp}{\int p^3 v f_0\,dp}

    At the ordering of Eq. 42 (anisotropy in quasi-steady balance, momentum
    flux neglected in that balance, :math:`f \to f_0` in the driver) the
    :math:`\mu`-dependent part of Eq. 39 fixes the pitch-angle flux,
    :math:`F_\mu = (\dot B/B)(p/6)\mu(1-\mu^2)\,\partial f_0/\partial p`,
    without reference to :math:`\nu`, and the diffusion tensor of the growing
    waves gives :math:`F_p = \pm\operatorname{sign}(\mu)(p v_A/v)F_\mu`: the
    upper sign (co-moving waves, Eqs. 40–41) in an expanding tube
    (:math:`\tau_B > 0`), the lower (counter-moving waves) in a compressing
    one (:math:`\tau_B < 0`); the heating is the same function of
    :math:`|\tau_B|`.  It is independent of :math:`\nu(p,\mu)` and exceeds
    the ultrarelativistic form of Eq. 48 (:func:`heating_lower_bound`) by
    :math:`\tfrac{15}{8}\langle c/v\rangle_P` — exactly 15/8 for
    ultrarelativistic particles; the momentum-local bound, before
    :math:`v = c` is set, is exceeded by exactly 15/8 at every :math:`v`
    (:cite:t:`Zweibel2020`, Section 4.2; derived in the chapter *Beyond the
    bound*).  Corrections are of relative order :math:`v_A/c` and
    :math:`1/(\nu|\tau_B|)`.

    Parameters
    ----------
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.
    P_c : float or array_like
        Cosmic-ray pressure [dyn cm^-2]; positive.
    tau_B : float or array_like
        Field timescale :math:`\tau_B = -B/\dot B` of Eq. 3 [s]; non-zero:
        positive for an expanding tube, negative for a compressing one.
    mean_c_over_v : float or array_like, keyword-only
        :math:`\langle c/v\rangle_P \ge 1`, the pressure-weighted mean of
        :math:`c/v` (1 for ultrarelativistic cosmic rays; see
        :func:`pressure_weighted_c_over_v` for a power law).

    Returns
    -------
    float or ndarray
        :math:`H_{pa}` [erg cm^-3 s^-1], positive.

    Raises
    ------
    ValueError
        If ``P_c`` is not positive and finite, ``tau_B`` is zero or not
        finite, ``v_A`` is not in (0, c), or ``mean_c_over_v`` is below 1.

    See Also
    --------
    heating_lower_bound, heating_to_bound_ratio, pressure_weighted_c_over_v, heating_ratio

    Examples
    --------
    The Section 6 values (compare :func:`heating_lower_bound`, 15/8 smaller):

    >>> from crlib import constants
    >>> f"{float(pressure_anisotropy_heating(2.0e-4 * constants.c, 8.2e-14, 3.67e12)):.2e}"
    '2.23e-30'
    >>> f"{float(pressure_anisotropy_heating(2.0e-4 * constants.c, 8.2e-14, -3.67e12)):.2e}"
    '2.23e-30'
    """
    fn = "pressure_anisotropy_heating"
    v_A = _alfven(fn, v_A)
    P_c = require(fn, "P_c", P_c, positive=True, reason="a cosmic-ray pressure")
    tau_B = require(fn, "tau_B", tau_B, reason="a field timescale")
    require(fn, "|tau_B|", np.abs(tau_B), positive=True,
            reason="a static field (infinite timescale) drives no anisotropy")
    mean_c_over_v = require(
        fn, "mean_c_over_v", mean_c_over_v, at_least=1.0,
        reason="a particle speed cannot exceed c, so the mean of c/v is at least 1",
    )
    return 0.5 * mean_c_over_v * (v_A / constants.c) * P_c / np.abs(tau_B)


@quantity_input_cgs(p="g cm s-1", mu="", df0_dp="cm-7 g-4 s4", tau_B="s", returns="cm-6 g-3 s2")
def quasi_steady_pitch_angle_flux(p, mu, df0_dp, tau_B):
    r"""Pitch-angle flux of the quasi-steady anisotropy, any :math:`\nu` (Eq. 39).

    .. math::

        F_\mu(p,\mu) = \frac{\dot B}{B}\,\frac{p}{6}\,\mu(1-\mu^2)
        \frac{\partial f_0}{\partial p}
        = -\frac{p\,\mu(1-\mu^2)}{6\tau_B}\frac{\partial f_0}{\partial p}

    The :math:`\mu`-dependent part of Eq. 39 at the paper's ordering
    (:math:`\partial f_{\rm aniso}/\partial t` and :math:`F_p` dropped,
    :math:`f \to f_0` in the driver) is
    :math:`\partial F_\mu/\partial\mu = -(\dot B/B)(p/3)P_2(\mu)\,\partial f_0/\partial p`;
    integrating from :math:`\mu = -1` with :math:`F_\mu(\pm 1) = 0` fixes
    :math:`F_\mu` without reference to :math:`\nu`.  Its :math:`\mu`-moment is
    the paper's Eq. 42, :math:`\int_0^1 \mu F_\mu\,d\mu = (\dot B/B)(p/45)\,
    \partial f_0/\partial p` (:cite:t:`Zweibel2020`, Section 4.2).

    Parameters
    ----------
    p : float or array_like
        Momentum [g cm s^-1]; positive.
    mu : float or array_like
        Pitch-angle cosine; in [-1, 1].
    df0_dp : float or array_like
        :math:`\partial f_0/\partial p` [cm^-3 (g cm s^-1)^-4]; finite.
    tau_B : float or array_like
        Field timescale :math:`-B/\dot B` [s]; non-zero (negative for a
        compressing tube).

    Returns
    -------
    ndarray
        :math:`F_\mu` [cm^-3 (g cm s^-1)^-3 s^-1].

    Raises
    ------
    ValueError
        If ``p`` is not positive, ``mu`` is outside [-1, 1], ``tau_B`` is
        zero, or an input is not finite.

    See Also
    --------
    quasi_steady_zeta, pressure_anisotropy_heating, crlib.scattering.scattering_anisotropy_product

    Examples
    --------
    >>> float(quasi_steady_pitch_angle_flux(1.0, 0.5, -6.0, 1.0))
    0.375
    """
    fn = "quasi_steady_pitch_angle_flux"
    p = require(fn, "p", p, positive=True, reason="a momentum")
    mu = require(fn, "mu", mu, at_least=-1.0, at_most=1.0, reason="a pitch-angle cosine lies in [-1, 1]")
    df0_dp = require(fn, "df0_dp", df0_dp, reason="a momentum derivative")
    tau_B = require(fn, "tau_B", tau_B, reason="a field timescale")
    require(fn, "|tau_B|", np.abs(tau_B), positive=True, reason="a static field drives no anisotropy")
    return -p * mu * (1.0 - mu**2) * df0_dp / (6.0 * tau_B)


# No result="positive": zeta < 0 in compression (tau_B < 0).
@quantity_input_cgs(v_A="cm s-1", nu="s-1", tau_B="s", mu_power="", v="cm s-1", returns="")
def quasi_steady_zeta(v_A, nu, tau_B, *, mu_power=0.0, v=constants.c):
    r"""Anisotropy parameter :math:`\zeta` of the quasi-steady state (Eqs. 20–21), expansion or compression.

    .. math::

        \zeta = \operatorname{sign}(\tau_B)\,\frac{5}{8}\frac{v_A}{v}
        + \frac{5}{6\tau_B}\int_0^1 \frac{\mu^2(1-\mu^2)}{\nu(\mu)}\,d\mu
        = \operatorname{sign}(\tau_B)\left[\frac{5}{8}\frac{v_A}{v}
        + \frac{5}{3(3-q)(5-q)}\frac{1}{\nu_0|\tau_B|}\right]
        \quad\text{for } \nu = \nu_0|\mu|^q

    (:math:`\pm[\tfrac{5}{8}v_A/v + 1/(9\nu|\tau_B|)]` for constant
    :math:`\nu`), with :math:`\dot B/B = -1/\tau_B`.  At the paper's ordering
    the pitch-angle flux is
    :math:`F_\mu = -p\,\mu(1-\mu^2)\,\partial_p f_0/(6\tau_B)` whatever the
    waves, and the diffusion tensor of the waves that *grow* turns it into
    the anisotropy:

    * expansion, :math:`\tau_B > 0`: the co-moving waves (resonant particles
      travel with the wave), :math:`D_{\mu p} = D_{p\mu} =
      +\operatorname{sign}(\mu)(p v_A/v)D_{\mu\mu}` (Eqs. 40–41);
    * compression, :math:`\tau_B < 0`: the counter-moving waves,
      :math:`D_{\mu p} = D_{p\mu} = -\operatorname{sign}(\mu)(p v_A/v)D_{\mu\mu}`.

    Then :math:`f - f_0 = -p\,\partial_p f_0\,[\operatorname{sign}(\tau_B)
    |\mu| v_A/v + \int_0^{|\mu|}\mu'\,d\mu'/(3\nu\tau_B)]` and
    :math:`\zeta = -f_2/(p\,\partial_p f_0)` is the :math:`P_2` part of the
    bracket; the anisotropy functional of the growing waves is
    :math:`A = (v/3v_A)\,|\mu|\,|\partial_p f_0|/(\nu|\tau_B|) > 0` in both
    cases.  The first term is the anisotropy of a distribution that is
    isotropic in the frame of the waves each particle resonates with (the
    marginal state :math:`A = 0`); the second is set by the balance of
    scattering against the field change.  Both reverse with
    :math:`\dot B`, so :math:`\Delta P_c` reverses completely in compression,
    for every :math:`\nu`.  For ultrarelativistic particles
    :math:`\zeta = (5/12)\Delta P_c/P_c` (:cite:t:`Zweibel2020`, Eqs. 20–21
    and the remark below Eq. 45; derived in the chapters *Heating* and
    *Beyond the bound*).  Unlike the heating, the anisotropy depends on
    :math:`\nu`.

    Parameters
    ----------
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive, below ``c``.
    nu : float or array_like
        :math:`\nu_0`, the scattering frequency at :math:`|\mu| = 1` [s^-1];
        positive.
    tau_B : float or array_like
        Field timescale :math:`-B/\dot B` [s]; non-zero: positive for an
        expanding tube, negative for a compressing one.
    mu_power : float, keyword-only
        :math:`q` in :math:`\nu\propto|\mu|^q`; in [0, 2).  For
        :math:`q \ge 2` the quasi-steady anisotropy diverges at
        :math:`\mu = 0` (the ordering fails in the resonance gap).
    v : float, keyword-only
        Particle speed [cm s^-1]; default ``c``.

    Returns
    -------
    ndarray
        :math:`\zeta` (dimensionless, of order :math:`v_A/c`), with the sign
        of :math:`\tau_B`.

    Raises
    ------
    ValueError
        If ``v_A`` is not in (0, c), ``v`` is not in (0, c], ``nu`` is not
        positive, ``tau_B`` is zero, ``mu_power`` is outside [0, 2), or an
        input is not finite.

    See Also
    --------
    quasi_steady_pitch_angle_flux, crlib.anisotropy.relative_pressure_anisotropy

    Examples
    --------
    Constant :math:`\nu` with :math:`\nu|\tau_B| = 10^3`, :math:`v_A/c = 10^{-3}`:

    >>> from crlib import constants
    >>> f"{float(quasi_steady_zeta(1e-3 * constants.c, 1e3, 1.0)):.6e}"
    '7.361111e-04'
    >>> f"{float(quasi_steady_zeta(1e-3 * constants.c, 1e3, -1.0)):.6e}"
    '-7.361111e-04'
    """
    fn = "quasi_steady_zeta"
    v = require(fn, "v", v, positive=True, at_most=constants.c,
                reason="a particle speed, at most c")
    v_A = require(fn, "v_A", v_A, positive=True, reason="an Alfvén speed")
    require(fn, "v_A", v_A, less_than=constants.c, reason="an Alfvén speed below c")
    nu = require(fn, "nu", nu, positive=True, reason="a scattering frequency")
    tau_B = require(fn, "tau_B", tau_B, reason="a field timescale")
    require(fn, "|tau_B|", np.abs(tau_B), positive=True,
            reason="a static field (infinite timescale) drives no anisotropy")
    q = float(require(fn, "mu_power", mu_power, nonnegative=True, less_than=2.0,
                      reason="for mu_power >= 2 the anisotropy diverges at mu = 0 and the ordering fails"))
    moment = 2.0 / ((3.0 - q) * (5.0 - q))  # nu_0 * int_0^1 mu^2 (1 - mu^2) / nu dmu
    # sign(tau_B): the growing waves' tensor (co-moving in expansion, counter-moving in compression)
    return (np.sign(tau_B) * ZETA_WAVE_FRAME_COEFFICIENT * v_A / v
            + ZETA_SCATTERING_COEFFICIENT * moment / (nu * tau_B))


@quantity_input_cgs(spectral_index="", p_min="", p_max="", returns="")
def pressure_weighted_c_over_v(spectral_index, p_min, *, p_max=np.inf):
    r"""Pressure-weighted mean of :math:`c/v` for a power-law spectrum.

    .. math::

        \left\langle\frac{c}{v}\right\rangle_P
        = \frac{c\int p^3 f_0\,dp}{\int p^3 v f_0\,dp},
        \qquad f_0 \propto p^{-a},\; p_{\min} < p < p_{\max}

    the factor by which the pressure-anisotropy heating of mildly
    relativistic cosmic rays exceeds its ultrarelativistic form,
    :math:`H = \tfrac12 (v_A/c)\langle c/v\rangle_P P_c/\tau_B` (see
    :func:`crlib.heating.pressure_anisotropy_heating`; :cite:t:`Zweibel2020`,
    Eq. 48 assumes :math:`v = c`).  That heating form holds for a spectrum
    that turns over smoothly below :math:`p_{\min}` (:math:`p^4 f_0 \to 0`
    at both ends), in the limit of a sharp turnover; a literal sharp cutoff
    multiplies it by :func:`crlib.heating.cutoff_heating_factor`.  Evaluated by quadrature
    in :math:`\ln p`.

    Parameters
    ----------
    spectral_index : float
        :math:`a`; above 4 for a finite pressure when ``p_max`` is infinite.
    p_min : float
        Low-momentum cutoff in units of :math:`mc`; positive.
    p_max : float, keyword-only
        High-momentum cutoff in units of :math:`mc`; above ``p_min``.

    Returns
    -------
    float
        :math:`\langle c/v\rangle_P \ge 1`.

    Raises
    ------
    ValueError
        If ``spectral_index <= 4`` (the pressure diverges), ``p_min`` is not
        positive, ``p_max`` is not above ``p_min`` (or +inf), or an input is
        not finite.

    See Also
    --------
    pressure_anisotropy_heating, heating_to_bound_ratio, crlib.anisotropy.particle_speed

    Examples
    --------
    >>> round(pressure_weighted_c_over_v(4.7, 1e3), 6)
    1.0
    >>> round(pressure_weighted_c_over_v(4.7, 1.0), 3)
    1.103
    """
    from scipy.integrate import quad

    fn = "pressure_weighted_c_over_v"
    a = float(require(fn, "spectral_index", spectral_index, reason="a spectral index"))
    p_min = float(require(fn, "p_min", p_min, positive=True, reason="a momentum cutoff"))
    if isinstance(p_max, (int, float, np.floating)) and p_max == np.inf:
        require(fn, "spectral_index", a, greater_than=4.0,
                reason="the pressure of an unbounded power law is finite only for a > 4")
        x_max = math.log(p_min) + 60.0 / (a - 4.0)
    else:  # -inf, NaN and anything at or below p_min are refused here
        p_max = float(require(fn, "p_max", p_max, greater_than=p_min, reason="above p_min, or +inf"))
        x_max = math.log(p_max)
    x_min = math.log(p_min)
    if not x_max > x_min:
        raise ValueError(
            f"{fn}: spectral_index = {a!r} is so steep that the pressure-weighted range above "
            f"p_min = {p_min!r} vanishes in double precision."
        )

    def weight(x, with_v):
        p = math.exp(x)
        w = math.exp((4.0 - a) * (x - x_min))  # p^4 f_0 per unit ln p, normalised at p_min
        return w * (p / math.hypot(1.0, p) if with_v else 1.0)

    num = quad(weight, x_min, x_max, args=(False,), limit=200, epsabs=0.0, epsrel=1e-11)[0]
    den = quad(weight, x_min, x_max, args=(True,), limit=200, epsabs=0.0, epsrel=1e-11)[0]
    if not (num > 0.0 and den > 0.0):
        raise ValueError(
            f"{fn}: spectral_index = {a!r}, p_min = {p_min!r}, p_max = {p_max!r}: the pressure "
            "integrals vanish in double precision."
        )
    return float(require(fn, "<c/v>_P", num / den, at_least=1.0,
                         reason="the quadrature lost accuracy: c/v is at least 1 for every particle"))


@quantity_input_cgs(spectral_index="", returns="", result="positive")
def cutoff_heating_factor(spectral_index, *, cutoff="smooth"):
    r"""Heating of a power law with a sharp edge, relative to the smooth-turnover form.

    .. math::

        \frac{H_{pa}^{\rm sharp}}{H_{pa}^{\rm smooth}}
        = \frac{-\int_{p_{\min}}^{p_{\max}} p^4\,\partial_p f_0\,dp\,\big|_{f_0 \propto p^{-a}}}
               {4\int p^3 f_0\,dp} = \frac{a}{4}

    The leading-order heating is
    :math:`H_{pa} \propto -\int p^4\,\partial f_0/\partial p\,dp`
    (chapter *Beyond the bound*).  For any spectrum with
    :math:`p^4 f_0 \to 0` at both ends this is :math:`4\int p^3 f_0\,dp`,
    which :func:`pressure_anisotropy_heating` and
    :func:`pressure_weighted_c_over_v` use; that is also the limit of a
    smooth turnover made ever sharper, because the rising part of
    :math:`f_0` below the turnover, where :math:`\partial_p f_0 > 0`, damps
    the waves it resonates with and gives energy back.  A literal sharp
    cutoff, with the heating counted only where the power law holds
    (:math:`\partial_p f_0 = -a f_0/p`), gives :math:`a\int p^3 f_0\,dp`
    instead: :math:`a/4` times more (:cite:t:`Zweibel2020`, Section 4.2,
    assumes neither).

    Parameters
    ----------
    spectral_index : float or array_like
        :math:`a` of :math:`f_0 \propto p^{-a}`; above 4.
    cutoff : {"smooth", "sharp"}, keyword-only
        ``"smooth"`` (the factor is 1) or ``"sharp"`` (:math:`a/4`).

    Returns
    -------
    float or ndarray
        The factor [dimensionless].

    Raises
    ------
    ValueError
        If ``spectral_index <= 4`` or ``cutoff`` is not ``'smooth'`` or
        ``'sharp'``.

    See Also
    --------
    heating_to_bound_ratio, pressure_anisotropy_heating

    Examples
    --------
    >>> float(cutoff_heating_factor(4.7, cutoff="sharp"))
    1.175
    """
    fn = "cutoff_heating_factor"
    require(fn, "cutoff", cutoff, choices=("smooth", "sharp"))
    a = require(fn, "spectral_index", spectral_index, greater_than=4.0,
                reason="the pressure of an unbounded power law is finite only for a > 4")
    return a / 4.0 if cutoff == "sharp" else np.ones_like(a)


@quantity_input_cgs(spectral_index="", p_min="", p_max="", returns="", result="positive")
def heating_to_bound_ratio(spectral_index, p_min, *, p_max=np.inf, cutoff="smooth"):
    r"""Exact heating over the Eq. 48 bound for a power-law spectrum.

    .. math::

        \frac{H_{pa}}{H_{48}} = \frac{15}{8}\left\langle\frac{c}{v}\right\rangle_P
        \times\begin{cases} 1 & \text{smooth turnover below } p_{\min}\\
        a/4 & \text{literal sharp cutoff at } p_{\min}\end{cases},
        \qquad H_{48} = \frac{4}{15}\frac{v_A}{c}\frac{P_c}{\tau_B}

    with :math:`H_{48}` the ultrarelativistic form of Eq. 48 of
    :cite:t:`Zweibel2020` evaluated with the true :math:`P_c`
    (:func:`heating_lower_bound`), :math:`\langle c/v\rangle_P` from
    :func:`pressure_weighted_c_over_v` and the edge factor from
    :func:`cutoff_heating_factor`.

    Parameters
    ----------
    spectral_index : float
        :math:`a`; above 4.
    p_min : float
        Lower end of the power law in units of :math:`mc`; positive.
    p_max : float, keyword-only
        Upper end in units of :math:`mc`; above ``p_min``.
    cutoff : {"smooth", "sharp"}, keyword-only
        How the spectrum ends at ``p_min`` (see :func:`cutoff_heating_factor`).

    Returns
    -------
    float
        :math:`H_{pa}/H_{48}`.

    Raises
    ------
    ValueError
        As :func:`pressure_weighted_c_over_v` and
        :func:`cutoff_heating_factor`, under this function's name.

    See Also
    --------
    pressure_weighted_c_over_v, cutoff_heating_factor, heating_lower_bound, pressure_anisotropy_heating

    Examples
    --------
    >>> round(heating_to_bound_ratio(4.7, 1.0), 2), round(heating_to_bound_ratio(4.7, 1.0, cutoff="sharp"), 2)
    (2.07, 2.43)
    """
    factor = float(cutoff_heating_factor(spectral_index, cutoff=cutoff))
    return 15.0 / 8.0 * pressure_weighted_c_over_v(spectral_index, p_min, p_max=p_max) * factor
