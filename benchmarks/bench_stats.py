"""Benchmark: cost per claim of each statistics function and of `inputs: rounded`.

    python benchmarks/bench_stats.py [--repeat 200]

For each check below, the exact evaluation (`evaluate`, type check included) or the
rounded evaluation (`evaluate_rounded`) is run `--repeat` times on one core and the CPU
time per claim is printed, with the verdict.  Also the raw Arb cost of one p-value
enclosure at 64 and 256 bits, and the linter's LB015 search.  Figures are CPU time
(`time.process_time`), so a shared machine moves them less than wall-clock time would.
"""

from __future__ import annotations

import argparse
import sys
import time
from fractions import Fraction
from fractions import Fraction as F
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from leanbridge.semantics import pvalues, reals
from leanbridge.semantics.evaluate import evaluate
from leanbridge.semantics.numbers import parse_decimal
from leanbridge.semantics.rounded import evaluate_rounded, opposite_witness
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax.parser import parse_check


def env_of(raw: dict[str, str | list[str]]) -> dict[str, NamedValue]:
    out = {}
    for name, v in raw.items():
        items = v if isinstance(v, list) else [v]
        decs = tuple(parse_decimal(i) for i in items)
        out[name] = NamedValue(name, decs, isinstance(v, list), "bench")  # type: ignore[arg-type]
    return out


ENV = env_of(
    {
        "m": "5.18",
        "s": "1.30",
        "b": "0.50",
        "bs": "0.51",
        "t": "2.20",
        "r": "0.30",
        "f": "4.17",
        "f1": "1.00",
        "x": "3.84",
        "a1": "79.2",
        "a2": "70.1",
        "xs": [f"{70 + i * 0.3:.1f}" for i in range(10)],
    }
)

EXACT = [
    ("grim, n = 28", "grim(m, 28)"),
    ("grim, n = 10^6 (closed form)", "grim(m, 1000000)"),
    ("grimmer, n = 28", "grimmer(m, s, 28)"),
    ("grimmer, full search, 2,000 candidates", "grimmer(0.5, 0.0001, 19990)"),
    ("debit, n = 40", "debit(b, bs, 40)"),
    ("debit, full search, 2,000 candidates", "debit(0.5, 0.0001, 19990)"),
    ("p_t ~= printed p", "p_t(t, 28) ~= 0.036"),
    ("p_t < .05", "p_t(t, 28) < 0.05"),
    ("p_z < .05", "p_z(1.96) < 0.05"),
    ("p_r ~= printed p", "p_r(r, 48) ~= 0.034"),
    ("p_f ~= .05", "p_f(f, 1, 30) ~= 0.05"),
    ("p_chi2 < .05 (close: 0.0500435)", "p_chi2(x, 1) < 0.05"),
    ("p_t undecided (256 bits)", "p_t(t, 28) < p_t(t, 28)"),
    ("baseline: mean ~= (no statistics)", "mean(xs) ~= 71.4"),
]

ROUNDED = [
    ("rounded, 2 inputs, consistent", "mean(a1, a2) ~= 74.7"),
    ("rounded, 2 inputs, fails", "mean(a1, a2) ~= 74.9"),
    ("rounded, 3 inputs with the literal 2, consistent", "(a1 + a2) / 2 < 74.6"),
    ("rounded, 2 inputs, holds (bisection)", "a1 + a2 > 149"),
    ("rounded, 10-item list, consistent", "mean(xs) ~= 71.4"),
    ("rounded, sd of 10 items, consistent", "sd(xs) ~= 0.91"),
    ("rounded, p_t, consistent", "p_t(t, 28) < 0.036"),
    ("rounded, undecided (256 boxes)", "a1 - a1 == 0"),
    ("rounded, p_f large df, budget runs out", "p_f(f1, 1000, 1000) - p_f(f1, 1000, 1000) < 0.001"),
]

# The most expensive Arb calls found (random and grid search over df <= 10^6, 64 to 256
# bits; see benchmarks/README.md): time per enclosure against the work it is charged.
ARB_WORST = [
    ("p_f, x at the peak of I_x(500, 500)", pvalues.p_f, (1, 1000, 1000)),
    ("p_f, I_x(11/2, 786121/2) at x = 0.0008", pvalues.p_f, (F(176, 10000), 786121, 11)),
    ("p_f(0.0003, 10000, 3): above the peak (2-4 s before)", pvalues.p_f, (F(3, 10000), 10000, 3)),
    ("p_chi2 at df = x = 440968", pvalues.p_chi2, (440968, 440968)),
    ("p_t(50, 10^6)", pvalues.p_t, (50, 1_000_000)),
    ("p_t(2.2, 28)", pvalues.p_t, (F(22, 10), 28)),
]


def per_claim(fn, repeat: int) -> float:
    start = time.process_time()
    for _ in range(repeat):
        fn()
    return (time.process_time() - start) / repeat


def show(label: str, seconds: float, verdict: str) -> None:
    print(f"  {label:<44} {seconds * 1e3:9.3f} ms   {verdict}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args()
    print(f"Python {sys.version.split()[0]}; CPU time per claim, {args.repeat} repeats")
    print("exact evaluation (type check + evaluate):")
    for label, check in EXACT:
        tree = parse_check(check)
        verdict = evaluate(tree, ENV).verdict
        reps = (
            max(3, args.repeat // 20)
            if "full search" in label or "undecided" in label
            else args.repeat
        )
        show(label, per_claim(lambda t=tree: evaluate(t, ENV), reps), verdict)
    print("inputs: rounded (evaluate_rounded):")
    for label, check in ROUNDED:
        tree = parse_check(check)
        verdict = evaluate_rounded(tree, ENV).verdict
        reps = max(3, args.repeat // 20)
        show(label, per_claim(lambda t=tree: evaluate_rounded(t, ENV), reps), verdict)
    print("linter LB015 (opposite_witness) on the same checks, evaluated as exact:")
    for label, check in ROUNDED[:5]:
        tree = parse_check(check)
        truth = evaluate(tree, ENV).verdict == "holds"
        found = "witness" if opposite_witness(tree, ENV, truth) else "none"
        show(label, per_claim(lambda t=tree, v=truth: opposite_witness(t, ENV, v), 20), found)
    if pvalues.flint is not None:
        print("Arb cost model: the worst enclosures found, CPU time against charged work:")
        for label, fn, raw in ARB_WORST:
            for bits in (64, 128, 256):
                args_ = [Fraction(a) for a in raw]
                reals.start_work(1 << 40)
                seconds = per_claim(lambda f=fn, a=args_, b=bits: f(a, b), 3)
                units = ((1 << 40) - reals.work_left()) // 3
                show(
                    f"{label}, {bits} bits",
                    seconds,
                    f"{units:>10,} units charged, {seconds * 1e9 / units:6.2f} ns/unit",
                )
        print("one Arb enclosure (p_t with t = 2.2), by precision and df:")
        for bits in (64, 256):
            for df in (28, 100_000):
                args_ = [Fraction(22, 10), Fraction(df)]
                show(
                    f"p_t, {bits} bits, df = {df}",
                    per_claim(lambda a=args_, b=bits: (reals.start_work(), pvalues.p_t(a, b)), 50),
                    "",
                )


if __name__ == "__main__":
    main()
