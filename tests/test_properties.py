"""Property-based tests (hypothesis): exactness against an independent Fraction model, and
robustness of the parser, the evaluator and the loader on arbitrary input."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leanbridge.claims.loader import load_claim_text
from leanbridge.errors import LeanbridgeError
from leanbridge.pipeline import evaluate_file
from leanbridge.semantics.evaluate import evaluate
from leanbridge.semantics.numbers import parse_decimal
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax.parser import parse_check

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- (1) random expression trees vs. a straightforward Fraction computation ------------------


@dataclass(frozen=True)
class Lit:
    text: str
    value: Fraction


@dataclass(frozen=True)
class Bin:
    op: str
    left: object
    right: object


@dataclass(frozen=True)
class Neg:
    operand: object


@dataclass(frozen=True)
class Pow:
    base: object
    exp: int


@dataclass(frozen=True)
class Agg:
    func: str
    items: tuple


def _literal(whole: int, frac: str, percent: bool) -> Lit:
    text = f"{whole}.{frac}" if frac else str(whole)
    value = Fraction(int(f"{whole}{frac}"), 10 ** len(frac))
    if percent:
        return Lit(text + "%", value / 100)
    return Lit(text, value)


literals = st.builds(
    _literal,
    st.integers(0, 50),
    st.sampled_from(["", "5", "25", "125", "1", "75"]),
    st.booleans(),
)


def _extend(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.builds(Bin, st.sampled_from("+-*/"), children, children),
        st.builds(Neg, children),
        st.builds(Pow, children, st.integers(-3, 3)),
        st.builds(
            Agg,
            st.sampled_from(["sum", "mean", "median", "min", "max", "len", "pvar"]),
            st.lists(children, min_size=1, max_size=4).map(tuple),
        ),
    )


trees = st.recursive(literals, _extend, max_leaves=12)


class Undefined(Exception):
    """The independent model hit a division by zero."""


def text_of(t: object) -> str:
    if isinstance(t, Lit):
        return t.text
    if isinstance(t, Bin):
        return f"({text_of(t.left)} {t.op} {text_of(t.right)})"
    if isinstance(t, Neg):
        return f"-({text_of(t.operand)})"
    if isinstance(t, Pow):
        return f"({text_of(t.base)})^{t.exp}"
    assert isinstance(t, Agg)
    inner = ", ".join(text_of(i) for i in t.items)
    return f"{t.func}([{inner}])"


def model(t: object) -> Fraction:
    """The expected value, computed without leanbridge."""
    if isinstance(t, Lit):
        return t.value
    if isinstance(t, Bin):
        a, b = model(t.left), model(t.right)
        if t.op == "+":
            return a + b
        if t.op == "-":
            return a - b
        if t.op == "*":
            return a * b
        if b == 0:
            raise Undefined
        return a / b
    if isinstance(t, Neg):
        return -model(t.operand)
    if isinstance(t, Pow):
        base = model(t.base)
        if base == 0 and t.exp < 0:
            raise Undefined
        return base**t.exp
    assert isinstance(t, Agg)
    xs = sorted(model(i) for i in t.items)
    n = len(xs)
    if t.func == "sum":
        return sum(xs, Fraction(0))
    if t.func == "mean":
        return sum(xs, Fraction(0)) / n
    if t.func == "median":
        return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2
    if t.func == "min":
        return xs[0]
    if t.func == "max":
        return xs[-1]
    if t.func == "len":
        return Fraction(n)
    m = sum(xs, Fraction(0)) / n
    return sum(((x - m) ** 2 for x in xs), Fraction(0)) / n


def _size_ok(q: Fraction) -> bool:
    return max(q.numerator.bit_length(), q.denominator.bit_length()) < 20_000


@FAST
@given(trees)
def test_random_trees_match_fraction_model(tree: object) -> None:
    text = text_of(tree)
    try:
        expected = model(tree)
    except (Undefined, OverflowError):
        expected = None
    if expected is not None and not _size_ok(expected):
        return  # beyond what this model should be asked; the size bound is tested elsewhere
    rhs = "0" if expected is None else f"{expected.numerator} / {expected.denominator}"
    out = evaluate(parse_check(f"{text} == {rhs}"), {})
    if expected is None:
        assert out.verdict == "error"
        assert out.message is not None and "zero" in out.message
    else:
        assert out.verdict == "holds", (text, expected, out)
        assert out.lhs == expected


@FAST
@given(trees, trees)
def test_random_comparisons_match_fraction_model(a: object, b: object) -> None:
    try:
        va, vb = model(a), model(b)
    except (Undefined, OverflowError):
        return
    if not (_size_ok(va) and _size_ok(vb)):
        return
    for op, truth in (("<", va < vb), ("<=", va <= vb), ("!=", va != vb), ("≥", va >= vb)):
        out = evaluate(parse_check(f"{text_of(a)} {op} {text_of(b)}"), {})
        assert out.verdict == ("holds" if truth else "fails")


# --- (2) arbitrary text never escapes as anything but a LeanbridgeError ---------------------

ALPHABET = "0123456789.eE%+-*/^()[],<>=!~≈±≠≤≥ abcdnotrsqmxy_/\t\n"
TOKENS = [
    "1", "2.5", "1e3", "5%", "x", "xs", "y", "and", "or", "not", "(", ")", "[", "]", ",",
    "+", "-", "*", "/", "^", "==", "!=", "<", "<=", ">", ">=", "~=", "≈", "±", "+/-",
    "≠", "≤", "≥", "sqrt(", "mean(", "round(", "pct_change(", "var(", "sd(", "len(",
    "median(", "0", "1/0", "sqrt(2)", " ",
]  # fmt: skip

ENV = {
    "x": NamedValue("x", (parse_decimal("70.1"),), False, None),  # type: ignore[arg-type]
    "y": NamedValue("y", (parse_decimal("0"),), False, None),  # type: ignore[arg-type]
    "xs": NamedValue(
        "xs",
        tuple(parse_decimal(s) for s in ("1", "2", "3")),
        True,
        None,  # type: ignore[misc]
    ),
}

check_texts = st.one_of(
    st.text(alphabet=ALPHABET, max_size=60),
    st.lists(st.sampled_from(TOKENS), max_size=25).map("".join),
    st.lists(st.sampled_from(TOKENS), max_size=25).map(" ".join),
    st.text(max_size=40),
)


@FAST
@given(check_texts)
def test_parse_raises_only_leanbridge_errors_and_evaluate_never_raises(text: str) -> None:
    try:
        tree = parse_check(text)
    except LeanbridgeError as e:
        assert e.message
        if e.span is not None:
            assert 0 <= e.span.start <= max(len(text), 1)
        return
    out = evaluate(tree, ENV)  # must not raise
    assert out.verdict in ("holds", "fails", "undecided", "error")
    if out.verdict == "error":
        assert out.message


# --- (3) arbitrary YAML-ish text through the loader never raises -----------------------------

YAML_PIECES = [
    "leanbridge: 1\n", "claims:\n", "values:\n", "  - id: a\n", "  - id: b\n", "    check: ",
    "x == 1\n", "'x ≈ 1'\n", '"x +"\n', ">-\n      x\n      == 1\n", "  x: 1\n",
    "  xs: [1, 2]\n", "&a ", "*a ", "[", "]", "{", "}", ": ", "- ", "\t", "\n", "---\n",
    "? ", "!!str ", "<<: ", "#c\n", '"\\u00e9"', "é", "'", '"', "expect: fails\n", "    id: c\n",
]  # fmt: skip

yaml_texts = st.one_of(
    st.lists(st.sampled_from(YAML_PIECES), max_size=30).map("".join),
    st.text(max_size=200),
    st.text(alphabet="-:[]{}&*!|>'\"#? \n\tabcxy01=", max_size=120),
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_texts)
def test_loader_never_raises(text: str) -> None:
    loaded = load_claim_text("fuzz.yaml", text)
    result = evaluate_file(loaded)
    for d in result.diagnostics:
        assert d.file == "fuzz.yaml"
        assert d.pos is not None
        assert d.pos.line >= 1 and d.pos.col >= 1
        d.render()
