"""One claim file -> check + lint -> :class:`FileRecord` (the heavy side of corpus mode).

The per-claim text and JSON pieces live here, next to the record that holds them; the
renderers in :mod:`leanbridge.formats` only concatenate and count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from leanbridge.claims.loader import DataLoader, load_claim_file
from leanbridge.corpus.record import CorpusRun, FileRecord, diagnostic_item
from leanbridge.errors import Diagnostic
from leanbridge.lint.engine import LintResult, lint_file
from leanbridge.pipeline import ClaimResult, FileResult, evaluate_file
from leanbridge.semantics.display import real_json, sides_text, witness_json, witness_text

if TYPE_CHECKING:
    from leanbridge.lint.command import LintRun


def claim_line(c: ClaimResult, label: str | None = None) -> str:
    o = c.outcome
    head = f"{c.file}:{c.pos.line}:{c.pos.col}: {o.verdict:<9} {c.claim_id}"
    if label:
        head += f" [{label}]"
    if o.verdict == "error":
        return f"{head}  (see the error below)"
    if o.verdict == "undecided":
        return f"{head}  {o.message}"
    if o.verdict == "consistent":
        return (
            f"{head}  {o.message}: true at {witness_text(o.witness_true)}; "
            f"false at {witness_text(o.witness_false)}"
        )
    detail = ""
    sides = sides_text(o)
    if sides is not None:
        detail = f"  {sides.lhs} vs {sides.rhs}"
        if sides.tolerance is not None:
            margin = f", margin {sides.margin}" if sides.margin is not None else ""
            detail += f" (tolerance {sides.tolerance}{margin})"
    if o.notes:
        detail += "  " + "; ".join(o.notes)
    if c.loaded.claim.expect and not c.as_expected:
        detail += f"  UNEXPECTED: expected {c.expected}"
    elif c.loaded.claim.expect == "fails":
        detail += "  (expected to fail)"
    return head + detail


def claim_json(c: ClaimResult) -> dict[str, Any]:
    """The claim's exact verdict (``FileRecord.full_claims`` adds its evidence and findings)."""
    o = c.outcome
    return {
        "file": c.file,
        "id": c.claim_id,
        "line": c.pos.line,
        "col": c.pos.col,
        "check": c.loaded.claim.check,
        "verdict": o.verdict,
        "expected": c.expected,
        "as_expected": c.as_expected,
        "lhs": real_json(o.lhs),
        "rhs": real_json(o.rhs),
        "tolerance": real_json(o.tolerance),
        "margin": real_json(o.margin),
        "message": o.message,
        "notes": list(o.notes),
        "witness_true": witness_json(o.witness_true),
        "witness_false": witness_json(o.witness_false),
    }


def finding_line(d: Diagnostic, ignored: bool = False) -> str:
    """``FILE:LINE:COL: LB001 [claim-id] message`` (no severity word: the code implies it)."""
    where = f"{d.file}:{d.pos.line}:{d.pos.col}" if d.pos else d.file
    claim = f" [{d.claim_id}]" if d.claim_id else ""
    suffix = " (ignored)" if ignored else ""
    return f"{where}: {d.code}{claim} {d.message}{suffix}"


def file_record(fr: FileResult, result: LintResult) -> FileRecord:
    """The record of one checked and linted file."""
    labels = []
    for claim_id, label in result.labels.items():
        pos = result.positions[claim_id]
        labels.append(
            {
                "file": result.file,
                "claim": claim_id,
                "line": pos.line,
                "col": pos.col,
                "label": label.name,
                "does_not_establish": label.does_not_establish,
                "declared": result.declared.get(claim_id),
            }
        )
    claims = []
    for c in fr.claims:
        label = result.labels.get(c.claim_id)
        text = claim_line(c, label.name if label else None)
        claims.append({"json": claim_json(c), "text": text})
    return FileRecord(
        fr.loaded.path,
        claims,
        [{"json": d.to_json(), "text": finding_line(d)} for d in result.findings],
        [{"json": d.to_json(), "text": finding_line(d, ignored=True)} for d in result.ignored],
        labels,
        [diagnostic_item(d) for d in fr.diagnostics],
    )


def corpus_run_of(lr: LintRun) -> CorpusRun:
    """A run already held in memory (library callers of ``run_lint``) as records."""
    records = [file_record(fr, r) for fr, r in zip(lr.run.files, lr.results, strict=True)]
    return CorpusRun(records, [diagnostic_item(d) for d in lr.run.errors])


def process_file(path: str, data_loader: DataLoader | None = None) -> FileRecord:
    """Load, check and lint one claim file; its trees are dropped when this returns."""
    loaded = load_claim_file(path) if data_loader is None else load_claim_file(path, data_loader)
    fr = evaluate_file(loaded)
    return file_record(fr, lint_file(fr))


def process_recording(path: str) -> tuple[FileRecord, list[tuple[str, str | None]]]:
    """:func:`process_file`, plus each data file read and its SHA-256 (for the cache)."""
    from leanbridge.claims.datafile import load_data_numbers, resolve_data_path
    from leanbridge.corpus.cache import file_sha256

    deps: list[tuple[str, str | None]] = []

    def loader(ref, base):  # type: ignore[no-untyped-def]
        try:
            resolved = str(resolve_data_path(ref.file, base))
        except Exception:  # the loader reports it; such a file is never cached
            deps.append((ref.file, None))
        else:
            deps.append((resolved, file_sha256(resolved)))
        return load_data_numbers(ref, base)

    return process_file(path, loader), deps
