"""Positions and diagnostics shared by every stage.

Every problem a user can cause is reported as ``FILE:LINE:COL: message`` pointing into
the claim file itself, never as a traceback.  Stages raise :class:`LeanbridgeError`
(or collect :class:`Diagnostic` objects) and the CLI prints them.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field
from threading import get_ident
from typing import ClassVar, Literal, NoReturn

Severity = Literal["error", "warning", "info"]

# Pos and Span are written out as leanbridge.syntax.ast's nodes are (see its docstring):
# ``@dataclass(frozen=True, slots=True)`` compiles their methods from source text at every
# start.  tests/test_ast_classes.py holds them to the dataclasses they replace.
_fields_of = dataclass(init=False, repr=False, eq=False)  # records fields, generates nothing
_set = object.__setattr__
_REPR_RUNNING: set[tuple[int, int]] = set()  # dataclass's guard against a recursive repr


# The frozen dataclass methods both share, by the field names in the class's ``_names``.
def _repr(self: Pos | Span) -> str:
    key = (id(self), get_ident())
    if key in _REPR_RUNNING:
        return "..."
    _REPR_RUNNING.add(key)
    try:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._names)
    finally:
        _REPR_RUNNING.discard(key)
    return f"{self.__class__.__qualname__}({inner})"


def _setattr(self: object, name: str, value: object) -> NoReturn:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: object, name: str) -> NoReturn:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: Pos | Span) -> list[object]:
    return [getattr(self, n) for n in self._names]


def _setstate(self: Pos | Span, state: list[object]) -> None:
    for name, value in zip(self._names, state):  # noqa: B905 (as dataclass)
        _set(self, name, value)


@_fields_of
class Pos:
    """A 1-based line and column in a file (column counts characters, not bytes)."""

    __slots__ = ("line", "col")  # noqa: RUF023 (field order, as dataclass)
    _names: ClassVar[tuple[str, ...]] = ("line", "col")
    line: int
    col: int

    def __init__(self, line: int, col: int) -> None:
        _set(self, "line", line)
        _set(self, "col", col)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.line, self.col) == (other.line, other.col)  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.line, self.col))

    __repr__ = _repr
    __setattr__ = _setattr
    __delattr__ = _delattr
    __getstate__ = _getstate
    __setstate__ = _setstate


@_fields_of
class Span:
    """A half-open character range ``[start, end)`` inside one source string.

    Check expressions are parsed from a string that sits somewhere inside the YAML file;
    the span is relative to that string and is mapped to a file position by
    :class:`leanbridge.claims.loader.SourceText`.
    """

    __slots__ = ("start", "end")  # noqa: RUF023 (field order, as dataclass)
    _names: ClassVar[tuple[str, ...]] = ("start", "end")
    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        _set(self, "start", start)
        _set(self, "end", end)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.start, self.end) == (other.start, other.end)  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    __repr__ = _repr
    __setattr__ = _setattr
    __delattr__ = _delattr
    __getstate__ = _getstate
    __setstate__ = _setstate


@dataclass(frozen=True, slots=True)
class Diagnostic:
    # What dataclass() would make the docstring, written here so that it does not work it
    # out with inspect.signature at every start.
    """Diagnostic(file: 'str', pos: 'Pos | None', message: 'str', severity: 'Severity' = 'error', code: 'str | None' = None, claim_id: 'str | None' = None, context: 'str | None' = None)"""  # noqa: E501

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
