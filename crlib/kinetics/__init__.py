r"""Building blocks of the flux-tube kinetic models.

* :mod:`~crlib.kinetics.grid` — the finite-volume grid in :math:`(\ln p, \mu)`;
* :mod:`~crlib.kinetics.operators` — adiabatic flow, anisotropy gradient,
  quasilinear scattering (sparse matrices, flux form);
* :mod:`~crlib.kinetics.resonance` — the grid of resonant parallel
  momenta of the waves and the map from a wave spectrum to the faces it
  scatters;
* :mod:`~crlib.kinetics.integrators` — factorisation and fixed-step stiff
  integrators for constant linear operators, and the adaptive TR-BDF2 of the
  coupled particle–wave system;
* :mod:`~crlib.kinetics.coupled` — the implicit stages of that system
  (log-mean exchange, Newton's method with the waves eliminated);
* :mod:`~crlib.kinetics.diagnostics` — heating, anisotropy and derivatives.

Two models compose them: :class:`crlib.fokker_planck.FluxTubeFokkerPlanck`
(prescribed scattering frequency) and
:class:`crlib.quasilinear.QuasilinearFluxTube` (waves and cosmic rays evolved
together).
"""

from crlib.kinetics.grid import PhaseSpaceGrid

__all__ = ["PhaseSpaceGrid"]
