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

import numpy as np

from crlib import constants
from crlib._validation import require
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
]

#: Coefficient of the pressure-anisotropy heating bound, Eq. 48:
#: ``4/15 = 4 pi * 4 * (1/45) * 3 / (4 pi)`` (see the Section 4 chapter).
HEATING_BOUND_COEFFICIENT = 4.0 / 15.0


def _alfven(fn, v_A):
    return require(
        fn, "v_A", v_A, positive=True, less_than=constants.c,
        reason="an Alfvén speed, positive and below the speed of light",
    )


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


def heating_lower_bound(P_c, tau_B, v_A):
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
    (:cite:t:`Zweibel2020`, Eqs. 46–48; the displayed equations are missing
    from the text extraction and are reconstructed in the Section 4 chapter).
    Equivalently :math:`H_{pa} \ge \tfrac{4}{15}(v_A/c)\,\dot W_c` with
    :math:`\dot W_c` the rate of work of Eq. 4.

    Parameters
    ----------
    P_c : float or array_like
        Cosmic-ray pressure [dyn cm^-2]; positive.
    tau_B : float or array_like
        Field timescale :math:`\tau_B = -B/\dot B` of Eq. 3 [s]; positive
        (an expanding tube).
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.

    Returns
    -------
    float or ndarray
        The lower bound on :math:`H_{pa}` [erg cm^-3 s^-1].

    Raises
    ------
    ValueError
        If ``P_c`` or ``tau_B`` is not positive and finite, or ``v_A`` is not
        in (0, c).

    Examples
    --------
    The Section 6 values (P_c = 8.2e-14 dyn cm^-2, tau_B = 3.67e12 s,
    v_A/c = 2e-4):

    >>> from crlib import constants
    >>> f"{float(heating_lower_bound(8.2e-14, 3.67e12, 2.0e-4 * constants.c)):.2e}"
    '1.19e-30'
    """
    fn = "heating_lower_bound"
    P_c = require(fn, "P_c", P_c, positive=True, reason="a cosmic-ray pressure")
    tau_B = require(
        fn, "tau_B", tau_B, positive=True,
        reason="the field timescale of an expanding flux tube is positive",
    )
    v_A = _alfven(fn, v_A)
    return HEATING_BOUND_COEFFICIENT * (v_A / constants.c) * P_c / tau_B


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

    Examples
    --------
    >>> f"{float(wave_energy_transfer_rate(1e-8, 1e-13)):.1e}"
    '2.0e-21'
    """
    fn = "wave_energy_transfer_rate"
    G = require(fn, "growth_rate", growth_rate, reason="a growth rate")
    W = require(fn, "wave_energy", wave_energy, nonnegative=True, reason="a wave energy density")
    return 2.0 * G * W


def heating_ratio(
    v_A,
    P_c,
    P_g,
    P_m,
    *,
    gamma_g=GAMMA_GAS,
    gamma_c=GAMMA_CR,
    gamma_m=GAMMA_MAGNETIC_TRANSVERSE,
):
    r"""Pressure-anisotropy heating bound over drift heating, same injection rate (§4.3).

    .. math::

        \frac{H_{pa}}{H_d} \ge \frac{4}{15}\frac{v_A}{c}
        \frac{P_c}{\rho_g C_{ma}^2}
        = \frac{4}{15}\frac{v_A}{c}
        \frac{P_c}{\gamma_g P_g + \gamma_c P_c + \gamma_m P_m}
        < \frac{4}{15\gamma_c}\frac{v_A}{c}

    Eq. 48 with :math:`1/\tau_B = \dot{\Delta P}_c/\rho_g C_{ma}^2` (Eq. 3),
    divided by Eq. 51, :math:`H_d = \dot{\Delta P}_c`, for the same pressure
    injection rate (:cite:t:`Zweibel2020`, Section 4.3).

    Parameters
    ----------
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.
    P_c, P_g, P_m : float or array_like
        Cosmic-ray (non-negative), gas (positive) and magnetic (positive)
        pressures [dyn cm^-2].
    gamma_g, gamma_c, gamma_m : float, keyword-only
        Polytropic indices, as in :func:`crlib.speeds.magnetoacoustic_speed`.

    Returns
    -------
    float or ndarray
        The lower bound on :math:`H_{pa}/H_d` (dimensionless).

    Examples
    --------
    >>> from crlib import constants
    >>> f"{float(heating_ratio(2.0e-4 * constants.c, 8.2e-14, 3.2e-13, 3.97e-14)):.2e}"
    '6.06e-06'
    """
    fn = "heating_ratio"
    v_A = _alfven(fn, v_A)
    P_c = require(fn, "P_c", P_c, nonnegative=True, reason="a cosmic-ray pressure")
    P_g = require(fn, "P_g", P_g, positive=True, reason="a gas pressure")
    P_m = require(fn, "P_m", P_m, positive=True, reason="a magnetic pressure")
    for name, gamma in (("gamma_g", gamma_g), ("gamma_c", gamma_c), ("gamma_m", gamma_m)):
        require(fn, name, gamma, greater_than=1.0, reason="a polytropic index must exceed 1")
    rho_C2 = gamma_g * P_g + gamma_c * P_c + gamma_m * P_m
    return HEATING_BOUND_COEFFICIENT * (v_A / constants.c) * P_c / rho_C2


def pressure_anisotropy_heating(P_c, tau_B, v_A, *, mean_c_over_v=1.0):
    r"""Heating by pressure-anisotropy instability, for any scattering frequency (Eqs. 39–48).

    .. math::

        H_{pa} = \int v F_p\, d^3p
        = -\frac{2\pi}{3}\frac{\dot B}{B} v_A \int_0^\infty p^3 f_0\,dp
        = \frac{1}{2}\frac{v_A}{c}\left\langle\frac{c}{v}\right\rangle_P
          \frac{P_c}{\tau_B}
        = \frac{15}{8}\left\langle\frac{c}{v}\right\rangle_P
          \times \frac{4}{15}\frac{v_A}{c}\frac{P_c}{\tau_B},
        \qquad
        \left\langle\frac{c}{v}\right\rangle_P
        \equiv \frac{c\int p^3 f_0\,dp}{\int p^3 v f_0\,dp}

    At the ordering of Eq. 42 (anisotropy in quasi-steady balance, momentum
    flux neglected in that balance, :math:`f \to f_0` in the driver) the
    :math:`\mu`-dependent part of Eq. 39 fixes the pitch-angle flux,
    :math:`F_\mu = (\dot B/B)(p/6)\mu(1-\mu^2)\,\partial f_0/\partial p`,
    without reference to :math:`\nu`, and the diffusion tensor of
    Eqs. 27, 29, 40–41 gives :math:`F_p = \operatorname{sign}(\mu)
    (p v_A/v)F_\mu`; so the heating is independent of :math:`\nu(p,\mu)`
    and exceeds the lower bound of Eq. 48 (:func:`heating_lower_bound`) by
    exactly 15/8 for ultrarelativistic particles
    (:cite:t:`Zweibel2020`, Section 4.2; derived in the chapter *Beyond the
    bound*).  Corrections are of relative order :math:`v_A/c` and
    :math:`1/(\nu\tau_B)`.

    Parameters
    ----------
    P_c : float or array_like
        Cosmic-ray pressure [dyn cm^-2]; positive.
    tau_B : float or array_like
        Field timescale :math:`\tau_B = -B/\dot B` of Eq. 3 [s]; positive
        (an expanding tube).
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.
    mean_c_over_v : float or array_like, keyword-only
        :math:`\langle c/v\rangle_P \ge 1`, the pressure-weighted mean of
        :math:`c/v` (1 for ultrarelativistic cosmic rays; see
        :func:`crlib.fokker_planck.pressure_weighted_c_over_v` for a power
        law).

    Returns
    -------
    float or ndarray
        :math:`H_{pa}` [erg cm^-3 s^-1].

    Raises
    ------
    ValueError
        If ``P_c`` or ``tau_B`` is not positive and finite, ``v_A`` is not in
        (0, c), or ``mean_c_over_v`` is below 1.

    Examples
    --------
    The Section 6 values (compare :func:`heating_lower_bound`, 15/8 smaller):

    >>> from crlib import constants
    >>> f"{float(pressure_anisotropy_heating(8.2e-14, 3.67e12, 2.0e-4 * constants.c)):.2e}"
    '2.23e-30'
    """
    fn = "pressure_anisotropy_heating"
    P_c = require(fn, "P_c", P_c, positive=True, reason="a cosmic-ray pressure")
    tau_B = require(
        fn, "tau_B", tau_B, positive=True,
        reason="the field timescale of an expanding flux tube is positive",
    )
    v_A = _alfven(fn, v_A)
    mean_c_over_v = require(
        fn, "mean_c_over_v", mean_c_over_v, greater_than=1.0 - 1e-12,
        reason="a particle speed cannot exceed c, so the mean of c/v is at least 1",
    )
    return 0.5 * mean_c_over_v * (v_A / constants.c) * P_c / tau_B
