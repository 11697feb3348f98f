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

    &F_\mu = D_{\mu\mu}\frac{\partial f}{\partial \mu} + D_{\mu p}\frac{\partial f}{\partial p},
    \quad
    F_p = D_{p\mu}\frac{\partial f}{\partial \mu} + D_{pp}\frac{\partial f}{\partial p},
    \\
    &D_{\mu\mu} = \frac{\nu(1-\mu^2)}{2},\;
    D_{\mu p} = D_{p\mu} = \operatorname{sign}(\mu)\frac{p v_A}{v} D_{\mu\mu},
    \\
    &D_{pp} = \left(\frac{p v_A}{v}\right)^2 D_{\mu\mu}

(Eqs. 6, 27, 29, 39–41).  The paper solves it only at leading order and only
through its :math:`P_2` moment (Eq. 42), which gives a lower bound on the
heating (Eq. 48).  This module gives

* :class:`FluxTubeFokkerPlanck`, a conservative finite-volume solver of the
  full time-dependent equation for a prescribed :math:`\nu(p,\mu)`, built
  from the grid, operators, integrators and diagnostics of
  :mod:`crlib.kinetics`, to test that ordering.  It runs the paper's
  expanding tube and a compressing one (``compression=True``), in which the
  counter-moving waves grow and the tensor has
  :math:`D_{\mu p} = -\operatorname{sign}(\mu)(pv_A/v)D_{\mu\mu}`.

The leading-order solution in closed form for any :math:`\nu(p,\mu) > 0`
(:func:`crlib.heating_exact.quasi_steady_pitch_angle_flux`,
:func:`crlib.heating_exact.quasi_steady_zeta`,
:func:`crlib.heating_exact.pressure_anisotropy_heating`), derived in the chapter
*Beyond the bound*, lives in :mod:`crlib.heating`; it is re-exported here.

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

from crlib._validation import require
from crlib._threads import single_blas_thread
from crlib.kinetics.diagnostics import (
    check_positive,
    heating_by_momentum,
    leading_order_heating,
    log_derivative,
    pressure_weighted_zeta,
)
from crlib.kinetics.grid import PhaseSpaceGrid, check_int
from crlib.kinetics.integrators import bdf2, sdirk4
from crlib.kinetics.operators import (
    FaceSet,
    adiabatic_operator,
    anisotropy_gradient,
    face_energy_gradient,
    scattering_operator,
)
from crlib.adiabatic import adiabatic_solution
from crlib.heating_exact import (
    ZETA_SCATTERING_COEFFICIENT,
    ZETA_WAVE_FRAME_COEFFICIENT,
    pressure_weighted_c_over_v,
    quasi_steady_pitch_angle_flux,
    quasi_steady_zeta,
)
from crlib.scattering import EQ42_COEFFICIENT, trial_scattering_frequency

# The closed forms imported above stay importable from here; their documented
# homes are crlib.scattering, crlib.heating_exact and crlib.anisotropy.
__all__ = [
    "FluxTubeFokkerPlanck",
    "FluxTubeRun",
]


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


#: Largest v_A/c the solvers accept: the tensor of Eqs. 27-29 is first order in v_A/v.
MAX_V_A_OVER_C = 0.1
#: Largest nu |tau_B| the solver accepts: the flux nu * A loses ~nu tau_B * 1e-16 of
#: its accuracy to round-off in A.
MAX_NU_TAU = 1e9
#: Longest run [|tau_B|]: g grows as e^t (the tube volume), e^200 is far from overflow.
MAX_DURATION = 200.0
#: Most fixed steps a run may take.
MAX_STEPS = 1_000_000
def quasi_steady_zeta_coefficients(beta, nu_moment):
    r"""Per-momentum :math:`\zeta/(-p\,\partial_p f_0)` of the quasi-steady state.

    :math:`\zeta = \tfrac52\left(\tfrac{\beta}{4} + \tfrac{M}{3}\right)`, with
    :math:`M = \int_0^1\mu^2(1-\mu^2)/(\nu\tau_B)\,d\mu`; the same
    coefficients as :func:`crlib.heating_exact.quasi_steady_zeta`
    (:math:`\tfrac58\beta + \tfrac56 M`).
    """
    return ZETA_WAVE_FRAME_COEFFICIENT * beta + ZETA_SCATTERING_COEFFICIENT * nu_moment


class FluxTubeFokkerPlanck:
    r"""Finite-volume Fokker–Planck model of the flux tube with prescribed scattering (Eq. 39).

    Builds the grid and the (time-independent) sparse operator for
    :math:`g = fV/V_0` in dimensionless variables (see the module docstring)
    from the parts in :mod:`crlib.kinetics`; :meth:`run` integrates it in
    time.  Equations 6, 27, 29, 39–41 of :cite:t:`Zweibel2020`, with the
    full adiabatic driver of Eq. 6, isotropic power-law injection and
    scattering by a prescribed :math:`\nu(p,\mu)`.

    Parameters
    ----------
    nu_tau_B : float or callable
        :math:`\nu|\tau_B|`: a positive number, or ``nu_tau_B(p, mu)`` returning
        it for momentum ``p`` (units of :math:`mc`) and pitch-angle cosine
        ``mu`` (e.g. a :func:`functools.partial` of
        :func:`crlib.scattering.trial_scattering_frequency`).  Evaluated on
        the interior :math:`\mu` faces of the grid, where it must be
        positive and finite.
    v_A_over_c : float
        :math:`v_A/c`; in (0, 0.1] — the tensor of Eqs. 27–29 and the
        dropping of :math:`\mu` against :math:`v/v_A` in Eq. 14 are first
        order in :math:`v_A/v`.
    spectral_index : float, keyword-only
        :math:`a` of the injected and initial spectrum :math:`f\propto p^{-a}`;
        positive.  Default 4.7 (the local interstellar value of Section 3).
    p_min, p_max : float, keyword-only
        Ends of the momentum grid in units of :math:`mc`.
    n_p, n_mu : int, keyword-only
        Cells in :math:`\ln p` (at least 8) and in :math:`\mu` (odd, at
        least 5).
    ultrarelativistic : bool, keyword-only
        Take :math:`v = c` and :math:`\varepsilon = pc` at every momentum.
    scattering : bool, keyword-only
        Include the quasilinear scattering (``False``: Eq. 6 alone).
    injection_rate : float or None, keyword-only
        Injection :math:`\Delta f = q\,p^{-a}` per :math:`|\tau_B|` (with
        :math:`f = p^{-a}` initially).  ``None`` (default) takes the
        :math:`q` that balances the isotropic adiabatic change
        (:math:`a/3` in expansion), so that the isotropic spectrum is
        stationary; ``0`` switches injection off.  In compression the
        balancing rate is negative, and ``None`` then means no injection.
    window : tuple of float or None, keyword-only
        Momentum range ``(p_lo, p_hi)`` over which the heating and anisotropy
        are measured; default the part of the grid from 20 % to 60 % of its
        extent in :math:`\ln p`, away from the ends.
    outflow : bool, keyword-only
        Let particles that leave the momentum grid go (first-order upwind
        flux through the end face) instead of piling up behind a zero-flux
        wall; physics runs longer than about :math:`|\tau_B|` should set it.
    compression : bool, keyword-only
        ``False`` (default): the expanding tube of the paper,
        :math:`B = B_0e^{-t/\tau_B}`.  ``True``: a compressing tube,
        :math:`B = B_0e^{t/|\tau_B|}`.
    wave_frame : {"growing", "co-moving", "counter-moving"}, keyword-only
        Which waves scatter the particles, relative to each particle's
        direction of motion: the tensor has
        :math:`D_{\mu p} = s\,(pv_A/v)D_{\mu\mu}` with :math:`s = \operatorname{sign}\mu`
        for co-moving waves (Eqs. 40–41) and :math:`s = -\operatorname{sign}\mu`
        for counter-moving ones.  ``"growing"`` (default) takes the branch
        that the drive makes unstable: co-moving in expansion,
        counter-moving in compression (chapter *Heating*).

    Raises
    ------
    ValueError
        For a grid size that is not an integer, too small, or (``n_mu``) even;
        a non-positive or non-finite :math:`\nu|\tau_B|`; :math:`v_A/c`
        outside (0, 0.1]; inconsistent momentum bounds, naming the argument.

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
                 injection_rate=None, window=None, outflow=False, compression=False,
                 wave_frame="growing"):
        fn = "FluxTubeFokkerPlanck"
        self.v_A_over_c = float(require(fn, "v_A_over_c", v_A_over_c, positive=True,
                                        at_most=MAX_V_A_OVER_C,
                                        reason="the quasilinear tensor is first order in v_A/v"))
        self.spectral_index = float(require(fn, "spectral_index", spectral_index, positive=True,
                                            reason="a falling power-law spectrum"))
        self.grid = PhaseSpaceGrid(p_min, p_max, n_p, n_mu, ultrarelativistic=ultrarelativistic,
                                   caller=fn)
        self.ultrarelativistic = self.grid.ultrarelativistic
        self.scattering = bool(scattering)
        self.outflow = bool(outflow)
        self.compression = bool(compression)
        frames = ("growing", "co-moving", "counter-moving")
        if wave_frame not in frames:
            raise ValueError(f"{fn}: wave_frame = {wave_frame!r} must be one of {frames}.")
        if wave_frame == "growing":
            wave_frame = "counter-moving" if self.compression else "co-moving"
        self.wave_frame = wave_frame
        self.field_rate = 1.0 if self.compression else -1.0
        if injection_rate is None:
            injection_rate = max(0.0, -self.field_rate * self.spectral_index / 3.0)
        self.injection_rate = float(require(fn, "injection_rate", injection_rate, nonnegative=True,
                                            reason="an injection rate"))
        for name in ("n_p", "n_mu", "x_edges", "dx", "x", "p", "p_edges", "mu_edges", "dmu",
                     "mu", "w_p", "volume", "speed", "energy_per_particle", "P2_cell"):
            setattr(self, name, getattr(self.grid, name))
        self._nu_input = nu_tau_B

        self.window, self._cell_in_window = self.grid.measurement_window(window)
        self._build_operators()

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
        require(fn, "nu_tau_B", nu, at_most=MAX_NU_TAU,
                reason="the anisotropy ~1/(nu tau_B) would drown in round-off: "
                       "the fluxes are nu times a difference of nearly equal values")
        return np.array(nu)

    def _build_operators(self):
        grid = self.grid
        faces = FaceSet(grid)
        s = np.sign(faces.mu) * (1.0 if self.wave_frame == "co-moving" else -1.0)
        self._wave_sign = s
        self.advection_operator = adiabatic_operator(grid, field_rate=self.field_rate,
                                                     outflow=self.outflow)
        self._aniso = anisotropy_gradient(grid, self.v_A_over_c, s)
        self.nu_face = self._nu(faces.p, faces.mu).reshape(grid.n_p, grid.n_mu - 1)
        self._face_D = self.nu_face.ravel() * (1.0 - faces.mu**2) / 2.0
        self.scattering_operator = scattering_operator(grid, self._aniso, self._face_D)
        self._face_energy_gradient = face_energy_gradient(grid, self.v_A_over_c, s)
        L = self.advection_operator
        if self.scattering:
            L = L + self.scattering_operator
        self.operator = L.tocsr()
        self.operator.sort_indices()
        self._source_shape = np.repeat(self.p ** (-self.spectral_index), grid.n_mu)

    # -- public API -------------------------------------------------------------
    @property
    def n_unknowns(self):
        """Number of unknowns, ``n_p * n_mu``."""
        return self.grid.n_unknowns

    def initial_state(self):
        """The isotropic power law :math:`g = f = p^{-a}` at :math:`t = 0`."""
        return self._source_shape.copy()

    def _dilution(self, t):
        # f = g V0/V with V proportional to 1/B
        return math.exp(self.field_rate * t)

    def injection(self, t):
        r"""Source vector of the :math:`g` equation, :math:`q\,p^{-a}\,V/V_0`."""
        return (self.injection_rate / self._dilution(t)) * self._source_shape

    def rhs(self, t, g):
        """Right-hand side :math:`dg/dt = L g + S(t)` (for general-purpose integrators)."""
        return self.operator @ g + self.injection(t)

    def f(self, g, t):
        """Distribution :math:`f = g V_0/V` on the grid, shape ``(n_p, n_mu)``."""
        return np.reshape(g, (self.n_p, self.n_mu)) * self._dilution(t)

    def isotropic_part(self, g, t):
        r""":math:`f_0(p) = \frac12\int f\,d\mu` at the cell centres."""
        return self.grid.isotropic_part(self.f(g, t))

    def isotropic_slope(self, g, t):
        r""":math:`\partial f_0/\partial\ln p` at the cell centres (fourth-order differences)."""
        return log_derivative(self.isotropic_part(g, t), self.dx)

    def number(self, g):
        r"""Particles in the tube, :math:`2\pi\int g\,p^3\,dx\,d\mu \propto nV`."""
        return self.grid.number(g)

    def energy(self, g, t):
        r"""Cosmic-ray energy density :math:`2\pi\int \varepsilon f\,p^3\,dx\,d\mu`."""
        return self.grid.energy(self.f(g, t).ravel())

    def pitch_angle_flux(self, g, t):
        r"""Scattering flux :math:`F_\mu` of :math:`f` at the interior :math:`\mu` faces.

        Shape ``(n_p, n_mu - 1)``: rows at the cell-centre momenta ``p``,
        columns at the interior edges ``mu_edges[1:-1]``.  The momentum flux
        follows from the tensor identity
        :math:`F_p = s(p v_A/v) F_\mu` (Eqs. 28–29, 40–41).
        """
        A = self._aniso @ np.asarray(g, dtype=float)
        return (self._face_D * A).reshape(self.n_p, self.n_mu - 1) * self._dilution(t)

    def heating_profile(self, g, t):
        r"""Heating contributed by each momentum cell: measured, leading order, Eq. 48.

        Returns ``(p, H_cell, H_cell_ordered, H_cell_bound)``: the energy the
        discrete scattering operator removes from the cosmic rays
        (:func:`crlib.kinetics.diagnostics.heating_by_momentum`), and the
        leading-order rate and Eq. 48 bound for the same :math:`f_0`
        (:func:`crlib.kinetics.diagnostics.leading_order_heating`).
        Zero when scattering is off.
        """
        H = heating_by_momentum(self.grid, self.pitch_angle_flux(g, t), self._face_energy_gradient)
        if not self.scattering:
            H = np.zeros_like(H)
        H_ord, H_bound = leading_order_heating(self.grid, self.isotropic_part(g, t), self.v_A_over_c)
        return self.p, H, H_ord, H_bound

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
        zeta = pressure_weighted_zeta(self.grid, f, cw)
        df0_dx = self.isotropic_slope(g, t)
        if self.scattering:
            # leading order (Beyond the bound): zeta = -f2/(p f0') = sign * [P_2 part of
            # |mu| beta + int_0^|mu| mu' dmu' / (3 nu)] for the growing branch
            beta = self.v_A_over_c / self.speed
            per_p = quasi_steady_zeta_coefficients(beta, self._nu_moment())
            if self.compression:
                per_p = -per_p
            weight = (self.w_p * self.p * self.speed)[cw]
            zeta_ordered = float(np.sum(weight * ((-df0_dx) * per_p)[cw]) / np.sum(weight * (-df0_dx)[cw]))
        else:
            zeta_ordered = float("nan")
        F_mu = self.pitch_angle_flux(g, t)
        mu_f = self.mu_edges[1:-1]
        pos = mu_f > 0
        lhs = np.sum(F_mu[:, pos] * mu_f[pos][None, :], axis=1) * self.dmu
        # Eq. 42 with D_mumu = nu (1 - mu^2)/2: int_0^1 mu F_mu dmu = (Bdot/B)(1/2)(2/45) p df0/dp
        rhs = self.field_rate * 0.5 * EQ42_COEFFICIENT * df0_dx
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

    @single_blas_thread
    def run(self, t_end, dt, *, g0=None, n_out=20, progress=False, method="sdirk4",
            check_positivity=True):
        r"""Integrate from :math:`t = 0` to ``t_end`` at fixed step, one LU factorisation.

        The operator does not depend on time, so one sparse LU factorisation
        serves the whole run (:mod:`crlib.kinetics.integrators`):

        * ``"sdirk4"`` (default): the five-stage, L-stable, stiffly accurate
          SDIRK method of order 4 with :math:`\gamma = 1/4`
          (:cite:t:`HairerWanner1996`, Table IV.6.5); five back-substitutions
          per step.
        * ``"bdf2"``: BDF2, one back-substitution per step, second order.

        Parameters
        ----------
        t_end : float
            Final time [:math:`|\tau_B|`]; positive, at most
            ``MAX_DURATION`` (the state grows as :math:`e^{t}`).
        dt : float
            Time step [:math:`|\tau_B|`]; positive, at most ``t_end``; at
            most ``MAX_STEPS`` steps.  Shrunk so that a whole number of
            steps reaches ``t_end``.
        g0 : array_like, keyword-only
            Initial :math:`g` (flattened, length ``n_p * n_mu``), finite and
            non-negative; default the isotropic power law :meth:`initial_state`.
        n_out : int, keyword-only
            Number of diagnostic outputs after :math:`t = 0`.
        progress : bool, keyword-only
            Show a tqdm progress bar.
        method : {"sdirk4", "bdf2"}, keyword-only
            Time integrator.
        check_positivity : bool, keyword-only
            Raise when the distribution goes negative at an output time
            (default).  Switch off only to study the discretisation itself,
            e.g. the pile-up behind a zero-flux wall of a run without
            ``outflow``.

        Returns
        -------
        FluxTubeRun

        Raises
        ------
        ValueError
            For bad arguments, or when the solution loses positivity (more
            than round-off below zero: the grid does not resolve the
            anisotropy, or the step is too long for the scattering).

        Notes
        -----
        The run holds every BLAS library of the process to one thread
        (``crlib._threads.single_blas_thread``; restored on return): at
        these matrix sizes one thread is faster than a pool.
        """
        fn = "FluxTubeFokkerPlanck.run"
        t_end = float(require(fn, "t_end", t_end, positive=True, at_most=MAX_DURATION,
                              reason="a duration in units of |tau_B|; the tube state grows as e^t"))
        dt = float(require(fn, "dt", dt, positive=True, at_most=t_end, reason="a time step, at most t_end"))
        n_out = check_int(fn, "n_out", n_out, 1, reason="number of outputs")
        if method not in ("sdirk4", "bdf2"):
            raise ValueError(f"{fn}: method = {method!r}; expected 'sdirk4' or 'bdf2', "
                             "the fixed-step integrators that need one factorisation.")
        n_steps = max(1, math.ceil(t_end / dt - 1e-9))
        if n_steps > MAX_STEPS:
            raise ValueError(f"{fn}: dt = {dt!r} needs {n_steps} steps to reach t_end = {t_end!r}; "
                             f"at most {MAX_STEPS} are allowed (the L-stable integrators need no tiny steps).")
        dt = t_end / n_steps
        if g0 is None:
            g = self.initial_state()
        else:
            g = np.array(require(fn, "g0", g0, nonnegative=True, reason="a distribution function"),
                         dtype=float).ravel()
        if g.size != self.n_unknowns:
            raise ValueError(f"{fn}: g0 has {g.size} values, expected n_p * n_mu = {self.n_unknowns}.")
        out_every = max(1, n_steps // n_out)
        records = [(0.0, self.diagnostics(g, 0.0))]

        def record(n_done, state):
            if n_done % out_every == 0 or n_done == n_steps:
                if check_positivity:
                    check_positive(fn, state, self.n_mu)
                records.append((n_done * dt, self.diagnostics(state, n_done * dt)))

        bar = None
        if progress:
            from tqdm import tqdm
            bar = tqdm(total=n_steps, desc="Fokker-Planck", leave=False)
        source = self.injection if self.injection_rate != 0.0 else None
        integrate = sdirk4 if method == "sdirk4" else bdf2
        g = integrate(self.operator, g, dt, n_steps, source=source, record=record, bar=bar)
        if bar is not None:
            bar.close()
        t = np.array([r[0] for r in records])
        cols = {k: np.array([r[1][k] for r in records]) for k in records[0][1]}
        return FluxTubeRun(t=t, g=g.reshape(self.n_p, self.n_mu), **cols)
