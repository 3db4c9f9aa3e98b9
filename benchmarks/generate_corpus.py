"""Generate a corpus of realistic claim files for the benchmark.

Each file looks like a results table transcribed from a paper: named lists of 3-30 scores
(per-seed runs, per-language results) and single numbers, and claims that use every
function of the check language, `~=` at the printed precision, `±` tolerances and
`and`/`or`/`not`.  The printed numbers are computed here, independently of leanbridge,
with `fractions` and `decimal`; about one claim in ten is deliberately wrong and marked
`expect: fails`.

    python benchmarks/generate_corpus.py [--claims 10000] [--out benchmarks/corpus]
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, getcontext
from fractions import Fraction
from pathlib import Path

getcontext().prec = 60

FUNCTIONS = (
    "sum", "mean", "median", "min", "max", "len", "abs", "sqrt",
    "var", "pvar", "sd", "psd", "round", "pct_change",
)  # fmt: skip


def printed(q: Fraction, places: int) -> str:
    """``q`` rounded half away from zero to ``places`` decimals, as a paper prints it."""
    d = Decimal(q.numerator) / Decimal(q.denominator)
    return str(d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def printed_sqrt(q: Fraction, places: int) -> str:
    d = (Decimal(q.numerator) / Decimal(q.denominator)).sqrt()
    return str(d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def mean(xs: list[Fraction]) -> Fraction:
    return sum(xs, Fraction(0)) / len(xs)


def median(xs: list[Fraction]) -> Fraction:
    s = sorted(xs)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def pvar(xs: list[Fraction]) -> Fraction:
    m = mean(xs)
    return sum(((x - m) ** 2 for x in xs), Fraction(0)) / len(xs)


def var(xs: list[Fraction]) -> Fraction:
    return pvar(xs) * len(xs) / (len(xs) - 1)


class FileBuilder:
    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.index = index
        self.lists: dict[str, list[Fraction]] = {}
        self.list_text: dict[str, list[str]] = {}
        self.scalars: dict[str, Fraction] = {}
        self.scalar_text: dict[str, str] = {}
        self.claims: list[tuple[str, str, bool]] = []  # id, check, expected to hold

    def number(self, lo: float, hi: float, places: int) -> tuple[str, Fraction]:
        text = f"{self.rng.uniform(lo, hi):.{places}f}"
        return text, Fraction(text)

    def add_values(self, n_lists: int, n_scalars: int) -> None:
        for i in range(n_lists):
            name = f"{self.rng.choice(['acc', 'f1', 'bleu', 'em', 'loss', 'rt'])}_{i}"
            n = self.rng.randint(3, 30)
            places = self.rng.choice([1, 1, 2])
            lo = self.rng.uniform(-5, 60)
            texts, values = zip(
                *(self.number(lo, lo + self.rng.uniform(1, 40), places) for _ in range(n)),
                strict=True,
            )
            self.lists[name] = list(values)
            self.list_text[name] = list(texts)
        for i in range(n_scalars):
            name = f"score_{i}"
            text, value = self.number(1, 100, self.rng.choice([1, 2]))
            self.scalars[name] = value
            self.scalar_text[name] = text

    def claim(self, check: str, holds: bool) -> None:
        self.claims.append((f"c{len(self.claims):04d}", check, holds))

    def add_claim(self) -> None:
        rng = self.rng
        lists = list(self.lists)
        scalars = list(self.scalars)
        a, b = rng.sample(lists, 2)
        xs, ys = self.lists[a], self.lists[b]
        s, t = rng.sample(scalars, 2)
        p, q = self.scalars[s], self.scalars[t]
        wrong = rng.random() < 0.1
        bump = Fraction(rng.choice([3, 7, 11]), 10) if wrong else Fraction(0)
        kind = rng.randrange(16)
        makers: list[Callable[[], str]] = [
            lambda: f"mean({a}) ~= {printed(mean(xs) + bump, 1)}",
            lambda: f"sum({a}) == {printed(sum(xs, Fraction(0)) + bump, 2)}",
            lambda: f"median({a}) ~= {printed(median(xs) + bump, 2)}",
            lambda: f"max({a}) - min({a}) ~= {printed(max(xs) - min(xs) + bump, 1)}",
            lambda: f"len({a}) == {len(xs) + (1 if wrong else 0)}",
            lambda: f"sd({a}) ~= {printed_sqrt(var(xs) + (1 if wrong else 0), 2)}",
            lambda: f"psd({a}) {'<' if not wrong else '>'} {printed_sqrt(pvar(xs), 1)} + 0.1",
            lambda: f"var({a}) ~= {printed(var(xs) + bump, 1)}",
            lambda: f"pvar({a}) ~= {printed(pvar(xs) + bump, 1)}",
            lambda: f"pct_change({s}, {t}) ~= {printed((q - p) / p * 100 + bump, 1)}",
            lambda: f"round(mean({a}), 1) == {printed(mean(xs) + bump, 1)}",
            lambda: f"abs({s} - {t}) ~= {printed(abs(p - q) + bump, 2)}",
            lambda: f"sqrt(pvar({a})) ~= {printed_sqrt(pvar(xs) + bump, 2)}",
            lambda: f"mean({a}) == {printed(mean(xs) * (1 + bump / 2), 1)} ± 5%",
            lambda: f"mean({a}, {b}) == {printed(mean(xs + ys) + bump * 10, 2)} +/- 0.5",
            lambda: (
                f"(mean({a}) > mean({b}) and max({a}) >= median({b})) or not mean({a}) > mean({b})"
                if not wrong
                else f"mean({a}) > mean({b}) and mean({b}) > mean({a})"
            ),
        ]
        self.claim(makers[kind](), not wrong)

    def text(self) -> str:
        lines = [
            f"# Synthetic results table {self.index} (leanbridge benchmark corpus)",
            "leanbridge: 1",
            "paper:",
            f'  title: "Synthetic paper {self.index}"',
            "values:",
        ]
        for name, texts in self.list_text.items():
            lines.append(f"  {name}: [{', '.join(texts)}]")
        for name, text in self.scalar_text.items():
            lines.append(f'  {name}: {{value: "{text}", source: "Table {self.index}"}}')
        lines.append("claims:")
        for cid, check, holds in self.claims:
            lines.append(f"  - id: {cid}")
            lines.append(f'    check: "{check}"')
            if not holds:
                lines.append("    expect: fails")
        return "\n".join(lines) + "\n"


def generate(out: Path, claims: int = 10_000, per_file: int = 500, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    paths = []
    for i in range(0, claims, per_file):
        fb = FileBuilder(rng, i // per_file)
        fb.add_values(n_lists=40, n_scalars=20)
        for _ in range(min(per_file, claims - i)):
            fb.add_claim()
        path = out / f"table_{i // per_file:03d}.yaml"
        path.write_text(fb.text(), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--per-file", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "corpus")
    args = ap.parse_args()
    paths = generate(args.out, args.claims, args.per_file, args.seed)
    print(f"wrote {args.claims} claims in {len(paths)} files under {args.out}")


if __name__ == "__main__":
    main()
