"""Free text from a claim file -> Lean ``--`` line comments that cannot escape.

Claim files are untrusted.  Text, sources, titles and the check string itself reach the
emitted module only through :func:`comment_lines`, which

* replaces every line break (``\\n``, ``\\r``, U+2028, U+2029, U+0085, VT, FF) by a space,
* replaces every other control, format (this covers the bidi overrides U+202A-202E and
  isolates U+2066-2069, zero-width characters and the BOM), surrogate, private-use and
  unassigned code point by ``?``,
* breaks the block-comment brackets ``/-`` and ``-/`` apart (harmless inside a line
  comment, but never worth the doubt),
* caps the length, and
* prefixes every output line with ``-- ``.

So the only way user text appears in a module is after ``--`` on a line of its own.
"""

from __future__ import annotations

import unicodedata

#: Longest piece of sanitised free text kept (longer text ends with `...`).
MAX_COMMENT_CHARS = 600
#: Width of the text part of one comment line.
WRAP_WIDTH = 96

_LINE_BREAKS = frozenset("\n\r\u2028\u2029\u0085\x0b\x0c\x1c\x1d\x1e")
_BAD_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def sanitize(text: object, limit: int = MAX_COMMENT_CHARS) -> str:
    """One line of safe, printable text (no line breaks, controls or bidi overrides)."""
    raw = "" if text is None else str(text)
    out: list[str] = []
    for ch in raw[: limit * 2]:
        if ch in _LINE_BREAKS or ch == "\t":
            out.append(" ")
        elif unicodedata.category(ch) in _BAD_CATEGORIES or ch == "\ufffd":
            out.append("?")
        else:
            out.append(ch)
    clean = " ".join("".join(out).split())  # also collapses runs of spaces
    clean = clean.replace("/-", "/ -").replace("-/", "- /")
    if len(clean) > limit or len(raw) > limit * 2:
        clean = clean[: max(limit - 3, 0)].rstrip() + "..."
    return clean


def _wrap(text: str, width: int) -> list[str]:
    """Break at spaces where possible, hard-break long words; never returns empty lines."""
    lines: list[str] = []
    while len(text) > width:
        cut = text.rfind(" ", 0, width + 1)
        if cut <= 0:
            cut = width
        lines.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text or not lines:
        lines.append(text)
    return lines


def comment_lines(
    text: object, label: str = "", limit: int = MAX_COMMENT_CHARS, width: int = WRAP_WIDTH
) -> list[str]:
    """``-- label: text`` wrapped over as many ``--`` lines as needed.

    ``label`` is generator text (not user input) but is sanitised all the same.
    """
    body = sanitize(text, limit)
    head = sanitize(label, 80)
    first = f"{head}: {body}" if head else body
    out = []
    for i, piece in enumerate(_wrap(first, width)):
        out.append(("-- " if i == 0 else "--   ") + piece if piece else "--")
    return [line.rstrip() for line in out]
