"""GRIM, GRIMMER and DEBIT theorems through the bundled Lean 4.35.0 frontend."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from leanbridge.emit import emit_file
from leanbridge.emit.command import write_module

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "granularity.yaml"


@pytest.fixture(scope="module")
def lean(tmp_path_factory):
    from leanbridge.kernel import bundled, compile

    try:
        command = bundled.lean_command()
    except bundled.BundledLeanUnavailable as e:
        pytest.skip(f"the bundled Lean frontend is not available: {e}")
    prepared = compile.prepare_library(
        command, with_prelude=True, cache_dir=tmp_path_factory.mktemp("cache")
    )
    return command, prepared


def _run(lean, path: Path) -> tuple[int, str]:
    command, prepared = lean
    proc = subprocess.run(
        [*command, "--json", str(path)],
        env=prepared.env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return proc.returncode, proc.stdout + proc.stderr


@pytest.mark.lean
def test_every_granularity_claim_is_proved(lean, tmp_path):
    module = emit_file(str(FIXTURE))
    path = write_module(tmp_path, module)
    text = Path(path).read_text()
    assert "Stats.grimAt v_m_ok 28 (145)" in text  # the witness total is in the theorem
    assert len(module.theorems) == 6
    code, output = _run(lean, Path(path))
    assert code == 0, output[-5000:]
    for t in module.theorems:
        assert f"'{t.full_name}' does not depend on any axioms" in output


@pytest.mark.lean
def test_a_wrong_witness_is_rejected(lean, tmp_path):
    module = emit_file(str(FIXTURE))
    path = Path(write_module(tmp_path, module))
    path.write_text(path.read_text().replace("(145)", "(146)"))
    code, output = _run(lean, path)
    assert code != 0
    lines = path.read_text().splitlines()
    start = next(i for i, line in enumerate(lines, 1) if "theorem claim_grim_witness " in line)
    errors = [
        m["pos"]["line"]
        for m in map(json.loads, output.splitlines())
        if m.get("severity") == "error"
    ]
    assert any(start <= line <= start + 2 for line in errors), output[-3000:]
