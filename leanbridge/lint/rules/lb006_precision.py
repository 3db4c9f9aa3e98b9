"""LB006 precision: the expected number has more digits than the inputs support, or rounds away.

## What it finds

Two problems with the printed precision of a `~=` target:

* **false precision**: rounding the inputs to their printed digits can move the
  computed side by ten times the target's tolerance or more, so the target has at least
  one digit more than the inputs support (`mean(a, b, c) ~= 70.133` from inputs printed
  to one decimal).  Only inputs printed with a decimal point count: integers are taken
  to be exact counts.
* **meaning lost at a coarser rounding**: a claimed difference (`a - b ~= 0.3`,
  `pct_change(old, new) ~= 0.4`) whose computed value would also round to 0 at one digit
  less, so the printed precision is all that separates the claimed effect from no effect.

## Why it matters

A check against a number with false precision either fails for reasons unrelated to the
claim (the paper computed it from unrounded values) or passes by luck.  And an effect
that vanishes at one digit less is within rounding noise of the numbers it is computed
from: a pass says little about whether the effect is real.

## Example

```yaml
values:
  s1: {value: "70.1", source: "Table 4, seed 1"}
  s2: {value: "70.4", source: "Table 4, seed 2"}
  s3: {value: "69.9", source: "Table 4, seed 3"}
  avg: {value: "70.133", source: "Table 4, mean"}
claims:
  - id: mean_of_seeds
    source: "Table 4"
    check: "mean(s1, s2, s3) ~= avg"
```

## Use instead

Compare to the precision the inputs carry (`round(mean(s1, s2, s3), 1) ~= 70.1`), or
read the unrounded numbers from a data file.  For a tiny difference, state what the
claim really is (`a - b > 0`, or `a - b ~= 0.3` with a `text:` that says it is within
rounding) and silence the warning for that claim if the precision is intended.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from fractions import Fraction
from operator import attrgetter

from leanbridge.errors import Span
from leanbridge.lint.analysis import printed_decimal, value_of
from leanbridge.lint.base import ClaimContext, Finding, Rule
from leanbridge.semantics.display import decimal_text
from leanbridge.semantics.numbers import Decimal
from leanbridge.semantics.typecheck import approx_target, printed_number
from leanbridge.semantics.value_memo import ValueMemo
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast
from leanbridge.wording import plural

SUPPORT_FACTOR = 10  # input rounding error >= this many target tolerances: false precision


def _shift(d: Decimal) -> Decimal:
    """``d`` plus half its printed unit, at one digit finer, where it is exact (as
    ``to_decimal(d.value + d.unit / 2, d.exponent - 1)``): ``m 10^e + 10^e / 2`` is
    ``(10 m + 5) 10^(e-1)``."""
    return printed_decimal(10 * d.mantissa + 5, d.exponent - 1)


# Each named value shifted, made once: a named list is used by many claims of a file.
_SHIFTED: ValueMemo[NamedValue] = ValueMemo()


def _shifted(value: NamedValue) -> NamedValue:
    return _SHIFTED.get(
        value,
        lambda: dataclasses.replace(value, numbers=tuple(_shift(d) for d in value.numbers)),
    )


def _shifted_env(ctx: ClaimContext, name: str, value: NamedValue) -> dict[str, NamedValue] | None:
    """``{**env, name: _shifted(value)}`` (``value`` is ``env[name]``), made once per file
    and name; None when every number of ``value`` is printed as an integer (an exact count,
    never shifted)."""
    made: dict[str, dict[str, NamedValue] | None] = ctx.shared.setdefault("LB006", {})
    shifted = made.get(name, ())
    if shifted == ():
        if all(d.is_integer_literal for d in value.numbers):
            shifted = None
        else:
            shifted = {**ctx.env, name: _shifted(value)}
        made[name] = shifted
    return shifted  # type: ignore[return-value]


def _left_names(node: ast.Approx, ctx: ClaimContext) -> Iterable[str]:
    """The names ``node.left`` uses, in order of first use (``ast.names_in``, no repeats)."""
    right = node.right.operand if isinstance(node.right, ast.Neg) else node.right
    if node is ctx.tree and isinstance(right, ast.Number):
        return ctx.uses  # the tree is `left ~= number`: all its names are the left's
    return dict.fromkeys(ast.names_in(node.left))


def _rounding_error(node: ast.Approx, base: Fraction | None, ctx: ClaimContext) -> Fraction | None:
    """Sum over decimal-printed inputs of how far half a printed unit moves ``node.left``
    (whose value is ``base``)."""
    if base is None:
        return None
    total: Fraction | None = None
    env = ctx.env
    for name in _left_names(node, ctx):
        value = env.get(name)
        if value is None:
            continue
        shifted = _shifted_env(ctx, name, value)
        if shifted is None:
            continue
        moved = value_of(node.left, shifted)
        if moved is None:
            return None
        moved = abs(moved - base)
        total = moved if total is None else total + moved
    return total


# The functions whose value at exact arguments is exact, whatever the precision of square
# roots: a check made of them is evaluated exactly at the first precision tried.
_EXACT_FUNCTIONS = frozenset(
    {"sum", "mean", "median", "min", "max", "len", "var", "pvar", "abs", "round", "pct_change"}
)


def _left_value(node: ast.Approx, ctx: ClaimContext) -> Fraction | None:
    """``value_of(node.left, ctx.env)``: the left side the check's own evaluation found,
    when that is the same evaluation (``node`` is the check, evaluated exactly with the
    printed inputs, with no square root or statistic anywhere in it)."""
    result = ctx.result
    lhs = result.outcome.lhs
    if (
        node is ctx.tree
        and lhs.__class__ is Fraction
        and result.loaded.claim.inputs == "exact"
        and _EXACT_FUNCTIONS.issuperset(map(_FUNC, ctx.calls))
    ):
        return lhs  # type: ignore[return-value]
    return value_of(node.left, ctx.env)


def _compare_half_units(q: Fraction, count: int, exponent: int) -> int:
    """The sign of ``|q| - count * 10**exponent / 2``, in integers."""
    a, b = 2 * abs(q.numerator), count * q.denominator
    if exponent >= 0:
        b *= 10**exponent
    else:
        a *= 10**-exponent
    return (a > b) - (a < b)


def _decimals(exponent: int) -> str:
    """How precise a unit of ``10**exponent`` is: so many decimals (at most 400), or whole
    numbers."""
    n = min(-exponent, 400) if exponent < 0 else 0
    return plural(n, "decimal") if n else "whole numbers"


def _is_difference(node: ast.Node) -> bool:
    return isinstance(node, ast.Sub) or (isinstance(node, ast.Call) and node.func == "pct_change")


# Functions of one list unchanged when every item moves by the same amount, and those that
# move with it (so a difference of two of them on the same list is unchanged).
_SHIFT_FREE = frozenset({"var", "pvar", "sd", "psd"})
_SHIFT_ALONG = frozenset({"mean", "median", "min", "max"})
_SHIFT_ALONG_SUM = _SHIFT_ALONG | {"sum"}


def _one_list(node: ast.Node, funcs: frozenset[str]) -> str | None:
    """The name ``x`` when ``node`` is ``f(x)`` with ``f`` in ``funcs``."""
    if node.__class__ is ast.Call and node.func in funcs:  # type: ignore[attr-defined]
        args = node.args  # type: ignore[attr-defined]
        if len(args) == 1 and args[0].__class__ is ast.Name:
            return args[0].id  # type: ignore[no-any-return]
    return None


def _exponent(ctx: ClaimContext, name: str) -> tuple[bool, int | None]:
    """Whether every number of ``name`` (if known) is printed with the same exponent (so
    :func:`_shift` moves them all by the same half unit), and that exponent when the
    numbers are also small (every exact value of a few of them, shifted or not, stays far
    below the bounds on sizes and work: its evaluation cannot fail)."""
    made: dict[str, tuple[bool, int | None]] = ctx.shared.setdefault("LB006 exponent", {})
    known = made.get(name)
    if known is None:
        value = ctx.env.get(name)
        if value is None:
            known = (True, None)
        else:
            numbers = value.numbers  # read with map and attrgetter: no Python frame per number
            exponents = set(map(_EXPONENT, numbers))
            e = next(iter(exponents)) if len(exponents) == 1 else None
            small = (
                e is not None
                and -_SMALL <= e <= _SMALL
                and len(numbers) <= 10**4
                and max(map(abs, map(_MANTISSA, numbers))) < _BOUND
                and not all(d.is_integer_literal for d in numbers)
            )
            known = (len(exponents) <= 1, e if small else None)
        made[name] = known
    return known


_SMALL = 40  # digits of a mantissa, and exponents, of "small" numbers
_BOUND = 10**_SMALL  # made once: a power per number checked cost more than the rest
_EXPONENT, _MANTISSA, _FUNC = attrgetter("exponent"), attrgetter("mantissa"), attrgetter("func")


def _moved_along(left: ast.Node, ctx: ClaimContext) -> Fraction | None:
    """:func:`_rounding_error` of ``left`` given its value is not None, when ``left`` is
    ``f(x)`` for ``f`` in mean, median, min, max, sum and ``x`` a known list of small
    numbers of one exponent ``e`` (not all integers): each moves by ``10**e / 2``, and
    ``f`` moves by as much (``sum``: ``len(x)`` times).  None: no such shortcut."""
    name = _one_list(left, _SHIFT_ALONG_SUM)
    if name is None:
        return None
    e = _exponent(ctx, name)[1]
    if e is None:
        return None
    half = Fraction(10**e, 2) if e >= 0 else Fraction(1, 2 * 10**-e)
    if left.func == "sum":  # type: ignore[attr-defined]
        return half * len(ctx.env[name].numbers)
    return half


def _unmoved(left: ast.Node, ctx: ClaimContext) -> bool:
    """Whether ``left`` is, in exact arithmetic, unchanged when its one input moves by
    half a printed unit: a spread (``var(x)``, ``sd(x)``, ``sqrt(pvar(x))``,
    ``max(x) - min(x)``) of one list whose numbers share their exponent.  Then
    :func:`_rounding_error` is 0 or None (not computed: a value over a bound), so it never
    reaches the threshold and need not be worked out."""
    name = _one_list(left, _SHIFT_FREE)
    if name is None and left.__class__ is ast.Call and left.func == "sqrt":  # type: ignore[attr-defined]
        args = left.args  # type: ignore[attr-defined]
        if len(args) == 1:
            name = _one_list(args[0], _SHIFT_FREE)
    if name is None and left.__class__ is ast.Sub:
        name = _one_list(left.left, _SHIFT_ALONG)  # type: ignore[attr-defined]
        if name is not None and _one_list(left.right, _SHIFT_ALONG) != name:  # type: ignore[attr-defined]
            name = None
    return name is not None and _exponent(ctx, name)[0]


def _two_scalars(left: ast.Node) -> tuple[str, ast.Node, ast.Node] | None:
    """("sub", a, b) for ``a - b`` and ``abs(a - b)`` ("abs"), ("pct", old, new) for
    ``pct_change(old, new)``, with ``a``, ``b`` names; else None."""
    kind = "sub"
    if left.__class__ is ast.Call and left.func == "abs" and len(left.args) == 1:  # type: ignore[attr-defined]
        left, kind = left.args[0], "abs"  # type: ignore[attr-defined]
    if left.__class__ is ast.Sub:
        pair = (left.left, left.right)  # type: ignore[attr-defined]
    elif kind == "sub" and left.__class__ is ast.Call and left.func == "pct_change":  # type: ignore[attr-defined]
        pair, kind = left.args, "pct"  # type: ignore[attr-defined]
        if len(pair) != 2:
            return None
    else:
        return None
    a, b = pair
    if a.__class__ is not ast.Name or b.__class__ is not ast.Name or a.id == b.id:  # type: ignore[attr-defined]
        return None
    return kind, a, b


def _scalar(ctx: ClaimContext, name: str) -> tuple[Fraction, Fraction | None] | None:
    """The exact value of ``name`` and that value moved by half its printed unit (None for
    an integer, never moved) when it is a single small number; else None.  Made once per
    file and name."""
    made: dict[str, tuple[Fraction, Fraction | None] | None] = ctx.shared.setdefault(
        "LB006 scalar", {}
    )
    if name in made:
        return made[name]
    known = None
    value = ctx.env.get(name)
    if value is not None and not value.is_list and len(value.numbers) == 1:
        d = value.numbers[0]
        if -_SMALL <= d.exponent <= _SMALL and -_BOUND < d.mantissa < _BOUND:
            known = (d.value, None if d.is_integer_literal else _shift(d).value)
    made[name] = known
    return known


# A single number as integers: its value's numerator and denominator, and its moved value's
# (None: an integer, never moved)
_Ints = tuple[int, int, tuple[int, int] | None]


def _scalar_ints(ctx: ClaimContext, name: str) -> _Ints | None:
    """:func:`_scalar` of ``name`` as integers: the numerator and denominator of its value,
    and of its moved value (None: an integer, never moved).  Made once per file and name."""
    made: dict[str, _Ints | None] = ctx.shared.setdefault("LB006 scalar ints", {})
    known = made.get(name, ())
    if known == ():
        pair = _scalar(ctx, name)
        if pair is None:
            known = None
        else:
            exact, shifted = pair
            moved = None if shifted is None else (shifted.numerator, shifted.denominator)
            known = (exact.numerator, exact.denominator, moved)
        made[name] = known
    return known  # type: ignore[return-value]


def _moved_sum(kind: str, a: _Ints, b: _Ints, bn: int, bd: int) -> tuple[int, int] | None:
    """:func:`_scalar_error` in integers, as ``(num, den)`` (not reduced, ``den > 0``, ``num
    >= 0``) given the inputs as :func:`_scalar_ints` and ``base = bn / bd``; None when no
    input moves or ``pct`` divides by zero (:func:`_scalar_error` gives None)."""
    # The sum in integers, as num / den (not reduced), each Fraction operation of the
    # evaluator's formula done on numerators and denominators: one gcd at the end.
    num, den, moved_any = 0, 1, False
    for i in (0, 1):
        shifted = (a if i == 0 else b)[2]
        if shifted is None:
            continue  # an integer: an exact count, never moved
        if i == 0:
            (xn, xd), yn, yd = shifted, b[0], b[1]
        else:
            xn, xd, (yn, yd) = a[0], a[1], shifted
        if kind == "pct":
            if not xn:
                return None  # division by zero: not computed
            mn, md = 100 * (yn * xd - xn * yd), yd * xn  # (y - x) * (1 / x) * 100
            if md < 0:
                mn, md = -mn, -md
        else:
            mn, md = xn * yd - yn * xd, xd * yd  # x - y
            if kind == "abs" and mn < 0:
                mn = -mn
        mn = mn * bd - bn * md  # |moved - base|
        if mn < 0:
            mn = -mn
        num, den, moved_any = num * md * bd + mn * den, den * md * bd, True
    return (num, den) if moved_any else None


def _scalar_inputs(ctx: ClaimContext, left: ast.Node) -> tuple[str, _Ints, _Ints] | None:
    """``left``'s kind and its two inputs as :func:`_scalar_ints` when it is ``a - b``,
    ``abs(a - b)`` or ``pct_change(a, b)`` of two known single small numbers; else None."""
    shape = _two_scalars(left)
    if shape is None:
        return None
    kind, a_node, b_node = shape
    a = _scalar_ints(ctx, a_node.id)  # type: ignore[attr-defined]
    b = _scalar_ints(ctx, b_node.id)  # type: ignore[attr-defined]
    if a is None or b is None:
        return None
    return kind, a, b


def _scalar_error(left: ast.Node, base: Fraction, ctx: ClaimContext) -> Fraction | bool | None:
    """:func:`_rounding_error` of ``left`` (whose value is ``base``) when it is ``a - b``,
    ``abs(a - b)`` or ``pct_change(a, b)`` of two known single small numbers, worked out
    in Fractions as the evaluator does (``(new - old) * (1 / old) * 100``); False when
    ``left`` is not of that kind."""
    inputs = _scalar_inputs(ctx, left)
    if inputs is None:
        return False
    moved = _moved_sum(*inputs, base.numerator, base.denominator)
    return None if moved is None else Fraction(*moved)


def _precision_finding(target: Decimal, error: Fraction, span: Span | None) -> Finding:
    """The false-precision finding: ``error`` is at least SUPPORT_FACTOR tolerances of
    ``target``."""
    return Finding(
        f"`~= {target.text}` is to {_decimals(target.exponent)}, but rounding the "
        "inputs to their printed digits can move the computed side by "
        f"{decimal_text(error)}: the target has more digits than the inputs "
        "support",
        span=span,
    )


def _difference_finding(target: Decimal, span: Span | None) -> Finding:
    """The finding of a claimed difference that would also hold as ``~= 0``."""
    return Finding(
        f"the claimed difference `~= {target.text}` would also hold as `~= 0` at "
        "one digit less: only the last printed digit separates it from no effect",
        span=span,
    )


def _two_scalar_check(ctx: ClaimContext, node: ast.Approx) -> Sequence[Finding] | None:
    """:func:`check_general` on the check ``node``, ``a - b ~= t``, ``abs(a - b) ~= t`` or
    ``pct_change(a, b) ~= t`` with ``a``, ``b`` known single small numbers, its left side
    as the check's exact evaluation found it; None for any other check (not decided)."""
    result = ctx.result
    base = result.outcome.lhs
    if base.__class__ is not Fraction or result.loaded.claim.inputs != "exact":
        return None  # `_left_value` would evaluate
    inputs = _scalar_inputs(ctx, node.left)
    if inputs is None:
        return None  # `_rounding_error`'s general walk
    kind = inputs[0]
    # `left` is no spread (`_unmoved`) and no f(x) (`_moved_along`): its error is
    # `_scalar_error`, here in integers, a Fraction made only for a finding's message.
    bn, bd = base.numerator, base.denominator  # type: ignore[union-attr]
    moved = _moved_sum(*inputs, bn, bd)
    right = node.right
    negative = right.__class__ is ast.Neg
    if negative:
        right = right.operand  # type: ignore[attr-defined]
    printed = right.literal if right.__class__ is ast.Number else ctx.env[right.id].scalar  # type: ignore[attr-defined]
    e = printed.exponent
    if moved is not None:
        num, den = moved
        # `_compare_half_units(error, SUPPORT_FACTOR, e) >= 0`, on num / den unreduced
        x, y = 2 * num, SUPPORT_FACTOR * den
        if e >= 0:
            y *= 10**e
        else:
            x *= 10**-e
        if x >= y:
            target = printed_number(node.right, ctx.env)
            return [_precision_finding(target, Fraction(num, den), node.right.span)]
    m = printed.mantissa  # its sign does not matter below
    if kind == "abs" or m == 0 or m >= 5 or m <= -5:
        return ()  # `abs(...)` is no difference (`_is_difference`)
    if _compare_half_units(base, 10, e) <= 0:  # type: ignore[arg-type]
        return [_difference_finding(printed_number(node.right, ctx.env), node.right.span)]
    return ()


# The usual check, one `~=` whose left side is f(x) of one named list: its finding read
# from what is kept per name (by `_exponent`), without the general check's calls.
_SPREAD, _ALONG = 1, 2
_ONE_LIST_KIND = {**dict.fromkeys(_SHIFT_FREE, _SPREAD), **dict.fromkeys(_SHIFT_ALONG_SUM, _ALONG)}


def check(ctx: ClaimContext) -> Sequence[Finding]:
    """:func:`check_general`'s findings (a test holds them equal); on a check
    ``f(x) ~= t`` or ``sqrt(f(x)) ~= t`` with the numbers of ``x`` of one exponent, worked
    out from that exponent and ``t``'s."""
    if not ctx.evaluable:
        return ()
    node = ctx.tree
    if node.__class__ is not ast.Approx or len(ctx.comparisons) != 1:
        return check_general(ctx)
    left = node.left  # type: ignore[attr-defined]
    cls = left.__class__
    if cls is ast.Sub:
        name = _one_list(left.left, _SHIFT_ALONG)  # type: ignore[attr-defined]
        if name is not None and _one_list(left.right, _SHIFT_ALONG) == name:  # type: ignore[attr-defined]
            # `max(x) - min(x)`: when `_unmoved`, only the difference test can find
            # anything, and only for a target of mantissa 1 to 4 (then from its value).
            m = printed_number(node.right, ctx.env).mantissa  # type: ignore[attr-defined]
            if _exponent(ctx, name)[0] and (m == 0 or m >= 5 or m <= -5):
                return ()
            return check_general(ctx)
    elif cls is not ast.Call:
        return check_general(ctx)
    func = left.func if cls is ast.Call else None  # type: ignore[attr-defined]
    if func is None or func == "abs" or func == "pct_change":
        found = _two_scalar_check(ctx, node)  # type: ignore[arg-type]
        return check_general(ctx) if found is None else found
    args = left.args  # type: ignore[attr-defined]
    kind = _ONE_LIST_KIND.get(func)
    if kind is None and func == "sqrt" and len(args) == 1 and args[0].__class__ is ast.Call:
        func, args = args[0].func, args[0].args  # `sqrt(f(x))`: a spread if f(x) is one
        if func in _SHIFT_FREE:
            kind = _SPREAD
    if kind is None or len(args) != 1 or args[0].__class__ is not ast.Name:
        return check_general(ctx)
    name = args[0].id
    same, e = _exponent(ctx, name)
    if kind == _SPREAD:
        # `_unmoved`, and f(x) is no difference: neither test can find anything.  (The
        # general check works out the target first: after type checking it cannot fail.)
        return () if same else check_general(ctx)
    result = ctx.result
    if (
        e is None
        or result.loaded.claim.inputs != "exact"
        or result.outcome.lhs.__class__ is not Fraction
    ):
        return check_general(ctx)  # no `_moved_along` shortcut, or `_left_value` evaluates
    # `_moved_along`: f(x) moves by half a unit of x, `sum` len(x) times; a finding when
    # that is at least SUPPORT_FACTOR half units of the target (and f(x) is no difference).
    target = printed_number(node.right, ctx.env)  # type: ignore[attr-defined]
    count = len(ctx.env[name].numbers) if func == "sum" else 1
    shift = target.exponent + 1 - e  # a finding when count * 10**e >= 10**(exponent + 1)
    if shift > 4 or (shift > 0 and count < 10**shift):  # count <= 10**4 (`_exponent`)
        return ()
    # The finding (then f(x) being no difference, the only one): `_moved_along`'s error.
    half = Fraction(10**e, 2) if e >= 0 else Fraction(1, 2 * 10**-e)
    return [_precision_finding(target, half * count, node.right.span)]  # type: ignore[attr-defined]


def check_general(ctx: ClaimContext) -> Sequence[Finding]:
    """The rule's definition, for any check."""
    if not ctx.evaluable:
        return ()
    found: list[Finding] = []
    for node in ctx.comparisons:
        if not isinstance(node, ast.Approx):
            continue
        target = approx_target(node, ctx.env)
        e = target.exponent  # the target's tolerance is half of 10**e
        left = node.left
        if _unmoved(left, ctx):
            if target.mantissa == 0 or not _is_difference(left):
                continue  # neither test below can find anything
            lhs = _left_value(node, ctx)
            error = None
        else:
            lhs = _left_value(node, ctx)
            error = None
            if lhs is not None:
                error = _moved_along(left, ctx)
                if error is None:
                    scalar = _scalar_error(left, lhs, ctx)
                    error = _rounding_error(node, lhs, ctx) if scalar is False else scalar
        # error >= SUPPORT_FACTOR tolerances
        if error is not None and _compare_half_units(error, SUPPORT_FACTOR, e) >= 0:
            found.append(_precision_finding(target, error, node.right.span))
            continue
        if target.mantissa == 0 or not _is_difference(node.left):
            continue
        # The target rounded half away from 0 at one digit less (to 10**(e+1)) is 0
        # exactly when its mantissa is a single digit below 5: then is the computed
        # difference within half that coarser unit of 0 too?
        if lhs is None or abs(target.mantissa) >= 5:
            continue
        if _compare_half_units(lhs, 10, e) <= 0:
            found.append(_difference_finding(target, node.right.span))
    return found


RULE = Rule(
    "LB006",
    "precision",
    "warning",
    __doc__ or "",
    check=check,
    needs=frozenset({"evaluable", "approx"}),
)
