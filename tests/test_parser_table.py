"""The shipped LALR table (syntax/claim_table.json) is lark's own for claim.lark, and the
driver's record (syntax/claim_driver.json) is what the driver reads of lark's parser.

If a test here fails after claim.lark, lark or Python changed, write both again (under
the Python and lark to be used: they record that the driver passed its self-check there):

    python -c "from leanbridge.syntax import parser as P; P.write_data_files()"
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lark import Lark, Tree, UnexpectedInput
from test_parser_driver import texts

from leanbridge.syntax import parser as P

TABLE = Path(P.__file__).with_name(P.TABLE_FILE)


def _rule(rule) -> str:  # type: ignore[no-untyped-def]
    """A rule by value (a built grammar names symbols by lark Tokens, a loaded one by str)."""
    expansion = [(type(s).__name__, str(s.name)) for s in rule.expansion]
    alias = None if rule.alias is None else str(rule.alias)
    return f"{rule.origin.name!s} -> {expansion} {alias!r} {rule.order} {rule.options!r}"


def canonical(lark_parser) -> tuple:  # type: ignore[no-untyped-def]
    """The parser up to the numbering of its states, which lark draws anew on each build
    (its analysis iterates over sets): states renumbered in breadth-first order from the
    start state, following actions in the order of their symbols."""
    table = lark_parser.parser.parser.parser.parse_table
    start, end = table.start_states["start"], table.end_states["start"]
    number = {start: 0}
    queue, states = [start], []
    while queue:
        state = queue.pop(0)
        row = []
        for symbol, (action, arg) in sorted(table.states[state].items()):
            if str(action) == "Shift":
                if arg not in number:
                    number[arg] = len(number)
                    queue.append(arg)
                row.append((symbol, "shift", number[arg]))
            else:
                row.append((symbol, "reduce", _rule(arg)))
        states.append(tuple(row))
    terminals = sorted(
        (t.name, repr(t.pattern), t.priority) for t in lark_parser.terminals
    )  # fmt: skip
    rules = sorted(_rule(r) for r in lark_parser.rules)
    assert len(number) == len(table.states)  # every state is reachable
    return (tuple(states), number[end], tuple(terminals), tuple(rules))


def test_the_shipped_table_is_claim_lark_s() -> None:
    fresh = P._lark_from_grammar(P._grammar())
    assert canonical(P._lark()) == canonical(fresh), (
        "claim_table.json is stale: see this file's docstring"
    )


def test_the_table_decodes_to_what_lark_serialized() -> None:
    table = P._shipped_table(P._grammar())
    assert table is not None
    # _encode tags every type, so equal encodings are equal values of equal types
    shipped = json.loads(TABLE.read_text("utf-8"))["table"]
    assert json.dumps(P._encode(table), sort_keys=True) == json.dumps(shipped, sort_keys=True)


def test_the_parser_in_use_is_loaded_from_the_table() -> None:
    assert P._lark().source_path == "<deserialized>"


def test_a_table_for_another_grammar_or_unreadable_is_not_used(monkeypatch) -> None:
    assert P._shipped_table(P._grammar() + "\n// changed\n") is None
    monkeypatch.setattr(P, "TABLE_FILE", "no_such_table.json")
    assert P._shipped_table(P._grammar()) is None
    with pytest.raises(ValueError, match="unknown tag"):
        P._decode({"x": []})


_FROM_GRAMMAR = P._lark_from_grammar(P._grammar())


def _outcome(lark_parser, text: str) -> object:  # type: ignore[no-untyped-def]
    P._pending.error = None
    try:
        return repr(P._node(lark_parser.parse(text)))
    except UnexpectedInput as e:
        token = getattr(e, "token", None)
        accepts = sorted(getattr(e, "accepts", None) or ())
        return (type(e).__name__, e.pos_in_stream, str(token), accepts)
    finally:
        P._pending.error = None


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_the_loaded_parser_parses_as_the_grammar_built_one(text: str) -> None:
    assert _outcome(P._lark(), text) == _outcome(_FROM_GRAMMAR, text)


# --- the driver's record (claim_driver.json) --------------------------------------------------


def test_the_driver_record_is_what_the_driver_reads_of_the_table() -> None:
    # The two files come from one analysis of the grammar (see P.write_data_files).
    record = json.loads(json.dumps(P.driver_record(P._Driver(P._lark()))))
    assert P._on_record() == record, "claim_driver.json is stale: see this file's docstring"


def test_the_driver_in_use_is_made_from_its_record() -> None:
    driver = P._driver()
    assert driver is not None
    rules = [a[3] for acts in driver.states.values() for a in acts.values() if a.__class__ is tuple]
    assert rules and all(isinstance(rule, P._RecordedRule) for rule in rules)


def test_the_recorded_driver_is_the_driver_made_from_lark() -> None:
    record = P._on_record()
    assert record is not None
    made, recorded = P._Driver(P._lark()), P._Driver.recorded(record)
    for attr in ("start", "end", "ignore", "terminals", "keywords"):
        assert getattr(made, attr) == getattr(recorded, attr), attr
    for attr in ("regex", "piece_re", "skip"):
        assert getattr(made, attr).pattern == getattr(recorded, attr).pattern, attr

    def action(a: object) -> object:  # a reduction by its size, result and shape
        return a if a.__class__ is not tuple else (a[0], a[2], P._shape(a[3]))  # type: ignore[index]

    assert {s: {k: action(a) for k, a in acts.items()} for s, acts in made.states.items()} == {
        s: {k: action(a) for k, a in acts.items()} for s, acts in recorded.states.items()
    }


class _Echo:
    """A transformer whose methods (_Build's names) hand back what they were given."""

    def __getattribute__(self, name: str) -> object:
        if name.startswith("__") or not hasattr(P._Build, name):
            return object.__getattribute__(self, name)
        return lambda children: (name, list(children))


def _plain(x: object) -> object:
    if isinstance(x, Tree | P._Inlined):
        return ("tree", str(x.data), _plain(x.children))
    if isinstance(x, list | tuple):
        return [_plain(v) for v in x]
    return x


def test_each_recorded_callback_is_lark_s() -> None:
    """Every rule's callback made from its record, against lark's own for that rule (through
    a transformer that hands back its children), on distinct children: the same kept,
    dropped, taken-in and None-filled children, in the same order."""
    table = P._shipped_table(P._grammar())
    assert table is not None
    lark = Lark._load_from_dict(table["data"], table["memo"], transformer=_Echo())
    callbacks = lark.parser.parser.parser.callbacks  # type: ignore[union-attr]
    assert len(callbacks) == len(lark.rules) > 30
    for rule, theirs in callbacks.items():
        ours = P._callback(P._rule_record(rule), _Echo())

        def children(rule: object = rule) -> list:  # fresh: a taken-in list may be extended
            return [
                Tree("_in", [f"{i}a", f"{i}b"])
                if not sym.is_term and str(sym.name).startswith("_")
                else f"{i}"
                for i, sym in enumerate(rule.expansion)  # type: ignore[attr-defined]
            ]

        assert _plain(ours(children())) == _plain(theirs(children())), rule
        if len(rule.expansion) == 1:  # a single child: passed through or built on
            assert _plain(ours(["x"])) == _plain(theirs(["x"])), rule
