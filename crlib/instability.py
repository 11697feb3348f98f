r"""Gyroresonant instabilities of parallel Alfvén waves (Section 3, Eqs. 11–23).

A cosmic ray of momentum :math:`p` and pitch-angle cosine :math:`\mu`
resonates with a circularly polarised wave of wavenumber :math:`k` when the
Doppler-shifted wave frequency matches its gyrofrequency (Eqs. 11–12).  The
growth rate of the wave (Eqs. 13–15) is set by the anisotropy functional
:math:`A` (Eq. 14) at the resonant :math:`\mu`.  Two kinds of anisotropy
drive it:

* a *drift* anisotropy (Eqs. 16–19), the classical streaming instability,
  unstable when the drift speed exceeds the Alfvén speed;
* a *pressure* anisotropy (Eqs. 20–23), unstable when
  :math:`|\Delta P_c|/P_c` exceeds a spectrum-dependent multiple of
  :math:`v_A/c`.

For a power-law spectrum :math:`f_0 \propto p^{-a}` everything reduces to
closed forms in :math:`a` (:cite:t:`Zweibel2020`, Section 3); the chapter
*Pressure anisotropy instability* derives each of them with sympy.

Conventions.  The paper writes Eqs. 13–17 for the gyrophase-integrated
distribution :math:`\bar f = 2\pi f` (element :math:`p^2\,dp\,d\mu`, so
:math:`n_c = \int \bar f\,p^2\,dp\,d\mu`); the book's convention is
:math:`d^3p = 2\pi p^2\,dp\,d\mu` with :math:`n_c = \int f\,d^3p`.  The
functions here take the resonant density :math:`n_c(>p_1)` itself, so the
choice does not enter them.  Polarisation (right/left) is the sense of
rotation relative to :math:`\mathbf{B}`, as in the resonance condition
Eq. 11, :math:`\omega - k v\mu \pm \Omega = 0` (upper sign: right).

Growth-rate normalisation.  The growth rate is written
:math:`\Gamma = \mathcal{S}\,\mathcal{E}\,[\dots]` with the scale
:math:`\mathcal{S} = C\,\Omega_0\,n_c(>p_1)/n_i`
(:func:`growth_rate_scale`).  The physical prefactor is :math:`C = \pi/4`:
the hot-plasma dielectric response gives it, and
:func:`crlib.dispersion.kinetic_wave_frequency`, the complex root of the
full kinetic dispersion relation, confirms it numerically (see the chapter).  The paper's
chain Eq. 13 → 15 → 19/23 prints :math:`C = \pi/8`, available as
``normalization="paper"`` for reproducing its printed formulas.  The
thresholds and :math:`\mathcal{E}` do not depend on :math:`C`.
"""

from __future__ import annotations

import numpy as np

from crlib import constants
from crlib._validation import quantity_input_cgs, require
from crlib.anisotropy import ZETA_PER_ANISOTROPY
from crlib.speeds import alfven_speed, gyrofrequency

__all__ = [
    "spectral_factor",
    "threshold_zeta",
    "threshold_anisotropy",
    "resonant_momentum",
    "resonant_pitch_cosine",
    "growth_rate_scale",
    "growth_rate_drift",
    "growth_rate_pressure_anisotropy",
    "GROWTH_RATE_PREFACTORS",
]

#: Prefactor :math:`C` of :math:`\Gamma = C\,\Omega_0\,\mathcal{E}\,n_c(>p_1)/n_i\,[\dots]`:
#: ``"physical"`` is the :math:`\pi/4` of the hot-plasma dielectric response (the
#: default everywhere in crlib); ``"paper"`` is the :math:`\pi/8` printed in Eqs. 15,
#: 19 and 23, for reproducing the paper's formulas as printed.
GROWTH_RATE_PREFACTORS = {"physical": np.pi / 4, "paper": np.pi / 8}

_NUMBER_DENSITY_REASON = (
    "a power law f0 ~ p^-a has a finite cosmic-ray number density above p1 only for a > 3"
)
_PRESSURE_REASON = (
    "the ultrarelativistic cosmic-ray pressure of a power law f0 ~ p^-a is finite, "
    "and Eq. 21 relates zeta to Delta P_c/P_c, only for a > 4"
)


def _prefactor(fn: str, normalization: str) -> float:
    return GROWTH_RATE_PREFACTORS[require(
        fn, "normalization", normalization, choices=sorted(GROWTH_RATE_PREFACTORS),
        reason="'physical' = pi/4, the hot-plasma value; 'paper' = pi/8, as printed in "
               "Eqs. 15, 19 and 23")]


@quantity_input_cgs(spectral_index="", returns="", result="positive")
def spectral_factor(spectral_index):
    r"""Spectral constant :math:`\mathcal{E}` of a power-law spectrum (Eqs. 19, 23).

    For :math:`\bar f_0 \propto p^{-a}` the resonant integral of Eq. 15,
    :math:`p_1\int_{p_1}^\infty (p^2-p_1^2)(-\partial \bar f_0/\partial p)\,dp`,
    equals :math:`2\mathcal{E}\int_{p_1}^\infty \bar f_0 p^2\,dp
    = \mathcal{E}\, n_c(>p_1)`, with

    .. math::

        \mathcal{E} = \frac{a-3}{a-2}

    (:cite:t:`Zweibel2020`, below Eq. 23).

    Parameters
    ----------
    spectral_index : float or array_like
        Power-law index of the isotropic distribution function
        :math:`f_0 \propto p^{-a}` [dimensionless]; must exceed 3.

    Returns
    -------
    float or ndarray
        :math:`\mathcal{E}` [dimensionless], between 0 and 1.

    Raises
    ------
    ValueError
        If ``spectral_index <= 3`` (the number density above :math:`p_1` diverges).

    See Also
    --------
    growth_rate_drift, growth_rate_pressure_anisotropy, threshold_zeta

    Examples
    --------
    >>> round(float(spectral_factor(4.7)), 4)
    0.6296
    """
    a = require("spectral_factor", "spectral_index", spectral_index, greater_than=3.0, reason=_NUMBER_DENSITY_REASON)
    return (a - 3.0) / (a - 2.0)


@quantity_input_cgs(spectral_index="", returns="", result="positive")
def threshold_zeta(spectral_index):
    r"""Marginal pressure-anisotropy parameter :math:`\zeta`, in units of :math:`v_A/c` (Eq. 23).

    The bracket of the growth rate, written with :math:`\zeta` (Eq. 20) rather
    than :math:`\Delta P_c/P_c`, is
    :math:`[3a(a-2)\,\zeta c/((a^2-1) v_A) - 1]`; it vanishes at

    .. math::

        \zeta_{\rm th} = \frac{a^2-1}{3a(a-2)}\,\frac{v_A}{c}

    (:cite:t:`Zweibel2020`, end of Section 3).

    Parameters
    ----------
    spectral_index : float or array_like
        Power-law index of :math:`f_0 \propto p^{-a}`; must exceed 3.

    Returns
    -------
    float or ndarray
        :math:`\zeta_{\rm th}\,c/v_A` [dimensionless].

    Raises
    ------
    ValueError
        If ``spectral_index <= 3``.

    See Also
    --------
    threshold_anisotropy, growth_rate_pressure_anisotropy, crlib.combined.critical_drift_anisotropy

    Examples
    --------
    >>> round(float(threshold_zeta(4.7)), 3)
    0.554
    """
    a = require("threshold_zeta", "spectral_index", spectral_index, greater_than=3.0, reason=_NUMBER_DENSITY_REASON)
    return (a**2 - 1.0) / (3.0 * a * (a - 2.0))


@quantity_input_cgs(spectral_index="", returns="", result="positive")
def threshold_anisotropy(spectral_index):
    r"""Marginal pressure anisotropy :math:`\Delta P_c/P_c`, in units of :math:`v_A/c` (Eqs. 21, 23).

    With :math:`\zeta = (5/12)\,\Delta P_c/P_c` (Eq. 21, ultrarelativistic
    particles) the threshold of Eq. 23 is

    .. math::

        \left(\frac{\Delta P_c}{P_c}\right)_{\rm th}
        = \frac{4(a^2-1)}{5a(a-2)}\,\frac{v_A}{c}

    (:cite:t:`Zweibel2020`, end of Section 3).

    Parameters
    ----------
    spectral_index : float or array_like
        Power-law index of :math:`f_0 \propto p^{-a}`; must exceed 4.

    Returns
    -------
    float or ndarray
        :math:`(\Delta P_c/P_c)_{\rm th}\,c/v_A` [dimensionless].

    Raises
    ------
    ValueError
        If ``spectral_index <= 4`` (the ultrarelativistic pressure diverges).

    See Also
    --------
    threshold_zeta, growth_rate_pressure_anisotropy, crlib.confinement.pressure_anisotropy_excess

    Examples
    --------
    >>> round(float(threshold_anisotropy(4.7)), 3)
    1.33
    """
    a = require("threshold_anisotropy", "spectral_index", spectral_index, greater_than=4.0, reason=_PRESSURE_REASON)
    return threshold_zeta(a) / ZETA_PER_ANISOTROPY


@quantity_input_cgs(B="G", k="cm-1", charge="statC", returns="g cm s-1", result="positive")
def resonant_momentum(B, k, *, charge=constants.e):
    r"""Minimum resonant momentum :math:`p_1` of a parallel wave (Eq. 12).

    .. math::

        p_1 \equiv \frac{m\Omega_0}{|k|} = \frac{qB}{|k|c}

    Only particles with :math:`p > p_1` can satisfy the resonance condition
    (Eq. 11) with :math:`|\mu| \le 1` (:cite:t:`Zweibel2020`, Eq. 12).  The
    particle mass cancels.

    Parameters
    ----------
    B : float or array_like
        Magnetic field strength [G]; positive.
    k : float or array_like
        Parallel wavenumber [cm^-1]; non-zero (its sign, the propagation
        direction, does not matter here).
    charge : float, keyword-only
        Particle charge [statC]; default the elementary charge (protons).

    Returns
    -------
    float or ndarray
        :math:`p_1` [g cm s^-1].

    Raises
    ------
    ValueError
        If ``B`` or ``charge`` is not positive, or ``k`` is zero or not finite.

    See Also
    --------
    resonant_pitch_cosine, crlib.speeds.gyrofrequency

    Examples
    --------
    A 1 GeV/c proton in a microgauss field resonates with waves of
    wavelength about 2π × 3.3e12 cm:

    >>> from crlib import constants
    >>> p1 = constants.GeV / constants.c
    >>> k = constants.e * 1e-6 / (p1 * constants.c)
    >>> round(float(resonant_momentum(1e-6, k) / p1), 12)
    1.0
    """
    fn = "resonant_momentum"
    B = require(fn, "B", B, positive=True, reason="a field strength")
    k = require(fn, "|k|", np.abs(require(fn, "k", k)), positive=True,
                reason="a zero wavenumber has no gyroresonance")
    require(fn, "charge", charge, positive=True, reason="a charge magnitude")
    return charge * B / (k * constants.c)


@quantity_input_cgs(p="g cm s-1", B="G", k="cm-1", charge="statC", returns="")
def resonant_pitch_cosine(p, B, k, *, polarization="right", charge=constants.e):
    r"""Resonant pitch-angle cosine :math:`\mu_r` (Eqs. 11–12).

    Dropping :math:`\omega` against :math:`k v \mu` in Eq. 11
    (:math:`\omega \sim k v_A \ll k v`),

    .. math::

        \mu_r = \pm\frac{\Omega}{k v} = \pm\frac{m\Omega_0}{k p}
        = \pm\frac{p_1}{p}\,\mathrm{sgn}\,k

    upper sign for right-hand, lower for left-hand polarisation, both
    relative to :math:`\mathbf{B}` (:cite:t:`Zweibel2020`, Eq. 12).  For
    :math:`\mu_r k > 0` the resonant particles travel with the wave.

    Parameters
    ----------
    p : float or array_like
        Particle momentum [g cm s^-1]; must be at least :math:`p_1`.
    B : float or array_like
        Magnetic field strength [G]; positive.
    k : float or array_like
        Signed parallel wavenumber [cm^-1] (positive: propagation along
        :math:`\mathbf{B}`); non-zero.
    polarization : {"right", "left"}, keyword-only
        Circular polarisation relative to :math:`\mathbf{B}`.
    charge : float, keyword-only
        Particle charge [statC]; default the elementary charge.

    Returns
    -------
    float or ndarray
        :math:`\mu_r` [dimensionless], in :math:`[-1, 1]`.

    Raises
    ------
    ValueError
        If ``p < p_1`` (no resonance), or for non-physical inputs.

    See Also
    --------
    resonant_momentum, crlib.dispersion.kinetic_wave_frequency

    Examples
    --------
    >>> from crlib import constants
    >>> p1 = float(resonant_momentum(1e-6, 1e-12))
    >>> float(resonant_pitch_cosine(2 * p1, 1e-6, 1e-12))
    0.5
    >>> float(resonant_pitch_cosine(2 * p1, 1e-6, -1e-12, polarization="left"))
    0.5
    """
    fn = "resonant_pitch_cosine"
    signs = {"right": 1.0, "left": -1.0}
    require(fn, "polarization", polarization, choices=signs)
    p = require(fn, "p", p, positive=True, reason="a momentum magnitude")
    k = require(fn, "k", k)
    p1 = resonant_momentum(B, k, charge=charge)
    require(fn, "p", p - p1, nonnegative=True,
            reason="p - p1 must be >= 0: particles below p1 = qB/(|k|c) cannot resonate")
    return signs[polarization] * np.sign(k) * p1 / p


def _plasma_inputs(fn, B, n_i, n_cr, ion_mass):
    # Checked under the name of the public function the user called.
    B = require(fn, "B", B, positive=True, reason="a field strength")
    n_i = require(fn, "n_i", n_i, positive=True, reason="a thermal ion number density")
    n_cr = require(fn, "n_cr", n_cr, positive=True,
                   reason="the number density of resonant cosmic rays (p > p1)")
    require(fn, "ion_mass", ion_mass, positive=True, reason="an ion mass")
    return B, n_i, n_cr


@quantity_input_cgs(B="G", n_i="cm-3", n_cr="cm-3", ion_mass="g", returns="s-1", result="positive")
def growth_rate_scale(B, n_i, n_cr, *, ion_mass=constants.m_p, normalization="physical"):
    r"""Scale :math:`\mathcal{S}` of the gyroresonant growth rates (Eqs. 15, 19, 23).

    .. math::

        &\mathcal{S} = C\,\Omega_0\,\frac{n_c(>p_1)}{n_i}\,\frac{m_p}{m_i},
        \\
        &C = \frac{\pi}{4}\ \text{(physical)}
        \quad\text{or}\quad C = \frac{\pi}{8}\ \text{(as printed)}

    Every growth rate of :mod:`crlib.instability` and :mod:`crlib.combined`
    is :math:`\mathcal{S}\,\mathcal{E}` times a dimensionless bracket
    (:cite:t:`Zweibel2020`, Eqs. 15, 19 and 23).  :math:`C = \pi/4` follows
    from the hot-plasma susceptibility of parallel circularly polarised waves
    and is confirmed by the complex root of the full kinetic dispersion
    relation (:func:`crlib.dispersion.kinetic_wave_frequency`); the paper prints
    :math:`\pi/8`.  :math:`\Omega_0 = eB/(m_pc)` is the cosmic-ray
    (proton) gyrofrequency.

    Parameters
    ----------
    B : float or array_like
        Magnetic field strength [G]; positive.
    n_i : float or array_like
        Thermal ion number density [cm^-3]; positive.
    n_cr : float or array_like
        Number density of cosmic rays with :math:`p > p_1` [cm^-3]; positive.
    ion_mass : float, keyword-only
        Mass :math:`m_i` of the thermal ions [g]; default the proton mass.
        The scale comes from :math:`(q v_A/c)^2 \propto 1/\rho_i`, so it is
        :math:`C\Omega_0 n_c m_p/\rho_i`; for protons this is the paper's
        :math:`n_c/n_i` (the complex root of :func:`crlib.dispersion.kinetic_wave_frequency`
        scales the same way).
    normalization : {"physical", "paper"}, keyword-only
        :math:`C = \pi/4` (default) or the paper's printed :math:`\pi/8`.

    Returns
    -------
    float or ndarray
        :math:`\mathcal{S}` [s^-1].

    Raises
    ------
    ValueError
        For a non-positive or non-finite field, density or ion mass, or an
        unknown ``normalization``.

    See Also
    --------
    growth_rate_drift, growth_rate_pressure_anisotropy, crlib.dispersion.kinetic_wave_frequency,
    crlib.combined.growth_rate_combined

    Examples
    --------
    >>> from crlib.speeds import gyrofrequency
    >>> S = growth_rate_scale(5e-6, 0.01, 1e-9)
    >>> bool(abs(S / (3.141592653589793 / 4 * gyrofrequency(5e-6) * 1e-7) - 1) < 1e-15)
    True
    >>> float(growth_rate_scale(5e-6, 0.01, 1e-9, normalization="paper") / S)
    0.5
    """
    fn = "growth_rate_scale"
    C = _prefactor(fn, normalization)
    B, n_i, n_cr = _plasma_inputs(fn, B, n_i, n_cr, ion_mass)
    return C * gyrofrequency(B) * n_cr / n_i * (constants.m_p / ion_mass)


@quantity_input_cgs(B="G", n_i="cm-3", n_cr="cm-3", v_D="cm s-1", spectral_index="", ion_mass="g", returns="s-1")
def growth_rate_drift(B, n_i, n_cr, v_D, spectral_index, *, ion_mass=constants.m_p,
                      normalization="physical"):
    r"""Growth rate :math:`\Gamma_{cd}` of the cosmic-ray streaming instability (Eq. 19).

    .. math::

        \Gamma_{cd} = C\,\Omega_0\,\mathcal{E}\,
        \frac{n_c(>p_1)}{n_i}\left(\frac{v_D}{v_A} - 1\right),
        \qquad \mathcal{E} = \frac{a-3}{a-2},\qquad C = \frac{\pi}{4}

    for waves propagating along the drift, of either circular polarisation
    (:cite:t:`Zweibel2020`, Eq. 19, printed with :math:`C = \pi/8`;
    :math:`C\,\Omega_0\,n_c/n_i` is :func:`growth_rate_scale`).  Negative
    values are damping rates.

    Parameters
    ----------
    B : float or array_like
        Magnetic field strength [G]; positive.
    n_i : float or array_like
        Thermal ion number density [cm^-3]; positive.
    n_cr : float or array_like
        Number density of cosmic rays with :math:`p > p_1` [cm^-3]; positive.
    v_D : float or array_like
        Cosmic-ray drift speed along the wave's direction [cm s^-1];
        non-negative and below c.
    spectral_index : float or array_like
        Power-law index of :math:`f_0 \propto p^{-a}`; must exceed 3.
    ion_mass : float, keyword-only
        Mass of the thermal ions [g] that sets :math:`v_A`; default the
        proton mass (the paper's assumption).
    normalization : {"physical", "paper"}, keyword-only
        Prefactor :math:`C = \pi/4` (default) or the printed :math:`\pi/8`.

    Returns
    -------
    float or ndarray
        :math:`\Gamma_{cd}` [s^-1].

    Raises
    ------
    ValueError
        For non-positive densities or field, ``spectral_index <= 3``, a drift speed outside
        :math:`[0, c)`, or an Alfvén speed at or above c.

    See Also
    --------
    growth_rate_scale, crlib.dispersion.kinetic_wave_frequency

    Examples
    --------
    A drift at exactly the Alfvén speed is marginal:

    >>> from crlib import constants
    >>> from crlib.speeds import alfven_speed
    >>> vA = alfven_speed(5e-6, 0.01 * constants.m_p)
    >>> float(growth_rate_drift(5e-6, 0.01, 1e-10, vA, 4.7))
    0.0
    """
    fn = "growth_rate_drift"
    _prefactor(fn, normalization)
    B, n_i, n_cr = _plasma_inputs(fn, B, n_i, n_cr, ion_mass)
    v_A = alfven_speed(B, n_i * ion_mass)
    v_D = require(fn, "v_D", v_D, nonnegative=True, less_than=constants.c,
                  reason="a drift speed along the wave, slower than light")
    E = spectral_factor(spectral_index)
    scale = growth_rate_scale(B, n_i, n_cr, ion_mass=ion_mass, normalization=normalization)
    return scale * E * (v_D / v_A - 1.0)


@quantity_input_cgs(B="G", n_i="cm-3", n_cr="cm-3", anisotropy="", spectral_index="", ion_mass="g", returns="s-1")
def growth_rate_pressure_anisotropy(
    B, n_i, n_cr, anisotropy, spectral_index, *, resonance="co-moving", ion_mass=constants.m_p,
    normalization="physical",
):
    r"""Growth rate :math:`\Gamma_{cpa}` of the pressure-anisotropy instability (Eq. 23).

    .. math::

        \Gamma_{cpa} = C\,\Omega_0\,\mathcal{E}\,
        \frac{n_c(>p_1)}{n_i}\left[\sigma\,\frac{5a(a-2)}{4(a^2-1)}\,
        \frac{c}{v_A}\,\frac{\Delta P_c}{P_c} - 1\right],\qquad C = \frac{\pi}{4}

    with :math:`\sigma = +1` for waves whose resonant particles travel with
    the wave and :math:`\sigma = -1` for waves whose resonant particles travel
    against it (:cite:t:`Zweibel2020`, Eq. 23, which prints the
    :math:`\sigma = +1` case with :math:`C = \pi/8`;
    :math:`C\,\Omega_0\,n_c/n_i` is :func:`growth_rate_scale`).  For
    expansion (:math:`\Delta P_c > 0`) the co-moving resonances grow; for
    compression (:math:`\Delta P_c < 0`) the counter-moving ones do.
    Negative values are damping rates.  Ultrarelativistic cosmic rays
    (Eq. 21) are assumed.

    Parameters
    ----------
    B : float or array_like
        Magnetic field strength [G]; positive.
    n_i : float or array_like
        Thermal ion number density [cm^-3]; positive.
    n_cr : float or array_like
        Number density of cosmic rays with :math:`p > p_1` [cm^-3]; positive.
    anisotropy : float or array_like
        :math:`\Delta P_c/P_c = (P_{c\parallel}-P_{c\perp})/P_c`
        [dimensionless], signed; its magnitude must stay below 1 for the
        first-order ansatz Eq. 20 to make sense.
    spectral_index : float or array_like
        Power-law index of :math:`f_0 \propto p^{-a}`; must exceed 4.
    resonance : {"co-moving", "counter-moving"}, keyword-only
        Whether the resonant particles travel with or against the wave.
    ion_mass : float, keyword-only
        Mass of the thermal ions [g]; default the proton mass.
    normalization : {"physical", "paper"}, keyword-only
        Prefactor :math:`C = \pi/4` (default) or the printed :math:`\pi/8`.

    Returns
    -------
    float or ndarray
        :math:`\Gamma_{cpa}` [s^-1].

    Raises
    ------
    ValueError
        For non-positive densities or field, ``spectral_index <= 4``,
        :math:`|\Delta P_c/P_c| \ge 1`, or an Alfvén speed at or above c.

    See Also
    --------
    growth_rate_scale, crlib.dispersion.kinetic_wave_frequency

    Examples
    --------
    At the threshold anisotropy the growth rate vanishes:

    >>> from crlib import constants
    >>> from crlib.speeds import alfven_speed
    >>> vA = alfven_speed(5e-6, 0.01 * constants.m_p)
    >>> x = threshold_anisotropy(4.7) * vA / constants.c
    >>> abs(float(growth_rate_pressure_anisotropy(5e-6, 0.01, 1e-10, x, 4.7))) < 1e-20
    True
    """
    fn = "growth_rate_pressure_anisotropy"
    sigmas = {"co-moving": 1.0, "counter-moving": -1.0}
    require(fn, "resonance", resonance, choices=sigmas)
    _prefactor(fn, normalization)
    B, n_i, n_cr = _plasma_inputs(fn, B, n_i, n_cr, ion_mass)
    v_A = alfven_speed(B, n_i * ion_mass)
    x = require(fn, "anisotropy", anisotropy, greater_than=-1.0, less_than=1.0,
                reason="|Delta P_c/P_c| < 1 for the small-anisotropy ansatz (Eq. 20)")
    a = require(fn, "spectral_index", spectral_index, greater_than=4.0, reason=_PRESSURE_REASON)
    E = spectral_factor(a)
    drive = sigmas[resonance] * x * (constants.c / v_A) / threshold_anisotropy(a)
    scale = growth_rate_scale(B, n_i, n_cr, ion_mass=ion_mass, normalization=normalization)
    return scale * E * (drive - 1.0)
