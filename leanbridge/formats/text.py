"""The human reports of ``check`` and ``lint`` (one line per claim / finding, then a summary).

Written as the run goes (:class:`~leanbridge.formats.stream.Writer`): each section is
spooled until the summary line, which needs the whole run.
"""

from __future__ import annotations

from leanbridge.corpus.record import (
    EXTRA_LABELS,
    LABEL_ORDER,
    FileRecord,
    Plan,
    ShownRecord,
    Tally,
    is_error,
)
from leanbridge.formats.stream import Out, Spool
from leanbridge.wording import plural


class CheckText:
    """Claims, lint findings, the evidence labels used, the problems, the summary."""

    def __init__(self, plan: Plan, out: Out) -> None:
        self.out = out
        self.claims, self.findings, self.diagnostics = Spool(), Spool(), Spool()
        self.used: dict[str, str] = {}  # evidence label -> what it does not establish
        for d in plan.errors:
            self.diagnostics.line(d["text"])

    def add(self, r: FileRecord | ShownRecord, index: int) -> None:
        if isinstance(r, ShownRecord):  # its lines already joined
            if r.claim_text:
                self.claims.put(r.claim_text)
            if r.finding_text:
                self.findings.put(r.finding_text)
            self.used.update(r.label_texts)
        else:
            self._add_items(r)
        for d in r.diagnostics:
            self.diagnostics.line(d["text"])

    def _add_items(self, r: FileRecord) -> None:
        for c in r.claims:
            self.claims.line(c["text"])
        for d in r.findings:
            self.findings.line(d["text"])
        for lab in r.labels:
            self.used[lab["label"]] = lab["does_not_establish"]

    def finish(self, tally: Tally) -> None:
        labels = Spool()
        for name in sorted(self.used):
            labels.line(f"{name}: {self.used[name]}")
        for section in (self.claims, self.findings, labels, self.diagnostics):
            if section:
                section.copy_to(self.out)
                self.out.write("\n")
        s = tally.check_summary()
        ls = tally.lint_summary()
        self.out.write(
            f"{plural(s['claims'], 'claim')} in {plural(s['files'], 'file')}: "
            f"{plural(s['holds'], 'holds', 'hold')}, {plural(s['fails'], 'fails', 'fail')}, "
            + (f"{s['consistent']} consistent, " if s["consistent"] else "")
            + f"{s['undecided']} undecided, {plural(s['error'], 'error')}; "
            f"{s['unexpected']} not as expected; {plural(s['errors'], 'input error')}; "
            f"lint: {plural(ls['errors'], 'error')}, {plural(ls['warnings'], 'warning')}, "
            f"{ls['ignored']} ignored\n"
        )


class LintText:
    """Findings (and, when asked, ignored findings and labels), input errors, the summary."""

    def __init__(
        self, plan: Plan, out: Out, show_ignored: bool = False, show_labels: bool = False
    ) -> None:
        self.out = out
        self.show_ignored, self.show_labels = show_ignored, show_labels
        self.findings, self.ignored, self.labels, self.errors = Spool(), Spool(), Spool(), Spool()
        for d in plan.errors:
            if is_error(d):
                self.errors.line(d["text"])

    def add(self, r: FileRecord | ShownRecord, index: int) -> None:
        if isinstance(r, ShownRecord):  # its lines already joined
            if r.finding_text:
                self.findings.put(r.finding_text)
            if self.show_ignored and r.ignored_text:
                self.ignored.put(r.ignored_text)
        else:
            for d in r.findings:
                self.findings.line(d["text"])
            if self.show_ignored:
                for d in r.ignored:
                    self.ignored.line(d["text"])
        if self.show_labels:
            for lab in r.labels:
                self.labels.line(
                    f"{lab['file']}:{lab['line']}:{lab['col']}: [{lab['claim']}] "
                    f"{lab['label']}: {lab['does_not_establish']}"
                )
        for d in r.diagnostics:
            if is_error(d):
                self.errors.line(d["text"])

    def finish(self, tally: Tally) -> None:
        for section in (self.findings, self.ignored, self.labels):
            section.copy_to(self.out)
        if self.errors:
            self.out.write("\n")
            self.errors.copy_to(self.out)
        s = tally.lint_summary()
        label_text = ", ".join(f"{s[n]} {n}" for n in LABEL_ORDER + EXTRA_LABELS if n in s)
        self.out.write(
            f"\n{plural(s['claims'], 'claim')} in {plural(s['files'], 'file')}: "
            f"{plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')}, "
            f"{s['ignored']} ignored (lint.ignore); {plural(s['input_errors'], 'input error')}; "
            f"evidence: {label_text}\n"
        )
