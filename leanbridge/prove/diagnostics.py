"""Parse what ``lean`` and ``lake`` print into structured messages.

Lean and Lake print several shapes, depending on the tool and its version (each
is documented, with the source file that produces it, in docs/lean-output.md):

``lean FILE`` (text)::

    FILE:LINE:COL: error: msg              (Lean 4 up to 2025: Message.toString)
    FILE:LINE:COL: error(lean.name): msg   (newer: mkErrorStringWithPos with an error name)
    FILE:LINE:COL-ELINE:ECOL: error: msg   (with -DprintMessageEndPos=true)
    msg                                    (info messages carry no position at all)

``lean --json FILE``: one JSON object per line, the fields of ``SerialMessage``
(``fileName``, ``pos {line, column}``, ``endPos``, ``severity``, ``caption``, ``data``,
and in newer versions ``kind``, ``isSilent``, ``keepFullRange``).

``lake build`` since Lake's build monitor (Lean v4.8/v4.9)::

    ✖ [3/4] Building Claims.Table16
    error: ././././Claims/Table16.lean:12:2: msg     (LogEntry.ofSerialMessage)
    info: ././././Claims/Table16.lean:30:0: 'x' depends on axioms: [...]
    error: Lean exited with code 1
    Some required builds logged failures:
    - Claims.Table16
    error: build failed

``lake build`` before that (Lake 4.x/5.0, Lean <= v4.7) printed ``[3/4] Building X``,
``error: > LEAN_PATH=... lean ...``, ``error: stdout:`` and then Lean's own text
output verbatim, then ``error: external command `lean` exited with code 1``.

Multi-line messages continue on the following lines, without any prefix. Lean's
text form cannot tell such a continuation line from a following position-less info
message; the one position-less message leanbridge relies on (``#print axioms``) is
recognised by its fixed wording. Prefer ``--json`` where you can: it is unambiguous.

Positions are as Lean prints them: ``line`` is 1-based, ``col`` is 0-based (in
Unicode code points), in both the text and the JSON forms.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

__all__ = [
    "ClaimMessages",
    "LakeJob",
    "LeanMessage",
    "ParsedOutput",
    "Severity",
    "map_to_claims",
    "normalize_path",
    "parse_json_line",
    "parse_messages",
    "parse_output",
    "same_file",
]

Severity = Literal["error", "warning", "info"]
Origin = Literal["lean-text", "lean-json", "lake"]

_SEVERITY_WORDS: Mapping[str, Severity] = {
    "error": "error",
    "warning": "warning",
    "info": "info",
    "information": "info",
    "trace": "info",
}


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
    """Lean's message kind (JSON ``kind``) or error name (``error(name):``), if printed."""
    origin: Origin = "lean-text"


class LakeJob(BaseModel):
    """A Lake build-monitor line such as ``✖ [3/4] Building Claims.Table16 (1.2s)``."""

    model_config = ConfigDict(frozen=True)

    index: int
    total: int
    verb: str
    caption: str
    icon: str | None
    """``✔`` ``⚠`` ``✖`` ``ℹ`` (Lake >= v4.8); ``None`` for the older ``[i/n] Verb X`` lines."""

    @property
    def failed(self) -> bool:
        return self.icon == "✖"


class ParsedOutput(BaseModel):
    """Everything recognised in one run's output, and what was not."""

    model_config = ConfigDict(frozen=True)

    messages: tuple[LeanMessage, ...]
    """Lean diagnostics (from the text, Lake-log and JSON forms)."""
    lake_log: tuple[LeanMessage, ...]
    """Lake's own position-less log entries (``error: Lean exited with code 1``...)."""
    jobs: tuple[LakeJob, ...]
    failed_targets: tuple[str, ...]
    """Names listed under ``Some required builds logged failures:`` (and its variants)."""
    build_failed: bool
    """Lake printed ``error: build failed`` (or a job marked ``✖``)."""
    build_succeeded: bool
    """Lake printed ``Build completed successfully``."""
    lean_exit_codes: tuple[int, ...]
    """From ``Lean exited with code N`` / ``external command `lean` exited with code N``."""
    unrecognized: tuple[str, ...]
    """Non-blank lines that belong to no message: garbage, crash text, truncation."""

    @property
    def errors(self) -> tuple[LeanMessage, ...]:
        return tuple(m for m in self.messages if m.severity == "error")


# --------------------------------------------------------------------------- regexes

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_POS = r"(?P<line>\d+):(?P<col>\d+)(?:-(?P<eline>\d+):(?P<ecol>\d+))?"
# `FILE:L:C: error: msg` and `FILE:L:C: error(lean.unknownIdentifier): msg`.
_LEAN_TEXT = re.compile(
    r"^(?P<file>\S.*?):" + _POS + r": (?P<sev>error|warning|info|information)"
    r"(?:\((?P<name>[^()\s]*)\))?:(?: (?P<text>.*))?$"
)
# `error: FILE:L:C: msg` (Lake's LogEntry.ofSerialMessage).
_LAKE_POS = re.compile(
    r"^(?P<sev>error|warning|info|trace): (?P<file>\S.*?):" + _POS + r":(?: (?P<text>.*))?$"
)
_INNER_LABEL = re.compile(r"^(?:error|warning|info)(?:\((?P<name>[^()\s]*)\))?: ")
# `error: msg` -- Lake's own entries, position-less.
_LAKE_PLAIN = re.compile(r"^(?P<sev>error|warning|info|trace): ?(?P<text>.*)$")
_JOB = re.compile(
    r"^(?:(?P<icon>[✔⚠✖ℹ]) )?\[(?P<index>\d+)/(?P<total>\d+)\](?: \(Optional\))? "
    r"(?P<verb>[A-Z][a-z]+) (?P<caption>.+?)(?: \((?P<time>[\d.]+m?s)\))?$"
)
_FAILURES_HEADER = re.compile(r"^Some (?:required )?(?:builds|targets) logged failures:$")
_FAILED_ITEM = re.compile(r"^- (?P<target>\S.*)$")
_SUCCESS = re.compile(r"^Build completed successfully\b")
_EXIT_CODE = re.compile(
    r"^(?:Lean exited with code (?P<a>-?\d+)"
    r"|external command `[^`]*` exited with code (?P<b>-?\d+))"
)
# The position-less info message of `#print axioms` (src/Lean/Elab/Print.lean).
_AXIOMS_START = re.compile(r"^'.+' (?:depends on axioms: \[|does not depend on any axioms$)")


def _clean_line(raw: str) -> str:
    """Drop ANSI colour codes and terminal line resets (``ESC[2K\\r``) Lake uses on a TTY."""
    line = _ANSI.sub("", raw)
    if "\r" in line:
        parts = [p for p in line.split("\r") if p]
        line = parts[-1] if parts else ""
    return line


def _int(value: str | None) -> int | None:
    return int(value) if value is not None else None


# --------------------------------------------------------------------------- JSON form


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
        kind=kind if isinstance(kind, str) and kind != "[anonymous]" else None,
        origin="lean-json",
    )


# --------------------------------------------------------------------------- text form


class _Builder:
    """Accumulates one message and its continuation lines."""

    def __init__(self, fields: dict[str, Any], first: str) -> None:
        self.fields = fields
        self.lines = [first]

    def build(self) -> LeanMessage:
        lines = list(self.lines)
        while lines and not lines[-1].strip():
            lines.pop()
        return LeanMessage(text="\n".join(lines), **self.fields)


def parse_output(text: str) -> ParsedOutput:
    """Parse a whole run's output (stdout, stderr or both) in any of the known forms.

    Unknown lines are kept in ``unrecognized`` rather than dropped, so a caller can
    tell "no diagnostics" from "output we could not read" (a crash, garbage, a cut).
    """
    messages: list[LeanMessage] = []
    lake_log: list[LeanMessage] = []
    jobs: list[LakeJob] = []
    failed_targets: list[str] = []
    exit_codes: list[int] = []
    unrecognized: list[str] = []
    build_failed = False
    build_succeeded = False

    current: _Builder | None = None
    current_is_lake = False
    in_failure_list = False

    def close() -> None:
        nonlocal current
        if current is not None:
            (lake_log if current_is_lake else messages).append(current.build())
            current = None

    def start(fields: dict[str, Any], first: str, *, lake: bool = False) -> None:
        nonlocal current, current_is_lake
        close()
        current = _Builder(fields, first)
        current_is_lake = lake

    for raw in text.splitlines():
        line = _clean_line(raw)

        if in_failure_list:
            item = _FAILED_ITEM.match(line)
            if item:
                failed_targets.append(item["target"].strip())
                continue
            in_failure_list = False

        json_msg = parse_json_line(line) if line.lstrip().startswith("{") else None
        if json_msg is not None:
            close()
            messages.append(json_msg)
            continue

        m = _LAKE_POS.match(line)
        if m:
            body = m["text"] or ""
            # Should a Lake ever pass Lean's own label through (`error: F:1:2: error(x): msg`),
            # keep the error name rather than the label as text.
            label = _INNER_LABEL.match(body)
            start(
                {
                    "file": m["file"],
                    "line": int(m["line"]),
                    "col": int(m["col"]),
                    "end_line": _int(m["eline"]),
                    "end_col": _int(m["ecol"]),
                    "severity": _SEVERITY_WORDS[m["sev"]],
                    "kind": (label["name"] or None) if label else None,
                    "origin": "lake",
                },
                body[label.end() :] if label else body,
            )
            continue

        m = _LEAN_TEXT.match(line)
        if m:
            start(
                {
                    "file": m["file"],
                    "line": int(m["line"]),
                    "col": int(m["col"]),
                    "end_line": _int(m["eline"]),
                    "end_col": _int(m["ecol"]),
                    "severity": _SEVERITY_WORDS[m["sev"]],
                    "kind": m["name"] or None,
                    "origin": "lean-text",
                },
                m["text"] or "",
            )
            continue

        m = _JOB.match(line)
        if m:
            close()
            job = LakeJob(
                index=int(m["index"]),
                total=int(m["total"]),
                verb=m["verb"],
                caption=m["caption"],
                icon=m["icon"],
            )
            jobs.append(job)
            build_failed = build_failed or job.failed
            continue

        if _FAILURES_HEADER.match(line):
            close()
            in_failure_list = True
            build_failed = True
            continue

        if _SUCCESS.match(line):
            close()
            build_succeeded = True
            continue

        m = _LAKE_PLAIN.match(line)
        if m:
            body = m["text"]
            if body.strip() == "build failed":
                build_failed = True
            code = _EXIT_CODE.match(body)
            if code:
                exit_codes.append(int(code["a"] if code["a"] is not None else code["b"]))
            fields = {
                "file": None,
                "line": None,
                "col": None,
                "severity": _SEVERITY_WORDS[m["sev"]],
                "origin": "lake",
            }
            if _AXIOMS_START.match(body):
                # A position-less `#print axioms` answer logged by Lake: a Lean message.
                start({**fields, "origin": "lean-text"}, body)
            else:
                start(fields, body, lake=True)
            continue

        if _AXIOMS_START.match(line):
            start(
                {"file": None, "line": None, "col": None, "severity": "info"},
                line,
            )
            continue

        if current is not None:
            current.lines.append(line)
        elif line.strip():
            unrecognized.append(line)

    close()
    return ParsedOutput(
        messages=tuple(messages),
        lake_log=tuple(lake_log),
        jobs=tuple(jobs),
        failed_targets=tuple(failed_targets),
        build_failed=build_failed,
        build_succeeded=build_succeeded,
        lean_exit_codes=tuple(exit_codes),
        unrecognized=tuple(unrecognized),
    )


def parse_messages(text: str) -> list[LeanMessage]:
    """Just the Lean diagnostics of :func:`parse_output`, in output order."""
    return list(parse_output(text).messages)


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
