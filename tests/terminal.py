"""Run ``python -m leanbridge`` with stderr on a real pseudo-terminal (or on a pipe).

The child sees a terminal exactly as under a user's shell (``isatty`` is true for its
stderr), while stdout stays a pipe, so a test can read the report and what was drawn on
the terminal separately.
"""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import termios
import threading
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: str
    stderr: str  # what reached the terminal (or the pipe)


def run_leanbridge(
    args: list[str], cwd: Path, tty: bool, timeout: float = 600, columns: int = 200
) -> Ran:
    """``leanbridge ARGS`` with stderr on a terminal ``columns`` wide (``tty``) or a pipe."""
    argv = [sys.executable, "-m", "leanbridge", *args]
    if not tty:
        p = subprocess.run(argv, cwd=cwd, capture_output=True, timeout=timeout, check=False)
        return Ran(p.returncode, p.stdout.decode(), p.stderr.decode())
    master, slave = os.openpty()
    # A new pseudo-terminal is 0 x 0 (no size); a user's has one.  (rows, columns, pixels)
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every writer of the terminal has closed it
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.Popen(
            argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave
        )
        os.close(slave)
        out, _ = proc.communicate(timeout=timeout)
        reader.join(10)
    finally:
        os.close(master)
    return Ran(proc.returncode, out.decode(), b"".join(chunks).decode(errors="replace"))
