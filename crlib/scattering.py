r"""Scattering frequency of self-confined cosmic rays (Section 6, Eqs. 56–60).

Equation 42 of :cite:t:`Zweibel2020` fixes a pitch-angle weighted product of
the scattering frequency :math:`\nu` and the anisotropy functional
:math:`A` (Eq. 14) in terms of the field timescale :math:`\tau_B`:

.. math::

    \int_0^1 \nu\,\mu(1-\mu^2)\,\frac{p v_A}{v}\,A\,d\mu
    = \frac{2}{45}\,\frac{\dot B}{B}\,p\,\frac{\partial f_0}{\partial p}.

Section 6 turns it into estimates of :math:`\nu`.  Write
:math:`A = |\partial f_0/\partial p|\,\Delta` with :math:`\Delta` the
*anisotropy factor* (the bracket of Eqs. 22–23, of order unity near marginal
stability).

* Eqs. 56–57: the book takes the product :math:`\nu\Delta` from its exact
  leading-order solution of the pitch-angle balance (chapter *Beyond the
  bound*), which satisfies Eq. 42 at every pitch angle:
  :math:`\nu\Delta = (|\mu|/3)\,(v/v_A)/\tau_B`.  The residual freedom is
  the :math:`|\mu|` (or the average over :math:`\mu`) at which it is
  evaluated (:data:`PITCH_ANGLE_READINGS`); the default :math:`|\mu| = 1`
  gives :math:`\lambda = 3 v_A\tau_B` for :math:`\Delta = 1`.
* Eq. 58: nonlinear Landau damping by thermal ions,
  :math:`\Gamma_{\rm nlld} \sim \nu v_i/c`.
* Eqs. 59–60: equating :math:`\Gamma_{\rm nlld}` to the growth rate of
  Eq. 23, which is linear in :math:`\Delta`, with :math:`\Delta` from
  Eq. 56, gives :math:`\nu^2`.  Two readings are offered side by side: the
  paper's order-of-magnitude one, every coefficient of order unity dropped
  (:func:`nonlinear_landau_frequency_order_of_magnitude`), and the book's
  coefficient-complete one (:func:`nonlinear_landau_scattering_frequency`).

The chapter *§6 Worked example* derives each step with sympy.
"""

from __future__ import annotations

import numpy as np

from crlib import constants
from crlib._validation import quantity_input_cgs, require
from crlib.instability import growth_rate_scale, spectral_factor
from crlib.speeds import alfven_speed, gyrofrequency

__all__ = [
    "EQ42_COEFFICIENT",
    "PITCH_ANGLE_READINGS",
    "scattering_anisotropy_product",
    "scattering_frequency",
    "nonlinear_landau_scattering_frequency",
    "nonlinear_landau_frequency_order_of_magnitude",
    "trial_scattering_frequency",
]

#: Coefficient of the right-hand side of Eq. 42: :math:`\tfrac13\int P_2^2\,d\mu / 3 = 2/45`.
EQ42_COEFFICIENT = 2.0 / 45.0
#: Readings of the exact :math:`\nu\Delta = (|\mu|/3)(v/v_A)/\tau_B` as one number:
#: the :math:`|\mu|` used (name → value).  ``"mu(1-mu^2)-weighted mean"`` is the
#: mean of :math:`|\mu|` with the weight of Eq. 42 (:math:`8/15`);
#: ``"constant nu Delta (weight dropped)"`` is the :math:`\mu`-independent
#: :math:`\nu\Delta` that satisfies Eq. 42 with the weight set to 1, the reading
#: behind :math:`\lambda = (45/2)\Delta v_A\tau_B` (:math:`2/15`).
PITCH_ANGLE_READINGS = {
    "|mu| = 1": 1.0,
    "uniform mean": 0.5,
    "mu(1-mu^2)-weighted mean": 8.0 / 15.0,
    "constant nu Delta (weight dropped)": 2.0 / 15.0,
}


def _speed(fn, v):
    return require(fn, "v", v, positive=True, at_most=constants.c,
                   reason="a particle speed, positive and not above c")


@quantity_input_cgs(v_A="cm s-1", tau_B="s", mu="", v="cm s-1", returns="s-1", result="positive")
def scattering_anisotropy_product(v_A, tau_B, *, mu=1.0, v=constants.c):
    r"""Product :math:`\nu\Delta` of scattering frequency and anisotropy factor (Eqs. 42, 56).

    .. math::

        \nu\,\Delta = \frac{|\mu|}{3}\,\frac{v}{v_A}\,\frac{1}{\tau_B}

    the exact leading-order solution of the pitch-angle balance of an
    expanding tube, :math:`A = (v/3v_A)(|\mu|/\nu)\,|\partial f_0/\partial p|/\tau_B`
    with :math:`A = |\partial f_0/\partial p|\,\Delta` (chapter *Beyond the
    bound*; it satisfies Eq. 42 of :cite:t:`Zweibel2020` at every pitch
    angle, :math:`\int_0^1\mu(1-\mu^2)\,(|\mu|/3)\,d\mu = 2/45`).  Section 6
    of the paper approximates Eq. 42 by one value of :math:`\nu\Delta`
    ("Eq. 56"); the residual freedom is the :math:`|\mu|` at which the
    product is read, or the average over :math:`\mu`
    (:data:`PITCH_ANGLE_READINGS`): :math:`|\mu| = 1` (default), the uniform
    mean :math:`1/2`, the :math:`\mu(1-\mu^2)`-weighted mean :math:`8/15`, or
    :math:`2/15` for a :math:`\mu`-independent :math:`\nu\Delta` with the
    weight of Eq. 42 dropped.

    Parameters
    ----------
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.
    tau_B : float or array_like
        Field timescale :math:`|B/\dot B|` of Eq. 3 [s]; positive.
    mu : float, keyword-only
        :math:`|\mu|` at which the product is read, in :math:`(0, 1]`;
        default 1.
    v : float, keyword-only
        Particle speed [cm s^-1]; default ``c``.

    Returns
    -------
    float or ndarray
        :math:`\nu\Delta` [s^-1].

    Raises
    ------
    ValueError
        For non-positive or non-finite inputs, :math:`v_A \ge c`, or ``mu``
        outside :math:`(0, 1]`.

    See Also
    --------
    scattering_frequency, crlib.heating_exact.quasi_steady_pitch_angle_flux

    Examples
    --------
    >>> from crlib import constants
    >>> f"{float(scattering_anisotropy_product(1e-4 * constants.c, 1e12)):.4e}"
    '3.3333e-09'
    """
    fn = "scattering_anisotropy_product"
    v_A = require(fn, "v_A", v_A, positive=True, less_than=constants.c,
                  reason="an Alfvén speed, positive and below the speed of light")
    tau_B = require(fn, "tau_B", tau_B, positive=True, reason="a field timescale")
    mu = require(fn, "mu", mu, positive=True, at_most=1.0,
                 reason="a pitch-angle cosine magnitude (or its mean) lies in (0, 1]")
    v = _speed(fn, v)
    return mu / 3.0 * (v / v_A) / tau_B


@quantity_input_cgs(v_A="cm s-1", tau_B="s", anisotropy_factor="", mu="", v="cm s-1",
                    returns="s-1", result="positive")
def scattering_frequency(v_A, tau_B, *, anisotropy_factor=1.0, mu=1.0, v=constants.c):
    r"""Pitch-angle scattering frequency at a given anisotropy factor (Eq. 57).

    .. math::

        \nu = \frac{|\mu|}{3}\,\frac{v}{v_A}\,\frac{1}{\Delta\,\tau_B},
        \qquad \lambda = \frac{v}{\nu} = \frac{3\,\Delta\,v_A\tau_B}{|\mu|}

    :func:`scattering_anisotropy_product` divided by the anisotropy factor
    :math:`\Delta`; Section 6 of :cite:t:`Zweibel2020` takes
    :math:`\Delta = 1`.  The mean free path is
    :func:`crlib.confinement.mean_free_path`.

    Parameters
    ----------
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive and below ``c``.
    tau_B : float or array_like
        Field timescale [s]; positive.
    anisotropy_factor : float or array_like, keyword-only
        :math:`\Delta` [dimensionless]; positive (the waves must be unstable).
        Default 1, the paper's choice.
    mu : float, keyword-only
        :math:`|\mu|`, as in :func:`scattering_anisotropy_product`; default 1.
    v : float, keyword-only
        Particle speed [cm s^-1]; default ``c``.

    Returns
    -------
    float or ndarray
        :math:`\nu` [s^-1].

    Raises
    ------
    ValueError
        For a non-positive anisotropy factor (stable waves do not scatter),
        or the errors of :func:`scattering_anisotropy_product`.

    See Also
    --------
    scattering_anisotropy_product, crlib.confinement.mean_free_path, nonlinear_landau_scattering_frequency

    Examples
    --------
    >>> from crlib import constants
    >>> nu = scattering_frequency(1e-4 * constants.c, 1e12, anisotropy_factor=2.0)
    >>> f"{float(nu):.4e}"
    '1.6667e-09'
    """
    delta = require("scattering_frequency", "anisotropy_factor", anisotropy_factor,
                    positive=True, reason="the waves grow, and scatter, only above threshold")
    product = scattering_anisotropy_product(v_A, tau_B, mu=mu, v=v)
    return product / delta


@quantity_input_cgs(B="G", n_i="cm-3", n_cr="cm-3", tau_B="s", v_i="cm s-1", spectral_index="",
                    mu="", ion_mass="g", returns="s-1", result="positive")
def nonlinear_landau_scattering_frequency(
    B, n_i, n_cr, tau_B, v_i, spectral_index, *, mu=1.0, normalization="physical", ion_mass=constants.m_p,
):
    r"""Scattering frequency when nonlinear Landau damping balances growth (Eqs. 59–60), all coefficients kept.

    The growth rate of Eq. 23 is linear in the anisotropy factor,
    :math:`\Gamma_c = G_1\Delta` with :math:`G_1 = \mathcal{S}\,\mathcal{E}`,
    :math:`\mathcal{S} = (\pi/4)\,\Omega_0\,n_c(>p_1)/n_i`
    (:func:`crlib.instability.growth_rate_scale`), and Eq. 56
    (:func:`scattering_anisotropy_product`) gives :math:`\Delta = S/\nu`
    with :math:`S = (|\mu|/3)(c/v_A)/\tau_B`.  Setting
    :math:`\Gamma_c = \Gamma_{\rm nlld} = \nu v_i/c` (Eqs. 58–59):

    .. math::

        &\nu\,\frac{v_i}{c} = \frac{G_1 S}{\nu}
        \quad\Longrightarrow\quad
        \nu = \left(G_1\,S\,\frac{c}{v_i}\right)^{1/2} \\
        &\nu = \left(\frac{|\mu|}{3}\,\frac{\pi}{4}\,\mathcal{E}\right)^{1/2}
          \left(\Omega_0\,\frac{n_c(>p_1)}{n_i}\,\frac{c^2}{v_A v_i\,\tau_B}\right)^{1/2}

    (:cite:t:`Zweibel2020`, Eqs. 58–60).  The second factor is the
    order-of-magnitude estimate of the paper, which drops the first
    (:func:`nonlinear_landau_frequency_order_of_magnitude`).  The anisotropy
    factor at balance is :math:`\Delta = S/\nu`.

    Parameters
    ----------
    B : float or array_like
        Magnetic field [G]; positive.
    n_i : float or array_like
        Thermal ion density [cm^-3]; with ``ion_mass`` it sets
        :math:`v_A = B/(4\pi n_i m_i)^{1/2}`; positive.
    n_cr : float or array_like
        Density of resonant cosmic rays :math:`n_c(>p_1)` [cm^-3]
        (:func:`crlib.anisotropy.resonant_cosmic_ray_density`); positive.
    tau_B : float or array_like
        Field timescale [s]; positive.
    v_i : float or array_like
        Thermal ion speed [cm s^-1] (:func:`crlib.speeds.thermal_ion_speed`); positive.
    spectral_index : float or array_like
        Power-law index of the cosmic-ray spectrum; must exceed 4.
    mu : float, keyword-only
        :math:`|\mu|` of Eq. 56 (:func:`scattering_anisotropy_product`);
        default 1.
    normalization : {"physical", "paper"}, keyword-only
        Growth-rate prefactor :math:`\pi/4` (default) or the paper's printed
        :math:`\pi/8` (see :mod:`crlib.instability`).
    ion_mass : float, keyword-only
        Thermal ion mass [g]; default the proton mass.

    Returns
    -------
    float or ndarray
        :math:`\nu` [s^-1].

    Raises
    ------
    ValueError
        If ``B``, ``n_i``, ``n_cr``, ``tau_B`` or ``ion_mass`` is not
        positive, ``v_i`` is not in (0, c), ``spectral_index <= 4``, ``mu``
        is outside (0, 1], ``normalization`` is unknown, the Alfvén speed
        reaches c, or an input is not finite.

    See Also
    --------
    nonlinear_landau_frequency_order_of_magnitude

    Examples
    --------
    >>> from crlib import constants
    >>> nu = nonlinear_landau_scattering_frequency(1e-6, 1e-3, 1e-10, 1e12, 1e7, 4.7)
    >>> f"{float(nu):.3e}"
    '4.536e-08'
    """
    fn = "nonlinear_landau_scattering_frequency"
    v_i = require(fn, "v_i", v_i, positive=True, less_than=constants.c,
                  reason="a thermal ion speed, below c")
    n_i = require(fn, "n_i", n_i, positive=True, reason="an ion density")
    n_cr = require(fn, "n_cr", n_cr, positive=True, reason="a resonant cosmic-ray density")
    require(fn, "ion_mass", ion_mass, positive=True, reason="an ion mass")
    a = require(fn, "spectral_index", spectral_index, greater_than=4.0,
                reason="Eq. 23 is written with Delta P_c/P_c, finite only for a > 4")
    v_A = alfven_speed(B, n_i * ion_mass)
    S = scattering_anisotropy_product(v_A, tau_B, mu=mu)
    G_1 = growth_rate_scale(B, n_i, n_cr, ion_mass=ion_mass, normalization=normalization) \
        * spectral_factor(a)
    return np.sqrt(G_1 * S * constants.c / v_i)


@quantity_input_cgs(B="G", n_i="cm-3", n_cr="cm-3", tau_B="s", v_i="cm s-1", ion_mass="g",
                    returns="s-1", result="positive")
def nonlinear_landau_frequency_order_of_magnitude(B, n_i, n_cr, tau_B, v_i, *,
                                                  ion_mass=constants.m_p):
    r"""Eq. 60 as an order of magnitude: every coefficient of order unity dropped.

    .. math::

        \nu \sim \left(\Omega_0\,\frac{n_c(>p_1)}{n_i}\,
        \frac{c^2}{v_A\,v_i\,\tau_B}\right)^{1/2}

    The balance of Eqs. 58–59 with :math:`\Gamma_c \sim \Omega_0\,(n_c/n_i)\Delta`
    and :math:`\nu\Delta \sim (c/v_A)/\tau_B`, the reading of
    :cite:t:`Zweibel2020`, who drops order-unity factors in these estimates
    (Section 5: "we have removed the spectrum-dependent factors ... because
    they are of order unity"; Section 6: "~", "a rough estimate").  The
    coefficient-complete form, :func:`nonlinear_landau_scattering_frequency`,
    is this times :math:`[(|\mu|/3)(\pi/4)\mathcal{E}]^{1/2}`.

    Parameters
    ----------
    B : float or array_like
        Magnetic field [G]; positive.
    n_i : float or array_like
        Thermal ion density [cm^-3]; positive.
    n_cr : float or array_like
        Density of resonant cosmic rays [cm^-3]; positive.
    tau_B : float or array_like
        Field timescale [s]; positive.
    v_i : float or array_like
        Thermal ion speed [cm s^-1]; positive, below c.
    ion_mass : float, keyword-only
        Thermal ion mass [g]; with ``n_i`` it sets :math:`v_A`.

    Returns
    -------
    float or ndarray
        :math:`\nu` [s^-1].

    Raises
    ------
    ValueError
        If ``B``, ``n_i``, ``n_cr``, ``tau_B`` or ``ion_mass`` is not
        positive, ``v_i`` is not in (0, c), the Alfvén speed reaches c, or an
        input is not finite.

    See Also
    --------
    nonlinear_landau_scattering_frequency

    Examples
    --------
    >>> f"{float(nonlinear_landau_frequency_order_of_magnitude(1e-6, 1e-3, 1e-10, 1e12, 1e7)):.3e}"
    '1.117e-07'
    """
    fn = "nonlinear_landau_frequency_order_of_magnitude"
    B = require(fn, "B", B, positive=True, reason="a field strength")
    n_i = require(fn, "n_i", n_i, positive=True, reason="an ion density")
    n_cr = require(fn, "n_cr", n_cr, positive=True, reason="a resonant cosmic-ray density")
    tau_B = require(fn, "tau_B", tau_B, positive=True, reason="a field timescale")
    v_i = require(fn, "v_i", v_i, positive=True, less_than=constants.c,
                  reason="a thermal ion speed, below c")
    require(fn, "ion_mass", ion_mass, positive=True, reason="an ion mass")
    v_A = alfven_speed(B, n_i * ion_mass)
    return np.sqrt(gyrofrequency(B) * (n_cr / n_i) * constants.c**2 / (v_A * v_i * tau_B))


@quantity_input_cgs(mu="", nu_tau_B="", mu_power="", gap="", gap_floor="", p_power="", returns="")
def trial_scattering_frequency(p, mu, nu_tau_B, *, mu_power=0.0, gap=0.0, gap_floor=0.1,
                         p_power=0.0, p_ref=1.0):
    r"""Trial pitch-angle scattering frequencies :math:`\nu(p,\mu)\,\tau_B`.

    .. math::

        \nu(p, \mu)\,\tau_B = \nu_0\tau_B\,|\mu|^{q}
        \left(\frac{p}{p_{\rm ref}}\right)^{s}
        \times \begin{cases} \epsilon & |\mu| < \mu_{\rm gap}\\
        1 & \text{otherwise}\end{cases}

    The families used to test the remark below Eq. 48 of
    :cite:t:`Zweibel2020` that trial functions for :math:`\nu` change the
    heating by less than a factor of 2: constant (:math:`q = 0`),
    :math:`\propto|\mu|` and :math:`\propto|\mu|^q`, a resonance gap of depth
    :math:`\epsilon` around :math:`\mu = 0` (where the waves that resonate
    with nearly perpendicular particles are missing, see the discussion of
    Eqs. 40–41), and a power law in momentum.

    Parameters
    ----------
    p : float or array_like
        Momentum (any unit, the same as ``p_ref``); positive.
    mu : float or array_like
        Pitch-angle cosine; in [-1, 1].
    nu_tau_B : float
        :math:`\nu_0\tau_B`, the frequency at :math:`|\mu| = 1`,
        :math:`p = p_{\rm ref}` in units of :math:`1/\tau_B`; positive.
    mu_power : float, keyword-only
        :math:`q \ge 0`.
    gap : float, keyword-only
        Half-width :math:`\mu_{\rm gap}` of the resonance gap, in [0, 1).
    gap_floor : float, keyword-only
        Factor :math:`\epsilon` by which :math:`\nu` is reduced inside the
        gap; in (0, 1].
    p_power : float, keyword-only
        Momentum exponent :math:`s`.
    p_ref : float, keyword-only
        Reference momentum; positive.

    Returns
    -------
    ndarray
        :math:`\nu\tau_B` (dimensionless); zero only at :math:`\mu = 0` for
        ``mu_power > 0``.

    Raises
    ------
    ValueError
        If ``p``, ``nu_tau_B`` or ``p_ref`` is not positive, ``mu`` is
        outside [-1, 1], ``mu_power`` is negative, ``gap`` is outside [0, 1),
        ``gap_floor`` is outside (0, 1], or an input is not finite.

    See Also
    --------
    scattering_anisotropy_product, crlib.heating_exact.quasi_steady_zeta

    Examples
    --------
    >>> float(trial_scattering_frequency(1.0, 0.5, 100.0, mu_power=1.0))
    50.0
    >>> float(trial_scattering_frequency(1.0, 0.05, 100.0, gap=0.1, gap_floor=0.01))
    1.0
    """
    fn = "trial_scattering_frequency"
    p = require(fn, "p", p, positive=True, reason="a momentum")
    mu = require(fn, "mu", mu, at_least=-1.0, at_most=1.0, reason="a pitch-angle cosine lies in [-1, 1]")
    require(fn, "nu_tau_B", nu_tau_B, positive=True, reason="a scattering frequency")
    require(fn, "mu_power", mu_power, nonnegative=True, reason="nu must stay finite at mu = 0")
    require(fn, "gap", gap, nonnegative=True, less_than=1.0, reason="the half-width of a gap around mu = 0")
    require(fn, "gap_floor", gap_floor, positive=True, at_most=1.0,
            reason="the scattering frequency inside the gap must stay positive")
    require(fn, "p_power", p_power, reason="a momentum exponent")
    require(fn, "p_ref", p_ref, positive=True, reason="a reference momentum")
    nu = nu_tau_B * np.abs(mu) ** mu_power * (p / p_ref) ** p_power
    return np.where(np.abs(mu) < gap, gap_floor * nu, nu)
