"""Verdicts read from real Lean 4.35.0 output (samples captured by capture_samples.py).

These run everywhere: the samples are stored. test_real_lean.py re-captures them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from capture_samples import SAMPLE_MODULES, SAMPLES

from leanbridge.prove.lean_check import ClaimLean, module_verdicts
from leanbridge.prove.process import ProcessResult, ProcessStatus


def _verdicts(name: str, allowed: frozenset[str] = frozenset()) -> dict[str, ClaimLean]:
    """What `prove` concludes from the stored output of the sample's module."""
    stdout = (SAMPLES / name).read_text("utf-8")
    has_error = '"severity":"error"' in stdout
    result = ProcessResult(
        argv=("lean", "--json", "x.lean"),
        cwd=".",
        status=ProcessStatus.EXIT_NONZERO if has_error else ProcessStatus.OK,
        exit_code=1 if has_error else 0,
        signal=None,
        duration_s=0.0,
        timeout_s=60.0,
        stdout=stdout,
        stderr="",
        stdout_bytes=len(stdout.encode()),
        stderr_bytes=0,
        stdout_truncated=False,
        stderr_truncated=False,
    )
    return module_verdicts(SAMPLE_MODULES[name](), result, allowed)


def test_samples_exist() -> None:
    assert sorted(p.name for p in Path(SAMPLES).glob("lean_4_35_*.jsonl")) == sorted(SAMPLE_MODULES)


def test_emitted_module_proved_with_no_axioms() -> None:
    got = _verdicts("lean_4_35_proved.jsonl")
    assert {k: (v.verdict, v.axioms) for k, v in got.items()} == {
        "squad_tokens_times_hidden": ("proved", []),
        "wrong_product_refuted": ("refuted", []),
        "power_of_two": ("proved", []),
    }


def test_failures_are_never_proved() -> None:
    got = _verdicts("lean_4_35_failures.jsonl")
    assert {k: v.verdict for k, v in got.items()} == {
        "xlmr_avg_task": "lean-error",  # `sorry`: "internal exception #3" under the prelude
        "stilts_avg_task": "axiom-violation",  # uses `axiom cheat : False`
        "stilts_gain_over_xlmr": "lean-error",  # a type error
        "stilts_gain_recomputed": "lean-error",  # an unknown identifier
        "stilts_better_on_every_task": "lean-error",  # `Eq.refl` for the wrong direction
        "tydiqa_largest_em_gain": "proved",
    }
    # The failing theorems' `#print axioms` lines say "does not depend on any axioms":
    # the error attributed to the theorem wins.
    assert got["xlmr_avg_task"].axioms is None
    assert got["stilts_avg_task"].axioms == ["cheat"]
    assert any("Type mismatch" in m for m in got["stilts_gain_over_xlmr"].messages)
    assert any("Unknown identifier" in m for m in got["stilts_gain_recomputed"].messages)
    # A proof that fails is no evidence that Lean computes the opposite.
    assert not any(v.disagreement for v in got.values())
    assert any(
        "Type mismatch\n  Eq.refl true" in m for m in got["stilts_better_on_every_task"].messages
    )


def test_an_allowed_axiom_passes_the_audit_so_the_source_scan_must_stop_it() -> None:
    """Why `scan_forbidden` runs first: the audit alone accepts a declared, allowed axiom."""
    got = _verdicts("lean_4_35_failures.jsonl", allowed=frozenset({"cheat"}))
    assert got["stilts_avg_task"].verdict == "proved"


def test_kernel_refusal_is_an_error_though_the_axioms_line_names_only_the_theorem() -> None:
    got = _verdicts("lean_4_35_kernel_refusal.jsonl")
    assert got["power_of_two"].verdict == "lean-error"
    assert any("kernel refused" in m for m in got["power_of_two"].messages)
    assert got["squad_tokens_times_hidden"].verdict == "proved"
    assert got["wrong_product_refuted"].verdict == "refuted"


@pytest.mark.parametrize("name", sorted(SAMPLE_MODULES))
def test_every_line_of_real_output_is_a_message(name: str) -> None:
    from leanbridge.prove.diagnostics import parse_output

    out = parse_output((SAMPLES / name).read_text("utf-8"))
    assert out.unrecognized == () and out.messages
