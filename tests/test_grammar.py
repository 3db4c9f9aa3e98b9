"""One test group per grammar rule: precedence, associativity, Unicode forms, keywords, errors."""

from __future__ import annotations

import pytest

from leanbridge import limits
from leanbridge.errors import CheckSyntaxError, LeanbridgeError, LimitError, Span
from leanbridge.syntax import ast
from leanbridge.syntax.parser import MAX_TREE_DEPTH, parse_check


def shape(node: ast.Node) -> str:
    """A fully parenthesised rendering of the tree, to assert grouping."""
    if isinstance(node, ast.Number):
        return node.literal.text
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Neg):
        return f"(-{shape(node.operand)})"
    if isinstance(node, ast.Not):
        return f"(not {shape(node.operand)})"
    if isinstance(node, ast.BinOp):
        return f"({shape(node.left)} {node.symbol} {shape(node.right)})"
    if isinstance(node, ast.And):
        return f"({shape(node.left)} and {shape(node.right)})"
    if isinstance(node, ast.Or):
        return f"({shape(node.left)} or {shape(node.right)})"
    if isinstance(node, ast.Compare):
        return f"({shape(node.left)} {node.op} {shape(node.right)})"
    if isinstance(node, ast.Approx):
        return f"({shape(node.left)} ~= {shape(node.right)})"
    if isinstance(node, ast.Within):
        pm = "%" if node.relative else ""
        return f"({shape(node.left)} == {shape(node.target)} ± {node.tolerance.literal.text}{pm})"
    if isinstance(node, ast.ListExpr):
        return "[" + ", ".join(shape(i) for i in node.items) + "]"
    if isinstance(node, ast.Call):
        return f"{node.func}(" + ", ".join(shape(a) for a in node.args) + ")"
    raise AssertionError(type(node))


def lhs(text: str) -> str:
    """Shape of the left side of `text == 0`."""
    tree = parse_check(f"{text} == 0")
    assert isinstance(tree, ast.Compare)
    return shape(tree.left)


# --- arithmetic precedence and associativity --------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("1 * 2 + 3", "((1 * 2) + 3)"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("1 + 2 - 3", "((1 + 2) - 3)"),
        ("8 / 4 / 2", "((8 / 4) / 2)"),
        ("8 / 4 * 2", "((8 / 4) * 2)"),
        ("2 * 3 / 4", "((2 * 3) / 4)"),
        ("2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))"),
        ("-2 ^ 2", "(-(2 ^ 2))"),
        ("2 ^ -1", "(2 ^ (-1))"),
        ("-x * y", "((-x) * y)"),
        ("- -x", "(-(-x))"),
        ("2 * 3 ^ 2", "(2 * (3 ^ 2))"),
        ("(1 + 2) * 3", "((1 + 2) * 3)"),
        ("1 - (2 - 3)", "(1 - (2 - 3))"),
        ("(2 ^ 3) ^ 2", "((2 ^ 3) ^ 2)"),
        ("x - -1", "(x - (-1))"),
        ("mean(xs) * 2", "(mean(xs) * 2)"),
        ("[1, 2 + 3, (4)]", "[1, (2 + 3), 4]"),
    ],
)
def test_arithmetic_grouping(text: str, expected: str) -> None:
    assert lhs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a == 1 or b == 2 and c == 3", "((a == 1) or ((b == 2) and (c == 3)))"),
        ("a == 1 and b == 2 or c == 3", "(((a == 1) and (b == 2)) or (c == 3))"),
        ("not a == 1 and b == 2", "((not (a == 1)) and (b == 2))"),
        ("not a == 1 or b == 2", "((not (a == 1)) or (b == 2))"),
        ("not not a == 1", "(not (not (a == 1)))"),
        ("a == 1 or b == 2 or c == 3", "(((a == 1) or (b == 2)) or (c == 3))"),
        ("a == 1 and b == 2 and c == 3", "(((a == 1) and (b == 2)) and (c == 3))"),
        ("not (a == 1 or b == 2)", "(not ((a == 1) or (b == 2)))"),
        ("a + 1 < b * 2", "((a + 1) < (b * 2))"),
        ("-a ^ 2 >= 0", "((-(a ^ 2)) >= 0)"),
    ],
)
def test_boolean_grouping(text: str, expected: str) -> None:
    assert shape(parse_check(text)) == expected


# --- comparisons, Unicode forms, tolerances ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "op"),
    [
        ("a == b", "=="),
        ("a != b", "!="),
        ("a < b", "<"),
        ("a <= b", "<="),
        ("a > b", ">"),
        ("a >= b", ">="),
        ("a ≠ b", "!="),
        ("a ≤ b", "<="),
        ("a ≥ b", ">="),
    ],
)
def test_comparators_and_unicode_forms(text: str, op: str) -> None:
    tree = parse_check(text)
    assert isinstance(tree, ast.Compare)
    assert tree.op == op


@pytest.mark.parametrize("text", ["x ~= 70.1", "x ≈ 70.1", "x~=70.1"])
def test_approx_forms(text: str) -> None:
    tree = parse_check(text)
    assert isinstance(tree, ast.Approx)
    assert isinstance(tree.right, ast.Number)
    assert tree.right.literal.text == "70.1"


def test_approx_negative_target() -> None:
    tree = parse_check("x ~= -70.1")
    assert isinstance(tree, ast.Approx)
    assert shape(tree.right) == "(-70.1)"


@pytest.mark.parametrize(
    ("text", "tol", "relative"),
    [
        ("y == 8.7 ± 5%", "5%", True),
        ("y == 8.7 +/- 5%", "5%", True),
        ("y == 8.7 ± 0.1", "0.1", False),
        ("y == 8.7 +/- 0.1", "0.1", False),
        ("y==8.7+/-0.1", "0.1", False),
        ("y == 8.7 ± 1e-2", "1e-2", False),
    ],
)
def test_within_forms(text: str, tol: str, relative: bool) -> None:
    tree = parse_check(text)
    assert isinstance(tree, ast.Within)
    assert tree.tolerance.literal.text == tol
    assert tree.relative is relative
    assert shape(tree.target) == "8.7"


def test_within_target_is_a_sum() -> None:
    tree = parse_check("y == 8 + 0.7 ± 0.1")
    assert isinstance(tree, ast.Within)
    assert shape(tree.target) == "(8 + 0.7)"


@pytest.mark.parametrize("op", ["<", "<=", "!=", ">", ">="])
def test_within_only_with_equals(op: str) -> None:
    text = f"y {op} 8.7 ± 5%"
    with pytest.raises(CheckSyntaxError) as info:
        parse_check(text)
    assert "goes with `==` only" in info.value.message
    assert info.value.span == Span(2, 2 + len(op))


# --- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mantissa", "exponent"),
    [
        ("12", 12, 0),
        ("8.70", 870, -2),
        ("1.5e-3", 15, -4),
        ("1.5E3", 15, 2),
        ("5%", 5, -2),
        ("12.5%", 125, -3),
        ("0", 0, 0),
        ("007", 7, 0),
        ("1e+2", 1, 2),
    ],
)
def test_number_literals(text: str, mantissa: int, exponent: int) -> None:
    tree = parse_check(f"{text} == 0")
    assert isinstance(tree, ast.Compare)
    assert isinstance(tree.left, ast.Number)
    assert (tree.left.literal.mantissa, tree.left.literal.exponent) == (mantissa, exponent)
    assert tree.left.span == Span(0, len(text))


def test_negative_literal_is_unary_minus() -> None:
    tree = parse_check("-3 == 0")
    assert isinstance(tree, ast.Compare)
    assert isinstance(tree.left, ast.Neg)
    assert tree.left.span == Span(0, 2)


# --- names and keywords -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["order", "notable", "android", "oracle", "nothing", "and_", "or2", "_not", "NOT"]
)
def test_names_that_start_with_keywords(name: str) -> None:
    tree = parse_check(f"{name} == 1")
    assert isinstance(tree, ast.Compare)
    assert isinstance(tree.left, ast.Name)
    assert tree.left.id == name
    assert tree.left.span == Span(0, len(name))


@pytest.mark.parametrize(
    ("text", "pos"),
    [
        ("and == 1", 0),
        ("or == 1", 0),
        ("x == or", 5),
        ("mean(and) == 1", 5),
        ("x == 1 andx == 2", 7),
        ("x == 1 orx == 2", 7),
        ("x == not", 5),
    ],
)
def test_keywords_are_never_names(text: str, pos: int) -> None:
    with pytest.raises(CheckSyntaxError) as info:
        parse_check(text)
    assert info.value.span is not None
    assert info.value.span.start == pos


def test_calls_and_lists() -> None:
    tree = parse_check("mean([1, 2], x, ) == round(y, 1)")
    assert isinstance(tree, ast.Compare)
    left, right = tree.left, tree.right
    assert isinstance(left, ast.Call) and left.func == "mean" and len(left.args) == 2
    assert left.name_span == Span(0, 4)
    assert isinstance(right, ast.Call) and right.func == "round"
    assert shape(parse_check("len([]) == 0")) == "(len([]) == 0)"
    assert shape(parse_check("f() == 0")) == "(f() == 0)"


def test_spans_cover_source_text() -> None:
    text = "mean(xs) + 2 * y >= 3"
    tree = parse_check(text)
    for node in tree.walk():
        assert 0 <= node.span.start < node.span.end <= len(text)
    assert isinstance(tree, ast.Compare)
    assert text[tree.left.span.start : tree.left.span.end] == "mean(xs) + 2 * y"


def test_whitespace_is_ignored() -> None:
    assert shape(parse_check(" \t1\n+\n2 ==3 ")) == "((1 + 2) == 3)"


# --- labelled syntax errors with spans ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "start"),
    [
        ("x +", "missing operand", 3),
        ("x ==", "missing operand", 4),
        ("x == 1 and", "missing operand", 10),
        ("not", "missing operand", 3),
        ("x + == 1", "missing operand", 4),
        ("mean(x", "unclosed bracket", 6),
        ("(x + 1 == 2", "unclosed bracket", 11),
        ("[1, 2", "unclosed bracket", 5),
        ("x) == 1", "unexpected closing bracket", 1),
        ("x == 1]", "unexpected closing bracket", 6),
        ("1 < x < 2", "comparisons cannot be chained", 6),
        ("x == y == z", "comparisons cannot be chained", 7),
        ("x == 1 ± y", "tolerance must be a number literal", 9),
        ("x y", "missing operator between operands", 2),
        ("mean(x) 2 == 1", "missing operator between operands", 8),
        ("x == 1 2", "unexpected '2'", 7),
        # lark's match_examples raised TypeError on these (an example in the same state
        # with other accepted tokens), and the labels were lost
        ("-[1", "unclosed bracket", 3),
        ("not [1", "unclosed bracket", 6),
        ("[1", "unclosed bracket", 2),
        ("x == -(1 + [2", "unclosed bracket", 13),
        ("x == 1 or", "missing operand", 9),
        # a stray comma is not a closing bracket
        ("x == 1,", "a comma separates items only inside `f(...)` or `[...]`", 6),
        ("x == 1, y == 2", "a comma separates items only inside", 6),
        ("(x, y) == 1", "a comma separates items only inside", 2),
    ],
)
def test_labelled_syntax_errors(text: str, label: str, start: int) -> None:
    with pytest.raises(CheckSyntaxError) as info:
        parse_check(text)
    assert label in info.value.message
    assert info.value.span == Span(start, start + 1)


@pytest.mark.parametrize(
    ("text", "char", "start"),
    [("x @ 1", "@", 2), ("x.y == 1", ".", 1), ("x == 5%%", "%", 7), ("x == 1;", ";", 6)],
)
def test_unexpected_characters(text: str, char: str, start: int) -> None:
    with pytest.raises(CheckSyntaxError) as info:
        parse_check(text)
    assert info.value.message == f"unexpected character {char!r}"
    assert info.value.span == Span(start, start + 1)


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_check(text: str) -> None:
    with pytest.raises(CheckSyntaxError) as info:
        parse_check(text)
    assert info.value.message.startswith("unexpected end of check")
    assert info.value.span == Span(0, 1)


def test_unlabelled_error_lists_expected_tokens() -> None:
    with pytest.raises(CheckSyntaxError) as info:
        parse_check("x == 1 ± 5% ± 1")
    assert "expected one of" in info.value.message
    assert info.value.span == Span(12, 13)


# --- resource bounds ---------------------------------------------------------------------


def test_check_length_bound() -> None:
    text = "x == " + "1" * 10 + " " * limits.MAX_CHECK_CHARS
    with pytest.raises(LimitError, match="characters long"):
        parse_check(text)


def test_bracket_nesting_bound() -> None:
    ok = "(" * limits.MAX_NESTING + "1" + ")" * limits.MAX_NESTING + " == 1"
    assert isinstance(parse_check(ok), ast.Compare)
    bad = "(" * (limits.MAX_NESTING + 1) + "1" + ")" * (limits.MAX_NESTING + 1) + " == 1"
    with pytest.raises(LimitError) as info:
        parse_check(bad)
    assert info.value.span == Span(limits.MAX_NESTING, limits.MAX_NESTING + 1)


def test_unary_run_bound() -> None:
    assert isinstance(parse_check("-" * limits.MAX_NESTING + "1 == 1"), ast.Compare)
    with pytest.raises(LimitError) as info:
        parse_check("-" * (limits.MAX_NESTING + 1) + "1 == 1")
    assert info.value.span == Span(limits.MAX_NESTING, limits.MAX_NESTING + 1)


@pytest.mark.parametrize(
    "text",
    [
        "+".join(["1"] * 1990) + " == 1",  # a long chain nests one level per operator
        "1 == 1" + " and 1 == 1" * 360,
        "x" + "*x" * 1900 + " == 1",
        "2" + "^2" * 1900 + " == 1",
        ("-" * 63 + "(") * 60 + "1" + ")" * 60 + " == 1",
    ],
)
def test_deep_trees_are_a_limit_error_not_a_crash(text: str) -> None:
    assert len(text) <= limits.MAX_CHECK_CHARS
    with pytest.raises(LimitError, match="nested deeper"):
        parse_check(text)


def test_chain_just_under_depth_bound_parses() -> None:
    terms = MAX_TREE_DEPTH - 2
    tree = parse_check("+".join(["1"] * terms) + " == 1")
    assert isinstance(tree, ast.Compare)


def test_too_many_digits_is_positioned() -> None:
    digits = "9" * (limits.MAX_NUMBER_DIGITS + 1)
    with pytest.raises(LimitError) as info:
        parse_check(f"x == {digits}")
    assert info.value.span == Span(5, 5 + len(digits))
    assert isinstance(parse_check("x == " + "9" * limits.MAX_NUMBER_DIGITS), ast.Compare)


def test_scientific_exponent_bound() -> None:
    with pytest.raises(LimitError) as info:
        parse_check(f"x == 1e{limits.MAX_SCI_EXPONENT + 1}")
    assert info.value.span == Span(5, 5 + len(f"1e{limits.MAX_SCI_EXPONENT + 1}"))


def test_all_errors_are_leanbridge_errors() -> None:
    for text in ["(", ")", "==", "x ==== 1", "±", "1 +/-", "mean(,)", "[,]"]:
        with pytest.raises(LeanbridgeError):
            parse_check(text)


@pytest.mark.parametrize("text", ["-[1", "not [1", "- - [1, 2"])
def test_error_at_end_after_prefix_operator(text: str) -> None:
    # lark's match_examples raised TypeError here (found by the property tests).
    with pytest.raises(CheckSyntaxError) as info:
        parse_check(text)
    assert info.value.message.startswith("unexpected end of check")
    assert info.value.span == Span(len(text), len(text) + 1)
