"""Progress of `factbot index`: a tqdm bar per phase on a terminal, a log line every few seconds elsewhere."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from bot.search import BuildStatus

LOG_EVERY_S = 5.0


class TerminalProgress:
    """A bar per phase (reading in bytes with rate and ETA, indexing, writing), each ending its line."""

    def __init__(self, stream: TextIO) -> None:
        """Draw on `stream`, a terminal."""
        self._stream = stream
        self._bar = None
        self._phase = ""

    def __call__(self, status: BuildStatus) -> None:
        """Show one status."""
        from tqdm import tqdm

        if status.phase != self._phase:
            self.close()
            self._phase = status.phase
            unit = status.unit if status.unit == "B" else f" {status.unit}"
            self._bar = tqdm(total=status.total or None, desc=f"{status.phase:<8}", unit=unit,
                             unit_scale=unit != " steps", unit_divisor=1024 if unit == "B" else 1000,
                             file=self._stream, dynamic_ncols=True, mininterval=0.2, leave=True)  # fmt: skip
        bar = self._bar
        if status.total and bar.total != status.total:
            bar.total = status.total
        if status.phase == "reading":
            bar.set_postfix_str(f"{status.articles:,} articles, {status.sentences:,} sentences", False)
        if status.done > bar.n:
            bar.update(status.done - bar.n)

    def close(self) -> None:
        """Finish the current bar and end its line."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


class LogProgress:
    """Not a terminal: no bar; one plain line at most every LOG_EVERY_S seconds of a long build."""

    def __init__(self, stream: TextIO, every_s: float = LOG_EVERY_S) -> None:
        """Write lines to `stream`."""
        self._stream = stream
        self._every = every_s
        self._started = self._last = time.monotonic()

    def __call__(self, status: BuildStatus) -> None:
        """Write a line if the last one is old enough."""
        now = time.monotonic()
        if now - self._last < self._every:
            return
        self._last = now
        self._stream.write(f"factbot: {describe(status, now - self._started)}\n")
        self._stream.flush()

    def close(self) -> None:
        """Nothing to finish: every line was complete."""


def describe(status: BuildStatus, elapsed_s: float) -> str:
    """One line: phase, share done, counts and elapsed time."""
    if status.unit == "B" and status.total:
        share = status.done / status.total
        where = f"{status.done / 2**20:,.0f} of {status.total / 2**20:,.0f} MiB ({share:.0%})"
    elif status.total:
        where = f"{status.done:,} of {status.total:,} {status.unit} ({status.done / status.total:.0%})"
    else:
        where = f"{status.done:,} {status.unit}"
    counts = f"{status.articles:,} articles, {status.sentences:,} sentences"
    return f"{status.phase} {where}; {counts}; {elapsed_s:.0f} s"


def progress_for(stream: TextIO) -> TerminalProgress | LogProgress:
    """A bar on a terminal, log lines otherwise."""
    return TerminalProgress(stream) if stream.isatty() else LogProgress(stream)
