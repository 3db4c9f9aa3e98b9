"""Large inputs: maxRecDepth and the caps of leanbridge.emit.budget."""

from __future__ import annotations

from leanbridge.claims.loader import load_claim_text
from leanbridge.emit import budget, emit_module
from leanbridge.pipeline import evaluate_file


def _file(n: int, check: str) -> str:
    items = ", ".join(f'"{i % 97}.{i % 7}"' for i in range(n))
    return (
        f'leanbridge: 1\nvalues:\n  xs: [{items}]\n  few: ["1", "2"]\n  s: "3"\n'
        f'claims:\n  - id: c\n    check: "{check}"\n'
    )


def _emit(n: int, check: str):
    return emit_module(evaluate_file(load_claim_text("big.yaml", _file(n, check))))


def test_every_theorem_gets_the_floor_rec_depth() -> None:
    module = _emit(3, "sum(xs) > 0")
    assert module.text.count(f"set_option maxRecDepth {budget.THEOREM_REC_DEPTH} in\n") == 1
    lines = module.text.splitlines()
    t = module.theorems[0]
    assert lines[t.theorem_line - 2] == f"set_option maxRecDepth {budget.THEOREM_REC_DEPTH} in"
    assert t.span.start < t.theorem_line - 1
    assert "def v_xs : List Q :=\n  List.cons" in module.text  # short definitions need no option


def test_long_list_definitions_raise_max_rec_depth() -> None:
    n = budget.MAX_LIST_ITEMS
    module = _emit(n, "sum(xs) > 0")
    depth = budget.definition_rec_depth(n)
    assert depth is not None
    lines = module.text.splitlines()
    (value,) = [v for v in module.values if v.name == "xs"]
    block = lines[value.span.start - 1 : value.span.end]
    assert f"set_option maxRecDepth {depth} in" in block
    assert len(module.theorems) == 1


def test_rec_depth_grows_with_size_and_is_capped() -> None:
    sizes = [0, 65, 100, 1000, 4000, 10_000, 10**6]
    depths = [budget.rec_depth(n) for n in sizes]
    assert depths == sorted(depths)
    assert depths[0] == budget.THEOREM_REC_DEPTH
    assert depths[-1] == budget.MAX_REC_DEPTH
    assert budget.definition_rec_depth(budget.REC_DEPTH_FREE_ITEMS) is None


def test_over_the_list_cap_is_not_emitted() -> None:
    module = _emit(budget.MAX_LIST_ITEMS + 1, "mean(xs) > 0")
    assert module.theorems == ()
    (skipped,) = module.not_emitted
    assert skipped.reason.startswith("too large for the kernel")
    assert "def v_xs" not in module.text  # an unused value is not emitted either


def test_concatenated_arguments_count_towards_the_list_cap() -> None:
    half = budget.MAX_LIST_ITEMS // 2 + 1
    module = _emit(half, "sum(xs, xs) > 0")
    assert module.theorems == ()
    assert f"a list of {2 * half} values" in module.not_emitted[0].reason


def test_median_cap() -> None:
    ok = _emit(budget.MAX_MEDIAN_ITEMS, "median(xs) >= 0")
    assert len(ok.theorems) == 1
    over = _emit(budget.MAX_MEDIAN_ITEMS + 1, "median(xs) >= 0")
    assert over.theorems == ()
    assert "median over" in over.not_emitted[0].reason


def test_append_cap() -> None:
    pairs = budget.MAX_APPENDS // 2
    ok = _emit(3, "sum(" + ", ".join(["s, few"] * pairs) + ", s) > 0")
    assert len(ok.theorems) == 1
    assert ok.text.count("List.append ") == budget.MAX_APPENDS
    over = _emit(3, "sum(" + ", ".join(["s, few"] * (pairs + 1)) + ") > 0")
    assert over.theorems == ()
    assert "list concatenations" in over.not_emitted[0].reason


def test_cost_cap_counts_every_traversal() -> None:
    n = budget.MAX_LIST_ITEMS
    repeats = budget.MAX_THEOREM_COST // (5 * n) + 1  # var costs five visits per item
    check = " and ".join(["var(xs) > 0"] * repeats)
    module = _emit(n, check)
    assert module.theorems == ()
    assert "estimated cost" in module.not_emitted[0].reason


def test_estimate() -> None:
    loaded = load_claim_text("big.yaml", _file(10, "mean(xs, 1, [2, 3]) > 0"))
    tree = loaded.claims[0].tree
    assert tree is not None
    size = budget.estimate(tree, loaded.values)
    assert size.longest_list == 13  # 10 + 1 + 2 items handed to mean
    assert size.median_items == 0
    assert size.cost >= 13
