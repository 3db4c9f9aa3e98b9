"""run_bounded / run_many against stand-in executables (no Lean needed)."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from leanbridge.prove.process import Job, ProcessStatus, run_bounded, run_many

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX process groups")

Standin = Callable[[str], Path]


def _pid_gone(pid: int) -> bool:
    """True if ``pid`` no longer runs. A zombie counts as gone: it is dead, only not
    yet reaped by its new parent (PID 1 in a container may never reap it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    stat_file = Path(f"/proc/{pid}/stat")
    if stat_file.exists():
        try:
            state = stat_file.read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return True
        return state in {"Z", "X"}
    return False


def _wait_for_file(path: Path, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            return path.read_text()
        time.sleep(0.01)
    raise AssertionError(f"{path} never appeared")


def test_ok_run_reports_exit_zero_and_empty_output(standin: Standin, tmp_path: Path) -> None:
    r = run_bounded([str(standin("standin_lake_empty.py"))], tmp_path, timeout_s=30)
    assert r.status is ProcessStatus.OK
    assert r.exit_code == 0
    assert r.signal is None
    assert r.stdout == "" and r.stderr == ""
    assert not r.truncated


def test_duration_is_the_wall_time_of_the_run(standin: Standin, tmp_path: Path) -> None:
    """The stand-in sleeps 0.5 s: the recorded duration covers it, and is no clock mix-up."""
    t0 = time.monotonic()
    r = run_bounded([str(standin("standin_lake_sleep.py")), "0.5"], tmp_path, timeout_s=30)
    elapsed = time.monotonic() - t0
    assert r.status is ProcessStatus.OK and "standin: woke up" in r.stdout
    assert 0.5 <= r.duration_s <= elapsed


def test_nonzero_exit_is_reported_with_its_code(standin: Standin, tmp_path: Path) -> None:
    r = run_bounded([str(standin("standin_lake_empty.py")), "3"], tmp_path, timeout_s=30)
    assert r.status is ProcessStatus.EXIT_NONZERO
    assert r.exit_code == 3
    assert not r.ok


def test_timeout_kills_and_reports_timeout(standin: Standin, tmp_path: Path) -> None:
    t0 = time.monotonic()
    r = run_bounded(
        [str(standin("standin_lake_hang.sh")), "60"], tmp_path, timeout_s=1.0, term_grace_s=0.5
    )
    elapsed = time.monotonic() - t0
    assert r.status is ProcessStatus.TIMEOUT
    assert r.exit_code is None
    assert r.signal == signal.SIGTERM
    assert "standin: sleeping" in r.stdout  # output before the kill is kept
    assert elapsed < 10


def test_timeout_escalates_to_sigkill_when_term_is_ignored(
    standin: Standin, tmp_path: Path
) -> None:
    standin("standin_lake_sleep.py")  # what the wrapper execs, once TERM is ignored
    r = run_bounded(
        [str(standin("standin_lake_ignores_term.sh")), "60"],
        tmp_path,
        timeout_s=1.0,
        term_grace_s=0.3,
    )
    assert r.status is ProcessStatus.TIMEOUT
    assert r.signal == signal.SIGKILL


def test_timeout_kills_grandchild_too(standin: Standin, tmp_path: Path) -> None:
    pidfile = tmp_path / "worker.pid"
    r = run_bounded(
        [str(standin("standin_lake_spawns_grandchild.py")), str(pidfile), "hang"],
        tmp_path,
        timeout_s=2.0,
        term_grace_s=0.3,
    )
    assert r.status is ProcessStatus.TIMEOUT
    worker = int(_wait_for_file(pidfile))
    assert worker != os.getpid()
    deadline = time.monotonic() + 5
    while not _pid_gone(worker) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _pid_gone(worker), f"grandchild {worker} survived the timeout kill"


def test_leftover_grandchild_is_killed_after_normal_exit(standin: Standin, tmp_path: Path) -> None:
    pidfile = tmp_path / "worker.pid"
    r = run_bounded(
        [str(standin("standin_lake_spawns_grandchild.py")), str(pidfile), "exit"],
        tmp_path,
        timeout_s=30,
    )
    assert r.status is ProcessStatus.OK
    worker = int(_wait_for_file(pidfile))
    deadline = time.monotonic() + 5
    while not _pid_gone(worker) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _pid_gone(worker), f"grandchild {worker} outlived its finished parent"
    # The run must not have waited for the worker's 600 s sleep.
    assert r.duration_s < 20


def test_crash_by_signal_is_crashed_not_nonzero(standin: Standin, tmp_path: Path) -> None:
    r = run_bounded([str(standin("standin_lake_crash.py"))], tmp_path, timeout_s=30)
    assert r.status is ProcessStatus.CRASHED
    assert r.signal == signal.SIGSEGV
    assert r.exit_code is None
    assert "about to crash" in r.stdout


def test_crash_with_abort(standin: Standin, tmp_path: Path) -> None:
    r = run_bounded(
        [str(standin("standin_lake_crash.py")), str(int(signal.SIGABRT))], tmp_path, timeout_s=30
    )
    assert r.status is ProcessStatus.CRASHED
    assert r.signal == signal.SIGABRT


def test_missing_program_is_not_found(tmp_path: Path) -> None:
    r = run_bounded([str(tmp_path / "no-such-lake")], tmp_path, timeout_s=5)
    assert r.status is ProcessStatus.NOT_FOUND
    assert r.exit_code is None
    assert r.error and "no-such-lake" in r.error


def test_non_executable_file_is_not_found(tmp_path: Path) -> None:
    f = tmp_path / "lake"
    f.write_text("#!/bin/sh\necho hi\n")
    f.chmod(0o644)
    r = run_bounded([str(f)], tmp_path, timeout_s=5)
    assert r.status is ProcessStatus.NOT_FOUND
    assert r.error and "not executable" in r.error


def test_missing_cwd_is_not_found(standin: Standin, tmp_path: Path) -> None:
    r = run_bounded([str(standin("standin_lake_empty.py"))], tmp_path / "nope", timeout_s=5)
    assert r.status is ProcessStatus.NOT_FOUND
    assert r.error and "working directory" in r.error


def test_huge_output_is_capped_and_does_not_hang(standin: Standin, tmp_path: Path) -> None:
    cap = 64 * 1024
    r = run_bounded(
        [str(standin("standin_lake_huge_output.py")), "8"],
        tmp_path,
        timeout_s=60,
        max_output_bytes=cap,
    )
    assert r.status is ProcessStatus.OK
    assert r.truncated and r.stdout_truncated and r.stderr_truncated
    assert len(r.stdout.encode()) == cap
    assert len(r.stderr.encode()) == cap
    assert r.stdout.startswith("HEAD-OF-STDOUT\n")  # the head is what is kept
    assert r.stderr.startswith("HEAD-OF-STDERR\n")
    expected_total = len(b"HEAD-OF-STDOUT\n") + 8 * 1024 * 1024
    assert r.stdout_bytes == expected_total  # everything was drained, not just kept


def test_output_under_cap_is_not_truncated(standin: Standin, tmp_path: Path) -> None:
    r = run_bounded(
        [str(standin("standin_lake_huge_output.py")), "1"],
        tmp_path,
        timeout_s=60,
        max_output_bytes=4 * 1024 * 1024,
    )
    assert not r.truncated
    assert r.stdout_bytes == len(r.stdout.encode())


def test_garbage_bytes_are_decoded_with_replacement(standin: Standin, tmp_path: Path) -> None:
    r = run_bounded([str(standin("standin_lake_garbage.py"))], tmp_path, timeout_s=30)
    assert r.status is ProcessStatus.EXIT_NONZERO and r.exit_code == 1
    assert "\ufffd" in r.stdout
    assert "café ✖ ok" in r.stdout  # valid UTF-8 next to garbage survives
    assert "binary noise" in r.stderr


def test_env_replaces_environment(tmp_path: Path) -> None:
    r = run_bounded(
        [sys.executable, "-c", "import os; print(os.environ.get('LB_X'), os.environ.get('HOME'))"],
        tmp_path,
        timeout_s=30,
        env={"LB_X": "42", "PATH": os.environ.get("PATH", "")},
    )
    assert r.stdout.strip() == "42 None"


def test_stdin_is_closed(tmp_path: Path) -> None:
    r = run_bounded(
        [sys.executable, "-c", "import sys; print(repr(sys.stdin.read()))"], tmp_path, timeout_s=10
    )
    assert r.status is ProcessStatus.OK
    assert r.stdout.strip() == "''"


def test_child_runs_in_its_own_session(tmp_path: Path) -> None:
    r = run_bounded(
        [sys.executable, "-c", "import os; print(os.getsid(0) == os.getpid(), os.getpgrp())"],
        tmp_path,
        timeout_s=10,
    )
    is_leader, pgrp = r.stdout.split()
    assert is_leader == "True"
    assert int(pgrp) != os.getpgrp()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is applied on Linux")
def test_memory_limit_is_applied(tmp_path: Path) -> None:
    code = (
        "import resource\n"
        "print(resource.getrlimit(resource.RLIMIT_AS)[0])\n"
        "try:\n"
        "    b = bytearray(512 * 1024 * 1024)\n"
        "    print('allocated')\n"
        "except MemoryError:\n"
        "    print('memoryerror')\n"
    )
    r = run_bounded([sys.executable, "-c", code], tmp_path, timeout_s=30, memory_limit_mb=256)
    limit, outcome = r.stdout.split()
    assert int(limit) == 256 * 1024 * 1024
    assert outcome == "memoryerror"


def test_invalid_arguments_raise(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        run_bounded([], tmp_path, timeout_s=1)
    with pytest.raises(ValueError):
        run_bounded(["true"], tmp_path, timeout_s=0)
    with pytest.raises(ValueError):
        run_bounded(["true"], tmp_path, timeout_s=1, memory_limit_mb=0)


def test_run_many_keeps_order_and_runs_in_parallel(standin: Standin, tmp_path: Path) -> None:
    # Three stand-ins that finish only when all three run at once (a barrier, not a clock:
    # run one after another, the first would wait alone and fail), and one that exits 2.
    barrier = str(standin("standin_lake_barrier.py"))
    empty = str(standin("standin_lake_empty.py"))
    room = str(tmp_path / "room")
    specs = [
        Job(argv=(barrier, room, "3"), cwd=str(tmp_path), timeout_s=120),
        Job(argv=(empty, "2"), cwd=str(tmp_path), timeout_s=30),
        Job(argv=(barrier, room, "3"), cwd=str(tmp_path), timeout_s=120),
        Job(argv=(barrier, room, "3"), cwd=str(tmp_path), timeout_s=120),
    ]
    results = run_many(specs, jobs=4)
    assert [r.status for r in results] == [
        ProcessStatus.OK,
        ProcessStatus.EXIT_NONZERO,
        ProcessStatus.OK,
        ProcessStatus.OK,
    ]
    assert results[1].exit_code == 2
    assert all("standin: met 3" in r.stdout for i, r in enumerate(results) if i != 1)


def test_run_many_with_one_job_runs_one_at_a_time(standin: Standin, tmp_path: Path) -> None:
    """The barrier's other side, so the test above can fail: with ``jobs=1`` the first copy
    waits alone until it is killed, and only the second, finding the first's file left
    behind, meets it."""
    barrier = str(standin("standin_lake_barrier.py"))
    room = str(tmp_path / "room")
    specs = [
        Job(argv=(barrier, room, "2"), cwd=str(tmp_path), timeout_s=0.5),
        Job(argv=(barrier, room, "2"), cwd=str(tmp_path), timeout_s=120),
    ]
    results = run_many(specs, jobs=1)
    assert [r.status for r in results] == [ProcessStatus.TIMEOUT, ProcessStatus.OK]
    assert "standin: met 2" not in results[0].stdout
    assert "standin: met 2" in results[1].stdout


def test_run_many_isolates_a_timeout(standin: Standin, tmp_path: Path) -> None:
    sleeper = str(standin("standin_lake_sleep.py"))
    empty = str(standin("standin_lake_empty.py"))
    results = run_many(
        [
            Job(argv=(sleeper, "60"), cwd=str(tmp_path), timeout_s=0.5),
            Job(argv=(empty,), cwd=str(tmp_path), timeout_s=30),
        ],
        jobs=2,
    )
    assert results[0].status is ProcessStatus.TIMEOUT
    assert results[1].status is ProcessStatus.OK


def test_run_many_rejects_zero_jobs(tmp_path: Path) -> None:
    assert run_many([], jobs=1) == []
    with pytest.raises(ValueError):
        run_many([Job(argv=("true",), cwd=str(tmp_path), timeout_s=1)], jobs=0)
