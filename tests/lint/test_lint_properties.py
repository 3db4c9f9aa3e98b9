"""Properties of the mutation test behind LB001 and of the evidence labels."""

from __future__ import annotations

from decimal import Decimal as PyDecimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from leanbridge.lint.analysis import insensitive_to, to_decimal
from leanbridge.lint.labels import computed_label
from leanbridge.semantics.numbers import parse_decimal
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax.parser import parse_check

printed = st.decimals(
    allow_nan=False, allow_infinity=False, places=1, min_value=-1000, max_value=1000
).map(lambda d: str(d))


def env_of(**values: str) -> dict[str, NamedValue]:
    out = {}
    for name, text in values.items():
        dec = parse_decimal(text)
        assert dec is not None
        out[name] = NamedValue(name, (dec,), False, "s")
    return out


@settings(max_examples=60, deadline=None)
@given(printed, printed)
def test_a_real_computation_depends_on_its_inputs(a: str, b: str) -> None:
    total = PyDecimal(a) + PyDecimal(b)
    tree = parse_check(f"a + b == {abs(total)}" if total >= 0 else f"a + b == -{-total}")
    constant, _ = insensitive_to(tree, env_of(a=a, b=b), ["a", "b"])
    assert not constant


@settings(max_examples=60, deadline=None)
@given(printed, printed)
def test_identities_are_tautologies_whatever_the_values(a: str, b: str) -> None:
    env = env_of(a=a, b=b)
    for check in ("a - a == 0", "a + b - b == a", "abs(a) >= 0", "a <= b or a > b"):
        constant, decided = insensitive_to(
            parse_check(check), env, ["a", "b"][: 1 + ("b" in check)]
        )
        assert constant, check
        assert decided >= 3


@given(st.fractions(max_denominator=10**6), st.integers(min_value=-8, max_value=3))
def test_to_decimal_is_exact_or_six_digits_finer(q: Fraction, exponent: int) -> None:
    d = to_decimal(q, exponent)
    assert d.exponent >= exponent - 6
    assert abs(d.value - q) <= Fraction(10) ** (exponent - 6) / 2
    parsed = parse_decimal(d.text)
    assert parsed is not None and parsed.value == d.value


def test_labels_follow_origin() -> None:
    paper = env_of(a="1.5")
    data = {"r": NamedValue("r", (parse_decimal("1.5"),), False, "s", origin="data")}  # type: ignore[arg-type]
    assert computed_label([], paper).name == "arithmetic-identity"
    assert computed_label(["a"], paper).name == "internal-consistency"
    assert computed_label(["a", "r"], {**paper, **data}).name == "reproduction"
