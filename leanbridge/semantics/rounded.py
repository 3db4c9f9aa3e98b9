"""Verdicts under ``inputs: rounded``: every printed input stands for its rounding interval.

A claim with ``inputs: rounded`` is evaluated over the *box* of all assignments in which
each named value, and each number literal, on the left of a comparison takes any value
that prints as it (closed interval value ± unit/2, integers included: ``28`` is
[27.5, 28.5]; a list is one dimension per item).  A named value is one unknown: where it
is also used on the right it takes the same value.  The rest of the right side of a
comparison stays exact, and so do the arguments the language requires to be exact (the
exponent of ``^``, the digits of ``round``, the ``n``, ``items`` and ``df`` of the
statistics functions), and every use of a name that appears in one of them.

The verdict is ``holds`` when the check is true for every assignment in the box, ``fails``
when it is true for none, ``consistent`` when it is true for some assignment and false for
another (both witnesses found, exact), and ``undecided`` when the bounds cannot tell.

How: the evaluator runs on interval enclosures (exact rational intervals; square roots
rounded outward), which is sound for every function, monotone or not, though possibly
loose (a value used twice is not known to be the same value); a comparison that uses an
input twice is also decided, where it can be, as one exact rational function of the
inputs (polynomials.py: ``a - a == 0`` holds).  A box the enclosure cannot
decide is split in half along its widest dimension (relative to its own printed unit), at
most ``limits.MAX_ROUNDED_BOXES`` boxes in all (fewer for many inputs: boxes × inputs is
at most ``limits.MAX_ROUNDED_INPUT_BOXES``, at least 4 boxes).  Witness candidates are
evaluated exactly: the printed values, corners steered to push the compared value up and
down (inputs probed one at a time, up to ``limits.MAX_STEERED_INPUTS``), every corner of
the whole box up to six dimensions, and the centre and extreme corners of each undecided
box.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from leanbridge import limits
from leanbridge.errors import LeanbridgeError
from leanbridge.semantics import opposite_fast, reals
from leanbridge.semantics.display import witness_text
from leanbridge.semantics.evaluate import Evaluator, Outcome, Truth, evaluate
from leanbridge.semantics.functions import FUNCTIONS
from leanbridge.semantics.granularity import printed_interval
from leanbridge.semantics.polynomials import Decider, comparison_decider
from leanbridge.semantics.reals import Indeterminate, Interval, Real, bounds
from leanbridge.semantics.value_memo import ValueMemo
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast

Key = tuple[str, int]  # (value name, item index) or ("", span start of a literal)
Witness = tuple[tuple[str, Fraction], ...]  # (label, exact value) per dimension


@dataclass(frozen=True, slots=True)
class Dimension:
    key: Key
    label: str  # `x`, `xs[2]`, or the literal as written
    lo: Fraction
    hi: Fraction


def _kept_arguments(node: ast.Node, printed: bool = True) -> Iterator[ast.Node]:
    """The arguments of ``node`` that are never widened: those the language requires to be
    exact (the exponent of ``^``, the digits of ``round``, the ``n``, ``items`` and ``df``
    of the statistics functions) and, with ``printed``, the ``mean`` and ``sd`` of
    ``grim``, ``grimmer``, ``debit``, which stand for their printed interval already."""
    if isinstance(node, ast.Pow):
        yield node.right
    elif isinstance(node, ast.Call):
        func = FUNCTIONS.get(node.func)
        for i, arg in enumerate(node.args):
            if func is None:
                continue
            param = func.params[i] if func.kind == "stat" else None
            if (param is not None and param != "number" and (printed or param != "printed")) or (
                node.func == "round" and i == 1
            ):
                yield arg


def _leaves(node: ast.Node, left: bool = False) -> Iterator[tuple[ast.Name | ast.Number, bool]]:
    """Every name and number literal that may stand for an interval, with whether it is
    on the left of a comparison; the arguments never widened (:func:`_kept_arguments`)
    are left out."""
    if isinstance(node, ast.Name):
        yield node, left
    elif isinstance(node, ast.Number):
        # An integer literal (`2` in `(a + b) / 2`, `100`) is a constant of the formula,
        # not a printed measurement: exact.  Printed integers are named values, which widen.
        if not node.literal.is_integer_literal:
            yield node, left
    elif isinstance(node, ast.Compare | ast.Approx | ast.Within):
        yield from _leaves(node.left, True)
        right = node.target if isinstance(node, ast.Within) else node.right
        yield from _leaves(right, False)
    else:
        exact = {id(n) for n in _kept_arguments(node)}
        for child in node.children():
            if id(child) not in exact:
                yield from _leaves(child, left)


def _exact_names(tree: ast.Node) -> set[str]:
    """The names used inside an exact argument (``grim(m, n)``'s ``n``, ``p_t(t, df)``'s
    ``df``): one name is one unknown, so such a name stays exact everywhere in the check."""
    return {
        leaf.id
        for node in tree.walk()
        for sub in _kept_arguments(node, printed=False)
        for leaf in sub.walk()
        if isinstance(leaf, ast.Name)
    }


def rounded_leaves(tree: ast.Node, env: Mapping[str, NamedValue]) -> list[ast.Name | ast.Number]:
    """Every leaf of ``tree`` that ``inputs: rounded`` widens to an interval: the names
    and number literals (integer literals excepted) on the left of a comparison, and every
    other use of those names (one value is one unknown, wherever it is used).  A name used
    in an exact argument stays exact everywhere (:func:`_exact_names`)."""
    exact = _exact_names(tree)
    found = [
        (leaf, left)
        for leaf, left in _leaves(tree)
        if not isinstance(leaf, ast.Name) or (leaf.id in env and leaf.id not in exact)
    ]
    widened = {leaf.id for leaf, left in found if left and isinstance(leaf, ast.Name)}
    return [
        leaf for leaf, left in found if left or (isinstance(leaf, ast.Name) and leaf.id in widened)
    ]


def _name_dimensions(name: str, value: NamedValue) -> list[Dimension]:
    """One dimension per printed number of the named value ``name``."""
    dims = []
    for i, dec in enumerate(value.numbers):
        lo, hi = printed_interval(dec)
        dims.append(Dimension((name, i), f"{name}[{i}]" if value.is_list else name, lo, hi))
    return dims


def _dimensions(
    leaves: list[ast.Name | ast.Number],
    env: Mapping[str, NamedValue],
    name_part: Callable[[str, NamedValue], list[Dimension]] = _name_dimensions,
) -> list[Dimension]:
    dims: dict[Key, Dimension] = {}
    for leaf in leaves:
        if isinstance(leaf, ast.Number):
            lo, hi = printed_interval(leaf.literal)
            key = ("", leaf.span.start)
            dims[key] = Dimension(key, leaf.literal.text, lo, hi)
            continue
        for d in name_part(leaf.id, env[leaf.id]):
            dims.setdefault(d.key, d)
    return list(dims.values())


Box = tuple[tuple[Fraction, Fraction], ...]  # (lo, hi) per dimension


class _BoxEvaluator(Evaluator):
    """The evaluator with each widened leaf replaced by its value in one assignment
    (a Fraction: one point) or one box (an Interval per dimension)."""

    def __init__(
        self,
        env: Mapping[str, NamedValue],
        bits: int,
        leaves: set[int],
        values: Mapping[Key, Real],
    ) -> None:
        super().__init__(env, bits)
        self.leaves = leaves
        self.values = values

    def _eval_Name(self, node: ast.Name) -> Any:
        if id(node) not in self.leaves:
            return super()._eval_Name(node)
        value = self.env[node.id]
        if value.is_list:
            return tuple(self.values[node.id, i] for i in range(len(value.numbers)))
        return self.values[node.id, 0]

    def _eval_Number(self, node: ast.Number) -> Real:
        if id(node) not in self.leaves:
            return node.literal.value
        return self.values["", node.span.start]


def _truth_at(
    tree: ast.Node,
    env: Mapping[str, NamedValue],
    leaves: set[int],
    values: Mapping[Key, Real],
    bits: int,
) -> Truth:
    """The three-valued truth of ``tree`` at one point or box; None when not decided."""
    try:
        return _BoxEvaluator(env, bits, leaves, values).eval(tree)
    except (Indeterminate, LeanbridgeError, ZeroDivisionError, ArithmeticError):
        return None


def _point_truth(tree, env, leaves, values) -> Truth:
    bits = limits.SQRT_START_BITS
    while True:
        truth = _truth_at(tree, env, leaves, values, bits)
        if truth is not None or bits >= limits.SQRT_MAX_BITS:
            return truth
        bits *= 4


def _as_values(dims: list[Dimension], box: Box) -> dict[Key, Real]:
    return {
        d.key: (lo if lo == hi else Interval(lo, hi)) for d, (lo, hi) in zip(dims, box, strict=True)
    }


def _split(dims: list[Dimension], box: Box) -> tuple[Box, Box]:
    """Halve ``box`` along the dimension widest relative to its full printed interval."""
    widths = [(hi - lo) / (d.hi - d.lo) for d, (lo, hi) in zip(dims, box, strict=True)]
    i = max(range(len(box)), key=lambda j: widths[j])
    lo, hi = box[i]
    mid = (lo + hi) / 2
    return (*box[:i], (lo, mid), *box[i + 1 :]), (*box[:i], (mid, hi), *box[i + 1 :])


def _corner(dims: list[Dimension], box: Box) -> Witness:
    return tuple((d.label, lo) for d, (lo, _) in zip(dims, box, strict=True))


def _candidates(box: Box, every_corner: bool) -> Iterator[tuple[Fraction, ...]]:
    """The centre and the two extreme corners; with ``every_corner``, all 2^d corners
    (where a convex function such as a variance takes its maximum)."""
    yield tuple((lo + hi) / 2 for lo, hi in box)
    if every_corner:
        yield from itertools.product(*box)
    else:
        yield tuple(lo for lo, _ in box)
        yield tuple(hi for _, hi in box)


def _steered_corners(
    tree: ast.Node, env: Mapping[str, NamedValue], dims: list[Dimension], leaves: set[int]
) -> list[tuple[Fraction, ...]]:
    """The corners that push the top comparison's left side furthest up and down, each
    input moved to the end of its interval that raises (lowers) it when moved alone from
    the printed values; plus the all-low and all-high corners.  Candidates only: every
    witness is then evaluated exactly."""
    corners = [tuple(d.lo for d in dims), tuple(d.hi for d in dims)]
    if not isinstance(tree, ast.Compare | ast.Approx | ast.Within) or len(dims) < 2:
        return corners
    if len(dims) > limits.MAX_STEERED_INPUTS:  # one evaluation per input: bounded
        return corners
    centre = {d.key: _printed(d) for d in dims}

    def left_at(values: Mapping[Key, Real]) -> Fraction | None:
        try:
            lo, hi = bounds(
                _BoxEvaluator(env, limits.SQRT_START_BITS, leaves, values).eval(tree.left)
            )
        except (Indeterminate, LeanbridgeError, ArithmeticError):
            return None
        return (lo + hi) / 2

    base = left_at(centre)
    if base is None:
        return corners
    up: list[Fraction] = []
    for d in dims:
        moved = left_at({**centre, d.key: d.hi})
        up.append(d.lo if moved is not None and moved < base else d.hi)
    down = [d.lo + d.hi - x for d, x in zip(dims, up, strict=True)]
    return [tuple(up), tuple(down), *corners]


def _steered_witness(
    tree: ast.Node,
    env: Mapping[str, NamedValue],
    dims: list[Dimension],
    leaves: set[int],
    want: bool,
) -> Witness | None:
    """An assignment at a steered corner (see :func:`_steered_corners`) where the check's
    truth is ``want``, or None."""
    for point in _steered_corners(tree, env, dims, leaves):
        values = dict(zip((d.key for d in dims), point, strict=True))
        if _point_truth(tree, env, leaves, values) is want:
            return tuple((d.label, x) for d, x in zip(dims, point, strict=True))
    return None


_NAME_DIMENSIONS: ValueMemo[list[Dimension]] = ValueMemo()


def _cached_name_dimensions(name: str, value: NamedValue) -> list[Dimension]:
    """:func:`_name_dimensions`, made once per value (the linter asks for every claim)."""
    return _NAME_DIMENSIONS.get(value, lambda: _name_dimensions(name, value), name)


def opposite_witness(tree: ast.Node, env: Mapping[str, NamedValue], truth: bool) -> Witness | None:
    """A cheap search (a few corners, no bisection) for values that print as the inputs
    and give the check the opposite truth value: for the linter (LB015)."""
    leaf_nodes = rounded_leaves(tree, env)
    if not leaf_nodes:
        return None
    dims = _dimensions(leaf_nodes, env, _cached_name_dimensions)
    leaves = {id(n) for n in leaf_nodes}
    reals.start_work(limits.MAX_EVAL_WORK)
    from leanbridge.semantics.opposite_fast import UNKNOWN, opposite_fast

    fast = opposite_fast(tree, env, dims, leaves, truth)
    if fast is not UNKNOWN:
        return fast  # type: ignore[return-value]
    whole = {d.key: Interval(d.lo, d.hi) for d in dims}
    if _truth_at(tree, env, leaves, whole, limits.SQRT_START_BITS) is not None:
        return None  # the enclosure over the whole box decides it: no opposite exists
    return _steered_witness(tree, env, dims, leaves, not truth)


def opposite_witness_text(tree: ast.Node, env: Mapping[str, NamedValue], truth: bool) -> str | None:
    """``witness_text`` of :func:`opposite_witness` (None when there is none): LB015's
    text, made by ``opposite_fast.opposite_text`` where that applies."""
    text = opposite_fast.opposite_text(tree, env, truth)
    if text is not opposite_fast.UNKNOWN:
        return text  # type: ignore[no-any-return]
    other = opposite_witness(tree, env, truth)
    return None if other is None else witness_text(other)


def evaluate_rounded(tree: ast.Node, env: Mapping[str, NamedValue]) -> Outcome:
    """The verdict of ``tree`` over every assignment of its printed inputs' intervals."""
    exact = evaluate(tree, env)  # also the type check; the printed values are one witness
    if exact.verdict == "error":
        return exact
    leaf_nodes = rounded_leaves(tree, env)
    if not leaf_nodes:
        return exact  # nothing is widened: the exact verdict is the verdict
    dims = _dimensions(leaf_nodes, env)
    leaves = {id(n) for n in leaf_nodes}
    reals.start_work(limits.MAX_EVAL_WORK * 2)
    found: dict[bool, Witness] = {}
    if exact.verdict in ("holds", "fails"):
        truth = exact.verdict == "holds"
        found[truth] = tuple((d.label, _printed(d)) for d in dims)
        other = _steered_witness(tree, env, dims, leaves, not truth)
        if other is not None:
            found[not truth] = other
    deciders = _deciders(tree, env, dims, leaf_nodes)
    whole: Box = tuple((d.lo, d.hi) for d in dims)
    queue: deque[Box] = deque([whole])
    # each box costs about one evaluation per input: fewer boxes for many inputs
    max_boxes = max(4, min(limits.MAX_ROUNDED_BOXES, limits.MAX_ROUNDED_INPUT_BOXES // len(dims)))
    seen_true = seen_false = unresolved = False
    boxes = 0
    while queue and len(found) < 2:
        box = queue.popleft()
        boxes += 1
        values = _as_values(dims, box)
        truth = _truth_at(tree, env, leaves, values, limits.SQRT_START_BITS * 2)
        if truth is None and deciders:
            truth = _box_truth(
                tree,
                box,
                deciders,
                lambda n, v=values: _truth_at(n, env, leaves, v, limits.SQRT_START_BITS * 2),
            )
        if truth is True:
            seen_true = True
            found.setdefault(True, _corner(dims, box))
            continue
        if truth is False:
            seen_false = True
            found.setdefault(False, _corner(dims, box))
            continue
        for point in _candidates(box, boxes == 1 and len(dims) <= _EVERY_CORNER_DIMS):
            values = dict(zip((d.key for d in dims), point, strict=True))
            t = _point_truth(tree, env, leaves, values)
            if t is not None:
                found.setdefault(t, tuple((d.label, x) for d, x in zip(dims, point, strict=True)))
        if boxes + len(queue) + 2 > max_boxes or reals.work_left() < 0:
            unresolved = True
            if reals.work_left() < 0:
                break  # every later evaluation would fail on the spent budget
            continue
        queue.extend(_split(dims, box))
    if len(found) == 2:
        return Outcome(
            "consistent",
            message="true for some values that print as the inputs, false for others",
            witness_true=found[True],
            witness_false=found[False],
            span=tree.span,
        )
    if not unresolved and not queue and seen_true != seen_false:
        verdict = "holds" if seen_true else "fails"
        return replace(exact, verdict=verdict, margin=None, notes=(*exact.notes, _ALL[verdict]))
    some = " (true at the printed values)" if True in found else ""
    some = " (false at the printed values)" if False in found else some
    spent = " (the work budget ran out)" if reals.work_left() < 0 else ""
    return Outcome(
        "undecided",
        message=f"interval bounds over {boxes} boxes{spent} could not tell whether every "
        f"value that prints as the inputs gives the same answer{some}",
        span=tree.span,
    )


def _deciders(
    tree: ast.Node,
    env: Mapping[str, NamedValue],
    dims: list[Dimension],
    leaf_nodes: list[ast.Name | ast.Number],
) -> dict[int, Decider]:
    """A polynomial decider (polynomials.py) for each comparison of ``tree`` in which one
    input is used more than once, where interval arithmetic loses the dependency."""
    index = {d.key: i for i, d in enumerate(dims)}
    leaves = {id(n) for n in leaf_nodes}
    found: dict[int, Decider] = {}
    for node in tree.walk():
        if not isinstance(node, ast.COMPARISON_NODES):
            continue
        names = [n.id for n in node.walk() if isinstance(n, ast.Name) and id(n) in leaves]
        if len(names) == len(set(names)):
            continue
        decider = comparison_decider(node, env, leaves, index)
        if decider is not None:
            found[id(node)] = decider
    return found


def _box_truth(
    node: ast.Node, box: Box, deciders: Mapping[int, Decider], by_intervals: Callable
) -> Truth:
    """The truth of ``node`` over ``box``: each comparison by its polynomial decider, else
    (or when that cannot tell) by ``by_intervals(comparison)``; ``and``, ``or``, ``not``
    as the evaluator combines them."""
    if isinstance(node, ast.And | ast.Or):
        a = _box_truth(node.left, box, deciders, by_intervals)
        b = _box_truth(node.right, box, deciders, by_intervals)
        stop = isinstance(node, ast.Or)  # the value that decides it alone
        if a is stop or b is stop:
            return stop
        return None if a is None or b is None else not stop
    if isinstance(node, ast.Not):
        a = _box_truth(node.operand, box, deciders, by_intervals)
        return None if a is None else not a
    decider = deciders.get(id(node))
    if decider is not None:
        try:
            truth = decider(box, limits.SQRT_START_BITS * 2)
        except (Indeterminate, LeanbridgeError, ArithmeticError):
            truth = None
        if truth is not None:
            return truth
    return by_intervals(node)


_EVERY_CORNER_DIMS = 6  # the whole box's 2^d corners are tried up to this many dimensions

_ALL = {
    "holds": "true for every value that prints as the inputs",
    "fails": "false for every value that prints as the inputs",
}


def _printed(d: Dimension) -> Fraction:
    return (d.lo + d.hi) / 2  # the printed value is the centre of its interval
