"""LB001's perturbed evaluations, with the check compiled once into closures.

:func:`leanbridge.lint.analysis.insensitive_general` evaluates one check dozens of times
with its inputs perturbed, each time through the general evaluator (type dispatch per node,
the inputs converted from printed decimals).  Here the check is compiled into one closure
per node that does what the evaluator's method for that node does (the same functions of
``reals`` and ``functions``, in the same order: the same values, errors, size checks and
work charges), and the perturbed lists come as exact integer lists
(:mod:`leanbridge.lint.mutants`).  Only the verdict is read.  Checks written alike (the
same tree with other names and numbers: its *signature*) share one compiled closure; the
names and number literals are slots, filled per check.

Values are reused where that is the same as computing them again: the aggregate of a
named list per list object (the input or one of its mutants, shared by a file's checks),
when it cost no work; the last value of a sub-expression written twice, or of a call, for
the same input objects.  The general path reuses values too (``_Shared``) but charges the
work a reused value cost each time; both agree when no evaluation does any work on large
numbers, so this path gives up (returns None, and the general path answers) as soon as one
evaluation does any, and forgets what that compiled closure kept.  It gives up too on what
it does not compile (statistics tests, ``^``, unknown names, checks over 64 deep) and on
any unexpected exception.

Shortcuts that give the evaluator's own results: comparisons of two exact values on
integers, ``~=`` and ``±`` on exact values by the sign of the margin's numerator (as
``exact_margin(...) >= 0``), a mutant's mean as one Fraction below the checked size.
Fraction's ``_numerator`` and ``_denominator`` are read directly there (the properties
cost a call each); were they to go, the AttributeError makes this path give up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import islice
from typing import Any

from leanbridge import limits
from leanbridge.errors import LeanbridgeError
from leanbridge.semantics import reals
from leanbridge.semantics.evaluate import (
    _LIST_VALUES,
    _count_within,
    _decide,
    _enough,
    _exact_of,
    _within_sides,
)
from leanbridge.semantics.exact_list import ExactList
from leanbridge.semantics.functions import FUNCTIONS
from leanbridge.semantics.numbers import Decimal
from leanbridge.semantics.reals import _EXACT_COMPARE, Indeterminate, PrecisionExhausted, Root
from leanbridge.semantics.typecheck import check_types
from leanbridge.semantics.value_memo import also_forget
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast

from leanbridge.lint import analysis as an  # isort: skip  (analysis imports this module last)
from leanbridge.lint.mutants import (  # isort: skip
    exact_generic_mutants,
    exact_targeted_mutants,
    nth_generic_mutant,
    order_statistic,
)

# vals: for each name of the check (numbered in the order first written, its slot), its
# ExactList (a list) or its NamedValue (a scalar, whose printed form a `~=` target needs);
# bits: the square-root precision.
Vals = list[Any]
Fn = Callable[[Vals, int], Any]

_MAX_DEPTH = 64  # deeper checks take the general path (same recursion behaviour there)


class _Unsupported(Exception):
    pass


class _GiveUp(Exception):
    """An evaluation did work on large numbers, or something unexpected happened."""


def _memo(fn: Fn, deps: tuple[int, ...]) -> Fn:
    """``fn`` remembering its last value, for the same input objects and precision."""
    if len(deps) == 1:
        (name,) = deps
        last_token: Any = None
        last_bits = 0
        last_value: Any = None

        def one(vals: Vals, bits: int) -> Any:
            nonlocal last_token, last_bits, last_value
            token = vals[name]
            if token is last_token and bits == last_bits:
                return last_value
            value = fn(vals, bits)
            last_token, last_bits, last_value = token, bits, value
            return value

        return one
    if len(deps) == 2:
        first, second = deps
        last_a: Any = None
        last_b: Any = None
        last_bits2 = 0
        last_value2: Any = None

        def two(vals: Vals, bits: int) -> Any:
            nonlocal last_a, last_b, last_bits2, last_value2
            a, b = vals[first], vals[second]
            if a is last_a and b is last_b and bits == last_bits2:
                return last_value2
            value = fn(vals, bits)
            last_a, last_b, last_bits2, last_value2 = a, b, bits, value
            return value

        return two
    last_tokens: list[Any] = []
    last_bits_many = 0
    last_value_many: Any = None

    def many(vals: Vals, bits: int) -> Any:
        nonlocal last_tokens, last_bits_many, last_value_many
        tokens = [vals[n] for n in deps]
        if (
            bits == last_bits_many
            and last_tokens
            and all(a is b for a, b in zip(tokens, last_tokens, strict=True))
        ):
            return last_value_many
        value = fn(vals, bits)
        last_tokens, last_bits_many, last_value_many = tokens, bits, value
        return value

    return many


# How a number literal's slot holds it: its value; or, as the target of `~=`, the printed
# number (negated under a `-`).
VALUE, TARGET, NEGATED_TARGET = 0, 1, 2


class _Compiler:
    def __init__(
        self, env: Mapping[str, NamedValue], slots: dict[str, int], literals: dict[int, int]
    ) -> None:
        self.env = env
        self.slots = slots  # name -> slot
        self.literals = literals  # id of a Number node -> slot
        self.kinds: dict[int, int] = {}  # slot of a literal -> VALUE, TARGET, NEGATED_TARGET
        self.shapes: dict[tuple, tuple[Fn, frozenset[int]]] = {}
        self.count: dict[tuple, int] = {}  # how often each shape is written
        self.repeated: set[tuple] = set()  # the shapes written twice or more (a first pass)

    def compile(self, node: ast.Node, depth: int = 0) -> tuple[Fn, frozenset[int], tuple]:
        """The closure for ``node``, the slots it reads, and its shape (as written)."""
        if depth > _MAX_DEPTH:
            raise _Unsupported
        method = getattr(self, f"_c_{node.__class__.__name__}", None)
        if method is None:
            raise _Unsupported
        fn, deps, shape = method(node, depth + 1)
        self.count[shape] = self.count.get(shape, 0) + 1
        hit = self.shapes.get(shape)
        if hit is not None:  # written before: one closure, so one remembered value
            return hit[0], hit[1], shape
        # Remember the last value of a sub-expression written twice, of a call (unless of a
        # named list: those values are kept per list object), and of one that reads only
        # literals (not a literal itself: its slot is read); the rest is recomputed
        # (cheaper than looking it up).
        per_list = getattr(fn, "per_list", False)
        if (
            deps
            and not per_list
            and node.__class__ is not ast.Number
            and (
                shape in self.repeated
                or isinstance(node, ast.Call)
                or all(d >= len(self.slots) for d in deps)
            )
        ):
            fn = _memo(fn, tuple(sorted(deps)))
        self.shapes[shape] = (fn, deps)
        return fn, deps, shape

    def _literal(self, node: ast.Number, kind: int) -> int:
        slot = self.literals[id(node)]
        self.kinds[slot] = kind
        return slot

    def _c_Number(self, node: ast.Number, depth: int) -> Any:
        slot = self._literal(node, VALUE)
        return (lambda vals, bits: vals[slot]), frozenset({slot}), ("#", slot)

    def _c_Name(self, node: ast.Name, depth: int) -> Any:
        slot = self.slots[node.id]
        deps = frozenset({slot})
        if self.env[node.id].is_list:
            return (lambda vals, bits: vals[slot]), deps, ("L", slot)
        return (lambda vals, bits: _exact_of(vals[slot])), deps, ("S", slot)

    def _c_ListExpr(self, node: ast.ListExpr, depth: int) -> Any:
        items = [self.compile(x, depth) for x in node.items]
        fns = [f for f, _, _ in items]
        deps = frozenset().union(*[d for _, d, _ in items])
        return (
            (lambda vals, bits: tuple([f(vals, bits) for f in fns])),
            deps,
            ("[", *[s for _, _, s in items]),
        )

    def _c_Neg(self, node: ast.Neg, depth: int) -> Any:
        f, deps, shape = self.compile(node.operand, depth)
        return (lambda vals, bits: -f(vals, bits)), deps, ("-", shape)

    def _binary(self, node: ast.BinOp, depth: int, op: Callable[[Any, Any], Any]) -> Any:
        lf, ld, ls = self.compile(node.left, depth)
        rf, rd, rs = self.compile(node.right, depth)
        check = reals.check_size

        def fn(vals: Vals, bits: int) -> Any:
            return check(op(lf(vals, bits), rf(vals, bits)))

        return fn, ld | rd, (node.__class__, ls, rs)

    def _c_Add(self, node: ast.Add, depth: int) -> Any:
        return self._binary(node, depth, lambda a, b: a + b)

    def _c_Sub(self, node: ast.Sub, depth: int) -> Any:
        return self._binary(node, depth, lambda a, b: a - b)

    def _c_Mul(self, node: ast.Mul, depth: int) -> Any:
        return self._binary(node, depth, lambda a, b: a * b)

    def _c_Div(self, node: ast.Div, depth: int) -> Any:
        return self._binary(node, depth, lambda a, b: a * reals.reciprocal(b))

    def _c_Call(self, node: ast.Call, depth: int) -> Any:
        func = FUNCTIONS.get(node.func)
        if func is None or func.kind == "stat":  # tests add notes and read printed numbers
            raise _Unsupported
        args = [self.compile(a, depth) for a in node.args]
        fns = [f for f, _, _ in args]
        deps = frozenset().union(*[d for _, d, _ in args])
        shape = ("C", node.func, *[s for _, _, s in args])
        impl = func.impl
        if func.kind == "scalar":
            return (lambda vals, bits: impl([f(vals, bits) for f in fns], bits)), deps, shape
        nodes = node.args
        if len(nodes) == 1 and isinstance(nodes[0], ast.Name) and self.env[nodes[0].id].is_list:
            return _aggregate_of_list(node, self.slots[nodes[0].id]), deps, shape

        def aggregate(vals: Vals, bits: int) -> Any:  # Evaluator._eval_Call, aggregate kind
            first: Any = _MISSING
            if len(fns) == 1:
                first = fns[0](vals, bits)
                if first.__class__ is ExactList:
                    _count_within(len(first), nodes[0])
                    _enough(node, func, len(first))
                    return impl(first, bits)
            parts: list[Sequence[Any]] = []
            count = 0
            for i, f in enumerate(fns):
                value = f(vals, bits) if first is _MISSING else first
                part = value if isinstance(value, _LIST_VALUES) else (value,)
                count += len(part)
                _count_within(count, nodes[i])
                parts.append(part)
            _enough(node, func, count)
            items: Sequence[Any] | None = ExactList.concat(parts)
            if items is None:
                items = [x for part in parts for x in part]
            return impl(items, bits)

        return aggregate, deps, shape

    def _c_Compare(self, node: ast.Compare, depth: int) -> Any:
        lf, ld, ls = self.compile(node.left, depth)
        rf, rd, rs = self.compile(node.right, depth)
        op, compare = node.op, reals.compare
        on_integers = _EXACT_COMPARE[op]
        if getattr(lf, "per_list", False) and getattr(rf, "per_list", False):
            return _compare_aggregates(lf, rf, op), ld | rd, ("=", op, ls, rs)

        def fn(vals: Vals, bits: int) -> Any:
            a, b = lf(vals, bits), rf(vals, bits)
            if a.__class__ is Fraction and b.__class__ is Fraction:
                # reals.compare on two exact values: a op b, i.e. (denominators > 0, both
                # in lowest terms for == and !=) a.n * b.d op b.n * a.d
                return on_integers(a._numerator * b._denominator, b._numerator * a._denominator)
            if a.__class__ is Root and b.__class__ is Fraction:
                return _root_vs_exact(on_integers, a.radicand, b)
            if a.__class__ is Fraction and b.__class__ is Root:
                return _exact_vs_root(on_integers, a, b.radicand)
            return compare(op, a, b)

        return fn, ld | rd, ("=", op, ls, rs)

    def _c_Approx(self, node: ast.Approx, depth: int) -> Any:
        lf, ld, ls = self.compile(node.left, depth)
        right = node.right
        negate = isinstance(right, ast.Neg)
        if negate:
            right = right.operand  # type: ignore[attr-defined]
        if isinstance(right, ast.Number):  # typecheck.printed_number, made with the slots
            slot = self._literal(right, NEGATED_TARGET if negate else TARGET)

            def constant(vals: Vals, bits: int) -> Any:
                return _within_printed(node, lf(vals, bits), vals[slot])

            return constant, ld | {slot}, ("~", ls, slot)
        if not isinstance(right, ast.Name) or self.env[right.id].is_list:
            raise _Unsupported
        slot = self.slots[right.id]

        def named(vals: Vals, bits: int) -> Any:
            dec = vals[slot].scalar
            if negate:
                dec = Decimal(-dec.mantissa, dec.exponent, "-" + dec.text)
            return _within_printed(node, lf(vals, bits), dec)

        return named, ld | {slot}, ("~", ls, negate, slot)

    def _c_Within(self, node: ast.Within, depth: int) -> Any:
        lf, ld, ls = self.compile(node.left, depth)
        tf, td, ts = self.compile(node.target, depth)
        slot, relative = self._literal(node.tolerance, VALUE), node.relative

        def fn(vals: Vals, bits: int) -> Any:
            x, target = lf(vals, bits), tf(vals, bits)
            tol = vals[slot]
            if relative:
                tol = reals.relative_tolerance(tol, target, bits)
            return _within(node, x, target, tol)

        return fn, ld | td | {slot}, ("±", ls, ts, slot, relative)

    def _c_And(self, node: ast.And, depth: int) -> Any:
        lf, ld, ls = self.compile(node.left, depth)
        rf, rd, rs = self.compile(node.right, depth)

        def fn(vals: Vals, bits: int) -> Any:
            a, b = lf(vals, bits), rf(vals, bits)
            if a is False or b is False:
                return False
            return None if a is None or b is None else True

        return fn, ld | rd, ("&", ls, rs)

    def _c_Or(self, node: ast.Or, depth: int) -> Any:
        lf, ld, ls = self.compile(node.left, depth)
        rf, rd, rs = self.compile(node.right, depth)

        def fn(vals: Vals, bits: int) -> Any:
            a, b = lf(vals, bits), rf(vals, bits)
            if a is True or b is True:
                return True
            return None if a is None or b is None else False

        return fn, ld | rd, ("|", ls, rs)

    def _c_Not(self, node: ast.Not, depth: int) -> Any:
        f, deps, shape = self.compile(node.operand, depth)

        def fn(vals: Vals, bits: int) -> Any:
            a = f(vals, bits)
            return None if a is None else not a

        return fn, deps, ("!", shape)


# The Python operator for each comparison: the only operator text generated code holds.
_OP_TEXT = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "==", "!=": "!="}
_LOGIC = (ast.And, ast.Or, ast.Not)


class _Generator:
    """A check with `and`, `or` or `not` as one generated function: the connectives and
    comparisons (with the aggregates of named lists looked up as ``_aggregate_of_list``
    does) written out, every other node its closure from ``compiler``.  The same
    operations on the same values in the same order as the closures (so the same values
    and exceptions); a sub-expression written twice, whose closure would return its
    remembered value the second time, is computed once per evaluation.  The text holds
    only generated names, integer indexes and the operators of ``_OP_TEXT``; the closures,
    nodes and caches are passed in."""

    def __init__(self, compiler: _Compiler) -> None:
        self.compiler = compiler
        self.lines: list[str] = []
        self.env: dict[str, Any] = {"Fraction": Fraction, "M": _MISSING, "START": _START}
        self.done: dict[tuple, str] = {}  # shape written twice -> its variable
        self.count = 0

    def function(self, tree: ast.Node) -> Fn:
        result, _, _ = self.value(tree, 0)
        code = "def run(vals, bits):\n" + "\n".join(self.lines) + f"\n    return {result}\n"
        self.code = code  # for the tests
        exec(compile(code, "<leanbridge compiled check>", "exec"), self.env)
        return self.env["run"]  # type: ignore[no-any-return]

    def _const(self, value: Any) -> str:
        name = f"k{len(self.env)}"
        self.env[name] = value
        return name

    def _var(self) -> str:
        self.count += 1
        return f"v{self.count}"

    def _emit(self, *lines: str) -> None:
        self.lines.extend("    " + line for line in lines)

    def value(self, node: ast.Node, depth: int) -> tuple[str, frozenset[int], tuple]:
        """The variable that holds ``node``'s value once the lines so far have run, the
        slots it reads and its shape (as ``_Compiler.compile`` gives them)."""
        if depth > _MAX_DEPTH:
            raise _Unsupported
        cls = node.__class__
        if cls is ast.Not:
            x, deps, s = self.value(node.operand, depth + 1)  # type: ignore[attr-defined]
            shape: tuple = ("!", s)
        elif cls is ast.And or cls is ast.Or:
            a, ld, ls = self.value(node.left, depth + 1)  # type: ignore[attr-defined]
            b, rd, rs = self.value(node.right, depth + 1)  # type: ignore[attr-defined]
            deps, shape = ld | rd, ("&" if cls is ast.And else "|", ls, rs)
        elif cls is ast.Compare:
            return self._compare(node, depth + 1)  # type: ignore[arg-type]
        else:
            fn, deps, shape = self.compiler.compile(node, depth)
            v = self.done.get(shape)
            if v is None:
                v = self._var()
                self._emit(f"{v} = {self._const(fn)}(vals, bits)")
                if shape in self.compiler.repeated:
                    self.done[shape] = v
            return v, deps, shape
        v = self.done.get(shape)
        if v is not None:  # computed above, in this evaluation, from the same slots
            return v, deps, shape
        v = self._var()
        if cls is ast.Not:  # _c_Not
            self._emit(f"{v} = None if {x} is None else not {x}")
        elif cls is ast.And:  # _c_And
            self._emit(
                f"if {a} is False or {b} is False: {v} = False",
                f"elif {a} is None or {b} is None: {v} = None",
                f"else: {v} = True",
            )
        else:  # _c_Or
            self._emit(
                f"if {a} is True or {b} is True: {v} = True",
                f"elif {a} is None or {b} is None: {v} = None",
                f"else: {v} = False",
            )
        if shape in self.compiler.repeated:
            self.done[shape] = v
        return v, deps, shape

    def _operand(self, node: ast.Node, depth: int) -> tuple[str, frozenset[int], tuple]:
        """A comparison's side: an aggregate of a named list looked up in its closure's
        cache at the first precision (as the closure does first), else ``value``."""
        if node.__class__ is not ast.Call:
            return self.value(node, depth)
        fn, deps, shape = self.compiler.compile(node, depth)
        if not getattr(fn, "per_list", False):
            return self.value(node, depth)  # the closure just made, found again
        v = self.done.get(shape)
        if v is not None:
            return v, deps, shape
        v, f = self._var(), self._const(fn)
        self._emit(
            "if bits == START:",
            f"    {v} = {self._const(fn.cache.get)}(vals[{int(fn.slot)}], M)",  # type: ignore[attr-defined]
            f"    if {v} is M: {v} = {f}(vals, bits)",
            f"else: {v} = {f}(vals, bits)",
        )
        if shape in self.compiler.repeated:
            self.done[shape] = v
        return v, deps, shape

    def _compare(self, node: ast.Compare, depth: int) -> tuple[str, frozenset[int], tuple]:
        a, ld, ls = self._operand(node.left, depth)
        b, rd, rs = self._operand(node.right, depth)
        op = node.op
        deps, shape = ld | rd, ("=", op, ls, rs)
        v = self.done.get(shape)
        if v is not None:
            return v, deps, shape
        v = self._var()
        self._emit(  # _c_Compare
            f"if {a}.__class__ is Fraction and {b}.__class__ is Fraction:",
            f"    {v} = {a}._numerator * {b}._denominator {_OP_TEXT[op]} "
            f"{b}._numerator * {a}._denominator",
            f"else: {v} = {self._const(_compare_other(op))}({a}, {b})",
        )
        if shape in self.compiler.repeated:
            self.done[shape] = v
        return v, deps, shape


def _compare_other(op: str) -> Callable[[Any, Any], Any]:
    """``reals.compare(op, a, b)`` where a and b are not both exact, as ``_c_Compare``."""
    on_integers, compare = _EXACT_COMPARE[op], reals.compare

    def fn(a: Any, b: Any) -> Any:
        if a.__class__ is Root and b.__class__ is Fraction:
            return _root_vs_exact(on_integers, a.radicand, b)
        if a.__class__ is Fraction and b.__class__ is Root:
            return _exact_vs_root(on_integers, a, b.radicand)
        return compare(op, a, b)

    return fn


def _compare_aggregates(lf: Fn, rf: Fn, op: str) -> Fn:
    """The comparison of two aggregates of named lists (``mean(a) > mean(b)``): as
    ``_c_Compare``'s closure, with the aggregates' kept values looked up here (the same
    lookup as theirs, without two calls)."""
    on_integers, compare = _EXACT_COMPARE[op], reals.compare
    lslot, rslot = lf.slot, rf.slot  # type: ignore[attr-defined]
    lget, rget = lf.cache.get, rf.cache.get  # type: ignore[attr-defined]
    start, missing = limits.SQRT_START_BITS, _MISSING

    def fn(vals: Vals, bits: int) -> Any:
        if bits == start:
            a = lget(vals[lslot], missing)
            if a is missing:
                a = lf(vals, bits)
            b = rget(vals[rslot], missing)
            if b is missing:
                b = rf(vals, bits)
        else:
            a, b = lf(vals, bits), rf(vals, bits)
        if a.__class__ is Fraction and b.__class__ is Fraction:
            return on_integers(a._numerator * b._denominator, b._numerator * a._denominator)
        if a.__class__ is Root and b.__class__ is Fraction:
            return _root_vs_exact(on_integers, a.radicand, b)
        if a.__class__ is Fraction and b.__class__ is Root:
            return _exact_vs_root(on_integers, a, b.radicand)
        return compare(op, a, b)

    return fn


def _root_vs_exact(on_integers: Callable[[Any, Any], bool], p: Fraction, b: Fraction) -> bool:
    """``reals.compare(op, Root(p), b)``: ``_compare_roots(op, (1, p), (sign b, b * b))``,
    i.e. ``1 op -1`` for a negative b, else ``p op b * b``, on integers (cross-multiplied:
    the denominators are positive)."""
    bn, bd = b._numerator, b._denominator
    if bn < 0:
        return on_integers(1, -1)
    return on_integers(p._numerator * bd * bd, bn * bn * p._denominator)


def _exact_vs_root(on_integers: Callable[[Any, Any], bool], a: Fraction, q: Fraction) -> bool:
    """``reals.compare(op, a, Root(q))``, as :func:`_root_vs_exact`."""
    an_, ad = a._numerator, a._denominator
    if an_ < 0:
        return on_integers(-1, 1)
    return on_integers(an_ * an_ * q._denominator, q._numerator * ad * ad)


def _root_within(p: Fraction, tn: int, td: int, on: int, od: int) -> bool:
    """``reals.within(Root(p), tn / td, on / od)`` for ``td, od > 0``, ``on >= 0``, in
    integers.  There (x = sqrt(p), target = t, tol = sqrt(c) with c = tol * tol), with
    ``v = 4 p t^2``: for t >= 0 it is ``r <= 0 or v >= r^2`` with ``r = p + t^2 - c``; for
    t < 0 ``r >= 0 and v <= r^2`` with ``r = c - p - t^2``.  Each of p, t^2 and c times
    ``D = pd td^2 od^2 > 0`` is an integer (P, T, C), r * D is R and v * D^2 is 4 P T: the
    same signs and order, whatever the fractions' terms."""
    pn, pd = p._numerator, p._denominator
    td2, od2 = td * td, od * od
    big_p, big_t, big_c = pn * td2 * od2, tn * tn * pd * od2, on * on * pd * td2
    v = 4 * big_p * big_t
    if tn >= 0:
        r = big_p + big_t - big_c
        return r <= 0 or v >= r * r
    r = big_c - big_p - big_t
    return r >= 0 and v <= r * r


def _within(node: ast.Approx | ast.Within, x: Any, target: Any, tol: Any) -> Any:
    """``_decide(node, _within_sides(x, target, tol))``.  On three exact values that is
    ``reals.exact_margin(x, target, tol) >= 0``: the margin is N / D with D the product of
    the (positive) denominators, so it is the sign of N, without making the Fraction."""
    if x.__class__ is Fraction and target.__class__ is Fraction and tol.__class__ is Fraction:
        xn, xd = x._numerator, x._denominator
        tn, td = target._numerator, target._denominator
        return tol._numerator * xd * td - tol._denominator * abs(xn * td - tn * xd) >= 0
    if (
        x.__class__ is Root
        and target.__class__ is Fraction
        and tol.__class__ is Fraction
        and tol._numerator >= 0
    ):
        return _root_within(
            x.radicand, target._numerator, target._denominator, tol._numerator, tol._denominator
        )
    return _decide(node, _within_sides(x, target, tol))


def _within_printed(node: ast.Approx, x: Any, dec: Decimal) -> Any:
    """``_decide(node, _within_sides(x, dec.value, dec.half_unit))`` (``x ~= dec``); on an
    exact x as :func:`_within`, with dec's value and half unit as integer pairs."""
    if x.__class__ is Fraction:
        m, e = dec.mantissa, dec.exponent
        if e >= 0:  # m * 10**e, and 10**e / 2
            tn, td, on, od = m * 10**e, 1, 10**e, 2
        else:
            p = 10**-e
            tn, td, on, od = m, p, 1, 2 * p
        xn, xd = x._numerator, x._denominator
        return on * xd * td - od * abs(xn * td - tn * xd) >= 0
    if x.__class__ is Root:
        m, e = dec.mantissa, dec.exponent
        if e >= 0:
            return _root_within(x.radicand, m * 10**e, 1, 10**e, 2)
        p = 10**-e
        return _root_within(x.radicand, m, p, 1, 2 * p)
    return _decide(node, _within_sides(x, dec.value, dec.half_unit))


def _mean_at_once(x: ExactList) -> Fraction | None:
    """``functions._mean(x)`` for a list whose sum and mean are below the size that is
    checked or charged: ``Fraction(S, D * n)`` is the normalised ``Fraction(S, D) / n``,
    and neither has more bits than S or D * n.  None when that may not be so."""
    total, d = sum(x.numerators), x.denominator * len(x.numerators)
    if total.bit_length() > _CHEAP or d.bit_length() > _CHEAP:
        return None
    return Fraction(total, d)


_CHEAP = reals._CHEAP_BITS  # check_size neither refuses nor charges up to this size


def _aggregate_of_list(node: ast.Call, slot: int) -> Fn:
    """``f(name)`` for an aggregate f of a named list: the value for each list object
    (the input or one of its mutants, shared by the checks of a file) computed once, when
    it costs no work (then reusing it is the same as computing it again)."""
    func = FUNCTIONS[node.func]
    impl, arg, work_left = func.impl, node.args[0], reals.work_left
    # (list, bits) -> value; the list itself at the first precision (hashed by identity)
    cache = _local.aggregates.setdefault(func.name, {})
    start = limits.SQRT_START_BITS
    name = func.name
    mean = name == "mean"
    order = func.name in ("min", "max", "median")
    max_length, min_items = limits.MAX_LIST_LENGTH, func.min_items

    def fn(vals: Vals, bits: int) -> Any:
        x = vals[slot]
        key = x if bits == start else (x, bits)
        hit = cache.get(key, _MISSING)
        if hit is not _MISSING:
            return hit
        if bits == start:
            # what the evaluator kept on this list (Evaluator._aggregate: the value at the
            # first precision, kept when it cost no work, as here): an input's aggregates
            kept = x.results
            if kept is not None:
                hit = kept.get(name)
                if hit is not None:
                    if len(cache) >= _AGGREGATES_KEPT:
                        cache.clear()
                    cache[key] = hit
                    return hit
        # Evaluator._eval_Call on one named list (an ExactList)
        n = len(x.numerators)
        if n > max_length or n < min_items:  # as _count_within, then _enough
            _count_within(n, arg)
            _enough(node, func, n)
        # a mean not computed yet (a mutant's), as one Fraction; a mutant's order statistic
        # from its base's order
        if mean:
            value = _mean_at_once(x) if x._mean is None else None
        elif order:
            value = order_statistic(func.name, x)
        else:
            value = None
        if value is None:
            before = work_left()
            value = impl(x, bits)
            if work_left() != before:
                return value  # it cost work: not to be reused for free
        if len(cache) >= _AGGREGATES_KEPT:
            cache.clear()
        cache[key] = value
        return value

    fn.per_list = True  # type: ignore[attr-defined]
    fn.slot, fn.cache = slot, cache  # type: ignore[attr-defined]  (_compare_aggregates)
    return fn


_MISSING: Any = object()
_AGGREGATES_KEPT = 4096


class _Local(threading.local):
    def __init__(self) -> None:
        # compiled checks by signature (their closures keep state: one set per thread)
        self.compiled: dict[tuple, Compiled | None] = {}
        # function name -> (id of an ExactList, bits) -> (the list, the value)
        self.aggregates: dict[str, dict[tuple[int, int], tuple[ExactList, Any]]] = {}
        # id of a NamedValue -> (it, its first mutant that differs, or None): first_differing
        self.first: dict[int, tuple[NamedValue, Any]] = {}


_local = _Local()


def _forget_aggregates() -> None:
    for cache in _local.aggregates.values():
        cache.clear()  # the same dicts: compiled closures hold them
    _local.first.clear()


also_forget(_forget_aggregates)


def signature(
    nodes: Sequence[ast.Node], env: Mapping[str, NamedValue]
) -> tuple[tuple, dict[str, int], Vals, list[Decimal]] | None:
    """The check as written, its names as slots (with whether each is a list) and its
    number literals as slots: what its compiled closure depends on; then each name's slot,
    the slots' inputs (an ExactList for a list, else the NamedValue), and the literals in
    pre-order.  ``nodes`` in pre-order (``tree.walk()``), which with each node's number of
    children determines the tree.  None if it names an unknown value."""
    slots: dict[str, int] = {}
    parts: list[Any] = []
    inputs: Vals = []
    literals: list[Decimal] = []
    add = parts.append
    for node in nodes:
        cls = node.__class__
        if cls is _NAME:
            name = node.id  # type: ignore[attr-defined]
            slot = slots.get(name)
            if slot is None:
                value = env.get(name)
                if value is None:
                    return None
                slot = slots[name] = len(inputs)
                if value.is_list:  # a list's slot s is written ~s (< 0) where first read
                    inputs.append(_exact_of(value))
                    add(~slot)
                    continue
                inputs.append(value)
            add(slot)  # the only integers among the parts
        elif cls is _NUMBER:
            add("#")
            literals.append(node.literal)  # type: ignore[attr-defined]
        elif cls is _CALL:  # _part's, without a call: the commonest nodes with fields
            add((node.func, len(node.args)))  # type: ignore[attr-defined]
        elif cls is _COMPARE:
            add(node.op)  # type: ignore[attr-defined]
        else:
            part = _PLAIN.get(cls)
            if part is None:
                part = _part(node)
            add(part)
    return tuple(parts), slots, inputs, literals


_NAME, _NUMBER, _CALL, _COMPARE = ast.Name, ast.Number, ast.Call, ast.Compare


def _part(node: ast.Node) -> Any:
    cls = node.__class__
    if cls is ast.Call:
        return (node.func, len(node.args))  # type: ignore[attr-defined]
    if cls is ast.Compare:
        return node.op  # type: ignore[attr-defined]
    if cls is ast.Within:
        return ("±", node.relative)  # type: ignore[attr-defined]
    if cls is ast.ListExpr:
        return ("[", len(node.items))  # type: ignore[attr-defined]
    return cls


# The classes whose part is the class alone (the others' fields say more: _part)
_PLAIN = {
    cls: cls
    for cls in vars(ast).values()
    if isinstance(cls, type)
    and issubclass(cls, ast.Node)
    and cls not in (ast.Name, ast.Number, ast.Call, ast.Compare, ast.Within, ast.ListExpr)
}


# Compiled checks by signature (in _local), shared by the checks written alike: their
# closures keep their last values with the input objects, so another check's inputs never
# hit them.
_COMPILED_KEPT = 512


@dataclass(frozen=True, slots=True)
class Compiled:
    """A check compiled: ``fn(vals, bits)`` is its truth (as ``Evaluator.eval``), for the
    checks of one signature (names and literals may differ)."""

    fn: Fn
    kinds: list[int]  # how the literals' slots (after the names'), in pre-order, hold them
    has_len: bool = False  # a `len` call is written (its signature says so)
    # every kind the same (the commonest checks: `~= 70.1`, `== 974.60`): that kind
    uniform: int | None = None
    # every use of its names is an argument of `len` (analysis._only_counted of them all)
    len_only: bool = False

    def literal_slots(self, literals: list[Decimal], out: Vals | None = None) -> Vals:
        """The literals' slots, appended to ``out`` (a new list if None)."""
        if out is None:
            out = []
        uniform = self.uniform
        if uniform is not None and len(literals) == len(self.kinds):  # the loop below's
            if uniform == TARGET:
                out.extend(literals)
                return out
            if uniform == VALUE:
                out.extend([d.value for d in literals])
                return out
        add = out.append
        for d, kind in zip(literals, self.kinds, strict=True):
            if kind == TARGET:
                add(d)
            elif kind == VALUE:
                add(d.value)
            else:  # as typecheck.printed_number negates it
                add(Decimal(-d.mantissa, d.exponent, "-" + d.text))
        return out


def prepare(
    tree: ast.Node, env: Mapping[str, NamedValue], nodes: Sequence[ast.Node]
) -> tuple[Compiled, Vals, dict[str, int], list[Decimal]] | None:
    """The check compiled (kept per thread by signature), the slots for ``env``, each
    name's slot and the number literals in pre-order; None if it is not compiled.
    ``nodes``: ``tree.walk()``."""
    signed = signature(nodes, env)
    if signed is None:
        return None
    key, slots, inputs, literals = signed
    kept = _local.compiled
    made = kept.get(key, _MISSING)
    if made is _MISSING:
        made = _compile(tree, env, slots, nodes)
        if len(kept) >= _COMPILED_KEPT:
            kept.clear()
        kept[key] = made
    if made is None:
        return None
    if literals:
        made.literal_slots(literals, inputs)
    return made, inputs, slots, literals


def compile_check(tree: ast.Node, env: Mapping[str, NamedValue]) -> Compiled | None:
    """The check compiled, or None if it is not compiled."""
    prepared = prepare(tree, env, tuple(tree.walk()))
    return None if prepared is None else prepared[0]


def _compile(
    tree: ast.Node, env: Mapping[str, NamedValue], slots: dict[str, int], nodes: Sequence[ast.Node]
) -> Compiled | None:
    numbers = [n for n in nodes if n.__class__ is ast.Number]
    literals = {id(n): len(slots) + i for i, n in enumerate(numbers)}
    try:
        first = _Compiler(env, slots, literals)
        fn = first.compile(tree)[0]  # also finds the sub-expressions written twice
        compiler = first
        repeated = {shape for shape, k in first.count.items() if k > 1}
        if repeated:  # a second pass, that remembers their values
            compiler = _Compiler(env, slots, literals)
            compiler.repeated = repeated
        # (none: a second pass would make the closures the first made, which it keeps)
        if any(n.__class__ in _LOGIC for n in nodes):  # connectives: one function pays
            fn = _Generator(compiler).function(tree)
        elif compiler is not first:
            fn = compiler.compile(tree)[0]
    except _Unsupported:
        return None
    has_len = any(n.__class__ is ast.Call and n.func == "len" for n in nodes)  # type: ignore[attr-defined]
    kinds = [compiler.kinds.get(len(slots) + i, VALUE) for i in range(len(numbers))]
    uniform = kinds[0] if kinds and all(k == kinds[0] for k in kinds) else None
    return Compiled(fn, kinds, has_len, uniform, has_len and an._only_counted(nodes, slots))


def verdict(fn: Fn, vals: Vals, any_work: bool = False) -> str:
    """What ``evaluate(tree, env, typecheck=False, verdict_only=True).verdict`` gives.

    Raises _GiveUp if the evaluation did work on large numbers (unless ``any_work``)."""
    work = reals._work  # reals.start_work(): one budget for all the precisions tried
    work.left = _FULL
    try:  # most evaluations decide at the first precision without work: that case first
        truth = fn(vals, _START)
    except Exception as e:
        return _verdict_on(fn, vals, any_work, e)
    if truth is not None and (any_work or work.left == _FULL):
        return "holds" if truth else "fails"
    return _verdict_on(fn, vals, any_work, truth)


def _verdict_on(fn: Fn, vals: Vals, any_work: bool, first: Any) -> str:
    """:func:`verdict` after its evaluation at the first precision gave ``first`` (a truth
    value or None, or the exception it raised)."""
    work = reals._work
    bits = limits.SQRT_START_BITS
    try:
        while True:
            try:
                if first is _MISSING:
                    truth = fn(vals, bits)
                else:  # the first precision's outcome, already computed
                    truth, first = first, _MISSING
                    if isinstance(truth, BaseException):
                        raise truth
                if truth is not None:
                    result = "holds" if truth else "fails"
                    break
            except PrecisionExhausted:
                result = "undecided"
                break
            except Indeterminate:
                pass
            except LeanbridgeError:
                result = "error"
                break
            except (ZeroDivisionError, OverflowError, MemoryError, RecursionError):
                result = "error"
                break
            if bits >= limits.SQRT_MAX_BITS:
                result = "undecided"
                break
            bits *= 2
    except Exception as e:  # anything else: the general path says what happens
        raise _GiveUp from e
    if not any_work and work.left != _FULL:  # reals.work_left()
        raise _GiveUp
    return result


_FULL = limits.MAX_EVAL_WORK
_START = limits.SQRT_START_BITS


def fast_insensitive_to(
    tree: ast.Node,
    env: Mapping[str, NamedValue],
    names: list[str],
    known: str | None,
    nodes: Sequence[ast.Node],
) -> tuple[bool, int] | None:
    """``insensitive_general(tree, env, names, known)``, or None where this path gives up.

    ``nodes``: ``tree.walk()``."""
    if not names:
        return False, 0  # as the general path, whatever the check's verdict
    prepared = prepare(tree, env, nodes)
    if prepared is None:
        return None
    compiled, vals, slot, literals = prepared
    fn = compiled.fn
    for name in names:
        if name not in slot:  # perturbed, though the check does not read it
            value = env[name]
            slot[name] = len(vals)
            vals.append(_exact_of(value) if value.is_list else value)

    targets: list[Fraction] | None = None
    counted = None
    if compiled.has_len:
        targets = _targets(literals, env, names)
        # Inputs only counted (`len`): every perturbed evaluation does what the base one
        # does, so the first perturbation cannot change the verdict: only the base is run.
        # Whether every use is counted is known per compiled check when it is for all of
        # its names (the slots'): then also for ``names``, a name it does not read having
        # no use.
        if compiled.len_only:
            counted = an._varied_count(env, names, len(targets))
        else:
            counted = an._shape_only_count(nodes, env, names, len(targets))
    tried: Any = None  # the first perturbation, evaluated without work, and its verdict
    tried_verdict = ""
    try:
        if known in ("holds", "fails") and counted is None:
            # as _first_changes: the first mutant that differs (most checks end there)
            value = env[names[0]]
            hit = _local.first.get(id(value))
            mutant = hit[1] if hit is not None and hit[0] is value else first_differing(value)
            if mutant is not None:
                i = slot[names[0]]
                saved = vals[i]
                vals[i] = mutant
                try:
                    v = verdict(fn, vals, any_work=True)
                finally:
                    vals[i] = saved
                changed = v in ("holds", "fails") and v != known
                if reals._work.left != _FULL:  # what it remembered cost work: not reused
                    _forget(compiled)
                    return (False, 1) if changed else None
                if changed:
                    return False, 1
                tried, tried_verdict = mutant, v  # the loop below meets it first
        if known is None:
            try:
                check_types(tree, env)
            except LeanbridgeError:
                return False, 0
        base = verdict(fn, vals)
        if known is not None and base != known:
            raise _GiveUp  # not the verdict the caller saw: let the general path decide
        if base not in ("holds", "fails"):
            return False, 0
        if counted is not None:
            return counted >= an.MIN_DECIDED, counted
        if targets is None:
            targets = _targets(literals, env, names)
        decided = 0
        at = [slot[n] for n in names]
        saved_all = list(vals)
        try:  # the inputs in turn, as insensitive_general (analysis.in_turn)
            streams = [_perturbations(env[n], targets) for n in names]
            for k, m in an.in_turn(streams):
                i = at[k]
                vals[i] = m
                # the same evaluation as the first perturbation: the same verdict
                v = tried_verdict if m is tried and k == 0 else verdict(fn, vals)
                vals[i] = saved_all[i]
                if v in ("holds", "fails"):
                    decided += 1
                    if v != base:
                        return False, decided
        finally:
            vals[:] = saved_all
        if len(names) > 1:
            columns = [_generic(env[n]) for n in names]
            while (first := next(columns[0], None)) is not None:
                vals[at[0]] = first[0]
                for i, col in zip(at[1:], columns[1:], strict=True):
                    m = next(col, None)
                    vals[i] = saved_all[i] if m is None else m[0]
                v = verdict(fn, vals)
                if v in ("holds", "fails"):
                    decided += 1
                    if v != base:
                        return False, decided
        return decided >= an.MIN_DECIDED, decided
    except _GiveUp:
        _forget(compiled)  # its remembered values may have cost work: a fresh compile next time
        return None


def first_differing(value: NamedValue) -> Any:
    """The first of ``_generic(value)``'s mutants that differs from ``value`` (the same
    object), or None: found by ``nth_generic_mutant`` and kept per value in ``_local.first``
    (looked up inline by :func:`fast_insensitive_to`, without the memos' calls)."""
    nth = nth_generic_mutant if value.is_list else an.nth_generic_mutant
    k = 0
    found = None
    while (item := nth(value, k)) is not None:
        if item[1]:
            found = item[0]
            break
        k += 1
    first = _local.first
    if len(first) >= _FIRST_KEPT:
        first.clear()
    first[id(value)] = (value, found)  # holds the value: its id is not reused while kept
    return found


_FIRST_KEPT = 4096


def _generic(value: NamedValue) -> Any:
    if value.is_list:
        return exact_generic_mutants(value)
    return an.cached_generic_mutants(value)


def _targets(
    literals: list[Decimal], env: Mapping[str, NamedValue], names: list[str]
) -> list[Fraction]:
    """The targeted mutants' targets, as insensitive_general lists them: from the number
    literals in pre-order (``signature``'s), as ``an._literals`` of the nodes."""
    targets = an.distinct_values(literals)
    for other in names:
        v = env[other]
        if not v.is_list:
            targets.append(v.scalar.value)
    return targets


def _forget(compiled: Compiled) -> None:
    kept = _local.compiled
    for key in [k for k, c in kept.items() if c is compiled]:
        del kept[key]


def _perturbations(value: NamedValue, targets: list[Fraction]) -> Any:
    """analysis._perturbations of one input, as ExactLists for a list."""
    if not value.is_list:
        return an._perturbations(value, targets)
    mutants = exact_generic_mutants(value)
    if targets:  # else none targeted
        mutants = _chain(mutants, exact_targeted_mutants(value, targets))
    return an.differing(islice(mutants, an.MAX_MUTANTS_PER_NAME))


def _chain(a: Any, b: Any) -> Any:
    yield from a
    yield from b
