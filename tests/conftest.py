"""Shared test configuration."""

from hypothesis import HealthCheck, settings

# The machine is shared (2 cores, notebooks executing alongside): per-example
# timing deadlines would make property tests flaky without testing physics.
settings.register_profile("crbook", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("crbook")



# The longest scopes (measured with --durations) start first, so that pytest-xdist's two
# workers finish together instead of one waiting on a long notebook collected last.
LONGEST_FIRST = (
    "X3-self-consistent-state", "X4-saturated-state-map", "test_saturation", "test_sweep",
    "test_quasilinear", "X2-beyond-the-bound", "03-pressure-anisotropy-instability",
)


def pytest_collection_modifyitems(items):
    def rank(item):
        return next((i for i, name in enumerate(LONGEST_FIRST) if name in item.nodeid), len(LONGEST_FIRST))
    items.sort(key=rank)   # stable: cells of a notebook and tests of a module keep their order
