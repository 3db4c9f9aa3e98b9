"""A corpus run: files -> (cache or check + lint, over ``jobs`` processes) -> CorpusRun.

Files are the unit of work.  Results are put back in file order whatever the number of
jobs, so every output is the same for any ``--jobs``.  Nothing heavy is imported until a
file misses the cache: an unchanged corpus re-checks without loading the loader, parser
or linter.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from pathlib import Path

from leanbridge.corpus.cache import Cache
from leanbridge.corpus.files import Shard, expand_paths, select
from leanbridge.corpus.record import CorpusRun, FileRecord, diagnostic_item

Progress = Callable[[str, int], None]  # (file, claims in it) after each file
# Called with the number of files: the step to call after each file, and what ends it.
ProgressFactory = Callable[[int], tuple[Progress, Callable[[], None]]]


def _work(path: str) -> tuple[FileRecord, list[tuple[str, str | None]]]:
    from leanbridge.corpus.process import process_recording

    return process_recording(path)


def run_corpus(
    paths: Iterable[str],
    *,
    jobs: int = 1,
    shard: Shard | None = None,
    cache: Cache | None = None,
    progress: ProgressFactory | None = None,
) -> CorpusRun:
    files, errors = expand_paths(paths)
    chosen = select(files, len(errors), shard)
    step, finish = progress(len(chosen)) if progress else ((lambda path, n: None), lambda: None)
    try:
        records = _records(chosen, jobs, cache, step)
    finally:
        finish()
    return CorpusRun(
        records,
        [diagnostic_item(d) for d in errors],
        [i for _, i in chosen],
        str(shard) if shard is not None else None,
    )


def _records(
    chosen: list[tuple[str, int]], jobs: int, cache: Cache | None, progress: Progress
) -> list[FileRecord]:
    records: list[FileRecord | None] = [None] * len(chosen)
    keys: list[str | None] = [None] * len(chosen)
    misses: list[int] = []
    for n, (path, _) in enumerate(chosen):
        if cache is not None:
            try:
                keys[n] = cache.key(path, Path(path).read_bytes())
            except OSError:
                pass  # unreadable: checked (and reported) below, never cached
            else:
                records[n] = cache.get(keys[n])  # type: ignore[arg-type]
        if records[n] is None:
            misses.append(n)
        else:
            progress(path, len(records[n].claims))  # type: ignore[union-attr]

    def done(n: int, record: FileRecord, deps: list[tuple[str, str | None]]) -> None:
        records[n] = record
        key = keys[n]
        if cache is not None and key is not None:
            cache.put(key, record, deps)
        progress(record.file, len(record.claims))

    miss_paths = [chosen[n][0] for n in misses]
    if jobs > 1 and len(misses) > 1:
        with multiprocessing.get_context().Pool(min(jobs, len(misses))) as pool:
            for n, (record, deps) in zip(misses, pool.imap(_work, miss_paths), strict=True):
                done(n, record, deps)
    else:
        for n, path in zip(misses, miss_paths, strict=True):
            done(n, *_work(path))
    return [r for r in records if r is not None]
