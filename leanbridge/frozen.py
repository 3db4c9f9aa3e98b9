"""Frozen, slotted record classes made without ``exec``.

``@dataclass(frozen=True, slots=True)`` compiles six methods per class from source text at
every start (about 3 M instructions a class).  :func:`frozen_record` gives a class written
with ``__slots__`` and annotated fields the same behaviour from one generic definition:
closures over the field names, made once per class.  ``dataclass()`` itself still records
the fields (so ``dataclasses.fields()``, ``replace()`` and ``is_dataclass()`` work),
generating nothing.  tests/test_ast_classes.py holds such classes to the dataclasses.

:func:`slot_maker` is a faster positional constructor for the hottest such classes.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, fields, is_dataclass
from operator import attrgetter
from threading import get_ident
from typing import Any, NoReturn, TypeVar

T = TypeVar("T", bound=type)
R = TypeVar("R")

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


def unfrozen_subclass(cls: Callable[..., R]) -> type:
    """A subclass of the frozen slotted record class ``cls`` with its slots and none of
    its own, whose objects can be filled by plain slot stores: ``B()`` makes an empty one
    (object's own ``__new__`` and ``__init__``), and ``o.__class__ = cls`` then makes it a
    ``cls`` (the same layout).  What :func:`slot_maker`'s makers and the parser's node
    makers fill.  Raises TypeError for a class that is not such a record (no dataclass, a
    ``__post_init__``, its own ``__new__``, a field that is not a slot) or where the swap
    does not work."""
    if (
        not isinstance(cls, type)
        or not is_dataclass(cls)
        or "__post_init__" in dir(cls)
        or cls.__new__ is not object.__new__  # the makers' `B()` runs object's own
    ):
        raise TypeError(f"{cls!r} is not a plain frozen record class")
    for name in (f.name for f in fields(cls)):
        slot = next((c.__dict__[name] for c in cls.__mro__ if name in c.__dict__), None)
        if type(slot) is not types.MemberDescriptorType or not name.isidentifier():
            raise TypeError(f"{cls.__name__}.{name} is not a slot")
    unfrozen = type(
        f"_Making{cls.__name__}",
        (cls,),
        {
            "__slots__": (),
            "__setattr__": object.__setattr__,
            "__delattr__": object.__delattr__,
            # `B()` makes the empty object: a type call to object's own __new__ and
            # __init__ is ~300 instructions cheaper than `object.__new__(B)`.
            "__init__": object.__init__,
            "__module__": cls.__module__,
        },
    )
    # One object made and swapped now: a Python where the swap does not work fails here.
    made = unfrozen()
    made.__class__ = cls
    if made.__class__ is not cls:
        raise TypeError(f"{cls.__name__} is not made by its unfrozen subclass")
    return unfrozen


def slot_maker(cls: Callable[..., R]) -> Callable[..., R]:
    """``cls(*fields)`` for a frozen slotted record class (a frozen dataclass or a
    :func:`frozen_record` class) with no ``__post_init__``: the same object for about half
    the work, for the classes made once per claim or per number.

    Its ``__init__`` stores each field through ``object.__setattr__`` by name (the slot
    descriptor's ``__set__``: about 700 instructions a field).  The maker fills an unfrozen
    subclass with the interpreter's own slot stores and then makes the object a ``cls``
    (``__class__`` assignment, which Python allows between classes of the same layout).
    Its text is generated from the field names alone; one object is made and checked here,
    so a Python where the swap does not work fails at once rather than later.
    """
    unfrozen = unfrozen_subclass(cls)
    names = [f.name for f in fields(cls)]
    args = [f"a{k}" for k in range(len(names))]
    sets = "".join(f"    o.{name} = a{k}\n" for k, name in enumerate(names))
    text = f"def make({', '.join(args)}):\n    o = B()\n{sets}    o.__class__ = C\n    return o"
    env: dict[str, Any] = {"B": unfrozen, "C": cls}
    exec(compile(text, f"<{cls.__name__} maker>", "exec"), env)
    make: Callable[..., R] = env["make"]
    made = make(*range(len(names)))
    if made.__class__ is not cls or [getattr(made, n) for n in names] != list(range(len(names))):
        raise TypeError(f"{cls.__name__}'s maker does not make it")
    return make
