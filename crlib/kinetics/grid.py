r"""Phase-space grid of the flux-tube kinetic models.

Momentum in units of :math:`mc` on a uniform grid in :math:`x = \ln p`;
pitch-angle cosine :math:`\mu \in [-1, 1]` on a uniform grid with an odd
number of cells, so that one cell is centred on :math:`\mu = 0` and no cell
face sits on the sign change of the off-diagonal diffusion coefficients.
The measure is :math:`p^3\,dx\,d\mu` (the :math:`2\pi` of :math:`d^3p` is
kept separately).  Cell-integrated quantities are exact for the measure, so
sums over the grid are the discrete integrals that conservation is
proved for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from crlib._validation import require

__all__ = ["PhaseSpaceGrid", "check_int"]


def check_int(fn, name, value, minimum, *, odd=False, reason=""):
    """Return ``value`` as an int, or raise ValueError naming ``fn`` and ``name``."""
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


#: Largest ln(p_max/p_min) the grid accepts: p^3 weights stay far from overflow.
_MAX_LOG_SPAN = 80.0


@dataclass(frozen=True, eq=False)
class PhaseSpaceGrid:
    r"""Finite-volume grid in :math:`(\ln p, \mu)`.

    Parameters
    ----------
    p_min, p_max : float
        Ends of the momentum grid [:math:`mc`]; ``0 < p_min < p_max``.
    n_p : int
        Cells in :math:`\ln p`; at least 8.
    n_mu : int
        Cells in :math:`\mu`; odd, at least 5.
    ultrarelativistic : bool, keyword-only
        Take :math:`v = c` and :math:`\varepsilon = pc` at every momentum
        (otherwise :math:`v = p/\sqrt{1+p^2}`, :math:`\varepsilon = \sqrt{1+p^2}`).
    caller : str, keyword-only
        Name of the public function or class building the grid (for error messages).

    Raises
    ------
    ValueError
        For bounds that are not finite, positive and increasing, a span of
        more than :math:`e^{80}`, or cell numbers that are not integers,
        too small or (``n_mu``) even.

    Examples
    --------
    >>> grid = PhaseSpaceGrid(1.0, 1e3, 24, 9)
    >>> grid.n_unknowns, round(float(grid.mu[grid.n_mu // 2]), 12)
    (216, 0.0)
    """

    p_min: float
    p_max: float
    n_p: int
    n_mu: int
    ultrarelativistic: bool = False
    caller: str = "PhaseSpaceGrid"

    def __post_init__(self):
        fn = self.caller
        p_min = float(require(fn, "p_min", self.p_min, positive=True, reason="a momentum"))
        p_max = float(require(fn, "p_max", self.p_max, greater_than=p_min,
                              reason="the grid must have p_max > p_min"))
        if math.log(p_max / p_min) > _MAX_LOG_SPAN:
            raise ValueError(f"{fn}: p_max/p_min = {p_max / p_min:.3g} spans more than e^80; "
                             "the cell weights p^3 would overflow.")
        n_p = check_int(fn, "n_p", self.n_p, 8, reason="cells in ln p")
        n_mu = check_int(fn, "n_mu", self.n_mu, 5, odd=True, reason="cells in mu")
        put = object.__setattr__
        put(self, "p_min", p_min)
        put(self, "p_max", p_max)
        put(self, "n_p", n_p)
        put(self, "n_mu", n_mu)
        put(self, "ultrarelativistic", bool(self.ultrarelativistic))
        x_edges = np.linspace(math.log(p_min), math.log(p_max), n_p + 1)
        mu_edges = np.linspace(-1.0, 1.0, n_mu + 1)
        mu_edges[n_mu // 2] = -1.0 / n_mu  # keep the mirror symmetry exact
        mu_edges[n_mu // 2 + 1] = 1.0 / n_mu
        mu = 0.5 * (mu_edges[1:] + mu_edges[:-1])
        mu[n_mu // 2] = 0.0
        p = np.exp(0.5 * (x_edges[1:] + x_edges[:-1]))
        p_edges = np.exp(x_edges)
        w_p = (p_edges[1:] ** 3 - p_edges[:-1] ** 3) / 3.0  # int p^3 dx over a cell
        dmu = 2.0 / n_mu
        speed = np.ones_like(p) if self.ultrarelativistic else p / np.hypot(1.0, p)
        energy = p.copy() if self.ultrarelativistic else np.hypot(1.0, p)
        e = mu_edges
        P2_cell = ((e[1:] ** 3 - e[1:]) - (e[:-1] ** 3 - e[:-1])) / (2.0 * dmu)
        for name, value in (("x_edges", x_edges), ("dx", x_edges[1] - x_edges[0]),
                            ("x", 0.5 * (x_edges[1:] + x_edges[:-1])), ("p", p),
                            ("p_edges", p_edges), ("mu_edges", mu_edges), ("mu", mu),
                            ("dmu", dmu), ("w_p", w_p), ("volume", np.outer(w_p, np.full(n_mu, dmu))),
                            ("speed", speed), ("energy_per_particle", energy), ("P2_cell", P2_cell)):
            put(self, name, value)

    @property
    def n_unknowns(self):
        """Number of cells, ``n_p * n_mu``."""
        return self.n_p * self.n_mu

    @property
    def mu_faces(self):
        """The interior :math:`\\mu` faces, ``mu_edges[1:-1]``."""
        return self.mu_edges[1:-1]

    def index(self, i, j):
        """Flat index of cell ``(i, j)`` (``mu`` fastest)."""
        return i * self.n_mu + j

    def measurement_window(self, window=None):
        r"""Momentum range of the diagnostics and the cells inside it.

        ``window`` is ``(p_lo, p_hi)``; ``None`` takes 20 %–60 % of the grid's
        extent in :math:`\ln p`, away from both ends.  Returns
        ``((p_lo, p_hi), mask)``.

        Raises
        ------
        ValueError
            If the window leaves the grid or holds fewer than two cells.
        """
        fn = self.caller
        if window is None:
            span = self.x_edges[-1] - self.x_edges[0]
            window = (math.exp(self.x_edges[0] + 0.2 * span), math.exp(self.x_edges[0] + 0.6 * span))
        lo, hi = (float(w) for w in window)
        if not (self.p_min <= lo < hi <= self.p_max):
            raise ValueError(f"{fn}: window = {window!r} must satisfy p_min <= p_lo < p_hi <= p_max.")
        mask = (self.p >= lo) & (self.p <= hi)
        if mask.sum() < 2:
            raise ValueError(f"{fn}: window = {window!r} holds fewer than two grid cells.")
        return (lo, hi), mask

    def number(self, g):
        r"""Particles :math:`2\pi\sum V g` (the discrete :math:`\int g\,d^3p`)."""
        return 2.0 * math.pi * float(np.dot(self.volume.ravel(), g))

    def energy(self, g):
        r"""Energy :math:`2\pi\sum V\varepsilon g` [:math:`mc^2` per unit of ``g``]."""
        return 2.0 * math.pi * float(np.dot((self.volume * self.energy_per_particle[:, None]).ravel(), g))

    def pressure(self, g):
        r"""Scalar pressure :math:`(2\pi/3)\sum V p v\,g` [:math:`mc^2` per unit of ``g``]."""
        weight = self.volume * (self.p * self.speed)[:, None]
        return 2.0 * math.pi / 3.0 * float(np.dot(weight.ravel(), g))

    def isotropic_part(self, f):
        r""":math:`f_0(p) = \tfrac12\int f\,d\mu` at the cell centres, for ``f`` of shape ``(n_p, n_mu)`` or flat."""
        return 0.5 * np.reshape(f, (self.n_p, self.n_mu)).sum(axis=1) * self.dmu

    def p2_part(self, f):
        r""":math:`f_2(p) = \tfrac52\int f P_2\,d\mu` (cell-averaged :math:`P_2`)."""
        return 2.5 * np.sum(np.reshape(f, (self.n_p, self.n_mu)) * self.P2_cell[None, :], axis=1) * self.dmu
