"""Static checks on a check's AST before anything is computed.

Every node is one of three types: a number, a list of numbers, or a truth value.  Unknown
names, unknown functions, wrong arity and misplaced lists are found here, with the span
of the offending token, so that evaluation only meets errors that depend on values
(division by zero and the like).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Literal

from leanbridge import limits
from leanbridge.errors import ClaimEvalError
from leanbridge.semantics.functions import FUNCTIONS, Function
from leanbridge.semantics.numbers import Decimal
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast
from leanbridge.wording import plural

Type = Literal["number", "list", "bool"]


def _suggest(word: str, choices: list[str]) -> str:
    import difflib  # here: only an unknown name needs it (~3 M instructions to import)

    close = difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean `{close[0]}`?" if close else ""


def integer_literal(node: ast.Node) -> int | None:
    """The value of ``3`` or ``-3`` written as an integer literal, else None."""
    if isinstance(node, ast.Neg):
        inner = integer_literal(node.operand)
        return None if inner is None else -inner
    if isinstance(node, ast.Number) and node.literal.is_integer_literal:
        return node.literal.mantissa
    return None


class TypeChecker:
    # The method for each node class, looked up by name once per class rather than on
    # every visit (a subclass gets its own table, so its overrides are seen).
    _methods: ClassVar[dict[type, Callable[[TypeChecker, ast.Node], Type]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._methods = {}

    def __init__(self, env: Mapping[str, NamedValue]) -> None:
        self.env = env

    def check(self, node: ast.Node) -> None:
        if self.visit(node) != "bool":
            raise ClaimEvalError(
                "a check must be a comparison such as `x == 1` or `x ~= 70.1`, not a bare number",
                node.span,
            )

    def visit(self, node: ast.Node) -> Type:
        method = self._methods.get(node.__class__)
        if method is None:
            name = f"_visit_{node.__class__.__name__}"
            method = self._methods[node.__class__] = getattr(type(self), name)
        return method(self, node)

    def expect(self, node: ast.Node, want: Type, what: str) -> None:
        got = self.visit(node)
        if got != want:
            article = {"number": "a number", "list": "a list", "bool": "a comparison"}
            raise ClaimEvalError(f"{what} must be {article[want]}, not {article[got]}", node.span)

    def _visit_Number(self, node: ast.Number) -> Type:
        return "number"

    def _visit_Name(self, node: ast.Name) -> Type:
        value = self.env.get(node.id)
        if value is None:
            hint = _suggest(node.id, list(self.env))
            if node.id in FUNCTIONS:
                hint = f"; `{node.id}` is a function: call it as `{node.id}(...)`"
            raise ClaimEvalError(f"unknown name `{node.id}`{hint}", node.span)
        return "list" if value.is_list else "number"

    def _visit_ListExpr(self, node: ast.ListExpr) -> Type:
        if len(node.items) > limits.MAX_LIST_LENGTH:
            raise ClaimEvalError(f"list longer than {limits.MAX_LIST_LENGTH} items", node.span)
        for item in node.items:
            self.expect(item, "number", "a list item")
        return "list"

    def _visit_Neg(self, node: ast.Neg) -> Type:
        self.expect(node.operand, "number", "the operand of `-`")
        return "number"

    def _visit_arith(self, node: ast.BinOp) -> Type:
        self.expect(node.left, "number", f"the left operand of `{node.symbol}`")
        self.expect(node.right, "number", f"the right operand of `{node.symbol}`")
        return "number"

    _visit_Add = _visit_Sub = _visit_Mul = _visit_Div = _visit_arith

    def _visit_Pow(self, node: ast.Pow) -> Type:
        self.expect(node.left, "number", "the base of `^`")
        self.expect(node.right, "number", "the exponent of `^`")
        # The exponent is folded to an integer (Evaluator.exponent), and Lean gets that
        # integer: it may not depend on named values.
        for n in node.right.walk():
            if isinstance(n, ast.Name):
                raise ClaimEvalError(
                    f"the exponent of `^` cannot use the named value `{n.id}`: it must be "
                    "an integer written with numbers, such as `2`, `-1` or `3 ^ 2`",
                    n.span,
                )
        return "number"

    def _visit_Call(self, node: ast.Call) -> Type:
        func = FUNCTIONS.get(node.func)
        if func is None:
            hint = _suggest(node.func, list(FUNCTIONS))
            raise ClaimEvalError(f"unknown function `{node.func}`{hint}", node.name_span)
        if func.kind == "aggregate":
            if not node.args:
                raise ClaimEvalError(f"`{node.func}` needs a list or some values", node.span)
            for arg in node.args:
                if self.visit(arg) == "bool":
                    raise ClaimEvalError(
                        f"`{node.func}` takes numbers or lists, not a comparison", arg.span
                    )
            return "number"
        if func.kind == "stat":
            return self._visit_stat_call(node, func)
        if len(node.args) != func.arity:
            raise ClaimEvalError(
                f"`{node.func}` takes {plural(func.arity, 'argument')}, got {len(node.args)}",
                node.span,
            )
        for arg in node.args:
            self.expect(arg, "number", f"an argument of `{node.func}`")
        if node.func == "round":
            digits = integer_literal(node.args[1])
            if digits is None or not 0 <= digits <= limits.MAX_ROUND_DIGITS:
                raise ClaimEvalError(
                    "the digits of `round(x, d)` must be an integer literal from 0 to "
                    f"{limits.MAX_ROUND_DIGITS}",
                    node.args[1].span,
                )
        return "number"

    def _visit_stat_call(self, node: ast.Call, func: Function) -> Type:
        n = len(node.args)
        if not func.min_arity <= n <= func.arity:
            want = (
                str(func.arity)
                if func.min_arity == func.arity
                else f"{func.min_arity} to {func.arity}"
            )
            raise ClaimEvalError(f"`{node.func}` takes {want} arguments, got {n}", node.span)
        for param, arg in zip(func.params, node.args, strict=False):
            if param == "printed" and not is_printed_number(arg):
                raise ClaimEvalError(
                    f"this argument of `{node.func}` must be a number as printed (e.g. "
                    "`3.48`) or the name of a single value: its printed precision sets "
                    "its interval",
                    arg.span,
                )
            self.expect(arg, "number", f"an argument of `{node.func}`")
        return func.returns

    def _visit_Compare(self, node: ast.Compare) -> Type:
        self.expect(node.left, "number", f"the left side of `{node.op}`")
        self.expect(node.right, "number", f"the right side of `{node.op}`")
        return "bool"

    def _visit_Approx(self, node: ast.Approx) -> Type:
        self.expect(node.left, "number", "the left side of `~=`")
        if not is_printed_number(node.right):
            raise ClaimEvalError(
                "the right side of `~=` must be a number as printed (e.g. `70.1`) or the "
                "name of a single value: its printed precision sets the tolerance",
                node.right.span,
            )
        self.expect(node.right, "number", "the right side of `~=`")
        return "bool"

    def _visit_Within(self, node: ast.Within) -> Type:
        self.expect(node.left, "number", "the left side of `==`")
        self.expect(node.target, "number", "the target of `±`")
        return "bool"

    def _visit_bool2(self, node: ast.And | ast.Or) -> Type:
        word = "and" if isinstance(node, ast.And) else "or"
        self.expect(node.left, "bool", f"the left side of `{word}`")
        self.expect(node.right, "bool", f"the right side of `{word}`")
        return "bool"

    _visit_And = _visit_Or = _visit_bool2

    def _visit_Not(self, node: ast.Not) -> Type:
        self.expect(node.operand, "bool", "the operand of `not`")
        return "bool"


def is_printed_number(node: ast.Node) -> bool:
    """A number literal, a name, or either negated: something with a printed precision."""
    inner = node.operand if isinstance(node, ast.Neg) else node
    return isinstance(inner, ast.Number | ast.Name)


def approx_target(node: ast.Approx, env: Mapping[str, NamedValue]) -> Decimal:
    """The printed number on the right of ``~=``, sign applied (after type checking)."""
    return printed_number(node.right, env)


def printed_number(right: ast.Node, env: Mapping[str, NamedValue]) -> Decimal:
    """The printed number ``right`` stands for, sign applied (after type checking)."""
    negate = isinstance(right, ast.Neg)
    if negate:
        right = right.operand  # type: ignore[union-attr]
    dec = right.literal if isinstance(right, ast.Number) else env[right.id].scalar  # type: ignore[union-attr]
    if negate:
        dec = Decimal(-dec.mantissa, dec.exponent, "-" + dec.text)
    return dec


# --- The usual well-typed check, without the general checker's messages -------------------
# TypeChecker words the message of every error it could raise as it walks (an f-string per
# operand), and dispatches through two calls per node.  For a check it accepts, nothing of
# that is used: `well_typed` answers the type in one call per node, and None for anything
# it is not sure of (an error, a statistics test, `^`, an unknown node class), after which
# the general checker runs from the start and decides.  tests/test_typecheck_fast.py holds
# them equal on random trees.

_ARITH = (ast.Add, ast.Sub, ast.Mul, ast.Div)
_BOOL2 = (ast.And, ast.Or)


def well_typed(node: ast.Node, env: Mapping[str, NamedValue]) -> Type | None:
    """The type TypeChecker gives ``node`` when it raises nothing on it, else None (not
    sure: ask TypeChecker).  Never a type TypeChecker would not give."""
    cls = node.__class__
    if cls is ast.Number:
        return "number"
    if cls is ast.Name:
        value = env.get(node.id)  # type: ignore[attr-defined]
        if value is None:
            return None
        return "list" if value.is_list else "number"
    if cls is ast.Call:
        func = FUNCTIONS.get(node.func)  # type: ignore[attr-defined]
        if func is None:
            return None
        args = node.args  # type: ignore[attr-defined]
        kind = func.kind
        if kind == "aggregate":
            if not args:
                return None
            for arg in args:
                if arg.__class__ is ast.Name:  # the usual argument, without a call
                    if env.get(arg.id) is None:  # type: ignore[attr-defined]
                        return None
                    continue
                t = well_typed(arg, env)
                if t is None or t == "bool":
                    return None
            return "number"
        if kind == "stat" or len(args) != func.arity:
            return None
        for arg in args:
            if well_typed(arg, env) != "number":
                return None
        if node.func == "round":  # type: ignore[attr-defined]
            digits = integer_literal(args[1])
            if digits is None or not 0 <= digits <= limits.MAX_ROUND_DIGITS:
                return None
        return "number"
    if cls is ast.Compare or cls is ast.Approx:
        if well_typed(node.left, env) != "number":  # type: ignore[attr-defined]
            return None
        right = node.right  # type: ignore[attr-defined]
        if right.__class__ is ast.Number:  # the usual right side, without a call
            return "bool"
        if cls is ast.Approx and not is_printed_number(right):
            return None
        return "bool" if well_typed(right, env) == "number" else None
    if cls is ast.Within:
        if well_typed(node.left, env) != "number":  # type: ignore[attr-defined]
            return None
        target = node.target  # type: ignore[attr-defined]
        if target.__class__ is ast.Number or well_typed(target, env) == "number":
            return "bool"
        return None
    if cls in _ARITH:
        if well_typed(node.left, env) != "number" or well_typed(node.right, env) != "number":  # type: ignore[attr-defined]
            return None
        return "number"
    if cls is ast.Neg:
        return "number" if well_typed(node.operand, env) == "number" else None  # type: ignore[attr-defined]
    if cls in _BOOL2:
        if well_typed(node.left, env) != "bool" or well_typed(node.right, env) != "bool":  # type: ignore[attr-defined]
            return None
        return "bool"
    if cls is ast.Not:
        return "bool" if well_typed(node.operand, env) == "bool" else None  # type: ignore[attr-defined]
    if cls is ast.ListExpr:
        items = node.items  # type: ignore[attr-defined]
        if len(items) > limits.MAX_LIST_LENGTH:
            return None
        for item in items:
            if well_typed(item, env) != "number":
                return None
        return "list"
    return None  # `^`, or a class this function does not know: the general checker


def check_types(node: ast.Node, env: Mapping[str, NamedValue]) -> None:
    """``TypeChecker(env).check(node)``: raises what it raises, accepts what it accepts."""
    if well_typed(node, env) != "bool":
        TypeChecker(env).check(node)
