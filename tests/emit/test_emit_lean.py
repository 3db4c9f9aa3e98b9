"""`lake build` of the Lean library plus every emitted corpus module (needs Lean)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from leanbridge.emit import emit_file
from leanbridge.emit.command import write_module

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
INPUTS = [
    *sorted((ROOT / "claims").glob("*.yaml")),
    *sorted((HERE / "fixtures").glob("*.yaml")),
    *sorted((HERE / "injection").glob("*.yaml")),
]
BUILD_TIMEOUT_S = 3600


@pytest.mark.lake
@pytest.mark.skipif(
    shutil.which("lake") is None,
    reason="`lake` is not on PATH: install elan and the toolchain in lean-toolchain to build "
    "the emitted Lean",
)
def test_lake_builds_library_and_emitted_modules(tmp_path: Path) -> None:
    work = tmp_path / "ws"
    work.mkdir()
    for name in ("lakefile.lean", "lean-toolchain"):
        shutil.copy(ROOT / name, work / name)
    shutil.copytree(ROOT / "lean", work / "lean")
    modules = [emit_file(str(p)) for p in INPUTS]
    assert len({m.relative_path for m in modules}) == len(modules)
    for m in modules:
        write_module(work / "out", m)
    targets = ["LeanBridge", *(m.lean_module for m in modules)]
    proc = subprocess.run(
        ["lake", "build", *targets],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-20_000:]
    assert "sorry" not in output
    assert "depends on axioms" not in output, output[-20_000:]
