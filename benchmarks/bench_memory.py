"""Benchmark: peak memory of `leanbridge check` as the corpus grows (10k, 100k, 1M claims).

    python benchmarks/bench_memory.py [--sizes 10000,100000,1000000] [--jobs 2] [--cheap]
                                      [--src DIR] [--merge 10000,100000] [--merge-baseline DIR]

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
3. `--merge SIZES`: for each size, runs `--shard 1/4` ... `4/4` on that corpus, writing
   JSON, JUnit and SARIF, and prints for each format the size of the four outputs and the
   wall time, CPU time and peak resident memory of `leanbridge merge` over them.  With
   `--merge-baseline DIR` it also merges them with the leanbridge found in DIR (e.g. an
   export of main) and checks that both merges wrote the same bytes.
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
LAST_CPU = [0.0]


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
    """(wall seconds, exit code, main-process peak KiB, process-tree peak KiB); the child's
    CPU seconds are left in ``LAST_CPU``.

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
    LAST_CPU[0] = usage.ru_utime + usage.ru_stime
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
    ap.add_argument("--merge", default="", help="also measure merge on these sizes (a,b,...)")
    ap.add_argument("--merge-baseline", type=Path, help="also merge with the package in DIR")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    merges = [int(s) for s in args.merge.split(",") if s]
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
        for claims in sizes + [m for m in merges if m not in sizes]:
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
        for claims in merges:
            measure_merge(tmp, claims, args, env)


def measure_merge(tmp: Path, claims: int, args: argparse.Namespace, env: dict[str, str]) -> None:
    corpus = tmp / f"corpus_{claims}"
    parts: dict[str, list[Path]] = {"json": [], "junit": [], "sarif": []}
    for i in range(1, 5):
        for fmt in parts:
            parts[fmt].append(tmp / f"part{i}.{fmt}")
        measure(["check", "--no-cache", "--jobs", str(args.jobs), "--format", "json",
                 "--shard", f"{i}/4", str(corpus), f"--output=junit={parts['junit'][-1]}",
                 f"--output=sarif={parts['sarif'][-1]}"], env, parts["json"][-1])  # fmt: skip
    runs = [("", env)]
    if args.merge_baseline is not None:
        runs.append((" baseline", dict(env, PYTHONPATH=str(args.merge_baseline.resolve()))))
    for fmt, paths in parts.items():
        total = sum(p.stat().st_size for p in paths)
        outputs = []
        for label, run_env in runs:
            outputs.append(tmp / f"merged{label.strip()}.{fmt}")
            wall, code, peak, _ = measure(["merge", *map(str, paths)], run_env, outputs[-1])
            print(
                f"merge{label} of 4 {fmt} shard outputs of {claims:,} claims ({total / 2**20:,.0f}"
                f" MiB in all): {wall:.1f} s wall, {LAST_CPU[0]:.1f} s CPU, peak RSS "
                f"{mib(peak)} (exit {code}); load {os.getloadavg()[0]:.2f}",
                flush=True,
            )
        if len(outputs) == 2:
            same = outputs[0].read_bytes() == outputs[1].read_bytes()
            print(f"  {fmt}: {'the same bytes' if same else 'DIFFERENT OUTPUTS'}", flush=True)
        for p in [*paths, *outputs]:
            p.unlink()


if __name__ == "__main__":
    main()
