"""p-values: certified enclosures that contain independent references and narrow with
precision; never a bare float."""

from __future__ import annotations

import decimal
import math
from fractions import Fraction

import pytest
from envs import make_env

from leanbridge import limits
from leanbridge.semantics import pvalues, reals
from leanbridge.semantics.evaluate import evaluate
from leanbridge.semantics.reals import Interval, bounds
from leanbridge.semantics.rounded import evaluate_rounded
from leanbridge.syntax.parser import parse_check

pytest.importorskip("flint", reason="p-values need the optional python-flint")

F = Fraction


def enclosure(fn, *args, bits=64):
    reals.start_work()  # a fresh budget, as each evaluation has
    x = fn([F(a) if not isinstance(a, Fraction) else a for a in args], bits)
    assert isinstance(x, Fraction | Interval)
    lo, hi = bounds(x)
    assert isinstance(lo, Fraction) and isinstance(hi, Fraction)  # never a float
    return lo, hi


@pytest.mark.parametrize(
    ("fn", "args", "exact"),
    [
        # F(2, 2) has upper tail 1 / (1 + f); r with df = 2 has p = 1 - |r|
        (pvalues.p_f, (F(3), 2, 2), F(1, 4)),
        (pvalues.p_f, (F(1, 3), 2, 2), F(3, 4)),
        (pvalues.p_r, (F(-3, 10), 2), F(7, 10)),
        (pvalues.p_r, (F(1), 5), F(0)),
        (pvalues.p_z, (F(0),), F(1)),
    ],
)
def test_closed_forms_are_contained(fn, args, exact):
    for bits in (64, 256):
        lo, hi = enclosure(fn, *args, bits=bits)
        assert lo <= exact <= hi


def _decimal_fraction(text: str) -> Fraction:
    return Fraction(decimal.Decimal(text))


def test_chi2_with_two_df_is_exp_of_minus_half_x():
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        ref = _decimal_fraction(str((-decimal.Decimal("3.84") / 2).exp()))
    lo, hi = enclosure(pvalues.p_chi2, F(384, 100), 2, bits=256)
    assert lo - F(1, 10**58) <= ref <= hi + F(1, 10**58)


@pytest.mark.parametrize("t", [F(1, 2), F(2), F(127, 10)])
def test_t_with_one_df_is_cauchy(t):
    # p = 1 - (2/pi) atan|t|; a float reference, so compared within 1e-12
    ref = 1 - 2 / math.pi * math.atan(float(t))
    lo, hi = enclosure(pvalues.p_t, t, 1)
    assert float(lo) - 1e-12 <= ref <= float(hi) + 1e-12


def test_z_matches_the_float_erfc():
    lo, hi = enclosure(pvalues.p_z, F(196, 100))
    assert float(lo) - 1e-12 <= math.erfc(1.96 / math.sqrt(2)) <= float(hi) + 1e-12


@pytest.mark.parametrize(
    ("fn", "args"),
    [
        (pvalues.p_t, (F(22, 10), 28)),
        (pvalues.p_z, (F(-25, 10),)),
        (pvalues.p_r, (F(3, 10), 48)),
        (pvalues.p_f, (F(417, 100), 1, 30)),
        (pvalues.p_chi2, (F(384, 100), 1)),
    ],
)
def test_enclosures_narrow_and_nest_as_precision_rises(fn, args):
    widths = []
    previous = None
    for bits in (64, 128, 256):
        lo, hi = enclosure(fn, *args, bits=bits)
        assert lo < hi
        if previous is not None:  # each is a certified enclosure, so they overlap
            assert lo <= previous[1] and previous[0] <= hi
        previous = (lo, hi)
        widths.append(hi - lo)
    assert widths[0] > widths[1] > widths[2]
    assert widths[2] < F(1, 2**200)


def test_an_interval_statistic_gives_the_range_of_its_ends():
    inner = enclosure(pvalues.p_t, F(21, 10), 28, bits=128)
    outer = enclosure(pvalues.p_t, F(23, 10), 28, bits=128)
    lo, hi = bounds(pvalues.p_t([Interval(F(21, 10), F(23, 10)), F(28)], 128))
    assert lo <= outer[0] and inner[1] <= hi
    # straddling zero: p reaches 1 at t = 0
    assert bounds(pvalues.p_z([Interval(F(-1), F(1))], 64))[1] == 1


ENV = make_env({"t": "2.20", "r": "0.30", "df": "28"})


@pytest.mark.parametrize(
    ("check", "verdict"),
    [
        ("p_t(t, df) < 0.05", "holds"),
        ("p_t(t, 28) ~= 0.036", "holds"),
        ("p_t(t, 28) ~= 0.037", "fails"),
        ("p_z(1.96) < 0.05", "holds"),
        ("p_chi2(3.84, 1) < 0.05", "fails"),
        ("p_r(r, 48) ~= 0.034", "holds"),
        ("p_t(t, 28) < p_t(t, 28)", "undecided"),  # the same enclosure on both sides
        ("p_r(1.5, 10) < 1", "error"),
        ("p_f(-1, 1, 2) < 1", "error"),
        ("p_t(t, 0) < 1", "error"),
        ("p_t(t, 2000000) < 1", "error"),
        ("p_t(t, sqrt(2)) < 1", "error"),
    ],
)
def test_in_checks(check, verdict):
    out = evaluate(parse_check(check), ENV)
    assert out.verdict == verdict, out


def test_undecided_says_why():
    out = evaluate(parse_check("p_t(t, 28) < p_t(t, 28)"), ENV)
    assert "256 bits" in (out.message or "")


def test_without_python_flint_the_error_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(pvalues, "flint", None)
    out = evaluate(parse_check("p_t(t, 28) < 0.05"), ENV)
    assert out.verdict == "error"
    assert "pip install 'leanbridge[stats]'" in (out.message or "")


@pytest.mark.parametrize(
    ("check", "verdict"),
    [
        # p within 2^-1024 of 0: enclosed as [0, 2^-1024], never a Fraction of 10^8 digits
        ("p_z(9.99e400) < 1e-300", "holds"),
        ("p_f(9.99e400, 3, 1000000) >= 0", "holds"),
        # x = df / (df + t²) within 10^-800 of 1: computed through 1 - I_{1-x}(b, a)
        ("p_t(1e-400, 1000000) ~= 1", "holds"),
        # ... but p within 2^-1024 of 1 cannot be told from 1 (sound, documented)
        ("p_t(1e-400, 1000000) < 1", "undecided"),
        ("p_r(-1, 3) == 0", "holds"),
    ],
)
def test_extreme_statistics_are_decided_quickly(check, verdict):
    out = evaluate(parse_check(check), ENV)
    assert out.verdict == verdict, out


# --- the work budget: every Arb call is charged by a deterministic cost model -----------


def _charged(fn, args, bits) -> int:
    reals.start_work(1 << 40)
    fn([F(a) for a in args], bits)
    return (1 << 40) - reals.work_left()


def test_each_arb_call_is_charged_by_its_size_and_precision():
    small, per_bit = pvalues.ARB_SMALL_UNITS, pvalues.ARB_UNITS_PER_BIT
    # p_t(2.2, 28): x·(a + b) is about t²/2 on the branch evaluated: small
    assert _charged(pvalues.p_t, (F(22, 10), 28), 64) == 2 * small
    assert _charged(pvalues.p_z, (F(196, 100),), 256) == 2 * small
    # p_f(1, 1000, 1000): x = 1/2 at the peak of I_x(500, 500): large, by precision
    assert _charged(pvalues.p_f, (1, 1000, 1000), 64) == 2 * per_bit * 64
    assert _charged(pvalues.p_f, (1, 1000, 1000), 256) == 2 * per_bit * 256
    # p_chi2(x, df): s + z = (df + x) / 2
    assert _charged(pvalues.p_chi2, (F(384, 100), 1), 64) == 2 * small
    assert _charged(pvalues.p_chi2, (100, 100), 64) == 2 * per_bit * 64


def test_p_values_past_the_work_budget_are_a_limit_error():
    per_call = 2 * pvalues.ARB_UNITS_PER_BIT * limits.SQRT_START_BITS  # p_f(1, 1000, 1000)
    most = limits.MAX_EVAL_WORK // per_call
    within = " + ".join(["p_f(1, 1000, 1000)"] * most) + " < 100"
    assert evaluate(parse_check(within), ENV).verdict == "holds"
    past = evaluate(parse_check(within.replace(" <", " + p_f(1, 1000, 1000) <")), ENV)
    assert past.verdict == "error"
    assert "units of work on p-value enclosures" in (past.message or "")


def test_rounded_p_values_stop_at_the_work_budget_undecided():
    env = make_env({"f": "1.00"})
    check = "p_f(f, 1000, 1000) - p_f(f, 1000, 1000) < 0.001"  # true, but not by intervals
    out = evaluate_rounded(parse_check(check), env)
    assert out.verdict == "undecided", out
    assert "the work budget ran out" in (out.message or "")


def test_above_the_peak_the_mirror_is_evaluated_and_still_contains_the_value():
    # I_{1/2}(3/2, 5000) is computed as 1 - I_{1/2}(5000, 3/2) (Arb took 2 s directly)
    for bits in (64, 256):
        lo, hi = enclosure(pvalues.p_f, F(3, 10000), 10000, 3, bits=bits)
        assert F(999, 1000) < lo <= hi <= 1
    lo64, hi64 = enclosure(pvalues.p_f, F(3, 10000), 10000, 3, bits=64)
    lo256, hi256 = enclosure(pvalues.p_f, F(3, 10000), 10000, 3, bits=256)
    assert lo64 <= lo256 <= hi256 <= hi64 and hi256 - lo256 < F(1, 2**200)
