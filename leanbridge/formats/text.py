"""The human reports of ``check`` and ``lint`` (one line per claim / finding, then a summary)."""

from __future__ import annotations

from leanbridge.corpus.record import EXTRA_LABELS, LABEL_ORDER, CorpusRun
from leanbridge.wording import plural


def check_text(run: CorpusRun) -> str:
    used = {lab["label"]: lab["does_not_establish"] for r in run.records for lab in r.labels}
    sections = [
        [c["text"] for c in run.claims],
        [d["text"] for d in run.findings],
        [f"{name}: {used[name]}" for name in sorted(used)],
        [d["text"] for d in run.diagnostics],
    ]
    s = run.check_summary()
    ls = run.lint_summary()
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


def lint_text(run: CorpusRun, show_ignored: bool = False, show_labels: bool = False) -> str:
    lines = [d["text"] for d in run.findings]
    if show_ignored:
        lines += [d["text"] for d in run.ignored]
    if show_labels:
        lines += [
            f"{lab['file']}:{lab['line']}:{lab['col']}: [{lab['claim']}] {lab['label']}: "
            f"{lab['does_not_establish']}"
            for r in run.records
            for lab in r.labels
        ]
    input_errors = run.input_errors
    if input_errors:
        lines.append("")
        lines.extend(d["text"] for d in input_errors)
    s = run.lint_summary()
    label_text = ", ".join(f"{s[name]} {name}" for name in LABEL_ORDER + EXTRA_LABELS if name in s)
    lines.append("")
    lines.append(
        f"{plural(s['claims'], 'claim')} in {plural(s['files'], 'file')}: "
        f"{plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')}, "
        f"{s['ignored']} ignored (lint.ignore); {plural(s['input_errors'], 'input error')}; "
        f"evidence: {label_text}"
    )
    return "\n".join(lines)
