"""The whole path a `lean --json` result takes: run -> decode -> parse -> map -> audit."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from leanbridge.prove.axiom_answers import (
    MissingEvidence,
    axiom_reports_from_messages,
    evidence_for,
)
from leanbridge.prove.axiom_policy import audit
from leanbridge.prove.diagnostics import map_to_claims, parse_output
from leanbridge.prove.process import ProcessStatus, run_bounded

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX executables")

SAMPLES = Path(__file__).parent / "samples"
STD = frozenset({"propext", "Classical.choice", "Quot.sound"})
ROW3 = "Claims.Table16.row_3_speedup_ratio_matches_the_value_reported_in_the_paper_table_16"


def test_failed_check_replayed(standin: Callable[[str], Path], tmp_path: Path) -> None:
    lake = standin("standin_lake_replay.py")
    result = run_bounded(
        [str(lake), str(SAMPLES / "lean_json_v4_9.jsonl"), "1"], tmp_path, timeout_s=30
    )
    assert result.status is ProcessStatus.EXIT_NONZERO and result.exit_code == 1

    parsed = parse_output(result.stdout)
    assert parsed.unrecognized == ()
    spans = [("c1", 10, 14), ("c2", 18, 22), ("c3", 24, 31), ("c4", 32, 32)]
    grouped = map_to_claims(parsed.messages, spans, file="Claims/Table16.lean")
    assert [m.severity for m in grouped.by_claim["c1"]] == ["error"]
    assert grouped.by_claim["c2"] == ()
    assert [m.severity for m in grouped.by_claim["c3"]] == ["warning", "info"]
    assert [m.severity for m in grouped.by_claim["c4"]] == ["info"]
    assert grouped.file_level == () and grouped.other_files == ()

    evidence = evidence_for(
        [ROW3, "Claims.Table16.claim_4", "Claims.Table16.claim_5"],
        axiom_reports_from_messages(parsed.messages),
    )
    assert audit(evidence[ROW3], allowed=STD) == []
    assert [(v.kind, v.axiom) for v in audit(evidence[ROW3])] == [
        ("not-allowed", "Classical.choice"),
        ("not-allowed", "Quot.sound"),
        ("not-allowed", "propext"),
    ]
    assert audit(evidence["Claims.Table16.claim_4"]) == []
    assert isinstance(evidence["Claims.Table16.claim_5"], MissingEvidence)
    assert [v.kind for v in audit(evidence["Claims.Table16.claim_5"], allowed=STD)] == [
        "no-evidence"
    ]
