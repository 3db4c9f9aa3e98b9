"""``leanbridge merge SHARD_OUTPUT...``: the outputs of ``--shard 1/n`` ... ``n/n`` as one run.

Works on the JSON (``check`` or ``lint``), JUnit and SARIF outputs.  Each file belongs to
exactly one shard, so merging is putting each file's entries back at its place in the whole
run (its index, which shard outputs carry) and keeping the problems that name the inputs
themselves (missing paths, which every shard reports) once.  The result is byte for byte
what the same command line gives without ``--shard``.

Streamed, in memory bounded whatever the size of the inputs (per shard: a window on its
file, one entry or one JUnit suite, and its current file): each shard lists its entries
in run order, and its shard block lists its files in run order too, so a k-way merge by
place (``heapq.merge``, which keeps shard order among equal places as the former stable
sort did) needs one entry and one file of each shard at a time.  The shard block and the
summary come last in a document, so each input is read three times: a scan that keeps its
small parts and notes where its arrays start (:mod:`leanbridge.corpus.jsonstream`), a dry
run of the merge that finds any malformed entry before anything is written, and the merge.
JUnit suites come with their ``id`` (their place) and are read with ``XMLParser`` one suite
at a time; DOCTYPEs are refused (our outputs have none), so no entity is ever expanded.
"""

from __future__ import annotations

import codecs
import heapq
import io
import os
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any
from urllib.parse import quote

import click

from leanbridge.corpus import jsonstream
from leanbridge.corpus.jsonstream import CHUNK, Cursor, Mark, MergeError, Source
from leanbridge.formats.junit import XML_DECLARATION
from leanbridge.formats.stream import Echo, Out, encode, indented

__all__ = ["MergeError", "merge", "merge_sources", "merge_texts"]

# --- the JSON documents: scanned, arrays left in the file -------------------------------


class ArrayRef:
    """An array of a shard output, left in its file: where it starts and its length."""

    def __init__(self, source: Source, start: Mark, count: int, head: dict | None) -> None:
        self.source, self.start, self.count = source, start, count
        self.head = head  # the first item scanned like the document (a SARIF run)

    def __bool__(self) -> bool:  # as the list it stands for
        return self.count > 0

    def items(self) -> Iterator[tuple[Any, Cursor]]:
        """Each item decoded, with the cursor (for errors that point at it)."""
        cur = Cursor(self.source, self.start)
        n = 0
        for _ in cur.items():
            value, _ = cur.value()
            n += 1
            yield value, cur
        if n != self.count:
            raise cur.error("the file changed while it was being merged")


class Budget:
    """What the scan of one document keeps in memory (all but its arrays), bounded."""

    def __init__(self) -> None:
        self.left = jsonstream.MAX_VALUE

    def spend(self, size: int, cur: Cursor) -> None:
        self.left -= size
        if self.left < 0:
            raise cur.error(f"more than {jsonstream.MAX_VALUE} characters outside arrays")


def _scan(cur: Cursor, budget: Budget, depth: int, head: bool = False) -> Any:
    """The value at the cursor: objects as dicts, arrays as ArrayRefs, the rest decoded."""
    c = cur.peek()
    if depth > jsonstream.MAX_DEPTH:
        raise cur.error(f"nested more than {jsonstream.MAX_DEPTH} levels deep")
    if c == "{":
        out: dict[str, Any] = {}
        for key in cur.members():
            budget.spend(len(key) + 8, cur)
            # duplicate names: the last value at the first one's place, as json.loads does
            out[key] = _scan(cur, budget, depth + 1, head=depth == 0 and key == "runs")
        return out
    if c == "[":
        start, count, first = cur.mark(), 0, None
        for _ in cur.items():
            if count == 0 and head and cur.peek() == "{":
                first = _scan(cur, budget, depth + 1)
            else:
                cur.value()
            count += 1
        return ArrayRef(cur.source, start, count, first)
    value, size = cur.value()
    budget.spend(size, cur)
    return value


def scan(source: Source) -> dict[str, Any]:
    cur = Cursor(source)
    if cur.peek() != "{":
        raise cur.error("not a JSON object")
    doc = _scan(cur, Budget(), 0)
    cur.at_end()
    return doc


class Lazy:
    """A merged array: its items come from ``make()`` when it is written."""

    def __init__(self, make: Callable[[], Iterator[Any]]) -> None:
        self.make = make


def _array_items(value: ArrayRef | Lazy) -> Iterator[Any]:
    if isinstance(value, Lazy):
        yield from value.make()
    else:
        for item, _ in value.items():
            yield item


def _merged_text(value: Any, level: int) -> Iterator[str] | None:
    """A merged or decoded array, item by item; None for any other value."""
    if not isinstance(value, (ArrayRef, Lazy)):
        return None
    return _items_text(value, level)


def _items_text(value: ArrayRef | Lazy, level: int) -> Iterator[str]:
    pad = "\n" + "  " * (level + 1)
    first = True
    for item in _array_items(value):
        yield ("[" if first else ",") + pad + indented(item, pad)
        first = False
    yield "[]" if first else "\n" + "  " * level + "]"


def _dry_run(value: Any) -> None:
    """Read every merged array to the end, writing nothing: any error shows up now."""
    if isinstance(value, (ArrayRef, Lazy)):
        for _ in _array_items(value):
            pass
    elif isinstance(value, dict):
        for item in value.values():
            _dry_run(item)
    elif isinstance(value, list):
        for item in value:
            _dry_run(item)


# --- placing entries ----------------------------------------------------------------------


def _sum(docs: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts added up; a key some shard leaves out (a label no claim of it has) counts 0
    there and keeps its place after the key it follows where it does appear."""
    keys: list[str] = []
    for d in docs:
        previous = None
        for key in d:
            if key not in keys:
                keys.insert(keys.index(previous) + 1 if previous is not None else 0, key)
            previous = key
    out: dict[str, Any] = {}
    for key in keys:
        present = [d[key] for d in docs if key in d]
        value = present[0]
        if isinstance(value, dict):
            out[key] = _sum(present)
        elif isinstance(value, int) and not isinstance(value, bool):
            out[key] = sum(present)
        else:
            out[key] = value
    return out


def _shards(blocks: list[Any]) -> tuple[int, list[ArrayRef]]:
    """The number of input problems every shard repeats, and each shard's file order."""
    if any(not isinstance(b, dict) for b in blocks):
        raise MergeError("not the output of a --shard run (it has no shard block)")
    inputs = {b["inputs"] for b in blocks}
    if len(inputs) != 1:
        raise MergeError("the shard outputs come from different command lines")
    count = inputs.pop()
    if type(count) is not int or count < 0:
        raise MergeError(f"a shard block with `inputs` {count!r}, not a count")
    orders = [b["order"] for b in blocks]
    if any(not isinstance(o, ArrayRef) for o in orders):
        raise MergeError("a shard block whose `order` is not a list")
    # One place per file across the shards.  This holds every file's name once (as the
    # run's own discovery does), not its entries: memory grows with files, not claims.
    places: dict[str, int] = {}
    for order in orders:
        for entry, _ in order.items():
            if (
                isinstance(entry, list)
                and len(entry) == 2
                and isinstance(entry[0], str)
                and places.setdefault(entry[0], entry[1]) != entry[1]
            ):
                raise MergeError(f"`{entry[0]}` has two different places in the shard outputs")
    return count, orders


def _places(order: ArrayRef, key: Callable[[str], str]) -> Iterator[tuple[str, int]]:
    """A shard's files (as ``key`` names them) and places, checked to be in run order."""
    last = None
    for entry, cur in order.items():
        if not (
            isinstance(entry, list)
            and len(entry) == 2
            and isinstance(entry[0], str)
            and type(entry[1]) is int
        ):
            raise cur.error(f"a shard order entry that is not [file, place]: {entry!r:.80}")
        if last is not None and entry[1] <= last:
            raise cur.error("the shard's files are not in run order")
        last = entry[1]
        yield key(entry[0]), entry[1]


def _placed(
    entries: ArrayRef,
    order: ArrayRef,
    skip: int,
    file_of: Callable[[Any], Any],
    key: Callable[[str], str] = str,
) -> Iterator[tuple[int, Any]]:
    """One shard's entries after the first ``skip``, each with its file's place."""
    places = _places(order, key)
    file, place = None, 0
    for n, (item, cur) in enumerate(entries.items()):
        if n < skip:
            continue
        try:
            wanted = file_of(item)
        except (KeyError, TypeError, IndexError) as e:
            raise cur.error(f"not a leanbridge shard output entry: missing {e}") from None
        if not isinstance(wanted, str):
            raise cur.error(f"an entry whose file is not a string: {wanted!r:.80}")
        while file != wanted:  # entries follow the shard's order: move along it
            found = next(places, None)
            if found is None:
                raise cur.error(
                    f"an entry for `{wanted!s:.200}`, which its shard's order does not list "
                    "(or lists before the previous entry's file)"
                )
            file, place = found
        yield place, item


def _merged(
    arrays: list[ArrayRef],
    orders: list[ArrayRef],
    skip: int,
    file_of: Callable[[Any], Any],
    key: Callable[[str], str] = str,
    head: int = 0,
) -> Lazy:
    """The first ``head`` entries of the first shard, then every shard's entries after its
    first ``skip``, by place; among equal places in shard order (a stable sort's order)."""

    def make() -> Iterator[Any]:
        if head:
            for n, (item, _) in enumerate(arrays[0].items()):
                if n >= head:
                    break
                yield item
        streams = [_placed(a, o, skip, file_of, key) for a, o in zip(arrays, orders, strict=True)]
        for _, item in heapq.merge(*streams, key=lambda pair: pair[0]):
            yield item

    return Lazy(make)


def _array(value: Any, what: str) -> ArrayRef:
    if not isinstance(value, ArrayRef):
        raise MergeError(f"not a leanbridge shard output: `{what}` is not a list")
    return value


def _file(item: Any) -> Any:
    return item["file"]


def merge_json(docs: list[dict[str, Any]]) -> tuple[dict[str, Any], int, list[ArrayRef]]:
    inputs, orders = _shards([d.get("shard") for d in docs])
    repeated = (len(docs) - 1) * inputs  # input problems counted once per shard
    first = docs[0]
    summary = _sum([d["summary"] for d in docs])

    def placed(key: str, skip: int = 0) -> Lazy:
        arrays = [_array(d[key], key) for d in docs]
        return _merged(arrays, orders, skip, _file, head=inputs if skip else 0)

    if "claims" in first:  # check
        out = {
            "version": first["version"],
            "claims": placed("claims"),
            "errors": placed("errors", inputs),
            "lint": placed("lint"),
        }
        summary["errors"] -= repeated
        summary["lint"]["input_errors"] -= repeated
        code = (
            2
            if summary["errors"]
            else int(bool(summary["unexpected"] or summary["lint"]["errors"]))
        )
    else:  # lint
        out = {
            "version": first["version"],
            "findings": placed("findings"),
            "ignored": placed("ignored"),
            "labels": placed("labels"),
            "errors": placed("errors", inputs),
        }
        summary["input_errors"] -= repeated
        code = 2 if summary["input_errors"] else int(bool(summary["errors"]))
    summary["exit_code"] = code
    out["summary"] = summary
    return out, code, orders


def _uri(file: str) -> str:
    return quote(file.replace("\\", "/"))


def _result_uri(result: Any) -> Any:
    return result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


def merge_sarif(docs: list[dict[str, Any]]) -> tuple[dict[str, Any], list[ArrayRef]]:
    runs = [_array(d["runs"], "runs").head for d in docs]
    if any(not isinstance(r, dict) for r in runs):
        raise MergeError(
            "not a leanbridge shard output: a SARIF log whose first run is not an object"
        )
    properties = [r.get("properties", {}) for r in runs]
    if any(not isinstance(p, dict) for p in properties):
        raise MergeError("not a leanbridge shard output: run properties that are not an object")
    inputs, orders = _shards([p.get("leanbridge-shard") for p in properties])
    results = [_array(r["results"], "results") for r in runs]
    merged_results = _merged(results, orders, inputs, _result_uri, _uri, head=inputs)
    merged = {k: v for k, v in runs[0].items() if k != "properties"} | {"results": merged_results}
    return {k: v for k, v in docs[0].items() if k != "runs"} | {"runs": [merged]}, orders


# --- JUnit --------------------------------------------------------------------------------

MAX_XML_DEPTH = 32  # our suites nest 4 deep; ElementTree serializes recursively
# Bytes without a parser event (a start tag): expat rescans an unfinished token at every
# feed, so a long one costs its length squared over CHUNK; ours are attribute lists.
MAX_XML_TOKEN = 1 << 22


class _Shell:
    """A TreeBuilder that keeps only the top element's tag and attributes (the totals)."""

    def __init__(self) -> None:
        self.top: ET.Element | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if self.top is None:
            self.top = ET.Element(tag, attrib)

    def end(self, tag: str) -> None:
        return None

    def data(self, text: str) -> None:
        return None

    def close(self) -> ET.Element | None:
        return self.top


class _Suites:
    """``XMLParser`` target: builds each ``testsuite`` child of the root on its own (with a
    TreeBuilder, as ``ET.fromstring`` does) and hands it over; drops other children."""

    def __init__(self, name: str, whole: bool) -> None:
        self.name = name
        self.make: Callable[[], Any] = ET.TreeBuilder if whole else _Shell
        self.depth = 0
        self.root_attrib: dict[str, str] | None = None
        self.builder: Any = None
        self.ready: list[ET.Element] = []
        self.spent = 0  # characters held for the suite being built
        self.fed = self.last = 0  # bytes fed to the parser; at the last event

    def _fail(self, message: str) -> MergeError:
        return MergeError(f"{self.name}: {message} (within its first {self.fed} bytes)")

    def _spend(self, n: int) -> None:
        self.last = self.fed
        self.spent += n
        if self.spent > jsonstream.MAX_VALUE:
            raise self._fail(f"a test suite of more than {jsonstream.MAX_VALUE} characters")

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise self._fail("a DOCTYPE declaration (shard outputs have none; entities are refused)")

    def comment(self, text: str) -> None:
        self.last = self.fed

    def pi(self, target: str, text: str) -> None:
        self.last = self.fed

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 1:
            if any(k.startswith("{") for k in attrib):
                raise self._fail("a namespaced attribute on the root element")
            self.root_attrib = attrib
            return
        if self.depth == 2:
            self.builder = self.make() if tag == "testsuite" else None
            self.spent = 0
        if self.builder is None:
            self.last = self.fed
            return
        if self.depth > MAX_XML_DEPTH:
            raise self._fail(f"elements nested more than {MAX_XML_DEPTH} deep")
        if tag.startswith("{") or any(k.startswith("{") for k in attrib):
            raise self._fail(f"a namespaced element or attribute in a test suite ({tag})")
        self._spend(len(tag) + sum(len(k) + len(v) for k, v in attrib.items()) + 64)
        self.builder.start(tag, attrib)

    def end(self, tag: str) -> None:
        self.last = self.fed
        if self.depth >= 2 and self.builder is not None:
            self.builder.end(tag)
            if self.depth == 2:
                self.ready.append(self.builder.close())
                self.builder = None
        self.depth -= 1

    def data(self, text: str) -> None:
        if self.depth == 1:  # between the root's children: the layout, redone on output
            self.last = self.fed
            if text.strip():
                raise self._fail("text between the test suites")
        elif self.builder is not None:
            self._spend(len(text))
            self.builder.data(text)

    def close(self) -> None:
        return None


class JunitInput:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.root_attrib: dict[str, str] = {}

    def suites(self, whole: bool = True) -> Iterator[tuple[int, ET.Element]]:
        """(id, suite) for each ``testsuite`` child of the root, ids checked in order; the
        suite without its content unless ``whole`` (checked all the same)."""
        name = self.source.name
        target = _Suites(name, whole)
        parser = ET.XMLParser(target=target)
        utf8 = codecs.getincrementaldecoder("utf-8")()  # what read_text required
        offset, last = 0, None
        while True:
            data = self.source.read_at(offset, CHUNK)
            try:
                utf8.decode(data, final=not data)
            except UnicodeDecodeError as e:
                at = offset + e.start
                raise MergeError(f"{name}: not UTF-8 ({e.reason}) at byte {at}") from None
            try:
                target.fed = offset = offset + len(data)
                parser.feed(data) if data else parser.close()
            except ET.ParseError as e:
                line, col = e.position
                raise MergeError(
                    f"{name}:{line}:{col + 1}: not well-formed JUnit XML: {e}"
                ) from None
            if target.fed - target.last > MAX_XML_TOKEN:
                raise target._fail(f"a token of more than {MAX_XML_TOKEN} bytes")
            if target.root_attrib is not None:
                self.root_attrib = target.root_attrib
            for suite in target.ready:
                try:
                    index = int(suite.get("id", "-1"))
                except ValueError:
                    raise target._fail(
                        f"a test suite id that is not a number: {suite.get('id')!r:.80}"
                    ) from None
                if last is not None and index < last:
                    raise target._fail("test suites out of order (ids go down)")
                last = index
                yield index, suite
            target.ready.clear()
            if not data:
                return


TOTALS = ("tests", "failures", "errors")


def _junit_suites(inputs: list[JunitInput], whole: bool = True) -> Iterator[ET.Element]:
    """Suites by id; of repeated ids (input problems) the first, as ``setdefault`` kept."""
    last = None
    streams = [i.suites(whole) for i in inputs]
    for index, suite in heapq.merge(*streams, key=lambda p: p[0]):
        if index != last:
            last = index
            yield suite


def merge_junit(inputs: list[JunitInput]) -> Callable[[Out], None]:
    totals = dict.fromkeys(TOTALS, 0)
    count = 0
    for suite in _junit_suites(inputs, whole=False):  # the totals head the document
        count += 1
        for attr in TOTALS:
            try:
                totals[attr] += int(suite.get(attr, "0"))
            except ValueError:
                raise MergeError(
                    f"a test suite whose {attr} is not a number: {suite.get(attr)!r:.80}"
                ) from None
    root = ET.Element("testsuites", dict(inputs[0].root_attrib))
    for attr in TOTALS:
        root.set(attr, str(totals[attr]))

    def write(out: Out) -> None:
        out.write(XML_DECLARATION)
        if not count:
            out.write(ET.tostring(root, encoding="unicode"))
            return
        root.text = "\n"
        whole = ET.tostring(root, encoding="unicode")  # <testsuites ...>\n</testsuites>
        out.write(whole[: whole.index(">") + 1])
        for suite in _junit_suites(inputs):
            suite.tail = None
            ET.indent(suite, level=1)  # as ET.indent(root) lays out a suite, tail aside
            out.write("\n  " + ET.tostring(suite, encoding="unicode"))
        out.write("\n</testsuites>")

    return write


# --- the command --------------------------------------------------------------------------


def _starts_with_tag(source: Source) -> bool:
    """Whether the text starts, after whitespace (``str.lstrip``'s), with ``<``."""
    utf8 = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    while True:
        data = source.read_at(offset, CHUNK)
        try:
            text = utf8.decode(data, final=not data).lstrip()
        except UnicodeDecodeError as e:
            at = offset + e.start
            raise MergeError(f"{source.name}: not UTF-8 ({e.reason}) at byte {at}") from None
        offset += len(data)
        if text or not data:
            return text.startswith("<")


def merge_sources(sources: list[Source]) -> tuple[Callable[[Out], None], int]:
    """Check the inputs through (nothing written yet); return the writer and the exit code."""
    if not sources:
        raise MergeError("nothing to merge")
    if all(_starts_with_tag(s) for s in sources):
        write_junit = merge_junit([JunitInput(s) for s in sources])
        return write_junit, 0
    docs = [scan(s) for s in sources]
    try:
        if all("runs" in d for d in docs):
            (doc, orders), code = merge_sarif(docs), 0
        elif all("summary" in d for d in docs) and len({"claims" in d for d in docs}) == 1:
            doc, code, orders = merge_json(docs)
        else:
            raise MergeError("the inputs are not all JSON of one command, SARIF, or JUnit")
    except (KeyError, TypeError, IndexError) as e:
        raise MergeError(f"not a leanbridge shard output: missing {e}") from e
    _dry_run(doc)
    for order in orders:  # also the files no entry named (the dry run stopped at the last)
        for _ in _places(order, str):
            pass

    def write(out: Out) -> None:
        for chunk in encode(doc, 0, _merged_text):
            out.write(chunk)

    return write, code


def merge_texts(texts: list[str]) -> tuple[str, int]:
    """The merge of documents held as strings (tests): the text, without the last newline."""
    sources = [Source(f"input {i + 1}", io.BytesIO(t.encode("utf-8"))) for i, t in enumerate(texts)]
    write, code = merge_sources(sources)
    out = io.StringIO()
    write(out)
    return out.getvalue(), code


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@click.command("merge")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here, not stdout.")
def merge(inputs: tuple[str, ...], output: str | None) -> None:
    """Merge the outputs of `--shard 1/n` ... `n/n` (JSON, JUnit or SARIF) into one.

    \b
    The result is byte for byte the output of the same command without --shard.
    Exit codes: for JSON, the exit code of the merged run (0, 1 or 2, as `check`/`lint`);
    for JUnit and SARIF 0; 2 when an input cannot be read or is not a shard output.
    """
    try:
        with ExitStack() as stack:
            sources = []
            for p in inputs:
                f = stack.enter_context(open(p, "rb"))
                sources.append(Source(p, f))
            write, code = merge_sources(sources)
            if output is None:
                echo = Echo()
                write(echo)
                echo.write("\n")
                echo.flush()
            elif any(_same_file(output, p) for p in inputs):
                # Written over one of its inputs: the whole result first, as before.
                with tempfile.TemporaryFile("w+", encoding="utf-8") as tmp:
                    write(tmp)
                    tmp.seek(0)
                    with open(output, "w", encoding="utf-8") as f:
                        while chunk := tmp.read(CHUNK):
                            f.write(chunk)
                        f.write("\n")
            else:
                with open(output, "w", encoding="utf-8") as f:
                    write(f)
                    f.write("\n")
    except (OSError, MergeError) as e:
        click.echo(f"leanbridge merge: {e}", err=True)
        raise SystemExit(2) from None
    raise SystemExit(code)
