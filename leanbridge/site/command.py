"""``leanbridge report ARTIFACT_OR_DIR... -o site/``."""

from __future__ import annotations

from pathlib import Path

import click

from leanbridge.site.build import collect_pages, render_site, write_site


@click.command("report")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "-o", "--output", required=True, type=click.Path(file_okay=False), help="Site directory."
)
def report(paths: tuple[str, ...], output: str) -> None:
    """Write a static HTML report (no JavaScript) of artifacts and claim files.

    PATHS are artifact directories (with manifest.json), directories of artifacts (such
    as `artifacts/`), claim files, or directories of claim files (checked now, not by Lean).
    The site has an index with counts per verdict and evidence label, and one page per
    claim file or artifact.

    \b
    Exit codes: 0 written; 2 some input could not be read (the rest is still written).
    """
    pages, errors = collect_pages(paths)
    files = render_site(pages)
    write_site(files, Path(output))
    for e in errors:
        click.echo(e, err=True)
    click.echo(f"{len(files)} pages ({len(pages)} claim files and artifacts) in {output}")
    raise SystemExit(2 if errors else 0)
