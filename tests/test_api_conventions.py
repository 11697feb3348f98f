"""One name and one position per quantity across crlib's public signatures.

Every public function of the formulary modules (tests/public_api.py) is
inspected.  A quantity must not appear under two names (a known alias, or two
names whose docstrings describe the same thing), a name must not stand for two
quantities (two declared units), pressures come in the order ``P_c, P_g, P_m``
(and their polytropic indices ``gamma_c, gamma_g, gamma_m``), and two
quantities that are both positional in two functions come in the same
relative order in both, so that a swapped call cannot pass silently.
"""

from __future__ import annotations

import inspect
import itertools
import re
from collections import defaultdict

import pytest

from public_api import PUBLIC

#: canonical name -> names that must not be used for the same quantity
ALIASES = {
    "spectral_index": {"a", "s", "index", "power_index", "slope"},
    "rho_i": {"rho", "rho_ion", "ion_density"},
    "rho_g": {"rho", "rho_gas", "density", "gas_density"},
    "injection_rate": {"source_rate", "rate", "dP_dt", "pdot", "injection"},
    "tau_B": {"tau", "t_B", "tau_b", "field_time"},
    "nu": {"nu_s", "scattering_rate", "collision_frequency"},
    "v_A": {"vA", "v_a", "va", "alfven"},
    "P_c": {"Pc", "P_cr", "p_c"},
    "P_g": {"Pg", "P_gas", "p_g"},
    "P_m": {"Pm", "P_B", "P_mag", "p_m"},
    "ion_mass": {"m_i", "mi", "m_ion"},
    "n_i": {"ni", "n_ion"},
    "n_cr": {"n_c", "ncr"},
    "v_D": {"v_d", "drift"},
}
ORDERED_GROUPS = (("P_c", "P_g", "P_m"), ("gamma_c", "gamma_g", "gamma_m"))


def _positional(func):
    return [p.name for p in inspect.signature(func).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def _all_names(func):
    return [p.name for p in inspect.signature(func).parameters.values()
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def _documented_parameters(func) -> dict[str, str]:
    """name -> first clause of its description, for parameters documented alone."""
    doc = inspect.getdoc(func) or ""
    match = re.search(r"^Parameters\n-+\n(.*?)(?=^\S[^\n]*\n-{3,}\n|\Z)", doc, re.S | re.M)
    if not match:
        return {}
    out, current = {}, None
    for line in match.group(1).splitlines():
        head = re.match(r"^(\w+) : ", line)
        if head:
            current = head.group(1)
            out[current] = ""
        elif re.match(r"^[\w*, ]+ : ", line):  # a grouped entry ("gamma_c, gamma_g : ...")
            current = None
        elif current and line.startswith("    "):
            out[current] += line.strip() + " "
    return {name: re.split(r"(?<=\])|;|\.\s", text)[0].strip().lower() for name, text in out.items()}


def test_the_walk_sees_the_formulary():
    assert len(PUBLIC) > 60


@pytest.mark.parametrize("qualname", sorted(PUBLIC))
def test_no_alias_of_a_canonical_name(qualname):
    names = set(_all_names(PUBLIC[qualname]))
    for canonical, aliases in ALIASES.items():
        used = names & aliases
        assert not used, f"{qualname} names {sorted(used)}: crlib calls this quantity {canonical!r}"


@pytest.mark.parametrize("qualname", sorted(PUBLIC))
@pytest.mark.parametrize("group", ORDERED_GROUPS, ids=lambda g: g[0][:-2] or g[0])
def test_pressure_triples_in_one_order(qualname, group):
    names = [n for n in _all_names(PUBLIC[qualname]) if n in group]
    assert names == [n for n in group if n in names], (
        f"{qualname} takes {names}; crlib's order is {list(group)}")


def test_same_relative_order_of_positional_quantities_everywhere():
    seen: dict[tuple[str, str], str] = {}
    clashes = []
    for qualname, func in sorted(PUBLIC.items()):
        for x, y in itertools.combinations(_positional(func), 2):
            if (y, x) in seen:
                clashes.append(f"{x} before {y} in {qualname}, after it in {seen[(y, x)]}")
            seen.setdefault((x, y), qualname)
    assert not clashes, "\n".join(clashes)


def test_one_unit_per_name():
    units = defaultdict(set)
    for qualname, func in PUBLIC.items():
        for name, unit in getattr(func, "cgs_units", {}).items():
            if isinstance(unit, str):
                units[name].add(unit)
    clashes = {name: sorted(found) for name, found in units.items() if len(found) > 1}
    assert not clashes, f"one name declares two units (two quantities under one name): {clashes}"


def test_one_name_per_described_quantity():
    names_by_description = defaultdict(set)
    where = defaultdict(set)
    for qualname, func in PUBLIC.items():
        for name, description in _documented_parameters(func).items():
            names_by_description[description].add(name)
            where[description].add(qualname)
    clashes = {d: sorted(n) for d, n in names_by_description.items() if len(n) > 1}
    assert not clashes, "one quantity under two names: " + "; ".join(
        f"{d!r}: {n} in {sorted(where[d])}" for d, n in clashes.items())


def test_the_checks_bite():
    """The helpers above see a swapped triple, an alias and a described duplicate."""

    def swapped(P_g, P_c, P_m, a):
        """Doc.

        Parameters
        ----------
        P_g : float
            Gas pressure [dyn cm^-2].
        P_c : float
            Gas pressure [dyn cm^-2].
        """

    names = [n for n in _all_names(swapped) if n in ORDERED_GROUPS[0]]
    assert names != [n for n in ORDERED_GROUPS[0] if n in names]
    assert set(_all_names(swapped)) & ALIASES["spectral_index"] == {"a"}
    described = _documented_parameters(swapped)
    assert described["P_g"] == described["P_c"] == "gas pressure [dyn cm^-2]"
