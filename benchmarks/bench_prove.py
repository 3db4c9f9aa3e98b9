"""Benchmark: `leanbridge prove --lean bundled`, the real Lean 4.35.0 kernel, per claim.

    pip install -e '.[kernel]'          # Linux x86_64
    python benchmarks/bench_prove.py [--claims 2000] [--sizes 50,500] [--jobs 2]

1. Times compiling leanbridge's prelude and the LeanBridge library with the bundled
   frontend into an empty cache (cold), then asking for it again (cached).
2. For each module size, generates ``--claims`` claims (benchmarks/generate_corpus.py,
   one claim file = one emitted module of that many claims) and runs
   ``leanbridge prove DIR --lean bundled --jobs J`` as a child process, against the warm
   cache: wall time, milliseconds per claim, and the Lean time of the modules.
3. Prints how many claims came out proved / refuted / other, and the peak resident
   memory of the largest process (``ru_maxrss`` of the children: one `lean`).
4. Runs the same command again (warm): every module comes from the prove cache
   (``--cache``, filled by step 2), so no Lean runs; prints the wall time, the modules the
   run reports from the cache, and whether the artifacts are the cold run's byte for byte
   (the manifests' two timestamps aside).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate_corpus import generate

from leanbridge.kernel.bundled import lean_command
from leanbridge.kernel.compile import CACHE_ENV, prepare_library


def _compile_times(cache: Path) -> tuple[float, float, str]:
    command = lean_command()
    t0 = time.perf_counter()
    cold = prepare_library(command, with_prelude=True, cache_dir=cache)
    t1 = time.perf_counter()
    warm = prepare_library(command, with_prelude=True, cache_dir=cache)
    t2 = time.perf_counter()
    assert not cold.reused and warm.reused
    return t1 - t0, t2 - t1, cold.lean.text


def _run_prove(corpus: Path, work: Path, out: str, cache: Path, jobs: int) -> tuple[float, str]:
    env = {**os.environ, CACHE_ENV: str(cache)}
    argv = [sys.executable, "-m", "leanbridge", "prove", str(corpus), "--lean", "bundled",
            "--out", str(work / out), "--workdir", str(work / "ws"), "--jobs", str(jobs),
            "--cache", str(work / "prove-cache"),
            "--timeout", "3600", "--total-timeout", "86400"]  # fmt: skip
    t0 = time.perf_counter()
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1, 4):
        raise SystemExit(f"prove failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, proc.stdout


def _without_times(art: Path) -> dict[str, object]:
    files: dict[str, object] = {
        p.relative_to(art).as_posix(): p.read_bytes() for p in art.rglob("*") if p.is_file()
    }
    for rel in [r for r in files if r.endswith("manifest.json")]:
        m = json.loads(files[rel])  # type: ignore[arg-type]
        del m["started_at"], m["finished_at"]
        files[rel] = m
    return files


def _warm(corpus: Path, work: Path, cache: Path, jobs: int) -> None:
    wall, stdout = _run_prove(corpus, work, "art-warm", cache, jobs)
    line = next(x for x in stdout.splitlines() if x.startswith("cache: "))
    same = _without_times(work / "art") == _without_times(work / "art-warm")
    print(f"  warm (same command again): {wall:.2f} s wall; {line}; "
          f"artifacts {'identical' if same else 'DIFFERENT'} to the cold run's")  # fmt: skip


def _prove(corpus: Path, work: Path, cache: Path, jobs: int) -> tuple[float, Counter, float]:
    wall, _ = _run_prove(corpus, work, "art", cache, jobs)
    verdicts: Counter = Counter()
    lean_s = 0.0
    for manifest in sorted((work / "art").glob("*/manifest.json")):
        m = json.loads(manifest.read_text("utf-8"))
        verdicts.update(c["lean_verdict"] for c in m["claims"])
        lean_s += sum(c["duration_s"] for c in m["commands"])
    return wall, verdicts, lean_s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=2000, help="claims per module size")
    ap.add_argument("--sizes", default="50,500", help="claims per module, comma-separated")
    ap.add_argument("--jobs", type=int, default=2, help="modules checked in parallel")
    args = ap.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="leanbridge-bench-") as tmp:
        root = Path(tmp)
        cold, warm, lean = _compile_times(root / "cache")
        print(lean)
        print(f"prelude + library: cold {cold:.2f} s, cached {warm * 1000:.0f} ms")
        for size in (int(s) for s in args.sizes.split(",")):
            corpus = root / f"corpus-{size}"
            files = generate(corpus, args.claims, size, seed=1)
            wall, verdicts, lean_s = _prove(corpus, root / f"run-{size}", root / "cache", args.jobs)
            n = sum(verdicts.values())
            print(
                f"modules of {size}: {len(files)} modules, {n} claims, --jobs {args.jobs}: "
                f"{wall:.1f} s wall, {wall / n * 1000:.1f} ms/claim "
                f"(Lean {lean_s / n * 1000:.1f} ms/claim summed over modules); "
                + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items()))
            )
            _warm(corpus, root / f"run-{size}", root / "cache", args.jobs)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak resident memory of one process (ru_maxrss, children): {peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
