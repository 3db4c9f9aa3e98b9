"""GRIM, GRIMMER and DEBIT printed to Lean: the model of LeanBridge.Stats (a transcription
of the Lean definitions) agrees with the oracle on the printed terms."""

from __future__ import annotations

import pytest
from emit_lean_model import Printed, evaluate_lean, parse_lean
from hypothesis import given, settings
from hypothesis import strategies as st

from leanbridge.emit.printer import LeanPrinter, NotExpressible
from leanbridge.semantics.evaluate import evaluate
from leanbridge.semantics.numbers import parse_decimal
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax.parser import parse_check


def make_env(raw: dict[str, str]) -> dict[str, NamedValue]:
    return {k: NamedValue(k, (parse_decimal(v),), False, None) for k, v in raw.items()}  # type: ignore[arg-type]


def _model_env(env):
    return {
        f"v_{name}": Printed(v.scalar.mantissa, 10**-v.scalar.exponent) for name, v in env.items()
    }


def _agree(check: str, env) -> None:
    tree = parse_check(check)
    outcome = evaluate(tree, env)
    assert outcome.verdict in ("holds", "fails"), outcome
    printed = LeanPrinter(env).statement(tree)
    assert evaluate_lean(parse_lean(printed), _model_env(env)) is (outcome.verdict == "holds")


_decimal = st.tuples(st.integers(-999, 999), st.integers(0, 3)).map(
    lambda t: f"{t[0] / 10 ** t[1]:.{t[1]}f}"
)
_sd = st.tuples(st.integers(0, 400), st.integers(0, 2)).map(
    lambda t: f"{t[0] / 10 ** t[1]:.{t[1]}f}"
)


@settings(max_examples=300, deadline=None)
@given(mean=_decimal, sd=_sd, n=st.integers(2, 60), items=st.integers(1, 4))
def test_printed_tests_agree_with_the_oracle(mean, sd, n, items):
    env = make_env({"m": mean, "s": sd})
    _agree(f"grim(m, {n})", env)
    _agree(f"grim(-m, {n}, {items})", env)
    _agree(f"grimmer(m, s, {n})", env)
    _agree(f"not debit(m, s, {n})", env)


def test_a_passing_grim_shows_its_witness():
    env = make_env({"m": "5.18"})
    printed = LeanPrinter(env).statement(parse_check("grim(m, 28)"))
    assert printed == "band (Stats.grimAt v_m 28 (145)) (Stats.grim v_m 28)"
    printed = LeanPrinter(env).statement(parse_check("grim(-m, 28)"))
    assert "(Z.neg 145)" in printed


def test_a_positive_exponent_is_not_expressible():
    env = make_env({"m": "1.5e2"})
    with pytest.raises(NotExpressible, match="positive exponent"):
        LeanPrinter(env).statement(parse_check("grim(m, 28)"))
