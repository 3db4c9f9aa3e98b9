"""The LALR driver in the parser gives exactly what `Lark.parse` gives, and is in use."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import UnexpectedInput

from leanbridge.syntax import parser as P

ROOT = Path(__file__).resolve().parent.parent


def _lark_result(text: str) -> object:
    P._pending.error = None
    try:
        return repr(P._node(P._lark().parse(text)))
    except UnexpectedInput as e:
        return ("syntax", type(e).__name__, getattr(e, "pos_in_stream", None))
    finally:
        P._pending.error = None


def _driver_result(text: str) -> object:
    driver = P._driver()
    assert driver is not None
    P._pending.error = None
    try:
        built = driver.parse(text)
    finally:
        P._pending.error = None
    if built is None:
        return None
    return repr(P._node(built))


def test_driver_is_in_use_with_the_installed_lark() -> None:
    assert P._driver() is not None


def _corpus_checks() -> list[str]:
    out = []
    for path in sorted((ROOT / "claims").glob("*.yaml")) + sorted(
        (ROOT / "tests" / "emit" / "fixtures").glob("*.yaml")
    ):
        doc = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)
        out += [c["check"] for c in doc.get("claims", []) if isinstance(c, dict) and "check" in c]
    for golden in sorted((ROOT / "tests" / "fixtures" / "golden").glob("*.txt")):
        for line in golden.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#") and ";" in line:
                out.append(line.rsplit(";", 1)[0])
    return out


def test_driver_agrees_with_lark_on_every_check_we_ship() -> None:
    checks = _corpus_checks()
    assert len(checks) > 300
    for text in checks:
        got = _driver_result(text)
        want = _lark_result(text)
        if got is None:  # the driver hands everything it cannot take back to lark
            assert isinstance(want, tuple), text
        else:
            assert got == want, text


VOCAB = [
    "and",
    "or",
    "not",
    "andx",
    "order",
    "x",
    "xs",
    "mean",
    "round",
    "(",
    ")",
    "[",
    "]",
    ",",
    "+",
    "-",
    "*",
    "/",
    "^",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "≤",
    "≥",
    "≠",
    "~=",
    "≈",
    "±",
    "+/-",
    "1",
    "2.50",
    "5%",
    "1.5e-3",
    "1e999",
    "%",
    ".",
    "~",
    "\n",
]
texts = st.one_of(
    st.text(alphabet="ab xy_()[],+-*/^<=>!~≈±≤≥≠%.0123456789e", max_size=40),
    st.lists(st.sampled_from(VOCAB), max_size=14).flatmap(
        lambda words: st.sampled_from([" ", ""]).map(lambda sep: sep.join(words))
    ),
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_driver_agrees_with_lark_on_random_text(text: str) -> None:
    got = _driver_result(text)
    want = _lark_result(text)
    if got is None:
        assert isinstance(want, tuple)
    else:
        assert got == want
