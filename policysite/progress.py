"""Progress of long runs on a terminal (tqdm), silent when output is not a terminal.

``ingest`` and ``build`` of a large library take a while; on a terminal they show how far they
are (files read, pages written, time left).  In CI and logs (stderr not a TTY, or
``POLICYSITE_PROGRESS=0``) nothing is drawn; the commands' one-line summary is printed either way.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def enabled() -> bool:
    setting = os.environ.get("POLICYSITE_PROGRESS", "")
    if setting in ("0", "false", "no"):
        return False
    return setting in ("1", "true", "yes") or sys.stderr.isatty()


def track(items: Iterable[T], total: int | None = None, unit: str = "file",
          description: str = "") -> Iterator[T]:
    """``items``, with a progress bar on stderr while it is a terminal."""
    if not enabled():
        yield from items
        return
    yield from tqdm(items, total=total, unit=unit, desc=description, leave=False,
                    dynamic_ncols=True)


class Counter:
    """A bar advanced by hand (pages written by a subprocess); no-op when not a terminal."""

    def __init__(self, total: int | None, unit: str, description: str):
        self._bar = None
        if enabled():
            self._bar = tqdm(total=total, unit=unit, desc=description, leave=False,
                             dynamic_ncols=True)

    def update_to(self, value: int) -> None:
        if self._bar is not None:
            self._bar.update(max(0, value - self._bar.n))

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
