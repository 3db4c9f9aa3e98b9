"""A fast exact path for ``rounded.opposite_witness`` (LB015) on one aggregate of lists.

``opposite_witness`` answers: the first of the steered corners (up, down, all-low,
all-high; see ``rounded._steered_corners``) at which the check has the other truth value,
or None.  Its enclosure over the whole box only saves work: when the enclosure decides,
no point of the box has the other truth value, so no corner would be found either.  The
answer is therefore the first matching corner whatever sound enclosure is used.

For a check ``LEFT op RIGHT`` (``op`` a comparison, ``~=`` or ``±``; LEFT one of
``sum mean median min max len var pvar sd psd`` of named lists, ``sqrt(var|pvar(...))``,
``round(sum|mean|median|min|max(...), k)``, ``max(x) - min(x)``, ``abs(x - y)`` or
``pct_change(x, y)`` of two single numbers; RIGHT free of widened inputs)
this module computes the same answer on integers over one common denominator:

* a sound range of the left side over the box (exact for the order statistics, sum and
  mean, which are non-decreasing in every item; for the variances the exact change
  ``2 h (n a_i - S1) + n h^2 - ...`` bounded item by item) that often decides the check;
* the steering of each input (does moving it alone to the top of its interval lower the
  left side, compared as the slow path compares: midpoints of the 64-bit enclosures) from
  the moments, ``O(1)`` per input instead of one evaluation;
* the truth at each corner with the evaluator's own comparison functions.

Only printed numbers of at most ``_MAX_BITS`` bits are taken, so that no value anywhere
(here or in the slow path) reaches the size at which work is charged: the work budget,
shared in the slow path by the enclosure and the corners, then never decides anything.
Anything else returns :data:`UNKNOWN` and the caller runs the general search.
``tests/test_opposite_fast.py`` compares the two on random checks.

The linter calls :func:`opposite_text` (through ``rounded.opposite_witness_text``), which
gives the same answer as the finding's text without the general set-up (see the section
below); ``tests/test_opposite_text.py`` compares it with the general search.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Container, Mapping
from fractions import Fraction
from itertools import compress, repeat
from math import isqrt, lcm
from operator import add, attrgetter, getitem, itemgetter, mul, not_

from leanbridge import limits
from leanbridge.errors import LeanbridgeError
from leanbridge.semantics import reals, value_memo
from leanbridge.semantics.display import real_text
from leanbridge.semantics.functions import FUNCTIONS
from leanbridge.semantics.numbers import Decimal
from leanbridge.semantics.reals import Indeterminate, Real, Root, bounds
from leanbridge.semantics.typecheck import approx_target
from leanbridge.semantics.value_memo import ValueMemo
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast

UNKNOWN = object()  # the fast path does not apply: run the general search

# non-decreasing in each item (`len`: constant)
_MONOTONE = frozenset({"sum", "mean", "median", "min", "max", "len"})
_VARIANCES = {"var": "var", "pvar": "pvar", "sd": "var", "psd": "pvar"}
_MAX_BITS = 100  # numerator/denominator bits of every printed bound taken here
_MAX_ITEMS = 1_000
_BITS = limits.SQRT_START_BITS  # the precision of the slow path's steering and corners


class _Items:
    """The aggregate's items at the centre, low and high ends, as integers over ``d``."""

    def __init__(self, c: list[int], lo: list[int], hi: list[int], d: int, dim_item: list[int]):
        self.c, self.lo, self.hi, self.d = c, lo, hi, d
        self.dim_item = dim_item  # dimension index -> item index


# Per named value (and how it is taken): its items' bounds as integers over its own
# denominator, with the Dimension objects they were read from.
_PARTS: ValueMemo[tuple[tuple, list[int], list[int], int] | None] = ValueMemo()


def _part(bounds: list[tuple[Fraction, Fraction]]) -> tuple[list[int], list[int], int] | None:
    """``bounds`` as integers over ``2 * lcm`` of their denominators (so that the centres
    are integers too); None past the size taken here."""
    dens = set()
    for pair in bounds:
        for q in pair:
            if q.numerator.bit_length() > _MAX_BITS or q.denominator.bit_length() > _MAX_BITS:
                return None
            dens.add(q.denominator)
    d = 2 * lcm(*dens)
    lo_n = [lo.numerator * (d // lo.denominator) for lo, _ in bounds]
    hi_n = [hi.numerator * (d // hi.denominator) for _, hi in bounds]
    return lo_n, hi_n, d


def _named_part(name, value, widened, own) -> tuple[list[int], list[int], int] | None:
    def make():  # type: ignore[no-untyped-def]
        if widened:
            made = _part([(dim.lo, dim.hi) for dim in own])
        else:
            made = _part([(q, q) for q in (dec.value for dec in value.numbers)])
        return None if made is None else (tuple(own), *made)

    hit = _PARTS.get(value, make, (name, widened))
    if hit is not None and not _same_objects(hit[0], own):
        hit = make()  # other dimensions for the same value (not the linter's usual case)
    return None if hit is None else hit[1:]


def _same_objects(a, b) -> bool:  # type: ignore[no-untyped-def]
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def _items(args, env, dims, leaves, whole: bool = True) -> _Items | None:
    """The items of the aggregate's arguments (named lists or numbers, each name once);
    with ``whole``, every dimension must be one of them."""
    index = {d.key: i for i, d in enumerate(dims)}
    parts = []  # (dimension indices or None, lo ints, hi ints, denominator)
    seen: set[str] = set()
    count = 0
    for arg in args:
        if not isinstance(arg, ast.Name) or arg.id in seen or arg.id not in env:
            return None
        seen.add(arg.id)
        value = env[arg.id]
        widened = id(arg) in leaves
        ks: list[int] | None = None
        if widened:
            ks = [index.get((arg.id, i), -1) for i in range(len(value.numbers))]
            if -1 in ks:
                return None
        part = _named_part(arg.id, value, widened, [dims[k] for k in ks] if ks else [])
        if part is None:
            return None
        parts.append((ks, *part))
        count += len(value.numbers)
    if not count or count > _MAX_ITEMS:
        return None
    d = lcm(*[p[3] for p in parts])
    lo_n: list[int] = []
    hi_n: list[int] = []
    dim_item = [-1] * len(dims)
    for ks, lo, hi, dv in parts:
        if ks is not None:
            for j, k in enumerate(ks, start=len(lo_n)):
                dim_item[k] = j
        f = d // dv
        lo_n += lo if f == 1 else [x * f for x in lo]
        hi_n += hi if f == 1 else [x * f for x in hi]
    if whole and -1 in dim_item:  # a widened input outside the aggregate
        return None
    c = [(a + b) >> 1 for a, b in zip(lo_n, hi_n, strict=True)]
    return _Items(c, lo_n, hi_n, d, dim_item)


# --- the left side as a function of the items --------------------------------------------


def _order(func: str, a: list[int], d: int) -> Fraction:
    s = sorted(a)
    if func == "min":
        return Fraction(s[0], d)
    if func == "max":
        return Fraction(s[-1], d)
    mid = len(s) // 2
    return Fraction(s[mid], d) if len(s) % 2 else Fraction(s[mid - 1] + s[mid], 2 * d)


def _q(a: list[int]) -> int:
    """``n S2 - S1^2`` (>= 0): every variance is this over a positive denominator."""
    s1 = sum(a)
    return len(a) * sum(map(mul, a, a)) - s1 * s1


class _Left:
    """One supported left side: its value at a point, a sound range over the box, and
    whether moving one item alone up lowers it (as the slow path's steering decides)."""

    __slots__ = ("args", "digits", "func", "kind")  # one per claim: made and read often

    def __init__(self, node: ast.Node) -> None:
        self.kind = ""
        self.func = ""
        self.args: tuple[ast.Node, ...] = ()
        self.digits: int | None = None
        if isinstance(node, ast.Sub):  # max(x) - min(x)
            lf, rt = node.left, node.right
            if (
                isinstance(lf, ast.Call)
                and isinstance(rt, ast.Call)
                and lf.func == "max"
                and rt.func == "min"
                and len(lf.args) == 1
                and isinstance(lf.args[0], ast.Name)
                and isinstance(rt.args[0], ast.Name)
                and len(rt.args) == 1
                and lf.args[0].id == rt.args[0].id
            ):
                self.kind, self.args = "range", lf.args
            return
        if not isinstance(node, ast.Call):
            return
        args = node.args
        func = node.func
        # the usual left sides first (no name below is one of these)
        if func in _MONOTONE:
            self.kind, self.func, self.args = "monotone", func, args
            return
        if func in _VARIANCES:
            self.kind = "root" if func in ("sd", "psd") else "var"
            self.func, self.args = _VARIANCES[func], args
            return
        if node.func == "abs" and len(args) == 1 and isinstance(args[0], ast.Sub):  # abs(x - y)
            if isinstance(args[0].left, ast.Name) and isinstance(args[0].right, ast.Name):
                self.kind, self.args = "absdiff", (args[0].left, args[0].right)
            return
        if node.func == "pct_change" and all(isinstance(a, ast.Name) for a in args):
            self.kind, self.args = "pct", args  # (old, new)
            return
        if node.func == "round" and len(node.args) == 2:
            inner, k = node.args
            if (
                isinstance(inner, ast.Call)
                and inner.func in _MONOTONE
                and isinstance(k, ast.Number)
                and k.literal.value.denominator == 1
                and abs(k.literal.value) <= limits.MAX_ROUND_DIGITS
            ):
                self.kind, self.func, self.args = "monotone", inner.func, inner.args
                self.digits = int(k.literal.value)
            return
        if node.func == "sqrt" and len(node.args) == 1:
            inner = node.args[0]
            if isinstance(inner, ast.Call) and inner.func in ("var", "pvar"):
                self.kind, self.func, self.args = "root", inner.func, inner.args
            return

    # the values

    def _var_den(self, n: int, d: int) -> int:
        return (n * (n - 1) if self.func == "var" else n * n) * d * d

    def at(self, a: list[int], d: int) -> Real:
        """The evaluator's value of the left side at the point with items ``a / d``."""
        if self.kind == "monotone":
            n = len(a)
            if self.func == "sum":
                x = Fraction(sum(a), d)
            elif self.func == "mean":
                x = Fraction(sum(a), d * n)
            elif self.func == "len":
                x = Fraction(n)
            else:
                x = _order(self.func, a, d)
            return x if self.digits is None else reals.round_half_away(x, self.digits)
        if self.kind == "range":
            return Fraction(max(a) - min(a), d)
        if self.kind == "absdiff":
            return Fraction(abs(a[0] - a[1]), d)
        if self.kind == "pct":  # the function itself: (new - old) / old * 100
            return FUNCTIONS["pct_change"].impl([Fraction(a[0], d), Fraction(a[1], d)], _BITS)
        v = Fraction(_q(a), self._var_den(len(a), d))
        return reals.square_root(v, _BITS) if self.kind == "root" else v

    def box(self, items: _Items) -> tuple[Real, Real]:
        """A sound range ``[L, H]`` of the left side over the whole box."""
        d = items.d
        if self.kind == "monotone":  # non-decreasing in every item: the corners are extreme
            return self.at(items.lo, d), self.at(items.hi, d)
        if self.kind == "range":
            return (
                Fraction(max(items.lo) - min(items.hi), d),
                Fraction(max(items.hi) - min(items.lo), d),
            )
        if self.kind == "absdiff":  # x - y over the box, then its absolute value
            lo, hi = items.lo[0] - items.hi[1], items.hi[0] - items.lo[1]
            least = 0 if lo <= 0 <= hi else min(abs(lo), abs(hi))
            return Fraction(least, d), Fraction(max(abs(lo), abs(hi)), d)
        if self.kind == "pct":
            # old's interval excludes 0 (opposite_fast): 100 (new / old - 1) is monotone in
            # each input whatever the other's value, so its extremes are at the corners
            values = [
                self.at([o, n], d)
                for o in (items.lo[0], items.hi[0])
                for n in (items.lo[1], items.hi[1])
            ]
            return min(values), max(values)
        # Q(c + h) - Q(c) = 2 sum h_i (n c_i - S1) + (n sum h_i^2 - (sum h_i)^2), and the
        # second part is in [0, n sum u_i^2] for |h_i| <= u_i (Cauchy-Schwarz).
        c = items.c
        n, s1 = len(c), sum(c)
        q = _q(c)
        linear = quad = 0
        for x, hi in zip(c, items.hi, strict=True):
            u = hi - x
            if u:
                linear += 2 * u * abs(n * x - s1)
                quad += u * u
        den = self._var_den(n, d)
        lo_v = Fraction(max(0, q - linear), den)
        hi_v = Fraction(q + linear + n * quad, den)
        if self.kind == "root":
            return reals.square_root(lo_v, _BITS), reals.square_root(hi_v, _BITS)
        return lo_v, hi_v

    def lowered(self, items: _Items) -> list[bool]:
        """Per dimension: does moving it alone to its high end lower the left side's
        enclosure midpoint (``rounded._steered_corners``: then its "up" end is low)?"""
        if self.kind == "monotone":
            return [False] * len(items.dim_item)  # raising an item never lowers it
        c, d = items.c, items.d
        if self.kind in ("absdiff", "pct"):  # two inputs: their exact values
            base = self.at(c, d)
            out = []
            for j in items.dim_item:
                moved = list(c)
                moved[j] = items.hi[j]
                out.append(self.at(moved, d) < base)
            return out
        if self.kind == "range":
            base = max(c) - min(c)
            out = []
            for j in items.dim_item:
                moved = list(c)
                moved[j] = items.hi[j]
                out.append(max(moved) - min(moved) < base)
            return out
        n, s1 = len(c), sum(c)
        q = _q(c)
        # Q' - Q = 2h(n c_j - S1) + (n - 1)h^2 for item j moved up by h
        changes = []
        for j in items.dim_item:
            h = items.hi[j] - c[j]
            changes.append(2 * h * (n * c[j] - s1) + (n - 1) * h * h)
        if self.kind == "var":
            return [dq < 0 for dq in changes]
        den = self._var_den(n, d)
        base_key = _root_key(q, den)
        out = []
        for dq in changes:
            if dq == 0:
                out.append(False)
                continue
            key = _root_key(q + dq, den)
            if key is not None and base_key is not None:  # two Roots: (s + 1/2) / 2^bits
                out.append(key < base_key)
            else:  # an exact square root on one side (rare): the midpoints themselves
                out.append(_root_mid(q + dq, den) < _root_mid(q, den))
        return out


def _is_root_only(q: int, den: int) -> bool:
    """``sqrt(q / den)`` is irrational (a :class:`Root`, not an exact Fraction)."""
    p = q * den
    return q != 0 and isqrt(p) ** 2 != p


def _root_key(q: int, den: int) -> int | None:
    return isqrt((q << 2 * _BITS) // den) if _is_root_only(q, den) else None


def _root_mid(q: int, den: int) -> Fraction:
    lo, hi = bounds(reals.square_root(Fraction(q, den), _BITS))
    return (lo + hi) / 2


# --- the comparison ----------------------------------------------------------------------


def _truth_fn(tree: ast.Node, env: Mapping[str, NamedValue]):
    """(truth of ``x op RIGHT`` for a left value x, the value the truth set is centred on)."""
    from leanbridge.semantics.evaluate import Evaluator

    if isinstance(tree, ast.Compare):
        right = Evaluator(env).eval(tree.right)
        if right.__class__ is not Fraction and not isinstance(right, Root):
            return None
        op = tree.op
        return (lambda x: reals.compare(op, x, right)), right, op
    if isinstance(tree, ast.Approx):
        target = approx_target(tree, env)
        t, tol = target.value, target.half_unit
        return _within(t, tol), t, "~="
    if isinstance(tree, ast.Within):
        t = Evaluator(env).eval(tree.target)
        if t.__class__ is not Fraction:
            return None
        tol = tree.tolerance.literal.value
        if tree.relative:
            tol = reals.relative_tolerance(tol, t, _BITS)
        return _within(t, tol), t, "~="
    return None


def _within(t: Fraction, tol: Real) -> Callable[[Real], bool | None]:
    """``|x - t| <= tol`` as the evaluator decides it (``evaluate._decide``): on exact
    values by the sign of the margin, else by :func:`reals.within`."""
    if tol.__class__ is not Fraction:
        return lambda x: reals.within(x, t, tol)

    def truth(x: Real) -> bool | None:
        if x.__class__ is Fraction:
            return reals.exact_margin(x, t, tol) >= 0  # type: ignore[arg-type]
        return reals.within(x, t, tol)

    return truth


def _decided(
    truth: Callable[[Real], bool | None], centre: Real, op: str, lo: Real, hi: Real
) -> bool:
    """Whether the truth is the same for every left value in ``[lo, hi]``."""
    a, b = truth(lo), truth(hi)
    if a is None or b is None or a != b:
        return False
    if op in ("<", "<=", ">", ">="):  # monotone in the left value
        return True
    if op == "!=":  # the complement of a point: constant iff `==` is
        a = not a
    if a:  # a convex set (a point or an interval) holding both ends holds all between
        return True
    # both ends outside a convex set: constant only if both are on the same side of it
    below = reals.compare("<", lo, centre) is True and reals.compare("<", hi, centre) is True
    above = reals.compare(">", lo, centre) is True and reals.compare(">", hi, centre) is True
    return below or above


def _comparison(node: ast.Node, env, dims, leaves, whole: bool):  # type: ignore[no-untyped-def]
    """(left side, its items, (truth function, centre, op)) of a supported comparison."""
    left = _Left(node.left)  # type: ignore[attr-defined]
    if not left.kind:
        return None
    right = node.target if isinstance(node, ast.Within) else node.right  # type: ignore[attr-defined]
    for sub in right.walk():
        if id(sub) in leaves:
            return None
    items = _items(left.args, env, dims, leaves, whole)
    if items is None:
        return None
    n = len(items.c)
    if n < (2 if left.func == "var" else 1):
        return None
    if left.kind in ("absdiff", "pct") and (n != 2 or any(env[a.id].is_list for a in left.args)):
        return None  # two single numbers
    if left.kind == "pct" and items.lo[0] <= 0 <= items.hi[0]:
        return None  # old may be 0: the general search (and its errors)
    try:
        fn = _truth_fn(node, env)
    except (LeanbridgeError, Indeterminate, ArithmeticError):
        return None
    return None if fn is None else (left, items, fn)


def opposite_fast(
    tree: ast.Node, env: Mapping[str, NamedValue], dims, leaves: set[int], truth: bool
):
    """``opposite_witness(tree, env, truth)`` for the supported checks, else UNKNOWN."""
    if not dims:
        return UNKNOWN
    if isinstance(tree, ast.And | ast.Or | ast.Not):
        return _boolean(tree, env, dims, leaves, not truth)
    if not isinstance(tree, ast.Compare | ast.Approx | ast.Within):
        return UNKNOWN
    got = _comparison(tree, env, dims, leaves, whole=True)
    if got is None:
        return UNKNOWN
    left, items, (truth_of, centre, op) = got
    want = not truth
    if _decided(truth_of, centre, op, *left.box(items)):
        return None
    d = items.d
    corners: list[list[int]] = []
    if 2 <= len(dims) <= limits.MAX_STEERED_INPUTS:
        up, down = list(items.c), list(items.c)
        for j, low in zip(items.dim_item, left.lowered(items), strict=True):
            up[j], down[j] = (items.lo[j], items.hi[j]) if low else (items.hi[j], items.lo[j])
        corners += [up, down]
    corners += [items.lo, items.hi]
    for point in corners:
        if truth_of(left.at(point, d)) is want:
            # each input is at an end of its interval: the dimension's own bound
            return tuple(
                (dim.label, dim.lo if point[j] == items.lo[j] else dim.hi)
                for dim, j in zip(dims, items.dim_item, strict=True)
            )
    return None


def _boolean(tree: ast.Node, env, dims, leaves: set[int], want: bool):  # type: ignore[no-untyped-def]
    """``and``/``or``/``not`` of supported comparisons: not steered, so the candidates are
    the all-low and all-high corners; the truth at each combines the comparisons' as the
    evaluator does (``_eval_And``, ``_eval_Or``, ``_eval_Not``)."""
    parts: dict[int, tuple] = {}
    covered: set[int] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.And | ast.Or):
            stack += [node.left, node.right]
        elif isinstance(node, ast.Not):
            stack.append(node.operand)
        elif isinstance(node, ast.Compare | ast.Approx | ast.Within):
            got = _comparison(node, env, dims, leaves, whole=False)
            if got is None:
                return UNKNOWN
            parts[id(node)] = got
            covered.update(k for k, j in enumerate(got[1].dim_item) if j != -1)
        else:
            return UNKNOWN
    if len(covered) != len(dims):
        return UNKNOWN  # a widened input outside the comparisons taken

    def truth_at(node: ast.Node, high: bool) -> bool | None:
        if isinstance(node, ast.And | ast.Or):
            a, b = truth_at(node.left, high), truth_at(node.right, high)
            decisive = isinstance(node, ast.Or)  # True decides `or`, False decides `and`
            if a is decisive or b is decisive:
                return decisive
            return None if a is None or b is None else not decisive
        if isinstance(node, ast.Not):
            a = truth_at(node.operand, high)
            return None if a is None else not a
        left, items, (truth_of, _, _) = parts[id(node)]
        return truth_of(left.at(items.hi if high else items.lo, items.d))

    for high in (False, True):
        if truth_at(tree, high) is want:
            return tuple((dim.label, dim.hi if high else dim.lo) for dim in dims)
    return None


# --- the linter's path: from the tree to the finding's text ------------------------------
# ``opposite_text`` answers as ``opposite_fast`` does on the checks it takes, without the
# general set-up: the widened inputs are read off the tree (every name on a left side, when
# no name of a left side is used on a right side), each value's interval ends are integers
# made once per value from its decimals, and its sums, sorted ends and moments are kept for
# every left side that uses it; the range over the box and the value at each candidate
# corner are integers, the truth at each is decided in integers (the candidates only when
# the range does not decide), and the witness text is joined from per-value parts.  Any
# other check returns UNKNOWN, and the caller takes the general path.

# An exact value ``num / den`` (den > 0) or, with True, the square root of one.
Rep = tuple[int, int, bool]
# Which end of its interval each item takes: True (False) for all high (low), else per item.
Spec = bool | tuple[bool, ...]

# The truth of ``left op right`` from the sign of ``left - right``.
_SIGN_TRUTH: dict[str, Callable[[int], bool]] = {
    "<": lambda s: s < 0,
    "<=": lambda s: s <= 0,
    ">": lambda s: s > 0,
    ">=": lambda s: s >= 0,
    "==": lambda s: s == 0,
    "!=": lambda s: s != 0,
}


def _sign(x: Rep, cn: int, cd: int) -> int:
    """The sign of ``x - cn/cd`` (cd > 0), exactly; a square root is compared by squaring
    (both sides non-negative), which is how ``reals.compare`` and ``reals.within`` decide
    a Root or an exact value against an exact one."""
    n, d, root = x
    if root:
        if cn < 0:
            return 1
        v = n * cd * cd - cn * cn * d
    else:
        v = n * cd - cn * d
    return (v > 0) - (v < 0)


def _rep(x: Real) -> Rep | None:
    if x.__class__ is Fraction:
        return x.numerator, x.denominator, False  # type: ignore[union-attr]
    if isinstance(x, Root):
        return x.radicand.numerator, x.radicand.denominator, True
    return None


def _uniform(ends: tuple[bool, ...]) -> Spec:
    return True if all(ends) else False if not any(ends) else ends


def _bound_text(m: int, e: int, high: bool) -> str:
    """``display.real_text`` of the end ``(m ± 1/2) 10^e`` of a printed number's interval,
    that is ``(10m ± 5) 10^(e-1)``: from its digits where it is a plain decimal (the last
    digit is 5, so no zero is stripped), else by ``real_text`` itself."""
    big = 10 * m + (5 if high else -5)
    places = 1 - e
    if 0 <= places <= 40:
        digits = str(abs(big))
        if len(digits) - places <= 40:  # |x| < 10^40: fixed notation (|x| >= 5e-41 too)
            sign = "-" if big < 0 else ""
            if not places:
                return sign + digits
            digits = digits.rjust(places + 1, "0")
            return f"{sign}{digits[:-places]}.{digits[-places:]}"
    exact = Fraction(big * 10**-places) if places <= 0 else Fraction(big, 10**places)
    return real_text(exact)


def _decimal(dec: Decimal) -> tuple[int, int]:
    """A printed number as ``(num, den)``, den > 0 (not reduced)."""
    e = dec.exponent
    return (dec.mantissa * 10**e, 1) if e >= 0 else (dec.mantissa, 10**-e)


def _bound_texts(ms: list[int], e: int, high: bool) -> list[str]:
    """:func:`_bound_text` of every ``m`` in ``ms`` (one exponent), the plain decimals by
    their digits."""
    places = 1 - e
    if 1 <= places <= 40 and 10 * max([abs(m) for m in ms]) + 5 < 10 ** (40 + places):
        add, width = (5 if high else -5), places + 1
        out = []
        for m in ms:  # the digits of |10m ± 5|, a point before the last `places`
            big = 10 * m + add
            if big < 0:
                s = str(-big).rjust(width, "0")
                out.append(f"-{s[:-places]}.{s[-places:]}")
            else:
                s = str(big).rjust(width, "0")
                out.append(f"{s[:-places]}.{s[-places:]}")
        return out
    return [_bound_text(m, e, high) for m in ms]


def _labelled_bound_texts(name: str, ms: list[int], e: int, high: bool) -> list[str]:
    """``name[i] = `` and :func:`_bound_text` of each ``ms[i]`` (one exponent): the plain
    decimals of one sign (the usual list) by their digits in one pass."""
    places = 1 - e
    half = 5 if high else -5
    if 1 <= places <= 40 and min(ms) >= (0 if high else 1):  # every end positive
        bigs = [10 * m + half for m in ms]
        if bigs[-1] < 10 ** (40 + places) and max(bigs) < 10 ** (40 + places):
            if min(bigs) >= 10**places:  # no leading zeros to add
                return [
                    f"{name}[{i}] = {t[:-places]}.{t[-places:]}"
                    for i, t in enumerate(map(str, bigs))
                ]
            width = places + 1
            return [
                f"{name}[{i}] = {t[:-places]}.{t[-places:]}"
                for i, t in enumerate([str(b).rjust(width, "0") for b in bigs])
            ]
    return [f"{name}[{i}] = {t}" for i, t in enumerate(_bound_texts(ms, e, high))]


_MANTISSA, _EXPONENT = attrgetter("mantissa"), attrgetter("exponent")
# "[i] = " for each index: a list's labels are its name and these
_INDEX_LABELS: list[str] = []
# the last digit d of m -> "(d - 1)5": the text of 10 (m - 1) + 5 from that of m
_DOWN = {str(d): f"{d - 1}5" for d in range(1, 10)}
_DOWN_ANY = {**_DOWN, "0": ""}  # "0": replaced by _bound_text after


def _labelled_ends(name: str, ms: list[int], e: int) -> tuple[list[str], list[str]] | None:
    """``name[i] = `` and :func:`_bound_text` of each ``ms[i]`` at its low and at its high
    end, for numbers of 1 to 38 places, each at least 1, without a point or sign to work
    out per end: the high end of m (``10m + 5`` over ``10^(p+1)``) is m's own text and a
    5, the low end ``10(m - 1) + 5`` the same with m's last digit lowered (when not 0);
    else None."""
    p = -e
    if not 1 <= p <= 38 or min(ms) < 10**p or max(ms) >= 10 ** (38 + p):
        return None
    n = len(ms)
    if len(_INDEX_LABELS) < n:
        _INDEX_LABELS.extend(f"[{i}] = " for i in range(len(_INDEX_LABELS), n))
    labels = list(map(add, repeat(name, n), _INDEX_LABELS[:n]))
    texts = [f"{t[:-p]}.{t[-p:]}" for t in map(str, ms)]  # m itself: at least p + 1 digits
    high = [f"{a}{t}5" for a, t in zip(labels, texts, strict=True)]
    low = [
        f"{a}{t[:-1]}{_DOWN[t[-1]]}" if t[-1] != "0" else a + _bound_text(m, e, False)
        for a, t, m in zip(labels, texts, ms, strict=True)
    ]
    return low, high


_TEXT, _CHOP, _LAST = attrgetter("text"), itemgetter(slice(None, -1)), itemgetter(-1)
# p -> "texts of numbers of p places, ", "-joined": each 1 to 38 digits (the first not 0), a
# point and p digits, all ASCII: the digits of m itself (m = their int)
_PLAIN: dict[int, re.Pattern[str]] = {}


def _plain_ends(numbers: list[Decimal], e: int) -> tuple[list[str], list[str]] | None:
    """The text of each number's low and high end (:func:`_bound_text`), unlabelled, from
    their printed texts where every text is the mantissa's digits with a point before the
    last ``-e`` (1 to 38 places, a first digit not 0: what :func:`_labelled_ends` takes):
    the high end is that text and a 5, the low end the same with its last digit lowered
    (when not 0); made by C loops, no int made into a string.  Else None."""
    p = -e
    if not 1 <= p <= 38:
        return None
    texts = list(map(_TEXT, numbers))
    plain = _PLAIN.get(p)
    if plain is None:
        x = rf"[1-9][0-9]{{0,37}}\.[0-9]{{{p}}}"
        plain = _PLAIN[p] = re.compile(rf"(?:{x}, )*{x}")
    if plain.fullmatch(", ".join(texts)) is None:
        return None
    high = list(map(add, texts, repeat("5")))
    lasts = list(map(_LAST, texts))
    low = list(map(add, map(_CHOP, texts), map(_DOWN_ANY.__getitem__, lasts)))
    j = -1
    for _ in range(lasts.count("0")):
        j = lasts.index("0", j + 1)
        low[j] = _bound_text(numbers[j].mantissa, e, False)
    return low, high


def _labelled(name: str, values: list[str]) -> str:
    """``", ".join(f"{name}[{i}] = {v}")`` of ``values`` in one join of their pieces, no
    string per item."""
    n = len(values)
    if len(_INDEX_LABELS) < n:
        _INDEX_LABELS.extend(f"[{i}] = " for i in range(len(_INDEX_LABELS), n))
    pieces = [", "] * (4 * n)
    pieces[0::4] = [name] * n
    pieces[1::4] = _INDEX_LABELS[:n]
    pieces[2::4] = values
    pieces.pop()
    return "".join(pieces)


class _Val:
    """A named value's printed numbers: the ends and centres of their intervals as
    integers over one denominator ``d = 2 * 10^k``; what the left sides need of them and
    the witness text of each end, made when first asked for."""

    __slots__ = (
        "_hi",
        "_joined",
        "_lo",
        "_made",
        "_plain",
        "_texts",
        "c",
        "d",
        "n",
        "name",
        "numbers",
        "same",
        "value",
    )

    def __init__(
        self, name: str, value: NamedValue, k: int, same: bool, ms: list[int] | None = None
    ) -> None:
        """``same``: every number is printed with the exponent ``-k``; ``ms``: the
        mantissas, when made already."""
        self.name = name
        self.value = value
        self.numbers = numbers = value.numbers
        self.n = len(numbers)
        self.d = 2 * 10**k
        self.same = same  # then every half-width is 1
        self._lo: list[int] | None
        self._hi: list[int] | None
        if same:  # over d itself: the centres are 2m, the ends 2m - 1 and 2m + 1
            if ms is None:
                ms = list(map(_MANTISSA, numbers))
            if len(ms) == 1:  # a single number (an operand of abs or pct_change): no loops
                x = ms[0] + ms[0]
                self.c, self._lo, self._hi = [x], [x - 1], [x + 1]
            else:  # the ends' lists when asked for (lo, hi): most uses read c alone
                self.c = [m + m for m in ms]
                self._lo = self._hi = None
        else:
            fs = [10 ** (dec.exponent + k) for dec in numbers]
            self.c = [2 * dec.mantissa * f for dec, f in zip(numbers, fs, strict=True)]
            self._lo = [x - f for x, f in zip(self.c, fs, strict=True)]
            self._hi = [x + f for x, f in zip(self.c, fs, strict=True)]
        self._texts: list[list[str] | None] = [None, None]
        self._joined: list[str | None] = [None, None]
        self._made: dict = {}
        self._plain: tuple[list[str], list[str]] | bool | None = None  # _plain_ends, False: none

    @property
    def lo(self) -> list[int]:
        """Each item's low end (made when first asked for: ``c - 1`` when ``same``)."""
        lo = self._lo
        if lo is None:
            lo = self._lo = [x - 1 for x in self.c]
        return lo

    @property
    def hi(self) -> list[int]:
        """Each item's high end (``c + 1`` when ``same``)."""
        hi = self._hi
        if hi is None:
            hi = self._hi = [x + 1 for x in self.c]
        return hi

    def _parts(self, high: bool) -> list[str]:
        """``label = value`` of each item at its low (high) end (``display.witness_text``)."""
        parts = self._texts[high]
        if parts is None:
            numbers, name = self.numbers, self.name
            e = numbers[0].exponent
            if self.same and self.value.is_list:
                ms = [dec.mantissa for dec in numbers]
                ends = _labelled_ends(name, ms, e)
                if ends is not None:  # both ends at once: a mixed corner needs both
                    self._texts[0], self._texts[1] = ends
                    return ends[high]
                parts = _labelled_bound_texts(name, ms, e, high)
                self._texts[high] = parts
                return parts
            if not self.value.is_list:  # one number: _bound_text itself, no list to make
                dec = numbers[0]
                parts = [f"{name} = {_bound_text(dec.mantissa, dec.exponent, high)}"]
                self._texts[high] = parts
                return parts
            if all([dec.exponent == e for dec in numbers]):
                texts = _bound_texts([dec.mantissa for dec in numbers], e, high)
            else:
                texts = [_bound_text(dec.mantissa, dec.exponent, high) for dec in numbers]
            if self.value.is_list:
                parts = [f"{name}[{i}] = {t}" for i, t in enumerate(texts)]
            else:
                parts = [f"{name} = {texts[0]}"]
            self._texts[high] = parts
        return parts

    def joined(self, high: bool) -> str:
        """Every item at its low (high) end."""
        text = self._joined[high]
        if text is None:
            plain = self._plain_texts()
            if plain is not None:  # what _parts gives, joined without a string per item
                text = _labelled(self.name, plain[high])
            else:
                text = ", ".join(self._parts(high))
            self._joined[high] = text
        return text

    def _plain_texts(self) -> tuple[list[str], list[str]] | None:
        """:func:`_plain_ends` of a list's numbers of one precision, made once; else None
        (and :meth:`_parts`, the definition, answers)."""
        plain = self._plain
        if plain is None:
            got = None
            if self.same and self.value.is_list:
                got = _plain_ends(self.numbers, self.numbers[0].exponent)
            plain = self._plain = False if got is None else got
        return plain or None  # type: ignore[return-value]

    def text(self, spec: Spec) -> str:
        if spec is True or spec is False:
            return self.joined(spec)
        key = ("text", spec)  # claims on one value often share a steered corner
        got = self._made.get(key)
        if got is None:
            plain = self._plain_texts()
            if plain is not None:  # _parts' pairs, labelled in one join
                pairs = self._made.get("plain pairs")
                if pairs is None:
                    pairs = self._made["plain pairs"] = list(zip(*plain, strict=True))
                got = self._made[key] = _labelled(self.name, list(map(getitem, pairs, spec)))  # type: ignore[call-overload]
                return got  # type: ignore[no-any-return]
            pairs = self._made.get("pairs")
            if pairs is None:
                pairs = self._made["pairs"] = list(
                    zip(self._parts(False), self._parts(True), strict=True)
                )
            got = self._made[key] = ", ".join(map(getitem, pairs, spec))  # type: ignore[call-overload]
        return got  # type: ignore[no-any-return]

    def at_centre(self, func: str) -> tuple[int, int]:
        """``func`` (an order statistic, sum, mean or len) of the printed values, as the
        evaluator gives it (an exact rational), as ``(num, den)``."""
        key = ("centre", func)
        got = self._made.get(key)
        if got is None:
            c, d, n = self.c, self.d, self.n
            if func in ("sum", "mean", "len"):
                got = (n, 1) if func == "len" else (sum(c), d if func == "sum" else d * n)
            else:
                got = _order_rep(func, self.sorted_c(), d)[:2]
            self._made[key] = got
        return got  # type: ignore[no-any-return]

    def monotone(self, func: str) -> tuple[tuple[int, int], tuple[int, int]]:
        """``_monotone_entry``'s range of ``func`` over this value alone (before rounding)."""
        n = self.n
        if func == "len":
            return (n, 1), (n, 1)
        if func == "sum" or func == "mean":
            lo_s, hi_s = self.sums()
            den = self.d if func == "sum" else self.d * n
            return (lo_s, den), (hi_s, den)
        d = self.d
        if self.same:  # the sorted ends are the sorted centres moved by -1 and +1 (each
            # item alike, so the order is kept): an order statistic's value over den is its
            # value at the centres moved by -k and +k, k = den / d the items it averages
            num, den, _ = _order_rep(func, self.sorted_c(), d)
            k = den // d
            return (num - k, den), (num + k, den)
        slo, shi = self.sorted_ends()
        return _order_rep(func, slo, d)[:2], _order_rep(func, shi, d)[:2]  # type: ignore[return-value]

    def sums(self) -> tuple[int, int]:
        """The sums of the low and of the high ends (``same``: the centres' sum -/+ n)."""
        got = self._made.get("sums")
        if got is None:
            if self.same:
                s, n = sum(self.c), self.n
                got = self._made["sums"] = (s - n, s + n)
            else:
                got = self._made["sums"] = (sum(self.lo), sum(self.hi))
        return got  # type: ignore[no-any-return]

    def sorted_ends(self) -> tuple[list[int], list[int]]:
        """The low ends and the high ends, each sorted (the definition ``monotone`` and
        ``span`` short-cut when ``same``)."""
        got = self._made.get("sorted")
        if got is None:
            got = self._made["sorted"] = (sorted(self.lo), sorted(self.hi))
        return got  # type: ignore[no-any-return]

    def sorted_c(self) -> list[int]:
        got = self._made.get("sorted c")
        if got is None:
            got = self._made["sorted c"] = sorted(self.c)
        return got  # type: ignore[no-any-return]

    def span(self) -> tuple[int, int]:
        """``max(x) - min(x)``'s range over the box, ``max(lo) - min(hi)`` to
        ``max(hi) - min(lo)`` over d (``same``: the centres' range -/+ 2)."""
        if self.same:
            sc = self.sorted_c()
            r = sc[-1] - sc[0]
            return r - 2, r + 2
        slo, shi = self.sorted_ends()
        return slo[-1] - shi[0], shi[-1] - slo[0]

    def moments(self) -> tuple[int, int, int]:
        """``Q = n S2 - S1^2`` of the centres; ``_Left.box``'s bounds on the change of Q
        over the box: the linear part ``2 sum u |w|`` and the sum of squared half-widths
        (:meth:`uw`: moving the items by h changes Q by ``2 sum h w + n sum h^2 -
        (sum h)^2``, and ``sum h^2`` is the same at every corner)."""
        got = self._made.get("moments")
        if got is None:
            c, n = self.c, self.n
            if self.same:  # u = 1: sum |n c - S1| from the sorted centres, the k above
                # S1 / n giving n A - k S1 (A their sum) and the rest as much (sum w = 0)
                sc = self.sorted_c()
                s1 = sum(c)
                i = bisect_right(sc, s1 // n)
                linear, quad = 4 * (n * sum(sc[i:]) - s1 * (n - i)), n
            else:
                u, w = self.uw()
                linear = 2 * sum([a * abs(b) for a, b in zip(u, w, strict=True)])
                quad = sum([a * a for a in u])
            got = self._made["moments"] = (_q(c), linear, quad)
        return got  # type: ignore[no-any-return]

    def uw(self) -> tuple[list[int], list[int]]:
        """Per item its half-width u and ``w = n c - S1`` (the definition of what
        :meth:`moments` and :meth:`_lowered` read from the sorted centres when ``same``)."""
        got = self._made.get("uw")
        if got is None:
            c, n = self.c, self.n
            s1 = sum(c)
            w = [n * x - s1 for x in c]
            u = [1] * n if self.same else [h - x for x, h in zip(c, self.hi, strict=True)]
            got = self._made["uw"] = (u, w)
        return got  # type: ignore[no-any-return]

    def corners(self, kind: str, func: str) -> list[tuple[int, Spec]]:
        """``(n S2 - S1^2, spec)`` at each of :meth:`steered`'s corners (``q_at``): one pass
        over the items for the two steered corners, which are each other's mirror."""
        key = ("corners", kind, func)
        made = self._made
        got = made.get(key)
        if got is None:
            down = self._lowered(kind, func) if 2 <= self.n <= limits.MAX_STEERED_INPUTS else None
            # Q at a corner does not depend on the kind: left sides steered alike (every
            # variance, and an SD whose steering is the variance's) share their corners
            shared = down is None or down is made.get("down")
            if shared:
                got = made.get(("corners", down is None))
            if got is None:
                got = self._corners_of(down)
                if shared:
                    made["corners", down is None] = got
            made[key] = got
        return got  # type: ignore[no-any-return]

    def _corners_of(self, down: list[bool] | None) -> list[tuple[int, Spec]]:
        n = self.n
        q, _, quad = self.moments()
        base = q + n * quad
        if self.same:
            total_uw, total_u = 0, n  # sum(w) is 0
        else:
            u, w = self.uw()
            total_uw = sum([a * b for a, b in zip(u, w, strict=True)])
            total_u = sum(u)
        # all high: + sum(u w) and + sum(u); all low: their negatives
        out: dict[Spec, int] = {}
        if down is not None:
            count = sum(down)
            if self.same:  # sum of w = n c - S1 over the items moved down
                c = self.c
                lin = 2 * (n * sum(compress(c, down)) - sum(c) * count) - total_uw
                hs = 2 * count - total_u
            else:
                uw = [a * b for a, b in zip(u, w, strict=True)]
                lin = 2 * sum(compress(uw, down)) - total_uw
                hs = 2 * sum(compress(u, down)) - total_u
            # the up corner is the mirror of the down one: -lin, -hs (_uniform of each)
            up_spec: Spec
            down_spec: Spec
            if count == 0:
                up_spec, down_spec = True, False
            elif count == n:
                up_spec, down_spec = False, True
            else:
                up_spec, down_spec = tuple(map(not_, down)), tuple(down)
            out[up_spec] = base - 2 * lin - hs * hs
            out.setdefault(down_spec, base + 2 * lin - hs * hs)
        out.setdefault(False, base - 2 * total_uw - total_u * total_u)
        out.setdefault(True, base + 2 * total_uw - total_u * total_u)
        return [(qs, spec) for spec, qs in out.items()]

    def q_at(self, spec: Spec) -> int:
        """``n S2 - S1^2`` at a corner, from the moments (``_q`` of the corner's items)."""
        key = ("q", spec)
        got = self._made.get(key)
        if got is None:
            q, _, quad = self.moments()
            u, w = self.uw()
            if spec is True or spec is False:
                lin, hs = sum([a * b for a, b in zip(u, w, strict=True)]), sum(u)
                if not spec:
                    lin, hs = -lin, -hs
            else:
                signed = [a if h else -a for a, h in zip(u, spec, strict=True)]  # type: ignore[call-overload]
                lin, hs = sum([a * b for a, b in zip(signed, w, strict=True)]), sum(signed)
            got = self._made[key] = q + 2 * lin + self.n * quad - hs * hs
        return got  # type: ignore[no-any-return]

    def steered(self, kind: str, func: str) -> list[Spec]:
        """A variance's candidate corners over this value alone, in ``opposite_fast``'s
        order (up, down, all-low, all-high; each corner once), steered as
        ``_Left.lowered`` steers them."""
        key = (kind, func)
        got = self._made.get(key)
        if got is None:
            specs: list[Spec] = []
            if 2 <= self.n <= limits.MAX_STEERED_INPUTS:
                down = tuple(self._lowered(kind, func))
                specs += [_uniform(tuple([not x for x in down])), _uniform(down)]
            got = self._made[key] = list(dict.fromkeys([*specs, False, True]))
        return got  # type: ignore[no-any-return]

    def _lowered(self, kind: str, func: str) -> list[bool]:
        """``_Left.lowered`` from the moments: item j moved up by its half-width u
        changes Q by ``2 u w + (n - 1) u^2``; an SD is compared as the slow path compares
        it, by the midpoints of its 64-bit enclosures."""
        n = self.n
        q = self.moments()[0]
        made = self._made
        same = self.same
        # same (u = 1): item j's change is 2 w_j + n - 1 = 2n c_j - K, below 0 exactly
        # when c_j <= (K - 1) // 2n, so no per-item change is made unless an SD needs it
        big_k = 2 * sum(self.c) - n + 1 if same else 0
        changes = made.get("changes")
        if "down" not in made:
            if same:
                limit = (big_k - 1) // (2 * n)
                made["down"] = [x <= limit for x in self.c]
            else:
                u, w = self.uw()
                changes = [2 * a * b + (n - 1) * a * a for a, b in zip(u, w, strict=True)]
                made["changes"] = changes
                made["down"] = [dq < 0 for dq in changes]
        if kind == "var":
            return made["down"]  # type: ignore[no-any-return]
        den = (n * (n - 1) if func == "var" else n * n) * self.d * self.d
        # _sd_lowered's first case for every item at once: the least change against the
        # largest radicand
        if same:  # |2n x - K| is least next to K / 2n: the sorted centres around it
            sc = self.sorted_c()
            i = bisect_left(sc, -(-big_k // (2 * n)))
            least = min([abs(2 * n * x - big_k) for x in sc[max(0, i - 1) : i + 1]])
            top = 2 * n * sc[-1] - big_k
        else:
            least, top = min(map(abs, changes)), max(changes)  # type: ignore[arg-type]
        if (least * least) << 2 * _BITS >= 4 * (q + max(0, top)) * den:
            return made["down"]  # type: ignore[no-any-return]
        if changes is None:
            changes = made["changes"] = [2 * n * x - big_k for x in self.c]
        return [_sd_lowered(q, dq, den) for dq in changes]


def _sd_lowered(q: int, dq: int, den: int) -> bool:
    """Whether ``sqrt((q + dq) / den)`` is below ``sqrt(q / den)`` as ``_Left.lowered``
    compares them: by their 64-bit enclosures' midpoints (exact values as they are)."""
    # The two roots differ by |dq| / (sqrt((q + dq) den) + sqrt(q den)), at least
    # |dq| / (2 sqrt(M den)) for M the larger of q and q + dq.  When that is 2^-64 or more,
    # the midpoints (each within 2^-65 of its root, or the root itself) are ordered as the
    # roots are, that is as q + dq and q.
    if (dq * dq) << 2 * _BITS >= 4 * max(q, q + dq) * den:
        return dq < 0
    if dq == 0:
        return False
    base_key = _root_key(q, den)
    if base_key is not None:
        # floor(sqrt(Q'/den) 2^64), whether Q'/den is a square or not: an irrational root's
        # enclosure is [s, s + 1] / 2^64 (midpoint s + 1/2), an exact root r has
        # s <= r 2^64 < s + 1; so a key other than the base key decides alone.
        key = isqrt(((q + dq) << 2 * _BITS) // den)
        if key != base_key:
            return key < base_key
    key = _root_key(q + dq, den)  # as _Left.lowered
    if key is not None and base_key is not None:
        return key < base_key
    return _root_mid(q + dq, den) < _root_mid(q, den)


def _make_val(name: str, value: NamedValue) -> _Val | None:
    """None for an empty value, or one with a bound past ``_MAX_BITS`` bits: the bounds
    ``(2m ± 1) 10^e / 2`` are checked before reduction, which only makes them smaller, so
    every value taken here is one ``opposite_fast`` takes too."""
    numbers = value.numbers
    if not numbers:
        return None
    e = numbers[0].exponent
    ms = None
    if len(set(map(_EXPONENT, numbers))) == 1:  # the usual case: one printed precision
        ms = list(map(_MANTISSA, numbers))
        top = max(max(ms), -min(ms))
        exps = [e]
    else:
        top = 0
        exps = [dec.exponent for dec in numbers]
        for dec in numbers:  # each number's own bound
            num = 2 * abs(dec.mantissa) + 1
            if (num * 10 ** max(0, dec.exponent)).bit_length() > _MAX_BITS:
                return None
    for x in set(exps):
        if ((2 * top + 1) * 10 ** max(0, x)).bit_length() > _MAX_BITS:
            return None
        if (2 * 10 ** max(0, -x)).bit_length() > _MAX_BITS:
            return None
    k = max(0, -min(exps))
    return _Val(name, value, k, len(exps) == 1 and e == -k, ms)


# id(value) -> (value, name, its _Val): one dict lookup per claim (a ValueMemo builds a key
# and a closure).  The entry holds the value, so its id is not reused while kept; cleared
# with every ValueMemo at the start of each file, and when full.
_VALS: dict[int, tuple[NamedValue, str, _Val | None]] = {}
value_memo.also_forget(_VALS.clear)


def _val(name: str, value: NamedValue) -> _Val | None:
    hit = _VALS.get(id(value))
    if hit is not None and hit[0] is value and hit[1] == name:
        return hit[2]
    if len(_VALS) >= 4096:
        _VALS.clear()
    made = _make_val(name, value)
    _VALS[id(value)] = (value, name, made)
    return made


class _Entry:
    """A left side over the box: its sound range ``[low, high]`` (``_Left.box``) and the
    candidate corners in the order ``opposite_fast`` tries them, each with the left side's
    value there (made by ``make`` when first asked for: the range often decides)."""

    __slots__ = ("_corners", "_make", "high", "low")

    def __init__(
        self,
        low: Rep,
        high: Rep,
        corners: list[tuple[Rep, Spec]] | None = None,
        make: Callable[[], list[tuple[Rep, Spec]] | None] | None = None,
    ) -> None:
        self.low, self.high, self._corners, self._make = low, high, corners, make

    def corners(self) -> list[tuple[Rep, Spec]] | None:
        if self._corners is None and self._make is not None:
            self._corners, self._make = self._make(), None
        return self._corners

    def at(self, high: bool) -> Rep | None:
        """The value at the all-high (all-low) corner, always a candidate."""
        for rep, spec in self.corners() or ():
            if spec is high:
                return rep
        return None


def _entry(left: _Left, items: _Items, ndims: int) -> _Entry | None:
    """``opposite_fast``'s range and corners for a left side whose items are all widened,
    by ``_Left``'s own methods."""
    lo, hi = items.lo, items.hi
    try:
        low, high = left.box(items)
        points: list[list[int]] = []
        if 2 <= ndims <= limits.MAX_STEERED_INPUTS:
            up, down = list(items.c), list(items.c)
            for j, lowered in enumerate(left.lowered(items)):
                up[j], down[j] = (lo[j], hi[j]) if lowered else (hi[j], lo[j])
            points += [up, down]
        points += [lo, hi]
        corners: list[tuple[Rep, Spec]] = []
        seen: set = set()
        for point in points:
            spec = _uniform(tuple([p != a for p, a in zip(point, lo, strict=True)]))
            if spec in seen:  # the same corner again: the same truth, never the first
                continue
            seen.add(spec)
            rep = _rep(left.at(point, items.d))
            if rep is None:
                return None
            corners.append((rep, spec))
        low_rep, high_rep = _rep(low), _rep(high)
    except Exception:  # the general path meets (and reports) it the same way
        return None
    if low_rep is None or high_rep is None:
        return None
    return _Entry(low_rep, high_rep, corners)


def _joined_items(vals: list[_Val]) -> _Items:
    """The items of several values over one denominator (each d is 2 * 10^k: the largest
    is a multiple of the others)."""
    d = max(v.d for v in vals)
    lo: list[int] = []
    hi: list[int] = []
    c: list[int] = []
    for v in vals:
        f = d // v.d
        lo += v.lo if f == 1 else [x * f for x in v.lo]
        hi += v.hi if f == 1 else [x * f for x in v.hi]
        c += v.c if f == 1 else [x * f for x in v.c]
    return _Items(c, lo, hi, d, list(range(len(lo))))


def _left_entry(left: _Left, vals: list[_Val]) -> _Entry | None:
    """The :class:`_Entry` of ``left`` over ``vals``: :func:`_entry`'s, made from each
    value's sums, sorted ends and moments where the left side allows."""
    kind = left.kind
    if kind in ("absdiff", "pct"):
        return _pair_entry(kind, vals[0], vals[1])
    if len(vals) == 1:  # a left side of one value: its entry is kept with the value
        v = vals[0]
        key = (kind, left.func, left.digits)
        if key in v._made:
            return v._made[key]  # type: ignore[no-any-return]
    if kind == "monotone":
        entry = _monotone_entry(left.func, left.digits, vals)
    elif kind in ("var", "root") and len(vals) == 1:
        entry = _variance_entry(left, vals[0])
    elif kind == "range":
        entry = _range_entry(vals[0])
    else:
        items = _joined_items(vals)
        entry = _entry(left, items, len(items.lo))
    if len(vals) == 1:
        v._made[key] = entry
    return entry


def _order_rep(func: str, s: list[int], d: int) -> Rep:
    """``_order`` of sorted items over d."""
    if func == "min":
        return s[0], d, False
    if func == "max":
        return s[-1], d, False
    mid = len(s) // 2
    return (s[mid], d, False) if len(s) % 2 else (s[mid - 1] + s[mid], 2 * d, False)


def _monotone_entry(func: str, digits: int | None, vals: list[_Val]) -> _Entry | None:
    """Non-decreasing in every item: the range is from the all-low to the all-high value,
    and those are the up and down corners too."""
    if digits is not None and digits < 0:
        return None
    n = sum([v.n for v in vals])
    if func == "len":
        low = high = (n, 1, False)
    elif func in ("sum", "mean"):
        if len(vals) == 1:
            d = vals[0].d
            lo_s, hi_s = vals[0].sums()
        else:
            d = max([v.d for v in vals])
            lo_s = sum([v.sums()[0] * (d // v.d) for v in vals])
            hi_s = sum([v.sums()[1] * (d // v.d) for v in vals])
        den = d if func == "sum" else d * n
        low, high = (lo_s, den, False), (hi_s, den, False)
    else:
        if len(vals) == 1:
            d = vals[0].d
            slo, shi = vals[0].sorted_ends()
        else:
            d = max([v.d for v in vals])
            slo = sorted([x * (d // v.d) for v in vals for x in v.lo])
            shi = sorted([x * (d // v.d) for v in vals for x in v.hi])
        low, high = _order_rep(func, slo, d), _order_rep(func, shi, d)
    if digits is not None:
        low = _rep(reals.round_half_away(Fraction(low[0], low[1]), digits))  # type: ignore[assignment]
        high = _rep(reals.round_half_away(Fraction(high[0], high[1]), digits))  # type: ignore[assignment]
    if 2 <= n <= limits.MAX_STEERED_INPUTS:
        return _Entry(low, high, [(high, True), (low, False)])
    return _Entry(low, high, [(low, False), (high, True)])


def _variance_entry(left: _Left, v: _Val) -> _Entry:
    """A variance or SD of one list: ``_Left.box``'s range from the moments, and each
    candidate corner's ``n S2 - S1^2`` from them too (per value and left side)."""
    n, d = v.n, v.d
    q, linear, quad = v.moments()
    den = (n * (n - 1) if left.func == "var" else n * n) * d * d
    root = left.kind == "root"

    def make() -> list[tuple[Rep, Spec]]:
        return [((v.q_at(spec), den, root), spec) for spec in v.steered(left.kind, left.func)]

    return _Entry((max(0, q - linear), den, root), (q + linear + n * quad, den, root), make=make)


def _range_entry(v: _Val) -> _Entry:
    """``max(x) - min(x)``: the range from the sorted ends; moving item j alone up
    changes the maximum to ``max(M, hi_j)`` and the minimum to the least of ``hi_j`` and
    the other items (``_Left.lowered``)."""
    slo, shi = v.sorted_ends()
    d = v.d
    return _Entry(
        (slo[-1] - shi[0], d, False), (shi[-1] - slo[0], d, False), make=lambda: _range_corners(v)
    )


def _range_corners(v: _Val) -> list[tuple[Rep, Spec]]:
    """``max(x) - min(x)``'s candidate corners (kept with the value): those of
    :func:`_range_corners_def`, steered from the least items alone.  Each item's high end is
    above its centre, so moving an item above the least up alone leaves the least and does
    not lower the greatest: the range does not fall, and that item is not lowered."""
    got = v._made.get("range")
    if got is not None:
        return got  # type: ignore[no-any-return]
    d, n = v.d, v.n
    c, same = v.c, v.same
    if same:  # every end is its centre -/+ 1: all low or all high, the centres' range
        sc = v.sorted_c()
        ends = {False: sc[-1] - sc[0], True: sc[-1] - sc[0]}
    else:
        slo, shi = v.sorted_ends()
        sc = sorted(c)
        ends = {False: slo[-1] - slo[0], True: shi[-1] - shi[0]}
    specs: list[Spec] = []
    points: dict[Spec, list[int]] = {}
    if 2 <= n <= limits.MAX_STEERED_INPUTS:
        least, top = sc[0], sc[-1]
        base = top - least
        others = sc[1]  # the least of the others when item j is (one of) the least
        lowered = []
        j = -1
        for _ in range(c.count(least)):
            j = c.index(least, j + 1)
            h = least + 1 if same else v.hi[j]  # same: the high end is the centre + 1
            if max(top, h) - min(others, h) < base:
                lowered.append(j)
        if not lowered:
            specs += [True, False]
        elif len(lowered) == n:
            specs += [False, True]
        else:
            lo, hi = v.lo, v.hi
            up_point, down_point = list(hi), list(lo)
            up = [True] * n
            for j in lowered:
                up[j] = False
                up_point[j], down_point[j] = lo[j], hi[j]
            up_spec, down_spec = tuple(up), tuple(map(not_, up))
            specs += [up_spec, down_spec]
            points[up_spec], points[down_spec] = up_point, down_point
    out = []
    for spec in dict.fromkeys([*specs, False, True]):
        if spec is True or spec is False:
            out.append(((ends[spec], d, False), spec))
        else:
            point = points[spec]
            out.append(((max(point) - min(point), d, False), spec))
    v._made["range"] = out
    return out


def _range_corners_def(v: _Val) -> list[tuple[Rep, Spec]]:
    """``max(x) - min(x)``'s candidate corners, item by item: the definition
    :func:`_range_corners` short-cuts (tests/test_opposite_lean.py holds them equal)."""
    slo, shi = v.sorted_ends()
    d, n = v.d, v.n
    c, lo, hi = v.c, v.lo, v.hi
    specs: list[Spec] = []
    if 2 <= n <= limits.MAX_STEERED_INPUTS:
        sc = sorted(c)
        least, top = sc[0], sc[-1]
        base = top - least
        others = sc[1]  # the least of the others when item j is (one of) the least
        down = tuple(
            [
                max(top, h) - min(others if x == least else least, h) < base
                for x, h in zip(c, hi, strict=True)
            ]
        )
        specs += [_uniform(tuple([not x for x in down])), _uniform(down)]
    out = []
    for spec in dict.fromkeys([*specs, False, True]):
        if spec is True or spec is False:
            s = shi if spec else slo
            out.append(((s[-1] - s[0], d, False), spec))
        else:
            point = [h if up else a for a, h, up in zip(lo, hi, spec, strict=True)]  # type: ignore[arg-type]
            out.append(((max(point) - min(point), d, False), spec))
    return out


def _pct_rep(old: int, new: int) -> Rep:
    """``(new - old) / old * 100`` of two items over the same denominator."""
    num, den = 100 * (new - old), old
    return (-num, -den, False) if den < 0 else (num, den, False)


def _less(a: Rep, b: Rep) -> bool:  # two exact values
    return a[0] * b[1] < b[0] * a[1]


def _pair_entry(kind: str, vx: _Val, vy: _Val) -> _Entry:
    """``abs(x - y)`` or ``pct_change(x, y)`` of two single numbers: ``_Left.box``, and
    (when asked for) ``lowered`` and the four corners, on their integers."""
    d = max(vx.d, vy.d)
    fx, fy = d // vx.d, d // vy.d
    xl, xh = vx.lo[0] * fx, vx.hi[0] * fx
    yl, yh = vy.lo[0] * fy, vy.hi[0] * fy
    at: Callable[[int, int], Rep]
    if kind == "absdiff":
        lo, hi = xl - yh, xh - yl
        least = 0 if lo <= 0 <= hi else min(abs(lo), abs(hi))
        low: Rep = (least, d, False)
        high: Rep = (max(abs(lo), abs(hi)), d, False)

        def at(px: int, py: int) -> Rep:
            return abs(px - py), d, False
    else:
        at = _pct_rep
        values = [at(o, w) for o in (xl, xh) for w in (yl, yh)]
        low = high = values[0]
        for x in values[1:]:  # as min() and max(): the first of equal values
            if _less(x, low):
                low = x
            if _less(high, x):
                high = x

    def make() -> list[tuple[Rep, Spec]]:
        xc, yc = vx.c[0] * fx, vy.c[0] * fy
        if kind == "absdiff":
            base = abs(xc - yc)
            down_x, down_y = abs(xh - yc) < base, abs(xc - yh) < base
        else:
            mid = at(xc, yc)
            down_x, down_y = _less(at(xh, yc), mid), _less(at(xc, yh), mid)
        corners: list[tuple[Rep, Spec]] = []
        for hx, hy in ((not down_x, not down_y), (down_x, down_y), (False, False), (True, True)):
            spec: Spec = hx if hx == hy else (hx, hy)
            if spec not in [s for _, s in corners]:  # the same corner again: never the first
                corners.append((at(xh if hx else xl, yh if hy else yl), spec))
        return corners

    return _Entry(low, high, make=make)


class _Test:
    """The truth of ``x op RIGHT`` for a left value x (``_truth_fn``), and ``_decided``, on
    :data:`Rep` values, in integers: the exact truth, as the evaluator's comparison
    functions give it for an exact value or a square root against an exact right side."""

    __slots__ = ("cd", "cn", "op", "truth")

    def __init__(
        self, op: str, centre: tuple[int, int], tol: tuple[int, int] | None = None
    ) -> None:
        self.op = op
        self.cn, self.cd = cn, cd = centre
        self.truth: Callable[[Rep], bool]
        if tol is None:
            of_sign = _SIGN_TRUTH[op]
            self.truth = lambda x: of_sign(_sign(x, cn, cd))
            return
        # |x - t| <= tol: t - tol <= x <= t + tol, both ends over one denominator D
        on, od = tol
        ln, hn, den = cn * od - on * cd, cn * od + on * cd, cd * od

        def truth(x: Rep) -> bool:  # _sign(x, ln, den) >= 0 and _sign(x, hn, den) <= 0
            n, d, root = x
            if not root:
                return ln * d <= n * den and n * den <= hn * d
            return (ln < 0 or n * den * den >= ln * ln * d) and (
                hn >= 0 and n * den * den <= hn * hn * d
            )

        self.truth = truth

    def decided(self, low: Rep, high: Rep) -> bool:
        """``_decided``: whether the truth is the same for every left value in the range."""
        a = self.truth(low)
        if a != self.truth(high):
            return False
        op = self.op
        if op in ("<", "<=", ">", ">="):
            return True
        if op == "!=":
            a = not a
        if a:
            return True
        s, t = _sign(low, self.cn, self.cd), _sign(high, self.cn, self.cd)
        return (s < 0 and t < 0) or (s > 0 and t > 0)


def _exact(node: ast.Node, env: Mapping[str, NamedValue]) -> tuple[int, int] | None:
    """The value of an expression free of widened inputs as ``(num, den)``, den > 0, as
    the evaluator gives it; None when it is not exact."""
    cls = node.__class__
    if cls is ast.Number:
        return _decimal(node.literal)  # type: ignore[attr-defined]
    if cls is ast.Neg or cls is ast.Add or cls is ast.Sub:  # of printed numbers, in integers
        got = _small_sum(node)
        if got is not None:
            return got
    if isinstance(node, ast.Number):  # a subclass
        return _decimal(node.literal)
    if isinstance(node, ast.Call) and node.func in _MONOTONE and len(node.args) == 1:
        # an aggregate of one named list (`mean(b)`): from its integers, once per value
        arg = node.args[0]
        value = env.get(arg.id) if isinstance(arg, ast.Name) else None
        if value is not None and value.is_list and len(value.numbers) <= limits.MAX_LIST_LENGTH:
            v = _val(arg.id, value)  # None past _MAX_BITS: then the evaluator
            if v is not None:
                return v.at_centre(node.func)
    from leanbridge.semantics.evaluate import Evaluator

    x = Evaluator(env).eval(node)
    return (x.numerator, x.denominator) if x.__class__ is Fraction else None


def _small(node: ast.Node) -> tuple[int, int] | None:
    """A printed number of at most ``_MAX_BITS`` bits and 30 places either way, or None."""
    if node.__class__ is not ast.Number:
        return None
    dec = node.literal  # type: ignore[attr-defined]
    if dec.mantissa.bit_length() > _MAX_BITS or not -30 <= dec.exponent <= 30:
        return None
    return _decimal(dec)


def _small_sum(node: ast.Node) -> tuple[int, int] | None:
    """``-a``, ``a + b`` or ``a - b`` of small printed numbers as the evaluator gives it (a
    Fraction of a few hundred bits: no size check fails or charges work), else None."""
    if node.__class__ is ast.Neg:
        got = _small(node.operand)  # type: ignore[attr-defined]
        return None if got is None else (-got[0], got[1])
    a, b = _small(node.left), _small(node.right)  # type: ignore[attr-defined]
    if a is None or b is None:
        return None
    if node.__class__ is ast.Add:
        return a[0] * b[1] + b[0] * a[1], a[1] * b[1]
    return a[0] * b[1] - b[0] * a[1], a[1] * b[1]


def _test(node: ast.Node, env: Mapping[str, NamedValue]) -> _Test | None:
    """The :class:`_Test` of a comparison whose right side is exact (read as
    ``_truth_fn`` reads it), else None."""
    try:
        if isinstance(node, ast.Compare):
            right = _exact(node.right, env)
            return None if right is None else _Test(node.op, right)
        if isinstance(node, ast.Approx):
            right = node.right
            target = right.literal if isinstance(right, ast.Number) else approx_target(node, env)
            t = _decimal(target)
            e = target.exponent  # the tolerance: half a unit of the last printed digit
            tol = (10**e, 2) if e >= 0 else (1, 2 * 10**-e)
        else:
            assert isinstance(node, ast.Within)
            got = _exact(node.target, env)
            if got is None:
                return None
            t = got
            tol = _decimal(node.tolerance.literal)
            if node.relative:  # reals.relative_tolerance of an exact target: r |t|
                tol = (tol[0] * abs(t[0]), tol[1] * t[1])
    except Exception:  # the general path meets (and reports) it the same way
        return None
    if tol[0] < 0:
        return None
    return _Test("~=", t, tol)


_COMPARISONS = (ast.Compare, ast.Approx, ast.Within)
_AND_OR = (ast.And, ast.Or)  # tuples: ``A | B`` would build a union at every call
_BOOLEANS = (ast.And, ast.Or, ast.Not)


def _left_names(left: _Left, env: Mapping[str, NamedValue]) -> list[str] | None:
    """The names of a supported left side's arguments: each a distinct named value."""
    names: list[str] = []
    for arg in left.args:
        if not isinstance(arg, ast.Name) or arg.id in names or arg.id not in env:
            return None
        names.append(arg.id)
    return names


def _right_is_free(node: ast.Node, widened: Container[str]) -> bool:
    """The right side uses no widened name (and holds no comparison, whose left side
    would be widened)."""
    if isinstance(node, ast.Number):
        return True
    if isinstance(node, ast.Neg) and isinstance(node.operand, ast.Number):
        return True
    if (
        isinstance(node, ast.BinOp)
        and isinstance(node.left, ast.Number)
        and isinstance(node.right, ast.Number)
    ):
        return True  # `N + N`
    if isinstance(node, ast.Call) and all(isinstance(a, ast.Name) for a in node.args):
        return all(a.id not in widened for a in node.args)  # type: ignore[attr-defined]
    for sub in node.walk():
        if (isinstance(sub, ast.Name) and sub.id in widened) or isinstance(sub, _COMPARISONS):
            return False
    return True


def _values_entry(
    left: _Left, names: list[str], env: Mapping[str, NamedValue]
) -> tuple[_Entry, list[_Val]] | None:
    """The entry of a supported side over its values, on ``_comparison``'s conditions."""
    if len(names) == 1:  # the usual case: one value
        v = _val(names[0], env[names[0]])
        if v is None:
            return None
        vals = [v]
        n = v.n
    else:
        vals = []
        for name in names:
            v = _val(name, env[name])
            if v is None:
                return None
            vals.append(v)
        n = sum([v.n for v in vals])
    if n > _MAX_ITEMS or n < (2 if left.func == "var" else 1):
        return None
    if left.kind in ("absdiff", "pct") and (n != 2 or any(env[a].is_list for a in names)):
        return None  # two single numbers
    if left.kind == "pct" and vals[0].lo[0] <= 0 <= vals[0].hi[0]:
        return None  # old may be 0: the general search (and its errors)
    entry = _left_entry(left, vals)
    return None if entry is None else (entry, vals)


def _side(
    node: ast.Node, left: _Left, names: list[str], env: Mapping[str, NamedValue]
) -> tuple[_Test, _Entry, list[_Val]] | None:
    """The test and entry of one comparison, on ``_comparison``'s conditions; or None."""
    got = _values_entry(left, names, env)
    if got is None:
        return None
    test = _test(node, env)
    return None if test is None else (test, *got)


def _witness_text(vals: list[_Val], spec: Spec) -> str:
    if len(vals) == 1:
        return vals[0].text(spec)
    if spec is True or spec is False:
        return ", ".join([v.joined(spec) for v in vals])
    parts = []
    j = 0
    for v in vals:
        parts.append(v.text(spec[j : j + v.n]))  # type: ignore[index]
        j += v.n
    return ", ".join(parts)


def opposite_text(tree: ast.Node, env: Mapping[str, NamedValue], truth: bool):  # type: ignore[no-untyped-def]
    """``display.witness_text(rounded.opposite_witness(tree, env, truth))`` (None when
    there is no witness) for the checks taken here, else :data:`UNKNOWN`."""
    cls = tree.__class__
    if cls is ast.Approx or cls is ast.Compare or cls is ast.Within:
        got = _lean_text(tree, cls, env, not truth)
        if got is not _OTHER:
            return got
    if isinstance(tree, _COMPARISONS):
        return _comparison_text(tree, env, truth)
    if isinstance(tree, _BOOLEANS):
        got = _lean_boolean(tree, env, not truth)
        return _boolean_text(tree, env, not truth) if got is _OTHER else got
    return UNKNOWN


def _comparison_text(tree: ast.Node, env: Mapping[str, NamedValue], truth: bool):  # type: ignore[no-untyped-def]
    """:func:`opposite_text` of one comparison, through the left side's :class:`_Entry`
    and a :class:`_Test`: the definition :func:`_lean_text` short-cuts (and what answers
    the shapes it leaves)."""
    left = _Left(tree.left)  # type: ignore[attr-defined]
    if not left.kind:
        return UNKNOWN
    names = _left_names(left, env)
    right = tree.target if isinstance(tree, ast.Within) else tree.right  # type: ignore[attr-defined]
    if names is None or not _right_is_free(right, names):
        return UNKNOWN
    reals.start_work(limits.MAX_EVAL_WORK)  # as opposite_witness, before any evaluation
    got = _values_entry(left, names, env)  # _side, inline
    if got is None:
        return UNKNOWN
    test = _test(tree, env)
    if test is None:
        return UNKNOWN
    entry, vals = got
    if test.decided(entry.low, entry.high):
        return None
    corners = entry.corners()
    if corners is None:
        return UNKNOWN
    want = not truth
    for rep, spec in corners:
        if test.truth(rep) is want:
            return _witness_text(vals, spec)
    return None


_EXACT_KINDS = frozenset({"monotone", "var", "range", "absdiff", "pct"})  # exact at a point


def _boolean_text(tree: ast.Node, env: Mapping[str, NamedValue], want: bool):  # type: ignore[no-untyped-def]
    """``_boolean`` on the same terms: the all-low, then the all-high corner.

    Here the right side of a ``<``, ``==``... may also use widened inputs, when it is a
    supported side (exact at a point) of widened inputs only.  ``opposite_fast`` leaves
    such a check to the general search, whose candidates for ``and``/``or``/``not`` are the
    same two corners, evaluated exactly; its enclosure over the whole box, when it
    decides, only spares evaluating them (no point of the box then has the other truth
    value), so the answer is the same."""
    comparisons: list[tuple[ast.Node, _Left, list[str]]] = []
    widened: dict[str, None] = {}  # every name of a left side
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, _AND_OR):
            stack += [node.right, node.left]  # pre-order, as the dimensions are
        elif isinstance(node, ast.Not):
            stack.append(node.operand)
        elif isinstance(node, _COMPARISONS):
            left = _Left(node.left)  # type: ignore[attr-defined]
            names = _left_names(left, env) if left.kind else None
            if names is None:
                return UNKNOWN
            widened.update(dict.fromkeys(names))
            comparisons.append((node, left, names))
        else:
            return UNKNOWN
    order: dict[str, None] = {}  # the dimensions' names: each side's widened names in turn
    plan: list[tuple[ast.Node, _Left, list[str], tuple[_Left, list[str]] | None]] = []
    for node, left, names in comparisons:
        order.update(dict.fromkeys(names))
        right = node.target if isinstance(node, ast.Within) else node.right  # type: ignore[attr-defined]
        if _right_is_free(right, widened):
            plan.append((node, left, names, None))
            continue
        other = _Left(right)
        rnames = _left_names(other, env) if other.kind in _EXACT_KINDS else None
        if not isinstance(node, ast.Compare) or not rnames or any(n not in widened for n in rnames):
            return UNKNOWN
        order.update(dict.fromkeys(rnames))
        plan.append((node, left, names, (other, rnames)))
    reals.start_work(limits.MAX_EVAL_WORK)
    at: dict[int, tuple[bool, bool]] = {}
    for node, left, names, other in plan:
        if other is None:
            got = _side(node, left, names, env)
            if got is None:
                return UNKNOWN
            test, entry, _ = got
            ends = entry.at(False), entry.at(True)
            if ends[0] is None or ends[1] is None:
                return UNKNOWN
            at[id(node)] = (test.truth(ends[0]), test.truth(ends[1]))  # type: ignore[arg-type]
            continue
        mine, theirs = _values_entry(left, names, env), _values_entry(*other, env)
        if mine is None or theirs is None:
            return UNKNOWN
        of_sign = _SIGN_TRUTH[node.op]  # type: ignore[attr-defined]
        truths = []
        for high in (False, True):
            x, y = mine[0].at(high), theirs[0].at(high)
            if x is None or y is None or y[2]:
                return UNKNOWN
            truths.append(of_sign(_sign(x, y[0], y[1])))
        at[id(node)] = (truths[0], truths[1])

    def truth_at(node: ast.Node, high: bool) -> bool:
        if isinstance(node, _AND_OR):
            a, b = truth_at(node.left, high), truth_at(node.right, high)
            decisive = isinstance(node, ast.Or)  # True decides `or`, False decides `and`
            return decisive if a is decisive or b is decisive else not decisive
        if isinstance(node, ast.Not):
            return not truth_at(node.operand, high)
        return at[id(node)][high]

    for high in (False, True):
        if truth_at(tree, high) is want:
            return ", ".join([_val(name, env[name]).joined(high) for name in order])  # type: ignore[union-attr]
    return None


# --- the lean path -----------------------------------------------------------------------
# The usual comparisons (an aggregate, variance or SD, or the range of one named list; an
# aggregate of several; abs(x - y) and pct_change(x, y) of two numbers) answered as
# ``_comparison_text`` answers them, with fewer steps: the left side is read into a tuple;
# the test is an interval of integers (a point for ``<``, ``==``...) and the positions
# (-1 below, 0 in, 1 above) of a left value where it holds; what depends on one value and
# the left side only (its range over the box, the candidate corners) is kept with the
# value.  The test is made before the range: neither charges work nor fails on the values
# taken here, so the order is the former's in effect.  Any other shape returns _OTHER and
# ``_comparison_text`` answers; tests/test_opposite_text.py holds the two equal.

_OTHER = object()  # not taken by the lean path
OTHER = _OTHER  # for the linter, which calls lean_text first
# reals.start_work(limits.MAX_EVAL_WORK) in one store, as lint/compiled.py does it
_WORK = reals._work
_FULL_WORK = limits.MAX_EVAL_WORK

# Call -> (kind, func) as _Left reads it
_LEAN_CALLS: dict[str, tuple[str, str]] = {
    **{f: ("monotone", f) for f in _MONOTONE},
    **{f: ("root" if f in ("sd", "psd") else "var", v) for f, v in _VARIANCES.items()},
}
_ORDERS = frozenset({"<", "<=", ">", ">="})
_IN = frozenset({0})
# op -> the positions of the left value against the right side where the check holds
_TRUE_AT: dict[str, frozenset[int]] = {
    "==": _IN,
    "!=": frozenset({-1, 1}),
    "<": frozenset({-1}),
    "<=": frozenset({-1, 0}),
    ">": frozenset({1}),
    ">=": frozenset({0, 1}),
}
# (positions where it holds, op is an order, ln, hn, den): the test "the left value's
# position against [ln/den, hn/den] is one of those"; den > 0, ln <= hn
LeanTest = tuple[frozenset[int], bool, int, int, int]


def _lean_left(node: ast.Node) -> tuple[str, str, tuple[ast.Node, ...], int | None] | None:
    """``_Left``'s (kind, func, args, digits) of the shapes taken here, else None."""
    cls = node.__class__
    if cls is ast.Call:
        func = node.func  # type: ignore[attr-defined]
        args = node.args  # type: ignore[attr-defined]
        got = _LEAN_CALLS.get(func)
        if got is not None:
            return got[0], got[1], args, None
        if func == "round":
            if len(args) != 2:
                return None
            inner, k = args
            if inner.__class__ is not ast.Call or k.__class__ is not ast.Number:
                return None
            if inner.func not in _MONOTONE:  # type: ignore[attr-defined]
                return None
            value = k.literal.value  # type: ignore[attr-defined]
            top = limits.MAX_ROUND_DIGITS
            if value.denominator != 1 or not -top <= value.numerator <= top:
                return None
            return "monotone", inner.func, inner.args, value.numerator  # type: ignore[attr-defined]
        if func == "sqrt":
            inner = args[0] if len(args) == 1 else None
            if inner.__class__ is ast.Call and inner.func in ("var", "pvar"):  # type: ignore[union-attr]
                return "root", inner.func, inner.args, None  # type: ignore[union-attr]
            return None
        if func == "abs":
            inner = args[0] if len(args) == 1 else None
            if inner.__class__ is ast.Sub:
                x, y = inner.left, inner.right  # type: ignore[union-attr]
                if x.__class__ is ast.Name and y.__class__ is ast.Name:
                    return "absdiff", "", (x, y), None
            return None
        if (
            func == "pct_change"
            and len(args) == 2
            and args[0].__class__ is ast.Name
            and args[1].__class__ is ast.Name
        ):
            return "pct", "", args, None
        return None
    if cls is ast.Sub:  # max(x) - min(x)
        lf, rt = node.left, node.right  # type: ignore[attr-defined]
        if (
            lf.__class__ is ast.Call
            and rt.__class__ is ast.Call
            and lf.func == "max"
            and rt.func == "min"
            and len(lf.args) == 1
            and len(rt.args) == 1
        ):
            a, b = lf.args[0], rt.args[0]
            if a.__class__ is ast.Name and b.__class__ is ast.Name and a.id == b.id:
                return "range", "", lf.args, None
    return None


def _lean_test(tree: ast.Node, cls: type, env: Mapping[str, NamedValue]) -> LeanTest | None:
    """``_test``'s test (its truth and ``decided``), or None where it gives None: for
    ``~=`` and ``==`` within a tolerance the interval ``t ± tol``, which holds the centre
    ``t`` (so being outside on one side is being on that side of the centre); for ``<``,
    ``==``... the point."""
    try:
        if cls is ast.Approx:
            right = tree.right  # type: ignore[attr-defined]
            rc = right.__class__
            if rc is ast.Number:
                dec = right.literal
                m = dec.mantissa
            elif rc is ast.Neg and right.operand.__class__ is ast.Number:
                dec = right.operand.literal
                m = -dec.mantissa
            else:
                dec = approx_target(tree, env)  # type: ignore[arg-type]
                m = dec.mantissa
            e = dec.exponent  # the tolerance: half a unit of the last printed digit
            if e >= 0:
                s = 10**e
                return _IN, False, (2 * m - 1) * s, (2 * m + 1) * s, 2
            return _IN, False, 2 * m - 1, 2 * m + 1, 2 * 10**-e
        if cls is ast.Compare:
            got = _exact(tree.right, env)  # type: ignore[attr-defined]
            if got is None:
                return None
            op = tree.op  # type: ignore[attr-defined]
            return _TRUE_AT[op], op in _ORDERS, got[0], got[0], got[1]
        got = _exact(tree.target, env)  # type: ignore[attr-defined]
        if got is None:
            return None
        cn, cd = got
        on, od = _decimal(tree.tolerance.literal)  # type: ignore[attr-defined]
        if tree.relative:  # type: ignore[attr-defined]
            on, od = on * abs(cn), od * cd
    except Exception:  # the general path meets (and reports) it the same way
        return None
    if on < 0:
        return None
    return _IN, False, cn * od - on * cd, cn * od + on * cd, cd * od


def _pos(n: int, d: int, root: bool, ln: int, hn: int, den: int) -> int:
    """The position of ``n/d`` (with ``root``, of its square root) against
    ``[ln/den, hn/den]``: -1 below, 0 in, 1 above (``_Test.truth`` and ``_sign``: a root
    is compared by squaring)."""
    if root:
        m = n * den * den
        if ln > 0 and m < ln * ln * d:
            return -1
        if hn < 0 or m > hn * hn * d:
            return 1
        return 0
    m = n * den
    if m < ln * d:
        return -1
    if m > hn * d:
        return 1
    return 0


def _round_rep(num: int, den: int, digits: int) -> tuple[int, int]:
    """``reals.round_half_away(Fraction(num, den), digits)`` (den > 0, digits >= 0)."""
    scale = 10**digits
    r = (2 * abs(num) * scale + den) // (2 * den)
    return (r if num >= 0 else -r), scale


def _ends_of(v: _Val, func: str, digits: int | None) -> tuple[int, int, int, int]:
    """``v.monotone(func)``'s two ends, rounded to ``digits`` places (not None: >= 0);
    kept per value: the boolean checks read the same aggregates again and again."""
    key = ("ends", func, digits)
    made = v._made
    got = made.get(key)
    if got is None:
        (a, ad), (b, bd) = v.monotone(func)
        if digits is not None:
            a, ad = _round_rep(a, ad, digits)
            b, bd = _round_rep(b, bd, digits)
        got = made[key] = (a, ad, b, bd)
    return got  # type: ignore[no-any-return]


def _lean_text(tree: ast.Node, cls: type, env: Mapping[str, NamedValue], want: bool):  # type: ignore[no-untyped-def]
    """``_comparison_text(tree, env, not want)`` for the shapes taken here, else _OTHER."""
    left = tree.left  # type: ignore[attr-defined]
    # _lean_left's first case inline (an aggregate or variance of its arguments, the usual
    # left side): no call and no tuple to unpack
    got = _LEAN_CALLS.get(left.func) if left.__class__ is ast.Call else None  # type: ignore[attr-defined]
    if got is not None:
        (kind, func), args, digits = got, left.args, None  # type: ignore[attr-defined]
    else:
        got = _lean_left(left)
        if got is None:
            return _OTHER
        kind, func, args, digits = got
    right = tree.target if cls is ast.Within else tree.right  # type: ignore[attr-defined]
    if len(args) == 1:
        arg = args[0]
        if arg.__class__ is not ast.Name:
            return _OTHER
        name = arg.id  # type: ignore[attr-defined]
        value = env.get(name)
        if value is None:
            return _OTHER
        rc = right.__class__
        if rc is not ast.Number and not _right_is_free(right, (name,)):
            return UNKNOWN
        _WORK.left = _FULL_WORK  # reals.start_work(), as opposite_witness: before any evaluation
        hit = _VALS.get(id(value))  # _val, its usual hit inline
        v = hit[2] if hit is not None and hit[0] is value and hit[1] == name else _val(name, value)
        if v is None or v.n > _MAX_ITEMS:
            return UNKNOWN
        if kind == "monotone":
            if digits is not None and digits < 0:
                return UNKNOWN
        elif func == "var" and v.n < 2:
            return UNKNOWN
        if cls is ast.Approx and rc is ast.Number:  # _lean_test's usual case inline
            dec = right.literal  # type: ignore[attr-defined]
            m, e = dec.mantissa, dec.exponent
            if e >= 0:
                s = 10**e
                t: LeanTest | None = (_IN, False, (2 * m - 1) * s, (2 * m + 1) * s, 2)
            else:
                t = (_IN, False, 2 * m - 1, 2 * m + 1, 2 * 10**-e)
        else:
            t = _lean_test(tree, cls, env)
            if t is None:
                return UNKNOWN
        if kind == "monotone":
            return _lean_monotone(v, func, digits, want, t)
        if kind == "range":
            return _lean_range(v, want, t)
        return _lean_variance(v, kind, func, want, t)
    names: list[str] = []
    for arg in args:
        if arg.__class__ is not ast.Name or arg.id in names or arg.id not in env:  # type: ignore[attr-defined]
            return _OTHER
        names.append(arg.id)  # type: ignore[attr-defined]
    if kind != "monotone" and kind != "absdiff" and kind != "pct":
        return _OTHER
    if not _right_is_free(right, names):
        return UNKNOWN
    _WORK.left = _FULL_WORK  # reals.start_work()
    vals = []
    for name in names:
        v = _val(name, env[name])
        if v is None:
            return UNKNOWN
        vals.append(v)
    if kind == "monotone":  # _monotone_entry's range, whose ends are its corners
        n = sum([v.n for v in vals])
        if n > _MAX_ITEMS or (digits is not None and digits < 0):
            return UNKNOWN
        a, ad, b, bd = _several_ends(func, vals, n)
        if digits is not None:
            a, ad = _round_rep(a, ad, digits)
            b, bd = _round_rep(b, bd, digits)
        t = _lean_test(tree, cls, env)
        if t is None:
            return UNKNOWN
        holds, order, ln, hn, den = t
        pl = _pos(a, ad, False, ln, hn, den)
        ph = _pos(b, bd, False, ln, hn, den)
        low, high = pl in holds, ph in holds
        if (low is high) if order else pl == ph:
            return None
        if low is not high:  # one end has the truth wanted, whichever comes first
            spec = high is want
        elif low is not want:
            return None
        else:  # both: the first corner (the all-high one when steered)
            spec = 2 <= n <= limits.MAX_STEERED_INPUTS
        return ", ".join([v.joined(spec) for v in vals])
    vx, vy = vals  # two single numbers
    if vx.n != 1 or vy.n != 1 or env[names[0]].is_list or env[names[1]].is_list:
        return UNKNOWN
    if kind == "pct" and vx._lo[0] <= 0 <= vx._hi[0]:  # a single number's ends are made
        return UNKNOWN  # old may be 0: the general search (and its errors)
    t = _lean_test(tree, cls, env)
    if t is None:
        return UNKNOWN
    return _lean_pair(kind, vx, vy, want, t)


def _several_ends(func: str, vals: list[_Val], n: int) -> tuple[int, int, int, int]:
    """``_monotone_entry``'s range of ``func`` over several values (``n`` items in all) as
    ``(low num, low den, high num, high den)``, before rounding."""
    if func == "len":
        return n, 1, n, 1
    d = max([v.d for v in vals])
    if func == "sum" or func == "mean":
        lo_s = sum([v.sums()[0] * (d // v.d) for v in vals])
        hi_s = sum([v.sums()[1] * (d // v.d) for v in vals])
        den = d if func == "sum" else d * n
        return lo_s, den, hi_s, den
    slo = sorted([x * (d // v.d) for v in vals for x in v.lo])
    shi = sorted([x * (d // v.d) for v in vals for x in v.hi])
    low, high = _order_rep(func, slo, d), _order_rep(func, shi, d)
    return low[0], low[1], high[0], high[1]


def _lean_monotone(v: _Val, func: str, digits: int | None, want: bool, t: LeanTest):  # type: ignore[no-untyped-def]
    """An aggregate of one list: ``_monotone_entry``'s range, whose ends are its corners
    (the all-high one first when steered)."""
    holds, order, ln, hn, den = t
    a, ad, b, bd = _ends_of(v, func, digits)  # kept with the value, rounded
    m = a * den
    pl = -1 if m < ln * ad else 1 if m > hn * ad else 0
    m = b * den
    ph = -1 if m < ln * bd else 1 if m > hn * bd else 0
    low, high = pl in holds, ph in holds
    if low is not high:  # one end has the truth wanted, whichever comes first
        return v.joined(high is want)
    if low is not want or order or pl == ph:  # the same truth everywhere, or not wanted
        return None
    return v.joined(2 <= v.n <= limits.MAX_STEERED_INPUTS)


def _lean_variance(v: _Val, kind: str, func: str, want: bool, t: LeanTest):  # type: ignore[no-untyped-def]
    """A variance or SD of one list: ``_variance_entry``'s range and corners."""
    holds, order, ln, hn, den = t
    made = v._made
    key = ("lean", kind, func)
    got = made.get(key)
    if got is None:  # the range's ends, the denominator and the corners, kept per value
        n, d = v.n, v.d
        q, linear, quad = v.moments()
        vden = (n * (n - 1) if func == "var" else n * n) * d * d
        got = made[key] = (max(0, q - linear), q + linear + n * quad, vden, v.corners(kind, func))
    low, high, vden, corners = got
    root = kind == "root"
    pl = _pos(low, vden, root, ln, hn, den)
    ph = _pos(high, vden, root, ln, hn, den)
    if ((pl in holds) == (ph in holds)) if order else pl == ph:
        return None
    for qs, spec in corners:
        if (_pos(qs, vden, root, ln, hn, den) in holds) is want:
            return v.text(spec)
    return None


def _lean_range(v: _Val, want: bool, t: LeanTest):  # type: ignore[no-untyped-def]
    """``max(x) - min(x)`` of one list: ``_range_entry``'s range and corners."""
    holds, order, ln, hn, den = t
    low, high = v.span()
    d = v.d
    pl = _pos(low, d, False, ln, hn, den)
    ph = _pos(high, d, False, ln, hn, den)
    if ((pl in holds) == (ph in holds)) if order else pl == ph:
        return None
    for rep, spec in _range_corners(v):
        if (_pos(rep[0], d, False, ln, hn, den) in holds) is want:
            return v.text(spec)
    return None


def _lean_pair(kind: str, vx: _Val, vy: _Val, want: bool, t: LeanTest):  # type: ignore[no-untyped-def]
    """``abs(x - y)`` or ``pct_change(x, y)`` of two single numbers: ``_pair_entry``'s
    range and corners, and the witness text of the two."""
    holds, order, ln, hn, den = t
    d = vx.d if vx.d >= vy.d else vy.d
    fx, fy = d // vx.d, d // vy.d
    xl, xh = vx._lo[0] * fx, vx._hi[0] * fx  # single numbers: their ends are made
    yl, yh = vy._lo[0] * fy, vy._hi[0] * fy
    if kind == "absdiff":
        lo, hi = xl - yh, xh - yl
        pl = _pos(0 if lo <= 0 <= hi else min(abs(lo), abs(hi)), d, False, ln, hn, den)
        ph = _pos(max(abs(lo), abs(hi)), d, False, ln, hn, den)
    else:  # the least and greatest of the four corners' values
        values = [_pct_rep(o, w) for o in (xl, xh) for w in (yl, yh)]
        low = high = values[0]
        for x in values[1:]:
            if _less(x, low):
                low = x
            if _less(high, x):
                high = x
        pl = _pos(low[0], low[1], False, ln, hn, den)
        ph = _pos(high[0], high[1], False, ln, hn, den)
    if ((pl in holds) == (ph in holds)) if order else pl == ph:
        return None
    xc, yc = vx.c[0] * fx, vy.c[0] * fy
    if kind == "absdiff":
        base = abs(xc - yc)
        down_x, down_y = abs(xh - yc) < base, abs(xc - yh) < base
    else:
        mid = _pct_rep(xc, yc)
        down_x, down_y = _less(_pct_rep(xh, yc), mid), _less(_pct_rep(xc, yh), mid)
    seen: list[tuple[bool, bool]] = []
    for corner in ((not down_x, not down_y), (down_x, down_y), (False, False), (True, True)):
        if corner in seen:  # the same corner again: never the first
            continue
        seen.append(corner)
        hx, hy = corner
        px, py = (xh if hx else xl), (yh if hy else yl)
        if kind == "absdiff":
            at = _pos(abs(px - py), d, False, ln, hn, den)
        else:
            num, pden, _ = _pct_rep(px, py)
            at = _pos(num, pden, False, ln, hn, den)
        if (at in holds) is want:
            return f"{vx.joined(hx)}, {vy.joined(hy)}"
    return None


lean_text = _lean_text  # the linter's entry for a comparison (``opposite_text``'s first step)


# --- the lean path of and/or/not ---------------------------------------------------------
# ``_boolean_text`` for the usual boolean checks: every comparison's left side an aggregate
# (sum, mean, median, min, max, len, maybe rounded to k >= 0 places) of one named list,
# its right side free of widened names (read as ``_lean_test`` reads it) or, in a ``<``,
# ``==``..., an aggregate of one widened list.  Each side's value at the all-low and
# all-high corners is its range's end (``Val.monotone``: non-decreasing in every item);
# the truth at each comes from the position of the left value, as on the lean path.  The
# steps are ``_boolean_text``'s, in its order (the right sides are read where it reads
# them); any other check returns _OTHER and ``_boolean_text`` answers.
# tests/test_opposite_lean.py holds the two equal.


def _lean_side(node: ast.Node) -> tuple[str, str, int | None] | None:
    """(name, func, digits) of an aggregate of one named list, rounded to k >= 0 places
    or not (``_lean_left``'s monotone sides of one argument); else None."""
    got = _lean_left(node)
    if got is None or got[0] != "monotone":
        return None
    _, func, args, digits = got
    if len(args) != 1 or args[0].__class__ is not ast.Name:
        return None
    if digits is not None and digits < 0:
        return None
    return args[0].id, func, digits  # type: ignore[attr-defined]


def _one_list_side(node: ast.Node) -> tuple[str, str, int | None] | None:
    """:func:`_lean_side`, its usual case (an unrounded aggregate of one name) without
    ``_lean_left``'s tuple."""
    if node.__class__ is ast.Call:
        args = node.args  # type: ignore[attr-defined]
        func = node.func  # type: ignore[attr-defined]
        if func in _MONOTONE and len(args) == 1 and args[0].__class__ is ast.Name:
            return args[0].id, func, None
    return _lean_side(node)


def _lean_boolean(tree: ast.Node, env: Mapping[str, NamedValue], want: bool):  # type: ignore[no-untyped-def]
    """``_boolean_text(tree, env, want)`` for the checks taken here, else _OTHER."""
    sides: list[tuple[ast.Node, tuple[str, str, int | None]]] = []
    widened: dict[str, None] = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        cls = node.__class__
        if cls is ast.And or cls is ast.Or:
            stack += [node.right, node.left]  # type: ignore[attr-defined]
        elif cls is ast.Not:
            stack.append(node.operand)  # type: ignore[attr-defined]
        elif cls is ast.Compare or cls is ast.Approx or cls is ast.Within:
            side = _one_list_side(node.left)  # type: ignore[attr-defined]
            if side is None or side[0] not in env:
                return _OTHER
            widened[side[0]] = None
            sides.append((node, side))
        else:
            return _OTHER
    order: dict[str, None] = {}
    # per comparison: its left side, and its right side's: None (read by _lean_test), an
    # aggregate of one unwidened list (its value at the centre) or of one widened list
    plan: list[tuple[ast.Node, tuple[str, str, int | None], int, tuple | None]] = []
    for node, side in sides:
        order[side[0]] = None
        cls = node.__class__
        right = node.target if cls is ast.Within else node.right  # type: ignore[attr-defined]
        other = _one_list_side(right) if right.__class__ is ast.Call else None
        if other is not None:  # _right_is_free of it: its one name is not widened
            name = other[0]
            if name not in widened:
                value = env.get(name)
                if (  # _exact's aggregate of a list
                    cls is ast.Compare
                    and other[2] is None
                    and value is not None
                    and value.is_list
                    and len(value.numbers) <= limits.MAX_LIST_LENGTH
                ):
                    plan.append((node, side, 1, other))
                else:
                    plan.append((node, side, 0, None))
                continue
            if cls is not ast.Compare:
                return _OTHER
            order[name] = None
            plan.append((node, side, 2, other))
            continue
        if not _right_is_free(right, widened):
            return _OTHER
        plan.append((node, side, 0, None))
    _WORK.left = _FULL_WORK  # reals.start_work()
    # per comparison, its truths at the all-low (bit 0) and all-high (bit 1) corners
    at: dict[int, int] = {}
    vals: dict[str, _Val | None] = {}  # each name's _Val, read once per check
    for node, (name, func, digits), how, other in plan:
        v = vals[name] if name in vals else vals.setdefault(name, _val(name, env[name]))
        if v is None or v.n > _MAX_ITEMS:
            return UNKNOWN
        a, ad, b, bd = _ends_of(v, func, digits)
        if how == 2:  # both sides widened: each at the same corner
            oname, ofunc, odigits = other  # type: ignore[misc]
            w = vals[oname] if oname in vals else vals.setdefault(oname, _val(oname, env[oname]))
            if w is None or w.n > _MAX_ITEMS:
                return UNKNOWN
            ra, rad, rb, rbd = _ends_of(w, ofunc, odigits)
            holds = _TRUE_AT[node.op]  # type: ignore[attr-defined]
            at[id(node)] = (_pos(a, ad, False, ra, ra, rad) in holds) | (
                _pos(b, bd, False, rb, rb, rbd) in holds
            ) << 1
            continue
        if how == 1:
            oname = other[0]  # type: ignore[index]
            w = vals[oname] if oname in vals else vals.setdefault(oname, _val(oname, env[oname]))
        else:
            w = None
        if w is not None:  # _lean_test: the point at_centre (None: by the evaluator)
            ln, den = w.at_centre(other[1])  # type: ignore[index]
            holds, hn = _TRUE_AT[node.op], ln  # type: ignore[attr-defined]
        else:
            t = _lean_test(node, node.__class__, env)
            if t is None:
                return UNKNOWN
            holds, _, ln, hn, den = t
        at[id(node)] = (_pos(a, ad, False, ln, hn, den) in holds) | (
            _pos(b, bd, False, ln, hn, den) in holds
        ) << 1
    truths = _truths(tree, at)
    for high in (False, True):
        if bool(truths >> high & 1) is want:
            return ", ".join([_val(name, env[name]).joined(high) for name in order])  # type: ignore[union-attr]
    return None


def _truths(node: ast.Node, at: dict[int, int]) -> int:
    """The check's truths at the all-low (bit 0) and all-high (bit 1) corners from its
    comparisons' (as the evaluator combines them): :func:`_truth_at` of both at once."""
    cls = node.__class__
    if cls is ast.And:
        return _truths(node.left, at) & _truths(node.right, at)  # type: ignore[attr-defined]
    if cls is ast.Or:
        return _truths(node.left, at) | _truths(node.right, at)  # type: ignore[attr-defined]
    if cls is ast.Not:
        return 3 ^ _truths(node.operand, at)  # type: ignore[attr-defined]
    return at[id(node)]


def _truth_at(node: ast.Node, high: bool, at: dict[int, tuple[bool, bool]]) -> bool:
    """The check's truth at the all-high (all-low) corner from its comparisons' (as the
    evaluator combines them): the definition :func:`_truths` computes for both corners."""
    cls = node.__class__
    if cls is ast.And or cls is ast.Or:
        a = _truth_at(node.left, high, at)  # type: ignore[attr-defined]
        b = _truth_at(node.right, high, at)  # type: ignore[attr-defined]
        decisive = cls is ast.Or  # True decides `or`, False decides `and`
        return decisive if a is decisive or b is decisive else not decisive
    if cls is ast.Not:
        return not _truth_at(node.operand, high, at)  # type: ignore[attr-defined]
    return at[id(node)][high]
