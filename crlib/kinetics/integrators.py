r"""Time integrators for the stiff semi-discrete kinetic systems.

* :func:`factorise` — a solver for :math:`(I - hL)x = b`: LAPACK's banded LU
  when the band is cheap, SuperLU otherwise.
* :func:`sdirk4` — the five-stage, L-stable, stiffly accurate SDIRK method of
  order 4 (:cite:t:`HairerWanner1996`, Table IV.6.5, :math:`\gamma = 1/4`)
  for a *constant* linear operator: one factorisation serves every stage of
  every step.
* :func:`bdf2` — BDF2 with the same single factorisation (second order).

Both take ``source(t)`` (a vector or ``None``) and call
``record(n_done, state)`` after each step.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sps
import scipy.sparse.linalg as spla

__all__ = ["factorise", "sdirk4", "bdf2", "SDIRK4_GAMMA"]

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
