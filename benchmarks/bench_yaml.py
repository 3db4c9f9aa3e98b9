"""Benchmark: the two YAML builders of `leanbridge/claims/yamlpos.py`, per claim.

    python benchmarks/bench_yaml.py [--claims 10000] [--repeat 5] [--default-gc]

Times, over the benchmark corpus (benchmarks/generate_corpus.py), best of `--repeat`:
`load_yaml` as the loader calls it; the one-pass builder `_build` and the general builder
`_build_general` (`_compose` + `_Converter`) alone; the one-pass builder with PyYAML's
pure-Python parser instead of libyaml's; and the `load_yaml` of a file that libyaml 0.2.6
refuses for its own nesting limit (then read with the pure-Python parser).  Pinned to one
core, with the collector setting of the `leanbridge` command unless `--default-gc`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml
from generate_corpus import generate

from leanbridge.claims import yamlpos
from leanbridge.runtime import tune_gc


def best_of(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        kept = run()  # kept alive until timed, as the loader keeps its documents
        best = min(best, time.perf_counter() - start)
        del kept
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--default-gc", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    if not args.default_gc:
        tune_gc()
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(Path(tmp) / "corpus", claims=args.claims)
        texts = [p.read_text(encoding="utf-8") for p in paths]
    print(
        f"PyYAML {yaml.__version__}, libyaml {yaml.__with_libyaml__ and yaml._yaml.get_version()}"
    )
    print(f"{args.claims} claims in {len(texts)} files, best of {args.repeat}:")
    per_claim = 1e6 / args.claims
    rows = [
        ("load_yaml", yamlpos.load_yaml),
        ("one-pass builder (_build)", yamlpos._build),
        ("general builder (_build_general)", yamlpos._build_general),
    ]
    for name, build in rows:
        seconds = best_of(args.repeat, lambda b=build: [b(t) for t in texts])
        print(f"  {name:40} {seconds * per_claim:6.1f} µs/claim")
    loader = yamlpos._Loader
    yamlpos._Loader = yamlpos._PURE_LOADER
    try:
        seconds = best_of(args.repeat, lambda: [yamlpos._build(t) for t in texts])
    finally:
        yamlpos._Loader = loader
    print(f"  {'one-pass builder, pure-Python parser':40} {seconds * per_claim:6.1f} µs/claim")
    deep = "leanbridge: 1\nclaims:\n  - id: a\n    check: " + "[" * 100_000 + "]" * 100_000
    start = time.perf_counter()
    try:
        yamlpos.load_yaml(deep)
    except yamlpos.YamlError as e:
        print(
            f"  100,000 nested `[` (line {e.pos.line}: {e.message}): "  # type: ignore[union-attr]
            f"{time.perf_counter() - start:.2f} s"
        )


if __name__ == "__main__":
    main()
