"""`prove` with one claim file named twice proves it once (it used to stop with "two claim
files map to the same module name")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from prove_cmd_helpers import ARITH, CLAIMS, REMBERT, Run


def test_a_repeated_file_is_proved_once(prove: Callable[..., Run]) -> None:
    spelled = CLAIMS / ".." / CLAIMS.name / REMBERT.name
    run = prove(claims=(REMBERT, ARITH, spelled, REMBERT))
    assert run.code == 3, run.result.output  # no `lake`: checked exactly, Lean not run
    assert sorted(p.name for p in run.out.iterdir()) == ["arithmetic", "rembert_table16"]
    assert run.manifest()["claim_file"] == "input/rembert_table16.yaml"
    out = run.result.output
    assert out.count("xlmr_avg_task") == 1, out  # its claims are listed once


def test_a_file_through_its_directory_and_by_name_is_proved_once(
    prove: Callable[..., Run], tmp_path: Path
) -> None:
    d = tmp_path / "claims"
    d.mkdir()
    (d / "a.yaml").write_bytes(ARITH.read_bytes())
    run = prove(claims=(d / "a.yaml", d))
    assert run.code == 3, run.result.output
    assert [p.name for p in run.out.iterdir()] == ["a"]
