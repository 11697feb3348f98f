r"""Macroscopic dynamics of the expanding flux tube (Section 2.1, Eqs. 2–4).

Cosmic rays injected uniformly at the pressure rate :math:`\dot{\Delta P}_c`
drive transverse expansion at the magnetoacoustic speed; flux freezing then
ties the field's decay rate to the injection rate (:cite:t:`Zweibel2020`).
"""

from __future__ import annotations

from crlib._validation import quantity_input_cgs, require
from crlib.speeds import GAMMA_CR, GAMMA_GAS, GAMMA_MAGNETIC_TRANSVERSE, _stiffness

__all__ = ["field_timescale", "work_rate"]


@quantity_input_cgs(P_c="dyn cm-2", P_g="dyn cm-2", P_m="dyn cm-2", injection_rate="dyn cm-2 s-1",
                    gamma_c="", gamma_g="", gamma_m="", returns="s", result="positive")
def field_timescale(
    P_c,
    P_g,
    P_m,
    injection_rate,
    *,
    gamma_c=GAMMA_CR,
    gamma_g=GAMMA_GAS,
    gamma_m=GAMMA_MAGNETIC_TRANSVERSE,
):
    r"""Magnetic-field timescale :math:`\tau_B` of the expanding tube (Eq. 3).

    .. math::

        \frac{\dot B}{B} = \frac{\dot\rho_g}{\rho_g}
        = -\frac{\dot{\Delta P}_c}{\rho_g C_{ma}^2} \equiv -\frac{1}{\tau_B},
        \qquad
        \tau_B = \frac{\gamma_c P_c + \gamma_g P_g + \gamma_m P_m}{\dot{\Delta P}_c}

    The density cancels: :math:`\rho_g C_{ma}^2` (Eq. 1) is a sum of
    pressures (:cite:t:`Zweibel2020`, Eqs. 1–3).

    Parameters
    ----------
    P_c : float or array_like
        Cosmic-ray pressure entering :math:`C_{ma}` [dyn cm^-2]; non-negative.
    P_g : float or array_like
        Thermal gas pressure [dyn cm^-2]; positive.
    P_m : float or array_like
        Magnetic pressure [dyn cm^-2]; positive.
    injection_rate : float or array_like
        Cosmic-ray pressure injection rate :math:`\dot{\Delta P}_c`
        [dyn cm^-2 s^-1 = erg cm^-3 s^-1]; positive.
    gamma_c, gamma_g, gamma_m : float, keyword-only
        Polytropic indices, as in :func:`crlib.speeds.magnetoacoustic_speed`.

    Returns
    -------
    float or ndarray
        :math:`\tau_B` [s].

    Raises
    ------
    ValueError
        For a non-positive gas or magnetic pressure or injection rate, a
        negative cosmic-ray pressure, or a polytropic index not above 1.

    See Also
    --------
    work_rate, crlib.speeds.magnetoacoustic_speed, crlib.heating.heating_ratio

    Examples
    --------
    The Section 6 inputs (before the cosmic-ray pressure builds up):

    >>> f"{float(field_timescale(0.0, 3.2e-13, 3.97e-14, 1.67e-25)):.2e}"
    '3.67e+12'
    """
    fn = "field_timescale"
    P_c = require(fn, "P_c", P_c, nonnegative=True, reason="a cosmic-ray pressure")
    P_g = require(fn, "P_g", P_g, positive=True, reason="a gas pressure")
    P_m = require(fn, "P_m", P_m, positive=True, reason="a magnetic pressure")
    rate = require(
        fn, "injection_rate", injection_rate, positive=True,
        reason="the tube expands (tau_B > 0) only under positive cosmic-ray injection",
    )
    for name, gamma in (("gamma_c", gamma_c), ("gamma_g", gamma_g), ("gamma_m", gamma_m)):
        require(fn, name, gamma, greater_than=1.0, reason="a polytropic index must exceed 1")
    return _stiffness(P_c, P_g, P_m, gamma_c, gamma_g, gamma_m) / rate


@quantity_input_cgs(P_c="dyn cm-2", tau_B="s", returns="erg cm-3 s-1")
def work_rate(P_c, tau_B):
    r"""Rate at which the cosmic rays do work on the expanding tube (Eq. 4).

    .. math::

        \dot{W}_c = \frac{P_c\,\dot{\Delta P}_c}{\rho_g C_{ma}^2}
        = \frac{P_c}{\tau_B} = -P_c\frac{\dot B}{B}

    (:cite:t:`Zweibel2020`, Eq. 4, from the first law with
    :math:`\dot V/V = -\dot B/B` for transverse expansion).

    Parameters
    ----------
    P_c : float or array_like
        Cosmic-ray pressure [dyn cm^-2]; non-negative.
    tau_B : float or array_like
        Field timescale of Eq. 3 [s]; positive.

    Returns
    -------
    float or ndarray
        Work done per unit volume per unit time [erg cm^-3 s^-1].

    Raises
    ------
    ValueError
        For a negative ``P_c`` or a non-positive ``tau_B``.

    See Also
    --------
    field_timescale, crlib.heating.heating_lower_bound

    Examples
    --------
    >>> f"{float(work_rate(8.2e-14, 3.7e12)):.3e}"
    '2.216e-26'
    """
    P_c = require("work_rate", "P_c", P_c, nonnegative=True, reason="a cosmic-ray pressure")
    tau_B = require("work_rate", "tau_B", tau_B, positive=True, reason="an expansion timescale")
    return P_c / tau_B
