"""The `leanbridge` command line (click)."""

from __future__ import annotations

import json

import click

from leanbridge import __version__
from leanbridge.artifact.command import verify_artifact_cmd
from leanbridge.claims.model import json_schema
from leanbridge.emit.command import emit
from leanbridge.lint.command import lint, run_lint
from leanbridge.prove.command import prove
from leanbridge.report import exit_code, render_json, render_text
from leanbridge.runtime import tune_gc

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="leanbridge")
def cli() -> None:
    """Check numeric claims from papers exactly, and prove them in Lean 4."""


@cli.command()
@PATHS
@FORMAT
def check(paths: tuple[str, ...], fmt: str) -> None:
    """Evaluate every claim exactly and report its verdict.

    PATHS are claim files or directories (every *.yaml / *.yml below, sorted).

    \b
    Each claim is shown with its evidence label and lint findings (see `leanbridge lint`).

    \b
    Exit codes:
      0  every claim holds (or comes out as its `expect:` says)
      1  some claim fails, is undecided, does not match its `expect:`,
         or has an error-severity lint finding
      2  an input could not be read or has errors
    """
    lr = run_lint(paths)
    click.echo(render_json(lr) if fmt == "json" else render_text(lr))
    raise SystemExit(exit_code(lr))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the claim file format (for editors)."""
    click.echo(json.dumps(json_schema(), indent=2, sort_keys=True))


cli.add_command(lint)
cli.add_command(emit)
cli.add_command(prove)
cli.add_command(verify_artifact_cmd)


def main() -> None:
    tune_gc()
    cli(prog_name="leanbridge")
