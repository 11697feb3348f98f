"""crlib — the formulary behind *crbook*, the executable companion to
Zweibel (2020), "The Role of Pressure Anisotropy in Cosmic Ray Hydrodynamics".

Pure functions of floats and ndarrays in Gaussian CGS units, one per physical
quantity, each citing the paper's equation number.

Units.  Plain numbers are read in Gaussian CGS, the unit each docstring
states, and results are plain floats or ndarrays in CGS.  An astropy Quantity
is converted to the argument's declared CGS unit (tesla to gauss, kg m^-3 to
g cm^-3, coulomb to statcoulomb, eV to kelvin for temperatures, ...) or
refused with a ``ValueError`` naming the function and the argument; a unit
is never stripped.  When any argument is a Quantity, a function that returns
one quantity returns a Quantity in its declared CGS unit; functions that
return tables or records (``estimate.evaluate``, ``reproduction.reproduce``,
``environments.evaluate_environment``, ...) always return plain CGS numbers.  Strings, booleans and None are refused;
results that overflow or leave a formula's validity are errors.  See
:mod:`crlib._validation`.

Modules follow the physics:

* ``crlib.constants`` — physical constants (astropy, CODATA; CGS).
* ``crlib.speeds`` — Alfvén, magnetoacoustic and thermal ion speeds, the
  tube's stiffness ρC²_ma, gyrofrequency, magnetic pressure (§2.1, §3, §6).
* ``crlib.dynamics`` — flux-tube expansion: field timescale and rate of work
  (§2.1).
* ``crlib.adiabatic`` — the drift of (p, μ) in a changing field and its exact
  scatter-free solution, closed form and Legendre series (§2.2).
* ``crlib.anisotropy`` — Legendre description of the distribution: pressures,
  drift speed, resonant density, anisotropy measures (§2.2, §3).
* ``crlib.instability`` — gyroresonant drift and pressure-anisotropy
  instabilities (§3).
* ``crlib.dispersion`` — the complex root of the kinetic dispersion relation
  of parallel waves (§3).
* ``crlib.heating`` — cosmic-ray heating of the thermal gas (§4).
* ``crlib.heating_exact`` — the heating and quasi-steady anisotropy at the
  paper's ordering, for any scattering frequency (§4.2).
* ``crlib.confinement`` — self-confinement: diffusivities and mean free paths
  (§5).
* ``crlib.waves`` — Alfvén-wave energy density, energy exchange with the
  cosmic rays, nonlinear Landau damping (Appendix, Eq. 58).
* ``crlib.scattering`` — scattering-frequency estimates (§6, Eqs. 56–60).
* ``crlib.gas`` — composition of a fully ionised H–He gas: densities,
  thermal pressure, cooling-balance heating (§6).
* ``crlib.estimate`` — the Section 6 chain of estimates for any medium, on
  arrays, with a typed result (§6, Eqs. 1–4, 42, 48, 56–60).
* ``crlib.paper`` — the paper's printed values (``crlib/data/paper_values.csv``)
  and the chain of estimates at its inputs.
* ``crlib.reproduction`` — every printed result against crlib's value, by its
  rule (CLI: ``python -m crlib section6``).
* ``crlib.combined`` — drift and pressure anisotropy together (§7).
* ``crlib.environments`` — named astrophysical environments beyond the
  paper's one case.
* ``crlib.self_confinement`` — each environment's confinement by the
  saturated state of its waves (λ/L, the anisotropy factor, the damping that
  breaks it).
* ``crlib.cli`` — the command line (``crlib`` / ``python -m crlib``).
* ``crlib.fokker_planck`` — time-dependent Fokker–Planck solver for the
  expanding tube (Eq. 39).
* ``crlib.kinetics`` — the parts the kinetic solvers are built from: grid,
  transport operators, time integrators (SDIRK4, BDF2, adaptive TR-BDF2),
  coupled Newton stages, diagnostics, resonance.
* ``crlib.quasilinear`` — waves and cosmic rays evolved together in the tube
  (the self-consistent model, §3–§4).
* ``crlib.saturation`` — the marginal-stability predictions of the saturated
  state: ν(p, μ), ν_eff, A_sat, the waves' own loss, the heating share.
* ``crlib.saturated_state`` — the saturated state solved directly (Newton on the
  steady discrete system).
* ``crlib.closure`` — the closure for fluid codes, fitted to the map of
  saturated states.
* ``crlib.sweep`` — maps of saturated states on Dask, written as netCDF.
"""

__version__ = "0.1.0"
