"""Random check texts for the differential tests (imported as `check_strings`: tests/ has
no packages): numeric expressions over given atoms and functions, checks joined by
connectives, and the named values they read."""

from __future__ import annotations

from hypothesis import strategies as st

from leanbridge.semantics.numbers import parse_decimal
from leanbridge.semantics.values import NamedValue


def expressions(
    atoms: st.SearchStrategy[str], funcs: list[str], depth: int
) -> st.SearchStrategy[str]:
    """Expressions nested up to ``depth``: atoms, the binary operators, calls of ``funcs``
    with up to three arguments, lists of up to three items, and negations."""
    if depth == 0:
        return atoms
    sub = expressions(atoms, funcs, depth - 1)
    return st.one_of(
        atoms,
        st.tuples(sub, st.sampled_from(["+", "-", "*", "/", "^"]), sub).map(" ".join),
        st.tuples(st.sampled_from(funcs), st.lists(sub, min_size=0, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        st.lists(sub, min_size=0, max_size=3).map(lambda xs: f"[{', '.join(xs)}]"),
        sub.map(lambda s: f"-({s})"),
        sub.map(lambda s: f"-{s}"),
    )


def with_connectives(
    cmp: st.SearchStrategy[str], sub: st.SearchStrategy[str]
) -> st.SearchStrategy[str]:
    """``cmp``, or ``sub`` joined by `and`/`or` or negated (``sub``: one level less deep)."""
    return st.one_of(
        cmp,
        st.tuples(sub, st.sampled_from(["and", "or"]), sub).map(
            lambda t: f"({t[0]}) {t[1]} ({t[2]})"
        ),
        sub.map(lambda s: f"not ({s})"),
    )


def named_env(lists: list[list[str]], scalars: list[str]) -> dict[str, NamedValue]:
    """Fresh NamedValues ``l0, l1, ...`` and ``s0, s1, ...`` (so that the evaluator's memos
    start empty for them)."""
    env: dict[str, NamedValue] = {}
    for i, texts in enumerate(lists):
        numbers = tuple(parse_decimal(t) for t in texts)
        env[f"l{i}"] = NamedValue(f"l{i}", numbers, True, None)  # type: ignore[arg-type]
    for i, text in enumerate(scalars):
        env[f"s{i}"] = NamedValue(f"s{i}", (parse_decimal(text),), False, None)  # type: ignore[arg-type]
    return env
