"""The rules' per-claim shortcuts give exactly what their general definitions give.

(1) LB006 ``check`` on `f(x) ~= t` and `sqrt(f(x)) ~= t` (one named list of one exponent)
    decides from the exponents alone, on `a - b`, `abs(a - b)` and `pct_change(a, b)` of
    two single numbers in integers, and on `max(x) - min(x) ~= t` from the target alone;
    ``check_general`` is the definition.
(2) LB005 ``check`` reads a number target's value from its literal and compares the
    tolerance with the target in integers; ``check_general`` is the definition.

Each is compared claim by claim, with the same shared per-file memos, on random claim
files made for the shortcut, on the random files of ``test_lint_engine_fast``, on every
claim file of the repository and on generated corpus files.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_lint_engine_fast import claim_files

from leanbridge.claims.loader import load_claim_file, load_claim_text
from leanbridge.lint.base import ClaimContext, Finding
from leanbridge.lint.rules import lb005_loose_tolerance, lb006_precision
from leanbridge.pipeline import FileResult, evaluate_file
from leanbridge.semantics.value_memo import forget_all

REPO = Path(__file__).resolve().parents[2]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Check = Callable[[ClaimContext], Sequence[Finding]]
#: Per rule shortcut: its module, the shortcut's name and its definition's name there.
PAIRS: dict[str, tuple[ModuleType, str, str]] = {
    "LB006": (lb006_precision, "check", "check_general"),
    "LB005": (lb005_loose_tolerance, "check", "check_general"),
}
TAKEN: Counter[str] = Counter()  # claims each shortcut decided without its definition


def _result(check: Check, ctx: ClaimContext) -> list[Finding] | str:
    try:
        return list(check(ctx))
    except Exception as e:  # the engine turns it into an internal-error finding
        return f"{type(e).__name__}: {e}"


def assert_same_findings(fr: FileResult) -> None:
    for code, (module, fast_name, general_name) in PAIRS.items():
        fast, general = getattr(module, fast_name), getattr(module, general_name)
        forget_all()
        shared: dict[str, object] = {}  # per-file memos, shared as the engine does
        for cr in fr.claims:
            ctx = ClaimContext(fr, cr, shared)
            calls = 0
            real = general

            def counting(c: ClaimContext, real: Check = real) -> Sequence[Finding]:
                nonlocal calls
                calls += 1
                return real(c)

            setattr(module, general_name, counting)  # the shortcut's fallbacks counted
            try:
                got = _result(fast, ctx)
            finally:
                setattr(module, general_name, real)
            want = _result(general, ctx)
            assert got == want, (code, cr.loaded.claim.check)
            if not calls:
                TAKEN[code] += 1


# --- random files made for the shortcut: lists of one exponent, targets of any -----------


def _printed(draw: st.DrawFn, decimals: int) -> str:
    m = draw(st.integers(-999, 9999))
    if decimals == 0:
        return str(m)
    s = str(abs(m)).rjust(decimals + 1, "0")
    return f"{'-' if m < 0 else ''}{s[:-decimals]}.{s[-decimals:]}"


@st.composite
def one_list_files(draw: st.DrawFn) -> str:
    lines = ["leanbridge: 1", "values:"]
    places = {"s": 2, "x, y": 0}
    for name in ("x", "y", "z"):
        decimals = places[name] = draw(st.integers(0, 3))
        size = draw(st.sampled_from([1, 2, 3, 5, 9, 10, 11, 100]))  # `sum`: 10**k at the edge
        items = [_printed(draw, decimals) for _ in range(size)]
        if draw(st.integers(0, 4)) == 0:  # mixed exponents
            items.append(_printed(draw, (decimals + 1) % 4))
        if draw(st.integers(0, 5)) == 0:  # integers printed with an exponent, or as such
            items = [draw(st.sampled_from(["1e2", "3", "0", "1.5e-3", "2E1"]))]
        rendered = ", ".join(f'"{x}"' for x in items)
        lines.append(f"  {name}: {{value: [{rendered}], source: t}}")
    lines.append('  s: {value: "2.35", source: t}')
    funcs = ["mean", "median", "min", "max", "sum", "sum", "var", "pvar", "sd", "psd", "len", "abs"]
    lines.append("claims:")
    for i in range(draw(st.integers(1, 6))):
        func = draw(st.sampled_from(funcs))
        arg = draw(st.sampled_from(["x", "y", "z", "s", "x, y"]))
        left = f"{func}({arg})"
        if draw(st.integers(0, 4)) == 0:
            left = f"sqrt({left})"
        if draw(st.integers(0, 6)) == 0:
            left = f"{left} + 0"
        if draw(st.booleans()):
            target = draw(st.sampled_from(["s", "-s", "0", "0.0", "1e5", "-0.00", "1.5e-7"]))
        else:  # printed near the list's own precision, where the finding starts
            target = _printed(draw, max(0, places[arg] + draw(st.integers(-2, 2))))
        check = f"{left} ~= {target}"
        if draw(st.integers(0, 6)) == 0:
            check = f"{check} and {left} > 0"
        lines += _claim(draw, i, check)
    return "\n".join(lines) + "\n"


def _claim(draw: st.DrawFn, i: int, check: str) -> list[str]:
    """Claim ``c<i>`` with ``check``, and one time in five ``inputs: rounded``."""
    rounded = ["    inputs: rounded"] if draw(st.integers(0, 4)) == 0 else []
    return [f"  - id: c{i}", f"    check: {json.dumps(check)}", *rounded]


@SETTINGS
@given(one_list_files())
def test_random_one_list_checks_as_defined(text: str) -> None:
    assert_same_findings(evaluate_file(load_claim_text("fuzz.yaml", text)))


@st.composite
def two_scalar_files(draw: st.DrawFn) -> str:
    """Differences of two single numbers (and of two statistics of one list) against
    targets around their precision: small mantissas (the difference test), zero, negated."""
    lines = ["leanbridge: 1", "values:"]
    names = ["a", "b", "c", "n"]
    for name in names:
        if name == "n" or draw(st.integers(0, 5)) == 0:  # an integer, or a zero
            text = draw(st.sampled_from(["0", "3", "-7", "0.0", "1e2"]))
        else:
            text = _printed(draw, draw(st.integers(0, 3)))
        lines.append(f'  {name}: {{value: "{text}", source: t}}')
    decimals = draw(st.integers(0, 3))
    items = [_printed(draw, decimals) for _ in range(draw(st.integers(1, 6)))]
    if draw(st.integers(0, 3)) == 0:  # mixed exponents
        items.append(_printed(draw, (decimals + 1) % 4))
    lines.append(f"  x: {{value: [{', '.join(items)}], source: t}}")
    lines.append("claims:")
    for i in range(draw(st.integers(1, 6))):
        p, q = draw(st.sampled_from(names)), draw(st.sampled_from([*names, "x"]))
        left = draw(
            st.sampled_from(
                [
                    f"{p} - {q}",
                    f"abs({p} - {q})",
                    f"pct_change({p}, {q})",
                    "max(x) - min(x)",
                    "mean(x) - median(x)",
                    "max(x) - min(a)",
                ]
            )
        )
        if draw(st.integers(0, 2)) == 0:
            target = draw(st.sampled_from(["1", "3", "4", "5", "0.4", "0.04", "0", "0.0", "c"]))
        else:
            target = _printed(draw, draw(st.integers(0, 4)))
        if draw(st.integers(0, 3)) == 0:
            target = f"-{target}"
        lines += _claim(draw, i, f"{left} ~= {target}")
    return "\n".join(lines) + "\n"


@SETTINGS
@given(two_scalar_files())
def test_random_two_scalar_checks_as_defined(text: str) -> None:
    assert_same_findings(evaluate_file(load_claim_text("fuzz.yaml", text)))


@SETTINGS
@given(claim_files())
def test_random_files_as_defined(text: str) -> None:
    assert_same_findings(evaluate_file(load_claim_text("fuzz.yaml", text)))


def _repository_claim_files() -> list[Path]:
    roots = [REPO / "claims", REPO / "tests" / "lint" / "fixtures", REPO / "tests" / "fixtures"]
    return sorted(p for root in roots for p in root.rglob("*.yaml"))


@pytest.mark.parametrize("path", _repository_claim_files(), ids=lambda p: p.name)
def test_repository_files_as_defined(path: Path) -> None:
    try:
        fr = evaluate_file(load_claim_file(str(path)))
    except Exception:  # not a claim file (e.g. a data or schema file)
        pytest.skip("not a claim file")
    assert_same_findings(fr)


def test_corpus_files_as_defined(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate_corpus import generate

    before = Counter(TAKEN)
    for path in generate(tmp_path / "corpus", 600, per_file=300, seed=7):
        assert_same_findings(evaluate_file(load_claim_file(str(path))))
    # The shortcuts are taken on the corpus (not only their fallbacks compared).
    for code in PAIRS:
        assert TAKEN[code] > before[code], code


@pytest.mark.parametrize("decimals", [0, 1, 2, 3])
def test_one_list_grid_as_defined(decimals: int) -> None:
    """Every function, list length (10**k at the edge of `sum`'s finding) and target
    precision around the list's own."""
    lines = ["leanbridge: 1", "values:"]
    sizes = (1, 9, 10, 11, 100)
    for size in sizes:
        items = ", ".join(f'"{(7 * i + 3) / 10**decimals:.{decimals}f}"' for i in range(size))
        lines.append(f"  x{size}: {{value: [{items}], source: t}}")
    lines.append("claims:")
    funcs = ["mean", "median", "min", "max", "sum", "var", "pvar", "sd", "psd"]
    n = 0
    for size in sizes:
        for func in [*funcs, "sqrt(var", "sqrt(psd"]:
            left = f"{func}(x{size}))" if func.startswith("sqrt") else f"{func}(x{size})"
            for places in range(6):
                target = f"{12345 / 10**places:.{places}f}"
                for check in (f"{left} ~= {target}", f"{left} ~= -{target}"):
                    lines += [f"  - id: c{n}", f"    check: {json.dumps(check)}"]
                    n += 1
    assert_same_findings(evaluate_file(load_claim_text("grid.yaml", "\n".join(lines) + "\n")))


def test_within_grid_as_defined() -> None:
    """Every target kind (literal, negated, name, baseline plus or times a change) against
    tolerances at and around |t| and 2|t|, absolute and relative."""
    lines = ["leanbridge: 1", "values:"]
    lines += ['  a: {value: "2.5", source: t}', '  z: {value: "0.0", source: t}']
    lines += ['  m: {value: "-1.25", source: t}', "claims:"]
    targets = ["2.5", "-2.5", "0", "0.0", "a", "m", "-a", "z", "a + 1.25", "a - 2.5", "a * 1.5"]
    targets += ["a * 2", "1.25 + a", "2.5 - a", "m + 0.5", "(a + 1) / 2"]
    tolerances = ["0", "1.25", "2.5", "2.50", "3", "5", "5.0", "6", "0.5"]
    tolerances += ["10%", "50%", "100%", "150%", "200%", "250%", "60%"]
    n = 0
    for target in targets:
        for tol in tolerances:
            for left in ("a", "m + 1"):
                check = f"{left} == {target} ± {tol}"
                lines += [f"  - id: c{n}", f"    check: {json.dumps(check)}"]
                n += 1
    assert_same_findings(evaluate_file(load_claim_text("within.yaml", "\n".join(lines) + "\n")))
