r"""Implicit stages of a particle distribution coupled to wave spectra, solved by Newton's method.

The self-consistent quasilinear model (:class:`crlib.quasilinear.QuasilinearFluxTube`)
evolves a distribution :math:`g` (densities on a phase-space grid) and wave
spectra :math:`W = e^z` with

.. math::

    \begin{aligned}
    \dot g &= L_d g + L_s(W)\,g + S, \\
    \dot z &= R g + a - \gamma_d(W) + \lambda\Big(\frac{W_{\rm up}}{W} - 1\Big),
    \qquad \gamma_d = c + \kappa W,
    \end{aligned}

where :math:`L_s(W)` is linear in :math:`W`, the last term is the upwind
drift of each spectrum along its grid at :math:`\lambda` bins per unit time
(:math:`W_{\rm up}` the upstream neighbour, a constant inflow level beyond the
grid's end), and the exchange is energy-neutral, :math:`e^{\mathsf T}L_s(W)g = -\sum W\,(Rg)` (``e`` the
energy weights).  Every implicit stage of the integrators of
:mod:`crlib.kinetics.integrators` has the form

.. math::

    \begin{aligned}
    g_1 - g_s &= H\,[L_d\hat g + L_s(\bar W)\hat g + S], \\
    z_1 - z_s &= H\,[R\hat g + a - \hat\gamma_d + \lambda(\bar W_{\rm up}/\bar W - 1)],
    \end{aligned}

with :math:`\hat g = \beta g_1 + \hat g_{\rm known}` a weighted average of
stage values, :math:`\hat\gamma_d = c + \beta\kappa W_1 + \hat\gamma_{\rm known}` and
:math:`\bar W = (W_1 - W_s)/(z_1 - z_s)` the logarithmic mean.  Because
:math:`W_1 - W_s = \bar W(z_1 - z_s)` exactly, the energy the waves gain in
the stage is the energy the particles lose, the drift moves energy only
across the ends of the grid (:math:`\sum_k(\bar W_{{\rm up},k} - \bar W_k)`
telescopes), and :math:`W_1 = e^{z_1} > 0` whatever the stage length.

* :func:`logmean_factor` — :math:`(e^\delta - 1)/\delta` and its derivative;
  :func:`log_logmean_factor` — its logarithm and logarithmic derivative, for
  any :math:`\delta`;
* :class:`CoupledSystem` — the operators of one model;
* :class:`CoupledNewton` — the stage solver: Newton's method on :math:`g`
  with the waves eliminated exactly, a sparse LU of the bordered Jacobian
  reused across stages and steps while it still contracts;
* :func:`matvec` — a sparse matrix–vector product without scipy's per-call overhead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import scipy.sparse as sps
import scipy.sparse.linalg as spla
from scipy.linalg.lapack import dtbtrs

__all__ = ["logmean_factor", "log_logmean_factor", "CoupledSystem", "CoupledNewton", "matvec", "NEWTON_FLOOR"]

#: Residual (relative, energy-weighted) below which a stalled Newton iteration has
#: reached round-off: each stage then keeps the energy identity to ~1e-12.
ROUNDOFF_RESIDUAL = 1e-11

#: A factorisation kept from an earlier iterate serves while each iteration
#: shrinks the residual at least this much (a new one costs ~30 iterations on
#: the 64 x 33 grid).
STALE_CONTRACTION = 0.6

#: SuperLU ordering and partial-pivoting threshold for the coupled Jacobian: the
#: minimum-degree ordering of A^T + A keeps the fill of the wave rows lowest, and a
#: threshold below 1 lets the diagonal pivots (dominant after scaling) stand.
LU_ORDERING = "MMD_AT_PLUS_A"
LU_PIVOT_THRESHOLD = 0.1

#: A factorisation is tried on stages whose H*beta is within this |ln ratio| of its own.
REUSE_LOG_RATIO = math.log(2.0) + 1e-9

#: Residual that always counts as converged.
NEWTON_FLOOR = 1e-13

#: Floor of ln W: strongly damped bins would otherwise underflow to zero.
LOG_FLOOR = -700.0


def matvec(matrix):
    """Return ``x -> matrix @ x`` for a sparse ``matrix``, through SciPy's CSR kernel directly.

    The stage solver evaluates a few products per Newton iteration on small
    systems, where ``scipy.sparse``'s dispatch costs more than the product.
    """
    A = sps.csr_matrix(matrix)
    A.sum_duplicates()
    try:
        from scipy.sparse._sparsetools import csr_matvec
    except ImportError:  # pragma: no cover - a SciPy without the private kernel
        return A.__matmul__
    n_row, n_col = A.shape
    indptr, indices, data = A.indptr, A.indices, A.data

    def product(x):
        x = np.ascontiguousarray(x, dtype=float)
        y = np.zeros(n_row)
        csr_matvec(n_row, n_col, indptr, indices, data, x, y)
        return y

    return product


def logmean_factor(delta):
    r"""Return :math:`(e^\delta - 1)/\delta` and its derivative, stable at small :math:`\delta`."""
    small = np.abs(delta) < 1e-4
    d = np.where(small, 1.0, delta)
    em1 = np.expm1(d)
    value = np.where(small, 1.0 + delta / 2.0 + delta**2 / 6.0, em1 / d)
    deriv = np.where(small, 0.5 + delta / 3.0 + delta**2 / 8.0, (d * (em1 + 1.0) - em1) / d**2)
    return value, deriv


def log_logmean_factor(delta):
    r"""Return :math:`\ln[(e^\delta - 1)/\delta]` and its derivative, without overflow at any :math:`\delta`.

    A dead wave bin (near the floor of :math:`\ln W`) that fills from its
    upstream neighbour changes :math:`\ln W` by hundreds in one stage.
    """
    delta = np.asarray(delta, dtype=float)
    size = np.abs(delta)
    small = size < 1e-4
    d = np.where(small, 1.0, delta)
    size = np.where(small, 1.0, size)
    gap = -np.expm1(-size)                          # 1 - e^-|d|, in (0, 1]
    # ln|e^d - 1| - ln|d| = max(d, 0) + ln[(1 - e^-|d|)/|d|]
    value = np.where(small, delta / 2.0 + delta**2 / 24.0, np.maximum(d, 0.0) + np.log(gap / size))
    # d/dd of it: -1/expm1(-d) - 1/d, written with e^-|d| = 1 - gap only (no overflow for d << 0)
    slope = np.where(small, 0.5 + delta / 12.0, np.where(d > 0, 1.0, gap - 1.0) / gap - 1.0 / d)
    return value, slope


@dataclass
class CoupledSystem:
    r"""Operators of a particle–wave system (see the module docstring).

    ``scatter(W, g)`` is :math:`L_s(W)g` (matrix-free), ``scatter_matrix(W)``
    the sparse :math:`L_s(W)`, ``coupling(g, w)`` the sparse
    :math:`\partial(L_s(W)g)/\partial W` with column :math:`j` scaled by
    ``w[j]``; ``growth`` is :math:`R` (``(n_w, N)``), ``kappa`` the
    amplitude-dependent damping per unit :math:`W` (array of shape ``shape``, or 0),
    ``energy`` the energy weights of :math:`g`, ``volume`` its number weights;
    ``drift`` is :math:`\lambda` with the direction as its sign (negative:
    towards lower bin indices) and ``inflow`` the level beyond the upstream end.
    """

    drive: sps.csr_matrix
    growth: sps.csr_matrix
    scatter: Callable
    scatter_matrix: Callable
    coupling: Callable
    wave_rate: float
    damping_constant: float
    kappa: object
    source: np.ndarray
    energy: np.ndarray
    volume: np.ndarray
    shape: tuple
    drift: float = 0.0
    inflow: float = 0.0

    def upstream(self, X, ghost):
        """Each bin's upstream neighbour (``ghost`` beyond the upstream end)."""
        out = np.empty_like(X, dtype=float)
        if self.drift < 0:
            out[:, :-1], out[:, -1] = X[:, 1:], ghost
        else:
            out[:, 1:], out[:, 0] = X[:, :-1], ghost
        return out

    def upstream_ratio(self, log_W):
        r""":math:`W_{\rm up}/W` from :math:`\ln W` (bins near the floor of :math:`\ln W` would overflow it)."""
        return np.exp(np.clip(self.upstream(log_W, math.log(self.inflow)) - log_W, -700.0, 700.0))

    def drift_rate(self, log_W):
        r""":math:`\lambda(W_{\rm up}/W - 1)`, the drift's rate of change of :math:`\ln W`."""
        return abs(self.drift) * (self.upstream_ratio(log_W) - 1.0) if self.drift else 0.0

    @property
    def nonlinear(self):
        return np.any(np.asarray(self.kappa) != 0.0)

    def damping(self, W):
        r""":math:`\gamma_d(W) = c + \kappa W`."""
        return self.damping_constant + self.kappa * W

    def rates(self, g, z):
        """Semi-discrete ``(dg/dt, dz/dt)`` at ``(g, z)``."""
        W = np.exp(z)
        dg = self.drive @ g + self.scatter(W, g) + self.source
        dz = (self.growth @ g).reshape(self.shape) + self.wave_rate - self.damping(W) + self.drift_rate(z)
        return dg, dz


class CoupledNewton:
    """Solver of the implicit stages of a :class:`CoupledSystem`; keeps the factorisation between calls."""

    def __init__(self, system):
        self.system = system
        self.factorisations = 0
        self._cache = None  # (H beta, solve)

    def _products(self):
        if getattr(self, "_mv", None) is None:
            self._mv = (matvec(self.system.drive), matvec(self.system.growth))
        return self._mv

    def _norm(self, r_g, r_z, g):
        s = self.system
        # energy- and number-weighted norms: the spectrum spans many decades of g
        return max(float(np.dot(s.energy, np.abs(r_g)) / np.dot(s.energy, np.abs(g))),
                   float(np.dot(s.volume, np.abs(r_g)) / np.dot(s.volume, np.abs(g))),
                   float(np.max(np.abs(r_z))))

    def filter(self, e_g, e_z):
        r"""Apply :math:`(I - H\beta J)^{-1}` of the last factorisation (stiff error estimates)."""
        if self._cache is None:
            return e_g, e_z
        out = self._cache[1](np.concatenate([e_g, e_z.ravel()]))
        return out[: e_g.size], out[e_g.size:].reshape(e_z.shape)

    def solve(self, g_s, z_s, H, beta, g_known, kappa_known, guess=None, *, tol=1e-13, max_iter=40):
        r"""Solve one stage (module docstring); return ``(g_1, z_1, accounting)`` or ``None``.

        ``g_known`` and ``kappa_known`` are the known parts of :math:`\hat g`
        and of the amplitude-dependent damping average; ``guess`` an optional
        ``(g, z)`` start, tried against the stage's start.  ``accounting``
        holds the stage's ``drive_work`` (work of :math:`L_d`), ``injected``,
        ``wave_work`` (of :math:`a`) and ``heat`` (damped wave energy), all
        in the units of the energy weights, and ``stages``, the list of
        ``(H, g_hat, g_1)``.  The returned :math:`g_1` is the stage formula evaluated at
        the converged :math:`\hat g` and :math:`\bar W`, so the energy identity is
        exact for any ``tol`` (which sets only the accuracy of the stage).  The
        residual must be at most ``tol`` and at most 1 % of the stage's change
        (floor :data:`NEWTON_FLOOR`): near a steady state the change is tiny and
        the stage is solved to round-off, so that a steady state stays one.
        """
        s = self.system
        N, shape = g_s.size, s.shape
        W_s = np.exp(z_s)
        hb = H * beta
        const = s.damping_constant + kappa_known
        nl = s.nonlinear
        kappa = s.kappa

        drive_mv, growth_mv = self._products()

        def g_hat(g):
            return beta * g + g_known

        lam = abs(s.drift)

        def wave_solution(g, z):
            """ln W_1 that solves the wave equations exactly for the particle state g (None if it cannot).

            The waves are eliminated: Newton's method then works on g alone, and the
            exponential dependence of W on g cannot run away from one iterate to the next.
            """
            drive = z_s + H * (growth_mv(g_hat(g)).reshape(shape) + s.wave_rate - const)
            if not nl and not lam:
                return drive  # the floor of ln W is applied to the converged stage only
            if not lam:
                # z + c2 e^z = drive: increasing and convex in z, Newton from above is monotone
                c2 = hb * kappa
                z = np.minimum(z, drive)
                z = np.maximum(z, drive - c2 * np.exp(np.minimum(drive, 700.0)))  # lower bound
                for _ in range(60):
                    e = c2 * np.exp(z)
                    step = (z + e - drive) / (1.0 + e)
                    z = z - step
                    if np.max(np.abs(step)) < 1e-14:
                        break
                return z
            # the drift couples each bin to its upstream neighbour: Newton's method on
            # the bidiagonal system, each bin increasing in its own ln W
            for _ in range(80):
                if not np.all(z < 700.0):
                    return None  # a diverging iterate: the stage is too long
                F, diag, off = wave_equations(z, drive)
                step = solve_bidiagonal(diag, off, -F)
                if step is None:
                    return None
                step = np.clip(step, -10.0, 10.0)
                z = z + step
                if np.all(np.abs(step) < 1e-13 * np.maximum(1.0, np.abs(z))):  # round-off of ln W
                    return z
            return None

        def wave_equations(z, drive):
            # in logarithms: W_bar spans hundreds of e-folds between neighbours
            log_phi, slope = log_logmean_factor(z - z_s)  # slope: d ln W_bar / dz
            ratio = s.upstream_ratio(z_s + log_phi)  # W_bar,up / W_bar
            e = hb * kappa * np.exp(z) if nl else 0.0
            F = z + e - drive - H * lam * (ratio - 1.0)
            return F, 1.0 + e + H * lam * ratio * slope, -H * lam * ratio * s.upstream(slope, 0.0)

        def solve_bidiagonal(diag, off, rhs):
            # a triangular band: LAPACK's back substitution, without solve_banded's checks
            ab = np.zeros((2, diag.size))
            if s.drift < 0:  # upstream is the next bin: upper bidiagonal
                ab[0, 1:], ab[1] = off.ravel()[:-1], diag.ravel()
                x, info = dtbtrs(ab, rhs.reshape(-1, 1), uplo="U")
            else:
                ab[0], ab[1, :-1] = diag.ravel(), off.ravel()[1:]
                x, info = dtbtrs(ab, rhs.reshape(-1, 1), uplo="L")
            return x.reshape(shape) if info == 0 else None

        def residual(g, z):
            # matrix-free: the operator is assembled only when a Jacobian is factorised
            gh = g_hat(g)
            log_W_bar = z_s + log_logmean_factor(z - z_s)[0]
            # a trial iterate far from the root may overflow W: its residual is then inf and
            # the Newton iteration rejects the step (it does not enter the solution)
            with np.errstate(over="ignore"):
                W_bar = np.exp(log_W_bar)
            r_g = g - g_s - H * (drive_mv(gh) + s.scatter(W_bar, gh) + s.source)
            r_z = z - z_s - H * (growth_mv(gh).reshape(shape) + s.wave_rate - const
                                 - (beta * kappa * np.exp(z) if nl else 0.0)
                                 + s.drift_rate(log_W_bar))
            return r_g, r_z, self._norm(r_g, r_z, g), z

        def factorise(g, z):
            log_phi, slope = log_logmean_factor(z - z_s)
            W_bar = np.exp(z_s + log_phi)
            A = s.drive + s.scatter_matrix(W_bar)
            J_gz = (-H) * s.coupling(g_hat(g), W_bar * slope)  # d r_g/dz through W_bar
            J_zg = (-hb) * s.growth
            if lam:
                _, diag, off = wave_equations(z, z)
                J_zz = sps.diags([diag.ravel(), off.ravel()[:-1] if s.drift < 0 else off.ravel()[1:]],
                                 [0, 1 if s.drift < 0 else -1])
            else:
                J_zz = sps.diags((1.0 + (hb * kappa * np.exp(z) if nl else np.zeros(shape))).ravel())
            J = sps.bmat([[sps.identity(N, format="csr") - hb * A, J_gz], [J_zg, J_zz]], format="csr")
            # g spans many decades (p^-a): solve for relative changes, rows scaled alike
            scale = np.concatenate([np.maximum(np.abs(g), 1e-300), np.ones(z.size)])
            J = (sps.diags(1.0 / scale) @ J @ sps.diags(scale)).tocsc()
            self.factorisations += 1
            lu = spla.splu(J, permc_spec=LU_ORDERING, diag_pivot_thresh=LU_PIVOT_THRESHOLD)

            def solve(rhs):
                return scale * lu.solve(rhs / scale)

            self._cache = (hb, solve)
            return solve

        # start from the better of the stage's start and the guess: the growth
        # rates are a small difference of large terms, so an extrapolated
        # anisotropy can put the waves many e-folds off, the old one rarely does
        z = wave_solution(g_s, z_s)
        if z is None:
            return None
        start = (g_s, z) + residual(g_s, z)[:3]
        if guess is not None:
            g_pred = np.where(guess[0] > 0.0, guess[0], g_s)
            z_pred = wave_solution(g_pred, guess[1])
            if z_pred is not None:
                pred = (g_pred, z_pred) + residual(g_pred, z_pred)[:3]
                if pred[4] < start[4]:
                    start = pred
        g, z, r_g, r_z, size = start
        cached = self._cache
        # a factorisation from a neighbouring stage length still contracts (by
        # about |1 - hb/hb_old|); the contraction test below decides
        solve = cached[1] if cached is not None and abs(math.log(hb / cached[0])) <= REUSE_LOG_RATIO else None
        fresh = False
        for _ in range(max_iter):
            # (the change of g alone: dead wave bins keep decaying at a steady state)
            if size <= max(NEWTON_FLOOR, min(tol, 1e-2 * self._norm(g - g_s, np.zeros(1), g))):
                break
            if size <= ROUNDOFF_RESIDUAL and fresh:
                break  # a fresh Newton step could not improve it: round-off
            if solve is None:
                try:
                    solve = factorise(g, z)
                except RuntimeError:
                    return None
                fresh = True
            delta = solve(-np.concatenate([r_g, r_z.ravel()]))
            if not np.all(np.isfinite(delta)):
                return None
            dg, dz = delta[:N], delta[N:].reshape(shape)
            big = float(np.max(np.abs(dz)))
            alpha = min(1.0, 5.0 / big) if big > 0 else 1.0  # keep each update of ln W moderate
            needed = STALE_CONTRACTION if not fresh else None
            for _ in range(8):
                g_try = g + alpha * dg
                z_try = wave_solution(g_try, z + alpha * dz)
                if z_try is None:
                    return None
                trial = residual(g_try, z_try)
                bound = needed if needed is not None else 1.0 - 0.1 * alpha
                if trial[2] <= bound * size or trial[2] <= NEWTON_FLOOR or not fresh:
                    break  # a stale factorisation is refreshed rather than searched with
                alpha *= 0.5
            if trial[2] > bound * size and trial[2] > NEWTON_FLOOR:
                if fresh:
                    if size <= ROUNDOFF_RESIDUAL:
                        break
                    return None
                solve = None  # refactorise at the current iterate and try again
                continue
            g, z = g_try, trial[3]
            r_g, r_z, size = trial[:3]
            fresh = False
        else:
            return None
        # bins damped to e^-700 stay there: the energy this floor adds is ~1e-304
        z = np.maximum(z, LOG_FLOOR)
        W_bar = np.exp(z_s + log_logmean_factor(z - z_s)[0])
        gh = g_hat(g)
        # the stage's own formula, evaluated at the converged averages: the change of
        # g is then exactly H times the rate the waves' equations saw, so the energy
        # identity holds to round-off whatever the Newton tolerance (g moves by r_g)
        g = g_s + H * (s.drive @ gh + s.scatter(W_bar, gh) + s.source)
        gamma_hat = const + (beta * kappa * np.exp(z) if nl else 0.0)
        acc = {
            "stages": [(H, gh, g)],
            "drive_work": H * float(np.dot(s.energy, s.drive @ gh)),
            "injected": H * float(np.dot(s.energy, s.source)),
            "wave_work": H * s.wave_rate * float(np.sum(W_bar)),
            "heat": H * float(np.sum(gamma_hat * W_bar)),
            # energy carried across the ends of the spectra's grid (in minus out)
            "drift": H * lam * float(np.sum(s.upstream(W_bar, s.inflow) - W_bar)) if lam else 0.0,
        }
        return g, z, acc
