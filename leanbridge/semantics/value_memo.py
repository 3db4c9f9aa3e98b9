"""Things made from one named value, kept while the value lives in this process.

The linter derives the same things (perturbed copies, rounding dimensions, shifted
copies) from the same named list for every claim of a file that uses it.  A
:class:`ValueMemo` keeps them per value, keyed by identity: an entry holds its
NamedValue, so its id is never reused while cached.  Bounded (cleared when full) and per
thread, like the evaluator's own cache of exact values.  The linter forgets them all at
the start of each file (:func:`forget_all`), so what is kept is one file's values at most.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

from leanbridge.semantics.values import NamedValue

T = TypeVar("T")
_ALL: list[ValueMemo] = []
_OTHERS: list[Callable[[], None]] = []


def forget_all() -> None:
    """Drop what every memo keeps in this thread (the values of files already linted)."""
    for memo in _ALL:
        memo.forget()
    for forget in _OTHERS:
        forget()


def also_forget(forget: Callable[[], None]) -> None:
    """Have :func:`forget_all` call ``forget`` too (another per-thread cache of one file's
    values)."""
    _OTHERS.append(forget)


class ValueMemo(Generic[T]):
    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._local = threading.local()
        _ALL.append(self)

    def forget(self) -> None:
        self._local.entries = {}

    def get(self, value: NamedValue, make: Callable[[], T], extra: Hashable = None) -> T:
        """What ``make()`` gives for ``value`` (and ``extra``), made once."""
        entries: dict | None = getattr(self._local, "entries", None)
        if entries is None:
            entries = self._local.entries = {}
        key = (id(value), extra)
        hit = entries.get(key)
        if hit is not None and hit[0] is value:
            return hit[1]
        if len(entries) >= self.size:
            entries.clear()
        made = make()
        entries[key] = (value, made)
        return made


class LazySequenceMemo(Generic[T]):
    """A sequence made from one value by a generator, kept per value as far as some caller
    has read it: the next caller replays what was made and goes on from there."""

    def __init__(self, make: Callable[[NamedValue], Iterator[T]], size: int = 1024) -> None:
        self._make = make
        self._memo: ValueMemo[tuple[list[T], Iterator[T]]] = ValueMemo(size)

    def iterate(self, value: NamedValue) -> Iterator[T]:
        made, source = self._memo.get(value, lambda: ([], self._make(value)))
        i = 0
        while True:
            if i == len(made):
                nxt = next(source, None)
                if nxt is None:
                    return
                made.append(nxt)
            yield made[i]
            i += 1

    def nth(self, value: NamedValue, i: int) -> T | None:
        """The item at ``i`` of what :meth:`iterate` yields (the same object), None past
        its end: without a generator, for a caller that reads one or two items."""
        made, source = self._memo.get(value, lambda: ([], self._make(value)))
        while len(made) <= i:
            nxt = next(source, None)
            if nxt is None:
                return None
            made.append(nxt)
        return made[i]
