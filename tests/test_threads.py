"""The solvers run their dense linear algebra on one BLAS thread, and give the threads back."""

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from crlib._threads import single_blas_thread
from crlib.fokker_planck import FluxTubeFokkerPlanck
from crlib.quasilinear import QuasilinearFluxTube
from crlib.saturated_state import solve_saturated_state


def _blas_threads():
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_wrapped_call_sees_one_thread_and_restores_the_callers():
    @single_blas_thread
    def inside():
        return _blas_threads()

    with threadpool_limits(limits=2, user_api="blas"):
        assert _blas_threads() and all(n == 2 for n in _blas_threads())
        assert all(n == 1 for n in inside())
        assert all(n == 2 for n in _blas_threads())


def test_wrapped_call_restores_the_threads_when_it_raises():
    @single_blas_thread
    def fails():
        raise ValueError("inside")

    with threadpool_limits(limits=2, user_api="blas"):
        with pytest.raises(ValueError, match="inside"):
            fails()
        assert all(n == 2 for n in _blas_threads())


@pytest.mark.parametrize("entry", [solve_saturated_state, QuasilinearFluxTube.run, FluxTubeFokkerPlanck.run])
def test_solver_entry_points_are_single_threaded(entry):
    # every wrapper made by single_blas_thread shares one code object
    assert entry.__code__ is single_blas_thread(len).__code__
    assert entry.__wrapped__.__name__ == entry.__name__
