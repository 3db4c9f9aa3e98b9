"""Run every rule over a checked file: findings, ignored findings and evidence labels.

``lint_file`` is what ``check`` and ``prove`` call; the ``lint`` command renders its result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from leanbridge.errors import Diagnostic, Pos
from leanbridge.lint.base import ClaimContext, FileContext, Finding, Rule
from leanbridge.lint.labels import EvidenceLabel
from leanbridge.lint.registry import RULES
from leanbridge.lint.rules.lb013_unused_ignore import CODE as UNUSED_IGNORE
from leanbridge.lint.rules.lb013_unused_ignore import unused_ignores
from leanbridge.pipeline import ClaimResult, FileResult
from leanbridge.semantics.value_memo import forget_all


@dataclass
class LintResult:
    """Lint findings for one claim file.

    ``findings`` are active (not ignored) findings; ``ignored`` are findings silenced by
    a claim's ``lint.ignore`` (still reported, never dropped); ``labels`` holds the
    computed evidence label of every evaluated claim, ``declared`` its ``evidence:``.
    """

    file: str
    findings: list[Diagnostic] = field(default_factory=list)
    ignored: list[Diagnostic] = field(default_factory=list)
    labels: dict[str, EvidenceLabel] = field(default_factory=dict)
    declared: dict[str, str | None] = field(default_factory=dict)
    positions: dict[str, Pos] = field(default_factory=dict)

    def has_errors_for(self, claim_id: str) -> bool:
        return any(d.severity == "error" and d.claim_id == claim_id for d in self.findings)

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.findings)

    def for_claim(self, claim_id: str) -> list[Diagnostic]:
        return [d for d in self.findings if d.claim_id == claim_id]


def _diagnostic(rule: Rule, finding: Finding, cr: ClaimResult | None, path: str) -> Diagnostic:
    pos = finding.pos
    context = None
    if cr is not None:
        locator = cr.loaded.locator
        if pos is None and finding.span is not None:
            pos = locator.pos(finding.span)
            context = locator.context(finding.span)
        if pos is None:
            pos = cr.pos
    claim_id = finding.claim_id or (cr.claim_id if cr is not None else None)
    return Diagnostic(path, pos, finding.message, rule.severity, rule.code, claim_id, context)


def _run(rule: Rule, findings: Iterable[Finding]) -> list[Finding]:
    try:
        return list(findings)
    except Exception as e:  # a rule bug must not hide the other rules' findings
        return [Finding(f"internal error in rule {rule.code}: {type(e).__name__}: {e}")]


def _sort_key(d: Diagnostic) -> tuple[int, int, str, str]:
    line, col = (d.pos.line, d.pos.col) if d.pos else (0, 0)
    return line, col, d.code or "", d.message


def lint_file(file_result: FileResult) -> LintResult:
    """Lint every evaluated claim of ``file_result`` and the file as a whole."""
    path = file_result.loaded.path
    forget_all()  # what the memos keep is shared by the claims of one file
    result = LintResult(path)
    known = set(RULES)
    by_id = {cr.claim_id: cr for cr in file_result.claims}
    for cr in file_result.claims:
        ctx = ClaimContext(file_result, cr)
        claim = cr.loaded.claim
        result.labels[cr.claim_id] = ctx.label
        result.declared[cr.claim_id] = claim.evidence
        result.positions[cr.claim_id] = cr.pos
        raw: dict[str, list[Finding]] = {}
        for rule in RULES.values():
            if rule.check is not None:
                found = _run(rule, rule.check(ctx))
                if found:
                    raw[rule.code] = found
        ignore = set(claim.lint.ignore) if claim.lint else set()
        for code, found in raw.items():
            rule = RULES[code]
            if any(s in raw for s in rule.superseded_by):
                continue
            target = result.ignored if code in ignore and code != UNUSED_IGNORE else result.findings
            target.extend(_diagnostic(rule, f, cr, path) for f in found)
        if claim.lint and claim.lint.ignore:
            fired = {c for c in raw if not any(s in raw for s in RULES[c].superseded_by)}
            rule = RULES[UNUSED_IGNORE]
            result.findings.extend(
                _diagnostic(rule, f, cr, path)
                for f in unused_ignores(claim.lint.ignore, fired, known)
            )
    file_ctx = FileContext(file_result)
    for rule in RULES.values():
        if rule.check_file is None:
            continue
        for f in _run(rule, rule.check_file(file_ctx)):
            cr = by_id.get(f.claim_id) if f.claim_id else None
            d = _diagnostic(rule, f, cr, path)
            ignored = (
                cr is not None
                and cr.loaded.claim.lint is not None
                and (rule.code in cr.loaded.claim.lint.ignore)
            )
            (result.ignored if ignored else result.findings).append(d)
    result.findings.sort(key=_sort_key)
    result.ignored.sort(key=_sort_key)
    return result
