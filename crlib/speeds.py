"""Characteristic speeds, frequencies and pressures of the magnetised medium.

Section 2.1 (Eq. 1) and Section 3 of :cite:t:`Zweibel2020`.

Units (every crlib module): plain numbers are Gaussian CGS, as each docstring
states; astropy Quantities are converted to the declared CGS unit or refused,
and a Quantity input gives a Quantity result (see ``crlib._validation``).
"""

from __future__ import annotations

import numpy as np

from crlib import constants
from crlib._validation import quantity_input_cgs, require

__all__ = [
    "magnetic_pressure",
    "alfven_speed",
    "magnetoacoustic_speed",
    "gyrofrequency",
    "thermal_ion_speed",
    "THERMAL_SPEED_DEFINITIONS",
    "magnetoacoustic_stiffness",
]

GAMMA_GAS = 5.0 / 3.0
GAMMA_CR = 4.0 / 3.0
#: Polytropic index of the magnetic pressure for expansion transverse to B (Eq. 1).
GAMMA_MAGNETIC_TRANSVERSE = 2.0


def _stiffness(P_c, P_g, P_m, gamma_c, gamma_g, gamma_m):
    # rho_g C_ma^2 of Eq. 1 on validated inputs; the one place the sum is written
    return gamma_c * P_c + gamma_g * P_g + gamma_m * P_m


@quantity_input_cgs(B="G", returns="dyn cm-2", result="positive")
def magnetic_pressure(B):
    r"""Magnetic pressure :math:`P_m`.

    .. math::

        P_m \equiv \frac{B^2}{8\pi}

    (defined below Eq. 1 of :cite:t:`Zweibel2020`).

    Parameters
    ----------
    B : float or array_like
        Magnetic field strength [G]; positive.

    Returns
    -------
    float or ndarray
        Magnetic pressure [dyn cm^-2].

    Raises
    ------
    ValueError
        If ``B`` is not finite or not positive.

    See Also
    --------
    alfven_speed, magnetoacoustic_speed

    Examples
    --------
    >>> f"{float(magnetic_pressure(1e-6)):.4e}"
    '3.9789e-14'
    """
    B = require("magnetic_pressure", "B", B, positive=True, reason="a field strength")
    return B**2 / (8 * np.pi)


@quantity_input_cgs(B="G", rho_i="g cm-3", returns="cm s-1", result="positive")
def alfven_speed(B, rho_i):
    r"""Alfvén speed in the ionised component.

    .. math::

        v_A = \frac{B}{\sqrt{4\pi\rho_i}}

    as defined in Section 1 of :cite:t:`Zweibel2020`.

    Parameters
    ----------
    B : float or array_like
        Magnetic field strength [G]; positive.
    rho_i : float or array_like
        Mass density of the ionised plasma [g cm^-3]; positive.

    Returns
    -------
    float or ndarray
        Alfvén speed [cm s^-1].

    Raises
    ------
    ValueError
        If an input is not finite or not positive, or if the result would
        reach the speed of light (the non-relativistic formula no longer holds).

    See Also
    --------
    magnetic_pressure, magnetoacoustic_speed, gyrofrequency

    Examples
    --------
    Five microgauss and 0.01 protons per cubic centimetre (the Section 5
    fiducial values) give about 100 km/s:

    >>> from crlib import constants
    >>> v = alfven_speed(5e-6, 0.01 * constants.m_p)
    >>> round(float(v / constants.km), 1)
    109.1
    """
    B = require("alfven_speed", "B", B, positive=True, reason="a field strength")
    rho_i = require("alfven_speed", "rho_i", rho_i, positive=True, reason="a mass density")
    v_A = B / np.sqrt(4 * np.pi * rho_i)
    require(
        "alfven_speed",
        "B/sqrt(4 pi rho_i)",
        v_A,
        less_than=constants.c,
        reason="the Alfvén speed must be below c for this non-relativistic formula",
    )
    return v_A


@quantity_input_cgs(P_c="dyn cm-2", P_g="dyn cm-2", P_m="dyn cm-2", rho_g="g cm-3",
                    gamma_c="", gamma_g="", gamma_m="", returns="cm s-1", result="positive")
def magnetoacoustic_speed(
    P_c,
    P_g,
    P_m,
    rho_g,
    *,
    gamma_c=GAMMA_CR,
    gamma_g=GAMMA_GAS,
    gamma_m=GAMMA_MAGNETIC_TRANSVERSE,
):
    r"""Magnetoacoustic speed of transverse flux-tube expansion (Eq. 1).

    .. math::

        C_{ma} \equiv \left(\frac{\gamma_c P_c + \gamma_g P_g
        + \gamma_m P_m}{\rho_g}\right)^{1/2}

    with :math:`\gamma_m = 2` for expansion perpendicular to
    :math:`\mathbf{B}` (:cite:t:`Zweibel2020`, Eq. 1).

    Parameters
    ----------
    P_c : float or array_like
        Cosmic-ray pressure [dyn cm^-2]; non-negative.
    P_g : float or array_like
        Thermal gas pressure [dyn cm^-2]; positive.
    P_m : float or array_like
        Magnetic pressure :math:`B^2/8\pi` [dyn cm^-2]; positive.
    rho_g : float or array_like
        Gas mass density :math:`\rho_g` [g cm^-3]; positive.
    gamma_c, gamma_g, gamma_m : float, keyword-only
        Polytropic indices of cosmic rays (default 4/3), gas (5/3) and field
        (2, transverse expansion); each must exceed 1.

    Returns
    -------
    float or ndarray
        :math:`C_{ma}` [cm s^-1].

    Raises
    ------
    ValueError
        For non-finite or non-physical inputs, a polytropic index ≤ 1, or a
        result at or above c (the non-relativistic formula no longer holds).

    See Also
    --------
    alfven_speed, crlib.dynamics.field_timescale

    Examples
    --------
    >>> round(float(magnetoacoustic_speed(0.0, 3.0, 1e-30, 5.0 / 3.0)), 6)
    1.732051
    """
    fn = "magnetoacoustic_speed"
    P_c = require(fn, "P_c", P_c, nonnegative=True, reason="a cosmic-ray pressure")
    P_g = require(fn, "P_g", P_g, positive=True, reason="a gas pressure")
    P_m = require(fn, "P_m", P_m, positive=True, reason="a magnetic pressure")
    rho_g = require(fn, "rho_g", rho_g, positive=True, reason="a mass density")
    for name, gamma in (("gamma_c", gamma_c), ("gamma_g", gamma_g), ("gamma_m", gamma_m)):
        require(fn, name, gamma, greater_than=1.0, reason="a polytropic index must exceed 1 for a positive sound speed")
    C_ma = np.sqrt(_stiffness(P_c, P_g, P_m, gamma_c, gamma_g, gamma_m) / rho_g)
    require(fn, "C_ma", C_ma, less_than=constants.c,
            reason="the magnetoacoustic speed must be below c for this non-relativistic formula")
    return C_ma


@quantity_input_cgs(B="G", charge="statC", mass="g", returns="rad s-1", result="positive")
def gyrofrequency(B, *, charge=constants.e, mass=constants.m_p):
    r"""Non-relativistic gyrofrequency :math:`\Omega_0` (Section 3, Eq. 11).

    .. math::

        \Omega_0 = \frac{q B}{m c}

    The relativistic gyrofrequency of a particle of Lorentz factor
    :math:`\gamma` is :math:`\Omega = \Omega_0/\gamma`
    (:cite:t:`Zweibel2020`, Section 3).  Protons by default.

    Parameters
    ----------
    B : float or array_like
        Magnetic field strength [G]; positive.
    charge : float, keyword-only
        Particle charge [statC]; default the elementary charge.
    mass : float, keyword-only
        Particle mass [g]; default the proton mass.

    Returns
    -------
    float or ndarray
        Angular gyrofrequency [rad s^-1].

    Raises
    ------
    ValueError
        If ``B``, ``charge`` or ``mass`` is not positive and finite.

    See Also
    --------
    alfven_speed, crlib.instability.resonant_momentum, crlib.instability.growth_rate_scale

    Examples
    --------
    >>> round(float(gyrofrequency(1e-6)), 6)
    0.009579
    """
    fn = "gyrofrequency"
    B = require(fn, "B", B, positive=True, reason="a field strength")
    require(fn, "charge", charge, positive=True, reason="a charge magnitude")
    require(fn, "mass", mass, positive=True, reason="a particle mass")
    return charge * B / (mass * constants.c)


#: Thermal-speed conventions :math:`v_i = (s\,k_B T/m)^{1/2}`: name → :math:`s`.
THERMAL_SPEED_DEFINITIONS = {"sqrt(kT/m)": 1.0, "sqrt(2kT/m)": 2.0, "sqrt(3kT/m)": 3.0}


@quantity_input_cgs(T="K", ion_mass="g", returns="cm s-1", result="positive")
def thermal_ion_speed(T, *, ion_mass=constants.m_p, definition="sqrt(kT/m)"):
    r"""Thermal speed :math:`v_i` of the ions that damp the waves (Eq. 58).

    .. math::

        v_i = \left(\frac{s\,k_B T}{m_i}\right)^{1/2},\qquad s = 1, 2, 3

    :cite:t:`Zweibel2020` calls :math:`v_i` "the thermal ion velocity" without
    fixing the convention; the default :math:`s = 1` is the one-dimensional
    dispersion, the speed that enters the ion Landau resonance
    :math:`\omega - k_\parallel v_\parallel = 0` of a Maxwellian.
    :math:`s = 2` (most probable speed) and :math:`s = 3` (rms speed) are
    offered for comparison.

    Parameters
    ----------
    T : float or array_like
        Ion temperature [K]; positive.
    ion_mass : float, keyword-only
        Ion mass :math:`m_i` [g]; default the proton mass.
    definition : {"sqrt(kT/m)", "sqrt(2kT/m)", "sqrt(3kT/m)"}, keyword-only
        The convention.

    Returns
    -------
    float or ndarray
        :math:`v_i` [cm s^-1].

    Raises
    ------
    ValueError
        For a non-positive temperature or mass, or an unknown definition.

    See Also
    --------
    crlib.waves.nonlinear_landau_damping_rate, crlib.scattering.nonlinear_landau_scattering_frequency

    Examples
    --------
    >>> from crlib import constants
    >>> round(float(thermal_ion_speed(1.1e6) / constants.km), 1)
    95.3
    >>> round(float(thermal_ion_speed(1.1e6, definition="sqrt(2kT/m)") / constants.km), 1)
    134.8
    """
    fn = "thermal_ion_speed"
    require(fn, "definition", definition, choices=sorted(THERMAL_SPEED_DEFINITIONS))
    T = require(fn, "T", T, positive=True, reason="a temperature")
    require(fn, "ion_mass", ion_mass, positive=True, reason="an ion mass")
    v_i = np.sqrt(THERMAL_SPEED_DEFINITIONS[definition] * constants.k_B * T / ion_mass)
    require(fn, "v_i", v_i, less_than=constants.c,
            reason="the non-relativistic thermal speed must be below c: T is too high for this formula")
    return v_i


@quantity_input_cgs(P_c="dyn cm-2", P_g="dyn cm-2", P_m="dyn cm-2", gamma_c="", gamma_g="", gamma_m="",
                    returns="dyn cm-2", result="positive")
def magnetoacoustic_stiffness(P_c, P_g, P_m, *, gamma_c=GAMMA_CR, gamma_g=GAMMA_GAS,
                              gamma_m=GAMMA_MAGNETIC_TRANSVERSE):
    r"""Stiffness of the tube against transverse expansion, :math:`\rho_g C_{ma}^2` (Eqs. 1, 3).

    .. math::

        \rho_g C_{ma}^2 = \gamma_g P_g + \gamma_c P_c + \gamma_m P_m

    the numerator of :math:`C_{ma}^2` in Eq. 1 of :cite:t:`Zweibel2020`, which
    also sets the field timescale :math:`\tau_B = \rho_g C_{ma}^2/Q_c` of Eq. 3.
    ``P_c = 0`` gives the stiffness before the cosmic rays are injected.

    Parameters
    ----------
    P_c : float or array_like
        Cosmic-ray pressure [dyn cm^-2]; non-negative.
    P_g : float or array_like
        Thermal gas pressure [dyn cm^-2]; positive.
    P_m : float or array_like
        Magnetic pressure :math:`B^2/8\pi` [dyn cm^-2]; positive.
    gamma_g, gamma_c, gamma_m : float, keyword-only
        Polytropic indices of gas (5/3), cosmic rays (4/3) and field (2, transverse
        expansion); each above 1.

    Returns
    -------
    float or ndarray
        :math:`\rho_g C_{ma}^2` [dyn cm^-2].

    Raises
    ------
    ValueError
        For a negative ``P_c``, a non-positive ``P_g`` or ``P_m``, or a polytropic
        index at or below 1.

    See Also
    --------
    magnetoacoustic_speed, crlib.dynamics.field_timescale,
    crlib.heating.transverse_heating_coefficient

    Examples
    --------
    >>> round(float(magnetoacoustic_stiffness(3.0, 3.0, 3.0)), 12)
    15.0
    """
    fn = "magnetoacoustic_stiffness"
    P_c = require(fn, "P_c", P_c, nonnegative=True, reason="a cosmic-ray pressure")
    P_g = require(fn, "P_g", P_g, positive=True, reason="a gas pressure")
    P_m = require(fn, "P_m", P_m, positive=True, reason="a magnetic pressure")
    for name, gamma in (("gamma_g", gamma_g), ("gamma_c", gamma_c), ("gamma_m", gamma_m)):
        require(fn, name, gamma, greater_than=1.0, reason="a polytropic index must exceed 1")
    return _stiffness(P_c, P_g, P_m, gamma_c, gamma_g, gamma_m)
