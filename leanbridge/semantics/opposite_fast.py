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
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from math import isqrt, lcm

from leanbridge import limits
from leanbridge.errors import LeanbridgeError
from leanbridge.semantics import reals
from leanbridge.semantics.functions import FUNCTIONS
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
    return len(a) * sum([x * x for x in a]) - s1 * s1


class _Left:
    """One supported left side: its value at a point, a sound range over the box, and
    whether moving one item alone up lowers it (as the slow path's steering decides)."""

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
        if node.func in _MONOTONE:
            self.kind, self.func, self.args = "monotone", node.func, node.args
        elif node.func in _VARIANCES:
            root = node.func in ("sd", "psd")
            self.kind, self.func, self.args = (
                ("root" if root else "var"),
                _VARIANCES[node.func],
                node.args,
            )

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
