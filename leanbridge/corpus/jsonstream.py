"""Reading a JSON document piece by piece from a file, in bounded memory (for ``merge``).

The stdlib has no incremental JSON parser, but ``json.JSONDecoder.raw_decode`` decodes one
value at a position of a string.  :class:`Cursor` keeps a window of the file's text and
walks the structure the caller expects (objects member by member, arrays item by item),
decoding each leaf or array item whole with ``raw_decode``: the same decoder as
``json.loads``, so the values are the ones a whole-document parse gives.  What one decode
may hold is bounded (``MAX_VALUE`` characters, ``MAX_DEPTH`` levels), and every refusal
names the file, line and column.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO, Any

CHUNK = 1 << 16
MAX_VALUE = 1 << 24  # characters of one value decoded whole (an entry, a leaf)
MAX_DEPTH = 64  # nesting of arrays and objects; our outputs nest about 8 deep
_WS = re.compile(r"[ \t\n\r]*")  # what json.loads skips between tokens
_DECODER = json.JSONDecoder()


class MergeError(Exception):
    """A shard output that cannot be merged; the message says where."""


class Source:
    """One input: a binary file read at offsets (several cursors share one handle)."""

    def __init__(self, name: str, f: IO[bytes]) -> None:
        self.name, self.f = name, f

    def read_at(self, offset: int, n: int) -> bytes:
        self.f.seek(offset)
        return self.f.read(n)

    def close(self) -> None:
        self.f.close()


class Mark:
    """Where a cursor was: enough to start another cursor there."""

    __slots__ = ("byte", "col", "line")

    def __init__(self, byte: int, line: int, col: int) -> None:
        self.byte, self.line, self.col = byte, line, col


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict):
            v = list(v.values())
        if isinstance(v, list):
            deepest = max(deepest, d)
            if d <= MAX_DEPTH:  # deeper is refused anyway
                stack.extend((x, d + 1) for x in v)
    return deepest


class Cursor:
    """A window ``buf`` on the text of ``source`` from a byte offset, moving forward."""

    def __init__(self, source: Source, start: Mark | None = None) -> None:
        start = start or Mark(0, 1, 0)
        self.source = source
        self.byte, self.line, self.col = start.byte, start.line, start.col  # at buf[0]
        self.next = start.byte  # where the next read starts
        self.buf, self.pos, self.eof = "", 0, False
        self._decoder = codecs.getincrementaldecoder("utf-8")()  # strict, like read_text

    # -- positions and errors -------------------------------------------------------------

    def where(self, i: int | None = None) -> str:
        i = self.pos if i is None else min(i, len(self.buf))
        line = self.line + self.buf.count("\n", 0, i)
        last = self.buf.rfind("\n", 0, i)
        col = i - last if last >= 0 else self.col + i + 1
        return f"{self.source.name}:{line}:{col}"

    def error(self, message: str, i: int | None = None) -> MergeError:
        return MergeError(f"{self.where(i)}: {message}")

    def mark(self) -> Mark:
        done = self.buf[: self.pos]
        last = done.rfind("\n")
        col = self.pos - last - 1 if last >= 0 else self.col + self.pos
        return Mark(self.byte + len(done.encode("utf-8")), self.line + done.count("\n"), col)

    # -- the window ------------------------------------------------------------------------

    def _more(self, n: int = CHUNK) -> bool:
        """Drop what was read, add up to ``n`` more bytes' text; False at the end."""
        if self.eof:
            return False
        if self.pos:
            m = self.mark()
            self.byte, self.line, self.col = m.byte, m.line, m.col
            self.buf, self.pos = self.buf[self.pos :], 0
        data = self.source.read_at(self.next, n)
        self.next += len(data)
        try:
            text = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as e:
            raise self.error(f"not UTF-8 ({e.reason})", len(self.buf)) from None
        self.eof = not data
        self.buf += text
        return True

    def ws(self) -> None:
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()
            if self.pos < len(self.buf) or not self._more():
                return

    def peek(self) -> str:
        """The next character after whitespace ('' at the end)."""
        self.ws()
        return self.buf[self.pos : self.pos + 1]

    def expect(self, chars: str) -> str:
        c = self.peek()
        if not c or c not in chars:
            what = "the end" if not c else repr(c)
            raise self.error(f"expected {' or '.join(map(repr, chars))}, found {what}")
        self.pos += 1
        return c

    def at_end(self) -> None:
        if self.peek():
            raise self.error("extra data after the document")

    # -- values ----------------------------------------------------------------------------

    def value(self) -> tuple[Any, int]:
        """The next value decoded whole, and how many characters it took."""
        self.ws()
        while True:
            start = self.pos
            try:
                value, end = _DECODER.raw_decode(self.buf, start)
            except json.JSONDecodeError as e:
                # Cut off by the window's end (or a number that may go on): read more.
                cut = e.msg.startswith("Unterminated string") or e.pos >= len(self.buf) - 8
                if cut and self._grow():
                    continue
                raise self.error(f"invalid JSON: {e.msg}", e.pos) from None
            except RecursionError:
                raise self.error("invalid JSON: nested too deeply") from None
            except ValueError as e:  # e.g. an integer of more than 4300 digits
                raise self.error(f"invalid JSON: {e}") from None
            if end == len(self.buf) and self._grow():
                continue  # a number or literal may go on past the window
            break
        size = end - start
        if size > MAX_VALUE:
            raise self.error(f"a value of more than {MAX_VALUE} characters")
        opened = self.buf.count("[", start, end) + self.buf.count("{", start, end)
        if opened > MAX_DEPTH and _depth(value) > MAX_DEPTH:
            raise self.error(f"nested more than {MAX_DEPTH} levels deep")
        self.pos = end
        return value, size

    def _grow(self) -> bool:
        """Read more for the value at ``pos``: doubling, so a value costs O(size) to decode."""
        held = len(self.buf) - self.pos
        if held > MAX_VALUE:
            raise self.error(f"a value of more than {MAX_VALUE} characters (or malformed)")
        return self._more(max(CHUNK, held))

    def key(self) -> str:
        if self.peek() != '"':
            raise self.error("expected a member name in double quotes")
        key, _ = self.value()
        self.expect(":")
        return key

    def members(self) -> Iterator[str]:
        """An object's member names; the caller reads each member's value in between."""
        self.expect("{")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            yield self.key()
            if self.expect(",}") == "}":
                return

    def items(self) -> Iterator[None]:
        """An array's items: positions the cursor at each; the caller reads it."""
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield None
            if self.expect(",]") == "]":
                return
