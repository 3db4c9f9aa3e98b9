"""`prove --lake STANDIN`: verdicts follow only from positive evidence in Lean's output.

The stand-in (standins/standin_lake_json.py) is a test double for the process
boundary: it prints `lean --json` messages in Lean's exact shape, never evidence that
Lean accepts our files.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from prove_cmd_helpers import ARITH, REMBERT, Lake, Run, verify

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX executables")

ALL = {
    "xlmr_avg_task": "proved",
    "stilts_avg_task": "proved",
    "stilts_gain_over_xlmr": "proved",
    "stilts_gain_recomputed": "proved",
    "stilts_better_on_every_task": "refuted",
    "tydiqa_largest_em_gain": "proved",
}


def _with(lake: Lake, prove: Callable[..., Run], mode: str, *args: str, **cfg: object) -> Run:
    lake.set(mode, **cfg)
    return prove("--lake", lake.path, *args)


def _offline_ok(run: Run) -> None:
    """The honest artifact of a failed run still verifies offline (hashes, records, logs)."""
    res = verify(run.artifact(), "--no-lean")
    assert res.exit_code == 0, res.output


def _claim(run: Run, claim_id: str) -> dict:
    return next(c for c in run.manifest()["claims"] if c["id"] == claim_id)


def test_all_proved_or_refuted(lake: Lake, prove: Callable[..., Run]) -> None:
    run = _with(lake, prove, "ok")
    assert run.code == 0, run.result.output
    assert run.verdicts() == ALL
    m = run.manifest()
    assert all(c["verified"] and c["axioms"] == [] for c in m["claims"])
    assert m["lean"]["ran"] is True
    assert m["lean"]["lake"] == "Lake version 5.0.0-8e5cf6a (Lean version 4.9.0)"
    assert m["lean"]["lean"].startswith("Lean (version 4.9.0,")
    assert [c["argv"] for c in m["commands"]] == [
        ["lake", "build", "LeanBridge"],
        ["lake", "env", "lean", "--json", "out/Claims/RembertTable16.lean"],
    ]
    assert all(c["status"] == "ok" and c["exit_code"] == 0 for c in m["commands"])
    for c in m["commands"]:
        assert c["log"] in m["files"]
    assert lake.calls() == [
        ["--version"],
        ["env", "lean", "--version"],
        ["build", "LeanBridge"],
        ["env", "lean", "--json", "out/Claims/RembertTable16.lean"],
    ]
    assert "stilts_better_on_every_task: exact fails, Lean refuted" in run.result.stdout
    res = verify(run.artifact(), "--lake", lake.path)
    assert res.exit_code == 0, res.output
    assert "Lean re-run: verdicts compared" in res.output


def test_artifact_holds_only_its_own_modules_log(lake: Lake, prove: Callable[..., Run]) -> None:
    lake.set("ok")
    run = prove("--lake", lake.path, claims=(REMBERT, ARITH))
    assert run.code == 0, run.result.output
    for stem, other in (("rembert_table16", "Arithmetic"), ("arithmetic", "RembertTable16")):
        m = run.manifest(stem)
        assert not any(other in " ".join(c["argv"]) for c in m["commands"])
        assert not any(other in rel for rel in m["files"])
        assert verify(run.artifact(stem), "--lake", lake.path).exit_code == 0


@pytest.mark.parametrize(
    ("axiom", "allow", "code", "verdict"),
    [
        ("sorryAx", "", 4, "axiom-violation"),
        ("sorryAx", "sorryAx,propext", 4, "axiom-violation"),
        ("Lean.ofReduceBool", "Lean.ofReduceBool", 4, "axiom-violation"),
        ("propext", "", 4, "axiom-violation"),
        ("propext", "propext", 0, None),
    ],
)
def test_axioms(
    lake: Lake, prove: Callable[..., Run], axiom: str, allow: str, code: int, verdict: str | None
) -> None:
    run = _with(lake, prove, "axioms", "--allow-axioms", allow, axioms=[axiom])
    assert run.code == code, run.result.output
    if verdict is None:
        assert run.verdicts() == ALL
        assert all(c["axioms"] == [axiom] and c["verified"] for c in run.manifest()["claims"])
    else:
        assert set(run.verdicts().values()) == {verdict}
        assert not any(c["verified"] for c in run.manifest()["claims"])
    assert run.manifest()["allowed_axioms"] == sorted(a for a in allow.split(",") if a)
    _offline_ok(run)


def test_manifest_records_the_limits_lean_ran_with(lake: Lake, prove: Callable[..., Run]) -> None:
    run = _with(
        lake,
        prove,
        "ok",
        "--timeout",
        "7",
        "--total-timeout",
        "99",
        "--jobs",
        "2",
        "--memory-mb",
        "4096",
    )
    assert run.code == 0, run.result.output
    assert run.manifest()["limits"] == {
        "module_timeout_s": 7.0,
        "total_timeout_s": 99.0,
        "memory_limit_mb": 4096,
        "jobs": 2,
    }
    res = verify(run.artifact(), "--lake", lake.path)  # re-runs Lean with those limits
    assert res.exit_code == 0, res.output


def test_missing_axiom_line_is_no_evidence(lake: Lake, prove: Callable[..., Run]) -> None:
    run = _with(lake, prove, "omit", target="claim_stilts_avg_task")
    assert run.code == 4
    expected = dict(ALL, stilts_avg_task="lean-error")
    assert run.verdicts() == expected
    claim = _claim(run, "stilts_avg_task")
    assert claim["axioms"] is None and not claim["verified"]
    assert any("no #print axioms output" in n for n in claim["notes"])
    _offline_ok(run)


def test_decide_proving_the_opposite_is_a_disagreement(
    lake: Lake, prove: Callable[..., Run]
) -> None:
    run = _with(lake, prove, "error-in", target="claim_stilts_gain_over_xlmr")
    assert run.code == 4
    assert run.verdicts() == dict(ALL, stilts_gain_over_xlmr="lean-error")
    claim = _claim(run, "stilts_gain_over_xlmr")
    assert claim["notes"][0].startswith("DISAGREEMENT")  # `decide` evaluated otherwise
    assert not any(n.startswith("DISAGREEMENT") for n in _claim(run, "stilts_avg_task")["notes"])
    _offline_ok(run)


@pytest.mark.parametrize(
    ("message", "verdict"),
    [
        (
            "Tactic `decide` failed for proposition\n  p\nsince its 'Decidable' instance "
            "reduced to\n  Decidable.rec ...\nrather than to the 'isTrue' constructor.",
            "lean-error",
        ),
        (
            "tactic 'decide' failed for proposition\n  p\nsince its 'Decidable' instance "
            "did not reduce to 'isTrue' or 'isFalse'.",
            "lean-error",
        ),
        (
            "maximum recursion depth has been reached\nuse `set_option maxRecDepth <num>` "
            "to increase limit",
            "lean-error",
        ),
        (
            "Not a definitional equality: the left-hand side\n  p\nis not definitionally "
            "equal to the right-hand side\n  true",
            "lean-error",
        ),
        (
            "(deterministic) timeout at `whnf`, maximum number of heartbeats (200000) has been "
            "reached\nUse `set_option maxHeartbeats <num>` to set the limit.",
            "timeout",
        ),
    ],
)
def test_failing_to_prove_is_no_disagreement(
    lake: Lake, prove: Callable[..., Run], message: str, verdict: str
) -> None:
    """Only Lean computing the opposite is a disagreement; failing to evaluate is not."""
    run = _with(lake, prove, "error-in", target="claim_stilts_gain_over_xlmr", message=message)
    assert run.code == 4
    assert run.verdicts() == dict(ALL, stilts_gain_over_xlmr=verdict)
    claim = _claim(run, "stilts_gain_over_xlmr")
    assert not any(n.startswith("DISAGREEMENT") for n in claim["notes"]), claim["notes"]
    assert message.split("\n")[0] in claim["notes"][0]
    _offline_ok(run)


def test_error_at_line_1_fails_every_claim(lake: Lake, prove: Callable[..., Run]) -> None:
    run = _with(lake, prove, "error-line1")
    assert run.code == 4
    assert set(run.verdicts().values()) == {"lean-error"}
    assert all("unknown package" in c["notes"][-1] for c in run.manifest()["claims"])
    _offline_ok(run)


@pytest.mark.parametrize("mode", ["empty", "garbage", "exit-nonzero", "crash"])
def test_no_usable_output_is_never_success(
    lake: Lake, prove: Callable[..., Run], mode: str
) -> None:
    run = _with(lake, prove, mode)
    assert run.code == 4, run.result.output
    assert set(run.verdicts().values()) == {"lean-error"}
    assert not any(c["verified"] for c in run.manifest()["claims"])
    lean_cmd = run.manifest()["commands"][-1]
    if mode == "crash":
        assert lean_cmd["status"] == "crashed" and lean_cmd["exit_code"] is None
    # The offline re-check reads the recorded output the same way.
    assert verify(run.artifact(), "--no-lean").exit_code == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie still answers kill(0); it is gone as a process if its state is Z.
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        try:
            return stat.read_text().split(")")[-1].split()[0] != "Z"
        except OSError:
            return False
    return True


def test_hang_times_out_and_leaves_no_process(lake: Lake, prove: Callable[..., Run]) -> None:
    started = time.monotonic()
    run = _with(lake, prove, "hang", "--timeout", "1", seconds=60)
    assert time.monotonic() - started < 20
    assert run.code == 4
    assert set(run.verdicts().values()) == {"timeout"}
    assert run.manifest()["commands"][-1]["status"] == "timeout"
    pids = lake.pids()
    assert len(pids) == 2
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(p) for p in pids), pids
    _offline_ok(run)


def test_library_build_failure(lake: Lake, prove: Callable[..., Run]) -> None:
    run = _with(lake, prove, "build-fail")
    assert run.code == 4
    assert set(run.verdicts().values()) == {"lean-error"}
    m = run.manifest()
    assert any("LeanBridge library did not build" in e for e in m["errors"])
    assert [c["argv"][1] for c in m["commands"]] == ["build"]
    assert ["env", "lean", "--json", "out/Claims/RembertTable16.lean"] not in lake.calls()
    assert "Lean run problem" in run.result.stderr
    _offline_ok(run)


def test_workspace_axiom_fails_the_run(lake: Lake, prove: Callable[..., Run]) -> None:
    lake.set("ok")
    first = prove("--lake", lake.path)
    assert first.code == 0
    evil = first.work / "lean" / "LeanBridge" / "Evil.lean"
    evil.write_text("namespace LeanBridge\naxiom cheat : 1 = 2\nend LeanBridge\n", "utf-8")
    again = prove("--lake", lake.path)  # every module is in the cache: fails all the same
    assert again.code == 4
    assert set(again.verdicts().values()) == {"axiom-violation"}
    assert any("declares axiom `cheat`" in e for e in again.manifest()["errors"])
    assert not any(c["verified"] for c in again.manifest()["claims"])
    _offline_ok(again)


def test_standin_runs_are_deterministic(lake: Lake, prove: Callable[..., Run]) -> None:
    lake.set("ok")
    a, b = prove("--lake", lake.path, name="a"), prove("--lake", lake.path, name="b")
    assert a.code == b.code == 0
    mod = "workspace/out/Claims/RembertTable16.lean"
    assert (a.artifact() / mod).read_bytes() == (b.artifact() / mod).read_bytes()
    ma, mb = a.manifest(), b.manifest()
    for m in (ma, mb):
        del m["started_at"], m["finished_at"]
        for c in m["commands"]:
            del c["duration_s"]
    assert ma == mb
