r"""The heating at the paper's leading order, solved exactly (Section 4.2, Eqs. 39–48).

Equation 42 of :cite:t:`Zweibel2020` balances the adiabatic driver against
scattering only through the :math:`P_2` moment, which bounds the heating from
below (Eq. 48, :func:`crlib.heating.heating_lower_bound`).  At the same
ordering (anisotropy in quasi-steady balance, :math:`f \to f_0` in the
driver) the :math:`\mu`-dependent part of Eq. 39 fixes the pitch-angle flux
for *any* scattering frequency :math:`\nu(p,\mu)`, and with it the heating
and the anisotropy (derived in the chapter *Beyond the bound*):

* :func:`quasi_steady_pitch_angle_flux` and :func:`quasi_steady_zeta`, the
  flux and the anisotropy parameter of the quasi-steady state;
* :func:`pressure_anisotropy_heating`, the heating itself, 15/8 of the bound
  for ultrarelativistic particles;
* :func:`pressure_weighted_c_over_v`, :func:`cutoff_heating_factor` and
  :func:`heating_to_bound_ratio`, its dependence on the spectrum of a power
  law and on how the spectrum ends.

Every name here is also importable from :mod:`crlib.heating`.
"""

from __future__ import annotations

import math

import numpy as np

from crlib import constants
from crlib._validation import quantity_input_cgs, require

__all__ = [
    "pressure_anisotropy_heating",
    "quasi_steady_pitch_angle_flux",
    "quasi_steady_zeta",
    "pressure_weighted_c_over_v",
    "cutoff_heating_factor",
    "heating_to_bound_ratio",
]

#: Coefficient of the exact leading-order heating, :math:`H = \tfrac12 (v_A/c)\langle c/v\rangle_P P_c/\tau_B`
#: (chapter *Beyond the bound*); 15/8 of :data:`crlib.heating.HEATING_BOUND_COEFFICIENT`.
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


@quantity_input_cgs(v_A="cm s-1", P_c="dyn cm-2", tau_B="s", mean_c_over_v="", returns="erg cm-3 s-1",
                    result="positive")
def pressure_anisotropy_heating(v_A, P_c, tau_B, *, mean_c_over_v=1.0):
    r"""Heating by pressure-anisotropy instability, for any scattering frequency (Eqs. 39–48).

    .. math::

        H_{pa} &= \int v F_p\, d^3p \\
        &= \frac{2\pi}{3}\left|\frac{\dot B}{B}\right| v_A \int_0^\infty p^3 f_0\,dp \\
        &= \frac{1}{2}\frac{v_A}{c}\left\langle\frac{c}{v}\right\rangle_P
          \frac{P_c}{|\tau_B|}
        = \frac{15}{8}\left\langle\frac{c}{v}\right\rangle_P
          \times \frac{4}{15}\frac{v_A}{c}\frac{P_c}{|\tau_B|},
        \\
        &\left\langle\frac{c}{v}\right\rangle_P
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
    the ultrarelativistic form of Eq. 48 (:func:`crlib.heating.heating_lower_bound`) by
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
    crlib.heating.heating_lower_bound, heating_to_bound_ratio, pressure_weighted_c_over_v, crlib.heating.heating_ratio

    Examples
    --------
    The Section 6 values (compare :func:`crlib.heating.heating_lower_bound`, 15/8 smaller):

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
    return EXACT_HEATING_COEFFICIENT * mean_c_over_v * (v_A / constants.c) * P_c / np.abs(tau_B)


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

        \zeta &= \operatorname{sign}(\tau_B)\,\frac{5}{8}\frac{v_A}{v}
        + \frac{5}{6\tau_B}\int_0^1 \frac{\mu^2(1-\mu^2)}{\nu(\mu)}\,d\mu \\
        &= \operatorname{sign}(\tau_B)\left[\frac{5}{8}\frac{v_A}{v}
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
    :func:`pressure_anisotropy_heating`; :cite:t:`Zweibel2020`,
    Eq. 48 assumes :math:`v = c`).  That heating form holds for a spectrum
    that turns over smoothly below :math:`p_{\min}` (:math:`p^4 f_0 \to 0`
    at both ends), in the limit of a sharp turnover; a literal sharp cutoff
    multiplies it by :func:`cutoff_heating_factor`.  Evaluated by quadrature
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
        # truncate where the weight has fallen by e^-60, far below double precision
        x_max = math.log(p_min) + 60.0 / (a - 4.0)  # mutation-exempt: truncation point, not a coefficient
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

        H_{48} = \frac{4}{15}\frac{v_A}{c}\frac{P_c}{\tau_B}

    with :math:`H_{48}` the ultrarelativistic form of Eq. 48 of
    :cite:t:`Zweibel2020` evaluated with the true :math:`P_c`
    (:func:`crlib.heating.heating_lower_bound`), :math:`\langle c/v\rangle_P` from
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
    pressure_weighted_c_over_v, cutoff_heating_factor, crlib.heating.heating_lower_bound, pressure_anisotropy_heating

    Examples
    --------
    >>> round(heating_to_bound_ratio(4.7, 1.0), 2), round(heating_to_bound_ratio(4.7, 1.0, cutoff="sharp"), 2)
    (2.07, 2.43)
    """
    factor = float(cutoff_heating_factor(spectral_index, cutoff=cutoff))
    return 15.0 / 8.0 * pressure_weighted_c_over_v(spectral_index, p_min, p_max=p_max) * factor
