"""Fewer cyclic garbage-collector passes while a document is linted.

A lint allocates some hundred thousand short-lived objects (lines, cells, spans, claims) that
form no reference cycles, so the collector's passes over the young generation, one every 700
allocations by default, find nothing to free; they cost 7–10% of a lint (measured with
benchmarks/perf.py). While at least one lint runs, the young-generation threshold is raised;
the last lint to finish puts back what it found. Reference counting still frees every object as
usual, and the collector still runs, less often. The change is process-wide for its duration,
so it is counted under a lock: lints in several threads (the language server) nest safely.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

# Young objects between two collector passes while linting (CPython's default is 700).
LINT_THRESHOLD = 100_000

_lock = threading.Lock()
_active = 0
_saved: tuple[int, int, int] = gc.get_threshold()


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the collector's young-generation threshold for the duration of the block."""
    global _active, _saved
    with _lock:
        if _active == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(_saved[0], LINT_THRESHOLD), _saved[1], _saved[2])
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                gc.set_threshold(*_saved)
