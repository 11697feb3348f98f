"""Shared test configuration."""

from hypothesis import HealthCheck, settings

# The machine is shared (2 cores, notebooks executing alongside): per-example
# timing deadlines would make property tests flaky without testing physics.
settings.register_profile("crbook", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("crbook")


def pytest_collection_modifyitems(config, items):
    """Keep each notebook's cells together, in order, on one xdist worker (``--dist loadgroup``).

    nbval runs a notebook's cells in one kernel, one after the other; unit tests carry no group
    and are spread test by test.
    """
    import pytest

    for item in items:
        path = str(getattr(item, "path", ""))
        if path.endswith(".ipynb"):
            item.add_marker(pytest.mark.xdist_group(name=path))
