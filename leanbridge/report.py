"""Human and JSON renderings of a check run (deterministic: no times, no absolute paths)."""

from __future__ import annotations

import json
from typing import Any

from leanbridge.pipeline import ClaimResult, Run
from leanbridge.semantics.display import decimal_text, real_json, real_text

REPORT_VERSION = 1


def claim_line(c: ClaimResult) -> str:
    o = c.outcome
    head = f"{c.file}:{c.pos.line}:{c.pos.col}: {o.verdict:<9} {c.claim_id}"
    if o.verdict == "error":
        return f"{head}  (see the error below)"
    if o.verdict == "undecided":
        return f"{head}  {o.message}"
    detail = ""
    if o.lhs is not None and o.rhs is not None:
        detail = f"  {real_text(o.lhs)} vs {real_text(o.rhs)}"
        if o.tolerance is not None:
            detail += f" (tolerance {decimal_text(o.tolerance)}"
            if o.margin is not None:
                detail += f", margin {real_text(o.margin)}"
            detail += ")"
    if c.loaded.claim.expect and not c.as_expected:
        detail += f"  UNEXPECTED: expected {c.expected}"
    elif c.loaded.claim.expect == "fails":
        detail += "  (expected to fail)"
    return head + detail


def render_text(run: Run) -> str:
    lines = [claim_line(c) for c in run.claims]
    diags = run.diagnostics
    if diags:
        lines.append("")
        lines.extend(d.render() for d in diags)
    s = run.summary()
    lines.append("")
    lines.append(
        f"{s['claims']} claims in {s['files']} files: {s['holds']} hold, {s['fails']} fail, "
        f"{s['undecided']} undecided, {s['error']} errors; {s['unexpected']} not as expected; "
        f"{s['errors']} input errors"
    )
    return "\n".join(lines)


def claim_json(c: ClaimResult) -> dict[str, Any]:
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
    }


def render_json(run: Run) -> str:
    doc = {
        "version": REPORT_VERSION,
        "claims": [claim_json(c) for c in run.claims],
        "errors": [d.to_json() for d in run.diagnostics],
        "summary": run.summary() | {"exit_code": run.exit_code()},
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)
