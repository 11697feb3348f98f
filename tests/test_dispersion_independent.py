"""crlib.dispersion.kinetic_wave_frequency: its root is a root of a dispersion function written
here from the physics alone (Eqs. 11, 14, 16, 20 and the plasma the docstring describes).

Nothing of crlib's implementation is reused; only the constants are shared.

- Eq. 14's functional A = df/dp + (kv/omega - mu) p^-1 df/dmu is derived by sympy from
  f = f0 - alpha p f0' P1(mu) - zeta p f0' P2(mu), with f0 = y^-a exp(-(eps/y)^4), y = p/p1.
- The mu integral of the Cauchy kernel, int (1 - mu^2) A / (mu - z) dmu, is sympy's polynomial
  division by (mu - z) plus r(z) [Log(1 - z) - Log(-1 - z)] for |z| <= 2, and the geometric
  series of 1/(mu - z) beyond (where the division would lose digits to cancellation).
- The momentum integral is tanh-sinh quadrature in ln y, split at the resonance edge
  |Re z| = 1 and at the turnover; the normalisation to n_cr (p > p1) and the total density
  are incomplete gamma functions; the return current is a scipy quad.
- Cold ions and massless electrons: the electrons neutralise ions and cosmic rays and drift
  to cancel the cosmic-ray current, chi_e = s 4 pi n_e e c (omega - k u_e)/(omega^2 B).

v_A/c = 1e-2 makes the terms of A of order v_A/c (zeta's d/dp and -mu parts, alpha's d/dp),
the non-resonant part of the mu integral, the displacement current and the relativistic
v(p), Omega/gamma at p1 = 3 m_p c all move the root by at least 3e-4 of the cosmic-ray
shift omega - omega_free per 1 % change of a coefficient; the test allows 1e-5 and measures
at most 3e-7 (turnover 0.2). At the default turnover 0.05 the region around the turnover,
where the sub-resonant cosmic rays' response nearly cancels the electrons' (charge and return
current), needs panels of its own: without them crlib's real part of the shift missed by up
to order unity (the growth rate by 3e-4). The default-turnover cases check that it does not.
"""

from functools import cache

import numpy as np
import pytest
import sympy as sp
from scipy.integrate import quad
from scipy.optimize import brentq
from scipy.special import gamma, gammainc

from crlib import constants
from crlib.dispersion import kinetic_wave_frequency
from crlib.instability import threshold_zeta

E, C, M_P = constants.e, constants.c, constants.m_p
TOLERANCE = 1e-5  # |omega_crlib - omega_here| / |omega_crlib - omega_free|
DEFAULT_TURNOVER = 0.05  # kinetic_wave_frequency's default p_b/p1
Z_SERIES = 2.0    # |z| above which the mu integral is the geometric series
SERIES_TERMS = 64  # 2^-64: the series' truncation error at |z| = 2


@cache
def _mu_integral():
    """Numpy functions of the Cauchy-kernel integral and of the mu-coefficients of (1-mu^2) A.

    A in units of f0's scale and 1/p1: A_y = d_y f + (Q - mu) y^-1 d_mu f, Q = k v / omega;
    F0, F1, F2 are f0 and its first two y-derivatives.
    """
    y, mu, Q, alpha, zeta, z, log_ratio = sp.symbols("y mu Q alpha zeta z L")
    f0 = sp.Function("f0")(y)
    f = f0 - alpha * y * f0.diff(y) * sp.legendre(1, mu) - zeta * y * f0.diff(y) * sp.legendre(2, mu)
    A = f.diff(y) + (Q - mu) / y * f.diff(mu)
    F0, F1, F2 = sp.symbols("F0 F1 F2")
    A = A.subs(f0.diff(y, 2), F2).subs(f0.diff(y), F1).subs(f0, F0)
    numerator = sp.Poly(sp.expand((1 - mu**2) * A), mu)
    quotient, remainder = sp.div(numerator, sp.Poly(mu - z, mu))
    exact = sp.integrate(quotient.as_expr(), (mu, -1, 1)) + remainder.as_expr() * log_ratio
    args = (y, Q, z, log_ratio, alpha, zeta, F0, F1, F2)
    coefficients = [sp.lambdify(args, numerator.coeff_monomial(mu**j), "numpy")
                    for j in range(numerator.degree() + 1)]
    a, eps = sp.symbols("a epsilon", positive=True)
    shape = y ** (-a) * sp.exp(-((eps / y) ** 4))
    shapes = [sp.lambdify((y, a, eps), shape.diff(y, n), "numpy") for n in range(3)]
    return sp.lambdify(args, exact, "numpy"), coefficients, shapes


def _cauchy_moments(z):
    """int_{-1}^{1} mu^j/(mu - z) dmu, j = 0..4, for |z| > 2: -sum_n z^(-n-1) int mu^(j+n)."""
    n = np.arange(SERIES_TERMS)
    powers = z[:, None] ** (-n - 1.0)
    moments = []
    for j in range(5):
        even = (j + n) % 2 == 0
        moments.append(-np.sum(powers * np.where(even, 2.0 / (j + n + 1), 0.0), axis=1))
    return moments


def _tanh_sinh(lo, hi, step):
    t = np.arange(-3.6, 3.6 + step / 2, step)
    u = 0.5 * np.pi * np.sinh(t)
    nodes = 0.5 * (lo + hi) + 0.5 * (hi - lo) * np.tanh(u)
    weights = 0.5 * (hi - lo) * step * 0.5 * np.pi * np.cosh(t) / np.cosh(u) ** 2
    return nodes, weights


class IndependentDispersion:
    """D(omega) = 1 + chi_i + chi_e + chi_CR - k^2 c^2/omega^2 for one signed k and polarisation s."""

    def __init__(self, B, n_i, n_cr, alpha, zeta, a, k, s, *, turnover, step=1 / 16):
        self.B, self.n_i, self.n_cr, self.alpha, self.zeta, self.a = B, n_i, n_cr, alpha, zeta, a
        self.k, self.s, self.eps, self.step = k, s, turnover, step
        self.Omega_0 = E * B / (M_P * C)
        self.p1 = M_P * self.Omega_0 / abs(k)
        self.v_A = B / np.sqrt(4 * np.pi * n_i * M_P)
        # int y^(2-a) exp(-(eps/y)^4) dy = eps^(3-a)/4 Gamma(g) [P(g, eps^4) over y > 1], g = (a-3)/4
        g = (a - 3) / 4
        self.I_total = turnover ** (3 - a) / 4 * gamma(g)
        self.I_resonant = self.I_total * gammainc(g, turnover**4)
        self.n_e = n_i + n_cr * self.I_total / self.I_resonant
        shape_slope = _mu_integral()[2][1]
        # J_cr = e int d^3p v mu f = -(e alpha n_cr / (3 I_resonant)) int y^3 v f0'(y) dy
        current, _ = quad(lambda x: np.exp(4 * x) * self.speed(np.exp(x)) * shape_slope(np.exp(x), a, turnover),
                          np.log(turnover) - 1.2, 45 / (a - 3), points=[np.log(turnover), 0.0],
                          limit=400, epsabs=0.0, epsrel=1e-13)
        self.J_cr = -E * alpha * n_cr / (3 * self.I_resonant) * current
        self.u_e = self.J_cr / (E * self.n_e)

    def speed(self, y):
        momentum = self.p1 * y / (M_P * C)
        return C * momentum / np.sqrt(1 + momentum**2)

    def _pole(self, omega, y):
        gamma_factor = np.sqrt(1 + (self.p1 * y / (M_P * C)) ** 2)
        return (omega + self.s * self.Omega_0 / gamma_factor) / (self.k * self.speed(y))

    def _momentum_nodes(self, omega):
        lo, hi = np.log(self.eps) - 1.2, 45 / (self.a - 3)
        edge = brentq(lambda x: abs(self._pole(omega.real, np.exp(x))) - 1, lo, 5.0, xtol=1e-15)
        breaks = [lo, np.log(self.eps), edge] + [edge + d for d in (0.3, 1.0, 3.0, 8.0, 16.0, 30.0)]
        breaks = sorted(b for b in breaks if lo <= b < hi) + [hi]
        nodes, weights = zip(*(_tanh_sinh(x0, x1, self.step) for x0, x1 in zip(breaks[:-1], breaks[1:])))
        return np.concatenate(nodes), np.concatenate(weights)

    def chi_cosmic_rays(self, omega):
        exact, coefficients, shapes = _mu_integral()
        x, w = self._momentum_nodes(omega)
        y = np.exp(x)
        z = self._pole(omega, y)
        Q = self.k * self.speed(y) / omega
        F = [shape(y, self.a, self.eps) for shape in shapes]
        cauchy = np.empty(y.shape, complex)
        near = np.abs(z) <= Z_SERIES
        zn = z[near]
        cauchy[near] = exact(y[near], Q[near], zn, np.log(1 - zn) - np.log(-1 - zn), self.alpha, self.zeta,
                             *(Fn[near] for Fn in F))
        far = ~near
        moments = _cauchy_moments(z[far])
        cauchy[far] = sum(coefficient(y[far], Q[far], z[far], 0.0, self.alpha, self.zeta, *(Fn[far] for Fn in F))
                          * moment for coefficient, moment in zip(coefficients, moments))
        # chi = (4 pi e^2/omega) int 2 pi p^2 dp (v/2) int dmu (1-mu^2) A/(omega - k v mu + s Omega),
        # with 1/(omega - k v mu + s Omega) = -1/(k v (mu - z)), A = (K/p1) A_y and the scale
        # K = n_cr/(4 pi p1^3 I_resonant) of f0 = K y^-a exp(-(eps/y)^4): v cancels.
        integral = np.sum(w * y**3 * cauchy)  # int y^2 (...) dy, dy = y dx
        return -np.pi * E**2 * self.n_cr / (omega * self.k * self.p1 * self.I_resonant) * integral

    def __call__(self, omega, cosmic_rays=True):
        k, s = self.k, self.s
        Omega_i = E * self.B / (M_P * C)
        chi_ions = -4 * np.pi * self.n_i * E**2 / M_P / (omega * (omega + s * Omega_i))
        n_e, u_e = (self.n_e, self.u_e) if cosmic_rays else (self.n_i, 0.0)
        chi_electrons = s * 4 * np.pi * n_e * E * C * (omega - k * u_e) / (omega**2 * self.B)
        D = 1 + chi_ions + chi_electrons - (k * C / omega) ** 2
        return D + self.chi_cosmic_rays(omega) if cosmic_rays else D


def _newton_step(D, omega, h, **kwargs):
    return -D(omega, **kwargs) / ((D(omega + h, **kwargs) - D(omega - h, **kwargs)) / (2 * h))


def _relative_miss(B, n_i, n_cr, alpha, zeta, a, k, polarization, turnover):
    """|omega_crlib - omega_here| / |omega_crlib - omega_free| (one Newton step on D here).

    ``turnover=None`` calls crlib with its default and takes DEFAULT_TURNOVER here.
    """
    modifiers = {"polarization": polarization} | ({} if turnover is None else {"turnover": turnover})
    omega = kinetic_wave_frequency(B, n_i, n_cr, alpha, zeta, a, k, **modifiers)
    turnover = DEFAULT_TURNOVER if turnover is None else turnover
    D = IndependentDispersion(B, n_i, n_cr, alpha, zeta, a, k, 1.0 if polarization == "right" else -1.0,
                              turnover=turnover)
    free = abs(k) * D.v_A + 0j
    for _ in range(6):
        free += _newton_step(D, free, 1e-7 * free.real, cosmic_rays=False)
    shift = abs(omega - free)
    assert omega.imag > 0 and shift > 1e-6 * abs(omega)
    return abs(_newton_step(D, omega, 1e-3 * shift)) / shift


# v_A/c = 1e-2 (B = 3 muG, n_i from it); drives 1.5 times threshold; p1 = 3 m_p c (relativistic) and
# 1000 m_p c, with n_cr/n_i such that Im omega is 6e-6 to 8e-5 of omega.
B0 = 3e-6
V_A_OVER_C = 1e-2
N_I = (B0 / (V_A_OVER_C * C)) ** 2 / (4 * np.pi * M_P)


def _case(p1, a, drive, polarization, direction, turnover=0.2):
    k = direction * E * B0 / (p1 * M_P * C**2)
    n_cr = (1e-7 if p1 < 10 else 3e-9) * N_I
    if drive == "drift":  # streaming along k at 1.5 v_A
        alpha, zeta = 1.5 * direction * V_A_OVER_C, 0.0
    else:  # expansion (zeta > 0) for right-hand waves, compression for left-hand counter-moving ones
        sense = 1.0 if polarization == "right" else -1.0
        alpha, zeta = 0.0, sense * 1.5 * threshold_zeta(a) * V_A_OVER_C
    return (B0, N_I, n_cr, alpha, zeta, a, k, polarization, turnover)


CASES = {
    f"{drive}-{pol}-k{'+' if d > 0 else '-'}-p1={p1:g}-a={a:g}": _case(p1, a, drive, pol, d)
    for p1, a in ((3.0, 4.5), (1e3, 6.0))
    for drive, pol, d in (("drift", "right", 1), ("drift", "left", 1), ("drift", "right", -1),
                          ("drift", "left", -1), ("anisotropy", "right", 1), ("anisotropy", "right", -1),
                          ("anisotropy", "left", 1))
}


@pytest.mark.parametrize("args", CASES.values(), ids=CASES.keys())
def test_root_is_a_root_of_the_independent_dispersion_function(args):
    assert _relative_miss(*args) < TOLERANCE


DEFAULT_TURNOVER_CASES = {f"{drive}-p1=3-a={a:g}": _case(3.0, a, drive, "right", 1, turnover=None)
                          for a in (4.5, 6.0) for drive in ("drift", "anisotropy")}


# crlib's default turnover (not passed): the turnover's own panels, and its coefficient, under test.
@pytest.mark.parametrize("args", DEFAULT_TURNOVER_CASES.values(), ids=DEFAULT_TURNOVER_CASES.keys())
def test_root_at_the_default_turnover(args):
    assert _relative_miss(*args) < TOLERANCE


def test_mu_integral_matches_contour_quadrature_and_series():
    # The division-plus-log form (|z| <= 2) and the series (|z| > 2) against the mu integral
    # taken along a contour bent away from the pole (Gauss-Legendre in the parameter t).
    exact, coefficients, _ = _mu_integral()
    y, Q, alpha, zeta, F = 1.3, 40.0 + 0.3j, 0.02, -0.03, (0.7, -2.1, 9.0)

    def numerator(mu):
        return sum(c(y, Q, 0.0, 0.0, alpha, zeta, *F) * mu**j for j, c in enumerate(coefficients))

    t, weights = np.polynomial.legendre.leggauss(200)
    for z in (0.4 + 2e-4j, -0.7 - 3e-4j, 0.9 + 1e-5j, -1.9 + 1e-3j, 2.5 * np.exp(0.4j), -3.0 - 1e-4j):
        bend = -0.8j * np.sign(z.imag) * (1 - t**2)
        contour, tangent = t + bend, 1 + 2 * t * 0.8j * np.sign(z.imag)
        reference = np.sum(weights * numerator(contour) / (contour - z) * tangent)
        if abs(z) <= Z_SERIES:
            got = exact(y, Q, z, np.log(1 - z) - np.log(-1 - z), alpha, zeta, *F)
        else:
            got = sum(c(y, Q, 0.0, 0.0, alpha, zeta, *F) * moment[0]
                      for c, moment in zip(coefficients, _cauchy_moments(np.array([z]))))
        np.testing.assert_allclose(got, reference, rtol=1e-11)


def test_momentum_quadrature_is_converged():
    # Halving the tanh-sinh step leaves chi_CR unchanged far below TOLERANCE's scale.
    B, n_i, n_cr, alpha, zeta, a, k, _, turnover = CASES["drift-right-k+-p1=3-a=4.5"]
    omega = (1 - 3e-6 + 6e-6j) * abs(k) * B / np.sqrt(4 * np.pi * n_i * M_P)
    coarse, fine = (IndependentDispersion(B, n_i, n_cr, alpha, zeta, a, k, 1.0, turnover=turnover, step=h)
                    .chi_cosmic_rays(omega) for h in (1 / 16, 1 / 32))
    np.testing.assert_allclose(coarse, fine, rtol=1e-10)
