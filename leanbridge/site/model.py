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

from leanbridge.artifact.manifest import ClaimRecord, Manifest
from leanbridge.artifact.verify import read_bounded

VERDICTS = ("holds", "fails", "consistent", "undecided", "error")
LABELS = ("arithmetic-identity", "internal-consistency", "reproduction", "numeric")


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
    claims = views(manifest.claims, theorem_lines(module_lines))
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


def views(records: list[ClaimRecord], anchors: dict[str, int]) -> list[ClaimView]:
    """Manifest claim records as shown, each theorem with its line in the module."""
    return [
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
        for c in records
    ]


def claim_file_page(path: str) -> Page:
    """Check, lint and emit ``path`` now, making the claim records ``prove`` would write
    without Lean (Lean verdicts ``not-run``)."""
    from leanbridge.claims.loader import load_claim_file
    from leanbridge.emit.emitter import emit_module
    from leanbridge.lint.engine import lint_file
    from leanbridge.pipeline import evaluate_file
    from leanbridge.prove.command import claim_records

    fr = evaluate_file(load_claim_file(path))
    module = emit_module(fr) if fr.claims else None
    module_lines = module.text.splitlines() if module else []
    records = claim_records(fr, lint_file(fr), module, None) if module else []
    claims = views(records, theorem_lines(module_lines))
    for c in claims:
        c.notes.append("no artifact: run `leanbridge prove` on this file to check it in Lean")
    return Page(
        name=path,
        kind="claim file",
        claim_file=path,
        claims=claims,
        module_path=module.relative_path if module else None,
        module_lines=module_lines,
        errors=[d.render() for d in fr.diagnostics],
    )
