"""Shared analyses for the rules: mutation testing, literal abstraction, sub-expression values."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from itertools import chain, islice
from typing import Any, TypeVar

from leanbridge import limits
from leanbridge.errors import ClaimEvalError, LeanbridgeError, Span
from leanbridge.frozen import slot_maker
from leanbridge.semantics import reals
from leanbridge.semantics.evaluate import Evaluator, _exact_of, evaluate
from leanbridge.semantics.evaluate import value_of as exact_value
from leanbridge.semantics.exact_list import ExactList
from leanbridge.semantics.numbers import Decimal, make_decimal
from leanbridge.semantics.reals import Indeterminate
from leanbridge.semantics.value_memo import LazySequenceMemo, ValueMemo
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast

# Generic perturbations, applied to every number of a value (lists element-wise).
SCALES = (Fraction(2), Fraction(-1), Fraction(1, 3), Fraction(1000), Fraction(-1000))
SHIFTS = (Fraction(1), Fraction(-1), Fraction(35, 2), Fraction(-35, 2))
MAX_MUTANTS_PER_NAME = 48
MIN_DECIDED = 3  # fewer decided perturbed evaluations: no verdict on dependence
# The perturbed evaluations of one check share this much work on large numbers (counted
# as in semantics/reals.py), so that a check over numbers thousands of digits long is not
# re-evaluated dozens of times at full cost; past it, the test stops with no verdict.
LINT_WORK = 2 * limits.MAX_EVAL_WORK

T = TypeVar("T")


def to_decimal(q: Fraction, exponent: int) -> Decimal:
    """``q`` as a printed decimal, at ``exponent`` if exact there, else up to 6 digits finer."""
    # In integers: q * 10**-e = num / den; rounded half to even, as round(Fraction) does.
    n, d = q.numerator, q.denominator
    for e in range(exponent, exponent - 7, -1):
        num, den = (n * 10**-e, d) if e <= 0 else (n, d * 10**e)
        mantissa, rem = divmod(num, den)
        if rem == 0 or e == exponent - 6:
            if 2 * rem > den or (2 * rem == den and mantissa & 1):
                mantissa += 1
            return make_decimal(mantissa, e, _decimal_text(mantissa, e))
    raise AssertionError("unreachable")


def printed_decimal(mantissa: int, exponent: int) -> Decimal:
    """``mantissa * 10**exponent`` as a paper would print it (as :func:`to_decimal` does)."""
    return make_decimal(mantissa, exponent, _decimal_text(mantissa, exponent))


def _decimal_text(mantissa: int, exponent: int) -> str:
    sign = "-" if mantissa < 0 else ""
    digits = str(abs(mantissa))
    if exponent >= 0:
        return sign + digits + "0" * exponent
    digits = digits.rjust(-exponent + 1, "0")
    return f"{sign}{digits[:exponent]}.{digits[exponent:]}"


def _affine(value: NamedValue, a: Fraction, b: Fraction) -> NamedValue:
    """Every number q of ``value`` replaced by ``a * q + b``, printed by :func:`to_decimal`.

    Integer arithmetic on the printed mantissas where the result is exact at the printed
    precision (the common case); the inputs' Fractions only where it is not.
    """
    an, ad = a.numerator, a.denominator
    bn, bd = b.numerator, b.denominator
    numbers: list[Decimal] = []
    exact: tuple[Fraction, ...] | None = None  # the inputs' Fractions, only if needed
    for i, d in enumerate(value.numbers):
        e = d.exponent
        if e <= 0 and ad == 1:
            # b in units of 10**e is (bn * 10**-e) / bd (b in lowest terms): an integer
            # when bd divides the numerator, and then the mantissa is exact
            shift, rem = divmod(bn * 10**-e, bd)
            if not rem:
                mantissa = an * d.mantissa + shift
                numbers.append(make_decimal(mantissa, e, _decimal_text(mantissa, e)))
                continue
        if exact is None:
            v = exact_value(value)  # made once per NamedValue
            exact = v if isinstance(v, tuple) else (v,)
        numbers.append(to_decimal(a * exact[i] + b, e))
    # The evaluator makes the exact form from the mantissas (a list: integers over a power
    # of ten, no gcd), so no Fraction is built here on the integer path.
    return _with_numbers(value, tuple(numbers))


def _with_numbers(value: NamedValue, numbers: tuple[Decimal, ...]) -> NamedValue:
    """``dataclasses.replace(value, numbers=numbers)``, made by the fields' maker."""
    make = _MAKER[0] if _MAKER else _maker()
    return make(value.name, numbers, value.is_list, value.source, value.origin, value.pos)


# NamedValue(*fields), in _with_numbers' order (tests/lint/test_lint_fastpaths.py holds
# both to NamedValue's fields): made at the first mutant, as it costs about 1 M
# instructions (a class) that a run without one need not pay at its start
_MAKER: list[Callable[..., NamedValue]] = []


def _maker() -> Callable[..., NamedValue]:
    _MAKER.append(slot_maker(NamedValue))
    return _MAKER[0]


_ONE, _ZERO = Fraction(1), Fraction(0)


def generic_mutants(value: NamedValue) -> Iterator[tuple[str, NamedValue]]:
    """Each generic perturbation of ``value``, named, in order."""
    return zip(_generic_labels(value), _generic(value), strict=True)


def _generic_labels(value: NamedValue) -> tuple[str, ...]:
    """The names of :func:`_generic`'s mutants, in order (the same for every value of as
    many numbers: a scalar or a one-item list, two items, more)."""
    n = len(value.numbers) if value.is_list else 1
    return _LABELS[(n > 1) + (n > 2)]


def _labels(kind: int) -> tuple[str, ...]:
    """:func:`_generic_labels` of a value of 1, 2 or more numbers (``kind`` 0, 1, 2)."""
    skewed = ("skewed low", "skewed high") if kind == 2 else ()
    items = ("first item +17", "last item +17") if kind >= 1 else ()
    scales = tuple(f"x{k}" for k in SCALES[1:])
    return (f"x{SCALES[0]}", *skewed, *scales, *(f"+{s}" for s in SHIFTS), "0", *items)


_LABELS = tuple(map(_labels, range(3)))


def _generic(value: NamedValue) -> Iterator[NamedValue]:
    """The generic mutants of ``value``, made lazily (most checks read one or two)."""
    yield _affine(value, SCALES[0], _ZERO)
    if value.is_list and len(value.numbers) > 2:
        # Scalings and shifts move every order statistic with the mean; these two move
        # them apart: the mean to -1000 (+1000) while the median, and every item but the
        # first, stay at +1000 (-1000).  `max(a) >= median(b) or not mean(a) > mean(b)` is
        # no tautology, and only a list like these shows it.  Second, as they change most
        # checks that the first scaling leaves as they were.
        for sign in (1, -1):
            head, rest = skewed_items(len(value.numbers), sign)
            others = _affine(value, _ZERO, rest)
            yield _with_numbers(
                value, (_affine(value, _ZERO, head).numbers[0], *others.numbers[1:])
            )
    for k in SCALES[1:]:
        yield _affine(value, k, _ZERO)
    for s in SHIFTS:
        yield _affine(value, _ONE, s)
    yield _affine(value, _ZERO, _ZERO)
    if value.is_list and len(value.numbers) > 1:
        first = _affine(value, _ONE, Fraction(17))
        yield _with_numbers(value, (first.numbers[0], *value.numbers[1:]))
        yield _with_numbers(value, (*value.numbers[:-1], first.numbers[-1]))


SKEW = 1000


def skewed_items(n: int, sign: int) -> tuple[Fraction, Fraction]:
    """The first item and every other item of a skewed list of ``n > 2`` items: the others
    are ``sign * SKEW`` (so are its median and, for sign 1, its maximum) and the first
    makes the mean ``-sign * SKEW``."""
    return Fraction(-sign * SKEW * (2 * n - 1)), Fraction(sign * SKEW)


def targeted_mutants(
    value: NamedValue, targets: list[Fraction]
) -> Iterator[tuple[str, NamedValue]]:
    """Replace the value by (or just around) numbers the check itself mentions."""
    for t in targets:
        for q in (t, t + abs(t) + 1, t - abs(t) - 1):
            yield f"={q}", _affine(value, _ZERO, q)


# The generic mutants of a named value, made lazily (as many as some check has asked for)
# and shared by every check that perturbs that value: a named list is typically used by
# many claims of a file.  Each entry: (mutants made so far, with whether each differs
# from the value; the generator that makes the rest).
def _generic_with_differs(value: NamedValue) -> Iterator[tuple[NamedValue, bool]]:
    numbers = value.numbers
    for mutant in _generic(value):
        # mutant != value: every other field is the value's own
        yield mutant, mutant.numbers != numbers


_MUTANTS = LazySequenceMemo(_generic_with_differs)


def cached_generic_mutants(value: NamedValue) -> Iterator[tuple[NamedValue, bool]]:
    """``(mutant, mutant != value)`` for each of :func:`generic_mutants`, in order."""
    return _MUTANTS.iterate(value)


def nth_generic_mutant(value: NamedValue, i: int) -> tuple[NamedValue, bool] | None:
    """The item at ``i`` of ``cached_generic_mutants(value)`` (the same objects)."""
    return _MUTANTS.nth(value, i)


def _literals(nodes: Iterable[ast.Node]) -> list[Fraction]:
    """The values of the number literals among ``nodes``, in the order they are written."""
    return distinct_values([n.literal for n in nodes if isinstance(n, ast.Number)])


def distinct_values(literals: Sequence[Decimal]) -> list[Fraction]:
    """The values of ``literals``, each once, in order (no hashing for fewer than two)."""
    values = [d.value for d in literals]
    return values if len(values) < 2 else list(dict.fromkeys(values))


def _verdict(
    tree: ast.Node,
    env: Mapping[str, NamedValue],
    typecheck: bool = True,
    evaluator: Callable[[Mapping[str, NamedValue], int], Evaluator] = Evaluator,
) -> str:
    return evaluate(tree, env, typecheck=typecheck, evaluator=evaluator, verdict_only=True).verdict


class _Shared:
    """The values of one check's sub-expressions, shared by its perturbed evaluations.

    A sub-expression that mentions none of the perturbed inputs has the value it has in
    the unperturbed check, so it is evaluated once (per precision) and reused.  And a
    sub-expression written twice (``mean(a) > mean(b)`` in both halves of an ``or``) has
    one value in one evaluation, so it is evaluated once there.  Reusing a value charges
    the work it cost the first time, so the work budget runs out as before.  (Only the
    verdict is read from these evaluations: a reused statistics test adds no note.)
    """

    def __init__(self, tree: ast.Node) -> None:
        self.names_under: dict[int, frozenset[str]] = {}
        # node id -> one integer per distinct sub-expression (equal as written, spans aside)
        self.same: dict[int, int] = {}
        self.repeated: set[int] = set()  # node ids whose sub-expression occurs twice or more
        self.nodes: list[ast.Node] = []  # post-order: leaves in the order they are written
        self._collect(tree)
        self.memo: dict[tuple[int, int], tuple[Any, int]] = {}
        self.constant: set[int] = set(self.names_under)

    def _collect(self, tree: ast.Node) -> None:
        # Post-order without recursion (trees may be MAX_TREE_DEPTH deep).
        stack: list[tuple[ast.Node, bool]] = [(tree, False)]
        while stack:
            node, done = stack.pop()
            if done:
                names = frozenset({node.id}) if isinstance(node, ast.Name) else frozenset()
                for child in node.children():
                    names |= self.names_under[id(child)]
                self.names_under[id(node)] = names
                self.nodes.append(node)
            else:
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(list(node.children())))
        if len(self.nodes) < _SHAPES_FROM:
            return  # too small to gain from it: every node is evaluated as written
        shapes: dict[tuple, int] = {}
        count: dict[int, int] = {}
        for node in self.nodes:
            shape = shapes.setdefault(self._shape(node), len(shapes))
            self.same[id(node)] = shape
            count[shape] = count.get(shape, 0) + 1
        self.repeated = {k for k, shape in self.same.items() if count[shape] > 1}

    def _shape(self, node: ast.Node) -> tuple:
        """The node as written, its children by their numbers, without its spans."""
        parts: list[Any] = [node.__class__]
        for f in _fields(node.__class__):
            v = getattr(node, f)
            if isinstance(v, ast.Node):
                parts.append(self.same[id(v)])
            elif isinstance(v, tuple):
                parts.append(tuple(self.same[id(x)] if isinstance(x, ast.Node) else x for x in v))
            elif not isinstance(v, Span):  # where it is written does not change its value
                parts.append(v)
        return tuple(parts)

    def shape(self, node_id: int) -> int:
        """The number of the node's sub-expression (its own if shapes were not computed)."""
        return self.same.get(node_id, ~node_id)

    def perturbing(self, names: Iterable[str]) -> None:
        changed = set(names)
        self.constant = {k for k, ns in self.names_under.items() if not ns & changed}

    def evaluator(self, env: Mapping[str, NamedValue], bits: int) -> Evaluator:
        return _SharingEvaluator(env, bits, self)


class _SharingEvaluator(Evaluator):
    def __init__(self, env: Mapping[str, NamedValue], bits: int, shared: _Shared) -> None:
        super().__init__(env, bits)
        self.shared = shared

        self.local: dict[int, tuple[Any, int]] = {}  # this evaluation's repeated values

    def eval(self, node: ast.Node) -> Any:
        shared = self.shared
        key = id(node)
        if key in shared.constant:
            memo, mkey = shared.memo, (shared.shape(key), self.bits)
        elif key in shared.repeated:
            memo, mkey = self.local, shared.same[key]
        else:
            return Evaluator.eval(self, node)
        hit = memo.get(mkey)
        if hit is not None:
            value, units = hit
            if units:
                left = reals.work_left() - units
                reals.start_work(left)
                if left < 0:
                    raise ClaimEvalError("out of work (a reused sub-expression)", node.span)
            return value
        before = reals.work_left()
        value = Evaluator.eval(self, node)
        memo[mkey] = (value, before - reals.work_left())
        return value


_SHAPES_FROM = 9  # nodes in a check from which repeated sub-expressions are looked for
_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.name != "span")
    return names


def _work_spent() -> int:
    """Work on large numbers that the last :func:`evaluate` in this thread used."""
    return limits.MAX_EVAL_WORK - reals.work_left()


def insensitive_to(
    tree: ast.Node,
    env: Mapping[str, NamedValue],
    names: list[str],
    known: str | None = None,
    nodes: Sequence[ast.Node] | None = None,
) -> tuple[bool, int]:
    """What :func:`insensitive_general` gives, through the check compiled into closures
    (:mod:`leanbridge.lint.compiled`) where that applies.  ``nodes``: ``tree.walk()``, if
    the caller has it."""
    if FAST_PATH:
        fast = compiled.fast_insensitive_to(
            tree, env, names, known, tuple(tree.walk()) if nodes is None else nodes
        )
        if fast is not None:
            return fast
    return insensitive_general(tree, env, names, known)


FAST_PATH = True  # tests turn it off to compare with the general path


def insensitive_general(
    tree: ast.Node,
    env: Mapping[str, NamedValue],
    names: list[str],
    known: str | None = None,
) -> tuple[bool, int]:
    """(True, decided) when no perturbation of the inputs ``names`` changes the verdict.

    Each input is perturbed on its own (generic scalings and shifts, then values the check
    mentions and the other inputs' values), and then all inputs together.  Perturbations
    that make the check an error (e.g. division by zero) or undecided do not count, and
    fewer than :data:`MIN_DECIDED` decided evaluations is no evidence either way.

    ``known`` is the verdict of ``evaluate(tree, env)`` when the caller has it (the check's
    own verdict): then the first perturbation is tried before the unperturbed check is
    evaluated again, and most checks change verdict there.
    """
    if known in ("holds", "fails") and names and _first_changes(tree, env, names[0], known):
        return False, 1
    shared = _Shared(tree)
    base = _verdict(tree, env, evaluator=shared.evaluator)
    spent = _work_spent()
    if base not in ("holds", "fails") or not names:
        return False, 0
    targets = _literals(shared.nodes)  # leaves in post-order: as written
    for other in names:
        v = env[other]
        if not v.is_list:
            targets.append(v.scalar.value)
    decided = 0

    def changes(changed: Mapping[str, NamedValue]) -> bool:
        nonlocal decided, spent
        if spent > LINT_WORK:
            raise _OutOfWork
        # Perturbed inputs keep their shape (scalar or list): the type check of the base
        # evaluation stands.
        verdict = _verdict(tree, changed, typecheck=False, evaluator=shared.evaluator)
        spent += _work_spent()
        if verdict not in ("holds", "fails"):
            return False
        decided += 1
        return verdict != base

    counted = _shape_only_count(shared.nodes, env, names, len(targets)) if spent == 0 else None
    if counted is not None:
        return counted >= MIN_DECIDED, counted
    try:
        # Mutants are made lazily: most checks change verdict at the first one or two.
        # The inputs are perturbed in turn (see in_turn); the one in perturbation, as the
        # sharing evaluator sees it, changes only when the input does.
        streams = [_perturbations(env[name], targets) for name in names]
        perturbed = None
        for k, mutant in in_turn(streams):
            name = names[k]
            if name != perturbed:
                shared.perturbing([name])
                perturbed = name
            if changes({**env, name: mutant}):
                return False, decided
        if len(names) > 1:
            # All inputs at once: the i-th generic mutant of each, as many as the first has.
            shared.perturbing(names)
            columns = [cached_generic_mutants(env[n]) for n in names]
            while (first := next(columns[0], None)) is not None:
                changed = dict(env)
                changed[names[0]] = first[0]
                for n, col in zip(names[1:], columns[1:], strict=True):
                    m = next(col, None)
                    if m is not None:
                        changed[n] = m[0]
                if changes(changed):
                    return False, decided
    except _OutOfWork:
        return False, decided
    return decided >= MIN_DECIDED, decided


def _perturbations(value: NamedValue, targets: list[Fraction]) -> Iterator[NamedValue]:
    """The perturbations of one input: of its generic mutants and then its targeted ones,
    the first :data:`MAX_MUTANTS_PER_NAME`, less those equal to the input (so the first
    is the one ``_first_changes`` tries)."""
    targeted = ((m, m != value) for _, m in targeted_mutants(value, targets))
    return differing(islice(chain(cached_generic_mutants(value), targeted), MAX_MUTANTS_PER_NAME))


def differing(mutants: Iterable[tuple[T, bool]]) -> Iterator[T]:
    """The mutants of ``(mutant, mutant != value)`` pairs that differ from the value."""
    return (m for m, differs in mutants if differs)


def in_turn(streams: list[Iterator[T]]) -> Iterator[tuple[int, T]]:
    """``(k, item)`` for the items of ``streams[k]``, the streams in turn: the first item
    of each, then the second of each, and so on; a stream that ends drops out.

    Each input's perturbations are tried in this order (one perturbation of each input,
    then the next of each), not all of one input's before the next input's.  Whether the
    verdict is constant depends only on which perturbed evaluations there are, not on their
    order (but for where the shared work budget runs out, an edge either way), and a check
    that depends on a later input only (``b`` in ``(mean(a) > mean(b) and max(a) >=
    median(b)) or not mean(a) > mean(b)``) shows it after a few evaluations instead of
    after all of the earlier inputs'.
    """
    live = list(enumerate(streams))
    while live:
        going = []
        for k, stream in live:
            item = next(stream, _ENDED)
            if item is not _ENDED:
                yield k, item
                going.append((k, stream))
        live = going


_ENDED: Any = object()


def _first_changes(tree: ast.Node, env: Mapping[str, NamedValue], name: str, base: str) -> bool:
    """Whether the first perturbation of :func:`insensitive_to` (the first generic mutant of
    ``names[0]`` that differs from it) changes the verdict ``base``: then the test ends
    there with one decided evaluation, whatever the unperturbed evaluation's work (the
    work limit is first checked before the second perturbation)."""
    value = env[name]
    for mutant, differs in cached_generic_mutants(value):
        if differs:  # one evaluation: nothing to share (a shared one gives the same verdict)
            verdict = _verdict(tree, {**env, name: mutant}, False)
            return verdict in ("holds", "fails") and verdict != base
    return False


def _generic_count(value: NamedValue) -> int:
    """How many mutants :func:`generic_mutants` makes of ``value``."""
    return len(_generic_labels(value))


_VARIED: ValueMemo[bool] = ValueMemo()


def _varied(value: NamedValue) -> bool:
    """Whether ``value`` holds two different numbers (integers over one denominator), and
    two different ones after its first if it has more than two (a skewed mutant's items
    after the first are all equal, so then none equals it)."""
    exact = _exact_of(value)
    if isinstance(exact, ExactList):
        nums = exact.numerators
        return len(set(nums)) > 1 and (len(nums) < 3 or len(set(nums[1:])) > 1)
    return False  # a single number


def _shape_only_count(
    nodes: Sequence[ast.Node], env: Mapping[str, NamedValue], names: list[str], n_targets: int
) -> int | None:
    """The number of decided perturbed evaluations, when they need not be run: every use
    of the inputs is an argument of `len`, so the verdict depends on their lengths only,
    which no mutant changes (each perturbed evaluation performs the same operations on the
    same values as the base one: the base verdict, decided, and no work on large
    numbers when the base used none).  Each input must be a list
    of at least two different values, so that no mutant equals it (an affine map other
    than the identity fixes at most one value, the item mutants add 17, and a skewed
    mutant's items after the first are equal, so the list must differ there too).  None
    when this does not apply."""
    if not _only_counted(nodes, names):
        return None
    return _varied_count(env, names, n_targets)


def _only_counted(nodes: Iterable[ast.Node], names: Iterable[str]) -> bool:
    """Whether some `len` call is written and every use of the inputs ``names`` among
    ``nodes`` (a whole tree's) is an argument of one: the shape half of
    :func:`_shape_only_count`, which depends on the tree alone (the compiled path keeps it
    per compiled check, for all of its names)."""
    # Every use of an input is a child of a `len` call: as each node of the tree has one
    # parent, the inputs' Name nodes are as many as the inputs among the `len` calls'
    # arguments (counted without each node's children).
    counted = False
    uses = 0
    name_cls, call_cls = ast.Name, ast.Call
    for node in nodes:
        cls = node.__class__
        if cls is name_cls:
            if node.id in names:  # type: ignore[attr-defined]
                uses += 1
        elif cls is call_cls and node.func == "len":  # type: ignore[attr-defined]
            counted = True
            for a in node.args:  # type: ignore[attr-defined]
                if a.__class__ is name_cls and a.id in names:
                    uses -= 1
    return counted and not uses


def _varied_count(env: Mapping[str, NamedValue], names: list[str], n_targets: int) -> int | None:
    """The values half of :func:`_shape_only_count`, for inputs only counted: the count,
    or None if an input is not a list of varied numbers."""
    for name in names:
        value = env[name]
        if not value.is_list or not _VARIED.get(value, lambda v=value: _varied(v)):
            return None
    total = sum(min(MAX_MUTANTS_PER_NAME, _generic_count(env[n]) + 3 * n_targets) for n in names)
    if len(names) > 1:
        total += _generic_count(env[names[0]])
    return total


class _OutOfWork(Exception):
    """The perturbed evaluations of one check used up LINT_WORK."""


# --- literal abstraction -------------------------------------------------------------

LITERAL_PREFIX = "__literal_"


def _fixed_literals(tree: ast.Node) -> set[int]:
    """ids of Number nodes that must stay literals: tolerances, exponents, round digits."""
    fixed: set[int] = set()
    for node in tree.walk():
        if isinstance(node, ast.Within):
            fixed.add(id(node.tolerance))
        elif isinstance(node, ast.Pow):
            fixed.update(id(n) for n in node.right.walk())
        elif isinstance(node, ast.Call) and node.func == "round" and len(node.args) == 2:
            fixed.update(id(n) for n in node.args[1].walk())
    return fixed


def abstract_literals(
    tree: ast.Node,
) -> tuple[ast.Node, dict[str, NamedValue], dict[str, list[ast.Number]]]:
    """Replace literals by names, one name per distinct value: ``8.7 == 8.7`` -> ``c == c``.

    Returns the new tree, an environment for it, and the literal nodes behind each name.
    """
    fixed = _fixed_literals(tree)
    approx_rhs: set[int] = set()
    for node in tree.walk():
        if isinstance(node, ast.Approx):
            right = node.right.operand if isinstance(node.right, ast.Neg) else node.right
            approx_rhs.add(id(right))
    by_value: dict[Fraction, str] = {}
    env: dict[str, NamedValue] = {}
    groups: dict[str, list[ast.Number]] = {}

    def rebuild(node: ast.Node) -> ast.Node:
        if isinstance(node, ast.Number) and id(node) not in fixed:
            value = node.literal.value
            name = by_value.setdefault(value, f"{LITERAL_PREFIX}{len(by_value)}")
            groups.setdefault(name, []).append(node)
            if name not in env or id(node) in approx_rhs:  # the ~= target sets the unit
                env[name] = NamedValue(name, (node.literal,), False, None)
            return ast.Name(node.span, name)
        changes: dict[str, object] = {}
        for f in dataclasses.fields(node):
            v = getattr(node, f.name)
            if isinstance(v, ast.Number) and id(v) in fixed:
                continue
            if isinstance(v, ast.Node):
                changes[f.name] = rebuild(v)
            elif isinstance(v, tuple) and any(isinstance(x, ast.Node) for x in v):
                changes[f.name] = tuple(rebuild(x) for x in v)
        return dataclasses.replace(node, **changes) if changes else node  # type: ignore[arg-type]

    return rebuild(tree), env, groups


# --- values of sub-expressions ------------------------------------------------------


def value_of(node: ast.Node, env: Mapping[str, NamedValue]) -> Fraction | None:
    """Exact value of a numeric sub-expression, or None (error, list, irrational, ...)."""
    reals.start_work()  # its own budget, not what an earlier evaluation left
    try:
        v = Evaluator(env).eval(node)
    except (LeanbridgeError, Indeterminate, ArithmeticError, KeyError, MemoryError):
        return None
    return v if isinstance(v, Fraction) else None


def is_closed(node: ast.Node) -> bool:
    return not any(isinstance(n, ast.Name) for n in node.walk())


def comparisons(nodes: Iterable[ast.Node]) -> Iterator[ast.Node]:
    """The comparisons among ``nodes`` (e.g. a ClaimContext's nodes)."""
    for node in nodes:
        if isinstance(node, ast.COMPARISON_NODES):
            yield node


# Last: the compiled path uses this module's definitions (mutants, literals, counts).
from leanbridge.lint import compiled  # noqa: E402
