"""crlib.constants: values, units (Gaussian charge) and provenance."""

import numpy as np

from crlib import constants


def test_codata_release_is_recorded():
    assert constants.CODATA_RELEASE.startswith("CODATA")


def test_charge_is_gaussian_not_si():
    # 4.803e-10 statC; the SI value (1.602e-19 C) would be off by ~3e9.
    np.testing.assert_allclose(constants.e, 4.80320e-10, rtol=1e-5)


def test_cgs_values_against_textbook():
    # NRL Plasma Formulary (2019) CGS values.
    np.testing.assert_allclose(constants.c, 2.9979e10, rtol=1e-4)
    np.testing.assert_allclose(constants.m_p, 1.6726e-24, rtol=1e-4)
    np.testing.assert_allclose(constants.k_B, 1.3807e-16, rtol=1e-4)
    np.testing.assert_allclose(constants.pc, 3.0857e18, rtol=1e-4)


def test_atomic_masses_against_tables():
    # 1H: 1.00782503223 u (AME 2020); m_p + m_e omits the 13.6 eV binding energy, 1.4e-8 of
    # m_H.  He: standard atomic weight 4.002602 (IUPAC).  u = 1.66053906892e-24 g (CODATA 2022).
    u = 1.66053906892e-24
    np.testing.assert_allclose(constants.m_H, 1.00782503223 * u, rtol=2e-8)
    assert not np.isclose(constants.m_H, 1.00782503223 * u, rtol=1e-9, atol=0)  # binding energy
    np.testing.assert_allclose(constants.m_He, 4.002602 * u, rtol=1e-9)
