"""LB001's compiled path gives exactly what the general mutation test gives.

(1) ``exact_generic_mutants`` / ``exact_targeted_mutants``: each mutant is the ExactList the
    evaluator makes of the printed mutant (same integers, same denominator), with the same
    ``mutant != value``.
(2) ``insensitive_to`` through the compiled check answers as ``insensitive_general`` (the
    evaluator on printed mutants), with and without the check's own verdict, on random
    checks over random lists and scalars: the same (verdict, decided count).
(3) Where the compiled path does not apply (work on large numbers, statistics tests) it
    gives up and the general path answers.
"""

from __future__ import annotations

import dataclasses
import math
import re
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leanbridge import limits
from leanbridge.lint import analysis, compiled, mutants
from leanbridge.semantics import reals
from leanbridge.semantics.evaluate import evaluate
from leanbridge.semantics.exact_list import ExactList
from leanbridge.semantics.numbers import Decimal, parse_decimal
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast
from leanbridge.syntax.parser import parse_check

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

texts = st.sampled_from(
    [
        "0",
        "0.0",
        "-0.0",
        "0.00",
        "1.5",
        "-2.25",
        "7",
        "10.10",
        "3.333",
        "100",
        "1e2",
        "2.5e1",
        "-1.5e-3",
        "5%",
        "12",
        "+3",
        "0.1",
        "-17.5",
        "33",
    ]
)
item_lists = st.lists(texts, min_size=1, max_size=6)


def _value(name: str, items: list[str], is_list: bool = True) -> NamedValue:
    return NamedValue(name, tuple(parse_decimal(t) for t in items), is_list, "s")  # type: ignore[misc]


def _same_exact(got: ExactList, printed: NamedValue) -> None:
    want = ExactList.of_decimals(printed.numbers)
    assert list(got.numerators) == list(want.numerators)
    assert got.denominator == want.denominator


@FAST
@given(item_lists, st.lists(st.sampled_from([0, 1, -3, Fraction(7, 2), Fraction(-1, 3)])))
def test_exact_mutants_equal_printed_mutants(items, targets):
    value = _value("a", items)
    expected = [(m, m != value) for _, m in analysis.generic_mutants(value)]
    got = list(mutants.exact_generic_mutants(value))
    assert len(got) == len(expected)
    for (exact, differs), (printed, printed_differs) in zip(got, expected, strict=True):
        _same_exact(exact, printed)
        assert differs == printed_differs
    targets = [Fraction(t) for t in targets]
    expected_t = [(m, m != value) for _, m in analysis.targeted_mutants(value, targets)]
    got_t = list(mutants.exact_targeted_mutants(value, targets))
    assert len(got_t) == len(expected_t)
    for (exact, differs), (printed, printed_differs) in zip(got_t, expected_t, strict=True):
        _same_exact(exact, printed)
        assert differs == printed_differs


@FAST
@given(st.integers(-(10**9), 10**9), st.integers(1, 10**6), st.integers(-9, 9))
def test_to_pair_is_to_decimal(p, q, exponent):
    d = analysis.to_decimal(Fraction(p, q), exponent)
    assert mutants.to_pair(p, q, exponent) == (d.mantissa, d.exponent)
    assert mutants.to_pair(3 * p, 3 * q, exponent) == (d.mantissa, d.exponent)  # not reduced


@FAST
@given(
    st.lists(st.integers(-(10**400), 10**400) | st.integers(-999, 999), min_size=1, max_size=8),
    st.sampled_from([1, 10, 1000, 10**300]),
)
def test_mean_at_once_is_the_mean(numerators, denominator):
    from leanbridge.semantics.functions import FUNCTIONS

    x = ExactList(numerators, denominator)
    got = compiled._mean_at_once(x)
    if got is not None:  # below the checked size: exactly what _mean gives, for free
        reals.start_work()
        assert got == FUNCTIONS["mean"].impl(ExactList(numerators, denominator), 64)
        assert (got.numerator, got.denominator) == (x.mean.numerator, x.mean.denominator)
        assert reals.work_left() == limits.MAX_EVAL_WORK


CHECKS = [
    "(mean(a) > mean(b) and max(a) >= median(b)) or not mean(a) > mean(b)",
    "mean(a) > mean(b) or not mean(a) > mean(b)",
    "mean(a) > mean(b) and mean(a) > mean(b)",
    "mean(a) ~= {t}",
    "mean(a) ~= -{t}",
    "mean(a) ~= x",
    "sum(a) ~= -x",
    "sd(a) > {t}",
    "psd(a) < {t} + {t}",
    "sqrt(pvar(a)) ~= {t}",
    "var(a) ~= {t}",
    "max(a) - min(a) >= {t}",
    "max(a) - min(a) >= max(a) - min(a)",
    "median(a) <= max(a)",
    # two aggregates of named lists compared in one closure (Root and exact values)
    "sd(a) > sd(b)",
    "psd(a) <= mean(b) or min(a) == max(b)",
    "sum(a) != median(b)",
    "round(mean(a), 1) == {t}",
    "mean(a, b) == {t} +/- 0.5",
    "mean(a) == {t} ± 5%",
    "sd(a) == sd(a) ± 1%",
    "sd(a) == {t} ± 0.5",
    "{t} <= psd(a) or sqrt(x) == -{t}",
    "pct_change(x, y) ~= {t}",
    "abs(x - y) ~= {t}",
    "sum(a) / x > {t}",
    "x / y == x / y",
    "x * 0 == 0",
    "x - x < {t}",
    "x == x ± 5%",
    "len(a) == {n}",
    "len(a) == {n} or mean(a) > 1",
    "mean([x, y, 1]) > x",
    "min(a, x) < max(b, y)",
    "sqrt(x) > {t}",
    "-mean(a) < {t} and not x > y",
    "x ^ 2 >= 0",
    "grim(x, 10)",
]


@FAST
@given(
    st.sampled_from(CHECKS),
    item_lists,
    item_lists,
    texts,
    texts,
    st.sampled_from(["0", "1.5", "-3", "100.25", "7"]),
    st.integers(0, 6),
    st.booleans(),
)
def test_compiled_equals_general(check, a, b, x, y, t, n, rename):
    env = {
        "a": _value("a", a),
        "b": _value("b", b),
        "x": _value("x", [x], False),
        "y": _value("y", [y], False),
    }
    if rename:  # the same signature with other names, compiled once for both
        env = {f"{k}{k}": dataclasses.replace(v, name=f"{k}{k}") for k, v in env.items()}
        check = re.sub(r"\b([abxy])\b", r"\1\1", check)
    tree = parse_check(check.format(t=t, n=n))
    names = list(dict.fromkeys(n.id for n in tree.walk() if isinstance(n, ast.Name)))
    verdict = evaluate(tree, env).verdict
    if "x" not in names and "xx" not in names:
        names.append("xx" if rename else "x")  # an input the check does not read
    for known in (None, verdict):
        general = analysis.insensitive_general(tree, env, names, known)
        fast = compiled.fast_insensitive_to(tree, env, names, known, tuple(tree.walk()))
        assert fast is None or fast == general, check
        assert analysis.insensitive_to(tree, env, names, known) == general, check


def test_compiled_path_is_taken():
    env = {
        "a": _value("a", ["1.5", "2", "3.25"]),
        "b": _value("b", ["1", "-2.5", "4"]),
        "x": _value("x", ["2.5"], False),
        "y": _value("y", ["-1"], False),
    }
    taken = 0
    for check in CHECKS:
        tree = parse_check(check.format(t="1.5", n=3))
        names = list(dict.fromkeys(n.id for n in tree.walk() if isinstance(n, ast.Name)))
        fast = compiled.fast_insensitive_to(tree, env, names, None, tuple(tree.walk()))
        if fast is not None:
            taken += 1
            assert fast == analysis.insensitive_general(tree, env, names), check
    assert taken >= len(CHECKS) - 2  # all but `^` and `grim`


def test_compiled_path_is_taken_for_the_tautology():
    # max(a) >= mean(a) > mean(b): true whatever the lists
    env = {"a": _value("a", ["1.5", "2", "3.25"]), "b": _value("b", ["1", "-2.5", "4"])}
    tree = parse_check("(mean(a) > mean(b) and max(a) >= mean(b)) or not mean(a) > mean(b)")
    nodes = tuple(tree.walk())
    fast = compiled.fast_insensitive_to(tree, env, ["a", "b"], "holds", nodes)
    # 14 generic mutants of each list, then the 14 pairs of them
    assert fast == analysis.insensitive_general(tree, env, ["a", "b"], "holds") == (True, 42)


def test_a_skewed_list_shows_the_median_is_not_the_mean():
    # Not a tautology (a = [5, 5], b = [0, 6, 6] makes it fail), though no scaling or shift
    # of either list shows it: only the skewed mutants move b's median away from its mean.
    env = {"a": _value("a", ["1.5", "2", "3.25"]), "b": _value("b", ["1", "-2.5", "4"])}
    tree = parse_check("(mean(a) > mean(b) and max(a) >= median(b)) or not mean(a) > mean(b)")
    nodes = tuple(tree.walk())
    fast = compiled.fast_insensitive_to(tree, env, ["a", "b"], "holds", nodes)
    # the inputs in turn: a's first, b's first, a's second, b's second (skewed low: it
    # makes the check fail), not a's 14 mutants before b's first
    assert fast == analysis.insensitive_general(tree, env, ["a", "b"], "holds") == (False, 4)


def test_inputs_are_perturbed_in_turn():
    streams = [iter("abc"), iter(""), iter("d"), iter("ef")]
    assert list(analysis.in_turn(streams)) == [
        (0, "a"),
        (2, "d"),
        (3, "e"),
        (0, "b"),
        (3, "f"),
        (0, "c"),
    ]


def test_gives_up_on_work_on_large_numbers():
    big = 10**400 - 1  # its square is over the cheap size: the evaluation does charged work
    x = NamedValue("x", (Decimal(big, 0, str(big)),), False, "s")
    env = {"x": x, "s": _value("s", ["1"], False)}
    tree = parse_check("x * x + s - s == x * x")
    assert compiled.fast_insensitive_to(tree, env, ["x", "s"], None, tuple(tree.walk())) is None
    assert analysis.insensitive_to(tree, env, ["x", "s"]) == analysis.insensitive_general(
        tree, env, ["x", "s"]
    )


def test_statistics_tests_are_not_compiled():
    env = {"x": NamedValue("x", (Decimal(25, -1, "2.5"),), False, "s")}
    assert compiled.compile_check(parse_check("grim(x, 10)"), env) is None


def test_a_deep_check_takes_the_general_path():
    env = {"x": _value("x", ["2.5"], False)}
    tree = parse_check("x" + " + 1" * 80 + " > 0")  # a left-nested sum 80 deep
    assert compiled.compile_check(tree, env) is None
    assert analysis.insensitive_to(tree, env, ["x"]) == analysis.insensitive_general(
        tree, env, ["x"]
    )


def test_what_cost_work_is_not_reused_by_the_next_check():
    # The first perturbation (x doubled) of the first check changes its verdict after work
    # on large numbers (x * x); the second check, written alike over the same x, must not
    # reuse what was computed then for free: both answer as the general path does.
    big = 10**400 - 1

    def scalar(name: str, m: int) -> NamedValue:
        return NamedValue(name, (Decimal(m, 0, str(m)),), False, "s")

    env = {"x": scalar("x", big), "y": scalar("y", big), "z": scalar("z", 3 * big)}
    for check, other in (("sqrt(x * x) * 0 + x <= y", "y"), ("sqrt(x * x) * 0 + x <= z", "z")):
        tree = parse_check(check)
        verdict = evaluate(tree, env).verdict
        assert verdict == "holds"
        for known in (verdict, None):
            assert analysis.insensitive_to(tree, env, ["x", other], known) == (
                analysis.insensitive_general(tree, env, ["x", other], known)
            ), check


# --- a square root (Root) compared with, or within a tolerance of, an exact value ---------

fractions = st.builds(
    Fraction, st.integers(-(10**6), 10**6), st.sampled_from([1, 2, 3, 7, 10, 100, 1000])
)
radicands = st.builds(Fraction, st.integers(1, 10**7), st.sampled_from([1, 2, 3, 10, 100, 10**4]))


@FAST
@given(radicands, fractions, fractions, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]))
def test_root_on_integers_is_reals(p, b, tol, op):
    from leanbridge.semantics.reals import _EXACT_COMPARE, Root

    x = reals.Root(p, 64)
    on_integers = _EXACT_COMPARE[op]
    assert compiled._root_vs_exact(on_integers, p, b) == reals.compare(op, x, b)
    assert compiled._exact_vs_root(on_integers, b, p) == reals.compare(op, b, x)
    # b * b is a square: the comparison with a Root of another square is exact too
    assert compiled._root_vs_exact(on_integers, b * b, b) == reals.compare(op, Root(b * b, 64), b)
    tol = abs(tol)
    assert compiled._root_within(
        p, b.numerator, b.denominator, tol.numerator, tol.denominator
    ) == reals.within(x, b, tol)
    # the same value over a denominator not in lowest terms
    assert compiled._root_within(
        p, 3 * b.numerator, 3 * b.denominator, 7 * tol.numerator, 7 * tol.denominator
    ) == reals.within(x, b, tol)


@FAST
@given(radicands, st.integers(-(10**6), 10**6), st.integers(-6, 3))
def test_root_within_printed_is_decide(p, m, e):
    from leanbridge.semantics.evaluate import _decide, _within_sides

    node = parse_check("x ~= 1")
    x = reals.Root(p, 64)
    near = round(math.sqrt(p) * 10**-e)  # a printed root: within half a unit or just not
    for mantissa in (m, near, near + 1, near - 1, -near):
        dec = Decimal(mantissa, e, analysis._decimal_text(mantissa, e))
        assert compiled._within_printed(node, x, dec) == _decide(
            node, _within_sides(x, dec.value, dec.half_unit)
        )
    within = parse_check("x == 1 ± 1")
    tol = dec.half_unit
    assert compiled._within(within, x, dec.value, tol) == _decide(
        within, _within_sides(x, dec.value, tol)
    )


def test_root_within_printed_both_ways():
    node = parse_check("x ~= 1")
    x = reals.Root(Fraction(2), 64)  # 1.41421...
    got = {
        text: compiled._within_printed(node, x, parse_decimal(text))
        for text in ("1.414", "1.41", "1.42", "-1.414", "1.4142136", "1.4")
    }
    assert got == {
        "1.414": True,
        "1.41": True,
        "1.42": False,
        "-1.414": False,
        "1.4142136": True,
        "1.4": True,
    }


@FAST
@given(item_lists, st.lists(st.sampled_from([0, 1, -3, Fraction(7, 2), Fraction(-1, 3)])))
def test_order_statistics_of_mutants(items, targets):
    from leanbridge.semantics.functions import FUNCTIONS

    value = _value("a", items)
    made = [m for m, _ in mutants.exact_generic_mutants(value)]
    made += [m for m, _ in mutants.exact_targeted_mutants(value, [Fraction(t) for t in targets])]
    derived = 0
    for m in made:
        for name in ("min", "max", "median"):
            got = mutants.order_statistic(name, m)
            if got is not None:  # as the evaluator's own, on a fresh list of the same items
                derived += 1
                want = FUNCTIONS[name].impl(ExactList(list(m.numerators), m.denominator), 64)
                assert (got.numerator, got.denominator) == (want.numerator, want.denominator)
    if all(parse_decimal(t).exponent <= 0 for t in items):
        assert derived  # the integer path was taken (x2, -1, shifts by 1)


# Checks with connectives run as one generated function (compiled._Generator): written
# alike and not, with comparisons of exact values, roots and errors under `and`/`or`/`not`.
LOGIC_CHECKS = [
    "not mean(a) > {t} or sd(a) ~= {t}",
    "(x > y and not x > y) or mean(a) == mean(a)",
    "sum(a) > sum(b) and (min(a) < {t} or not median(b) >= {t})",
    "not not max(a) >= min(b)",
    "sd(a) > sd(b) or psd(a) <= x and x / y > {t}",
    "x / y > 0 or mean(a) > {t}",
    "sqrt(x) > sqrt(y) and sd(a) >= {t}",
    "mean(a) > mean(b) and max(a) >= median(b) or not mean(a) > mean(b) and x == y",
    "(max(a) - min(a) > {t} and not max(a) - min(a) > {t}) or mean(a, b) == {t} ± 5%",
    "not (mean(a) ~= {t} or var(a) < x) and len(a) == {n}",
    "psd(a) < {t} + {t} or not psd(a) < {t} + {t}",
    "sqrt(x) >= {t} or not sqrt(x) >= {t}",
]


@FAST
@given(
    st.sampled_from(LOGIC_CHECKS),
    item_lists,
    item_lists,
    texts,
    texts,
    st.sampled_from(["0", "1.5", "-3", "100.25", "7", "2"]),
    st.integers(0, 6),
)
def test_generated_checks_equal_general(check, a, b, x, y, t, n):
    env = {
        "a": _value("a", a),
        "b": _value("b", b),
        "x": _value("x", [x], False),
        "y": _value("y", [y], False),
    }
    tree = parse_check(check.format(t=t, n=n))
    names = list(dict.fromkeys(n.id for n in tree.walk() if isinstance(n, ast.Name)))
    verdict = evaluate(tree, env).verdict
    for known in (None, verdict):
        general = analysis.insensitive_general(tree, env, names, known)
        fast = compiled.fast_insensitive_to(tree, env, names, known, tuple(tree.walk()))
        assert fast is None or fast == general, check
        assert analysis.insensitive_to(tree, env, names, known) == general, check


@FAST
@given(
    st.sampled_from(LOGIC_CHECKS),
    item_lists,
    item_lists,
    texts,
    texts,
    st.sampled_from(["0", "1.5", "-3", "100.25"]),
    st.integers(0, 6),
)
def test_generated_function_is_the_closures(check, a, b, x, y, t, n):
    """The generated function gives what the closures give (value or exception), at each
    precision, on the check's own inputs."""
    env = {
        "a": _value("a", a),
        "b": _value("b", b),
        "x": _value("x", [x], False),
        "y": _value("y", [y], False),
    }
    tree = parse_check(check.format(t=t, n=n))
    nodes = tuple(tree.walk())
    prepared = compiled.prepare(tree, env, nodes)
    assert prepared is not None
    made, vals, slots, _ = prepared
    numbers = [node for node in nodes if node.__class__ is ast.Number]
    literals = {id(node): len(slots) + i for i, node in enumerate(numbers)}
    closures = compiled._Compiler(env, slots, literals).compile(tree)[0]
    for bits in (limits.SQRT_START_BITS, 4 * limits.SQRT_START_BITS):
        outcomes = []
        for fn in (made.fn, closures):
            reals.start_work()
            try:
                outcomes.append(("value", fn(vals, bits)))
            except Exception as e:  # the same exception, with the same message
                outcomes.append((type(e), str(e)))
        assert outcomes[0] == outcomes[1], check


def test_generated_code_holds_no_text_of_the_check():
    env = {
        "evil_a": _value("evil_a", ["1.25", "2"]),
        "evil_b": _value("evil_b", ["31337", "4"]),
    }
    tree = parse_check(
        "(mean(evil_a) > mean(evil_b) and max(evil_a) >= 98765.4321) or not sd(evil_b) ~= 4242"
    )
    nodes = tuple(tree.walk())
    signed = compiled.signature(nodes, env)
    assert signed is not None
    numbers = [node for node in nodes if node.__class__ is ast.Number]
    slots = signed[1]
    literals = {id(node): len(slots) + i for i, node in enumerate(numbers)}
    generator = compiled._Generator(compiled._Compiler(env, slots, literals))
    generator.function(tree)
    words = set(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", generator.code))
    allowed = {"def", "run", "vals", "bits", "if", "elif", "else", "is", "not", "None", "True"}
    allowed |= {"False", "return", "M", "START", "Fraction", "__class__"}
    allowed |= {"_numerator", "_denominator", "and", "or"}
    assert {w for w in words if not re.fullmatch(r"[vk]\d+", w)} <= allowed
    assert all(re.fullmatch(r"\d+", n) for n in re.findall(r"\b\d[\d.e]*", generator.code))


def test_an_inputs_aggregate_is_the_one_the_evaluator_kept():
    # The evaluator keeps var(a) on a's ExactList (ExactList.results); the compiled
    # aggregate of the unperturbed list returns that object, equal to computing it again.
    env = {"a": _value("a", ["1.5", "2", "3.25", "-4"])}
    tree = parse_check("var(a) ~= 2")
    verdict = evaluate(tree, env).verdict
    kept = compiled._exact_of(env["a"]).results
    assert kept is not None and "var" in kept
    prepared = compiled.prepare(tree, env, tuple(tree.walk()))
    assert prepared is not None
    made, vals, _, _ = prepared
    fn = compiled._aggregate_of_list(tree.left, 0)  # type: ignore[attr-defined]
    assert fn(vals, limits.SQRT_START_BITS) is kept["var"]
    from leanbridge.semantics.functions import FUNCTIONS

    fresh = ExactList(list(vals[0].numerators), vals[0].denominator)  # nothing kept
    assert kept["var"] == FUNCTIONS["var"].impl(fresh, limits.SQRT_START_BITS)
    assert compiled.verdict(made.fn, vals) == verdict
    assert compiled.fast_insensitive_to(
        tree, env, ["a"], verdict, tuple(tree.walk())
    ) == analysis.insensitive_general(tree, env, ["a"], verdict)


@FAST
@given(
    st.lists(st.sampled_from(["0", "1.5", "-3", "100.25", "7", "5%", "1e2"]), max_size=5),
    st.lists(st.sampled_from([compiled.VALUE, compiled.TARGET, compiled.NEGATED_TARGET])),
)
def test_literal_slots_of_one_kind_are_the_loops(texts_, kinds):
    """``Compiled.literal_slots`` where every literal is held alike (``uniform``) gives
    what its loop over the kinds gives (``uniform`` None), errors included."""
    literals = [parse_decimal(t) for t in texts_]
    kinds = kinds[: len(literals)]  # as many, or fewer (an error both ways)
    uniform = kinds[0] if kinds and all(k == kinds[0] for k in kinds) else None
    fast = compiled.Compiled(lambda vals, bits: True, kinds, False, uniform)
    loop = compiled.Compiled(lambda vals, bits: True, kinds, False, None)

    def slots(c: compiled.Compiled) -> object:
        try:
            return [(type(v), repr(v)) for v in c.literal_slots(literals, ["name"])]
        except ValueError as e:  # zip(strict=True): as many kinds as literals
            return type(e)

    assert slots(fast) == slots(loop)


@FAST
@given(st.sampled_from(CHECKS + LOGIC_CHECKS), st.booleans())
def test_signature_is_each_nodes_part(check, lists):
    """``signature``'s key, with a call's part written in its loop, is each node's
    ``_part`` (a name as its slot, ~slot for a list; a number as "#")."""
    env = {k: _value(k, ["1", "2"], lists if k in "ab" else False) for k in ("a", "b", "x", "y")}
    tree = parse_check(check.format(t="1.5", n=2))
    nodes = tuple(tree.walk())
    signed = compiled.signature(nodes, env)
    assert signed is not None
    slots: dict[str, int] = {}
    want: list[object] = []
    for node in nodes:
        if isinstance(node, ast.Name):
            first = node.id not in slots
            slot = slots.setdefault(node.id, len(slots))
            want.append(~slot if first and env[node.id].is_list else slot)
        elif isinstance(node, ast.Number):
            want.append("#")
        else:
            want.append(compiled._part(node))
    assert signed[0] == tuple(want)
