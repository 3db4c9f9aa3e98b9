"""``leanbridge lint FILE_OR_DIR...``: findings one per line, or JSON; ``--explain CODE``.

Register with ``cli.add_command(lint)``.  Exit codes: 0 no error-severity finding, 1 some
error-severity finding, 2 an input could not be read or has errors (as ``check``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import click

from leanbridge.corpus.options import corpus_options, render, run_and_write
from leanbridge.corpus.process import corpus_run_of, finding_line
from leanbridge.lint.engine import LintResult, lint_file
from leanbridge.lint.registry import RULES, get_rule
from leanbridge.pipeline import Run, run_check

__all__ = ["LintRun", "finding_line", "lint", "render_json", "render_text", "run_lint"]


@dataclass
class LintRun:
    run: Run
    results: list[LintResult]


def run_lint(paths: tuple[str, ...] | list[str]) -> LintRun:
    run = run_check(paths)
    return LintRun(run, [lint_file(f) for f in run.files])


def render_text(lr: LintRun, show_ignored: bool = False, show_labels: bool = False) -> str:
    return render(
        corpus_run_of(lr), "text", "lint", show_ignored=show_ignored, show_labels=show_labels
    )


def render_json(lr: LintRun) -> str:
    return render(corpus_run_of(lr), "json", "lint")


def explain_text(code: str) -> str | None:
    rule = get_rule(code)
    return rule.explain() if rule is not None else None


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path())
@corpus_options
@click.option("--explain", metavar="CODE", help="Print the documentation of a rule (e.g. LB001).")
@click.option("--show-ignored", is_flag=True, help="Also list findings silenced by lint.ignore.")
@click.option(
    "--labels", "show_labels", is_flag=True, help="Also list each claim's evidence label."
)
def lint(
    paths: tuple[str, ...],
    explain: str | None,
    show_ignored: bool,
    show_labels: bool,
    **options: Any,
) -> None:
    """Find checks that prove nothing: tautologies, hard-coded expectations, category errors.

    PATHS are claim files or directories (every *.yaml / *.yml below, sorted).  Each
    finding is printed as FILE:LINE:COL: CODE [claim] message.  A claim can silence a
    rule with `lint: {ignore: [LB004]}`; silenced findings are still counted (and listed
    with --show-ignored or in JSON).  --format, --output, --jobs, --shard and --cache work
    as for `check`.

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
    tally = run_and_write(
        paths, "lint", show_ignored=show_ignored, show_labels=show_labels, **options
    )
    raise SystemExit(tally.lint_exit_code())
