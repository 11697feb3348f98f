r"""Composition of a fully ionised hydrogen–helium gas.

The number and mass densities, the thermal pressure and the cooling-balance
heating of a fully ionised H–He plasma, parametrised by the helium abundance
:math:`y = n_{He}/n_H`.  :cite:t:`Zweibel2020` gives the Section 6 medium by
its pressure, temperature and heating per hydrogen atom, not by its
composition; these functions turn one description into the other
(:func:`crlib.estimate.evaluate` uses them).  Atomic masses from
:mod:`crlib.constants`.
"""

from __future__ import annotations

import numpy as np

from crlib import constants
from crlib._validation import quantity_input_cgs, require

__all__ = [
    "COSMIC_HELIUM_ABUNDANCE",
    "helium_abundance",
    "particles_per_hydrogen",
    "hydrogen_number_density",
    "electron_number_density",
    "gas_mass_density",
    "thermal_pressure",
    "cooling_balance_heating",
    "heating_per_hydrogen",
]

#: :math:`n_{He}/n_H = 0.1`, the standard cosmic abundance (the default everywhere).
COSMIC_HELIUM_ABUNDANCE = 0.1


def _scalar(value):
    """A Python float for a 0-d result, the array otherwise (scalars in, float out)."""
    return float(value) if np.ndim(value) == 0 else value


@quantity_input_cgs(hydrogen_mass_fraction="", mean_molecular_weight="", returns="")
def helium_abundance(*, hydrogen_mass_fraction=None, mean_molecular_weight=None):
    r"""Helium-to-hydrogen number ratio :math:`y = n_{He}/n_H` of an H–He gas.

    .. math::

        y = \frac{1-X}{X}\,\frac{m_H}{m_{He}},
        \qquad\text{or, fully ionised,}\qquad
        \frac{1}{\mu} = \frac{m_H\,(2+3y)}{m_H + y\,m_{He}}

    from the hydrogen mass fraction :math:`X` or from the mean molecular weight
    :math:`\mu` (in units of :math:`m_H`) of the fully ionised gas.  A
    composition convention for Section 6 of :cite:t:`Zweibel2020`, which
    gives the heating per hydrogen atom but not the composition.

    Parameters
    ----------
    hydrogen_mass_fraction : float, keyword-only
        :math:`X`, in :math:`(0, 1]`.
    mean_molecular_weight : float, keyword-only
        :math:`\mu` of the fully ionised gas, between 1/2 (pure hydrogen) and
        :math:`m_{He}/(3 m_H)` (pure helium).

    Returns
    -------
    float
        :math:`y` [dimensionless].

    Raises
    ------
    ValueError
        Unless exactly one argument is given, or if it is out of range.

    See Also
    --------
    particles_per_hydrogen, gas_mass_density

    Examples
    --------
    >>> round(float(helium_abundance(hydrogen_mass_fraction=0.7)), 4)
    0.1079
    >>> round(float(helium_abundance(mean_molecular_weight=0.6)), 4)
    0.0921
    """
    fn = "helium_abundance"
    if (hydrogen_mass_fraction is None) == (mean_molecular_weight is None):
        raise ValueError(f"{fn}: give exactly one of hydrogen_mass_fraction, mean_molecular_weight.")
    ratio = constants.m_H / constants.m_He
    if hydrogen_mass_fraction is not None:
        X = require(fn, "hydrogen_mass_fraction", hydrogen_mass_fraction, positive=True,
                    at_most=1.0, reason="a mass fraction lies in (0, 1]")
        return _scalar((1.0 - X) / X * ratio)
    mu = require(fn, "mean_molecular_weight", mean_molecular_weight, at_least=0.5,
                 less_than=1.0 / (3.0 * ratio),
                 reason="a fully ionised H-He gas has 1/2 <= mu < m_He/(3 m_H)")
    # mu (2 + 3y) m_H = m_H + y m_He  ->  y = (1 - 2 mu) / (3 mu - m_He/m_H)
    return _scalar((1.0 - 2.0 * mu) / (3.0 * mu - 1.0 / ratio))


@quantity_input_cgs(helium_abundance="", returns="", result="positive")
def particles_per_hydrogen(*, helium_abundance=0.1):
    r"""Free particles per hydrogen nucleus of a fully ionised H–He gas.

    .. math::

        \frac{n_H + n_{He} + n_e}{n_H} = 2 + 3y, \qquad y = n_{He}/n_H

    (a composition convention for Section 6 of :cite:t:`Zweibel2020`, which
    gives the medium by its pressure and temperature: this count turns
    :math:`P_g` and :math:`T` into :math:`n_H`).

    Parameters
    ----------
    helium_abundance : float or array_like, keyword-only
        :math:`y`; non-negative, default 0.1.

    Returns
    -------
    float or ndarray
        :math:`2 + 3y` [dimensionless].

    Raises
    ------
    ValueError
        If ``helium_abundance`` is negative or not finite.

    See Also
    --------
    hydrogen_number_density, thermal_pressure

    Examples
    --------
    >>> float(particles_per_hydrogen(helium_abundance=0.1))
    2.3
    """
    y = require("particles_per_hydrogen", "helium_abundance", helium_abundance, nonnegative=True,
                reason="a number ratio n_He/n_H")
    return _scalar(2.0 + 3.0 * y)


@quantity_input_cgs(P_g="dyn cm-2", T="K", helium_abundance="", returns="cm-3", result="positive")
def hydrogen_number_density(P_g, T, *, helium_abundance=0.1):
    r"""Hydrogen number density of a fully ionised H–He gas of given pressure.

    .. math::

        &P_g = (n_H + n_{He} + n_e)\,k_B T = (2 + 3y)\,n_H k_B T,
        \\
        &n_e = n_H + 2 n_{He},\quad y = n_{He}/n_H

    (ideal gas; a composition convention for Section 6 of
    :cite:t:`Zweibel2020`).

    Parameters
    ----------
    P_g : float or array_like
        Thermal pressure [dyn cm^-2]; positive.
    T : float or array_like
        Temperature [K]; positive.
    helium_abundance : float, keyword-only
        :math:`y = n_{He}/n_H`; non-negative, default 0.1.

    Returns
    -------
    float or ndarray
        :math:`n_H` [cm^-3].

    Raises
    ------
    ValueError
        If ``P_g`` or ``T`` is not positive, or ``helium_abundance`` is negative.

    See Also
    --------
    thermal_pressure : the inverse.
    gas_mass_density, electron_number_density

    Examples
    --------
    >>> f"{float(hydrogen_number_density(3.2e-13, 1.1e6)):.4e}"
    '9.1611e-04'
    >>> f"{float(hydrogen_number_density(3.2e-13, 1.1e6, helium_abundance=0.0)):.4e}"
    '1.0535e-03'
    """
    fn = "hydrogen_number_density"
    P_g = require(fn, "P_g", P_g, positive=True, reason="a gas pressure")
    T = require(fn, "T", T, positive=True, reason="a temperature")
    return _scalar(P_g / (particles_per_hydrogen(helium_abundance=helium_abundance) * constants.k_B * T))


@quantity_input_cgs(n_H="cm-3", helium_abundance="", returns="g cm-3", result="positive")
def gas_mass_density(n_H, *, helium_abundance=0.1):
    r"""Mass density of an H–He gas, :math:`\rho = n_H\,(m_H + y\,m_{He})`.

    .. math::

        \rho = n_H m_H + n_{He} m_{He} = n_H\,(m_H + y\,m_{He})

    Atomic masses, so the electrons' mass is included (it is 0.05 % of
    :math:`\rho`; the ion mass density :math:`\rho_i` of :math:`v_A` equals
    :math:`\rho` to that accuracy).  A composition convention for Section 6
    of :cite:t:`Zweibel2020`, where :math:`\rho` sets the Alfvén speed and
    :math:`C_{ma}` of Eqs. 1 and 3.

    Parameters
    ----------
    n_H : float or array_like
        Hydrogen number density [cm^-3]; positive.
    helium_abundance : float, keyword-only
        :math:`y = n_{He}/n_H`; non-negative, default 0.1.

    Returns
    -------
    float or ndarray
        :math:`\rho` [g cm^-3].

    Raises
    ------
    ValueError
        If ``n_H`` is not positive, or ``helium_abundance`` is negative.

    See Also
    --------
    hydrogen_number_density

    Examples
    --------
    >>> f"{float(gas_mass_density(1.0)):.4e}"
    '2.3382e-24'
    """
    fn = "gas_mass_density"
    n_H = require(fn, "n_H", n_H, positive=True, reason="a number density")
    y = require(fn, "helium_abundance", helium_abundance, nonnegative=True,
                reason="a number ratio n_He/n_H")
    return _scalar(n_H * (constants.m_H + y * constants.m_He))


@quantity_input_cgs(n_H="cm-3", heating_per_H="erg s-1", returns="erg cm-3 s-1", result="positive")
def cooling_balance_heating(n_H, heating_per_H):
    r"""Volumetric heating that balances radiative cooling, :math:`n_H\Gamma_0`.

    .. math::

        \mathcal{H}_{\rm cool} = n_H\,\Gamma_0

    with :math:`\Gamma_0` the heating rate per hydrogen atom
    (:cite:t:`Zweibel2020`, Section 6).

    Parameters
    ----------
    n_H : float or array_like
        Hydrogen number density [cm^-3]; positive.
    heating_per_H : float or array_like
        :math:`\Gamma_0` [erg s^-1]; positive.

    Returns
    -------
    float or ndarray
        [erg cm^-3 s^-1].

    Raises
    ------
    ValueError
        If ``n_H`` or ``heating_per_H`` is not positive.

    See Also
    --------
    heating_per_hydrogen, crlib.heating.heating_lower_bound

    Examples
    --------
    >>> f"{float(cooling_balance_heating(9.0e-4, 1.0e-25)):.1e}"
    '9.0e-29'
    """
    fn = "cooling_balance_heating"
    n_H = require(fn, "n_H", n_H, positive=True, reason="a number density")
    G = require(fn, "heating_per_H", heating_per_H, positive=True, reason="a heating rate")
    return _scalar(n_H * G)


@quantity_input_cgs(n_H="cm-3", helium_abundance="", returns="cm-3", result="positive")
def electron_number_density(n_H, *, helium_abundance=0.1):
    r"""Electron density of a fully ionised H–He gas, :math:`n_e = (1 + 2y)\,n_H`.

    .. math::

        n_e = n_H + 2 n_{He} = (1 + 2y)\,n_H, \qquad y = n_{He}/n_H

    (a composition convention for the Section 6 medium of
    :cite:t:`Zweibel2020`: :math:`n_e` sets the radiative cooling that its
    heating per hydrogen atom balances).

    Parameters
    ----------
    n_H : float or array_like
        Hydrogen number density [cm^-3]; positive.
    helium_abundance : float, keyword-only
        :math:`y`; non-negative, default 0.1.

    Returns
    -------
    float or ndarray
        :math:`n_e` [cm^-3].

    Raises
    ------
    ValueError
        If ``n_H`` is not positive or ``helium_abundance`` is negative.

    See Also
    --------
    hydrogen_number_density, heating_per_hydrogen

    Examples
    --------
    >>> electron_number_density(1.0)
    1.2
    """
    fn = "electron_number_density"
    n_H = require(fn, "n_H", n_H, positive=True, reason="a number density")
    y = require(fn, "helium_abundance", helium_abundance, nonnegative=True,
                reason="a number ratio n_He/n_H")
    return _scalar((1.0 + 2.0 * y) * n_H)


@quantity_input_cgs(n_H="cm-3", T="K", helium_abundance="", returns="dyn cm-2", result="positive")
def thermal_pressure(n_H, T, *, helium_abundance=0.1):
    r"""Thermal pressure of a fully ionised H–He gas, :math:`P_g = (2+3y)\,n_H k_B T`.

    .. math::

        P_g = (n_H + n_{He} + n_e)\,k_B T = (2 + 3y)\,n_H\,k_B T

    the inverse of :func:`hydrogen_number_density` (ideal gas; a composition
    convention for Section 6 of :cite:t:`Zweibel2020`, whose medium is given
    by :math:`P_g` and :math:`T`).

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

    Raises
    ------
    ValueError
        If ``n_H`` or ``T`` is not positive, or ``helium_abundance`` is negative.

    See Also
    --------
    hydrogen_number_density : the inverse.

    Examples
    --------
    >>> f"{float(thermal_pressure(1.0, 1e4)):.4e}"
    '3.1755e-12'
    """
    fn = "thermal_pressure"
    n_H = require(fn, "n_H", n_H, positive=True, reason="a number density")
    T = require(fn, "T", T, positive=True, reason="a temperature")
    return _scalar(particles_per_hydrogen(helium_abundance=helium_abundance) * n_H * constants.k_B * T)


@quantity_input_cgs(n_H="cm-3", cooling_function="erg cm3 s-1", helium_abundance="", returns="erg s-1",
                    result="positive")
def heating_per_hydrogen(n_H, cooling_function, *, helium_abundance=0.1):
    r"""Heating per hydrogen atom that balances radiative cooling, :math:`\Gamma_0 = n_e\Lambda(T)`.

    .. math::

        n_H\,\Gamma_0 = n_e n_H\,\Lambda(T),\qquad n_e = (1+2y)\,n_H

    for a fully ionised H–He gas with cooling function :math:`\Lambda`
    (normalised to :math:`n_e n_H`, as in :cite:t:`SutherlandDopita1993`): the
    heating per hydrogen atom :math:`\Gamma_0` by which Section 6 of
    :cite:t:`Zweibel2020` states its medium's cooling balance.

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

    Raises
    ------
    ValueError
        If ``n_H`` or ``cooling_function`` is not positive, or ``helium_abundance`` is negative.

    See Also
    --------
    cooling_balance_heating, electron_number_density

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
    return _scalar((1.0 + 2.0 * y) * n_H * L)
