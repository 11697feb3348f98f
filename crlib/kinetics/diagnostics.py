r"""Diagnostics of kinetic states on a :class:`~crlib.kinetics.grid.PhaseSpaceGrid`.

Every coefficient comes from the physics module that derives it
(:mod:`crlib.heating`, :mod:`crlib.scattering`), none is re-typed here.
"""

from __future__ import annotations

import math

import numpy as np

from crlib.heating import HEATING_BOUND_COEFFICIENT
from crlib.heating_exact import EXACT_HEATING_COEFFICIENT
from crlib.kinetics.operators import FaceSet

__all__ = [
    "log_derivative", "heating_by_momentum", "leading_order_heating", "pressure_weighted_zeta",
    "check_positive", "POSITIVITY_TOLERANCE", "EMPTY_ROW_FRACTION", "observed_order",
]


def _centred_linear(h, dx):
    out = np.empty_like(h)
    out[2:-2] = (h[:-4] - 8.0 * h[1:-3] + 8.0 * h[3:-1] - h[4:]) / (12.0 * dx)
    out[[1, -2]] = (h[[2, -1]] - h[[0, -3]]) / (2.0 * dx)
    out[0] = (h[1] - h[0]) / dx
    out[-1] = (h[-1] - h[-2]) / dx
    return out


def log_derivative(h, dx):
    r""":math:`\partial h/\partial\ln p` at the cell centres: fourth-order centred, lower order at the ends.

    Where ``h`` is positive over the whole five-point stencil the derivative
    is taken as :math:`h\,\partial\ln h/\partial\ln p`, exact for a power law.
    """
    h = np.asarray(h, dtype=float)
    out = _centred_linear(h, dx)
    pos = h > 0
    ok = pos.copy()
    for shift in (1, 2):
        ok[shift:] &= pos[:-shift]
        ok[:-shift] &= pos[shift:]
    if np.any(ok):
        log_h = np.log(np.where(pos, h, 1.0))
        out[ok] = (h * _centred_linear(log_h, dx))[ok]
    return out


def heating_by_momentum(grid, face_flux, face_energy_gradient):
    r"""Energy the scattering removes from the particles, per momentum cell.

    :math:`2\pi\sum_\mu w\,F_\mu\,(G_s\varepsilon)` — the discrete
    :math:`\int vF_p\,d^3p` over each cell (Eqs. 43–45).
    """
    faces = FaceSet(grid)
    contrib = 2.0 * math.pi * faces.weight * np.ravel(face_flux) * np.ravel(face_energy_gradient)
    return np.bincount(faces.i, weights=contrib, minlength=grid.n_p)


def leading_order_heating(grid, f0, v_A_over_c):
    r"""Per-cell leading-order heating and Eq. 48 bound for the isotropic part ``f0``.

    Both are multiples of :math:`(v_A/c)\,P_c^{(v=c)}`, the pressure the cell
    would have if its particles moved at :math:`c`, written through
    :math:`\int p^3 f_0\,dp = -\tfrac14\int p^4\,\partial_p f_0\,dp` so that a
    power law is integrated exactly: ``(exact, bound)`` with the coefficients
    ``crlib.heating.EXACT_HEATING_COEFFICIENT`` (1/2) and
    ``crlib.heating.HEATING_BOUND_COEFFICIENT`` (4/15).
    """
    # (4 pi / 3) int p^3 f0 dp per cell, with p^3 f0 -> -(1/4) p^4 df0/dp
    pressure_ur = (4.0 * math.pi / 3.0) * (-0.25) * grid.w_p * grid.p * log_derivative(f0, grid.dx)
    base = v_A_over_c * pressure_ur
    return EXACT_HEATING_COEFFICIENT * base, HEATING_BOUND_COEFFICIENT * base


def pressure_weighted_zeta(grid, f, window):
    r""":math:`\zeta = -f_2/(p\,\partial_p f_0)` averaged with the pressure weight :math:`p^4 v` over ``window`` cells."""
    f0 = grid.isotropic_part(f)
    df0 = log_derivative(f0, grid.dx)
    f2 = grid.p2_part(f)
    weight = (grid.w_p * grid.p * grid.speed)[window]
    return float(np.sum(weight * f2[window]) / np.sum(weight * (-df0)[window]))


#: A cell more negative than this fraction of the mean ``|g|`` of its momentum row
#: counts as loss of positivity (the third-order faces undershoot by less near
#: steep but resolved fronts).
POSITIVITY_TOLERANCE = 1e-2
#: Fraction of the largest ``|g|`` below which a momentum row counts as empty.
EMPTY_ROW_FRACTION = 1e-6


def check_positive(fn, state, n_mu):
    """Raise when ``state`` is not finite or a momentum row dips below ``-POSITIVITY_TOLERANCE`` of its mean ``|g|``."""
    if not np.all(np.isfinite(state)):
        raise ValueError(f"{fn}: the solution became non-finite; the step or the grid does not "
                         "resolve the problem.")
    rows = np.reshape(state, (-1, n_mu))
    # rows where g is ~0 (the empty tail of a pulse) are judged against the peak
    scale = np.mean(np.abs(rows), axis=1, keepdims=True) + EMPTY_ROW_FRACTION * np.max(np.abs(rows))
    bad = rows < -POSITIVITY_TOLERANCE * scale
    if np.any(bad):
        worst = float(np.min(rows / np.where(scale > 0, scale, 1.0)))
        raise ValueError(
            f"{fn}: the distribution lost positivity ({int(bad.sum())} cells below zero, down to "
            f"{worst:.2e} of the mean of their momentum row): the grid does not resolve the "
            "anisotropy (refine n_p, n_mu) or the parameters are outside the solver's validity.")


def observed_order(values, spacings):
    r"""Order :math:`q` of a discretisation error :math:`e \simeq C h^q` read off three results.

    With results :math:`Q_i` at spacings :math:`h_i` (any ratios), :math:`q`
    solves

    .. math::

        \frac{h_0^q - h_1^q}{h_1^q - h_2^q} = \frac{Q_0 - Q_1}{Q_1 - Q_2}.

    Parameters
    ----------
    values : sequence of three floats
        The results, coarsest grid first.
    spacings : sequence of three floats
        The grid spacings, decreasing.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If there are not three values and three decreasing positive spacings, or
        if the results are not monotone in the spacing (their changes differ in
        sign or vanish): such grids are outside the asymptotic range and no
        order can be read from them.

    Examples
    --------
    >>> from crlib.kinetics.diagnostics import observed_order
    >>> h = [0.4, 0.2, 0.1]
    >>> round(observed_order([1 + 3 * x**2 for x in h], h), 12)
    2.0
    """
    from scipy.optimize import brentq

    fn = "observed_order"
    q, h = np.asarray(values, dtype=float), np.asarray(spacings, dtype=float)
    if q.shape != (3,) or h.shape != (3,) or not np.all(np.isfinite(q)):
        raise ValueError(f"{fn}: values and spacings must be three finite numbers each.")
    if not (h[0] > h[1] > h[2] > 0.0):
        raise ValueError(f"{fn}: spacings = {spacings!r} must be positive and decreasing.")
    d0, d1 = q[0] - q[1], q[1] - q[2]
    if d0 == 0.0 or d1 == 0.0 or (d0 > 0.0) != (d1 > 0.0):
        raise ValueError(f"{fn}: the results change by {d0:.3g} and then {d1:.3g}: not monotone, "
                         "so no order can be read from these grids.")

    def mismatch(order):
        return (h[0] ** order - h[1] ** order) / (h[1] ** order - h[2] ** order) - d0 / d1

    try:
        return float(brentq(mismatch, 0.05, 10.0))
    except ValueError:
        raise ValueError(f"{fn}: the observed order is outside [0.05, 10].") from None
