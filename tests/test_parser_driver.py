"""The LALR driver in the parser gives exactly what `Lark.parse` gives, and is in use."""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import re
import sys
import warnings
from pathlib import Path

import lark.parse_tree_builder
import lark.parsers.lalr_analysis
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import UnexpectedInput
from test_golden import CASES, outcome_of

from leanbridge.errors import CheckSyntaxError, LeanbridgeError, Span
from leanbridge.semantics.numbers import Decimal, parse_decimal
from leanbridge.syntax import ast
from leanbridge.syntax import parser as P

ROOT = Path(__file__).resolve().parent.parent


def _lark_result(text: str) -> object:
    P._pending.error = None
    try:
        return repr(P._node(P._lark().parse(text)))
    except UnexpectedInput as e:
        return ("syntax", type(e).__name__, getattr(e, "pos_in_stream", None))
    finally:
        P._pending.error = None


def _driver_result(text: str) -> object:
    driver = P._driver()
    if driver is None:  # lark's internals have changed: every parse is Lark.parse's own
        pytest.skip("the driver is off with this lark (Lark.parse does all the parsing)")
    P._pending.error = None
    try:
        built = driver.parse(text)
    finally:
        P._pending.error = None
    if built is None:
        return None
    return repr(P._node(built))


def _corpus_checks() -> list[str]:
    out = []
    for path in sorted((ROOT / "claims").glob("*.yaml")) + sorted(
        (ROOT / "tests" / "emit" / "fixtures").glob("*.yaml")
    ):
        doc = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)
        out += [c["check"] for c in doc.get("claims", []) if isinstance(c, dict) and "check" in c]
    for golden in sorted((ROOT / "tests" / "fixtures" / "golden").glob("*.txt")):
        for line in golden.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#") and ";" in line:
                out.append(line.rsplit(";", 1)[0])
    return out


def test_driver_agrees_with_lark_on_every_check_we_ship() -> None:
    checks = _corpus_checks()
    assert len(checks) > 300
    # Each check parsed until its program is replayed, then unrolled, then run unrolled.
    for text in checks:
        want = _lark_result(text)
        for _ in range(P._UNROLL_AFTER + 2):
            got = _driver_result(text)
            if got is None:  # the driver hands everything it cannot take back to lark
                assert isinstance(want, tuple), text
            else:
                assert got == want, text


VOCAB = [
    "and",
    "or",
    "not",
    "andx",
    "order",
    "x",
    "xs",
    "mean",
    "round",
    "(",
    ")",
    "[",
    "]",
    ",",
    "+",
    "-",
    "*",
    "/",
    "^",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "≤",
    "≥",
    "≠",
    "~=",
    "≈",
    "±",
    "+/-",
    "1",
    "2.50",
    "5%",
    "1.5e-3",
    "1e999",
    "%",
    ".",
    "~",
    "\n",
]
texts = st.one_of(
    st.text(alphabet="ab xy_()[],+-*/^<=>!~≈±≤≥≠%.0123456789e", max_size=40),
    st.lists(st.sampled_from(VOCAB), max_size=14).flatmap(
        lambda words: st.sampled_from([" ", ""]).map(lambda sep: sep.join(words))
    ),
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_driver_agrees_with_lark_on_random_text(text: str) -> None:
    got = _driver_result(text)
    want = _lark_result(text)
    if got is None:
        assert isinstance(want, tuple)
    else:
        assert got == want


def _token_list(tokens: list | None) -> object:
    return None if tokens is None else [(t.type, t.value, t.start_pos, t.end_pos) for t in tokens]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(texts, st.text(max_size=30)))
def test_findall_tokens_agree_with_the_general_tokenizer(text: str) -> None:
    driver = P._driver()
    if driver is None:
        pytest.skip("the driver is off with this lark (Lark.parse does all the parsing)")
    driver.kind_of.clear()  # a fresh memo of kinds, then a warm one
    for _ in range(2):
        assert _token_list(driver.tokens(text)) == _token_list(driver.tokens_general(text))


_NUMBERISH = st.text(alphabet="0123456789.%eE+- \u0661\u00b2x", min_size=1, max_size=8)


@settings(max_examples=600, deadline=None)
@given(st.one_of(_NUMBERISH, st.from_regex(r"[0-9]{1,6}(\.[0-9]{1,4})?", fullmatch=True)))
def test_a_plain_numbers_kind_is_the_regexes_kind(text: str) -> None:
    """_kind's rule for plain numbers (ASCII digits, at most one inner `.`) gives what the
    regexes give, on such numbers and texts near them (Unicode digits, `1.`, `.5`, `1e5`)."""
    driver = P._driver()
    if driver is None:
        pytest.skip("the driver is off with this lark (Lark.parse does all the parsing)")
    assert driver.plain_numbers  # claim.lark's terminals: the rule is on
    driver.kind_of.clear()
    fast = driver._kind(text)
    driver.kind_of.clear()
    assert fast == driver._kind_general(text), text
    assert driver.kind_of == {text: fast}


def test_findall_tokens_agree_on_every_check_we_ship() -> None:
    driver = P._driver()
    if driver is None:
        pytest.skip("the driver is off with this lark (Lark.parse does all the parsing)")
    extra = ["\u0661\u0662 == 3", "x\x0c== 1", "+/", "1e", "a @ b", " "]
    for text in [*_corpus_checks(), *extra]:
        assert _token_list(driver.tokens(text)) == _token_list(driver.tokens_general(text)), text


# --- the fallback: lark's internals changed ------------------------------------------------


@pytest.fixture
def rebuilt_driver(monkeypatch: pytest.MonkeyPatch):
    """Lets a test change lark's internals; the driver is decided afresh before and after,
    with its self-check run (as under a lark or Python the table does not record)."""
    lark, _on_record = P._loaded()
    monkeypatch.setattr(P, "_loaded", lambda: (lark, False))
    monkeypatch.setattr(P, "_on_record", lambda: None)  # made from lark, not its record
    P._driver.cache_clear()
    yield
    P._driver.cache_clear()


def _without_expand_single_child(monkeypatch: pytest.MonkeyPatch) -> None:
    # As if a lark release had moved the class: `from ... import` raises ImportError.
    monkeypatch.delattr(lark.parse_tree_builder, "ExpandSingleChild", raising=False)


def _without_parse_tree_builder(monkeypatch: pytest.MonkeyPatch) -> None:
    # As if the whole module were gone (sys.modules[name] = None makes imports fail).
    monkeypatch.setitem(sys.modules, "lark.parse_tree_builder", None)


def _without_shift(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(lark.parsers.lalr_analysis, "Shift", raising=False)


def _misparsing(monkeypatch: pytest.MonkeyPatch) -> None:
    # Builds fine but, as if a callback's meaning had changed, gives other trees: only the
    # trial parse at first use can tell.
    built = P._Driver.__init__

    def init(self, lark_: object) -> None:
        built(self, lark_)
        self.states = {
            s: {
                k: (a if a.__class__ is not tuple else (a[0], lambda c: c[0], *a[2:]))
                for k, a in acts.items()
            }
            for s, acts in self.states.items()
        }

    monkeypatch.setattr(P._Driver, "__init__", init)


def _crashing(monkeypatch: pytest.MonkeyPatch) -> None:
    def tokens(self, text: str) -> None:
        raise RuntimeError("simulated change in lark's terminals")

    monkeypatch.setattr(P._Driver, "tokens", tokens)
    monkeypatch.setattr(P._Driver, "_scan", tokens)


@pytest.mark.parametrize(
    "change",
    [
        _without_expand_single_child,
        _without_parse_tree_builder,
        _without_shift,
        _misparsing,
        _crashing,
    ],
)
def test_a_change_in_lark_internals_falls_back_to_lark_parse(
    change, monkeypatch: pytest.MonkeyPatch, rebuilt_driver: None
) -> None:
    change(monkeypatch)
    assert P._driver() is None
    assert P.parse_check("x == 1 and -2 ^ 2 < y") is not None
    with pytest.raises(CheckSyntaxError, match="unclosed bracket"):
        P.parse_check("mean(x")


def test_the_fallback_is_decided_once(
    monkeypatch: pytest.MonkeyPatch, rebuilt_driver: None
) -> None:
    builds = []
    built = P._Driver.__init__

    def init(self, lark_: object) -> None:
        builds.append(1)
        built(self, lark_)

    monkeypatch.setattr(P._Driver, "__init__", init)
    for text in ["x == 1", "x ==", "y < 2", "x @"]:
        with contextlib.suppress(CheckSyntaxError):
            P.parse_check(text)
    assert builds == [1]


def test_every_golden_check_gives_the_same_outcome_through_lark_parse(
    monkeypatch: pytest.MonkeyPatch, rebuilt_driver: None
) -> None:
    """All golden files through the driver, then through `Lark.parse` alone: the same trees,
    the same errors (class, message and span) and the same golden outcomes."""

    def outcomes() -> list[object]:
        out: list[object] = []
        for _, text, _ in CASES:
            try:
                out.append(repr(P.parse_check(text)))
            except LeanbridgeError as e:
                out.append((type(e).__name__, e.message, e.span))
            out.append(outcome_of(text))
        return out

    with_driver = outcomes()  # the driver, if this lark has the internals it reads
    P._driver.cache_clear()
    _without_expand_single_child(monkeypatch)
    assert P._driver() is None
    without = outcomes()
    assert len(without) == 2 * len(CASES) > 600
    assert without == with_driver
    assert without[1::2] == [expected for _, _, expected in CASES]


# --- the replay of a recorded parse (checks of the same token kinds) ------------------------

# Words of one token kind each: swapping one for another of its kind keeps the kinds.
SAME_KIND = {
    "x": ["y", "xs", "mean", "andx", "order", "_a1"],
    "1": ["2.50", "5%", "1.5e-3", "1e999", "0"],
    "==": ["!=", "<", "<=", ">", ">=", "≤", "≥", "≠"],
    "~=": ["≈"],
    "±": ["+/-"],
}
KIND_VOCAB = [w for w in VOCAB if w not in ("%", ".", "~")]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(KIND_VOCAB), min_size=1, max_size=14),
    st.sampled_from([" ", ""]),
    st.randoms(use_true_random=False),
)
def test_a_replayed_parse_is_lark_parse(words: list[str], sep: str, rnd) -> None:
    """The first text records its kinds' reductions; a second text of the same kinds (other
    names, numbers, comparators) is parsed by replaying them, and must be what lark gives."""
    driver = P._driver()
    if driver is None:
        pytest.skip("the driver is off with this lark")
    first = sep.join(words)
    other = sep.join(
        rnd.choice(SAME_KIND[w]) if w in SAME_KIND and rnd.random() < 0.7 else w for w in words
    )
    if sep == "" and first != other:  # glued words can lex differently: keep the kinds
        tokens_a, tokens_b = driver.tokens(first), driver.tokens(other)
        if tokens_a is None or tokens_b is None:
            return
        if [t.type for t in tokens_a] != [t.type for t in tokens_b]:
            return
    driver.programs.clear()
    got_first = _driver_result(first)
    assert got_first == (None if got_first is None else _lark_result(first))
    replayed = _piece_kinds(other) in driver.programs
    got = _driver_result(other)
    want = _lark_result(other)
    if got is None:
        assert not replayed and isinstance(want, tuple)
    else:
        assert got == want
    if replayed:  # and the replay gave what the table gives
        driver.programs.clear()
        assert _driver_result(other) == got


def _piece_kinds(text: str) -> tuple[str, ...]:
    driver = P._driver()
    assert driver is not None
    return driver._kinds(driver.pieces(text))


def _built(run) -> object:
    """What a replay builds, with the error it defers (each from a clean slot)."""
    P._pending.error = None
    try:
        got = repr(P._node(run()))
        error = P._pending.error
        return got, None if error is None else (type(error).__name__, error.message, error.span)
    finally:
        P._pending.error = None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(KIND_VOCAB), min_size=1, max_size=14),
    st.randoms(use_true_random=False),
)
def test_an_unrolled_program_is_its_replay(words: list[str], rnd) -> None:
    """_unroll(program) builds what _replay builds: same trees, same deferred errors."""
    driver = P._driver()
    if driver is None:
        pytest.skip("the driver is off with this lark")
    text = " ".join(words)
    other = " ".join(rnd.choice(SAME_KIND[w]) if w in SAME_KIND else w for w in words)
    driver.programs.clear()
    want_checked = _checked(other)  # the table
    driver.programs.clear()
    driver.uses.clear()
    _checked(text)  # records the program of these kinds (when text parses)
    kinds = _piece_kinds(other)
    assert kinds == _piece_kinds(text)
    program = driver.programs.get(kinds)
    if program is None:
        return
    assert program.__class__ is tuple
    tokens = driver.tokens(other)
    pieces = driver.pieces(other)
    ends = list(itertools.accumulate(map(len, pieces)))
    want = _built(lambda: P._replay(tokens, program))
    assert _built(lambda: P._unroll(program, kinds)(pieces, ends)[0]) == want
    for _ in range(P._UNROLL_AFTER):  # replayed, then unrolled, then the unrolled one
        assert _checked(other) == want_checked
    assert not isinstance(driver.programs[kinds], tuple)
    driver.programs.clear()


def test_unrolled_programs_are_used_with_any_spacing() -> None:
    """A check parsed often enough goes through its unrolled program, which gives what
    lark gives, whatever the whitespace (a program is keyed by it)."""
    driver = P._driver()
    if driver is None:
        pytest.skip("the driver is off with this lark")
    driver.programs.clear()
    texts = [
        "round(mean(xs), 1) == 31.0",
        " round( mean(xs),1 )==31.0 ",
        "\tnot (a) <= -[1, 2,] ^ 2 or f() ≈ 1.5e-3 and x == 1 +/- 5%\n",
        "((((x))))",
        # two `±` (each step makes its tolerance's Number and the Within): a program makes
        # more nodes than it has steps
        "b == a + 0 ± 2 or c == a + 3 ± 2",
        "x == 1 ± 5% and y == 2 +/- 0.5 and z == 3 ± 1 or not w == 4 ± 1%",
    ]
    for text in texts:
        for _ in range(P._UNROLL_AFTER + 2):
            assert _checked(text) == _lark_result(text), text
        assert callable(driver.programs[_piece_kinds(text)])
    driver.programs.clear()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(texts, st.text(max_size=30)), st.integers(0, 3))
def test_kinds_found_in_one_pass_are_each_pieces_kind(text: str, known: int) -> None:
    """The memo of kinds gives a piece it has not seen its kind in the same pass
    (``__missing__``): what _kind_general gives each piece, whichever are known already."""
    driver = P._driver()
    if driver is None:
        pytest.skip("the driver is off with this lark")
    pieces = driver.pieces(text)
    driver.kind_of.clear()
    want = tuple(driver._kind_general(p) for p in pieces)
    driver.kind_of.clear()
    for p in pieces[:known]:  # some seen before, the rest not
        driver._kind(p)
    assert driver._kinds(pieces) == want
    assert driver.kind_of == dict(zip(pieces, want, strict=True))


def test_an_unrolled_program_takes_texts_not_seen_yet() -> None:
    """A check whose pieces' kinds are new (a memo just cleared, new numbers and names)
    still finds its unrolled program in one pass, and gives what lark gives."""
    driver = P._driver()
    if driver is None:
        pytest.skip("the driver is off with this lark")
    driver.programs.clear()
    text = "mean(xs, ys) == 35.45 +/- 0.5 and not f(z) > 1"
    for _ in range(P._UNROLL_AFTER + 1):
        assert _checked(text) == _lark_result(text)
    kinds = _piece_kinds(text)
    assert callable(driver.programs[kinds])
    for other in ["mean(ab, cd) == 99.125 +/- 7 and not g(w) > 20", text]:
        driver.kind_of.clear()
        assert _checked(other) == _lark_result(other), other
        assert set(driver.kind_of) == set(driver.pieces(other))
        assert callable(driver.programs[kinds])
    driver.programs.clear()


# --- the node makers of unrolled programs ---------------------------------------------------

_SPANS = st.builds(lambda a, b: Span(a, a + b), st.integers(0, 50), st.integers(0, 50))
_LEAVES = st.one_of(
    st.builds(ast.Name, _SPANS, st.sampled_from(["x", "mean"])),
    st.builds(ast.Number, _SPANS, st.sampled_from([Decimal(1, 0, "1"), Decimal(5, -2, "5%")])),
)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_maker_makes_what_the_dataclass_makes(data) -> None:
    """Each node class's maker gives the node its constructor gives: the same class,
    fields, equality, hash and repr, and the node stays frozen."""
    env = P._unroll_env()
    for n, cls in enumerate(P._CLASSES.values()):
        values, args = [], []  # the fields, and the maker's arguments for them
        for f in dataclasses.fields(cls):
            if f.name in ("span", "name_span"):
                values.append(data.draw(_SPANS))
                args += [values[-1].start, values[-1].end]
                continue
            if f.name == "literal":  # the maker takes the literal's text
                text = data.draw(st.sampled_from(["0.7", "12", "1.5e-3", "5%", "007.50"]))
                values.append(parse_decimal(text))
                args.append(text)
                continue
            if f.name in ("args", "items"):
                values.append(tuple(data.draw(st.lists(_LEAVES, max_size=3))))
            elif f.name == "relative":
                values.append(data.draw(st.booleans()))
            elif f.name in ("op", "func", "id"):
                values.append(data.draw(st.sampled_from(["==", "<", "f", "x"])))
            else:
                values.append(data.draw(_LEAVES))
            args.append(values[-1])
        made, want = env[f"M{n}"](*args), cls(*values)
        assert made.__class__ is cls
        assert made == want and hash(made) == hash(want) and repr(made) == repr(want)
        assert [getattr(made, f.name) for f in dataclasses.fields(cls)] == values
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.span = Span(0, 0)


def test_a_span_row_for_every_offset() -> None:
    assert len(P._SPANS) == P.limits.MAX_CHECK_CHARS + 1
    text = " " * (P.limits.MAX_CHECK_CHARS - 1) + "x"
    assert repr(P.parse_check(text)) == _lark_result(text)  # a span at the last offset


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), max_size=40), st.integers(1, 6))
def test_spans_are_shared_by_start_and_bounded(
    monkeypatch: pytest.MonkeyPatch, pairs: list[tuple[int, int]], kept: int
) -> None:
    """_span and a maker's lookup (the same rows) give Span(start, end), the same object
    while it is kept, and keep at most _SPANS_KEPT; the rows cover every offset of a
    check within the length bound (test_a_span_row_for_every_offset)."""
    rows: list = [None] * 13
    monkeypatch.setattr(P, "_SPANS", rows)
    monkeypatch.setattr(P, "_SPANS_KEPT", kept)
    monkeypatch.setattr(P, "_spans_made", 0)
    maker = P._unroll_env()["M1"]  # Name(span, id): its span from the rows
    monkeypatch.setitem(maker.__globals__, "SP", rows)
    for k, (start, end) in enumerate(pairs):
        span = P._span(start, end) if k % 2 else maker(start, end, "x").span
        assert span == Span(start, end) and span.__class__ is Span
        assert rows[start][end] is span  # kept in its start's row
        assert P._span(start, end) is span  # and shared while it is
        assert sum(map(len, filter(None, rows))) <= kept


# --- the pieces' regex: the terminals' groups made non-capturing ----------------------------


def test_uncaptured_makes_groups_non_capturing() -> None:
    assert P._uncaptured(r"a(b)[(]\((?:c)[]()][^]()](d)") == r"a(?:b)[(]\((?:c)[]()][^]()](?:d)"
    assert P._uncaptured(r"\d+(\.\d+)?([eE][+-]?\d+)?%?") == r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?%?"
    for refers in [r"(a)\1", r"(?P<x>a)(?P=x)", r"(a)?(?(1)b|c)"]:
        with pytest.raises(ValueError):
            P._uncaptured(refers)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab(?:)[]^\\|*+.", max_size=12), st.text(alphabet="ab()[]^\\", max_size=12))
def test_uncaptured_matches_what_the_regex_matches(regex: str, text: str) -> None:
    with warnings.catch_warnings():  # `[[` and the like: re's FutureWarning on nested sets
        warnings.simplefilter("ignore")
        try:
            original = re.compile(regex)
            uncaptured = P._uncaptured(regex)
        except (re.error, ValueError, RecursionError):
            return
        compiled = re.compile(uncaptured)
    assert compiled.groups == 0
    assert [m.span() for m in compiled.finditer(text)] == [
        m.span() for m in original.finditer(text)
    ]


# --- the pieces' regex written flat (_branches) ------------------------------------------------


def test_branches_flatten_groups_and_leading_repeats() -> None:
    assert P._branches(r"(?:\+/\-|±)") == [r"\+/\-", "±"]
    assert P._branches("(?:[ \t])+") == ["[ \t][ \t]*"]
    assert P._branches(r"\d+(\.\d+)?%?") == [r"\d\d*(\.\d+)?%?"]
    assert P._branches(r"(?:(?:a|b)c|[]|]+)") == ["(?:a|b)c", "[]|][]|]*"]
    # Kept as they are: a lazy or possessive repeat, a repeated group of more than one
    # character, an escape that is not one character, an empty alternative, a bad bracket.
    for regex in [r"\d+?", r"\d++", "(?:ab)+", r"\x41+", r"\b+", ".+", "(a)+"]:
        assert P._branches(regex) == [regex]
    assert P._branches("x|") == ["x", "(?:)"]
    assert P._branches("(?:a") == ["(?:(?:a)"]


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="ab(?:)[]^\\|*+.d", max_size=12),
    st.lists(st.text(alphabet="ab()[]^\\|+.1", max_size=10), max_size=4),
)
def test_branches_match_what_the_regex_matches(regex: str, texts: list[str]) -> None:
    """In place of ``(?:regex)`` among other alternatives, the branches joined by `|` match
    the same text at every position (the same alternative wins: the order is kept)."""
    with warnings.catch_warnings():  # `[[` and the like: re's FutureWarning on nested sets
        warnings.simplefilter("ignore")
        try:
            original = re.compile(f"b|(?:{regex})|.", re.DOTALL)
        except (re.error, RecursionError):
            return
        flat = re.compile("|".join(["b", *P._branches(regex), "."]), re.DOTALL)
    for text in texts:
        assert flat.findall(text) == original.findall(text)
        assert [m.span() for m in flat.finditer(text)] == [
            m.span() for m in original.finditer(text)
        ]


@settings(max_examples=600, deadline=None)
@given(st.one_of(texts, st.text(max_size=30), st.text(alphabet=" \t\x0c\r\n12.e%+-", max_size=20)))
def test_the_pieces_regex_is_the_pieces_pattern(text: str) -> None:
    """The driver's flat pieces' regex cuts any text as _piece_pattern (one group per
    terminal, the definition) does."""
    driver = P._driver()
    if driver is None:
        pytest.skip("the driver is off with this lark (Lark.parse does all the parsing)")
    skipped = [regexp for name, regexp in driver.terminals if name in driver.ignore]
    tried = [regexp for name, regexp in driver.terminals if name not in driver.ignore]
    plain = re.compile(P._uncaptured(P._piece_pattern(skipped, tried)), re.DOTALL)
    assert driver.piece_re.pattern != plain.pattern  # written flat
    assert driver.piece_re.findall(text) == plain.findall(text)


def test_the_replay_is_used_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    driver = P._driver()
    if driver is None:
        pytest.skip("the driver is off with this lark")
    driver.programs.clear()
    assert repr(P.parse_check("mean(xs) ~= 1.5")) == _lark_result("mean(xs) ~= 1.5")
    assert len(driver.programs) == 1
    assert repr(P.parse_check("sd(ys) ≈ 20")) == _lark_result("sd(ys) ≈ 20")
    assert len(driver.programs) == 1  # the same kinds: replayed, nothing new recorded
    monkeypatch.setattr(P, "_MAX_PROGRAMS", 3)
    for n in range(1, 8):  # distinct kinds each: x + x + ... + x
        text = " + ".join(["x"] * n)
        assert repr(P.parse_check(text)) == _lark_result(text)
        assert 1 <= len(driver.programs) <= 3
    driver.programs.clear()


def _checked(text: str) -> object:
    """What parse_check gives: the tree, or the error with its message and span."""
    try:
        return repr(P.parse_check(text))
    except LeanbridgeError as e:
        return (type(e).__name__, e.message, e.span)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(KIND_VOCAB), min_size=1, max_size=14),
    st.randoms(use_true_random=False),
)
def test_a_replayed_check_gives_what_the_table_gives(words: list[str], rnd) -> None:
    """parse_check through a replay (a check of the same kinds parsed just before), errors
    deferred by the reductions included (numbers past the bounds, `±` after `<`), against
    the same check parsed with no recorded programs."""
    driver = P._driver()
    if driver is None:
        pytest.skip("the driver is off with this lark")
    text = " ".join(words)
    other = " ".join(rnd.choice(SAME_KIND[w]) if w in SAME_KIND else w for w in words)
    driver.programs.clear()
    want = _checked(other)  # the table
    driver.programs.clear()
    _checked(text)  # records the program of these kinds (when text parses)
    assert _checked(other) == want  # replayed when it did


# --- the bounds checked before parsing ------------------------------------------------------


def _bounds_outcome(check) -> object:
    try:
        check()
    except LeanbridgeError as e:
        return type(e).__name__, e.message, e.span
    return None


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="([-n)] ot", max_size=3 * P.limits.MAX_NESTING),
    st.integers(0, 2 * P.limits.MAX_NESTING),
)
def test_a_short_check_skips_the_nesting_counts(text: str, brackets: int) -> None:
    """_check_bounds skips _check_nesting for a check no longer than MAX_NESTING: the same
    outcome as running it on every check (texts on both sides of that length)."""
    text = "(" * brackets + text

    def both() -> None:
        P._check_bounds(text)  # the length bound only, then the nesting when not skipped
        P._check_nesting(text)

    assert _bounds_outcome(lambda: P._check_bounds(text)) == _bounds_outcome(both)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="([-n)] ot", max_size=2 * P.limits.MAX_NESTING),
    st.integers(0, 2 * P.limits.MAX_NESTING),
)
def test_parse_check_skips_the_bounds_only_where_they_pass(text: str, brackets: int) -> None:
    """parse_check calls _check_bounds only for a check longer than _UNBOUNDED_BELOW, below
    which _check_bounds passes every check without counting anything."""
    text = "(" * brackets + text
    calls: list[str] = []
    real_bounds, real_nesting = P._check_bounds, P._check_nesting
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(P, "_check_nesting", lambda t: calls.append("nesting") or real_nesting(t))
        if len(text) <= P._UNBOUNDED_BELOW:  # nothing to find: no error, no count
            assert _bounds_outcome(lambda: real_bounds(text)) is None
            assert calls == []
        mp.setattr(P, "_check_bounds", lambda t: calls.append("bounds") or real_bounds(t))
        calls.clear()
        outcome = _checked(text)
    assert ("bounds" in calls) == (len(text) > P._UNBOUNDED_BELOW)
    bound = _bounds_outcome(lambda: real_bounds(text))
    if bound is not None:  # the bounds' error comes first
        assert outcome == bound
