"""Benchmark: how balanced `--shard i/n` is (files and claims per shard).

    python benchmarks/bench_shards.py [--files 8,20,200,2000] [--shards 2,4,8] [--trials 20]

Shards are chosen by `leanbridge.corpus.files.Shard.holds` (SHA-256 of the path as
reported, modulo n).  For each number of files, ``--trials`` corpora of paths are made
(``papers/<trial>/paper_<k>.yaml``, as a pipeline over papers names them) with 5-15
claims per file (the issue's "each with 5-15 claims", seeded), and for each n the
largest shard is compared with a perfect split: ``max/ideal`` of files and of claims,
the median and the worst over the trials.  The wall time of a sharded run is set by its
largest shard, so ``max/ideal`` is the slowdown against a perfect split.
"""

from __future__ import annotations

import argparse
import random
import statistics

from leanbridge.corpus.files import Shard


def _split(paths: list[str], claims: dict[str, int], n: int) -> tuple[float, float, int]:
    files = [0] * n
    counts = [0] * n
    for p in paths:
        i = next(k for k in range(n) if Shard(k + 1, n).holds(p))
        files[i] += 1
        counts[i] += claims[p]
    ideal_files, ideal_claims = len(paths) / n, sum(claims.values()) / n
    return max(files) / ideal_files, max(counts) / ideal_claims, files.count(0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", default="8,20,200,2000")
    ap.add_argument("--shards", default="2,4,8")
    ap.add_argument("--trials", type=int, default=20)
    args = ap.parse_args()
    print("files  n   files max/ideal (median, worst)   claims max/ideal (median, worst)"
          "   empty shards (trials with any)")  # fmt: skip
    for n_files in (int(x) for x in args.files.split(",")):
        for n in (int(x) for x in args.shards.split(",")):
            file_r, claim_r, empty = [], [], 0
            for trial in range(args.trials):
                rng = random.Random(trial)
                paths = [f"papers/{trial}/paper_{k:05d}.yaml" for k in range(n_files)]
                claims = {p: rng.randint(5, 15) for p in paths}
                f, c, e = _split(paths, claims, n)
                file_r.append(f)
                claim_r.append(c)
                empty += e > 0
            print(
                f"{n_files:5d} {n:2d}   {statistics.median(file_r):5.2f}, {max(file_r):5.2f}"
                f"                      {statistics.median(claim_r):5.2f}, {max(claim_r):5.2f}"
                f"                      {empty}/{args.trials}"
            )


if __name__ == "__main__":
    main()
