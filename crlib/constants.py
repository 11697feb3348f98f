"""Physical constants in Gaussian CGS units — the one place crlib takes them from.

Every value is read from ``astropy.constants`` (astropy's default science
state: CODATA 2022 for the fundamental constants, IAU 2015 for the astronomical
ones; :data:`CODATA_RELEASE` records which) and converted to CGS once, here, at
import.  No other crlib module contains a numeric literal of a constant.

The elementary charge is taken in **Gaussian** units (statcoulomb) through
``astropy.constants.e.gauss``; the SI coulomb value would give gyrofrequencies
wrong by a factor of ``c/10``.
"""

from astropy import constants as _const
from astropy import units as _u

__all__ = [
    "CODATA_RELEASE",
    "c",
    "e",
    "k_B",
    "m_p",
    "m_e",
    "m_H",
    "m_He",
    "u",
    "pc",
    "kpc",
    "yr",
    "Myr",
    "GeV",
    "eV",
    "km",
]

#: Which CODATA release the fundamental constants come from.
CODATA_RELEASE: str = _const.c.reference

#: Speed of light in vacuum [cm s^-1].
c: float = float(_const.c.cgs.value)
#: Elementary charge [statC] (Gaussian, via ``astropy.constants.e.gauss``).
e: float = float(_const.e.gauss.value)
#: Boltzmann constant [erg K^-1].
k_B: float = float(_const.k_B.cgs.value)
#: Proton mass [g].
m_p: float = float(_const.m_p.cgs.value)
#: Electron mass [g].
m_e: float = float(_const.m_e.cgs.value)
#: Atomic mass constant [g].
u: float = float(_const.u.cgs.value)
#: Mass of a hydrogen atom, m_p + m_e [g] (binding energy neglected).
m_H: float = m_p + m_e
#: Mass of a helium atom [g]: the standard atomic weight of helium, 4.002602
#: (IUPAC), in atomic mass units (astropy has no helium mass).
m_He: float = 4.002602 * u
#: Parsec [cm].
pc: float = float(_const.pc.cgs.value)
#: Kiloparsec [cm].
kpc: float = float((1 * _u.kpc).cgs.value)
#: Julian year [s].
yr: float = float((1 * _u.yr).to_value(_u.s))
#: Megayear [s].
Myr: float = float((1 * _u.Myr).to_value(_u.s))
#: Electronvolt [erg].
eV: float = float((1 * _u.eV).to_value(_u.erg))
#: Gigaelectronvolt [erg].
GeV: float = float((1 * _u.GeV).to_value(_u.erg))
#: Kilometre [cm].
km: float = float((1 * _u.km).to_value(_u.cm))
