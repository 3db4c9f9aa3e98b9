"""Benchmark of corpus mode: whole `leanbridge check` processes, cold and from the cache.

    python benchmarks/bench_corpus.py [--claims 10000] [--corpus DIR] [--runs 3]

1. Generates the corpus (benchmarks/generate_corpus.py) unless --corpus points at one.
2. Cold: `leanbridge check --no-cache CORPUS` as a subprocess pinned to one core (the
   whole process: interpreter start, imports, YAML, parsing, evaluation, the linter,
   the text report), best of --runs; claims per second of CPU time and of wall time.
   The child uses its modules' cached bytecode, as an installed leanbridge does (one
   untimed run writes it; PYTHONDONTWRITEBYTECODE is dropped from the child's environment).
3. Warm: a first run fills a fresh cache directory, then `leanbridge check --cache DIR`
   again, best of --runs (the "unchanged corpus re-checks in under 1 s" figure).
4. Shards: `--shard i/4` for i = 1..4 from the cache, `merge`d, compared byte for byte with
   the unsharded JSON output.
5. Prints the figures, peak memory of the child processes, Python version and core count.

``--stages`` instead prints where a cold run's CPU time goes, in this process (pinned to
one core): loading and evaluating, each lint rule and the records (the JSON and text of
each claim; the report only joins them), in µs per claim.  ``--cold-only`` skips the
warm and shard measurements.

Seconds on a shared virtual machine vary (here by about 20% from one minute to the next,
the machine otherwise idle), so two more figures help to read them:

- the cold figures come with a *reference*: the CPU time, in the same minutes, of a fixed
  pure-Python workload (:func:`reference_workload`), in a child pinned to the same core.
  Claims/s compare across runs only together with it;
- ``--instructions`` counts the instructions of the cold run instead, with valgrind's
  callgrind (about 50x slower: two minutes for the corpus here): the whole process on the
  corpus, and a one-claim run for the start-up.  The same code and inputs give the same
  count whatever else the machine does, so this is the figure to compare two versions of
  the code with.
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

# A fixed pure-Python workload (integers, Fractions, dicts, calls): its CPU time says how
# fast this machine runs Python in the minutes of the measurement.
REFERENCE = """
from fractions import Fraction
def reference_workload():
    acc, table = Fraction(0), {}
    for i in range(1, 60_000):
        acc += Fraction(i % 97, i % 89 + 1)
        table[i % 1009] = table.get(i % 1009, 0) + i
    return acc, len(table)
reference_workload()
"""


# The child runs as an installed leanbridge does: with its modules' bytecode cached (pip
# compiles it at install time).  PYTHONDONTWRITEBYTECODE in the caller's environment would
# make every child compile every module again (about 60 ms here), so it is dropped, and
# one untimed run writes the cache first (see warm_bytecode).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(args: list[str], pin: bool = True) -> tuple[float, float, bytes]:
    """(wall seconds, CPU seconds of the child, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cmd = (["taskset", "-c", "0"] if pin and shutil.which("taskset") else []) + CLI + args
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, check=False, env=CHILD_ENV).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def reference_cpu(runs: int = 3) -> float:
    """Best CPU seconds of :data:`REFERENCE` in a child pinned as the cold runs are."""
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    best = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([*pin, sys.executable, "-c", REFERENCE], check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return best


def instructions(args: list[str]) -> int:
    """Instructions callgrind counts in the whole ``leanbridge ARGS`` process."""
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *CLI, *args]
    # A fixed string-hash seed: with a random one, set and dict layouts move the count by
    # a few million instructions from run to run; with it the same code gives one count.
    env = {**CHILD_ENV, "PYTHONHASHSEED": "0"}
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    for line in done.stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1])
    raise SystemExit(f"callgrind gave no count:\n{done.stderr[-2000:]}")


def count_instructions(corpus: Path, n: int) -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (Debian package valgrind)")
    first = sorted(corpus.glob("*.yaml"))[:1]
    timed(["check", "--no-cache", *map(str, first)])  # untimed: writes the bytecode cache
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.yaml"
        one.write_text(ONE_CLAIM, encoding="utf-8")
        start = instructions(["check", "--no-cache", str(one)])
    whole = instructions(["check", "--no-cache", str(corpus)])
    print(
        f"instructions (callgrind), cold check of {n:,} claims: {whole / 1e9:.2f} G in all; "
        f"start-up (a one-claim file) {start / 1e6:.0f} M; "
        f"{(whole - start) / n:,.0f} per claim after start-up"
    )


ONE_CLAIM = """leanbridge: 1
values:
  a: {value: "1.5", source: "Table 1"}
claims:
  - id: one
    source: "Table 1"
    check: "a * 2 ~= 3.0"
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--stages", action="store_true", help="CPU time per stage and lint rule")
    ap.add_argument("--cold-only", action="store_true")
    ap.add_argument(
        "--instructions", action="store_true", help="count instructions (callgrind) instead"
    )
    args = ap.parse_args()
    if args.stages:
        return stages(args.claims, args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            generate(corpus, args.claims)
        cache = Path(tmp) / "cache"
        n = args.claims
        print(f"Python {platform.python_version()}, {os.cpu_count()} cores; corpus {corpus}")

        if args.instructions:
            return count_instructions(corpus, n)
        first = sorted(corpus.glob("*.yaml"))[:1]
        timed(["check", "--no-cache", *map(str, first)])  # untimed: writes the bytecode cache
        reference = reference_cpu()
        cold = [timed(["check", "--no-cache", str(corpus)]) for _ in range(args.runs)]
        reference = min(reference, reference_cpu())
        wall, cpu, _ = min(cold)
        print(
            f"cold check (lint included, whole process, one core): best {wall:.2f} s wall, "
            f"{cpu:.2f} s CPU -> {n / wall:,.0f} claims/s wall, {n / cpu:,.0f} claims/s CPU"
        )
        print(f"reference workload in the same minutes: {reference:.3f} s CPU (best)")

        if args.cold_only:
            return
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


def stages(claims: int, corpus: Path | None) -> None:
    """CPU seconds per stage of a cold check, in this process, per claim."""
    from collections import Counter

    from leanbridge.claims.loader import load_claim_file
    from leanbridge.corpus.process import file_record
    from leanbridge.lint import engine
    from leanbridge.lint.registry import RULES
    from leanbridge.pipeline import evaluate_file
    from leanbridge.runtime import tune_gc

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    tune_gc()
    spent: Counter[str] = Counter()
    for code, rule in RULES.items():
        if rule.check is not None:

            def timed_check(ctx, _check=rule.check, _code=code):  # type: ignore[no-untyped-def]
                start = time.process_time()
                found = list(_check(ctx))
                spent[_code] += time.process_time() - start
                return found

            object.__setattr__(rule, "check", timed_check)
    with tempfile.TemporaryDirectory() as tmp:
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            generate(corpus, claims)
        records = []
        for path in sorted(corpus.glob("*.yaml")):
            start = time.process_time()
            fr = evaluate_file(load_claim_file(str(path)))
            spent["load + parse + evaluate"] += time.process_time() - start
            start = time.process_time()
            result = engine.lint_file(fr)
            spent["lint (all rules)"] += time.process_time() - start
            start = time.process_time()
            records.append(file_record(fr, result))
            spent["records (JSON and text of each claim)"] += time.process_time() - start
    n = sum(len(r.claims) for r in records)
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores; {n} claims")
    for stage, seconds in spent.most_common():
        print(f"{stage:40} {seconds:7.2f} s CPU  {seconds / n * 1e6:8.1f} µs/claim")


if __name__ == "__main__":
    main()
