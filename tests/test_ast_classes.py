"""The node classes of leanbridge.syntax.ast (made by leanbridge.frozen.frozen_record) behave as the
``@dataclass(frozen=True, slots=True)`` classes they replace (tests/ast_dataclasses.py,
the former definitions): the same fields, construction, ``==``, ``hash``, ``repr``,
frozen errors, ``replace()``, copies and pickles, on random trees built in both."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import ast_dataclasses as old
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leanbridge.errors import Span
from leanbridge.semantics.numbers import Decimal
from leanbridge.syntax import ast as new

NAMES = [cls.__name__ for cls in new.NODE_CLASSES]


def test_every_class_is_listed() -> None:
    listed = set(NAMES)
    in_old = {k for k, v in vars(old).items() if isinstance(v, type) and issubclass(v, old.Node)}
    in_new = {k for k, v in vars(new).items() if isinstance(v, type) and issubclass(v, new.Node)}
    assert listed == in_old == in_new


@pytest.mark.parametrize("name", NAMES)
def test_class_shape(name: str) -> None:
    n, o = getattr(new, name), getattr(old, name)
    assert dataclasses.is_dataclass(n)
    assert [repr(f) for f in dataclasses.fields(n)] == [repr(f) for f in dataclasses.fields(o)]
    assert n.__slots__ == o.__slots__
    assert n.__match_args__ == o.__match_args__
    assert [c.__name__ for c in n.__mro__] == [c.__name__ for c in o.__mro__]
    assert n.__doc__ == o.__doc__
    assert getattr(n, "symbol", None) == getattr(o, "symbol", None)
    assert "__dict__" not in dir(n) and "__weakref__" not in dir(n)
    assert "__dict__" not in dir(o) and "__weakref__" not in dir(o)


# A tree is described as data, then built from either module's classes.
_LEAVES = st.one_of(
    st.integers(-3, 3),
    st.sampled_from(["x", "y", "==", "<", ""]),
    st.booleans(),
    st.none(),
    st.builds(Span, st.integers(0, 3), st.integers(0, 3)),
    st.sampled_from([Decimal(1, 0, "1"), Decimal(5, -2, "5%"), Decimal(1, 0, "1.0")]),
)


def _spec(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    value = st.one_of(children, st.lists(children, max_size=3).map(tuple))
    return st.sampled_from(NAMES).flatmap(
        lambda name: st.tuples(
            st.just(name),
            st.lists(value, min_size=_arity(name), max_size=_arity(name)).map(tuple),
        )
    )


def _arity(name: str) -> int:
    return len(dataclasses.fields(getattr(old, name)))


SPECS = st.recursive(_LEAVES, _spec, max_leaves=12).filter(lambda s: isinstance(s, tuple))


def build(mod: Any, spec: Any) -> Any:
    if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[0], str):
        name, args = spec
        if name in NAMES and isinstance(args, tuple):
            return getattr(mod, name)(*(build(mod, a) for a in args))
    if isinstance(spec, tuple):
        return tuple(build(mod, x) for x in spec)
    return spec


def _outcome(f: Any) -> Any:
    try:
        return ("value", f())
    except Exception as e:
        return ("raises", type(e), str(e))


@settings(max_examples=300, deadline=None)
@given(SPECS, SPECS)
def test_instances_behave_alike(a: Any, b: Any) -> None:
    na, oa = build(new, a), build(old, a)
    nb, ob = build(new, b), build(old, b)
    if not isinstance(na, new.Node):
        return
    assert repr(na) == repr(oa)
    assert hash(na) == hash(oa)
    assert (na == nb) == (oa == ob) and (na != nb) == (oa != ob)
    assert na == build(new, a) and oa == build(old, a)
    assert na.__eq__(object()) is NotImplemented and oa.__eq__(object()) is NotImplemented
    names = [f.name for f in dataclasses.fields(oa)]
    assert [f.name for f in dataclasses.fields(na)] == names
    # keyword construction, getattr, replace
    kw = {k: getattr(na, k) for k in names}
    assert type(na)(**kw) == na
    assert repr(type(oa)(**{k: getattr(oa, k) for k in names})) == repr(oa)
    if isinstance(nb, new.Node) and names:
        changes_n = {names[-1]: nb}
        changes_o = {names[-1]: ob}
        assert repr(dataclasses.replace(na, **changes_n)) == repr(
            dataclasses.replace(oa, **changes_o)
        )
    for k, name in enumerate(names):  # one field changed: `==` and `hash` see each field
        other = b if k % 2 else 7
        vn = dataclasses.replace(na, **{name: build(new, other)})
        vo = dataclasses.replace(oa, **{name: build(old, other)})
        assert (vn == na, na == vn, vn != na) == (vo == oa, oa == vo, vo != oa)
        assert hash(vn) == hash(vo) and repr(vn) == repr(vo)
    assert (
        _outcome(lambda: dataclasses.replace(na, nope=1))[:2]
        == _outcome(lambda: dataclasses.replace(oa, nope=1))[:2]
    )
    # frozen: every field refuses assignment and deletion, with the same error
    for name in [*names, "symbol", "other"]:
        got_n = _outcome(lambda: setattr(na, name, 1))  # noqa: B023
        got_o = _outcome(lambda: setattr(oa, name, 1))  # noqa: B023
        assert got_n[0] == got_o[0] == "raises"
        if name in names:  # (another name hits a CPython 3.10/3.11 bug in the dataclass)
            assert got_n == got_o
        got_n = _outcome(lambda: delattr(na, name))  # noqa: B023
        got_o = _outcome(lambda: delattr(oa, name))  # noqa: B023
        assert got_n[0] == got_o[0] == "raises"
        if name in names:
            assert got_n == got_o
    assert repr(na) == repr(oa)
    # state, copies and pickles
    assert repr(na.__getstate__()) == repr(oa.__getstate__())
    for c in (copy.copy, copy.deepcopy, lambda x: pickle.loads(pickle.dumps(x))):
        cn, co = c(na), c(oa)
        assert type(cn) is type(na) and cn == na and repr(cn) == repr(co)
    # children and walk, as the dataclass-built nodes give them
    assert [repr(x) for x in na.walk()] == [repr(x) for x in oa.walk()]


@pytest.mark.parametrize("name", NAMES)
def test_bad_construction_raises_alike(name: str) -> None:
    n, o = getattr(new, name), getattr(old, name)
    k = _arity(name)
    names = [f.name for f in dataclasses.fields(o)]
    for args, kwargs in [
        ([], {}),
        ([1] * (k - 1), {}),
        ([1] * (k + 1), {}),
        ([1] * k, {"x": 1}),
        ([1] * k, {names[0]: 1}),  # a value given twice
        ([1] * (k - 1), {"x": 1}),
    ]:
        got_n, got_o = _outcome(lambda: n(*args, **kwargs)), _outcome(lambda: o(*args, **kwargs))  # noqa: B023
        assert got_n[:2] == got_o[:2] == ("raises", TypeError)
    for cut in range(k + 1):  # positional then keyword, as the dataclass binds them
        values = list(range(k))
        made_n = n(*values[:cut], **dict(zip(names[cut:], values[cut:], strict=True)))
        made_o = o(*values[:cut], **dict(zip(names[cut:], values[cut:], strict=True)))
        assert repr(made_n) == repr(made_o)


def test_recursive_repr_is_guarded_alike() -> None:
    box_n: list[Any] = []
    box_o: list[Any] = []
    nn, oo = new.ListExpr(Span(0, 1), box_n), old.ListExpr(Span(0, 1), box_o)  # type: ignore[arg-type]
    box_n.append(nn)
    box_o.append(oo)
    assert repr(nn) == repr(oo)
