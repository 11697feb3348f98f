r"""Gyroresonance between the phase-space grid and a grid of parallel Alfvén waves.

A particle of momentum :math:`p` and pitch-angle cosine :math:`\mu` resonates
with the parallel wave of wavenumber :math:`k = eB/(cp|\mu|)` (Eq. 12 of
:cite:t:`Zweibel2020` without the wave frequency, first order in
:math:`v_A/v`).  The wave grid is therefore a grid of the resonant parallel
momentum :math:`p_\parallel = p|\mu|`, logarithmic, with the spacing of the
:math:`\ln p` grid, covering the resonant momentum of every interior
:math:`\mu` face with one bin to spare at each end.  Each face takes its
wave energy from the two bins around its :math:`\ln p_\parallel` with linear
(hat) weights, which sum to one: a spectrum that is smooth in
:math:`\ln k` is sampled to second order.

* :func:`resonant_wave_grid` — the :math:`\ln p_\parallel` grid for a face set;
* :func:`resonance_map` — the sparse map from the spectrum of one branch to
  the faces it scatters (with the scattering prefactor).
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sps

__all__ = ["resonant_wave_grid", "resonance_map"]


def resonant_wave_grid(faces, dy):
    r"""Return ``(y, position)``: the bin centres :math:`y_k = \ln p_{\parallel,k}` and each face's fractional bin index.

    Parameters
    ----------
    faces : crlib.kinetics.operators.FaceSet
    dy : float
        Bin width in :math:`\ln p_\parallel` (the :math:`\ln p` spacing).
    """
    y_face = np.log(faces.p * np.abs(faces.mu))
    y_lo = float(np.min(y_face)) - dy
    n_k = int(math.ceil((float(np.max(y_face)) + dy - y_lo) / dy)) + 1
    return y_lo + dy * np.arange(n_k), (y_face - y_lo) / dy


def resonance_map(faces, position, n_k, resonant_sign, weight):
    r"""Sparse ``(n_faces, n_k)`` map :math:`M` with :math:`\nu_{\rm face} = M\,W` for one branch.

    Only faces with :math:`\operatorname{sign}\mu` equal to ``resonant_sign``
    resonate with the branch; ``weight`` (per face) multiplies the hat
    weights, e.g. :math:`(\pi/2)/(\gamma\,\Delta y)` for a scattering
    frequency per unit wave energy.
    """
    k0 = np.floor(position).astype(int)
    frac = position - k0
    on = np.sign(faces.mu) == resonant_sign
    rows = np.concatenate([np.nonzero(on)[0]] * 2)
    cols = np.concatenate([k0[on], k0[on] + 1])
    vals = np.concatenate([1.0 - frac[on], frac[on]]) * np.concatenate([weight[on]] * 2)
    return sps.csr_matrix((vals, (rows, cols)), shape=(faces.size, n_k))
