"""The claim linter: catch tautologies, hard-coded checks and category errors.

Public API::

    from leanbridge.lint import lint_file, LintResult, EvidenceLabel, RULES
    result = lint_file(file_result)          # a pipeline.FileResult
    result.findings, result.ignored          # list[Diagnostic] (code, claim_id, severity)
    result.labels["claim_id"]                # EvidenceLabel(name, does_not_establish)
    result.has_errors_for("claim_id")
"""

from __future__ import annotations

from leanbridge.lint.base import Finding, Rule
from leanbridge.lint.engine import LintResult, lint_file
from leanbridge.lint.labels import LABELS, EvidenceLabel, computed_label
from leanbridge.lint.registry import RULES, get_rule

__all__ = [
    "LABELS",
    "RULES",
    "EvidenceLabel",
    "Finding",
    "LintResult",
    "Rule",
    "computed_label",
    "get_rule",
    "lint_file",
]
