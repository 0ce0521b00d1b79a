"""Work spread over the machine's cores by forked processes, which inherit the loaded site.

Forking (Linux only) spares the workers loading and validating the content again; they
receive only the index of their share and send back its results.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

SHARE_SIZE = 250
"""Items per share: big enough that sending results back costs little, small enough that
all cores stay busy to the end."""

_job: tuple[Callable[[Sequence[Any]], Any], Sequence[Any]] | None = None
"""The function and items of the running ``in_shares`` call, inherited by its workers."""


def cores() -> int:
    """How many cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def in_shares(
    function: Callable[[Sequence[Item]], Result], items: Sequence[Item], size: int | None = None
) -> list[Result]:
    """``function`` applied to consecutive shares of ``size`` items (``SHARE_SIZE`` unless
    given), in order.

    With several cores and more than one share, the shares go to forked worker processes;
    otherwise everything runs here. ``function`` sees its share only, and its results must
    be picklable.
    """
    global _job
    size = size or SHARE_SIZE
    bounds = [(start, start + size) for start in range(0, len(items), size)]
    workers = min(cores(), len(bounds))
    if workers < 2 or sys.platform != "linux":
        return [function(items[start:stop]) for start, stop in bounds]
    _job = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers, _quiet_signals) as pool:
            return pool.map(_run_share, bounds, chunksize=1)
    finally:
        _job = None


def _quiet_signals() -> None:
    """Ctrl-C is the parent's to handle; when it ends the pool, a worker just stops."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _run_share(bounds: tuple[int, int]) -> Any:
    assert _job is not None, "runs only in a worker forked by in_shares"
    function, items = _job
    return function(items[bounds[0] : bounds[1]])
