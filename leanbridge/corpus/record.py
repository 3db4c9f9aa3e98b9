"""The result of checking and linting one claim file, as plain JSON data.

A :class:`FileRecord` is the unit of corpus mode: worker processes (``--jobs``) send it
back, the cache stores it, shards are made of whole files, and every output format
(text, JSON, JUnit, SARIF, GitHub annotations) is rendered from a :class:`CorpusRun` of
records.  Each item keeps its JSON form and, where the text report shows it, its text
line, both made once by :mod:`leanbridge.corpus.process` from the live objects.

This module imports nothing heavy: a run whose files all come from the cache never
loads the claim loader, the parser or the linter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from leanbridge.errors import Diagnostic

# The evidence labels as in leanbridge.lint.labels (kept equal by a test; importing the
# linter here would cost a cached run the imports it avoids).
LABEL_ORDER = ("arithmetic-identity", "internal-consistency", "reproduction")
EXTRA_LABELS = ("numeric",)  # counted in summaries only when some claim has it

Item = dict[str, Any]  # {"json": ..., "text": ...}


def diagnostic_item(d: Diagnostic) -> Item:
    return {"json": d.to_json(), "text": d.render()}


@dataclass
class FileRecord:
    """Everything the outputs need about one claim file (``text`` keys: the text lines).

    A claim's ``json`` is its exact verdict (``claim_json`` without lint); its evidence and
    findings are added by :meth:`full_claims`, from ``labels`` and ``findings``, only for
    the outputs that print them that way (stored once, parsed once from the cache).
    """

    file: str
    claims: list[Item] = field(default_factory=list)
    findings: list[Item] = field(default_factory=list)  # active lint findings, sorted
    ignored: list[Item] = field(default_factory=list)  # findings silenced by lint.ignore
    labels: list[dict[str, Any]] = field(default_factory=list)  # one per labelled claim
    diagnostics: list[Item] = field(default_factory=list)  # input problems of this file

    def full_claims(self) -> list[dict[str, Any]]:
        """Each claim's JSON with its evidence label, findings and ignored findings."""
        evidence = {lab["claim"]: lab for lab in self.labels}
        found: dict[str, list[dict[str, Any]]] = {}
        for d in self.findings:
            found.setdefault(d["json"]["claim"], []).append(d["json"])
        ignored: dict[str, list[dict[str, Any]]] = {}
        for d in self.ignored:
            ignored.setdefault(d["json"]["claim"], []).append(d["json"])
        out = []
        for c in self.claims:
            cid = c["json"]["id"]
            lab = evidence.get(cid)
            label = {"label": lab["label"], "does_not_establish": lab["does_not_establish"]}
            out.append(
                c["json"]
                | {
                    "evidence": label if lab else None,
                    "findings": found.get(cid, []),
                    "ignored_findings": ignored.get(cid, []),
                }
            )
        return out

    def to_json(self) -> dict[str, Any]:
        """The form stored in the cache (label texts once per file, not once per claim)."""
        return {
            "file": self.file,
            "claims": self.claims,
            "findings": self.findings,
            "ignored": self.ignored,
            "labels": [
                [lab["claim"], lab["line"], lab["col"], lab["label"], lab["declared"]]
                for lab in self.labels
            ],
            "label_texts": {lab["label"]: lab["does_not_establish"] for lab in self.labels},
            "diagnostics": self.diagnostics,
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> FileRecord:
        file, texts = doc["file"], doc["label_texts"]
        labels = [
            {
                "file": file,
                "claim": claim,
                "line": line,
                "col": col,
                "label": name,
                "does_not_establish": texts[name],
                "declared": declared,
            }
            for claim, line, col, name, declared in doc["labels"]
        ]
        return cls(file, doc["claims"], doc["findings"], doc["ignored"], labels, doc["diagnostics"])


@dataclass
class CorpusRun:
    """The records of a run in file order, and the problems naming the inputs themselves.

    ``index`` holds each record's position in the whole (unsharded) file list after the
    input problems, so that shard outputs can be merged back into the order of one run.
    """

    records: list[FileRecord]
    errors: list[Item]  # missing paths, empty directories: one per input, before the files
    index: list[int] = field(default_factory=list)
    shard: str | None = None  # "i/n" when this run is one shard

    def __post_init__(self) -> None:
        if not self.index:
            first = len(self.errors)
            self.index = list(range(first, first + len(self.records)))

    # -- flattened views -------------------------------------------------------------
    @property
    def claims(self) -> list[Item]:
        return [c for r in self.records for c in r.claims]

    @property
    def findings(self) -> list[Item]:
        return [d for r in self.records for d in r.findings]

    @property
    def ignored(self) -> list[Item]:
        return [d for r in self.records for d in r.ignored]

    @property
    def diagnostics(self) -> list[Item]:
        return self.errors + [d for r in self.records for d in r.diagnostics]

    @property
    def input_errors(self) -> list[Item]:
        return [d for d in self.diagnostics if d["json"]["severity"] == "error"]

    # -- summaries and exit codes (the same numbers as pipeline.Run and lint.LintRun) --
    def check_summary(self) -> dict[str, int]:
        counts = {
            "claims": 0, "holds": 0, "fails": 0, "consistent": 0, "undecided": 0, "error": 0
        }  # fmt: skip
        unexpected = 0
        for item in self.claims:
            c = item["json"]
            counts["claims"] += 1
            counts[c["verdict"]] += 1
            unexpected += c["verdict"] != "error" and not c["as_expected"]
        counts["unexpected"] = unexpected
        counts["files"] = len(self.records)
        counts["errors"] = len(self.input_errors)
        return counts

    def lint_summary(self) -> dict[str, int]:
        findings = self.findings
        labels = [lab["label"] for r in self.records for lab in r.labels]
        return {
            "files": len(self.records),
            "claims": len(labels),
            "errors": sum(1 for d in findings if d["json"]["severity"] == "error"),
            "warnings": sum(1 for d in findings if d["json"]["severity"] == "warning"),
            "ignored": len(self.ignored),
            "input_errors": len(self.input_errors),
        } | {
            name: labels.count(name)
            for name in LABEL_ORDER + EXTRA_LABELS
            if name in LABEL_ORDER or name in labels
        }

    @property
    def has_lint_errors(self) -> bool:
        return any(d["json"]["severity"] == "error" for d in self.findings)

    def lint_exit_code(self) -> int:
        """2 input errors; 1 an error-severity finding; 0."""
        if self.input_errors:
            return 2
        return 1 if self.has_lint_errors else 0

    def check_exit_code(self) -> int:
        """2 input errors; 1 a claim not as expected or an error-severity finding; 0."""
        if self.input_errors:
            return 2
        if self.has_lint_errors or not all(c["json"]["as_expected"] for c in self.claims):
            return 1
        return 0
