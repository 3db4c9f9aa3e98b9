"""The LALR driver in the parser gives exactly what `Lark.parse` gives, and is in use."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import lark.parse_tree_builder
import lark.parsers.lalr_analysis
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import UnexpectedInput
from test_golden import CASES, outcome_of

from leanbridge.errors import CheckSyntaxError, LeanbridgeError
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
    for text in checks:
        got = _driver_result(text)
        want = _lark_result(text)
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


def test_findall_tokens_agree_on_every_check_we_ship() -> None:
    driver = P._driver()
    if driver is None:
        pytest.skip("the driver is off with this lark (Lark.parse does all the parsing)")
    extra = ["\u0661\u0662 == 3", "x\x0c== 1", "+/", "1e", "a @ b", " "]
    for text in [*_corpus_checks(), *extra]:
        assert _token_list(driver.tokens(text)) == _token_list(driver.tokens_general(text)), text


# --- the fallback: lark's internals changed ------------------------------------------------


@pytest.fixture
def rebuilt_driver():
    """Lets a test change lark's internals; the driver is decided afresh before and after."""
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
                k: (a if a.__class__ is not tuple else (a[0], lambda c: c[0], a[2]))
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
    kinds = driver.tokens(other)
    replayed = kinds is not None and tuple(t.type for t in kinds) in driver.programs
    got = _driver_result(other)
    want = _lark_result(other)
    if got is None:
        assert not replayed and isinstance(want, tuple)
    else:
        assert got == want
    if replayed:  # and the replay gave what the table gives
        driver.programs.clear()
        assert _driver_result(other) == got


def _built(run, tokens) -> object:
    """What a replay builds, with the error it defers (each from a clean slot)."""
    P._pending.error = None
    try:
        got = repr(P._node(run(tokens)))
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
    """_compile(program) makes the calls _replay makes: same trees, same deferred errors."""
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
    tokens = driver.tokens(other)
    program = driver.programs.get(tuple(t.type for t in tokens)) if tokens else None
    if program is None:
        return
    assert program.__class__ is tuple
    want = _built(lambda t: P._replay(t, program), tokens)
    assert _built(P._compile(program), tokens) == want
    for _ in range(P._UNROLL_AFTER):  # replayed, then unrolled, then the unrolled one
        assert _checked(other) == want_checked
    assert not isinstance(driver.programs[tuple(t.type for t in tokens)], tuple)
    driver.programs.clear()


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
