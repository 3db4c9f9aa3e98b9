"""Comparisons of rational functions of the rounded inputs, decided over a box.

Interval arithmetic treats every occurrence of an input as a different unknown, so under
``inputs: rounded`` it cannot decide ``a - a == 0`` or ``a * b / a > b - 1``.  For a
comparison built only from numbers, single named values, ``+ - * /``, ``^`` with an integer
exponent, and ``sum``/``mean`` of such terms (or of named lists), this module writes
``left - right`` as one exact rational function P/Q of the box's inputs (multivariate
polynomials with Fraction coefficients), so that terms which cancel, cancel exactly; it
then bounds P and Q over a box term by term (an even power of an interval holding 0 starts
at 0).  Both bounds are sound, so the comparison is decided when they separate; it is
then decided for every point of the box.  Q collects every divisor as a factor, so a box
on which Q's bounds exclude 0 contains no division by zero.

Bounded: at most ``MAX_TERMS`` terms per polynomial and exponents up to ``MAX_EXPONENT``;
past either the comparison has no form here and is left to the interval evaluator.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

from leanbridge.errors import LeanbridgeError
from leanbridge.semantics import reals
from leanbridge.semantics.evaluate import Evaluator, Truth
from leanbridge.semantics.reals import Real
from leanbridge.semantics.typecheck import approx_target
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast

MAX_TERMS = 256
MAX_EXPONENT = 32

Monomial = tuple[tuple[int, int], ...]  # (variable index, exponent > 0), sorted by index
Poly = dict[Monomial, Fraction]  # no zero coefficients
Ratio = tuple[Poly, Poly]  # P / Q
Box = Sequence[tuple[Fraction, Fraction]]  # (lo, hi) per variable


class _NoForm(Exception):
    """The expression is not a rational function of the inputs here, or too large."""


def _const(c: Fraction) -> Poly:
    return {(): c} if c else {}


def _checked(p: Poly) -> Poly:
    if len(p) > MAX_TERMS:
        raise _NoForm
    return p


def _add(p: Poly, q: Poly, sign: int = 1) -> Poly:
    out = dict(p)
    for m, c in q.items():
        v = out.get(m, Fraction(0)) + sign * c
        if v:
            out[m] = v
        else:
            out.pop(m, None)
    return _checked(out)


def _times_monomial(m: Monomial, n: Monomial) -> Monomial:
    exps = dict(m)
    for i, e in n:
        exps[i] = exps.get(i, 0) + e
    return tuple(sorted(exps.items()))


def _mul(p: Poly, q: Poly) -> Poly:
    if len(p) * len(q) > MAX_TERMS * MAX_TERMS:
        raise _NoForm
    out: Poly = {}
    for m, c in p.items():
        for n, d in q.items():
            k = _times_monomial(m, n)
            v = out.get(k, Fraction(0)) + c * d
            if v:
                out[k] = v
            else:
                out.pop(k)
    return _checked(out)


def _power(p: Poly, e: int) -> Poly:
    out: Poly = {(): Fraction(1)}
    for _ in range(e):
        out = _mul(out, p)
    return out


def _ratio_add(x: Ratio, y: Ratio, sign: int = 1) -> Ratio:
    (p, q), (r, s) = x, y
    if q == s:
        return _add(p, r, sign), q
    return _add(_mul(p, s), _mul(r, q), sign), _mul(q, s)


def _ratio_mul(x: Ratio, y: Ratio) -> Ratio:
    return _mul(x[0], y[0]), _mul(x[1], y[1])


def _ratio_div(x: Ratio, y: Ratio) -> Ratio:
    if not y[0]:
        raise _NoForm  # division by a value that is identically zero: the evaluator's error
    return _mul(x[0], y[1]), _mul(x[1], y[0])


class _Builder:
    """P/Q of one expression; variables are the box's dimensions, by key."""

    def __init__(self, env: Mapping[str, NamedValue], leaves: set[int], index: Mapping) -> None:
        self.env = env
        self.leaves = leaves
        self.index = index  # (name, item) or ("", literal start) -> variable number

    def var(self, key: tuple[str, int]) -> Ratio:
        return {((self.index[key], 1),): Fraction(1)}, _const(Fraction(1))

    def const(self, c: Fraction) -> Ratio:
        return _const(c), _const(Fraction(1))

    def items(self, node: ast.Node) -> list[Ratio]:
        """The terms a ``sum`` or ``mean`` argument contributes: a named list's items, a list
        literal's items, or one scalar."""
        if isinstance(node, ast.Name) and self.env[node.id].is_list:
            value = self.env[node.id]
            if id(node) in self.leaves:
                return [self.var((node.id, i)) for i in range(len(value.numbers))]
            return [self.const(d.value) for d in value.numbers]
        if isinstance(node, ast.ListExpr):
            return [self.build(item) for item in node.items]
        return [self.build(node)]

    def build(self, node: ast.Node) -> Ratio:
        if isinstance(node, ast.Number):
            if id(node) in self.leaves:
                return self.var(("", node.span.start))
            return self.const(node.literal.value)
        if isinstance(node, ast.Name):
            value = self.env[node.id]
            if value.is_list:
                raise _NoForm
            return (
                self.var((node.id, 0))
                if id(node) in self.leaves
                else self.const(value.scalar.value)
            )
        if isinstance(node, ast.Neg):
            p, q = self.build(node.operand)
            return {m: -c for m, c in p.items()}, q
        if isinstance(node, ast.Add | ast.Sub):
            sign = 1 if isinstance(node, ast.Add) else -1
            return _ratio_add(self.build(node.left), self.build(node.right), sign)
        if isinstance(node, ast.Mul):
            return _ratio_mul(self.build(node.left), self.build(node.right))
        if isinstance(node, ast.Div):
            return _ratio_div(self.build(node.left), self.build(node.right))
        if isinstance(node, ast.Pow):
            try:
                e = Evaluator(self.env).exponent(node)
            except LeanbridgeError as err:
                raise _NoForm from err
            if abs(e) > MAX_EXPONENT:
                raise _NoForm
            p, q = self.build(node.left)
            if e < 0:
                if not p:
                    raise _NoForm
                p, q, e = q, p, -e
            return _power(p, e), _power(q, e)
        if isinstance(node, ast.Call) and node.func in ("sum", "mean"):
            terms = [t for arg in node.args for t in self.items(arg)]
            if not terms:
                raise _NoForm
            total = terms[0]
            for t in terms[1:]:
                total = _ratio_add(total, t)
            if node.func == "mean":
                total = _ratio_mul(total, self.const(Fraction(1, len(terms))))
            return total
        raise _NoForm


def _power_bounds(lo: Fraction, hi: Fraction, e: int) -> tuple[Fraction, Fraction]:
    a, b = lo**e, hi**e
    if e % 2 == 0 and lo < 0 < hi:
        return Fraction(0), max(a, b)
    return min(a, b), max(a, b)


def _bounds(p: Poly, box: Box) -> tuple[Fraction, Fraction]:
    """Sound bounds of ``p`` over ``box``, term by term."""
    lo = hi = Fraction(0)
    for m, c in p.items():
        tlo = thi = c
        for i, e in m:
            plo, phi = _power_bounds(*box[i], e)
            products = (tlo * plo, tlo * phi, thi * plo, thi * phi)
            tlo, thi = min(products), max(products)
        lo, hi = lo + tlo, hi + thi
    return lo, hi


Decider = Callable[[Box, int], Truth]  # (box, sqrt bits) -> truth over the whole box


def _difference(r: Ratio, box: Box) -> Real | None:
    """Bounds of P/Q over ``box``; None when Q's bounds hold 0."""
    p, q = r
    qlo, qhi = _bounds(q, box)
    if qlo <= 0 <= qhi:
        return None
    plo, phi = _bounds(p, box)
    return reals.tighten(plo, phi) * reals.reciprocal(reals.tighten(qlo, qhi))


def comparison_decider(
    node: ast.Node,
    env: Mapping[str, NamedValue],
    leaves: set[int],
    index: Mapping[tuple[str, int], int],
) -> Decider | None:
    """A decider for the comparison ``node`` over boxes, or None when it has no form here
    (or none is needed: no input is used twice)."""
    builder = _Builder(env, leaves, index)
    try:
        if isinstance(node, ast.Compare):
            diff = _ratio_add(builder.build(node.left), builder.build(node.right), -1)
            op = node.op
            return lambda box, _bits: _compare(op, diff, box)
        if isinstance(node, ast.Approx):
            target = approx_target(node, env)
            diff = _ratio_add(builder.build(node.left), builder.const(target.value), -1)
            tol = target.half_unit
            return lambda box, _bits: _within(diff, tol, box)
        if isinstance(node, ast.Within):
            target = builder.build(node.target)
            if any(m for m in (*target[0], *target[1])):
                return None  # a target that depends on the box: left to the evaluator
            value = target[0].get((), Fraction(0)) / target[1][()]
            diff = _ratio_add(builder.build(node.left), builder.const(value), -1)
            tol0, relative = node.tolerance.literal.value, node.relative

            def within(box: Box, bits: int) -> Truth:
                tol = reals.relative_tolerance(tol0, value, bits) if relative else tol0
                return _within(diff, tol, box)

            return within
    except (_NoForm, KeyError, ZeroDivisionError):
        return None
    return None


def _compare(op: str, diff: Ratio, box: Box) -> Truth:
    d = _difference(diff, box)
    return None if d is None else reals.compare(op, d, Fraction(0))


def _within(diff: Ratio, tol: Real, box: Box) -> Truth:
    d = _difference(diff, box)
    return None if d is None else reals.within(d, Fraction(0), tol)
