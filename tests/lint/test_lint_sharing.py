"""LB001's perturbed evaluations reuse the values of sub-expressions that do not mention the
perturbed inputs: every verdict must be the one a fresh evaluation gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from leanbridge.claims.loader import load_claim_file, load_claim_text
from leanbridge.lint.analysis import _Shared, generic_mutants
from leanbridge.pipeline import evaluate_file
from leanbridge.semantics.evaluate import evaluate
from leanbridge.syntax import ast
from leanbridge.syntax.parser import parse_check

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    str(p)
    for d in ("claims", "tests/lint/fixtures", "tests/fixtures/files")
    for p in (ROOT / d).glob("*.yaml")
)

EXTRA = """\
leanbridge: 1
values:
  a: {value: "2", source: s}
  b: {value: "3.5", source: s}
  xs: {value: ["1.5", "2.25", "3"], source: s}
  ys: {value: ["0.1", "0.2"], source: s}
claims:
  - {id: c1, source: s, check: "sqrt(a) + sqrt(b) > sqrt(a + b)"}
  - id: c2
    source: s
    check: "(mean(xs) > mean(ys) and max(xs) >= median(ys)) or not mean(xs) > mean(ys)"
  - {id: c3, source: s, check: "sqrt(a) * sqrt(a) == a or sqrt(b) < a"}
  - {id: c4, source: s, check: "sd(xs) / a ~= 0.4 or b / (a - 2) > 1"}
  - {id: c5, source: s, check: "pct_change(a, b) == 75% and round(mean(xs), 1) < b"}
"""


def claims():
    loaded = [load_claim_file(f) for f in FILES]
    loaded.append(load_claim_text("extra.yaml", EXTRA))
    for lf in loaded:
        for c in evaluate_file(lf).claims:
            names = [n for n in ast.names_in(c.loaded.tree) if n in lf.values]
            if names and c.outcome.verdict in ("holds", "fails"):  # what LB001 perturbs
                yield c.loaded.tree, lf.values, names


@pytest.mark.parametrize("case", list(claims()), ids=lambda c: str(c[0].span))
def test_shared_values_give_fresh_verdicts(case) -> None:  # type: ignore[no-untyped-def]
    tree, env, names = case
    shared = _Shared(tree)
    assert evaluate(tree, env, evaluator=shared.evaluator).verdict == evaluate(tree, env).verdict
    phases = [[n] for n in names] + ([names] if len(names) > 1 else [])
    for changed_names in phases:
        shared.perturbing(changed_names)
        columns = [list(generic_mutants(env[n])) for n in changed_names]
        for i in range(len(columns[0])):
            changed = dict(env)
            for n, col in zip(changed_names, columns, strict=True):
                if i < len(col):
                    changed[n] = col[i][1]
            fresh = evaluate(tree, changed, typecheck=False)
            reused = evaluate(tree, changed, typecheck=False, evaluator=shared.evaluator)
            # (enclosures have no __eq__: compare their bounds)
            assert (reused.verdict, repr(reused.lhs), repr(reused.rhs)) == (
                fresh.verdict,
                repr(fresh.lhs),
                repr(fresh.rhs),
            )


def test_the_shared_evaluator_reuses_what_does_not_change() -> None:
    tree = parse_check("mean(xs) > mean(ys)")
    env = load_claim_text("extra.yaml", EXTRA).values
    shared = _Shared(tree)
    evaluate(tree, env, evaluator=shared.evaluator)
    shared.perturbing(["xs"])
    right = tree.right  # type: ignore[attr-defined]
    assert id(right) in shared.constant and id(tree.left) not in shared.constant  # type: ignore[attr-defined]
    assert any(key[0] == shared.shape(id(right)) for key in shared.memo)


def test_a_repeated_sub_expression_is_evaluated_once_per_evaluation() -> None:
    tree = parse_check("(mean(xs) > mean(ys) and max(xs) >= 1) or not mean(xs) > mean(ys)")
    env = load_claim_text("extra.yaml", EXTRA).values
    shared = _Shared(tree)
    compares = [n for n in tree.walk() if isinstance(n, ast.Compare) and n.op == ">"]
    assert len(compares) == 2 and shared.same[id(compares[0])] == shared.same[id(compares[1])]
    assert {id(compares[0]), id(compares[1])} <= shared.repeated
    shared.perturbing(["xs", "ys"])
    evaluated = []

    class Counting(type(shared.evaluator(env, 64))):  # type: ignore[misc]
        def _eval_Call(self, node):  # type: ignore[no-untyped-def]
            evaluated.append(node.func)
            return super()._eval_Call(node)

    fresh = evaluate(tree, env).verdict
    got = evaluate(tree, env, evaluator=lambda e, b: Counting(e, b, shared)).verdict
    assert got == fresh
    assert sorted(evaluated) == ["max", "mean", "mean"]
