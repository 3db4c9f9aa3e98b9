"""The whole path a `lake build` result takes: run -> decode -> parse -> map -> audit."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from leanbridge.prove.axioms import (
    MissingEvidence,
    audit,
    axiom_reports_from_messages,
    evidence_for,
)
from leanbridge.prove.diagnostics import map_to_claims, parse_output
from leanbridge.prove.process import ProcessStatus, run_bounded

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX executables")

SAMPLES = Path(__file__).parent / "samples"
STD = frozenset({"propext", "Classical.choice", "Quot.sound"})
ROW3 = "Claims.Table16.row_3_speedup_ratio_matches_the_value_reported_in_the_paper"


def test_failed_build_replayed(standin: Callable[[str], Path], tmp_path: Path) -> None:
    lake = standin("standin_lake_replay.py")
    result = run_bounded(
        [str(lake), str(SAMPLES / "lake_v4_9_build_failed.txt"), "1"], tmp_path, timeout_s=30
    )
    assert result.status is ProcessStatus.EXIT_NONZERO and result.exit_code == 1

    parsed = parse_output(result.output)
    assert parsed.build_failed and parsed.failed_targets == ("Claims.Table16",)

    spans = [("c1", 10, 14), ("c2", 18, 22), ("c3", 24, 31), ("c4", 32, 32)]
    grouped = map_to_claims(parsed.messages, spans, file="Claims/Table16.lean")
    assert [m.severity for m in grouped.by_claim["c1"]] == ["error"]
    assert [m.severity for m in grouped.by_claim["c2"]] == ["error"]
    assert [m.severity for m in grouped.by_claim["c3"]] == ["warning", "info"]
    assert [m.severity for m in grouped.by_claim["c4"]] == ["info"]
    assert grouped.file_level == () and grouped.other_files == ()

    evidence = evidence_for(
        [ROW3, "Claims.Table16.claim_4", "Claims.Table16.claim_5"],
        axiom_reports_from_messages(parsed.messages),
    )
    assert [(v.kind, v.axiom) for v in audit(evidence[ROW3], allowed=STD)] == [("sorry", "sorryAx")]
    assert audit(evidence["Claims.Table16.claim_4"], allowed=STD) == []
    assert isinstance(evidence["Claims.Table16.claim_5"], MissingEvidence)
    assert [v.kind for v in audit(evidence["Claims.Table16.claim_5"], allowed=STD)] == [
        "no-evidence"
    ]


def test_output_on_stderr_is_parsed_too(standin: Callable[[str], Path], tmp_path: Path) -> None:
    lake = standin("standin_lake_replay.py")
    result = run_bounded(
        [str(lake), str(SAMPLES / "lean_plain_v4_9.txt"), "1", "--stderr"], tmp_path, timeout_s=30
    )
    assert result.stdout == ""
    parsed = parse_output(result.output)
    assert [m.line for m in parsed.errors] == [12]
