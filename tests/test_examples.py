"""The shipped example claim files give the verdicts their authors expect."""

from __future__ import annotations

import decimal
import math
from pathlib import Path

import pytest

from leanbridge.claims.loader import load_claim_file
from leanbridge.pipeline import run_check
from leanbridge.semantics.evaluate import Outcome, evaluate
from leanbridge.semantics.granularity import printed_interval
from leanbridge.semantics.numbers import parse_decimal
from leanbridge.semantics.reals import bounds
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax.parser import parse_check

ROOT = Path(__file__).resolve().parent.parent
PIZZA = ROOT / "claims" / "pizza_buffet_2014.yaml"

#: claims/pizza_buffet_2014.yaml (Tables 1 and 2 of Just, Sığırcı & Wansink 2014)
PIZZA_VERDICTS = {
    "group_size_8_grim": "holds",
    "group_size_grimmer": "holds",
    "hungry_then_4_grim": "fails",
    "hunger_means_fail_grim": "holds",
    "hungry_then_4_grim_released_n": "holds",
    "enjoy_middle_8_grim": "holds",
    "enjoy_middle_8_grimmer_parity": "fails",
    "enjoy_middle_8_grimmer_released_n": "holds",
    "age_p_from_f": "holds",
    "hungry_then_p_from_f": "consistent",
    "group_size_p_from_f": "holds",
    "weight_p_from_f": "consistent",
    "hungry_now_p_from_f": "consistent",
    "height_p_from_f": "fails",
    "height_not_significant": "holds",
}


def test_shipped_examples_come_out_as_expected() -> None:
    run = run_check([str(ROOT / "claims")])
    assert run.diagnostics == []
    verdicts = {c.claim_id: c.outcome.verdict for c in run.claims}
    assert verdicts == {
        "squad_tokens_times_hidden": "holds",
        "wrong_product_refuted": "fails",
        "power_of_two": "holds",
        "xlmr_avg_task": "holds",
        "stilts_avg_task": "holds",
        "stilts_gain_over_xlmr": "holds",
        "stilts_gain_recomputed": "holds",
        "stilts_better_on_every_task": "fails",
        "tydiqa_largest_em_gain": "holds",
        # rembert_table16_rounded.yaml: the same table under `inputs: rounded`
        "xlmr_avg_task_rounded": "consistent",
        "stilts_gain_rounded": "consistent",
        "ner_drops": "holds",
        "stilts_not_worse_on_ner": "fails",
        "tydiqa_em_gain_rounded": "consistent",
        # pizza_buffet_2014.yaml: GRIM/GRIMMER (exact) and p-values from F (rounded)
        **PIZZA_VERDICTS,
    }
    assert run.exit_code() == 0


def test_rembert_average_is_recomputed_not_copied() -> None:
    run = run_check([str(ROOT / "claims" / "rembert_table16.yaml")])
    avg = next(c for c in run.claims if c.claim_id == "xlmr_avg_task")
    # (79.2 + 73.8 + 65.4 + 86.4 + 68.7 + 62.4 + 55.05) / 7 = 490.95 / 7
    assert str(avg.outcome.lhs) == "9819/140"


def _pizza_outcomes() -> dict[str, Outcome]:
    run = run_check([str(PIZZA)])
    assert run.diagnostics == []
    return {c.claim_id: c.outcome for c in run.claims}


def test_pizza_granularity_claims_carry_their_witness_totals() -> None:
    out = _pizza_outcomes()
    # 197/60 = 3.2833 prints as 3.28; 437/66 = 6.6212 as 6.62
    assert out["group_size_8_grim"].notes == ("grim: k = 197, 197/60 in 3.28 [3.275, 3.285]",)
    assert out["hungry_then_4_grim_released_n"].notes == (
        "grim: k = 437, 437/66 in 6.62 [6.615, 6.625]",
    )
    # 410/62 = 6.6129 and 411/62 = 6.6290: neither prints as 6.62
    assert out["hungry_then_4_grim"].notes == (
        "grim: no integer total k has k/62 in 6.62 [6.615, 6.625]",
    )
    # GRIMMER: k = 197 and a sum of squares Q = 745 of the same parity give SD
    # sqrt((745 - 197^2/60) / 59) = 1.2896, which prints as 1.29
    assert out["group_size_grimmer"].notes[1] == (
        "grimmer: k = 197, Q = 745 (sum and sum of squares, n = 60)"
    )
    assert round(math.sqrt((745 - 197**2 / 60) / 59), 2) == 1.29


@pytest.mark.parametrize(
    "claim_id", ["hungry_then_p_from_f", "weight_p_from_f", "hungry_now_p_from_f"]
)
def test_pizza_consistent_witnesses_print_as_the_table(claim_id: str) -> None:
    """Each witness prints as the table's F, and the same check over exact inputs holds
    at witness_true and fails at witness_false."""
    loaded = load_claim_file(str(PIZZA))
    check = next(c.claim.check for c in loaded.claims if c.claim.id == claim_id)
    outcome = _pizza_outcomes()[claim_id]
    for witness, verdict in ((outcome.witness_true, "holds"), (outcome.witness_false, "fails")):
        assert witness is not None and len(witness) == 1
        name, value = witness[0]
        lo, hi = printed_interval(loaded.values[name].scalar)
        assert lo <= value <= hi
        exact = parse_decimal(format(decimal.Decimal(value.numerator) / value.denominator, "f"))
        assert exact is not None and exact.value == value
        env = {**loaded.values, name: NamedValue(name, (exact,), False, None)}
        assert evaluate(parse_check(check), env).verdict == verdict


def _p_f1_float(f: float, df: int, steps: int = 4000) -> float:
    """Independent float reference: the upper tail of F(1, df) at f is the two-tailed
    Student t p-value at sqrt(f), 1 - 2 * (integral of the t density from 0 to sqrt(f)),
    by Simpson's rule."""
    c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)
    b = math.sqrt(f)
    h = b / steps
    ys = [c * (1 + (i * h) ** 2 / df) ** (-(df + 1) / 2) for i in range(steps + 1)]
    return 1 - 2 * h / 3 * (ys[0] + ys[-1] + 4 * sum(ys[1:-1:2]) + 2 * sum(ys[2:-1:2]))


def test_pizza_height_p_is_0_385_not_0_37() -> None:
    """The `fails` verdict rests on p_f(0.76, 1, 120) = 0.3851; a float reference agrees,
    and both ends of F's printed interval [0.755, 0.765] stay above 0.375."""
    lhs = _pizza_outcomes()["height_not_significant"].lhs  # exact inputs: F = 0.76
    lo, hi = bounds(lhs)
    assert float(lo) - 1e-9 <= _p_f1_float(0.76, 120) <= float(hi) + 1e-9
    assert abs(_p_f1_float(0.76, 120) - 0.385069) < 1e-6
    assert min(_p_f1_float(0.755, 120), _p_f1_float(0.765, 120)) > 0.38
