r"""Drift and pressure anisotropy together (Section 7).

The paper's closing section (:cite:t:`Zweibel2020`, Section 7) makes two
claims that combine the results of Sections 2–4:

* a *transverse* cosmic-ray force :math:`\nabla_\perp P_c`, which drives the
  expanding flux tube of Section 2.1, heats the gas only at a rate of order
  :math:`(v_A/c)\,C_{ma}|\nabla_\perp P_c|`, whereas the parallel force of
  streaming cosmic rays heats it at :math:`v_A|\nabla_\parallel P_c|`
  (Eq. 38);
* where a localised source produces both a drift anisotropy (Eq. 16) and a
  pressure anisotropy (Eq. 20), the four families of parallel waves —
  two directions, two circular polarisations — grow at different rates; the
  waves that propagate with the streaming grow fastest, and the
  counter-propagating waves of the opposite handedness become unstable once
  the drift anisotropy falls below a critical value.

The chapter *Summary and conclusions* derives both with sympy; this module
holds the resulting formulas.  Conventions are those of
:mod:`crlib.instability`: polarisation is the sense of rotation relative to
:math:`\mathbf{B}` (Eq. 11), the drift is along :math:`+\mathbf{B}` for
:math:`\alpha > 0`, and the growth rate is
:func:`crlib.instability.growth_rate_scale` (physical prefactor :math:`\pi/4`;
``normalization="paper"`` gives the printed :math:`\pi/8`) times
:math:`\mathcal{E}` and a bracket.
"""

from __future__ import annotations

from crlib import constants
from crlib._validation import quantity_input_cgs, require
from crlib.instability import (
    _prefactor,
    growth_rate_scale,
    spectral_factor,
    threshold_zeta,
)
from crlib.speeds import alfven_speed

__all__ = [
    "transverse_pressure_gradient",
    "growth_rate_combined",
    "critical_drift_anisotropy",
    "WAVE_FAMILIES",
]

#: The four families of parallel waves, as (direction, polarisation) with the
#: polarisation relative to :math:`\mathbf{B}`; the first grows fastest when
#: both anisotropies are positive.
WAVE_FAMILIES = (("+B", "right"), ("+B", "left"), ("-B", "right"), ("-B", "left"))

_DIRECTIONS = {"+B": 1.0, "-B": -1.0}
_POLARIZATIONS = {"right": 1.0, "left": -1.0}


@quantity_input_cgs(injection_rate="dyn cm-2 s-1", C_ma="cm s-1", crossing_times="",
                    returns="dyn cm-3", result="positive")
def transverse_pressure_gradient(injection_rate, C_ma, *, crossing_times=1.0):
    r"""Transverse cosmic-ray pressure gradient of the injected flux tube (Sections 2.1, 7).

    Cosmic rays injected at the pressure rate :math:`\dot{\Delta P}_c`
    uniformly over a tube of radius :math:`R` (Section 2.1) build up the
    excess :math:`\Delta P_c = \dot{\Delta P}_c\,t` over a time
    :math:`t = N R/C_{ma}`, :math:`N` expansion (magnetoacoustic crossing)
    times; across the tube's edge the excess falls over :math:`\sim R`, so

    .. math::

        |\nabla_\perp P_c| \simeq \frac{\Delta P_c}{R}
        = N\,\frac{\dot{\Delta P}_c}{C_{ma}}

    independent of :math:`R`.  :math:`N = 1`, the shortest time on which the
    tube can respond (:math:`R/C_{ma}`, Section 2.1), gives the smallest
    gradient for a given injection rate (:cite:t:`Zweibel2020`, Sections 2.1
    and 7; the model is the book's reading of the Section 7 estimate).

    Parameters
    ----------
    injection_rate : float or array_like
        Cosmic-ray pressure injection rate :math:`\dot{\Delta P}_c`
        [dyn cm^-2 s^-1]; positive.
    C_ma : float or array_like
        Magnetoacoustic speed of Eq. 1 [cm s^-1]; positive.
    crossing_times : float, keyword-only
        :math:`N = t\,C_{ma}/R`; at least 1 (the tube stays in pressure
        balance only after a crossing time).

    Returns
    -------
    float or ndarray
        :math:`|\nabla_\perp P_c|` [dyn cm^-3].

    Raises
    ------
    ValueError
        If ``injection_rate`` or ``C_ma`` is not positive and finite, or
        ``crossing_times < 1``.

    See Also
    --------
    crlib.heating.drift_heating, crlib.dynamics.field_timescale

    Examples
    --------
    >>> f"{float(transverse_pressure_gradient(1.67e-25, 1.0e7)):.2e}"
    '1.67e-32'
    """
    fn = "transverse_pressure_gradient"
    rate = require(fn, "injection_rate", injection_rate, positive=True,
                   reason="the tube is driven by positive cosmic-ray injection")
    C_ma = require(fn, "C_ma", C_ma, positive=True, reason="a magnetoacoustic speed")
    N = require(fn, "crossing_times", crossing_times, at_least=1.0,
                reason="the tube responds to injection only after one crossing time R/C_ma")
    return N * rate / C_ma


@quantity_input_cgs(B="G", n_i="cm-3", n_cr="cm-3", alpha="", zeta="", spectral_index="", ion_mass="g",
                    returns="s-1")
def growth_rate_combined(
    B, n_i, n_cr, alpha, zeta, spectral_index, *, direction="+B", polarization="right",
    ion_mass=constants.m_p, normalization="physical",
):
    r"""Growth rate of parallel waves driven by drift and pressure anisotropy together (Section 7).

    For :math:`f = f_0 - \alpha\,p f_0'\,P_1(\mu) - \zeta\,p f_0'\,P_2(\mu)`
    (Eqs. 16 and 20 added) and :math:`f_0 \propto p^{-a}`, Eqs. 14–15 give

    .. math::

        &\Gamma = C\,\Omega_0\,\mathcal{E}\,\frac{n_c(>p_1)}{n_i}
        \left[s_k\,\frac{\alpha c}{v_A}
        + s_\pm\,\frac{3a(a-2)}{a^2-1}\,\frac{\zeta c}{v_A} - 1\right],
        \\
        &\mathcal{E} = \frac{a-3}{a-2},\quad C = \frac{\pi}{4}

    with :math:`s_k = \pm 1` for propagation along :math:`\pm\mathbf{B}` and
    :math:`s_\pm = \pm 1` for right/left polarisation relative to
    :math:`\mathbf{B}`.  The drift term depends on the direction only
    (Eq. 19, :math:`v_D = \alpha c`), the pressure-anisotropy term on the
    polarisation only (Eq. 23, :math:`\zeta = \tfrac{5}{12}\Delta P_c/P_c`);
    :math:`3a(a-2)/(a^2-1) = 1/\zeta_{\rm th}` in units of :math:`v_A/c`
    (:cite:t:`Zweibel2020`, Section 7, with Eqs. 19 and 23).  Negative
    values are damping rates.  Ultrarelativistic cosmic rays.
    :math:`C\,\Omega_0\,n_c/n_i` is
    :func:`crlib.instability.growth_rate_scale`; the complex root of the
    kinetic dispersion relation,
    :func:`crlib.dispersion.kinetic_wave_frequency`, confirms
    :math:`C = \pi/4` for each family.

    Parameters
    ----------
    B : float or array_like
        Magnetic field strength [G]; positive.
    n_i : float or array_like
        Thermal ion number density [cm^-3]; positive.
    n_cr : float or array_like
        Number density of cosmic rays with :math:`p > p_1` [cm^-3]; positive.
    alpha : float or array_like
        Drift anisotropy of Eq. 16 [dimensionless], :math:`v_D = \alpha c`
        along :math:`+\mathbf{B}`; :math:`|\alpha| < 1`.
    zeta : float or array_like
        Pressure-anisotropy parameter of Eq. 20 [dimensionless]; positive for
        an expanding tube; :math:`|\zeta| < 1`.
    spectral_index : float or array_like
        Power-law index of :math:`f_0 \propto p^{-a}`; must exceed 3.
    direction : {"+B", "-B"}, keyword-only
        Direction of propagation relative to :math:`\mathbf{B}`.
    polarization : {"right", "left"}, keyword-only
        Circular polarisation relative to :math:`\mathbf{B}` (Eq. 11).
    ion_mass : float, keyword-only
        Mass of the thermal ions [g]; default the proton mass.
    normalization : {"physical", "paper"}, keyword-only
        Prefactor :math:`C = \pi/4` (default) or the paper's printed
        :math:`\pi/8`.

    Returns
    -------
    float or ndarray
        :math:`\Gamma` [s^-1].

    Raises
    ------
    ValueError
        For non-positive densities or field, ``spectral_index <= 3``,
        :math:`|\alpha| \ge 1` or :math:`|\zeta| \ge 1`, an unknown direction,
        polarisation or normalisation, or an Alfvén speed at or above c.

    See Also
    --------
    critical_drift_anisotropy, crlib.instability.growth_rate_drift, crlib.instability.growth_rate_pressure_anisotropy, crlib.instability.growth_rate_scale

    Examples
    --------
    With no pressure anisotropy the waves along the drift grow at the
    streaming-instability rate (Eq. 19), whatever their polarisation:

    >>> from crlib.instability import growth_rate_drift
    >>> from crlib.speeds import alfven_speed
    >>> from crlib import constants
    >>> vA = alfven_speed(5e-6, 0.01 * constants.m_p)
    >>> g = growth_rate_combined(5e-6, 0.01, 1e-9, 3 * vA / constants.c, 0.0, 4.7, polarization="left")
    >>> bool(abs(g / growth_rate_drift(5e-6, 0.01, 1e-9, 3 * vA, 4.7) - 1) < 1e-12)
    True
    """
    fn = "growth_rate_combined"
    require(fn, "direction", direction, choices=_DIRECTIONS)
    require(fn, "polarization", polarization, choices=_POLARIZATIONS)
    _prefactor(fn, normalization)
    B = require(fn, "B", B, positive=True, reason="a field strength")
    n_i = require(fn, "n_i", n_i, positive=True, reason="a thermal ion number density")
    n_cr = require(fn, "n_cr", n_cr, positive=True,
                   reason="the number density of resonant cosmic rays (p > p1)")
    require(fn, "ion_mass", ion_mass, positive=True, reason="an ion mass")
    v_A = alfven_speed(B, n_i * ion_mass)
    alpha = require(fn, "alpha", alpha, greater_than=-1.0, less_than=1.0,
                    reason="|alpha| < 1 so that the drift alpha c is slower than light")
    zeta = require(fn, "zeta", zeta, greater_than=-1.0, less_than=1.0,
                   reason="|zeta| < 1 for the small-anisotropy ansatz (Eq. 20)")
    a = require(fn, "spectral_index", spectral_index, greater_than=3.0,
                reason="a power law f0 ~ p^-a has a finite number density above p1 only for a > 3")
    E = spectral_factor(a)
    c_over_vA = constants.c / v_A
    drive = (_DIRECTIONS[direction] * alpha * c_over_vA
             + _POLARIZATIONS[polarization] * zeta * c_over_vA / threshold_zeta(a))
    scale = growth_rate_scale(B, n_i, n_cr, ion_mass=ion_mass, normalization=normalization)
    return scale * E * (drive - 1.0)


@quantity_input_cgs(zeta="", v_A="cm s-1", spectral_index="", returns="")
def critical_drift_anisotropy(zeta, v_A, spectral_index):
    r"""Drift anisotropy below which the counter-propagating waves grow (Section 7).

    The family that propagates against the drift with the pressure-anisotropy
    drive (direction :math:`-\mathbf{B}`, right-hand relative to
    :math:`\mathbf{B}` — left-handed relative to its own propagation) has
    growth rate :math:`\propto -\alpha c/v_A + \zeta/\zeta_{\rm th} - 1`
    (:func:`growth_rate_combined`).  It grows for :math:`\alpha < \alpha_{\rm crit}`,

    .. math::

        \alpha_{\rm crit} = \frac{v_A}{c}\left(\frac{\zeta}{\zeta_{\rm th}} - 1\right),
        \qquad \zeta_{\rm th} = \frac{a^2-1}{3a(a-2)}\,\frac{v_A}{c}

    (:cite:t:`Zweibel2020`, Section 7, with the threshold of Eq. 23).  A
    negative value means that these waves are stable for every
    :math:`\alpha \ge 0` (pressure anisotropy below threshold).

    Parameters
    ----------
    zeta : float or array_like
        Pressure-anisotropy parameter of Eq. 20 [dimensionless]; finite.
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.
    spectral_index : float or array_like
        Power-law index of :math:`f_0 \propto p^{-a}`; must exceed 3.

    Returns
    -------
    float or ndarray
        :math:`\alpha_{\rm crit}` [dimensionless].

    Raises
    ------
    ValueError
        If ``v_A`` is not in (0, c), ``spectral_index <= 3``, or an input is
        not finite.

    See Also
    --------
    growth_rate_combined, crlib.instability.threshold_zeta

    Examples
    --------
    At twice the threshold the counter-propagating waves grow once the drift
    falls below the Alfvén speed (:math:`\alpha_{\rm crit} = v_A/c`):

    >>> from crlib import constants
    >>> from crlib.instability import threshold_zeta
    >>> vA = 1e-4 * constants.c
    >>> round(float(critical_drift_anisotropy(2 * threshold_zeta(4.7) * 1e-4, vA, 4.7) / 1e-4), 12)
    1.0
    """
    fn = "critical_drift_anisotropy"
    zeta = require(fn, "zeta", zeta, reason="a pressure-anisotropy parameter")
    v_A = require(fn, "v_A", v_A, positive=True, less_than=constants.c,
                  reason="an Alfvén speed, positive and below the speed of light")
    a = require(fn, "spectral_index", spectral_index, greater_than=3.0,
                reason="a power law f0 ~ p^-a has a finite number density above p1 only for a > 3")
    vA_over_c = v_A / constants.c
    return vA_over_c * (zeta / (threshold_zeta(a) * vA_over_c) - 1.0)
