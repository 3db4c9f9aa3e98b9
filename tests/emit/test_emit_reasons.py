"""Why a claim is not emitted: every reason that applies is named."""

from __future__ import annotations

import pytest

from leanbridge.claims.loader import load_claim_text
from leanbridge.emit import emit_module
from leanbridge.emit.emitter import ROUNDED_REASON
from leanbridge.pipeline import evaluate_file

pytest.importorskip("flint", reason="p-values need python-flint (the `stats` extra)")


def _reasons(check: str, inputs: str) -> dict[str, str]:
    text = (
        'leanbridge: 1\nvalues:\n  f: {value: "0.42", source: "T1"}\n'
        '  p: {value: "0.52", source: "T1"}\n  a: {value: "1.5", source: "T1"}\n'
        f'claims:\n  - id: c\n    source: "T1"\n    inputs: {inputs}\n    check: "{check}"\n'
    )
    module = emit_module(evaluate_file(load_claim_text("r.yaml", text)))
    return {n.claim_id: n.reason for n in module.not_emitted}


def test_a_rounded_p_value_names_both_reasons() -> None:
    reason = _reasons("p_f(f, 1, 120) ~= p", "rounded")["c"]
    assert ROUNDED_REASON in reason
    assert "; and numeric: a p-value is a certified enclosure" in reason


def test_a_rounded_exact_claim_names_only_rounding() -> None:
    reason = _reasons("a * 2 ~= 3", "rounded")["c"]
    assert reason == f"not expressible in Lean: {ROUNDED_REASON}"


def test_an_exact_p_value_names_only_the_numeric_reason() -> None:
    reason = _reasons("p_f(f, 1, 120) ~= p", "exact")["c"]
    assert ROUNDED_REASON not in reason
    assert reason.startswith("not expressible in Lean: numeric: a p-value")
