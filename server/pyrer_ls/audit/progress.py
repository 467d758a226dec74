"""A one-line progress bar on stderr, drawn only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import Optional, TextIO


class ProgressBar:
    """`[#####.....] 1234/18226 documents  8.1 s`; redrawn at most ten times a second."""

    def __init__(self, stream: Optional[TextIO] = None, label: str = "documents", width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.label, self.width = label, width
        self.started = time.perf_counter()
        self._last = 0.0
        self._drawn = False

    @staticmethod
    def wanted(stream: Optional[TextIO] = None) -> bool:
        stream = stream or sys.stderr
        try:
            return stream.isatty()
        except (AttributeError, ValueError):
            return False

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        filled = self.width * done // total if total else self.width
        self.stream.write("\r[%s%s] %d/%d %s  %.1f s" % ("#" * filled, "." * (self.width - filled), done, total,
                                                         self.label, now - self.started))
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
