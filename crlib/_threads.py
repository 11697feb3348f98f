"""One BLAS thread for crlib's solvers.

The solvers factorise and multiply matrices of a few hundred to a few thousand
rows, many times per call.  At these sizes a multi-threaded BLAS (OpenBLAS by
default, with one thread per core) spends more on waking and synchronising its
threads than it gains: on a 2-core machine the direct steady-state solver ran
15 times slower with two BLAS threads than with one.  Each solver entry point
is therefore wrapped in :func:`single_blas_thread`; parallelism belongs one
level up, one process per core (:mod:`crlib.sweep`).
"""

from __future__ import annotations

import functools

__all__ = ["single_blas_thread"]

_controller = None


def _limit():
    global _controller
    if _controller is None:
        # numpy and scipy each load their own BLAS: import both before the
        # controller lists the libraries it limits
        import numpy  # noqa: F401
        import scipy.linalg  # noqa: F401
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="blas")


def single_blas_thread(func):
    """Run ``func`` with every loaded BLAS library limited to one thread (restored on return)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with _limit():
            return func(*args, **kwargs)

    return wrapper
