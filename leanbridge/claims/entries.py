"""Validated entries of a claim file as plain objects, and the fast way to most of them.

The pydantic models (:mod:`leanbridge.claims.model`) are the definition of the format and
give every error message; importing pydantic and building them costs about 0.1 s per
process, more than a thousand claims' worth of validation.  The usual entry is a mapping
of short strings, whose validity is a few key, length, pattern and choice tests; for
those, :func:`claim_of`, :func:`paper_of` and :func:`value_spec_of` answer without
pydantic.  Whenever they are not sure (any key, type or length they do not accept, a
`lint:` or `data:` entry) they return None and the loader asks the models, which then
give their verdict and messages.  So an entry accepted here is one the model accepts, with
the same fields (``tests/test_entries_fast.py`` holds them to it on random entries); the
models' own results are turned into the same plain objects (:func:`claim_from_model`...).

Plain objects, because the loader's users only read attributes: ``claim.id``,
``claim.lint.ignore``, ``paper.title``, ``spec.data.file``...
"""

from __future__ import annotations

import re
from itertools import chain, repeat
from operator import itemgetter
from typing import Any

from leanbridge import limits

CLAIM_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
VALUE_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
RESERVED_NAMES = frozenset({"and", "or", "not"})
MAX_ID_LENGTH = 64
MAX_TEXT_LENGTH = 2_000
MAX_NUMBER_TEXT = limits.MAX_NUMBER_DIGITS + 16

# The top-level keys of a claim file, in the order of ClaimFile's fields (the loader's
# message lists them): tests/test_entries_fast.py checks them against the model.
FILE_KEYS = ("leanbridge", "paper", "values", "claims")

_EXPECT = frozenset({"holds", "fails"})
_EVIDENCE = frozenset(
    {"arithmetic-identity", "internal-consistency", "reproduction", "numeric"}
)  # fmt: skip
_INPUTS = frozenset({"exact", "rounded"})
_CLAIM_KEYS = frozenset({"id", "text", "source", "check", "expect", "evidence", "inputs"})
_PAPER_KEYS = frozenset({"title", "doi", "url"})
_SPEC_KEYS = frozenset({"value", "source"})


def _no_surrogate(text: str) -> bool:
    """No surrogate code point in ``text`` (pydantic refuses a str it cannot hand to Rust:
    one holding a lone surrogate).  UTF-8 encodes every code point but a surrogate, in one
    C loop, with no pattern to compile at start-up."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _Plain:
    """Attribute access, equality and a repr by the fields in ``_names`` (model order)."""

    __slots__ = ()
    _names: tuple[str, ...] = ()

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._names)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(tuple(tuple(x) if isinstance(x, list) else x for x in self._fields()))

    def __repr__(self) -> str:
        inner = " ".join(f"{n}={getattr(self, n)!r}" for n in self._names)
        return f"{self.__class__.__name__}({inner})"


class LintEntry(_Plain):
    __slots__ = ("ignore",)
    _names = __slots__

    def __init__(self, ignore: list[str]) -> None:
        self.ignore = ignore


class ClaimEntry(_Plain):
    """What :class:`leanbridge.claims.model.Claim` holds."""

    _names = ("id", "text", "source", "check", "expect", "evidence", "inputs", "lint")
    __slots__ = _names

    def __init__(
        self,
        id: str,
        check: str,
        text: str | None = None,
        source: str | None = None,
        expect: str | None = None,
        evidence: str | None = None,
        inputs: str = "exact",
        lint: LintEntry | None = None,
    ) -> None:
        self.id = id
        self.text = text
        self.source = source
        self.check = check
        self.expect = expect
        self.evidence = evidence
        self.inputs = inputs
        self.lint = lint


class PaperEntry(_Plain):
    _names = ("title", "doi", "url")
    __slots__ = _names

    def __init__(
        self, title: str | None = None, doi: str | None = None, url: str | None = None
    ) -> None:
        self.title = title
        self.doi = doi
        self.url = url


class ValueSpecEntry(_Plain):
    """What :class:`leanbridge.claims.model.ValueSpec` holds; ``data`` stays the model's
    DataRef (only the data-file loader reads it, and it imports the models anyway)."""

    _names = ("value", "data", "source")
    __slots__ = _names

    def __init__(
        self, value: str | list[str] | None = None, data: Any = None, source: str | None = None
    ) -> None:
        self.value = value
        self.data = data
        self.source = source


def _text(value: object, limit: int) -> bool:
    """A str pydantic takes as is, of at most ``limit`` characters."""
    return (
        value.__class__ is str
        and len(value) <= limit  # type: ignore[arg-type]
        and (value.isascii() or _no_surrogate(value))  # type: ignore[union-attr]
    )


def _texts(values: list[object], limit: int) -> bool:
    """``all(_text(v, limit) for v in values)``, by whole-list steps (a list value has
    tens of items, each tested here by C loops rather than a call of :func:`_text`)."""
    if not values:
        return True
    if {*map(type, values)} != {str}:
        return False
    joined = "".join(values)  # type: ignore[arg-type]
    return max(map(len, values)) <= limit and (  # type: ignore[arg-type]
        joined.isascii() or _no_surrogate(joined)
    )


def claim_of(item: object) -> ClaimEntry | None:
    """``item`` as the model would take it, or None to leave it to the model."""
    if item.__class__ is not dict or not _CLAIM_KEYS.issuperset(item):  # type: ignore[arg-type]
        return None
    get = item.get  # type: ignore[attr-defined]
    claim_id, check = get("id"), get("check")
    # _text(claim_id, MAX_ID_LENGTH) and _text(check, MAX_CHECK_CHARS), written out: this
    # runs for every claim.  An id the pattern takes is ASCII, so holds no surrogate.
    if (
        claim_id.__class__ is not str
        or len(claim_id) > MAX_ID_LENGTH
        or not CLAIM_ID_RE.fullmatch(claim_id)
        or check.__class__ is not str
        or len(check) > limits.MAX_CHECK_CHARS
        or not (check.isascii() or _no_surrogate(check))
    ):
        return None
    text, source = get("text"), get("source")
    if (text is not None and not _text(text, MAX_TEXT_LENGTH)) or (
        source is not None and not _text(source, MAX_TEXT_LENGTH)
    ):
        return None
    expect, evidence, inputs = get("expect"), get("evidence"), get("inputs", "exact")
    if (
        (expect is not None and (expect.__class__ is not str or expect not in _EXPECT))
        or (evidence is not None and (evidence.__class__ is not str or evidence not in _EVIDENCE))
        or inputs.__class__ is not str
        or inputs not in _INPUTS
    ):
        return None
    return ClaimEntry(claim_id, check, text, source, expect, evidence, inputs)


_NONE_TYPES = frozenset({type(None)})
_OPTIONAL_STR = frozenset({type(None), str})
_EXPECT_OR_NONE: frozenset[str | None] = _EXPECT | {None}
_EVIDENCE_OR_NONE: frozenset[str | None] = _EVIDENCE | {None}
# A list of claim ids joined by newlines, each as CLAIM_ID_RE takes it (an id holding a
# newline adds one: the count of newlines tells); compiled on first use, not at start-up.
_JOINED_IDS: list[re.Pattern[str]] = []


def _optional_texts(values: list[object], limit: int) -> bool:
    """``all(v is None or _text(v, limit) for v in values)``, by whole-list steps."""
    kinds = {*map(type, values)}
    if kinds <= _NONE_TYPES:
        return True
    return kinds <= _OPTIONAL_STR and _texts([v for v in values if v is not None], limit)


def _optional_choices(values: list[object], choices: frozenset[str | None]) -> bool:
    """``all(v is None or (v.__class__ is str and v in choices) for v in values)``, given
    ``choices`` with None added."""
    return {*map(type, values)} <= _OPTIONAL_STR and {*values} <= choices


def claims_of(items: list[object]) -> list[ClaimEntry] | None:
    """``[claim_of(item) for item in items]`` when :func:`claim_of` takes every item, else
    None: the same tests, each made once over the whole list, a field at a time in C
    loops, and an optional field no item holds not at all (claim_of tests each field of
    each claim).  ``tests/test_entries_bulk.py`` holds it to :func:`claim_of`."""
    if not items:
        return []
    if {*map(type, items)} != {dict}:
        return None
    claims: list[dict] = items  # type: ignore[assignment]
    keys = {*chain.from_iterable(claims)}
    if not keys <= _CLAIM_KEYS or "id" not in keys or "check" not in keys:
        return None
    try:
        ids, checks = [*map(itemgetter("id"), claims)], [*map(itemgetter("check"), claims)]
    except KeyError:  # an item without one
        return None
    # _text(id, MAX_ID_LENGTH) and the pattern; an id the pattern takes is ASCII.
    if {*map(type, ids)} != {str} or max(map(len, ids)) > MAX_ID_LENGTH:
        return None
    joined = "\n".join(ids)
    if not _JOINED_IDS:
        _JOINED_IDS.append(re.compile(r"[a-z][a-z0-9_]*(?:\n[a-z][a-z0-9_]*)*"))
    if joined.count("\n") != len(ids) - 1 or _JOINED_IDS[0].fullmatch(joined) is None:
        return None
    if (
        {*map(type, checks)} != {str}
        or max(map(len, checks)) > limits.MAX_CHECK_CHARS
        or not _no_surrogate("".join(checks))
    ):
        return None
    none = [None] * len(claims)
    fields = []
    for key in ("text", "source", "expect", "evidence"):
        values = [*map(dict.get, claims, repeat(key))] if key in keys else none
        fields.append(values)
    texts, sources, expects, evidences = fields
    inputs = (
        [*map(dict.get, claims, repeat("inputs"), repeat("exact"))] if "inputs" in keys else None
    )
    if not (
        (texts is none or _optional_texts(texts, MAX_TEXT_LENGTH))
        and (sources is none or _optional_texts(sources, MAX_TEXT_LENGTH))
        and (expects is none or _optional_choices(expects, _EXPECT_OR_NONE))
        and (evidences is none or _optional_choices(evidences, _EVIDENCE_OR_NONE))
        and (inputs is None or ({*map(type, inputs)} == {str} and {*inputs} <= _INPUTS))
    ):
        return None
    made = map(
        ClaimEntry, ids, checks, texts, sources, expects, evidences, inputs or repeat("exact")
    )
    return [*made]


def paper_of(item: object) -> PaperEntry | None:
    if item.__class__ is not dict or not _PAPER_KEYS.issuperset(item):  # type: ignore[arg-type]
        return None
    if not all(_text(v, MAX_TEXT_LENGTH) for v in item.values()):  # type: ignore[attr-defined]
        return None
    return PaperEntry(**item)  # type: ignore[arg-type]


def value_spec_of(item: object) -> ValueSpecEntry | None:
    if item.__class__ is not dict or not _SPEC_KEYS.issuperset(item):  # type: ignore[arg-type]
        return None
    value, source = item.get("value"), item.get("source")  # type: ignore[attr-defined]
    if source is not None and not _text(source, MAX_TEXT_LENGTH):
        return None
    if value.__class__ is list:
        if not _texts(value, MAX_NUMBER_TEXT):  # type: ignore[arg-type]
            return None
        value = list(value)  # type: ignore[call-overload]
    elif value is not None and not _text(value, MAX_NUMBER_TEXT):
        return None
    return ValueSpecEntry(value, None, source)  # type: ignore[arg-type]


def claim_from_model(claim: Any) -> ClaimEntry:
    """A validated :class:`~leanbridge.claims.model.Claim` as a plain entry."""
    lint = None if claim.lint is None else LintEntry(list(claim.lint.ignore))
    return ClaimEntry(
        claim.id,
        claim.check,
        claim.text,
        claim.source,
        claim.expect,
        claim.evidence,
        claim.inputs,
        lint,
    )


def paper_from_model(paper: Any) -> PaperEntry:
    return PaperEntry(paper.title, paper.doi, paper.url)


def value_spec_from_model(spec: Any) -> ValueSpecEntry:
    value = list(spec.value) if isinstance(spec.value, list) else spec.value
    return ValueSpecEntry(value, spec.data, spec.source)
