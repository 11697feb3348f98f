r"""Adiabatic response of the cosmic rays to a changing field (Section 2.2, Eqs. 5–9).

A field that changes slowly compared with the gyration conserves each
particle's magnetic moment :math:`p^2(1-\mu^2)/B` and, at fixed parallel
length, its parallel momentum :math:`p\mu`.  This module holds the drift in
:math:`(p, \mu)` these invariants imply (Eqs. 5–6), the exact scatter-free
solution they give, and the same solution for an initially isotropic power law
as a closed-form pitch-angle profile and as a Legendre series (the coupled
Eqs. 7–9 without scattering) (:cite:t:`Zweibel2020`, Section 2.2).  The
moments of :math:`f` and the anisotropy measures are in
:mod:`crlib.anisotropy`.
"""

from __future__ import annotations

import numpy as np

from crlib._validation import quantity_input_cgs, require

__all__ = [
    "momentum_rate",
    "pitch_cosine_rate",
    "adiabatic_solution",
    "adiabatic_power_law_profile",
    "legendre_coupling_coefficients",
    "adiabatic_legendre_series",
]


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
# series
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
    crlib.anisotropy.legendre_coefficient : Eq. 8, to project the exact profile directly.

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
