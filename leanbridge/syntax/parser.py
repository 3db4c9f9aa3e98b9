"""Check string -> AST, with positioned, labelled syntax errors.

Follows lark's ``examples/advanced/create_ast.py`` (Transformer with ``v_args(inline=True,
meta=True)``, positions propagated) and ``error_reporting_lalr.py`` (``match_examples``).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from lark import Lark, Token, Transformer, Tree, UnexpectedInput, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken, VisitError

from leanbridge import limits
from leanbridge.errors import CheckSyntaxError, LeanbridgeError, LimitError, Span
from leanbridge.semantics.numbers import parse_decimal
from leanbridge.syntax import ast

_UNICODE_COMPARATORS = {"≠": "!=", "≤": "<=", "≥": ">="}

# Labelled syntax errors: lark finds the example that fails in the same parser state.
_ERROR_EXAMPLES: dict[str, list[str]] = {
    "missing operand": ["x +", "x * ", "x ==", "x ~=", "mean(x) <", "-", "x and", "not"],
    "unclosed bracket": ["mean(x", "(x + 1", "[1, 2", "mean([1, 2)"],
    "unexpected closing bracket": ["x)", "x]", "mean(x))"],
    "comparisons cannot be chained; join them with `and`": ["1 < x < 2", "x == y == z"],
    "tolerance must be a number literal such as `5%` or `0.1`": ["x == 1 ± y", "x == 1 ± (2)"],
    "missing operator between operands": ["x y", "1 2", "mean(x) 2", "(x) (y)"],
}


class _ToAst(Transformer):
    """Parse tree -> frozen AST nodes carrying spans."""

    @staticmethod
    def _span(meta) -> Span:
        return Span(meta.start_pos, meta.end_pos)

    @staticmethod
    def _tok_span(tok: Token) -> Span:
        return Span(tok.start_pos, tok.end_pos)

    def _number_token(self, tok: Token) -> ast.Number:
        try:
            dec = parse_decimal(str(tok))
        except LimitError as e:
            raise LimitError(e.message, self._tok_span(tok)) from None
        assert dec is not None  # the NUMBER terminal only matches valid literals
        return ast.Number(self._tok_span(tok), dec)

    @v_args(inline=True)
    def number(self, tok: Token) -> ast.Number:
        return self._number_token(tok)

    @v_args(inline=True, meta=True)
    def name(self, meta, tok: Token) -> ast.Name:
        return ast.Name(self._span(meta), str(tok))

    @v_args(inline=True, meta=True)
    def call(self, meta, tok: Token, args: list[ast.Node] | None) -> ast.Call:
        return ast.Call(self._span(meta), str(tok), tuple(args or ()), self._tok_span(tok))

    @v_args(inline=True, meta=True)
    def list(self, meta, args: list[ast.Node] | None) -> ast.ListExpr:
        return ast.ListExpr(self._span(meta), tuple(args or ()))

    def args(self, items: list[ast.Node]) -> list[ast.Node]:
        return items

    @v_args(inline=True, meta=True)
    def neg(self, meta, operand: ast.Node) -> ast.Neg:
        return ast.Neg(self._span(meta), operand)

    @v_args(inline=True, meta=True)
    def not_(self, meta, operand: ast.Node) -> ast.Not:
        return ast.Not(self._span(meta), operand)

    @v_args(inline=True, meta=True)
    def compare(self, meta, left: ast.Node, op: Token, right: ast.Node) -> ast.Compare:
        return ast.Compare(
            self._span(meta), _UNICODE_COMPARATORS.get(str(op), str(op)), left, right
        )

    @v_args(inline=True, meta=True)
    def approx(self, meta, left: ast.Node, _op: Token, right: ast.Node) -> ast.Approx:
        return ast.Approx(self._span(meta), left, right)

    @v_args(inline=True, meta=True)
    def within(
        self, meta, left: ast.Node, op: Token, target: ast.Node, _pm: Token, tol: Token
    ) -> ast.Within:
        if str(op) != "==":
            raise CheckSyntaxError(
                f"`±` tolerance goes with `==` only, not `{op}`", self._tok_span(op)
            )
        tolerance = self._number_token(tol)
        relative = str(tol).endswith("%")
        return ast.Within(self._span(meta), left, target, tolerance, relative)


def _binary(cls: type[ast.BinOp] | type[ast.And] | type[ast.Or]):
    @v_args(inline=True, meta=True)
    def build(self, meta, left: ast.Node, right: ast.Node):
        return cls(Span(meta.start_pos, meta.end_pos), left, right)

    return build


for _rule, _cls in {
    "add": ast.Add,
    "sub": ast.Sub,
    "mul": ast.Mul,
    "div": ast.Div,
    "pow": ast.Pow,
    "and_": ast.And,
    "or_": ast.Or,
}.items():
    setattr(_ToAst, _rule, _binary(_cls))


@lru_cache(maxsize=1)
def _lark() -> Lark:
    grammar = resources.files("leanbridge.syntax").joinpath("claim.lark").read_text("utf-8")
    # The basic lexer makes `and`/`or`/`not` keywords everywhere: the contextual one read
    # `and == 1` as a name `and`, and split `x == 1 andx == 2` into `and x`.
    return Lark(
        grammar, parser="lalr", lexer="basic", propagate_positions=True, maybe_placeholders=True
    )


# Every later stage (AST transformer, type checker, evaluator, Lean printer) recurses once
# per tree level, and a chain of binary operators (`1+1+...+1`) nests one level per operator
# without any bracket: bound the depth of the parse tree, found without recursion.
# (Belongs in leanbridge.limits; kept here, derived from MAX_NESTING, until it moves.)
MAX_TREE_DEPTH = 3 * limits.MAX_NESTING


def _check_depth(tree: Tree) -> None:
    stack: list[tuple[Tree, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            start = getattr(node.meta, "start_pos", 0) or 0
            raise LimitError(
                f"expression nested deeper than {MAX_TREE_DEPTH} levels (each operator in a "
                "chain such as `a + b + c` adds a level; use sum([...]) for long sums)",
                Span(start, start + 1),
            )
        stack.extend((c, depth + 1) for c in node.children if isinstance(c, Tree))


def _check_bounds(text: str) -> None:
    if len(text) > limits.MAX_CHECK_CHARS:
        raise LimitError(
            f"check is {len(text)} characters long; the limit is {limits.MAX_CHECK_CHARS}",
            Span(0, 1),
        )
    # The tree transformer recurses once per nesting level: bound it before parsing.
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
            if depth > limits.MAX_NESTING:
                raise LimitError(
                    f"brackets nested deeper than {limits.MAX_NESTING} levels", Span(i, i + 1)
                )
        elif ch in ")]":
            depth -= 1
    # Long runs of prefix operators nest just as deeply as brackets do.
    run = 0
    for i, ch in enumerate(text):
        if ch == "-":
            run += 1
            if run > limits.MAX_NESTING:
                raise LimitError(
                    f"more than {limits.MAX_NESTING} unary operators in a row", Span(i, i + 1)
                )
        elif not ch.isspace():
            run = 0
    if text.count("not") > limits.MAX_NESTING * 4:
        raise LimitError("too many `not` operators in one check", Span(0, 1))


def _describe_terminal(name: str) -> str:
    """`LPAR` -> `(`; named terminals by what they stand for."""
    named = {
        "NUMBER": "a number",
        "NAME": "a name",
        "$END": "end of check",
        "COMP": "a comparison",
        "APPROX": "`~=`",
        "PLUSMINUS": "`±`",
    }
    if name in named:
        return named[name]
    try:
        return f"`{_lark().get_terminal(name).pattern.value}`"
    except KeyError:
        return name


def _syntax_error(text: str, err: UnexpectedInput) -> CheckSyntaxError:
    pos = err.pos_in_stream if err.pos_in_stream is not None else len(text)
    label = None
    if not isinstance(err, UnexpectedCharacters):
        try:
            label = err.match_examples(_lark().parse, _ERROR_EXAMPLES, use_accepts=True)
        except (TypeError, AssertionError):
            # lark 1.3 formats a debug message with `%d` of a ParserState when an error at
            # end of input carries the parser state object (e.g. `-[1`): no label then.
            label = None
    if isinstance(err, UnexpectedCharacters):
        what = f"unexpected character {text[pos]!r}"
    elif isinstance(err, UnexpectedEOF) or (
        isinstance(err, UnexpectedToken) and err.token.type == "$END"
    ):
        what = "unexpected end of check"
        pos = len(text.rstrip())
    else:
        assert isinstance(err, UnexpectedToken)
        what = f"unexpected {str(err.token)!r}"
    message = f"{what}: {label}" if label else what
    if not label and isinstance(err, UnexpectedToken):
        expected = sorted(_describe_terminal(t) for t in (err.accepts or err.expected))
        if expected and len(expected) <= 10:
            message += f" (expected one of: {', '.join(expected)})"
    end = min(pos + 1, max(len(text), pos + 1))
    return CheckSyntaxError(message, Span(pos, end))


def parse_check(text: str) -> ast.Node:
    """Parse one check string; raise :class:`LeanbridgeError` with a span on failure."""
    _check_bounds(text)
    try:
        tree = _lark().parse(text)
    except UnexpectedInput as err:
        raise _syntax_error(text, err) from None
    _check_depth(tree)
    try:
        return _ToAst().transform(tree)
    except VisitError as err:
        if isinstance(err.orig_exc, LeanbridgeError):
            raise err.orig_exc from None
        raise
