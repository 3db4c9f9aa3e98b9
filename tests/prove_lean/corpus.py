"""A generated claim file for the real-Lean tests: every function, both verdicts, the caps.

Each claim is built with its truth known by construction (Python ``Fraction``s computed
here, independently of leanbridge): one claim that holds and one that fails per case,
the false one marked ``expect: fails``. The lists are as long as the decide budget of
:mod:`leanbridge.emit.budget` allows (``MAX_LIST_ITEMS``, ``MAX_MEDIAN_ITEMS``) and the
numbers as long as a literal may be (``MAX_NUMBER_DIGITS``), so raising a cap without
the real Lean keeping up fails these tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from leanbridge import limits
from leanbridge.emit import budget


@dataclass(frozen=True)
class Case:
    id: str
    check: str
    holds: bool


def _dec(q: Fraction, places: int) -> str:
    """``q`` (whose denominator divides 10^places) printed with ``places`` decimals."""
    scaled = q * 10**places
    assert scaled.denominator == 1, q
    n = scaled.numerator
    sign, n = ("-" if n < 0 else ""), abs(n)
    if places == 0:
        return f"{sign}{n}"
    digits = str(n).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def _items(count: int, seed: int) -> list[Fraction]:
    """``count`` distinct-ish scores with one decimal, in a fixed pseudo-random order."""
    return [Fraction((seed * 7919 + i * 104729) % 1000 + 1, 10) for i in range(count)]


def _mean(xs: list[Fraction]) -> Fraction:
    return sum(xs, Fraction(0)) / len(xs)


def _var(xs: list[Fraction], ddof: int) -> Fraction:
    m = _mean(xs)
    return sum(((x - m) ** 2 for x in xs), Fraction(0)) / (len(xs) - ddof)


def _median(xs: list[Fraction]) -> Fraction:
    s = sorted(xs)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def _exact(name: str, value: Fraction) -> str:
    """``name == value`` if ``value`` has a short decimal, else cross-multiplied."""
    for places in range(12):
        if (value * 10**places).denominator == 1:
            return f"{name} == {_dec(value, places)}"
    return f"{name} * {value.denominator} == {value.numerator}"


def cases() -> list[Case]:
    long = _items(budget.MAX_LIST_ITEMS, 1)
    med = _items(budget.MAX_MEDIAN_ITEMS, 2)
    short = [Fraction(766, 10), Fraction(716, 10), Fraction(651, 10), Fraction(792, 10)]
    out: list[Case] = []

    def both(cid: str, true_check: str, false_check: str) -> None:
        out.append(Case(cid, true_check, True))
        out.append(Case(f"{cid}_false", false_check, False))

    total = sum(long, Fraction(0))
    both("sum_long", _exact("sum(long)", total), _exact("sum(long)", total + Fraction(1, 10)))
    m = _mean(long)
    both("mean_long", _exact("mean(long)", m), _exact("mean(long)", m + Fraction(1, 10)))
    both("len_long", f"len(long) == {len(long)}", f"len(long) == {len(long) + 1}")
    both("min_long", _exact("min(long)", min(long)), _exact("min(long)", max(long)))
    both("max_long", _exact("max(long)", max(long)), _exact("max(long)", min(long)))
    md = _median(med)
    both("median_cap", _exact("median(med)", md), _exact("median(med)", md + 1))
    v, pv = _var(short, 1), _var(short, 0)
    both("var_short", _exact("var(short)", v), _exact("var(short)", v + 1))
    both("pvar_short", _exact("pvar(short)", pv), _exact("pvar(short)", pv + 1))
    # sd, psd and sqrt compare squares exactly; bounds on either side of the root.
    both("sd_short", "sd(short) < 7 and sd(short) > 6", "sd(short) < 6")
    both("psd_short", "psd(short) < 6 and psd(short) > 5", "psd(short) > 6")
    both("sqrt_exact", "sqrt(144) == 12", "sqrt(144) == 13")
    both("sqrt_bound", "sqrt(2) < 1.5 and sqrt(2) > 1.4", "sqrt(2) < 1.4")
    both("abs_neg", "abs(-3.25) == 3.25", "abs(-3.25) == -3.25")
    both("round_half", "round(2.25, 1) == 2.3 and round(-2.25, 1) == -2.3", "round(2.25, 1) == 2.2")
    both("pct_change", "pct_change(80, 100) == 25", "pct_change(100, 80) == 25")
    # `~=` at the printed precision, and `±` absolute and relative.
    both("approx_mean", f"mean(short) ~= {_dec(Fraction(round(_mean(short) * 10), 10), 1)}",
         "mean(short) ~= 70.0")  # fmt: skip
    both("approx_tie", "70.15 ~= 70.2", "70.14 ~= 70.2")
    both("pm_abs", "max(short) == 79.3 ± 0.1", "max(short) == 79.4 ± 0.1")
    both("pm_rel", "sum(short) == 290 ± 5%", "sum(short) == 250 ± 5%")
    # Nested aggregates, list literals and arithmetic inside them.
    nested = _mean([sum(short, Fraction(0)), max(long), _median(short)])
    both(
        "nested",
        _exact("mean(sum(short), max(long), median([76.6, 71.6, 65.1, 79.2]))", nested),
        _exact("mean(sum(short), max(long), median([76.6, 71.6, 65.1, 79.2]))", nested + 1),
    )
    both(
        "nested_lists",
        "max([min(short), (short_a + short_b) / 2, -1]) == 74.1",
        "max([min(short), (short_a + short_b) / 2, -1]) == 65.1",
    )
    # The longest literals a claim file may hold, and exponents.
    digits = limits.MAX_NUMBER_DIGITS
    big = int("9" * digits)
    both("big_literals", f"{big} - {big - 1} == 1", f"{big} - {big - 1} == 0")
    both("big_product", f"{big} * {big} > {big}", f"{big} * {big} < {big}")
    both("power", "2^19 == 524288 and 2^-1 == 0.5", "2^19 == 524289")
    both("logic", "not (1 > 2) and (1 == 2 or 3 != 4)", "1 >= 2 or not (3 <= 4)")
    return out


def claim_file() -> str:
    """The YAML text of the corpus."""
    long = _items(budget.MAX_LIST_ITEMS, 1)
    med = _items(budget.MAX_MEDIAN_ITEMS, 2)

    def values(xs: list[Fraction]) -> str:
        return "[" + ", ".join(_dec(x, 1) for x in xs) + "]"

    lines = [
        "leanbridge: 1",
        "values:",
        f"  long: {{value: {values(long)}, source: generated}}",
        f"  med: {{value: {values(med)}, source: generated}}",
        "  short: {value: [76.6, 71.6, 65.1, 79.2], source: generated}",
        "  short_a: {value: 76.6, source: generated}",
        "  short_b: {value: 71.6, source: generated}",
        "claims:",
    ]
    for case in cases():
        lines += [f"  - id: {case.id}", f'    check: "{case.check}"', "    source: generated"]
        if not case.holds:
            lines += ["    expect: fails", "    text: false by construction (corpus.py)"]
        if case.id.startswith("len_"):  # the length of a fixed list holds whatever its values
            lines.append("    lint: {ignore: [LB001]}")
    return "\n".join(lines) + "\n"
