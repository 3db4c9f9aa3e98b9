"""Run every rule over a checked file: findings, ignored findings and evidence labels.

``lint_file`` is what ``check`` and ``prove`` call; the ``lint`` command renders its result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from leanbridge.claims.loader import CheckLocator
from leanbridge.errors import Diagnostic, Pos, Span, highlight
from leanbridge.lint.base import TRAITS, ClaimContext, FileContext, Finding, Rule
from leanbridge.lint.labels import EvidenceLabel
from leanbridge.lint.registry import RULES
from leanbridge.lint.rules.lb013_unused_ignore import CODE as UNUSED_IGNORE
from leanbridge.lint.rules.lb013_unused_ignore import unused_ignores
from leanbridge.pipeline import ClaimResult, FileResult
from leanbridge.semantics.value_memo import forget_all

T = TypeVar("T")


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


class Emitter(Protocol[T]):
    """What the engine makes of each finding it keeps: a Diagnostic (:func:`lint_file`), or
    straight away what a report shows of it (:func:`lint_with`, the corpus records)."""

    def emit(self, rule: Rule, finding: Finding, cr: ClaimResult | None, ignored: bool) -> T: ...

    def key(self, made: T) -> tuple[int, int, str, str]:
        """The order of the findings: line, column, code, message."""
        ...


class DiagnosticEmitter:
    """Each finding as a positioned :class:`Diagnostic` with its highlighted context."""

    def __init__(self, path: str) -> None:
        self.path = path

    def emit(
        self, rule: Rule, finding: Finding, cr: ClaimResult | None, ignored: bool
    ) -> Diagnostic:
        """The finding at its own position, else at its span in the claim's check (with
        that line highlighted), else at the claim; a span's position is worked out once."""
        pos, context = finding.pos, None
        if cr is not None and pos is None:
            span = finding.span
            if span is not None:
                locator = cr.loaded.locator
                pos = locator.pos(span)
                context = _context(locator, span, pos)
            else:
                pos = cr.loaded.pos
        claim_id = finding.claim_id or (cr.loaded.claim.id if cr is not None else None)
        return Diagnostic(
            self.path, pos, finding.message, rule.severity, rule.code, claim_id, context
        )

    def key(self, made: Diagnostic) -> tuple[int, int, str, str]:
        return _sort_key(made)


def _context(locator: CheckLocator, span: Span, pos: Pos) -> str | None:
    """``locator.context(span)``, given ``pos = locator.pos(span)``."""
    lines = locator.lines
    if not 0 < pos.line <= len(lines):
        return None
    return highlight(lines[pos.line - 1], pos.col, span.end - span.start if locator.exact else 1)


def _sort_key(d: Diagnostic) -> tuple[int, int, str, str]:
    line, col = (d.pos.line, d.pos.col) if d.pos else (0, 0)
    return line, col, d.code or "", d.message


def claim_rules() -> list[tuple[Rule, frozenset[str]]]:
    """The claim rules in the order they run, each with the codes whose firing earlier on
    the same claim lets the engine skip it (its findings would be discarded).

    The rules whose findings are at the claim's own position (``Rule.at_claim``) run
    first, each after the rules that supersede it, then the others, each group in registry
    order.  A claim's position comes before any span of its check, so its findings come
    nearly in the order they are sorted in at the end: that sort then mostly checks it
    (a finding out of order costs it about ten comparisons).  The order changes no output:
    the sort keys of two rules' findings differ by their codes.

    A rule is skipped only when that changes nothing: its superseding rule runs before it
    (so has fired by then), and every rule it supersedes in turn is also superseded by
    that rule (so its absence discards nothing that its presence would have).
    """
    by_code = {r.code: r for r in RULES.values() if r.check is not None}
    rules: list[Rule] = []
    placed: set[str] = set()

    def place(rule: Rule) -> None:
        if rule.code not in placed:
            placed.add(rule.code)
            for code in rule.superseded_by:
                if code in by_code:
                    place(by_code[code])
            rules.append(rule)

    for rule in by_code.values():
        if rule.at_claim:
            place(rule)
    for rule in by_code.values():
        place(rule)
    order = {r.code: n for n, r in enumerate(rules)}
    plan = []
    for n, rule in enumerate(rules):
        before = {s for s in rule.superseded_by if order.get(s, n) < n}
        for other in RULES.values():
            if rule.code in other.superseded_by and not before <= set(other.superseded_by):
                before = set()
        plan.append((rule, frozenset(before)))
    return plan


def emits_directly(plan: Sequence[tuple[Rule, frozenset[str], Any, str]]) -> bool:
    """Whether, on a claim without a ``lint:`` block, every finding of a rule that runs is
    kept: each code that supersedes a rule of ``plan`` and is itself a rule of ``plan`` is
    in that rule's skip set (it ran before it, and the rule is skipped when it fired).
    Then no finding is dropped after the fact, and none is ignored."""
    codes = {code for _, _, _, code in plan}
    return all(
        codes.isdisjoint(rule.superseded_by) or codes & set(rule.superseded_by) <= skip
        for rule, skip, _, _ in plan
    )


#: Tests turn it off to compare the direct emission with the general loop.
FAST_PATH = True


def lint_file(file_result: FileResult) -> LintResult:
    """Lint every evaluated claim of ``file_result`` and the file as a whole."""
    path = file_result.loaded.path
    findings, ignored, contexts = lint_with(file_result, DiagnosticEmitter(path))
    result = LintResult(path, findings, ignored)
    for ctx in contexts:
        claim_id = ctx.claim_id
        result.labels[claim_id] = ctx.label
        result.declared[claim_id] = ctx.result.loaded.claim.evidence
        result.positions[claim_id] = ctx.result.loaded.pos
    return result


def lint_with(
    file_result: FileResult, emitter: Emitter[T]
) -> tuple[list[T], list[T], list[ClaimContext]]:
    """The findings and the ignored findings of ``file_result``, each as ``emitter`` makes
    it, sorted; and the context of each claim (its evidence label), in order."""
    forget_all()  # what the memos keep is shared by the claims of one file
    findings: list[T] = []
    add_finding = findings.append
    ignored: list[T] = []
    emit = emitter.emit
    known = set(RULES)
    # Each rule's check read once per file (not once per claim).
    plan = [(rule, skip, rule.check, rule.code) for rule, skip in claim_rules()]
    # ClaimContext.traits -> the plan's rules whose needs a claim with those traits meets
    by_traits: dict[tuple[bool, ...], list[tuple[Rule, frozenset[str], Any, str]]] = {}
    contexts = []
    add_context = contexts.append
    shared: dict[str, Any] = {}
    direct = FAST_PATH and emits_directly(plan)
    for cr in file_result.claims:
        ctx = ClaimContext(file_result, cr, shared)
        add_context(ctx)
        lint = cr.loaded.claim.lint
        traits = ctx.traits
        runs = by_traits.get(traits)
        if runs is None:
            has = {t for t, yes in zip(TRAITS, traits, strict=True) if yes}
            runs = by_traits[traits] = [p for p in plan if p[0].needs <= has]
        # No `lint:` block and no rule run whose finding another would drop (see
        # emits_directly): each finding is emitted as its rule returns it, in the order the
        # passes below would emit them, and those passes are skipped.
        at_once = direct and lint is None
        raw: dict[str, tuple[Rule, Sequence[Finding]]] = {}
        for rule, skip, check, code in runs:
            if skip and not skip.isdisjoint(raw):
                continue  # a superseding rule fired: this one's findings would be dropped
            try:
                found = check(ctx)  # type: ignore[misc]
                cls = found.__class__
                if cls is not tuple and cls is not list:
                    found = list(found)  # a generator: run it here, inside the try
            except Exception as e:  # a rule bug must not hide the other rules' findings
                found = [Finding(f"internal error in rule {code}: {type(e).__name__}: {e}")]
            if found:
                raw[code] = (rule, found)
                if at_once:
                    for f in found:
                        add_finding(emit(rule, f, cr, False))
        if at_once:
            continue
        ignore = lint.ignore if lint else ()
        fired = set()
        for code, (rule, found) in raw.items():
            superseded_by = rule.superseded_by
            if superseded_by and not raw.keys().isdisjoint(superseded_by):
                continue
            fired.add(code)
            is_ignored = code in ignore and code != UNUSED_IGNORE
            add = ignored.append if is_ignored else add_finding
            for f in found:
                add(emit(rule, f, cr, is_ignored))
        if lint and lint.ignore:
            rule = RULES[UNUSED_IGNORE]
            for f in unused_ignores(lint.ignore, fired, known):
                findings.append(emit(rule, f, cr, False))
    file_ctx = FileContext(file_result, contexts)
    by_id: dict[str, ClaimResult] | None = None  # made for the first finding on a claim
    for rule in RULES.values():
        if rule.check_file is None:
            continue
        for f in _run(rule, lambda check=rule.check_file: check(file_ctx)):
            cr = None
            if f.claim_id:
                if by_id is None:
                    by_id = {cr.claim_id: cr for cr in file_result.claims}
                cr = by_id.get(f.claim_id)
            is_ignored = (
                cr is not None
                and cr.loaded.claim.lint is not None
                and (rule.code in cr.loaded.claim.lint.ignore)
            )
            (ignored if is_ignored else findings).append(emit(rule, f, cr, is_ignored))
    findings.sort(key=emitter.key)
    ignored.sort(key=emitter.key)
    return findings, ignored, contexts


def _run(rule: Rule, check: Callable[[], Iterable[Finding]]) -> list[Finding]:
    """The findings of ``check()``, called and run inside the ``try``, as claim rules are."""
    try:
        return list(check())
    except Exception as e:  # a rule bug must not hide the other rules' findings
        return [Finding(f"internal error in rule {rule.code}: {type(e).__name__}: {e}")]
