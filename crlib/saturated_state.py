r"""The saturated state of :class:`crlib.quasilinear.QuasilinearFluxTube`, solved directly.

:func:`solve_saturated_state` finds the steady state of the discrete
equations of :class:`crlib.quasilinear.QuasilinearFluxTube` (same
discretisation) by Newton's method with pseudo-transient continuation,
without integrating the transient; :func:`measure_saturated_state` reads
:math:`\nu_{\rm eff}(p)`, :math:`A_{\rm sat}(p)` and the diagnostics off a
state; :func:`predict_for_model` evaluates the predictions of
:mod:`crlib.saturation` for a model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from crlib import constants
from crlib._threads import single_blas_thread
from crlib._steady_system import (_FLOW_CACHE, _PIECES_CACHE, _co_moving_grow, _factorise, _Pieces,  # noqa: F401
                                  _solve, escape_rate)
from crlib._validation import require
from crlib.kinetics.diagnostics import log_derivative
from crlib.kinetics.operators import FaceSet, anisotropy_gradient
from crlib.saturation import (_HARMONIC_WEIGHT, effective_scattering_frequency, flux_tube_wave_loss_rate,
                              saturated_anisotropy, saturated_scattering_frequency)

__all__ = ["DEAD_BIN_FRACTION", "SaturatedState", "solve_saturated_state", "measure_saturated_state",
           "predict_for_model", "balancing_loss_rate"]

_C = constants.c

#: Wave bins below this fraction of the largest are carried along unchanged: they
#: hold no energy that matters (< 1e-30 of the spectrum) and their logarithm would
#: only slow Newton's method down.
DEAD_BIN_FRACTION = 1e-30

#: Bins below this fraction (log) that are losing energy are retired to the dead set.
_WEAK_BIN_LOG = math.log(1e-12)


#: Net growth rate [1/|tau_B|] above which a bin would leave the steady state.
_UNSTABLE_GROWTH = 1.0

#: Bins that would grow out of a converged steady state are seeded at this fraction (log)
#: of the spectrum and Newton's method continues, at most this many times.
_REVIVAL_LOG = math.log(1e-6)

#: Pseudo-transient continuation: a step is accepted when Newton's update falls below
#: _PATH_CHANGE (the path need not be accurate), the next step is _STEP_GROWTH times longer,
#: and after _LAST_STEP the step is infinite (Newton's method on the steady equations).
_PATH_CHANGE = 0.3
_CONSISTENT_START = 1
_STEP_GROWTH = 8.0
_LAST_STEP = 1e3
_MAX_REVIVALS = 3

#: Residual below which a Newton iteration that stops contracting is at round-off:
#: the anisotropy is ~v_A/c of f, so at v_A/c = 2e-4 the floor is ~1e-9.
_ROUNDOFF_RESIDUAL = 1e-7


def balancing_loss_rate(model):
    r"""Escape rate :math:`r` per :math:`|\tau_B|` that, with injection, keeps a heated tube steady.

    In compression the isotropic power law gains at :math:`h = (b-\ell)a/3`
    and no injection alone can balance it.  :func:`solve_saturated_state`
    adds a momentum-independent escape :math:`-r\,g` with :math:`r = 2h` and
    the isotropic injection that keeps the power law steady, :math:`h\,p^{-a}`
    in the interior plus the inflow of the power law through :math:`p_{\min}`
    (a leaky box: the power law stays steady, and its amplitude is fixed).  Zero
    where the model's balancing injection applies (:math:`b \le \ell`).

    Parameters
    ----------
    model : crlib.quasilinear.QuasilinearFluxTube

    Returns
    -------
    float
        :math:`r` [:math:`|\tau_B|^{-1}`].
    """
    return escape_rate(model)


@dataclass
class SaturatedState:
    r"""The saturated state of a :class:`crlib.quasilinear.QuasilinearFluxTube`.

    Rates are per :math:`|\tau_B|`, momenta in :math:`mc`.

    Attributes
    ----------
    g, U : ndarray
        Cosmic-ray state (``(n_p, n_mu)``) and wave energies (``(4, n_k)``), as in
        :class:`crlib.quasilinear.QuasilinearRun`.  On coarse grids the
        discrete steady state can dip below zero in the cell at
        :math:`p_{\max}`, :math:`\mu = 0` (the reconstruction at an outflow
        end); ``extra["lowest_relative_g"]`` is the smallest :math:`g/p^{-a}`.
    p : ndarray
        Momentum cell centres.
    nu : ndarray
        :math:`\nu|\tau_B|` on the interior :math:`\mu` faces (all branches).
    nu_eff : ndarray
        :math:`\nu_{\rm eff}|\tau_B|` per momentum cell
        (:func:`~crlib.saturation.effective_scattering_frequency`'s harmonic mean over the faces).
    A_sat : ndarray
        :math:`A_{\rm sat}` per momentum cell (:func:`~crlib.saturation.saturated_anisotropy`'s
        measure, from the discrete anisotropy functional of the growing waves).
    zeta_p : ndarray
        :math:`\zeta(p) = -f_2/(p\,\partial_pf_0)` per momentum cell.
    zeta, heating_ratio : float
        Window diagnostics of :meth:`crlib.quasilinear.QuasilinearFluxTube.diagnostics`:
        :math:`\zeta` and :math:`H/H_{\rm exact}`.
    heating_fraction : float
        Damped wave energy over the energy the waves receive (all bins).
    window : ndarray
        Momentum cells inside the diagnostics window.
    residual : float
        Final residual (relative, energy-weighted; rates per :math:`|\tau_B|` for the spectra);
        ``extra["roundoff_limited"]`` is true when Newton's method stopped contracting above
        ``tol`` but below 1e-7 (round-off at small :math:`v_A/c`).
    iterations : int
        Linear solves done.
    """

    g: np.ndarray
    U: np.ndarray
    p: np.ndarray
    nu: np.ndarray
    nu_eff: np.ndarray
    A_sat: np.ndarray
    zeta_p: np.ndarray
    zeta: float
    heating_ratio: float
    heating_fraction: float
    window: np.ndarray
    residual: float = float("nan")
    iterations: int = 0
    extra: dict = field(default_factory=dict, repr=False)


def measure_saturated_state(model, g, U):
    r"""Measure :math:`\nu_{\rm eff}(p)`, :math:`A_{\rm sat}(p)` and the window diagnostics of a state.

    Parameters
    ----------
    model : crlib.quasilinear.QuasilinearFluxTube
    g : array_like
        Cosmic-ray state, ``n_p * n_mu`` values (flat or ``(n_p, n_mu)``).
    U : array_like
        Wave energies, shape ``(4, n_k)``.

    Returns
    -------
    SaturatedState
        With ``residual`` and ``iterations`` unset.

    Raises
    ------
    ValueError
        For a state of the wrong shape or with non-positive entries.
    """
    fn = "measure_saturated_state"
    grid = model.grid
    g = np.asarray(require(fn, "g", g, reason="a distribution"), dtype=float).ravel()
    U = np.asarray(require(fn, "U", U, nonnegative=True, reason="wave energies"), dtype=float)
    if g.size != grid.n_unknowns or U.size != model.n_unknowns - grid.n_unknowns:
        raise ValueError(f"{fn}: g and U must have {grid.n_unknowns} and "
                         f"{model.n_unknowns - grid.n_unknowns} values.")
    U = U.reshape(-1, model.n_k)
    faces = FaceSet(grid)
    nu = model.scattering_frequency(U, 0.0).sum(axis=0)
    mu = faces.mu
    harmonic = np.bincount(faces.i, weights=grid.dmu * mu**2 * (1.0 - mu**2) / nu, minlength=grid.n_p)
    nu_eff = 1.0 / (_HARMONIC_WEIGHT * 0.5 * harmonic)
    f0 = grid.isotropic_part(g)
    slope = -log_derivative(f0, grid.dx)  # -p df0/dp
    # the growing waves: co-moving (s = sign mu) in expansion, counter-moving in compression
    growing = np.sign(mu) * (1.0 if _co_moving_grow(model) else -1.0)
    functional = anisotropy_gradient(grid, model.v_A_over_c, growing) @ g
    a = np.sign(mu) * functional / slope[faces.i]
    A_sat = 2.5 * 0.5 * np.bincount(faces.i, weights=grid.dmu * np.abs(mu) * (1.0 - mu**2) * a,
                                    minlength=grid.n_p)
    zeta_p = grid.p2_part(g) / slope
    d = model.diagnostics(g, U, 0.0)
    # the discrete steady state may dip below zero at a grid end (p_max, mu = 0 on coarse grids)
    lowest = float(np.min(g / model.initial_state()[0]))
    gained = float(np.sum(model.growth_rates(g, 0.0) * U))
    damped = float(np.sum(model.damping_rates(U, 0.0) * U))
    return SaturatedState(g=g.reshape(grid.n_p, grid.n_mu), U=U, p=grid.p.copy(), nu=nu, nu_eff=nu_eff,
                          A_sat=A_sat, zeta_p=zeta_p, zeta=d["zeta"], heating_ratio=d["heating"] / d["heating_exact"],
                          heating_fraction=damped / gained if gained > 0 else float("nan"),
                          window=(grid.p >= model.window[0]) & (grid.p <= model.window[1]),
                          extra={"lowest_relative_g": lowest})


def _initial_guess(model):
    """Isotropic steady power law with the marginal anisotropy, and the predicted spectrum."""
    grid = model.grid
    a = model.spectral_index
    P, MU = np.meshgrid(grid.p, grid.mu, indexing="ij")
    if escape_rate(model) > 0.0:  # heated with the balancing escape: the power law
        f0 = P ** (-a)
    else:  # steady isotropic cooling with the balancing injection and no inflow at p_max
        f0 = P ** (-a) - 0.999 * grid.p_max ** (-a)
    # isotropic in the frame of the growing waves: f(p (1 -+ |mu| v_A/c))
    sign = 1.0 if _co_moving_grow(model) else -1.0
    g = (f0 * (1.0 + sign * a * model.v_A_over_c * (np.abs(MU) - 0.5))).ravel()
    p_par = model.p_parallel
    nu_k = _predicted_resonant_frequency(model, p_par)
    gamma = p_par if grid.ultrarelativistic else np.hypot(1.0, p_par)
    from crlib.quasilinear import BRANCHES, SCATTERING_PREFACTOR

    level = nu_k * gamma * model.dy / SCATTERING_PREFACTOR
    U = np.empty((len(BRANCHES), model.n_k))
    co_grow = _co_moving_grow(model)
    for b, (_, s, sigma) in enumerate(BRANCHES):
        co_moving = s == sigma
        U[b] = level if co_moving == co_grow else level * 1e-40
    return g, U


def _model_prediction_inputs(model):
    a = model.spectral_index
    damping = model.damping
    linear = model.damping_rate_tau if damping in ("constant", "both") else 0.0
    v_i = model.v_i_over_c * _C if damping in ("nonlinear_landau", "both") else None
    if model.wave_adiabatic and model.field_rate != 0 and model.length_rate == 0:
        # tau_B = -1/b: the expanding (b = -1) or compressing (b = +1) tube
        spectrum = "nonlinear_landau" if damping == "nonlinear_landau" else "linear"
        loss = float(flux_tube_wave_loss_rate(-1.0 / model.field_rate, a, spectrum=spectrum))
    else:
        loss = max(0.0, -model.wave_drive_rate)
    return dict(damping_rate=linear, v_i=v_i, wave_loss_rate=loss)


def _growth_above(model, p):
    """:math:`\\Gamma_0(>p)|\\tau_B|` for the model's initial power law (infinite ``p_max``)."""
    a = model.spectral_index
    return model.growth_rate_tau * (np.asarray(p) / model.grid.p_min) ** (3.0 - model.spectral_index) \
        / (1.0 - (model.grid.p_max / model.grid.p_min) ** (3.0 - a))


def _predicted_resonant_frequency(model, p_par):
    kw = _model_prediction_inputs(model)
    return saturated_scattering_frequency(_growth_above(model, p_par), model.v_A_over_c * _C, 1.0,
                                          model.spectral_index, **kw)


def predict_for_model(model, p=None):
    r"""The predictions of :func:`~crlib.saturation.effective_scattering_frequency` and :func:`~crlib.saturation.saturated_anisotropy` for a model.

    Model units (:math:`|\tau_B| = 1`), ultrarelativistic particles, the
    model's damping and (``wave_adiabatic=True``, transverse expansion or
    compression) its waves' own loss :func:`~crlib.saturation.flux_tube_wave_loss_rate`;
    :math:`A_{\rm sat} < 0` where the counter-moving branches grow.

    Parameters
    ----------
    model : crlib.quasilinear.QuasilinearFluxTube
    p : array_like, optional
        Momenta [:math:`mc`]; default the model's cell centres.

    Returns
    -------
    dict
        ``"p"``, ``"nu_eff"`` (:math:`\nu_{\rm eff}|\tau_B|`), ``"A_sat"``, and the inputs used.
    """
    p = model.grid.p if p is None else np.asarray(p, dtype=float)
    kw = _model_prediction_inputs(model)
    # tau_B > 0 where the co-moving branches grow (expansion), < 0 where the others do (compression)
    tau = 1.0 if _co_moving_grow(model) else -1.0
    args = (_growth_above(model, p), model.v_A_over_c * _C, tau, model.spectral_index)
    return {"p": p, "nu_eff": effective_scattering_frequency(*args, **kw),
            "A_sat": saturated_anisotropy(*args, **kw), **kw}


@single_blas_thread
def solve_saturated_state(model, *, tol=1e-10, max_iter=400, initial=None, first_step=1e-3):
    r"""Solve for the saturated (steady) state of the discrete quasilinear system directly.

    The saturated state is the steady solution of the semi-discrete
    equations of :class:`crlib.quasilinear.QuasilinearFluxTube` — its
    :meth:`~crlib.quasilinear.QuasilinearFluxTube.rhs` plus, with
    ``wave_adiabatic=True``, the drift of the spectra in :math:`p_\parallel`
    in its semi-discrete (upwind) form — with the balancing injection that
    keeps the isotropic part steady (the model's default
    ``injection_rate=None``).  Without injection an expanding tube cools and
    no state is steady; a compressed tube (``field_rate > 0``) is heated, and
    the solver balances it with the leaky box of :func:`balancing_loss_rate`.
    It is the fixed point of the model's time step whenever the step has no
    split part and no leaky box (``wave_adiabatic=False``, expansion); with
    the split drift the step's fixed point differs by :math:`O(\Delta t)`.

    Method: backward-Euler pseudo-transient continuation in the model's own
    time (steps growing from :math:`10^{-3}|\tau_B|` to infinity, each
    accepted once Newton's update is below 0.3), Newton's method in
    :math:`(g/|g_0|, \ln W)`: dense LU at each step, of the Schur complement
    on the cosmic rays when the wave block is diagonal (no drift); bins
    below ``DEAD_BIN_FRACTION`` of the spectrum are carried unchanged.
    Started from the spectrum of :func:`~crlib.saturation.saturated_scattering_frequency`
    and the cosmic-ray state that is steady under it.  A converged state
    out of which some wave bin would grow (the branch without waves) is
    left by seeding those bins and continuing, at most three times.

    Parameters
    ----------
    model : crlib.quasilinear.QuasilinearFluxTube
    tol : float, keyword-only
        Residual at which the state is accepted (energy-weighted relative
        residual of the cosmic rays; rate residual :math:`|\tau_B|^{-1}` of every live wave bin).
    max_iter : int, keyword-only
        Largest number of linear solves.
    initial : tuple of array_like, optional, keyword-only
        ``(g, U)`` to start from instead of the predictions.

    Returns
    -------
    SaturatedState

    Raises
    ------
    ValueError
        If the model has no steady state (no injection balancing a cooling
        tube, or nothing that removes wave energy), if the grid is too large
        for the dense solver, if the iteration does not converge, or if it
        still converges to an unstable steady state after the seeding (a bin
        whose net growth rate exceeds :math:`1/|\tau_B|`).

    See Also
    --------
    crlib.quasilinear.QuasilinearFluxTube.run, measure_saturated_state

    Notes
    -----
    The solve holds every BLAS library of the process to one thread
    (``crlib._threads.single_blas_thread``; restored on return): at
    these matrix sizes one thread is faster than a pool, by up to 20 times
    on two cores.

    Examples
    --------
    >>> from crlib.quasilinear import QuasilinearFluxTube
    >>> model = QuasilinearFluxTube(1e-2, 1e3, p_min=10.0, p_max=1e3, n_p=12, n_mu=7,
    ...                             ultrarelativistic=True, damping="constant", damping_rate_tau=10.0)
    >>> state = solve_saturated_state(model)
    >>> bool(state.residual < 1e-10), f"{state.heating_ratio:.3f}"
    (True, '0.934')
    """
    fn = "solve_saturated_state"
    tol = float(require(fn, "tol", tol, positive=True, at_most=1e-3, reason="a residual"))
    max_iter = int(require(fn, "max_iter", max_iter, integer=True, at_least=1, reason="an iteration budget"))
    if model.n_unknowns > 4000:
        raise ValueError(f"{fn}: model has {model.n_unknowns} unknowns; the dense direct solver takes at most 4000.")
    q_balance = (model.length_rate - model.field_rate) * model.spectral_index / 3.0
    if model.injection_rate == 0.0 and q_balance > 0.0:
        raise ValueError(f"{fn}: model.injection_rate = 0 in an expanding tube: the cosmic rays cool "
                         "and no state is steady; use the balancing injection (injection_rate=None).")
    if model.injection_rate > 0.0 and q_balance < 0.0:
        raise ValueError(f"{fn}: model.injection_rate = {model.injection_rate:g} in a compressing tube: "
                         "the cosmic rays are heated and injection adds to them; the solver balances "
                         "compression with an escape (injection_rate=None).")
    if model.damping == "none" and q_balance < 0.0:
        raise ValueError(f"{fn}: damping = 'none' in a compressing tube: the flow feeds the waves "
                         "and nothing removes their energy; no saturated state exists.")
    if model.damping == "none" and not model.wave_adiabatic:
        raise ValueError(f"{fn}: damping = 'none' with wave_adiabatic=False: nothing removes wave energy, "
                         "the waves grow without bound and no saturated state exists.")
    pieces = _Pieces(model)
    N, K = pieces.N, pieces.K
    grid = model.grid
    ev = (grid.volume * grid.energy_per_particle[:, None]).ravel()
    vol = grid.volume.ravel()
    if initial is None:
        try:
            g, U = _initial_guess(model)
        except ValueError as exc:  # the predicted balance has no net loss: no saturated state
            raise ValueError(f"{fn}: {exc}") from None
    else:
        g = np.asarray(require(fn, "initial[0]", initial[0], positive=True, reason="a distribution"), float).ravel()
        U = np.asarray(require(fn, "initial[1]", initial[1], positive=True, reason="wave energies"), float)
        if g.size != N or U.size != K:
            raise ValueError(f"{fn}: initial must hold {N} and {K} values.")
    z = np.log(U.ravel())
    # g spans decades: Newton works in g / p^-a (the steady state may touch zero at p_max)
    scale = model.initial_state()[0]
    D, inflow = pieces.D, pieces.inflow
    log_dead = math.log(DEAD_BIN_FRACTION)
    if initial is None and _CONSISTENT_START:
        # the cosmic rays' steady state under the predicted spectrum: one N x N solve, and
        # Newton's method starts with only the waves' balance left to find
        try:
            g_fit = np.linalg.solve(pieces.operator(U.ravel()), -pieces.S)
            if np.all(np.isfinite(g_fit)) and np.min(g_fit / scale) > -0.5:
                g = g_fit
        except np.linalg.LinAlgError:
            pass

    def residual(g, z):
        U = np.exp(z)
        rate = pieces.R @ g - pieces.d0 - pieces.d1 * U + pieces.a_w
        r_g = pieces.apply(U, g) + pieces.S
        r_z = rate + (D @ U + inflow) / U
        return r_g, r_z

    def size(g, z, r_g, r_z):
        live = z >= z.max() + log_dead
        return max(float(np.dot(ev, np.abs(r_g)) / np.dot(ev, np.abs(g))),
                   float(np.dot(vol, np.abs(r_g)) / np.dot(vol, np.abs(g))),
                   float(np.max(np.abs(r_z[live]))))

    def jacobian(g, z):
        U = np.exp(z)
        live = z >= z.max() + log_dead
        s = scale
        J = np.empty((N + K, N + K))
        J[:N, :N] = pieces.operator(U) * (s[None, :] / s[:, None])
        J[:N, N:] = pieces.operator_derivative(g) * (U[None, :] / s[:, None]) * live[None, :]
        J[N:, :N] = pieces.R * s[None, :] * live[:, None]
        if diagonal_waves:  # no drift: only the bins' own rates
            J[N:, N:] = 0.0
            Jzz_diag = -(pieces.d1 * U + inflow / U) * live
        else:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                Jzz = D * (U[None, :] / U[:, None])
            Jzz[~np.isfinite(Jzz)] = 0.0
            Jzz[np.diag_indices(K)] -= pieces.d1 * U + (D @ U + inflow) / U
            Jzz *= live[:, None] * live[None, :]
            J[N:, N:] = Jzz
            Jzz_diag = np.diag(Jzz)
        # a bin fed only from dead bins has a zero row: a tiny pseudo-time keeps it regular
        J[N + np.arange(K), N + np.arange(K)] = Jzz_diag + np.where(live, -1e-8, 1.0)
        return J, s, live

    # without the drift of the spectra the wave block of the Jacobian is diagonal: eliminate it
    diagonal_waves = not np.any(D)
    h = first_step
    iterations = factorisations = stalls = revivals = 0
    roundoff, best = False, None
    r_g, r_z = residual(g, z)
    res = size(g, z, r_g, r_z)
    while True:
        while res > tol and not roundoff:
            g_prev, z_prev = g.copy(), z.copy()
            converged = False
            for inner in range(8):
                if iterations >= max_iter:
                    raise ValueError(f"{fn}: no convergence in max_iter = {max_iter} linear solves "
                                     f"(residual {res:.2e}, pseudo-time step {h:.2g}).")
                iterations += 1
                inv = 0.0 if h == math.inf else 1.0 / h
                if True:
                    J, s, live = jacobian(g, z)
                    J[np.diag_indices(N + K)] -= inv
                    try:
                        lu = _factorise(J, N, diagonal_waves)
                    except (ValueError, np.linalg.LinAlgError):
                        break
                    factorisations += 1
                G_g = r_g / s - inv * (g - g_prev) / s
                G_z = np.where(live, r_z - inv * (z - z_prev), 0.0)
                delta = -_solve(lu, G_g, G_z)
                if not np.all(np.isfinite(delta)):
                    break
                dg = delta[:N] * s
                dz = np.clip(delta[N:], -5.0, 5.0)
                alpha = min(1.0, 0.5 / max(float(np.max(np.abs(dg) / scale)), 1e-300))
                g, z = g + alpha * dg, z + alpha * dz
                r_g, r_z = residual(g, z)
                # weak bins that lose faster than 1/|tau_B| have U = 0 in the steady state
                # (no inflow feeds them): retire them rather than follow their decay
                dying = (z < z.max() + _WEAK_BIN_LOG) & (r_z < -1.0) & (z >= z.max() + log_dead)
                if np.any(dying) and not model.wave_adiabatic:
                    z[dying] = z.max() + log_dead - 1.0
                    r_g, r_z = residual(g, z)
                change = max(float(np.max(np.abs(alpha * dg / scale))), float(np.max(np.abs(alpha * dz[live]))))
                if not math.isfinite(change):
                    break
                if h == math.inf:
                    previous, res = res, size(g, z, r_g, r_z)
                    if res <= tol:
                        converged = True
                        break
                    if res <= _ROUNDOFF_RESIDUAL:
                        stalls += 1
                        if best is None or res < best[2]:
                            best = (g.copy(), z.copy(), res)
                        if stalls >= 6:  # Newton no longer reaches tol: round-off (small v_A/c)
                            g, z, res = best
                            r_g, r_z = residual(g, z)
                            converged = roundoff = True
                            break
                elif change < _PATH_CHANGE:  # the path to the steady state need not be accurate
                    converged = True
                    break
            if not converged:
                g, z = g_prev, z_prev
                r_g, r_z = residual(g, z)
                h = 1e3 if h == math.inf else h / 4.0
                if h < 1e-9:
                    raise ValueError(f"{fn}: the pseudo-transient continuation stalled (residual {res:.2e}).")
                continue
            res = size(g, z, r_g, r_z)
            h = math.inf if h > _LAST_STEP else h * (_STEP_GROWTH if inner < 4 else 2.0)
        # a steady state is the saturated one only if no wave bin would grow out of it
        U = np.exp(z)
        net = pieces.R @ g - pieces.d0 - pieces.d1 * U + pieces.a_w + np.diag(D)
        unstable = net > _UNSTABLE_GROWTH
        if not np.any(unstable):
            break
        if revivals >= _MAX_REVIVALS:
            raise ValueError(f"{fn}: converged to an unstable steady state (a wave bin would grow at "
                             f"{float(np.max(net)):.3g}/|tau_B|); the waves are not saturated there.")
        # such a bin holds waves in the saturated state (in compression, the other branch at the
        # lowest p_par): seed it and continue from there
        revivals += 1
        z = np.where(unstable, z.max() + _REVIVAL_LOG, z)
        h, stalls, roundoff, best = first_step, 0, False, None
        r_g, r_z = residual(g, z)
        res = size(g, z, r_g, r_z)
    state = measure_saturated_state(model, g, U.reshape(-1, model.n_k))
    state.residual, state.iterations = res, iterations
    state.extra["factorisations"] = factorisations
    state.extra["roundoff_limited"] = roundoff
    state.extra["revivals"] = revivals
    return state
