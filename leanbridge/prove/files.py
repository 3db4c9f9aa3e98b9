"""``prove``'s work per claim file before Lean: check, lint, emit (files are the unit).

:func:`plan_file` turns one claim file into a :class:`FilePlan`: its diagnostics, its
Lean module and each claim's record with everything but what Lean says.  Plans are
plain, picklable data, so :func:`plan_files` can make them in ``jobs`` processes; they
come back in file order whatever ``jobs`` is.  Lean then runs over the modules with the
same ``jobs`` (:func:`leanbridge.prove.lean_check.run_lean`): two phases one after the
other, never a pool inside a pool.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from leanbridge.artifact.manifest import ClaimRecord, Finding
from leanbridge.claims.loader import load_claim_file
from leanbridge.corpus.files import expand_paths
from leanbridge.corpus.process import claim_json
from leanbridge.emit.emitter import EmittedModule, emit_module
from leanbridge.errors import Diagnostic
from leanbridge.lint.engine import LintResult, lint_file
from leanbridge.pipeline import FileResult, evaluate_file
from leanbridge.progress import bar
from leanbridge.prove.lean_check import ClaimLean

if TYPE_CHECKING:
    from leanbridge.prove.cache import ProveCache

LeanClaims = Mapping[tuple[str, str], ClaimLean]  # (module, claim id) -> Lean's verdict


@dataclass(frozen=True)
class ClaimPlan:
    """A claim's record before Lean (Lean fields: `not-run`), and what its verdict needs."""

    record: ClaimRecord
    lint_error: bool
    as_expected: bool


@dataclass(frozen=True)
class FilePlan:
    path: str
    diagnostics: tuple[str, ...]  # rendered, as `prove` prints them and the manifest lists them
    has_errors: bool  # some diagnostic of error severity
    module: EmittedModule | None  # None: the file could not be read at all
    claims: tuple[ClaimPlan, ...]
    data_files: tuple[str, ...]  # pinned data files, relative to the claim file's directory


def _findings(lint: LintResult, claim_id: str) -> list[Finding]:
    def conv(d: Diagnostic, ignored: bool) -> Finding:
        return Finding(
            code=d.code or "",
            severity=d.severity,
            message=d.message,
            line=d.pos.line if d.pos else None,
            col=d.pos.col if d.pos else None,
            ignored=ignored,
        )

    return [conv(d, False) for d in lint.for_claim(claim_id)] + [
        conv(d, True) for d in lint.ignored if d.claim_id == claim_id
    ]


def claim_plans(fr: FileResult, lint: LintResult) -> list[ClaimPlan]:
    plans = []
    for c in fr.claims:
        label = lint.labels.get(c.claim_id)
        exact = claim_json(c)
        record = ClaimRecord(
            id=c.claim_id,
            line=c.pos.line,
            check=c.loaded.claim.check,
            text=c.loaded.claim.text,
            source=c.loaded.claim.source,
            expected=c.expected,
            exact_verdict=c.outcome.verdict,
            exact={k: exact[k] for k in ("lhs", "rhs", "tolerance", "margin", "message")},
            lean_verdict="not-run",
            theorem=None,
            axioms=None,
            evidence=label.name if label else None,
            does_not_establish=label.does_not_establish if label else None,
            findings=_findings(lint, c.claim_id),
            verified=False,
        )
        plans.append(ClaimPlan(record, lint.has_errors_for(c.claim_id), c.as_expected))
    return plans


def _lean_verdict_of(module: EmittedModule, lean: LeanClaims | None, claim_id: str) -> ClaimLean:
    theorem = next((t for t in module.theorems if t.claim_id == claim_id), None)
    if theorem is None:
        skipped = next((n for n in module.not_emitted if n.claim_id == claim_id), None)
        why = skipped.reason if skipped else "not emitted"
        return ClaimLean("not-expressible", None, None, [why])
    if lean is None:
        return ClaimLean("not-run", theorem.full_name, None, ["Lean was not run"])
    return lean.get(
        (module.module_name, claim_id),
        ClaimLean("lean-error", theorem.full_name, None, ["no Lean result for this theorem"]),
    )


def with_lean(plan: ClaimPlan, module: EmittedModule, lean: LeanClaims | None) -> ClaimRecord:
    """The claim's record once Lean has spoken (``lean`` is ``None`` when it did not run)."""
    r = plan.record
    cl = _lean_verdict_of(module, lean, r.id)
    wanted = "proved" if r.expected == "holds" else "refuted"
    notes = list(cl.messages)
    if cl.disagreement:
        notes.insert(
            0,
            f"DISAGREEMENT: the exact oracle says `{r.exact_verdict}`, but Lean "
            "evaluated the check to the opposite",
        )
    if plan.lint_error:
        notes.append("not verified: an error-severity lint finding stands against it")
    return r.model_copy(
        update={
            "lean_verdict": cl.verdict,
            "theorem": cl.theorem,
            "axioms": cl.axioms,
            "verified": cl.verdict == wanted and not plan.lint_error and plan.as_expected,
            "notes": notes,
        }
    )


def plan_file(path: str) -> FilePlan:
    fr = evaluate_file(load_claim_file(path))
    diagnostics = fr.diagnostics
    usable = bool(fr.loaded.text)
    lint = lint_file(fr)
    return FilePlan(
        path=fr.loaded.path,
        diagnostics=tuple(d.render() for d in diagnostics),
        has_errors=any(d.severity == "error" for d in diagnostics),
        module=emit_module(fr) if usable else None,
        claims=tuple(claim_plans(fr, lint)) if usable else (),
        data_files=tuple(
            spec.data.file for spec in fr.loaded.value_specs.values() if spec.data is not None
        ),
    )


@dataclass(frozen=True)
class Plans:
    files: list[FilePlan]
    errors: list[str]  # problems naming the inputs themselves (missing paths), rendered
    has_errors: bool  # some input could not be read or has errors

    @property
    def diagnostics(self) -> list[str]:
        return self.errors + [d for f in self.files for d in f.diagnostics]


def _plans(files: list[str], jobs: int) -> Iterator[FilePlan]:
    if jobs > 1 and len(files) > 1:
        with multiprocessing.get_context().Pool(min(jobs, len(files))) as pool:
            yield from pool.imap(plan_file, files)
    else:
        yield from map(plan_file, files)


def plan_files(paths: Iterable[str], jobs: int, cache: ProveCache | None = None) -> Plans:
    """:func:`plan_file` for every file not in ``cache``, over ``jobs`` processes; plans in
    file order (with a progress bar on a terminal)."""
    files, errors = expand_paths(paths)
    plans: list[FilePlan | None] = [None] * len(files)
    keys: list[str | None] = [None] * len(files)
    shown = bar(len(files), "checking")
    try:
        for i, path in enumerate(files):
            if cache is None:
                break
            try:
                keys[i] = key = cache.plans.key(path, Path(path).read_bytes())
            except OSError:
                continue  # unreadable: planned (and reported) below, never cached
            plans[i] = hit = cache.plans.get_plan(key)
            if hit is not None:
                shown.step(path, len(hit.claims))
        misses = [i for i, plan in enumerate(plans) if plan is None]
        for i, plan in zip(misses, _plans([files[i] for i in misses], jobs), strict=True):
            plans[i] = plan
            key = keys[i]
            if cache is not None and key is not None:
                cache.plans.put_plan(key, plan)
            shown.step(plan.path, len(plan.claims))
    finally:
        shown.close()
    done = [plan for plan in plans if plan is not None]
    has_errors = any(d.severity == "error" for d in errors) or any(p.has_errors for p in done)
    return Plans(done, [d.render() for d in errors], has_errors)


def artifact_inputs(plan: FilePlan) -> dict[str, bytes]:
    """The artifact's ``input/`` files: the claim file as given and the data files it pins."""
    claim_path = Path(plan.path)
    files = {f"input/{claim_path.name}": claim_path.read_bytes()}
    for rel in plan.data_files:
        files[f"input/{rel}"] = (claim_path.parent / rel).read_bytes()
    return files
