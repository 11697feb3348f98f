r"""Fokker–Planck solver for cosmic rays in an expanding flux tube (Eq. 39).

:cite:t:`Zweibel2020` (Section 4.2) couples the adiabatic driver of Eq. 6 to
quasilinear scattering by Alfvén waves that propagate both ways along
:math:`\mathbf{B}`,

.. math::

    \frac{\partial f}{\partial t}
    + \frac{\dot B}{B}\frac{1-\mu^2}{2}
      \left(p\frac{\partial f}{\partial p} - \mu\frac{\partial f}{\partial \mu}\right)
    = \Delta f + \frac{\partial F_\mu}{\partial \mu}
      + \frac{1}{p^2}\frac{\partial (p^2 F_p)}{\partial p},

.. math::

    F_\mu = D_{\mu\mu}\frac{\partial f}{\partial \mu} + D_{\mu p}\frac{\partial f}{\partial p},
    \quad
    F_p = D_{p\mu}\frac{\partial f}{\partial \mu} + D_{pp}\frac{\partial f}{\partial p},
    \quad
    D_{\mu\mu} = \frac{\nu(1-\mu^2)}{2},\;
    D_{\mu p} = D_{p\mu} = \operatorname{sign}(\mu)\frac{p v_A}{v} D_{\mu\mu},\;
    D_{pp} = \left(\frac{p v_A}{v}\right)^2 D_{\mu\mu}

(Eqs. 6, 27, 29, 39–41).  The paper solves it only at leading order and only
through its :math:`P_2` moment (Eq. 42), which gives a lower bound on the
heating (Eq. 48).  This module gives

* the leading-order solution in closed form for any :math:`\nu(p,\mu) > 0`
  (:func:`quasi_steady_pitch_angle_flux`, :func:`quasi_steady_zeta`; the
  heating rate itself is :func:`crlib.heating.pressure_anisotropy_heating`),
  derived in the chapter *Beyond the bound*;
* :class:`FluxTubeFokkerPlanck`, a conservative finite-volume solver of the
  full time-dependent equation, to test that ordering.

Dimensionless variables of the solver
-------------------------------------
Momentum in units of :math:`mc` on a uniform grid in :math:`x = \ln p`;
:math:`\mu \in [-1, 1]` on a uniform grid with an odd number of cells (one
cell is centred on :math:`\mu = 0`, so no cell face sits on the sign change
of :math:`D_{\mu p}`); time in :math:`\tau_B = -B/\dot B` (Eq. 3), held fixed,
so :math:`B = B_0 e^{-t}`; speeds in units of :math:`c`; the scattering
frequency enters as :math:`\nu\tau_B` and the Alfvén speed as :math:`v_A/c`.

The solver evolves :math:`g = f B_0/B`.  Since the flux-tube volume scales as
:math:`1/B` and the adiabatic flow in momentum space has divergence
:math:`\dot B/B`, :math:`g` obeys a pure conservation law: the number of
particles in the tube, :math:`N = 2\pi\int g\,p^3\,dx\,d\mu \propto n/B`, is
conserved by the discretisation to round-off when injection is off.

Discretisation
--------------
* Adiabatic driver (the full Eq. 6, not only its :math:`P_2` part): face
  fluxes of the phase-space velocity :math:`\dot x = -(1-\mu^2)/2`,
  :math:`\dot\mu = \mu(1-\mu^2)/2`, with the linear third-order upwind-biased
  (:math:`\kappa = 1/3`) face reconstruction.
* Scattering: the diffusion tensor is rank one,
  :math:`F_\mu = D_{\mu\mu}\,\operatorname{sign}(\mu)(p v_A/v)\,A`,
  :math:`F_p = \operatorname{sign}(\mu)(p v_A/v)\,F_\mu`, with :math:`A`
  the anisotropy functional of Eq. 14 (diffusion only along
  :math:`d\ln p/d\mu = \operatorname{sign}(\mu) v_A/v`).  :math:`A` is
  discretised on the :math:`\mu` faces (two-point :math:`\mu` difference,
  averaged centred :math:`\ln p` difference) by an operator :math:`G_A`, and
  the divergence is its exact negative adjoint,
  :math:`L = -V^{-1} G_A^{\mathsf T}\,W D_{\mu\mu}\,G_A`, so the
  operator is dissipative for any :math:`\nu > 0` and conserves particles
  exactly.  The energy it removes from the cosmic rays,
  :math:`-(G_A\varepsilon)^{\mathsf T} W D_{\mu\mu} G_A f`, is the heating
  :math:`H = \int v F_p\,d^3p` (Eqs. 43–45) in closed discrete form.
  (Gradients at cell corners, the symmetric scheme of :cite:t:`Gunter2005`,
  were tried first: they leave modes that alternate from one momentum cell
  to the next free of pitch-angle scattering, and those modes grew.)
* Zero-flux boundaries at :math:`\mu = \pm 1` (where :math:`D_{\mu\mu} = 0`
  and :math:`\dot\mu = 0`) and at both ends of the momentum grid; an
  option lets particles that cool below the grid leave it.
* Time: a fixed step :math:`\Delta t` with the five-stage, L-stable,
  stiffly accurate SDIRK method of order 4 of :cite:t:`HairerWanner1996`
  (its stages share the diagonal coefficient :math:`\gamma = 1/4`); the
  operator does not depend on time, so one LU factorisation of
  :math:`I - \gamma\Delta t\,L` serves every stage of the whole run.
  L-stability makes :math:`\nu\tau_B \gg 1` cost nothing.  For the stiff
  scattering the order drops at small steps (the stage order is 1), but the
  heating error is then already far below that of a second-order method.
  BDF2 (one back-substitution per step, same single factorisation) remains
  available as ``run(..., method="bdf2")``.  Small systems are factorised
  with LAPACK's banded LU (the natural ordering has a band of half-width
  about :math:`2n_\mu`), larger ones with SuperLU.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sps
import scipy.sparse.linalg as spla

from crlib import constants
from crlib._validation import require
from crlib.anisotropy import adiabatic_solution
from crlib.heating import pressure_weighted_c_over_v, quasi_steady_pitch_angle_flux, quasi_steady_zeta
from crlib.scattering import trial_scattering_frequency

__all__ = [
    "trial_scattering_frequency",
    "quasi_steady_pitch_angle_flux",
    "quasi_steady_zeta",
    "pressure_weighted_c_over_v",
    "adiabatic_solution",
    "FluxTubeFokkerPlanck",
    "FluxTubeRun",
]

#: Coefficient of the face reconstruction (1/3: third-order upwind-biased).
UPWIND_KAPPA = 1.0 / 3.0

#: Largest ``N * kl * (kl + ku)`` (work of the banded LU) for which the solver
#: uses LAPACK's banded LU instead of SuperLU.
_BANDED_MAX_WORK = 5e6

#: Five-stage L-stable SDIRK method of order 4 (Hairer & Wanner 1996, Table IV.6.5):
#: diagonal gamma, strictly lower part of the Butcher matrix, nodes.  Stiffly
#: accurate (the weights are the last row).
_SDIRK4_GAMMA = 0.25
_SDIRK4_A = np.array([
    [0.0, 0.0, 0.0, 0.0, 0.0],
    [1.0 / 2.0, 0.0, 0.0, 0.0, 0.0],
    [17.0 / 50.0, -1.0 / 25.0, 0.0, 0.0, 0.0],
    [371.0 / 1360.0, -137.0 / 2720.0, 15.0 / 544.0, 0.0, 0.0],
    [25.0 / 24.0, -49.0 / 48.0, 125.0 / 16.0, -85.0 / 12.0, 0.0],
])
_SDIRK4_C = np.array([1.0 / 4.0, 3.0 / 4.0, 11.0 / 20.0, 1.0 / 2.0, 1.0])


# ---------------------------------------------------------------------------
# The solver
# ---------------------------------------------------------------------------

@dataclass
class FluxTubeRun:
    """Time series of a :class:`FluxTubeFokkerPlanck` run.

    All rates are in units of (energy :math:`mc^2`) × (the unit of
    :math:`f` times :math:`(mc)^3`) per :math:`\\tau_B`; only ratios matter.
    The heating and anisotropy diagnostics are sums over the momentum window
    of the model (away from the ends of the grid).

    Attributes
    ----------
    t : ndarray
        Output times [:math:`\\tau_B`].
    heating : ndarray
        :math:`H = \\int v F_p\\,d^3p` measured from the discrete fluxes.
    heating_ordered : ndarray
        The leading-order (any-:math:`\\nu`) heating for the instantaneous
        :math:`f_0`.
    heating_bound : ndarray
        The Eq. 48 lower bound for the instantaneous :math:`f_0` (local form).
    zeta, zeta_ordered : ndarray
        Measured and leading-order anisotropy parameter of Eq. 20,
        :math:`\\zeta = -f_2/(p\\,\\partial f_0/\\partial p)`, averaged over
        the window with the pressure weight :math:`p^4 v`; for a whole
        ultrarelativistic spectrum :math:`\\zeta = (5/12)\\Delta P_c/P_c`
        (Eq. 21).
    eq42_residual : ndarray
        Relative residual of Eq. 42 (measured :math:`\\int_0^1\\mu F_\\mu d\\mu`
        against :math:`(\\dot B/B)(p/45)\\partial f_0/\\partial p`), weighted
        by :math:`p^4` over the window.
    number : ndarray
        :math:`N \\propto n/B`, particles in the tube (whole grid).
    energy : ndarray
        Cosmic-ray energy per unit volume (whole grid).
    g : ndarray
        Final state :math:`g = f B_0/B`, shape ``(n_p, n_mu)``.
    """

    t: np.ndarray
    heating: np.ndarray
    heating_ordered: np.ndarray
    heating_bound: np.ndarray
    zeta: np.ndarray
    zeta_ordered: np.ndarray
    eq42_residual: np.ndarray
    number: np.ndarray
    energy: np.ndarray
    g: np.ndarray = field(repr=False)

    @property
    def heating_ratio(self):
        """Measured heating over the leading-order result."""
        return self.heating / self.heating_ordered

    @property
    def bound_ratio(self):
        """Measured heating over the Eq. 48 bound (15/8 at leading order)."""
        return self.heating / self.heating_bound


def _check_int(fn, name, value, minimum, *, odd=False, reason=""):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{fn}: {name} = {value!r} must be an integer ({reason}).")
    if value < minimum:
        raise ValueError(f"{fn}: {name} = {value!r} must be at least {minimum} ({reason}).")
    if odd and value % 2 == 0:
        raise ValueError(
            f"{fn}: {name} = {value!r} must be odd (a cell must be centred on mu = 0 so that "
            "no cell face sits on the sign change of D_mu_p)."
        )
    return int(value)


class FluxTubeFokkerPlanck:
    r"""Finite-volume Fokker–Planck model of the expanding flux tube (Eq. 39).

    Builds the grid and the (time-independent) sparse operator for
    :math:`g = fB_0/B` in dimensionless variables (see the module docstring);
    :meth:`run` integrates it in time.  Equations 6, 27, 29, 39–41 of
    :cite:t:`Zweibel2020`, with the full adiabatic driver of Eq. 6,
    isotropic power-law injection and scattering by a prescribed
    :math:`\nu(p,\mu)`.

    Parameters
    ----------
    nu_tau_B : float or callable
        :math:`\nu\tau_B`: a positive number, or ``nu_tau_B(p, mu)`` returning
        it for momentum ``p`` (units of :math:`mc`) and pitch-angle cosine
        ``mu`` (e.g. a :func:`functools.partial` of
        :func:`trial_scattering_frequency`).  Evaluated on the interior
        :math:`\mu` faces of the grid, where it must be positive.
    v_A_over_c : float
        :math:`v_A/c`; in (0, 1).
    spectral_index : float, keyword-only
        :math:`a` of the injected and initial spectrum :math:`f\propto p^{-a}`;
        positive.  Default 4.7 (the local interstellar value of Section 3).
    p_min, p_max : float, keyword-only
        Ends of the momentum grid in units of :math:`mc`.
    n_p, n_mu : int, keyword-only
        Cells in :math:`\ln p` (at least 8) and in :math:`\mu` (odd, at
        least 5).
    ultrarelativistic : bool, keyword-only
        Take :math:`v = c` and :math:`\varepsilon = pc` at every momentum
        (otherwise :math:`v = pc/\sqrt{p^2 + m^2c^2}`).
    scattering : bool, keyword-only
        Include the quasilinear scattering (``False``: Eq. 6 alone).
    injection_rate : float or None, keyword-only
        Injection :math:`\Delta f = q\,p^{-a}` per :math:`\tau_B` (with
        :math:`f = p^{-a}` initially).  ``None`` (default) takes
        :math:`q = a/3`, which balances the isotropic adiabatic cooling so
        that the isotropic spectrum is stationary; ``0`` switches injection off.
    window : tuple of float or None, keyword-only
        Momentum range ``(p_lo, p_hi)`` over which the heating and anisotropy
        are measured; default the part of the grid from 20 % to 60 % of its
        extent in :math:`\ln p`, away from the ends.
    outflow : bool, keyword-only
        Let particles that cool below ``p_min`` leave the grid (first-order
        upwind flux through the lowest face) instead of piling up in the
        first cell behind a zero-flux wall.  The pile-up is harmless for
        short runs but, with the third-order face reconstruction, slowly
        contaminates the cells above it; physics runs longer than about
        :math:`\tau_B` should set ``outflow=True``.  The default (zero flux
        everywhere) conserves particles exactly.

    Raises
    ------
    ValueError
        For a grid size that is not an integer, too small, or (``n_mu``) even;
        a non-positive or non-finite :math:`\nu\tau_B`; :math:`v_A/c` outside
        (0, 1); or inconsistent momentum bounds, naming the argument.

    Examples
    --------
    Strong scattering and a slow Alfvén speed: the measured heating is close
    to the leading-order value, 15/8 of the Eq. 48 bound (a coarse grid):

    >>> model = FluxTubeFokkerPlanck(300.0, 1e-3, p_min=10.0, p_max=1e3, n_p=32, n_mu=17,
    ...                              ultrarelativistic=True, outflow=True)
    >>> run = model.run(1.0, 0.05)
    >>> f"{run.heating_ratio[-1]:.2f}", f"{run.bound_ratio[-1]:.2f}"
    ('0.99', '1.86')
    """

    def __init__(self, nu_tau_B, v_A_over_c, *, spectral_index=4.7, p_min=1.0, p_max=1e3,
                 n_p=48, n_mu=33, ultrarelativistic=False, scattering=True,
                 injection_rate=None, window=None, outflow=False):
        fn = "FluxTubeFokkerPlanck"
        self.v_A_over_c = float(require(fn, "v_A_over_c", v_A_over_c, positive=True, less_than=1.0,
                                        reason="the Alfvén speed must be below the speed of light"))
        self.spectral_index = float(require(fn, "spectral_index", spectral_index, positive=True,
                                            reason="a falling power-law spectrum"))
        p_min = float(require(fn, "p_min", p_min, positive=True, reason="a momentum"))
        p_max = float(require(fn, "p_max", p_max, greater_than=p_min, reason="the grid must have p_max > p_min"))
        self.n_p = _check_int(fn, "n_p", n_p, 8, reason="cells in ln p")
        self.n_mu = _check_int(fn, "n_mu", n_mu, 5, odd=True, reason="cells in mu")
        self.ultrarelativistic = bool(ultrarelativistic)
        self.scattering = bool(scattering)
        self.outflow = bool(outflow)
        if injection_rate is None:
            injection_rate = self.spectral_index / 3.0
        self.injection_rate = float(require(fn, "injection_rate", injection_rate, nonnegative=True,
                                            reason="an injection rate"))

        # Grid ----------------------------------------------------------------
        self.x_edges = np.linspace(math.log(p_min), math.log(p_max), self.n_p + 1)
        self.dx = self.x_edges[1] - self.x_edges[0]
        self.x = 0.5 * (self.x_edges[1:] + self.x_edges[:-1])
        self.p = np.exp(self.x)
        self.p_edges = np.exp(self.x_edges)
        self.mu_edges = np.linspace(-1.0, 1.0, self.n_mu + 1)
        self.mu_edges[self.n_mu // 2] = -1.0 / self.n_mu  # keep the symmetry exact
        self.mu_edges[self.n_mu // 2 + 1] = 1.0 / self.n_mu
        self.dmu = 2.0 / self.n_mu
        self.mu = 0.5 * (self.mu_edges[1:] + self.mu_edges[:-1])
        self.mu[self.n_mu // 2] = 0.0
        # p^3 dx integrated over a cell, and cell volumes (measure p^3 dx dmu, 2 pi dropped)
        self.w_p = (self.p_edges[1:] ** 3 - self.p_edges[:-1] ** 3) / 3.0
        self.volume = np.outer(self.w_p, np.full(self.n_mu, self.dmu))
        self.speed = self._speed(self.p)
        self.energy_per_particle = self.p if self.ultrarelativistic else np.hypot(1.0, self.p)
        # cell average of P_2 over each mu cell
        e = self.mu_edges
        self.P2_cell = ((e[1:] ** 3 - e[1:]) - (e[:-1] ** 3 - e[:-1])) / (2.0 * self.dmu)

        self._nu_input = nu_tau_B

        if window is None:
            span = self.x_edges[-1] - self.x_edges[0]
            window = (math.exp(self.x_edges[0] + 0.2 * span), math.exp(self.x_edges[0] + 0.6 * span))
        lo, hi = (float(w) for w in window)
        if not (p_min <= lo < hi <= p_max):
            raise ValueError(f"{fn}: window = {window!r} must satisfy p_min <= p_lo < p_hi <= p_max.")
        self.window = (lo, hi)
        self._cell_in_window = (self.p >= lo) & (self.p <= hi)
        if self._cell_in_window.sum() < 2:
            raise ValueError(f"{fn}: window = {window!r} holds fewer than two grid cells.")

        self._build_operators()

    # -- helpers ---------------------------------------------------------------
    def _speed(self, p):
        return np.ones_like(p) if self.ultrarelativistic else p / np.hypot(1.0, p)

    def _nu(self, p, mu):
        fn = "FluxTubeFokkerPlanck"
        if callable(self._nu_input):
            nu = np.broadcast_to(np.asarray(self._nu_input(p, mu), dtype=float),
                                 np.broadcast_shapes(p.shape, mu.shape))
        else:
            nu = np.full(np.broadcast_shapes(p.shape, mu.shape),
                         float(require(fn, "nu_tau_B", self._nu_input, positive=True,
                                       reason="a scattering frequency")))
        require(fn, "nu_tau_B", nu, positive=True,
                reason="the scattering frequency must be positive on every interior mu face")
        return np.array(nu)

    def _index(self, i, j):
        return i * self.n_mu + j

    def _build_operators(self):
        n_p, n_mu = self.n_p, self.n_mu
        N = n_p * n_mu
        inv_vol = 1.0 / self.volume.ravel()
        rows, cols, vals = [], [], []
        k = UPWIND_KAPPA
        cU, cD, cUU = 1.0 - k / 2.0, (1.0 + k) / 4.0, -(1.0 - k) / 4.0

        # --- adiabatic driver, x faces (u_x = -(1 - mu^2)/2 <= 0, upwind is i+1)
        e = self.mu_edges
        U_mu = -0.5 * ((e[1:] - e[:-1]) - (e[1:] ** 3 - e[:-1] ** 3) / 3.0)  # int u_x dmu per cell
        I, J = np.meshgrid(np.arange(n_p - 1), np.arange(n_mu), indexing="ij")
        I, J = I.ravel(), J.ravel()
        coeff = self.p_edges[I + 1] ** 3 * U_mu[J]
        minus, plus = self._index(I, J), self._index(I + 1, J)
        has_uu = I + 2 <= n_p - 1
        a_U = np.where(has_uu, cU, 0.5)
        a_D = np.where(has_uu, cD, 0.5)
        a_UU = np.where(has_uu, cUU, 0.0)
        uu = self._index(np.minimum(I + 2, n_p - 1), J)
        for idx, c in ((plus, a_U), (minus, a_D), (uu, a_UU)):
            rows.extend([minus, plus]); cols.extend([idx, idx]); vals.extend([-coeff * c, coeff * c])

        if self.outflow:  # first-order upwind outflow through the face at p_min
            J = np.arange(n_mu)
            k0 = self._index(np.zeros_like(J), J)
            rows.append(k0); cols.append(k0); vals.append(self.p_edges[0] ** 3 * U_mu)

        # --- adiabatic driver, mu faces (u_mu = mu (1 - mu^2)/2)
        I, J = np.meshgrid(np.arange(n_p), np.arange(n_mu - 1), indexing="ij")
        I, J = I.ravel(), J.ravel()
        mu_f = e[J + 1]
        coeff = self.w_p[I] * mu_f * (1.0 - mu_f**2) / 2.0
        minus, plus = self._index(I, J), self._index(I, J + 1)
        pos = mu_f > 0
        up = np.where(pos, J, J + 1)
        down = np.where(pos, J + 1, J)
        uu_j = np.where(pos, J - 1, J + 2)
        has_uu = (uu_j >= 0) & (uu_j <= n_mu - 1)
        a_U = np.where(has_uu, cU, 0.5)
        a_D = np.where(has_uu, cD, 0.5)
        a_UU = np.where(has_uu, cUU, 0.0)
        uu_j = np.clip(uu_j, 0, n_mu - 1)
        for jj, c in ((up, a_U), (down, a_D), (uu_j, a_UU)):
            idx = self._index(I, jj)
            rows.extend([minus, plus]); cols.extend([idx, idx]); vals.extend([-coeff * c, coeff * c])

        rows = np.concatenate([np.atleast_1d(r) for r in rows])
        cols = np.concatenate([np.atleast_1d(c) for c in cols])
        vals = np.concatenate([np.atleast_1d(v) for v in vals])
        flux_div = sps.coo_matrix((vals, (rows, cols)), shape=(N, N)).tocsr()
        self.advection_operator = sps.diags(inv_vol) @ flux_div

        # --- scattering: anisotropy functional at the mu faces -----------------
        # A_f = d_mu g + s beta dbar_x g at face (i, J) (J = 1..n_mu-1 interior mu edges),
        # with d_mu the two-point difference in the column and dbar_x the mean of the
        # centred ln p differences of the two adjacent cells (one-sided at the ends).
        I_f, J_f = np.meshgrid(np.arange(n_p), np.arange(1, n_mu), indexing="ij")
        I_f, J_f = I_f.ravel(), J_f.ravel()
        n_f = I_f.size
        i_hi = np.minimum(I_f + 1, n_p - 1)
        i_lo = np.maximum(I_f - 1, 0)
        span = (i_hi - i_lo) * self.dx
        mu_f = self.mu_edges[J_f]
        s = np.sign(mu_f)
        beta = self.v_A_over_c / self.speed[I_f]
        cx = s * beta / (2.0 * span)
        r = np.arange(n_f)
        rows = np.concatenate([r, r, np.repeat(r, 4)])
        cols = np.concatenate([
            self._index(I_f, J_f), self._index(I_f, J_f - 1),
            np.stack([self._index(i_hi, J_f - 1), self._index(i_hi, J_f),
                      self._index(i_lo, J_f - 1), self._index(i_lo, J_f)], axis=1).ravel()])
        vals = np.concatenate([
            np.full(n_f, 1.0 / self.dmu), np.full(n_f, -1.0 / self.dmu),
            np.stack([cx, cx, -cx, -cx], axis=1).ravel()])
        self._aniso = sps.coo_matrix((vals, (rows, cols)), shape=(n_f, N)).tocsr()
        self.nu_face = self._nu(self.p[I_f], mu_f).reshape(n_p, n_mu - 1)
        D = self.nu_face.ravel() * (1.0 - mu_f**2) / 2.0
        self._face_D = D
        self._face_weight = self.w_p[I_f] * self.dmu
        self._face_I = I_f
        self.scattering_operator = -(sps.diags(inv_vol) @ self._aniso.T
                                     @ sps.diags(self._face_weight * D) @ self._aniso)
        # (G_A eps) at the faces: the energy gradient along the scattering direction
        eps = self.energy_per_particle
        self._deps_dx = (eps[np.minimum(np.arange(n_p) + 1, n_p - 1)]
                         - eps[np.maximum(np.arange(n_p) - 1, 0)]) / (
            (np.minimum(np.arange(n_p) + 1, n_p - 1) - np.maximum(np.arange(n_p) - 1, 0)) * self.dx)
        self._face_energy_gradient = s * beta * self._deps_dx[I_f]

        L = self.advection_operator
        if self.scattering:
            L = L + self.scattering_operator
        self.operator = L.tocsr()
        self.operator.sort_indices()
        self._source_shape = np.repeat(self.p ** (-self.spectral_index), n_mu)

    # -- public API -------------------------------------------------------------
    @property
    def n_unknowns(self):
        """Number of unknowns, ``n_p * n_mu``."""
        return self.n_p * self.n_mu

    def initial_state(self):
        """The isotropic power law :math:`g = f = p^{-a}` at :math:`t = 0`."""
        return self._source_shape.copy()

    def injection(self, t):
        r"""Source vector of the :math:`g` equation, :math:`q\,p^{-a}B_0/B(t)`."""
        return self.injection_rate * math.exp(t) * self._source_shape

    def rhs(self, t, g):
        """Right-hand side :math:`dg/dt = L g + S(t)` (for general-purpose integrators)."""
        return self.operator @ g + self.injection(t)

    def jacobian(self, t=0.0, g=None):
        """The constant sparse Jacobian :math:`L` of :meth:`rhs`."""
        return self.operator

    def f(self, g, t):
        """Distribution :math:`f = g B/B_0` on the grid, shape ``(n_p, n_mu)``."""
        return np.reshape(g, (self.n_p, self.n_mu)) * math.exp(-t)

    def isotropic_part(self, g, t):
        r""":math:`f_0(p) = \frac12\int f\,d\mu` at the cell centres."""
        return 0.5 * self.f(g, t).sum(axis=1) * self.dmu

    def isotropic_slope(self, g, t):
        r""":math:`\partial f_0/\partial\ln p` at the cell centres (fourth-order differences)."""
        return self._centred_dx(self.isotropic_part(g, t))

    def number(self, g):
        r"""Particles in the tube, :math:`2\pi\int g\,p^3\,dx\,d\mu \propto n/B`."""
        return 2.0 * math.pi * float(np.dot(self.volume.ravel(), g))

    def energy(self, g, t):
        r"""Cosmic-ray energy density :math:`2\pi\int \varepsilon f\,p^3\,dx\,d\mu`."""
        f = self.f(g, t)
        return 2.0 * math.pi * float(np.sum(self.volume * f * self.energy_per_particle[:, None]))

    def _centred_dx(self, h):
        """ln p derivative at the cell centres: fourth-order centred, lower order at the ends.

        Where ``h`` is positive over the whole stencil the derivative is taken
        as ``h * d(ln h)/dx``, exact for a power law in momentum.
        """
        out = self._centred_dx_linear(h)
        pos = h > 0
        # cells whose whole five-point stencil is positive
        ok = pos.copy()
        for shift in (1, 2):
            ok[shift:] &= pos[:-shift]
            ok[:-shift] &= pos[shift:]
        if np.any(ok):
            log_h = np.log(np.where(pos, h, 1.0))
            out[ok] = (h * self._centred_dx_linear(log_h))[ok]
        return out

    def _centred_dx_linear(self, h):
        out = np.empty_like(h)
        out[2:-2] = (h[:-4] - 8.0 * h[1:-3] + 8.0 * h[3:-1] - h[4:]) / (12.0 * self.dx)
        out[[1, -2]] = (h[[2, -1]] - h[[0, -3]]) / (2.0 * self.dx)
        out[0] = (h[1] - h[0]) / self.dx
        out[-1] = (h[-1] - h[-2]) / self.dx
        return out

    def pitch_angle_flux(self, g, t):
        r"""Scattering flux :math:`F_\mu` of :math:`f` at the interior :math:`\mu` faces.

        Shape ``(n_p, n_mu - 1)``: rows at the cell-centre momenta ``p``,
        columns at the interior edges ``mu_edges[1:-1]``.  The momentum flux
        follows from the tensor identity
        :math:`F_p = \operatorname{sign}(\mu)(p v_A/v) F_\mu` (Eqs. 28–29, 40–41).
        """
        A = self._aniso @ np.asarray(g, dtype=float)
        return (self._face_D * A).reshape(self.n_p, self.n_mu - 1) * math.exp(-t)

    def heating_profile(self, g, t):
        r"""Heating contributed by each momentum cell: measured, leading order, Eq. 48.

        Returns ``(p, H_cell, H_cell_ordered, H_cell_bound)``.  The measured one
        is the energy the discrete scattering operator removes from the cosmic
        rays, :math:`2\pi\sum_\mu w\,F_\mu\,\operatorname{sign}(\mu)
        (v_A/v)\,\partial\varepsilon/\partial\ln p`
        (:math:`= \int vF_p\,d^3p` over the cell); the leading-order one is
        :math:`-(2\pi/12)(v_A/c)\int p^4\,\partial f_0/\partial p\,dp`
        over the cell and the Eq. 48 bound the same with :math:`4\pi/45`.
        Zero when scattering is off.
        """
        F = self.pitch_angle_flux(g, t).ravel()
        contrib = 2.0 * math.pi * self._face_weight * F * self._face_energy_gradient
        H = np.bincount(self._face_I, weights=contrib, minlength=self.n_p)
        if not self.scattering:
            H = np.zeros_like(H)
        df0 = self._centred_dx(self.isotropic_part(g, t))
        base = -self.v_A_over_c * self.w_p * self.p * df0
        return self.p, H, (2.0 * math.pi / 12.0) * base, (4.0 * math.pi / 45.0) * base

    def _nu_moment(self):
        """M(p) = int_0^1 mu^2 (1 - mu^2) / nu dmu at the cell centres (midpoint rule, cached)."""
        if getattr(self, "_nu_moment_cache", None) is None:
            n = 4000
            m = (np.arange(n) + 0.5) / n
            nu = self._nu(self.p[:, None], m[None, :])
            self._nu_moment_cache = np.sum(m**2 * (1 - m**2) / nu, axis=1) / n
        return self._nu_moment_cache

    def diagnostics(self, g, t):
        """Window diagnostics of state ``g`` at time ``t`` (see :class:`FluxTubeRun`)."""
        _, H, H_ord, H_bound = self.heating_profile(g, t)
        cw = self._cell_in_window
        f = self.f(g, t)
        f0 = self.isotropic_part(g, t)
        df0_dx = self._centred_dx(f0)
        f2 = 2.5 * np.sum(f * self.P2_cell[None, :], axis=1) * self.dmu
        weight = (self.w_p * self.p * self.speed)[cw]  # p^4 v dx: the pressure weight
        norm = np.sum(weight * (-df0_dx)[cw])
        zeta = np.sum(weight * f2[cw]) / norm
        beta = self.v_A_over_c / self.speed
        if self.scattering:
            M = self._nu_moment()
            zeta_ordered = np.sum(weight * ((-df0_dx) * 2.5 * (beta / 4.0 + M / 3.0))[cw]) / norm
        else:
            zeta_ordered = float("nan")

        F_mu = self.pitch_angle_flux(g, t)
        mu_f = self.mu_edges[1:-1]
        pos = mu_f > 0
        lhs = np.sum(F_mu[:, pos] * mu_f[pos][None, :], axis=1) * self.dmu
        rhs = -df0_dx / 45.0
        wgt = (self.w_p * self.p)[cw]
        eq42 = float(np.sum(wgt * (lhs - rhs)[cw]) / np.sum(wgt * rhs[cw]))
        return {
            "heating": float(np.sum(H[cw])),
            "heating_ordered": float(np.sum(H_ord[cw])),
            "heating_bound": float(np.sum(H_bound[cw])),
            "zeta": float(zeta),
            "zeta_ordered": float(zeta_ordered),
            "eq42_residual": eq42,
            "number": self.number(g),
            "energy": self.energy(g, t),
        }

    def run(self, t_end, dt, *, g0=None, n_out=20, progress=False, method="sdirk4"):
        r"""Integrate from :math:`t = 0` to ``t_end`` at fixed step, one LU factorisation.

        The operator does not depend on time, so one sparse LU factorisation
        serves the whole run.  Two integrators:

        * ``"sdirk4"`` (default): the five-stage, L-stable, stiffly accurate
          singly diagonally implicit Runge–Kutta method of order 4 with
          :math:`\gamma = 1/4` (:cite:t:`HairerWanner1996`, Table IV.6.5).
          Every stage solves with the same matrix :math:`I - \tfrac14\Delta t\,L`,
          so a step costs five back-substitutions.
        * ``"bdf2"``: BDF2 with the matrix :math:`I - \tfrac23\Delta t\,L`,
          started by three backward-Euler steps of :math:`\tfrac23\Delta t`
          with the same matrix; one back-substitution per step, second order.

        At equal accuracy of the heating rate the fourth-order method needs
        far fewer back-substitutions (see ``benchmarks/``).

        Parameters
        ----------
        t_end : float
            Final time [:math:`\tau_B`]; positive.
        dt : float
            Time step [:math:`\tau_B`]; positive, at most ``t_end``.  Shrunk so
            that a whole number of steps reaches ``t_end``.
        g0 : array_like, keyword-only
            Initial :math:`g` (flattened, length ``n_p * n_mu``); default the
            isotropic power law :meth:`initial_state`.
        n_out : int, keyword-only
            Number of diagnostic outputs after :math:`t = 0`.
        progress : bool or None, keyword-only
            Show a tqdm progress bar (``None``: only for long runs in a
            terminal).
        method : {"sdirk4", "bdf2"}, keyword-only
            Time integrator.

        Returns
        -------
        FluxTubeRun
        """
        fn = "FluxTubeFokkerPlanck.run"
        t_end = float(require(fn, "t_end", t_end, positive=True, reason="a duration"))
        dt = float(require(fn, "dt", dt, positive=True, reason="a time step"))
        require(fn, "dt", dt, less_than=t_end * (1 + 1e-12), reason="at most t_end")
        n_out = _check_int(fn, "n_out", n_out, 1, reason="number of outputs")
        if method not in ("sdirk4", "bdf2"):
            raise ValueError(f"{fn}: method = {method!r}; expected 'sdirk4' or 'bdf2', "
                             "the fixed-step integrators that need one factorisation.")
        n_steps = max(1, math.ceil(t_end / dt - 1e-9))
        dt = t_end / n_steps
        g = self.initial_state() if g0 is None else np.array(g0, dtype=float).ravel()
        if g.size != self.n_unknowns:
            raise ValueError(f"{fn}: g0 has {g.size} values, expected n_p * n_mu = {self.n_unknowns}.")
        out_every = max(1, n_steps // n_out)
        records = [(0.0, self.diagnostics(g, 0.0))]

        def record(n_done, state):
            if n_done % out_every == 0 or n_done == n_steps:
                records.append((n_done * dt, self.diagnostics(state, n_done * dt)))

        if progress is None:
            progress = n_steps * self.n_unknowns > 5e7
            disable = None if progress else True
        else:
            disable = not progress
        if disable is True:
            bar = None
        else:
            from tqdm import tqdm
            bar = tqdm(total=n_steps, disable=disable, desc="Fokker-Planck", leave=False)
        if method == "sdirk4":
            g = self._run_sdirk4(g, dt, n_steps, record, bar)
        else:
            g = self._run_bdf2(g, dt, n_steps, record, bar)
        if bar is not None:
            bar.close()
        t = np.array([r[0] for r in records])
        cols = {k: np.array([r[1][k] for r in records]) for k in records[0][1]}
        return FluxTubeRun(t=t, g=g.reshape(self.n_p, self.n_mu), **cols)

    def _factorise(self, h):
        """Solver for ``(I - h L) x = b``: LAPACK banded LU when the band is cheap, else SuperLU.

        The natural ordering (``mu`` fastest) gives a band of half-width about
        ``2 n_mu``; for small grids the dense banded factorisation is faster
        than the general sparse one, for large grids SuperLU with a minimum
        degree ordering has less fill.
        """
        A = (sps.identity(self.n_unknowns, format="csr") - h * self.operator).tocoo()
        N = self.n_unknowns
        kl = int(max(0, np.max(A.row - A.col)))
        ku = int(max(0, np.max(A.col - A.row)))
        if N * kl * (kl + ku) <= _BANDED_MAX_WORK:
            from scipy.linalg.lapack import dgbtrf, dgbtrs

            ab = np.zeros((2 * kl + ku + 1, N), order="F")
            np.add.at(ab, (kl + ku + A.row - A.col, A.col), A.data)
            lub, piv, info = dgbtrf(ab, kl, ku, overwrite_ab=1)
            if info != 0:  # pragma: no cover - I - hL is non-singular for a dissipative L
                raise np.linalg.LinAlgError(f"banded LU of I - h L failed (info = {info})")

            def solve(b):
                return dgbtrs(lub, kl, ku, b, piv)[0]

            return solve
        return spla.splu(A.tocsc(), permc_spec="MMD_AT_PLUS_A").solve

    def _run_bdf2(self, g, dt, n_steps, record, bar):
        # One factorisation serves the whole run: BDF2 needs I - (2/3) dt L, and the
        # start-up takes three backward-Euler steps of h = (2/3) dt with the same
        # matrix (to t = 2 dt), g(dt) being the mean of the first two.
        h = (2.0 / 3.0) * dt if n_steps > 1 else dt
        solve = self._factorise(h)
        if n_steps == 1:
            g = solve(g + dt * self.injection(dt))
            record(1, g)
            n_done = 1
        else:
            g_a = solve(g + h * self.injection(h))
            g_b = solve(g_a + h * self.injection(2 * h))
            g_prev = 0.5 * (g_a + g_b)
            g = solve(g_b + h * self.injection(3 * h))
            record(1, g_prev)
            record(2, g)
            n_done = 2
        if bar is not None:
            bar.update(n_done)
        while n_done < n_steps:
            t_new = (n_done + 1) * dt
            g_new = solve((4.0 * g - g_prev) / 3.0 + h * self.injection(t_new))
            g_prev, g = g, g_new
            n_done += 1
            record(n_done, g)
            if bar is not None:
                bar.update(1)
        return g

    def _run_sdirk4(self, g, dt, n_steps, record, bar):
        # Stage i solves (I - gamma dt L) Y_i = r_i + gamma dt S(t + c_i dt) with
        # r_i = g + sum_{j<i} a_ij k_j, and k_i = dt (L Y_i + S_i) = (Y_i - r_i) / gamma
        # follows from the solve itself (no product with the stiff L).  The method is
        # stiffly accurate, so the new state is the last stage.
        A, c, gamma = _SDIRK4_A, _SDIRK4_C, _SDIRK4_GAMMA
        solve = self._factorise(gamma * dt)
        n_stages = c.size
        k = np.empty((n_stages, self.n_unknowns))
        shape = self._source_shape
        q = self.injection_rate
        for n in range(n_steps):
            t = n * dt
            for i in range(n_stages):
                r = g.copy()
                for j in range(i):
                    r += A[i, j] * k[j]
                if q != 0.0:
                    Y = solve(r + (gamma * dt * q * math.exp(t + c[i] * dt)) * shape)
                else:
                    Y = solve(r)
                np.subtract(Y, r, out=k[i])
                k[i] /= gamma
            g = Y
            record(n + 1, g)
            if bar is not None:
                bar.update(1)
        return g
