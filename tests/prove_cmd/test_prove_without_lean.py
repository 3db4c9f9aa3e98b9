"""`prove` where no `lake` exists: exit 3, a complete verifiable artifact, nothing `proved`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from prove_cmd_helpers import ARITH, REMBERT, Run, verify

from leanbridge import __version__
from leanbridge.prove.frontend import NO_LEAN_HINT
from leanbridge.prove.toolchain import INSTALL_HINT


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_not_run_artifact_is_complete(prove: Callable[..., Run]) -> None:
    run = prove()
    assert run.code == 3, run.result.output
    art = run.artifact()
    files = _files(art)
    m = run.manifest()

    # The claim file byte for byte, the emitted module, the library, lakefile, toolchain pin.
    assert files["input/rembert_table16.yaml"] == REMBERT.read_bytes()
    assert m["claim_file"] == "input/rembert_table16.yaml"
    assert m["module"] == "workspace/out/Claims/RembertTable16.lean"
    module_text = files[m["module"]].decode()
    assert module_text.startswith("import LeanBridge\n")
    assert "#print axioms claim_xlmr_avg_task" in module_text
    for rel in (
        "workspace/lakefile.lean",
        "workspace/lean-toolchain",
        "workspace/lean/LeanBridge.lean",
    ):
        assert rel in files
    assert files["workspace/lean-toolchain"].decode().strip() == m["lean"]["toolchain"]
    assert any(r.startswith("workspace/lean/LeanBridge/") for r in files)

    # Every other file is hashed, and the hashes are right; nothing unlisted.
    assert set(m["files"]) == set(files) - {"manifest.json"}
    for rel, digest in m["files"].items():
        assert hashlib.sha256(files[rel]).hexdigest() == digest

    assert m["format"] == "leanbridge-artifact/1"
    assert m["tool"] == {"name": "leanbridge", "version": __version__}
    assert m["lean"]["ran"] is False and m["lean"]["install_hint"] == NO_LEAN_HINT
    assert m["lean"]["lake"] is None and m["lean"]["lean"] is None
    assert m["commands"] == [] and m["exit_code"] == 3
    assert m["started_at"] <= m["finished_at"]
    assert m["started_at"].endswith("+00:00")

    claims = {c["id"]: c for c in m["claims"]}
    assert set(claims) == {
        "xlmr_avg_task",
        "stilts_avg_task",
        "stilts_gain_over_xlmr",
        "stilts_gain_recomputed",
        "stilts_better_on_every_task",
        "tydiqa_largest_em_gain",
    }
    assert claims["stilts_better_on_every_task"]["exact_verdict"] == "fails"
    assert claims["xlmr_avg_task"]["exact"]["lhs"]["fraction"] == "9819/140"
    for c in claims.values():
        assert c["lean_verdict"] == "not-run"
        assert c["verified"] is False
        assert c["axioms"] is None
        assert c["evidence"] == "internal-consistency" and c["does_not_establish"]
        assert c["theorem"].startswith("Claims.RembertTable16.claim_")


def test_one_install_hint_line_and_nothing_proved(prove: Callable[..., Run]) -> None:
    run = prove(claims=(REMBERT, ARITH))
    assert run.code == 3
    hint_lines = [x for x in run.result.output.splitlines() if INSTALL_HINT in x]
    assert len(hint_lines) == 1
    assert "Lean not run" in hint_lines[0]
    assert "Lean proved" not in run.result.stdout and "Lean refuted" not in run.result.stdout
    assert run.result.stdout.count("Lean not-run") == 9
    assert " -> verified" not in run.result.stdout
    for stem in ("rembert_table16", "arithmetic"):
        assert {c["lean_verdict"] for c in run.manifest(stem)["claims"]} == {"not-run"}
        assert not any(c["verified"] for c in run.manifest(stem)["claims"])
    assert not run.work.exists()  # no Lake workspace without Lean


@pytest.mark.parametrize("lake_arg", [None, "/nonexistent/lake"])
def test_require_lean_fails_before_writing(prove: Callable[..., Run], lake_arg: str | None) -> None:
    extra = ["--lake", lake_arg] if lake_arg else []
    run = prove("--require-lean", *extra)
    assert run.code == 3
    assert INSTALL_HINT in run.result.stderr
    assert not run.out.exists() and not run.work.exists()
    assert "artifact:" not in run.result.output


def test_fresh_not_run_artifact_verifies(prove: Callable[..., Run]) -> None:
    run = prove()
    digest = hashlib.sha256((run.artifact() / "manifest.json").read_bytes()).hexdigest()
    assert f"manifest.json sha256 {digest}" in run.result.stdout
    res = verify(run.artifact(), "--expect-digest", digest)
    assert res.exit_code == 0, res.output
    assert "OK" in res.output and "Lean not re-run" in res.output
    bad = verify(run.artifact(), "--expect-digest", "0" * 64)
    assert bad.exit_code == 1


def test_runs_are_deterministic(prove: Callable[..., Run], tmp_path: Path) -> None:
    a, b = prove(name="a"), prove(name="b")
    fa, fb = _files(a.artifact()), _files(b.artifact())
    assert fa.keys() == fb.keys()
    for rel in fa:
        if rel != "manifest.json":
            assert fa[rel] == fb[rel], rel
    ma, mb = a.manifest(), b.manifest()
    for m in (ma, mb):
        m.pop("started_at"), m.pop("finished_at")
    assert json.dumps(ma, sort_keys=True) == json.dumps(mb, sort_keys=True)
