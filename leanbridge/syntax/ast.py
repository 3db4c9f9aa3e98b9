"""The expression tree of a check.

One frozen, slotted class per node type; every node carries the :class:`Span` of its
source text inside the check string.  The evaluator, the Lean printer and the linter each
have one method per node type, dispatched on the class name.

The classes are written out rather than made by ``@dataclass(frozen=True, slots=True)``:
that decorator compiles six methods per class from source text at every start (``exec``),
and for these eighteen classes it took about 60 M instructions, a tenth of a one-claim
``check``.  They behave as those dataclasses do (``tests/test_ast_classes.py`` builds
both and compares them on random values): the same ``__init__``, ``==``, ``hash``,
``repr``, ``__match_args__`` and pickled state, frozen (assigning or deleting an attribute
raises :class:`dataclasses.FrozenInstanceError`), slotted, and ``dataclasses.fields()``
and ``dataclasses.replace()`` work on them: ``_fields_of`` has ``dataclass()`` record the
fields, generating nothing.  A new node type is written the same way; the test lists them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import FrozenInstanceError, dataclass, fields
from threading import get_ident
from typing import ClassVar, NoReturn

from leanbridge.errors import Span
from leanbridge.semantics.numbers import Decimal

# dataclass() with nothing to generate: it records the annotated fields (``fields()``,
# ``replace()``, ``is_dataclass()``) and sets ``__match_args__``.  Each class has a
# docstring, or dataclass() would work one out with ``inspect.signature``.
_fields_of = dataclass(init=False, repr=False, eq=False)

_set = object.__setattr__  # what a frozen dataclass's __init__ assigns its fields with

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_REPR_RUNNING: set[tuple[int, int]] = set()  # dataclass's guard against a recursive repr


def _names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:  # dataclasses.fields() is slow; look the names up once per class
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


@_fields_of
class Node:
    """Node(span: 'Span')"""

    __slots__ = ("span",)
    span: Span

    def __init__(self, span: Span) -> None:
        _set(self, "span", span)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.span,) == (other.span,)  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.span,))

    def __repr__(self) -> str:
        key = (id(self), get_ident())
        if key in _REPR_RUNNING:
            return "..."
        _REPR_RUNNING.add(key)
        try:
            inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in _names(self.__class__))
        finally:
            _REPR_RUNNING.discard(key)
        return f"{self.__class__.__qualname__}({inner})"

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> NoReturn:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> list[object]:
        return [getattr(self, n) for n in _names(self.__class__)]

    def __setstate__(self, state: list[object]) -> None:
        for name, value in zip(_names(self.__class__), state):  # noqa: B905 (as dataclass)
            _set(self, name, value)

    def children(self) -> Iterator[Node]:
        for name in _names(self.__class__):
            v = getattr(self, name)
            if isinstance(v, Node):
                yield v
            elif isinstance(v, tuple):
                yield from (x for x in v if isinstance(x, Node))

    def walk(self) -> Iterator[Node]:
        """Pre-order traversal, iterative so deep trees cannot exhaust the stack."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(list(node.children())))


# --- numbers ---------------------------------------------------------------------


@_fields_of
class Number(Node):
    """Number(span: 'Span', literal: 'Decimal')"""

    __slots__ = ("literal",)
    literal: Decimal

    def __init__(self, span: Span, literal: Decimal) -> None:
        _set(self, "span", span)
        _set(self, "literal", literal)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.span, self.literal) == (other.span, other.literal)  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.span, self.literal))


@_fields_of
class Name(Node):
    """Name(span: 'Span', id: 'str')"""

    __slots__ = ("id",)
    id: str

    def __init__(self, span: Span, id: str) -> None:
        _set(self, "span", span)
        _set(self, "id", id)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.span, self.id) == (other.span, other.id)  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.span, self.id))


@_fields_of
class ListExpr(Node):
    """ListExpr(span: 'Span', items: 'tuple[Node, ...]')"""

    __slots__ = ("items",)
    items: tuple[Node, ...]

    def __init__(self, span: Span, items: tuple[Node, ...]) -> None:
        _set(self, "span", span)
        _set(self, "items", items)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.span, self.items) == (other.span, other.items)  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.span, self.items))


@_fields_of
class Neg(Node):
    """Neg(span: 'Span', operand: 'Node')"""

    __slots__ = ("operand",)
    operand: Node

    def __init__(self, span: Span, operand: Node) -> None:
        _set(self, "span", span)
        _set(self, "operand", operand)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.span, self.operand) == (other.span, other.operand)  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.span, self.operand))


@_fields_of
class BinOp(Node):
    """BinOp(span: 'Span', left: 'Node', right: 'Node')"""

    __slots__ = ("left", "right")
    left: Node
    right: Node
    symbol: ClassVar[str] = "?"

    def __init__(self, span: Span, left: Node, right: Node) -> None:
        _set(self, "span", span)
        _set(self, "left", left)
        _set(self, "right", right)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.span, self.left, self.right) == (other.span, other.left, other.right)  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.span, self.left, self.right))


# The operators add no fields: BinOp's methods are theirs (``==`` compares classes).


@_fields_of
class Add(BinOp):
    """Add(span: 'Span', left: 'Node', right: 'Node')"""

    __slots__ = ()
    symbol: ClassVar[str] = "+"


@_fields_of
class Sub(BinOp):
    """Sub(span: 'Span', left: 'Node', right: 'Node')"""

    __slots__ = ()
    symbol: ClassVar[str] = "-"


@_fields_of
class Mul(BinOp):
    """Mul(span: 'Span', left: 'Node', right: 'Node')"""

    __slots__ = ()
    symbol: ClassVar[str] = "*"


@_fields_of
class Div(BinOp):
    """Div(span: 'Span', left: 'Node', right: 'Node')"""

    __slots__ = ()
    symbol: ClassVar[str] = "/"


@_fields_of
class Pow(BinOp):
    """``left ^ right``; the exponent must evaluate to an integer."""

    __slots__ = ()
    symbol: ClassVar[str] = "^"


@_fields_of
class Call(Node):
    """Call(span: 'Span', func: 'str', args: 'tuple[Node, ...]', name_span: 'Span')"""

    __slots__ = ("func", "args", "name_span")  # noqa: RUF023 (field order, as dataclass)
    func: str
    args: tuple[Node, ...]
    name_span: Span

    def __init__(self, span: Span, func: str, args: tuple[Node, ...], name_span: Span) -> None:
        _set(self, "span", span)
        _set(self, "func", func)
        _set(self, "args", args)
        _set(self, "name_span", name_span)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.span, self.func, self.args, self.name_span) == (
                other.span,  # type: ignore[attr-defined]
                other.func,  # type: ignore[attr-defined]
                other.args,  # type: ignore[attr-defined]
                other.name_span,  # type: ignore[attr-defined]
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.span, self.func, self.args, self.name_span))


# --- comparisons -----------------------------------------------------------------

COMPARATORS = ("==", "!=", "<", "<=", ">", ">=")


@_fields_of
class Compare(Node):
    """Compare(span: 'Span', op: 'str', left: 'Node', right: 'Node')"""

    __slots__ = ("op", "left", "right")  # noqa: RUF023
    op: str  # one of COMPARATORS (Unicode forms are normalised by the parser)
    left: Node
    right: Node

    def __init__(self, span: Span, op: str, left: Node, right: Node) -> None:
        _set(self, "span", span)
        _set(self, "op", op)
        _set(self, "left", left)
        _set(self, "right", right)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.span, self.op, self.left, self.right) == (
                other.span,  # type: ignore[attr-defined]
                other.op,  # type: ignore[attr-defined]
                other.left,  # type: ignore[attr-defined]
                other.right,  # type: ignore[attr-defined]
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.span, self.op, self.left, self.right))


@_fields_of
class Approx(Node):
    """``left ~= right``: left rounds to the printed number on the right.

    ``right`` is a :class:`Number`, a negated Number, or a :class:`Name` of a scalar value;
    its printed precision sets the tolerance.
    """

    __slots__ = ("left", "right")
    left: Node
    right: Node

    def __init__(self, span: Span, left: Node, right: Node) -> None:
        _set(self, "span", span)
        _set(self, "left", left)
        _set(self, "right", right)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.span, self.left, self.right) == (other.span, other.left, other.right)  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.span, self.left, self.right))


@_fields_of
class Within(Node):
    """``left == target ± tolerance``; relative when the tolerance is a percentage."""

    __slots__ = ("left", "target", "tolerance", "relative")  # noqa: RUF023
    left: Node
    target: Node
    tolerance: Number
    relative: bool

    def __init__(
        self, span: Span, left: Node, target: Node, tolerance: Number, relative: bool
    ) -> None:
        _set(self, "span", span)
        _set(self, "left", left)
        _set(self, "target", target)
        _set(self, "tolerance", tolerance)
        _set(self, "relative", relative)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.span, self.left, self.target, self.tolerance, self.relative) == (
                other.span,  # type: ignore[attr-defined]
                other.left,  # type: ignore[attr-defined]
                other.target,  # type: ignore[attr-defined]
                other.tolerance,  # type: ignore[attr-defined]
                other.relative,  # type: ignore[attr-defined]
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.span, self.left, self.target, self.tolerance, self.relative))


# --- booleans --------------------------------------------------------------------


@_fields_of
class And(Node):
    """And(span: 'Span', left: 'Node', right: 'Node')"""

    __slots__ = ("left", "right")
    left: Node
    right: Node

    def __init__(self, span: Span, left: Node, right: Node) -> None:
        _set(self, "span", span)
        _set(self, "left", left)
        _set(self, "right", right)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.span, self.left, self.right) == (other.span, other.left, other.right)  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.span, self.left, self.right))


@_fields_of
class Or(Node):
    """Or(span: 'Span', left: 'Node', right: 'Node')"""

    __slots__ = ("left", "right")
    left: Node
    right: Node

    def __init__(self, span: Span, left: Node, right: Node) -> None:
        _set(self, "span", span)
        _set(self, "left", left)
        _set(self, "right", right)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.span, self.left, self.right) == (other.span, other.left, other.right)  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.span, self.left, self.right))


@_fields_of
class Not(Node):
    """Not(span: 'Span', operand: 'Node')"""

    __slots__ = ("operand",)
    operand: Node

    def __init__(self, span: Span, operand: Node) -> None:
        _set(self, "span", span)
        _set(self, "operand", operand)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.span, self.operand) == (other.span, other.operand)  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.span, self.operand))


COMPARISON_NODES = (Compare, Approx, Within)
BOOLEAN_NODES = (*COMPARISON_NODES, And, Or, Not)

# Every node class, for the test that holds them to the dataclasses they stand for.
NODE_CLASSES = (Node, Number, Name, ListExpr, Neg, BinOp, Add, Sub, Mul, Div, Pow, Call)
NODE_CLASSES += (Compare, Approx, Within, And, Or, Not)


def names_in(node: Node) -> list[str]:
    """Names used by ``node`` in order of first use."""
    seen: dict[str, None] = {}
    for n in node.walk():
        if isinstance(n, Name):
            seen.setdefault(n.id, None)
    return list(seen)
