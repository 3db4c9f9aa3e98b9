"""The installed wheel carries the Lean library, so `prove` works from any directory."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _installed_files() -> set[str]:
    try:
        files = metadata.files("leanbridge")
    except metadata.PackageNotFoundError:
        pytest.skip("leanbridge is not installed (tests run from the source tree only)")
    names = {f.as_posix() for f in files or ()}
    if not any(n.startswith("leanbridge/") and n.endswith(".py") for n in names):
        pytest.skip("leanbridge is installed in editable mode: no wheel contents to inspect")
    return names


def test_wheel_ships_the_lean_library_and_workspace_files() -> None:
    names = _installed_files()
    expected = {
        "leanbridge/_lean_workspace/lakefile.lean",
        "leanbridge/_lean_workspace/lean-toolchain",
    }
    expected |= {
        "leanbridge/_lean/" + p.relative_to(ROOT / "lean").as_posix()
        for p in (ROOT / "lean").rglob("*.lean")
    }
    assert expected <= names, sorted(expected - names)
    assert "leanbridge/syntax/claim.lark" in names
    assert "leanbridge/syntax/claim_driver.json" in names  # the driver without lark
    # the bundled frontend's prelude and its self-tests (leanbridge.kernel.compile)
    assert {
        "leanbridge/kernel/prelude/Init.lean",
        "leanbridge/kernel/prelude/InitSelftest.lean",
    } <= names
    assert any(n.startswith("leanbridge/emit/templates/") for n in names)
