r"""Microscale response of the cosmic rays: Legendre description and pressure anisotropy (Section 2.2, Eqs. 5–10, 20–21).

A slowly changing field conserves each particle's magnetic moment
:math:`p^2(1-\mu^2)/B` and parallel momentum :math:`p\mu`; the resulting drift
in :math:`(p, \mu)` (Eqs. 5–6) makes an isotropic distribution anisotropic.
Expanding :math:`f` in Legendre polynomials (Eqs. 7–8), the :math:`l = 2`
coefficient measures the pressure anisotropy (Eq. 10)
(:cite:t:`Zweibel2020`, Section 2.2).

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

__all__ = [
    "momentum_rate",
    "pitch_cosine_rate",
    "legendre_coefficient",
    "particle_speed",
    "scalar_pressure",
    "parallel_pressure",
    "perpendicular_pressure",
    "pressure_anisotropy",
    "anisotropy_parameter",
    "relative_pressure_anisotropy",
    "adiabatic_solution",
    "adiabatic_power_law_profile",
    "legendre_coupling_coefficients",
    "adiabatic_legendre_series",
]


#: CGS unit of a distribution function normalised as n_c = int f d^3p: cm^-3 (g cm s^-1)^-3.
_F_UNIT = "cm-6 g-3 s3"


def _pitch_cosine(fn, mu):
    return require(fn, "mu", mu, at_least=-1.0, at_most=1.0, reason="a pitch-angle cosine lies in [-1, 1]")


@quantity_input_cgs(p="g cm s-1", mu="", field_rate="s-1", returns="g cm s-2")
def momentum_rate(p, mu, field_rate):
    r"""Adiabatic rate of change of the momentum magnitude (Eqs. 5–6).

    Conservation of :math:`p^2(1-\mu^2)/B` and :math:`p\mu` gives

    .. math::

        \frac{dp}{dt} = \frac{\dot B}{B}\,\frac{p(1-\mu^2)}{2}

    (:cite:t:`Zweibel2020`, Section 2.2).

    Parameters
    ----------
    p : float or array_like
        Momentum magnitude [g cm s^-1]; positive.
    mu : float or array_like
        Pitch-angle cosine; in :math:`[-1, 1]`.
    field_rate : float or array_like
        :math:`\dot B/B` [s^-1], signed (:math:`-1/\tau_B` for the expanding
        tube of Eq. 3).

    Returns
    -------
    float or ndarray
        :math:`dp/dt` [g cm s^-2].

    Raises
    ------
    ValueError
        If ``p`` is not positive, ``mu`` is outside [-1, 1], or an input is
        not finite.

    See Also
    --------
    pitch_cosine_rate, adiabatic_solution

    Examples
    --------
    >>> float(momentum_rate(2.0, 0.0, -0.5))
    -0.5
    """
    fn = "momentum_rate"
    p = require(fn, "p", p, positive=True, reason="a momentum magnitude")
    mu = _pitch_cosine(fn, mu)
    rate = require(fn, "field_rate", field_rate)
    return rate * p * (1.0 - mu**2) / 2.0


@quantity_input_cgs(mu="", field_rate="s-1", returns="s-1")
def pitch_cosine_rate(mu, field_rate):
    r"""Adiabatic rate of change of the pitch-angle cosine (Eqs. 5–6).

    .. math::

        \frac{d\mu}{dt} = -\frac{\dot B}{B}\,\frac{\mu(1-\mu^2)}{2}

    (:cite:t:`Zweibel2020`, Section 2.2): a weakening field
    (:math:`\dot B < 0`) turns pitch angles towards the field.

    Parameters
    ----------
    mu : float or array_like
        Pitch-angle cosine; in :math:`[-1, 1]`.
    field_rate : float or array_like
        :math:`\dot B/B` [s^-1], signed.

    Returns
    -------
    float or ndarray
        :math:`d\mu/dt` [s^-1].

    Raises
    ------
    ValueError
        If ``mu`` is outside [-1, 1] or an input is not finite.

    See Also
    --------
    momentum_rate, adiabatic_solution

    Examples
    --------
    >>> float(pitch_cosine_rate(0.5, -1.0))
    0.1875
    """
    fn = "pitch_cosine_rate"
    mu = _pitch_cosine(fn, mu)
    rate = require(fn, "field_rate", field_rate)
    return -rate * mu * (1.0 - mu**2) / 2.0


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


@quantity_input_cgs(mu="", B_ratio="")
def adiabatic_solution(f_init, p, mu, B_ratio):
    r"""Exact scatter-free solution of Eq. 6 (adiabatic invariants).

    .. math::

        f(p, \mu, t) = f_{\rm init}(p', \mu'),\qquad
        p'\mu' = p\mu,\quad p'^2(1-\mu'^2) = p^2(1-\mu^2)\frac{B_0}{B}

    with no injection: :math:`f` is constant along the characteristics that
    conserve the magnetic moment :math:`p_\perp^2/B` and the parallel
    momentum :math:`p\mu` (:cite:t:`Zweibel2020`, Section 2.2).

    Parameters
    ----------
    f_init : callable
        ``f_init(p, mu)``, the distribution when :math:`B = B_0`.
    p : float or array_like
        Momentum, a plain number in the unit ``f_init`` expects; positive.
    mu : float or array_like
        Pitch-angle cosine; in [-1, 1].
    B_ratio : float
        :math:`B/B_0`; positive.

    Returns
    -------
    ndarray
        :math:`f(p, \mu)` when the field is :math:`B`.

    Raises
    ------
    ValueError
        For a non-positive momentum or field ratio, :math:`|\mu| > 1`, or an
        ``f_init`` that is not callable.

    See Also
    --------
    momentum_rate, pitch_cosine_rate

    Examples
    --------
    A field-aligned particle keeps its momentum; a perpendicular one loses
    momentum as :math:`\sqrt{B}`:

    >>> f = lambda p, mu: p
    >>> float(adiabatic_solution(f, 2.0, 1.0, 0.25)), float(adiabatic_solution(f, 2.0, 0.0, 0.25))
    (2.0, 4.0)
    """
    fn = "adiabatic_solution"
    p = require(fn, "p", p, positive=True, reason="a momentum")
    mu = _pitch_cosine(fn, mu)
    B_ratio = require(fn, "B_ratio", B_ratio, positive=True, reason="a ratio of field strengths")
    if not callable(f_init):
        raise ValueError(f"{fn}: f_init = {f_init!r} must be a callable f_init(p, mu).")
    p_par = p * mu
    p_perp2 = p**2 * np.clip(1.0 - mu**2, 0.0, None) / B_ratio
    p0 = np.sqrt(p_par**2 + p_perp2)
    return f_init(p0, p_par / p0)


# ---------------------------------------------------------------------------
# Scatter-free response of an isotropic power law, exactly and as a Legendre
# series (chapter "Microscale response", Eqs. B2.2.2-B2.2.6)
# ---------------------------------------------------------------------------

def _field_ratio(fn, B_ratio):
    return require(fn, "B_ratio", B_ratio, positive=True, reason="a ratio of field strengths B/B_0")


@quantity_input_cgs(mu="", B_ratio="", spectral_index="", returns="", result="positive")
def adiabatic_power_law_profile(mu, B_ratio, spectral_index):
    r"""Pitch-angle profile of an initially isotropic power law after scatter-free field change.

    Without scattering or injection, :math:`f \propto p^{-a}` at
    :math:`B = B_0` becomes, by the conservation of :math:`p\mu` and
    :math:`p^2(1-\mu^2)/B` (Eqs. 5–6, :func:`adiabatic_solution`),

    .. math::

        \frac{f(p,\mu)}{p^{-a}} = \left[\mu^2 + \frac{1-\mu^2}{b}\right]^{-a/2},
        \qquad b \equiv \frac{B}{B_0}

    at every momentum (:cite:t:`Zweibel2020`, Section 2.2; the book's
    Eq. B2.2.5).  An expanding tube (:math:`b < 1`) depletes large pitch
    angles: the profile is 1 along the field and :math:`b^{a/2}` across it.

    Parameters
    ----------
    mu : float or array_like
        Pitch-angle cosine [dimensionless]; in [-1, 1].
    B_ratio : float or array_like
        :math:`b = B/B_0` [dimensionless]; positive.
    spectral_index : float or array_like
        :math:`a` of the initial :math:`f \propto p^{-a}` [dimensionless];
        real.

    Returns
    -------
    float or ndarray
        :math:`f(p,\mu)\,p^{a}` [dimensionless], broadcast over the inputs.

    Raises
    ------
    ValueError
        For :math:`|\mu| > 1`, a non-positive ``B_ratio`` or non-finite
        input, naming the argument.

    See Also
    --------
    adiabatic_solution : the same characteristics for any initial ``f``.
    adiabatic_legendre_series : the Legendre coefficients of this profile.

    Examples
    --------
    After the field has halved, particles moving across it are depleted by
    :math:`2^{-a/2}`:

    >>> f"{float(adiabatic_power_law_profile(0.0, 0.5, 4.7)):.4f}"
    '0.1961'
    >>> float(adiabatic_power_law_profile(1.0, 0.5, 4.7))
    1.0
    """
    fn = "adiabatic_power_law_profile"
    mu = _pitch_cosine(fn, mu)
    b = _field_ratio(fn, B_ratio)
    a = require(fn, "spectral_index", spectral_index, reason="a spectral index")
    return (mu**2 + (1.0 - mu**2) / b) ** (-a / 2.0)


@quantity_input_cgs()
def legendre_coupling_coefficients(l):
    r"""Coefficients with which the operator of Eq. 6 couples Legendre order :math:`l` to :math:`l, l\pm2`.

    Writing Eq. 6 as :math:`\partial_t f + (\dot B/B)\,\mathcal{L}f = \Delta f`
    with :math:`\mathcal{L} = \tfrac12(1-\mu^2)(p\,\partial_p - \mu\,\partial_\mu)`,

    .. math::

        \mathcal{L}\,[g(p)\,P_l(\mu)] = \sum_{j\in\{-2,0,2\}} P_{l+j}(\mu)
        \left[\alpha_j(l)\,p\,\frac{dg}{dp} + \beta_j(l)\,g\right],

    .. math::

        \begin{aligned}
        \alpha_{+2} &= -\frac{(l+1)(l+2)}{2(2l+1)(2l+3)}, &
        \beta_{+2} &= \frac{l(l+1)(l+2)}{2(2l+1)(2l+3)}, \\
        \alpha_{0} &= \frac{l^2+l-1}{(2l-1)(2l+3)}, &
        \beta_{0} &= -\frac{l(l+1)}{2(2l-1)(2l+3)}, \\
        \alpha_{-2} &= -\frac{l(l-1)}{2(2l-1)(2l+1)}, &
        \beta_{-2} &= -\frac{(l-1)l(l+1)}{2(2l-1)(2l+1)}
        \end{aligned}

    (:cite:t:`Zweibel2020`, Eqs. 7–9; derived for general :math:`l` in the
    chapter *Microscale response*, Eqs. B2.2.2–B2.2.3).  For :math:`l = 0`
    only :math:`\alpha_0 = 1/3` and :math:`\alpha_{+2} = -1/3` survive:
    Eq. 9.

    Parameters
    ----------
    l : int
        Legendre order [dimensionless]; non-negative.

    Returns
    -------
    alpha, beta : ndarray
        Shape ``(3,)`` each, for :math:`j = -2, 0, +2` in that order
        [dimensionless]; the :math:`j = -2` entries vanish for
        :math:`l = 0, 1`.

    Raises
    ------
    ValueError
        If ``l`` is not a non-negative integer.

    See Also
    --------
    adiabatic_legendre_series : the scatter-free evolution built from them.

    Examples
    --------
    >>> alpha, beta = legendre_coupling_coefficients(2)
    >>> [round(float(x), 6) for x in alpha], [round(float(x), 6) for x in beta]
    ([-0.066667, 0.238095, -0.171429], [-0.2, -0.142857, 0.342857])
    """
    fn = "legendre_coupling_coefficients"
    l = require(fn, "l", l, integer=True, at_least=0, reason="a Legendre order")
    return _coupling_coefficients(np.asarray(float(l)))


def _coupling_coefficients(l):
    """alpha, beta of Eq. B2.2.3 for an array of orders: shape l.shape + (3,), j = -2, 0, +2."""
    lo, hi = (2 * l - 1) * (2 * l + 1), (2 * l + 1) * (2 * l + 3)
    mid = (2 * l - 1) * (2 * l + 3)
    alpha = np.stack([-l * (l - 1) / (2.0 * lo), (l * l + l - 1) / mid, -(l + 1) * (l + 2) / (2.0 * hi)], axis=-1)
    beta = np.stack([-(l - 1) * l * (l + 1) / (2.0 * lo), -l * (l + 1) / (2.0 * mid),
                     l * (l + 1) * (l + 2) / (2.0 * hi)], axis=-1)
    return alpha, beta


#: Largest |f_lmax / f_0| that adiabatic_legendre_series accepts as a converged truncation.
SERIES_TRUNCATION_TOLERANCE = 1e-12


@quantity_input_cgs(B_ratio="", spectral_index="")
def adiabatic_legendre_series(B_ratio, spectral_index, *, l_max=60):
    r"""Legendre coefficients of an initially isotropic power law after scatter-free field change.

    For :math:`f = p^{-a}` at :math:`B = B_0`, Eq. 6 without scattering or
    injection keeps every Legendre coefficient a power law,
    :math:`f_l = c_l(\tau)\,p^{-a}` with :math:`\tau = \ln(B/B_0)`, and
    the even coefficients obey the linear system

    .. math::

        \frac{dc}{d\tau} = -M\,c,\qquad
        M_{l+j,\,l} = -a\,\alpha_j(l) + \beta_j(l),\qquad c(0) = (1, 0, 0, \dots)

    with the coupling coefficients of :func:`legendre_coupling_coefficients`
    (:cite:t:`Zweibel2020`, Eqs. 6–9; the book's Eq. B2.2.6).  The series
    is truncated at ``l_max`` and solved with a matrix exponential.  To first
    order in :math:`\ln(B_0/B)`, :math:`c_2/c_0 = (a/3)\ln(B_0/B)` (Eq. 9).

    Parameters
    ----------
    B_ratio : float
        :math:`b = B/B_0` [dimensionless]; positive.
    spectral_index : float
        :math:`a` of the initial :math:`f \propto p^{-a}` [dimensionless];
        real.
    l_max : int, keyword-only
        Highest Legendre order kept; even, at least 2.  Default 60.

    Returns
    -------
    ndarray
        :math:`c_l` for :math:`l = 0, 2, \dots, l_{\max}` [dimensionless].

    Raises
    ------
    ValueError
        For a non-positive ``B_ratio``, an ``l_max`` that is not an even
        integer of at least 2, or a truncation that has not converged
        (:math:`|c_{l_{\max}}/c_0|` above
        ``SERIES_TRUNCATION_TOLERANCE``: the field changed too much for
        ``l_max`` orders).

    See Also
    --------
    adiabatic_power_law_profile : the exact profile these coefficients expand.
    legendre_coefficient : Eq. 8, to project the exact profile directly.

    Examples
    --------
    After the field has halved, for :math:`a = 4.7`:

    >>> c = adiabatic_legendre_series(0.5, 4.7)
    >>> f"{c[1] / c[0]:.4f}", f"{c[2] / c[0]:.4f}"
    ('1.1692', '0.4698')
    """
    from scipy.linalg import expm

    fn = "adiabatic_legendre_series"
    b = float(_field_ratio(fn, B_ratio))
    a = float(require(fn, "spectral_index", spectral_index, reason="a spectral index"))
    l_max = require(fn, "l_max", l_max, integer=True, at_least=2, reason="the highest Legendre order kept")
    if l_max % 2:
        raise ValueError(f"{fn}: l_max = {l_max} must be even (an isotropic start fills only even orders).")
    orders = np.arange(0, l_max + 1, 2)
    alpha, beta = _coupling_coefficients(orders.astype(float))
    entries = -a * alpha + beta                       # column l, rows l - 2, l, l + 2
    M = (np.diag(entries[1:, 0], 1)                   # l - 2 <- l
         + np.diag(entries[:, 1])                     # l <- l
         + np.diag(entries[:-1, 2], -1))              # l + 2 <- l
    c0 = np.zeros(orders.size)
    c0[0] = 1.0
    c = expm(-M * np.log(b)) @ c0
    tail = abs(c[-1] / c[0])
    if not np.isfinite(tail) or tail > SERIES_TRUNCATION_TOLERANCE:
        raise ValueError(
            f"{fn}: the series truncated at l_max = {l_max} has not converged for B_ratio = {b:.3g} "
            f"(|c_lmax/c_0| = {tail:.1e} > {SERIES_TRUNCATION_TOLERANCE:.0e}); raise l_max or keep "
            "B_ratio nearer 1."
        )
    return c
