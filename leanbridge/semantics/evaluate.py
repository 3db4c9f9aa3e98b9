"""Exact evaluation of a check: the independent oracle for every verdict.

All arithmetic is on ``fractions.Fraction``.  Square roots that are not rational are
enclosed in certified rational bounds (:mod:`leanbridge.semantics.reals`); a comparison
the bounds cannot separate is retried at double the precision up to
``limits.SQRT_MAX_BITS`` and is otherwise ``undecided``, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from fractions import Fraction
from math import lcm
from typing import Any, ClassVar, Literal, NamedTuple

from leanbridge import limits
from leanbridge.errors import ClaimEvalError, LeanbridgeError, Span
from leanbridge.semantics import numbers, reals
from leanbridge.semantics.display import decimal_text
from leanbridge.semantics.exact_list import ExactList
from leanbridge.semantics.functions import (
    FUNCTIONS,
    Function,
    Param,
    exact_order_statistic,
    exact_variance,
)
from leanbridge.semantics.granularity import TestResult
from leanbridge.semantics.numbers import Decimal
from leanbridge.semantics.reals import (
    _RAW_FRACTION,
    Indeterminate,
    Interval,
    PrecisionExhausted,
    Real,
)
from leanbridge.semantics.typecheck import (
    approx_target,
    check_types,
    integer_literal,
    printed_number,
)
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast
from leanbridge.wording import plural

# `consistent` only under `inputs: rounded` (semantics/rounded.py): true for some values
# that print as the inputs and false for others.
Verdict = Literal["holds", "fails", "consistent", "undecided", "error"]
Truth = bool | None  # None: the enclosures could not separate the two sides


# Not slotted: one is made per claim, and a slotted one costs a descriptor call per field
# (ten); this one gets the five fields a report sets in its __dict__ and reads the other
# defaults from the class (see _new_outcome).
@dataclass(frozen=True)
class Outcome:
    """The verdict on one check, with the two sides of its top-level comparison."""

    verdict: Verdict
    lhs: Real | None = None
    rhs: Real | None = None
    tolerance: Fraction | None = None  # the allowed |lhs - rhs| for ~= and ±
    margin: Real | None = None  # tolerance - |lhs - rhs|: >= 0 when within tolerance
    message: str | None = None
    span: Span | None = None
    notes: tuple[str, ...] = ()  # witnesses found by statistics tests, in order
    # `consistent`: an assignment of the inputs (label, exact value) making the check true,
    # and one making it false
    witness_true: tuple[tuple[str, Fraction], ...] = ()
    witness_false: tuple[tuple[str, Fraction], ...] = ()


_FIELDS = (
    "verdict", "lhs", "rhs", "tolerance", "margin", "message", "span", "notes",
    "witness_true", "witness_false",
)  # fmt: skip
if tuple(f.name for f in fields(Outcome)) != _FIELDS:  # what _new_outcome sets, in order
    raise AssertionError("Outcome's fields changed: update _new_outcome")
_object_new = object.__new__


def _new_outcome(
    verdict: Verdict, lhs: Real, rhs: Real, tolerance: Fraction | None, margin: Real | None
) -> Outcome:
    """``Outcome(verdict, lhs, rhs, tolerance, margin)``, the other fields at their
    defaults: an equal object (the five fields in its __dict__, the others read from the
    class), without the frozen __init__'s object.__setattr__ per field;
    tests/test_eval_memo.py holds the two equal."""
    o = _object_new(Outcome)
    d = o.__dict__
    d["verdict"] = verdict
    d["lhs"] = lhs
    d["rhs"] = rhs
    d["tolerance"] = tolerance
    d["margin"] = margin
    return o


# Outcome("holds") and Outcome("fails"), what a verdict-only evaluation returns: made once,
# as an Outcome is immutable (and compared by value, never by identity).
_HOLDS = Outcome("holds")
_FAILS = Outcome("fails")


class Sides(NamedTuple):
    lhs: Real
    rhs: Real
    tolerance: Real | None  # None for exact comparisons
    # tolerance - |lhs - rhs| when all three are exact (see _within_sides), else None
    exact_margin: Fraction | None = None


# Sides(...) without the Python-level __new__ of a NamedTuple: the same tuple.
_sides = tuple.__new__


def _within_sides(lhs: Real, rhs: Real, tolerance: Real) -> Sides:
    """Sides of ``~=`` or ``±``.  When all three are exact the margin is computed here,
    once: it decides the comparison (|lhs - rhs| <= tolerance iff margin >= 0) and is
    reported, instead of |lhs - rhs| being computed once for each."""
    if lhs.__class__ is Fraction and rhs.__class__ is Fraction and tolerance.__class__ is Fraction:
        return _sides(Sides, (lhs, rhs, tolerance, reals.exact_margin(lhs, rhs, tolerance)))
    return _sides(Sides, (lhs, rhs, tolerance, None))


# The exact value of each named value, made once rather than on every use: NamedValue is
# immutable, and an entry keeps its NamedValue alive, so an id is never reused while cached.
# A list is kept as an ExactList, which also keeps its sums and sorted order once computed.
_VALUES: dict[int, tuple[NamedValue, Fraction | ExactList]] = {}
_VALUES_CACHED = 4096


def _exact_of(value: NamedValue) -> Fraction | ExactList:
    hit = _VALUES.get(id(value))
    if hit is not None and hit[0] is value:
        return hit[1]
    exact = ExactList.of_decimals(value.numbers) if value.is_list else value.scalar.value
    _remember(value, exact)
    return exact


def _remember(value: NamedValue, exact: Fraction | ExactList) -> None:
    if len(_VALUES) >= _VALUES_CACHED:
        _VALUES.clear()
    _VALUES[id(value)] = (value, exact)


def value_of(value: NamedValue) -> Fraction | tuple[Fraction, ...]:
    """The value of ``value`` as a Fraction, or a tuple of Fractions for a list."""
    exact = _exact_of(value)
    return exact.fractions if isinstance(exact, ExactList) else exact


def remember_value(value: NamedValue, exact: Fraction | tuple[Fraction, ...]) -> None:
    """Record the exact value of a NamedValue just made from known Fractions (the linter's
    perturbed inputs), so that it is not converted back from its decimals.  ``exact`` must
    equal what :func:`value_of` would compute."""
    if isinstance(exact, tuple):
        _remember(value, ExactList.of_decimals(value.numbers, exact))
    else:
        _remember(value, exact)


_UNKNOWN: Any = object()  # `tight` not computed yet


def _decide_for_report(
    node: ast.Compare | ast.Approx | ast.Within, s: Sides
) -> tuple[Truth, bool | None]:
    """``_decide(node, s)``, and for a tolerance that is not decided by an exact margin,
    whether ``|lhs - rhs|`` equals it (what :func:`_inexact_margin` asks), from one
    expansion (:func:`reals.within_and_tight`)."""
    if isinstance(node, ast.Compare) or s.exact_margin is not None:
        return _decide(node, s), _UNKNOWN
    assert s.tolerance is not None
    return reals.within_and_tight(s.lhs, s.rhs, s.tolerance)


def _decide(node: ast.Compare | ast.Approx | ast.Within, s: Sides) -> Truth:
    if isinstance(node, ast.Compare):
        return reals.compare(node.op, s.lhs, s.rhs)
    assert s.tolerance is not None
    if s.exact_margin is not None:
        return s.exact_margin.numerator >= 0  # its sign (not `>= 0`: an ABC check per call)
    return reals.within(s.lhs, s.rhs, s.tolerance)


def _inexact_margin(verdict: Verdict, s: Sides, tight: bool | None = _UNKNOWN) -> Real:
    """``tolerance - |lhs - rhs|`` when some side is not exact: an enclosure, narrowed by
    what is known exactly.  It is 0 when ``|lhs - rhs| == tolerance`` is decided exactly
    (``sqrt(8) == sqrt(2) ± 100%``), and has the sign the verdict gives (>= 0 iff it
    holds): a verdict decided exactly at a low precision must not be shown beside a
    margin of the other sign.  ``tight``: ``within(..., "==")`` if already known."""
    assert s.tolerance is not None
    if tight is _UNKNOWN:
        tight = reals.within(s.lhs, s.rhs, s.tolerance, "==")
    if tight is True:
        return Fraction(0)
    lhs, rhs, tol = s.lhs, s.rhs, s.tolerance
    if lhs.__class__ is reals.Root and rhs.__class__ is Fraction and tol.__class__ is Fraction:
        return _root_margin(verdict, lhs, rhs, tol)  # `sd(xs) ~= 2.5`
    return _margin_of(verdict, s)


def _margin_of(verdict: Verdict, s: Sides) -> Real:
    """What :func:`_inexact_margin` returns when ``|lhs - rhs| == tolerance`` is not
    known to hold: the definition."""
    assert s.tolerance is not None
    margin = s.tolerance - reals.absolute(s.lhs - s.rhs)
    if isinstance(margin, Interval) and verdict == "holds":
        return reals.tighten(max(margin.lo, Fraction(0)), margin.hi)
    if isinstance(margin, Interval) and verdict == "fails":
        return reals.tighten(margin.lo, min(margin.hi, Fraction(0)))
    return margin


def _root_margin(verdict: Verdict, lhs: reals.Root, rhs: Fraction, tol: Fraction) -> Real:
    """``_margin_of(verdict, Sides(lhs, rhs, tol))`` on integers over one common
    denominator D, each bound made a Fraction (normalised) once: ``lhs - rhs`` is
    ``[a, b] / D``, its absolute value ``[u, v] / D`` as :func:`reals.absolute` takes it,
    and ``tol - [u, v] / D`` is ``[T - v, T - u] / D``, narrowed by the verdict."""
    lo, hi = lhs.lo, lhs.hi
    if _RAW_FRACTION:  # the slots the properties read (all four are Fractions)
        ln, ld, hn, hd = lo._numerator, lo._denominator, hi._numerator, hi._denominator
        rn, rd, tn, td = rhs._numerator, rhs._denominator, tol._numerator, tol._denominator
    else:
        ln, ld, hn, hd = lo.numerator, lo.denominator, hi.numerator, hi.denominator
        rn, rd, tn, td = rhs.numerator, rhs.denominator, tol.numerator, tol.denominator
    d = lcm(ld, hd, rd, td)
    r = rn * (d // rd)
    a, b = ln * (d // ld) - r, hn * (d // hd) - r
    if a >= 0:
        u, v = a, b
    elif b <= 0:
        u, v = -b, -a
    else:
        u, v = 0, max(-a, b)
    t = tn * (d // td)
    mlo, mhi = t - v, t - u
    if verdict == "holds":
        mlo = max(mlo, 0)
    elif verdict == "fails":
        mhi = min(mhi, 0)
    else:
        return reals.Interval(Fraction(mlo, d), Fraction(mhi, d))
    if mlo == mhi:
        return Fraction(mlo, d)
    return reals.Interval(Fraction(mlo, d), Fraction(mhi, d))


def _outcome(verdict: Verdict, sides: Sides | None, tight: bool | None = _UNKNOWN) -> Outcome:
    if sides is None:
        return _new_outcome(verdict, None, None, None, None)  # Outcome(verdict)
    margin = sides.exact_margin
    if margin is None and sides.tolerance is not None:
        margin = _inexact_margin(verdict, sides, tight)
    tolerance = sides.tolerance if sides.tolerance.__class__ is Fraction else None
    return _new_outcome(verdict, sides.lhs, sides.rhs, tolerance, margin)


_LIST_VALUES = (tuple, ExactList)  # what a list literal and a named list evaluate to
_START_BITS = limits.SQRT_START_BITS

# Named lists joined by an aggregate (`mean(a, b)`): the ExactList of each sequence of
# ExactLists joined, made once (and so its sums and memo, see Evaluator._aggregate).  An
# entry keeps its parts alive, so their ids are not reused while it is cached.
_CONCATS: dict[tuple[int, ...], tuple[tuple[ExactList, ...], ExactList]] = {}


def _concat(parts: Sequence[Sequence[Real]]) -> ExactList | None:
    """``ExactList.concat(parts)``, the same ExactList again for the same named lists."""
    if len(parts) < 2 or any(p.__class__ is not ExactList for p in parts):
        return ExactList.concat(parts)
    key = tuple([id(p) for p in parts])
    hit = _CONCATS.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], parts, strict=True)):
        return hit[1]
    joined = ExactList.concat(parts)
    if joined is not None:
        if len(_CONCATS) >= _VALUES_CACHED:
            _CONCATS.clear()
        _CONCATS[key] = (tuple(parts), joined)  # type: ignore[arg-type]
    return joined


_UNSET: Any = object()


def _count_within(count: int, arg: ast.Node) -> None:
    if count > limits.MAX_LIST_LENGTH:
        raise ClaimEvalError(f"more than {limits.MAX_LIST_LENGTH} values", arg.span)


def _enough(node: ast.Call, func: Function, count: int) -> None:
    if count < func.min_items:
        raise ClaimEvalError(
            f"`{node.func}` needs at least {plural(func.min_items, 'value')}, got {count}",
            node.span,
        )


class Evaluator:
    """One method per AST node type; numbers are Fractions or certified enclosures."""

    def __init__(self, env: Mapping[str, NamedValue], bits: int = limits.SQRT_START_BITS):
        self.env = env
        self.bits = bits
        self.undecided_reason: str | None = None
        self.notes: list[str] = []  # what the statistics tests found (their witnesses)

    # The method for each node class, looked up by name once per class rather than on
    # every visit (a subclass gets its own table, so its overrides are seen).
    _methods: ClassVar[dict[type, Callable[[Evaluator, ast.Node], Any]]] = {}

    # Whether a Name evaluates as _eval_Name does here (the value's ExactList or Fraction),
    # so that _eval_Call may look a named list up without dispatching; a subclass may
    # change eval or _eval_Name, so it is False there.
    _plain_names: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._methods = {}
        cls._plain_names = False

    def eval(self, node: ast.Node):
        method = self._methods.get(node.__class__)
        if method is None:
            name = f"_eval_{node.__class__.__name__}"
            method = self._methods[node.__class__] = getattr(type(self), name)
        return method(self, node)

    # --- numbers ---------------------------------------------------------------------

    def _eval_Number(self, node: ast.Number) -> Fraction:
        return node.literal.value

    def _eval_Name(self, node: ast.Name) -> Fraction | ExactList:
        return _exact_of(self.env[node.id])

    def _eval_ListExpr(self, node: ast.ListExpr) -> tuple[Real, ...]:
        return tuple(self.eval(item) for item in node.items)

    def _eval_Neg(self, node: ast.Neg) -> Real:
        return -self.eval(node.operand)

    # On two exact values, the one Fraction of the result made from the integers
    # (normalised: the same Fraction as Fraction's operator gives), checked alike.

    def _eval_Add(self, node: ast.Add) -> Real:
        a, b = self.eval(node.left), self.eval(node.right)
        if a.__class__ is Fraction and b.__class__ is Fraction and _RAW_FRACTION:
            ad, bd = a._denominator, b._denominator
            return reals.check_size(Fraction(a._numerator * bd + b._numerator * ad, ad * bd))
        return reals.check_size(a + b)

    def _eval_Sub(self, node: ast.Sub) -> Real:
        a, b = self.eval(node.left), self.eval(node.right)
        if a.__class__ is Fraction and b.__class__ is Fraction and _RAW_FRACTION:
            ad, bd = a._denominator, b._denominator
            return reals.check_size(Fraction(a._numerator * bd - b._numerator * ad, ad * bd))
        return reals.check_size(a - b)

    def _eval_Mul(self, node: ast.Mul) -> Real:
        a, b = self.eval(node.left), self.eval(node.right)
        if a.__class__ is Fraction and b.__class__ is Fraction and _RAW_FRACTION:
            num, den = a._numerator * b._numerator, a._denominator * b._denominator
            return reals.check_size(Fraction(num, den))
        return reals.check_size(a * b)

    def _eval_Div(self, node: ast.Div) -> Real:
        left, right = self.eval(node.left), self.eval(node.right)
        return reals.check_size(left * self._at(node.right, reals.reciprocal, right))

    def _eval_Pow(self, node: ast.Pow) -> Real:
        n = self.exponent(node)
        base = self.eval(node.left)
        return self._at(node, reals.power, base, n)

    def exponent(self, node: ast.Pow) -> int:
        """The exponent of ``node`` folded exactly: a closed expression (the type checker
        refuses names in it) whose value must be an integer within the bounds.  ``2 ^ 3 ^
        2`` is ``2 ^ 9``; the Lean printer emits the folded integer."""
        right = node.right
        value = self.eval(right)
        if value.__class__ is not Fraction:
            raise ClaimEvalError(
                "the exponent of `^` must be an exact integer; this one involves a square "
                "root that is only known within bounds",
                right.span,
            )
        if value.denominator != 1:
            raise ClaimEvalError(
                f"the exponent of `^` must be an integer, not {decimal_text(value)}", right.span
            )
        n = value.numerator
        if abs(n) > limits.MAX_POW_EXPONENT:
            raise ClaimEvalError(
                f"exponent {decimal_text(value)} is beyond the limit of ±{limits.MAX_POW_EXPONENT}",
                right.span,
            )
        return n

    def _eval_Call(self, node: ast.Call) -> Real:
        func = FUNCTIONS[node.func]
        if func.kind == "stat":
            return self._stat_call(node, func)
        if func.kind == "scalar":
            args = node.args  # one or two arguments: no comprehension (a frame of its own)
            if len(args) == 1:
                values = [self.eval(args[0])]
            elif len(args) == 2:
                values = [self.eval(args[0]), self.eval(args[1])]
            else:
                values = [self.eval(a) for a in args]
            return self._at(node, func.impl, values, self.bits)
        args = node.args
        first = _UNSET
        if len(args) == 1:  # one named list (the common case): no parts to join
            arg = args[0]
            if arg.__class__ is ast.Name and self._plain_names:
                first = _exact_of(self.env[arg.id])  # what self.eval(arg) gives
            else:
                first = self.eval(arg)
            if first.__class__ is ExactList:  # as below: one part, which concat returns
                n = len(first.numerators)  # len(first), without its Python-level __len__
                if n > limits.MAX_LIST_LENGTH or n < func.min_items:
                    _count_within(n, args[0])
                    _enough(node, func, n)
                return self._aggregate(node, func, first)
        parts: list[Sequence[Real]] = []
        count = 0
        for arg in args:
            value = self.eval(arg) if first is _UNSET else first
            part = value if isinstance(value, _LIST_VALUES) else (value,)
            count += len(part)
            _count_within(count, arg)
            parts.append(part)
        _enough(node, func, count)
        # Exact items go as one ExactList (a named list's own, with its cached sums).
        exact = _concat(parts)
        if exact is not None:
            return self._aggregate(node, func, exact)
        items = [x for part in parts for x in part]
        return self._at(node, func.impl, items, self.bits)

    def _aggregate(self, node: ast.Call, func: Function, xs: ExactList) -> Real:
        """``func.impl(xs, bits)`` (through :meth:`_at`), remembered on ``xs`` at the first
        precision: a list is aggregated by many claims of a file.  A value is kept only
        when computing it charged no work (reals.charge), so that a later use, which
        charges nothing, charges what computing it again would; an error is not kept."""
        if self.bits != _START_BITS:
            return self._at(node, func.impl, xs, self.bits)
        memo = xs.results
        if memo is None:
            memo = xs.results = {}
        else:
            hit = memo.get(func.name)
            if hit is not None:
                return hit  # type: ignore[return-value]
        left = reals.work_left()
        value = self._at(node, func.impl, xs, self.bits)
        if reals.work_left() == left:
            memo[func.name] = value
        return value

    def _stat_call(self, node: ast.Call, func: Function) -> Real | bool:
        args = [
            self._stat_arg(node.func, p, a) for p, a in zip(func.params, node.args, strict=False)
        ]
        result = self._at(node, func.impl, args, self.bits)
        if isinstance(result, TestResult):
            self.notes.append(result.note)
            return result.truth
        return result

    def _stat_arg(self, func: str, param: Param, node: ast.Node) -> Any:
        if param == "printed":
            return printed_number(node, self.env)
        value = self.eval(node)
        if param == "number":
            return value
        if not isinstance(value, Fraction) or value <= 0:
            what = "a whole number" if param == "count" else "an exact number"
            raise ClaimEvalError(f"this argument of `{func}` must be {what} above 0", node.span)
        if param == "count":
            if value.denominator != 1:
                raise ClaimEvalError(
                    f"this argument of `{func}` must be a whole number, not {value}", node.span
                )
            return value.numerator
        return value

    def _at(self, node: ast.Node, fn, *args):
        """Call ``fn``, attaching ``node``'s span to any error that has none."""
        try:
            return fn(*args)
        except LeanbridgeError as e:
            if e.span is None:
                e.span = node.span
            raise

    # --- truth values ----------------------------------------------------------------

    def sides(self, node: ast.Compare | ast.Approx | ast.Within) -> Sides:
        """The two compared values, and the allowed distance for ``~=`` and ``±``."""
        if isinstance(node, ast.Compare):
            return _sides(Sides, (self.eval(node.left), self.eval(node.right), None, None))
        if isinstance(node, ast.Approx):
            right = node.right  # a literal (the usual target) is its own printed number
            target = (
                right.literal if right.__class__ is ast.Number else approx_target(node, self.env)
            )
            return _within_sides(self.eval(node.left), target.value, target.half_unit)
        x, target_value = self.eval(node.left), self.eval(node.target)
        tol = node.tolerance.literal.value
        if node.relative:
            tol = reals.relative_tolerance(tol, target_value, self.bits)
        return _within_sides(x, target_value, tol)

    def _truth(self, node: ast.Compare | ast.Approx | ast.Within) -> Truth:
        return _decide(node, self.sides(node))

    _eval_Approx = _eval_Within = _truth

    def _eval_Compare(self, node: ast.Compare) -> Truth:
        """``_truth(node)``: what ``_decide`` does with the Sides of a comparison,
        without making them (a comparison inside `and`, `or`, `not`)."""
        return reals.compare(node.op, self.eval(node.left), self.eval(node.right))

    def _eval_And(self, node: ast.And) -> Truth:
        a, b = self.eval(node.left), self.eval(node.right)
        if a is False or b is False:
            return False
        return None if a is None or b is None else True

    def _eval_Or(self, node: ast.Or) -> Truth:
        a, b = self.eval(node.left), self.eval(node.right)
        if a is True or b is True:
            return True
        return None if a is None or b is None else False

    def _eval_Not(self, node: ast.Not) -> Truth:
        a = self.eval(node.operand)
        return None if a is None else not a


# --- One walk: the type check and the first precision together -------------------------
# For a check the type checker accepts and that is decided at the first precision without
# an error, evaluate() gives what Evaluator(env, SQRT_START_BITS) computes after
# check_types.  _fast_outcome computes exactly that in one walk: each node is checked as
# well_typed checks it and valued as the Evaluator's method for it values it (the same
# functions of reals and functions, in the same order: the same values, size checks and
# work charges), without the checker's second walk, the Evaluator's dispatch per node or
# its error wrappers.  Whatever it is not sure of (an unknown name or function, a type
# the checker refuses, `^`, a statistics test, an error of any kind, an undecided
# comparison, any work on large numbers: it runs with no budget) raises _NotSure or an
# error, and evaluate() starts again on its general path, which decides (a memo filled on
# the way holds what the general path computes).  tests/test_eval_fast.py holds the two
# equal on random checks.


class _NotSure(Exception):
    """The one-walk path does not decide this check: the general path does."""


_NUMBER, _NAME, _CALL, _LIST = ast.Number, ast.Name, ast.Call, ast.ListExpr
_ADD, _SUB, _MUL, _DIV, _NEG = ast.Add, ast.Sub, ast.Mul, ast.Div, ast.Neg
_COMPARE, _APPROX, _WITHIN = ast.Compare, ast.Approx, ast.Within
_AND, _OR, _NOT = ast.And, ast.Or, ast.Not
_MAX_LIST = limits.MAX_LIST_LENGTH
_MAX_ROUND = limits.MAX_ROUND_DIGITS
_work, _FULL_WORK = reals._work, limits.MAX_EVAL_WORK  # what reals.start_work() sets


def _fast_number(node: ast.Node, env: Mapping[str, NamedValue]) -> Real:
    """The value of ``node``, which the type checker must give type "number" (else
    _NotSure): ``Evaluator(env, SQRT_START_BITS).eval(node)``."""
    cls = node.__class__
    if cls is _CALL:
        func = FUNCTIONS.get(node.func)  # type: ignore[attr-defined]
        if func is None:
            raise _NotSure
        kind = func.kind
        if kind == "aggregate":
            return _fast_aggregate(node, func, env)  # type: ignore[arg-type]
        args = node.args  # type: ignore[attr-defined]
        if kind != "scalar" or len(args) != func.arity:
            raise _NotSure
        if len(args) == 1:
            arg = args[0]
            if func is _SQRT and arg.__class__ is _CALL:
                root = _ROOTS.get(arg.func)  # type: ignore[attr-defined]
                if root is not None:  # sqrt(pvar(x)) is psd(x), sqrt(var(x)) is sd(x)
                    return _fast_root(arg, root, env)  # type: ignore[arg-type]
            values = [_fast_number(arg, env)]
        else:
            if node.func == "round":  # type: ignore[attr-defined]
                digits = integer_literal(args[1])
                if digits is None or not 0 <= digits <= _MAX_ROUND:
                    raise _NotSure
            if len(args) == 2:  # round, pct_change: no comprehension (a frame of its own)
                values = [_fast_number(args[0], env), _fast_number(args[1], env)]
            else:
                values = [_fast_number(a, env) for a in args]
        return func.impl(values, _START_BITS)
    if cls is _NUMBER:
        return node.literal.value  # type: ignore[attr-defined]
    if cls is _NAME:
        value = env.get(node.id)  # type: ignore[attr-defined]
        if value is None or value.is_list:
            raise _NotSure
        return _exact_of(value)  # type: ignore[return-value]
    if cls is _SUB or cls is _ADD or cls is _MUL:
        a, b = _fast_number(node.left, env), _fast_number(node.right, env)  # type: ignore[attr-defined]
        if a.__class__ is Fraction and b.__class__ is Fraction and _RAW_FRACTION:
            ad, bd = a._denominator, b._denominator  # type: ignore[union-attr]
            if cls is _MUL:
                num, den = a._numerator * b._numerator, ad * bd  # type: ignore[union-attr]
                return reals.check_size(Fraction(num, den))
            an, bn = a._numerator * bd, b._numerator * ad  # type: ignore[union-attr]
            return reals.check_size(Fraction(an - bn if cls is _SUB else an + bn, ad * bd))
        return reals.check_size(a - b if cls is _SUB else a + b if cls is _ADD else a * b)
    if cls is _DIV:
        left, right = _fast_number(node.left, env), _fast_number(node.right, env)  # type: ignore[attr-defined]
        return reals.check_size(left * reals.reciprocal(right))
    if cls is _NEG:
        return -_fast_number(node.operand, env)  # type: ignore[attr-defined]
    raise _NotSure  # `^`, a list or a comparison where a number goes, an unknown class


def _fast_aggregate(node: ast.Call, func: Function, env: Mapping[str, NamedValue]) -> Real:
    """``Evaluator._eval_Call`` of an aggregate at the first precision."""
    args = node.args
    if len(args) == 1 and args[0].__class__ is _NAME:  # one named list: the usual argument
        value = env.get(args[0].id)  # type: ignore[attr-defined]
        if value is None:
            raise _NotSure
        hit = _VALUES.get(id(value))  # _exact_of(value), its cache read here
        exact = hit[1] if hit is not None and hit[0] is value else _exact_of(value)
        if exact.__class__ is ExactList:
            n = len(exact.numerators)  # type: ignore[union-attr]
            if n > _MAX_LIST or n < func.min_items:
                raise _NotSure
            memo = exact.results  # type: ignore[union-attr]
            if memo is not None:  # _memo_aggregate's look-up, here
                hit = memo.get(func.name)
                if hit is not None:
                    return hit  # type: ignore[return-value]
            return _memo_aggregate(func, exact)  # type: ignore[arg-type]
    elif not args:
        raise _NotSure
    parts: list[Sequence[Real]] = []
    count = 0
    for arg in args:
        cls = arg.__class__
        if cls is _NAME:
            value = env.get(arg.id)  # type: ignore[attr-defined]
            if value is None:
                raise _NotSure
            part: Any = _exact_of(value)
            if part.__class__ is not ExactList:
                part = (part,)
        elif cls is _LIST:
            items = arg.items  # type: ignore[attr-defined]
            if len(items) > _MAX_LIST:
                raise _NotSure
            part = tuple([_fast_number(item, env) for item in items])
        else:
            part = (_fast_number(arg, env),)
        count += len(part)
        parts.append(part)
    if count > _MAX_LIST or count < func.min_items:
        raise _NotSure
    if len(parts) == 1 and parts[0].__class__ is ExactList:
        exact: ExactList | None = parts[0]  # type: ignore[assignment]
    else:
        if func is _MEAN:  # `mean(a, b)`: from the lists' integers, no joined list made
            mean = _mean_of_lists(parts, count)
            if mean is not None:
                return mean
        exact = _concat(parts)
    if exact is None:
        return func.impl([x for part in parts for x in part], _START_BITS)
    return _memo_aggregate(func, exact)


_SQRT = FUNCTIONS["sqrt"]
# The variance whose square root is an aggregate: sqrt(pvar(x)) and psd(x) are both
# square_root(_pvar(x), bits), sqrt(var(x)) and sd(x) both square_root(_var(x), bits),
# with the same smallest lists.
_ROOTS = {"pvar": FUNCTIONS["psd"], "var": FUNCTIONS["sd"]}


def _fast_root(inner: ast.Call, root: Function, env: Mapping[str, NamedValue]) -> Real:
    """``sqrt(inner)`` (``_SQRT.impl([_fast_number(inner, env)], _START_BITS)``) for
    ``inner`` a variance of one named list: ``root``'s value (psd or sd) of that list,
    kept in its memo as :func:`_memo_aggregate` keeps ``root(x)``, so that the square
    root is made once per list, not per claim.  The same value: square_root depends on
    the variance's value only, and charges no work.  Any other argument: the definition."""
    args = inner.args
    if len(args) == 1 and args[0].__class__ is _NAME:
        value = env.get(args[0].id)  # type: ignore[attr-defined]
        if value is not None:
            exact = _exact_of(value)
            if exact.__class__ is ExactList:
                memo = exact.results  # type: ignore[union-attr]
                if memo is not None:
                    hit = memo.get(root.name)
                    if hit is not None:
                        return hit  # type: ignore[return-value]
                variance = _fast_aggregate(inner, FUNCTIONS[inner.func], env)
                made = _SQRT.impl([variance], _START_BITS)
                exact.results[root.name] = made  # type: ignore[index, union-attr]
                return made
    return _SQRT.impl([_fast_number(inner, env)], _START_BITS)


_MEAN = FUNCTIONS["mean"]
_CHEAP_BITS = reals._CHEAP_BITS


def _mean_of_lists(parts: Sequence[Sequence[Real]], count: int) -> Fraction | None:
    """``mean`` of the named lists ``parts`` joined (``count`` values in all), as
    ``_memo_aggregate(_MEAN, _concat(parts))`` gives it: the joined list's sum ``S / D``
    (``D`` the lcm of the denominators) and its mean ``S / (D count)``, each size-checked.
    When ``S`` and ``D count`` are within _CHEAP_BITS, so are both normalised values, and
    neither check can fail or charge: the one Fraction of the mean is made, without the
    joined list, its sum or its memo.  None (the caller joins them) for any other parts."""
    for p in parts:
        if p.__class__ is not ExactList:
            return None
    d = lcm(*[p.denominator for p in parts])  # type: ignore[attr-defined]
    total = 0
    for p in parts:
        total += sum(p.numerators) * (d // p.denominator)  # type: ignore[attr-defined]
    den = d * count
    size = (total if total >= 0 else -total).bit_length()
    if size > _CHEAP_BITS or den.bit_length() > _CHEAP_BITS:
        return None
    return Fraction(total, den)


def _memo_aggregate(func: Function, exact: ExactList) -> Real:
    """``Evaluator._aggregate`` at the first precision, on the one-walk path only: it runs
    with no work budget, so any charge raises, and a value computed here charged none
    (what _aggregate checks before keeping one)."""
    memo = exact.results
    if memo is None:
        memo = exact.results = {}
    else:
        hit = memo.get(func.name)
        if hit is not None:
            return hit  # type: ignore[return-value]
    direct = _DIRECT.get(func.name)
    value = func.impl(exact, _START_BITS) if direct is None else direct(func, exact, memo)
    memo[func.name] = value
    return value


# ``func.impl(x, _START_BITS)`` for an ExactList x of at least func.min_items values, each
# aggregate's exact branch in functions.py called here, without the impl's lambda and the
# calls (_exact, ExactList.of_reals, __len__) that only find x to be its own ExactList; any
# other case goes to the impl.  tests/test_eval_memo.py section 10 holds them to the impl.


def _direct_sum(func: Function, x: ExactList, memo: dict) -> Real:
    if not x.numerators:  # functions._exact gives None: the impl's loop
        return func.impl(x, _START_BITS)
    return reals.check_size(x.sum)


def _direct_mean(func: Function, x: ExactList, memo: dict) -> Real:
    """``_mean``'s two size checks pass uncharged when S and D*n are within _CHEAP_BITS
    (as in _mean_of_lists), and its mean is the one Fraction S / (D n), kept as x's."""
    nums = x.numerators
    if x._mean is None and nums:
        total, den = sum(nums), x.denominator * len(nums)
        if total.bit_length() <= _CHEAP_BITS and den.bit_length() <= _CHEAP_BITS:
            mean = x._mean = Fraction(total, den)
            return mean
    return func.impl(x, _START_BITS)


def _direct_len(func: Function, x: ExactList, memo: dict) -> Real:
    return Fraction(len(x.numerators))


def _direct_order(func: Function, x: ExactList, memo: dict) -> Real:
    """``_monotone``'s exact branch: no size check there either."""
    if not x.numerators:
        return func.impl(x, _START_BITS)
    return exact_order_statistic(func.name, x)


def _direct_variance(func: Function, x: ExactList, memo: dict) -> Real:
    """``_var`` or ``_pvar`` from x's moments (no size check there either)."""
    if len(x.numerators) >= func.min_items:  # var: n - 1 > 0
        variance = exact_variance(x, func.name == "var")
        if variance is not None:
            return variance
    return func.impl(x, _START_BITS)


_VARIANCES = {"sd": FUNCTIONS["var"], "psd": FUNCTIONS["pvar"]}


def _direct_root(func: Function, x: ExactList, memo: dict) -> Real:
    """``square_root(variance(x), bits)``: the variance read from or kept in x's memo (its
    value, computed charging nothing, as _memo_aggregate keeps it), as _fast_root does for
    sqrt(pvar(x)); square_root depends on its value only, and charges nothing."""
    variance_of = _VARIANCES[func.name]
    variance = memo.get(variance_of.name)
    if variance is None:
        variance = memo[variance_of.name] = _direct_variance(variance_of, x, memo)
    return reals.square_root(variance, _START_BITS)


_DIRECT: dict[str, Callable[[Function, ExactList, dict], Real]] = {
    "sum": _direct_sum,
    "mean": _direct_mean,
    "len": _direct_len,
    "min": _direct_order,
    "max": _direct_order,
    "median": _direct_order,
    "var": _direct_variance,
    "pvar": _direct_variance,
    "sd": _direct_root,
    "psd": _direct_root,
}
if set(_DIRECT) != {f.name for f in FUNCTIONS.values() if f.kind == "aggregate"}:
    raise AssertionError("an aggregate without its _DIRECT entry (or one too many)")


def _fast_target(right: ast.Node, env: Mapping[str, NamedValue]) -> Decimal:
    """The printed number on the right of ``~=`` (``approx_target``), when the type checker
    accepts it there: a literal or a single value's name, perhaps negated."""
    inner = right.operand if right.__class__ is _NEG else right  # type: ignore[attr-defined]
    cls = inner.__class__
    if cls is _NAME:
        value = env.get(inner.id)  # type: ignore[attr-defined]
        if value is None or value.is_list:
            raise _NotSure
    elif cls is not _NUMBER:
        raise _NotSure
    return printed_number(right, env)


def _fast_sides(node: ast.Node, env: Mapping[str, NamedValue]) -> Sides:
    """``Evaluator.sides(node)`` of an Approx or a Within."""
    if node.__class__ is _APPROX:
        right = node.right  # type: ignore[attr-defined]
        target = right.literal if right.__class__ is _NUMBER else _fast_target(right, env)
        return _within_sides(_fast_number(node.left, env), target.value, target.half_unit)  # type: ignore[attr-defined]
    x, target_value = _fast_number(node.left, env), _fast_number(node.target, env)  # type: ignore[attr-defined]
    tol = node.tolerance.literal.value  # type: ignore[attr-defined]
    if node.relative:  # type: ignore[attr-defined]
        tol = reals.relative_tolerance(tol, target_value, _START_BITS)
    return _within_sides(x, target_value, tol)


def _fast_truth(node: ast.Node, env: Mapping[str, NamedValue]) -> Truth:
    """``Evaluator.eval(node)`` of a node the type checker must give type "bool"."""
    cls = node.__class__
    if cls is _COMPARE:
        return reals.compare(node.op, _fast_number(node.left, env), _fast_number(node.right, env))  # type: ignore[attr-defined]
    if cls is _APPROX or cls is _WITHIN:
        return _decide(node, _fast_sides(node, env))  # type: ignore[arg-type]
    if cls is _AND or cls is _OR:
        a, b = _fast_truth(node.left, env), _fast_truth(node.right, env)  # type: ignore[attr-defined]
        if cls is _AND:
            if a is False or b is False:
                return False
            return None if a is None or b is None else True
        if a is True or b is True:
            return True
        return None if a is None or b is None else False
    if cls is _NOT:
        a = _fast_truth(node.operand, env)  # type: ignore[attr-defined]
        return None if a is None else not a
    raise _NotSure  # a number where a comparison goes, a statistics test, ...


def _fast_outcome(node: ast.Node, env: Mapping[str, NamedValue], verdict_only: bool) -> Outcome:
    """What evaluate() gives for ``node``, in one walk, or _NotSure (see above)."""
    cls = node.__class__
    if cls is _COMPARE:
        lhs, rhs = _fast_number(node.left, env), _fast_number(node.right, env)  # type: ignore[attr-defined]
        truth = reals.compare(node.op, lhs, rhs)  # type: ignore[attr-defined]
        if truth is None:
            raise _NotSure
        if verdict_only:
            return _HOLDS if truth else _FAILS
        return _new_outcome("holds" if truth else "fails", lhs, rhs, None, None)
    if cls is _APPROX:  # _fast_sides(node, env), its parts kept apart (no Sides made)
        right = node.right  # type: ignore[attr-defined]
        target = right.literal if right.__class__ is _NUMBER else _fast_target(right, env)
        x = _fast_number(node.left, env)  # type: ignore[attr-defined]
        t = _DECIMAL_VALUES.get((target.mantissa, target.exponent))  # target.value's memo
        if t is None:
            t = target.value
        tol: Real | None = _HALF_UNITS.get(target.exponent)  # target.half_unit's memo
        if tol is None:
            tol = target.half_unit
    elif cls is _WITHIN:
        x, t = _fast_number(node.left, env), _fast_number(node.target, env)  # type: ignore[attr-defined]
        tol = node.tolerance.literal.value  # type: ignore[attr-defined]
        if node.relative:  # type: ignore[attr-defined]
            tol = reals.relative_tolerance(tol, t, _START_BITS)  # type: ignore[arg-type]
    else:
        truth = _fast_truth(node, env)
        if truth is None:
            raise _NotSure
        if verdict_only:
            return _HOLDS if truth else _FAILS
        return _new_outcome("holds" if truth else "fails", None, None, None, None)
    if x.__class__ is Fraction and t.__class__ is Fraction and tol.__class__ is Fraction:
        # what _within_sides computes, and _decide / _outcome do with its exact margin
        margin = _exact_margin(x, t, tol)  # type: ignore[arg-type]
        if (margin._numerator if _RAW_FRACTION else margin.numerator) >= 0:
            return _HOLDS if verdict_only else _new_outcome("holds", x, t, tol, margin)  # type: ignore[arg-type]
        return _FAILS if verdict_only else _new_outcome("fails", x, t, tol, margin)  # type: ignore[arg-type]
    if x.__class__ is _ROOT and t.__class__ is Fraction and tol.__class__ is Fraction:
        decided = _root_outcome(x, t, tol, verdict_only)  # type: ignore[arg-type]
        if decided is not None:
            return decided
    if verdict_only:
        truth = reals.within(x, t, tol)
        if truth is None:
            raise _NotSure
        return _HOLDS if truth else _FAILS
    truth, tight = reals.within_and_tight(x, t, tol)
    if truth is None:
        raise _NotSure
    verdict: Verdict = "holds" if truth else "fails"
    # _outcome(verdict, Sides(x, t, tol), tight), its _inexact_margin here
    if tight is True:
        margin = _ZERO
    elif x.__class__ is reals.Root and t.__class__ is Fraction and tol.__class__ is Fraction:
        margin = _root_margin(verdict, x, t, tol)  # type: ignore[arg-type]
    else:
        margin = _margin_of(verdict, _sides(Sides, (x, t, tol, None)))
    return _new_outcome(verdict, x, t, tol if tol.__class__ is Fraction else None, margin)  # type: ignore[arg-type]


def _root_outcome(x: reals.Root, t: Fraction, tol: Fraction, verdict_only: bool) -> Outcome | None:
    """What the rest of :func:`_fast_outcome` gives for ``|x - t|`` within ``tol`` (x a
    Root, t and tol exact) when the enclosure of the margin decides it, else None.

    The margin ``tol - |x - t|`` lies in the enclosure :func:`_root_margin` makes before
    narrowing it, ``[T - v, T - u] / D`` (here over ``D = 2**bits * td * rd``, not the lcm:
    each bound is a normalised Fraction, the same value).  Above 0 it holds, below 0 it
    fails, and the margin is not 0 (``tight`` is False): what the exact test
    (``within_and_tight``) decides, without it.  The verdict's narrowing then leaves the
    enclosure as it is, so the margin is ``_root_margin(verdict, x, t, tol)``.  An
    enclosure containing 0 (None) goes to the exact test."""
    if not _RAW_FRACTION:
        return None
    rn, rd, tn, td = t._numerator, t._denominator, tol._numerator, tol._denominator
    k = rd * td
    scale = x.scale
    r = rn * td * scale  # t * D
    a = x.scaled * k - r  # (lo - t) * D
    b = a + k  # (hi - t) * D, as hi = lo + 1 / 2**bits
    if a >= 0:  # |x - t| in [u, v] / D, as reals.absolute takes it
        u, v = a, b
    elif b <= 0:
        u, v = -b, -a
    else:
        u, v = 0, (-a if -a > b else b)
    big_t = tn * rd * scale  # tol * D
    mlo, mhi = big_t - v, big_t - u
    if mlo > 0:
        if verdict_only:
            return _HOLDS
        verdict: Verdict = "holds"
    elif mhi < 0:
        if verdict_only:
            return _FAILS
        verdict = "fails"
    else:
        return None
    d = k * scale
    if mlo == mhi:
        return _new_outcome(verdict, x, t, tol, Fraction(mlo, d))
    return _new_outcome(verdict, x, t, tol, reals.Interval(Fraction(mlo, d), Fraction(mhi, d)))


_ROOT = reals.Root
_exact_margin = reals.exact_margin
_DECIMAL_VALUES, _HALF_UNITS = numbers._VALUES, numbers._HALF_UNITS
_ZERO = Fraction(0)  # the margin of a tolerance met exactly (a Fraction is immutable)


def evaluate(
    node: ast.Node,
    env: Mapping[str, NamedValue],
    *,
    typecheck: bool = True,
    evaluator: Callable[[Mapping[str, NamedValue], int], Evaluator] = Evaluator,
    verdict_only: bool = False,
) -> Outcome:
    """Type-check and evaluate ``node``; never raises for a problem in the claim.

    ``verdict_only`` leaves out what only a report shows (the sides, the margin, the
    notes): the verdict is the same (the linter's perturbed evaluations need no more).

    ``typecheck=False`` skips the type check, for a caller that has already checked
    ``node`` against an environment whose names have the same shapes (scalar or list).
    ``evaluator`` makes the Evaluator for each precision tried (the linter passes one
    that reuses sub-expression values between perturbed copies of one check).
    """
    if evaluator is Evaluator:
        # No budget: the one-walk path gives up at its first charge of work (which the
        # general path then spends, once), so it decides only what charges none.
        _work.left = 0
        try:
            outcome = _fast_outcome(node, env, verdict_only)
        except Exception:  # _NotSure, or an error: the general path decides, from the start
            pass
        else:
            _work.left = _FULL_WORK  # as the general path leaves it: nothing charged
            return outcome
    _work.left = _FULL_WORK  # reals.start_work(): one budget for all the precisions tried
    if typecheck:
        try:
            check_types(node, env)
        except LeanbridgeError as e:
            return Outcome("error", message=e.message, span=e.span)
    bits = limits.SQRT_START_BITS
    reason = "the square-root bounds could not separate the two sides"
    while True:
        ev = evaluator(env, bits)
        try:
            tight = _UNKNOWN
            if node.__class__ is ast.Compare:  # what the general path below does with it
                sides = ev.sides(node)
                lhs, rhs = sides[0], sides[1]
                truth = reals.compare(node.op, lhs, rhs)
                if truth is not None:
                    if verdict_only:
                        return _HOLDS if truth else _FAILS
                    if not ev.notes:  # _outcome(verdict, sides): no tolerance, no margin
                        return _new_outcome("holds" if truth else "fails", lhs, rhs, None, None)
            elif isinstance(node, ast.COMPARISON_NODES):
                sides = ev.sides(node)
                margin = sides[3]  # sides.exact_margin
                if margin is not None:  # what _decide and _decide_for_report give
                    if margin.numerator >= 0:
                        if verdict_only:
                            return _HOLDS
                        if not ev.notes:  # _outcome("holds", sides), without its call
                            return _new_outcome("holds", sides[0], sides[1], sides[2], margin)
                        truth = True
                    else:
                        if verdict_only:
                            return _FAILS
                        if not ev.notes:
                            return _new_outcome("fails", sides[0], sides[1], sides[2], margin)
                        truth = False
                elif verdict_only:
                    truth = _decide(node, sides)
                else:
                    truth, tight = _decide_for_report(node, sides)
            else:
                sides, truth = None, ev.eval(node)
            if truth is not None:
                verdict: Verdict = "holds" if truth else "fails"
                if verdict_only:
                    return _HOLDS if truth else _FAILS  # Outcome(verdict): one of the two
                outcome = _outcome(verdict, sides, tight)
                if ev.notes:
                    outcome = replace(outcome, notes=tuple(ev.notes))
                return outcome
        except PrecisionExhausted as e:  # more precision would not help
            return Outcome("undecided", message=str(e), span=node.span)
        except Indeterminate as e:
            reason = str(e)
        except LeanbridgeError as e:
            return Outcome("error", message=e.message, span=e.span)
        except (ZeroDivisionError, OverflowError, MemoryError, RecursionError) as e:
            return Outcome("error", message=f"cannot evaluate: {e}", span=node.span)
        if bits >= limits.SQRT_MAX_BITS:
            return Outcome(
                "undecided",
                message=f"{reason} at {limits.SQRT_MAX_BITS} bits of precision",
                span=node.span,
            )
        bits *= 2
