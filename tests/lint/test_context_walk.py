"""The walk an unrolled parse program hands over gives the context its own walk gives.

``ClaimContext`` walks a claim's tree for its nodes (pre-order), calls, comparisons, names,
first uses, label and traits, unless the loader kept the tree's walk beside it
(``LoadedClaim.walk``, from ``parse_check_walked``), worked out once per tree shape by the
parser.  On random checks reaching every node type and on every claim file of the
repository, the context made from the handed-over walk equals the one made by walking the
tree (the same node objects, in the same order), and the walk is handed over.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leanbridge.claims.loader import load_claim_file, load_claim_text
from leanbridge.lint import base
from leanbridge.lint.base import ClaimContext
from leanbridge.pipeline import FileResult, evaluate_file
from leanbridge.syntax import ast
from leanbridge.syntax import parser as P

REPO = Path(__file__).resolve().parents[2]

KNOWN = ["a", "b", "xs", "ys"]
NAMES = [*KNOWN, "zz", "a"]  # an unknown name, and a name used twice
NUMBERS = ["0", "1", "12", "8.70", "1.5e-3", "5%", "0.05"]
FUNCS = ["mean", "sum", "abs", "p_t", "p_z", "grim", "round", "len"]


def _expr(depth: int) -> st.SearchStrategy[str]:
    atom = st.one_of(st.sampled_from(NAMES), st.sampled_from(NUMBERS))
    if depth == 0:
        return atom
    sub = _expr(depth - 1)
    return st.one_of(
        atom,
        st.tuples(sub, st.sampled_from(["+", "-", "*", "/", "^"]), sub).map(" ".join),
        sub.map(lambda s: f"-{s}"),
        sub.map(lambda s: f"({s})"),
        st.tuples(st.sampled_from(FUNCS), st.lists(sub, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        st.lists(sub, max_size=3).map(lambda items: f"[{', '.join(items)}]"),
    )


def _comparison() -> st.SearchStrategy[str]:
    side = _expr(2)
    return st.one_of(
        st.tuples(side, st.sampled_from(["==", "!=", "<", ">=", "≤"]), side).map(" ".join),
        st.tuples(side, st.sampled_from(["~=", "≈"]), side).map(" ".join),
        st.tuples(side, side, st.sampled_from(["5%", "0.1"]), st.sampled_from(["±", "+/-"])).map(
            lambda t: f"{t[0]} == {t[1]} {t[3]} {t[2]}"
        ),
        side,  # not a comparison: a type error, still a tree to walk
    )


def _check(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return _comparison()
    sub = _check(depth - 1)
    return st.one_of(
        _comparison(),
        st.tuples(sub, st.sampled_from(["and", "or"]), sub).map(" ".join),
        sub.map(lambda s: f"not ({s})"),
    )


def _file(checks: list[str]) -> str:
    lines = [
        "leanbridge: 1",
        "values:",
        '  a: {value: "3.5", source: "t"}',
        '  b: {value: "12"}',
        '  xs: {value: ["1.5", "2.25", "3"], source: "t"}',
        '  ys: {value: ["4", "5"]}',
        "claims:",
    ]
    for i, check in enumerate(checks):
        lines += [f"  - id: c{i}", f"    check: {json.dumps(check, ensure_ascii=False)}"]
    return "\n".join(lines) + "\n"


def _walked(fr: FileResult) -> int:
    """Assert that each claim's context from the handed-over walk is the one its own walk
    gives; return how many claims had a walk handed over."""
    walked = 0
    for cr in fr.claims:
        if cr.loaded.walk is None:
            continue
        walked += 1
        unwalked = dataclasses.replace(cr, loaded=dataclasses.replace(cr.loaded, walk=None))
        want = ClaimContext(fr, unwalked, {})
        got = ClaimContext(fr, cr, {})
        for field in ("nodes", "calls", "comparisons"):
            a, b = getattr(got, field), getattr(want, field)
            assert type(a) is tuple and len(a) == len(b), field
            assert all(x is y for x, y in zip(a, b, strict=True)), field
        assert list(got.uses.items()) == list(want.uses.items())
        assert got.names == want.names
        assert got.label is want.label
        assert got.traits == want.traits
        assert (got.evaluable, got.verdict, got.tree) == (want.evaluable, want.verdict, want.tree)
    return walked


def _unrolled(checks: list[str]) -> None:
    """Parse each check until its program is unrolled (the driver then hands walks over)."""
    for check in checks:
        for _ in range(P._UNROLL_AFTER + 1):
            try:
                P.parse_check(check)
            except Exception:  # a check past a bound: no tree, nothing to walk
                break


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_check(2), min_size=1, max_size=4))
def test_the_handed_over_walk_is_the_walk(checks: list[str]) -> None:
    if P._driver() is None:
        pytest.skip("the driver is off with this lark: no walk is handed over")
    _unrolled(checks)
    fr = evaluate_file(load_claim_text("walk.yaml", _file(checks)))
    assert _walked(fr) == len(fr.claims) == len(checks)


def _repository_claim_files() -> list[Path]:
    roots = [REPO / "claims", REPO / "tests" / "lint" / "fixtures", REPO / "tests" / "fixtures"]
    return sorted(p for root in roots for p in root.rglob("*.yaml"))


def test_every_repository_file_gives_the_same_contexts() -> None:
    if P._driver() is None:
        pytest.skip("the driver is off with this lark: no walk is handed over")
    walked = claims = 0
    for path in _repository_claim_files():
        try:
            loaded = load_claim_file(str(path))
        except Exception:  # not a claim file (e.g. a data or schema file)
            continue
        _unrolled([lc.claim.check for lc in loaded.claims])
        fr = evaluate_file(load_claim_file(str(path)))
        walked += _walked(fr)
        claims += len(fr.claims)
    assert walked == claims > 100


def test_no_walk_without_an_unrolled_program() -> None:
    """A check parsed for the first time (through the table) comes without a walk, and its
    context walks the tree."""
    driver = P._driver()
    if driver is None:
        pytest.skip("the driver is off with this lark")
    driver.programs.clear()
    tree, walk = P.parse_check_walked("mean(xs) + 1 == a ± 5%")
    assert walk is None
    fr = evaluate_file(load_claim_text("w.yaml", _file(["mean(xs) + 1 == a ± 5%"])))
    assert fr.claims[0].loaded.walk is None
    assert ClaimContext(fr, fr.claims[0], {}).nodes == tuple(tree.walk())
    driver.programs.clear()


def _ref_comparison_traits(tree: ast.Node) -> tuple[bool, bool, bool]:
    """The traits approx, within and name-side by their definitions (base.TRAITS)."""
    nodes = list(tree.walk())
    return (
        any(isinstance(n, ast.Approx) for n in nodes),
        any(isinstance(n, ast.Within) for n in nodes),
        any(
            isinstance(n, ast.COMPARISON_NODES)
            and any(
                isinstance(side, ast.Name)
                for side in (n.left, n.target if isinstance(n, ast.Within) else n.right)
            )
            for n in nodes
        ),
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_check(2), min_size=1, max_size=4))
def test_comparison_traits_with_and_without_learnt_kinds(checks: list[str]) -> None:
    """The context reads a comparison's kind and its sides' from ``base._KIND`` (learnt per
    class), and falls back to ``_comparison_traits`` (which learns them) at a class not
    learnt yet: both give the traits their definitions give."""
    fr = evaluate_file(load_claim_text("kinds.yaml", _file(checks)))
    for cr in fr.claims:
        want = _ref_comparison_traits(cr.loaded.tree)
        base._KIND.clear()
        unlearnt = ClaimContext(fr, cr, {}).traits[4:7]
        assert base._comparison_traits(ClaimContext(fr, cr, {}).comparisons) == want
        learnt = ClaimContext(fr, cr, {}).traits[4:7]
        assert unlearnt == learnt == want
