"""`well_typed` (the type check's fast path) against TypeChecker, the definition.

On random checks, well- and ill-typed (unknown names and functions, lists and comparisons
where numbers go, wrong arities, `round` digits, `~=` targets, `^`, statistics tests):
whenever `well_typed` answers a type, TypeChecker gives that type without raising, and
`check_types` raises exactly what TypeChecker raises.  It must also answer for the usual
well-typed check, or it would be no shortcut.
"""

from __future__ import annotations

from check_strings import expressions, with_connectives
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leanbridge.errors import LeanbridgeError
from leanbridge.semantics.numbers import parse_decimal
from leanbridge.semantics.typecheck import TypeChecker, check_types, well_typed
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax.parser import parse_check

NAMES = ["a", "b", "xs", "ys", "q"]
FUNCS = [
    "mean", "sum", "min", "max", "median", "len", "var", "pvar", "sd", "psd", "abs", "sqrt",
    "round", "pct_change", "grim", "nope",
]  # fmt: skip
numbers = st.sampled_from(["0", "1", "2", "3", "8.70", "70.1", "5%", "1.5", "12", "0.5"])
atoms = st.one_of(numbers, st.sampled_from(NAMES))


def _expr(depth: int) -> st.SearchStrategy[str]:
    return expressions(atoms, FUNCS, depth)


def _bool(depth: int) -> st.SearchStrategy[str]:
    cmp = st.one_of(
        st.tuples(_expr(2), st.sampled_from(["==", "<", ">=", "!=", "~="]), _expr(2)).map(" ".join),
        st.tuples(_expr(2), _expr(1), st.sampled_from(["5%", "0.1"])).map(
            lambda t: f"{t[0]} == {t[1]} ± {t[2]}"
        ),
        _expr(2),  # a bare number or list where a comparison goes
    )
    if depth == 0:
        return cmp
    return with_connectives(cmp, _bool(depth - 1))


envs = st.dictionaries(st.sampled_from(NAMES), st.booleans(), max_size=5).map(
    lambda shapes: {
        name: NamedValue(
            name,
            tuple(parse_decimal(t) for t in (["1.5", "2.25"] if is_list else ["3.1"])),  # type: ignore[misc]
            is_list,
            None,
            "paper",
            None,
        )
        for name, is_list in shapes.items()
    }
)


def _general(tree, env) -> tuple[str, object]:
    try:
        return "type", TypeChecker(env).visit(tree)
    except LeanbridgeError as e:
        return "error", (e.message, e.span)


def _checked(fn, tree, env) -> object:
    try:
        fn(tree, env)
        return None
    except LeanbridgeError as e:
        return (e.message, e.span)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_bool(2), envs)
def test_well_typed_agrees_with_the_type_checker(text: str, env: dict) -> None:
    try:
        tree = parse_check(text)
    except LeanbridgeError:
        return
    fast = well_typed(tree, env)
    kind, general = _general(tree, env)
    if fast is not None:
        assert (kind, general) == ("type", fast)
    assert _checked(check_types, tree, env) == _checked(
        lambda t, e: TypeChecker(e).check(t), tree, env
    )


def test_the_usual_checks_take_the_fast_path() -> None:
    env = {
        "a": NamedValue("a", (parse_decimal("3.1"),), False, None, "paper", None),  # type: ignore[arg-type]
        "xs": NamedValue(
            "xs", (parse_decimal("1.5"), parse_decimal("2")), True, None, "paper", None
        ),  # type: ignore[arg-type]
    }
    for text in [
        "mean(xs) ~= 1.75",
        "sd(xs) == a ± 5%",
        "round(mean(xs), 1) >= -a",
        "not (max(xs, a) > 2) or pct_change(a, min(xs)) < 100",
        "sqrt(abs(a - 1)) * 2 / len([1, 2, a]) != 0",
    ]:
        assert well_typed(parse_check(text), env) == "bool", text
    assert well_typed(parse_check("mean(ys) ~= 1"), env) is None  # unknown name: general
    assert well_typed(parse_check("a ^ 2 > 1"), env) is None  # `^`: general
