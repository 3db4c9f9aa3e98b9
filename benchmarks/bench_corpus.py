"""Benchmark of corpus mode: whole `leanbridge check` processes, cold and from the cache.

    python benchmarks/bench_corpus.py [--claims 10000] [--corpus DIR] [--runs 3]

1. Generates the corpus (benchmarks/generate_corpus.py) unless --corpus points at one.
2. Cold: `leanbridge check --no-cache CORPUS` as a subprocess pinned to one core (the
   whole process: interpreter start, imports, YAML, parsing, evaluation, the linter,
   the text report), best of --runs; claims per second of CPU time and of wall time.
3. Warm: a first run fills a fresh cache directory, then `leanbridge check --cache DIR`
   again, best of --runs (the "unchanged corpus re-checks in under 1 s" figure).
4. Shards: `--shard i/4` for i = 1..4 from the cache, `merge`d, compared byte for byte with
   the unsharded JSON output.
5. Prints the figures, peak memory of the child processes, Python version and core count.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate

CLI = [sys.executable, "-m", "leanbridge"]


def timed(args: list[str], pin: bool = True) -> tuple[float, float, bytes]:
    """(wall seconds, CPU seconds of the child, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cmd = (["taskset", "-c", "0"] if pin and shutil.which("taskset") else []) + CLI + args
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, check=False).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            generate(args.claims, corpus)
        cache = Path(tmp) / "cache"
        n = args.claims
        print(f"Python {platform.python_version()}, {os.cpu_count()} cores; corpus {corpus}")

        cold = [timed(["check", "--no-cache", str(corpus)]) for _ in range(args.runs)]
        wall, cpu, _ = min(cold)
        print(
            f"cold check (lint included, whole process, one core): best {wall:.2f} s wall, "
            f"{cpu:.2f} s CPU -> {n / wall:,.0f} claims/s wall, {n / cpu:,.0f} claims/s CPU"
        )

        timed(["check", "--cache", str(cache), str(corpus)])  # fill the cache
        warm = [timed(["check", "--cache", str(cache), str(corpus)]) for _ in range(args.runs)]
        wall, cpu, _ = min(warm)
        print(
            f"warm check (unchanged corpus, from the cache): best {wall:.2f} s wall, "
            f"{cpu:.2f} s CPU (target: under 1 s)"
        )

        whole = timed(["check", "--cache", str(cache), "--format", "json", str(corpus)])[2]
        parts = []
        for i in range(1, 5):
            out = timed(["check", "--cache", str(cache), "--format", "json",
                         "--shard", f"{i}/4", str(corpus)])[2]  # fmt: skip
            part = Path(tmp) / f"part{i}.json"
            part.write_bytes(out)
            parts.append(str(part))
        merged = timed(["merge", *parts], pin=False)[2]
        print(f"--shard 1/4..4/4 merged == unsharded JSON: {merged == whole}")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak memory of a child process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
