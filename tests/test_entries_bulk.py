"""entries.claims_of (a file's claims validated field by field over the whole list)
against entries.claim_of item by item, on random lists of claims and on valid lists
with one field of one item changed to a value near a bound or choice."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leanbridge.claims import entries
from leanbridge.claims.model import Claim
from tests.test_entries_fast import CANDIDATES, CLAIM_KEYS, VALID, _claims


def _one_changed(t: tuple[list[int], str, object]) -> list[object]:
    ks, key, value = t
    base = VALID[Claim]
    changed = {k: v for k, v in base.items() if k != key} if value is None else {**base, key: value}
    return [changed if k == 0 else {**base, "id": f"c{k}"} for k in ks]


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.lists(_claims(), max_size=4),
        st.tuples(
            st.lists(st.sampled_from([0, 1, 2]), min_size=1, max_size=4),
            st.sampled_from(CLAIM_KEYS),
            st.one_of(st.none(), st.sampled_from(CANDIDATES)),
        ).map(_one_changed),
    )
)
def test_claims_of_is_claim_of_item_by_item(items: list[object]) -> None:
    one_by_one = [entries.claim_of(item) for item in items]
    bulk = entries.claims_of(items)
    if None in one_by_one:
        assert bulk is None
    else:
        assert bulk is not None
        assert [c._fields() for c in bulk] == [c._fields() for c in one_by_one]


def test_the_usual_list_is_taken_whole() -> None:
    items = [{"id": f"c{k}", "check": "x == 1"} for k in range(3)] + [
        {"id": "d", "check": "y ± 2", "expect": "fails"}
    ]
    bulk = entries.claims_of(items)
    assert bulk is not None and [c.id for c in bulk] == ["c0", "c1", "c2", "d"]
    assert bulk[3].expect == "fails" and bulk[0].inputs == "exact"
