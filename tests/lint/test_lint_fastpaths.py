"""The linter's shortcuts give exactly what the definitions they replace give.

(1) ``cached_generic_mutants`` yields the mutants of ``generic_mutants``, in order, each
    with whether it differs from the value, however its consumers interleave.
(2) ``_shape_only_count``: a check whose inputs are only counted (`len`) is not re-evaluated;
    ``insensitive_to`` with the shortcut returns the same (verdict, count) as without it,
    on random checks mixing `len` with other uses, lists with equal items, and scalars.
(3) LB006 shifts an input by half its printed unit in integers, once per named value.
(4) ``insensitive_to`` given the check's own verdict answers as without it.
(5) ``generic_mutants`` and ``_affine`` give what their former definitions gave.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leanbridge.lint import analysis, compiled
from leanbridge.semantics.numbers import Decimal, parse_decimal
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax.parser import parse_check

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

texts = st.sampled_from(["0", "0.0", "1.5", "-2.25", "7", "10.10", "3.333", "100"])
item_lists = st.lists(texts, min_size=1, max_size=5)


def _value(name: str, items: list[str], is_list: bool = True) -> NamedValue:
    return NamedValue(name, tuple(parse_decimal(t) for t in items), is_list, "s")  # type: ignore[misc]


@FAST
@given(st.lists(texts, min_size=1, max_size=6), st.booleans(), st.lists(st.integers(0, 14)))
def test_cached_mutants_equal_generic_mutants(items, is_list, reads):
    value = _value("a", items if is_list else items[:1], is_list)
    expected = [(m, m != value) for _, m in analysis.generic_mutants(value)]
    first = analysis.cached_generic_mutants(value)
    got_first = []
    for k in reads:  # a second consumer reads part of the list meanwhile
        second = analysis.cached_generic_mutants(value)
        assert list(zip(range(k), second, strict=False)) == list(enumerate(expected[:k]))
        nxt = next(first, None)
        if nxt is not None:
            got_first.append(nxt)
    got_first.extend(first)
    assert got_first == expected


CHECKS = [
    "len(a) == {n}",
    "len(a) == len(b)",
    "len(a) + len(b) > {n}",
    "len(a) == {n} and len(b) >= 1",
    "len(a, b) == {n}",
    "len(a) == {n} or mean(a) > 1",  # `a` used outside len: no shortcut
    "len(a) > 2 and x < 5",
    "len(a) ~= {n}",
    "len([a, 1]) == {n}",
    "len(a) - 1 == {n} - 1.0",
]


@FAST
@given(
    st.sampled_from(CHECKS),
    item_lists,
    item_lists,
    st.integers(0, 8),
)
def test_shape_only_shortcut_equals_mutation_test(check, a, b, n):
    env = {"a": _value("a", a), "b": _value("b", b), "x": _value("x", ["2.5"], False)}
    tree = parse_check(check.format(n=n))
    names = [name for name in ("a", "b", "x") if name in {*_names(tree)}]
    fast = analysis.insensitive_to(tree, env, names)
    saved = analysis._shape_only_count, analysis._varied_count
    analysis._shape_only_count = analysis._varied_count = lambda *args: None
    try:
        slow = analysis.insensitive_to(tree, env, names)
    finally:
        analysis._shape_only_count, analysis._varied_count = saved
    assert fast == slow, check
    # the compiled path's (tree, names) kept per compiled check: its shape half
    prepared = compiled.prepare(tree, env, tuple(tree.walk()))
    if prepared is not None:
        for some in (names, names[:1], names[1:], [*names, "x"]):
            if prepared[0].len_only:
                assert analysis._only_counted(tree.walk(), some), check
        assert prepared[0].len_only == analysis._only_counted(tree.walk(), names), check


def _names(tree):
    from leanbridge.syntax import ast

    return [n.id for n in tree.walk() if isinstance(n, ast.Name)]


def test_literals_in_the_order_written():
    tree = parse_check("(3 + a) * 2.5 == max(a, 7, 3) ± 1")
    shared = analysis._Shared(tree)
    assert analysis._literals(shared.nodes) == [3, Fraction(5, 2), 7, 1]
    assert analysis._literals(shared.nodes) == analysis._literals(tree.walk())


@FAST
@given(st.sampled_from(CHECKS), item_lists, st.integers(0, 8), st.booleans())
def test_targets_from_the_signatures_literals(check, a, n, scalar_b):
    """The compiled path's targets, from ``signature``'s literals, are ``_literals`` of
    the nodes and then the scalar inputs' values (as ``insensitive_general`` lists them)."""
    env = {
        "a": _value("a", a),
        "b": _value("b", a[:1], not scalar_b),
        "x": _value("x", ["2.5"], False),
    }
    tree = parse_check(check.replace("{n}", "{n} + 2.50 - {n} * 0.5").format(n=n))
    nodes = tuple(tree.walk())
    signed = compiled.signature(nodes, env)
    assert signed is not None
    names = list(signed[1])
    want = analysis._literals(nodes) + [env[k].scalar.value for k in names if not env[k].is_list]
    assert compiled._targets(signed[3], env, names) == want


def test_shortcut_is_taken():
    env = {"a": _value("a", ["1.5", "2.5", "4"])}
    tree = parse_check("len(a) == 3")
    assert analysis._shape_only_count(list(tree.walk()), env, ["a"], 1) == 14 + 3
    assert analysis.insensitive_to(tree, env, ["a"]) == (True, 17)


def test_shortcut_not_taken_where_a_skewed_mutant_may_equal_the_list():
    # items after the first all equal: a skewed mutant can equal such a list, and then it
    # is not a perturbation; the general path counts
    env = {"a": _value("a", ["-5000", "1000", "1000"])}
    tree = parse_check("len(a) == 3")
    assert analysis._shape_only_count(list(tree.walk()), env, ["a"], 1) is None
    assert analysis.insensitive_to(tree, env, ["a"]) == (True, 16)
    assert analysis.insensitive_general(tree, env, ["a"]) == (True, 16)


# --- (3) LB006's shifted inputs ------------------------------------------------------------


@FAST
@given(st.integers(-(10**12), 10**12), st.integers(-12, 12))
def test_shift_in_integers_equals_to_decimal(mantissa, exponent):
    from leanbridge.lint.analysis import to_decimal
    from leanbridge.lint.rules.lb006_precision import _shift
    from leanbridge.semantics.numbers import Decimal

    d = Decimal(mantissa, exponent, "unused")
    assert _shift(d) == to_decimal(d.value + d.unit / 2, d.exponent - 1)


def test_shifted_value_is_made_once():
    from leanbridge.lint.rules.lb006_precision import _shifted

    value = _value("a", ["1.5", "-2.25", "7"])
    assert _shifted(value) is _shifted(value)
    assert [d.text for d in _shifted(value).numbers] == ["1.55", "-2.245", "7.5"]


# --- (4) LB001 tries the first perturbation before re-evaluating the check ----------------

SHAPES = [
    "mean(a) ~= {t}",
    "sd(a) > {t}",
    "max(a) - min(a) >= {t}",
    "mean(a) > mean(b) or not mean(a) > mean(b)",
    "(mean(a) > mean(b) and max(a) >= median(b)) or not mean(a) > mean(b)",
    "len(a) == {n}",
    "x * 0 == 0",
    "x - x < {t}",
    "abs(x - y) ~= {t}",
    "sum(a) / x > {t}",
]


@FAST
@given(
    st.sampled_from(SHAPES),
    item_lists,
    item_lists,
    texts,
    st.sampled_from(["0", "1.5", "-3", "100.25"]),
    st.integers(0, 6),
)
def test_known_verdict_gives_the_same_answer(shape, a, b, x, t, n):
    from leanbridge.semantics.evaluate import evaluate

    env = {
        "a": _value("a", a),
        "b": _value("b", b),
        "x": _value("x", [x], False),
        "y": _value("y", ["2.5"], False),
    }
    tree = parse_check(shape.format(t=t, n=n))
    verdict = evaluate(tree, env).verdict
    names = list(dict.fromkeys(_names(tree)))
    assert analysis.insensitive_to(tree, env, names, verdict) == analysis.insensitive_to(
        tree, env, names
    ), shape


def test_value_memo_keeps_one_files_values():
    from leanbridge.semantics.value_memo import ValueMemo, forget_all

    memo: ValueMemo[list[int]] = ValueMemo()
    value = _value("a", ["1.5", "2"])
    made = memo.get(value, lambda: [1])
    assert memo.get(value, lambda: [2]) is made  # made once
    assert memo.get(value, lambda: [3], extra="other") == [3]  # per extra key
    forget_all()  # what lint_file does first
    assert memo.get(value, lambda: [4]) == [4]
    forget_all()
    assert memo._local.entries == {}  # nothing of the last file is kept alive


@FAST
@given(
    st.lists(texts, min_size=1, max_size=6),
    st.booleans(),
    st.lists(st.tuples(st.integers(0, 16), st.booleans()), max_size=12),
)
def test_nth_generic_mutant_is_the_item_iterate_yields(items, is_list, reads):
    """nth (with its lookup of a kept item inline) gives iterate's item at i, the same
    object, whatever was made before; None past the end."""
    from leanbridge.lint import mutants
    from leanbridge.semantics.value_memo import forget_all

    forget_all()
    value = _value("a", items if is_list else items[:1], is_list)
    memo = mutants if is_list else analysis
    iterate = mutants.exact_generic_mutants if is_list else analysis.cached_generic_mutants
    for i, first_iterate in reads:
        if first_iterate:
            expected = list(iterate(value))
        got = memo.nth_generic_mutant(value, i)
        if not first_iterate:
            expected = list(iterate(value))
        if i < len(expected):
            assert got is expected[i]
        else:
            assert got is None


@FAST
@given(
    st.lists(texts, min_size=1, max_size=6),
    st.booleans(),
    st.lists(st.booleans(), max_size=6),
)
def test_first_differing_is_the_first_mutant_iterate_yields_that_differs(items, is_list, reads):
    """compiled.first_differing (kept per value, looked up inline by the fast path) gives
    the same object as the first differing item of iterate, whether read before or after
    it, or None when no mutant differs."""
    from leanbridge.lint import compiled, mutants
    from leanbridge.semantics.value_memo import forget_all

    forget_all()
    value = _value("a", items if is_list else items[:1], is_list)
    iterate = mutants.exact_generic_mutants if is_list else analysis.cached_generic_mutants
    for kept in reads:
        if kept:  # what fast_insensitive_to reads
            hit = compiled._local.first.get(id(value))
            got = hit[1] if hit is not None and hit[0] is value else compiled.first_differing(value)
        else:
            got = compiled.first_differing(value)
        expected = next((m for m, differs in iterate(value) if differs), None)
        assert got is expected
    forget_all()
    assert compiled._local.first == {}


# --- (5) the generic mutants against their former definition -------------------------------


def _former_affine(value: NamedValue, a: Fraction, b: Fraction) -> NamedValue:
    """analysis._affine as it was (Fraction shifts, dataclasses.replace)."""
    an, ad = a.numerator, a.denominator
    numbers = []
    shifts: dict[int, Fraction] = {}
    exact = None
    for i, d in enumerate(value.numbers):
        e = d.exponent
        shift = shifts.get(e)
        if shift is None:
            shift = shifts[e] = b * Fraction(10) ** -e
        if e <= 0 and ad == 1 and shift.denominator == 1:
            mantissa = an * d.mantissa + shift.numerator
            numbers.append(Decimal(mantissa, e, analysis._decimal_text(mantissa, e)))
        else:
            if exact is None:
                exact = value.fractions()
            numbers.append(analysis.to_decimal(a * exact[i] + b, e))
    return dataclasses.replace(value, numbers=tuple(numbers))


def _former_generic_mutants(value: NamedValue):
    """analysis.generic_mutants as it was: the definition of the perturbations."""
    zero, one = Fraction(0), Fraction(1)
    yield f"x{analysis.SCALES[0]}", _former_affine(value, analysis.SCALES[0], zero)
    if value.is_list and len(value.numbers) > 2:
        for sign in (1, -1):
            head, rest = analysis.skewed_items(len(value.numbers), sign)
            others = _former_affine(value, zero, rest)
            yield (
                f"skewed {'low' if sign > 0 else 'high'}",
                dataclasses.replace(
                    value,
                    numbers=(_former_affine(value, zero, head).numbers[0], *others.numbers[1:]),
                ),
            )
    for k in analysis.SCALES[1:]:
        yield f"x{k}", _former_affine(value, k, zero)
    for s in analysis.SHIFTS:
        yield f"+{s}", _former_affine(value, one, s)
    yield "0", _former_affine(value, zero, zero)
    if value.is_list and len(value.numbers) > 1:
        first = _former_affine(value, one, Fraction(17))
        yield (
            "first item +17",
            dataclasses.replace(value, numbers=(first.numbers[0], *value.numbers[1:])),
        )
        yield (
            "last item +17",
            dataclasses.replace(value, numbers=(*value.numbers[:-1], first.numbers[-1])),
        )


wide_texts = st.sampled_from(
    ["0", "0.0", "1.5", "-2.25", "7", "10.10", "3.333", "100", "1e2", "2.5e3", "5e-3", "12%"]
)


@FAST
@given(
    st.lists(wide_texts, min_size=1, max_size=6),
    st.booleans(),
    st.lists(st.fractions(max_denominator=40).filter(lambda q: abs(q) < 10**4), max_size=3),
)
def test_generic_mutants_are_the_former_definition(items, is_list, targets):
    """The mutants (made with integer shifts and the fields' maker, named apart) are the
    former definition's, name for name and field for field; the differs flag is `!=`."""
    value = NamedValue(
        "a", tuple(parse_decimal(t) for t in (items if is_list else items[:1])), is_list, "s"
    )
    got = list(analysis.generic_mutants(value))
    want = list(_former_generic_mutants(value))
    assert [(k, m, type(m)) for k, m in got] == [(k, m, type(m)) for k, m in want]
    assert [(m.numbers, m.pos, m.origin) for _, m in got] == [
        (m.numbers, m.pos, m.origin) for _, m in want
    ]
    assert list(analysis._generic_with_differs(value)) == [(m, m != value) for _, m in want]
    for t in targets:
        for q in (t, t + abs(t) + 1, t - abs(t) - 1):
            assert analysis._affine(value, Fraction(0), q) == _former_affine(value, Fraction(0), q)
    for a, b in ((Fraction(1, 3), Fraction(0)), (Fraction(1), Fraction(-35, 2))):
        assert analysis._affine(value, a, b) == _former_affine(value, a, b)


def test_with_numbers_is_replace():
    """The fields' maker takes NamedValue's fields in _with_numbers' order."""
    assert [f.name for f in dataclasses.fields(NamedValue)] == [
        "name",
        "numbers",
        "is_list",
        "source",
        "origin",
        "pos",
    ]
    value = NamedValue("a", (parse_decimal("1.5"),), False, "s", "data", None)
    numbers = (parse_decimal("2"),)
    made = analysis._with_numbers(value, numbers)
    assert made == dataclasses.replace(value, numbers=numbers)
    assert type(made) is NamedValue
