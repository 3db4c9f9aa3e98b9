"""Which proofs leanbridge accepts: the axiom policy and the source policy.

A Lean file that type-checks can still prove nothing: ``sorry`` elaborates to the
axiom ``sorryAx``; ``native_decide`` trusts the compiler through
``Lean.ofReduceBool`` (and ``Lean.trustCompiler`` in newer versions); and any file
may simply declare ``axiom false_thing : 1 = 2``. Two checks guard against that:

- before Lean runs, :func:`scan_forbidden` rejects a workspace whose sources declare an
  axiom or use a construct that bypasses or weakens the kernel check;
- after it, :func:`audit` reads each theorem's ``#print axioms`` answer, which lists
  every axiom the theorem depends on, transitively (also those of imported modules).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from leanbridge.prove.axiom_answers import AxiomReport, MissingEvidence
from leanbridge.prove.lean_lexer import blank_non_code, scan_for_axiom_declarations, unescape_name

__all__ = [
    "ALWAYS_FORBIDDEN_SUBSTRINGS",
    "FORBIDDEN_TOKENS",
    "Violation",
    "audit",
    "is_always_forbidden",
    "scan_forbidden",
]

#: An axiom whose name contains one of these (case-insensitively) fails whatever
#: ``allowed`` says. ``sorryAx`` is an unfinished proof. The others trust compiled
#: code over the kernel: ``Lean.ofReduceBool``/``Lean.ofReduceNat``/``Lean.trustCompiler``
#: (src/Init/Core.lean) and, from Lean 4.29, one axiom per native computation named
#: like ``thm._native.native_decide.ax_1_1``.
ALWAYS_FORBIDDEN_SUBSTRINGS: tuple[str, ...] = (
    "sorryAx",
    "native",
    "ofReduceBool",
    "ofReduceNat",
    "trustCompiler",
)

#: Constructs that bypass or weaken the kernel check; none may appear outside comments
#: in any workspace file (the library and the emitted modules never contain them).
FORBIDDEN_TOKENS = (
    "sorry",
    "admit",
    "native_decide",
    "implemented_by",
    "extern",
    "unsafe",
    "partial",
    "opaque",
    "debug.skipKernelTC",
    "ofReduceBool",
    "Lean.ofReduceBool",
    "trustCompiler",
)

ViolationKind = Literal["sorry", "native", "not-allowed", "no-evidence"]


class Violation(BaseModel):
    """One reason a theorem's proof is not accepted."""

    model_config = ConfigDict(frozen=True)

    theorem: str
    kind: ViolationKind
    axiom: str | None
    detail: str


def is_always_forbidden(axiom: str) -> ViolationKind | None:
    """``sorry`` or ``native`` if ``axiom`` can never be allowed, else ``None``."""
    lowered = axiom.lower()
    for needle in ALWAYS_FORBIDDEN_SUBSTRINGS:
        if needle.lower() in lowered:
            return "sorry" if needle == "sorryAx" else "native"
    return None


def audit(
    report: AxiomReport | MissingEvidence, allowed: frozenset[str] = frozenset()
) -> list[Violation]:
    """Every reason to reject the theorem of ``report``; empty means accepted.

    - missing evidence is a violation (``no-evidence``), never a pass;
    - ``sorryAx`` (``sorry``) and anything with ``native``, ``ofReduceBool``,
      ``ofReduceNat`` or ``trustCompiler`` (``native``) fail even if in ``allowed``;
    - any other axiom must be in ``allowed``, which is empty by default: a caller
      opts in to ``propext``, ``Quot.sound``, ``Classical.choice`` explicitly.

    An axiom declared in the workspace never gets this far: :func:`scan_forbidden`
    stops the run before Lean starts.
    """
    if isinstance(report, MissingEvidence):
        return [
            Violation(theorem=report.theorem, kind="no-evidence", axiom=None, detail=report.reason)
        ]
    allowed_names = {unescape_name(a) for a in allowed}
    violations: list[Violation] = []
    for axiom in sorted(report.axioms):
        forbidden = is_always_forbidden(axiom)
        if forbidden == "sorry":
            detail = "the proof uses sorry"
        elif forbidden == "native":
            detail = "the proof trusts compiled code (native_decide, ofReduceBool, ...)"
        elif axiom not in allowed_names:
            forbidden = "not-allowed"
            detail = "axiom not in the allowed set"
        else:
            continue
        violations.append(
            Violation(theorem=report.theorem, kind=forbidden, axiom=axiom, detail=detail)
        )
    return violations


def scan_forbidden(workdir: Path, skip: Collection[str] = ()) -> list[str]:
    """Axiom declarations and kernel-bypassing tokens in any workspace `.lean` file
    (but the workspace-relative paths in ``skip``).

    Files under ``.lake/`` (Lake's build output and dependencies) are not the workspace;
    whatever they declare still shows up in ``#print axioms`` and must pass :func:`audit`.
    """
    problems: list[str] = []
    for path in sorted(workdir.rglob("*.lean")):
        rel = path.relative_to(workdir).as_posix()
        if rel.startswith(".lake/") or rel in skip:
            continue
        text = path.read_text("utf-8", errors="replace")
        problems.extend(
            f"{rel}:{line}: declares axiom `{name}`"
            for line, name in scan_for_axiom_declarations(text)
        )
        code = blank_non_code(text)
        for token in FORBIDDEN_TOKENS:
            for m in re.finditer(rf"(?<![\w.]){re.escape(token)}(?![\w])", code):
                line = code.count("\n", 0, m.start()) + 1
                problems.append(f"{rel}:{line}: uses `{token}`")
    return problems
