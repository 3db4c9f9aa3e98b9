"""The shipped example claim files give the verdicts their authors expect."""

from __future__ import annotations

from pathlib import Path

from leanbridge.pipeline import run_check

ROOT = Path(__file__).resolve().parent.parent


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
    }
    assert run.exit_code() == 0


def test_rembert_average_is_recomputed_not_copied() -> None:
    run = run_check([str(ROOT / "claims" / "rembert_table16.yaml")])
    avg = next(c for c in run.claims if c.claim_id == "xlmr_avg_task")
    # (79.2 + 73.8 + 65.4 + 86.4 + 68.7 + 62.4 + 55.05) / 7 = 490.95 / 7
    assert str(avg.outcome.lhs) == "9819/140"
