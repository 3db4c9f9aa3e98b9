"""``leanbridge lint FILE_OR_DIR...``: findings one per line, or JSON; ``--explain CODE``.

Register with ``cli.add_command(lint)``.  Exit codes: 0 no error-severity finding, 1 some
error-severity finding, 2 an input could not be read or has errors (as ``check``).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

import click

from leanbridge.errors import Diagnostic
from leanbridge.lint.engine import LintResult, lint_file
from leanbridge.lint.labels import EXTRA_LABELS, LABEL_ORDER
from leanbridge.lint.registry import RULES, get_rule
from leanbridge.pipeline import Run, run_check
from leanbridge.wording import plural

JSON_VERSION = 1


@dataclass
class LintRun:
    run: Run
    results: list[LintResult]

    @property
    def input_errors(self) -> list[Diagnostic]:
        return [d for d in self.run.diagnostics if d.severity == "error"]

    @property
    def findings(self) -> list[Diagnostic]:
        return [d for r in self.results for d in r.findings]

    @property
    def ignored(self) -> list[Diagnostic]:
        return [d for r in self.results for d in r.ignored]

    def exit_code(self) -> int:
        if self.input_errors:
            return 2
        return 1 if any(r.has_errors for r in self.results) else 0

    def summary(self) -> dict[str, int]:
        sev = Counter(d.severity for d in self.findings)
        labels = Counter(label.name for r in self.results for label in r.labels.values())
        return {
            "files": len(self.run.files),
            "claims": sum(len(r.labels) for r in self.results),
            "errors": sev["error"],
            "warnings": sev["warning"],
            "ignored": len(self.ignored),
            "input_errors": len(self.input_errors),
        } | {
            name: labels[name]
            for name in LABEL_ORDER + EXTRA_LABELS
            if labels[name] or name in LABEL_ORDER
        }


def run_lint(paths: tuple[str, ...] | list[str]) -> LintRun:
    run = run_check(paths)
    return LintRun(run, [lint_file(f) for f in run.files])


def finding_line(d: Diagnostic, ignored: bool = False) -> str:
    """``FILE:LINE:COL: LB001 [claim-id] message`` (no severity word: the code implies it)."""
    where = f"{d.file}:{d.pos.line}:{d.pos.col}" if d.pos else d.file
    claim = f" [{d.claim_id}]" if d.claim_id else ""
    suffix = " (ignored)" if ignored else ""
    return f"{where}: {d.code}{claim} {d.message}{suffix}"


def render_text(lr: LintRun, show_ignored: bool = False, show_labels: bool = False) -> str:
    lines = [finding_line(d) for d in lr.findings]
    if show_ignored:
        lines += [finding_line(d, ignored=True) for d in lr.ignored]
    if show_labels:
        for r in lr.results:
            for claim_id, label in r.labels.items():
                pos = r.positions[claim_id]
                lines.append(
                    f"{r.file}:{pos.line}:{pos.col}: [{claim_id}] {label.name}: "
                    f"{label.does_not_establish}"
                )
    if lr.input_errors:
        lines.append("")
        lines.extend(d.render() for d in lr.input_errors)
    s = lr.summary()
    label_text = ", ".join(f"{s[name]} {name}" for name in LABEL_ORDER + EXTRA_LABELS if name in s)
    lines.append("")
    lines.append(
        f"{plural(s['claims'], 'claim')} in {plural(s['files'], 'file')}: "
        f"{plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')}, "
        f"{s['ignored']} ignored (lint.ignore); {plural(s['input_errors'], 'input error')}; "
        f"evidence: {label_text}"
    )
    return "\n".join(lines)


def render_json(lr: LintRun) -> str:
    labels = []
    for r in lr.results:
        for claim_id, label in r.labels.items():
            pos = r.positions[claim_id]
            labels.append(
                {
                    "file": r.file,
                    "claim": claim_id,
                    "line": pos.line,
                    "col": pos.col,
                    "label": label.name,
                    "does_not_establish": label.does_not_establish,
                    "declared": r.declared.get(claim_id),
                }
            )
    doc = {
        "version": JSON_VERSION,
        "findings": [d.to_json() | {"ignored": False} for d in lr.findings],
        "ignored": [d.to_json() | {"ignored": True} for d in lr.ignored],
        "labels": labels,
        "errors": [d.to_json() for d in lr.input_errors],
        "summary": lr.summary() | {"exit_code": lr.exit_code()},
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def explain_text(code: str) -> str | None:
    rule = get_rule(code)
    return rule.explain() if rule is not None else None


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--explain", metavar="CODE", help="Print the documentation of a rule (e.g. LB001).")
@click.option("--show-ignored", is_flag=True, help="Also list findings silenced by lint.ignore.")
@click.option(
    "--labels", "show_labels", is_flag=True, help="Also list each claim's evidence label."
)
def lint(
    paths: tuple[str, ...], fmt: str, explain: str | None, show_ignored: bool, show_labels: bool
) -> None:
    """Find checks that prove nothing: tautologies, hard-coded expectations, category errors.

    PATHS are claim files or directories (every *.yaml / *.yml below, sorted).  Each
    finding is printed as FILE:LINE:COL: CODE [claim] message.  A claim can silence a
    rule with `lint: {ignore: [LB004]}`; silenced findings are still counted (and listed
    with --show-ignored or in JSON).

    \b
    Exit codes:
      0  no error-severity finding (warnings allowed)
      1  some error-severity finding
      2  an input could not be read or has errors, or an unknown --explain code
    """
    if explain is not None:
        text = explain_text(explain)
        if text is None:
            known = ", ".join(RULES)
            click.echo(f"unknown rule `{explain}` (known: {known})", err=True)
            raise SystemExit(2)
        click.echo(text, nl=False)
        raise SystemExit(0)
    if not paths:
        raise click.UsageError("give claim files or directories to lint (or --explain CODE)")
    lr = run_lint(paths)
    click.echo(render_json(lr) if fmt == "json" else render_text(lr, show_ignored, show_labels))
    raise SystemExit(lr.exit_code())
