"""What a lint rule is, and what it sees.

A rule is a module under :mod:`leanbridge.lint.rules` whose docstring documents it in
fixed sections and which defines ``RULE = Rule(...)``.  Claim rules get one
:class:`ClaimContext` per evaluated claim; file rules get one :class:`FileContext` per file.
Rules yield :class:`Finding` objects; the engine turns them into positioned
:class:`~leanbridge.errors.Diagnostic` objects with the rule's code and severity.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from leanbridge.errors import Pos, Severity, Span
from leanbridge.lint.labels import EvidenceLabel, computed_label
from leanbridge.pipeline import ClaimResult, FileResult
from leanbridge.semantics.functions import uses_pvalues
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast

DOC_SECTIONS = ("What it finds", "Why it matters", "Example", "Use instead")
CODE_RE = re.compile(r"LB[0-9]{3}")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a rule found; ``pos`` None means the claim's own position."""

    message: str
    pos: Pos | None = None
    span: Span | None = None  # inside the check string; used when ``pos`` is None
    claim_id: str | None = None  # file rules: the claim concerned, if any


@dataclass
class ClaimContext:
    """One evaluated claim (its check parsed) with the file's named values."""

    file: FileResult
    result: ClaimResult

    @property
    def claim_id(self) -> str:
        return self.result.claim_id

    @property
    def tree(self) -> ast.Node:
        tree = self.result.loaded.tree
        assert tree is not None  # FileResult.claims only holds parsed claims
        return tree

    @property
    def env(self) -> Mapping[str, NamedValue]:
        return self.file.loaded.values

    @property
    def verdict(self) -> str:
        return self.result.outcome.verdict

    @property
    def evaluable(self) -> bool:
        """True when the check type-checks and has a definite verdict."""
        return self.verdict in ("holds", "fails")

    @cached_property
    def nodes(self) -> tuple[ast.Node, ...]:
        """Every node of the check in pre-order (``tree.walk()``), walked once for all rules."""
        return tuple(self.tree.walk())

    @cached_property
    def names(self) -> list[str]:
        """Known named inputs used by the check, in order of first use."""
        used = dict.fromkeys(n.id for n in self.nodes if isinstance(n, ast.Name))
        return [n for n in used if n in self.env]

    @cached_property
    def label(self) -> EvidenceLabel:
        return computed_label(self.names, self.env, uses_pvalues(self.tree))

    def first_use(self, name: str) -> Span | None:
        for node in self.nodes:
            if isinstance(node, ast.Name) and node.id == name:
                return node.span
        return None

    def at(self, span: Span | None) -> Pos:
        return self.result.loaded.locator.pos(span)


@dataclass
class FileContext:
    file: FileResult

    @property
    def env(self) -> Mapping[str, NamedValue]:
        return self.file.loaded.values


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
