r"""Alfvén waves: their energy, the energy they exchange with the cosmic rays, and their damping (Appendix, Eqs. 58, 62–70).

Gyroresonant waves carry an energy density that, for Alfvén waves, is
shared equally between the field and the fluid motion (Eq. 62).  They gain
energy from the cosmic rays at twice their amplitude growth rate (the
Appendix, Eqs. 69–70) and lose it, in a fully ionised medium, to nonlinear
Landau damping by the thermal ions (Eq. 58) (:cite:t:`Zweibel2020`).  The
growth rates are in :mod:`crlib.instability`; the scattering frequency that
balancing growth against damping implies is in :mod:`crlib.scattering`.
"""

from __future__ import annotations

import numpy as np

from crlib import constants
from crlib._validation import quantity_input_cgs, require

def _alfven(fn, v_A):
    return require(fn, "v_A", v_A, positive=True, less_than=constants.c,
                   reason="an Alfvén speed, positive and below the speed of light")


def _speed(fn, v):
    return require(fn, "v", v, positive=True, at_most=constants.c,
                   reason="a particle speed, positive and not above c")


__all__ = [
    "alfven_wave_energy_density",
    "wave_energy_transfer_rate",
    "nonlinear_landau_damping_rate",
]


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


@quantity_input_cgs(nu="s-1", v_i="cm s-1", v="cm s-1", returns="s-1", result="positive")
def nonlinear_landau_damping_rate(nu, v_i, *, v=constants.c):
    r"""Nonlinear Landau damping rate of the resonant waves (Eq. 58).

    .. math::

        \Gamma_{\rm nlld} \sim \nu\,\frac{v_i}{c}

    for waves resonant with cosmic rays near the mean energy; the scattering
    frequency :math:`\nu` stands in for the resonant wave energy,
    :math:`\nu \sim \Omega\,(\delta B/B)^2` (Eq. 30)
    (:cite:t:`Zweibel2020`, Eq. 58; after :cite:t:`Kulsrud2005`).

    Parameters
    ----------
    nu : float or array_like
        Pitch-angle scattering frequency [s^-1]; positive.
    v_i : float or array_like
        Thermal ion speed [cm s^-1] (:func:`crlib.speeds.thermal_ion_speed`); positive and
        below ``v``.
    v : float, keyword-only
        Cosmic-ray speed [cm s^-1]; default ``c``.

    Returns
    -------
    float or ndarray
        :math:`\Gamma_{\rm nlld}` [s^-1].

    Raises
    ------
    ValueError
        If ``nu`` is not positive, ``v`` is not in (0, c], ``v_i`` is not in
        (0, v), or an input is not finite.

    See Also
    --------
    crlib.speeds.thermal_ion_speed, crlib.scattering.nonlinear_landau_scattering_frequency

    Examples
    --------
    >>> from crlib import constants
    >>> f"{float(nonlinear_landau_damping_rate(1e-8, 3e-4 * constants.c)):.1e}"
    '3.0e-12'
    """
    fn = "nonlinear_landau_damping_rate"
    nu = require(fn, "nu", nu, positive=True, reason="a scattering frequency")
    v = _speed(fn, v)
    v_i = require(fn, "v_i", v_i, positive=True, less_than=v,
                  reason="a thermal ion speed, below the cosmic-ray speed")
    return nu * v_i / v
