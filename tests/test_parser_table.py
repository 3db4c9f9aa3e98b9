"""The shipped LALR table (syntax/claim_table.json) is lark's own for claim.lark.

If a test here fails after claim.lark, lark or Python changed, write the table again (under
the Python and lark to be used: it records that the driver passed its self-check there):

    python -c "from leanbridge.syntax import parser as P; \
open(P.__file__.replace('parser.py', P.TABLE_FILE), 'w').write(P.serialized_table(P._grammar()))"
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lark import UnexpectedInput
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
