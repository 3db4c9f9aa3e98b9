"""The AST node classes as they were made before ``leanbridge.frozen.frozen_record``: the
``@dataclass(frozen=True, slots=True)`` definitions, verbatim.  tests/test_ast_classes.py
holds the classes to these (the definition of how they behave)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import ClassVar

from leanbridge.errors import Span
from leanbridge.semantics.numbers import Decimal

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


@dataclass(frozen=True, slots=True)
class Node:
    span: Span

    def children(self) -> Iterator[Node]:
        names = _FIELD_NAMES.get(type(self))
        if names is None:  # dataclasses.fields() is slow; look the names up once per class
            names = _FIELD_NAMES[type(self)] = tuple(f.name for f in fields(self))
        for name in names:
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


@dataclass(frozen=True, slots=True)
class Number(Node):
    literal: Decimal


@dataclass(frozen=True, slots=True)
class Name(Node):
    id: str


@dataclass(frozen=True, slots=True)
class ListExpr(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Neg(Node):
    operand: Node


@dataclass(frozen=True, slots=True)
class BinOp(Node):
    left: Node
    right: Node
    symbol: ClassVar[str] = "?"


@dataclass(frozen=True, slots=True)
class Add(BinOp):
    symbol: ClassVar[str] = "+"


@dataclass(frozen=True, slots=True)
class Sub(BinOp):
    symbol: ClassVar[str] = "-"


@dataclass(frozen=True, slots=True)
class Mul(BinOp):
    symbol: ClassVar[str] = "*"


@dataclass(frozen=True, slots=True)
class Div(BinOp):
    symbol: ClassVar[str] = "/"


@dataclass(frozen=True, slots=True)
class Pow(BinOp):
    """``left ^ right``; the exponent must evaluate to an integer."""

    symbol: ClassVar[str] = "^"


@dataclass(frozen=True, slots=True)
class Call(Node):
    func: str
    args: tuple[Node, ...]
    name_span: Span


# --- comparisons -----------------------------------------------------------------

COMPARATORS = ("==", "!=", "<", "<=", ">", ">=")


@dataclass(frozen=True, slots=True)
class Compare(Node):
    op: str  # one of COMPARATORS (Unicode forms are normalised by the parser)
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Approx(Node):
    """``left ~= right``: left rounds to the printed number on the right.

    ``right`` is a :class:`Number`, a negated Number, or a :class:`Name` of a scalar value;
    its printed precision sets the tolerance.
    """

    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Within(Node):
    """``left == target ± tolerance``; relative when the tolerance is a percentage."""

    left: Node
    target: Node
    tolerance: Number
    relative: bool


# --- booleans --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class And(Node):
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Or(Node):
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Not(Node):
    operand: Node


COMPARISON_NODES = (Compare, Approx, Within)
BOOLEAN_NODES = (*COMPARISON_NODES, And, Or, Not)
