"""GRIM, GRIMMER and DEBIT: hand-worked cases and brute force over small integer data."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest
from envs import make_env
from hypothesis import given, settings
from hypothesis import strategies as st

from leanbridge.semantics import granularity as g
from leanbridge.semantics.evaluate import evaluate
from leanbridge.semantics.numbers import parse_decimal
from leanbridge.syntax.parser import parse_check


def P(text: str):
    d = parse_decimal(text)
    assert d is not None
    return d


# --- GRIM ------------------------------------------------------------------------------


def test_grim_worked_example():
    # The example that the GRIM implementations citing Brown & Heathers (2017) document:
    # scrutiny (lhdjung/scrutiny, reference/grim.md): "A mean of 5.19 is not consistent
    # with a sample size of 28 [...] However, it is consistent with a sample size of 32";
    # rsprite2 (LukasWallrich/rsprite2, R/core-functions.R, GRIM_test): "A sample of 28
    # integers cannot result in a mean of 5.19."  (We could not read the paper itself, so
    # that this is the paper's own worked example is not established here.)  By hand: the
    # mean of 28 integers is k/28, and 145/28 = 5.1786 (prints 5.18), 146/28 = 5.2143
    # (5.21); with 32, 166/32 = 5.1875 prints as 5.19.
    assert not g.grim(P("5.19"), 28).truth
    assert g.grim_witness(P("5.19"), 28) is None
    assert g.grim_witness(P("5.19"), 32) == 166
    assert g.grim_witness(P("5.18"), 28) == 145
    assert g.grim_witness(P("5.21"), 28) == 146
    assert not g.grim(P("5.20"), 28).truth


def test_grim_economist_example():
    # The Economist, "Come again", 18 June 2016, as quoted at
    # https://replicationnetwork.com/2016/06/28/in-the-news-the-economist-june-18-2016/:
    # "The resulting paper says there were 49 participants and the mean of their
    # assessments was 5.93. [...] If the product is not an integer (as in this case, where
    # the answer is 290.57), something looks wrong."  Rounding-aware: 290/49 = 5.9184
    # (5.92) and 291/49 = 5.9388 (5.94), so no total gives 5.93.
    assert Fraction("5.93") * 49 == Fraction("290.57")
    assert g.grim_witness(P("5.93"), 49) is None
    assert g.grim_witness(P("5.92"), 49) == 290
    assert g.grim_witness(P("5.94"), 49) == 291


def test_grim_die_example():
    # Wikipedia, "GRIM test", Example: a die rolled 20 times cannot have a mean printed as
    # 3.48 (k/20 to two decimals ends in 0 or 5); 3.45 and 3.50 are possible.
    assert not g.grim(P("3.48"), 20).truth
    assert g.grim_witness(P("3.45"), 20) == 69
    assert g.grim_witness(P("3.50"), 20) == 70


def test_grim_is_closed_at_the_half_unit():
    # 1/8 = 0.125 lies exactly on the boundary of 0.12 and of 0.13: both pass.
    assert g.grim_witness(P("0.12"), 8) == 1
    assert g.grim_witness(P("0.13"), 8) == 1
    assert g.grim_witness(P("0.14"), 8) is None  # [0.135, 0.145]: 1/8 = .125, 2/8 = .25


def test_grim_items_multiply_the_count():
    # 3 items per participant: the mean is k / (n·3).
    assert g.grim_witness(P("2.13"), 10) is None  # k/10 in [2.125, 2.135]: none
    assert g.grim_witness(P("2.13"), 10, 3) == 64  # 64/30 = 2.1333


def test_grim_negative_means():
    assert g.grim_witness(P("-1.25"), 4) == -5


def test_grim_bounds_are_errors_not_crashes():
    for n in (0, 10**9):
        assert evaluate(parse_check(f"grim(1.5, {n})"), {}).verdict == "error"


# brute force: every data set of n integers from 0..6, n <= 4
_DATA = {n: list(itertools.combinations_with_replacement(range(7), n)) for n in range(1, 5)}


def _rounds_to(x: Fraction, printed: str) -> bool:
    lo, hi = g.printed_interval(P(printed))
    return lo <= x <= hi


@settings(max_examples=300, deadline=None)
@given(n=st.integers(1, 4), hundredths=st.integers(0, 600))
def test_grim_agrees_with_enumerating_integer_data(n, hundredths):
    printed = f"{hundredths / 100:.2f}"
    exists = any(_rounds_to(Fraction(sum(d), n), printed) for d in _DATA[n])
    assert g.grim(P(printed), n).truth == exists


# --- GRIMMER ---------------------------------------------------------------------------


def _sums_of_squares(k: int, n: int, sd: str) -> range:
    """The integers Q with sample SD sqrt((Q - k²/n) / (n - 1)) in sd's printed interval."""
    lo, hi = g.printed_interval(P(sd))
    return range(
        math.ceil(Fraction(k * k, n) + (n - 1) * max(lo, 0) ** 2),
        math.floor(Fraction(k * k, n) + (n - 1) * hi**2) + 1,
    )


def test_grimmer_parity_case():
    # n = 3, mean 1.00: the total is k = 3.  SD 0.71 needs Q - k²/n = 2·SD² in
    # [0.994, 1.022], i.e. sum of squares Q = 4; but three integers summing to 3 have an
    # odd sum of squares (x² ≡ x mod 2).  GRIM passes; GRIMMER fails on parity alone.
    # (Worked by hand; not quoted from Anaya (2016), which we could not read.)
    assert g.grim(P("1.00"), 3).truth
    assert list(_sums_of_squares(3, 3, "0.71")) == [4]
    assert not g.grimmer(P("1.00"), P("0.71"), 3).truth
    # SD 1.00 needs Q - 3 in [1.98, 2.02]: Q = 5, odd, e.g. the data 0, 1, 2.
    assert g.grimmer_witness(P("1.00"), P("1.00"), 3) == (3, 5)


@pytest.mark.parametrize(
    ("mean", "sd", "n", "k", "q"),
    [
        # rsprite2 (LukasWallrich/rsprite2, R/core-functions.R, GRIMMER_test, citing
        # Anaya 2016): "A sample of 18 integers with mean 3.44 cannot have an SD of 2.47."
        ("3.44", "2.47", 18, 62, 317),
        # claims/pizza_buffet_2014.yaml: Just, Sığırcı & Wansink (2014), Table 2, $8 mean
        # 7.81 (SD 1.22) of 26 ratings, as transcribed by Anaya and Brown
        ("7.81", "1.22", 26, 203, 1622),
    ],
)
def test_grimmer_published_cases_fail_on_parity_alone(mean, sd, n, k, q):
    # GRIM passes with exactly one total k, exactly one sum of squares Q fits the SD, and
    # Q and k differ in parity: impossible for integers, since x² ≡ x (mod 2).
    lo, hi = g.printed_interval(P(mean))
    assert math.ceil(lo * n) == math.floor(hi * n) == k == g.grim_witness(P(mean), n)
    assert list(_sums_of_squares(k, n, sd)) == [q] and (q - k) % 2 == 1
    assert not g.grimmer(P(mean), P(sd), n).truth
    # one more hundredth on the SD reaches a Q of the right parity (3.44, 2.48, 18: Q = 318)
    if mean == "3.44":
        assert g.grimmer_witness(P(mean), P("2.48"), n) == (62, 318)


def test_grimmer_fails_when_grim_fails():
    assert g.grimmer_witness(P("5.19"), P("1.50"), 28) is None


def _sd(data: tuple[int, ...]) -> float:
    return math.sqrt(sum((x - sum(data) / len(data)) ** 2 for x in data) / (len(data) - 1))


@settings(max_examples=200, deadline=None)
@given(data=st.lists(st.integers(-5, 9), min_size=2, max_size=6))
def test_grimmer_never_rejects_real_integer_data(data):
    n = len(data)
    mean, sd = sum(data) / n, _sd(tuple(data))
    # printed at 2 decimals; skip values too close to a rounding boundary for a float
    if any(abs((x * 100) % 1 - 0.5) < 1e-6 for x in (mean, sd)):
        return
    assert g.grimmer(P(f"{mean:.2f}"), P(f"{sd:.2f}"), n).truth


# --- DEBIT -----------------------------------------------------------------------------


def test_debit_hand_worked():
    # 40 binary values, 20 ones: SD = sqrt(40/39 · 1/4) = 0.5064 -> 0.51.
    assert g.debit_witness(P("0.50"), P("0.51"), 40) == 20
    # The same mean cannot have SD 0.48: binary data fixes the SD once the mean is fixed.
    assert g.debit_witness(P("0.50"), P("0.48"), 40) is None


@settings(max_examples=150, deadline=None)
@given(n=st.integers(2, 8), mean=st.integers(0, 100), sd=st.integers(0, 80))
def test_debit_agrees_with_enumerating_binary_data(n, mean, sd):
    m, s = f"{mean / 100:.2f}", f"{sd / 100:.2f}"
    exists = False
    for data in itertools.product((0, 1), repeat=n):
        k = sum(data)
        var = Fraction(sum((x - Fraction(k, n)) ** 2 for x in data), n - 1)
        slo, shi = g.printed_interval(P(s))
        if _rounds_to(Fraction(k, n), m) and max(slo, 0) ** 2 <= var <= shi**2:
            exists = True
            break
    assert g.debit(P(m), P(s), n).truth == exists


# --- in the check language ---------------------------------------------------------------

ENV = make_env({"m": "5.19", "m_ok": "5.18", "s": "1.3", "n": "28", "half": "2.5"})


@pytest.mark.parametrize(
    ("check", "verdict"),
    [
        ("grim(m, 28)", "fails"),
        ("not grim(m, n)", "holds"),
        ("grim(m_ok, n) and grim(m_ok, 28, 1)", "holds"),
        ("grim(m_ok, 28) and grimmer(m, s, 28)", "fails"),
        ("not debit(m, s, 40)", "holds"),
        ("grim(m, half)", "error"),
        ("grim(-m_ok, 28)", "holds"),
        ("grim(-m, 28)", "fails"),
    ],
)
def test_in_checks(check, verdict):
    assert evaluate(parse_check(check), ENV).verdict == verdict


def test_witness_is_reported():
    out = evaluate(parse_check("grim(m_ok, 28)"), ENV)
    assert out.notes == ("grim: k = 145, 145/28 in 5.18 [5.175, 5.185]",)


@pytest.mark.parametrize(
    ("check", "message"),
    [
        ("grim(m + 1, 28)", "must be a number as printed"),
        ("grim(m)", "takes 2 to 3 arguments"),
        ("grimmer(m, s)", "takes 3 arguments"),
        ("grim(m, 28) + 1 > 0", "must be a number"),
        ("grim(m, 28) < 1", "must be a number"),
    ],
)
def test_type_errors(check, message):
    out = evaluate(parse_check(check), ENV)
    assert out.verdict == "error"
    assert message in (out.message or "")
