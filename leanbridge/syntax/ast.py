"""The expression tree of a check.

One frozen, slotted class per node type; every node carries the :class:`Span` of its
source text inside the check string.  The evaluator, the Lean printer and the linter each
have one method per node type, dispatched on the class name.

The classes are made by :func:`leanbridge.frozen.frozen_record` rather than
``@dataclass(frozen=True, slots=True)``, which compiled six methods per class from source
text at every start (``exec``): about 60 M instructions for these eighteen classes, a
tenth of a one-claim ``check``.  They behave as those dataclasses do
(``tests/test_ast_classes.py`` builds both and compares them on random values).  A new
node type is written the same way (docstring, ``__slots__``, fields); the test lists them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from typing import ClassVar

from leanbridge.errors import Span
from leanbridge.frozen import frozen_record
from leanbridge.semantics.numbers import Decimal

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:  # dataclasses.fields() is slow; look the names up once per class
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


@frozen_record
class Node:
    """Node(span: 'Span')"""

    __slots__ = ("span",)
    span: Span

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


@frozen_record
class Number(Node):
    """Number(span: 'Span', literal: 'Decimal')"""

    __slots__ = ("literal",)
    literal: Decimal


@frozen_record
class Name(Node):
    """Name(span: 'Span', id: 'str')"""

    __slots__ = ("id",)
    id: str


@frozen_record
class ListExpr(Node):
    """ListExpr(span: 'Span', items: 'tuple[Node, ...]')"""

    __slots__ = ("items",)
    items: tuple[Node, ...]


@frozen_record
class Neg(Node):
    """Neg(span: 'Span', operand: 'Node')"""

    __slots__ = ("operand",)
    operand: Node


@frozen_record
class BinOp(Node):
    """BinOp(span: 'Span', left: 'Node', right: 'Node')"""

    __slots__ = ("left", "right")
    left: Node
    right: Node
    symbol: ClassVar[str] = "?"


@frozen_record
class Add(BinOp):
    """Add(span: 'Span', left: 'Node', right: 'Node')"""

    __slots__ = ()
    symbol: ClassVar[str] = "+"


@frozen_record
class Sub(BinOp):
    """Sub(span: 'Span', left: 'Node', right: 'Node')"""

    __slots__ = ()
    symbol: ClassVar[str] = "-"


@frozen_record
class Mul(BinOp):
    """Mul(span: 'Span', left: 'Node', right: 'Node')"""

    __slots__ = ()
    symbol: ClassVar[str] = "*"


@frozen_record
class Div(BinOp):
    """Div(span: 'Span', left: 'Node', right: 'Node')"""

    __slots__ = ()
    symbol: ClassVar[str] = "/"


@frozen_record
class Pow(BinOp):
    """``left ^ right``; the exponent must evaluate to an integer."""

    __slots__ = ()
    symbol: ClassVar[str] = "^"


@frozen_record
class Call(Node):
    """Call(span: 'Span', func: 'str', args: 'tuple[Node, ...]', name_span: 'Span')"""

    __slots__ = ("func", "args", "name_span")  # noqa: RUF023 (field order, as dataclass)
    func: str
    args: tuple[Node, ...]
    name_span: Span


# --- comparisons -----------------------------------------------------------------

COMPARATORS = ("==", "!=", "<", "<=", ">", ">=")


@frozen_record
class Compare(Node):
    """Compare(span: 'Span', op: 'str', left: 'Node', right: 'Node')"""

    __slots__ = ("op", "left", "right")  # noqa: RUF023
    op: str  # one of COMPARATORS (Unicode forms are normalised by the parser)
    left: Node
    right: Node


@frozen_record
class Approx(Node):
    """``left ~= right``: left rounds to the printed number on the right.

    ``right`` is a :class:`Number`, a negated Number, or a :class:`Name` of a scalar value;
    its printed precision sets the tolerance.
    """

    __slots__ = ("left", "right")
    left: Node
    right: Node


@frozen_record
class Within(Node):
    """``left == target ± tolerance``; relative when the tolerance is a percentage."""

    __slots__ = ("left", "target", "tolerance", "relative")  # noqa: RUF023
    left: Node
    target: Node
    tolerance: Number
    relative: bool


# --- booleans --------------------------------------------------------------------


@frozen_record
class And(Node):
    """And(span: 'Span', left: 'Node', right: 'Node')"""

    __slots__ = ("left", "right")
    left: Node
    right: Node


@frozen_record
class Or(Node):
    """Or(span: 'Span', left: 'Node', right: 'Node')"""

    __slots__ = ("left", "right")
    left: Node
    right: Node


@frozen_record
class Not(Node):
    """Not(span: 'Span', operand: 'Node')"""

    __slots__ = ("operand",)
    operand: Node


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
