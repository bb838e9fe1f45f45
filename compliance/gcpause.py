"""Cyclic garbage collection paused while a scan builds its large data.

Loading a snapshot, evaluating it and writing its reports create millions of objects and no
reference cycles; with the collector on, each full collection walks every object built so far
again, which at 100,000 items costs more than the work itself. Inside :func:`paused_gc` the
collector is off; reference counting still frees everything as usual.

A short-lived process (the ``compliance`` command) may also :func:`freeze_after_pauses`: what a
pause built is then moved out of the collector's sight for good (``gc.freeze``), so the first
collections after it do not walk it either. A long-lived one (tests, a warm Lambda) should
not, since garbage cycles pending at that moment would never be collected.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_freeze = False
_kept: list[Any] = []


def freeze_after_pauses(enabled: bool = True) -> None:
    global _freeze
    _freeze = enabled


def keep_until_exit(value: Any) -> None:
    """In a short-lived process, hold ``value`` until :func:`exit_process`: freeing a large scan's
    millions of objects one by one as the command returns costs a tenth of its time, and the
    operating system reclaims them at once. Elsewhere this does nothing."""
    if _freeze:
        _kept.append(value)


def exit_process(code: int) -> None:
    """``sys.exit(code)``; when something is kept, without the interpreter's teardown (the
    standard streams are flushed first; nothing else this command runs needs a finaliser)."""
    if not _kept:
        sys.exit(code)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


@contextmanager
def paused_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if _freeze:
                gc.freeze()
            gc.enable()
