"""numpydoc sections that users rely on, for every public function of the formulary.

Each public function documents Parameters, Returns, Raises (every one
validates its input), See Also (whose targets exist), Examples, and where its
physics comes from: a paper equation or section and a ``:cite:`` reference.
Related functions point at each other.
"""

from __future__ import annotations

import importlib
import inspect
import re

import pytest

from public_api import MODULE_NAMES, PUBLIC

#: The modules whose docstrings this file checks.
CHECKED_MODULES = MODULE_NAMES
CHECKED = {q: f for q, f in PUBLIC.items() if q.split(".")[0] in CHECKED_MODULES}
SECTIONS = ("Parameters", "Returns", "Raises", "See Also", "Examples")

#: Pairs (a, b): b appears in a's See Also.
RELATED = [
    ("instability.threshold_zeta", "threshold_anisotropy"),
    ("instability.threshold_anisotropy", "threshold_zeta"),
    ("instability.growth_rate_drift", "growth_rate_scale"),
    ("instability.growth_rate_pressure_anisotropy", "growth_rate_scale"),
    ("dispersion.kinetic_wave_frequency", "growth_rate_scale"),
    ("combined.growth_rate_combined", "growth_rate_scale"),
    ("instability.growth_rate_scale", "growth_rate_drift"),
    ("instability.growth_rate_scale", "growth_rate_pressure_anisotropy"),
    ("instability.growth_rate_scale", "growth_rate_combined"),
    ("heating.heating_lower_bound", "pressure_anisotropy_heating"),
    ("heating_exact.pressure_anisotropy_heating", "heating_lower_bound"),
    ("heating.heating_lower_bound", "heating_ratio"),
    ("heating.heating_ratio", "heating_lower_bound"),
    ("heating.heating_ratio", "drift_heating"),
    ("heating.drift_heating", "heating_lower_bound"),
    ("heating_exact.heating_to_bound_ratio", "pressure_weighted_c_over_v"),
    ("heating_exact.pressure_weighted_c_over_v", "heating_to_bound_ratio"),
    ("anisotropy.anisotropy_parameter", "relative_pressure_anisotropy"),
    ("anisotropy.relative_pressure_anisotropy", "anisotropy_parameter"),
    ("anisotropy.parallel_pressure", "perpendicular_pressure"),
    ("anisotropy.perpendicular_pressure", "parallel_pressure"),
    ("confinement.mean_free_path", "spatial_diffusivity"),
    ("confinement.drift_diffusivity", "drift_excess"),
    ("confinement.pressure_anisotropy_diffusivity", "pressure_anisotropy_excess"),
    ("speeds.alfven_speed", "magnetoacoustic_speed"),
    ("dynamics.field_timescale", "work_rate"),
]


def _section(doc: str, name: str) -> str | None:
    match = re.search(rf"^{name}\n-{{{len(name)}}}\n(.*?)(?=^\S[^\n]*\n-{{3,}}\n|\Z)", doc, re.S | re.M)
    return match.group(1) if match else None


def _see_also(doc: str) -> list[str]:
    body = _section(doc, "See Also") or ""
    names = []
    for line in body.splitlines():
        if line and not line.startswith(" "):  # entries, not their descriptions
            names += [n.strip() for n in line.split(":")[0].split(",") if n.strip()]
    return names


def _resolve(qualname: str, target: str):
    module = importlib.import_module(f"crlib.{qualname.split('.')[0]}")
    if "." not in target:
        obj = getattr(module, target)
        # Sphinx finds an unqualified name only among the objects documented in the same module
        if getattr(obj, "__module__", module.__name__) != module.__name__:
            raise AttributeError(f"{target} is imported into {module.__name__}, not defined there: qualify it")
        return obj
    mod, _, attr = target.rpartition(".")
    return getattr(importlib.import_module(mod), attr)


def test_every_formulary_module_is_checked():
    assert {q.split(".")[0] for q in CHECKED} == set(CHECKED_MODULES)


@pytest.mark.parametrize("qualname", sorted(CHECKED))
def test_numpydoc_sections(qualname):
    func = CHECKED[qualname]
    doc = inspect.getdoc(func) or ""
    required = list(SECTIONS)
    if not inspect.signature(func).parameters:
        required.remove("Parameters")          # nothing to document
    # every argument is validated (types, units, ranges); a call without any raises only
    # where the body says so
    validates = bool(inspect.signature(func).parameters) or bool(
        re.search(r"\brequire\(|raise ValueError", inspect.getsource(func)))
    if not validates:
        required.remove("Raises")
    missing = [s for s in required if _section(doc, s) is None]
    assert not missing, f"{qualname} lacks {missing}"
    if validates:
        assert "ValueError" in _section(doc, "Raises")
    assert ">>> " in _section(doc, "Examples")


@pytest.mark.parametrize("qualname", sorted(CHECKED))
def test_cites_the_paper(qualname):
    doc = inspect.getdoc(CHECKED[qualname]) or ""
    assert ":cite:" in doc, f"{qualname} has no :cite: reference"
    assert re.search(r"Eqs?\.\s*\d|Section \d|§\s*\d", doc), f"{qualname} names no equation or section"


@pytest.mark.parametrize("qualname", sorted(CHECKED))
def test_see_also_targets_exist(qualname):
    doc = inspect.getdoc(CHECKED[qualname]) or ""
    targets = _see_also(doc)
    assert targets, f"{qualname}: empty See Also"
    for target in targets:
        try:
            obj = _resolve(qualname, target)
        except (AttributeError, ModuleNotFoundError):
            pytest.fail(f"{qualname}: See Also names {target!r}, which does not exist")
        assert callable(obj)
        assert obj is not CHECKED[qualname], f"{qualname} refers to itself"


@pytest.mark.parametrize("qualname, related", RELATED, ids=[f"{a}->{b}" for a, b in RELATED])
def test_related_functions_point_at_each_other(qualname, related):
    targets = [t.rsplit(".", 1)[-1] for t in _see_also(inspect.getdoc(CHECKED[qualname]) or "")]
    assert related in targets, f"{qualname}'s See Also should name {related}"


@pytest.mark.parametrize("qualname", sorted(CHECKED))
def test_every_parameter_is_documented(qualname):
    func = CHECKED[qualname]
    body = _section(inspect.getdoc(func) or "", "Parameters") or ""
    documented = set()
    for line in body.splitlines():
        if line and not line.startswith(" "):
            documented |= {n.strip().lstrip("*") for n in line.split(" : ")[0].split(",")}
    names = {p.name for p in inspect.signature(func).parameters.values()}
    assert names <= documented, f"{qualname}: undocumented {sorted(names - documented)}"
