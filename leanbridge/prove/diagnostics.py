"""Parse what ``lean --json`` prints into structured messages, and map them to claims.

``prove`` and ``verify-artifact`` run ``lean --json FILE`` (directly, or as
``lake env lean --json FILE``); ``lake build`` is judged by its exit status alone. So
the one output form read here is Lean's JSON form: one object per line, the fields of
``SerialMessage`` (``fileName``, ``pos {line, column}``, ``endPos``, ``severity``,
``caption``, ``data``, and in newer versions ``kind``, ``isSilent``, ``keepFullRange``),
documented with its source in docs/lean-output.md.

Lines are split on ``"\\n"`` only: Lean writes U+2028, U+2029 and U+0085 inside a
message's text unescaped, and ``str.splitlines`` would cut a message there. Any other
non-blank line is kept in ``unrecognized``: a caller must not read output it cannot
parse as "no errors".

Positions are as Lean prints them: ``line`` is 1-based, ``col`` is 0-based (in Unicode
code points).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

__all__ = [
    "ClaimMessages",
    "LeanMessage",
    "ParsedOutput",
    "Severity",
    "error_name_of_kind",
    "map_to_claims",
    "normalize_path",
    "parse_json_line",
    "parse_output",
    "same_file",
]

Severity = Literal["error", "warning", "info"]

_SEVERITY_WORDS: Mapping[str, Severity] = {
    "error": "error",
    "warning": "warning",
    "information": "info",
}

#: The last component of the ``kind`` of a named error (``errorNameSuffix`` in
#: src/Lean/Message.lean): ``lean.unknownIdentifier._namedError``.
_NAMED_ERROR_SUFFIX = "._namedError"


class LeanMessage(BaseModel):
    """One diagnostic. ``file``/``line``/``col`` are ``None`` for position-less messages."""

    model_config = ConfigDict(frozen=True)

    file: str | None
    line: int | None
    col: int | None
    end_line: int | None = None
    end_col: int | None = None
    severity: Severity
    text: str
    kind: str | None = None
    """Lean's message kind, with a named error's ``._namedError`` label removed."""


class ParsedOutput(BaseModel):
    """The messages of one ``lean --json`` run, and the lines that were not messages."""

    model_config = ConfigDict(frozen=True)

    messages: tuple[LeanMessage, ...]
    unrecognized: tuple[str, ...]
    """Non-blank lines that are no message: crash text, garbage, a line cut at the cap."""

    @property
    def errors(self) -> tuple[LeanMessage, ...]:
        return tuple(m for m in self.messages if m.severity == "error")


def error_name_of_kind(kind: str) -> str:
    """``lean.unknownIdentifier._namedError`` -> ``lean.unknownIdentifier``.

    As ``errorNameOfKind?`` (src/Lean/Message.lean) does: a kind whose last name
    component is ``_namedError`` labels the error name before it; other kinds
    (``hasSorry``, ``linter.unusedVariables``) are returned as they are.
    """
    if kind.endswith(_NAMED_ERROR_SUFFIX):
        return kind[: -len(_NAMED_ERROR_SUFFIX)]
    return kind


def _json_pos(value: Any) -> tuple[int, int] | None:
    if isinstance(value, Mapping):
        line, col = value.get("line"), value.get("column")
        if isinstance(line, int) and isinstance(col, int):
            return line, col
    return None


def parse_json_line(line: str) -> LeanMessage | None:
    """Parse one line of ``lean --json`` output; ``None`` if it is not such a message.

    The object is ``toJson`` of ``SerialMessage`` (src/Lean/Message.lean): key order
    and the presence of ``kind``/``isSilent``/``keepFullRange`` vary between
    versions, and ``endPos`` may be absent or ``null``. Silent messages are skipped,
    as Lean's own reporter skips them. A ``caption`` is prepended the way
    ``SerialMessage.toString`` does it (``caption:\\ndata``).
    """
    stripped = line.strip()
    if not (stripped.startswith("{") and stripped.endswith("}")):
        return None
    try:
        obj = json.loads(stripped)
    except ValueError:
        return None
    if not isinstance(obj, dict):
        return None
    severity = _SEVERITY_WORDS.get(str(obj.get("severity", "")))
    data = obj.get("data")
    pos = _json_pos(obj.get("pos"))
    if severity is None or not isinstance(data, str) or pos is None:
        return None
    if obj.get("isSilent") is True:
        return None
    end = _json_pos(obj.get("endPos"))
    caption = obj.get("caption")
    text = f"{caption}:\n{data}" if isinstance(caption, str) and caption.strip() else data
    kind = obj.get("kind")
    file_name = obj.get("fileName")
    return LeanMessage(
        file=file_name if isinstance(file_name, str) else None,
        line=pos[0],
        col=pos[1],
        end_line=end[0] if end else None,
        end_col=end[1] if end else None,
        severity=severity,
        text=text.rstrip("\n"),
        kind=error_name_of_kind(kind) if isinstance(kind, str) and kind != "[anonymous]" else None,
    )


def parse_output(stdout: str) -> ParsedOutput:
    """Parse a ``lean --json`` run's standard output, line by line (``"\\n"`` only)."""
    messages: list[LeanMessage] = []
    unrecognized: list[str] = []
    for line in stdout.split("\n"):
        msg = parse_json_line(line)
        if msg is not None:
            messages.append(msg)
        elif line.strip():
            unrecognized.append(line)
    return ParsedOutput(messages=tuple(messages), unrecognized=tuple(unrecognized))


# --------------------------------------------------------------------------- mapping


def normalize_path(path: str) -> str:
    """``././././Claims\\\\Foo.lean`` -> ``Claims/Foo.lean``: Lake prefixes ``./`` per
    package level and Windows uses backslashes, so raw strings never compare equal."""
    p = path.replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    p = re.sub(r"/(?:\./)+", "/", p)
    return p


def same_file(a: str, b: str) -> bool:
    """True if two printed paths name the same file, one possibly relative to the other.

    Compares whole path components from the end, so ``Claims/Foo.lean`` matches
    ``/work/ws/Claims/Foo.lean`` but not ``Claims/MyFoo.lean``.
    """
    pa = [c for c in normalize_path(a).split("/") if c]
    pb = [c for c in normalize_path(b).split("/") if c]
    if not pa or not pb:
        return False
    n = min(len(pa), len(pb))
    return pa[-n:] == pb[-n:]


class ClaimMessages(BaseModel):
    """Messages of one emitted file, grouped by the claim whose theorem they concern."""

    model_config = ConfigDict(frozen=True)

    by_claim: dict[str, tuple[LeanMessage, ...]]
    """Every claim id from the spans, with its messages (possibly none)."""
    file_level: tuple[LeanMessage, ...]
    """Messages of this file (or with no position) outside every span: imports, headers."""
    other_files: tuple[LeanMessage, ...]
    """Messages whose position is in another file (only when ``file`` is given)."""


def map_to_claims(
    messages: Iterable[LeanMessage],
    spans: Sequence[tuple[str, int, int]],
    file: str | None = None,
) -> ClaimMessages:
    """Attribute each message to the claim whose theorem span holds its line.

    ``spans`` are ``(claim_id, first_line, last_line)``, 1-based and inclusive, as the
    emitter wrote them. A message goes to the innermost span holding its start line
    (the first listed on a tie); a message outside every span, or without a position,
    goes to ``file_level`` -- so an error in the imports fails the whole file rather
    than silently no claim. With ``file`` given, messages positioned in other files go
    to ``other_files`` instead of being matched by line number alone.
    """
    for claim_id, first, last in spans:
        if first > last:
            raise ValueError(f"span for {claim_id!r} ends before it starts: {first}..{last}")
    by_claim: dict[str, list[LeanMessage]] = {claim_id: [] for claim_id, _, _ in spans}
    file_level: list[LeanMessage] = []
    other: list[LeanMessage] = []
    for msg in messages:
        if file is not None and msg.file is not None and not same_file(msg.file, file):
            other.append(msg)
            continue
        if msg.line is None:
            file_level.append(msg)
            continue
        best: tuple[int, str] | None = None
        for claim_id, first, last in spans:
            if first <= msg.line <= last:
                size = last - first
                if best is None or size < best[0]:
                    best = (size, claim_id)
        if best is None:
            file_level.append(msg)
        else:
            by_claim[best[1]].append(msg)
    return ClaimMessages(
        by_claim={k: tuple(v) for k, v in by_claim.items()},
        file_level=tuple(file_level),
        other_files=tuple(other),
    )
