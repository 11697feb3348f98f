r"""Legendre description of the cosmic rays, their pressures and the pressure anisotropy (Section 2.2, Eqs. 7–10, 20–21).

A slowly changing field makes an isotropic distribution anisotropic (the
drift and its exact solution are in :mod:`crlib.adiabatic`).  Expanding
:math:`f` in Legendre polynomials (Eqs. 7–8), the :math:`l = 2` coefficient
measures the pressure anisotropy (Eq. 10) (:cite:t:`Zweibel2020`,
Section 2.2).

Conventions.  The book's convention (see *Conventions and notation*):
momentum-space integrals use :math:`d^3p = 2\pi p^2\,dp\,d\mu` and
:math:`n_c = \int f\,d^3p`.  The paper's Eqs. 10, 13, 15 and 17 are written
for the gyrophase-integrated distribution :math:`\bar f = 2\pi f`, with
element :math:`p^2\,dp\,d\mu`; that is the convention in which Eq. 10
carries the printed coefficient 2/5.  In the book's convention the same
coefficient is :math:`4\pi/5`.  Ratios such as :math:`\Delta P_c/P_c` do not
depend on the choice.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import simpson
from scipy.special import eval_legendre

from crlib import constants
from crlib._validation import is_quantity, quantity_input_cgs, require
from crlib.heating_exact import pressure_weighted_c_over_v

__all__ = [
    "legendre_coefficient",
    "particle_speed",
    "scalar_pressure",
    "parallel_pressure",
    "perpendicular_pressure",
    "pressure_anisotropy",
    "anisotropy_parameter",
    "relative_pressure_anisotropy",
    "resonant_cosmic_ray_density",
    "drift_speed",
]


#: CGS unit of a distribution function normalised as n_c = int f d^3p: cm^-3 (g cm s^-1)^-3.
_F_UNIT = "cm-6 g-3 s3"


@quantity_input_cgs()
def legendre_coefficient(f, l, *, order=64):
    r"""Legendre coefficient :math:`f_l` of a distribution function (Eq. 8).

    .. math::

        f_l(p, t) \equiv \frac{2l+1}{2}\int_{-1}^{1} f(p, \mu, t)\,P_l(\mu)\,d\mu

    evaluated by Gauss–Legendre quadrature, exact when :math:`f` is a
    polynomial in :math:`\mu` of degree below ``2*order - l``
    (:cite:t:`Zweibel2020`, Eqs. 7–8).

    Parameters
    ----------
    f : callable
        ``f(mu)`` returning the distribution function [any units] with the
        pitch-angle cosine along the **last** axis; ``mu`` is passed as a
        1-d array of quadrature nodes.  Other axes (momentum, time) pass
        through.
    l : int
        Legendre order; non-negative.
    order : int, keyword-only
        Number of Gauss–Legendre nodes; at least 1.

    Returns
    -------
    float or ndarray
        :math:`f_l`, in the units of ``f`` (a Quantity if ``f`` returns
        one), with the last axis of ``f(mu)`` integrated out.

    Raises
    ------
    ValueError
        If ``l`` or ``order`` is not an allowed integer, or ``f`` returns
        non-finite values.

    See Also
    --------
    scalar_pressure, pressure_anisotropy

    Examples
    --------
    :math:`\mu^2 = P_0/3 + 2P_2/3`:

    >>> round(float(legendre_coefficient(lambda mu: mu**2, 2)), 12)
    0.666666666667
    """
    fn = "legendre_coefficient"
    l = require(fn, "l", l, integer=True, at_least=0, reason="a Legendre order")
    order = require(fn, "order", order, integer=True, at_least=1, reason="quadrature nodes")
    if not callable(f):
        raise ValueError(f"{fn}: f = {f!r} must be a callable f(mu).")
    nodes, weights = np.polynomial.legendre.leggauss(order)
    values = f(nodes)
    unit = values.unit if is_quantity(values) else None  # f_l carries the unit of f
    values = require(fn, "f(mu)", values if unit is None else values.value, reason="a distribution function")
    f_l = (2 * l + 1) / 2.0 * np.sum(values * eval_legendre(l, nodes) * weights, axis=-1)
    return f_l if unit is None else f_l * unit


@quantity_input_cgs(p="g cm s-1", mass="g", returns="cm s-1", result="positive")
def particle_speed(p, *, mass=constants.m_p):
    r"""Speed of a particle of momentum :math:`p`.

    .. math::

        v = \frac{p c^2}{E} = \frac{p c}{\sqrt{p^2 + m^2c^2}}

    the :math:`v(p)` inside the pressure integrals of Eq. 10
    (:cite:t:`Zweibel2020`).

    Parameters
    ----------
    p : float or array_like
        Momentum [g cm s^-1]; positive.
    mass : float, keyword-only
        Rest mass [g]; default the proton mass.  Zero gives :math:`v = c`.

    Returns
    -------
    float or ndarray
        :math:`v` [cm s^-1].

    Raises
    ------
    ValueError
        If ``p`` is not positive, ``mass`` is negative, or an input is not
        finite.

    See Also
    --------
    scalar_pressure, crlib.heating_exact.pressure_weighted_c_over_v

    Examples
    --------
    >>> from crlib import constants
    >>> p = constants.m_p * constants.c  # gamma = sqrt(2)
    >>> round(float(particle_speed(p) / constants.c), 6)
    0.707107
    """
    p = require("particle_speed", "p", p, positive=True, reason="a momentum magnitude")
    require("particle_speed", "mass", mass, nonnegative=True, reason="a rest mass")
    mc = mass * constants.c
    return p * constants.c / np.sqrt(p**2 + mc**2)


def _momentum_moment(fn, name, f_l, p, mass):
    p = require(fn, "p", p, positive=True, reason="a momentum grid")
    if p.ndim != 1 or p.size < 3 or not np.all(np.diff(p) > 0):
        raise ValueError(f"{fn}: p must be a strictly increasing 1-d grid of at least 3 momenta.")
    f_l = require(fn, name, f_l, reason="Legendre coefficients of the distribution function")
    if f_l.shape[-1:] != p.shape:
        raise ValueError(
            f"{fn}: {name} has shape {f_l.shape}; its last axis must match the momentum grid ({p.size})."
        )
    # 2 pi from the gyrophase: d^3p = 2 pi p^2 dp dmu
    return 2.0 * np.pi * simpson(f_l * p * particle_speed(p, mass=mass) * p**2, x=p, axis=-1)


@quantity_input_cgs(f0=_F_UNIT, p="g cm s-1", mass="g", returns="dyn cm-2")
def scalar_pressure(f0, p, *, mass=constants.m_p):
    r"""Scalar cosmic-ray pressure :math:`P_c = (P_{c\parallel} + 2P_{c\perp})/3` (Eqs. 10, 21).

    .. math::

        P_c = \frac{1}{3}\int f\,p\,v\,d^3p
        = \frac{4\pi}{3}\int f_0\,p\,v\,p^2\,dp

    Only the isotropic part contributes (:cite:t:`Zweibel2020`, below Eq. 21).
    Simpson's rule on the given grid; the integrand must be negligible at
    the grid's ends.

    Parameters
    ----------
    f0 : array_like
        Isotropic part :math:`f_0(p)` on the grid, momentum along the last
        axis [cm^-3 (g cm s^-1)^-3], normalised as :math:`n_c = \int f\,d^3p`.
    p : array_like
        Strictly increasing 1-d momentum grid [g cm s^-1].
    mass : float, keyword-only
        Particle rest mass [g] in :math:`v(p)`; default the proton mass.

    Returns
    -------
    float or ndarray
        :math:`P_c` [dyn cm^-2].

    Raises
    ------
    ValueError
        If ``p`` is not a strictly increasing, positive 1-d grid of at least
        three momenta, ``f0``'s last axis does not match it, ``mass`` is
        negative, or an input is not finite.

    See Also
    --------
    parallel_pressure, perpendicular_pressure, pressure_anisotropy

    Examples
    --------
    >>> import numpy as np
    >>> from crlib import constants
    >>> p = np.linspace(1.0, 2.0, 101)
    >>> round(float(scalar_pressure(np.ones_like(p), p, mass=0.0) / (constants.c * np.pi)), 6)  # (4/3)(2^4-1)/4
    5.0
    """
    return (2.0 / 3.0) * _momentum_moment("scalar_pressure", "f0", f0, p, mass)


@quantity_input_cgs(f0=_F_UNIT, f2=_F_UNIT, p="g cm s-1", mass="g", returns="dyn cm-2")
def parallel_pressure(f0, f2, p, *, mass=constants.m_p):
    r"""Parallel cosmic-ray pressure :math:`P_{c\parallel}` (Eq. 10).

    .. math::

        P_{c\parallel} = \int f\,p\,v\,\mu^2\,d^3p
        = 2\pi\int \left(\frac{2}{3} f_0 + \frac{4}{15} f_2\right) p\,v\,p^2\,dp

    (:cite:t:`Zweibel2020`, Eq. 10).

    Parameters
    ----------
    f0, f2 : array_like
        Legendre coefficients :math:`f_0(p)`, :math:`f_2(p)` on the grid
        [cm^-3 (g cm s^-1)^-3], momentum along the last axis.
    p : array_like
        Strictly increasing 1-d momentum grid [g cm s^-1].
    mass : float, keyword-only
        Particle rest mass [g]; default the proton mass.

    Returns
    -------
    float or ndarray
        :math:`P_{c\parallel}` [dyn cm^-2].

    Raises
    ------
    ValueError
        If ``p`` is not a strictly increasing, positive 1-d grid of at least
        three momenta, the last axis of ``f0`` or ``f2`` does not match it,
        ``mass`` is negative, or an input is not finite.

    See Also
    --------
    perpendicular_pressure, scalar_pressure, pressure_anisotropy

    Examples
    --------
    >>> import numpy as np
    >>> p = np.linspace(1.0, 2.0, 101)
    >>> one = np.ones_like(p)
    >>> bool(np.isclose(parallel_pressure(one, 0 * one, p), scalar_pressure(one, p)))
    True
    """
    fn = "parallel_pressure"
    return (2.0 / 3.0) * _momentum_moment(fn, "f0", f0, p, mass) + (4.0 / 15.0) * _momentum_moment(
        fn, "f2", f2, p, mass
    )


@quantity_input_cgs(f0=_F_UNIT, f2=_F_UNIT, p="g cm s-1", mass="g", returns="dyn cm-2")
def perpendicular_pressure(f0, f2, p, *, mass=constants.m_p):
    r"""Perpendicular cosmic-ray pressure :math:`P_{c\perp}` (Eq. 10).

    .. math::

        P_{c\perp} = \int f\,p\,v\,\frac{1-\mu^2}{2}\,d^3p
        = 2\pi\int \left(\frac{2}{3} f_0 - \frac{2}{15} f_2\right) p\,v\,p^2\,dp

    (:cite:t:`Zweibel2020`, Eq. 10).

    Parameters
    ----------
    f0, f2 : array_like
        Legendre coefficients on the grid [cm^-3 (g cm s^-1)^-3], momentum
        along the last axis.
    p : array_like
        Strictly increasing 1-d momentum grid [g cm s^-1].
    mass : float, keyword-only
        Particle rest mass [g]; default the proton mass.

    Returns
    -------
    float or ndarray
        :math:`P_{c\perp}` [dyn cm^-2].

    Raises
    ------
    ValueError
        If ``p`` is not a strictly increasing, positive 1-d grid of at least
        three momenta, the last axis of ``f0`` or ``f2`` does not match it,
        ``mass`` is negative, or an input is not finite.

    See Also
    --------
    parallel_pressure, scalar_pressure, pressure_anisotropy

    Examples
    --------
    >>> import numpy as np
    >>> p = np.linspace(1.0, 2.0, 101)
    >>> one = np.ones_like(p)
    >>> bool(np.isclose(perpendicular_pressure(one, one, p) + pressure_anisotropy(one, p),
    ...                 parallel_pressure(one, one, p)))
    True
    """
    fn = "perpendicular_pressure"
    return (2.0 / 3.0) * _momentum_moment(fn, "f0", f0, p, mass) - (2.0 / 15.0) * _momentum_moment(
        fn, "f2", f2, p, mass
    )


@quantity_input_cgs(f2=_F_UNIT, p="g cm s-1", mass="g", returns="dyn cm-2")
def pressure_anisotropy(f2, p, *, mass=constants.m_p):
    r"""Cosmic-ray pressure anisotropy :math:`\Delta P_c` from :math:`f_2` (Eq. 10).

    .. math::

        \Delta P_c \equiv P_{c\parallel} - P_{c\perp}
        = \int f\,p\,v\,P_2(\mu)\,d^3p
        = \frac{4\pi}{5}\int f_2\,p\,v\,p^2\,dp

    (:cite:t:`Zweibel2020`, Eq. 10, which prints :math:`2/5` for the
    gyrophase-integrated :math:`\bar f = 2\pi f`; see the module docstring).
    Simpson's rule on the given grid.

    Parameters
    ----------
    f2 : array_like
        Legendre coefficient :math:`f_2(p)` on the grid [cm^-3 (g cm s^-1)^-3],
        momentum along the last axis.
    p : array_like
        Strictly increasing 1-d momentum grid [g cm s^-1].
    mass : float, keyword-only
        Particle rest mass [g]; default the proton mass.

    Returns
    -------
    float or ndarray
        :math:`\Delta P_c` [dyn cm^-2].

    Raises
    ------
    ValueError
        If the grid is not strictly increasing or shapes do not match.

    See Also
    --------
    parallel_pressure, perpendicular_pressure, anisotropy_parameter

    Examples
    --------
    >>> import numpy as np
    >>> from crlib import constants
    >>> p = np.linspace(1.0, 2.0, 101)
    >>> round(float(pressure_anisotropy(np.ones_like(p), p, mass=0.0) / (constants.c * np.pi)), 6)  # (4/5)(15/4)
    3.0
    """
    return 0.4 * _momentum_moment("pressure_anisotropy", "f2", f2, p, mass)


#: :math:`\zeta` per unit :math:`\Delta P_c/P_c` for ultrarelativistic particles (Eq. 21).
ZETA_PER_ANISOTROPY = 5.0 / 12.0


@quantity_input_cgs(anisotropy="", returns="")
def anisotropy_parameter(anisotropy):
    r"""Anisotropy parameter :math:`\zeta` of the ansatz Eq. 20 from :math:`\Delta P_c/P_c` (Eq. 21).

    For :math:`f = f_0 - \zeta\,p\,(df_0/dp)\,P_2(\mu)` (Eq. 20) of
    ultrarelativistic particles, with :math:`p^4 f_0 \to 0` at both ends of
    the spectrum,

    .. math::

        \zeta = \frac{5}{12}\,\frac{\Delta P_c}{P_c}

    (:cite:t:`Zweibel2020`, Eq. 21).  Particles with Lorentz factor
    :math:`\gamma` contribute with weight :math:`4 + 1/\gamma^2` instead of
    4, so non-relativistic particles would give :math:`\zeta = \Delta
    P_c/(3P_c)`; see the chapter *Pressure anisotropy instability*.

    Parameters
    ----------
    anisotropy : float or array_like
        :math:`\Delta P_c/P_c` [dimensionless], signed; magnitude below 1.

    Returns
    -------
    float or ndarray
        :math:`\zeta` [dimensionless].

    Raises
    ------
    ValueError
        If ``|anisotropy| >= 1`` (outside the small-anisotropy ansatz) or it
        is not finite.

    See Also
    --------
    relative_pressure_anisotropy, crlib.instability.threshold_zeta

    Examples
    --------
    >>> float(anisotropy_parameter(1.2e-3))
    0.0005
    """
    x = require("anisotropy_parameter", "anisotropy", anisotropy, greater_than=-1.0, less_than=1.0,
                reason="|Delta P_c/P_c| < 1 for the small-anisotropy ansatz (Eq. 20)")
    return ZETA_PER_ANISOTROPY * x


@quantity_input_cgs(zeta="", returns="")
def relative_pressure_anisotropy(zeta):
    r"""Relative pressure anisotropy :math:`\Delta P_c/P_c` from :math:`\zeta` (Eq. 21).

    The inverse of :func:`anisotropy_parameter`:

    .. math::

        \frac{\Delta P_c}{P_c} = \frac{12}{5}\,\zeta

    for ultrarelativistic particles (:cite:t:`Zweibel2020`, Eq. 21).

    Parameters
    ----------
    zeta : float or array_like
        Anisotropy parameter of Eq. 20 [dimensionless], signed; magnitude
        below 5/12.

    Returns
    -------
    float or ndarray
        :math:`\Delta P_c/P_c` [dimensionless].

    Raises
    ------
    ValueError
        If ``|zeta| >= 5/12`` (an anisotropy of 100 % or more) or it is not
        finite.

    See Also
    --------
    anisotropy_parameter, crlib.instability.threshold_anisotropy

    Examples
    --------
    >>> round(float(relative_pressure_anisotropy(0.25)), 12)
    0.6
    """
    zeta = require("relative_pressure_anisotropy", "zeta", zeta, greater_than=-ZETA_PER_ANISOTROPY,
                   less_than=ZETA_PER_ANISOTROPY,
                   reason="|zeta| < 5/12 keeps |Delta P_c/P_c| < 1 (small-anisotropy ansatz, Eq. 20)")
    return zeta / ZETA_PER_ANISOTROPY


@quantity_input_cgs(P_c="dyn cm-2", spectral_index="", p_1="g cm s-1", returns="cm-3", result="positive")
def resonant_cosmic_ray_density(P_c, spectral_index, *, p_1=constants.m_p * constants.c,
                                speed="ultrarelativistic"):
    r"""Number density :math:`n_c(>p_1)` of a power-law spectrum of given pressure.

    For :math:`f_0 = K p^{-a}` for :math:`p \ge p_1` (and no particles below),
    with ultrarelativistic particles (:math:`v = c`),

    .. math::

        P_c = \frac{4\pi c K}{3}\,\frac{p_1^{4-a}}{a-4},\qquad
        n_c(>p_1) = 4\pi K\,\frac{p_1^{3-a}}{a-3}
        = \frac{3(a-4)}{a-3}\,\frac{P_c}{p_1 c} ;

    with the exact speed :math:`v = pc/(p^2 + m_p^2c^2)^{1/2}` the same
    pressure needs :math:`\langle c/v\rangle_P` times more particles,
    :math:`n_c = \langle c/v\rangle_P\,3(a-4)P_c/[(a-3)p_1c]`
    (:func:`crlib.heating_exact.pressure_weighted_c_over_v`; protons).  The
    density of resonant particles enters the growth rates Eqs. 19 and 23 of
    :cite:t:`Zweibel2020`; the mean energy per particle of the
    ultrarelativistic spectrum is :math:`3P_c/n_c = (a-3)\,p_1 c/(a-4)`.

    Parameters
    ----------
    P_c : float or array_like
        Cosmic-ray pressure [dyn cm^-2]; positive.
    spectral_index : float or array_like
        Power-law index; must exceed 4 (finite pressure).
    p_1 : float, keyword-only
        Lower end of the spectrum, the minimum resonant momentum
        [g cm s^-1]; default :math:`m_p c` (about 1 GeV/c).
    speed : {"ultrarelativistic", "exact"}, keyword-only
        :math:`v = c` for every particle (the paper's assumption, default), or
        the exact proton speed.

    Returns
    -------
    float or ndarray
        :math:`n_c(>p_1)` [cm^-3].

    Raises
    ------
    ValueError
        If ``P_c`` or ``p_1`` is not positive, ``spectral_index <= 4``,
        ``speed`` is not ``'ultrarelativistic'`` or ``'exact'``, or an input
        is not finite.

    See Also
    --------
    crlib.scattering.nonlinear_landau_scattering_frequency, crlib.heating_exact.pressure_weighted_c_over_v

    Examples
    --------
    >>> f"{float(resonant_cosmic_ray_density(8.2e-14, 4.7)):.3e}"
    '6.738e-11'
    >>> f"{float(resonant_cosmic_ray_density(8.2e-14, 4.7, speed='exact')):.3e}"
    '7.434e-11'
    """
    fn = "resonant_cosmic_ray_density"
    require(fn, "speed", speed, choices=("ultrarelativistic", "exact"))
    P_c = require(fn, "P_c", P_c, positive=True, reason="a cosmic-ray pressure")
    a = require(fn, "spectral_index", spectral_index, greater_than=4.0,
                reason="the ultrarelativistic pressure of f0 ~ p^-a is finite only for a > 4")
    p_1 = require(fn, "p_1", p_1, positive=True, reason="a momentum")
    n_c = 3.0 * (a - 4.0) / (a - 3.0) * P_c / (p_1 * constants.c)
    if speed == "exact":
        c_over_v = np.vectorize(pressure_weighted_c_over_v)(a, p_1 / (constants.m_p * constants.c))
        n_c = n_c * c_over_v
    return n_c


@quantity_input_cgs(alpha="", returns="cm s-1")
def drift_speed(alpha):
    r"""Streaming (drift) speed of the drift-anisotropic distribution (Eq. 17).

    For :math:`f = f_0 - \alpha\,p\,(\partial f_0/\partial p)\,P_1(\mu)`
    (Eq. 16) of ultrarelativistic particles (:math:`v = c`),

    .. math::

        v_D \equiv \frac{1}{n_c}\int v\mu f\,p^2\,dp\,d\mu = \alpha c

    (:cite:t:`Zweibel2020`, Eq. 17).

    Parameters
    ----------
    alpha : float or array_like
        Drift-anisotropy parameter of Eq. 16 [dimensionless]; its magnitude
        must be below 1 (a drift slower than light).

    Returns
    -------
    float or ndarray
        :math:`v_D` [cm s^-1], signed like ``alpha``.

    Raises
    ------
    ValueError
        If ``|alpha| >= 1`` (a drift at or above c) or it is not finite.

    See Also
    --------
    crlib.instability.growth_rate_drift, crlib.combined.growth_rate_combined

    Examples
    --------
    >>> from crlib import constants
    >>> float(drift_speed(1e-4) / constants.c)
    0.0001
    """
    alpha = require("drift_speed", "alpha", alpha, greater_than=-1.0, less_than=1.0,
                    reason="|alpha| < 1 so that the drift is slower than light")
    return alpha * constants.c
