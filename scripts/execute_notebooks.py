"""Execute the book's stale notebooks into jupyter-cache, on every core.

``jupyter-book build`` in cache mode executes each notebook that has no
matching cache record one after another.  This script does the same work
first, in parallel: for every notebook in ``_toc.yml`` it looks for a record
with the same code cells (jupyter-cache's hash), executes the ones without,
each in its own kernel with the notebook's directory as working directory,
and stores them the way myst-nb's cache client does.  The book build that
follows then finds every notebook cached and only renders.

Usage: python scripts/execute_notebooks.py CACHE_DIR [--jobs N]

Execution settings (timeout, allow_errors) are read from ``_config.yml``;
a failing notebook is reported with its traceback and the exit code is 1,
so the build stops before rendering a half-executed book.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import yaml
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution

ROOT = Path(__file__).resolve().parents[1]


def _toc_notebooks(toc: dict) -> list[Path]:
    found = []

    def walk(node):
        if isinstance(node, dict):
            name = node.get("file") or node.get("root")
            if name and (ROOT / f"{name}.ipynb").exists():
                found.append(ROOT / f"{name}.ipynb")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return found


def store_executed(cache_dir, path: str, notebook, seconds: float) -> None:
    """Store an executed notebook the way myst-nb's cache mode does (also used by nbval's plugin)."""
    from sqlalchemy.exc import OperationalError

    cache = get_cache(str(cache_dir))
    for _ in range(20):  # two pytest-xdist workers may write at the same moment
        try:
            record = cache.add_nb_to_project(path)
            cache.cache_notebook_bundle(CacheBundleIn(notebook, record.uri, data={"execution_seconds": seconds}),
                                        check_validity=False, overwrite=True)
            return
        except OperationalError:
            time.sleep(0.5)
    raise RuntimeError(f"could not write {path} to the execution cache {cache_dir}")


def _execute(path: str, timeout: int, allow_errors: bool):
    notebook = nbformat.read(path, as_version=4)
    result = single_nb_execution(notebook, cwd=str(Path(path).parent), timeout=timeout,
                                 allow_errors=allow_errors, meta_override=True)
    return path, result.nb, result.time, result.exc_string


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cache_dir", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, not {args.jobs}")

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    execute = config.get("execute", {})
    if execute.get("execute_notebooks", "cache") != "cache":
        return 0
    timeout = int(execute.get("timeout", 30))
    allow_errors = bool(execute.get("allow_errors", False))

    cache = get_cache(str(args.cache_dir))
    notebooks = _toc_notebooks(yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8")))
    stale = []
    for path in notebooks:
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            stale.append(path)
    print(f"execute_notebooks: {len(notebooks) - len(stale)} cached, {len(stale)} to execute "
          f"on {min(args.jobs, max(len(stale), 1))} process(es)")
    if not stale:
        return 0

    start = time.perf_counter()
    failures = 0
    # Longest first (by file size, a fair proxy) so the long ones do not finish last.
    stale.sort(key=lambda p: p.stat().st_size, reverse=True)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(_execute, str(p), timeout, allow_errors) for p in stale]
        for future in futures:
            path, notebook, seconds, error = future.result()
            name = Path(path).relative_to(ROOT)
            if error is not None:
                failures += 1
                print(f"execute_notebooks: {name} FAILED\n{error}", file=sys.stderr)
                continue
            store_executed(args.cache_dir, path, notebook, seconds)
            print(f"execute_notebooks: {name} executed in {seconds:.1f} s")
    print(f"execute_notebooks: {len(stale)} notebook(s) in {time.perf_counter() - start:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
