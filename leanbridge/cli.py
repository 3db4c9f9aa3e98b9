"""The `leanbridge` command line (click).

Subcommands other than ``check`` are imported when invoked (click's lazy-loading group
pattern): importing ``prove`` and ``verify-artifact`` alone costs most of a second, which an
unchanged corpus re-checked from the cache must not pay.
"""

from __future__ import annotations

import importlib
import json

import click

from leanbridge import __version__
from leanbridge.corpus.options import corpus_options, run_and_write
from leanbridge.runtime import freeze_at_exit, tune_gc

PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path())

LAZY_COMMANDS = {
    "lint": "leanbridge.lint.command:lint",
    "emit": "leanbridge.emit.command:emit",
    "prove": "leanbridge.prove.command:prove",
    "verify-artifact": "leanbridge.artifact.command:verify_artifact_cmd",
    "merge": "leanbridge.corpus.merge:merge",
    "report": "leanbridge.site.command:report",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module, _, attr = LAZY_COMMANDS[cmd_name].partition(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="leanbridge")
def cli() -> None:
    """Check numeric claims from papers exactly, and prove them in Lean 4."""


@cli.command()
@PATHS
@corpus_options
def check(paths: tuple[str, ...], **options) -> None:  # type: ignore[no-untyped-def]
    """Evaluate every claim exactly and report its verdict.

    PATHS are claim files or directories (every *.yaml / *.yml below, sorted).

    \b
    Each claim is shown with its evidence label and lint findings (see `leanbridge lint`).
    Results are cached per file (--cache, --no-cache); --jobs, --shard, --output and the
    CI formats (junit, sarif, github) are described in the README.

    \b
    Exit codes:
      0  every claim holds (or comes out as its `expect:` says)
      1  some claim fails, is undecided, does not match its `expect:`,
         or has an error-severity lint finding
      2  an input could not be read or has errors
    """
    tally = run_and_write(paths, "check", **options)
    raise SystemExit(tally.check_exit_code())


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the claim file format (for editors)."""
    from leanbridge.claims.model import json_schema

    click.echo(json.dumps(json_schema(), indent=2, sort_keys=True))


def main() -> None:
    tune_gc()
    freeze_at_exit()
    cli(prog_name="leanbridge")
