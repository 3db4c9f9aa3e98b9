"""Positions and diagnostics shared by every stage.

Every problem a user can cause is reported as ``FILE:LINE:COL: message`` pointing into
the claim file itself, never as a traceback.  Stages raise :class:`LeanbridgeError`
(or collect :class:`Diagnostic` objects) and the CLI prints them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from leanbridge.frozen import frozen_record, slot_maker

Severity = Literal["error", "warning", "info"]


# A frozen_record, not @dataclass(frozen=True, slots=True), whose generated methods cost
# about 3 M instructions at every start: the Pos made per claim is made by make_pos, so
# Pos(...) itself runs only on error paths (tests/test_frozen_records.py holds it to the
# dataclass).  Span stays a dataclass: the parser makes hundreds with Span(...) per run.
@frozen_record
class Pos:
    """A 1-based line and column in a file (column counts characters, not bytes)."""

    __slots__ = ("col", "line")
    line: int
    col: int


make_pos = slot_maker(Pos)  # Pos(line, col) for the one made per claim


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` inside one source string.

    Check expressions are parsed from a string that sits somewhere inside the YAML file;
    the span is relative to that string and is mapped to a file position by
    :class:`leanbridge.claims.loader.SourceText`.
    """

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Diagnostic:
    file: str
    pos: Pos | None
    message: str
    severity: Severity = "error"
    code: str | None = None
    claim_id: str | None = None
    context: str | None = field(default=None, compare=False)

    def render(self) -> str:
        where = f"{self.file}:{self.pos.line}:{self.pos.col}" if self.pos else self.file
        code = f" {self.code}" if self.code else ""
        claim = f" [{self.claim_id}]" if self.claim_id else ""
        sev = "" if self.severity == "error" and not self.code else f" {self.severity}:"
        text = f"{where}:{sev}{code}{claim} {self.message}"
        if self.context:
            text += "\n" + self.context
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.pos.line if self.pos else None,
            "col": self.pos.col if self.pos else None,
            "severity": self.severity,
            "code": self.code,
            "claim": self.claim_id,
            "message": self.message,
        }


class LeanbridgeError(Exception):
    """A user-facing error; ``span`` (if any) is relative to the text being processed."""

    def __init__(self, message: str, span: Span | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.span = span


class CheckSyntaxError(LeanbridgeError):
    """The check string does not follow the grammar."""


class ClaimEvalError(LeanbridgeError):
    """Evaluating a well-formed check failed (division by zero, type mismatch, ...)."""


class LimitError(LeanbridgeError):
    """A resource bound from :mod:`leanbridge.limits` was exceeded."""


def highlight(line_text: str, col: int, width: int = 1) -> str:
    """Two lines: the source line and a caret marker under ``col`` (1-based)."""
    line_text = line_text.rstrip("\n")
    width = max(1, min(width, len(line_text) - col + 1))
    return f"    {line_text}\n    {' ' * (col - 1)}{'^' * width}"
