"""`inputs: rounded`: verdicts over every value that prints as the inputs."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from click.testing import CliRunner
from envs import make_env
from hypothesis import given, settings
from hypothesis import strategies as st

from leanbridge.cli import cli
from leanbridge.semantics.display import decimal_text
from leanbridge.semantics.evaluate import evaluate
from leanbridge.semantics.rounded import evaluate_rounded, rounded_leaves
from leanbridge.syntax.parser import parse_check

ENV = make_env(
    {"a": "79.2", "b": "70.1", "xs": ["1.2", "3.4", "2.2"], "n": "28", "ks": ["1", "2", "3"]}
)


def rounded(check: str, env=ENV):
    return evaluate_rounded(parse_check(check), env)


def _holds_at(check: str, witness) -> bool:
    """Evaluate ``check`` exactly with the witness's values in place of the inputs."""
    raw: dict[str, object] = {}
    for label, value in witness:
        text = decimal_text(value)
        assert not text.startswith("~"), "witnesses here are terminating decimals"
        if "[" in label:
            name, i = label[:-1].split("[")
            items = raw.setdefault(name, [])
            assert isinstance(items, list) and len(items) == int(i)
            items.append(text)
        else:
            raw[label] = text
    out = evaluate(parse_check(check), make_env(raw))  # type: ignore[arg-type]
    assert out.verdict in ("holds", "fails"), out
    return out.verdict == "holds"


@pytest.mark.parametrize(
    ("check", "verdict"),
    [
        ("mean(a, b) ~= 74.9", "fails"),  # [74.6, 74.7]: never within 0.05 of 74.9
        ("mean(a, b) ~= 74.7", "consistent"),
        ("n > 27.9", "consistent"),  # 28 prints [27.5, 28.5]
        ("n > 27.4", "holds"),
        ("mean(ks) > 2.4", "consistent"),  # each item in [k - 0.5, k + 0.5]: mean in [1.5, 2.5]
        ("sum(ks) > 4.4", "holds"),  # sum in [4.5, 7.5]
        ("a + b > 149", "holds"),  # at least 149.2
        ("a + b > 149.5", "fails"),  # the right side stays exact: at most 149.4
        ("a + b >= 149.4", "consistent"),  # only the top corner reaches it
        ("sd(xs) ~= 1.1", "consistent"),  # not monotone in any one input
        ("sd(xs) > 1", "holds"),
        ("not (a < 79.16)", "consistent"),
    ],
)
def test_verdicts(check, verdict):
    out = rounded(check)
    assert out.verdict == verdict, out
    if verdict == "consistent":
        assert _holds_at(check, out.witness_true)
        assert not _holds_at(check, out.witness_false)


def _labels(check: str) -> list[str]:
    leaves = rounded_leaves(parse_check(check), ENV)
    return [getattr(x, "id", None) or x.literal.text for x in leaves]


def test_integers_widen_but_exact_arguments_do_not():
    # `n` printed as 28 widens, and so does the decimal literal `2.0` on the left; the
    # integer literal `2` (a constant of the formula), the `1` and `2.5` on the right,
    # grim's `n`, the digits of round and the exponent of `^` stay exact
    check = "(a + b) / 2 > 1 and round(a, 1) > 2.5 and a * n > 2.5 and b ^ 2 > 1"
    assert _labels(check) == ["a", "b", "a", "a", "n", "b"]
    assert _labels("(a + b) / 2.0 > 1 and a * 5% > 1") == ["a", "b", "2.0", "a", "5%"]
    assert _labels("grim(a, 28) and p_t(a, 20) < 0.05") == ["a"]


def test_a_name_used_as_an_exact_argument_is_exact_everywhere():
    # `n` is grim's count: the same `n` in `n > 27.9` stays 28
    assert _labels("grim(a, n) and a * n > 2216 and n > 27.9") == ["a"]
    out = rounded("grim(a, n) and n > 27.9")
    assert out.verdict == "holds", out  # exact: 28 > 27.9, and grim(79.2, 28) passes
    assert _labels("p_t(a, n - 8) < 0.05 and n > 27.9") == ["a"]


def test_an_integer_is_the_interval_that_prints_as_it():
    out = rounded("n > 27.9")
    assert out.witness_true == (("n", Fraction(28)),)  # the printed value
    assert out.witness_false is not None
    ((label, value),) = out.witness_false
    assert label == "n" and Fraction(55, 2) <= value <= Fraction(279, 10)


def test_a_list_of_integers_widens_item_by_item():
    out = rounded("mean(ks) > 2.4")
    assert [label for label, _ in out.witness_false] == ["ks[0]", "ks[1]", "ks[2]"]
    for (_, value), k in zip(out.witness_false, (1, 2, 3), strict=True):
        assert k - Fraction(1, 2) <= value <= k + Fraction(1, 2)
    assert _holds_at("mean(ks) > 2.4", out.witness_true)
    assert not _holds_at("mean(ks) > 2.4", out.witness_false)


def test_an_integer_literal_is_a_constant_a_decimal_literal_widens():
    # `/ 2` is a constant of the formula, exact: the same verdict as `mean(a, b)`
    assert rounded("(a + b) / 2 < 74.6").verdict == "fails"
    assert rounded("mean(a, b) < 74.6").verdict == "fails"
    # `/ 2.0` is a number as printed: [1.95, 2.05]
    out = rounded("(a + b) / 2.0 < 74.6")
    assert out.verdict == "consistent", out
    assert dict(out.witness_false)["2.0"] == 2  # the printed values: 74.65
    divisor = dict(out.witness_true)["2.0"]
    assert 2 < divisor <= Fraction(41, 20)


def test_a_name_is_one_unknown_on_both_sides():
    # with `a` on the right exact at 79.2, a = 79.25 would make this false
    assert rounded("a - 0.04 < a").verdict == "holds"
    # the two sides are one rational function of `a`: decided exactly (polynomials.py)
    assert rounded("a == a").verdict == "holds"


def test_a_check_without_widened_inputs_keeps_its_exact_verdict():
    assert rounded("grim(a, 28)").verdict == evaluate(parse_check("grim(a, 28)"), ENV).verdict


@pytest.mark.parametrize(
    ("check", "verdict"),
    [
        ("a - a == 0", "holds"),  # interval arithmetic alone: [-0.1, 0.1], undecided
        ("a - a != 0", "fails"),
        ("a / a == 1", "holds"),
        ("(a + b) * (a - b) == a * a - b * b", "holds"),
        ("a * b / a > 70.2", "fails"),  # b <= 70.15 once a cancels
        ("mean(a, b) - (a + b) / 2 == 0", "holds"),  # the integer literal 2 is exact
        ("mean(a, b) - (a + b) / 2.0 == 0", "consistent"),  # 2.0 is [1.95, 2.05]
        ("a - a == 0 and b > 70.12", "consistent"),  # one side decided by polynomials
        ("not (mean(xs) == sum(xs) / len(xs))", "undecided"),  # `len` has no form here
        ("sqrt(a) * sqrt(a) == a", "undecided"),  # nor has `sqrt`
    ],
)
def test_an_input_used_twice_is_one_unknown(check, verdict):
    out = rounded(check)
    assert out.verdict == verdict, out
    if verdict == "consistent":
        assert out.witness_true and out.witness_false
    if verdict == "undecided":  # never a guess, and it says why
        assert "could not tell" in (out.message or "")


@settings(max_examples=60, deadline=None)
@given(
    a=st.integers(-99, 99),
    b=st.integers(-99, 99),
    t=st.integers(-400, 400),
    op=st.sampled_from(["<", ">=", "==", "!="]),
    fx=st.lists(st.fractions(0, 1), min_size=2, max_size=2),
)
def test_polynomial_verdicts_hold_at_every_point_tried(a, b, t, op, fx):
    # `a * a - a * b` uses each input twice: whatever is decided must hold at any point
    env = make_env({"a": f"{a / 10:.1f}", "b": f"{b / 10:.1f}"})
    check = f"a * a - a * b {op} {t / 10:.1f}"
    out = rounded(check, env)
    if out.verdict not in ("holds", "fails"):
        return
    pa = Fraction(a, 10) - Fraction(1, 20) + fx[0] / 10
    pb = Fraction(b, 10) - Fraction(1, 20) + fx[1] / 10
    value, target = pa * pa - pa * pb, Fraction(t, 10)
    truth = {"<": value < target, ">=": value >= target, "==": value == target}.get(
        op, value != target
    )
    assert truth == (out.verdict == "holds"), (check, pa, pb)


def test_errors_stay_errors():
    assert rounded("a / (b - b) > 1").verdict == "error"


@settings(max_examples=150, deadline=None)
@given(a=st.integers(-300, 300), b=st.integers(-300, 300), t=st.integers(-300, 300))
def test_mean_of_two_agrees_with_its_exact_range(a, b, t):
    # mean(a, b) over the box is exactly [(a + b - 0.1) / 2, (a + b + 0.1) / 2]
    env = make_env({"a": f"{a / 10:.1f}", "b": f"{b / 10:.1f}"})
    target = f"{t / 10:.1f}"
    lo, hi = Fraction(a + b - 1, 20), Fraction(a + b + 1, 20)
    tlo, thi = Fraction(t, 10) - Fraction(1, 20), Fraction(t, 10) + Fraction(1, 20)
    want = "holds" if tlo <= lo and hi <= thi else "fails" if hi < tlo or lo > thi else "consistent"
    out = rounded(f"mean(a, b) ~= {target}", env)
    assert out.verdict == want


def test_check_command_reports_witnesses_and_exits_0(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_text(
        "leanbridge: 1\n"
        "values:\n"
        '  a: {value: "79.2", source: "T1"}\n'
        '  b: {value: "70.1", source: "T1"}\n'
        "claims:\n"
        "  - id: avg\n"
        "    source: T1\n"
        "    inputs: rounded\n"
        '    check: "mean(a, b) ~= 74.7"\n'
    )
    res = CliRunner().invoke(cli, ["check", str(f)])
    assert res.exit_code == 0, res.output
    assert "consistent avg" in res.output
    assert "true at a = 79.2, b = 70.1; false at a = 79.15, b = 70.05" in res.output
    res = CliRunner().invoke(cli, ["check", "--format", "json", str(f)])
    claim = json.loads(res.output)["claims"][0]
    assert claim["verdict"] == "consistent"
    assert claim["witness_false"][0] == {"input": "a", "value": claim["witness_false"][0]["value"]}
    assert claim["witness_false"][0]["value"]["fraction"] == "1583/20"
