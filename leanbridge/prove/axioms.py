"""Read ``#print axioms`` answers and decide whether a proof may be trusted.

A Lean file that type-checks can still prove nothing: ``sorry`` elaborates to the
axiom ``sorryAx``; ``native_decide`` trusts the compiler through
``Lean.ofReduceBool`` (and ``Lean.trustCompiler`` in newer versions); and any file
may simply declare ``axiom false_thing : 1 = 2``. ``#print axioms T`` lists every
axiom ``T`` depends on, transitively, so leanbridge asks it for every emitted
theorem and audits the answer here.

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
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from leanbridge.prove.diagnostics import LeanMessage, parse_output

__all__ = [
    "ALWAYS_FORBIDDEN_SUBSTRINGS",
    "AxiomDeclaration",
    "AxiomReport",
    "MissingEvidence",
    "Violation",
    "audit",
    "axiom_reports_from_messages",
    "evidence_for",
    "is_always_forbidden",
    "parse_axiom_reports",
    "parse_axiom_text",
    "scan_for_axiom_declarations",
    "scan_workspace_for_axioms",
    "unescape_name",
]

#: An axiom whose name contains one of these (case-insensitively) fails whatever
#: ``allowed`` says. ``sorryAx`` is an unfinished proof. The others trust compiled
#: code over the kernel: ``Lean.ofReduceBool``/``Lean.ofReduceNat``/``Lean.trustCompiler``
#: (src/Init/Core.lean) and, from Lean 4.29, one axiom per native computation named
#: like ``thm._native.native_decide.ax_1_1``.
ALWAYS_FORBIDDEN_SUBSTRINGS: tuple[str, ...] = (
    "sorryAx",
    "native",
    "ofReduceBool",
    "ofReduceNat",
    "trustCompiler",
)


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


ViolationKind = Literal["sorry", "native", "workspace-axiom", "not-allowed", "no-evidence"]


class Violation(BaseModel):
    """One reason a theorem's proof is not accepted."""

    model_config = ConfigDict(frozen=True)

    theorem: str
    kind: ViolationKind
    axiom: str | None
    detail: str


class AxiomDeclaration(BaseModel):
    """An ``axiom`` command found in Lean source."""

    model_config = ConfigDict(frozen=True)

    file: str | None
    line: int
    name: str


# --------------------------------------------------------------------------- names


def _split_name(text: str) -> list[str] | None:
    """Split a printed Lean name into components, honouring ``«»``; None if malformed."""
    parts: list[str] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "«":
            j = text.find("»", i + 1)
            if j < 0:
                return None
            buf.append(text[i + 1 : j])
            i = j + 1
        elif c == ".":
            parts.append("".join(buf))
            buf = []
            i += 1
        else:
            buf.append(c)
            i += 1
    parts.append("".join(buf))
    return parts


def unescape_name(text: str) -> str:
    """``Claims.«table 16».t3`` -> ``Claims.table 16.t3``.

    The printed form escapes a component that is not a plain identifier; comparing
    names needs one spelling, and the emitter and the workspace scan use the
    unescaped one. (A component that itself contains ``.`` becomes ambiguous; no
    name leanbridge emits or allows has one.)
    """
    parts = _split_name(text.strip())
    return ".".join(parts) if parts is not None else text.strip()


# --------------------------------------------------------------------------- parsing

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
    items: list[str] = []
    buf: list[str] = []
    i, n = start, len(text)
    while i < n:
        c = text[i]
        if c == "«":
            j = text.find("»", i + 1)
            if j < 0:
                return None
            buf.append(text[i : j + 1])
            i = j + 1
            continue
        if c == "," or c == "]":
            item = "".join(buf).strip()
            if item:
                items.append(item)
            elif c == ",":
                return None  # an empty item: not Lean's output
            buf = []
            i += 1
            if c == "]":
                return items, i
            continue
        buf.append(c)
        i += 1
    return None


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


def parse_axiom_reports(output: str) -> list[AxiomReport]:
    """All ``#print axioms`` answers in a run's raw output (text, Lake log or JSON)."""
    return axiom_reports_from_messages(parse_output(output).messages)


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


# --------------------------------------------------------------------------- policy


def is_always_forbidden(axiom: str) -> ViolationKind | None:
    """``sorry`` or ``native`` if ``axiom`` can never be allowed, else ``None``."""
    lowered = axiom.lower()
    for needle in ALWAYS_FORBIDDEN_SUBSTRINGS:
        if needle.lower() in lowered:
            return "sorry" if needle == "sorryAx" else "native"
    return None


def _declared_in_workspace(axiom: str, workspace_axioms: Iterable[str]) -> str | None:
    """The workspace declaration ``axiom`` refers to, if any.

    The scan sees the declared (short) name; ``#print axioms`` shows the full name
    (``Claims.foo`` for ``axiom foo`` inside ``namespace Claims``). A suffix match
    on whole components may over-match (``axiom choice`` vs ``Classical.choice``):
    the safe direction, and any workspace axiom fails the run anyway.
    """
    for declared in workspace_axioms:
        d = unescape_name(declared)
        if d and (axiom == d or axiom.endswith("." + d)):
            return d
    return None


def audit(
    report: AxiomReport | MissingEvidence,
    allowed: frozenset[str] = frozenset(),
    workspace_axioms: Iterable[str] = frozenset(),
) -> list[Violation]:
    """Every reason to reject the theorem of ``report``; empty means accepted.

    - missing evidence is a violation (``no-evidence``), never a pass;
    - ``sorryAx`` (``sorry``) and anything with ``native``, ``ofReduceBool``,
      ``ofReduceNat`` or ``trustCompiler`` (``native``) fail even if in ``allowed``;
    - an axiom declared in the workspace fails even if listed in ``allowed``;
    - any other axiom must be in ``allowed``, which is empty by default: a caller
      opts in to ``propext``, ``Quot.sound``, ``Classical.choice`` explicitly.
    """
    if isinstance(report, MissingEvidence):
        return [
            Violation(theorem=report.theorem, kind="no-evidence", axiom=None, detail=report.reason)
        ]
    workspace = list(workspace_axioms)
    allowed_names = {unescape_name(a) for a in allowed}
    violations: list[Violation] = []
    for axiom in sorted(report.axioms):
        forbidden = is_always_forbidden(axiom)
        if forbidden == "sorry":
            detail = "the proof uses sorry"
        elif forbidden == "native":
            detail = "the proof trusts compiled code (native_decide, ofReduceBool, ...)"
        elif (declared := _declared_in_workspace(axiom, workspace)) is not None:
            forbidden = "workspace-axiom"
            detail = f"axiom declared in the workspace ({declared})"
        elif axiom not in allowed_names:
            forbidden = "not-allowed"
            detail = "axiom not in the allowed set"
        else:
            continue
        violations.append(
            Violation(theorem=report.theorem, kind=forbidden, axiom=axiom, detail=detail)
        )
    return violations


# --------------------------------------------------------------------------- source scan


def _is_ident_char(c: str) -> bool:
    return c.isalnum() or c in "_'!?»" or c in "₀₁₂₃₄₅₆₇₈₉"


def blank_non_code(src: str) -> str:
    """``src`` with comments, strings and char literals replaced by spaces.

    Newlines are kept and every other character becomes one space, so offsets and
    line numbers stay valid. Handles nested ``/- -/`` (doc comments ``/--`` and
    ``/-!`` included), ``--`` line comments, ``"..."`` with escapes, raw strings
    ``r"..."``/``r#"..."#``, ``'c'`` char literals (but not the prime in ``foo'``),
    and ``«...»`` identifiers, whose contents are kept opaque (``«axiom»`` is a name).
    """
    out = list(src)
    n = len(src)

    def blank(a: int, b: int) -> None:
        for k in range(a, min(b, n)):
            if out[k] != "\n":
                out[k] = " "

    i = 0
    while i < n:
        c = src[i]
        nxt = src[i + 1] if i + 1 < n else ""
        prev = src[i - 1] if i > 0 else ""
        if c == "-" and nxt == "-":
            j = src.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif c == "/" and nxt == "-":
            depth, j = 1, i + 2
            while j < n and depth:
                if src.startswith("/-", j):
                    depth, j = depth + 1, j + 2
                elif src.startswith("-/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            blank(i, j)
            i = j
        elif c == "«":
            j = src.find("»", i + 1)
            j = n if j < 0 else j + 1
            # Keep the identifier but make its inside inert for the keyword search.
            for k in range(i + 1, j - 1):
                if out[k] != "\n":
                    out[k] = "x"
            i = j
        elif c == "r" and not _is_ident_char(prev) and (nxt == '"' or nxt == "#"):
            k = i + 1
            while k < n and src[k] == "#":
                k += 1
            if k < n and src[k] == '"':
                closing = '"' + "#" * (k - i - 1)
                j = src.find(closing, k + 1)
                j = n if j < 0 else j + len(closing)
                blank(i, j)
                i = j
            else:
                i += 1
        elif c == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            blank(i, j + 1)
            i = j + 1
        elif c == "'" and not _is_ident_char(prev):
            if nxt == "\\":
                j = src.find("'", i + 3)
                if 0 <= j <= i + 12:
                    blank(i, j + 1)
                    i = j + 1
                    continue
            elif i + 2 < n and src[i + 2] == "'" and nxt != "\n":
                blank(i, i + 3)
                i += 3
                continue
            i += 1
        else:
            i += 1
    return "".join(out)


_AXIOM_KEYWORD = re.compile(r"(?<![\w.'!?»«])axiom(?![\w'!?])")
_NAME_PART = r"(?:«[^»]*»|[^\s:({\[⦃.«»]+)"
_DECL_NAME = re.compile(r"\s*(?P<name>" + _NAME_PART + r"(?:\." + _NAME_PART + r")*)")


def scan_for_axiom_declarations(lean_source_text: str) -> list[tuple[int, str]]:
    """``(line, name)`` for every ``axiom`` command in Lean source (1-based lines).

    Modifiers and attributes before it (``private``, ``unsafe``, ``@[simp]``, a doc
    comment) do not matter: the keyword itself is found, outside comments, strings
    and ``«»`` names. ``axiom`` is a reserved keyword, so outside those it can only
    start a declaration -- or sit in a syntax quotation that would make one, which is
    reported too (the safe side). The name is unescaped; ``""`` if none follows.
    """
    code = blank_non_code(lean_source_text)
    found: list[tuple[int, str]] = []
    for m in _AXIOM_KEYWORD.finditer(code):
        line = code.count("\n", 0, m.start()) + 1
        # Match on the blanked text (a comment may sit between keyword and name), then
        # read the name from the source: offsets are the same, «» contents are not.
        nm = _DECL_NAME.match(code, m.end())
        name = unescape_name(lean_source_text[nm.start("name") : nm.end("name")]) if nm else ""
        found.append((line, name))
    return found


_SKIP_DIRS = frozenset({".lake", "lake-packages", ".git", "build"})


def scan_workspace_for_axioms(
    root: str | Path, skip_dirs: Sequence[str] = tuple(_SKIP_DIRS)
) -> list[AxiomDeclaration]:
    """Every ``axiom`` declared in a ``.lean`` file under ``root``.

    Dependencies under ``.lake/`` (and the older ``lake-packages/``) are skipped:
    they are not the workspace, and what they declare still shows up in
    ``#print axioms`` and must pass :func:`audit`.
    """
    root_path = Path(root)
    skip = set(skip_dirs)
    found: list[AxiomDeclaration] = []
    for path in sorted(root_path.rglob("*.lean")):
        if any(part in skip for part in path.relative_to(root_path).parts[:-1]):
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        rel = path.relative_to(root_path).as_posix()
        found.extend(
            AxiomDeclaration(file=rel, line=line, name=name)
            for line, name in scan_for_axiom_declarations(text)
        )
    return found
