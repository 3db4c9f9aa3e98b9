"""What a report page shows, read from an artifact's manifest or checked from a claim file.

Both sources give the same :class:`Page`: a claim file that was never proved is checked,
linted and emitted here (its Lean verdict is ``not-run``); an artifact is read as it was
written (its manifest, claim file and Lean module), bounded like ``verify-artifact``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leanbridge.artifact.manifest import Manifest
from leanbridge.artifact.verify import read_bounded

VERDICTS = ("holds", "fails", "undecided", "error")
LABELS = ("arithmetic-identity", "internal-consistency", "reproduction")


@dataclass
class ClaimView:
    id: str
    line: int
    check: str
    text: str | None
    source: str | None
    expected: str
    verdict: str
    exact: dict[str, Any]  # lhs, rhs, tolerance, margin ({fraction, decimal}), message
    evidence: str | None
    does_not_establish: str | None
    findings: list[dict[str, Any]]  # code, severity, message, line, col, ignored
    lean_verdict: str
    theorem: str | None
    theorem_line: int | None  # in the Lean module, for the anchor
    axioms: list[str] | None
    verified: bool
    notes: list[str]

    @property
    def as_expected(self) -> bool:
        return self.verdict == self.expected


@dataclass
class Page:
    name: str  # the artifact directory or the claim file, as given
    kind: str  # "artifact" or "claim file"
    claim_file: str
    claims: list[ClaimView]
    module_path: str | None
    module_lines: list[str]
    manifest_digest: str | None = None
    lean_ran: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", self.name).strip("._") or "page"
        return f"{safe[-60:]}-{hashlib.sha256(self.name.encode()).hexdigest()[:8]}.html"

    @property
    def verdicts(self) -> Counter[str]:
        return Counter(c.verdict for c in self.claims)

    @property
    def labels(self) -> Counter[str]:
        return Counter(c.evidence for c in self.claims if c.evidence)

    @property
    def lean_verdicts(self) -> Counter[str]:
        return Counter(c.lean_verdict for c in self.claims)

    @property
    def verified(self) -> int:
        return sum(1 for c in self.claims if c.verified)


def theorem_lines(module_lines: list[str]) -> dict[str, int]:
    """``theorem NAME`` -> its 1-based line in the module."""
    out = {}
    for n, line in enumerate(module_lines, 1):
        if line.startswith("theorem "):
            out[line.split()[1]] = n
    return out


class ReportInputError(Exception):
    pass


def _text(path: Path, what: str) -> str:
    try:
        data = read_bounded(path)
    except OSError as e:
        raise ReportInputError(f"{path}: {what} cannot be read ({e.strerror})") from None
    if data is None:
        raise ReportInputError(f"{path}: {what} is too large")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ReportInputError(f"{path}: {what} is not UTF-8") from None


def artifact_page(directory: Path) -> Page:
    raw = _text(directory / "manifest.json", "manifest")
    try:
        manifest = Manifest.model_validate_json(raw)
    except ValueError as e:
        first = str(e).splitlines()[0]
        msg = f"{directory}/manifest.json: not a leanbridge manifest ({first})"
        raise ReportInputError(msg) from None
    module_lines: list[str] = []
    if manifest.module is not None and ".." not in Path(manifest.module).parts:
        module_lines = _text(directory / manifest.module, "Lean module").splitlines()
    anchors = theorem_lines(module_lines)
    claims = [
        ClaimView(
            id=c.id,
            line=c.line,
            check=c.check,
            text=c.text,
            source=c.source,
            expected=c.expected,
            verdict=c.exact_verdict,
            exact=dict(c.exact),
            evidence=c.evidence,
            does_not_establish=c.does_not_establish,
            findings=[f.model_dump() for f in c.findings],
            lean_verdict=c.lean_verdict,
            theorem=c.theorem,
            theorem_line=anchors.get(c.theorem.rsplit(".", 1)[-1]) if c.theorem else None,
            axioms=c.axioms,
            verified=c.verified,
            notes=list(c.notes),
        )
        for c in manifest.claims
    ]
    return Page(
        name=str(directory),
        kind="artifact",
        claim_file=manifest.claim_file,
        claims=claims,
        module_path=manifest.module,
        module_lines=module_lines,
        manifest_digest=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        lean_ran=manifest.lean.ran,
        errors=list(manifest.errors),
    )


def claim_file_page(path: str) -> Page:
    """Check, lint and emit ``path`` now (no Lean: its Lean verdicts are ``not-run``)."""
    from leanbridge.claims.loader import load_claim_file
    from leanbridge.corpus.process import claim_json
    from leanbridge.emit.emitter import emit_module
    from leanbridge.lint.engine import lint_file
    from leanbridge.pipeline import evaluate_file

    fr = evaluate_file(load_claim_file(path))
    lint = lint_file(fr)
    module = emit_module(fr) if fr.claims else None
    by_claim = {t.claim_id: t for t in module.theorems} if module else {}
    claims = []
    for c in fr.claims:
        label = lint.labels.get(c.claim_id)
        exact = claim_json(c)
        theorem = by_claim.get(c.claim_id)
        findings = [
            {"code": d.code, "severity": d.severity, "message": d.message,
             "line": d.pos.line if d.pos else None, "col": d.pos.col if d.pos else None,
             "ignored": ignored}
            for ignored, ds in ((False, lint.for_claim(c.claim_id)),
                                (True, [d for d in lint.ignored if d.claim_id == c.claim_id]))
            for d in ds
        ]  # fmt: skip
        claims.append(
            ClaimView(
                id=c.claim_id,
                line=c.pos.line,
                check=c.loaded.claim.check,
                text=c.loaded.claim.text,
                source=c.loaded.claim.source,
                expected=c.expected,
                verdict=c.outcome.verdict,
                exact={k: exact[k] for k in ("lhs", "rhs", "tolerance", "margin", "message")},
                evidence=label.name if label else None,
                does_not_establish=label.does_not_establish if label else None,
                findings=findings,
                lean_verdict="not-run",
                theorem=theorem.full_name if theorem else None,
                theorem_line=theorem.theorem_line if theorem else None,
                axioms=None,
                verified=False,
                notes=["no artifact: run `leanbridge prove` on this file to check it in Lean"],
            )
        )
    return Page(
        name=path,
        kind="claim file",
        claim_file=path,
        claims=claims,
        module_path=module.relative_path if module else None,
        module_lines=module.text.splitlines() if module else [],
        errors=[d.render() for d in fr.diagnostics],
    )
