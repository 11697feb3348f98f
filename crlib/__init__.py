"""crlib — the formulary behind *crbook*, the executable companion to
Zweibel (2020), "The Role of Pressure Anisotropy in Cosmic Ray Hydrodynamics".

Pure functions of floats and ndarrays in Gaussian CGS units, one per physical
quantity, each citing the paper's equation number.  Modules follow the
physics:

* ``crlib.constants`` — physical constants (astropy, CODATA; CGS).
* ``crlib.speeds`` — Alfvén and magnetoacoustic speeds, gyrofrequency,
  magnetic pressure (§2.1, §3).
* ``crlib.dynamics`` — flux-tube expansion: field timescale and rate of work
  (§2.1).
* ``crlib.anisotropy`` — Legendre description of the distribution, pressure
  anisotropy (§2.2).
* ``crlib.instability`` — gyroresonant drift and pressure-anisotropy
  instabilities (§3).
* ``crlib.heating`` — cosmic-ray heating of the thermal gas (§4).
* ``crlib.confinement`` — self-confinement: diffusivities and mean free paths
  (§5).
* ``crlib.scattering`` — scattering-frequency estimates and nonlinear Landau
  damping (§6, Eqs. 56–60).
* ``crlib.section6`` — the paper's Section 6 worked example, reproduced (CLI:
  ``python -m crlib section6``).
* ``crlib.combined`` — drift and pressure anisotropy together (§7).
* ``crlib.environments`` — named astrophysical environments beyond the
  paper's one case.
* ``crlib.fokker_planck`` — time-dependent Fokker–Planck solver for the
  expanding tube (Eq. 39).
"""

__version__ = "0.1.0"
