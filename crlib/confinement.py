r"""Self-confinement: diffusivities and mean free paths (Section 5, Eqs. 52–55).

Balancing the anisotropy that drives the waves against the scattering they
produce fixes the scattering frequency :math:`\nu`, hence the spatial
diffusivity :math:`\kappa \sim v^2/\nu` and the mean free path
:math:`\lambda = v/\nu` (:cite:t:`Zweibel2020`, Section 5).  Two drivers:

* drift anisotropy (Eqs. 33 and 18 → Eqs. 52–53): the gradient length
  :math:`L` and the drift excess :math:`v_D/v_A - 1` set
  :math:`\kappa_d \sim v_A L (v_D/v_A - 1)`;
* pressure anisotropy (Eqs. 42 and 22 → Eqs. 54–55): the field timescale
  :math:`\tau_B` and the anisotropy excess
  :math:`(c/v_A)(\Delta P_c/P_c) - 1` set
  :math:`\kappa_{pa} \sim v v_A \tau_B [(c/v_A)(\Delta P_c/P_c) - 1]`.

All relations are order-of-magnitude ("~"): spectrum- and pitch-angle-
dependent factors of order unity are dropped, as in the paper.  Particle speed
``v`` defaults to ``c`` (ultrarelativistic cosmic rays).
"""

from __future__ import annotations

from crlib import constants
from crlib._validation import quantity_input_cgs, require

__all__ = [
    "mean_free_path",
    "spatial_diffusivity",
    "drift_diffusivity",
    "drift_mean_free_path_ratio",
    "drift_excess",
    "pressure_anisotropy_excess",
    "pressure_anisotropy_diffusivity",
    "pressure_anisotropy_mean_free_path_ratio",
    "diffusivity_ratio",
]


def _speed(fn, name, v):
    return require(fn, name, v, positive=True, at_most=constants.c,
                   reason="a particle or wave speed, positive and not above c")


def _alfven(fn, v_A):
    return require(fn, "v_A", v_A, positive=True, less_than=constants.c,
                   reason="an Alfvén speed, positive and below the speed of light")


@quantity_input_cgs(nu="s-1", v="cm s-1", returns="cm", result="positive")
def mean_free_path(nu, *, v=constants.c):
    r"""Scattering mean free path :math:`\lambda \equiv v/\nu` (Section 4.1).

    .. math::

        \lambda \equiv \frac{v}{\nu}

    (:cite:t:`Zweibel2020`, Section 4.1).

    Parameters
    ----------
    nu : float or array_like
        Pitch-angle scattering frequency [s^-1]; positive.
    v : float, keyword-only
        Particle speed [cm s^-1]; default ``c``.

    Returns
    -------
    float or ndarray
        :math:`\lambda` [cm].

    Raises
    ------
    ValueError
        If ``nu`` is not positive, ``v`` is not in (0, c], or an input is
        not finite.

    See Also
    --------
    spatial_diffusivity, crlib.scattering.scattering_frequency

    Examples
    --------
    >>> from crlib import constants
    >>> round(float(mean_free_path(1.0) / constants.c), 12)
    1.0
    """
    nu = require("mean_free_path", "nu", nu, positive=True, reason="a scattering frequency")
    v = _speed("mean_free_path", "v", v)
    return v / nu


@quantity_input_cgs(nu="s-1", v="cm s-1", returns="cm2 s-1", result="positive")
def spatial_diffusivity(nu, *, v=constants.c):
    r"""Spatial diffusivity from the scattering frequency, :math:`\kappa \sim v^2/\nu` (Section 5).

    .. math::

        \kappa \sim \frac{v^2}{\nu} = v\lambda

    the order-of-magnitude form used in Section 5 of :cite:t:`Zweibel2020`
    (for pitch-angle independent :math:`\nu` the exact coefficient is 1/3).

    Parameters
    ----------
    nu : float or array_like
        Pitch-angle scattering frequency [s^-1]; positive.
    v : float, keyword-only
        Particle speed [cm s^-1]; default ``c``.

    Returns
    -------
    float or ndarray
        :math:`\kappa` [cm^2 s^-1].

    Raises
    ------
    ValueError
        If ``nu`` is not positive, ``v`` is not in (0, c], or an input is
        not finite.

    See Also
    --------
    mean_free_path, drift_diffusivity, pressure_anisotropy_diffusivity

    Examples
    --------
    >>> f"{float(spatial_diffusivity(3.0e-8)):.2e}"
    '3.00e+28'
    """
    nu = require("spatial_diffusivity", "nu", nu, positive=True, reason="a scattering frequency")
    v = _speed("spatial_diffusivity", "v", v)
    return v**2 / nu


@quantity_input_cgs(v_A="cm s-1", L="cm", drift_excess="", returns="cm2 s-1", result="positive")
def drift_diffusivity(v_A, L, drift_excess):
    r"""Diffusivity of cosmic rays self-confined by drift anisotropy (Eq. 52).

    .. math::

        \kappa_d \sim \frac{v^2}{\nu} \sim v_A L \left(\frac{v_D}{v_A} - 1\right)

    from Eq. 33 with the drift anisotropy factor of Eq. 18, the gradient
    replaced by :math:`1/L` and :math:`p\,\partial f_0/\partial p` by
    :math:`-f_0` (:cite:t:`Zweibel2020`, Eq. 52).

    Parameters
    ----------
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.
    L : float or array_like
        Cosmic-ray gradient length :math:`L_c` [cm]; positive.
    drift_excess : float or array_like
        :math:`v_D/v_A - 1`; positive (the streaming instability needs
        :math:`v_D > v_A`).

    Returns
    -------
    float or ndarray
        :math:`\kappa_d` [cm^2 s^-1].

    Raises
    ------
    ValueError
        If ``v_A`` is not in (0, c), ``L`` is not positive, ``drift_excess``
        is not positive (no instability, no self-confinement), or an input is
        not finite.

    See Also
    --------
    drift_excess, drift_mean_free_path_ratio, diffusivity_ratio

    Examples
    --------
    >>> from crlib import constants
    >>> f"{float(drift_diffusivity(1e7, constants.kpc, 1.0)):.2e}"
    '3.09e+28'
    """
    fn = "drift_diffusivity"
    v_A = _alfven(fn, v_A)
    L = require(fn, "L", L, positive=True, reason="a gradient length")
    X = require(fn, "drift_excess", drift_excess, positive=True,
                reason="v_D/v_A - 1 must be positive for the streaming instability to operate")
    return v_A * L * X


@quantity_input_cgs(v_A="cm s-1", drift_excess="", v="cm s-1", returns="", result="positive")
def drift_mean_free_path_ratio(v_A, drift_excess, *, v=constants.c):
    r"""Mean free path over gradient length for drift self-confinement (Eq. 53).

    .. math::

        \frac{\lambda_d}{L} \sim \frac{v_A}{v}\left(\frac{v_D}{v_A} - 1\right)

    (:cite:t:`Zweibel2020`, Eq. 53; :math:`\lambda_d = \kappa_d/v`).

    Parameters
    ----------
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.
    drift_excess : float or array_like
        :math:`v_D/v_A - 1`; positive.
    v : float, keyword-only
        Particle speed [cm s^-1]; default ``c``.

    Returns
    -------
    float or ndarray
        :math:`\lambda_d/L` (dimensionless).

    Raises
    ------
    ValueError
        If ``v_A`` is not in (0, c), ``drift_excess`` is not positive, ``v``
        is not in (0, c], or an input is not finite.

    See Also
    --------
    drift_diffusivity, drift_excess

    Examples
    --------
    >>> from crlib import constants
    >>> f"{float(drift_mean_free_path_ratio(1e-4 * constants.c, 1.0)):.1e}"
    '1.0e-04'
    """
    fn = "drift_mean_free_path_ratio"
    v_A = _alfven(fn, v_A)
    X = require(fn, "drift_excess", drift_excess, positive=True,
                reason="v_D/v_A - 1 must be positive for the streaming instability to operate")
    v = _speed(fn, "v", v)
    return (v_A / v) * X


@quantity_input_cgs(kappa_d="cm2 s-1", v_A="cm s-1", L="cm", returns="", result="positive")
def drift_excess(kappa_d, v_A, L):
    r"""Drift excess :math:`v_D/v_A - 1` implied by a diffusivity (Eq. 52 inverted).

    .. math::

        \frac{v_D}{v_A} - 1 \sim \frac{\kappa_d}{v_A L}

    (:cite:t:`Zweibel2020`, Eq. 52 and the estimate that follows it).

    Parameters
    ----------
    kappa_d : float or array_like
        Spatial diffusivity of streaming cosmic rays (drift regime) [cm^2 s^-1]; positive.
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.
    L : float or array_like
        Gradient length [cm]; positive.

    Returns
    -------
    float or ndarray
        :math:`v_D/v_A - 1` (dimensionless).

    Raises
    ------
    ValueError
        If ``kappa_d`` or ``L`` is not positive, ``v_A`` is not in (0, c), or
        an input is not finite.

    See Also
    --------
    drift_diffusivity, crlib.instability.growth_rate_drift

    Examples
    --------
    The Section 5 values, 3e28 cm^2/s, 100 km/s and 1 kpc:

    >>> from crlib import constants
    >>> round(float(drift_excess(3e28, 100 * constants.km, constants.kpc)), 3)
    0.972
    """
    fn = "drift_excess"
    kappa_d = require(fn, "kappa_d", kappa_d, positive=True, reason="a diffusivity")
    v_A = _alfven(fn, v_A)
    L = require(fn, "L", L, positive=True, reason="a gradient length")
    return kappa_d / (v_A * L)


@quantity_input_cgs(anisotropy="", v_A="cm s-1", returns="")
def pressure_anisotropy_excess(anisotropy, v_A):
    r"""Anisotropy excess :math:`(c/v_A)(\Delta P_c/P_c) - 1` (bracket of Eqs. 54–55).

    .. math::

        \frac{c}{v_A}\frac{\Delta P_c}{P_c} - 1

    the pressure-anisotropy counterpart of :math:`v_D/v_A - 1`, with the
    spectrum-dependent factors of Eq. 23 set to one (:cite:t:`Zweibel2020`,
    Eqs. 22–23, 54).

    Parameters
    ----------
    anisotropy : float or array_like
        :math:`\Delta P_c/P_c = (P_{c\parallel} - P_{c\perp})/P_c`; finite.
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.

    Returns
    -------
    float or ndarray
        The anisotropy excess (dimensionless); positive above threshold.

    Raises
    ------
    ValueError
        If ``v_A`` is not in (0, c) or an input is not finite.

    See Also
    --------
    pressure_anisotropy_diffusivity, pressure_anisotropy_mean_free_path_ratio, crlib.instability.threshold_anisotropy

    Examples
    --------
    >>> from crlib import constants
    >>> round(float(pressure_anisotropy_excess(4e-4, 2e-4 * constants.c)), 12)
    1.0
    """
    fn = "pressure_anisotropy_excess"
    anisotropy = require(fn, "anisotropy", anisotropy, reason="a pressure anisotropy ratio")
    v_A = _alfven(fn, v_A)
    return (constants.c / v_A) * anisotropy - 1.0


@quantity_input_cgs(v_A="cm s-1", tau_B="s", anisotropy_excess="", v="cm s-1", returns="cm2 s-1",
                    result="positive")
def pressure_anisotropy_diffusivity(v_A, tau_B, anisotropy_excess, *, v=constants.c):
    r"""Diffusivity of cosmic rays self-confined by pressure anisotropy (Eq. 54).

    .. math::

        \kappa_{pa} \sim v v_A \tau_B
        \left(\frac{c}{v_A}\frac{\Delta P_c}{P_c} - 1\right)

    from Eq. 42 with the pressure-anisotropy factor of Eq. 22
    (:cite:t:`Zweibel2020`, Eq. 54).

    Parameters
    ----------
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.
    tau_B : float or array_like
        Field timescale :math:`|B/\dot B|` [s]; positive.
    anisotropy_excess : float or array_like
        :math:`(c/v_A)(\Delta P_c/P_c) - 1`; positive (above threshold).
    v : float, keyword-only
        Particle speed [cm s^-1]; default ``c``.

    Returns
    -------
    float or ndarray
        :math:`\kappa_{pa}` [cm^2 s^-1].

    Raises
    ------
    ValueError
        If ``v_A`` is not in (0, c), ``tau_B`` or ``anisotropy_excess`` is
        not positive, ``v`` is not in (0, c], or an input is not finite.

    See Also
    --------
    pressure_anisotropy_excess, pressure_anisotropy_mean_free_path_ratio, diffusivity_ratio

    Examples
    --------
    >>> from crlib import constants
    >>> f"{float(pressure_anisotropy_diffusivity(2e-4 * constants.c, 3.67e12, 1.0)):.2e}"
    '6.60e+29'
    """
    fn = "pressure_anisotropy_diffusivity"
    v_A = _alfven(fn, v_A)
    tau_B = require(fn, "tau_B", tau_B, positive=True, reason="a field timescale")
    X = require(fn, "anisotropy_excess", anisotropy_excess, positive=True,
                reason="the pressure anisotropy must exceed the instability threshold")
    v = _speed(fn, "v", v)
    return v * v_A * tau_B * X


@quantity_input_cgs(anisotropy="", v_A="cm s-1", returns="")
def pressure_anisotropy_mean_free_path_ratio(anisotropy, v_A):
    r"""Mean free path over Alfvén travel length for pressure-anisotropy confinement (Eq. 55).

    .. math::

        \frac{\lambda_{pa}}{v_A\tau_B} \sim
        \frac{c}{v_A}\frac{\Delta P_c}{P_c} - 1

    (:cite:t:`Zweibel2020`, Eq. 55; :math:`\lambda_{pa} = \kappa_{pa}/v`).

    Parameters
    ----------
    anisotropy : float or array_like
        :math:`\Delta P_c/P_c`; above the threshold :math:`v_A/c`.
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.

    Returns
    -------
    float or ndarray
        :math:`\lambda_{pa}/(v_A\tau_B)` (dimensionless).

    Raises
    ------
    ValueError
        If the anisotropy is at or below the threshold.

    See Also
    --------
    pressure_anisotropy_excess, pressure_anisotropy_diffusivity

    Examples
    --------
    >>> from crlib import constants
    >>> round(float(pressure_anisotropy_mean_free_path_ratio(6e-4, 2e-4 * constants.c)), 12)
    2.0
    """
    fn = "pressure_anisotropy_mean_free_path_ratio"
    X = pressure_anisotropy_excess(anisotropy, v_A)
    return require(fn, "(c/v_A) anisotropy - 1", X, positive=True,
                   reason="the pressure anisotropy must exceed the instability threshold v_A/c")


@quantity_input_cgs(v_A="cm s-1", tau_B="s", L="cm", excess_ratio="", v="cm s-1", returns="",
                    result="positive")
def diffusivity_ratio(v_A, tau_B, L, *, excess_ratio=1.0, v=constants.c):
    r"""Ratio :math:`\kappa_{pa}/\kappa_d` of the two self-confinement diffusivities (Section 5).

    .. math::

        \frac{\kappa_{pa}}{\kappa_d} \sim \frac{v\,\tau_B}{L}\,
        \frac{(c/v_A)(\Delta P_c/P_c) - 1}{v_D/v_A - 1}
        \;\xrightarrow{\;L = v_A\tau_B\;}\; \frac{v}{v_A}

    Eq. 54 over Eq. 52; when the drift gradient length is the Alfvén travel
    length :math:`v_A\tau_B` and the two excess factors are comparable, the
    ratio is :math:`c/v_A` (:cite:t:`Zweibel2020`, Section 5).

    Parameters
    ----------
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.
    tau_B : float or array_like
        Field timescale [s]; positive.
    L : float or array_like
        Drift-case gradient length [cm]; positive.
    excess_ratio : float, keyword-only
        Ratio of the pressure-anisotropy excess to the drift excess; positive,
        default 1 (both of order unity, as the paper argues).
    v : float, keyword-only
        Particle speed [cm s^-1]; default ``c``.

    Returns
    -------
    float or ndarray
        :math:`\kappa_{pa}/\kappa_d` (dimensionless).

    Raises
    ------
    ValueError
        If ``v_A`` is not in (0, c), ``tau_B``, ``L`` or ``excess_ratio`` is
        not positive, ``v`` is not in (0, c], or an input is not finite.

    See Also
    --------
    drift_diffusivity, pressure_anisotropy_diffusivity

    Examples
    --------
    >>> from crlib import constants
    >>> v_A = 1e-4 * constants.c
    >>> round(float(diffusivity_ratio(v_A, 1e12, v_A * 1e12)), 6)
    10000.0
    """
    fn = "diffusivity_ratio"
    v_A = _alfven(fn, v_A)
    tau_B = require(fn, "tau_B", tau_B, positive=True, reason="a field timescale")
    L = require(fn, "L", L, positive=True, reason="a gradient length")
    r = require(fn, "excess_ratio", excess_ratio, positive=True, reason="a ratio of positive excesses")
    v = _speed(fn, "v", v)
    return pressure_anisotropy_diffusivity(v_A, tau_B, r, v=v) / drift_diffusivity(v_A, L, 1.0)


# --- Section 5: a diffusivity read back as a mean free path and a scattering frequency ---

__all__ += ["mean_free_path_from_diffusivity", "scattering_frequency_from_diffusivity"]


@quantity_input_cgs(kappa="cm2 s-1", v="cm s-1", returns="cm", result="positive")
def mean_free_path_from_diffusivity(kappa, *, v=constants.c):
    r"""Mean free path implied by a spatial diffusivity, :math:`\lambda \sim \kappa/v` (Section 5).

    .. math::

        \lambda \sim \frac{\kappa}{v}

    the inverse of :func:`spatial_diffusivity` at the order of magnitude of
    Section 5 of :cite:t:`Zweibel2020` (:math:`\kappa \sim v^2/\nu = v\lambda`).

    Parameters
    ----------
    kappa : float or array_like
        Spatial diffusivity [cm^2 s^-1]; positive.
    v : float, keyword-only
        Particle speed [cm s^-1]; positive, at most ``c``; default ``c``.

    Returns
    -------
    float or ndarray
        :math:`\lambda` [cm].

    Raises
    ------
    ValueError
        If ``kappa`` is not positive and finite, or ``v`` is not in (0, c].

    See Also
    --------
    spatial_diffusivity, scattering_frequency_from_diffusivity, mean_free_path

    Examples
    --------
    The conventional Galactic diffusivity, 3e28 cm^2/s, in parsecs:

    >>> from crlib import constants
    >>> round(float(mean_free_path_from_diffusivity(3e28) / constants.pc), 4)
    0.3243
    """
    fn = "mean_free_path_from_diffusivity"
    kappa = require(fn, "kappa", kappa, positive=True, reason="a spatial diffusivity")
    v = _speed(fn, "v", v)
    return kappa / v


@quantity_input_cgs(kappa="cm2 s-1", v="cm s-1", returns="s-1", result="positive")
def scattering_frequency_from_diffusivity(kappa, *, v=constants.c):
    r"""Scattering frequency implied by a spatial diffusivity, :math:`\nu \sim v^2/\kappa` (Section 5).

    .. math::

        \nu \sim \frac{v^2}{\kappa}

    the inverse of :func:`spatial_diffusivity` at the order of magnitude of
    Section 5 of :cite:t:`Zweibel2020` (for pitch-angle independent
    :math:`\nu` the exact relation has a further 1/3).

    Parameters
    ----------
    kappa : float or array_like
        Spatial diffusivity [cm^2 s^-1]; positive.
    v : float, keyword-only
        Particle speed [cm s^-1]; positive, at most ``c``; default ``c``.

    Returns
    -------
    float or ndarray
        :math:`\nu` [s^-1].

    Raises
    ------
    ValueError
        If ``kappa`` is not positive and finite, or ``v`` is not in (0, c].

    See Also
    --------
    spatial_diffusivity, mean_free_path_from_diffusivity

    Examples
    --------
    >>> f"{float(scattering_frequency_from_diffusivity(3e28)):.3e}"
    '2.996e-08'
    """
    fn = "scattering_frequency_from_diffusivity"
    kappa = require(fn, "kappa", kappa, positive=True, reason="a spatial diffusivity")
    v = _speed(fn, "v", v)
    return v**2 / kappa
