"""Just enough of Lean's lexical syntax to read names and find declarations in source.

- :func:`unescape_name` reads a printed name (``Claims.«table 16».t3``);
- :func:`blank_non_code` blanks comments, strings and character literals, so that a
  keyword search sees only code;
- :func:`scan_for_axiom_declarations` finds every ``axiom`` command.
"""

from __future__ import annotations

import re

__all__ = [
    "blank_non_code",
    "scan_for_axiom_declarations",
    "split_outside_escapes",
    "unescape_name",
]


def split_outside_escapes(
    text: str, separators: str, start: int = 0, end: str | None = None
) -> tuple[list[str], int] | None:
    """Split ``text[start:]`` at ``separators`` that are not inside ``«»``.

    ``«...»`` is kept as written (a separator inside it belongs to the name). With ``end``
    given, stops after the first ``end`` outside ``«»`` and returns the index after it;
    ``None`` if it never comes, or if a ``«`` never closes (malformed or cut-off text).
    """
    parts: list[str] = []
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
        if c == end or c in separators:
            parts.append("".join(buf))
            buf = []
            i += 1
            if c == end:
                return parts, i
            continue
        buf.append(c)
        i += 1
    if end is not None:
        return None
    parts.append("".join(buf))
    return parts, n


def _split_name(text: str) -> list[str] | None:
    """Split a printed Lean name into components, honouring ``«»``; None if malformed."""
    split = split_outside_escapes(text, ".")
    if split is None:
        return None
    return [part.replace("«", "").replace("»", "") for part in split[0]]


def unescape_name(text: str) -> str:
    """``Claims.«table 16».t3`` -> ``Claims.table 16.t3``.

    The printed form escapes a component that is not a plain identifier; comparing
    names needs one spelling, and the emitter and the workspace scan use the
    unescaped one. (A component that itself contains ``.`` becomes ambiguous; no
    name leanbridge emits or allows has one.)
    """
    parts = _split_name(text.strip())
    return ".".join(parts) if parts is not None else text.strip()


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
