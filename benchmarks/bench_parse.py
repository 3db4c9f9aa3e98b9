"""Benchmark: parse time per check, with the LALR driver and with `Lark.parse` alone.

    python benchmarks/bench_parse.py [--claims 10000] [--repeat 5]

Generates the benchmark corpus (benchmarks/generate_corpus.py), collects its check strings,
and times `parse_check` over all of them (best of --repeat, one core, the CLI's collector
setting), first as shipped (the driver of leanbridge/syntax/parser.py), then with the
driver switched off as if lark's internals had changed (every check through `Lark.parse`),
then `pipeline.run_check` on the whole corpus both ways, and `leanbridge check` as the
command runs it (`run_lint`: run_check, the linter and the text report; best of 2).
Prints microseconds per check and claims per second.  Times are CPU time of this process
(`time.process_time`): the machine is shared, and wall-clock time measures the neighbours.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import lark
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

from generate_corpus import generate

from leanbridge.lint.command import run_lint
from leanbridge.pipeline import run_check
from leanbridge.report import render_text
from leanbridge.runtime import tune_gc
from leanbridge.syntax import parser


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    tune_gc()

    with tempfile.TemporaryDirectory(prefix="leanbridge-corpus-") as tmp:
        corpus = Path(tmp)
        generate(corpus, args.claims)
        checks = [
            c["check"]
            for path in sorted(corpus.glob("*.yaml"))
            for c in yaml.safe_load(path.read_text("utf-8"))["claims"]
        ]

        def parse_all() -> None:
            for text in checks:
                parser.parse_check(text)

        def check_all() -> None:
            run_check([str(corpus)])

        def command_all() -> None:
            render_text(run_lint([str(corpus)]))

        results = {}
        for mode in ("driver", "Lark.parse"):
            parser._driver.cache_clear()
            if mode == "Lark.parse":
                saved = parser._Driver.tokens
                parser._Driver.tokens = None  # type: ignore[assignment]  # trial fails
            if mode == "driver":
                driver_on = parser._driver() is not None
            parse_all()  # warm-up: grammar, chain memo, number cache
            results[mode] = (
                best_of(args.repeat, parse_all),
                best_of(args.repeat, check_all),
                best_of(2, command_all),
            )
            if mode == "Lark.parse":
                parser._Driver.tokens = saved  # type: ignore[method-assign]
        parser._driver.cache_clear()

    n = len(checks)
    print(f"lark {lark.__version__}, {n} checks, best of {args.repeat}")
    if not driver_on:
        print("the driver is OFF with this lark (its internals changed): both rows are Lark.parse")
    for mode, (parse_s, check_s, command_s) in results.items():
        print(
            f"{mode:11}: parse_check {parse_s / n * 1e6:6.1f} us/check ({parse_s:.2f} s)   "
            f"run_check {n / check_s:6,.0f} claims/s ({check_s:.2f} s)   "
            f"leanbridge check {n / command_s:6,.0f} claims/s ({command_s:.2f} s)"
        )
    (p1, c1, l1), (p2, c2, l2) = results["driver"], results["Lark.parse"]
    print(
        f"time with Lark.parse / with the driver: parse {p2 / p1:.2f}x, "
        f"run_check {c2 / c1:.2f}x, leanbridge check {l2 / l1:.2f}x"
    )


if __name__ == "__main__":
    main()
