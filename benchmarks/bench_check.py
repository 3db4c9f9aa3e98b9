"""Benchmark: claims per second through the real `pipeline.run_check` path, against SymPy.

    python benchmarks/bench_check.py [--claims 10000] [--sympy-sample 300] [--profile]

1. Generates the corpus (benchmarks/generate_corpus.py) unless --corpus points at one.
2. Times `leanbridge.pipeline.run_check` (load YAML + validate + parse + type-check +
   evaluate exactly) over the whole corpus, on one core (the process is pinned when the OS
   allows it).
3. Times `leanbridge check` as the command line runs it: `run_lint` (run_check plus the
   linter on every file) and the text report, without printing it.
4. Times SymPy on a random sample of 300 of the same checks, end to end as a user would
   do it without leanbridge: the check, with every named value written out *as printed in
   the claim file* (decimal strings such as `79.2`, lists as `[...]`), is parsed by
   `parse_expr(..., transformations=(... rationalize ...))`, so that decimals become exact
   `Rational`s inside the timed region, and decided by `bool()` of the relation.  Only the
   rewriting into SymPy's syntax (`^` -> `**`, `5%` -> `(5/100)`, `x ~= 70.1` ->
   `Abs(x - 70.1) <= 1/20`, functions as small SymPy helpers over Rationals) is done
   beforehand, untimed.
5. Prints the rates, the ratio, peak memory, the Python version and the core count, and
   how many sampled verdicts agree.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib.util
import os
import platform
import pstats
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate

from leanbridge.lint.command import run_lint
from leanbridge.pipeline import Run, run_check
from leanbridge.report import render_text
from leanbridge.runtime import tune_gc
from leanbridge.semantics.typecheck import approx_target
from leanbridge.syntax import ast

TARGET_RATE = 5_000
TARGET_RATIO = 50


def peak_rss_mib() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


# --- SymPy side ------------------------------------------------------------------------------


def _sympy_namespace() -> dict[str, object]:
    import sympy

    def flat(args: tuple) -> list:
        out: list = []
        for a in args:
            out.extend(a if isinstance(a, list | tuple) else [a])
        return out

    def mean(*a):
        xs = flat(a)
        return sympy.Add(*xs) / len(xs)

    def median(*a):
        xs = sorted(flat(a), key=lambda v: sympy.N(v, 50))
        m = len(xs) // 2
        return xs[m] if len(xs) % 2 else (xs[m - 1] + xs[m]) / 2

    def pvar(*a):
        xs = flat(a)
        m = mean(xs)
        return sympy.Add(*((x - m) ** 2 for x in xs)) / len(xs)

    def var(*a):
        xs = flat(a)
        return pvar(xs) * len(xs) / (len(xs) - 1)

    def rnd(x, d):
        scale = sympy.Integer(10) ** d
        return sympy.sign(x) * sympy.floor(sympy.Abs(x) * scale + sympy.Rational(1, 2)) / scale

    return {
        "sum": lambda *a: sympy.Add(*flat(a)),
        "mean": mean,
        "median": median,
        "min": lambda *a: sympy.Min(*flat(a)),
        "max": lambda *a: sympy.Max(*flat(a)),
        "len": lambda *a: sympy.Integer(len(flat(a))),
        "abs": sympy.Abs,
        "Abs": sympy.Abs,
        "sqrt": sympy.sqrt,
        "var": var,
        "pvar": pvar,
        "sd": lambda *a: sympy.sqrt(var(*a)),
        "psd": lambda *a: sympy.sqrt(pvar(*a)),
        "round": rnd,
        "pct_change": lambda old, new: (new - old) / old * 100,
        "Eq": sympy.Eq,
        "Ne": sympy.Ne,
    }


def _lit(dec) -> str:
    text = dec.text.rstrip("%")
    return f"({text}/100)" if dec.text.endswith("%") else text


def _printed(value) -> str:
    """A named value exactly as the claim file prints it: `79.2` or `[79.2, 80.1]`."""
    items = [_lit(d) for d in value.numbers]
    return f"[{', '.join(items)}]" if value.is_list else items[0]


def to_sympy(node: ast.Node, env) -> str:
    """The same check in SymPy's Python syntax, named values written out as printed."""
    r = lambda n: to_sympy(n, env)  # noqa: E731
    if isinstance(node, ast.Number):
        return _lit(node.literal)
    if isinstance(node, ast.Name):
        return _printed(env[node.id])
    if isinstance(node, ast.ListExpr):
        return "[" + ", ".join(r(i) for i in node.items) + "]"
    if isinstance(node, ast.Neg):
        return f"(-{r(node.operand)})"
    if isinstance(node, ast.Pow):
        return f"({r(node.left)})**({r(node.right)})"
    if isinstance(node, ast.BinOp):
        return f"({r(node.left)} {node.symbol} {r(node.right)})"
    if isinstance(node, ast.Call):
        return f"{node.func}(" + ", ".join(r(a) for a in node.args) + ")"
    if isinstance(node, ast.Compare):
        if node.op in ("==", "!="):
            fn = "Eq" if node.op == "==" else "Ne"
            return f"{fn}({r(node.left)}, {r(node.right)})"
        return f"({r(node.left)} {node.op} {r(node.right)})"
    if isinstance(node, ast.Approx):
        target = approx_target(node, env)
        tol = target.unit / 2
        return f"(Abs({r(node.left)} - ({target.text})) <= {tol.numerator}/{tol.denominator})"
    if isinstance(node, ast.Within):
        tol = _lit(node.tolerance.literal)
        target = r(node.target)
        bound = f"({tol}) * Abs({target})" if node.relative else tol
        return f"(Abs({r(node.left)} - {target}) <= {bound})"
    if isinstance(node, ast.And):
        return f"({r(node.left)} and {r(node.right)})"
    if isinstance(node, ast.Or):
        return f"({r(node.left)} or {r(node.right)})"
    if isinstance(node, ast.Not):
        return f"(not {r(node.operand)})"
    raise TypeError(type(node).__name__)


def sympy_bench(run: Run, sample: int, seed: int) -> tuple[float, int, int, int]:
    """SymPy expressions per second on a sample; (rate, n, agreeing verdicts, undecided)."""
    from sympy.parsing.sympy_parser import (
        parse_expr,
        rationalize,
        standard_transformations,
    )

    transformations = (*standard_transformations, rationalize)
    base = _sympy_namespace()
    claims = [c for c in run.claims if c.loaded.tree is not None]
    picked = random.Random(seed).sample(claims, min(sample, len(claims)))
    values_of = {f.loaded.path: f.loaded.values for f in run.files}
    # Untimed: the check rewritten in SymPy's syntax, values as printed in the claim file.
    jobs = [(to_sympy(c.loaded.tree, values_of[c.file]), c.outcome.verdict) for c in picked]

    agree = undecided = 0
    start = time.perf_counter()
    for text, ours in jobs:
        # Timed: decimal strings -> exact Rationals, parsing, exact evaluation, decision.
        result = parse_expr(text, local_dict=dict(base), transformations=transformations)
        try:
            verdict = "holds" if bool(result) else "fails"
        except TypeError:  # SymPy could not decide the relation
            verdict = "undecided"
            undecided += 1
        agree += verdict == ours
    elapsed = time.perf_counter() - start
    return len(jobs) / elapsed, len(jobs), agree, undecided


# --- main -----------------------------------------------------------------------------------


def timed(fn: Callable[[], Run]) -> tuple[Run, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument(
        "--per-file",
        type=int,
        default=500,
        help="claims per generated file (each file has 40 lists and 20 numbers, so fewer "
        "claims per file means each value is used by fewer claims)",
    )
    ap.add_argument("--corpus", type=Path, help="an existing corpus directory")
    ap.add_argument("--sympy-sample", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profile", action="store_true", help="cProfile the leanbridge run")
    ap.add_argument(
        "--default-gc",
        action="store_true",
        help="keep CPython's default collector thresholds instead of the CLI's",
    )
    args = ap.parse_args()
    if importlib.util.find_spec("sympy") is None:  # before minutes of work, not after
        sys.exit("bench_check.py compares with SymPy, not installed: pip install -e '.[bench]'")

    pinned = False
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
            pinned = True
        except OSError:
            pass

    # The `leanbridge` command sets these before any work (leanbridge/runtime.py); SymPy runs
    # in the same process, under the same setting.
    if not args.default_gc:
        tune_gc()

    tmp = None
    corpus = args.corpus
    if corpus is None:
        tmp = tempfile.TemporaryDirectory(prefix="leanbridge-corpus-")
        corpus = Path(tmp.name)
        generate(corpus, args.claims, per_file=args.per_file, seed=args.seed)

    run_check([str(corpus / sorted(os.listdir(corpus))[0])])  # warm-up: grammar, imports
    run, elapsed = timed(lambda: run_check([str(corpus)]))
    n = len(run.claims)
    rate = n / elapsed
    rss_after_leanbridge = peak_rss_mib()
    s = run.summary()

    start = time.perf_counter()
    render_text(run_lint([str(corpus)]))  # `leanbridge check`: run_check + linter + report
    check_elapsed = time.perf_counter() - start
    check_rate = n / check_elapsed

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        run_check([str(corpus)])
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)

    sym_rate, sym_n, agree, sym_undecided = sympy_bench(run, args.sympy_sample, args.seed)
    ratio = rate / sym_rate

    print(
        f"machine      : Python {platform.python_version()} ({platform.python_implementation()})"
        f", {platform.machine()}, {os.cpu_count()} cores, "
        f"{'pinned to 1 core' if pinned else 'not pinned'}"
    )
    print(
        f"gc           : thresholds {gc.get_threshold()}"
        + (" (CPython's defaults)" if args.default_gc else " (as the `leanbridge` CLI sets them)")
    )
    print(
        f"corpus       : {n} claims in {s['files']} files: {s['holds']} hold, {s['fails']} "
        f"fail, {s['undecided']} undecided, {s['error']} errors, {s['errors']} input errors"
    )
    print(
        f"leanbridge   : {rate:,.0f} claims/s  ({elapsed:.2f} s for load+parse+evaluate, "
        f"pipeline.run_check)  target >= {TARGET_RATE:,}: "
        f"{'met' if rate >= TARGET_RATE else 'NOT met'}"
    )
    print(
        f"check + lint : {check_rate:,.0f} claims/s  ({check_elapsed:.2f} s for `leanbridge "
        "check` as the CLI runs it: run_check + lint_file + text report)"
    )
    print(
        f"sympy        : {sym_rate:,.1f} expressions/s  (sample of {sym_n} checks; "
        "values as printed -> Rational, parse_expr, exact decision; "
        f"{sym_undecided} undecided by SymPy; "
        f"{agree}/{sym_n} verdicts agree with leanbridge)"
    )
    print(
        f"ratio        : {ratio:,.1f}x  target >= {TARGET_RATIO}x: "
        f"{'met' if ratio >= TARGET_RATIO else 'NOT met'}"
    )
    print(
        f"peak memory  : {rss_after_leanbridge:,.1f} MiB RSS after the leanbridge run; "
        f"{peak_rss_mib():,.1f} MiB after SymPy (ru_maxrss)"
    )
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
