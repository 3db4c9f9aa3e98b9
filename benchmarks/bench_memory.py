"""Benchmark: peak memory of `leanbridge check` as the corpus grows (10k, 100k, 1M claims).

    python benchmarks/bench_memory.py [--sizes 10000,100000,1000000] [--jobs 2] [--cheap]
                                      [--src DIR] [--merge 100000]

1. Generates 10,000 claims with benchmarks/generate_corpus.py (20 files of 500 realistic
   claims: every function, `~=`, tolerances, one claim in ten wrong with `expect: fails`),
   or with --cheap 20 files of 500 one-line arithmetic claims (`41 * 3 + 1 == 124`: no
   named values, so the linter has nothing to perturb; each gets an `arithmetic-identity`
   warning), and builds each larger corpus from copies of those files under other names
   (10 copies for 100k, 100 for 1M: 2,000 files).  Copies, not hard links: `check` counts
   a file named twice once.
2. For each size, runs `leanbridge check --no-cache --jobs N CORPUS --output json=...
   --output junit=...` as a child process (text report on stdout, to a file) and prints
   its wall time, claims/s, and peak resident memory: of the main process (VmHWM from
   /proc, read until it exits) and of the whole process tree (ru_maxrss from wait4: the
   largest of the main process and its `--jobs` workers).
3. `--merge SIZE`: runs `--shard 1/4` ... `4/4` with `--format json` on that corpus and
   prints the peak memory of `leanbridge merge` over the four outputs and their size.
4. `--src DIR` runs another checkout's leanbridge (e.g. an export of main) the same way.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate

BASE = 10_000


def cheap(out: Path, claims: int, per_file: int = 500) -> None:
    out.mkdir(parents=True)
    for f in range(claims // per_file):
        lines = ["leanbridge: 1", "claims:"]
        for i in range(f * per_file, (f + 1) * per_file):
            lines += [f"  - id: c{i}", f'    text: "row {i}"', '    source: "table 1"',
                      f'    check: "{i} * 3 + 1 == {3 * i + 1}"']  # fmt: skip
        (out / f"table_{f:03d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(base: Path, out: Path, claims: int) -> Path:
    copies = max(1, claims // BASE)
    for i in range(copies):
        shutil.copytree(base, out / f"copy_{i:03d}")
    return out


def hwm_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def measure(args: list[str], env: dict[str, str], stdout: Path) -> tuple[float, int, int, int]:
    """(wall seconds, exit code, main-process peak KiB, process-tree peak KiB).

    The child runs in the output's directory: `python -m` puts the working directory first
    on sys.path, which would otherwise shadow --src with the checkout the script runs in."""
    cmd = [sys.executable, "-m", "leanbridge", *args]
    start = time.perf_counter()
    with stdout.open("wb") as out:
        child = subprocess.Popen(cmd, stdout=out, env=env, cwd=stdout.parent)
        main_peak = 0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            main_peak = max(main_peak, hwm_kib(child.pid) or 0)
            time.sleep(0.05)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return wall, child.returncode, main_peak, usage.ru_maxrss


def mib(kib: int) -> str:
    return f"{kib / 1024:,.0f} MiB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cheap", action="store_true", help="one-line arithmetic claims")
    ap.add_argument("--src", type=Path, help="run the leanbridge package found in this directory")
    ap.add_argument("--merge", type=int, default=0, help="also measure merge on this size")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    env = dict(os.environ)
    if args.src is not None:
        env["PYTHONPATH"] = str(args.src.resolve())
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        where = subprocess.run(
            [sys.executable, "-c", "import leanbridge; print(leanbridge.__file__)"],
            env=env, cwd=tmp, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        print(
            f"Python {platform.python_version()}, {os.cpu_count()} cores, load {load[0]:.2f}; "
            f"--jobs {args.jobs}; {'cheap' if args.cheap else 'realistic'} claims; "
            f"leanbridge from {where}"
        )
        (cheap if args.cheap else generate)(tmp / "base", BASE)
        for claims in sizes + ([args.merge] if args.merge and args.merge not in sizes else []):
            corpus = build(tmp / "base", tmp / f"corpus_{claims}", claims)
            if claims not in sizes:
                continue
            files = sum(1 for _ in corpus.rglob("*.yaml"))
            json_out, junit_out = tmp / "out.json", tmp / "out.xml"
            wall, code, main_peak, tree_peak = measure(
                ["check", "--no-cache", "--jobs", str(args.jobs), str(corpus),
                 f"--output=json={json_out}", f"--output=junit={junit_out}"],
                env, tmp / "out.txt",
            )  # fmt: skip
            sizes_mib = ", ".join(
                f"{p.suffix[1:]} {p.stat().st_size / 2**20:,.0f} MiB"
                for p in (tmp / "out.txt", json_out, junit_out)
            )
            print(
                f"{claims:>9,} claims, {files:>5,} files: {wall:7.1f} s, "
                f"{claims / wall:6,.0f} claims/s; peak RSS main process {mib(main_peak)}, "
                f"process tree {mib(tree_peak)} (exit {code}; outputs: {sizes_mib}); "
                f"load {os.getloadavg()[0]:.2f}",
                flush=True,
            )
            for p in (tmp / "out.txt", json_out, junit_out):
                p.unlink(missing_ok=True)
        if args.merge:
            corpus = tmp / f"corpus_{args.merge}"
            parts = []
            for i in range(1, 5):
                parts.append(tmp / f"part{i}.json")
                measure(["check", "--no-cache", "--jobs", str(args.jobs), "--format", "json",
                         "--shard", f"{i}/4", str(corpus)], env, parts[-1])  # fmt: skip
            total = sum(p.stat().st_size for p in parts)
            wall, code, peak, _ = measure(["merge", *map(str, parts)], env, tmp / "merged.json")
            print(
                f"merge of 4 JSON shard outputs of {args.merge:,} claims ({total / 2**20:,.0f} "
                f"MiB in all): {wall:.1f} s, peak RSS {mib(peak)} (exit {code})"
            )


if __name__ == "__main__":
    main()
