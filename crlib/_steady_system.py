"""The discrete system of :class:`crlib.quasilinear.QuasilinearFluxTube` as dense linear pieces.

Private to :mod:`crlib.saturated_state`: the scattering operator of every wave
bin, read once through the model's public methods (by colour: bins with
disjoint stencils together), the drift of the spectra, the leaky box of a
heated tube, and the factorisation of the Newton matrix.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sps

from crlib.kinetics.operators import anisotropy_gradient

#: Scattering operators per (grid, v_A/c); the drive and coupling blocks per model settings.
_PIECES_CACHE: dict = {}
_FLOW_CACHE: dict = {}


def _co_moving_grow(model):
    r"""Whether the co-moving branches grow: :math:`\ell + b/2 < 0` drives :math:`P_\parallel > P_\perp`.

    A particle's :math:`d\ln p_\parallel/dt = -\ell` and :math:`d\ln p_\perp/dt = b/2`:
    transverse expansion (``b < 0``) pushes pitch angles towards the field; compression
    (``b > 0``) and the expanding box (``b = -1, l = 1``) away from it.
    """
    return model.length_rate + 0.5 * model.field_rate < 0.0


def escape_rate(model):
    """Escape rate r per |tau_B| of the leaky box of a heated tube; documented as
    :func:`crlib.saturated_state.balancing_loss_rate`."""
    return max(0.0, 2.0 * (model.field_rate - model.length_rate) * model.spectral_index / 3.0)


def _read_scattering_operators(model, N, K):
    r"""Every wave bin's scattering operator as COO pieces ``(bin, row, col, value)``.

    The operator is linear in the wave energies, and bin :math:`k` acts only on
    the cells of the :math:`\mu` faces it resonates with (the stencil of
    :func:`crlib.kinetics.operators.anisotropy_gradient` on those faces).  Bins
    whose stencils do not overlap are read together in one call of
    :meth:`~crlib.quasilinear.QuasilinearFluxTube.scattering_operator` and
    told apart by row; the sum is checked against a direct call at random
    wave energies, and bin-by-bin reading is the fallback.
    """
    nb, n_k = K // model.n_k, model.n_k
    grid = model.grid
    G = anisotropy_gradient(grid, model.v_A_over_c, 1.0).tocsr()
    G = (abs(G) + abs(anisotropy_gradient(grid, model.v_A_over_c, -1.0))).tocsr()
    # the faces each bin resonates with: nu is linear in U, so U = identity gives them all at once
    try:
        nu = np.asarray(model.scattering_frequency(np.broadcast_to(np.eye(n_k), (nb, n_k, n_k)), 0.0))
        support = [np.abs(nu[b]).T > 0 for b in range(nb)]  # (n_k, n_faces) per branch
        support = np.concatenate(support, axis=0)
        if support.shape[0] != K:
            raise ValueError
    except (ValueError, TypeError, IndexError):
        return _read_bin_by_bin(model, N, K)
    incidence = (sps.csr_matrix(support.astype(float)) @ abs(G)).tocsr()  # bins x cells
    stencils = [incidence.indices[incidence.indptr[k]:incidence.indptr[k + 1]] for k in range(K)]
    # greedy colouring: bins of one colour have disjoint stencils
    owner_rows, colours = [], []
    for k in range(K):
        for c, members in enumerate(colours):
            if not np.any(owner_rows[c][stencils[k]] >= 0):
                members.append(k)
                owner_rows[c][stencils[k]] = k
                break
        else:
            colours.append([k])
            rows = np.full(N, -1)
            rows[stencils[k]] = k
            owner_rows.append(rows)
    pieces = []
    for members, owner in zip(colours, owner_rows):
        e = np.zeros(K)
        e[members] = 1.0
        L = model.scattering_operator(e.reshape(nb, n_k), 0.0).tocoo()
        k = owner[L.row]
        if np.any(k < 0) or np.any(owner[L.col] != k):  # a stencil missed: read bin by bin
            return _read_bin_by_bin(model, N, K)
        pieces.append((k, L.row, L.col, L.data))
    tk, tr, tc, tv = (np.concatenate(x) for x in zip(*pieces))
    U = np.random.default_rng(1).uniform(0.5, 1.5, K)
    direct = model.scattering_operator(U.reshape(nb, n_k), 0.0).toarray()
    rebuilt = np.bincount(tr * N + tc, weights=tv * U[tk], minlength=N * N).reshape(N, N)
    if np.max(np.abs(rebuilt - direct)) > 1e-12 * np.max(np.abs(direct)):
        return _read_bin_by_bin(model, N, K)
    return tk, tr, tc, tv


def _read_bin_by_bin(model, N, K):
    nb, n_k = K // model.n_k, model.n_k
    ks, rows, cols, vals = [], [], [], []
    for k in range(K):
        e = np.zeros(K)
        e[k] = 1.0
        L = model.scattering_operator(e.reshape(nb, n_k), 0.0).tocoo()
        ks.append(np.full(L.nnz, k)); rows.append(L.row); cols.append(L.col); vals.append(L.data)
    return tuple(np.concatenate(x) for x in (ks, rows, cols, vals))


class _Pieces:
    """The discrete system of a model as dense linear pieces, read through its public methods.

    ``rhs`` is linear in ``g`` at given ``U`` and the scattering operator is
    linear in ``U``: the operator of each wave bin is read once (and cached
    for every model with the same grid and :math:`v_A/c`).
    """

    def __init__(self, model):
        grid = model.grid
        N, K = grid.n_unknowns, model.n_unknowns - grid.n_unknowns
        self.N, self.K = N, K
        nb = K // model.n_k
        ones_g = np.ones(N)
        key = (grid.p_min, grid.p_max, grid.n_p, grid.n_mu, grid.ultrarelativistic, model.v_A_over_c, K)
        if key not in _PIECES_CACHE:
            _PIECES_CACHE.clear()  # one grid at a time: the sweep orders points by v_A
            _PIECES_CACHE[key] = _read_scattering_operators(model, N, K)
        self.tk, self.tr, self.tc, self.tv = _PIECES_CACHE[key]
        # one Jacobian at U = 1: its (g, g) block is the drive plus the sum of the bins' operators,
        # and d(rate U)/dg = diag(U) R, so its (U, g) block is R itself
        # (cached for the model's scalar settings: a repeated or swept solve skips the assembly)
        flow_key = (key, tuple(sorted((k, v) for k, v in vars(model).items()
                                      if isinstance(v, (bool, int, float, str)))))
        if flow_key not in _FLOW_CACHE:
            if len(_FLOW_CACHE) >= 16:
                _FLOW_CACHE.clear()
            J1 = model.jacobian(0.0, np.concatenate([ones_g, np.ones(K)]))
            J1 = J1.toarray() if hasattr(J1, "toarray") else np.asarray(J1)
            _FLOW_CACHE[flow_key] = (J1[N:, :N], J1[:N, :N] - np.bincount(
                self.tr * N + self.tc, weights=self.tv, minlength=N * N).reshape(N, N))
        self.R, A_drive = _FLOW_CACHE[flow_key]
        self.A_drive = A_drive.copy()
        # a heated (compressed) tube: the escape that keeps it steady
        self.A_drive[np.diag_indices(N)] -= escape_rate(model)
        # sparse maps of the same pieces: U -> the entries of L(U) on their joint pattern, and
        # g -> the entries of d(L(U)g)/dU; a mat-vec each instead of a scatter per call
        flat_rc = self.tr * N + self.tc
        self.pattern, where = np.unique(flat_rc, return_inverse=True)
        self.entries = sps.csr_matrix((self.tv, (where, self.tk)), shape=(self.pattern.size, K))
        self.pattern_rows, self.pattern_cols = np.divmod(self.pattern, N)
        self.coupling = sps.csr_matrix((self.tv, (self.tr * K + self.tk, self.tc)), shape=(N * K, N))
        shape = (nb, model.n_k)
        self.d0 = model.damping_rates(np.zeros(shape), 0.0).ravel()
        self.d1 = model.damping_rates(np.ones(shape), 0.0).ravel() - self.d0
        self.a_w = model.wave_drive_rate
        if model.injection_rate:
            self.S = model.injection(0.0)
        elif escape_rate(model) > 0.0:
            # the leaky box of a heated tube (balancing_loss_rate): the isotropic source that
            # keeps the power law steady, including the inflow of the power law through p_min
            # (the drive carries particles up; without it the cells at p_min empty and their
            # inverted slope would drive the other branches)
            s0 = model.initial_state()[0]
            deficit = -(self.A_drive @ s0)
            iso = grid.isotropic_part(deficit)
            self.S = np.repeat(iso, grid.n_mu)
        else:
            self.S = np.zeros(N)
        self.D, self.inflow = _drift(model, nb)

    def operator(self, U):
        out = self.A_drive.copy()
        out.flat[self.pattern] += self.entries @ U
        return out

    def apply(self, U, g):
        """:math:`L(U)g` without forming :math:`L(U)`."""
        values = (self.entries @ U) * g[self.pattern_cols]
        return self.A_drive @ g + np.bincount(self.pattern_rows, weights=values, minlength=self.N)

    def operator_derivative(self, g):
        """:math:`\\partial(L(U)g)/\\partial U`, shape ``(N, K)``."""
        return (self.coupling @ g).reshape(self.N, self.K)


def _drift(model, nb):
    r"""Upwind drift of every spectrum in :math:`\ln p_\parallel` at :math:`b+\ell`, with inflow at the seed level.

    The semi-discrete form of the drift that :meth:`QuasilinearFluxTube.run`
    takes as an implicit split step (``wave_adiabatic=True``).
    """
    nk = model.n_k
    D = np.zeros((nb * nk, nb * nk))
    inflow = np.zeros(nb * nk)
    c = (model.field_rate + model.length_rate) / model.dy
    if not model.wave_adiabatic or c == 0.0:
        return D, inflow
    for b in range(nb):
        o = b * nk
        idx = np.arange(nk)
        D[o + idx, o + idx] = -abs(c)
        if c < 0:  # towards lower p_par: inflow through the top bin
            D[o + idx[:-1], o + idx[1:]] = abs(c)
            inflow[o + nk - 1] = abs(c) * model.seed_level
        else:
            D[o + idx[1:], o + idx[:-1]] = abs(c)
            inflow[o] = abs(c) * model.seed_level
    return D, inflow


def _factorise(J, N, diagonal_waves):
    """LU of the Newton matrix; with a diagonal wave block, of its Schur complement on the cosmic rays."""
    if not diagonal_waves:
        return ("full", sla.lu_factor(J, check_finite=False))
    d = np.diag(J[N:, N:]).copy()
    if np.any(d == 0.0):
        raise np.linalg.LinAlgError("singular wave block")
    B_over_d = J[:N, N:] / d[None, :]
    schur = J[:N, :N] - B_over_d @ J[N:, :N]
    return ("schur", sla.lu_factor(schur, check_finite=False), B_over_d, J[N:, :N], d)


def _solve(lu, G_g, G_z):
    if lu[0] == "full":
        return sla.lu_solve(lu[1], np.concatenate([G_g, G_z]), check_finite=False)
    _, factor, B_over_d, C, d = lu
    x_g = sla.lu_solve(factor, G_g - B_over_d @ G_z, check_finite=False)
    return np.concatenate([x_g, (G_z - C @ x_g) / d])
