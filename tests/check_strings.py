"""Random check texts for the differential tests (imported as `check_strings`: tests/ has
no packages): numeric expressions over given atoms and functions."""

from __future__ import annotations

from hypothesis import strategies as st


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
