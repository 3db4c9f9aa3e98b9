"""Human and JSON renderings of a check run (deterministic: no times, no absolute paths)."""

from __future__ import annotations

import json
from typing import Any

from leanbridge.lint.command import LintRun, finding_line
from leanbridge.pipeline import ClaimResult
from leanbridge.semantics.display import real_json, sides_text, witness_json, witness_text
from leanbridge.wording import plural

REPORT_VERSION = 1


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


def exit_code(lr: LintRun) -> int:
    """2 input errors; 1 a claim not as expected or an error-severity lint finding; 0."""
    code = lr.run.exit_code()
    return 1 if code == 0 and any(r.has_errors for r in lr.results) else code


def render_text(lr: LintRun) -> str:
    run = lr.run
    labels = {(r.file, cid): lab for r in lr.results for cid, lab in r.labels.items()}
    used = {lab.name: lab for lab in labels.values()}
    sections = [
        [
            claim_line(c, getattr(labels.get((c.file, c.claim_id)), "name", None))
            for c in run.claims
        ],
        [finding_line(d) for d in lr.findings],
        [f"{name}: {used[name].does_not_establish}" for name in sorted(used)],
        [d.render() for d in run.diagnostics],
    ]
    s = run.summary()
    ls = lr.summary()
    lines: list[str] = []
    for section in sections:
        if section:
            lines.extend([*section, ""])
    lines.append(
        f"{plural(s['claims'], 'claim')} in {plural(s['files'], 'file')}: "
        f"{plural(s['holds'], 'holds', 'hold')}, {plural(s['fails'], 'fails', 'fail')}, "
        + (f"{s['consistent']} consistent, " if s["consistent"] else "")
        + f"{s['undecided']} undecided, {plural(s['error'], 'error')}; "
        f"{s['unexpected']} not as expected; {plural(s['errors'], 'input error')}; "
        f"lint: {plural(ls['errors'], 'error')}, {plural(ls['warnings'], 'warning')}, "
        f"{ls['ignored']} ignored"
    )
    return "\n".join(lines)


def claim_json(c: ClaimResult, lr: LintRun | None = None) -> dict[str, Any]:
    o = c.outcome
    extra: dict[str, Any] = {}
    if lr is not None:
        result = next(r for r in lr.results if r.file == c.file)
        label = result.labels.get(c.claim_id)
        extra = {
            "evidence": label.to_json() if label else None,
            "findings": [d.to_json() for d in result.for_claim(c.claim_id)],
            "ignored_findings": [d.to_json() for d in result.ignored if d.claim_id == c.claim_id],
        }
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
    } | extra


def render_json(lr: LintRun) -> str:
    run = lr.run
    doc = {
        "version": REPORT_VERSION,
        "claims": [claim_json(c, lr) for c in run.claims],
        "errors": [d.to_json() for d in run.diagnostics],
        "lint": [d.to_json() for d in lr.findings if d.claim_id is None],
        "summary": run.summary() | {"lint": lr.summary(), "exit_code": exit_code(lr)},
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)
