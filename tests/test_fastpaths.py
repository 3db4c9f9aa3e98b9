"""The fast paths give exactly what the straightforward code gives.

(1) The parser builds the AST while lark reduces and takes spans from the tokens; the
    reference here is the former implementation (a parse tree with lark's
    ``propagate_positions``, then a ``Transformer``), kept in this file as the oracle: same
    trees, same spans, same errors, on random and on hand-picked checks.
(2) The aggregate functions over exact lists use integer arithmetic over a common
    denominator; the reference is the textbook Fraction formula.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import Lark, Token, Transformer, Tree, UnexpectedInput, v_args
from lark.exceptions import VisitError
from textbook import textbook

from leanbridge import limits
from leanbridge.errors import CheckSyntaxError, ClaimEvalError, LeanbridgeError, LimitError, Span
from leanbridge.lint.analysis import SCALES, SHIFTS, _affine, to_decimal
from leanbridge.semantics.evaluate import value_of
from leanbridge.semantics.functions import FUNCTIONS
from leanbridge.semantics.numbers import parse_decimal
from leanbridge.semantics.reals import Root, bounds
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast, parser
from leanbridge.syntax.parser import MAX_TREE_DEPTH, parse_check

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- (1) the former parser, as the oracle ------------------------------------------------------


class _OldToAst(Transformer):
    @staticmethod
    def _span(meta) -> Span:
        return Span(meta.start_pos, meta.end_pos)

    @staticmethod
    def _tok_span(tok: Token) -> Span:
        return Span(tok.start_pos, tok.end_pos)

    def _number_token(self, tok: Token) -> ast.Number:
        try:
            dec = parse_decimal(str(tok))
        except LimitError as e:
            raise LimitError(e.message, self._tok_span(tok)) from None
        assert dec is not None
        return ast.Number(self._tok_span(tok), dec)

    @v_args(inline=True)
    def number(self, tok: Token) -> ast.Number:
        return self._number_token(tok)

    @v_args(inline=True, meta=True)
    def name(self, meta, tok: Token) -> ast.Name:
        return ast.Name(self._span(meta), str(tok))

    @v_args(inline=True, meta=True)
    def call(self, meta, tok: Token, args) -> ast.Call:
        return ast.Call(self._span(meta), str(tok), tuple(args or ()), self._tok_span(tok))

    @v_args(inline=True, meta=True)
    def list(self, meta, args) -> ast.ListExpr:
        return ast.ListExpr(self._span(meta), tuple(args or ()))

    def args(self, items):
        return items

    @v_args(inline=True, meta=True)
    def neg(self, meta, operand) -> ast.Neg:
        return ast.Neg(self._span(meta), operand)

    @v_args(inline=True, meta=True)
    def not_(self, meta, operand) -> ast.Not:
        return ast.Not(self._span(meta), operand)

    @v_args(inline=True, meta=True)
    def compare(self, meta, left, op, right) -> ast.Compare:
        ops = {"≠": "!=", "≤": "<=", "≥": ">="}
        return ast.Compare(self._span(meta), ops.get(str(op), str(op)), left, right)

    @v_args(inline=True, meta=True)
    def approx(self, meta, left, _op, right) -> ast.Approx:
        return ast.Approx(self._span(meta), left, right)

    @v_args(inline=True, meta=True)
    def within(self, meta, left, op, target, _pm, tol) -> ast.Within:
        if str(op) != "==":
            raise CheckSyntaxError(
                f"`±` tolerance goes with `==` only, not `{op}`", self._tok_span(op)
            )
        tolerance = self._number_token(tol)
        return ast.Within(self._span(meta), left, target, tolerance, str(tol).endswith("%"))


def _old_binary(cls):
    @v_args(inline=True, meta=True)
    def build(self, meta, left, right):
        return cls(Span(meta.start_pos, meta.end_pos), left, right)

    return build


for _rule, _cls in {
    "add": ast.Add,
    "sub": ast.Sub,
    "mul": ast.Mul,
    "div": ast.Div,
    "pow": ast.Pow,
    "and_": ast.And,
    "or_": ast.Or,
}.items():
    setattr(_OldToAst, _rule, _old_binary(_cls))

# The same grammar without the `!` (keep-tokens) marks the new parser needs.
_OLD_GRAMMAR = re.sub(
    r"^!\?",
    "?",
    resources.files("leanbridge.syntax").joinpath("claim.lark").read_text("utf-8"),
    flags=re.M,
)
_OLD_LARK = Lark(
    _OLD_GRAMMAR, parser="lalr", lexer="basic", propagate_positions=True, maybe_placeholders=True
)


def _old_check_depth(tree: Tree) -> None:
    stack: list[tuple[Tree, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            start = getattr(node.meta, "start_pos", 0) or 0
            raise LimitError("nested deeper", Span(start, start + 1))
        stack.extend((c, depth + 1) for c in node.children if isinstance(c, Tree))


# The error examples as the old grammar's parser fails on them (its own state numbers),
# made while `parser._lark` is the old one.
_old_example_errors = lru_cache(maxsize=1)(parser._example_errors.__wrapped__)


def old_parse(text: str) -> ast.Node:
    parser._check_bounds(text)
    try:
        tree = _OLD_LARK.parse(text)
    except UnexpectedInput as err:
        # Label the error with the old grammar's parser, as the former code did.
        new_lark, new_examples = parser._lark, parser._example_errors
        parser._lark = lambda: _OLD_LARK  # type: ignore[assignment]
        parser._example_errors = _old_example_errors  # type: ignore[assignment]
        try:
            raise parser._syntax_error(text, err) from None
        finally:
            parser._lark, parser._example_errors = new_lark, new_examples
    _old_check_depth(tree)
    try:
        return _OldToAst().transform(tree)
    except VisitError as err:
        raise err.orig_exc from None


def _outcome(parse, text: str):
    try:
        return parse(text)
    except LeanbridgeError as e:
        message = "nested deeper" if "nested deeper" in e.message else e.message
        return (type(e).__name__, message, e.span)


def assert_same_as_old(text: str) -> None:
    assert _outcome(parse_check, text) == _outcome(old_parse, text), text


TOKENS = [
    "1", "2.5", "1e3", "5%", "0.10", "x", "xs", "y", "and", "or", "not", "(", ")", "[", "]",
    ",", "+", "-", "*", "/", "^", "==", "!=", "<", "<=", ">", ">=", "~=", "≈", "±", "+/-",
    "≠", "≤", "≥", "sqrt(", "mean(", "round(", "pct_change(", "sum([", "9" * 130, "1e999",
]  # fmt: skip

token_soup = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=30).map("".join),
    st.lists(st.sampled_from(TOKENS), max_size=30).map(" ".join),
    st.lists(st.sampled_from([*TOKENS, " ", "  ", "\n"]), max_size=40).map("".join),
)


def _expr(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", " - ", "*", " / ", "^"]), children).map("".join),
        children.map(lambda c: f"({c})"),
        children.map(lambda c: f"( {c} )"),
        children.map(lambda c: f"-{c}"),
        children.map(lambda c: f"- {c}"),
        st.lists(children, max_size=3).map(lambda cs: f"mean({', '.join(cs)})"),
        st.lists(children, max_size=3).map(lambda cs: f"f ( {', '.join(cs)} , )"),
        st.lists(children, max_size=3).map(lambda cs: f"[ {','.join(cs)}]"),
    )


_atoms = st.sampled_from(["1", "x", "2.50", "5%", "xs", "(1)", "((y))", "1e999", "9" * 130])
expressions = st.recursive(_atoms, _expr, max_leaves=10)


def _check(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from([" and ", " or "]), children).map("".join),
        children.map(lambda c: f"not {c}"),
        children.map(lambda c: f"({c})"),
    )


_comparisons = st.one_of(
    st.tuples(expressions, st.sampled_from(["==", " < ", "≤", " ~= ", "≈"]), expressions).map(
        "".join
    ),
    st.tuples(
        expressions,
        st.sampled_from(["==", " < "]),
        expressions,
        st.sampled_from([" ± 5%", " +/- 0.5", "±1e999"]),
    ).map("".join),
)
checks = st.recursive(_comparisons, _check, max_leaves=6)


@FAST
@given(token_soup)
def test_parser_matches_former_parser_on_token_soup(text: str) -> None:
    assert_same_as_old(text)


@FAST
@given(checks)
def test_parser_matches_former_parser_on_checks(text: str) -> None:
    assert_same_as_old(text)


@pytest.mark.parametrize(
    "text",
    [
        "(a + b) * c == 1",
        "((a)) + (b) == (1)",
        "(x == 1)",
        "not (x == 1) and (y < 2)",
        "- (x) ^ (2) == -( 1 )",
        "mean ( [1, 2], (x) , ) ~= (-70.1)",
        "f( (1+2) ) == [ (3) ]",
        "y < 8.7 ± 5%",
        "x == 1e999 +",
        "x == " + "9" * 130 + " and y < 1 ± 5%",
        "y < 1 ± 5% and x == " + "9" * 130,
        "+".join(["1"] * 1990) + " == 1",
        "1 == 1" + " and 1 == 1" * 360,
        "x" + "*x" * 1900 + " == 1",
        "2" + "^2" * 1900 + " == 1",
        ("-" * 63 + "(") * 60 + "1" + ")" * 60 + " == 1",
        "mean(" * 60 + "(1 + " * 3 + "1" + ")" * 63 + "+1" * 100 + " == 1",
        "[" * 60 + "( 1" + "+1" * 140 + ")" + "]" * 60 + " == 1",
        "+".join(["1"] * (MAX_TREE_DEPTH - 3)) + " == 1",
        "+".join(["1"] * (MAX_TREE_DEPTH - 2)) + " == 1",
        "(" * limits.MAX_NESTING + "1" + ")" * limits.MAX_NESTING + " == 1",
        "-" * (limits.MAX_NESTING + 1) + "1 == 1",
        "- " * limits.MAX_NESTING + "1 == 1",
    ],
)
def test_parser_matches_former_parser_on_edge_cases(text: str) -> None:
    assert_same_as_old(text)


# --- (2) aggregates over exact lists: integers over a common denominator ------------------------

exact = st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=10**4)
decimals = st.builds(
    lambda m, e: Fraction(m, 10**e), st.integers(-(10**7), 10**7), st.integers(0, 3)
)
exact_lists = st.lists(st.one_of(exact, decimals), min_size=1, max_size=40)


@FAST
@given(exact_lists, st.sampled_from(["sum", "mean", "min", "max", "median", "pvar", "var"]))
def test_aggregate_fast_paths_equal_textbook_fractions(xs: list[Fraction], name: str) -> None:
    if name == "var" and len(xs) < 2:
        return
    got = FUNCTIONS[name].impl(xs, limits.SQRT_START_BITS)
    assert type(got) is Fraction
    assert got == textbook(name, xs)


@FAST
@given(exact_lists.filter(lambda xs: len(xs) >= 2), st.sampled_from(["sd", "psd"]))
def test_sd_fast_path_equals_square_root_of_textbook_variance(
    xs: list[Fraction], name: str
) -> None:
    got = FUNCTIONS[name].impl(xs, limits.SQRT_START_BITS)
    variance = textbook("var" if name == "sd" else "pvar", xs)
    if isinstance(got, Root):
        assert got.radicand == variance
        assert got.lo**2 <= variance <= got.hi**2
    else:
        assert got * got == variance


@FAST
@given(exact_lists, st.sampled_from(["sum", "min", "max", "median"]))
def test_aggregates_with_an_enclosure_take_the_general_path(xs: list[Fraction], name: str) -> None:
    # sqrt(2) in the list: the result encloses the textbook values at both ends of sqrt(2).
    root = Root(Fraction(2), 64)
    lo, hi = bounds(FUNCTIONS[name].impl([*xs, root], 64))
    assert type(lo) is Fraction and type(hi) is Fraction
    assert lo == textbook(name, [*xs, root.lo])
    assert hi == textbook(name, [*xs, root.hi])


def test_mean_of_an_enclosure_stays_exact() -> None:
    lo, hi = bounds(FUNCTIONS["mean"].impl([Fraction(0), Root(Fraction(2), 64)], 64))
    assert type(lo) is Fraction and type(hi) is Fraction


@pytest.mark.parametrize("name", ["sum", "mean", "pvar", "var"])
def test_size_bound_still_applies_on_exact_lists(name: str) -> None:
    huge = Fraction(2**70_000, 3)
    with pytest.raises(ClaimEvalError, match="bits"):
        FUNCTIONS[name].impl([huge * huge, Fraction(1)], limits.SQRT_START_BITS)


@FAST
@given(st.lists(decimals.map(lambda q: f"{float(q):.3f}"), min_size=1, max_size=12))
def test_named_values_are_converted_once_and_exactly(texts: list[str]) -> None:
    numbers = tuple(parse_decimal(t) for t in texts)
    listed = NamedValue("xs", numbers, True, None)  # type: ignore[arg-type]
    single = NamedValue("x", numbers[:1], False, None)  # type: ignore[arg-type]
    assert value_of(listed) == listed.fractions()
    assert value_of(listed) is value_of(listed)
    assert value_of(single) == numbers[0].value  # type: ignore[union-attr]
    twin = NamedValue("xs", numbers, True, None)  # type: ignore[arg-type]
    assert value_of(twin) == listed.fractions()


# --- (3) the linter's perturbed inputs ----------------------------------------------------------


@FAST
@given(
    st.lists(
        st.builds(
            lambda m, e, pct: f"{Fraction(m, 10**e) if e else m}{'%' if pct else ''}",
            st.integers(-(10**6), 10**6),
            st.integers(0, 3),
            st.booleans(),
        ).map(lambda t: t if "/" not in t else f"{float(Fraction(t.rstrip('%'))):.3f}"),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([*SCALES, Fraction(0), Fraction(1)]),
    st.one_of(st.sampled_from([*SHIFTS, Fraction(0), Fraction(17)]), exact),
    st.booleans(),
)
def test_perturbed_inputs_equal_the_straightforward_map(
    texts: list[str], a: Fraction, b: Fraction, is_list: bool
) -> None:
    numbers = tuple(parse_decimal(t) for t in texts)
    value = NamedValue("v", numbers if is_list else numbers[:1], is_list, None)  # type: ignore[arg-type]
    mutant = _affine(value, a, b)
    expected = tuple(to_decimal(a * d.value + b, d.exponent) for d in value.numbers)  # type: ignore[union-attr]
    assert mutant.numbers == expected
    exact = value_of(mutant)  # what the evaluator is handed
    assert exact == (mutant.fractions() if is_list else mutant.scalar.value)
