"""A progress bar on stderr for long runs, drawn only when stderr is a terminal.

click's bar (``click.progressbar``) shows the position (files or modules done of the
total) and the ETA; the item text adds what it does not: claims done, their rate, and
what is being worked on (the current file, or for ``prove`` the current Lean module).
When stderr is not a terminal nothing is drawn, and stdout is never written to, so
piped and machine-readable output stay clean.  Safe to call from worker threads.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from typing import TextIO

import click

# What the line may still grow by between measuring it and drawing it: the position's
# digits and the ETA (``  00:00:13``), which click shows once it has a rate.
_SLACK = 12


class Bar:
    """Counts steps and claims; draws nothing unless ``enabled``."""

    def __init__(self, total: int, label: str, enabled: bool, file: TextIO | None = None) -> None:
        self.claims = 0
        self._started = time.monotonic()
        self._lock = threading.Lock()
        self._bar = None
        self._file = file or sys.stderr
        if enabled:
            self._bar = click.progressbar(
                length=total,
                file=self._file,
                label=label,
                show_pos=True,
                show_eta=True,
                item_show_func=lambda item: item,
            )
            self._bar.__enter__()

    def _item(self, current: str) -> str:
        """Claims, rate and ``current``, cut from the left to keep the line on one row: a
        line longer than the terminal wraps, and each redraw would then scroll."""
        elapsed = max(time.monotonic() - self._started, 1e-9)
        head = f"{self.claims} claims ({self.claims / elapsed:.0f}/s)"
        room = self._room(head)
        if len(current) > room:  # ASCII dots: stderr may not be UTF-8
            current = "..." + current[len(current) - room + 3 :] if room > 3 else ""
        return f"{head}  {current}" if current else head

    def _room(self, head: str) -> int:
        """Columns left for the current item after ``head`` and the rest of the line."""
        assert self._bar is not None
        self._bar.current_item = head  # the line as drawn with ``head`` alone
        return self._columns() - len(self._bar.format_progress_line()) - len("  ") - _SLACK

    def _columns(self) -> int:
        """The width of the terminal the bar is drawn on (stdout may be a file); where it
        says none (0), ``$COLUMNS`` or 80, as click's own width."""
        try:
            columns = os.get_terminal_size(self._file.fileno()).columns
        except (AttributeError, OSError, ValueError):
            columns = 0
        return columns or shutil.get_terminal_size().columns

    def step(self, current: str, claims: int = 0, done: int = 1) -> None:
        """``done`` more steps (0: only show ``current``), ``claims`` more claims."""
        with self._lock:
            self.claims += claims
            if self._bar is not None:
                self._bar.update(done, self._item(current))

    def close(self) -> None:
        with self._lock:
            if self._bar is not None:
                self._bar.__exit__(None, None, None)
                self._bar = None


def bar(total: int, label: str, minimum: int = 2) -> Bar:
    """A :class:`Bar` drawn on stderr when it is a terminal and ``total >= minimum``."""
    return Bar(total, label, enabled=total >= minimum and sys.stderr.isatty())
