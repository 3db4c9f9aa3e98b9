"""The corpus-mode options ``check`` and ``lint`` share, and how a run is written out.

``--format`` picks what goes to stdout; each ``--output FORMAT=FILE`` writes one more
rendering of the same run to a file, so one run can feed JUnit, SARIF and a log at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from leanbridge.corpus.cache import DEFAULT_DIR, Cache
from leanbridge.corpus.files import Shard
from leanbridge.corpus.record import CorpusRun
from leanbridge.corpus.runner import Progress, run_corpus

FORMATS = ("text", "json", "junit", "sarif", "github")


def render(run: CorpusRun, fmt: str, kind: str, **text_options: bool) -> str:
    """``run`` as ``fmt``; ``kind`` is ``check`` (verdicts count) or ``lint``."""
    verdicts = kind == "check"
    if fmt == "text":
        from leanbridge.formats.text import check_text, lint_text

        return check_text(run) if verdicts else lint_text(run, **text_options)
    if fmt == "json":
        from leanbridge.formats.jsondoc import check_doc, dumps, lint_doc

        return dumps(check_doc(run) if verdicts else lint_doc(run))
    if fmt == "junit":
        from leanbridge.formats.junit import junit_xml

        return junit_xml(run, verdicts, f"leanbridge {kind}")
    if fmt == "sarif":
        from leanbridge.formats.jsondoc import dumps
        from leanbridge.formats.sarif import sarif_doc

        return dumps(sarif_doc(run, verdicts))
    if fmt == "github":
        from leanbridge.formats.github import github_lines

        return github_lines(run, verdicts)
    raise ValueError(fmt)


class OutputSpec(click.ParamType):
    """``FORMAT=FILE``, e.g. ``junit=reports/leanbridge.xml``."""

    name = "FORMAT=FILE"

    def convert(self, value: Any, param: Any, ctx: Any) -> tuple[str, str]:
        if isinstance(value, tuple):
            return value
        fmt, sep, path = str(value).partition("=")
        if not sep or not path:
            self.fail(f"`{value}` is not FORMAT=FILE (e.g. junit=report.xml)", param, ctx)
        if fmt not in FORMATS:
            self.fail(f"unknown format `{fmt}` (known: {', '.join(FORMATS)})", param, ctx)
        return fmt, path


class ShardSpec(click.ParamType):
    name = "i/n"

    def convert(self, value: Any, param: Any, ctx: Any) -> Shard:
        if isinstance(value, Shard):
            return value
        try:
            return Shard.parse(str(value))
        except ValueError as e:
            self.fail(str(e), param, ctx)


def corpus_options(f: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default="text",
            show_default=True,
            help="What to print on stdout.",
        ),
        click.option(
            "--output",
            "outputs",
            type=OutputSpec(),
            multiple=True,
            help="Also write FORMAT to FILE (repeatable), e.g. --output sarif=lb.sarif.",
        ),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(min=1),
            default=1,
            show_default=True,
            help="Worker processes (files are the unit; output order does not depend on it).",
        ),
        click.option(
            "--shard",
            type=ShardSpec(),
            default=None,
            help="Only the files of shard i of n (by a hash of each path); see `merge`.",
        ),
        *cache_options("Cache directory (content-addressed, safe to share)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def cache_options(what: str) -> list[Callable[..., Any]]:
    """``--cache DIR`` (``what`` is its help) and ``--no-cache``; `prove` has them too."""
    return [
        click.option(
            "--cache",
            "cache_dir",
            type=click.Path(file_okay=False),
            default=DEFAULT_DIR,
            show_default=True,
            help=what,
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
    ]


def progress_bar(total: int) -> tuple[Progress, Callable[[], None]]:
    """Files and claims done, rate, ETA and the current file (:mod:`leanbridge.progress`)."""
    from leanbridge.progress import bar

    shown = bar(total, "checking")
    return shown.step, shown.close


def run_and_write(
    paths: tuple[str, ...],
    kind: str,
    fmt: str,
    outputs: tuple[tuple[str, str], ...],
    jobs: int,
    shard: Shard | None,
    cache_dir: str,
    no_cache: bool,
    **text_options: bool,
) -> CorpusRun:
    """Run over ``paths``, print ``fmt`` and write every ``--output``; return the run."""
    cache = None if no_cache else Cache(Path(cache_dir))
    # Never mixed into a machine-readable stdout, and only on a terminal.
    progress = progress_bar if fmt == "text" else None
    run = run_corpus(paths, jobs=jobs, shard=shard, cache=cache, progress=progress)
    click.echo(render(run, fmt, kind, **text_options))
    for out_fmt, out_path in outputs:
        target = Path(out_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(run, out_fmt, kind, **text_options) + "\n", encoding="utf-8")
    return run
