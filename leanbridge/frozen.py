"""Frozen, slotted record classes made without ``exec``.

``@dataclass(frozen=True, slots=True)`` compiles six methods per class from source text at
every start (about 3 M instructions a class).  :func:`frozen_record` gives a class written
with ``__slots__`` and annotated fields the same behaviour from one generic definition:
closures over the field names, made once per class.  ``dataclass()`` itself still records
the fields (so ``dataclasses.fields()``, ``replace()`` and ``is_dataclass()`` work),
generating nothing.  tests/test_ast_classes.py holds such classes to the dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, fields
from operator import attrgetter
from threading import get_ident
from typing import Any, NoReturn, TypeVar

T = TypeVar("T", bound=type)

_record_fields = dataclass(init=False, repr=False, eq=False)  # records; generates nothing
_set = object.__setattr__  # what a frozen dataclass's __init__ assigns its fields with
_REPR_RUNNING: set[tuple[int, int]] = set()  # dataclass's guard against a recursive repr


def _setattr(self: object, name: str, value: object) -> NoReturn:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: object, name: str) -> NoReturn:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def frozen_record(cls: T) -> T:
    """``cls`` with a frozen dataclass's ``__init__``, ``==``, ``hash``, ``repr``, frozen
    ``setattr``/``delattr`` and pickled state, by its annotated fields in order.

    The class must list its own fields in ``__slots__`` and have a docstring (otherwise
    ``dataclass()`` works one out with ``inspect.signature``).
    """
    _record_fields(cls)
    names = tuple(f.name for f in fields(cls))
    n = len(names)
    qualname = cls.__qualname__
    if n == 1:
        one = attrgetter(names[0])

        def get(o: Any) -> tuple[Any, ...]:
            return (one(o),)
    else:
        get = attrgetter(*names)  # type: ignore[assignment]

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) == n and not kwargs:
            for name, value in zip(names, args):  # noqa: B905 (lengths checked)
                _set(self, name, value)
            return
        if len(args) > n:
            raise TypeError(
                f"{qualname}.__init__() takes {n + 1} positional arguments"
                f" but {len(args) + 1} were given"
            )
        for name in names[: len(args)]:
            if name in kwargs:
                raise TypeError(f"{qualname}.__init__() got multiple values for argument {name!r}")
        for name in kwargs:
            if name not in names:
                raise TypeError(
                    f"{qualname}.__init__() got an unexpected keyword argument {name!r}"
                )
        missing = [name for name in names[len(args) :] if name not in kwargs]
        if missing:
            raise TypeError(f"{qualname}.__init__() missing required arguments: {missing}")
        for name, value in zip(names, args):  # noqa: B905 (fewer args than names)
            _set(self, name, value)
        for name in names[len(args) :]:
            _set(self, name, kwargs[name])

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return get(self) == get(other)  # type: ignore[no-any-return]
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(get(self))

    def __repr__(self: Any) -> str:
        key = (id(self), get_ident())
        if key in _REPR_RUNNING:
            return "..."
        _REPR_RUNNING.add(key)
        try:
            inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        finally:
            _REPR_RUNNING.discard(key)
        return f"{self.__class__.__qualname__}({inner})"

    def __getstate__(self: Any) -> list[object]:
        return list(get(self))

    def __setstate__(self: Any, state: list[object]) -> None:
        for name, value in zip(names, state):  # noqa: B905 (as dataclass)
            _set(self, name, value)

    methods: dict[str, Callable[..., Any]] = {
        "__init__": __init__,
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__repr__": __repr__,
        "__setattr__": _setattr,
        "__delattr__": _delattr,
        "__getstate__": __getstate__,
        "__setstate__": __setstate__,
    }
    for name, fn in methods.items():
        if fn.__name__ == name:  # the closures: named as dataclass names its methods
            fn.__qualname__ = f"{qualname}.{name}"
        type.__setattr__(cls, name, fn)
    return cls
