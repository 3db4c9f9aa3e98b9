"""The fast validation of claim-file entries (claims/entries.py) against the pydantic models.

Whatever the fast path accepts, the model accepts with the same fields; what it leaves
(None) goes to the model.  Random entries are built near every bound and choice.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from leanbridge import limits
from leanbridge.claims import entries
from leanbridge.claims.model import Claim, ClaimFile, Paper, ValueSpec


def _sized(limit: int) -> st.SearchStrategy[str]:
    """Strings of lengths around ``limit``, some with non-ASCII or a lone surrogate."""
    lengths = st.sampled_from([0, 1, limit - 1, limit, limit + 1])
    chars = st.sampled_from(["a", "±", "\ud800", "Z", "_", "1"])
    return st.tuples(lengths, chars, st.sampled_from(["a", "±", "\ud800"])).map(
        lambda t: (t[1] * t[0])[:-1] + t[2] if t[0] else ""
    )


WORDS = st.sampled_from(
    ["holds", "fails", "exact", "rounded", "numeric", "reproduction", "Holds", "", "x"]
)
IDS = st.one_of(
    st.sampled_from(["a", "c0001", "x_1", "A", "1a", "a-b", "a\n", "é", "a" * 64, "a" * 65]),
    st.text(alphabet="az_09A-\n", max_size=8),
)
ANY_VALUE = st.one_of(
    WORDS,
    IDS,
    _sized(limits.MAX_NUMBER_DIGITS + 16),
    st.lists(st.sampled_from(["1", "2.5", {}]), max_size=3),
    st.just({"ignore": ["LB001"]}),
    st.just({}),
)
CLAIM_KEYS = ["id", "text", "source", "check", "expect", "evidence", "inputs", "lint", "other"]


def _claims() -> st.SearchStrategy[object]:
    field_values = {
        "id": IDS,
        "text": st.one_of(_sized(entries.MAX_TEXT_LENGTH), ANY_VALUE),
        "source": st.one_of(_sized(entries.MAX_TEXT_LENGTH), ANY_VALUE),
        "check": st.one_of(_sized(limits.MAX_CHECK_CHARS), st.just("x == 1"), ANY_VALUE),
        "expect": st.one_of(WORDS, ANY_VALUE),
        "evidence": st.one_of(
            st.sampled_from(
                ["arithmetic-identity", "internal-consistency", "reproduction", "numeric"]
            ),
            ANY_VALUE,
        ),
        "inputs": st.one_of(WORDS, ANY_VALUE),
        "lint": ANY_VALUE,
        "other": ANY_VALUE,
    }
    required = {k: field_values.pop(k) for k in ("id", "check")}
    with_both = st.fixed_dictionaries(required, optional=field_values)
    any_keys = st.fixed_dictionaries({}, optional={**required, **field_values})
    return st.one_of(with_both, any_keys, st.just("c1"), st.lists(IDS, max_size=2))


def _near(limit: int) -> list[str]:
    return [c * n for n in (limit - 1, limit, limit + 1) for c in ("a", "±")] + [
        "a" * (limit - 1) + "\ud800"
    ]


# Every value tried in every field of a valid entry: the boundary, one field at a time.
CANDIDATES = [
    *["holds", "fails", "exact", "rounded", "Holds", "", "x", "None", "null"],
    *["arithmetic-identity", "internal-consistency", "reproduction", "numeric"],
    *["a", "c1", "A", "1a", "a-b", "a\n", "é", "a" * 64, "a" * 65, "a\ud800"],
    *_near(entries.MAX_TEXT_LENGTH),
    *_near(limits.MAX_CHECK_CHARS),
    *_near(limits.MAX_NUMBER_DIGITS + 16),
    *[[], ["1"], ["1", "2"], ["1", {}], ["1" * (limits.MAX_NUMBER_DIGITS + 17)], {}],
    *[{"ignore": ["LB001"]}, {"file": "a.csv", "sha256": "0" * 64}, None],
]
VALID = {
    Claim: {
        "id": "c1",
        "check": "x == 1",
        "text": "t",
        "source": "s",
        "expect": "holds",
        "evidence": "numeric",
        "inputs": "rounded",
    },
    Paper: {"title": "t", "doi": "d", "url": "u"},
    ValueSpec: {"value": "1.5", "source": "s"},
}
FAST = {
    Claim: (entries.claim_of, entries.claim_from_model),
    Paper: (entries.paper_of, entries.paper_from_model),
    ValueSpec: (entries.value_spec_of, entries.value_spec_from_model),
}


@pytest.mark.parametrize("model", [Claim, Paper, ValueSpec], ids=lambda m: m.__name__)
def test_each_field_at_its_boundaries(model: type) -> None:
    fast, from_model = FAST[model]
    valid = VALID[model]
    items: list[object] = [valid]
    for key in [*valid, "lint", "data", "value", "other"]:
        items.append({k: v for k, v in valid.items() if k != key})
        items += [{**valid, key: value} for value in CANDIDATES]
    accepted = 0
    for item in items:
        got = fast(item)
        if got is not None:
            accepted += 1
            want = _model_result(model, item)
            assert want is not None, item
            assert got == from_model(want), item
    assert accepted > len(items) // 10  # the fast path does take the usual entries


def _model_result(model: type, item: object) -> object:
    try:
        return model.model_validate(item)
    except ValidationError:
        return None


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_claims())
def test_a_claim_the_fast_path_accepts_is_the_models(item: object) -> None:
    fast = entries.claim_of(item)
    if fast is None:
        return
    model = _model_result(Claim, item)
    assert model is not None, item
    assert fast == entries.claim_from_model(model)
    assert fast._fields() == (*tuple(model.model_dump().values())[:7], None)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.fixed_dictionaries(
            {},
            optional={
                "title": st.one_of(_sized(entries.MAX_TEXT_LENGTH), ANY_VALUE),
                "doi": ANY_VALUE,
                "url": st.one_of(_sized(entries.MAX_TEXT_LENGTH), ANY_VALUE),
                "year": ANY_VALUE,
            },
        ),
        ANY_VALUE,
    )
)
def test_a_paper_the_fast_path_accepts_is_the_models(item: object) -> None:
    fast = entries.paper_of(item)
    if fast is None:
        return
    model = _model_result(Paper, item)
    assert model is not None, item
    assert fast == entries.paper_from_model(model)


@settings(max_examples=1200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.fixed_dictionaries(
            {},
            optional={
                "value": st.one_of(
                    _sized(limits.MAX_NUMBER_DIGITS + 16),
                    st.lists(_sized(limits.MAX_NUMBER_DIGITS + 16), max_size=3),
                    ANY_VALUE,
                ),
                "source": st.one_of(_sized(entries.MAX_TEXT_LENGTH), ANY_VALUE),
                "data": st.one_of(st.just({"file": "a.csv", "sha256": "0" * 64}), ANY_VALUE),
                "other": ANY_VALUE,
            },
        ),
        ANY_VALUE,
    )
)
def test_a_value_spec_the_fast_path_accepts_is_the_models(item: object) -> None:
    fast = entries.value_spec_of(item)
    if fast is None:
        return
    model = _model_result(ValueSpec, item)
    assert model is not None, item
    assert fast == entries.value_spec_from_model(model)


@pytest.mark.parametrize(
    ("fast", "item"),
    [
        (entries.claim_of, {"id": "c0001", "check": "mean(x) ~= 1.5 ± 5%"}),
        (
            entries.claim_of,
            {
                "id": "a",
                "check": "x == 1",
                "text": "t",
                "source": "s",
                "expect": "fails",
                "evidence": "numeric",
                "inputs": "rounded",
            },
        ),
        (entries.paper_of, {"title": "Synthetic paper 0"}),
        (entries.value_spec_of, {"value": "4.7", "source": "Table 0"}),
        (entries.value_spec_of, {"value": ["1", "2.50"]}),
    ],
)
def test_the_usual_entries_take_the_fast_path(fast, item: dict) -> None:
    model = {entries.claim_of: Claim, entries.paper_of: Paper}.get(fast, ValueSpec)
    got = fast(item)
    assert got is not None
    assert got == {
        entries.claim_of: entries.claim_from_model,
        entries.paper_of: entries.paper_from_model,
    }.get(fast, entries.value_spec_from_model)(model.model_validate(item))


def test_the_file_keys_are_the_models() -> None:
    assert tuple(ClaimFile.model_fields) == entries.FILE_KEYS


def test_the_loader_gives_plain_entries_either_way() -> None:
    from leanbridge.claims.loader import load_claim_text

    text = (
        "leanbridge: 1\npaper: {title: T}\nvalues:\n  x: {value: '1', source: s}\n"
        "claims:\n  - {id: a, check: x == 1}\n  - {id: b, check: x == 1, lint: {ignore: [LB008]}}\n"
    )
    loaded = load_claim_text("f.yaml", text)
    assert not loaded.diagnostics
    a, b = (c.claim for c in loaded.claims)
    assert a == entries.ClaimEntry("a", "x == 1")
    assert b.lint is not None and b.lint.ignore == ["LB008"]  # through the model
    assert loaded.paper == entries.PaperEntry("T")
    assert loaded.value_specs["x"] == entries.ValueSpecEntry("1", None, "s")
