"""Parsing `lean --json` output (samples in tests/prove/samples, see its README)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leanbridge.prove.diagnostics import (
    LeanMessage,
    map_to_claims,
    parse_json_line,
    parse_output,
    same_file,
)

Sample = Callable[[str], str]


def _msg(line: int | None, sev: str = "error", file: str | None = "Claims/T.lean") -> LeanMessage:
    return LeanMessage(file=file, line=line, col=0 if line else None, severity=sev, text="x")


def parse_messages(text: str) -> list[LeanMessage]:
    return list(parse_output(text).messages)


# --------------------------------------------------------------------------- JSON


def test_json_v4_9_without_kind(sample: Sample) -> None:
    msgs = parse_messages(sample("lean_json_v4_9.jsonl"))
    assert [(m.severity, m.line, m.col, m.end_line, m.end_col) for m in msgs] == [
        ("error", 12, 2, 12, 9),
        ("warning", 25, 8, 25, 15),
        ("info", 31, 0, 31, 6),
        ("info", 32, 0, 32, 6),
    ]
    assert all(m.kind is None for m in msgs)
    assert msgs[0].text == "unsolved goals\n⊢ 7 / 10 ≤ 69 / 100"
    assert msgs[2].text.endswith("[propext,\n Classical.choice,\n Quot.sound]")


def test_real_lean_4_35_output(sample: Sample) -> None:
    """Captured from the bundled Lean 4.35.0 (keys sorted, `kind`, `isSilent`)."""
    msgs = parse_messages(sample("lean_4_35_failures.jsonl"))
    assert all(m.file == "out/Claims/RembertTable16.lean" for m in msgs)
    # The `._namedError` label is not part of the error name (`errorNameOfKind?`).
    assert [m.kind for m in msgs if m.kind] == ["lean.unknownIdentifier"]
    errors = [m for m in msgs if m.severity == "error"]
    assert [m.text for m in errors].count("internal exception #3") == 4
    mismatch = next(m for m in errors if m.text.startswith("Type mismatch"))
    assert mismatch.text.split("\n")[:3] == ["Type mismatch", "  Q.one", "has type"]
    assert (mismatch.end_line, mismatch.end_col) != (None, None)
    assert sum(m.severity == "info" for m in msgs) == 6


def test_json_caption_null_endpos_and_silent() -> None:
    base = {"fileName": "F.lean", "pos": {"line": 2, "column": 1}, "severity": "warning"}
    with_caption = parse_json_line(json.dumps({**base, "caption": "trace", "data": "body"}))
    assert with_caption is not None and with_caption.text == "trace:\nbody"
    null_end = parse_json_line(json.dumps({**base, "endPos": None, "data": "d"}))
    assert null_end is not None and null_end.end_line is None
    assert parse_json_line(json.dumps({**base, "data": "d", "isSilent": True})) is None


@pytest.mark.parametrize(
    "line",
    [
        "{",
        "{}",
        "[1, 2]",
        '{"severity":"error","pos":{"line":1,"column":0}}',  # no data
        '{"severity":"fatal","pos":{"line":1,"column":0},"data":"x"}',  # unknown severity
        '{"severity":"error","pos":{"line":"1","column":0},"data":"x"}',  # bad position
        '{"severity":"error","data":"x"}',  # no position
        "not json at all",
    ],
)
def test_json_rejects_non_messages(line: str) -> None:
    assert parse_json_line(line) is None


# --------------------------------------------------------------------------- garbage


def test_garbage_and_empty_output() -> None:
    empty = parse_output("")
    assert empty.messages == () and empty.unrecognized == ()
    junk = parse_output("\ufffd\ufffd garbage\n\x00\x01 binary\n   \n")
    assert junk.messages == ()
    assert junk.unrecognized == ("\ufffd\ufffd garbage", "\x00\x01 binary")


def _lean_json(severity: str, line: int, col: int, data: str, kind: str) -> str:
    """One message as `lean --json` prints it: `Json.compress`, non-ASCII unescaped."""
    obj = {
        "caption": "",
        "data": data,
        "endPos": None,
        "fileName": "Claims/T.lean",
        "isSilent": False,
        "keepFullRange": False,
        "kind": kind,
        "pos": {"column": col, "line": line},
        "severity": severity,
    }
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def test_only_newline_ends_a_line() -> None:
    """U+2028, U+2029, U+0085 (and a lone CR inside the text) stay inside the message."""
    data = "a\u2028b\u2029c\u0085d\x0be\x0cf\x1cg"
    out = parse_output(_lean_json("error", 4, 2, data, "[anonymous]") + "\n")
    assert [m.text for m in out.messages] == [data]
    assert out.unrecognized == ()


_SEVERITY_OF = {"error": "error", "warning": "warning", "information": "info"}


@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(_SEVERITY_OF)),
            st.integers(1, 10_000),
            st.integers(0, 500),
            st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
            st.sampled_from(["[anonymous]", "hasSorry", "lean.unknownIdentifier._namedError"]),
        ),
        max_size=8,
    )
)
def test_lean_json_roundtrip(items: list[tuple[str, int, int, str, str]]) -> None:
    """Whatever Lean prints as one JSON message per line is read back exactly."""
    text = "".join(_lean_json(*item) + "\n" for item in items)
    out = parse_output(text)
    assert out.unrecognized == ()
    assert [(m.severity, m.line, m.col, m.text, m.kind) for m in out.messages] == [
        (
            _SEVERITY_OF[sev],
            line,
            col,
            data.rstrip("\n"),
            None if kind == "[anonymous]" else kind.removesuffix("._namedError"),
        )
        for sev, line, col, data, kind in items
    ]


@given(st.text(max_size=400))
def test_every_line_is_a_message_or_unrecognized(text: str) -> None:
    """Nothing is dropped: a non-blank line is either parsed or kept as unrecognized."""
    out = parse_output(text)
    lines = [line for line in text.split("\n") if line.strip()]
    assert len(out.messages) + len(out.unrecognized) == len(lines)
    assert list(out.unrecognized) == [line for line in lines if parse_json_line(line) is None]


# --------------------------------------------------------------------------- mapping


def test_map_to_claims_by_span() -> None:
    msgs = [_msg(3), _msg(12), _msg(15, "warning"), _msg(40), _msg(None, "info", file=None)]
    spans = [("c1", 10, 14), ("c2", 15, 20), ("c3", 30, 35)]
    res = map_to_claims(msgs, spans)
    assert [m.line for m in res.by_claim["c1"]] == [12]
    assert [m.line for m in res.by_claim["c2"]] == [15]
    assert res.by_claim["c3"] == ()  # every claim is listed, even without messages
    assert [m.line for m in res.file_level] == [3, 40, None]
    assert res.other_files == ()


def test_map_to_claims_span_edges_are_inclusive() -> None:
    res = map_to_claims([_msg(10), _msg(14)], [("c1", 10, 14)])
    assert len(res.by_claim["c1"]) == 2 and res.file_level == ()


def test_map_to_claims_innermost_span_wins() -> None:
    res = map_to_claims([_msg(12)], [("outer", 1, 100), ("inner", 10, 14)])
    assert res.by_claim["inner"] and not res.by_claim["outer"]


def test_map_to_claims_separates_other_files() -> None:
    msgs = [
        _msg(12, file="././././Claims/T.lean"),
        _msg(12, file="Claims/Other.lean"),
        _msg(12, file=None),
    ]
    res = map_to_claims(msgs, [("c1", 10, 14)], file="Claims/T.lean")
    assert len(res.by_claim["c1"]) == 2  # the positionless-file message has a line: counted
    assert [m.file for m in res.other_files] == ["Claims/Other.lean"]


def test_map_to_claims_rejects_inverted_span() -> None:
    with pytest.raises(ValueError):
        map_to_claims([], [("c1", 5, 4)])


def test_same_file() -> None:
    assert same_file("././././Claims/T.lean", "Claims/T.lean")
    assert same_file("/work/ws/Claims/T.lean", "Claims/T.lean")
    assert same_file(".\\.\\Claims\\T.lean", "Claims/T.lean")
    assert not same_file("Claims/MyT.lean", "Claims/T.lean")
    assert not same_file("Other/T.lean", "Claims/T.lean")
    assert not same_file("", "Claims/T.lean")
