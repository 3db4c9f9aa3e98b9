"""The fast YAML builder and the lazily computed positions change no result.

``yamlpos._build`` (one pass over the events) must give exactly what the general path
(``_compose`` + ``_Converter``, which also handles aliases and the bounds) gives, or hand
over to it.  Positions are kept as mark tuples and turned into ``Pos`` only when asked,
and a claim's ``CheckLocator`` is worked out from the scalar's event: both are checked against
an oracle built from PyYAML's own composer.  Every test runs with libyaml's parser and with
PyYAML's pure-Python one (``yaml_parsers``).
"""

from __future__ import annotations

import dataclasses
import random
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml_parsers import yaml_parser  # noqa: F401 (autouse: each test under each parser)

from leanbridge import limits
from leanbridge.claims import yamlpos
from leanbridge.claims.loader import CheckLocator, load_claim_text
from leanbridge.errors import Pos, Span

ROOT = Path(__file__).parent.parent
YAML_FILES = sorted((ROOT / "tests").rglob("*.yaml")) + sorted((ROOT / "claims").glob("*.yaml"))

CORNERS = [
    "",
    "# only a comment\n",
    "just a scalar\n",
    "- 1\n- [2, {a: b}]\n",
    "--- \nleanbridge: 1\n...\n",
    "leanbridge: 1\nclaims:\n  - id: a\n    check: 1 == 1\n    id: b\n  - id: c\n    check: x\n",
    "leanbridge: 1\nleanbridge: 1\nclaims: []\n",
    "? [1, 2]\n: x\nb: 1\n",
    "{[a]: 1, {b: c}: 2, 3: 4, '': 5, '': 6}\n",
    "? |\n  block key\n: v\n",
    "? [a, {b: [c]}]\n: {d: e, d: f}\nok: 1\n",
    "a:\n  <<: {x: 1}\n  '<<': 2\n  y: [1, {z: 2, z: 3}]\n",
    "leanbridge: 1\nvalues: {x: !!str 3, y: !foo 4}\nclaims:\n  - id: a\n    check: !!str x\n",
    "leanbridge: 1\nclaims:\n  - id: a\n    check: >\n      x ==\n      bogus\n",
    "claims:\n  - id: a\n    check: \"x\\u0020== 1\"\n  - id: b\n    check: 'it''s'\n",
    "leanbridge: 1\nclaims:\n  - id: a\n    check:\n  - id: b\n    check: [1]\n",
    "leanbridge: 1\r\nclaims:\r\n  - id: a\r\n    check: x ==\r\n      1\r\n",
    '\ufeffleanbridge: 1\nclaims:\n  - {id: é, check: "é == 😀"}\n',
    "a: &x 1\nb: [&y {c: d}]\n",  # anchors without aliases stay on the fast path
    "a: 'unterminated\n",
    "a: [1, 2\n",
    "a:\n  - b\n c: d\n",
    "a: b: c\n",
    "%YAML 1.1\n---\na: 1\n",
    "[" * limits.MAX_YAML_DEPTH + "]" * limits.MAX_YAML_DEPTH,
    "[" * (limits.MAX_YAML_DEPTH - 1) + "x" + "]" * (limits.MAX_YAML_DEPTH - 1),
    "- " * (limits.MAX_YAML_DEPTH - 1) + "x\n",
    "- " * limits.MAX_YAML_DEPTH + "x\n",  # as deep as allowed
]

DEEPER = f"nested deeper than {limits.MAX_YAML_DEPTH} levels"
TOO_DEEP = limits.MAX_YAML_DEPTH + 1  # the first level too deep, counting the root as 1
NODES = 1_000  # the node bound while HANDED_OVER is tested (the real one is slow to reach)

# Texts the fast builder hands over: each is an error, or close to one, or uses aliases;
# with what the general builder makes of it (the data, or the error and where).
HANDED_OVER = [
    ("a: &x [1, 2]\nb: *x\n", {"a": ["1", "2"], "b": ["1", "2"]}),
    ("a: *nope\n", ("YAML syntax error: found undefined alias `nope`", Pos(1, 4))),
    ("&x [*x]\n", (DEEPER, Pos(1, 1))),  # the alias inside itself
    ("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n", {"base": {"x": "1"}, "other": {"y": "2"}}),
    ("a: 1\n--- \nb: 2\n", (
        "YAML error: expected a single document, but found another document", Pos(2, 1)
    )),
    # Beyond libyaml 0.2.6's own limit too (PyYAML >= 6.0.4), checked a line ahead.
    ("[" * 100_000, (DEEPER, Pos(1, TOO_DEEP + 1))),
    ("[" * 40 + "]" * 40, (DEEPER, Pos(1, TOO_DEEP + 1))),
    ("{a: " * 34 + "1" + "}" * 34, (DEEPER, Pos(1, 1 + 4 * TOO_DEEP))),
    ("- " * (limits.MAX_YAML_DEPTH + 1) + "x\n", (DEEPER, Pos(1, 1 + 2 * TOO_DEEP))),
    ("? " + "[" * 40 + "]" * 40 + "\n: v\n", (DEEPER, Pos(1, 2 + TOO_DEEP))),
    ("[" + "1, " * NODES + "]\n", (
        f"document expands to more than {NODES} nodes "
        "(aliases are counted each time they are used)",
        Pos(1, 2 + 3 * (NODES - 1)),  # the last scalar within the bound
    )),
]  # fmt: skip

ATOMS = [
    "a", "b: c", "- x", "[", "]", "{", "}", ",", ":", "? ", "&a ", "*a", "!!str ", "'q'", '"d"',
    "|\n  t", ">\n  f", "\n", "\n  ", "\n    ", "#c", "---\n", "<<: ", "id: ", "check: ",
    "claims:\n", "leanbridge: 1\n", "1 == 1", "  - ", "values:\n", "  x: 1\n", "x: 1\n",
]  # fmt: skip


def outcome(build, text: str) -> object:
    """What a builder gives: the document, or the error it raises, as comparable values."""
    try:
        return build(text)
    except yaml.YAMLError as e:
        return ("syntax", type(e), str(e))
    except yamlpos.YamlError as e:
        return ("error", e.message, e.pos)


def fast_equals_general(text: str) -> bool:
    """Assert that the fast builder agrees with the general one; False if it handed over."""
    try:
        fast = outcome(yamlpos._build, text)
    except yamlpos._Fallback:
        return False
    assert fast == outcome(yamlpos._build_general, text)
    return True


def has_alias(text: str) -> bool:
    return any(isinstance(e, yaml.AliasEvent) for e in yaml.parse(text, Loader=yamlpos._Loader))


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_fixture_files_take_the_fast_path_and_agree(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert fast_equals_general(text) or has_alias(text)


@pytest.mark.parametrize("text", CORNERS)
def test_corner_cases_agree(text: str) -> None:
    assert fast_equals_general(text)


def load_outcome(text: str) -> object:
    """What ``load_yaml`` gives: the document, or the error's message and position."""
    try:
        return yamlpos.load_yaml(text)
    except yamlpos.YamlError as e:
        return (e.message, e.pos)


def test_either_parser_gives_the_same_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml's parser and PyYAML's pure-Python one: the same data, marks and problems, and
    the same errors of our own; only a YAML syntax error may be worded differently."""
    if yamlpos._Loader is yamlpos._PURE_LOADER:
        pytest.skip("compares the two parsers itself: once is enough")
    texts = [p.read_text(encoding="utf-8-sig") for p in YAML_FILES] + [t for _, t in CORPUS]
    texts += [*CORNERS, *(text for text, _ in HANDED_OVER), "a: \x01\n", "a: 'x\x7f'\n"]
    texts = [text.removeprefix("\ufeff") for text in texts]  # as load_yaml expects them
    documents = 0
    for text in texts:
        with monkeypatch.context() as m:
            m.setattr(yamlpos, "_Loader", yaml.CBaseLoader)
            fast = load_outcome(text)
        with monkeypatch.context() as m:
            m.setattr(yamlpos, "_Loader", yamlpos._PURE_LOADER)
            pure = load_outcome(text)
        if isinstance(fast, tuple) and fast[0].startswith("YAML syntax error:"):
            assert pure[0].startswith("YAML syntax error:"), (text, pure)  # type: ignore[index]
        else:
            assert fast == pure, text
            documents += isinstance(fast, yamlpos.Document)
    assert documents >= len(YAML_FILES) + len(CORPUS)


@pytest.mark.parametrize(("text", "expected"), HANDED_OVER, ids=range(len(HANDED_OVER)))
def test_handed_over_to_the_general_path(
    text: str, expected: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_YAML_NODES", NODES)
    with pytest.raises(yamlpos._Fallback):
        yamlpos._build(text)
    got = load_outcome(text)
    if isinstance(expected, dict):
        assert isinstance(got, yamlpos.Document)
        assert got.data == expected
        assert got == yamlpos._build_general(text)  # marks and problems too
    else:
        assert got == expected


# Beyond libyaml 0.2.6's own limit (PyYAML >= 6.0.4): what every parser gives, and whether
# libyaml 0.2.6 needs the pure-Python parser to read the whole text to find it.
PAST_LIBYAMLS_LIMIT = [
    (
        "leanbridge: 1\nclaims:\n  - id: a\n    check: " + "[" * 2_000 + "]" * 2_000,
        (DEEPER, Pos(4, 42)),
        False,
    ),
    (
        "a: é😀\nb: " + "{a: " * 2_000 + "1" + "}" * 2_000,
        (DEEPER, Pos(2, 4 + 4 * (TOO_DEEP - 1))),
        False,
    ),
    ("x: [1]\ny:\n  " + "- " * 2_000 + "z", (DEEPER, Pos(3, 3 + 2 * (TOO_DEEP - 1))), False),
    # A key required at the margin and not closed within 1,024 characters: the text cut
    # where libyaml stopped ends without the key's `:`, so the whole text is read again.
    (
        "a: 1\n" + "[" * 2_000 + "]" * 2_000 + ": v",
        ("YAML syntax error: could not find expected ':'", Pos(2, 1026)),
        True,
    ),
]


@pytest.mark.parametrize(("text", "expected", "reread"), PAST_LIBYAMLS_LIMIT, ids=range(4))
def test_past_libyamls_own_nesting_limit(
    text: str, expected: tuple[str, Pos], reread: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaders: list[type] = []
    compose = yamlpos._compose

    def spy(text: str, loader: type) -> yaml.Node | None:
        loaders.append(loader)
        return compose(text, loader)

    monkeypatch.setattr(yamlpos, "_compose", spy)
    assert load_outcome(text + "\n") == expected
    if yamlpos._Loader is not yamlpos._PURE_LOADER and yaml._yaml.get_version() >= (0, 2, 6):
        assert (yamlpos._PURE_LOADER in loaders) == reread


@pytest.mark.parametrize(
    "text",
    ["[" * 2_000 + "]" * 2_000, "{a: " * 2_000 + "1" + "}" * 2_000, "- " * 2_000 + "x\n"],
    ids=["flow-sequences", "flow-mappings", "block-sequences"],
)
def test_libyamls_own_nesting_limit_is_recognised(text: str) -> None:
    """libyaml 0.2.6 (PyYAML >= 6.0.4) refuses 1,000 levels with an error the loader
    recognises (and then asks the pure-Python parser); 0.2.5 and the pure-Python parser
    have no such limit.  CI runs this under PyYAML 6.0.3 and the newest."""
    if yamlpos._Loader is yamlpos._PURE_LOADER:
        pytest.skip("about libyaml's parser")
    events = yaml.parse(text, Loader=yamlpos._Loader)
    if yaml._yaml.get_version() < (0, 2, 6):
        assert isinstance(list(events)[-1], yaml.StreamEndEvent)
    else:
        with pytest.raises(yaml.YAMLError) as raised:
            list(events)
        assert yamlpos._is_libyaml_nesting_limit(raised.value)
    for wrong in ["a: 'open\n", "a: b: c\n", "[1, 2\n", "@\n", 'a: "\\q"\n', "a:\n  - b\n c: d\n"]:
        with pytest.raises(yaml.YAMLError) as raised:
            list(yaml.parse(wrong, Loader=yamlpos._Loader))
        assert not yamlpos._is_libyaml_nesting_limit(raised.value), wrong


@settings(
    max_examples=400,
    deadline=None,
    # The one function-scoped fixture chooses the parser, the same for every example.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from(ATOMS), max_size=30).map("".join))
def test_random_fragments_agree(text: str) -> None:
    fast_equals_general(text)


def random_document(rng: random.Random, depth: int = 0) -> object:
    kind = rng.random()
    if depth > 4 or kind < 0.4:
        return rng.choice(["1", "x == 1", "", "a b", "8.70", "'q'", "it's", "é"])
    if kind < 0.7:
        return [random_document(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice("abcde"): random_document(rng, depth + 1) for _ in range(rng.randint(0, 4))}


@pytest.mark.parametrize("seed", range(60))
def test_random_documents_in_every_style_agree(seed: int) -> None:
    rng = random.Random(seed)
    data = random_document(rng)
    for flow in (True, False, None):
        for style in (None, "'", '"', "|"):
            text = yaml.dump(data, default_flow_style=flow, default_style=style)
            assert fast_equals_general(text)
            # A repeated key and a merge key spoil entries, not the file, on the fast path.
            doubled = text.replace("a:", "a: 1\na:", 1).replace("b:", "<<:", 1)
            assert fast_equals_general(doubled)


# --- positions, against PyYAML's own composer ----------------------------------------------


def oracle(text: str) -> tuple[dict, dict]:
    """Each path's value and key node, from PyYAML's composer (fine without aliases)."""
    values: dict = {}
    keys: dict = {}

    def walk(node: yaml.Node, path: tuple) -> None:
        values[path] = node
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                keys[(*path, key.value)] = key
                walk(value, (*path, key.value))

    walk(yaml.compose(text, Loader=yamlpos._Loader), ())  # libyaml's own composer
    return values, keys


def node_pos(node: yaml.Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


def corpus_texts() -> list[tuple[str, str]]:
    """A few files of the benchmark corpus, the shape of real claim files: (name, text)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate_corpus import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(Path(tmp) / "corpus", claims=300, per_file=100, seed=3)
        return [(f"corpus/{p.name}", p.read_text(encoding="utf-8")) for p in paths]


def plain_texts() -> list[tuple[str, str]]:
    """Files without aliases or spoiled entries, where the oracle is exact: (name, text)."""
    files = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8-sig")) for p in YAML_FILES]
    return [
        (name, text)
        for name, text in files + CORPUS
        if not has_alias(text) and not yamlpos.load_yaml(text).problems
    ]


CORPUS = corpus_texts()
PLAIN = plain_texts()


@pytest.mark.parametrize(("name", "text"), PLAIN, ids=[name for name, _ in PLAIN])
def test_lazy_positions_equal_the_composers(name: str, text: str) -> None:
    doc = yamlpos.load_yaml(text)
    values, keys = oracle(text)
    assert set(doc.value_marks) == set(values)
    assert set(doc.key_marks) == set(keys)
    for p, node in values.items():
        assert doc.pos(p) == node_pos(node)
        assert doc.pos((*p, "no such key")) == node_pos(node)  # nearest ancestor
        scalar = doc.scalar(p)
        if isinstance(node, yaml.ScalarNode):
            start, end = node.start_mark, node.end_mark
            assert scalar == (start.line, start.column, start.index, end.index, node.style or None)
        else:
            assert scalar is None
    for p, node in keys.items():
        assert doc.pos(p, key=True) == node_pos(node)


def eager_locator(text: str, node: yaml.ScalarNode) -> CheckLocator:
    """The locator worked out from the composer's node: the oracle of ``CheckLocator.of_scalar``."""
    raw = text[node.start_mark.index : node.end_mark.index]
    offset = 0
    if node.style in ("'", '"') and len(raw) >= 2:
        raw, offset = raw[1:-1], 1
    exact = node.style in (None, "", "'", '"') and raw == node.value
    start = Pos(node.start_mark.line + 1, node.start_mark.column + 1 + offset)
    return CheckLocator(start, tuple(text.splitlines()), exact, node.value)


def spans(value: str) -> list[Span | None]:
    n = len(value)
    return [None, Span(0, 1), Span(0, n), Span(max(n - 1, 0), n), Span(n // 2, n // 2 + 2)]


@pytest.mark.parametrize(("name", "text"), PLAIN, ids=[name for name, _ in PLAIN])
def test_locators_equal_the_eager_ones(name: str, text: str) -> None:
    values, _ = oracle(text)
    loaded = load_claim_text(name, text, ROOT / Path(name).parent)
    for i, lc in enumerate(loaded.claims):
        expected = eager_locator(text, values[("claims", lc.index, "check")])
        # Ask in different orders: the answers must not depend on which is asked first.
        if i % 2:
            assert lc.locator.pos(None) == expected.pos(None)
        assert lc.locator == expected
        assert hash(lc.locator) == hash(expected)
        assert repr(lc.locator) == repr(expected)
        for span in spans(lc.locator.value):
            assert lc.locator.pos(span) == expected.pos(span)
            assert lc.locator.context(span) == expected.context(span)


def test_error_fixture_diagnostics_keep_their_positions() -> None:
    """Parse errors are positioned through the loader's locator: compare with the eager one."""
    path = ROOT / "tests" / "fixtures" / "files" / "mixed_errors.yaml"
    text = path.read_text(encoding="utf-8")
    loaded = load_claim_text(str(path), text)
    nodes = {}
    for item in yaml.compose(text, Loader=yamlpos._Loader).value[-1][1].value:
        fields = {k.value: v for k, v in item.value}
        if "check" in fields and "id" in fields:
            nodes[fields["id"].value] = fields["check"]
    syntax = [d for d in loaded.diagnostics if d.context]
    assert syntax
    for d in syntax:
        lc = next(c for c in loaded.claims if c.claim.id == d.claim_id)
        assert lc.tree is None
        eager = eager_locator(text, nodes[d.claim_id])
        assert any(d.pos == eager.pos(s) and d.context == eager.context(s) for s in spans_of(lc))


def spans_of(lc: object) -> list[Span | None]:
    from leanbridge.errors import LeanbridgeError
    from leanbridge.syntax.parser import parse_check

    try:
        parse_check(lc.claim.check)  # type: ignore[attr-defined]
    except LeanbridgeError as e:
        return [e.span]
    return []


def test_check_locator_behaves_as_the_frozen_dataclass_it_was() -> None:
    @dataclasses.dataclass(frozen=True)
    class CheckLocator:  # the former definition's fields, for its eq/hash/repr
        start: Pos
        lines: tuple[str, ...]
        exact: bool
        value: str

    from leanbridge.claims import loader

    args = (Pos(3, 14), ("a", "b"), True, "x == 1")
    old, new = CheckLocator(*args), loader.CheckLocator(*args)
    assert repr(new) == repr(old).replace(type(old).__qualname__, "CheckLocator")
    assert hash(new) == hash(old)
    assert new == loader.CheckLocator(*args)
    assert new != loader.CheckLocator(Pos(3, 15), ("a", "b"), True, "x == 1")
    assert (new.start, new.lines, new.exact, new.value) == args


def character_verdict(check: object, text: str) -> tuple[str, Pos | None] | None:
    try:
        check(text)  # type: ignore[operator]
    except yamlpos.YamlError as e:
        return str(e), e.pos
    return None


@pytest.mark.parametrize("around", ["", "a: 1\nb: ", "é ± x\r\n\t", "\u2028y"])
def test_character_check_agrees_with_the_regex_on_every_latin1_character(around: str) -> None:
    """The encode-and-delete shortcut gives what the regex gives, character by character
    (below U+0100, where it answers; above, the regex alone does)."""
    for code in [*range(256), 0x100, 0x2248, 0xD800, 0xDFFF, 0xFFFE, 0xFFFF, 0x1F600]:
        text = around + chr(code) + around
        assert character_verdict(yamlpos._check_characters, text) == character_verdict(
            yamlpos._check_characters_general, text
        ), hex(code)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(
        st.one_of(
            st.sampled_from("ab :-\n\r\t±\x85\xa0\x7f\x00\x1b\x9f\u2028\ufffe\ud800"),
            st.characters(max_codepoint=0x1FF),
        ),
        max_size=40,
    )
)
def test_random_texts_get_the_same_character_check(text: str) -> None:
    assert character_verdict(yamlpos._check_characters, text) == character_verdict(
        yamlpos._check_characters_general, text
    )


def test_the_latin1_table_is_the_regex_below_u0100() -> None:
    allowed = {chr(c) for c in range(256) if not yamlpos._NOT_PRINTABLE.match(chr(c))}
    assert set(yamlpos._PRINTABLE_LATIN1.decode("latin-1")) == allowed
    assert "\t" in allowed and "\x85" in allowed and "\x7f" not in allowed


def indexed_pos(values: dict, keys: dict, path: tuple, key: bool) -> Pos:
    """``Document.pos`` as it was defined on the path-keyed dicts (the definition), given
    the document's ``value_marks`` and ``key_marks`` (each worked out from the whole tree
    when read: read them once per document)."""
    table = keys if key else values
    while path:
        marked = table.get(path)
        if marked is not None:
            return node_pos(marked)
        path = path[:-1]
    root = values.get(())
    return Pos(1, 1) if root is None else node_pos(root)


def probes(doc: yamlpos.Document) -> list[tuple]:
    """Every path of ``doc``, and paths beside them that do not exist."""
    found = []
    for p in doc.value_marks:
        found += [p, (*p, "zz"), (*p, 0), (*p, 99), (*p, -1), (*p, "0"), (*p, "id")]
        if p:
            found += [(*p[:-1], "nope"), (*p[:-1], -1), (*p, 0, "x")]
    return found


@pytest.mark.parametrize(
    "text",
    [t for _, t in PLAIN] + [c for c in CORNERS if not c.startswith("a: 'un")][:20],
    ids=range(len(PLAIN) + 20),
)
def test_tree_lookups_equal_the_path_index(text: str) -> None:
    """pos, has_value and scalar_node walk the Tree; they answer what the path-keyed
    dicts (Document.value_marks, key_marks) answer, on paths that exist and that do not."""
    try:
        doc = yamlpos.load_yaml(text.removeprefix("\ufeff"))
    except yamlpos.YamlError:
        return
    values, keys = doc.value_marks, doc.key_marks
    for p in probes(doc):
        assert doc.pos(p) == indexed_pos(values, keys, p, False), p
        assert doc.pos(p, key=True) == indexed_pos(values, keys, p, True), p
        assert doc.has_value(p) == (p in values), p
        marked = values.get(p)
        expected = marked if isinstance(marked, yamlpos.SCALAR_MARKS) else None
        assert doc.scalar_node(p) is expected, p
