"""The result of checking and linting one claim file, as plain JSON data.

A :class:`FileRecord` is the unit of corpus mode: worker processes (``--jobs``) send it
back, the cache stores it, shards are made of whole files, and every output format
(text, JSON, JUnit, SARIF, GitHub annotations) is written from records handed over one at
a time, with a :class:`Tally` of the counts.  Each item keeps its JSON form and, where
the text report shows it, its text line, both made once by
:mod:`leanbridge.corpus.process` from the live objects.

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

    @property
    def claim_count(self) -> int:
        return len(self.claims)

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


class ShownRecord:
    """What the text reports show of one file, when they are all a run writes (no cache,
    every output text: see ``process.checked_record``'s ``shown``): the claim lines, the
    finding lines and the ignored ones each already joined (every line ending in a line
    break), and the file's counts, so that neither the record nor the reports go through
    its claims and findings one by one again.  Never cached nor merged.  (A plain class:
    a dataclass's generated methods would cost every run's start-up.)"""

    __slots__ = (
        "claim_count",
        "claim_text",
        "counts",
        "diagnostics",
        "file",
        "finding_text",
        "ignored_text",
        "label_texts",
        "labels",
    )

    def __init__(
        self,
        file: str,
        claim_count: int,
        claim_text: str,
        finding_text: str,
        ignored_text: str,
        labels: list[dict[str, Any]],
        label_texts: dict[str, str],
        diagnostics: list[Item],
        counts: Tally,
    ) -> None:
        self.file = file
        self.claim_count = claim_count
        self.claim_text = claim_text  # "" when no claim line is shown (``lint``)
        self.finding_text = finding_text
        self.ignored_text = ignored_text
        self.labels = labels  # as FileRecord's for ``lint`` (--labels); [] for ``check``
        self.label_texts = label_texts  # evidence label -> what it does not establish
        self.diagnostics = diagnostics  # input problems of this file (as FileRecord's)
        self.counts = counts  # this file's (``files`` 1)


@dataclass
class Plan:
    """What a run covers, known before any file is read (all a streamed run holds besides
    the records in flight): its files, each with its place in the whole unsharded run
    after the input problems, the problems naming the inputs themselves, and its shard."""

    files: list[tuple[str, int]]
    errors: list[Item]  # missing paths, empty directories: one per input, before the files
    shard: str | None = None  # "i/n" when this run is one shard


@dataclass
class CorpusRun:
    """The records of a run held in memory, in file order, and the problems naming the
    inputs themselves (library callers of ``run_lint``; the CLI streams instead, see
    :mod:`leanbridge.corpus.runner`).

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

    def plan(self) -> Plan:
        files = [(r.file, i) for r, i in zip(self.records, self.index, strict=True)]
        return Plan(files, self.errors, self.shard)


def is_error(item: Item) -> bool:
    return item["json"]["severity"] == "error"


@dataclass
class Tally:
    """The counts of a run, added up one record at a time: summaries and exit codes
    without holding the records (the same numbers as ``pipeline.Run`` and the linter's)."""

    files: int = 0
    verdicts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("holds", "fails", "consistent", "undecided", "error"), 0
        )
    )
    claims: int = 0
    unexpected: int = 0  # decided claims not as their `expect:` says
    not_as_expected: int = 0  # any claim, errors included (the exit code)
    lint_errors: int = 0
    lint_warnings: int = 0
    ignored: int = 0
    input_errors: int = 0
    labels: dict[str, int] = field(default_factory=dict)  # evidence label -> claims

    def add_inputs(self, errors: list[Item]) -> None:
        self.input_errors += sum(1 for d in errors if is_error(d))

    def add(self, r: FileRecord | ShownRecord) -> None:
        if isinstance(r, ShownRecord):
            self.merge(r.counts)
            return
        self.files += 1
        for item in r.claims:
            c = item["json"]
            self.claims += 1
            self.verdicts[c["verdict"]] += 1
            self.unexpected += c["verdict"] != "error" and not c["as_expected"]
            self.not_as_expected += not c["as_expected"]
        for d in r.findings:
            severity = d["json"]["severity"]
            self.lint_errors += severity == "error"
            self.lint_warnings += severity == "warning"
        self.ignored += len(r.ignored)
        self.add_inputs(r.diagnostics)
        for lab in r.labels:
            self.labels[lab["label"]] = self.labels.get(lab["label"], 0) + 1

    def merge(self, other: Tally) -> None:
        """Add the counts of ``other`` (a file's, counted as it was made)."""
        self.files += other.files
        verdicts = self.verdicts
        for verdict, n in other.verdicts.items():
            verdicts[verdict] += n
        self.claims += other.claims
        self.unexpected += other.unexpected
        self.not_as_expected += other.not_as_expected
        self.lint_errors += other.lint_errors
        self.lint_warnings += other.lint_warnings
        self.ignored += other.ignored
        self.input_errors += other.input_errors
        labels = self.labels
        for name, n in other.labels.items():
            labels[name] = labels.get(name, 0) + n

    @classmethod
    def of(cls, run: CorpusRun) -> Tally:
        tally = cls()
        tally.add_inputs(run.errors)
        for r in run.records:
            tally.add(r)
        return tally

    def check_summary(self) -> dict[str, int]:
        return (
            {"claims": self.claims}
            | self.verdicts
            | {"unexpected": self.unexpected, "files": self.files, "errors": self.input_errors}
        )

    def lint_summary(self) -> dict[str, int]:
        return {
            "files": self.files,
            "claims": sum(self.labels.values()),
            "errors": self.lint_errors,
            "warnings": self.lint_warnings,
            "ignored": self.ignored,
            "input_errors": self.input_errors,
        } | {
            name: self.labels.get(name, 0)
            for name in LABEL_ORDER + EXTRA_LABELS
            if name in LABEL_ORDER or name in self.labels
        }

    def lint_exit_code(self) -> int:
        """2 input errors; 1 an error-severity finding; 0."""
        if self.input_errors:
            return 2
        return 1 if self.lint_errors else 0

    def check_exit_code(self) -> int:
        """2 input errors; 1 a claim not as expected or an error-severity finding; 0."""
        if self.input_errors:
            return 2
        return 1 if self.lint_errors or self.not_as_expected else 0
