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

Time integration (:meth:`QuasilinearFluxTube.run`): adaptive TR-BDF2, second
order and L-stable (:mod:`crlib.kinetics.integrators`), on :math:`f` and
:math:`\ln W`.  Each stage takes the exchange and the drift of the spectra
with the logarithmic mean of the wave energies over its sub-interval, so that
the energy the waves gain is the energy the particles lose, exactly, and
:math:`W > 0` by construction (:mod:`crlib.kinetics.coupled`).  A steady state
of the semi-discrete system is a fixed point of the step.

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

from crlib._validation import require
from crlib._threads import single_blas_thread
from crlib.fokker_planck import MAX_V_A_OVER_C
from crlib.kinetics.diagnostics import check_positive
from crlib.kinetics.coupled import CoupledNewton, CoupledSystem
from crlib.kinetics.diagnostics import heating_by_momentum, leading_order_heating, pressure_weighted_zeta
from crlib.kinetics.grid import PhaseSpaceGrid, check_int
from crlib.kinetics.operators import (
    BranchScattering,
    FaceSet,
    adiabatic_operator,
    anisotropy_gradient,
    face_energy_gradient,
)
from crlib.kinetics.integrators import integrate_trbdf2
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

#: Newton tolerance of the adaptive stages, per unit of rtol * v_A/c: the anisotropy,
#: a part ~v_A/c of f, carries the physics.
NEWTON_FRACTION = 1e-2

DAMPING_OPTIONS = ("none", "constant", "nonlinear_landau", "both")

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
        scheme (each stage of length :math:`H` dilutes the density by
        :math:`H(\ell - b)N(\hat f)`, :math:`\hat f` the stage's average; the
        volume grows by :math:`1 + H(\ell-b)N(\hat f)/N(f)`), conserved to
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
    steps, rejected : int
        Time steps taken, and steps rejected by the error control or a failed Newton iteration.
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
    rejected: int = 0
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
        self.scattering = BranchScattering(grid.volume, self._face_wD, self._G, self._nu_map,
                                           [s for _, s, _ in BRANCHES])
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

    _system = None
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
        return self.scattering.frequency(U)

    def scattering_operator(self, U, t):
        """The sparse quasilinear operator of all branches for wave energies ``U``."""
        return self.scattering.matrix(U)

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

        The same system that :meth:`run` integrates, without the drift of
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
        J_gz = self.scattering.coupling(g, np.ones((len(BRANCHES), self.n_k)))
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
    @property
    def coupled_system(self):
        """The model's equations as a :class:`crlib.kinetics.coupled.CoupledSystem` (built once)."""
        if self._system is None:
            grid, shape = self.grid, (len(BRANCHES), self.n_k)
            nl = self.damping in ("nonlinear_landau", "both")
            self._system = CoupledSystem(
                drive=self._drive_operator(), growth=(self.energy_coupling * self._R_matrix).tocsr(),
                scatter=self.scattering.apply, scatter_matrix=self.scattering.matrix,
                coupling=self.scattering.coupling, wave_rate=self.wave_drive_rate,
                damping_constant=2.0 * self.damping_rate_tau if self.damping in ("constant", "both") else 0.0,
                kappa=np.broadcast_to(2.0 * self._nonlinear_landau_per_U(), shape) if nl else 0.0,
                source=self.injection(0.0) if self.injection_rate else np.zeros(grid.n_unknowns),
                energy=self.energy_coupling * 2.0 * math.pi * (grid.volume * grid.energy_per_particle[:, None]).ravel(),
                volume=grid.volume.ravel(), shape=shape,
                drift=(self.field_rate + self.length_rate) / self.dy if self.wave_adiabatic else 0.0,
                inflow=self.seed_level)
        return self._system

    # -- diagnostics ----------------------------------------------------------------------
    def heating_by_momentum(self, g, U, t):
        """Per momentum cell: the energy the particles give the waves, and its leading-order value.

        Returns ``(H, H_exact)``, arrays of length ``n_p``: the pitch-angle flux of
        each branch against the energy gradient in its wave frame, and the exact
        rate of :func:`crlib.kinetics.diagnostics.leading_order_heating`.
        """
        grid = self.grid
        nu = self.scattering_frequency(U, t)
        D = (1.0 - self.faces.mu**2) / 2.0
        H = np.zeros(grid.n_p)
        for s in (+1, -1):
            flux = D * nu[self._branch_sign == s].sum(axis=0) * (self._G[s] @ g)
            H += heating_by_momentum(grid, flux, self._Geps[s])
        return H, leading_order_heating(grid, grid.isotropic_part(g), self.v_A_over_c)[0]

    def diagnostics(self, g, U, t):
        """Window diagnostics of the state (see :class:`QuasilinearRun`)."""
        grid = self.grid
        f = g
        cw = self._in_window
        H, H_exact = self.heating_by_momentum(g, U, t)
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
    @single_blas_thread
    def run(self, t_end, *, dt=None, rtol=1e-3, atol=1e-6, n_out=20, g0=None, U0=None, max_steps=200_000):
        r"""Integrate from :math:`t = 0` to ``t_end`` (TR-BDF2, see the module docstring).

        Parameters
        ----------
        t_end : float
            Final time [:math:`|\tau_B|`]; positive, at most 50.
        dt : float or None, keyword-only
            Fixed step [:math:`|\tau_B|`]; ``None`` (default) adapts the step
            to the local error estimate.
        rtol, atol : float, keyword-only
            Tolerances of the adaptive step's local error: each :math:`f` is held
            to ``rtol * |f| + atol * f_initial``, each wave energy to
            ``rtol * W + atol * sum(W)`` (RMS norms;
            :func:`crlib.kinetics.integrators.error_norm`); ``rtol`` in
            [1e-8, 0.1], ``atol`` in (0, 0.1].
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

        Notes
        -----
        The run holds every BLAS library of the process to one thread
        (``crlib._threads.single_blas_thread``; restored on return): at
        these matrix sizes one thread is faster than a pool.
        """
        fn = "QuasilinearFluxTube.run"
        t_end = float(require(fn, "t_end", t_end, positive=True, at_most=50.0,
                              reason="a duration in units of |tau_B|"))
        rtol = float(require(fn, "rtol", rtol, at_least=1e-8, at_most=0.1,
                             reason="a relative tolerance per step (below 1e-8 round-off dominates)"))
        atol = float(require(fn, "atol", atol, positive=True, at_most=0.1,
                             reason="an absolute tolerance, as a fraction of the initial f and of the wave energy"))
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
        rows, spectra = [], []

        def record(t):
            spectra.append(U.copy())
            d = self.diagnostics(g, U, t)
            d["number"] *= volume
            total = d["cosmic_ray_energy"] + d["wave_energy"] + heat
            d.update(heat=heat, work=work, energy_residual=(total - E0 - work) / E0)
            rows.append((t, d))

        record(0.0)
        newton = CoupledNewton(self.coupled_system)

        def on_step(g_new, U_new, acc):
            nonlocal g, U, heat, work, volume
            g, U = g_new, U_new
            heat += acc["heat"]
            work += acc["drive_work"] + acc["injected"] + acc["wave_work"] + acc["drift"]
            for H, g_hat, g_end in acc["stages"]:  # each stage dilutes the density by H (l - b) N(g_hat)
                volume *= 1.0 + H * self.dilution_rate * self.grid.number(g_hat) / self.grid.number(g_end)

        def on_output(t):
            check_positive(fn, g, self.grid.n_mu)
            record(t)

        h_max = t_end / n_out
        steps, rejected = integrate_trbdf2(
            newton, g, U, t_out, on_step, on_output, dt=dt,
            h_first=min(h_max, 1e-2 / max(1.0, self.growth_rate_tau * self.v_A_over_c)), h_max=h_max,
            rtol=rtol, atol=atol, g_scale=g_init, max_steps=max_steps, caller=fn,
            # the stage equations to well below the step's error in the anisotropy, a part
            # ~v_A/c of f (the energy identity holds whatever this tolerance)
            newton_tol=NEWTON_FRACTION * rtol * self.v_A_over_c,
            check=lambda g_new: check_positive(fn, g_new, self.grid.n_mu))
        self.factorisations += newton.factorisations
        times = np.array([r[0] for r in rows])
        cols = {k: np.array([r[1][k] for r in rows]) for k in rows[0][1]}
        return QuasilinearRun(t=times, steps=steps, rejected=rejected,
                              g=g.reshape(self.grid.n_p, self.grid.n_mu), U=U, spectra=np.array(spectra), **cols)
