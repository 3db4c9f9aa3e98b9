"""Check string -> AST, with positioned, labelled syntax errors.

The AST is built while lark's LALR parser reduces (an embedded transformer, ``Lark(...,
transformer=...)``), so no parse tree is built and walked.  Spans come from the tokens:
a node spans from the start of its first child to the end of its last child, where the
grammar's ``!`` rules keep the tokens that spans need (`not`, unary `-`, brackets).  A
parenthesised expression keeps its own span, but its parent's span includes the brackets
(what lark's ``propagate_positions`` calls the *container*).  Syntax errors are labelled
by example, as lark's ``match_examples`` does (see :func:`_label`).
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
import threading
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate, count
from pathlib import Path
from typing import TYPE_CHECKING

from leanbridge import limits
from leanbridge.errors import CheckSyntaxError, LeanbridgeError, LimitError, Span
from leanbridge.frozen import unfrozen_subclass
from leanbridge.semantics.numbers import Decimal, parse_decimal
from leanbridge.syntax import ast

if TYPE_CHECKING:  # lark is imported where it is used: a valid check needs none of it
    from lark import Lark, Token, UnexpectedInput

_UNICODE_COMPARATORS = {"≠": "!=", "≤": "<=", "≥": ">="}

# Labelled syntax errors: an error gets the label of the example that fails in the same
# LALR state (see _label).
_ERROR_EXAMPLES: dict[str, list[str]] = {
    "missing operand": ["x +", "x * ", "x ==", "x ~=", "mean(x) <", "-", "x and", "x or", "not"],
    "unclosed bracket": ["mean(x", "(x + 1", "[1", "[1, 2", "[1,", "mean(x,", "mean([1, 2)"],
    "unexpected closing bracket": ["x)", "x]", "mean(x))"],
    "a comma separates items only inside `f(...)` or `[...]`": ["x,", "x == 1,", "(x, y)"],
    "comparisons cannot be chained; join them with `and`": ["1 < x < 2", "x == y == z"],
    "tolerance must be a number literal such as `5%` or `0.1`": ["x == 1 ± y", "x == 1 ± (2)"],
    "missing operator between operands": ["x y", "1 2", "mean(x) 2", "(x) (y)"],
}


class _Paren:
    """A parenthesised expression while parsing: the node and the span with brackets."""

    __slots__ = ("node", "span")

    def __init__(self, node: ast.Node, span: Span) -> None:
        self.node = node
        self.span = span


Built = ast.Node | _Paren


def _node(x: Built) -> ast.Node:
    return x.node if x.__class__ is _Paren else x  # type: ignore[union-attr,return-value]


# Spans made by the reductions, shared: a Span is immutable and compared by value, and the
# same few (start, end) pairs recur in every check (a claim file holds thousands of nodes,
# each with its span, all kept until the report).  Kept by start, one row (end -> Span)
# per offset of a check (parse_check_walked bounds its length first), made when first
# used: a list index and a dict of ints cost under half a (start, end) key's hash and
# compare.  At most _SPANS_KEPT are kept; then every row starts over.
_SPANS: list[dict[int, Span] | None] = [None] * (limits.MAX_CHECK_CHARS + 1)
_SPANS_KEPT = 65536
_spans_made = 0  # since the rows last started over


def _span(start: int, end: int) -> Span:
    row = _SPANS[start] or _row(start)
    span = row.get(end)
    if span is None:
        global _spans_made
        _spans_made += 1
        if _spans_made > _SPANS_KEPT:
            _spans_made = 1
            for kept in _SPANS:
                if kept:
                    kept.clear()
        span = row[end] = Span(start, end)
    return span


def _row(start: int) -> dict[int, Span]:
    """The row of spans that start at ``start``, made if there is none yet."""
    row = _SPANS[start]
    if row is None:
        row = _SPANS[start] = {}
    return row


def _tok_span(tok: Token) -> Span:
    return _span(tok.start_pos, tok.end_pos)  # type: ignore[arg-type]


# The first error found while building (a number beyond the bounds, `±` after `<`) is
# only reported once the whole check has parsed: syntax errors and the depth bound come
# first, as when the AST was built after parsing.  One slot per thread.
# Every parse leaves the slot None (see parse_check_walked).


class _Slot(threading.local):
    error: LeanbridgeError | None = None  # in every thread, until set


_pending = _Slot()


def _defer(error: LeanbridgeError) -> None:
    if _pending.error is None:
        _pending.error = error


_ZERO = Decimal(0, 0, "0")  # stands in for a literal that was refused
_DECIMALS: dict[str, Decimal] = {}  # literal text -> Decimal (immutable, so shared)


def _number(tok: Token) -> ast.Number:
    text = tok.value
    dec = _DECIMALS.get(text)
    if dec is None:
        dec = _decimal(text, tok.start_pos, tok.end_pos)  # type: ignore[arg-type]
    return ast.Number(_tok_span(tok), dec)


def _decimal(text: str, start: int, end: int) -> Decimal:
    """The value of the NUMBER token ``text`` at ``start:end`` (memo missed); a literal
    beyond the bounds defers its error and stands as zero."""
    try:
        dec = parse_decimal(text)
    except LimitError as e:
        _defer(LimitError(e.message, _span(start, end)))
        return _ZERO
    assert dec is not None  # the NUMBER terminal only matches valid literals
    if len(_DECIMALS) >= 4096:
        _DECIMALS.clear()
    _DECIMALS[text] = dec
    return dec


def _tolerance_op(op: str, start: int, end: int) -> None:
    """``within``'s check of its comparator (the token ``op`` at ``start:end``)."""
    if op != "==":
        _defer(
            CheckSyntaxError(f"`±` tolerance goes with `==` only, not `{op}`", _span(start, end))
        )


def _binary(cls: type[ast.BinOp] | type[ast.And] | type[ast.Or]):
    def build(self, c: list) -> ast.Node:
        left, right = c
        return cls(_span(left.span.start, right.span.end), _node(left), _node(right))

    return build


class _Build:
    """The embedded transformer: one method per aliased rule, called at each reduction.

    Children arrive as lark passes them: nodes (or :class:`_Paren`), the kept tokens, and
    ``None`` for an empty optional ``[args]``.
    """

    def number(self, c: list) -> ast.Number:
        return _number(c[0])

    def name(self, c: list) -> ast.Name:
        tok = c[0]
        return ast.Name(_tok_span(tok), tok.value)

    def call(self, c: list) -> ast.Call:
        name, _lpar, args, rpar = c
        return ast.Call(
            _span(name.start_pos, rpar.end_pos), name.value, tuple(args or ()), _tok_span(name)
        )

    def list(self, c: list) -> ast.ListExpr:
        lbr, args, rbr = c
        return ast.ListExpr(_span(lbr.start_pos, rbr.end_pos), tuple(args or ()))

    def atom(self, c: list) -> _Paren:  # "(" or_expr ")"
        lpar, inner, rpar = c
        return _Paren(_node(inner), _span(lpar.start_pos, rpar.end_pos))

    def args(self, c: list) -> list[ast.Node]:
        return [_node(x) for x in c]

    def neg(self, c: list) -> ast.Neg:
        minus, operand = c
        return ast.Neg(_span(minus.start_pos, operand.span.end), _node(operand))

    def not_(self, c: list) -> ast.Not:
        word, operand = c
        return ast.Not(_span(word.start_pos, operand.span.end), _node(operand))

    def compare(self, c: list) -> ast.Compare:
        left, op, right = c
        return ast.Compare(
            _span(left.span.start, right.span.end),
            _UNICODE_COMPARATORS.get(op.value, op.value),
            _node(left),
            _node(right),
        )

    def approx(self, c: list) -> ast.Approx:
        left, _op, right = c
        return ast.Approx(_span(left.span.start, right.span.end), _node(left), _node(right))

    def within(self, c: list) -> ast.Within:
        left, op, target, _pm, tol = c
        _tolerance_op(op.value, op.start_pos, op.end_pos)
        return ast.Within(
            _span(left.span.start, tol.end_pos),
            _node(left),
            _node(target),
            _number(tol),
            tol.value.endswith("%"),
        )

    add = _binary(ast.Add)
    sub = _binary(ast.Sub)
    mul = _binary(ast.Mul)
    div = _binary(ast.Div)
    pow = _binary(ast.Pow)
    and_ = _binary(ast.And)
    or_ = _binary(ast.Or)


def _data_text(name: str) -> str:
    """A data file of this package, as ``importlib.resources`` reads it.

    Read beside this module when it is there (an installed or checked-out package), since
    importing ``importlib.resources`` and its readers costs about 12 M instructions, 2% of
    a one-claim ``check``; through ``importlib.resources`` otherwise (a zip, a custom
    loader).  tests/test_startup.py holds the two equal.
    """
    try:
        return (Path(__file__).parent / name).read_text("utf-8")
    except OSError:
        from importlib import resources

        return resources.files("leanbridge.syntax").joinpath(name).read_text("utf-8")


def _grammar() -> str:
    return _data_text("claim.lark")


def _lark_from_grammar(grammar: str) -> Lark:
    """lark's LALR parser for claim.lark, analysed from the grammar (tens of ms)."""
    from lark import Lark

    # The basic lexer makes `and`/`or`/`not` keywords everywhere: the contextual one read
    # `and == 1` as a name `and`, and split `x == 1 andx == 2` into `and x`.
    return Lark(
        grammar, parser="lalr", lexer="basic", maybe_placeholders=True, transformer=_Build()
    )


# lark's own serialization of the parser above (``Lark.save``'s content, as JSON: see
# _encode), shipped so that a process does not analyse the grammar again: ``Lark.load``
# of it is a few ms against about 45.  It is used only for the grammar text and the lark
# version it was made from (both recorded in it), so claim.lark stays the definition;
# tests/test_parser_table.py fails when it is stale, and says how to write it again.
TABLE_FILE = "claim_table.json"


def _encode(x: object) -> object:
    """JSON for lark's serialized data, which has int keys, tuples and sets: every dict,
    tuple and set becomes a one-key mapping that :func:`_decode` turns back."""
    if isinstance(x, dict):
        return {"d": [[_encode(k), _encode(v)] for k, v in x.items()]}
    if isinstance(x, tuple):
        return {"t": [_encode(v) for v in x]}
    if isinstance(x, frozenset | set):
        return {"f" if isinstance(x, frozenset) else "s": sorted(_encode(v) for v in x)}  # type: ignore[type-var]
    if isinstance(x, list):
        return [_encode(v) for v in x]
    if x is None or x.__class__ in (str, int, bool, float):
        return x
    raise TypeError(f"lark's serialized data holds a {type(x).__name__}")


def _decode(obj: dict) -> object:
    if len(obj) != 1:  # the file's own header
        return obj
    ((tag, items),) = obj.items()
    if tag == "d":
        return {k: v for k, v in items}
    if tag == "t":
        return tuple(items)
    if tag == "f":
        return frozenset(items)
    if tag == "s":
        return set(items)
    raise ValueError(f"unknown tag {tag!r} in {TABLE_FILE}")


def serialized_table(grammar: str) -> str:
    """The content of TABLE_FILE for ``grammar`` under the installed lark."""
    return _serialized(grammar)[0]


def _serialized(grammar: str) -> tuple[str, str]:
    """The contents of TABLE_FILE and DRIVER_FILE for ``grammar`` under the installed lark,
    from one analysis of it (lark numbers the states anew at each)."""
    import hashlib

    from lark import __version__ as lark_version
    from lark.grammar import Rule
    from lark.lexer import TerminalDef

    lark = _lark_from_grammar(grammar)
    data, memo = lark.memo_serialize([TerminalDef, Rule])
    data["options"] = {k: v for k, v in data["options"].items() if k != "transformer"}
    head: dict[str, object] = {
        "grammar_sha256": hashlib.sha256(grammar.encode()).hexdigest(),
        "lark": lark_version,
    }
    # The grammar itself, compared as text: no hashlib (~11 M instructions) at start-up.
    driver_head: dict[str, object] = {"grammar": grammar, "lark": lark_version}
    if _self_check(_Driver(lark), lark):  # the driver on this very table (see _driver)
        head[CHECKED] = _python()
    # The driver as made from its record, checked on the same table.
    record = json.loads(json.dumps(driver_record(_Driver(lark))))
    if _self_check(_Driver.recorded(record), lark):
        driver_head[CHECKED] = _python()
    table = _encode({"data": data, "memo": memo})
    return (
        json.dumps({**head, "table": table}, separators=(",", ":"), sort_keys=True) + "\n",
        json.dumps({**driver_head, DRIVER: record}, separators=(",", ":"), sort_keys=True) + "\n",
    )


def write_data_files() -> None:
    """Write TABLE_FILE and DRIVER_FILE beside this module (see tests/test_parser_table.py)."""
    for name, text in zip((TABLE_FILE, DRIVER_FILE), _serialized(_grammar()), strict=True):
        (Path(__file__).parent / name).write_text(text, "utf-8")


# The header key under which TABLE_FILE records the Python (major.minor) that
# :func:`serialized_table` ran the driver's self-check under, on that very table and lark.
CHECKED = "driver_checked_on_python"


def _python() -> str:
    return f"{sys.version_info[0]}.{sys.version_info[1]}"


def _shipped(grammar: str) -> dict | None:
    """The shipped file (header and table), if made from ``grammar`` by this lark version."""
    import hashlib

    from lark import __version__ as lark_version

    try:
        text = _data_text(TABLE_FILE)
        shipped = json.loads(text, object_hook=_decode)
        if shipped["lark"] != lark_version or (
            shipped["grammar_sha256"] != hashlib.sha256(grammar.encode()).hexdigest()
        ):
            return None
        if "table" not in shipped:  # unreadable
            return None
        return shipped  # type: ignore[no-any-return]
    except Exception:  # missing or unreadable: analyse the grammar instead
        return None


def _shipped_table(grammar: str) -> dict | None:
    """The shipped table, if it was made from ``grammar`` by this lark version."""
    shipped = _shipped(grammar)
    return None if shipped is None else shipped["table"]


@lru_cache(maxsize=1)
def _loaded() -> tuple[Lark, bool]:
    """lark's parser for claim.lark, and whether the driver's self-check on it is on record:
    the parser is the shipped table (so this lark version wrote it, from this grammar) and
    the table says the check passed when it was written, under this Python."""
    from lark import Lark

    grammar = _grammar()
    shipped = _shipped(grammar)
    if shipped is not None:
        table = shipped["table"]
        try:
            # What lark's standalone parsers call with their embedded tables.
            lark = Lark._load_from_dict(table["data"], table["memo"], transformer=_Build())
        except Exception:  # a table this lark cannot load: analyse the grammar instead
            pass
        else:
            return lark, shipped.get(CHECKED) == _python()
    return _lark_from_grammar(grammar), False


def _lark() -> Lark:
    return _loaded()[0]


# The parse-tree depth bound (limits.MAX_TREE_DEPTH), found without recursion.
MAX_TREE_DEPTH = limits.MAX_TREE_DEPTH


def _after_open(text: str, i: int) -> int:
    """Position of the first argument after the bracket at ``i``."""
    i += 1
    while i < len(text) and text[i] in " \t\f\r\n":
        i += 1
    return i


def _levels(node: ast.Node, text: str) -> list[tuple[ast.Node | None, int]]:
    """Child levels of ``node`` in the parse tree, with the start of each."""
    if isinstance(node, ast.Call | ast.ListExpr):
        items = node.args if isinstance(node, ast.Call) else node.items
        if not items:
            return []
        if isinstance(node, ast.Call):
            bracket = text.index("(", node.name_span.end)
        else:
            bracket = node.span.start
        # The argument list is a level of its own; it starts where its first item does.
        return [(None, _after_open(text, bracket))]
    if isinstance(node, ast.Within):  # the tolerance is a token, not a level
        return [(node.left, node.left.span.start), (node.target, node.target.span.start)]
    return [(c, c.span.start) for c in node.children()]


def _check_depth(root: ast.Node, text: str) -> None:
    """Raise if the parse tree of ``root`` is deeper than MAX_TREE_DEPTH (no recursion).

    Visits the levels in the order the parse-tree walk did, so that the same node is
    reported.  Only called for checks longer than MAX_TREE_DEPTH characters: each level
    owns at least one token, so a shorter check cannot be that deep.
    """
    stack: list[tuple[ast.Node | None, ast.Node, int, int]] = [(root, root, root.span.start, 1)]
    while stack:
        node, owner, start, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            raise LimitError(
                f"expression nested deeper than {MAX_TREE_DEPTH} levels (each operator in a "
                "chain such as `a + b + c` adds a level; use sum([...]) for long sums)",
                Span(start, start + 1),
            )
        if node is None:  # the argument list of `owner`
            items = owner.args if isinstance(owner, ast.Call) else owner.items  # type: ignore[attr-defined]
            stack.extend((c, c, c.span.start, depth + 1) for c in items)
        else:
            stack.extend((c, node, s, depth + 1) for c, s in _levels(node, text))


def _check_bounds(text: str) -> None:
    if len(text) > limits.MAX_CHECK_CHARS:
        raise LimitError(
            f"check is {len(text)} characters long; the limit is {limits.MAX_CHECK_CHARS}",
            Span(0, 1),
        )
    # No count below exceeds the length: a check that short passes them all (four
    # `count` calls were ~5k instructions a check; tests/test_parser_driver.py holds the
    # two equal).
    if len(text) > limits.MAX_NESTING:
        _check_nesting(text)


# The length up to which _check_bounds passes every check without counting anything
# (tests/test_parser_driver.py holds it to that).
_UNBOUNDED_BELOW = min(limits.MAX_CHECK_CHARS, limits.MAX_NESTING)


def _check_nesting(text: str) -> None:
    """The bounds on nesting (brackets, prefix `-`, `not`) of :func:`_check_bounds`."""
    # Later stages recurse once per nesting level: bound it before parsing.  (The counts
    # are exact shortcuts: nesting and runs cannot exceed the number of brackets or `-`.)
    if text.count("(") + text.count("[") > limits.MAX_NESTING:
        depth = 0
        for i, ch in enumerate(text):
            if ch in "([":
                depth += 1
                if depth > limits.MAX_NESTING:
                    raise LimitError(
                        f"brackets nested deeper than {limits.MAX_NESTING} levels",
                        Span(i, i + 1),
                    )
            elif ch in ")]":
                depth -= 1
    # Long runs of prefix operators nest just as deeply as brackets do.
    if text.count("-") > limits.MAX_NESTING:
        run = 0
        for i, ch in enumerate(text):
            if ch == "-":
                run += 1
                if run > limits.MAX_NESTING:
                    raise LimitError(
                        f"more than {limits.MAX_NESTING} unary operators in a row",
                        Span(i, i + 1),
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


def _state_key(err: UnexpectedInput) -> object:
    """The LALR state an error stopped in.  lark 1.x hands the whole ``ParserState`` (equal
    only at the same stack height); its ``position`` is the state number, which is what
    the error depends on, so an example labels the same mistake at any nesting depth."""
    return getattr(err.state, "position", err.state)


@lru_cache(maxsize=1)
def _example_errors() -> tuple[tuple[str, UnexpectedInput, object], ...]:
    """The error each of ``_ERROR_EXAMPLES`` raises, with its state key (parsed once)."""
    from lark import UnexpectedInput, UnexpectedToken

    out = []
    for label, examples in _ERROR_EXAMPLES.items():
        for example in examples:
            try:
                _lark().parse(example)
            except UnexpectedInput as e:
                if isinstance(e, UnexpectedToken):
                    e.accepts  # noqa: B018 - computed now, while the example is at hand
                out.append((label, e, _state_key(e)))
            else:
                raise AssertionError(f"error example {example!r} parses")
            finally:
                _pending.error = None
    return tuple(out)


def _label(err: UnexpectedInput) -> str | None:
    """The label of the example that fails like ``err``.

    lark's ``UnexpectedInput.match_examples`` with ``use_accepts=True``, but keyed on the
    state number rather than the whole parser state, and without its crash: in lark 1.1.9,
    1.2.2 and 1.3.1 (at least) it formats a debug message with ``%d`` of a ``ParserState``
    whenever an example stops in the same state with other accepted tokens, and raises
    ``TypeError`` (so ``-[1`` and ``not [1`` got no label).  As there: an example that
    fails on the same token wins, else the first example in the same state.
    """
    from lark import UnexpectedEOF, UnexpectedToken

    key = _state_key(err)
    accepts = err.accepts if isinstance(err, UnexpectedToken) else None
    candidate = None
    for label, example, example_key in _example_errors():
        if example_key != key:
            continue
        if (
            accepts is not None
            and isinstance(example, UnexpectedToken)
            and example.accepts != accepts
        ):
            continue
        if (
            isinstance(err, UnexpectedToken | UnexpectedEOF)
            and isinstance(example, UnexpectedToken | UnexpectedEOF)
            and example.token == err.token
        ):
            return label
        if candidate is None:
            candidate = label
    return candidate


def _syntax_error(text: str, err: UnexpectedInput) -> CheckSyntaxError:
    from lark import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    pos = err.pos_in_stream if err.pos_in_stream is not None else len(text)
    label = None if isinstance(err, UnexpectedCharacters) else _label(err)
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


class _Tok:
    """A token as the driver hands it to the reductions: what ``_Build`` reads of a token.

    lark's ``Token`` is a ``str`` subclass with eight fields and line bookkeeping; the
    spans only need offsets, and a slotted object costs a fraction to create.
    """

    __slots__ = ("end_pos", "start_pos", "type", "value")

    def __init__(self, type: str, value: str, start_pos: int, end_pos: int) -> None:
        self.type = type
        self.value = value
        self.start_pos = start_pos
        self.end_pos = end_pos

    def __str__(self) -> str:
        return self.value


# The reductions of one parse, in order: (tokens shifted before it, children, callback,
# lark's rule, which names what _unroll builds in the callback's stead).
Program = tuple[tuple[int, int, Callable[[list], object], object], ...]


def _uncaptured(regex: str) -> str:
    """``regex`` with each capturing group ``(...)`` made ``(?:...)``: the same matches.

    Refuses (ValueError) what would change meaning without its groups: references to a
    group by number or name.
    """
    if re.search(r"\\[1-9]|\(\?P=|\(\?\(", regex):
        raise ValueError("a terminal refers to a group")
    out: list[str] = []
    i, in_class = 0, False
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":  # an escape and what it escapes
            out.append(regex[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            for lead in ("^", "]"):  # `[^]...]` and `[]...]`: a literal `]` opens the class
                if regex[i : i + 1] == lead:
                    out.append(lead)
                    i += 1
            continue
        elif ch == "(" and regex[i + 1 : i + 2] != "?":
            out.append("(?:")
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _piece_pattern(skipped: list[str], tried: list[str]) -> str:
    """The pattern of a check's pieces (runs of ``skipped``, tokens of ``tried``, else
    one character), as one alternative per terminal: the definition that
    :attr:`_Driver.piece_re` writes out flat (see :func:`_branches`)."""
    return f"(?:{'|'.join(skipped)})|" + "|".join(f"(?:{regexp})" for regexp in tried) + "|."


# The escapes (after the backslash) that match one character: classes and control
# characters; an escaped character that is not a letter or digit means itself.
_ONE_CHARACTER_ESCAPES = frozenset("dDsSwWtnrfv")
# The characters with a meaning of their own in a regex: any other one means itself.
_SPECIAL = frozenset(".^$*+?{}[]()|\\")


def _atom_end(regex: str, i: int) -> int:
    """Where the atom of ``regex`` at ``i`` ends: a class, a group (to its bracket), an
    escape or one character; -1 where it cannot be told (an unclosed bracket)."""
    ch = regex[i]
    if ch == "\\":
        return i + 2 if i + 1 < len(regex) else -1
    if ch == "[":
        j = i + 1
        for lead in ("^", "]"):  # `[^]...]` and `[]...]`: a literal `]` opens the class
            if regex[j : j + 1] == lead:
                j += 1
        while j < len(regex) and regex[j] != "]":
            j += 2 if regex[j] == "\\" else 1
        return j + 1 if j < len(regex) else -1
    if ch == "(":
        depth, j = 0, i
        while j < len(regex):
            c = regex[j]
            if c in "\\[":
                j = _atom_end(regex, j)
                if j < 0:
                    return -1
                continue
            depth += (c == "(") - (c == ")")
            j += 1
            if depth == 0:
                return j
        return -1
    return i + 1


def _one_character(atom: str) -> bool:
    """Whether ``atom`` (from :func:`_atom_end`) matches exactly one character."""
    if atom[0] == "[":
        return True
    if atom[0] == "\\":
        return atom[1] in _ONE_CHARACTER_ESCAPES or not atom[1].isalnum()
    return len(atom) == 1 and atom not in _SPECIAL


def _branches(regex: str) -> list[str]:
    """``regex`` as alternatives that, joined by `|` in place of ``(?:regex)``, match what
    it matches, in the same order: a group around the whole is dropped and its top-level
    alternatives listed, and a leading ``A+`` of one character is written ``AA*`` (the
    same lengths tried in the same order), so that each alternative starts with a
    character or a class where it can.  Anything not understood is kept as ``(?:regex)``."""
    whole = [f"(?:{regex})"]
    while regex.startswith("(?:") and _atom_end(regex, 0) == len(regex):
        regex = regex[3:-1]
    out, start, i = [], 0, 0
    while i < len(regex):
        if regex[i] == "|":
            out.append(regex[start:i])
            start = i + 1
            i += 1
            continue
        i = _atom_end(regex, i)
        if i < 0:
            return whole
    out.append(regex[start:])
    return [_leading_repeat(b) for b in out]


def _leading_repeat(branch: str) -> str:
    """``branch`` with a leading ``A+`` (or ``(?:A)+``) of one character ``A`` written
    ``AA*``; otherwise as it is (in a group if it is empty)."""
    if not branch:
        return "(?:)"
    end = _atom_end(branch, 0)
    if end < 0:
        return f"(?:{branch})"
    atom = branch[:end]
    if atom.startswith("(?:") and len(atom) > 4 and _atom_end(atom, 3) == len(atom) - 1:
        atom = atom[3:-1]  # `(?:A)` around one atom
    elif atom.startswith("("):
        return branch
    if branch[end : end + 1] != "+" or branch[end + 1 : end + 2] in ("?", "+"):
        return branch
    if not _one_character(atom):
        return branch
    return f"{atom}{atom}*{branch[end + 1 :]}"


class _KindMemo(dict[str, str]):
    """Token text -> kind, remembered: a text not in it is given its kind by ``find`` (which
    stores it), so that one pass over a check's pieces finds the kinds of all, new or not."""

    __slots__ = ("find",)

    def __init__(self, find: Callable[[str], str]) -> None:
        super().__init__()
        self.find = find

    def __missing__(self, value: str) -> str:
        return self.find(value)


class _Driver:
    """lark's own LALR table and reduction callbacks for claim.lark, driven in a tight loop.

    ``Lark.parse`` sets up a lexer thread and a parser state per call and looks each
    reduction's callback up by hashing its grammar rule; for ten-token checks that
    overhead is most of the parse.  This driver precomputes, once, the same table with
    each rule replaced by (length, callback, result symbol), and tokenizes with lark's own
    terminals, in lark's order, and lark's keywords (`and`/`or`/`not`).

    Chains of unit reductions (``?sum: product`` and the like, whose callback returns its
    only child) are the bulk of an LALR parse of an expression grammar: a lone number
    passes through eight of them.  Such a chain pops one state and pushes the goto of the
    state beneath, over and over, so where it ends depends only on (state beneath, state
    on top, lookahead); the driver follows each chain once and remembers its end.  The
    memo is bounded by the grammar: at most states x states x terminals entries.

    It only takes inputs the grammar accepts: anything else (an unknown character or a
    token the table has no action for) returns None, and ``Lark.parse`` then runs to raise
    its own exception, so syntax errors and their labels are lark's.  It is built from
    lark's internals; if they are not where lark 1.x keeps them, or the driver does not
    parse the trial checks as lark does, :func:`_driver` returns None and ``Lark.parse``
    does all the work (tests/test_parser_driver.py holds both to the same trees and runs
    the golden files with the driver forced off; benchmarks/README.md says why it stays).
    """

    def __init__(self, lark: Lark) -> None:
        from lark.lexer import PatternStr
        from lark.parse_tree_builder import ExpandSingleChild
        from lark.parsers.lalr_analysis import Shift

        table = lark.parser.parser.parser.parse_table  # type: ignore[union-attr]
        callbacks = lark.parser.parser.parser.callbacks  # type: ignore[union-attr]
        lexer = lark.parser.lexer  # type: ignore[union-attr]
        terminals = lexer.scanner.terminals
        self.start = table.start_states["start"]
        self.end = table.end_states["start"]

        def unit(rule) -> bool:
            # ``?rule: child`` with no alias: lark's callback hands back the child itself.
            sentinel = object()
            callback = callbacks[rule]
            return (
                len(rule.expansion) == 1
                and isinstance(callback, ExpandSingleChild)
                and callback([sentinel]) is sentinel
            )

        # Actions: a shift is the next state (an int); a reduction is (length, callback,
        # result symbol), or the result symbol alone (a str) for a unit reduction.  Symbol
        # names become plain `str`: lark's `Token` names would run `Token.__eq__` per lookup.
        self.states: dict[int, dict[str, object]] = {
            state: {
                str(tok): arg
                if act is Shift
                else str(arg.origin.name)
                if unit(arg)
                else (len(arg.expansion), callbacks[arg], str(arg.origin.name), arg)
                for tok, (act, arg) in actions.items()
            }
            for state, actions in table.states.items()
        }
        if not all(
            a.__class__ in (int, str, tuple) for acts in self.states.values() for a in acts.values()
        ):
            raise TypeError("lark's parse table holds states that are not ints")
        self.ignore = frozenset(lexer.ignore_types)
        # lark's terminals in its lexer's order, as (name, regexp).
        self.terminals = [(str(t.name), t.pattern.to_regexp()) for t in terminals]
        name_re = re.compile(next(t for t in terminals if t.name == "NAME").pattern.to_regexp())
        # The basic lexer retypes a NAME whose text is a keyword terminal (`and` -> AND).
        self.keywords = {
            t.pattern.value: t.name
            for t in lark.terminals
            if isinstance(t.pattern, PatternStr) and name_re.fullmatch(t.pattern.value)
        }
        if set(lexer.callback) != {"NAME"} or not self.keywords:
            raise KeyError("lark's lexer callbacks are not the keyword callback alone")
        if any(isinstance(k, str) for k in callbacks):  # terminal callbacks: none expected
            raise KeyError("claim.lark has terminal callbacks; the driver does not run them")
        self._lexer()

    @classmethod
    def recorded(cls, data: dict) -> _Driver:
        """The driver :func:`driver_record` wrote down, made again without lark: the same
        states, terminals and keywords, each reduction's callback made by
        :func:`_callback` from its rule (what lark's own would do: tests hold them equal)."""
        self = cls.__new__(cls)
        rules = [
            (len(r["expansion"]), _callback(r), r["origin"], _RecordedRule(r))
            for r in data["rules"]
        ]
        self.start, self.end = data["start"], data["end"]
        self.states = {
            int(state): {
                kind: rules[a[0]] if a.__class__ is list else a for kind, a in actions.items()
            }
            for state, actions in data["states"].items()
        }
        self.ignore = frozenset(data["ignore"])
        self.terminals = [(name, regexp) for name, regexp in data["terminals"]]
        self.keywords = dict(data["keywords"])
        self._lexer()
        return self

    def _lexer(self) -> None:
        """The regexes of :attr:`terminals` and the memos (see :meth:`tokens`)."""
        ignore, terminals = self.ignore, self.terminals
        # Ignored text (whitespace) is skipped before each token; `_END` takes what trails
        # the last one; every other character is covered by a final catch-all group, which
        # sends the driver back to lark.
        skip = "|".join(regexp for name, regexp in terminals if name in ignore)
        self.regex = re.compile(
            f"(?:{skip})?(?:"
            + "|".join(f"(?P<{name}>{regexp})" for name, regexp in terminals if name not in ignore)
            + r"|(?P<_END>\Z)|(?P<_OTHER>.))",
            re.DOTALL,
        )
        # One alternative per piece of the text, ignored runs included, and no group (the
        # terminals' own are made non-capturing): ``findall`` gives the pieces as strings,
        # contiguous, and their ends are the running sum of their lengths (see
        # :meth:`parse`).  A run of whitespace is one piece: no terminal starts with what
        # is ignored.
        #
        # Written as flat alternatives (see _branches): re skips an alternative that starts
        # with a character or a class the text's next character is not, without entering
        # it, and enters every other one (a nested alternation, a leading repeat).  The same
        # pattern as _piece_pattern(...) (tests/test_parser_driver.py holds the two equal);
        # a tenth of the parse is findall's.
        tried = [regexp for name, regexp in terminals if name not in ignore]
        skipped = [regexp for name, regexp in terminals if name in ignore]
        alternatives = [b for regexp in (*skipped, *tried) for b in _branches(regexp)]
        self.piece_re = re.compile(_uncaptured("|".join([*alternatives, "."])), re.DOTALL)
        if self.piece_re.groups:
            raise ValueError("a terminal's groups could not be made non-capturing")
        self.skip = re.compile(f"(?:{skip})")
        # Whether an ASCII text of digits with at most one inner `.` is NUMBER: the ignored
        # text is whitespace alone and NUMBER the first terminal tried, as recorded.
        tried = [(name, regexp) for name, regexp in terminals if name not in ignore]
        self.plain_numbers = bool(tried) and (
            tried[0] == _PLAIN_NUMBER_TERMINALS[0]
            and sorted((name, regexp) for name, regexp in terminals if name in ignore)
            == [_PLAIN_NUMBER_TERMINALS[1]]
        )
        self.kind_of = _KindMemo(self._kind)  # token text -> kind (see _kind)
        for acts in self.states.values():  # every reduction has its direct build
            for a in acts.values():
                if a.__class__ is tuple:
                    _shape(a[3])  # type: ignore[index]
        self.chains: dict[tuple[int, int, str], int] = {}
        # The kinds of a check's pieces -> the reductions its parse makes: recorded by _run
        # as a program for _replay, unrolled by _unroll when the kinds come again.
        self.programs: dict[tuple[str, ...], Program | Unrolled] = {}
        self.uses: dict[tuple[str, ...], int] = {}  # replays of each program not unrolled

    def _chain_end(self, below: int, top: int, kind: str) -> int | None:
        """The state a chain of unit reductions from ``top`` ends in (None: no action)."""
        states, state = self.states, top
        while True:
            if kind == "$END" and state == self.end:  # the whole check is reduced
                break
            action = states[state].get(kind)
            if action is None:
                return None
            if action.__class__ is not str:
                break
            state = states[below][action]  # type: ignore[assignment,index]
        self.chains[below, top, kind] = state
        return state

    def _kind(self, value: str) -> str:
        """The kind of a token whose text is ``value`` (`_OTHER`: none), as :meth:`tokens_general`
        would find it.  Alternatives are tried in order and none has anchors or lookarounds,
        so one that fails where the token stands matches no prefix of its text either, and
        the first that matches the text alone is the one that matched it in place.

        Most texts met for the first time are numbers (a name or an operator recurs; a
        number rarely does): a plain one is NUMBER by :data:`_PLAIN_NUMBER_TERMINALS`,
        without the two regexes (:meth:`_kind_general`; tests/test_parser_driver.py holds
        the two equal)."""
        if self.plain_numbers and value.isascii():
            whole, dot, frac = value.partition(".")
            if whole.isdigit() and (frac.isdigit() or not dot):
                if len(self.kind_of) >= 4096:
                    self.kind_of.clear()
                self.kind_of[value] = "NUMBER"
                return "NUMBER"
        return self._kind_general(value)

    def _kind_general(self, value: str) -> str:
        """:meth:`_kind` by the regexes alone (the definition), remembered."""
        if self.skip.fullmatch(value):
            kind: str | None = _IGNORED
        else:
            m = self.regex.match(value)
            kind = m.lastgroup if m is not None and m.end() else None
        if kind is None:  # pragma: no cover - every token text is matched by something
            raise AssertionError(f"no terminal matches {value!r}")
        if kind == "NAME":
            kind = self.keywords.get(value, kind)
        if len(self.kind_of) >= 4096:
            self.kind_of.clear()
        self.kind_of[value] = kind
        return kind

    def tokens(self, text: str) -> list[_Tok] | None:
        """lark's tokens of ``text`` then `$END`; None at a character no terminal takes.

        :meth:`tokens_general` with one ``findall`` and a memo of kinds by text instead of
        a match object per token (about half the time); tests/test_parser_driver.py holds
        the two equal.  The found pieces are contiguous (the last alternative takes any
        character) and end with an empty one at the end of ``text``.
        """
        scanned = self._scan(text)
        return None if scanned is None else scanned[0]

    def _scan(self, text: str) -> tuple[list[_Tok], tuple[str, ...]] | None:
        """:meth:`tokens`, and their kinds."""
        pieces = self.pieces(text)
        return self._tokens(pieces, self._kinds(pieces))

    def pieces(self, text: str) -> list[str]:
        """``text`` cut into its tokens and the runs of whitespace between them."""
        return self.piece_re.findall(text)

    def _kinds(self, pieces: list[str]) -> tuple[str, ...]:
        """The kind of each piece (`_IGNORED` for whitespace, `_OTHER` for no terminal)."""
        return tuple(map(self.kind_of.__getitem__, pieces))

    def _tokens(
        self, pieces: list[str], kinds: tuple[str, ...]
    ) -> tuple[list[_Tok], tuple[str, ...]] | None:
        """The tokens of ``pieces`` (of ``kinds``) then `$END`, and the tokens' kinds."""
        out, token_kinds, end = [], [], 0
        for value, kind in zip(pieces, kinds, strict=True):
            start, end = end, end + len(value)
            if kind == _IGNORED:
                continue
            if kind == "_OTHER":
                return None
            out.append(_Tok(kind, value, start, end))
            token_kinds.append(kind)
        out.append(_Tok("$END", "", end, end))
        token_kinds.append("$END")
        return out, tuple(token_kinds)

    def tokens_general(self, text: str) -> list[_Tok] | None:
        """lark's tokens of ``text`` then `$END`; None at a character no terminal takes."""
        keywords = self.keywords
        out = []
        for m in self.regex.finditer(text):
            kind = m.lastgroup
            if kind == "_END":
                break
            if kind == "_OTHER":
                return None
            value = m.group(kind)  # type: ignore[arg-type]
            if kind == "NAME":
                kind = keywords.get(value, kind)
            end = m.end()  # the match starts with the whitespace skipped before the token
            out.append(_Tok(kind, value, end - len(value), end))  # type: ignore[arg-type]
        out.append(_Tok("$END", "", len(text), len(text)))
        return out

    def parse(self, text: str) -> Built | None:
        walked = self.parse_walked(text)
        return None if walked is None else walked[0]

    def parse_walked(self, text: str) -> tuple[Built, Walk | None] | None:
        """What :meth:`parse` gives, with the tree's :data:`Walk` when an unrolled program
        built it (None otherwise)."""
        pieces = self.piece_re.findall(text)
        # Programs are keyed by the kinds of all the pieces, whitespace included, so that
        # an unrolled one knows where each token lies among them.  A piece not seen yet
        # gets its kind from _kind within the same pass (the memo's __missing__).
        piece_kinds = tuple(map(self.kind_of.__getitem__, pieces))
        program = self.programs.get(piece_kinds)
        if program is not None and program.__class__ is not tuple:
            return program(pieces, list(accumulate(map(len, pieces))))  # type: ignore[operator]
        scanned = self._tokens(pieces, piece_kinds)
        if scanned is None:
            return None
        tokens = scanned[0]
        if program is None:
            built = self._run(tokens, piece_kinds)
            return None if built is None else (built, None)
        # Replayed; unrolled once the kinds have come often enough to repay the ~0.3 ms
        # that compiling costs (a replay is several times slower than the unrolled code).
        uses = self.uses.get(piece_kinds, 0) + 1
        if uses < _UNROLL_AFTER:
            if len(self.uses) >= _MAX_PROGRAMS:
                self.uses.clear()
            self.uses[piece_kinds] = uses
            return _replay(tokens, program), None  # type: ignore[arg-type]
        self.uses.pop(piece_kinds, None)
        run = self.programs[piece_kinds] = _unroll(program, piece_kinds)  # type: ignore[arg-type]
        return run(pieces, list(accumulate(map(len, pieces))))

    def _run(self, tokens: list[_Tok], kinds: tuple[str, ...]) -> Built | None:
        """The LALR loop; records the reductions it makes under ``kinds`` (the kinds of the
        text's pieces, of which the tokens' are a function), for :func:`_replay`."""
        states, chains, end = self.states, self.chains, self.end
        stack = [self.start]
        values: list = []
        program: list[tuple[int, int, Callable[[list], object], object]] = []
        shifted = 0  # tokens shifted since the last reduction
        for tok in tokens:
            kind = tok.type
            while True:
                top = stack[-1]
                action = states[top].get(kind)
                if action is None:
                    return None
                cls = action.__class__
                if cls is int:
                    stack.append(action)  # type: ignore[arg-type]
                    values.append(tok)
                    shifted += 1
                    break
                if cls is str:  # a chain of unit reductions
                    below = stack[-2]
                    nxt = chains.get((below, top, kind))
                    if nxt is None:
                        nxt = self._chain_end(below, top, kind)
                        if nxt is None:
                            return None
                    stack[-1] = nxt
                else:
                    size, callback, origin, rule = action  # type: ignore[misc]
                    if size:
                        children = values[-size:]
                        del stack[-size:]
                        del values[-size:]
                    else:
                        children = []
                    values.append(callback(children))
                    program.append((shifted, size, callback, rule))
                    shifted = 0
                    stack.append(states[stack[-1]][origin])  # type: ignore[index]
                if stack[-1] == end and kind == "$END":
                    if shifted == 0 and len(values) == 1:  # the usual end: a reduction
                        if len(self.programs) >= _MAX_PROGRAMS:
                            self.programs.clear()
                        self.programs[kinds] = tuple(program)
                    return values[-1]
        return None


# Distinct token-kind sequences remembered; each program is a few tuples per token.
_MAX_PROGRAMS = 4096
# Replays of one program before it is unrolled (see _Driver.parse).
_UNROLL_AFTER = 8


def _replay(tokens: list[_Tok], program: Program):
    """The reductions :meth:`_Driver._run` made for tokens of the same kinds, made again.

    An LALR parser's actions depend only on the kinds of the tokens (the lookahead), never
    on their text: the same kinds give the same shifts and the same reductions, so the same
    callbacks run on these tokens in the same order, without the table lookups.
    """
    values: list = []
    i = 0
    for shifted, size, callback, _rule in program:
        if shifted:
            values += tokens[i : i + shifted]
            i += shifted
        if size:
            children = values[-size:]
            del values[-size:]
        else:
            children = []
        values.append(callback(children))
    return values[-1]


# The kind of a piece of ignored text (whitespace) among the pieces of a check.
_IGNORED = "_IGNORED"

# The first terminal tried and the only ignored one under which an ASCII text of digits
# with at most one inner `.` is NUMBER (see _Driver._kind): NUMBER's regex matches such
# a text whole, and whitespace matches no digit (claim.lark's terminals, as lark writes
# them; any other terminals leave _kind to the regexes).
_PLAIN_NUMBER_TERMINALS = (
    ("NUMBER", r"\d+(\.\d+)?([eE][+-]?\d+)?%?"),
    ("WS", "(?:[ \t\x0c\r\n])+"),
)

# What _unroll builds for each reduction of claim.lark, by the rule's alias (or name) and
# expansion: what the rule's callback (lark's child filter around _Build's method) gives.
# A rule not listed here turns the driver off (see _Driver.__init__).
_SHAPES: dict[tuple[str, tuple[str, ...]], str] = {
    ("number", ("NUMBER",)): "number",
    ("name", ("NAME",)): "name",
    ("call", ("NAME", "LPAR", "args", "RPAR")): "call",
    ("call", ("NAME", "LPAR", "RPAR")): "call",
    ("list", ("LSQB", "args", "RSQB")): "list",
    ("list", ("LSQB", "RSQB")): "list",
    ("atom", ("LPAR", "or_expr", "RPAR")): "paren",
    # `args` and its `("," or_expr)*` (inlined by lark): the nodes, the commas dropped.
    ("args", ("or_expr", "__args_star_0", "COMMA")): "items",
    ("args", ("or_expr", "__args_star_0")): "items",
    ("args", ("or_expr", "COMMA")): "items",
    ("args", ("or_expr",)): "items",
    ("__args_star_0", ("COMMA", "or_expr")): "items",
    ("__args_star_0", ("__args_star_0", "COMMA", "or_expr")): "items",
    ("not_", ("NOT", "not_expr")): "prefix",
    ("neg", ("MINUS", "unary")): "prefix",
    ("compare", ("sum", "COMP", "sum")): "compare",
    ("approx", ("sum", "APPROX", "sum")): "binary",
    ("within", ("sum", "COMP", "sum", "PLUSMINUS", "NUMBER")): "within",
    ("add", ("sum", "PLUS", "product")): "binary",
    ("sub", ("sum", "MINUS", "product")): "binary",
    ("mul", ("product", "STAR", "unary")): "binary",
    ("div", ("product", "SLASH", "unary")): "binary",
    ("pow", ("atom", "CIRCUMFLEX", "unary")): "binary",
    ("and_", ("and_expr", "AND", "not_expr")): "binary",
    ("or_", ("or_expr", "OR", "and_expr")): "binary",
}
_CLASSES: dict[str, type[ast.Node]] = {
    "number": ast.Number,
    "name": ast.Name,
    "call": ast.Call,
    "list": ast.ListExpr,
    "not_": ast.Not,
    "neg": ast.Neg,
    "compare": ast.Compare,
    "approx": ast.Approx,
    "within": ast.Within,
    "add": ast.Add,
    "sub": ast.Sub,
    "mul": ast.Mul,
    "div": ast.Div,
    "pow": ast.Pow,
    "and_": ast.And,
    "or_": ast.Or,
}


def _shape(rule: object) -> tuple[str, str]:
    """(what _unroll builds, the rule's alias) for a reduction; KeyError if unknown."""
    alias = str(rule.alias or rule.origin.name)  # type: ignore[attr-defined]
    expansion = tuple(str(s.name) for s in rule.expansion)  # type: ignore[attr-defined]
    return _SHAPES[alias, expansion], alias


def _maker_text(n: int, cls: type) -> str:
    """The maker ``M<n>`` of node class ``cls``: its fields in order, each a parameter but
    a Span, two (its start and end, looked up in _SPANS' rows as _span does), and a Decimal, the
    literal's text (looked up in _DECIMALS, else _decimal at the node's span), so that an
    unrolled program's text holds offsets and pieces only: compiling it is the bulk of an
    unroll, and the memo lookups written out in it about doubled that."""
    params: list[str] = []
    sets: list[str] = []
    for f in dataclasses.fields(cls):
        name = f.name
        if not name.isidentifier() or not name.islower() or name in ("o", "span_start"):
            raise TypeError(f"{cls.__name__}.{name}: a field name a maker cannot take")
        if f.type in ("Span", Span):
            a, b = f"{name}_start", f"{name}_end"
            params += [a, b]
            sets.append(f"o.{name} = (SP[{a}] or ROW({a})).get({b}) or SPAN({a}, {b})")
        elif f.type in ("Decimal", Decimal):  # after the span, as the callback does
            params.append(name)
            sets.append(f"o.{name} = D.get({name}) or DEC({name}, span_start, span_end)")
        else:
            params.append(name)
            sets.append(f"o.{name} = {name}")
    body = "".join(f"    {line}\n" for line in sets)
    return (
        f"def M{n}({', '.join(params)}):\n    o = B{n}()\n{body}"
        f"    o.__class__ = C{n}\n    return o\n"
    )


@lru_cache(maxsize=1)
def _unroll_env() -> dict[str, object]:
    """The values an unrolled program reads, by generated names: the helpers, and a maker
    ``M<n>(...)`` per node class of _CLASSES (see :func:`_maker_text`), which makes the
    node as the class's ``__init__`` does for under half the work (it fills an unfrozen
    subclass ``B<n>``, then makes the object a ``C<n>``; tests/test_parser_driver.py
    holds the makers to the constructors).  All makers are compiled at once.
    """
    if not (Span(0, 0) and _ZERO):  # a maker uses `memo.get(key) or make()`
        raise TypeError("a Span or a Decimal can be falsy")
    env: dict[str, object] = {
        "SP": _SPANS,
        "SPAN": _span,
        "ROW": _row,
        "D": _DECIMALS,
        "DEC": _decimal,
        "TOL": _tolerance_op,
        "U": _UNICODE_COMPARATORS,
    }
    texts = []
    for n, cls in enumerate(_CLASSES.values()):
        env[f"B{n}"], env[f"C{n}"] = unfrozen_subclass(cls), cls
        texts.append(_maker_text(n, cls))
    exec(compile("".join(texts), "<leanbridge node makers>", "exec"), env)
    return env


# What a walk of a tree finds (see _walk_of): its nodes in pre-order (``tree.walk()``),
# and the calls, the comparisons (ast.COMPARISON_NODES) and the names among them, in the
# same order.  An unrolled program hands it over with the tree it builds.
Walk = tuple[tuple[ast.Node, ...], tuple[ast.Call, ...], tuple[ast.Node, ...], tuple[ast.Name, ...]]
Unrolled = Callable[[list[str], list[int]], tuple[ast.Node, Walk]]


def _walk_of(
    root: str, aliases: dict[str, str], kids: dict[str, tuple[str, ...]]
) -> tuple[list[str], list[str], list[str], list[str]]:
    """The :data:`Walk` of the tree a program builds, as its nodes' variables: the walk
    depends on the tree's shape alone, so it is worked out once per program."""
    order: list[str] = []
    stack = [root]
    while stack:
        v = stack.pop()
        order.append(v)
        stack.extend(reversed(kids[v]))
    of = [_CLASSES[aliases[v]] for v in order]
    return (
        order,
        [v for v, cls in zip(order, of, strict=True) if issubclass(cls, ast.Call)],
        [v for v, cls in zip(order, of, strict=True) if issubclass(cls, ast.COMPARISON_NODES)],
        [v for v, cls in zip(order, of, strict=True) if issubclass(cls, ast.Name)],
    )


def _unroll(program: Program, piece_kinds: tuple[str, ...]) -> Unrolled:
    """:func:`_replay` of ``program`` written out as one function of the pieces of a text
    of ``piece_kinds`` and their ends, that builds the nodes itself.

    The reductions are worked out here, once: which piece each token is, where each node
    starts and ends, which nodes an argument list holds.  So the function makes no child
    lists, no ``_Paren`` and no callback calls, and makes each node with its class's
    maker (see _unroll_env): the same nodes (tests/test_parser_driver.py holds it to the
    replay and to lark).  Numbers and spans go through the memos and helpers the
    callbacks use, in the callbacks' order, so a literal beyond the bounds defers the
    same error at the same point.  The code holds only generated names and integers.

    It returns the tree and its :data:`Walk`, so that the linter's context does not walk
    the tree again (tests/lint/test_context_walk.py holds it to that walk).
    """
    classes = {name: n for n, name in enumerate(_CLASSES)}
    where = [p for p, kind in enumerate(piece_kinds) if kind != _IGNORED]  # token -> piece
    lines: list[str] = []
    serial = count()  # not bounded by the steps: a `±` step makes two nodes

    def start(p: int) -> str:
        return f"E[{p - 1}]" if p else "0"

    def span(a: str, b: str) -> str:  # a Span field: two of a maker's arguments
        return f"{a}, {b}"

    # Per node (by its variable): its class's alias and the nodes among its fields, in
    # field order, which is the order ClaimContext's walk visits them in (see _walk_of).
    aliases: dict[str, str] = {}
    kids: dict[str, tuple[str, ...]] = {}

    def make(alias: str, *values: str, children: tuple[str, ...] = ()) -> str:
        v = f"v{next(serial)}"
        lines.append(f"{v} = M{classes[alias]}({', '.join(values)})")
        aliases[v], kids[v] = alias, children
        return v

    def number(p: int) -> str:
        return make("number", span(start(p), f"E[{p}]"), f"P[{p}]")  # the literal's text

    # The value stack: ("tok", piece) | ("node", var, start, end) | ("items", [vars]),
    # where a node's start and end are its container's (brackets included).
    stack: list[tuple] = []
    shifted_so_far = 0
    for shifted, size, _callback, rule in program:
        stack += [("tok", where[shifted_so_far + k]) for k in range(shifted)]
        shifted_so_far += shifted
        c = stack[len(stack) - size :] if size else []
        del stack[len(stack) - size :]
        what, alias = _shape(rule)
        if what == "number":
            p = c[0][1]
            stack.append(("node", number(p), start(p), f"E[{p}]"))
        elif what == "name":
            p = c[0][1]
            v = make("name", span(start(p), f"E[{p}]"), f"P[{p}]")
            stack.append(("node", v, start(p), f"E[{p}]"))
        elif what in ("call", "list"):
            first, last = c[0][1], c[-1][1]
            items = c[-2][1] if c[-2][0] == "items" else []
            whole = span(start(first), f"E[{last}]")
            args = f"({', '.join(items)},)" if items else "()"
            if what == "call":  # Call(span, func, args, name_span)
                name_span = span(start(first), f"E[{first}]")
                v = make(what, whole, f"P[{first}]", args, name_span, children=tuple(items))
            else:
                v = make(what, whole, args, children=tuple(items))
            stack.append(("node", v, start(first), f"E[{last}]"))
        elif what == "paren":
            stack.append(("node", c[1][1], start(c[0][1]), f"E[{c[2][1]}]"))
        elif what == "items":
            items: list[str] = []
            for x in c:
                if x[0] == "items":
                    items += x[1]
                elif x[0] == "node":
                    items.append(x[1])
            stack.append(("items", items))
        elif what == "prefix":
            (_, p), (_, operand, _, end) = c
            v = make(alias, span(start(p), end), operand, children=(operand,))
            stack.append(("node", v, start(p), end))
        elif what == "binary":
            (_, left, begin, _), _op, (_, right, _, end) = c
            v = make(alias, span(begin, end), left, right, children=(left, right))
            stack.append(("node", v, begin, end))
        elif what == "compare":  # Compare(span, op, left, right)
            (_, left, begin, _), (_, op), (_, right, _, end) = c
            comparator = f"U.get(P[{op}], P[{op}])"
            v = make(alias, span(begin, end), comparator, left, right, children=(left, right))
            stack.append(("node", v, begin, end))
        elif what == "within":  # Within(span, left, target, tolerance, relative)
            (_, left, begin, _), (_, op), (_, target, _, _), _pm, (_, tol) = c
            lines.append(f"TOL(P[{op}], {start(op)}, E[{op}])")
            tolerance = number(tol)
            relative = f"P[{tol}].endswith('%')"
            whole = span(begin, f"E[{tol}]")
            children = (left, target, tolerance)
            v = make(alias, whole, left, target, tolerance, relative, children=children)
            stack.append(("node", v, begin, f"E[{tol}]"))
        else:  # pragma: no cover - _SHAPES names no other
            raise AssertionError(what)
    if len(stack) != 1 or stack[0][0] != "node":
        raise AssertionError("a program that does not end in one node")
    root = stack[0][1]
    walk = ", ".join(f"({''.join(f'{v}, ' for v in vs)})" for vs in _walk_of(root, aliases, kids))
    body = "".join(f"    {line}\n" for line in lines)
    code = f"def run(P, E):\n{body}    return {root}, ({walk})\n"
    env = dict(_unroll_env())
    exec(compile(code, "<leanbridge parse program>", "exec"), env)
    return env["run"]  # type: ignore[return-value]


# Checks that reach every rule, keyword and token of claim.lark: the driver must give what
# `Lark.parse` gives on each of them before it is used.
_TRIAL_CHECKS = (
    "x == 1",
    "-x + 2 * (y - 3) / 4 ^ -2 ^ 2 != 1.5e-3",
    "not mean(xs, [1, 2,], []) ~= 70.1 or f() <= 5% and a ≥ b",
    "round(x, 2) == 1 ± 5% and y ≈ -2 or not not z ≠ 1 +/- 0.5",
    "\tx\n>= [ ]",
    "-x + 2 * (y - 3) / 4 ^ 2 and not f(x, [1,], []) ~= 1 or g() <= 5% and a == 1 ± 5%",
)


def _self_check(driver: _Driver, lark: Lark) -> bool:
    """Whether ``driver`` (built from ``lark``) parses the trial checks exactly as
    ``lark.parse`` does (through the table, and unrolled, with lark's tokens) and hands
    back a check outside the language.  Any exception counts as a failure."""

    def token_list(tokens: list[_Tok] | None) -> object:
        return tokens and [(t.type, t.value, t.start_pos, t.end_pos) for t in tokens]

    try:
        for text in _TRIAL_CHECKS:
            want = repr(_node(lark.parse(text)))
            if repr(_node(driver.parse(text))) != want:
                return False
            if token_list(driver.tokens(text)) != token_list(driver.tokens_general(text)):
                return False
        # The last trial check makes every kind of node: one unroll (a few ms) is enough.
        pieces = driver.pieces(text)
        kinds = driver._kinds(pieces)
        run = _unroll(driver.programs[kinds], kinds)  # type: ignore[arg-type]
        if repr(run(pieces, list(accumulate(map(len, pieces))))[0]) != want:
            return False
        return driver.parse("x ==") is None and driver.parse("x @ 1") is None
    except Exception:  # whatever lark's internals now raise: fall back, never crash
        return False
    finally:
        _pending.error = None


# --- the driver on record: made again without lark ------------------------------------------
#
# Importing lark, loading its parser from the table and building the driver from it were a
# fifth of a one-claim `check` (about 110 M instructions).  The driver needs none of lark
# once it is built: its states, terminals and keywords, and per reduction the rule (what
# _shape reads) and how lark's callback calls _Build.  write_data_files writes these down
# beside lark's table, in DRIVER_FILE (small: TABLE_FILE alone takes 7 M instructions to
# read), with the record that the self-check passed on the driver made from them; a
# process that finds them on record makes the driver from them and imports lark only for
# what lark alone does: a check outside the language (its errors and their labels), or a
# driver not on record.  tests/test_parser_table.py holds the record to lark's parser and
# each recorded callback to lark's own.

DRIVER = "driver"
DRIVER_FILE = "claim_driver.json"


class _Named:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class _RecordedRule:
    """What :func:`_shape` reads of a lark rule: its alias, result and expansion names."""

    __slots__ = ("alias", "expansion", "origin")

    def __init__(self, record: dict) -> None:
        self.alias = record["alias"]
        self.origin = _Named(record["origin"])
        self.expansion = tuple(_Named(name) for name in record["expansion"])


class _Inlined:
    """What lark's callback makes for a rule without a _Build method (``Tree(name,
    children)``): only `__args_star_0`'s, whose children the rule above takes in."""

    __slots__ = ("children", "data")

    def __init__(self, data: str, children: list) -> None:
        self.data = data
        self.children = children


def _rule_record(rule: object) -> dict:
    """A lark rule as :func:`_callback` takes it: what lark's ``ParseTreeBuilder`` reads of
    it to make the rule's callback, with ``maybe_placeholders`` on (lark 1.x's
    ``maybe_create_child_filter``: which children are kept, taken in, or preceded by None)."""
    options = rule.options  # type: ignore[attr-defined]
    expansion = rule.expansion  # type: ignore[attr-defined]
    alias = rule.alias  # type: ignore[attr-defined]
    name = str(alias or options.template_source or rule.origin.name)  # type: ignore[attr-defined]
    empty = options.empty_indices
    if empty:  # how many Nones go before each child, and after the last
        nones_at = [len(ones) for ones in "".join(str(int(b)) for b in empty).split("0")]
    else:
        nones_at = [0] * (len(expansion) + 1)
    include: list[list] = []
    nones = 0
    for i, sym in enumerate(expansion):
        nones += nones_at[i]
        if options.keep_all_tokens or not (sym.is_term and sym.filter_out):
            include.append([i, not sym.is_term and str(sym.name).startswith("_"), nones])
            nones = 0
    nones += nones_at[len(expansion)]
    filtered = bool(empty) or len(include) < len(expansion) or any(x[1] for x in include)
    return {
        "origin": str(rule.origin.name),  # type: ignore[attr-defined]
        "alias": None if alias is None else str(alias),
        "expansion": [str(s.name) for s in expansion],
        "name": name,
        "method": hasattr(_Build, name),
        "single": bool(options.expand1 and not alias),
        "include": include if filtered else None,
        "append_none": nones if filtered else 0,
    }


_BUILD = _Build()


def _callback(record: dict, build: object = _BUILD) -> Callable[[list], object]:
    """lark's callback for a reduction by the rule ``record`` (:func:`_rule_record`): its
    child filter, then its single-child expansion, then ``build``'s method (the Tree lark
    makes when there is none)."""
    name = record["name"]
    node: Callable[[list], object] = (
        getattr(build, name) if record["method"] else lambda c: _Inlined(name, c)
    )
    if record["single"]:  # lark's ExpandSingleChild
        inner = node

        def node(c: list) -> object:
            return c[0] if len(c) == 1 else inner(c)

    include, append_none = record["include"], record["append_none"]
    if include is None:
        return node
    steps = [tuple(x) for x in include]

    def child_filter(children: list) -> object:  # lark's ChildFilterLALR
        out: list = []
        for i, take_in, nones in steps:
            if nones:
                out += [None] * nones
            if take_in:
                if out:
                    out += children[i].children
                else:
                    out = children[i].children
            else:
                out.append(children[i])
        if append_none:
            out += [None] * append_none
        return node(out)

    return child_filter


def driver_record(driver: _Driver) -> dict:
    """What :meth:`_Driver.recorded` makes ``driver`` (built from lark) again from, as JSON."""
    index: dict[object, int] = {}
    rules: list[dict] = []

    def action(a: object) -> object:
        if a.__class__ is not tuple:
            return a  # a shift (the next state) or a unit reduction (its result)
        rule = a[3]  # type: ignore[index]
        if rule not in index:
            index[rule] = len(rules)
            rules.append(_rule_record(rule))
        return [index[rule]]

    return {
        "start": driver.start,
        "end": driver.end,
        "states": {
            str(state): {kind: action(a) for kind, a in acts.items()}
            for state, acts in driver.states.items()
        },
        "rules": rules,
        "ignore": sorted(driver.ignore),
        "terminals": [list(t) for t in driver.terminals],
        "keywords": driver.keywords,
    }


def _lark_version() -> str:
    """The installed lark's ``__version__``; read from its ``__init__.py`` while lark is not
    imported (lark is imported when it is not found there)."""
    lark = sys.modules.get("lark")
    if lark is None:
        try:
            from importlib.util import find_spec

            spec = find_spec("lark")
            text = Path(spec.origin).read_text("utf-8")  # type: ignore[union-attr,arg-type]
            found = re.search(r'^__version__(?:: *str)? *= *"([^"\\]+)" *$', text, re.M)
            if found is not None:
                return found.group(1)
        except Exception:  # not found: lark says
            pass
        import lark
    return lark.__version__  # type: ignore[no-any-return]


def _record_of(head: dict, grammar: str, lark_version: str) -> dict | None:
    """The driver's record in ``head`` (DRIVER_FILE's content), if it stands here: written
    from ``grammar`` by this lark version, and the self-check passed under this Python."""
    if head.get(CHECKED) != _python() or DRIVER not in head or head["lark"] != lark_version:
        return None
    if head["grammar"] != grammar:
        return None
    return head[DRIVER]  # type: ignore[no-any-return]


def _on_record() -> dict | None:
    """:func:`_record_of` the shipped DRIVER_FILE (None if missing or unreadable)."""
    try:
        return _record_of(json.loads(_data_text(DRIVER_FILE)), _grammar(), _lark_version())
    except Exception:
        return None


@lru_cache(maxsize=1)
def _driver() -> _Driver | None:
    """The driver, or None when lark's internals are not what it was built against.

    Decided once per process.  When DRIVER_FILE's record stands (this grammar, lark version
    and Python), the driver is made from it, without lark (see DRIVER).  Otherwise building
    reads lark's internals (any exception there, an ImportError of a moved class included,
    means "not lark 1.x as we know it"), then the driver must pass :func:`_self_check`.
    Otherwise every parse goes through ``Lark.parse``.  The self-check (about 6% of a
    one-claim ``check``) runs here only when it is not on record (see :func:`_loaded`): on
    record, it passed on this same table under this lark version and Python when the table
    was written, and the tests run it again (tests/test_parser_driver.py); under any other
    lark or Python it runs here.
    """
    record = _on_record()
    if record is not None:  # made without lark (see DRIVER)
        try:
            return _Driver.recorded(record)
        except Exception:  # a record this code cannot read: build from lark
            pass
        finally:
            _pending.error = None
    try:
        lark, on_record = _loaded()
        driver = _Driver(lark)
    except Exception:  # whatever lark's internals now raise: fall back, never crash
        return None
    finally:
        _pending.error = None
    if on_record or _self_check(driver, lark):
        return driver
    return None


def _lark_parse(text: str) -> Built:
    """``Lark.parse`` of ``text``; its syntax error as a labelled CheckSyntaxError."""
    from lark import UnexpectedInput

    try:
        return _lark().parse(text)  # type: ignore[no-any-return]
    except UnexpectedInput as err:
        raise _syntax_error(text, err) from None


def parse_check(text: str) -> ast.Node:
    """Parse one check string; raise :class:`LeanbridgeError` with a span on failure."""
    return parse_check_walked(text)[0]


def parse_check_walked(text: str) -> tuple[ast.Node, Walk | None]:
    """:func:`parse_check`, and the tree's :data:`Walk` when the parse worked it out (an
    unrolled program did), for the linter's context (see leanbridge/lint/base.py)."""
    n = len(text)
    if n > _UNBOUNDED_BELOW:  # a shorter check passes _check_bounds (a call is ~1k)
        _check_bounds(text)
    # The error slot is None here: every parse leaves it so, whichever way it ends.
    try:
        driver = _driver()
        walked = driver.parse_walked(text) if driver is not None else None
        if walked is None:  # not in the language (or no driver): lark parses, and raises
            _pending.error = None
            root, walk = _node(_lark_parse(text)), None
        else:
            built, walk = walked
            root = built.node if built.__class__ is _Paren else built  # _node(built)
        if n > MAX_TREE_DEPTH:
            _check_depth(root, text)
    except BaseException:
        _pending.error = None
        raise
    error = _pending.error
    if error is not None:
        _pending.error = None
        raise error
    return root, walk  # type: ignore[return-value]
