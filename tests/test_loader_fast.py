"""The loader's whole-list shortcuts against the per-item definitions they replace.

``uniform_decimals`` (claims/loader.py) against ``parse_decimal`` item by item, and
``entries._texts`` against ``_text`` item by item, on random lists near every edge: signs,
dots, decimals counts, separators inside items, non-ASCII digits, the digit bound.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leanbridge import limits
from leanbridge.claims import entries
from leanbridge.claims.loader import uniform_decimals
from leanbridge.errors import LeanbridgeError
from leanbridge.semantics.numbers import parse_decimal

_PIECES = ["0", "1", "7", "12", "-", ".", ",", " ", "e", "%", "+", "_", "٣", "\n", "00"]


def _item() -> st.SearchStrategy[str]:
    usual = st.tuples(
        st.sampled_from(["", "-", "+", " "]),
        st.text(alphabet="0123456789", min_size=0, max_size=4),
        st.sampled_from(["", ".", ".5", ".50", ".05", ".123", ".1234"]),
    ).map("".join)
    near_bound = st.sampled_from(
        [
            "9" * limits.MAX_NUMBER_DIGITS,
            "9" * (limits.MAX_NUMBER_DIGITS + 1),
            "-" + "9" * limits.MAX_NUMBER_DIGITS,
            "1." + "0" * (limits.MAX_NUMBER_DIGITS - 1),
            "1." + "0" * limits.MAX_NUMBER_DIGITS,
        ]
    )
    odd = st.lists(st.sampled_from(_PIECES), min_size=0, max_size=5).map("".join)
    return st.one_of(usual, usual, near_bound, odd)


def _per_item(items: list[str]) -> tuple | None:
    """What named_value's per-item loop makes of ``items``: the Decimals, else None."""
    try:
        made = [parse_decimal(t) for t in items]
    except LeanbridgeError:
        return None
    return None if any(d is None for d in made) else tuple(made)


def _lists() -> st.SearchStrategy[list[str]]:
    same = st.tuples(_item(), st.integers(1, 6)).map(lambda t: [t[0]] * t[1])
    return st.one_of(st.lists(_item(), min_size=1, max_size=6), same)


@settings(max_examples=3000, deadline=None)
@given(_lists())
def test_uniform_decimals_is_parse_decimal_item_by_item(items: list[str]) -> None:
    fast = uniform_decimals(items)
    if fast is None:
        return
    assert fast == _per_item(items)
    assert [d.text for d in fast] == items


@pytest.mark.parametrize(
    "items",
    [["20.7", "32.4", "-1.5"], ["1", "-0", "007"], ["19.10", "0.05"], ["5"] * 3],
)
def test_the_usual_lists_take_the_shortcut(items: list[str]) -> None:
    assert uniform_decimals(items) == _per_item(items) is not None


@pytest.mark.parametrize(
    "items",
    [["1.5", "2"], ["1,5"], ["1", "2,3"], ["1.5e3"], ["٣"], [" 1"], ["+1"], ["1_0"]],
)
def test_what_it_is_not_sure_of_goes_item_by_item(items: list[str]) -> None:
    assert uniform_decimals(items) is None


_TEXTS = st.lists(
    st.one_of(
        st.sampled_from(["", "1", "2.5", "±", "\ud800", "\udc00", "a" * 136, "a" * 137]),
        st.text(max_size=4),
        st.sampled_from([1, None, {}, [], b"1"]),
    ),
    max_size=5,
)


@settings(max_examples=2000, deadline=None)
@given(_TEXTS, st.sampled_from([0, 1, 136]))
def test_texts_is_text_item_by_item(values: list[object], limit: int) -> None:
    assert entries._texts(values, limit) == all(entries._text(v, limit) for v in values)
