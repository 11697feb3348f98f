"""crlib.paper, crlib.estimate, crlib.gas: the reproduction table, one test per printed number, the chain."""

import csv

import numpy as np
import pytest

from crlib import constants
from crlib.instability import spectral_factor
from crlib import estimate
from crlib.estimate import CONVENTIONS, NATURAL_NLLD_INPUTS, nlld_input_spread
from crlib.gas import cooling_balance_heating, gas_mass_density, helium_abundance, hydrogen_number_density
from crlib.reproduction import STATUSES, agrees, reproduce
from crlib.paper import (
    DATA_FILE,
    UNITS,
    evaluate,
    paper_inputs,
    paper_value,
    paper_values,
)

RECORDS = {r.name: r for r in reproduce()}
RESULT_ROWS = [v for v in paper_values() if v.role == "result"]
DOCUMENTED = {v.name: v.discrepancy for v in RESULT_ROWS if v.discrepancy}
PASSING = {"reproduced", "approximate-agrees"}


# --- table-driven: one test per printed result ------------------------------

@pytest.mark.parametrize("row", RESULT_ROWS, ids=[v.name for v in RESULT_ROWS])
def test_printed_value(row):
    record = RECORDS[row.name]
    assert record.paper_value == row.value
    if row.name in DOCUMENTED:
        # A documented non-reproduction must really fail its rule; if a future fix makes
        # it pass, this test asks for the documentation to be withdrawn.
        assert record.status == "not-reproduced (documented)", record
        assert record.explanation == DOCUMENTED[row.name]
    else:
        assert record.status in PASSING, record
        expected = "approximate-agrees" if row.approximate else "reproduced"
        assert record.status == expected
        assert record.explanation == ""


def test_every_status_is_known_and_no_unexpected_failure():
    assert {r.status for r in RECORDS.values()} <= set(STATUSES)
    assert not [r.name for r in RECORDS.values() if r.status == "NOT reproduced"]


# --- the data file ------------------------------------------------------------

def test_data_file_rows_are_complete():
    with DATA_FILE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names))
    for r in rows:
        assert r["unit"] in UNITS, r["name"]
        assert r["role"] in {"input", "result", "scenario"}, r["name"]
        assert r["quote"], r["name"]
        assert int(r["sig_digits"]) >= 1
        if r["role"] == "result":
            assert r["comparison"] in {"round", "approx", "upper_bound", "lower_bound"}
            if r["approximate"] == "true":
                assert r["tolerance"] and r["tolerance_kind"] and r["tolerance_basis"], r["name"]


def test_every_result_is_evaluated():
    from crlib.paper import _sections_3_and_5
    names = set(estimate.Estimate.names()) | set(_sections_3_and_5(paper_inputs()))
    assert {v.name for v in RESULT_ROWS} <= names


def test_inputs_come_from_the_data_file():
    inputs = paper_inputs()
    assert inputs["P_g"] == 3.2e-13
    assert inputs["P_m"] == 3.97e-14
    assert inputs["T"] == 1.1e6
    assert inputs["heating_per_H"] == 1.0e-25
    assert inputs["injection_rate"] == 1.67e-25
    assert inputs["P_c"] == 8.2e-14
    assert inputs["spectral_index"] == 4.7
    np.testing.assert_allclose(inputs["L_s5"], constants.kpc, rtol=1e-15)
    np.testing.assert_allclose(inputs["v_A_s5"], 1e7, rtol=1e-15)
    # printed results are expected values, never inputs
    assert not {v.name for v in RESULT_ROWS} & set(inputs)


def test_paper_value_lookup():
    assert paper_value("heating_bound").value == 1.2e-30
    with pytest.raises(ValueError, match=r"^paper_value: name = 'nonexistent' is not a printed value"):
        paper_value("nonexistent")


# --- the chain, checked by hand with independent literals ----------------------

def test_chain_hand_values():
    k_B, m_H, u = 1.380649e-16, 1.67262192e-24 + 9.1093837e-28, 1.66053907e-24  # m_H = m_p + m_e
    m_He = 4.002602 * u  # standard atomic weight of helium
    r = evaluate()
    n_H = 3.2e-13 / (2.3 * k_B * 1.1e6)
    np.testing.assert_allclose(r.n_H, n_H, rtol=1e-6)
    rho = n_H * (m_H + 0.1 * m_He)
    np.testing.assert_allclose(r.rho, rho, rtol=1e-6)
    B = np.sqrt(8 * np.pi * 3.97e-14)
    np.testing.assert_allclose(r.v_A, B / np.sqrt(4 * np.pi * rho), rtol=1e-6)
    np.testing.assert_allclose(r.tau_B_pre, (5 / 3 * 3.2e-13 + 2 * 3.97e-14) / 1.67e-25,
                               rtol=1e-12)
    np.testing.assert_allclose(
        r.tau_B_steady, (5 / 3 * 3.2e-13 + 4 / 3 * 8.2e-14 + 2 * 3.97e-14) / 1.67e-25,
        rtol=1e-12)
    np.testing.assert_allclose(r.heating_bound,
                               4 / 15 * r.v_A / 2.99792458e10 * 8.2e-14 / r.tau_B_pre,
                               rtol=1e-12)
    # Eq. 57 from the exact nu Delta = (|mu|/3) c/(v_A tau_B) at |mu| = 1, Delta = 1
    np.testing.assert_allclose(r.mean_free_path_eq42, 3.0 * r.v_A * r.tau_B, rtol=1e-12)


def test_paper_used_the_pre_injection_tau_B():
    # tau_B = 3.7e12 s and H_pa = 1.2e-30 reproduce with P_c = 0 in C_ma, not with the
    # steady P_c (which gives 4.3e12 s and 1.0e-30).
    steady = {r.name: r for r in reproduce(tau_B_pressure="steady")}
    assert steady["tau_B"].status == "NOT reproduced"
    assert steady["heating_bound"].status == "NOT reproduced"
    assert f"{steady['tau_B'].computed_value:.1e}" == "4.3e+12"


@pytest.mark.parametrize(
    "y, passes",
    [(0.0, False), (0.1, True), (helium_abundance(hydrogen_mass_fraction=0.7), True),
     (helium_abundance(mean_molecular_weight=0.6), True)],
)
def test_composition_conventions_against_the_printed_heating(y, passes):
    record = next(r for r in reproduce(helium_abundance=y) if r.name == "cooling_balance_heating")
    assert (record.status in PASSING) is passes


def test_source_multiplier_makes_comparison_not_applicable():
    records = reproduce(source_multiplier=10.0)
    assert {r.status for r in records} == {"n/a (inputs changed)"}


@pytest.mark.parametrize("scaling, factor", [("linear", 100.0), ("fixed", 10.0)])
def test_ten_times_source(scaling, factor):
    base = evaluate()
    ten = evaluate({"source_multiplier": 10.0}, pc_scaling=scaling)
    np.testing.assert_allclose(ten.heating_fraction / base.heating_fraction, factor,
                               rtol=1e-12)
    np.testing.assert_allclose(ten.tau_B / base.tau_B, 0.1, rtol=1e-12)


def test_conventions_move_only_their_records():
    base = evaluate()
    other = evaluate(thermal_speed="sqrt(2kT/m)")
    np.testing.assert_allclose(other.scattering_frequency_nlld,
                               base.scattering_frequency_nlld * 2 ** -0.25, rtol=1e-12)
    assert other.heating_bound == base.heating_bound


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"P_g": -1.0}, r"^reproduction\.reproduce: P_g = -1\.0 must be positive"),
        ({"T": 0.0}, r"^reproduction\.reproduce: T = 0\.0 must be positive"),
        ({"source_multiplier": 0.0}, r"^reproduction\.reproduce: source_multiplier = 0\.0 must be positive"),
        ({"unknown_name": 1.0}, r"^reproduction\.reproduce: unknown name 'unknown_name'"),
        ({"helium_abundance": -0.1}, r"^reproduction\.reproduce: helium_abundance = -0\.1 must be non-negative"),
        ({"tau_B_pressure": "sometimes"}, r"^reproduction\.reproduce: tau_B_pressure = 'sometimes' must be one of"),
        ({"eq56_pitch_angle": 2.0}, r"^reproduction\.reproduce: eq56_pitch_angle = 2\.0 must be at most 1\.0"),
        ({"growth_rate_normalization": "kinetic"},
         r"^reproduction\.reproduce: growth_rate_normalization = 'kinetic' must be one of"),
        ({"cosmic_ray_speed": "slow"}, r"^reproduction\.reproduce: cosmic_ray_speed = 'slow' must be one of"),
        ({"spectral_index": 3.5}, r"^reproduction\.reproduce: spectral_index = 3\.5 must be greater than 4\.0"),
        ({"P_m": np.nan}, r"^reproduction\.reproduce: P_m = nan must be finite"),
    ],
)
def test_reproduce_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        reproduce(**kwargs)


def test_evaluate_rejects_unknown_inputs_and_conventions():
    with pytest.raises(ValueError, match=r"^paper\.evaluate: unknown input\(s\) \['Pg'\]"):
        evaluate({"Pg": 1.0})
    with pytest.raises(ValueError, match=r"^paper\.evaluate: unknown convention\(s\) \['helium'\]"):
        evaluate(helium=0.1)


def test_every_convention_has_a_valid_default():
    for name, c in CONVENTIONS.items():
        assert c.description
        if c.choices is not None:
            assert c.default in c.choices, name
    evaluate(**{name: c.default for name, c in CONVENTIONS.items()})


# --- composition helpers ---------------------------------------------------------

def test_helium_abundance_round_trip():
    y = helium_abundance(hydrogen_mass_fraction=0.7)
    X = 1.0 / (1.0 + y * constants.m_He / constants.m_H)
    np.testing.assert_allclose(X, 0.7, rtol=1e-12)
    y = helium_abundance(mean_molecular_weight=0.6)
    mu = (1 + y * constants.m_He / constants.m_H) / (2 + 3 * y)
    np.testing.assert_allclose(mu, 0.6, rtol=1e-12)
    np.testing.assert_allclose(helium_abundance(mean_molecular_weight=0.5), 0.0, atol=1e-12)


@pytest.mark.parametrize(
    "kwargs, match",
    [({}, "exactly one"), ({"hydrogen_mass_fraction": 0.7, "mean_molecular_weight": 0.6},
                           "exactly one"),
     ({"hydrogen_mass_fraction": 1.5}, r"^helium_abundance: hydrogen_mass_fraction = 1\.5 must be at most 1\.0"),
     ({"mean_molecular_weight": 0.4}, r"^helium_abundance: mean_molecular_weight = 0\.4 must be at least 0\.5")],
)
def test_helium_abundance_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        helium_abundance(**kwargs)


def test_density_helpers():
    np.testing.assert_allclose(hydrogen_number_density(2.0 * constants.k_B, 1.0, helium_abundance=0.0),
                               1.0, rtol=1e-12)
    np.testing.assert_allclose(gas_mass_density(np.array([1.0, 2.0]), helium_abundance=0.0),
                               [constants.m_H, 2 * constants.m_H], rtol=1e-12)
    np.testing.assert_allclose(cooling_balance_heating(9.0e-4, 1.0e-25), 9.0e-29, rtol=1e-12)
    with pytest.raises(ValueError, match=r"^hydrogen_number_density: P_g = "):
        hydrogen_number_density(0.0, 1e6)
    with pytest.raises(ValueError, match=r"^gas_mass_density: n_H = "):
        gas_mass_density(-1.0)
    with pytest.raises(ValueError, match=r"^cooling_balance_heating: heating_per_H = "):
        cooling_balance_heating(1.0, np.nan)


def test_exact_heating_is_fifteen_eighths_of_the_bound():
    # Beyond the paper (chapter X2): for ultrarelativistic cosmic rays the
    # exact heating at the paper's ordering is 15/8 of the Eq. 48 bound.
    r = evaluate()
    np.testing.assert_allclose(r.heating_exact / r.heating_bound, 15 / 8, rtol=1e-12)
    assert r.heating_exact_fraction < 0.05  # still a small perturbation to cooling


# --- issue 9: the verdicts of the second reading -------------------------------------

def test_eq57_mean_free_path_from_the_exact_solution():
    # Item 2: lambda = 3 v_A tau_B/|mu| at Delta = 1, about 22 pc at |mu| = 1 (not the 163 pc of
    # lambda = (45/2) v_A tau_B); still not the printed 1.6 pc.
    r = evaluate()
    lam_pc = r.mean_free_path_eq42 / constants.pc
    assert f"{lam_pc:.2g}" == "22"
    assert RECORDS["mean_free_path_eq42"].status == "not-reproduced (documented)"
    # every reading of the residual freedom lies further from the print
    for mu in (0.5, 8 / 15, 2 / 15):
        assert evaluate(eq56_pitch_angle=mu).mean_free_path_eq42 > r.mean_free_path_eq42
    np.testing.assert_allclose(evaluate(eq56_pitch_angle=0.5).mean_free_path_eq42, 2 * r.mean_free_path_eq42,
                               rtol=1e-12)


def test_eq60_reproduced_in_the_order_of_magnitude_reading():
    # Item 3: with the order-unity coefficients dropped (the paper's reading) Eq. 60 gives
    # nu = 4.6e-8 s^-1 and lambda = 0.21 pc from the book's inputs: within the printed "~".
    r = evaluate()
    assert f"{r.scattering_frequency_nlld:.2g}" == "4.6e-08"
    for name in ("scattering_frequency_nlld", "mean_free_path_nlld"):
        assert RECORDS[name].status == "approximate-agrees"
        assert name not in DOCUMENTED


def test_eq60_spread_over_natural_inputs_brackets_the_print():
    spread = nlld_input_spread(evaluate())
    assert len(spread) == len(NATURAL_NLLD_INPUTS["n_c"]) * 2 * 3 == 36
    nus = np.array([row.nu for row in spread])
    printed = paper_value("scattering_frequency_nlld").value
    assert nus.min() < printed < nus.max()
    # every natural choice within the stated factor of 2 (in fact within 1.6)
    assert np.all((nus / printed < 1.6) & (printed / nus < 1.6))
    # the book's own inputs are one of the 36
    book = next(row for row in spread if row.n_c == "power law > m_p c, v = c" and row.n_i == "rho/m_p"
                and row.v_i == "sqrt(kT/m)")
    np.testing.assert_allclose(book.nu, evaluate().scattering_frequency_nlld, rtol=1e-12)


def test_eq60_coefficient_complete_reading():
    # nu_complete = [(|mu|/3)(pi/4) E]^(1/2) nu_order-of-magnitude; the old 4.83e-9 kept 2/45 and pi/8.
    r = evaluate()
    factor = np.sqrt(1 / 3 * np.pi / 4 * spectral_factor(4.7))
    np.testing.assert_allclose(r.scattering_frequency_nlld_complete, factor * r.scattering_frequency_nlld,
                               rtol=1e-12)
    old = np.sqrt(2 / 45 * np.pi / 8 * spectral_factor(4.7)) * r.scattering_frequency_nlld
    assert f"{old:.3g}" == "4.83e-09"
    paper = evaluate(growth_rate_normalization="paper")
    np.testing.assert_allclose(paper.scattering_frequency_nlld_complete,
                               r.scattering_frequency_nlld_complete / np.sqrt(2), rtol=1e-12)
    assert paper.scattering_frequency_nlld == r.scattering_frequency_nlld   # no prefactor in it


def test_mildly_relativistic_density_and_heating():
    # Item 5: at p_1 = m_p c, v = 0.71 c; the exact speed raises n_c and the exact heating by
    # <c/v>_P = 1.103 (nu by its square root), and a literal sharp cutoff raises the heating by a/4 more.
    ur, ex = evaluate(), evaluate(cosmic_ray_speed="exact")
    np.testing.assert_allclose(ex.n_cr / ur.n_cr, 1.10325, rtol=1e-4)
    np.testing.assert_allclose(ex.heating_exact / ur.heating_exact, ex.n_cr / ur.n_cr, rtol=1e-12)
    np.testing.assert_allclose(ex.scattering_frequency_nlld / ur.scattering_frequency_nlld,
                               np.sqrt(ex.n_cr / ur.n_cr), rtol=1e-12)
    np.testing.assert_allclose(ex.heating_exact_sharp / ex.heating_exact, 4.7 / 4, rtol=1e-12)
    assert ex.heating_bound == ur.heating_bound    # Eq. 48 takes P_c as given
    assert {r.name: r.status for r in reproduce(cosmic_ray_speed="exact")} == {
        r.name: r.status for r in RECORDS.values()}


def test_growth_rate_normalization_default_is_physical():
    assert CONVENTIONS["growth_rate_normalization"].default == "physical"
    assert set(CONVENTIONS["growth_rate_normalization"].choices) == {"physical", "paper"}
# --- pinned by an independent source (coefficient mutations survived these before) -------


def test_printed_units_against_astropy():
    # UNITS holds the CGS value of each unit the paper prints; astropy is the independent source.
    import astropy.units as u

    spelled = {"1": "", "v_A/c": "", "uG": "uG"}
    cgs = {"dyn cm^-2": "dyn cm-2", "erg s^-1": "erg s-1", "erg cm^-3 s^-1": "erg cm-3 s-1",
           "cm^2 s^-1": "cm2 s-1", "km s^-1": "cm s-1", "s^-1": "s-1", "cm^-3": "cm-3",
           "uG": "G", "pc": "cm", "kpc": "cm", "K": "K", "s": "s", "1": "", "v_A/c": ""}
    for unit, factor in UNITS.items():
        printed = u.Unit(spelled.get(unit, unit.replace("^", "")))
        np.testing.assert_allclose(factor, printed.to(u.Unit(cgs[unit])), rtol=1e-12, err_msg=unit)


def test_particles_per_hydrogen_default_is_the_cosmic_abundance():
    from crlib.gas import particles_per_hydrogen

    assert particles_per_hydrogen() == pytest.approx(2.3, rel=1e-15)  # y = 0.1: 2 + 3y


@pytest.mark.parametrize(
    "kind, tolerance, ratio, passes",
    [("factor", 2.0, 0.5 * (1 + 1e-9), True), ("factor", 2.0, 0.5 * (1 - 1e-3), False),
     ("factor", 2.0, 2.0, True), ("factor", 2.0, 2.0 * (1 + 1e-3), False),
     ("relative", 0.1, 1.0999, True), ("relative", 0.1, 1.1001, False),
     ("relative", 0.1, 0.9001, True), ("relative", 0.1, 0.8999, False)],
)
def test_approximate_comparison_rules_at_their_edges(kind, tolerance, ratio, passes):
    # "within a factor f": 1/f <= computed/printed <= f; "within x %": |computed/printed - 1| <= x.
    from dataclasses import replace

    row = replace(paper_value("drift_excess"), comparison="approx", tolerance=tolerance,
                  tolerance_kind=kind)
    assert agrees(row, ratio * row.value) is passes


def test_evaluate_takes_arrays_and_reproduce_refuses_them():
    m = np.array([1.0, 10.0])
    swept = evaluate({"source_multiplier": m}, pc_scaling="linear")
    np.testing.assert_allclose(swept.heating_fraction, evaluate().heating_fraction * m**2, rtol=1e-12)
    with pytest.raises(ValueError, match=r"^reproduction\.reproduce: source_multiplier is an array"):
        reproduce(source_multiplier=m)


def test_round_to_printed_and_its_errors():
    from crlib.reproduction import round_to_printed

    assert round_to_printed(3.669e12, 2) == 3.7e12 and round_to_printed(0.55449, 2) == 0.55
    assert round_to_printed(-1.25e-3, 1) == -1e-3
    with pytest.raises(ValueError, match=r"^round_to_printed: sig_digits = 0 must be at least 1"):
        round_to_printed(1.0, 0)
    with pytest.raises(ValueError, match=r"^round_to_printed: sig_digits = 2\.0 must be an integer"):
        round_to_printed(1.0, 2.0)
    with pytest.raises(ValueError, match=r"^agrees: computed = inf must be finite"):
        agrees("tau_B", np.inf)
