"""Shared test configuration."""

from hypothesis import HealthCheck, settings

# The machine is shared (2 cores, notebooks executing alongside): per-example
# timing deadlines would make property tests flaky without testing physics.
settings.register_profile("crbook", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("crbook")

