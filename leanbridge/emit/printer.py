"""AST -> Lean 4 term text against the ``LeanBridge`` library.

Structured like sympy's code printers: one ``_print_<Node>`` method per node type and a
single :func:`parenthesize` helper.  Every operation is printed as a function application
(``Q.add a b``, ``band p q``, ``List.cons x xs``), never as notation (``+``, ``&&``,
``[x, y]``): notation, like tactics, is declared in core's ``Init``, and the emitted text
must mean the same whether it is checked against core's ``Init`` or against leanbridge's
minimal prelude (docs/lean-subset.md).  With application only, an argument is
parenthesized unless it is an atom, and grouping is explicit in the text.
Every claim-language function has an entry in :data:`LEAN_FUNCTIONS`; every comparator
one in :data:`LEAN_COMPARATORS` / :data:`LEAN_SQRT_COMPARATORS` /
:data:`LEAN_SQRT_SQRT_COMPARATORS`.

Nothing from the claim file is copied into the output: numbers are printed from the
integers of their :class:`~leanbridge.semantics.numbers.Decimal`, names go through
:mod:`leanbridge.emit.names`.  A check that has no faithful Lean counterpart raises
:class:`NotExpressible` with the reason; it is never printed as a weaker statement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from leanbridge.emit.granularity import granularity_printed
from leanbridge.emit.names import UnsafeName, value_ident
from leanbridge.errors import LeanbridgeError
from leanbridge.semantics.evaluate import Evaluator
from leanbridge.semantics.functions import FUNCTIONS, is_test_call
from leanbridge.semantics.numbers import Decimal
from leanbridge.semantics.typecheck import approx_target, integer_literal
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast

# --- precedence (Lean 4 parser levels) ---------------------------------------------

PREC_APP = 1000  # function application `f a b` (arguments must be atoms)
PREC_ATOM = 1024  # identifiers, numerals, `( ... )`

#: The library function for each operator node (all ``Q -> Q -> Q`` / ``Bool -> Bool -> Bool``).
OPERATORS: dict[str, str] = {
    "Add": "Q.add",
    "Sub": "Q.sub",
    "Mul": "Q.mul",
    "Div": "Q.div",
    "And": "band",
    "Or": "bor",
}
NEG = "Q.neg"
NOT = "bnot"
#: Lists: ``List.cons x xs`` / ``List.nil``, concatenated with ``List.append``.
LIST_CONS = "List.cons"
LIST_NIL = "List.nil"
LIST_APPEND = "List.append"
#: An integer literal below zero: ``Z.neg 32`` (Lean has no negative literals; ``-32`` is
#: notation for `Neg.neg 32`, declared in core's ``Init``).
INT_NEG = "Z.neg"


@dataclass(frozen=True, slots=True)
class Printed:
    text: str
    prec: int


def parenthesize(p: Printed, required: int) -> str:
    """``p``'s text, in parentheses when it binds more loosely than ``required``."""
    return p.text if p.prec >= required else f"({p.text})"


# --- the function and comparator tables --------------------------------------------

PVALUE_REASON = (
    "numeric: a p-value is a certified enclosure (Arb ball arithmetic), not a rational "
    "that Lean's core can compute"
)

SQRT_REASON = "square root inside a larger expression cannot be decided by squaring"


@dataclass(frozen=True, slots=True)
class LeanFunction:
    """How one claim-language function is printed.

    ``lean`` is applied to the arguments (aggregates: to one ``List Q``).  With ``sqrt``
    the function's value is the square root of ``lean(args)`` (of the argument itself
    when ``lean`` is None): such a call is printed only as one whole side of a comparison,
    through :data:`LEAN_SQRT_COMPARATORS`, and is otherwise :data:`SQRT_REASON`.
    ``not_expressible`` (when set) is why the function can never be printed.
    """

    lean: str | None
    kind: Literal["aggregate", "scalar", "stat"]
    sqrt: bool = False
    nat_args: tuple[int, ...] = ()  # argument positions printed as `Nat` literals
    not_expressible: str | None = None


STAT_LEAN_FUNCTIONS: dict[str, LeanFunction] = {
    # printed by leanbridge/emit/granularity.py
    "grim": LeanFunction("Stats.grim", "stat"),
    "grimmer": LeanFunction("Stats.grimmer", "stat"),
    "debit": LeanFunction("Stats.debit", "stat"),
    **{
        name: LeanFunction(None, "stat", not_expressible=PVALUE_REASON)
        for name in ("p_t", "p_z", "p_r", "p_f", "p_chi2")
    },
}

LEAN_FUNCTIONS: dict[str, LeanFunction] = {
    "sum": LeanFunction("Q.sum", "aggregate"),
    "mean": LeanFunction("Q.mean", "aggregate"),
    "median": LeanFunction("Q.median", "aggregate"),
    "min": LeanFunction("Q.min", "aggregate"),
    "max": LeanFunction("Q.max", "aggregate"),
    "len": LeanFunction("Q.len", "aggregate"),
    "var": LeanFunction("Q.var", "aggregate"),
    "pvar": LeanFunction("Q.pvar", "aggregate"),
    "sd": LeanFunction("Q.var", "aggregate", sqrt=True),
    "psd": LeanFunction("Q.pvar", "aggregate", sqrt=True),
    "abs": LeanFunction("Q.abs", "scalar"),
    "sqrt": LeanFunction(None, "scalar", sqrt=True),
    "round": LeanFunction("Q.round", "scalar", nat_args=(1,)),
    "pct_change": LeanFunction("Q.pctChange", "scalar"),
    **STAT_LEAN_FUNCTIONS,
}

LEAN_COMPARATORS: dict[str, str] = {
    "==": "Q.eq",
    "!=": "Q.ne",
    "<": "Q.lt",
    "<=": "Q.le",
    ">": "Q.gt",
    ">=": "Q.ge",
}

#: ``sqrt(v) op r`` for a radicand ``v`` (the library decides it by squaring).
LEAN_SQRT_COMPARATORS: dict[str, str] = {
    "==": "Q.sqrtEq",
    "!=": "Q.sqrtNe",
    "<": "Q.sqrtLt",
    "<=": "Q.sqrtLe",
    ">": "Q.sqrtGt",
    ">=": "Q.sqrtGe",
}

#: ``sqrt(v) op sqrt(w)`` for two radicands (the library compares ``v op w``).
LEAN_SQRT_SQRT_COMPARATORS: dict[str, str] = {
    "==": "Q.sqrtEqSqrt",
    "!=": "Q.sqrtNeSqrt",
    "<": "Q.sqrtLtSqrt",
    "<=": "Q.sqrtLeSqrt",
    ">": "Q.sqrtGtSqrt",
    ">=": "Q.sqrtGeSqrt",
}

#: ``x == sqrt(w) ± r%``: a relative tolerance around a square-root target.
LEAN_WITHIN_REL_SQRT_TARGET = "Q.withinRelSqrtTarget"

#: ``r op sqrt(v)`` is ``sqrt(v) FLIPPED[op] r``.
FLIPPED: dict[str, str] = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

#: The tolerance forms: ``~=`` and ``== t ± tol`` (absolute / relative): plain, with a
#: square root on the left, and with square roots on both sides (``~=`` has a printed
#: number or a name on its right, never a square root).
LEAN_TOLERANCE: dict[str, tuple[str, str, str | None]] = {
    "approx": ("Q.approx", "Q.sqrtApprox", None),
    "within_abs": ("Q.withinAbs", "Q.sqrtWithinAbs", "Q.sqrtWithinAbsSqrt"),
    "within_rel": ("Q.withinRel", "Q.sqrtWithinRel", "Q.sqrtWithinRelSqrt"),
}

assert set(LEAN_FUNCTIONS) == set(FUNCTIONS), "every function needs a Lean entry"


class NotExpressible(Exception):
    """The check has no faithful Lean counterpart; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- literals ------------------------------------------------------------------------


def _int(n: int) -> str:
    """An integer literal as an argument; a negative one as ``(Z.neg 32)``."""
    text = str(abs(int(n)))  # int() so that no subclass can change the text
    return f"({INT_NEG} {text})" if n < 0 else text


def decimal_literal(d: Decimal) -> Printed:
    """``m * 10^e`` as ``Q.dec m (-e)`` / ``Q.ofInt m`` / ``Q.sci m e``."""
    m, e = int(d.mantissa), int(d.exponent)
    if e < 0:
        return Printed(f"Q.dec {_int(m)} {-e}", PREC_APP)
    if e == 0:
        return Printed(f"Q.ofInt {_int(m)}", PREC_APP)
    return Printed(f"Q.sci {_int(m)} {e}", PREC_APP)


def unit_literal(d: Decimal) -> Printed:
    """The place value of ``d``'s last printed digit, ``10^e``, as a literal."""
    return decimal_literal(Decimal(1, d.exponent, "1"))


def _negated(d: Decimal) -> Decimal:
    return Decimal(-d.mantissa, d.exponent, "-" + d.text)


def list_pieces(items: list[Printed]) -> list[str]:
    """``List.cons x₁ (List.cons x₂ (... List.nil))`` cut after each element's opening
    parenthesis, so that a long literal can be wrapped over lines: ``"".join`` of the
    pieces is the literal."""
    if not items:
        return [LIST_NIL]
    pieces = [f"{LIST_CONS} {parenthesize(item, PREC_ATOM)} (" for item in items[:-1]]
    last = parenthesize(items[-1], PREC_ATOM)
    pieces.append(f"{LIST_CONS} {last} {LIST_NIL}" + ")" * (len(items) - 1))
    return pieces


def list_literal(items: list[Printed]) -> Printed:
    """A ``List Q`` literal (``List.nil`` when empty)."""
    return Printed("".join(list_pieces(items)), PREC_APP if items else PREC_ATOM)


# --- the printer ---------------------------------------------------------------------


class LeanPrinter:
    """Print a type-checked check AST over the values ``env`` as a Lean ``Bool`` term."""

    def __init__(self, env: Mapping[str, NamedValue]) -> None:
        self.env = env
        #: The largest exponent of 10 or power the last statement makes Lean compute
        #: (``Q.dec m k``, ``Q.sci m k``, ``Q.powInt x n``, ``Q.round x d``, and those of
        #: the named values it uses): see :func:`leanbridge.emit.budget.exponent_threshold`.
        self.max_exponent = 0

    def statement(self, node: ast.Node) -> str:
        """The whole check as one Lean ``Bool`` term."""
        if not isinstance(node, ast.BOOLEAN_NODES) and not is_test_call(node):
            raise NotExpressible("a check must be a comparison")
        self.max_exponent = 0
        return self.print(node).text

    def print(self, node: ast.Node) -> Printed:
        method = getattr(self, f"_print_{type(node).__name__}", None)
        if method is None:  # pragma: no cover - every node type has a method
            raise NotExpressible(f"no Lean form for {type(node).__name__}")
        return method(node)

    def _exponent(self, n: int) -> None:
        self.max_exponent = max(self.max_exponent, abs(int(n)))

    def _literal(self, d: Decimal) -> Printed:
        self._exponent(d.exponent)
        return decimal_literal(d)

    def arg(self, node: ast.Node) -> str:
        """``node`` as a function argument."""
        return parenthesize(self.print(node), PREC_ATOM)

    # --- numbers ---------------------------------------------------------------------

    def _print_Number(self, node: ast.Number) -> Printed:
        return self._literal(node.literal)

    def _name(self, name: str) -> str:
        try:
            return value_ident(name)
        except UnsafeName as e:
            raise NotExpressible(str(e)) from None

    def _print_Name(self, node: ast.Name) -> Printed:
        if node.id not in self.env:
            raise NotExpressible("unknown name")
        for d in self.env[node.id].numbers:
            self._exponent(d.exponent)
        return Printed(self._name(node.id), PREC_ATOM)

    def _print_ListExpr(self, node: ast.ListExpr) -> Printed:
        return list_literal([self.print(i) for i in node.items])

    def _print_Neg(self, node: ast.Neg) -> Printed:
        if isinstance(node.operand, ast.Number):  # -3.2 is the literal Q.dec (Z.neg 32) 1
            return self._literal(_negated(node.operand.literal))
        return self._apply(NEG, self.print(node.operand))

    def _print_BinOp(self, node: ast.BinOp) -> Printed:
        op = OPERATORS[type(node).__name__]
        return self._apply(op, self.print(node.left), self.print(node.right))

    _print_Add = _print_Sub = _print_Mul = _print_Div = _print_BinOp

    def _print_Pow(self, node: ast.Pow) -> Printed:
        try:  # the exponent as the oracle folded it: an integer literal in Lean
            n = Evaluator(self.env).exponent(node)
        except LeanbridgeError as e:
            raise NotExpressible(e.message) from None
        self._exponent(n)
        return Printed(f"Q.powInt {self.arg(node.left)} {_int(n)}", PREC_APP)

    def _is_list(self, node: ast.Node) -> bool:
        if isinstance(node, ast.ListExpr):
            return True
        return isinstance(node, ast.Name) and node.id in self.env and self.env[node.id].is_list

    def aggregate_list(self, args: tuple[ast.Node, ...]) -> Printed:
        """The arguments of an aggregate as one ``List Q``.

        ``mean(a, xs, b)`` is ``List.append (List.cons a List.nil) (List.append xs (List.cons
        b List.nil))``: consecutive scalars and the items of list literals share one literal,
        named lists are joined with ``List.append`` (nested to the right, so that each
        element is copied once).
        """
        segments: list[Printed] = []
        items: list[Printed] = []  # the literal being collected (empty ones are dropped)
        for a in args:
            if isinstance(a, ast.ListExpr):
                items.extend(self.print(i) for i in a.items)
            elif self._is_list(a):
                if items:
                    segments.append(list_literal(items))
                    items = []
                segments.append(self.print(a))
            else:
                items.append(self.print(a))
        if items or not segments:
            segments.append(list_literal(items))
        joined = segments[-1]
        for segment in reversed(segments[:-1]):
            joined = self._apply(LIST_APPEND, segment, joined)
        return joined

    def _print_Call(self, node: ast.Call) -> Printed:
        fn = LEAN_FUNCTIONS.get(node.func)
        if fn is None:
            raise NotExpressible(f"unknown function `{node.func}`"[:80])
        if fn.not_expressible:
            raise NotExpressible(fn.not_expressible)
        if fn.sqrt or fn.lean is None:
            raise NotExpressible(SQRT_REASON)
        if fn.kind == "stat":
            return granularity_printed(self, node)
        if fn.kind == "aggregate":
            return self._apply(fn.lean, self.aggregate_list(node.args))
        args: list[str] = []
        for i, a in enumerate(node.args):
            if i in fn.nat_args:
                n = integer_literal(a)
                if n is None or n < 0:
                    raise NotExpressible(f"argument {i + 1} of `{node.func}` must be a literal")
                args.append(str(int(n)))
                self._exponent(n)
            else:
                args.append(self.arg(a))
        return Printed(" ".join([fn.lean, *args]), PREC_APP)

    # --- square roots ----------------------------------------------------------------

    def radicand(self, node: ast.Node) -> Printed | None:
        """``v`` when ``node`` is ``sqrt(v)``, ``sd(..)`` or ``psd(..)``; else None."""
        if not isinstance(node, ast.Call):
            return None
        fn = LEAN_FUNCTIONS.get(node.func)
        if fn is None or not fn.sqrt:
            return None
        if fn.lean is None:
            if len(node.args) != 1:
                raise NotExpressible(f"`{node.func}` takes one argument")
            return self.print(node.args[0])
        return self._apply(fn.lean, self.aggregate_list(node.args))

    def _apply(self, fn: str, *args: Printed) -> Printed:
        return Printed(" ".join([fn, *(parenthesize(a, PREC_ATOM) for a in args)]), PREC_APP)

    # --- truth values ----------------------------------------------------------------

    def _print_Compare(self, node: ast.Compare) -> Printed:
        if node.op not in LEAN_COMPARATORS:
            raise NotExpressible("unknown comparator")
        left, right = self.radicand(node.left), self.radicand(node.right)
        if left is not None and right is not None:
            return self._apply(LEAN_SQRT_SQRT_COMPARATORS[node.op], left, right)
        if left is not None:
            return self._apply(LEAN_SQRT_COMPARATORS[node.op], left, self.print(node.right))
        if right is not None:
            op = FLIPPED[node.op]
            return self._apply(LEAN_SQRT_COMPARATORS[op], right, self.print(node.left))
        return self._apply(LEAN_COMPARATORS[node.op], self.print(node.left), self.print(node.right))

    def _print_Approx(self, node: ast.Approx) -> Printed:
        target = approx_target(node, self.env)
        right = node.right.operand if isinstance(node.right, ast.Neg) else node.right
        if isinstance(right, ast.Name):
            t = self._print_Name(right)
            if isinstance(node.right, ast.Neg):
                t = self._apply(NEG, t)
        elif isinstance(right, ast.Number):
            t = self._literal(target)
        else:
            raise NotExpressible("the right side of `~=` must be a number or a name")
        unit = unit_literal(target)
        self._exponent(target.exponent)
        plain, sqrt, _ = LEAN_TOLERANCE["approx"]
        root = self.radicand(node.left)
        if root is not None:
            return self._apply(sqrt, root, t, unit)
        return self._apply(plain, self.print(node.left), t, unit)

    def _print_Within(self, node: ast.Within) -> Printed:
        kind = "within_rel" if node.relative else "within_abs"
        plain, sqrt, both = LEAN_TOLERANCE[kind]
        tol = self._literal(node.tolerance.literal)
        left, target = self.radicand(node.left), self.radicand(node.target)
        if left is not None and target is not None:
            assert both is not None
            return self._apply(both, left, target, tol)
        if left is not None:
            return self._apply(sqrt, left, self.print(node.target), tol)
        if target is not None:
            if node.relative:
                return self._apply(LEAN_WITHIN_REL_SQRT_TARGET, self.print(node.left), target, tol)
            # |x - sqrt(v)| <= tol is symmetric in x and sqrt(v).
            return self._apply(sqrt, target, self.print(node.left), tol)
        return self._apply(plain, self.print(node.left), self.print(node.target), tol)

    _print_And = _print_Or = _print_BinOp

    def _print_Not(self, node: ast.Not) -> Printed:
        return self._apply(NOT, self.print(node.operand))
