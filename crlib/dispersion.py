r"""The kinetic dispersion relation of parallel Alfvén waves, solved for its complex root.

The growth rates of :mod:`crlib.instability` (Eqs. 15, 19, 23 of
:cite:t:`Zweibel2020`) follow from the resonant part of the cosmic-ray
response in the limit :math:`\mathrm{Im}\,\omega \ll \omega`, through a
delta-function step.  :func:`kinetic_wave_frequency` solves the full
dispersion relation of cold ions, cold massless electrons and a cosmic-ray
power law with drift and pressure anisotropy (Eqs. 11–14, Section 3) for the
complex frequency instead, without that step: the check on the physical
prefactor :math:`\pi/4` of the closed forms.

:func:`kinetic_wave_frequency` is also importable from
:mod:`crlib.instability`.
"""

from __future__ import annotations

import numpy as np

from crlib import constants
from crlib._validation import quantity_input_cgs, require
from crlib.instability import _NUMBER_DENSITY_REASON, _plasma_inputs
from crlib.speeds import alfven_speed

__all__ = ["kinetic_wave_frequency"]

_GAUSS_P = np.polynomial.legendre.leggauss(16)   # per panel in ln(p/p1)
_GAUSS_MU = np.polynomial.legendre.leggauss(24)  # mu integral far from resonance
# Panel edges near the resonance edge p = p1 (x = 0), where the integrand has a kink.
_NEAR_EDGE = np.array([1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 0.6])  # mutation-exempt: panel edges
# (the panel edges are quadrature parameters, not physics: the root is converged in them, and
# kinetic_wave_frequency checks that at run time on a finer quadrature)


# Panel edges around the low-momentum turnover x = ln(p_b/p1), where the sub-resonant cosmic
# rays' response nearly cancels that of the electrons that neutralise them: unresolved, it
# shifts Re omega by up to its whole cosmic-ray shift.
_TURNOVER_EDGES = np.array([-1.0, -0.5, 0.0, 0.5, 1.0, 2.0])  # mutation-exempt: panel edges


def _panels(x_lo, x_hi, gauss, x_turn):
    edges = np.unique(np.concatenate((
        [x_lo], x_turn + _TURNOVER_EDGES, [-2.0, -1.0], -_NEAR_EDGE, [0.0], _NEAR_EDGE,  # mutation-exempt: panel edges
        [1.0, 2.0, 3.5, 5.0, 7.5, 10.0, 15.0, 20.0, 30.0], [x_hi])))  # mutation-exempt: panel edges
    edges = edges[(edges >= x_lo) & (edges <= x_hi)]
    nodes, weights = gauss
    half = 0.5 * np.diff(edges)[:, None]
    mid = 0.5 * (edges[1:] + edges[:-1])[:, None]
    return (mid + half * nodes).ravel(), (half * weights).ravel()


class _KineticPlasma:
    """Cold ions, cold massless electrons and a cosmic-ray power law: D(omega) for one k."""

    def __init__(self, B, n_i, n_cr, alpha, zeta, a, k, sign, ion_mass, turnover, gauss_p):
        m, q, c = constants.m_p, constants.e, constants.c
        self.B, self.n_i, self.k, self.s, self.a = B, n_i, k, sign, a
        self.alpha, self.zeta = alpha, zeta
        self.Omega_0 = q * B / (m * c)
        self.p1 = m * self.Omega_0 / abs(k)
        self.p_b = turnover * self.p1
        x, w = _panels(np.log(turnover) - 1.5, 40.0 / (a - 3.0), gauss_p, np.log(turnover))  # mutation-exempt: integration limits (f0 < e^-400 below, p^(3-a) < e^-40 above)
        self.x, self.w, p = x, w, self.p1 * np.exp(x)
        self.p = p
        u4 = (self.p_b / p) ** 4
        shape = np.exp(-a * x - u4)                       # f0 / (K p1^-a)
        n_shape = 4 * np.pi * self.p1**3 * np.exp(3 * x) * shape
        K = n_cr / np.sum((w * n_shape)[x > 0]) * self.p1**a
        self.f0 = K * p ** (-a) * np.exp(-u4)
        log_slope = -a / p + 4 * u4 / p                    # d ln f0 / dp
        self.df0 = self.f0 * log_slope
        self.d2f0 = self.f0 * (log_slope**2 + a / p**2 - 20 * u4 / p**2)
        gamma = np.sqrt(1 + (p / (m * c)) ** 2)
        self.v, self.Omega = p / (gamma * m), self.Omega_0 / gamma
        n_total = np.sum(w * n_shape) * K / self.p1**a
        # Neutral and current-free: electrons carry n_cr's charge and the cosmic-ray current.
        self.n_e = n_i + n_total
        pf0 = p * self.df0
        g1 = -alpha * pf0                                  # Eq. 16: f = f0 + g1 P1
        J_cr = q * np.sum(w * p * 4 * np.pi / 3 * p**2 * self.v * g1)
        self.u_e = J_cr / (q * self.n_e)
        self.omega_pi2 = 4 * np.pi * n_i * q**2 / ion_mass
        self.Omega_i = q * B / (ion_mass * c)

    def chi_cr(self, omega):
        k, s, p, v = self.k, self.s, self.p, self.v
        pf0, dpf0 = p * self.df0, self.df0 + p * self.d2f0
        g1, dg1 = -self.alpha * pf0, -self.alpha * dpf0    # P1 part (Eq. 16) and d/dp
        g2, dg2 = -self.zeta * pf0, -self.zeta * dpf0      # P2 part (Eq. 20) and d/dp
        Q = k * v / omega
        # Eq. 14 in full, A = df/dp + (kv/omega - mu) p^-1 df/dmu, as a polynomial in mu
        A = (self.df0 - dg2 / 2 + Q * g1 / p, dg1 + (3 * Q * g2 - g1) / p, 1.5 * dg2 - 3 * g2 / p)
        N = (A[0], A[1], A[2] - A[0], -A[1], -A[2])        # (1 - mu^2) A
        z = (omega + s * self.Omega) / (k * v)             # pole: omega - k v mu + s Omega = 0
        # Cauchy integral over mu exactly: N(mu) = q(mu)(mu - z) + N(z), and
        # int_{-1}^{1} dmu/(mu - z) = Log(1 - z) - Log(-1 - z), the causal branch for Im omega > 0.
        q3 = N[4]
        q2 = N[3] + z * q3
        q1 = N[2] + z * q2
        q0 = N[1] + z * q1
        r = N[0] + z * q0
        integral = -(2 * q0 + 2 * q2 / 3 + r * (np.log(1 - z) - np.log(-1 - z))) / (k * v)
        far = np.abs(z) > 2.0  # pole far away: direct quadrature  # mutation-exempt: switch between two exact forms of the mu integral
        if np.any(far):
            mu, wmu = _GAUSS_MU
            poly = sum(N[j][far] * mu[:, None] ** j for j in range(5))
            denom = omega - k * v[far] * mu[:, None] + s * self.Omega[far]
            integral[far] = np.sum(wmu[:, None] * poly / denom, axis=0)
        integrand = 2 * np.pi * p**2 * (v / 2) * integral * p     # d^3p, dp = p dx
        return 4 * np.pi * constants.e**2 / omega * np.sum(self.w * integrand)

    def dispersion(self, omega):
        c, s, k, e = constants.c, self.s, self.k, constants.e
        # Cold ions, -w_pi^2/[w (w + s Omega_i)], plus the electrons that neutralise them
        # (massless limit, + s 4 pi n_i e c/(w B)): the 1/w parts cancel exactly, leaving
        # w_pi^2/[Omega_i (Omega_i + s w)] -> c^2/v_A^2 for w << Omega_i.
        chi_ions = self.omega_pi2 / (self.Omega_i * (self.Omega_i + s * omega))
        # The electrons that neutralise the cosmic rays and carry their return current,
        # massless limit of -(w_pe^2/w^2)(w - k u)/(w - k u + s Omega_e).
        n_extra = self.n_e - self.n_i
        chi_electrons = s * 4 * np.pi * e * c * (n_extra * omega - self.n_e * k * self.u_e) / (omega**2 * self.B)
        return 1 + chi_ions + chi_electrons + self.chi_cr(omega) - (k * c / omega) ** 2


@quantity_input_cgs(B="G", n_i="cm-3", n_cr="cm-3", alpha="", zeta="", spectral_index="", k="cm-1",
                    ion_mass="g", turnover="", returns="rad s-1")
def kinetic_wave_frequency(B, n_i, n_cr, alpha, zeta, spectral_index, k, *, polarization="right",
                           ion_mass=constants.m_p, turnover=0.05):
    r"""Complex frequency of a growing parallel wave from the full kinetic dispersion relation.

    .. math::

        &D(\omega, k) = 1 + \chi_i + \chi_e + \chi_{\rm CR} - \frac{k^2c^2}{\omega^2} = 0,
        \\
        &\chi^{\pm}_{\rm CR} = \frac{4\pi q^2}{\omega}\int d^3p\,
        \frac{v(1-\mu^2)}{2}\,\frac{A[f,k,\omega]}{\omega - kv\mu \pm \Omega}

    for circularly polarised waves along :math:`\mathbf{B}` (:math:`k > 0`)
    or against it (:math:`k < 0`), upper sign right-hand relative to
    :math:`\mathbf{B}` (Eq. 11).  Cold ions,
    :math:`\chi_i^\pm = -\omega_{pi}^2/[\omega(\omega\pm\Omega_i)]`, and cold
    massless electrons that neutralise the ions and cosmic rays and carry the
    return current make :math:`\omega^2 \simeq k^2v_A^2`; the cosmic rays,

    .. math::

        f = f_0 - \alpha\,p f_0'\,P_1(\mu) - \zeta\,p f_0'\,P_2(\mu),\qquad
        f_0 \propto p^{-a}\,e^{-(p_b/p)^4},\quad p_b = \epsilon\,p_1

    (Eqs. 16 and 20 with the exact relativistic :math:`v(p)` and
    :math:`\Omega = \Omega_0/\gamma`), add the resonant term.  :math:`A` is
    Eq. 14 in full (the :math:`-\mu` and :math:`\partial_p` of the
    anisotropic part kept).  The :math:`\mu` integral of the Cauchy kernel is
    done exactly, :math:`\int_{-1}^{1}d\mu/(\mu - z) = \mathrm{Log}(1-z) -
    \mathrm{Log}(-1-z)`, which for :math:`\mathrm{Im}\,\omega > 0` is the
    causal (Landau) continuation: no delta function is used.  The momentum
    integral is Gauss–Legendre quadrature in :math:`\ln p`; the root is found
    with :func:`scipy.optimize.root` from :math:`\omega = |k|v_A`.  With
    :math:`\mathrm{Im}\,\omega \ll \omega` this reproduces the closed forms
    :func:`crlib.instability.growth_rate_drift`,
    :func:`crlib.instability.growth_rate_pressure_anisotropy` and
    :func:`crlib.combined.growth_rate_combined` with the physical prefactor
    :math:`\pi/4`, up to corrections of order :math:`v_A/c`,
    :math:`(m_pc/p_1)^2` and :math:`\alpha a` (:cite:t:`Zweibel2020`,
    Eqs. 13–23; :cite:t:`KennelEngelmann1966`).

    Parameters
    ----------
    B : float
        Magnetic field strength [G]; positive.
    n_i : float
        Thermal ion number density [cm^-3]; positive.
    n_cr : float
        Number density of cosmic rays with :math:`p > p_1` [cm^-3]; positive
        and below ``1e-6 * n_i`` (a weak beam).
    alpha : float
        Drift anisotropy of Eq. 16, :math:`v_D = \alpha c` along
        :math:`+\mathbf{B}`; :math:`|\alpha| < 0.1`.
    zeta : float
        Pressure-anisotropy parameter of Eq. 20; :math:`|\zeta| < 0.1`.
    spectral_index : float
        Power-law index of :math:`f_0`; must exceed 3.
    k : float
        Signed parallel wavenumber [cm^-1]; :math:`|k| v_A` below
        :math:`0.01\,\Omega_i` (the Alfvén branch).
    polarization : {"right", "left"}, keyword-only
        Rotation sense relative to :math:`\mathbf{B}` (Eq. 11).
    ion_mass : float, keyword-only
        Thermal ion mass [g]; sets :math:`v_A = B/(4\pi n_i m_i)^{1/2}`.
    turnover : float, keyword-only
        :math:`\epsilon = p_b/p_1` of the smooth low-momentum turnover, in
        :math:`(0, 0.2]`: resonant particles (:math:`p > p_1`) see the pure
        power law to :math:`\epsilon^4`.

    Returns
    -------
    complex
        :math:`\omega` [rad s^-1]; its imaginary part is the growth rate.

    Raises
    ------
    ValueError
        For out-of-range inputs; if the root is damped
        (:math:`\mathrm{Im}\,\omega \le 0`: the real-axis :math:`\mu`
        integral is then not the causal continuation); or if the root-finder
        fails or the root does not survive a finer quadrature (loss of
        accuracy).

    See Also
    --------
    crlib.instability.growth_rate_scale, crlib.instability.growth_rate_drift,
    crlib.instability.growth_rate_pressure_anisotropy, crlib.combined.growth_rate_combined

    Examples
    --------
    Streaming at three times the Alfvén speed, waves along the drift:

    >>> from crlib import constants
    >>> from crlib.instability import growth_rate_drift
    >>> from crlib.speeds import alfven_speed
    >>> B, n_i, n_cr = 3e-6, 1.0, 1e-14
    >>> vA = alfven_speed(B, n_i * constants.m_p)
    >>> k = constants.e * B / (1e3 * constants.m_p * constants.c**2)   # p1 = 1000 m_p c
    >>> w = kinetic_wave_frequency(B, n_i, n_cr, 3 * vA / constants.c, 0.0, 4.5, k)
    >>> round(float(w.imag / growth_rate_drift(B, n_i, n_cr, 3 * vA, 4.5)), 3)
    1.0
    """
    from scipy.optimize import root

    fn = "kinetic_wave_frequency"
    signs = {"right": 1.0, "left": -1.0}
    require(fn, "polarization", polarization, choices=signs)
    B, n_i, n_cr = (float(v) for v in _plasma_inputs(fn, B, n_i, n_cr, ion_mass))
    require(fn, "n_cr", n_cr / n_i, less_than=1e-6,
            reason="n_cr/n_i < 1e-6: the cosmic rays are a weak beam on the Alfven branch")
    alpha = float(require(fn, "alpha", alpha, greater_than=-0.1, less_than=0.1,
                          reason="|alpha| < 0.1 for the first-order drift ansatz (Eq. 16)"))
    zeta = float(require(fn, "zeta", zeta, greater_than=-0.1, less_than=0.1,
                         reason="|zeta| < 0.1 for the first-order ansatz (Eq. 20)"))
    a = float(require(fn, "spectral_index", spectral_index, greater_than=3.0, reason=_NUMBER_DENSITY_REASON))
    k = float(require(fn, "k", k))
    require(fn, "|k|", abs(k), positive=True, reason="a zero wavenumber has no gyroresonance")
    turnover = float(require(fn, "turnover", turnover, positive=True, at_most=0.2,
                             reason="the turnover must lie well below p1"))
    v_A = float(alfven_speed(B, n_i * ion_mass))
    Omega_i = constants.e * B / (ion_mass * constants.c)
    require(fn, "|k| v_A / Omega_i", abs(k) * v_A / Omega_i, less_than=0.01,
            reason="the root is sought on the Alfven branch, omega = |k| v_A << Omega_i")

    def make(gauss):
        return _KineticPlasma(B, n_i, n_cr, alpha, zeta, a, k, signs[polarization], ion_mass,
                              turnover, gauss)

    plasma = make(_GAUSS_P)
    unit = abs(k) * v_A

    def F(x):  # (omega/kc)^2 D, in x = omega/(|k| v_A)
        omega = x * unit
        return (omega / (k * constants.c)) ** 2 * plasma.dispersion(omega)

    x0 = 1.0 / np.sqrt(1.0 + (v_A / constants.c) ** 2) + 1e-15j  # mutation-exempt: root-finder start
    x1 = x0 - F(x0) / (2 * x0)  # first-order estimate, F'(x) ~ 2x  # mutation-exempt: root-finder start
    damped = (f"{fn}: the waves are damped (Im omega = {{:.3e}} s^-1 <= 0); the resonant "
              "integral along real mu is the causal continuation only for growing waves.")
    if not x1.imag > 0:
        raise ValueError(damped.format(x1.imag * unit))
    scale = abs(x1 - x0)
    h = 1e-2 * scale  # mutation-exempt: finite-difference step of the Jacobian (F is analytic)

    def equations(y):
        x = x1 + scale * (y[0] + 1j * y[1])
        value = F(x) / scale
        slope = (F(x + h) - F(x - h)) / (2 * h)  # F is analytic: Cauchy-Riemann Jacobian  # mutation-exempt: Jacobian only steers hybr to the same root
        return [value.real, value.imag], [[slope.real, -slope.imag], [slope.imag, slope.real]]

    solution = root(equations, [0.0, 0.0], jac=True, method="hybr", options={"xtol": 1e-12})
    x = x1 + scale * (solution.x[0] + 1j * solution.x[1])
    if abs(F(x)) > 1e-6 * scale:
        raise ValueError(f"{fn}: the root-finder did not converge ({solution.message.strip()}).")
    if not x.imag > 0:
        raise ValueError(damped.format(x.imag * unit))
    # Loss of accuracy: one Newton step on a finer momentum quadrature must move neither Im omega
    # nor omega itself by more than 1e-3 of the growth rate and of the cosmic-ray shift x - x0.
    fine = make(np.polynomial.legendre.leggauss(32))
    check = (x * unit / (k * constants.c)) ** 2 * fine.dispersion(x * unit)
    slope = (F(x + h) - F(x - h)) / (2 * h)  # mutation-exempt: accuracy check (raises or not)
    shift = -check / slope
    moved = max(abs(shift.imag) / x.imag, abs(shift) / abs(x - x0))
    if moved > 1e-3:
        raise ValueError(f"{fn}: the root moves by {moved:.1e} of its growth rate or cosmic-ray shift "
                         "under a finer momentum quadrature; the integrand is under-resolved.")
    return complex(x * unit)
