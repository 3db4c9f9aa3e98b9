"""``frozen.slot_maker``: the same object as the class's constructor, for the classes it
makes per claim (``Pos``, ``Decimal``; the parser's node makers are held to the node
classes in test_parser_driver.py), and refused for classes it cannot make."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leanbridge.errors import Pos, make_pos
from leanbridge.frozen import slot_maker
from leanbridge.semantics.numbers import Decimal, make_decimal


@settings(max_examples=200, deadline=None)
@given(st.integers(), st.integers(-30, 30), st.text(max_size=8))
def test_makers_make_what_the_constructors_make(a: int, b: int, text: str) -> None:
    pairs = [(make_pos(a, b), Pos(a, b)), (make_decimal(a, b, text), Decimal(a, b, text))]
    for made, want in pairs:
        assert made.__class__ is want.__class__
        assert made == want and hash(made) == hash(want) and repr(made) == repr(want)
        assert dataclasses.astuple(made) == dataclasses.astuple(want)
        # frozen as the constructor's object is (on 3.11 a slotted frozen dataclass raises
        # TypeError here, not FrozenInstanceError: the same for both)
        first = dataclasses.fields(want)[0].name
        raised = []
        for obj in (made, want):
            with pytest.raises((dataclasses.FrozenInstanceError, TypeError)) as info:
                setattr(obj, first, 0)
            raised.append(info.type)
        assert raised[0] is raised[1] and made == want
    assert make_decimal(a, b, text).value == Decimal(a, b, text).value


def test_classes_it_cannot_make_are_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        x: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        x: int

        def __post_init__(self) -> None:
            raise ValueError

    class Plain:
        __slots__ = ("x",)

    for cls in (Unslotted, Checked, Plain):
        with pytest.raises(TypeError):
            slot_maker(cls)
