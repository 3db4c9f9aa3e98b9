"""Read ``#print axioms`` answers: which axioms does each theorem depend on?

``#print axioms T`` lists every axiom ``T`` depends on, transitively; leanbridge
asks it for every emitted theorem (the policy is in :mod:`.axiom_policy`).

The answer's text comes from ``printAxiomsOf`` in src/Lean/Elab/Print.lean::

    'NAME' depends on axioms: [AX1, AX2, ...]
    'NAME' does not depend on any axioms

The list is a ``MessageData.ofList`` (``[`` ... ``,`` + ``Format.line`` ... ``]`` in a
group nested by one), so when it is wider than the format width it breaks after
every comma, continuation lines indented by one space. Names are printed with
``Name.toString``, which wraps a component that is not a plain identifier in
``«»`` (``'Claims.«table 16»'``). Older versions list the axioms in discovery
order, newer ones sorted; the order carries no meaning here.

A theorem with no such answer has **no evidence**: it is never taken as clean.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from leanbridge.prove.diagnostics import LeanMessage
from leanbridge.prove.lean_lexer import split_outside_escapes, unescape_name

__all__ = [
    "AxiomReport",
    "MissingEvidence",
    "axiom_reports_from_messages",
    "evidence_for",
    "parse_axiom_text",
]


class AxiomReport(BaseModel):
    """What ``#print axioms`` said about one theorem (names without ``«»``)."""

    model_config = ConfigDict(frozen=True)

    theorem: str
    axioms: frozenset[str]
    file: str | None = None
    line: int | None = None


class MissingEvidence(BaseModel):
    """No ``#print axioms`` answer was found for ``theorem``: never a success."""

    model_config = ConfigDict(frozen=True)

    theorem: str
    reason: str = "no #print axioms output for this theorem"


_HEAD = re.compile(
    r"^[ \t]*'(?P<name>[^\n]+?)' "
    r"(?:(?P<dep>depends on axioms: \[)|does not depend on any axioms\b)",
    re.MULTILINE,
)


def _read_list(text: str, start: int) -> tuple[list[str], int] | None:
    """Read the axiom list body from ``start`` (just after ``[``) to its ``]``.

    Commas and ``]`` inside ``«»`` belong to a name. Returns the stripped items and
    the index after ``]``; ``None`` if the list never closes (cut-off output).
    """
    split = split_outside_escapes(text, ",", start, end="]")
    if split is None:
        return None
    parts, after = split
    items = [p.strip() for p in parts]
    if any(not item for item in items[:-1]):
        return None  # an empty item before a comma: not Lean's output
    return [item for item in items if item], after


def parse_axiom_text(
    text: str, file: str | None = None, line: int | None = None
) -> list[AxiomReport]:
    """Every ``#print axioms`` answer in one message text (usually exactly one).

    An answer whose list is cut off or malformed is left out, so that theorem ends
    up with no evidence rather than with a partial list.
    """
    reports: list[AxiomReport] = []
    for m in _HEAD.finditer(text):
        theorem = unescape_name(m["name"])
        if m["dep"] is None:
            reports.append(AxiomReport(theorem=theorem, axioms=frozenset(), file=file, line=line))
            continue
        parsed = _read_list(text, m.end())
        if parsed is None or not parsed[0]:
            continue
        reports.append(
            AxiomReport(
                theorem=theorem,
                axioms=frozenset(unescape_name(a) for a in parsed[0]),
                file=file,
                line=line,
            )
        )
    return reports


def axiom_reports_from_messages(messages: Iterable[LeanMessage]) -> list[AxiomReport]:
    """The ``#print axioms`` answers among parsed messages (info severity only).

    Only info messages count: an error or warning quoting the same words (a failed
    ``#guard_msgs``, say) is not Lean's answer.
    """
    reports: list[AxiomReport] = []
    for msg in messages:
        if msg.severity == "info":
            reports.extend(parse_axiom_text(msg.text, file=msg.file, line=msg.line))
    return reports


def evidence_for(
    theorems: Iterable[str], reports: Iterable[AxiomReport]
) -> dict[str, AxiomReport | MissingEvidence]:
    """Match expected theorem names (fully qualified, unescaped) to their reports.

    A theorem reported more than once gets the union of its axiom sets: the stricter
    reading. A theorem never reported gets :class:`MissingEvidence`.
    """
    merged: dict[str, AxiomReport] = {}
    for r in reports:
        prev = merged.get(r.theorem)
        merged[r.theorem] = (
            r if prev is None else prev.model_copy(update={"axioms": prev.axioms | r.axioms})
        )
    out: dict[str, AxiomReport | MissingEvidence] = {}
    for name in theorems:
        key = unescape_name(name)
        out[name] = merged.get(key) or MissingEvidence(theorem=key)
    return out
