"""What lets every format be written while the run goes, in bounded memory.

A format gets a run's records one at a time (:class:`Writer`) and drops them.  What it
prints in sections (all claims, then all findings, ...) or after a header with totals
(JUnit) is kept in a :class:`Spool` until the run ends: in memory up to ``SPOOL_MEMORY``
characters, then in an anonymous temporary file, so memory does not grow with the corpus.
:class:`JsonList` spools the items of one JSON array already encoded, and
:func:`write_json` writes a document around such arrays, byte for byte what
``json.dumps(doc, indent=2, ensure_ascii=False)`` gives for the same document in memory.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import IO, Any, Protocol

import click

from leanbridge.corpus.record import FileRecord, Tally

SPOOL_MEMORY = 1 << 20  # characters a spool keeps in memory before it moves to a file
CHUNK = 1 << 16


class Out(Protocol):
    def write(self, text: str, /) -> Any: ...


class Writer(Protocol):
    """One rendering of a run: records in file order, then the totals."""

    def add(self, record: FileRecord, index: int) -> None: ...

    def finish(self, tally: Tally) -> None: ...


class Spool:
    """Text written now and copied out later, in whole lines.

    Kept as the strings written (no encoding, no file) up to ``SPOOL_MEMORY``
    characters; beyond that, in an anonymous temporary file, written in pieces of
    ``CHUNK`` characters."""

    def __init__(self) -> None:
        # Items not yet written to the file (or all of them while there is no file), and
        # their characters: one write per chunk rather than one per line.
        self._pending: list[str] = []
        self._pending_size = 0
        self._file: IO[str] | None = None
        self.count = 0  # lines (or items) written

    def __bool__(self) -> bool:
        return self.count > 0

    def line(self, text: str) -> None:
        self.put(text + "\n")

    def put(self, text: str) -> None:
        """``text`` as one item (a line, a JSON item, an XML element)."""
        self._pending.append(text)
        self._pending_size += len(text)
        self.count += 1
        if self._pending_size >= (CHUNK if self._file is not None else SPOOL_MEMORY):
            self._write_pending()

    def _write_pending(self) -> None:
        if self._file is None:
            import tempfile  # here: most runs never spill (importing it costs ~10 M instructions)

            # newline="" keeps CR and CRLF inside claim texts as they are; surrogatepass
            # keeps the lone surrogates a path may carry, as a string in memory does.
            self._file = tempfile.TemporaryFile(  # noqa: SIM115 (closed by chunks())
                mode="w+", encoding="utf-8", errors="surrogatepass", newline=""
            )
        if self._pending:
            self._file.write("".join(self._pending))
            self._pending, self._pending_size = [], 0

    def chunks(self) -> Iterator[str]:
        """The text, in pieces that end at a line break (or at the end): click strips ANSI
        escapes from each piece it echoes, and no escape spans a line break.  Text still in
        memory comes as one piece."""
        f = self._file
        if f is None:
            if self._pending:
                yield "".join(self._pending)
                self._pending, self._pending_size = [], 0
            return
        self._write_pending()
        f.seek(0)
        while chunk := f.read(CHUNK):
            if not chunk.endswith(("\n", "\r")):
                chunk += f.readline()
            yield chunk
        f.close()

    def copy_to(self, out: Out) -> None:
        for chunk in self.chunks():
            out.write(chunk)


def indented(value: Any, pad: str = "\n") -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False).replace("\\n", pad)``: the value
    indented by two spaces a level below a line that starts as ``pad`` does (the line break
    and the indentation).  Strings, None, booleans, integers, and dicts (of string keys)
    and lists of them are written here, in fewer steps than the json module's indenting
    encoder (which is written in Python); anything else is left to json.dumps."""
    cls = value.__class__
    if cls is dict:
        if not value:
            return "{}"
        inner = pad + "  "
        parts = []
        for key, item in value.items():
            if key.__class__ is not str:
                break
            parts.append(encode_basestring(key) + ": " + _leaf(item, inner))
        else:
            return "{" + inner + ("," + inner).join(parts) + pad + "}"
        return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", pad)
    if cls is list or cls is tuple:
        if not value:
            return "[]"
        inner = pad + "  "
        return "[" + inner + ("," + inner).join([_leaf(x, inner) for x in value]) + pad + "]"
    return _leaf(value, pad)


def _leaf(value: Any, pad: str) -> str:
    """:func:`indented`, without a call for a string, None, a boolean or an integer."""
    cls = value.__class__
    if cls is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if cls is bool:
        return "true" if value else "false"
    if cls is int:
        return int.__repr__(value)
    if cls is dict or cls is list or cls is tuple:
        return indented(value, pad)
    if cls is float:  # as json.dumps writes one (allow_nan: NaN, Infinity)
        if value != value:
            return "NaN"
        if value in (_INF, -_INF):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", pad)


_INF = float("inf")


class JsonList(Spool):
    """A JSON array at nesting ``level`` of a document, spooled item by item."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level
        self._pad = "\n" + "  " * (level + 1)

    def add(self, item: Any) -> None:
        self.put(("," if self.count else "") + self._pad + indented(item, self._pad))

    def chunks(self) -> Iterator[str]:
        if not self.count:
            yield "[]"
            return
        yield "["
        yield from super().chunks()
        yield "\n" + "  " * self.level + "]"


def _spooled(value: Any, level: int) -> Iterator[str] | None:
    return value.chunks() if isinstance(value, JsonList) else None


def encode(
    value: Any,
    level: int,
    own: Callable[[Any, int], Iterator[str] | None] = _spooled,
) -> Iterator[str]:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` at ``level``, in pieces; a value
    for which ``own(value, level)`` gives pieces is written as those (JsonLists here, the
    merged arrays of ``corpus.merge``)."""
    pieces = own(value, level)
    if pieces is not None:
        yield from pieces
    elif isinstance(value, dict) and value:
        pad = "\n" + "  " * (level + 1)
        for n, (key, item) in enumerate(value.items()):
            yield ("{" if n == 0 else ",") + pad + json.dumps(key, ensure_ascii=False) + ": "
            yield from encode(item, level + 1, own)
        yield "\n" + "  " * level + "}"
    elif isinstance(value, list) and value:
        pad = "\n" + "  " * (level + 1)
        for n, item in enumerate(value):
            yield ("[" if n == 0 else ",") + pad
            yield from encode(item, level + 1, own)
        yield "\n" + "  " * level + "]"
    else:
        yield indented(value, "\n" + "  " * level)


def write_json(out: Out, doc: dict[str, Any]) -> None:
    """``doc`` and a line break (as the reports end), its JsonLists copied from their spools."""
    for chunk in encode(doc, 0):
        out.write(chunk)
    out.write("\n")


class Echo:
    """stdout through ``click.echo`` (as one echo of the whole report would do it), in
    pieces of whole lines, so a long report is neither held nor flushed line by line:
    click strips ANSI escapes from each piece when stdout is not a terminal, and no escape
    spans a line break.  Pieces are cut at the last line break written so far, so text
    that arrives in pieces not ending at one (merge's) is not held whole either."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= CHUNK:
            whole = "".join(self._parts)
            cut = max(whole.rfind("\n"), whole.rfind("\r")) + 1
            if cut:
                _echo(whole[:cut])
            self._parts, self._size = [whole[cut:]], len(whole) - cut

    def flush(self) -> None:
        if self._parts:
            _echo("".join(self._parts))
            self._parts, self._size = [], 0


def _echo(text: str) -> None:
    """``click.echo(text, nl=False)``.  Off a terminal click strips ANSI escapes, with a
    regex pass over the whole text (about 5 instructions a character, the most of what
    writing a report costs); every escape it strips starts with ESC, so a piece without
    one is passed with ``color=True`` (click's documented switch: nothing stripped), the
    same text written without the pass."""
    click.echo(text, nl=False, color=True if "\x1b" not in text else None)
