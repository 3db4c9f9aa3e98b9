"""Finding lake and reading versions, with stand-ins instead of a real toolchain."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from leanbridge.prove.process import ProcessStatus
from leanbridge.prove.toolchain import (
    ENV_VAR,
    INSTALL_HINT,
    find_lake,
    lake_version,
    lean_version,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX executables")

Standin = Callable[[str], Path]


def _exe(directory: Path, name: str = "lake") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    p = directory / name
    p.write_text("#!/bin/sh\nexit 0\n")
    p.chmod(0o755)
    return p


def test_explicit_beats_env_beats_path(tmp_path: Path) -> None:
    on_path = _exe(tmp_path / "pathdir")
    via_env = _exe(tmp_path / "envdir")
    via_arg = _exe(tmp_path / "argdir")
    env = {"PATH": str(on_path.parent), ENV_VAR: str(via_env)}

    loc = find_lake(str(via_arg), environ=env)
    assert (loc.found, loc.source, loc.path) == (True, "argument", str(via_arg.resolve()))
    loc = find_lake(None, environ=env)
    assert (loc.found, loc.source, loc.path) == (True, "environment", str(via_env.resolve()))
    loc = find_lake(None, environ={"PATH": str(on_path.parent)})
    assert (loc.found, loc.source, loc.path) == (True, "path", str(on_path))
    assert loc.install_hint is None


def test_not_found_anywhere_gives_the_install_hint(tmp_path: Path) -> None:
    loc = find_lake(None, environ={"PATH": str(tmp_path)})
    assert not loc.found and loc.path is None and loc.source == "path"
    assert loc.install_hint == INSTALL_HINT
    assert "elan-init.sh -sSf | sh" in INSTALL_HINT
    assert INSTALL_HINT.count("\n") == 0


def test_broken_explicit_choice_does_not_fall_back(tmp_path: Path) -> None:
    on_path = _exe(tmp_path / "pathdir")
    env = {"PATH": str(on_path.parent)}
    loc = find_lake(str(tmp_path / "missing" / "lake"), environ=env)
    assert not loc.found and loc.source == "argument" and loc.install_hint
    loc = find_lake(None, environ={**env, ENV_VAR: str(tmp_path / "missing")})
    assert not loc.found and loc.source == "environment"


def test_non_executable_is_not_found(tmp_path: Path) -> None:
    f = tmp_path / "lake"
    f.write_text("#!/bin/sh\n")
    f.chmod(0o644)
    assert not find_lake(str(f), environ={"PATH": ""}).found


def test_bare_name_argument_is_looked_up_on_path(tmp_path: Path) -> None:
    exe = _exe(tmp_path / "bin", "lake-4.9")
    loc = find_lake("lake-4.9", environ={"PATH": str(exe.parent)})
    assert loc.found and loc.path == str(exe)


def test_versions_from_standin(standin: Standin, tmp_path: Path) -> None:
    lake = str(standin("standin_lake_version.py"))
    lv = lake_version(lake, tmp_path, timeout_s=30)
    assert lv.ok
    assert lv.text == "Lake version 5.0.0-8e5cf6a (Lean version 4.9.0)"
    assert (lv.version, lv.lean_version) == ("5.0.0-8e5cf6a", "4.9.0")
    lean = lean_version(lake, tmp_path, timeout_s=30)
    assert lean.ok and lean.version == "4.9.0" and lean.lean_version == "4.9.0"
    assert lean.text.startswith("Lean (version 4.9.0, ")
    assert lean.process.argv[1:] == ("env", "lean", "--version")


def test_version_of_a_failing_or_silent_lake_is_not_ok(standin: Standin, tmp_path: Path) -> None:
    garbage = lake_version(str(standin("standin_lake_garbage.py")), tmp_path, timeout_s=30)
    assert not garbage.ok and garbage.version is None
    assert garbage.process.status is ProcessStatus.EXIT_NONZERO
    empty = lean_version(str(standin("standin_lake_empty.py")), tmp_path, timeout_s=30)
    assert not empty.ok and empty.text == "" and empty.version is None


def test_version_times_out(standin: Standin, tmp_path: Path) -> None:
    v = lake_version(str(standin("standin_lake_sleep.py")), tmp_path, timeout_s=0.5)
    assert not v.ok
    assert v.process.status is ProcessStatus.TIMEOUT


def test_version_of_missing_lake(tmp_path: Path) -> None:
    v = lake_version(str(tmp_path / "nope"), tmp_path, timeout_s=5)
    assert not v.ok and v.process.status is ProcessStatus.NOT_FOUND


def test_real_lake_if_present(tmp_path: Path) -> None:
    """Only meaningful where a toolchain exists; says so when skipped."""
    loc = find_lake(None, environ=os.environ)
    if not loc.found:
        pytest.skip("no lake on PATH (expected here)")
    assert loc.path is not None
    assert lake_version(loc.path, tmp_path).ok
