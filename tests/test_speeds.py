"""crlib.speeds: known values, an independent cross-check, errors, arrays."""

import astropy.units as u
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crlib import constants
from crlib.speeds import alfven_speed, gyrofrequency, magnetic_pressure, magnetoacoustic_speed

positive = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False)


class TestMagneticPressure:
    def test_known_value(self):
        # B = 1 G: 1/(8 pi) dyn cm^-2
        np.testing.assert_allclose(magnetic_pressure(1.0), 0.039788735772973836, rtol=1e-14)

    def test_array(self):
        B = np.array([1e-6, 2e-6])
        np.testing.assert_allclose(magnetic_pressure(B)[1] / magnetic_pressure(B)[0], 4.0)

    @pytest.mark.parametrize("bad", [0.0, -1e-6, np.nan, np.inf])
    def test_bad_field(self, bad):
        with pytest.raises(ValueError, match=r"^magnetic_pressure: B = "):
            magnetic_pressure(bad)


class TestAlfvenSpeed:
    def test_nrl_formulary(self):
        # NRL Plasma Formulary: v_A = 2.18e11 mu^-1/2 n_i^-1/2 B cm/s (B in G).
        v = alfven_speed(5e-6, 0.01 * constants.m_p)
        np.testing.assert_allclose(v, 2.18e11 * 0.01**-0.5 * 5e-6, rtol=2e-3)

    def test_against_plasmapy(self):
        formulary = pytest.importorskip("plasmapy.formulary")
        expected = formulary.speeds.Alfven_speed(5e-10 * u.T, 0.01 * u.cm**-3, ion="p+")
        # PlasmaPy's mass density for ion="p+" includes the neutralising
        # electrons, i.e. n (m_p + m_e) = n m_H.
        np.testing.assert_allclose(alfven_speed(5e-6, 0.01 * constants.m_H), expected.cgs.value, rtol=1e-6)

    def test_broadcasts(self):
        v = alfven_speed(np.array([1e-6, 4e-6]), 1e-24)
        np.testing.assert_allclose(v[1] / v[0], 4.0)

    @given(B=positive, rho=positive, k=st.floats(min_value=0.1, max_value=10.0))
    def test_scaling(self, B, rho, k):
        # B <= 10 uG and rho >= 1e-29 g/cc keep v_A far below c.
        B, rho = B * 1e-8, rho * 1e-26
        base = alfven_speed(B, rho)
        np.testing.assert_allclose(alfven_speed(k * B, rho), k * base, rtol=1e-12)
        np.testing.assert_allclose(alfven_speed(B, k**2 * rho), base / k, rtol=1e-12)

    @pytest.mark.parametrize("arg, value", [("B", -1.0), ("rho_i", 0.0), ("rho_i", np.nan)])
    def test_bad_input(self, arg, value):
        kwargs = {"B": 1e-6, "rho_i": 1e-24, arg: value}
        with pytest.raises(ValueError, match=rf"^alfven_speed: {arg} = "):
            alfven_speed(**kwargs)

    def test_superluminal_is_an_error(self):
        with pytest.raises(ValueError, match=r"^alfven_speed: B/sqrt\(4 pi rho_i\) = .* below c"):
            alfven_speed(1e3, 1e-30)


class TestMagnetoacousticSpeed:
    def test_reduces_to_sound_speed(self):
        # P_c = 0 and negligible field: C_ma -> sqrt(gamma_g P_g / rho)
        c = magnetoacoustic_speed(0.0, 1.0, 1e-300, 1.0)
        np.testing.assert_allclose(c, np.sqrt(5 / 3), rtol=1e-12)

    def test_transverse_field_term_is_twice_the_magnetic_pressure(self):
        P_m = magnetic_pressure(1e-6)
        rho = 1e-24
        c = magnetoacoustic_speed(0.0, 1e-300, P_m, rho, gamma_g=5 / 3)
        # gamma_m P_m / rho = 2 B^2/(8 pi rho) = v_A^2 / 2 ... times 2 = v_A^2: C_ma = v_A
        np.testing.assert_allclose(c, alfven_speed(1e-6, rho), rtol=1e-12)

    @given(P=positive, k=positive)
    def test_pressure_scaling(self, P, k):
        a = magnetoacoustic_speed(P, P, P, 1.0)
        np.testing.assert_allclose(magnetoacoustic_speed(k * P, k * P, k * P, 1.0), np.sqrt(k) * a, rtol=1e-12)

    @pytest.mark.parametrize(
        "kwargs, name",
        [
            ({"P_g": -1.0}, "P_g"),
            ({"P_c": -1.0}, "P_c"),
            ({"P_m": 0.0}, "P_m"),
            ({"rho_g": np.nan}, "rho_g"),
            ({"gamma_g": 1.0}, "gamma_g"),
            ({"gamma_m": 0.5}, "gamma_m"),
        ],
    )
    def test_bad_input(self, kwargs, name):
        args = {"P_c": 0.0, "P_g": 1.0, "P_m": 1.0, "rho_g": 1.0} | kwargs
        with pytest.raises(ValueError, match=rf"^magnetoacoustic_speed: {name} = "):
            magnetoacoustic_speed(**args)


class TestGyrofrequency:
    def test_nrl_formulary(self):
        # NRL: f_ci = 1.52e3 Z mu^-1 B Hz (B in G); Omega = 2 pi f.
        np.testing.assert_allclose(gyrofrequency(1e-6), 2 * np.pi * 1.52e3 * 1e-6, rtol=5e-3)  # 3 digits

    def test_against_plasmapy(self):
        formulary = pytest.importorskip("plasmapy.formulary")
        expected = formulary.frequencies.gyrofrequency(1e-10 * u.T, "p+")
        np.testing.assert_allclose(gyrofrequency(1e-6), expected.cgs.value, rtol=1e-6)

    def test_electron(self):
        ratio = gyrofrequency(1e-6, mass=constants.m_e) / gyrofrequency(1e-6)
        np.testing.assert_allclose(ratio, constants.m_p / constants.m_e)

    @pytest.mark.parametrize("bad", [0.0, -1.0, np.nan])
    def test_bad_field(self, bad):
        with pytest.raises(ValueError, match=r"^gyrofrequency: B = "):
            gyrofrequency(bad)
