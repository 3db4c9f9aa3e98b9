"""Parsing Lean / Lake output (samples in tests/prove/samples, see its README)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leanbridge.prove.diagnostics import (
    LeanMessage,
    map_to_claims,
    normalize_path,
    parse_json_line,
    parse_messages,
    parse_output,
    same_file,
)

Sample = Callable[[str], str]


def _msg(line: int | None, sev: str = "error", file: str | None = "Claims/T.lean") -> LeanMessage:
    return LeanMessage(file=file, line=line, col=0 if line else None, severity=sev, text="x")


# --------------------------------------------------------------------------- Lake, new


def test_lake_v4_9_messages(sample: Sample) -> None:
    out = parse_output(sample("lake_v4_9_build_failed.txt"))
    assert [(m.severity, m.line, m.col) for m in out.messages] == [
        ("error", 12, 2),
        ("error", 20, 45),
        ("warning", 25, 8),
        ("info", 31, 0),
        ("info", 32, 0),
    ]
    first = out.messages[0]
    assert first.file == "././././Claims/Table16.lean"
    assert first.text == "unsolved goals\n⊢ 7 / 10 ≤ 69 / 100"
    assert first.origin == "lake"
    assert out.messages[1].text == "unknown identifier 'speedup_ratio'"
    wrapped = out.messages[3].text
    assert wrapped.startswith("'Claims.Table16.row_3_speedup")
    assert wrapped.endswith(" Quot.sound,\n sorryAx]")
    assert wrapped.count("\n") == 3


def test_lake_v4_9_build_summary(sample: Sample) -> None:
    out = parse_output(sample("lake_v4_9_build_failed.txt"))
    assert out.build_failed and not out.build_succeeded
    assert out.failed_targets == ("Claims.Table16",)
    assert out.lean_exit_codes == (1,)
    assert [(j.icon, j.index, j.total, j.verb, j.caption) for j in out.jobs] == [
        ("✔", 1, 4, "Built", "Claims.Common"),
        ("✖", 3, 4, "Building", "Claims.Table16"),
    ]
    assert out.jobs[1].failed and not out.jobs[0].failed
    assert [m.text.split(" ")[0] for m in out.lake_log] == [".>", "Lean", "build"]
    assert out.lake_log[0].text.startswith(".> LEAN_PATH=")
    assert out.unrecognized == ()
    assert len(out.errors) == 2


def test_lake_newest_relative_paths_and_targets_wording(sample: Sample) -> None:
    out = parse_output(sample("lake_new_relpath.txt"))
    assert [(m.file, m.line, m.severity) for m in out.messages] == [
        ("Claims/Table16.lean", 20, "error"),
        ("Claims/Table16.lean", 31, "info"),
    ]
    assert out.failed_targets == ("Claims.Table16",)
    assert out.build_failed
    # "(1.3s)" is the build time, not part of the caption.
    assert [j.caption for j in out.jobs] == ["Claims.Common", "Claims.Table16"]


def test_lake_windows_paths_and_crlf(sample: Sample) -> None:
    out = parse_output(sample("lake_windows_paths.txt"))
    (msg,) = out.messages
    assert msg.file == ".\\.\\.\\.\\Claims\\Table16.lean"
    assert (msg.line, msg.col) == (49, 8)
    assert msg.text == "unexpected token 'at'; expected ':='"
    assert normalize_path(msg.file) == "Claims/Table16.lean"
    assert out.failed_targets == ("Claims.Table16",)


def test_lake_crash_keeps_the_evidence(sample: Sample) -> None:
    out = parse_output(sample("lake_crash_stack_overflow.txt"))
    # The cut-off JSON line is not a message: it must not be invented as one.
    assert out.messages == ()
    assert out.lean_exit_codes == (134,)
    assert out.build_failed and out.failed_targets == ("Claims.Big",)
    texts = [m.text for m in out.lake_log]
    assert texts[0].startswith("stdout:\n{")
    assert texts[1] == "stderr:\nStack overflow detected. Aborting."


# --------------------------------------------------------------------------- Lake, old


def test_lake_v4_0_old_format(sample: Sample) -> None:
    out = parse_output(sample("lake_v4_0_build_failed.txt"))
    assert [(m.severity, m.line, m.origin) for m in out.messages] == [
        ("error", 12, "lean-text"),
        ("error", 20, "lean-text"),
        ("warning", 25, "lean-text"),
        ("info", None, "lean-text"),
        ("info", None, "lean-text"),
    ]
    assert out.messages[0].file == "./././Claims/Table16.lean"
    assert out.messages[0].text == "unsolved goals\n⊢ 7 / 10 ≤ 69 / 100"
    assert out.messages[3].text == "'Claims.Table16.claim_3' depends on axioms: [propext, sorryAx]"
    assert [(j.icon, j.verb, j.caption) for j in out.jobs] == [
        (None, "Compiling", "Claims.Common"),
        (None, "Building", "Claims.Table16"),
    ]
    assert out.lean_exit_codes == (1,)
    # Old Lake printed no "build failed" here; the exit code is the evidence.
    assert not out.build_failed


# --------------------------------------------------------------------------- lean text


def test_lean_plain_multiline_and_positionless_axioms(sample: Sample) -> None:
    msgs = parse_messages(sample("lean_plain_v4_9.txt"))
    assert [(m.severity, m.line) for m in msgs] == [
        ("error", 12),
        ("warning", 25),
        ("info", None),
        ("info", None),
        ("info", None),
    ]
    assert msgs[0].text == (
        "unsolved goals\ncase h\n⊢ 7 / 10 ≤ 69 / 100\n\ncase h'\n⊢ 69 / 100 ≤ 7 / 10"
    )
    assert msgs[2].text.endswith("[propext,\n Classical.choice,\n Quot.sound]")
    assert msgs[2].file is None


def test_lean_named_errors_and_end_positions(sample: Sample) -> None:
    msgs = parse_messages(sample("lean_plain_named_errors.txt"))
    named = msgs[0]
    assert (named.severity, named.kind, named.line, named.col) == (
        "error",
        "lean.unknownIdentifier",
        20,
        45,
    )
    assert named.text == "Unknown identifier `speedup_ratio`"
    ranged = msgs[2]
    assert (ranged.line, ranged.col, ranged.end_line, ranged.end_col) == (12, 2, 12, 9)
    assert ranged.text == "unsolved goals\n⊢ False"
    assert msgs[3].severity == "info" and msgs[3].line is None


def test_info_with_position_text_form() -> None:
    (m,) = parse_messages("Foo.lean:3:0: info: 'x' depends on axioms: [propext]\n")
    assert (m.severity, m.file, m.line, m.col) == ("info", "Foo.lean", 3, 0)
    assert m.text == "'x' depends on axioms: [propext]"


def test_windows_drive_letter_in_lean_text() -> None:
    (m,) = parse_messages("C:\\ws\\Claims\\T.lean:7:4: error: boom\n")
    assert (m.file, m.line, m.col, m.text) == ("C:\\ws\\Claims\\T.lean", 7, 4, "boom")


def test_ansi_colours_and_line_resets_are_stripped() -> None:
    text = (
        "\x1b[2K\r\x1b[1;31m✖ [2/3] Building Foo\x1b[m\n\x1b[1;31merror:\x1b[m Foo.lean:1:2: bad\n"
    )
    out = parse_output(text)
    assert out.jobs[0].caption == "Foo" and out.jobs[0].failed
    assert out.messages[0].text == "bad" and out.messages[0].line == 1


def test_indented_lines_never_start_messages() -> None:
    text = "F.lean:1:0: error: type mismatch\n  h : F.lean:9:9: error: not a header\n"
    (m,) = parse_messages(text)
    assert m.text == "type mismatch\n  h : F.lean:9:9: error: not a header"


# --------------------------------------------------------------------------- JSON


def test_json_v4_9_without_kind(sample: Sample) -> None:
    msgs = parse_messages(sample("lean_json_v4_9.jsonl"))
    assert [(m.severity, m.line, m.col, m.end_line, m.end_col) for m in msgs] == [
        ("error", 12, 2, 12, 9),
        ("warning", 25, 8, 25, 15),
        ("info", 31, 0, 31, 6),
        ("info", 32, 0, 32, 6),
    ]
    assert all(m.origin == "lean-json" and m.kind is None for m in msgs)
    assert msgs[0].text == "unsolved goals\n⊢ 7 / 10 ≤ 69 / 100"
    assert msgs[2].text.endswith("[propext,\n Classical.choice,\n Quot.sound]")


def test_json_new_with_kind_and_sorted_keys(sample: Sample) -> None:
    msgs = parse_messages(sample("lean_json_new.jsonl"))
    assert [m.kind for m in msgs] == ["lean.unknownIdentifier._namedError", "hasSorry", None, None]
    assert msgs[0].file == "Claims/Table16.lean" and msgs[0].severity == "error"


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
    assert empty.messages == () and empty.unrecognized == () and not empty.build_failed
    junk = parse_output("\ufffd\ufffd garbage\n\x00\x01 binary\n   \n")
    assert junk.messages == ()
    assert junk.unrecognized == ("\ufffd\ufffd garbage", "\x00\x01 binary")


@given(st.text(max_size=400))
def test_parse_output_never_raises(text: str) -> None:
    out = parse_output(text)
    for m in out.messages:
        assert m.severity in ("error", "warning", "info")
        assert m.line is None or m.line >= 0


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["error", "warning"]),
            st.integers(1, 10_000),
            st.integers(0, 500),
            st.text(
                st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
                min_size=1,
                max_size=40,
            ).filter(lambda s: s.strip() == s and ":" not in s),
        ),
        max_size=8,
    )
)
def test_lean_text_roundtrip(items: list[tuple[str, int, int, str]]) -> None:
    """What Message.toString prints for errors/warnings is read back exactly."""
    text = "".join(f"Claims/T.lean:{ln}:{col}: {sev}: {body}\n" for sev, ln, col, body in items)
    msgs = parse_messages(text)
    assert [(m.severity, m.line, m.col, m.text) for m in msgs] == [
        (sev, ln, col, body) for sev, ln, col, body in items
    ]


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
