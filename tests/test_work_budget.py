"""Time on huge numbers is bounded by counted work, deterministically (no clock involved)."""

from __future__ import annotations

from envs import make_env

from leanbridge import limits
from leanbridge.lint import analysis
from leanbridge.semantics import reals
from leanbridge.semantics.evaluate import evaluate
from leanbridge.syntax.parser import parse_check

ENV = make_env({"x": "99", "s": "-0.25"})
HEAVY_TERM = "(x^4096 + 1) * (x^4096 + 2) / (x^4096 + 3)"  # 27,000-bit operands


def _eval(check: str):
    return evaluate(parse_check(check), ENV)


def test_a_check_past_the_work_budget_is_an_error_with_a_reason() -> None:
    o = _eval(" + ".join([HEAVY_TERM] * 60) + " > 1")
    assert o.verdict == "error"
    assert f"more than {limits.MAX_EVAL_WORK:,} units of work" in (o.message or "")


def test_the_budget_is_counted_not_timed_so_the_verdict_repeats() -> None:
    check = " + ".join([HEAVY_TERM] * 60) + " > 1"
    assert len({(_eval(check).verdict, _eval(check).message) for _ in range(3)}) == 1


def test_heavy_but_reasonable_checks_stay_within_the_budget() -> None:
    assert _eval(" + ".join([HEAVY_TERM] * 8) + " > 1").verdict == "holds"
    assert _eval("x^4096 * x^4096 * x^4096 * x^4096 > 1").verdict == "holds"
    env = make_env({"xs": [str(i) for i in range(1, 10_001)]})
    assert evaluate(parse_check("var(xs) ~= 8334166.7"), env).verdict == "holds"


def test_small_numbers_cost_no_work() -> None:
    reals.start_work()
    reals.check_size(reals.Interval(reals.Fraction(1, 3), reals.Fraction(1, 2)))
    reals.check_size(reals.Fraction(2) ** 1000)
    assert reals.work_left() == limits.MAX_EVAL_WORK


def test_each_evaluation_starts_with_a_full_budget() -> None:
    assert _eval(" + ".join([HEAVY_TERM] * 60) + " > 1").verdict == "error"
    assert _eval(HEAVY_TERM + " > 1").verdict == "holds"


def test_enclosures_that_outgrow_the_size_bound_are_undecided_at_once() -> None:
    o = _eval("sqrt(2)^4096 > 1")
    assert o.verdict == "undecided"
    assert "would need about" in (o.message or "") and "bits" in (o.message or "")
    # exact values past the bound stay errors, as before
    assert _eval("x^4096 * x^4096 * x^4096 * x^4096 * x^4096 > 1").verdict == "error"


def test_the_linter_stops_perturbing_a_check_that_is_expensive_to_evaluate(
    monkeypatch,
) -> None:
    calls = []
    real = analysis._verdict

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(analysis, "_verdict", counting)
    # the general path (the compiled one gives up on work on large numbers, and does not
    # call _verdict for the cheap tautology below)
    monkeypatch.setattr(analysis, "FAST_PATH", False)
    tree = parse_check(" + ".join([HEAVY_TERM] * 8) + " > s")  # most of one budget each
    insensitive, _ = analysis.insensitive_to(tree, ENV, ["x", "s"])
    assert not insensitive  # no verdict on dependence...
    assert len(calls) <= 4  # ...after the base evaluation and a few perturbed ones
    calls.clear()
    insensitive, _ = analysis.insensitive_to(parse_check("x + s - s == x"), ENV, ["x", "s"])
    assert insensitive  # a cheap tautology gets the full mutation test, and is found
    assert len(calls) > 20


def test_a_sub_expression_value_gets_its_own_budget_after_an_exhausted_one() -> None:
    assert _eval(" + ".join([HEAVY_TERM] * 60) + " > 1").verdict == "error"  # budget spent
    node = parse_check("x^1000 + 1 > 0").left  # a 6,600-bit value: charged
    assert analysis.value_of(node, ENV) == 99**1000 + 1
