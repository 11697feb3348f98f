r"""Self-consistent quasilinear model: Alfvén-wave spectra and cosmic rays evolved together.

The paper's argument (:cite:t:`Zweibel2020`, §3–§4) rests on a state it does
not compute: cosmic rays in a flux tube whose field changes drive
gyroresonant Alfvén waves through their pressure anisotropy, the waves
scatter the cosmic rays, and the system settles where growth balances
damping.  :class:`QuasilinearFluxTube` computes that state.  It evolves

* the cosmic-ray distribution :math:`f(p, \mu, t)` on the grid and with the
  operators of :mod:`crlib.kinetics` (the same discretisation as
  :class:`crlib.fokker_planck.FluxTubeFokkerPlanck`), driven by the
  two-rate adiabatic flow (:math:`b = d\ln B/dt`,
  :math:`\ell = d\ln L_\parallel/dt`);
* four spectra of parallel Alfvén waves, one per *branch*
  :math:`(s, \sigma)`: phase velocity :math:`s v_A` (:math:`s = \pm1`) and
  resonance with particles of :math:`\operatorname{sign}\mu = \sigma`.
  Branches with :math:`s = \sigma` are *co-moving* (the resonant particles
  travel with the wave), the others *counter-moving*.  Each spectrum lives
  on a logarithmic grid of the resonant parallel momentum
  :math:`p_\parallel = p|\mu| = eB/(ck)` (Eq. 12 without the wave
  frequency), whose spacing equals that of the :math:`\ln p` grid.

Coupling (Eqs. 13–15, 27–32).  Branch :math:`b` scatters particles with
:math:`\operatorname{sign}\mu = \sigma` at the rate

.. math::

    \nu_b(p, \mu) = \frac{\pi}{2}\,\Omega(p)\,
    \frac{k\,W_b(k)}{B^2/8\pi}\Big|_{k = eB/(cp|\mu|)},

with :math:`W_b` the wave energy (magnetic plus kinetic) per unit
:math:`k` (the standard :math:`\nu = \pi\Omega\,k\,\delta B_k^2/B^2`), and
the flux :math:`F_\mu = D_{\mu\mu}A_s`, :math:`F_p = s(pv_A/v)F_\mu` of
:mod:`crlib.kinetics.operators` in that wave's frame.  The growth rate of
each wave bin is *defined* by the energy the cosmic rays lose to it,
:math:`2\Gamma_b(k)\,W_b(k) = -\partial_t\mathcal{E}_{\rm cr}|_{b,k}`
(Appendix, Eq. 70), so the discrete system conserves energy exactly; in the
continuum limit this reproduces the resonant integral Eq. 15 with the
physical prefactor (:func:`crlib.instability.growth_rate_pressure_anisotropy`
and the chapter *The self-consistent state*).

Damping: ``"none"``, ``"constant"`` (ion–neutral friction,
:math:`\Gamma_d` independent of :math:`k`), ``"nonlinear_landau"`` (the
:math:`k`-local form of Eq. 58, :math:`\Gamma_{\rm nl}(k) = \nu_k v_i/c`
with :math:`\nu_k` the scattering rate the mode gives a particle that
resonates with it at :math:`\mu = 1`; see
:func:`crlib.waves.nonlinear_landau_damping_rate`) or ``"both"``.
Damped wave energy is the heating of the gas.

Waves under the drive: wave action :math:`W V/\omega` is conserved and
:math:`k \propto 1/L_\parallel`, so a bin's energy in the tube changes at
:math:`(b-\ell)/2` and its resonant momentum drifts at
:math:`d\ln p_\parallel/dt = b + \ell` (``wave_adiabatic=True``).  The
local approximation holds the background (:math:`B`, :math:`n_i`,
:math:`v_A`) fixed in the coupling coefficients: the model resolves the
approach to saturation, which takes a time :math:`\sim 1/\Gamma \ll |\tau_B|`.

Time integration (:meth:`QuasilinearFluxTube.run`): backward Euler for the
cosmic rays and an exponential update for each wave bin,
:math:`W^{n+1} = W^n\exp(\Delta t\,[2\Gamma - 2\Gamma_d + \dots])`, with the
exchange evaluated with the logarithmic mean of :math:`W^n` and
:math:`W^{n+1}` — the one average for which the energy the waves gain
equals the energy the particles lose, exactly, at every step.  Wave
energies are positive by construction.  The coupled nonlinear step is
solved by Newton's method on the cosmic-ray state with the waves eliminated
exactly (a sparse LU of the bordered Jacobian, reused across steps); the drift
of the spectra in :math:`p_\parallel` is a split, implicit upwind step
(positive for any step).  Steps adapt from seed to saturation.  The
unknowns are densities, so a saturated state is a fixed point of the step:
its accuracy does not depend on the step length.

Dimensionless variables: momentum in :math:`mc`, time in the drive's unit
:math:`|\tau_B|`, velocities in :math:`c`.  The coupling strength is the
growth-rate scale :math:`\Gamma_0|\tau_B|`, with
:math:`\Gamma_0 = (\pi/4)\,\Omega_0\,n_c/n_i`
(:func:`crlib.instability.growth_rate_scale`) and :math:`n_c` the
cosmic-ray density of the initial state on the grid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sps
import scipy.sparse.linalg as spla
from scipy.linalg import solve_banded

from crlib._validation import require
from crlib.fokker_planck import MAX_V_A_OVER_C, check_positive
from crlib.kinetics.diagnostics import heating_by_momentum, leading_order_heating, pressure_weighted_zeta
from crlib.kinetics.grid import PhaseSpaceGrid, check_int
from crlib.kinetics.operators import (
    FaceSet,
    WeightedProduct,
    adiabatic_operator,
    anisotropy_gradient,
    face_energy_gradient,
)
from crlib.kinetics.resonance import resonance_map, resonant_wave_grid

__all__ = ["BRANCHES", "SCATTERING_PREFACTOR", "QuasilinearFluxTube", "QuasilinearRun"]

#: The four wave branches: (name, phase-velocity sign s, resonant sign of mu sigma).
BRANCHES = (
    ("forward, co-moving", +1, +1),
    ("backward, co-moving", -1, -1),
    ("backward, counter-moving", -1, +1),
    ("forward, counter-moving", +1, -1),
)

#: :math:`\nu = C\,\Omega\,kW/(B^2/8\pi)` with :math:`W` the total (magnetic + kinetic)
#: wave energy: :math:`C = \pi/2`, i.e. :math:`\nu = \pi\Omega\,k\,\delta B_k^2/B^2`.
SCATTERING_PREFACTOR = math.pi / 2.0

#: Ratio of the cosmic-ray energy scale n_c m c^2 to B^2/8 pi, per (n_c/n_i)(c/v_A)^2.
_ENERGY_RATIO = 2.0

DAMPING_OPTIONS = ("none", "constant", "nonlinear_landau", "both")

#: Residual (relative, energy-weighted) below which a stalled Newton iteration has
#: reached round-off: each step then keeps the energy identity to ~1e-12.
_ROUNDOFF_RESIDUAL = 1e-11

#: A factorisation kept from an earlier iterate serves while each iteration
#: shrinks the residual at least this much (a new one costs ~10 iterations).
_STALE_CONTRACTION = 0.3

#: SuperLU ordering and partial-pivoting threshold for the coupled Jacobian: the
#: minimum-degree ordering of A^T + A keeps the fill of the wave rows lowest, and a
#: threshold below 1 lets the diagonal pivots (dominant after scaling) stand.
_LU_ORDERING = "MMD_AT_PLUS_A"
_LU_PIVOT_THRESHOLD = 0.1

#: A factorisation is tried on steps within this |ln(h/h_old)| (two rungs of 2^(1/4)).
_REUSE_LOG_RATIO = 0.5 * math.log(2.0) + 1e-9

#: Floor of ln W: strongly damped bins would otherwise underflow to zero.
_LOG_FLOOR = -700.0


def _logmean_factor(delta):
    r"""Return :math:`(e^\delta - 1)/\delta` and its derivative, stable at small :math:`\delta`."""
    small = np.abs(delta) < 1e-4
    d = np.where(small, 1.0, delta)
    em1 = np.expm1(d)
    value = np.where(small, 1.0 + delta / 2.0 + delta**2 / 6.0, em1 / d)
    deriv = np.where(small, 0.5 + delta / 3.0 + delta**2 / 8.0, (d * (em1 + 1.0) - em1) / d**2)
    return value, deriv


@dataclass
class QuasilinearRun:
    r"""Time series of a :class:`QuasilinearFluxTube` run.

    Energies are densities, in units of :math:`(B^2/8\pi)/(\Omega_0|\tau_B|)`;
    rates per :math:`|\tau_B|`.  The work of the drive includes the dilution
    of both energies as the tube's volume changes.

    Attributes
    ----------
    t : ndarray
        Output times [:math:`|\tau_B|`].
    cosmic_ray_energy, wave_energy, heat : ndarray
        Energy of the cosmic rays and of the waves, and wave energy damped so far.
    work : ndarray
        Work of the drive so far on cosmic rays and waves, plus injected
        energy and the wave energy carried across the ends of the
        :math:`p_\parallel` grid.
    energy_residual : ndarray
        :math:`(\mathcal{E}_{\rm cr} + \mathcal{E}_w + Q - \mathcal{E}_0 - \text{work})/\mathcal{E}_0`.
    number : ndarray
        Particles in the tube: number density times the tube volume of the
        scheme (:math:`\prod(1 + \Delta t\,d\ln V/dt)`), conserved to
        round-off without injection and outflow.
    zeta : ndarray
        :math:`\zeta = -f_2/(p\,\partial_p f_0)` over the window (pressure weight).
    heating, heating_exact : ndarray
        Energy the particles in the window lose to the waves per
        :math:`|\tau_B|` (density units of :math:`f`), and the exact
        :math:`\nu`-independent rate :math:`\tfrac12(v_A/c)\langle c/v\rangle_P P_c/|\tau_B|`
        for the same :math:`f_0`.
    max_growth_excess : ndarray
        Largest :math:`|2\Gamma - 2\Gamma_d|\,|\tau_B|` over wave bins
        that resonate with the window and carry at least 1 % of the largest
        wave energy (0 at exact marginal stability).
    steps : int
        Time steps taken.
    g, U : ndarray
        Final cosmic-ray state (shape ``(n_p, n_mu)``) and wave energies (shape ``(4, n_k)``).
    spectra : ndarray
        Wave energies in the tube at every output time, shape ``(n_out + 1, 4, n_k)``.
    """

    t: np.ndarray
    cosmic_ray_energy: np.ndarray
    wave_energy: np.ndarray
    heat: np.ndarray
    work: np.ndarray
    energy_residual: np.ndarray
    number: np.ndarray
    zeta: np.ndarray
    heating: np.ndarray
    heating_exact: np.ndarray
    max_growth_excess: np.ndarray
    steps: int = 0
    g: np.ndarray = field(default=None, repr=False)
    U: np.ndarray = field(default=None, repr=False)
    spectra: np.ndarray = field(default=None, repr=False)

    @property
    def heating_ratio(self):
        """Measured heating over the exact leading-order rate."""
        return self.heating / self.heating_exact


class QuasilinearFluxTube:
    r"""Cosmic rays and their self-generated Alfvén waves in a driven flux tube.

    Parameters
    ----------
    v_A_over_c : float
        :math:`v_A/c`; in (0, 0.1].
    growth_rate_tau : float
        :math:`\Gamma_0|\tau_B|`, with :math:`\Gamma_0 = (\pi/4)\Omega_0 n_c/n_i`
        (:func:`crlib.instability.growth_rate_scale`); positive, at most
        :math:`10^{8}`.
    spectral_index : float, keyword-only
        :math:`a` of the initial and injected spectrum :math:`f \propto p^{-a}`; above 3.
    p_min, p_max : float, keyword-only
        Ends of the momentum grid [:math:`mc`].
    n_p, n_mu : int, keyword-only
        Cells in :math:`\ln p` (at least 8) and :math:`\mu` (odd, at least 5).
    ultrarelativistic : bool, keyword-only
        :math:`v = c` and :math:`\varepsilon = pc` everywhere.
    field_rate, length_rate : float, keyword-only
        :math:`b = d\ln B/dt` and :math:`\ell = d\ln L_\parallel/dt` per
        :math:`|\tau_B|`.  The paper's expanding tube is ``(-1, 0)``,
        compression ``(1, 0)``, the expanding box of MHD-PIC studies
        (Sun & Bai 2023, arXiv:2304.10568: :math:`B\propto a^{-2}`, :math:`n\propto a^{-4}`)
        ``(-1, 1)``.  Each finite, with :math:`|b| + |\ell| > 0`.
    damping : {"none", "constant", "nonlinear_landau", "both"}, keyword-only
    damping_rate_tau : float, keyword-only
        :math:`\Gamma_d|\tau_B|` for constant damping; non-negative.
    v_i_over_c : float, keyword-only
        Thermal ion speed over :math:`c` for nonlinear Landau damping; in (0, 0.01].
    seed_nu_tau : float, keyword-only
        Initial wave level, as the scattering frequency :math:`\nu|\tau_B|`
        it gives a particle of Lorentz factor 1; also the level of the waves
        that drift in through the top of the :math:`p_\parallel` grid.  Positive.
    injection_rate : float or None, keyword-only
        Isotropic injection :math:`q\,p^{-a}` per :math:`|\tau_B|`; ``None``
        balances the isotropic adiabatic change, :math:`q = (\ell - b)a/3`,
        when that is positive (otherwise none).
    wave_adiabatic : bool, keyword-only
        Include the waves' own response to the drive (wave action and the
        drift of the resonant momentum).
    outflow : bool, keyword-only
        Particles that the drive carries past an end of the momentum grid
        leave it (default); ``False``: zero-flux ends, particle number
        conserved to round-off.
    window : tuple of float or None, keyword-only
        Momentum range of the diagnostics; default 20 %–60 % of the
        :math:`\ln p` extent.

    Raises
    ------
    ValueError
        Naming the argument, for values outside the ranges above, or a grid
        too coarse to resolve the resonance (fewer than 3 cells per decade
        in :math:`p`).

    Examples
    --------
    >>> model = QuasilinearFluxTube(1e-2, 1e3, p_min=10.0, p_max=1e3, n_p=16, n_mu=9,
    ...                             ultrarelativistic=True, damping="constant",
    ...                             damping_rate_tau=10.0)
    >>> model.n_k, model.n_unknowns
    (25, 244)
    """

    def __init__(self, v_A_over_c, growth_rate_tau, *, spectral_index=4.7, p_min=1.0, p_max=1e3,
                 n_p=48, n_mu=33, ultrarelativistic=False, field_rate=-1.0, length_rate=0.0,
                 damping="none", damping_rate_tau=0.0, v_i_over_c=1e-4, seed_nu_tau=1e-3,
                 injection_rate=None, wave_adiabatic=True, outflow=True, window=None):
        fn = "QuasilinearFluxTube"
        self.v_A_over_c = float(require(fn, "v_A_over_c", v_A_over_c, positive=True,
                                        at_most=MAX_V_A_OVER_C,
                                        reason="the quasilinear tensor is first order in v_A/v"))
        self.growth_rate_tau = float(require(fn, "growth_rate_tau", growth_rate_tau, positive=True,
                                             at_most=1e8, reason="Gamma_0 |tau_B|, the coupling strength"))
        self.spectral_index = float(require(fn, "spectral_index", spectral_index, greater_than=3.0,
                                            reason="a finite number of particles above p_min"))
        self.grid = grid = PhaseSpaceGrid(p_min, p_max, n_p, n_mu, ultrarelativistic=ultrarelativistic,
                                          caller=fn)
        if grid.dx > math.log(10.0) / 3.0:
            raise ValueError(f"{fn}: n_p = {n_p} gives {math.log(10.0) / grid.dx:.2f} cells per decade "
                             "of momentum; at least 3 are needed to resolve the resonance.")
        b = float(require(fn, "field_rate", field_rate, reason="d ln B/dt per |tau_B|"))
        ell = float(require(fn, "length_rate", length_rate, reason="d ln L_par/dt per |tau_B|"))
        if abs(b) + abs(ell) == 0.0:
            raise ValueError(f"{fn}: field_rate and length_rate are both zero; a static tube drives no anisotropy.")
        require(fn, "field_rate", abs(b), at_most=10.0, reason="rates are in units of 1/|tau_B|")
        require(fn, "length_rate", abs(ell), at_most=10.0, reason="rates are in units of 1/|tau_B|")
        self.field_rate, self.length_rate = b, ell
        if damping not in DAMPING_OPTIONS:
            raise ValueError(f"{fn}: damping = {damping!r} must be one of {DAMPING_OPTIONS}.")
        self.damping = damping
        self.damping_rate_tau = float(require(fn, "damping_rate_tau", damping_rate_tau, nonnegative=True,
                                              at_most=1e10, reason="a damping rate"))
        if damping in ("constant", "both") and self.damping_rate_tau == 0.0:
            raise ValueError(f"{fn}: damping = {damping!r} needs damping_rate_tau > 0.")
        self.v_i_over_c = float(require(fn, "v_i_over_c", v_i_over_c, positive=True, at_most=1e-2,
                                        reason="a non-relativistic thermal ion speed"))
        self.seed_nu_tau = float(require(fn, "seed_nu_tau", seed_nu_tau, positive=True, at_most=1e6,
                                         reason="a seed wave level"))
        q_balance = (ell - b) * self.spectral_index / 3.0
        if injection_rate is None:
            injection_rate = max(0.0, q_balance)
        self.injection_rate = float(require(fn, "injection_rate", injection_rate, nonnegative=True,
                                            at_most=1e3, reason="an injection rate"))
        self.wave_adiabatic = bool(wave_adiabatic)
        self.outflow = bool(outflow)
        self.window, self._in_window = grid.measurement_window(window)
        self._build()

    # -- construction ------------------------------------------------------------
    def _build(self):
        grid = self.grid
        faces = self.faces = FaceSet(grid)
        self.advection_operator = adiabatic_operator(grid, field_rate=self.field_rate,
                                                     length_rate=self.length_rate, outflow=self.outflow)
        # wave grid in y = ln p_par, spacing dx: the hat weights of every mu row sum to one
        dy = grid.dx
        self.y, position = resonant_wave_grid(faces, dy)
        n_k = self.y.size
        self.dy, self.n_k = dy, n_k
        self.p_parallel = np.exp(self.y)
        gamma = grid.energy_per_particle[faces.i]
        self._G, self._Geps, self._E = {}, {}, {}
        for s in (+1, -1):
            self._G[s] = anisotropy_gradient(grid, self.v_A_over_c, float(s))
            self._Geps[s] = face_energy_gradient(grid, self.v_A_over_c, float(s))
            # energy removed from the particles per unit nu at each face, per unit f
            e_coeff = 2.0 * math.pi * self._Geps[s] * faces.weight * (1.0 - faces.mu**2) / 2.0
            self._E[s] = sps.diags(e_coeff) @ self._G[s]
        nu_per_W = SCATTERING_PREFACTOR / (gamma * dy)
        self._nu_map = [resonance_map(faces, position, n_k, sigma, nu_per_W) for _, _, sigma in BRANCHES]
        self._branch_sign = np.array([s for _, s, _ in BRANCHES], dtype=float)
        self._R_matrix = sps.vstack([self._nu_map[b].T @ self._E[s] for b, (_, s, _) in enumerate(BRANCHES)]).tocsr()
        self._face_wD = faces.weight * (1.0 - faces.mu**2) / 2.0
        self._source_shape = np.repeat(grid.p ** (-self.spectral_index), grid.n_mu)
        self._n_code = grid.number(self._source_shape)
        # coupling: energy of the cosmic rays (code units) -> wave units
        self.energy_coupling = (_ENERGY_RATIO * (4.0 / math.pi) * self.growth_rate_tau
                                / self.v_A_over_c**2 / self._n_code)
        self.seed_level = self.seed_nu_tau * dy / SCATTERING_PREFACTOR
        # resonant Lorentz factor of each wave bin at mu = 1 (for nonlinear Landau damping)
        p_par = self.p_parallel
        self._gamma_k = p_par if grid.ultrarelativistic else np.hypot(1.0, p_par)
        # wave bins that resonate with the window (diagnostics)
        lo, hi = self.window
        self._k_in_window = (p_par >= lo) & (p_par <= hi)

    def _patterns(self):
        """Sparsity patterns of the scattering operator and of the Jacobian blocks (built once, on demand)."""
        if getattr(self, "_L_pattern", None) is None:
            div = {s: sps.diags(1.0 / self.grid.volume.ravel()) @ self._G[s].T for s in (+1, -1)}
            self._L_pattern = {s: WeightedProduct(div[s], self._G[s]) for s in (+1, -1)}
            self._J_pattern = [WeightedProduct(div[s], self._nu_map[b]) for b, (_, s, _) in enumerate(BRANCHES)]
        return self._L_pattern, self._J_pattern

    _jacobian_cache = None
    _last_rates = None
    #: Jacobian factorisations done so far (a cost counter for benchmarks).
    factorisations = 0

    @property
    def n_unknowns(self):
        """Number of unknowns of the coupled system, ``n_p * n_mu + 4 * n_k``."""
        return self.grid.n_unknowns + len(BRANCHES) * self.n_k

    # -- pieces of the right-hand side ---------------------------------------------------
    @property
    def dilution_rate(self):
        r""":math:`d\ln V/dt = \ell - b`: the tube volume :math:`V \propto L_\parallel/B`."""
        return self.length_rate - self.field_rate

    @property
    def wave_drive_rate(self):
        r"""Rate of change of a wave bin's energy *density* under the drive, :math:`3(b-\ell)/2`.

        Wave action :math:`WV/\omega` is conserved, :math:`\omega = kv_A`,
        :math:`k \propto 1/L_\parallel`, :math:`v_A \propto (BL_\parallel)^{1/2}`:
        the energy in the tube changes at :math:`(b-\ell)/2`, and the density
        is diluted at :math:`\ell - b` besides.  Zero with ``wave_adiabatic=False``.
        """
        if not self.wave_adiabatic:
            return 0.0
        return 0.5 * (self.field_rate - self.length_rate) - self.dilution_rate

    def scattering_frequency(self, U, t):
        r""":math:`\nu_b|\tau_B|` on the interior :math:`\mu` faces for wave energies ``U`` (shape ``(4, n_k)``)."""
        return np.stack([self._nu_map[b] @ U[b] for b in range(len(BRANCHES))])

    def scattering_operator(self, U, t):
        """The sparse quasilinear operator of all branches for wave energies ``U``."""
        nu = self.scattering_frequency(U, t)
        L = None
        for s in (+1, -1):
            part = self._patterns()[0][s](self._face_wD * nu[self._branch_sign == s].sum(axis=0))
            L = part if L is None else L + part
        return -L

    def _apply_scattering(self, U, g):
        """``scattering_operator(U) @ g`` without assembling the matrix (two mat-vecs per sign)."""
        if getattr(self, "_GT", None) is None:
            self._GT = {s: self._G[s].T.tocsr() for s in (+1, -1)}
            self._inv_vol = 1.0 / self.grid.volume.ravel()
        nu = self.scattering_frequency(U, None)
        out = np.zeros(self.grid.n_unknowns)
        for s in (+1, -1):
            face = self._face_wD * nu[self._branch_sign == s].sum(axis=0) * (self._G[s] @ g)
            out -= self._GT[s] @ face
        return out * self._inv_vol

    def growth_rates(self, g, t):
        r""":math:`2\Gamma_b(k)|\tau_B|` of every branch for the cosmic-ray state ``g`` (shape ``(4, n_k)``)."""
        f = np.asarray(g, dtype=float)
        return (self.energy_coupling * (self._R_matrix @ f)).reshape(len(BRANCHES), self.n_k)

    def damping_rates(self, U, t):
        r""":math:`2\Gamma_d(k)|\tau_B|` for wave energies ``U`` (shape ``(4, n_k)``)."""
        rate = np.zeros((len(BRANCHES), self.n_k))
        if self.damping in ("constant", "both"):
            rate += 2.0 * self.damping_rate_tau
        if self.damping in ("nonlinear_landau", "both"):
            rate += 2.0 * self._nonlinear_landau_per_U() * U
        return rate

    def _nonlinear_landau_per_U(self):
        # Gamma_nl = nu_k v_i / c with nu_k = (pi/2) Omega(p_par) k W/(B^2/8 pi), per unit U
        return SCATTERING_PREFACTOR * self.v_i_over_c / (self._gamma_k * self.dy)

    def rhs(self, t, y):
        r"""Semi-discrete right-hand side for ``y = [g, U.ravel()]``, for general-purpose integrators.

        The same system that :meth:`run` integrates, without the split drift of
        the spectra in :math:`p_\parallel` (use ``wave_adiabatic=False`` for an
        exact comparison).
        """
        N = self.grid.n_unknowns
        g, U = y[:N], y[N:].reshape(len(BRANCHES), self.n_k)
        a_w = self.wave_drive_rate
        S = self.injection(t) if self.injection_rate else 0.0
        dg = self.advection_operator @ g - self.dilution_rate * g + self.scattering_operator(U, t) @ g + S
        dU = (self.growth_rates(g, t) - self.damping_rates(U, t) + a_w) * U
        return np.concatenate([dg, dU.ravel()])

    def jacobian(self, t, y):
        """Sparse Jacobian of :meth:`rhs`."""
        N = self.grid.n_unknowns
        g, U = y[:N], y[N:].reshape(len(BRANCHES), self.n_k)
        a_w = self.wave_drive_rate
        J_gz = self._coupling_block(g, np.ones((len(BRANCHES), self.n_k)))
        J_gg = (self.advection_operator - self.dilution_rate * sps.identity(N)
                + self.scattering_operator(U, t))
        J_zg = sps.diags(U.ravel()) @ (self.energy_coupling * self._R_matrix)
        rate = self.growth_rates(g, t) - self.damping_rates(U, t) + a_w
        if self.damping in ("nonlinear_landau", "both"):
            rate = rate - 2.0 * self._nonlinear_landau_per_U() * U  # d(gamma U)/dU
        return sps.bmat([[J_gg, J_gz], [J_zg, sps.diags(rate.ravel())]], format="csc")

    def _drive_operator(self):
        """Adiabatic flow minus dilution, built once."""
        if getattr(self, "_L_drive", None) is None:
            N = self.grid.n_unknowns
            self._L_drive = (self.advection_operator - self.dilution_rate * sps.identity(N, format="csr")).tocsr()
        return self._L_drive

    def _coupling_block(self, g, weight):
        """:math:`\\partial(L(U)g)/\\partial U` times ``weight`` (shape ``(4, n_k)``), as one sparse block ``(N, 4 n_k)``."""
        blocks = []
        for b, (_, s, _) in enumerate(BRANCHES):
            M = self._patterns()[1][b](self._face_wD * (self._G[s] @ g))
            M.data *= weight[b][M.indices]
            blocks.append(M)
        return -sps.hstack(blocks, format="csr")

    def injection(self, t):
        r"""Isotropic source :math:`q\,p^{-a}` per :math:`|\tau_B|`."""
        return self.injection_rate * self._source_shape

    def initial_state(self):
        """Isotropic power law and the seed wave level in every bin."""
        return self._source_shape.copy(), np.full((len(BRANCHES), self.n_k), self.seed_level)

    def cosmic_ray_energy(self, g):
        """Cosmic-ray energy in the tube, in wave-energy units."""
        return self.energy_coupling * self.grid.energy(g)

    # -- one step -----------------------------------------------------------------------
    def _wave_drift(self, U, h, t):
        """Implicit upwind drift of every spectrum in ln p_par; returns U and the energy that entered."""
        if not self.wave_adiabatic:
            return U, 0.0
        c = (self.field_rate + self.length_rate) * h / self.dy
        if c == 0.0:
            return U, 0.0
        n = self.n_k
        inflow_level = self.seed_level
        ab = np.zeros((3, n))
        ab[1] = 1.0 + abs(c)
        rhs = U.T.copy()
        if c < 0:  # drift to lower p_par: inflow at the top bin
            ab[0, 1:] = -abs(c)
            rhs[-1] += abs(c) * inflow_level
        else:
            ab[2, :-1] = -abs(c)
            rhs[0] += abs(c) * inflow_level
        U_new = solve_banded((1, 1), ab, rhs).T
        # energy in through the inflow end minus out through the outflow end
        out_bin = 0 if c < 0 else -1
        entered = abs(c) * (inflow_level * U.shape[0] - float(np.sum(U_new[:, out_bin])))
        return U_new, entered

    def _step(self, g0, U0, t0, h, *, tol=1e-13, max_iter=40):
        """One coupled step; returns (g, U, accounting) or None when Newton fails.

        Newton's method with a backtracking line search on the implicit step,
        with the waves eliminated: after every update of the cosmic rays the
        wave energies are the exact solution of their own equations, so
        Newton's method works on the cosmic-ray state alone (the bordered
        sparse Jacobian gives its Schur-complement step).  The start is the
        better of the old state and a linear predictor.  A factorisation of
        the Jacobian is kept from step to step while the step length stays
        within two rungs of the ladder and it still contracts the residual by
        a factor 3 per iteration; the residual is evaluated matrix-free.
        """
        grid = self.grid
        N, nb, nk = grid.n_unknowns, len(BRANCHES), self.n_k
        t1 = t0 + h
        U0, drifted_in = self._wave_drift(U0, h, t1)
        z0 = np.log(U0)
        a_w = self.wave_drive_rate
        L_drive = self._drive_operator()
        S = self.injection(t1) if self.injection_rate else np.zeros(N)
        nl = self.damping in ("nonlinear_landau", "both")
        nl_coeff = self._nonlinear_landau_per_U() if nl else 0.0
        const = 2.0 * self.damping_rate_tau if self.damping in ("constant", "both") else 0.0
        vol = grid.volume.ravel()
        eps_vol = (grid.volume * grid.energy_per_particle[:, None]).ravel()
        R = self.energy_coupling * self._R_matrix

        def wave_solution(g, z):
            """ln W^{n+1} that solves the wave equations exactly for the cosmic-ray state g.

            The waves are eliminated: Newton's method then works on g alone, and the
            exponential dependence of W on g cannot run away from one iterate to the next.
            """
            drive = (z0 + h * ((R @ g).reshape(nb, nk) + a_w - const))
            if not nl:
                return drive  # the floor of ln W is applied to the converged step only
            # z + 2 h c e^z = drive: increasing and convex in z, Newton from above is monotone
            z = np.minimum(z, drive)
            c2 = 2.0 * h * nl_coeff
            z = np.maximum(z, drive - c2 * np.exp(np.minimum(drive, 700.0)))  # lower bound
            for _ in range(60):
                e = c2 * np.exp(z)
                step = (z + e - drive) / (1.0 + e)
                z = z - step
                if np.max(np.abs(step)) < 1e-14:
                    break
            return z

        def residual(g, z):
            # matrix-free: the operator is assembled only when a Jacobian is factorised
            U_bar = U0 * _logmean_factor(z - z0)[0]
            r_g = g - g0 - h * (L_drive @ g + self._apply_scattering(U_bar, g) + S)
            gamma_d = const + (2.0 * nl_coeff * np.exp(z) if nl else 0.0)
            r_z = (z - z0 - h * ((R @ g).reshape(nb, nk) + a_w - gamma_d)).ravel()
            # energy- and number-weighted norms: the spectrum spans many decades of g
            size = max(float(np.dot(eps_vol, np.abs(r_g)) / np.dot(eps_vol, np.abs(g))),
                       float(np.dot(vol, np.abs(r_g)) / np.dot(vol, np.abs(g))),
                       float(np.max(np.abs(r_z))))
            return r_g, r_z, size, z

        def factorise(g, z):
            factor, dfactor = _logmean_factor(z - z0)
            A = L_drive + self.scattering_operator(U0 * factor, t1)
            dU_bar = U0 * dfactor
            J_gz = -self._coupling_block(g, h * dU_bar)  # d r_g/dz = -h d(Ag)/dU dU_bar/dz
            J_zg = (-h) * R
            d_zz = 1.0 + h * (2.0 * nl_coeff * np.exp(z) if nl else np.zeros_like(z))
            J = sps.bmat([[sps.identity(N, format="csr") - h * A, J_gz], [J_zg, sps.diags(d_zz.ravel())]],
                         format="csr")
            # g spans many decades (p^-a): solve for relative changes, rows scaled alike
            scale = np.concatenate([np.maximum(np.abs(g), 1e-300), np.ones(nb * nk)])
            J = (sps.diags(1.0 / scale) @ J @ sps.diags(scale)).tocsc()
            self.factorisations += 1
            lu = spla.splu(J, permc_spec=_LU_ORDERING, diag_pivot_thresh=_LU_PIVOT_THRESHOLD)

            def solve(rhs):
                return scale * lu.solve(rhs / scale)

            self._jacobian_cache = (h, solve)
            return solve

        # start from the better of the old state and a linear predictor: the
        # growth rates are a small difference of large terms, so an extrapolated
        # anisotropy can put the waves many e-folds off, the old one rarely does
        z = wave_solution(g0, z0)
        start = (g0, z) + residual(g0, z)[:3]
        rates = self._last_rates
        if rates is not None:
            g_pred = g0 + h * rates[0]
            g_pred = np.where(g_pred > 0.0, g_pred, g0)
            z_pred = wave_solution(g_pred, z0 + h * rates[1])
            pred = (g_pred, z_pred) + residual(g_pred, z_pred)[:3]
            if pred[4] < start[4]:
                start = pred
        g, z, r_g, r_z, size = start
        cached = self._jacobian_cache
        # a factorisation from a step on a neighbouring rung of the ladder still
        # contracts (by about |1 - h/h_old|); the contraction test below decides
        solve = cached[1] if cached is not None and abs(math.log(h / cached[0])) <= _REUSE_LOG_RATIO else None
        fresh = False
        for _ in range(max_iter):
            if size <= tol:
                break
            if size <= _ROUNDOFF_RESIDUAL and fresh:
                break  # a fresh Newton step could not improve it: round-off
            if solve is None:
                try:
                    solve = factorise(g, z)
                except RuntimeError:
                    return None
                fresh = True
            delta = solve(-np.concatenate([r_g, r_z]))
            if not np.all(np.isfinite(delta)):
                return None
            dg, dz = delta[:N], delta[N:].reshape(nb, nk)
            big = float(np.max(np.abs(dz)))
            alpha = min(1.0, 5.0 / big) if big > 0 else 1.0  # keep each update of ln W moderate
            for _ in range(8):
                g_try = g + alpha * dg
                trial = residual(g_try, wave_solution(g_try, z + alpha * dz))
                if trial[2] <= (_STALE_CONTRACTION if not fresh else 1.0 - 0.1 * alpha) * size or trial[2] <= tol:
                    break
                if not fresh:
                    break  # a stale factorisation: refresh it rather than search
                alpha *= 0.5
            else:
                if size <= _ROUNDOFF_RESIDUAL:
                    break
                return None
            if trial[2] > (_STALE_CONTRACTION if not fresh else 1.0 - 0.1 * alpha) * size and trial[2] > tol:
                if fresh:
                    if size <= _ROUNDOFF_RESIDUAL:
                        break
                    return None
                solve = None  # refactorise at the current iterate and try again
                continue
            g, z = g_try, trial[3]
            r_g, r_z, size = trial[:3]
            fresh = False
        else:
            return None
        self._last_rates = ((g - g0) / h, (z - z0) / h)
        # bins damped to e^-700 stay there: the energy this floor adds is ~1e-304
        z = np.maximum(z, _LOG_FLOOR)
        factor, _ = _logmean_factor(z - z0)
        U_bar = U0 * factor
        U1 = np.exp(z)
        gamma_d = const + (2.0 * nl_coeff * U1 if nl else 0.0)
        work_cr = h * self.energy_coupling * 2.0 * math.pi * float(np.dot(eps_vol, L_drive @ g))
        injected = h * self.energy_coupling * grid.energy(S) if self.injection_rate else 0.0
        acc = {
            "heat": h * float(np.sum(gamma_d * U_bar)),
            "work": work_cr + injected + h * a_w * float(np.sum(U_bar)) + drifted_in,
        }
        return g, U1, acc

    # -- diagnostics ----------------------------------------------------------------------
    def diagnostics(self, g, U, t):
        """Window diagnostics of the state (see :class:`QuasilinearRun`)."""
        grid = self.grid
        f = g
        cw = self._in_window
        nu = self.scattering_frequency(U, t)
        D = (1.0 - self.faces.mu**2) / 2.0
        H = np.zeros(grid.n_p)
        for s in (+1, -1):
            flux = D * nu[self._branch_sign == s].sum(axis=0) * (self._G[s] @ f)
            H += heating_by_momentum(grid, flux, self._Geps[s])
        H_exact, _ = leading_order_heating(grid, grid.isotropic_part(f), self.v_A_over_c)
        excess = self.growth_rates(g, t) - self.damping_rates(U, t)
        strong = (U >= 1e-2 * np.max(U)) & self._k_in_window[None, :]
        return {
            "cosmic_ray_energy": self.cosmic_ray_energy(g),
            "wave_energy": float(np.sum(U)),
            "number": grid.number(g),
            "zeta": pressure_weighted_zeta(grid, f, cw),
            "heating": float(np.sum(H[cw])),
            "heating_exact": float(np.sum(H_exact[cw])),
            "max_growth_excess": float(np.max(np.abs(excess[strong]))) if np.any(strong) else float("nan"),
        }

    # -- driver ----------------------------------------------------------------------------
    def run(self, t_end, *, dt=None, max_change=0.1, n_out=20, g0=None, U0=None, max_steps=200_000):
        r"""Integrate from :math:`t = 0` to ``t_end``.

        Parameters
        ----------
        t_end : float
            Final time [:math:`|\tau_B|`]; positive, at most 50.
        dt : float or None, keyword-only
            Fixed step [:math:`|\tau_B|`]; ``None`` (default) adapts the step
            so that the energy-weighted mean change of :math:`\ln W` per
            step stays near ``max_change``.
        max_change : float, keyword-only
            Target energy-weighted change of :math:`\ln W` per adaptive step; in (0, 2].
        n_out : int, keyword-only
            Outputs after :math:`t = 0`, at equal intervals.
        g0, U0 : array_like, keyword-only
            Initial state (default :meth:`initial_state`).
        max_steps : int, keyword-only
            Refuse runs that would need more steps.

        Returns
        -------
        QuasilinearRun

        Raises
        ------
        ValueError
            For bad arguments, a fixed ``dt`` at which Newton's method fails,
            more than ``max_steps`` steps, or loss of positivity of the
            distribution.
        """
        fn = "QuasilinearFluxTube.run"
        t_end = float(require(fn, "t_end", t_end, positive=True, at_most=50.0,
                              reason="a duration in units of |tau_B|"))
        max_change = float(require(fn, "max_change", max_change, positive=True, at_most=2.0,
                                   reason="the largest change of ln W per step"))
        n_out = check_int(fn, "n_out", n_out, 1, reason="number of outputs")
        max_steps = check_int(fn, "max_steps", max_steps, 1, reason="a step budget")
        fixed = dt is not None
        if fixed:
            dt = float(require(fn, "dt", dt, positive=True, at_most=t_end, reason="a time step"))
            n_fixed = max(1, math.ceil(t_end / dt - 1e-9))
            if n_fixed > max_steps:
                raise ValueError(f"{fn}: dt = {dt!r} needs {n_fixed} steps; max_steps = {max_steps}.")
            dt = t_end / n_fixed
        g_init, U_init = self.initial_state()
        if g0 is None:
            g = g_init
        else:
            g = np.array(require(fn, "g0", g0, reason="a distribution"), dtype=float).ravel()
            if g.size == self.grid.n_unknowns:
                check_positive(fn, g, self.grid.n_mu)
        U = U_init if U0 is None else np.array(require(fn, "U0", U0, positive=True,
                                                       reason="wave energies"), dtype=float)
        if g.size != self.grid.n_unknowns or U.shape != U_init.shape:
            raise ValueError(f"{fn}: g0/U0 have the wrong shape; expected {self.grid.n_unknowns} and {U_init.shape}.")
        t_out = np.linspace(0.0, t_end, n_out + 1)
        E0 = self.cosmic_ray_energy(g) + float(np.sum(U))
        heat = work = 0.0
        volume = 1.0  # the scheme's tube volume: number density x volume is conserved exactly
        rows = []

        spectra = []

        def record(t):
            spectra.append(U.copy())
            d = self.diagnostics(g, U, t)
            d["number"] *= volume
            total = d["cosmic_ray_energy"] + d["wave_energy"] + heat
            d.update(heat=heat, work=work, energy_residual=(total - E0 - work) / E0)
            rows.append((t, d))

        record(0.0)
        t, k_out, steps = 0.0, 1, 0
        # the split drift of the spectra moves them at most one bin per step
        drift = abs(self.field_rate + self.length_rate) if self.wave_adiabatic else 0.0
        h_drift = 2.0 ** math.floor(math.log2(self.dy / drift)) if drift > 0 else math.inf
        h = dt if fixed else min(t_end / n_out, h_drift, 1e-2 / max(1.0, self.growth_rate_tau * self.v_A_over_c))
        while k_out <= n_out:
            target = t_out[k_out]
            h_try = min(h, target - t)
            out = self._step(g, U, t, h_try)
            change = 0.0
            if out is not None and not fixed:
                # accuracy matters where the energy is: the energy-weighted change of ln W
                change = float(np.sum(out[1] * np.abs(np.log(out[1]) - np.log(U))) / np.sum(out[1]))
                if change > 2.0 * max_change:
                    out = None
            if out is None:
                if fixed:
                    raise ValueError(f"{fn}: Newton's method failed at t = {t:.4g} with dt = {dt!r}; "
                                     "use a smaller step or the adaptive one (dt=None).")
                h = 0.5 * h_try
                if h < 1e-12 * t_end:
                    raise ValueError(f"{fn}: the adaptive step collapsed at t = {t:.4g}.")
                continue
            g, U, acc = out
            heat += acc["heat"]
            work += acc["work"]
            volume *= 1.0 + h_try * self.dilution_rate
            t += h_try
            steps += 1
            if steps > max_steps:
                raise ValueError(f"{fn}: more than max_steps = {max_steps} steps before t_end; "
                                 "raise max_steps or shorten the run.")
            if not fixed:
                factor = min(2.0, max(0.3, 0.9 * max_change / max(change, 1e-12)))
                # steps on a ladder of 2^(1/4): a factorisation is reused while h stays
                # on its rung (the clipped step before an output does not move h)
                if factor < 0.8 or factor > 1.4:
                    h = 2.0 ** (round(4.0 * math.log2(h * factor)) / 4.0)
                h = min(h, h_drift)
            if abs(t - target) <= 1e-12 * t_end:
                t = target
                check_positive(fn, g, self.grid.n_mu)
                record(t)
                k_out += 1
        times = np.array([r[0] for r in rows])
        cols = {k: np.array([r[1][k] for r in rows]) for k in rows[0][1]}
        return QuasilinearRun(t=times, steps=steps, g=g.reshape(self.grid.n_p, self.grid.n_mu), U=U,
                              spectra=np.array(spectra), **cols)
