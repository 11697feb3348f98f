r"""A closure for fluid codes: the predictions of :mod:`crlib.saturation` calibrated on the map.

:func:`fit_saturation_map` fits the calibration of the derived
:math:`\nu_{\rm eff}` (or :math:`A_{\rm sat}`) to a sweep of solved
saturated states (:func:`crlib.sweep.run_sweep`);
:func:`closure_scattering_frequency` applies the fit to the committed map
(:data:`MAP_FILE`), per cell and per momentum bin.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from crlib import constants
from crlib._validation import quantity_input_cgs, require
from crlib.saturation import effective_scattering_frequency

__all__ = ["MAP_FILE", "FIT_TERMS", "fit_saturation_map", "closure_scattering_frequency"]

_C = constants.c

#: The committed map (``python -m crlib sweep --preset book --out DIR``, then copy ``DIR/sweep.nc``).
MAP_FILE = Path(__file__).resolve().parent / "data" / "saturation_sweep.nc"

#: Columns of the calibration: ln(measured / predicted) = c . [1, ln(nu_pred tau / 1e3), ln(v_A / 1e-2 c), a - 4.7].
FIT_TERMS = ("1", "ln(nu_pred |tau_B| / 1e3)", "ln(v_A / 10^-2 c)", "a - 4.7")


def fit_saturation_map(ds, *, max_v_A_over_c=1e-2, min_nu_tau=5.0, quantity="nu_eff", field_rate=-1.0):
    r"""Fit the calibration of the prediction to a sweep of solved saturated states.

    .. math::

        \ln\frac{X}{X_{\rm pred}} = c_0 + c_1\ln\frac{\nu_{\rm pred}|\tau_B|}{10^3}
        + c_2\ln\frac{v_A}{10^{-2}c} + c_3\,(a - 4.7),

    for :math:`X = \nu_{\rm eff}` or :math:`A_{\rm sat}`, by least squares
    over the solved points with :math:`v_A/c \le` ``max_v_A_over_c``,
    :math:`\nu_{\rm pred}|\tau_B| \ge` ``min_nu_tau`` and the given
    ``field_rate`` (expansion by default).

    Parameters
    ----------
    ds : xarray.Dataset
        A sweep (:func:`crlib.sweep.run_sweep`).
    max_v_A_over_c : float, keyword-only
        Upper end of the fitted range (the predictions are first order in :math:`v_A/c`).
    min_nu_tau : float, keyword-only
        Lower end of the fitted range in :math:`\nu_{\rm pred}|\tau_B|`: the
        predictions assume the quasi-steady ordering :math:`\nu_{\rm eff}|\tau_B| \gg 1`
        (strongly damped points below it hold waves only where the growth beats the damping).
    quantity : {"nu_eff", "A_sat"}, keyword-only
    field_rate : {-1.0, 1.0}, keyword-only
        Which half of the map: ``-1`` expansion, ``+1`` compression (a map
        without a ``field_rate`` variable is all expansion).

    Returns
    -------
    dict
        ``coefficients``, ``standard_errors`` (from the residual variance),
        ``residuals`` (of ln X), ``rms``, ``max_abs``, ``n_points``, ``terms``,
        and the fitted ranges of the inputs.

    Raises
    ------
    ValueError
        For an unknown quantity or fewer points than terms.
    """
    fn = "fit_saturation_map"
    if quantity not in ("nu_eff", "A_sat"):
        raise ValueError(f"{fn}: quantity = {quantity!r} must be 'nu_eff' or 'A_sat'.")
    if field_rate not in (-1.0, 1.0):
        raise ValueError(f"{fn}: field_rate = {field_rate!r} must be -1 (expansion) or +1 (compression).")
    ok = (ds["ok"].values == 1) & (ds["v_A_over_c"].values <= max_v_A_over_c)
    ok &= (ds["field_rate"].values == field_rate) if "field_rate" in ds else (field_rate == -1.0)
    ok &= ds["nu_eff_predicted"].values >= min_nu_tau
    nu_pred = ds["nu_eff_predicted"].values[ok]
    y = np.log(ds[quantity].values[ok] / ds[quantity + "_predicted"].values[ok])
    X = np.column_stack([np.ones(ok.sum()), np.log(nu_pred / 1e3), np.log(ds["v_A_over_c"].values[ok] / 1e-2),
                         ds["spectral_index"].values[ok] - 4.7])
    if X.shape[0] <= X.shape[1]:
        raise ValueError(f"{fn}: {X.shape[0]} solved points in range; at least {X.shape[1] + 1} are needed.")
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    res = y - X @ coef
    sigma2 = float(res @ res) / (X.shape[0] - X.shape[1])
    cov = sigma2 * np.linalg.inv(X.T @ X)
    return {"coefficients": coef, "standard_errors": np.sqrt(np.diag(cov)), "residuals": res,
            "rms": float(np.sqrt(np.mean(res**2))), "max_abs": float(np.max(np.abs(res))),
            "n_points": int(X.shape[0]), "terms": FIT_TERMS, "quantity": quantity,
            "range": {"nu_pred_tau_B": (float(nu_pred.min()), float(nu_pred.max())),
                      "v_A_over_c": (float(ds["v_A_over_c"].values[ok].min()), float(max_v_A_over_c)),
                      "spectral_index": (float(ds["spectral_index"].values[ok].min()),
                                         float(ds["spectral_index"].values[ok].max()))}}


_FIT_CACHE: dict = {}


def _map_fit(quantity):
    if quantity not in _FIT_CACHE:
        import xarray as xr

        _FIT_CACHE[quantity] = fit_saturation_map(xr.load_dataset(MAP_FILE, engine="h5netcdf"), quantity=quantity)
    return _FIT_CACHE[quantity]


@quantity_input_cgs(growth_rate="s-1", tau_B="s", v_A="cm s-1", spectral_index="",
                    damping_rate="s-1", v_i="cm s-1", wave_loss_rate="s-1", returns="s-1", result="positive")
def closure_scattering_frequency(growth_rate, v_A, tau_B, spectral_index, *, damping_rate=0.0, v_i=None,
                                 wave_loss_rate=0.0):
    r"""Calibrated :math:`\nu_{\rm eff}` for a fluid code, per cell and per momentum bin.

    :func:`~crlib.saturation.effective_scattering_frequency` times the calibration that
    :func:`fit_saturation_map` fits to the committed map of solved
    saturated states (:data:`MAP_FILE`):
    :math:`\nu = \nu_{\rm pred}\exp(c\cdot[1, \ln(\nu_{\rm pred}|\tau_B|/10^3), \ln(v_A/10^{-2}c), a-4.7])`.
    Valid inside the fitted range (returned by :func:`fit_saturation_map`;
    :math:`v_A/c \le 10^{-2}`, :math:`4.4 \le a \le 5`); outside it the
    derived prediction alone is the better guide.

    Parameters
    ----------
    growth_rate : float or array_like
        :math:`\Gamma_0(>p)` [s^-1], as for :func:`~crlib.saturation.saturated_scattering_frequency`; positive.
    v_A : float or array_like
        Alfvén speed [cm s^-1]; positive, below c.
    tau_B : float or array_like
        Field timescale [s]; non-zero.
    spectral_index : float or array_like
        :math:`a` of :math:`f_0\propto p^{-a}`; above 3.
    damping_rate : float or array_like, keyword-only
        Linear (ion–neutral) damping rate :math:`\Gamma_d` [s^-1]; non-negative.
    v_i : float, array_like or None, keyword-only
        Thermal ion speed [cm s^-1] for nonlinear Landau damping; ``None``: none.
    wave_loss_rate : float or array_like, keyword-only
        :math:`L_w`, the waves' own loss rate of energy [s^-1], as for :func:`~crlib.saturation.saturated_scattering_frequency`.

    Returns
    -------
    ndarray
        :math:`\nu_{\rm eff}` [s^-1].

    Raises
    ------
    ValueError
        As :func:`~crlib.saturation.saturated_scattering_frequency`; or :math:`v_A/c` above 0.1.

    See Also
    --------
    crlib.saturation.effective_scattering_frequency, fit_saturation_map

    Examples
    --------
    >>> from crlib import constants
    >>> nu = closure_scattering_frequency(1e-9, 1e-3 * constants.c, 1e12, 4.7, damping_rate=1e-10)
    >>> bool(0.8 < float(nu / effective_scattering_frequency(1e-9, 1e-3 * constants.c, 1e12, 4.7,
    ...                                                   damping_rate=1e-10)) < 1.25)
    True
    """
    fn = "closure_scattering_frequency"
    require(fn, "v_A", v_A, at_most=0.1 * _C, reason="the map covers v_A/c <= 0.1")
    nu_pred = effective_scattering_frequency(growth_rate, v_A, tau_B, spectral_index, damping_rate=damping_rate,
                                             v_i=v_i, wave_loss_rate=wave_loss_rate)
    c = _map_fit("nu_eff")["coefficients"]
    tau = np.abs(np.asarray(tau_B, dtype=float))
    x = np.stack(np.broadcast_arrays(np.ones_like(nu_pred), np.log(nu_pred * tau / 1e3),
                                     np.log(np.asarray(v_A, dtype=float) / (1e-2 * _C)),
                                     np.asarray(spectral_index, dtype=float) - 4.7))
    return nu_pred * np.exp(np.tensordot(c, x, axes=1))
