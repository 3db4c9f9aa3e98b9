"""A corpus run: files -> (cache or check + lint, over ``jobs`` processes) -> records, streamed.

Files are the unit of work.  Records come out in file order whatever the number of jobs, so
every output is the same for any ``--jobs``, and at most ``IN_FLIGHT_PER_JOB * jobs``
files are in flight (read from the cache, queued for or coming back from a worker) while
the caller writes the oldest: memory is bounded by that window, not by the corpus.
Nothing heavy is imported until a file misses the cache: an unchanged corpus re-checks
without loading the loader, parser or linter.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from leanbridge.corpus.cache import Cache
from leanbridge.corpus.files import Shard, expand_paths, select
from leanbridge.corpus.record import FileRecord, Plan, ShownRecord, diagnostic_item

if TYPE_CHECKING:  # multiprocessing is imported only for --jobs above 1 (about 8 ms)
    from multiprocessing.pool import AsyncResult, Pool

Progress = Callable[[str, int], None]  # (file, claims in it) after each file
# Called with the number of files: the step to call after each file, and what ends it.
ProgressFactory = Callable[[int], tuple[Progress, Callable[[], None]]]
Deps = list[tuple[str, str | None]]
IN_FLIGHT_PER_JOB = 4  # enough to keep every worker busy behind one slow file

# A file in flight: its place in the run, its cache key (a miss to store) and its result.
Pending = tuple[int, str | None, "FileRecord | tuple[FileRecord | ShownRecord, Deps] | AsyncResult"]


def _work(path: str, shown: str = "full") -> tuple[FileRecord | ShownRecord, Deps]:
    """The file's record and its data files (for the cache); with ``shown`` other than
    "full" (no cache: see :func:`stream_records`), the :class:`ShownRecord` of what is
    shown."""
    if shown != "full":
        from leanbridge.corpus.process import process_file

        return process_file(path, shown=shown), []
    from leanbridge.corpus.process import process_recording

    return process_recording(path)


def plan_run(paths: Iterable[str], shard: Shard | None = None) -> Plan:
    """The files a run covers (the path list is all it holds of the corpus up front)."""
    files, errors = expand_paths(paths)
    return Plan(
        select(files, len(errors), shard),
        [diagnostic_item(d) for d in errors],
        str(shard) if shard is not None else None,
    )


def stream_records(
    plan: Plan,
    *,
    jobs: int = 1,
    cache: Cache | None = None,
    progress: ProgressFactory | None = None,
    shown: str = "full",
) -> Iterator[tuple[FileRecord | ShownRecord, int]]:
    """Each file's record and its place in the whole run, in the order of ``plan.files``.

    ``shown`` (see :func:`leanbridge.corpus.process.claim_item`) other than "full" makes
    a :class:`ShownRecord` each, only what the text reports show: never with a cache, which
    stores whole records."""
    if cache is not None:
        shown = "full"
    step, finish = progress(len(plan.files)) if progress else ((lambda path, n: None), lambda: None)
    window = IN_FLIGHT_PER_JOB * jobs if jobs > 1 else 1
    pending: deque[Pending] = deque()
    pool: Pool | None = None
    try:
        for n, (path, index) in enumerate(plan.files):
            key, hit = _lookup(cache, path)
            if hit is not None:
                pending.append((index, None, hit))
            elif jobs > 1 and (pool is not None or n + 1 < len(plan.files)):
                if pool is None:  # only once some file misses the cache
                    import multiprocessing

                    pool = multiprocessing.get_context().Pool(min(jobs, len(plan.files) - n))
                pending.append((index, key, pool.apply_async(_work, (path, shown))))
            else:
                pending.append((index, key, _work(path, shown)))
            while len(pending) >= window:
                yield _settle(pending.popleft(), cache, step)
        while pending:
            yield _settle(pending.popleft(), cache, step)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        finish()


def _lookup(cache: Cache | None, path: str) -> tuple[str | None, FileRecord | None]:
    """The file's cache key (None: no cache, or unreadable, never cached) and its record."""
    if cache is None:
        return None, None
    try:
        key = cache.key(path, Path(path).read_bytes())
    except OSError:
        return None, None  # checked (and reported) by the worker
    return key, cache.get(key)


def _settle(
    entry: Pending, cache: Cache | None, step: Progress
) -> tuple[FileRecord | ShownRecord, int]:
    index, key, result = entry
    if isinstance(result, FileRecord):
        record = result
    else:
        # a tuple when made here, an AsyncResult from a worker of the pool
        record, deps = result if isinstance(result, tuple) else result.get()
        if cache is not None and key is not None:
            cache.put(key, record, deps)  # a FileRecord: with a cache, shown is "full"
    step(record.file, record.claim_count)
    return record, index
