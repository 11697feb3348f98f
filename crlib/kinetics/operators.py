r"""Transport operators on a :class:`~crlib.kinetics.grid.PhaseSpaceGrid`.

Pure functions that return sparse matrices acting on the flattened
distribution (``mu`` fastest).  All are written in flux form, so particle
number is conserved to round-off by construction.

* :func:`adiabatic_operator` — the phase-space flow of a flux tube whose
  field and parallel length change at the rates
  :math:`b = d\ln B/dt` and :math:`\ell = d\ln L_\parallel/dt`, which
  conserve :math:`p_\perp^2/B` and :math:`p_\parallel L_\parallel`
  (Eq. 6 of :cite:t:`Zweibel2020` is :math:`b = -1/\tau_B`, :math:`\ell = 0`):

  .. math::

      \dot x = -\ell\mu^2 + \frac{b}{2}(1-\mu^2),\qquad
      \dot\mu = -\mu(1-\mu^2)\left(\ell + \frac{b}{2}\right).

  The quantity evolved is :math:`g = f\,V/V_0` (particles per unit
  :math:`d^3p` in a tube of volume :math:`V \propto L_\parallel/B`), which
  obeys a pure conservation law; face values use the third-order
  upwind-biased (:math:`\kappa = 1/3`) reconstruction.
* :func:`anisotropy_gradient` — the anisotropy functional
  :math:`A = \partial_\mu g + s(pv_A/v)\,\partial_p g` (Eq. 14, times
  :math:`p v_A/v`) on the interior :math:`\mu` faces, for waves of phase
  velocity :math:`s\,v_A` (:math:`s = \pm 1` per face).
* :func:`scattering_operator` — :math:`L = -V^{-1}G^{\mathsf T}\,
  \mathrm{diag}(w D_{\mu\mu})\,G`, the exact negative adjoint of the
  gradient: dissipative for any :math:`D_{\mu\mu} \ge 0`, so the
  quasilinear flux :math:`F_\mu = D_{\mu\mu} A`,
  :math:`F_p = s(pv_A/v)F_\mu` (Eqs. 27–32) is discretised with the energy
  it removes from the particles in closed form
  (:func:`face_energy_gradient`).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sps

__all__ = [
    "UPWIND_KAPPA",
    "BranchScattering",
    "adiabatic_operator",
    "anisotropy_gradient",
    "scattering_operator",
    "face_energy_gradient",
    "FaceSet",
    "WeightedProduct",
]

#: Coefficient of the face reconstruction (1/3: third-order upwind-biased).
UPWIND_KAPPA = 1.0 / 3.0


def _kappa_weights(has_uu):
    k = UPWIND_KAPPA
    cU, cD, cUU = 1.0 - k / 2.0, (1.0 + k) / 4.0, -(1.0 - k) / 4.0
    # next to a wall the stencil falls back to the centred two-point value
    return (np.where(has_uu, cU, 0.5), np.where(has_uu, cD, 0.5), np.where(has_uu, cUU, 0.0))


def adiabatic_operator(grid, *, field_rate=-1.0, length_rate=0.0, outflow=False):
    r"""Sparse operator of the adiabatic flow for :math:`g = fV/V_0`.

    Parameters
    ----------
    grid : PhaseSpaceGrid
    field_rate : float, keyword-only
        :math:`b = d\ln B/dt` in units of the model's time unit
        (:math:`-1`: the expanding tube of Eq. 3 with time in :math:`\tau_B`).
    length_rate : float, keyword-only
        :math:`\ell = d\ln L_\parallel/dt` (0: transverse expansion).
    outflow : bool, keyword-only
        Let particles leave through the ends of the momentum grid where the
        flow points outwards (first-order upwind); otherwise zero flux.

    Returns
    -------
    scipy.sparse.csr_matrix
        :math:`L_{\rm ad}` with :math:`dg/dt = L_{\rm ad}\,g`.
    """
    b, ell = float(field_rate), float(length_rate)
    n_p, n_mu = grid.n_p, grid.n_mu
    N = grid.n_unknowns
    idx = grid.index
    e = grid.mu_edges
    # int x_dot dmu over each mu cell (exact)
    m1 = e[1:] - e[:-1]
    m3 = (e[1:] ** 3 - e[:-1] ** 3) / 3.0
    U_mu = -ell * m3 + 0.5 * b * (m1 - m3)
    rows, cols, vals = [], [], []

    def add(minus, plus, coeff, stencil):
        for cell, c in stencil:
            rows.extend([minus, plus]); cols.extend([cell, cell]); vals.extend([-coeff * c, coeff * c])

    # x faces between cells i and i+1
    I, J = np.meshgrid(np.arange(n_p - 1), np.arange(n_mu), indexing="ij")
    I, J = I.ravel(), J.ravel()
    coeff = grid.p_edges[I + 1] ** 3 * U_mu[J]
    down = coeff < 0  # flow towards lower momentum: upwind cell is i+1
    iU = np.where(down, I + 1, I)
    iD = np.where(down, I, I + 1)
    iUU = np.where(down, I + 2, I - 1)
    has_uu = (iUU >= 0) & (iUU <= n_p - 1)
    aU, aD, aUU = _kappa_weights(has_uu)
    # Into a closed end cell, where particles pile up, the face takes the
    # upwind value: the third-order face would drain the cell next to it
    # below zero.
    into_wall = ((iD == 0) | (iD == n_p - 1)) & ~outflow
    aU, aD, aUU = np.where(into_wall, 1.0, aU), np.where(into_wall, 0.0, aD), np.where(into_wall, 0.0, aUU)
    iUU = np.clip(iUU, 0, n_p - 1)
    add(idx(I, J), idx(I + 1, J), coeff,
        ((idx(iU, J), aU), (idx(iD, J), aD), (idx(iUU, J), aUU)))
    if outflow:
        J = np.arange(n_mu)
        low = U_mu < 0  # leaving through p_min
        k0 = idx(np.zeros_like(J), J)[low]
        rows.append(k0); cols.append(k0); vals.append(grid.p_edges[0] ** 3 * U_mu[low])
        high = U_mu > 0  # leaving through p_max
        k1 = idx(np.full_like(J, n_p - 1), J)[high]
        rows.append(k1); cols.append(k1); vals.append(-grid.p_edges[-1] ** 3 * U_mu[high])

    # interior mu faces between cells j and j+1
    I, J = np.meshgrid(np.arange(n_p), np.arange(n_mu - 1), indexing="ij")
    I, J = I.ravel(), J.ravel()
    mu_f = e[J + 1]
    coeff = grid.w_p[I] * (-mu_f * (1.0 - mu_f**2) * (ell + 0.5 * b))
    pos = coeff > 0
    jU = np.where(pos, J, J + 1)
    jD = np.where(pos, J + 1, J)
    jUU = np.where(pos, J - 1, J + 2)
    has_uu = (jUU >= 0) & (jUU <= n_mu - 1)
    aU, aD, aUU = _kappa_weights(has_uu)
    jUU = np.clip(jUU, 0, n_mu - 1)
    add(idx(I, J), idx(I, J + 1), coeff,
        ((idx(I, jU), aU), (idx(I, jD), aD), (idx(I, jUU), aUU)))

    rows = np.concatenate([np.atleast_1d(r) for r in rows])
    cols = np.concatenate([np.atleast_1d(c) for c in cols])
    vals = np.concatenate([np.atleast_1d(v) for v in vals])
    flux_div = sps.coo_matrix((vals, (rows, cols)), shape=(N, N)).tocsr()
    return (sps.diags(1.0 / grid.volume.ravel()) @ flux_div).tocsr()


class FaceSet:
    """Indices of the interior :math:`\\mu` faces: momentum cell ``i``, edge ``j`` (1 … n_mu-1)."""

    def __init__(self, grid):
        I, J = np.meshgrid(np.arange(grid.n_p), np.arange(1, grid.n_mu), indexing="ij")
        self.i = I.ravel()
        self.j = J.ravel()
        self.mu = grid.mu_edges[self.j]
        self.p = grid.p[self.i]
        #: p^3 dx dmu area element of each face (2 pi dropped)
        self.weight = grid.w_p[self.i] * grid.dmu
        self.size = self.i.size


def anisotropy_gradient(grid, v_A_over_c, wave_sign):
    r"""Face operator :math:`G_s`: :math:`(G_s g)_f = \partial_\mu g + s\beta\,\bar\partial_x g`.

    :math:`\beta = v_A/v`; :math:`\partial_\mu` is the two-point difference
    across the face and :math:`\bar\partial_x` the mean of the centred
    :math:`\ln p` differences of the two adjacent cells (one-sided at the
    ends).  ``wave_sign`` is :math:`s` per face (array over the
    :class:`FaceSet`, or a scalar).

    Returns
    -------
    scipy.sparse.csr_matrix
        Shape ``(n_faces, n_p * n_mu)``.
    """
    faces = FaceSet(grid)
    n_p = grid.n_p
    idx = grid.index
    I, J = faces.i, faces.j
    i_hi = np.minimum(I + 1, n_p - 1)
    i_lo = np.maximum(I - 1, 0)
    span = (i_hi - i_lo) * grid.dx
    s = np.broadcast_to(np.asarray(wave_sign, dtype=float), I.shape)
    beta = v_A_over_c / grid.speed[I]
    cx = s * beta / (2.0 * span)
    n_f = faces.size
    r = np.arange(n_f)
    rows = np.concatenate([r, r, np.repeat(r, 4)])
    cols = np.concatenate([
        idx(I, J), idx(I, J - 1),
        np.stack([idx(i_hi, J - 1), idx(i_hi, J), idx(i_lo, J - 1), idx(i_lo, J)], axis=1).ravel()])
    vals = np.concatenate([
        np.full(n_f, 1.0 / grid.dmu), np.full(n_f, -1.0 / grid.dmu),
        np.stack([cx, cx, -cx, -cx], axis=1).ravel()])
    return sps.coo_matrix((vals, (rows, cols)), shape=(n_f, grid.n_unknowns)).tocsr()


def face_energy_gradient(grid, v_A_over_c, wave_sign):
    r""":math:`(G_s\varepsilon)_f = s\beta\,\bar\partial_x\varepsilon`, the energy change per unit flux along the scattering direction."""
    faces = FaceSet(grid)
    n_p = grid.n_p
    eps = grid.energy_per_particle
    hi = np.minimum(np.arange(n_p) + 1, n_p - 1)
    lo = np.maximum(np.arange(n_p) - 1, 0)
    deps_dx = (eps[hi] - eps[lo]) / ((hi - lo) * grid.dx)
    s = np.broadcast_to(np.asarray(wave_sign, dtype=float), faces.i.shape)
    return s * (v_A_over_c / grid.speed[faces.i]) * deps_dx[faces.i]


def scattering_operator(grid, gradient, face_D):
    r""":math:`L = -V^{-1}G^{\mathsf T}\mathrm{diag}(w D)\,G` for face coefficients :math:`D_{\mu\mu} \ge 0`."""
    faces = FaceSet(grid)
    inv_vol = 1.0 / grid.volume.ravel()
    return -(sps.diags(inv_vol) @ gradient.T @ sps.diags(faces.weight * face_D) @ gradient).tocsr()


class WeightedProduct:
    r"""Fast assembly of :math:`X(c) = A\,\mathrm{diag}(c)\,C` for fixed sparse ``A``, ``C``.

    The sparsity pattern of :math:`X` does not depend on the weights
    :math:`c` (one per column of ``A`` / row of ``C``, e.g. one per face), so
    it is found once; a call then costs one sparse mat-vec.  The
    quasilinear scattering operator :math:`G^{\mathsf T}\mathrm{diag}(wD)G`
    and the Jacobian blocks of the coupled wave–particle system are built
    this way at every Newton iteration.
    """

    def __init__(self, A, C):
        A = sps.csc_matrix(A)
        C = sps.csr_matrix(C)
        A.sort_indices()
        C.sort_indices()
        m, F = A.shape
        n = C.shape[1]
        nA = np.diff(A.indptr)
        nC = np.diff(C.indptr)
        pairs = nA * nC
        face = np.repeat(np.arange(F), pairs)
        # position of each pair inside its face block
        start = np.repeat(np.cumsum(pairs) - pairs, pairs)
        local = np.arange(face.size) - start
        ia = A.indptr[face] + local // np.maximum(nC[face], 1)
        ic = C.indptr[face] + local % np.maximum(nC[face], 1)
        rows, cols = A.indices[ia], C.indices[ic]
        vals = A.data[ia] * C.data[ic]
        key = rows.astype(np.int64) * n + cols
        unique, inverse = np.unique(key, return_inverse=True)
        self._map = sps.csr_matrix((vals, (inverse, face)), shape=(unique.size, F))
        r, c = np.divmod(unique, n)
        indptr = np.zeros(m + 1, dtype=np.int64)
        np.add.at(indptr, r + 1, 1)
        self._indptr = np.cumsum(indptr)
        self._indices = c
        self.shape = (m, n)

    def __call__(self, weights):
        """The matrix :math:`A\\,\\mathrm{diag}(c)\\,C` as CSR."""
        data = self._map @ np.asarray(weights, dtype=float)
        return sps.csr_matrix((data, self._indices, self._indptr), shape=self.shape)


class BranchScattering:
    r"""The quasilinear scattering operator of a set of wave branches, for spectra ``W`` (shape ``(n_b, n_k)``).

    Branch :math:`b` scatters at :math:`\nu_b = M_b W_b` on the :math:`\mu`
    faces (``maps[b]``, e.g. :func:`crlib.kinetics.resonance.resonance_map`)
    in the frame of waves of phase-velocity sign ``signs[b]``, whose
    anisotropy gradient is ``gradients[s]`` (:func:`anisotropy_gradient`):
    :math:`L(W) = -V^{-1}\sum_s G_s^{\mathsf T}\mathrm{diag}(w D\,\nu_s)G_s`,
    with ``face_weight`` :math:`= wD` and :math:`\nu_s` the sum over the
    branches of sign :math:`s`.  Linear in :math:`W`.
    """

    def __init__(self, volume, face_weight, gradients, maps, signs):
        from crlib.kinetics.coupled import matvec

        self.maps, self.signs, self.face_weight, self.gradients = maps, np.asarray(signs, float), face_weight, gradients
        div = {s: sps.diags(1.0 / np.ravel(volume)) @ gradients[s].T for s in (+1, -1)}
        self._operator = {s: WeightedProduct(div[s], gradients[s]) for s in (+1, -1)}
        self._coupling = [WeightedProduct(div[s], maps[b]) for b, s in enumerate(signs)]
        # the matrix-free product as three stacked mat-vecs (both signs at once)
        nu = sps.vstack([sps.hstack([M if sb == s else sps.csr_matrix(M.shape) for M, sb in zip(maps, signs)])
                         for s in (+1, -1)])
        self._apply = (matvec(nu), matvec(sps.vstack([gradients[s] for s in (+1, -1)])),
                       matvec(-sps.hstack([div[s] for s in (+1, -1)])), np.tile(face_weight, 2))

    def frequency(self, W):
        r""":math:`\nu_b` of every branch on the faces, shape ``(n_b, n_faces)``."""
        return np.stack([M @ w for M, w in zip(self.maps, W)])

    def matrix(self, W):
        """The sparse operator :math:`L(W)`."""
        nu = self.frequency(W)
        return -sum(self._operator[s](self.face_weight * nu[self.signs == s].sum(axis=0)) for s in (+1, -1))

    def apply(self, W, g):
        """:math:`L(W)g` without assembling the matrix."""
        nu, grad, div, wD = self._apply
        return div(wD * nu(np.ravel(W)) * grad(g))

    def coupling(self, g, weight):
        r""":math:`\partial(L(W)g)/\partial W` with column :math:`(b, k)` scaled by ``weight[b, k]``: sparse ``(N, n_b n_k)``."""
        blocks = []
        for b, s in enumerate(self.signs):
            M = self._coupling[b](self.face_weight * (self.gradients[int(s)] @ g))
            M.data *= weight[b][M.indices]
            blocks.append(M)
        return -sps.hstack(blocks, format="csr")

