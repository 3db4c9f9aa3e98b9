"""Records made by leanbridge.frozen.frozen_record outside the AST (EvidenceLabel,
granularity's TestResult, errors.Pos) behave as the ``@dataclass(frozen=True, slots=True)``
classes they replace (their former definitions, verbatim below): the same fields,
construction, ``==``, ``hash``, ``repr``, frozen errors, ``replace()``, copies and pickles.
corpus.files.Shard, formerly ``@dataclass(frozen=True)`` without slots, behaves as that
class but for what slots change (no ``__dict__``, its pickled state)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leanbridge import errors
from leanbridge.corpus import files
from leanbridge.lint import labels
from leanbridge.semantics import granularity


@dataclass(frozen=True, slots=True)
class EvidenceLabel:
    name: str
    does_not_establish: str


@dataclass(frozen=True, slots=True)
class TestResult:
    """A granularity test's answer, and a note naming its witness (or its absence)."""

    truth: bool
    note: str


TestResult.__test__ = False  # type: ignore[attr-defined]  # not a pytest class


@dataclass(frozen=True, slots=True)
class Pos:
    """A 1-based line and column in a file (column counts characters, not bytes)."""

    line: int
    col: int


@dataclass(frozen=True)
class Shard:
    """Shard ``number`` of ``count`` (1-based, as job arrays number them)."""

    number: int
    count: int


PAIRS = [
    (labels.EvidenceLabel, EvidenceLabel),
    (granularity.TestResult, TestResult),
    (errors.Pos, Pos),
]
VALUES = st.one_of(st.text(max_size=4), st.booleans(), st.integers(-2, 2), st.none())


def _outcome(f: Callable[[], object]) -> tuple[object, ...]:
    try:
        return ("ok", repr(f()))
    except Exception as e:
        return ("raises", type(e), str(e))


@pytest.mark.parametrize(("new", "old"), PAIRS)
def test_class_shape(new: type, old: type) -> None:
    assert dataclasses.is_dataclass(new)
    assert [repr(f) for f in dataclasses.fields(new)] == [repr(f) for f in dataclasses.fields(old)]
    assert sorted(new.__slots__) == sorted(old.__slots__)  # type: ignore[attr-defined]
    assert new.__match_args__ == old.__match_args__  # type: ignore[attr-defined]
    assert new.__doc__ == old.__doc__
    assert "__dict__" not in dir(new) and "__weakref__" not in dir(new)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(PAIRS), st.lists(VALUES, min_size=4, max_size=4))
def test_instances_behave_alike(pair: tuple[type, type], values: list[Any]) -> None:
    new, old = pair
    a, b = values[:2], values[2:]
    na, oa, nb, ob = new(*a), old(*a), new(*b), old(*b)
    assert repr(na).replace(new.__qualname__, "X") == repr(oa).replace(old.__qualname__, "X")
    assert hash(na) == hash(oa)
    assert (na == nb, na != nb) == (oa == ob, oa != ob)
    assert na == new(*a) and na.__eq__(object()) is NotImplemented
    names = [f.name for f in dataclasses.fields(old)]
    assert new(**dict(zip(names, a, strict=True))) == na
    assert new(a[0], **{names[1]: a[1]}) == na
    for name, value in zip(names, b, strict=True):  # one field changed: == and hash see it
        vn, vo = dataclasses.replace(na, **{name: value}), dataclasses.replace(oa, **{name: value})
        assert (vn == na, vn != na) == (vo == oa, vo != oa)
        assert hash(vn) == hash(vo)
    for name in names:  # frozen: assignment and deletion refused with the same error
        assert _outcome(lambda: setattr(na, name, 1)) == _outcome(lambda: setattr(oa, name, 1))  # noqa: B023
        assert _outcome(lambda: delattr(na, name)) == _outcome(lambda: delattr(oa, name))  # noqa: B023
    # another name: refused by both (the dataclass's error hits a CPython 3.10/3.11 bug)
    assert _outcome(lambda: setattr(na, "other", 1))[0] == "raises"
    assert _outcome(lambda: setattr(oa, "other", 1))[0] == "raises"
    assert repr(na.__getstate__()) == repr(oa.__getstate__())
    for c in (copy.copy, copy.deepcopy, lambda x: pickle.loads(pickle.dumps(x))):
        assert c(na) == na and type(c(na)) is new


@settings(max_examples=200, deadline=None)
@given(st.lists(VALUES, min_size=4, max_size=4))
def test_shard_behaves_as_its_former_dataclass(values: list[Any]) -> None:
    new, old = files.Shard, Shard
    assert dataclasses.is_dataclass(new)
    assert [repr(f) for f in dataclasses.fields(new)] == [repr(f) for f in dataclasses.fields(old)]
    assert new.__match_args__ == old.__match_args__  # type: ignore[attr-defined]
    a, b = values[:2], values[2:]
    na, oa, nb, ob = new(*a), old(*a), new(*b), old(*b)
    assert repr(na) == repr(oa)
    assert hash(na) == hash(oa) and (na == nb, na != nb) == (oa == ob, oa != ob)
    assert new(number=a[0], count=a[1]) == na and na.__eq__(object()) is NotImplemented
    for name, value in zip(("number", "count"), b, strict=True):
        vn, vo = dataclasses.replace(na, **{name: value}), dataclasses.replace(oa, **{name: value})
        assert (vn == na, hash(vn) == hash(na)) == (vo == oa, hash(vo) == hash(oa))
        assert _outcome(lambda: setattr(na, name, 1)) == _outcome(lambda: setattr(oa, name, 1))  # noqa: B023
        assert _outcome(lambda: delattr(na, name)) == _outcome(lambda: delattr(oa, name))  # noqa: B023
    for c in (copy.copy, copy.deepcopy, lambda x: pickle.loads(pickle.dumps(x))):
        assert c(na) == na and type(c(na)) is new
    for args, kwargs in [([], {}), ([1], {}), ([1, 2, 3], {}), ([1, 2], {"x": 1})]:
        got_n = _outcome(lambda: new(*args, **kwargs))  # noqa: B023
        got_o = _outcome(lambda: old(*args, **kwargs))  # noqa: B023
        assert got_n[:2] == got_o[:2] == ("raises", TypeError)


def test_shards_parse_print_and_hold_as_before() -> None:
    shard = files.Shard.parse(" 2/3 ")
    assert (shard.number, shard.count, str(shard)) == (2, 3, "2/3")
    assert shard == files.Shard(2, 3) and repr(shard) == "Shard(number=2, count=3)"
    for bad in ("2/1", "0/3", "a/3", "1/2/3", "1 / 2", "+1/2"):
        with pytest.raises(ValueError):
            files.Shard.parse(bad)
    paths = [f"papers/p{i}.yaml" for i in range(30)]
    held = [[p for p in paths if files.Shard(i, 3).holds(p)] for i in (1, 2, 3)]
    assert sorted(p for part in held for p in part) == sorted(paths) and all(held)


@pytest.mark.parametrize(("new", "old"), PAIRS)
def test_bad_construction_raises_alike(new: type, old: type) -> None:
    for args, kwargs in [([], {}), ([1], {}), ([1, 2, 3], {}), ([1, 2], {"x": 1}), ([1], {"x": 1})]:
        got_n = _outcome(lambda: new(*args, **kwargs))  # noqa: B023
        got_o = _outcome(lambda: old(*args, **kwargs))  # noqa: B023
        assert got_n[:2] == got_o[:2] == ("raises", TypeError)


def test_labels_read_as_before() -> None:
    label = labels.LABELS[labels.REPRODUCTION]
    assert label.rank > labels.LABELS[labels.ARITHMETIC_IDENTITY].rank
    assert label.to_json() == {"label": label.name, "does_not_establish": label.does_not_establish}
