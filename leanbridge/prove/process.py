"""Run an external program (``lake``, ``lean``) with hard bounds.

A proof check must never hang the caller, fill its memory, or leave processes
behind. ``lake build`` starts ``lean`` workers, which may start more processes;
killing only the direct child would orphan them. So every run here gets its own
session (and hence its own process group), and every exit path -- normal exit,
timeout, crash -- ends by killing that whole group.

Output is read by one thread per pipe, so a child that writes megabytes to
stderr while we wait on stdout cannot deadlock us; past ``max_output_bytes`` the
bytes are still drained (so the child never blocks on a full pipe) but dropped,
and the result says ``truncated``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ConfigDict

__all__ = [
    "DEFAULT_MAX_OUTPUT_BYTES",
    "DEFAULT_TERM_GRACE_S",
    "Job",
    "ProcessResult",
    "ProcessStatus",
    "run_bounded",
    "run_many",
]

#: Per stream. Lean error output for a whole file is rarely above a few hundred KiB;
#: anything near this cap is a runaway (a huge term printed in an error).
DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024

#: Seconds between SIGTERM and SIGKILL when a run is stopped.
DEFAULT_TERM_GRACE_S = 2.0

#: How long to wait for the pipe readers after the process group is gone. Only a
#: descendant that escaped into another session can keep a pipe open this long.
_READER_JOIN_S = 2.0

_READ_CHUNK = 64 * 1024


class ProcessStatus(str, Enum):
    """How a run ended. Exactly one applies; ``timeout`` wins over the others."""

    OK = "ok"
    EXIT_NONZERO = "exit-nonzero"
    TIMEOUT = "timeout"
    CRASHED = "crashed"  # killed by a signal we did not send
    NOT_FOUND = "not-found"  # the program could not be started at all


class ProcessResult(BaseModel):
    """Everything a caller (and an artifact) needs to know about one run."""

    model_config = ConfigDict(frozen=True)

    argv: tuple[str, ...]
    cwd: str
    status: ProcessStatus
    exit_code: int | None
    """The exit status for a normal exit; ``None`` when killed by a signal or not started."""
    signal: int | None
    """The signal that ended the process (for ``crashed``, and for ``timeout`` if known)."""
    duration_s: float
    timeout_s: float
    stdout: str
    stderr: str
    stdout_bytes: int
    """Bytes the process wrote to stdout, including any dropped past the cap."""
    stderr_bytes: int
    stdout_truncated: bool
    stderr_truncated: bool
    error: str | None = None
    """Why the program could not be started (``not-found``), else ``None``."""

    @property
    def truncated(self) -> bool:
        """True if either stream was cut at ``max_output_bytes``."""
        return self.stdout_truncated or self.stderr_truncated

    @property
    def ok(self) -> bool:
        return self.status is ProcessStatus.OK

    @property
    def output(self) -> str:
        """stdout then stderr: Lake prints diagnostics on stdout, errors on either."""
        if self.stdout and self.stderr and not self.stdout.endswith("\n"):
            return self.stdout + "\n" + self.stderr
        return self.stdout + self.stderr


class _CappedReader:
    """Drain a pipe in a thread, keeping at most ``cap`` bytes of its head."""

    def __init__(self, fd: int, cap: int) -> None:
        self._fd = fd
        self._cap = cap
        self._chunks: list[bytes] = []
        self._kept = 0
        self.total = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while True:
                try:
                    chunk = os.read(self._fd, _READ_CHUNK)
                except InterruptedError:  # pragma: no cover - retried by Python already
                    continue
                except OSError:
                    break
                if not chunk:
                    break
                with self._lock:
                    self.total += len(chunk)
                    room = self._cap - self._kept
                    if room > 0:
                        keep = chunk[:room]
                        self._chunks.append(keep)
                        self._kept += len(keep)
        finally:
            with contextlib.suppress(OSError):
                os.close(self._fd)

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    def snapshot(self) -> tuple[bytes, int, bool]:
        """The kept head, the total byte count so far, and whether bytes were dropped."""
        with self._lock:
            data = b"".join(self._chunks)
            return data, self.total, self.total > len(data)


def _memory_limiter(memory_limit_mb: int) -> Callable[[], None]:
    """A ``preexec_fn`` that caps the address space of the child (Linux only).

    It runs between fork and exec, so it does nothing but one system call: no
    imports, no allocation-heavy work (see the ``preexec_fn`` warning in the
    ``subprocess`` docs). RLIMIT_AS is inherited by ``lean`` workers that Lake
    starts, so each of them is bounded, not their sum.
    """
    import resource  # imported here, in the parent, before any fork

    limit = memory_limit_mb * 1024 * 1024
    setrlimit = resource.setrlimit
    rlimit_as = resource.RLIMIT_AS

    def _apply() -> None:
        setrlimit(rlimit_as, (limit, limit))

    return _apply


def _killpg(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _exited_without_reaping(proc: subprocess.Popen[bytes]) -> bool:
    """True once the child has exited, *without* reaping it.

    While the group leader is an unreaped zombie its pid -- which is also the
    process-group id -- cannot be reused, so ``killpg`` on it can never hit an
    unrelated process group. Where ``waitid`` is missing (macOS) we fall back to
    ``poll``, which reaps; the reuse window there is tiny.
    """
    if proc.returncode is not None:
        return True
    if hasattr(os, "waitid"):
        try:
            info = os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT | os.WNOHANG)
        except ChildProcessError:  # already reaped elsewhere
            return True
        return info is not None
    return proc.poll() is not None


def _wait_exit(proc: subprocess.Popen[bytes], deadline: float) -> bool:
    """Wait (without reaping) until the child exits or ``deadline``; True if it exited."""
    delay = 0.002
    while True:
        if _exited_without_reaping(proc):
            return True
        now = time.monotonic()
        if now >= deadline:
            return False
        time.sleep(min(delay, deadline - now))
        delay = min(delay * 2, 0.05)


def _not_started(
    argv: tuple[str, ...], cwd: str, timeout_s: float, error: str, started: float
) -> ProcessResult:
    return ProcessResult(
        argv=argv,
        cwd=cwd,
        status=ProcessStatus.NOT_FOUND,
        exit_code=None,
        signal=None,
        duration_s=time.monotonic() - started,
        timeout_s=timeout_s,
        stdout="",
        stderr="",
        stdout_bytes=0,
        stderr_bytes=0,
        stdout_truncated=False,
        stderr_truncated=False,
        error=error,
    )


def run_bounded(
    argv: Sequence[str],
    cwd: str | os.PathLike[str],
    timeout_s: float,
    memory_limit_mb: int | None = None,
    env: Mapping[str, str] | None = None,
    max_output_bytes: int = DEFAULT_MAX_OUTPUT_BYTES,
    term_grace_s: float = DEFAULT_TERM_GRACE_S,
) -> ProcessResult:
    """Run ``argv`` in ``cwd`` and return once it and all its descendants are gone.

    - The child starts in a new session (``start_new_session=True``), so its pid is
      the id of a process group holding everything it spawns (unless a descendant
      deliberately calls ``setsid`` itself).
    - At ``timeout_s`` the whole group gets SIGTERM, then SIGKILL after
      ``term_grace_s``; status is ``timeout``.
    - After a normal exit, anything still running in the group is killed too: a
      finished check must not leave workers behind.
    - ``memory_limit_mb`` sets RLIMIT_AS for the child on Linux (ignored elsewhere).
      It bounds *address space*, which includes the ``.olean`` files ``lean``
      memory-maps on import (several GiB for Mathlib): set it well above that.
    - stdin is ``/dev/null``: nothing here is interactive, and a prompt must fail
      fast instead of waiting for the timeout.
    - ``env`` replaces the environment when given (pass ``{**os.environ, ...}`` to extend).
    """
    if timeout_s <= 0:
        raise ValueError("timeout_s must be positive")
    if max_output_bytes < 0:
        raise ValueError("max_output_bytes must be >= 0")
    argv_t = tuple(str(a) for a in argv)
    if not argv_t:
        raise ValueError("argv must not be empty")
    cwd_s = str(cwd)
    started = time.monotonic()

    if not Path(cwd_s).is_dir():
        reason = f"working directory not found: {cwd_s}"
        return _not_started(argv_t, cwd_s, timeout_s, reason, started)

    preexec: Callable[[], None] | None = None
    if memory_limit_mb is not None:
        if memory_limit_mb <= 0:
            raise ValueError("memory_limit_mb must be positive")
        if sys.platform.startswith("linux"):
            preexec = _memory_limiter(memory_limit_mb)

    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    try:
        proc = subprocess.Popen(
            argv_t,
            cwd=cwd_s,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=out_w,
            stderr=err_w,
            start_new_session=True,
            preexec_fn=preexec,
            close_fds=True,
        )
    except (FileNotFoundError, PermissionError, NotADirectoryError, OSError) as exc:
        for fd in (out_r, out_w, err_r, err_w):
            with contextlib.suppress(OSError):
                os.close(fd)
        reason = "not executable" if isinstance(exc, PermissionError) else "cannot start"
        return _not_started(argv_t, cwd_s, timeout_s, f"{reason}: {argv_t[0]}: {exc}", started)
    finally:
        # The parent must not hold the write ends, or the readers never see EOF.
        for fd in (out_w, err_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    out_reader = _CappedReader(out_r, max_output_bytes)
    err_reader = _CappedReader(err_r, max_output_bytes)
    pgid = proc.pid  # start_new_session: the child is its own group leader

    timed_out = not _wait_exit(proc, started + timeout_s)
    if timed_out:
        _killpg(pgid, signal.SIGTERM)
        _wait_exit(proc, time.monotonic() + term_grace_s)
    # Always end with SIGKILL to the group: after a timeout it catches anything that
    # ignored SIGTERM; after a normal exit it removes leftover descendants. The leader
    # is not reaped yet, so the group id is still ours.
    _killpg(pgid, signal.SIGKILL)
    returncode = proc.wait()
    duration = time.monotonic() - started

    out_reader.join(_READER_JOIN_S)
    err_reader.join(_READER_JOIN_S)
    out_bytes, out_total, out_trunc = out_reader.snapshot()
    err_bytes, err_total, err_trunc = err_reader.snapshot()

    if timed_out:
        status = ProcessStatus.TIMEOUT
    elif returncode < 0:
        status = ProcessStatus.CRASHED
    elif returncode == 0:
        status = ProcessStatus.OK
    else:
        status = ProcessStatus.EXIT_NONZERO

    return ProcessResult(
        argv=argv_t,
        cwd=cwd_s,
        status=status,
        exit_code=returncode if returncode >= 0 else None,
        signal=-returncode if returncode < 0 else None,
        duration_s=duration,
        timeout_s=timeout_s,
        stdout=out_bytes.decode("utf-8", errors="replace"),
        stderr=err_bytes.decode("utf-8", errors="replace"),
        stdout_bytes=out_total,
        stderr_bytes=err_total,
        stdout_truncated=out_trunc,
        stderr_truncated=err_trunc,
    )


@dataclass(frozen=True)
class Job:
    """The arguments of one :func:`run_bounded` call, for :func:`run_many`."""

    argv: tuple[str, ...]
    cwd: str
    timeout_s: float
    memory_limit_mb: int | None = None
    env: Mapping[str, str] | None = field(default=None, hash=False, compare=False)
    max_output_bytes: int = DEFAULT_MAX_OUTPUT_BYTES


def run_many(
    specs: Sequence[Job], jobs: int = 1, on_event: Callable[[int, bool], None] | None = None
) -> list[ProcessResult]:
    """Run ``specs`` with at most ``jobs`` at once; results keep the input order.

    Each job is bounded on its own (timeout, memory, output), so one runaway job
    cannot starve the others of anything but a worker slot. Threads suffice: the
    work happens in the child processes.  ``on_event(i, done)`` is called (from a
    worker thread) as job ``i`` starts and as it ends, e.g. for a progress bar.
    """
    if jobs < 1:
        raise ValueError("jobs must be >= 1")
    if not specs:
        return []

    def _one(i: int) -> ProcessResult:
        job = specs[i]
        if on_event is not None:
            on_event(i, False)
        result = run_bounded(
            job.argv,
            job.cwd,
            job.timeout_s,
            memory_limit_mb=job.memory_limit_mb,
            env=job.env,
            max_output_bytes=job.max_output_bytes,
        )
        if on_event is not None:
            on_event(i, True)
        return result

    with ThreadPoolExecutor(max_workers=min(jobs, len(specs))) as pool:
        return list(pool.map(_one, range(len(specs))))
