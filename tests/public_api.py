"""The public functions of crlib's formulary modules, and a valid plain-CGS call of each.

Shared by the unit and validation walks (tests/test_units.py,
tests/test_input_types.py).  ``crlib.fokker_planck`` is the solver module and
is walked by its own tests.
"""

from __future__ import annotations

import importlib
import inspect

import numpy as np

from crlib import constants

MODULE_NAMES = (
    "speeds", "dynamics", "adiabatic", "anisotropy", "instability", "dispersion", "heating", "heating_exact", "waves",
    "confinement", "scattering", "gas", "estimate", "paper", "reproduction", "combined", "environments", "self_confinement", "saturation",
)
MODULES = [importlib.import_module(f"crlib.{name}") for name in MODULE_NAMES]

e, m_p, c = constants.e, constants.m_p, constants.c
_P = np.geomspace(1e-15, 1e-11, 41)  # momenta [g cm s^-1], about 0.02-200 GeV/c
_F0 = 1e30 * (_P / 1e-14) ** -4.7 * np.exp(-1e-15 / _P)  # [cm^-3 (g cm s^-1)^-3]
_F2 = 0.1 * _F0
_GAMMAS = dict(gamma_c=1.4, gamma_g=1.5, gamma_m=1.9)
_ESTIMATE = importlib.import_module("crlib.estimate").evaluate(8.2e-14, 3.0e-13, 3.97e-14, 1.2e6, 2e-25, 1e-25, 4.7)
_PAPER_TAU_B = importlib.import_module("crlib.paper").paper_value("tau_B")


def _f_mu(mu):
    return 1.0 + mu + mu**2


def _f_init(p, mu):
    return p**2 * (1.0 + 0.5 * mu)


#: qualified name -> list of (args, kwargs), every value plain CGS; keyword modifiers
#: at non-default values, so that the walks convert them too.
SAMPLES = {
    "speeds.magnetic_pressure": [((5e-6,), {})],
    "speeds.alfven_speed": [((5e-6, 1.67e-26), {})],
    "speeds.magnetoacoustic_speed": [((8.2e-14, 3.2e-13, 3.97e-14, 2.1e-27), _GAMMAS)],
    "speeds.gyrofrequency": [((5e-6,), dict(charge=2 * e, mass=4 * m_p))],
    "dynamics.field_timescale": [((8.2e-14, 3.2e-13, 3.97e-14, 1.67e-25), _GAMMAS)],
    "dynamics.work_rate": [((8.2e-14, 3.7e12), {})],
    "adiabatic.momentum_rate": [((5e-14, 0.3, -1e-12), {})],
    "adiabatic.pitch_cosine_rate": [((0.3, -1e-12), {})],
    "anisotropy.legendre_coefficient": [((_f_mu, 2), dict(order=8))],
    "anisotropy.particle_speed": [((5e-14,), dict(mass=2 * m_p))],
    "anisotropy.scalar_pressure": [((_F0, _P), dict(mass=2 * m_p))],
    "anisotropy.parallel_pressure": [((_F0, _F2, _P), dict(mass=2 * m_p))],
    "anisotropy.perpendicular_pressure": [((_F0, _F2, _P), dict(mass=2 * m_p))],
    "anisotropy.pressure_anisotropy": [((_F2, _P), dict(mass=2 * m_p))],
    "anisotropy.anisotropy_parameter": [((1e-3,), {})],
    "anisotropy.relative_pressure_anisotropy": [((1e-3,), {})],
    "adiabatic.adiabatic_solution": [((_f_init, 2.0, 0.3, 0.5), {})],
    "adiabatic.adiabatic_power_law_profile": [((0.3, 0.8, 4.7), {})],
    "adiabatic.legendre_coupling_coefficients": [((4,), {})],
    "adiabatic.adiabatic_legendre_series": [((0.9, 4.7), dict(l_max=40))],
    "instability.spectral_factor": [((4.7,), {})],
    "instability.threshold_zeta": [((4.7,), {})],
    "instability.threshold_anisotropy": [((4.7,), {})],
    "instability.resonant_momentum": [((5e-6, 1e-12), dict(charge=2 * e))],
    "instability.resonant_pitch_cosine": [((2e-13, 5e-6, 1e-12), dict(polarization="left", charge=e))],
    "anisotropy.drift_speed": [((1e-4,), {})],
    "instability.growth_rate_scale": [((5e-6, 0.01, 1e-9), dict(ion_mass=2 * m_p, normalization="paper"))],
    "dispersion.kinetic_wave_frequency": [
        ((3e-6, 1.0, 1e-14, 6.5e-5, 1.2e-5, 4.5, 9.6e-16),
         dict(polarization="left", ion_mass=1.01 * m_p, turnover=0.1))],
    "instability.growth_rate_drift": [
        ((5e-6, 0.01, 1e-9, 3e7, 4.7), dict(ion_mass=2 * m_p, normalization="paper"))],
    "instability.growth_rate_pressure_anisotropy": [
        ((5e-6, 0.01, 1e-9, 1e-3, 4.7),
         dict(resonance="counter-moving", ion_mass=2 * m_p, normalization="paper"))],
    "heating.drift_heating": [((1e7, -1e-33), {})],
    "heating.heating_lower_bound": [((6e6, 8.2e-14, 3.67e12), {})],
    "heating.anisotropy_energy_term": [((3e-17, 1e12), {})],
    "heating.advected_cosmic_ray_pressure": [((1e18, 3e11, 1e7, 1e-13, 1e-25), {})],
    "heating.drift_heating_advected": [((1e18, 3e11, 1e7, 1e-25), {})],
    "waves.alfven_wave_energy_density": [((1e-9, 1e7), {})],
    "waves.wave_energy_transfer_rate": [((1e-8, 1e-13), {})],
    "heating.heating_ratio": [((6e6, 8.2e-14, 3.2e-13, 3.97e-14), _GAMMAS | dict(heating="exact"))],
    "heating_exact.pressure_anisotropy_heating": [((6e6, 8.2e-14, 3.67e12), dict(mean_c_over_v=1.1))],
    "heating_exact.quasi_steady_pitch_angle_flux": [((5e-14, 0.5, -1e44, 1e12), {})],
    "heating_exact.quasi_steady_zeta": [((6e6, 1e-8, 1e12), dict(mu_power=1.0, v=2e10))],
    "heating_exact.pressure_weighted_c_over_v": [((4.7, 1.0), dict(p_max=100.0))],
    "heating_exact.cutoff_heating_factor": [((4.7,), dict(cutoff="sharp"))],
    "heating_exact.heating_to_bound_ratio": [((4.7, 1.0), dict(p_max=100.0, cutoff="sharp"))],
    "confinement.mean_free_path": [((3e-8,), dict(v=2e10))],
    "confinement.spatial_diffusivity": [((3e-8,), dict(v=2e10))],
    "confinement.drift_diffusivity": [((1e7, 3e21, 1.5), {})],
    "confinement.drift_mean_free_path_ratio": [((1e7, 1.5), dict(v=2e10))],
    "confinement.drift_excess": [((3e28, 1e7, 3e21), {})],
    "confinement.pressure_anisotropy_excess": [((6e-4, 6e6), {})],
    "confinement.pressure_anisotropy_diffusivity": [((6e6, 3.67e12, 1.5), dict(v=2e10))],
    "confinement.pressure_anisotropy_mean_free_path_ratio": [((6e-4, 6e6), {})],
    "confinement.diffusivity_ratio": [((6e6, 3.67e12, 3e21), dict(excess_ratio=2.0, v=2e10))],
    "confinement.mean_free_path_from_diffusivity": [((3e28,), dict(v=2e10))],
    "confinement.scattering_frequency_from_diffusivity": [((3e28,), dict(v=2e10))],
    "speeds.magnetoacoustic_stiffness": [((8.2e-14, 3.2e-13, 3.97e-14), _GAMMAS)],
    "heating.transverse_heating_coefficient": [((8.2e-14, 7e-13), dict(crossing_times=2.0, heating="bound"))],
    "scattering.scattering_anisotropy_product": [((6e6, 3.67e12), dict(mu=0.25, v=2e10))],
    "scattering.scattering_frequency": [
        ((6e6, 3.67e12), dict(anisotropy_factor=2.0, mu=0.25, v=2e10))],
    "speeds.thermal_ion_speed": [((1.1e6,), dict(ion_mass=4 * m_p, definition="sqrt(2kT/m)"))],
    "waves.nonlinear_landau_damping_rate": [((1e-8, 1e7), dict(v=2e10))],
    "anisotropy.resonant_cosmic_ray_density": [((8.2e-14, 4.7), dict(p_1=2 * m_p * c, speed="exact"))],
    "scattering.nonlinear_landau_frequency_order_of_magnitude": [
        ((1e-6, 1e-3, 1e-10, 1e12, 1e7), dict(ion_mass=2 * m_p))],
    "scattering.nonlinear_landau_scattering_frequency": [
        ((1e-6, 1e-3, 1e-10, 1e12, 1e7, 4.7),
         dict(mu=0.25, normalization="paper", ion_mass=2 * m_p))],
    "scattering.trial_scattering_frequency": [
        ((1.0, 0.5, 100.0), dict(mu_power=1.0, gap=0.6, gap_floor=0.5, p_power=0.5, p_ref=2.0))],
    "gas.helium_abundance": [((), dict(hydrogen_mass_fraction=0.7)),
                             ((), dict(mean_molecular_weight=0.6))],
    "gas.particles_per_hydrogen": [((), dict(helium_abundance=0.08))],
    "gas.hydrogen_number_density": [((3.2e-13, 1.1e6), dict(helium_abundance=0.08))],
    "gas.electron_number_density": [((1e-3,), dict(helium_abundance=0.08))],
    "gas.gas_mass_density": [((1e-3,), dict(helium_abundance=0.08))],
    "gas.cooling_balance_heating": [((9e-4, 1e-25), {})],
    "gas.thermal_pressure": [((1.0, 1e4), dict(helium_abundance=0.08))],
    "gas.heating_per_hydrogen": [((1e-3, 1e-22), dict(helium_abundance=0.08))],
    "estimate.default_conventions": [((), {})],
    "estimate.evaluate": [
        ((8.2e-14, 3.0e-13, 3.97e-14, 1.2e6, 2e-25, 1e-25, 4.7),
         dict(anisotropy_factor=2.0, source_multiplier=2.0, helium_abundance=0.08, eq56_pitch_angle=0.5,
              p1_over_mpc=2.0))],
    "estimate.nlld_input_spread": [((_ESTIMATE,), {})],
    "paper.paper_values": [((), {})],
    "paper.paper_value": [(("tau_B",), {})],
    "paper.paper_inputs": [((), {})],
    "paper.input_units": [((), {})],
    "paper.evaluate": [
        (({"P_g": 3.0e-13, "T": 1.2e6, "injection_rate": 2e-25, "L_s5": 3e21, "source_multiplier": 2.0},),
         dict(helium_abundance=0.08, eq56_pitch_angle=0.5, p1_over_mpc=2.0))],
    "reproduction.round_to_printed": [((0.6296, 2), {})],
    "reproduction.agrees": [(("spectral_factor", 0.6296), {})],
    "reproduction.criterion": [((_PAPER_TAU_B,), {})],
    "reproduction.reproduce": [
        (({"P_m": 4e-14},), dict(P_c=9e-14, B_s5=4e-6, helium_abundance=0.08, p1_over_mpc=2.0))],
    "combined.transverse_pressure_gradient": [((1.67e-25, 1e7), dict(crossing_times=2.0))],
    "combined.growth_rate_combined": [
        ((5e-6, 0.01, 1e-9, 1e-4, 2e-4, 4.7),
         dict(direction="-B", polarization="left", ion_mass=2 * m_p, normalization="paper"))],
    "combined.critical_drift_anisotropy": [((2e-4, 1e7, 4.7), {})],
    "environments.evaluate_environment": [
        (("young_snr",), dict(source_multiplier=2.0, source_time=3e11, tau_B_pressure="pre-injection",
                              eq56_pitch_angle=0.5))],
    "environments.presets": [((), {})],
    "saturation.saturated_scattering_frequency": [
        ((1e-9, 3e7, 1e12, 4.7), dict(mu=0.5, damping_rate=1e-10, v_i=3e6, wave_loss_rate=1e-13))],
    "saturation.effective_scattering_frequency": [
        ((1e-9, 3e7, 1e12, 4.7), dict(damping_rate=1e-10, v_i=3e6, wave_loss_rate=1e-13))],
    "saturation.saturated_anisotropy": [
        ((1e-9, 3e7, 1e12, 4.7), dict(damping_rate=1e-10, v_i=3e6, wave_loss_rate=1e-13))],
    "saturation.flux_tube_wave_loss_rate": [((1e12, 4.7), dict(spectrum="nonlinear_landau"))],
    "saturation.heating_fraction": [((1e-10, 1e-13), {})],
    "self_confinement.saturated_confinement": [
        (("young_snr",), dict(damping_rate=1e-12, calibrated=False, source_multiplier=2.0, source_time=3e11,
                              eq56_pitch_angle=0.5))],
    "environments.sweep_source_time": [
        (("young_snr", [3e10, 3e11]), dict(source_multiplier=2.0, eq56_pitch_angle=0.5))],
}


def public_functions():
    """(qualified name, function) for every function in a formulary module's ``__all__``."""
    for module in MODULES:
        short = module.__name__.rsplit(".", 1)[-1]
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) and obj.__module__ == module.__name__:
                yield f"{short}.{name}", obj


PUBLIC = dict(public_functions())
