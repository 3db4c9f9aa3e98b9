"""What a lint rule is, and what it sees.

A rule is a module under :mod:`leanbridge.lint.rules` whose docstring documents it in
fixed sections and which defines ``RULE = Rule(...)``.  Claim rules get one
:class:`ClaimContext` per evaluated claim; file rules get one :class:`FileContext` per file.
Rules return (a tuple or list, the cheaper shape) or yield :class:`Finding` objects; the
engine calls each inside its own ``try``, so a rule that raises becomes one internal-error
finding and never hides another rule's, and turns them into positioned
:class:`~leanbridge.errors.Diagnostic` objects with the rule's code and severity.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from leanbridge.claims.loader import LoadedClaim
from leanbridge.errors import Pos, Severity, Span
from leanbridge.lint.labels import (
    ARITHMETIC_IDENTITY,
    INTERNAL_CONSISTENCY,
    LABELS,
    NUMERIC,
    REPRODUCTION,
    EvidenceLabel,
)
from leanbridge.pipeline import ClaimResult, FileResult
from leanbridge.semantics.functions import PVALUE_FUNCTIONS
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast

_NUMERIC, _REPRODUCTION = LABELS[NUMERIC], LABELS[REPRODUCTION]
_INTERNAL_CONSISTENCY, _ARITHMETIC_IDENTITY = (
    LABELS[INTERNAL_CONSISTENCY],
    LABELS[ARITHMETIC_IDENTITY],
)
DOC_SECTIONS = ("What it finds", "Why it matters", "Example", "Use instead")
CODE_RE = re.compile(r"LB[0-9]{3}")


# Not frozen: a frozen dataclass's __init__ (object.__setattr__ per field) costs three times
# as much, and a few findings are made per claim. Treat it as a value all the same; equal
# findings hash alike, as before.
@dataclass(slots=True, unsafe_hash=True)
class Finding:
    """One problem a rule found; ``pos`` None means the claim's own position."""

    message: str
    pos: Pos | None = None
    span: Span | None = None  # inside the check string; used when ``pos`` is None
    claim_id: str | None = None  # file rules: the claim concerned, if any


# Field types that never hold a node: the walk skips such fields without reading them.
_LEAF_TYPES = frozenset({"Span", "str", "bool", "int", "Decimal"})
# Per class met by the walk: what it does with such an object (the kinds below), how many
# fields of it may hold nodes and a getter of those fields' values, last first (the walk
# pushes them so). A field's value is pushed as it is, and dealt with when popped: a node
# is visited, a tuple's nodes are pushed (last first), anything else is dropped; which is
# what ``Node.children()`` does with them.
_SHAPES: dict[type, tuple[int, int, Callable[[Any], Any] | None]] = {}
_KIND: dict[type, int] = {}  # each class's kind (the first of its shape), read in one step
_TUPLE, _OTHER = -2, -1  # not nodes
_NODE, _NAME, _CALL, _COMPARE, _APPROX, _WITHIN = 0, 1, 2, 3, 4, 5  # _COMPARE and above:
# ast.COMPARISON_NODES


def _shape(cls: type) -> tuple[int, int, Callable[[Any], Any] | None]:
    if not issubclass(cls, ast.Node):
        shape: tuple[int, int, Callable[[Any], Any] | None] = (
            _TUPLE if issubclass(cls, tuple) else _OTHER,
            0,
            None,
        )
    else:
        kids = tuple(f.name for f in fields(cls) if f.type not in _LEAF_TYPES)[::-1]
        kind = (
            _NAME
            if issubclass(cls, ast.Name)
            else _CALL
            if issubclass(cls, ast.Call)
            else _APPROX
            if issubclass(cls, ast.Approx)
            else _WITHIN
            if issubclass(cls, ast.Within)
            else _COMPARE
            if issubclass(cls, ast.COMPARISON_NODES)
            else _NODE
        )
        # The walk takes a name for a leaf and a call's nodes from its ``args`` alone.
        if (kind == _NAME and kids) or (kind == _CALL and kids != ("args",)):
            raise TypeError(f"{cls.__name__} has fields the context's walk does not expect")
        shape = (kind, len(kids), attrgetter(*kids) if kids else None)
    _SHAPES[cls] = shape
    _KIND[cls] = shape[0]
    return shape


def _kind(cls: type) -> int:
    kind = _KIND[cls] = (_SHAPES.get(cls) or _shape(cls))[0]
    return kind


def _comparison_traits(comparisons: Iterable[Any]) -> tuple[bool, bool, bool]:
    """The traits approx, within and name-side of a check with these comparisons; each
    class met is learnt in ``_KIND``."""
    approx = within = name_side = False
    for node in comparisons:
        kind = _kind(node.__class__)
        approx = approx or kind == _APPROX
        within = within or kind == _WITHIN
        other = node.target if kind == _WITHIN else node.right
        if _kind(node.left.__class__) == _NAME or _kind(other.__class__) == _NAME:
            name_side = True
    return approx, within, name_side


#: What a claim may have that some rule needs in order to find anything (``Rule.needs``);
#: ``ClaimContext.traits`` says, in this order, whether the claim has each.
TRAITS = (
    "evaluable",  # ClaimContext.evaluable
    "names",  # some known named input is used (ClaimContext.names)
    "no-uses",  # no name at all is used (ClaimContext.uses is empty)
    "no-error",  # the verdict is not "error"
    "approx",  # an ast.Approx among the comparisons
    "within",  # an ast.Within among the comparisons
    "name-side",  # a comparison with a bare ast.Name as a side (a Within's left or target)
    "pvalue",  # a call of a PVALUE_FUNCTIONS function
    "grim",  # a call of grim
    "evidence",  # the claim declares its evidence
    "expect-fails",  # the claim says `expect: fails`
    "text",  # the claim has a non-empty text
)


def _walk(tree: ast.Node) -> tuple[list[ast.Node], list[ast.Call], list[ast.Node], list[Any]]:
    """The nodes of ``tree`` in pre-order (``tree.walk()``), and the calls, comparisons and
    names among them, in that order: the definition of the walk the parser hands over."""
    nodes: list[ast.Node] = []
    calls: list[ast.Call] = []
    comparisons: list[ast.Node] = []
    name_nodes: list[Any] = []
    stack: list[Any] = [tree]
    pop, push, extend, add, shapes = stack.pop, stack.append, stack.extend, nodes.append, _SHAPES
    node_cls = ast.Node
    while stack:
        node = pop()
        cls = node.__class__
        kind, arity, get = shapes.get(cls) or _shape(cls)
        if kind < _NODE:
            if kind == _TUPLE:
                for x in reversed(node):
                    if isinstance(x, node_cls):
                        push(x)
            continue
        add(node)
        if kind == _NAME:  # a leaf: nothing to push
            name_nodes.append(node)
            continue
        if kind == _CALL:
            calls.append(node)
            # Its one field that holds nodes is the tuple ``args``: its nodes pushed here,
            # last first, as popping the tuple would.
            for x in reversed(node.args):
                if isinstance(x, node_cls):
                    push(x)
            continue
        if kind >= _COMPARE:
            comparisons.append(node)
        if arity == 1:
            push(get(node))  # type: ignore[misc]
        elif arity:
            extend(get(node))  # type: ignore[misc]
    return nodes, calls, comparisons, name_nodes


class ClaimContext:
    """One evaluated claim (its check parsed) with the file's named values.

    The check's tree is walked once, when the context is made, for every rule: its nodes
    in pre-order (as ``tree.walk()``), its names, calls and comparisons, and the claim's
    evidence label (which the engine reports for every claim).
    """

    def __init__(
        self, file: FileResult, result: ClaimResult, shared: dict[str, Any] | None = None
    ) -> None:
        self.file = file
        self.result = result
        #: What rules keep for the other claims of the file (the engine passes one dict to
        #: every claim of a file): one entry per rule, under its code.
        self.shared: dict[str, Any] = {} if shared is None else shared
        claim = result.loaded.claim
        self.claim_id: str = claim.id
        tree = result.loaded.tree
        assert tree is not None  # FileResult.claims only holds parsed claims
        self.tree: ast.Node = tree
        env = self.env = file.loaded.values
        verdict = self.verdict = result.outcome.verdict
        # True when the check type-checks and has a definite verdict.
        evaluable = self.evaluable = verdict == "holds" or verdict == "fails"
        uses: dict[str, Span] = {}  # every name used -> the span of its first use
        names: list[str] = []  # the known ones among them, in the same order
        approx = within = name_side = pvalues = grim = data = False
        # The parser works out the walk (the nodes in pre-order, and the calls, comparisons
        # and names among them) once per tree shape; _walk is its definition, for trees
        # parsed otherwise (tests/lint/test_context_walk.py holds the two to the same
        # context).  What is left is what depends on the names and the file.
        walk = result.loaded.walk
        if walk is None:
            walk = tuple(map(tuple, _walk(tree)))
        nodes, calls, comparisons, name_nodes = walk
        for node in name_nodes:
            name = node.id
            if name not in uses:
                uses[name] = node.span
                if name in env:
                    names.append(name)
                    if not data and env[name].origin == "data":
                        data = True
        for node in calls:
            func = node.func
            if func in PVALUE_FUNCTIONS:
                pvalues = True
            elif func == "grim":
                grim = True
        # _comparison_traits(comparisons), with a subscript per class (no call), until a
        # class not learnt yet: then from the definition, which learns it.
        try:
            kind_of = _KIND
            for node in comparisons:
                kind = kind_of[node.__class__]
                if kind == _APPROX:
                    approx = True
                    other = node.right
                elif kind == _WITHIN:
                    within = True
                    other = node.target
                else:
                    other = node.right
                if kind_of[node.left.__class__] == _NAME or kind_of[other.__class__] == _NAME:
                    name_side = True
        except KeyError:
            approx, within, name_side = _comparison_traits(comparisons)
        #: Every node of the check in pre-order (``tree.walk()``), walked once for all rules.
        self.nodes: tuple[ast.Node, ...] = nodes
        #: The calls and the comparisons among ``nodes``, in the same order.
        self.calls: tuple[ast.Call, ...] = calls
        self.comparisons: tuple[ast.Node, ...] = comparisons
        #: Every name the check uses (known or not), in order of first use, with that use.
        self.uses = uses
        #: Known named inputs used by the check, in order of first use.
        self.names = names
        # computed_label(names, env, pvalues), from what the walk saw of the names
        self.label: EvidenceLabel = (
            _NUMERIC
            if pvalues
            else _REPRODUCTION
            if data
            else _INTERNAL_CONSISTENCY
            if names
            else _ARITHMETIC_IDENTITY
        )
        text = claim.text
        #: Whether the claim has each of TRAITS, in that order.
        self.traits: tuple[bool, ...] = (
            evaluable,
            names != [],
            not uses,
            verdict != "error",
            approx,
            within,
            name_side,
            pvalues,
            grim,
            claim.evidence is not None,
            claim.expect == "fails",
            text is not None and text != "",
        )

    def first_use(self, name: str) -> Span | None:
        return self.uses.get(name)

    def at(self, span: Span | None) -> Pos:
        return self.result.loaded.locator.pos(span)


_USES = attrgetter("uses")


@dataclass
class FileContext:
    file: FileResult
    claims: Sequence[ClaimContext] = ()  # the claims' contexts, when the engine made them
    _uses: dict[int, dict[str, Span]] | None = field(default=None, repr=False, compare=False)

    @property
    def env(self) -> Mapping[str, NamedValue]:
        return self.file.loaded.values

    def names_used(self) -> set[str] | None:
        """Every name the file's claims use (the union of their ``names_in``), read from
        their contexts when the engine made one for every claim of the file (then every
        claim parsed: the usual case); None otherwise."""
        claims = self.claims
        if len(claims) != len(self.file.loaded.claims):
            return None
        # The contexts are of distinct claims of this file (FileResult.claims): as many as
        # the file's claims, they are all of them.
        return set().union(*map(_USES, claims))

    def names_in(self, lc: LoadedClaim) -> Iterable[str]:
        """The names ``lc``'s check uses (``ast.names_in(lc.tree)``), from its context if
        the engine made one."""
        if self._uses is None:
            self._uses = {id(c.result.loaded): c.uses for c in self.claims}
        uses = self._uses.get(id(lc))
        if uses is not None:
            return uses
        assert lc.tree is not None
        return ast.names_in(lc.tree)


ClaimCheck = Callable[[ClaimContext], Iterable[Finding]]
FileCheck = Callable[[FileContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    doc: str  # the rule module's docstring: summary line, then the fixed sections
    check: ClaimCheck | None = None
    check_file: FileCheck | None = None
    # Codes whose finding on the same claim makes this rule's finding redundant.
    superseded_by: tuple[str, ...] = field(default=())
    # TRAITS a claim must all have for ``check`` to find anything on it (its own early
    # returns say so; a test holds each rule to it): the engine skips it on other claims.
    needs: frozenset[str] = field(default=frozenset())
    # Every finding of ``check`` is at the claim's own position (no ``pos``, no ``span``):
    # the engine runs such rules first (see engine.claim_rules; a test holds each to it).
    at_claim: bool = False

    def __post_init__(self) -> None:
        unknown = self.needs - set(TRAITS)
        if unknown:
            raise ValueError(f"rule {self.code} needs unknown traits {sorted(unknown)}")

    @property
    def summary(self) -> str:
        first = self.doc.strip().splitlines()[0]
        return first.split(":", 1)[1].strip() if ":" in first else first

    def sections(self) -> dict[str, str]:
        """The docstring's ``## Section`` bodies, stripped."""
        out: dict[str, str] = {}
        current: str | None = None
        lines: list[str] = []
        for line in self.doc.strip().splitlines()[1:]:
            if line.startswith("## "):
                if current is not None:
                    out[current] = "\n".join(lines).strip()
                current, lines = line[3:].strip(), []
            elif current is not None:
                lines.append(line)
        if current is not None:
            out[current] = "\n".join(lines).strip()
        return out

    def explain(self) -> str:
        """Markdown text for ``leanbridge lint --explain`` and docs/rules."""
        summary = self.summary[:1].upper() + self.summary[1:]
        parts = [f"# {self.code} {self.name} ({self.severity})", "", summary, ""]
        for title, body in self.sections().items():
            parts += [f"## {title}", "", body, ""]
        return "\n".join(parts).rstrip() + "\n"
