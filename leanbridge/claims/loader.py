"""Claim file on disk -> validated claims with parsed checks, and every problem positioned.

One bad claim never hides the others: each value and each claim is validated on its own,
every problem becomes a :class:`Diagnostic` (``FILE:LINE:COL: message``), and the valid
claims go on to evaluation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

from leanbridge import limits
from leanbridge.claims import entries
from leanbridge.claims.entries import (
    CLAIM_ID_RE,
    FILE_KEYS,
    RESERVED_NAMES,
    VALUE_NAME_RE,
    ClaimEntry,
    PaperEntry,
    ValueSpecEntry,
)
from leanbridge.claims.yamlpos import (
    SCALAR_MARKS,
    Document,
    Marked,
    YamlError,
    load_yaml,
)
from leanbridge.errors import Diagnostic, LeanbridgeError, Pos, Span, highlight, make_pos
from leanbridge.semantics.numbers import Decimal, make_decimal, parse_decimal
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast
from leanbridge.syntax.parser import Walk, parse_check_walked

if TYPE_CHECKING:
    from pydantic import ValidationError

    from leanbridge.claims.model import DataRef


class CheckLocator:
    """Maps a span inside a check string to a position in the YAML file.

    Behaves as a frozen dataclass of ``start``, ``lines``, ``exact`` and ``value``.
    :meth:`of_scalar` works out the start and ``exact`` at once: nine locators in ten place
    a finding, so doing it on first use cost more (a call and a mark tuple) than it saved.
    """

    __slots__ = ("_col", "_exact", "_flat", "_line", "_start", "lines", "value")

    def __init__(self, start: Pos, lines: tuple[str, ...], exact: bool, value: str) -> None:
        self._start: Pos | None = start
        self._line, self._col = start.line, start.col
        self.lines = lines  # the file's lines, for highlighted context
        # False when the scalar's text differs from its value (escapes, folding).
        self._exact = exact
        self._flat = exact and "\n" not in value  # see of_scalar
        self.value = value

    @classmethod
    def of_scalar(
        cls, text: str, lines: tuple[str, ...], marked: Marked, value: str
    ) -> CheckLocator:
        """The locator of ``value``, the scalar kept as ``marked`` (the Document's event or
        node for it) in ``text``."""
        locator = cls.__new__(cls)
        locator.lines, locator.value = lines, value
        # yamlpos.mark_of's fields, read here without making its tuple.
        start, style = marked.start_mark, marked.style
        begin, end = start.index, marked.end_mark.index
        if (style == '"' or style == "'") and end - begin >= 2:  # the text inside the quotes
            raw, offset = text[begin + 1 : end - 1], 1
        else:
            raw, offset = text[begin:end], 0
        # Plain scalars have style None from PyYAML's Python parser but "" from libyaml's.
        locator._exact = exact = style in (None, "", "'", '"') and raw == value
        # Exact and on one line (nearly every check): a span's column is the start's plus
        # its offset, read by line_col with no slice of the value.
        locator._flat = exact and "\n" not in raw
        # The start as two ints: line_col (every finding a record places) reads them, and
        # the Pos (~4k instructions to make) is made only if ``start`` is asked for (a
        # Diagnostic, a context).
        locator._line, locator._col = start.line + 1, start.column + 1 + offset
        locator._start = None
        return locator

    @property
    def start(self) -> Pos:
        start = self._start
        if start is None:
            start = self._start = Pos(self._line, self._col)
        return start

    @property
    def exact(self) -> bool:
        return self._exact

    def _fields(self) -> tuple[Pos, tuple[str, ...], bool, str]:
        return (self.start, self.lines, self.exact, self.value)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"CheckLocator(start={self.start!r}, lines={self.lines!r}, exact={self.exact!r}, "
            f"value={self.value!r})"
        )

    def pos(self, span: Span | None) -> Pos:
        if span is None or not self.exact:
            return self.start
        return Pos(*self.line_col(span))

    def line_col(self, span: Span) -> tuple[int, int]:
        """``(p.line, p.col)`` of ``p = pos(span)``, without making the Pos (the records
        of a corpus run place every finding)."""
        if self._flat:
            return self._line, self._col + span.start
        if not self._exact:
            return self._line, self._col
        before = self.value[: span.start]
        newlines = before.count("\n")
        if newlines == 0:
            return self._line, self._col + span.start
        return self._line + newlines, len(before) - before.rfind("\n")

    def context(self, span: Span | None) -> str | None:
        pos = self.pos(span)
        if not 0 < pos.line <= len(self.lines):
            return None
        width = (span.end - span.start) if span is not None and self.exact else 1
        return highlight(self.lines[pos.line - 1], pos.col, width)


@dataclass
class LoadedClaim:
    index: int
    claim: ClaimEntry
    pos: Pos
    locator: CheckLocator
    tree: ast.Node | None  # None when the check did not parse
    # What a walk of ``tree`` finds, when the parser worked it out (parse_check_walked):
    # ClaimContext takes it instead of walking the tree again.  Not part of the value.
    walk: Walk | None = field(default=None, repr=False, compare=False)


@dataclass
class LoadedFile:
    path: str  # as the user named it: never made absolute, so reports stay reproducible
    text: str
    paper: PaperEntry | None = None
    values: dict[str, NamedValue] = field(default_factory=dict)
    claims: list[LoadedClaim] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    value_specs: dict[str, ValueSpecEntry] = field(default_factory=dict)
    bad_values: set[str] = field(default_factory=set)  # defined, but with an error

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


DataLoader = Callable[["DataRef", Path], tuple[tuple[Decimal, ...], bool]]


def _default_data_loader(ref: DataRef, base: Path) -> tuple[tuple[Decimal, ...], bool]:
    from leanbridge.claims.datafile import load_data_numbers

    return load_data_numbers(ref, base)


_NUMBER_HINT = "(write e.g. 12, 8.70, 1.5e-3 or 5%)"


def _subject(path: tuple) -> str:
    """What an error is about: `name`, the value `xs`, or item 3 of `xs`."""
    if not path:
        return "`value`"
    *outer, last = path
    if isinstance(last, int):  # a list item: say which list, by its value's name
        owner = outer[-2] if outer[-1:] == ["value"] and len(outer) >= 2 else outer[-1]
        return f"item {last + 1} of `{owner}`" if outer else f"item {last + 1}"
    if last == "value" and outer[:1] == ["values"] and len(outer) == 2:
        return f"`{outer[1]}`"  # `values: {xs: {value: ...}}` is about `xs`
    return f"`{last}`"


def _pydantic_message(err: Mapping[str, object], path: tuple) -> str:
    kind = err["type"]
    name = str(path[-1]) if path else "value"
    if kind == "extra_forbidden":
        return f"unknown key `{name}`"
    if kind == "missing":
        return f"missing required key `{name}`"
    if kind == "string_pattern_mismatch" and name == "id":
        return "claim id must match [a-z][a-z0-9_]* (lower-case letter first)"
    if kind == "string_too_long":
        limit = err["ctx"]["max_length"]  # type: ignore[index]
        return f"{_subject(path)} is longer than {limit} characters"
    if kind == "string_type" and "value" in path:  # a mapping or list where a number goes
        return f"{_subject(path)} must be a number " + _NUMBER_HINT
    if kind == "literal_error":
        return f"{_subject(path)}: {err['msg']}".replace("Input should be", "must be")
    return f"{_subject(path)}: {err['msg']}"


# k -> the regex of a list of plain ASCII numbers with k decimals each, joined by commas.
_UNIFORM_LISTS: dict[int, re.Pattern[str]] = {}


def uniform_decimals(items: list[str]) -> tuple[Decimal, ...] | None:
    """``tuple(parse_decimal(t) for t in items)`` for the usual list, None when unsure.

    The usual list (``[20.7, 32.4, -1.5]``): every item ``-?[0-9]+`` with the same number
    k of decimals.  One regex over the joined items decides that for the whole list, and
    the mantissas come from one split, instead of the per-item steps of parse_decimal
    (about half of a list item's cost).  An item holding the separator splits into more
    parts than there are items, so that is refused too.
    """
    first = items[0]
    dot = first.find(".")
    k = 0 if dot < 0 else len(first) - dot - 1
    pattern = _UNIFORM_LISTS.get(k)
    if pattern is None:
        if not 0 < len(first) <= limits.MAX_NUMBER_DIGITS:
            return None
        one = r"-?[0-9]+" + (rf"\.[0-9]{{{k}}}" if k else "")
        pattern = _UNIFORM_LISTS[k] = re.compile(f"{one}(?:,{one})*")
    joined = ",".join(items)
    if pattern.fullmatch(joined) is None:
        return None
    parts = joined.replace(".", "").split(",")
    # An item no longer than the bound has no more digits than it (parse_decimal's bound).
    if len(parts) != len(items) or len(max(items, key=len)) > limits.MAX_NUMBER_DIGITS:
        return None
    return tuple(map(make_decimal, map(int, parts), repeat(-k), items))


class _FileLoader:
    def __init__(self, path: str, text: str, base: Path, data_loader: DataLoader) -> None:
        self.out = LoadedFile(path=path, text=text)
        self.lines = tuple(text.splitlines())
        self.base = base
        self.data_loader = data_loader
        self.doc: Document | None = None
        self.spoiled: set[tuple] = set()

    def error(
        self, message: str, pos: Pos | None, claim_id: str | None = None, context: str | None = None
    ) -> None:
        self.out.diagnostics.append(
            Diagnostic(self.out.path, pos, message, claim_id=claim_id, context=context)
        )

    def pydantic_errors(
        self, exc: ValidationError, prefix: tuple, claim_id: str | None = None, bare: bool = False
    ):
        """Report each error at its place; ``bare``: the entry was a number or list written
        without `value:`, which the loader wrapped as `{value: ...}`."""
        assert self.doc is not None
        for err in exc.errors():
            loc = tuple(x for x in err["loc"] if not isinstance(x, str) or not x[:1].isupper())
            if bare and loc[:1] == ("value",):
                loc = loc[1:]
            path = (*prefix, *loc)
            is_key = err["type"] == "extra_forbidden"
            pos = self.doc.pos(path, key=is_key)
            self.error(_pydantic_message(err, path), pos, claim_id)  # type: ignore[arg-type]

    def run(self) -> LoadedFile:
        try:
            self.doc = load_yaml(self.out.text)
        except YamlError as e:
            self.error(e.message, e.pos)
            return self.out
        for message, pos, path in self.doc.problems:
            claim_id = None
            if path[:1] == ("claims",) and len(path) > 1:
                item = self._claim_item(path[1])
                claim_id = item.get("id") if isinstance(item, dict) else None
            self.error(message, pos, claim_id if isinstance(claim_id, str) else None)
        # An entry (one claim, one value) holding such a problem is skipped as a whole.
        self.spoiled = {path[:2] for _, _, path in self.doc.problems}
        data = self.doc.data
        if not isinstance(data, dict):
            self.error(
                "a claim file is a mapping with keys `leanbridge`, `values`, `claims`", Pos(1, 1)
            )
            return self.out
        self.header(data)
        self.load_values(data.get("values"))
        self.load_claims(data.get("claims"))
        return self.out

    def _claim_item(self, index: object) -> object:
        claims = self.doc.data.get("claims") if isinstance(self.doc.data, dict) else None  # type: ignore[union-attr]
        if isinstance(claims, list) and isinstance(index, int) and index < len(claims):
            return claims[index]
        return None

    def header(self, data: dict) -> None:
        assert self.doc is not None
        for key in data:
            if key not in FILE_KEYS:
                self.error(
                    f"unknown key `{key}` (expected one of: {', '.join(FILE_KEYS)})",
                    self.doc.pos((key,), key=True),
                )
        for key in ("leanbridge", "claims"):
            if key not in data:
                self.error(f"missing required key `{key}`", Pos(1, 1))
        if "leanbridge" in data and data["leanbridge"] != "1":
            self.error(
                "unsupported format version: this leanbridge reads `leanbridge: 1`",
                self.doc.pos(("leanbridge",)),
            )
        if data.get("paper") is not None:
            paper = entries.paper_of(data["paper"])
            if paper is not None:
                self.out.paper = paper
                return
            from pydantic import ValidationError

            from leanbridge.claims.model import Paper

            try:
                self.out.paper = entries.paper_from_model(Paper.model_validate(data["paper"]))
            except ValidationError as e:
                self.pydantic_errors(e, ("paper",))

    def _top_tree(self, key: str) -> list:
        """The yamlpos.Tree of the top-level entry ``key`` (of data, a mapping whose Tree
        is [its start, key, value's tree, ...] in the data's order)."""
        doc = self.doc
        return doc.tree[2 + 2 * list(doc.data).index(key)]  # type: ignore[call-overload, union-attr, no-any-return, arg-type]

    def load_values(self, raw: object) -> None:
        assert self.doc is not None
        if raw is None:
            return
        if not isinstance(raw, dict):
            self.error(
                "`values` must be a mapping from names to numbers", self.doc.pos(("values",))
            )
            return
        if len(raw) > limits.MAX_VALUES:
            self.error(f"more than {limits.MAX_VALUES} values", self.doc.pos(("values",)))
            return
        # The Tree of `values` (a mapping's: [its start, key, value's tree, ...]), a key's
        # kept event where doc.pos((values, name), key=True) would find it after a search.
        trees = self._top_tree("values")
        for j, (name, entry) in enumerate(raw.items()):
            path = ("values", name)
            if not VALUE_NAME_RE.fullmatch(name) or len(name) > 64 or name in RESERVED_NAMES:
                self.error(
                    f"value name `{name}` must match [A-Za-z_][A-Za-z0-9_]* (at most 64 "
                    "characters) and not be `and`, `or` or `not`",
                    self.doc.pos(path, key=True),
                )
                continue
            spec = None if path in self.spoiled else self.value_spec(entry, path)
            if spec is None:
                self.out.bad_values.add(name)
                continue
            start = trees[1 + 2 * j].start_mark
            value = self.named_value(name, spec, path, make_pos(start.line + 1, start.column + 1))
            if value is None:
                self.out.bad_values.add(name)
            else:
                self.out.values[name] = value
                self.out.value_specs[name] = spec

    def value_spec(self, entry: object, path: tuple) -> ValueSpecEntry | None:
        """A number, a list of numbers, or a mapping with `value`/`data` and `source`."""
        assert self.doc is not None
        bare = isinstance(entry, str | list)
        # Scalars are str, so an item is a str or a collection: all are str, or the first
        # that is not is the error (found by the loop only then).
        if isinstance(entry, list) and entry and {*map(type, entry)} != {str}:
            for i, item in enumerate(entry):
                if not isinstance(item, str):
                    self.error("list items must be numbers", self.doc.pos((*path, i)))
                    return None
        if bare:  # validated as `{value: ...}`: a bare number can be too long too
            entry = {"value": entry}
        if isinstance(entry, dict):
            spec = entries.value_spec_of(entry)
            if spec is not None:
                return spec
            from pydantic import ValidationError

            from leanbridge.claims.model import ValueSpec

            try:
                return entries.value_spec_from_model(ValueSpec.model_validate(entry))
            except ValidationError as e:
                self.pydantic_errors(e, path, bare=bare)
                return None
        self.error(
            "a value is a number, a list of numbers, or a mapping with `value` (or `data`) "
            "and `source`",
            self.doc.pos(path),
        )
        return None

    def named_value(
        self, name: str, spec: ValueSpecEntry, path: tuple, pos: Pos | None
    ) -> NamedValue | None:
        """``pos``: ``self.doc.pos(path, key=True)``, which the caller has at hand."""
        assert self.doc is not None
        if (spec.value is None) == (spec.data is None):
            self.error(f"value `{name}` needs exactly one of `value` and `data`", pos)
            return None
        if spec.data is not None:
            try:
                numbers, is_list = self.data_loader(spec.data, self.base)
            except LeanbridgeError as e:
                self.error(f"value `{name}`: {e.message}", self.doc.pos((*path, "data")))
                return None
            return NamedValue(name, numbers, is_list, spec.source, "data", pos)
        items = spec.value if isinstance(spec.value, list) else [spec.value]
        if len(items) > limits.MAX_LIST_LENGTH:
            self.error(f"list longer than {limits.MAX_LIST_LENGTH} items", pos)
            return None
        if isinstance(spec.value, list) and not items:
            self.error(f"value `{name}` is an empty list", pos)
            return None
        is_list = isinstance(spec.value, list)
        if is_list:
            uniform = uniform_decimals(items)  # type: ignore[arg-type]
            if uniform is not None:
                return NamedValue(name, uniform, True, spec.source, "paper", pos)
        numbers: list[Decimal] = []
        for i, text in enumerate(items):
            try:
                dec = parse_decimal(text)  # type: ignore[arg-type]
                problem = None if dec is not None else f"not a number: {text!r} " + _NUMBER_HINT
            except LeanbridgeError as e:
                dec, problem = None, e.message
            if problem is not None:  # the item's path is only worth building for an error
                has_key = self.doc.has_value((*path, "value"))
                value_path = (*path, "value") if has_key else path
                self.error(problem, self.doc.pos((*value_path, i) if is_list else value_path))
                return None
            numbers.append(dec)  # type: ignore[arg-type]
        return NamedValue(name, tuple(numbers), is_list, spec.source, "paper", pos)

    def locator(self, path: tuple, value: str) -> CheckLocator:
        """Where the check ``value``, the scalar at ``path``, lies in the file."""
        assert self.doc is not None
        marked = self.doc.scalar_node(path)
        if marked is None:
            return CheckLocator(self.doc.pos(path) or Pos(1, 1), self.lines, False, "")
        return CheckLocator.of_scalar(self.out.text, self.lines, marked, value)

    def load_claims(self, raw: object) -> None:
        assert self.doc is not None
        if raw is None:
            return
        if not isinstance(raw, list):
            self.error("`claims` must be a list", self.doc.pos(("claims",)))
            return
        if len(raw) > limits.MAX_CLAIMS:
            self.error(f"more than {limits.MAX_CLAIMS} claims", self.doc.pos(("claims",)))
            return
        # The id's position is only needed for a duplicate: keep the index of the first.
        seen: dict[str, int] = {}
        doc, spoiled, text, lines = self.doc, self.spoiled, self.out.text, self.lines
        append = self.out.claims.append
        # The Tree of `claims` (a list's: [its start, each item's tree...]).
        trees = self._top_tree("claims")
        # Every claim validated at once when all are valid (the usual file), else each
        # by claim_of (a spoiled item's entry is not used: it is skipped below).
        claims = entries.claims_of(raw) or map(entries.claim_of, raw)
        for i, (item, claim) in enumerate(zip(raw, claims)):  # noqa: B905 (same length)
            path = ("claims", i)
            if spoiled and path in spoiled:
                continue
            if claim is None:  # the model decides, and words any error
                claim = self.validate_claim(item, path)
                if claim is None:
                    continue
            claim_id, check = claim.id, claim.check
            if claim_id in seen:
                first = doc.pos(("claims", seen[claim_id], "id")) or Pos(1, 1)
                self.error(
                    f"duplicate claim id `{claim_id}` (first at line {first.line})",
                    doc.pos((*path, "id")) or Pos(1, 1),
                    claim_id,
                )
                continue
            seen[claim_id] = i
            # self.locator((*path, "check"), check) and doc.pos(path), from the item's tree
            # ([its start, key, value, key, value...]): the item is a mapping holding
            # `check`, a string, so a scalar.
            item_tree = trees[1 + i]
            j = 2
            for key in item:
                if key == "check":
                    break
                j += 2
            marked = item_tree[j]
            if isinstance(marked, SCALAR_MARKS):
                locator = CheckLocator.of_scalar(text, lines, marked, check)
            else:
                locator = self.locator((*path, "check"), check)
            walk: Walk | None
            try:
                tree, walk = parse_check_walked(check)
            except LeanbridgeError as e:
                self.error(e.message, locator.pos(e.span), claim_id, locator.context(e.span))
                tree = walk = None
            start = item_tree[0].start_mark
            pos = make_pos(start.line + 1, start.column + 1)
            append(LoadedClaim(i, claim, pos, locator, tree, walk))

    def validate_claim(self, item: object, path: tuple) -> ClaimEntry | None:
        from pydantic import ValidationError

        from leanbridge.claims.model import Claim

        try:
            return entries.claim_from_model(Claim.model_validate(item))
        except ValidationError as e:
            self.pydantic_errors(e, path, _claim_id_of(item))
            return None


def _claim_id_of(item: object) -> str | None:
    """The id to tag an invalid claim's diagnostics with, if it has a well-formed one."""
    claim_id = item.get("id") if isinstance(item, dict) else None
    return claim_id if isinstance(claim_id, str) and CLAIM_ID_RE.fullmatch(claim_id) else None


def read_claim_text(path: Path) -> str:
    """Read a claim file within the size bound; a YamlError carries the position."""
    try:
        size = path.stat().st_size
        if size > limits.MAX_FILE_BYTES:
            raise YamlError(
                f"file is {size} bytes; the limit is {limits.MAX_FILE_BYTES}", Pos(1, 1)
            )
        raw = path.read_bytes()
    except OSError as e:
        raise LeanbridgeError(f"cannot read file: {e.strerror or e}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, e.start) + 1
        # Columns count characters: decode what precedes the bad byte on its line.
        col = len(raw[line_start : e.start].decode("utf-8", errors="replace")) + 1
        raise YamlError(f"not UTF-8 text (byte {e.start})", Pos(line, col)) from None


def load_claim_text(
    path: str, text: str, base: Path | None = None, data_loader: DataLoader = _default_data_loader
) -> LoadedFile:
    # Without a leading byte-order mark, as read_claim_text reads a file: libyaml's marks
    # would not count it in their indexes, and PyYAML's pure-Python parser's would.
    text = text.removeprefix("\ufeff")
    return _FileLoader(path, text, base or Path(path).parent, data_loader).run()


def load_claim_file(path: str, data_loader: DataLoader = _default_data_loader) -> LoadedFile:
    """Load ``path`` (as the user wrote it); problems end up in ``.diagnostics``."""
    try:
        text = read_claim_text(Path(path))
    except LeanbridgeError as e:
        out = LoadedFile(path=path, text="")
        out.diagnostics.append(Diagnostic(path, getattr(e, "pos", None), e.message))
        return out
    return load_claim_text(path, text, Path(path).parent, data_loader)
