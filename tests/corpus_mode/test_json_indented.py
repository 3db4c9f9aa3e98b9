"""The streamed JSON reports' encoder writes what ``json.dumps(indent=2)`` writes.

``stream.indented(value, pad)`` is ``json.dumps(value, indent=2, ensure_ascii=False)``
with every line break followed by ``pad``'s indentation, for any JSON value: strings of
any characters (lone surrogates too), integers of any size, floats, booleans, None, lists,
tuples, dicts with keys of any JSON-encodable type.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leanbridge.formats import stream

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(2**200), 2**200),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.text(alphabet=st.characters(blacklist_categories=())),  # surrogates, controls
)
keys = st.one_of(st.text(max_size=5), st.integers(-5, 5), st.booleans(), st.none(), st.floats())
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=5), inner, max_size=4),
        st.dictionaries(keys, inner, max_size=3),
    ),
    max_leaves=25,
)


@SETTINGS
@given(values, st.integers(0, 4))
def test_indented_is_json_dumps(value: object, level: int) -> None:
    pad = "\n" + "  " * level
    want = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", pad)
    assert stream.indented(value, pad) == want


def test_json_list_items_as_json_dumps() -> None:
    items = [{"a": [1, {"b": None}], "c": "x\ny"}, [], {}, "s", 1.5, [True, False]]
    spool = stream.JsonList(1)
    for item in items:
        spool.add(item)
    doc = {"version": 1, "items": spool}
    out: list[str] = []

    class Out:
        def write(self, text: str) -> None:
            out.append(text)

    stream.write_json(Out(), doc)
    assert "".join(out) == json.dumps({"version": 1, "items": items}, indent=2) + "\n"
