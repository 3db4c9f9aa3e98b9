"""The corpus-mode options ``check`` and ``lint`` share, and how a run is written out.

``--format`` picks what goes to stdout; each ``--output FORMAT=FILE`` writes one more
rendering of the same run to a file, so one run can feed JUnit, SARIF and a log at once.
Every rendering is fed each file's record as soon as it is that file's turn, and the
record is then dropped (see :mod:`leanbridge.formats.stream`).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from leanbridge.corpus.cache import DEFAULT_DIR, Cache
from leanbridge.corpus.files import Shard
from leanbridge.corpus.record import CorpusRun, Plan, Tally
from leanbridge.corpus.runner import Progress, plan_run, stream_records
from leanbridge.formats.stream import Echo, Out, Writer

FORMATS = ("text", "json", "junit", "sarif", "github")


def writer(plan: Plan, out: Out, fmt: str, kind: str, **text_options: bool) -> Writer:
    """The ``fmt`` rendering of the run ``plan`` starts, written to ``out`` as it goes;
    ``kind`` is ``check`` (verdicts count) or ``lint``."""
    verdicts = kind == "check"
    if fmt == "text":
        from leanbridge.formats.text import CheckText, LintText

        return CheckText(plan, out) if verdicts else LintText(plan, out, **text_options)
    if fmt == "json":
        from leanbridge.formats.jsondoc import CheckJson, LintJson

        return CheckJson(plan, out) if verdicts else LintJson(plan, out)
    if fmt == "junit":
        from leanbridge.formats.junit import Junit

        return Junit(plan, out, verdicts, f"leanbridge {kind}")
    if fmt == "sarif":
        from leanbridge.formats.sarif import Sarif

        return Sarif(plan, out, verdicts)
    if fmt == "github":
        from leanbridge.formats.github import Github

        return Github(plan, out, verdicts)
    raise ValueError(fmt)


def render(run: CorpusRun, fmt: str, kind: str, **text_options: bool) -> str:
    """A run held in memory as ``fmt`` (without the final line break stdout adds)."""
    out = io.StringIO()
    w = writer(run.plan(), out, fmt, kind, **text_options)
    for r, index in zip(run.records, run.index, strict=True):
        w.add(r, index)
    w.finish(Tally.of(run))
    return out.getvalue().removesuffix("\n")


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
) -> Tally:
    """Run over ``paths``, print ``fmt`` and write every ``--output``; return the counts.

    Each record goes to every rendering in file order and is dropped: what the run holds
    is the path list, the files in flight, the counts and each rendering's spools."""
    cache = None if no_cache else Cache(Path(cache_dir))
    # Never mixed into a machine-readable stdout, and only on a terminal.
    progress = progress_bar if fmt == "text" else None
    plan = plan_run(paths, shard)
    # The same file named twice gets the last rendering, as when each was written whole.
    files = {os.path.realpath(path): (out_fmt, path) for out_fmt, path in outputs}
    stdout = Echo()
    with ExitStack() as stack:
        writers = [writer(plan, stdout, fmt, kind, **text_options)]
        for out_fmt, out_path in files.values():
            target = Path(out_path)
            target.parent.mkdir(parents=True, exist_ok=True)
            out = stack.enter_context(target.open("w", encoding="utf-8"))
            writers.append(writer(plan, out, out_fmt, kind, **text_options))
        tally = Tally()
        tally.add_inputs(plan.errors)
        # Text reports alone show no claim JSON (and `lint` no claim line): records made
        # without what is not shown, unless the cache is to store them whole.
        shown = "full"
        if cache is None and fmt == "text" and all(f == "text" for f, _ in files.values()):
            shown = "text" if kind == "check" else "counts"
        for record, index in stream_records(
            plan, jobs=jobs, cache=cache, progress=progress, shown=shown
        ):
            tally.add(record)
            for w in writers:
                w.add(record, index)
        for w in writers:
            w.finish(tally)
        stdout.flush()
    return tally
