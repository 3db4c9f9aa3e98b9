"""Every problem in a claim file is `FILE:LINE:COL: message` into the YAML file itself.

Every test runs with libyaml's parser and with PyYAML's pure-Python one (``yaml_parsers``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from yaml_parsers import yaml_parser  # noqa: F401 (autouse: each test under each parser)

from leanbridge import limits
from leanbridge.claims.loader import load_claim_file, load_claim_text
from leanbridge.errors import Diagnostic
from leanbridge.pipeline import evaluate_file, run_check

FILES = Path(__file__).parent / "fixtures" / "files"


def diagnostics_of(path: str) -> list[Diagnostic]:
    return evaluate_file(load_claim_file(path)).diagnostics


def where(d: Diagnostic) -> tuple[int, int]:
    assert d.pos is not None, d.render()
    return d.pos.line, d.pos.col


def write(tmp_path: Path, text: str | bytes, name: str = "c.yaml") -> str:
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return str(p)


def only(diags: list[Diagnostic]) -> Diagnostic:
    assert len(diags) == 1, [d.render() for d in diags]
    return diags[0]


# --- one file, many problems, the valid claims still evaluated ----------------------------


def test_mixed_file_positions_and_survivors() -> None:
    path = str(FILES / "mixed_errors.yaml")
    result = evaluate_file(load_claim_file(path))
    got = {
        (d.claim_id, d.message.split(" (")[0].split(";")[0]): where(d) for d in result.diagnostics
    }
    assert got == {
        (None, "claim id must match [a-z][a-z0-9_]*"): (8, 9),
        ("unknown_key", "missing required key `check`"): (10, 5),
        ("unknown_key", "unknown key `chek`"): (11, 5),
        ("good_one", "duplicate claim id `good_one`"): (14, 9),
        ("unknown_name_plain", "unknown name `bogus`"): (17, 16),
        ("unknown_name_single", "unknown name `bogus`"): (19, 17),
        ("unknown_name_double", "unknown name `bogus`"): (21, 17),
        ("unknown_name_folded", "unknown name `bogus`"): (23, 12),
        ("grammar_error", "unexpected '==': missing operand"): (27, 17),
    }
    for d in result.diagnostics:
        assert d.render().startswith(f"{path}:{d.pos.line}:{d.pos.col}: ")  # type: ignore[union-attr]
    verdicts = {c.claim_id: c.outcome.verdict for c in result.claims}
    assert verdicts["good_one"] == "holds"
    assert verdicts["good_two"] == "holds"
    assert verdicts["good_three"] == "holds"


def test_positions_point_at_the_named_token(tmp_path: Path) -> None:
    text = FILES.joinpath("mixed_errors.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    for d in diagnostics_of(str(FILES / "mixed_errors.yaml")):
        if (
            d.claim_id
            and d.claim_id.startswith("unknown_name")
            and d.claim_id != "unknown_name_folded"
        ):
            line, col = where(d)
            assert lines[line - 1][col - 1 : col - 1 + len("bogus")] == "bogus"


def test_escaped_scalar_falls_back_to_scalar_start_inside_file(tmp_path: Path) -> None:
    text = 'leanbridge: 1\nclaims:\n  - id: a\n    check: "1 ==\\t1 and\\u0020bogus == 2"\n'
    d = only(diagnostics_of(write(tmp_path, text)))
    assert where(d) == (4, 13)  # just inside the opening quote
    line, col = where(d)
    assert line <= len(text.splitlines()) and col <= len(text.splitlines()[line - 1])


def test_folded_multiline_plain_scalar_falls_back_to_start(tmp_path: Path) -> None:
    text = "leanbridge: 1\nclaims:\n  - id: a\n    check: 1 == 1 and\n      bogus == 2\n"
    assert where(only(diagnostics_of(write(tmp_path, text)))) == (4, 12)


def test_flow_mapping_and_unicode_columns(tmp_path: Path) -> None:
    text = (
        "leanbridge: 1\n"
        "claims:\n"
        '  - {id: a, text: "é ≈", check: "1 ≤ 2 and ü == 2"}\n'
        "  - id: b\n"
        "    check: 1 ≥ 0 and bogus == 2\n"
    )
    diags = diagnostics_of(write(tmp_path, text))
    lines = text.splitlines()
    assert sorted(where(d) for d in diags) == [(3, lines[2].index("ü") + 1), (5, 22)]
    assert lines[4][22 - 1 : 22 - 1 + 5] == "bogus"


# --- YAML-level problems ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pos", "message"),
    [
        ('leanbridge: 1\nclaims:\n  - id: a\n    check: "x\n', (5, 1), "YAML syntax error"),
        ("leanbridge: 1\nclaims:\n\t- id: a\n", (3, 1), "YAML syntax error"),
        (
            "leanbridge: 1\nclaims:\n  - id: a\n    check: 1 == 1\n    id: b\n",
            (5, 5),
            "duplicate key `id` (first at line 3)",
        ),
        ("leanbridge: 1\nleanbridge: 1\nclaims: []\n", (2, 1), "duplicate key `leanbridge`"),
        ("leanbridge: 1\n---\nclaims: []\n", (2, 1), "expected a single document"),
        ("", (1, 1), "the file is empty"),
        ("# only a comment\n", (1, 1), "the file is empty"),
        ("- 1\n", (1, 1), "a claim file is a mapping"),
        ("leanbridge: 1\n? [a]\n: 1\nclaims: []\n", (2, 3), "mapping keys must be plain strings"),
        (
            "leanbridge: 1\nclaims:\n  - &b {id: a, check: '1 == 1'}\n  - <<: *b\n",
            (4, 5),
            "merge keys",
        ),
        ("leanbridge: 1\nclaims: *nope\n", (2, 9), "undefined alias"),
        ("leanbridge: 1\nclaims: " + "[" * 40 + "]" * 40 + "\n", (2, 41), "nested deeper than"),
    ],
)
def test_yaml_problems(tmp_path: Path, text: str, pos: tuple[int, int], message: str) -> None:
    d = only(diagnostics_of(write(tmp_path, text)))
    assert where(d) == pos
    assert message in d.message


def test_duplicate_key_in_one_claim_spoils_only_that_claim(tmp_path: Path) -> None:
    text = (
        "leanbridge: 1\n"
        "values:\n"
        "  a: {value: 1, source: x, source: y}\n"
        "  b: {value: 2, source: z}\n"
        "claims:\n"
        "  - id: one\n"
        "    check: b == 2\n"
        "    check: b == 3\n"
        "  - id: two\n"
        "    check: b == 2\n"
        "  - id: three\n"
        "    check: a == 1\n"
    )
    run = run_check([write(tmp_path, text)])
    assert sorted((where(d), d.message) for d in run.diagnostics) == [
        ((3, 28), "duplicate key `source` (first at line 3)"),
        ((8, 5), "duplicate key `check` (first at line 7)"),
        ((12, 12), "value `a` has an error (reported above), so this claim cannot be evaluated"),
    ]
    assert [(c.claim_id, c.outcome.verdict) for c in run.claims] == [
        ("two", "holds"),
        ("three", "error"),
    ]


DEEP = limits.MAX_YAML_DEPTH + 1  # the first level too deep, counting the root as 1
# Nested far deeper than the bound, and than libyaml 0.2.6's own limit of 1,000 levels
# (PyYAML >= 6.0.4), which its scanner checks up to a line ahead of the events: the
# project's bound answers all the same, at the first level too deep.
TOO_DEEP = [
    # libyaml's composer recursed in C once per level: 100,000 `[` used to segfault.
    ("leanbridge: 1\nclaims:\n  - id: a\n    check: " + "[" * 100_000 + "]" * 100_000, (4, 42)),
    ("leanbridge: 1\nclaims: " + "[" * 2_000 + "]" * 2_000, (2, 9 + DEEP - 1)),
    ("leanbridge: 1\nx: " + "{a: " * 2_000 + "1" + "}" * 2_000, (2, 4 + 4 * (DEEP - 1))),
    ("- " * 2_000 + "x", (1, 1 + 2 * DEEP)),
    ("? " * 2_000 + "x", (1, 1 + 2 * DEEP)),
    # An alias hands the file over to the general builder before it meets the depth.
    ("leanbridge: 1\na: &x 1\nb: *x\nclaims: " + "[" * 2_000 + "]" * 2_000, (4, 9 + DEEP - 1)),
    ("".join(" " * i + "k:\n" for i in range(1_200)) + " " * 1_200 + "x", (DEEP + 1, DEEP + 1)),
]


@pytest.mark.parametrize(("text", "pos"), TOO_DEEP, ids=range(len(TOO_DEEP)))
def test_deep_nesting_is_an_error_not_a_crash(
    tmp_path: Path, text: str, pos: tuple[int, int]
) -> None:
    d = only(diagnostics_of(write(tmp_path, text + "\n")))
    assert d.message == f"nested deeper than {limits.MAX_YAML_DEPTH} levels"
    assert where(d) == pos


@pytest.mark.parametrize(
    ("raw", "pos", "message"),
    [
        (
            b'leanbridge: 1\nclaims:\n  - id: a\n    check: "1 == 1\x01"\n',
            (4, 19),
            "control character U+0001",
        ),
        (b"leanbridge: 1\r\nclaims: []\r\nx: \xc3\xa9\x7f\r\n", (3, 5), "control character U+007F"),
        (b"leanbridge: 1\nx: |\n  \xc2\x85 a\xc2\x80\n", (4, 3), "control character U+0080"),
        (b"\x1b[31mleanbridge: 1\n", (1, 1), "control character U+001B"),
        (b"leanbridge: 1\nx: '\xef\xbf\xbe'\n", (2, 5), "character U+FFFE"),
    ],
    ids=["in-a-check", "crlf-and-wide-char", "next-line-is-a-break", "escape", "non-character"],
)
def test_a_character_yaml_does_not_allow_is_one_positioned_line(
    tmp_path: Path, raw: bytes, pos: tuple[int, int], message: str
) -> None:
    path = write(tmp_path, raw)
    d = only(diagnostics_of(path))
    assert d.message == f"{message} is not allowed in YAML"
    assert where(d) == pos
    assert d.render() == f"{path}:{pos[0]}:{pos[1]}: {message} is not allowed in YAML"


def test_alias_bomb(tmp_path: Path) -> None:
    lines = ["leanbridge: 1", "a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    lines.append("claims: []")
    d = only(diagnostics_of(write(tmp_path, "\n".join(lines) + "\n")))
    assert "expands to more than" in d.message
    line, _ = where(d)
    assert 2 <= line <= len(lines)


def test_non_utf8_bytes(tmp_path: Path) -> None:
    raw = b'leanbridge: 1\nclaims:\n  - id: a\n    text: "\xc3\xa9\xff"\n'
    d = only(diagnostics_of(write(tmp_path, raw)))
    assert where(d) == (4, 13)  # columns count characters: `é` is one
    assert "not UTF-8" in d.message


def test_oversized_file(tmp_path: Path) -> None:
    path = write(tmp_path, "leanbridge: 1\n" + "#" * limits.MAX_FILE_BYTES + "\n")
    d = only(diagnostics_of(path))
    assert where(d) == (1, 1)
    assert d.render().startswith(f"{path}:1:1: file is ")


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffleanbridge: 1\nclaims:\n  - id: a\n    check: 1 == 1\n")
    result = evaluate_file(load_claim_file(path))
    assert result.diagnostics == []
    assert [c.outcome.verdict for c in result.claims] == ["holds"]


# --- schema-level problems -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pos", "message"),
    [
        ("leanbridge: 1\nclaim: []\nclaims: []\n", (2, 1), "unknown key `claim`"),
        ("leanbridge: 2\nclaims: []\n", (1, 13), "unsupported format version"),
        ("claims: []\n", (1, 1), "missing required key `leanbridge`"),
        (
            "leanbridge: 1\nclaims:\n  - id: 1abc\n    check: 1 == 1\n",
            (3, 9),
            "claim id must match",
        ),
        (
            "leanbridge: 1\nclaims:\n  - id: a\n    check: 1 == 1\n    expect: maybe\n",
            (5, 13),
            "`expect`",
        ),
        ("leanbridge: 1\nclaims: {a: 1}\n", (2, 9), "`claims` must be a list"),
        ("leanbridge: 1\nvalues:\n  1x: 2\nclaims: []\n", (3, 3), "value name `1x`"),
        ("leanbridge: 1\nvalues:\n  and: 2\nclaims: []\n", (3, 3), "value name `and`"),
        ("leanbridge: 1\nvalues:\n  a: [1, 2, x]\nclaims: []\n", (3, 13), "not a number: 'x'"),
        ("leanbridge: 1\nvalues:\n  a: []\nclaims: []\n", (3, 3), "value `a` is an empty list"),
        ("leanbridge: 1\nvalues:\n  a: {valu: 1}\nclaims: []\n", (3, 7), "unknown key `valu`"),
        (
            "leanbridge: 1\nvalues:\n  a: 1" + "1" * limits.MAX_NUMBER_DIGITS + "\nclaims: []\n",
            (3, 6),
            "digits",
        ),
    ],
)
def test_schema_problems(tmp_path: Path, text: str, pos: tuple[int, int], message: str) -> None:
    diags = diagnostics_of(write(tmp_path, text))
    matching = [d for d in diags if message in d.message]
    assert matching, [d.render() for d in diags]
    assert where(matching[0]) == pos


# A number too long for the schema, written bare, as `value:`, or as a list item, and things
# that are not numbers: one positioned error each, naming the value, and no traceback.
LONG = "1" * (limits.MAX_NUMBER_DIGITS + 17)


@pytest.mark.parametrize(
    ("entry", "col", "message"),
    [
        (f'"{LONG}"', 6, "`a` is longer than"),
        (f'{{value: "{LONG}"}}', 14, "`a` is longer than"),
        (f'["1", "{LONG}"]', 12, "item 2 of `a` is longer than"),
        (f'{{value: ["1", "{LONG}"]}}', 20, "item 2 of `a` is longer than"),
        ('{value: ["1", ["2"]]}', 20, "item 2 of `a` must be a number (write e.g."),
        ("{value: {x: 1}}", 14, "`a` must be a number (write e.g."),
    ],
)
def test_bad_numbers_in_values_are_reported_once(
    tmp_path: Path, entry: str, col: int, message: str
) -> None:
    text = f"leanbridge: 1\nvalues:\n  a: {entry}\n  b: 2\nclaims:\n  - id: ok\n    check: b == 2\n"
    result = evaluate_file(load_claim_file(write(tmp_path, text)))
    d = only(result.diagnostics)
    assert message in d.message
    assert where(d) == (3, col)
    assert [c.outcome.verdict for c in result.claims] == ["holds"]  # the rest still runs


def test_check_string_limits(tmp_path: Path) -> None:
    digits = "9" * (limits.MAX_NUMBER_DIGITS + 1)
    text = (
        "leanbridge: 1\nclaims:\n"
        f"  - id: many_digits\n    check: x == {digits}\n"
        "  - id: fine\n    check: 2 > 1\n"
        "  - id: deep\n    check: "
        + "(" * (limits.MAX_NESTING + 1)
        + "1"
        + ")" * (limits.MAX_NESTING + 1)
        + " == 1\n"
    )
    result = evaluate_file(load_claim_file(write(tmp_path, text)))
    positions = {d.claim_id: where(d) for d in result.diagnostics}
    assert positions == {"many_digits": (4, 17), "deep": (8, 12 + limits.MAX_NESTING)}
    assert [(c.claim_id, c.outcome.verdict) for c in result.claims if c.loaded.tree] == [
        ("fine", "holds")
    ]


def test_list_too_long(tmp_path: Path) -> None:
    items = ", ".join(["1"] * (limits.MAX_LIST_LENGTH + 1))
    text = (
        f"leanbridge: 1\nvalues:\n  a: [{items}]\n  b: [1]\n"
        "claims:\n  - id: ok\n    check: len(b) == 1\n"
    )
    result = evaluate_file(load_claim_file(write(tmp_path, text)))
    d = only(result.diagnostics)
    assert where(d) == (3, 3)
    assert f"list longer than {limits.MAX_LIST_LENGTH} items" in d.message
    assert [c.outcome.verdict for c in result.claims] == ["holds"]


def test_aggregate_over_too_many_values(tmp_path: Path) -> None:
    half = ", ".join(["1"] * (limits.MAX_LIST_LENGTH // 2 + 1))
    text = (
        f"leanbridge: 1\nvalues:\n  a: [{half}]\n"
        "claims:\n  - id: too_many\n    check: sum(a, a) > 0\n"
    )
    d = only(diagnostics_of(write(tmp_path, text)))
    assert where(d) == (6, 19)
    assert "more than" in d.message


def test_load_claim_text_in_memory() -> None:
    loaded = load_claim_text("mem.yaml", "leanbridge: 1\nclaims:\n  - id: a\n    check: 1 +\n")
    d = only(loaded.diagnostics)
    assert d.render().startswith("mem.yaml:4:15: [a] unexpected end of check")
