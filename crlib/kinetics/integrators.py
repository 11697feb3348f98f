r"""Time integrators for the stiff semi-discrete kinetic systems.

* :func:`factorise` — a solver for :math:`(I - hL)x = b`: LAPACK's banded LU
  when the band is cheap, SuperLU otherwise.
* :func:`sdirk4` — the five-stage, L-stable, stiffly accurate SDIRK method of
  order 4 (:cite:t:`HairerWanner1996`, Table IV.6.5, :math:`\gamma = 1/4`)
  for a *constant* linear operator: one factorisation serves every stage of
  every step.
* :func:`bdf2` — BDF2 with the same single factorisation (second order).
* :func:`trbdf2_coupled_step`, :func:`error_norm`, :func:`next_step`,
  :func:`integrate_trbdf2` — the adaptive, error-controlled TR-BDF2 step of a
  nonlinear particle–wave system (:class:`crlib.kinetics.coupled.CoupledSystem`)
  and its driver.

The fixed-step pair takes ``source(t)`` (a vector or ``None``) and calls
``record(n_done, state)`` after each step.

Why TR-BDF2 for the coupled system.  The step must be implicit (the
scattering and growth rates are :math:`10^3`–:math:`10^5` per drive time),
L-stable (the saturated phase takes steps far beyond the scattering time,
where an A-stable trapezoid rule would ring), second order (the saturated
state drifts on the drive time, where a first-order step is the whole
error), and each of its stages must have the one form for which the discrete
energy identity and the positivity of the wave energies hold exactly (a
stage of :class:`~crlib.kinetics.coupled.CoupledNewton`).  TR-BDF2
(:cite:t:`Bank1985`; :cite:t:`HoseaShampine1996`;
:math:`\gamma = 2 - \sqrt2`) is a trapezoidal
stage to :math:`t + \gamma h` followed by a BDF2 stage to :math:`t + h`: each
stage is an increment over its own sub-interval, so the log-mean exchange
of that sub-interval makes it energy-exact; both stages have the same
diagonal coefficient :math:`\gamma h/2`, so one factorisation of the
Jacobian serves both; the method is L-stable and stiffly accurate; and its
embedded third-order companion gives an error estimate from the three stage
rates, filtered by :math:`(I - \tfrac{\gamma}{2}hJ)^{-1}` so that stiff
components do not inflate it (:cite:t:`HoseaShampine1996`).  Evaluating the exchange of
each stage with the log mean of its sub-interval's wave energies instead of
the stage values changes the local error by :math:`O(h^3)`: the scheme stays
second order (the tests measure it).  A variable-step BDF2 would need the
exchange over two steps at once, which no single log mean makes exact; a
two-stage SDIRK2 could be written stage by stage the same way, but has no
embedded estimate as cheap as TR-BDF2's, whose first stage is explicit at the
start of the step.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sps
import scipy.sparse.linalg as spla

__all__ = ["factorise", "sdirk4", "bdf2", "SDIRK4_GAMMA", "TRBDF2_GAMMA", "trbdf2_coupled_step",
           "trbdf2_amplification", "error_norm", "next_step", "integrate_trbdf2"]

#: Largest ``N * kl * (kl + ku)`` (work of the banded LU) for which LAPACK's
#: banded LU is used instead of SuperLU.
_BANDED_MAX_WORK = 5e6

#: Diagonal, strictly lower Butcher matrix and nodes of the SDIRK4 method.
SDIRK4_GAMMA = 0.25
_SDIRK4_A = np.array([
    [0.0, 0.0, 0.0, 0.0, 0.0],
    [1.0 / 2.0, 0.0, 0.0, 0.0, 0.0],
    [17.0 / 50.0, -1.0 / 25.0, 0.0, 0.0, 0.0],
    [371.0 / 1360.0, -137.0 / 2720.0, 15.0 / 544.0, 0.0, 0.0],
    [25.0 / 24.0, -49.0 / 48.0, 125.0 / 16.0, -85.0 / 12.0, 0.0],
])
_SDIRK4_C = np.array([1.0 / 4.0, 3.0 / 4.0, 11.0 / 20.0, 1.0 / 2.0, 1.0])


def factorise(matrix):
    """Return ``solve(b)`` for the sparse square ``matrix``.

    The natural ordering of the kinetic grids (``mu`` fastest) gives a band of
    half-width about ``2 n_mu``: for small systems the dense banded LU is
    faster than the general sparse one, for large ones SuperLU with a
    minimum-degree ordering has less fill.
    """
    A = sps.coo_matrix(matrix)
    N = A.shape[0]
    kl = int(max(0, np.max(A.row - A.col)))
    ku = int(max(0, np.max(A.col - A.row)))
    if N * kl * (kl + ku) <= _BANDED_MAX_WORK:
        from scipy.linalg.lapack import dgbtrf, dgbtrs

        ab = np.zeros((2 * kl + ku + 1, N), order="F")
        np.add.at(ab, (kl + ku + A.row - A.col, A.col), A.data)
        lub, piv, info = dgbtrf(ab, kl, ku, overwrite_ab=1)
        if info != 0:
            raise np.linalg.LinAlgError(f"banded LU failed: the matrix is singular (info = {info})")

        def solve(b):
            return dgbtrs(lub, kl, ku, b, piv)[0]

        return solve
    return spla.splu(A.tocsc(), permc_spec="MMD_AT_PLUS_A").solve


def _identity_minus(h, L):
    return sps.identity(L.shape[0], format="csr") - h * L


def sdirk4(L, g, dt, n_steps, *, source=None, record=None, bar=None):
    r"""Integrate :math:`dg/dt = Lg + S(t)` from :math:`t = 0` with SDIRK4 at fixed step.

    Stage :math:`i` solves :math:`(I - \gamma\Delta t L)Y_i = r_i + \gamma\Delta t\,S_i`
    with :math:`r_i = g + \sum_{j<i} a_{ij}k_j`; :math:`k_i = (Y_i - r_i)/\gamma`
    follows from the solve itself, and the method is stiffly accurate, so the
    new state is the last stage.
    """
    A, c, gamma = _SDIRK4_A, _SDIRK4_C, SDIRK4_GAMMA
    solve = factorise(_identity_minus(gamma * dt, L))
    k = np.empty((c.size, g.size))
    for n in range(n_steps):
        t = n * dt
        for i in range(c.size):
            r = g.copy()
            for j in range(i):
                r += A[i, j] * k[j]
            S = None if source is None else source(t + c[i] * dt)
            Y = solve(r if S is None else r + (gamma * dt) * S)
            np.subtract(Y, r, out=k[i])
            k[i] /= gamma
        g = Y
        if record is not None:
            record(n + 1, g)
        if bar is not None:
            bar.update(1)
    return g


def bdf2(L, g, dt, n_steps, *, source=None, record=None, bar=None):
    r"""Integrate :math:`dg/dt = Lg + S(t)` with BDF2 at fixed step (one factorisation).

    BDF2 needs :math:`I - \tfrac23\Delta t L`; the start-up takes three
    backward-Euler steps of :math:`h = \tfrac23\Delta t` with the same matrix
    (to :math:`t = 2\Delta t`), :math:`g(\Delta t)` being the mean of the first two.
    """
    def S(t):
        return 0.0 if source is None else source(t)

    h = (2.0 / 3.0) * dt if n_steps > 1 else dt
    solve = factorise(_identity_minus(h, L))
    if n_steps == 1:
        g = solve(g + dt * S(dt))
        n_done = 1
        if record is not None:
            record(1, g)
    else:
        g_a = solve(g + h * S(h))
        g_b = solve(g_a + h * S(2 * h))
        g_prev = 0.5 * (g_a + g_b)
        g = solve(g_b + h * S(3 * h))
        n_done = 2
        if record is not None:
            record(1, g_prev)
            record(2, g)
    if bar is not None:
        bar.update(n_done)
    while n_done < n_steps:
        t_new = (n_done + 1) * dt
        g_new = solve((4.0 * g - g_prev) / 3.0 + h * S(t_new))
        g_prev, g = g, g_new
        n_done += 1
        if record is not None:
            record(n_done, g)
        if bar is not None:
            bar.update(1)
    return g


#: gamma of TR-BDF2, 2 - sqrt(2): the trapezoidal stage ends at gamma h; both stages have the diagonal gamma h / 2.
TRBDF2_GAMMA = 2.0 - math.sqrt(2.0)
_D = TRBDF2_GAMMA / 2.0
#: BDF2 stage: y_1 - Y = kappa (Y - y_0) + d h F(y_1), kappa = (1 - gamma)^2 / (gamma (2 - gamma)).
_KAPPA = (1.0 - TRBDF2_GAMMA) ** 2 / (TRBDF2_GAMMA * (2.0 - TRBDF2_GAMMA))
#: b - b_hat of the ESDIRK form (b = (w, w, d), w = sqrt(2)/4; b_hat the third-order companion).
_W = math.sqrt(2.0) / 4.0
#: Largest growth of the step after an accepted one (larger ones were rejected more often than they paid).
_MAX_GROWTH = 2.0
_ERROR_WEIGHTS = (_W - (1.0 - _W) / 3.0, _W - (3.0 * _W + 1.0) / 3.0, _D - _D / 3.0)


def trbdf2_amplification(z):
    r"""TR-BDF2's factor :math:`R(z)` for :math:`\dot y = \lambda y`, :math:`z = h\lambda` (L-stable: :math:`R(\infty) = 0`)."""
    y_gamma = (1.0 + _D * z) / (1.0 - _D * z)
    return ((1.0 + _KAPPA) * y_gamma - _KAPPA) / (1.0 - _D * z)


def trbdf2_coupled_step(newton, g, z, h, *, tol=1e-13):
    r"""One TR-BDF2 step of the :class:`~crlib.kinetics.coupled.CoupledSystem` of ``newton``.

    Stage 1 (trapezoid over :math:`\gamma h`): :math:`\hat g = (g_0 + g_\gamma)/2`.
    Stage 2 (BDF2 over :math:`(1-\gamma)h`): :math:`\hat g = [\tfrac{\kappa\gamma}{2}(g_0 + g_\gamma)
    + \tfrac{\gamma}{2}g_1]/(1-\gamma)`; the damping averages alike.  Returns
    ``(g_1, z_1, accounting, (e_g, e_z))`` with the two stages' accounting
    summed and the filtered local error estimate, or ``None`` when a stage's
    Newton iteration fails.
    """
    s = newton.system
    gam = TRBDF2_GAMMA
    kW0 = s.kappa * np.exp(z)
    F0 = s.rates(g, z)
    stage = newton.solve(g, z, gam * h, 0.5, 0.5 * g, 0.5 * kW0, guess=(g + gam * h * F0[0], z), tol=tol)
    if stage is None:
        return None
    g_a, z_a, acc = stage
    w = _KAPPA * gam / 2.0 / (1.0 - gam)
    # extrapolate the first stage to t + h as the start of the second
    guess = (g + (g_a - g) / gam, z + (z_a - z) / gam)
    stage = newton.solve(g_a, z_a, (1.0 - gam) * h, _D / (1.0 - gam), w * (g + g_a),
                         w * (kW0 + s.kappa * np.exp(z_a)), guess=guess, tol=tol)
    if stage is None:
        return None
    g1, z1, acc2 = stage
    acc = {k: acc[k] + acc2[k] for k in acc}  # the lists of stages concatenate
    Fa, F1 = s.rates(g_a, z_a), s.rates(g1, z1)
    # the start's rate as the trapezoidal stage saw it, (Y - y_0)/(gamma h / 2) - F(Y):
    # a dead spectrum next to its inflow level has a pointwise rate without bound,
    # which no step resolves and no filter tames
    F0 = tuple(2.0 * (Y - y) / (gam * h) - F for Y, y, F in ((g_a, g, Fa[0]), (z_a, z, Fa[1])))
    e0, ea, e1 = _ERROR_WEIGHTS
    e_g = h * (e0 * F0[0] + ea * Fa[0] + e1 * F1[0])
    e_z = h * (e0 * F0[1] + ea * Fa[1] + e1 * F1[1])
    return g1, z1, acc, newton.filter(e_g, e_z)


def error_norm(error, g, W, g_scale, rtol, atol):
    r"""Norm of a local error ``(e_g, e_z)``; a step is accepted when it is at most 1.

    Each :math:`g` is held to ``rtol * |g| + atol * g_scale``, each wave
    energy to ``rtol * W + atol * sum(W)`` (its error :math:`W e_z`, ``e_z``
    that of :math:`\ln W`), so that bins without energy do not hold the step
    back.  RMS norms; the larger of the two counts, so that the few wave bins
    are not outvoted by the many cells.
    """
    e_g, e_z = error
    ng = e_g / (rtol * np.abs(g) + atol * g_scale)
    nz = W * e_z / (rtol * W + atol * np.sum(W))
    return max(float(np.sqrt(np.mean(ng**2))), float(np.sqrt(np.mean(nz**2))))


def next_step(h, norm, *, accepted):
    r"""The next step after one of length ``h`` with error norm ``norm`` (local error :math:`\propto h^3`).

    Steps sit on a ladder of :math:`2^{1/4}` and stay put for a small change,
    so that a factorisation of the Jacobian can serve many steps.
    """
    factor = 0.9 * max(norm, 1e-10) ** (-1.0 / 3.0)
    factor = min(_MAX_GROWTH, max(0.2, factor))
    if accepted and 1.0 <= factor < 1.5:
        return h
    return 2.0 ** (round(4.0 * math.log2(h * factor)) / 4.0)


def integrate_trbdf2(newton, g, W, t_out, on_step, on_output, *, dt=None, h_first, h_max, rtol, atol, g_scale,
                     max_steps, caller, newton_tol, check):
    r"""Integrate a :class:`~crlib.kinetics.coupled.CoupledSystem` through the times ``t_out``.

    ``dt`` fixes the step (a divisor of every output interval, stages solved to
    round-off); ``None`` adapts it from ``h_first`` (at most ``h_max``) to the
    error estimate of :func:`trbdf2_coupled_step` under :func:`error_norm`.
    ``on_step(g, W, accounting)`` follows every accepted step,
    ``on_output(t)`` every output time after ``t_out[0]``; ``check(g)`` raises
    ``ValueError`` for a state that lost positivity (the step is then retried
    shorter).  Returns ``(steps, rejected)``.

    Raises
    ------
    ValueError
        Naming ``caller``: Newton's method failed at a fixed ``dt``, the
        adaptive step collapsed, or more than ``max_steps`` steps.
    """
    fixed = dt is not None
    z = np.log(W)
    t, k_out, steps, rejected = float(t_out[0]), 1, 0, 0
    span = float(t_out[-1] - t_out[0])
    h = dt if fixed else h_first
    while k_out < len(t_out):
        target = t_out[k_out]
        h_try = min(h, target - t)
        out = trbdf2_coupled_step(newton, g, z, h_try, tol=1e-13 if fixed else newton_tol)
        norm = None  # None: Newton's method failed or positivity was lost
        if out is not None and not fixed:
            try:
                check(out[0])
                norm = error_norm(out[3], out[0], np.exp(out[1]), g_scale, rtol, atol)
            except ValueError:
                out = None
            if norm is not None and norm > 1.0:
                out = None
        if out is None:
            if fixed:
                raise ValueError(f"{caller}: Newton's method failed at t = {t:.4g} with dt = {dt!r}; "
                                 "use a smaller step or the adaptive one (dt=None).")
            rejected += 1
            h = 0.5 * h_try if norm is None else next_step(h_try, norm, accepted=False)
            if h < 1e-12 * span:
                raise ValueError(f"{caller}: the adaptive step collapsed at t = {t:.4g}.")
            continue
        g, z, acc, _ = out
        on_step(g, np.exp(z), acc)
        t += h_try
        steps += 1
        if steps > max_steps:
            raise ValueError(f"{caller}: more than max_steps = {max_steps} steps before t_end; "
                             "raise max_steps or shorten the run.")
        if not fixed:
            # a step clipped to an output time does not move h up
            h_next = next_step(h_try, norm, accepted=True)
            h = min(h_max, h_next if h_try == h or h_next < h else h)
        if abs(t - target) <= 1e-12 * span:
            t = target
            on_output(t)
            k_out += 1
    return steps, rejected
