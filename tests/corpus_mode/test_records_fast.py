"""A record's parts, built together, are what the separate definitions give.

(1) ``claim_item`` (and ``claim_json``/``claim_line`` through it) is what
    ``claim_json`` and ``claim_line`` were; ``finding_item`` is ``Diagnostic.to_json`` and
    what ``finding_line`` was; ``file_record`` is the record as it was
    built from them (leanbridge 52e87c2), and so is ``checked_record``, which lints
    straight into the record's items; on random claim files (every verdict, square roots,
    p-values, statistics tests, rounded inputs, ignored findings), the repository's claim
    files and generated corpus files.
(2) ``decimal_text`` with its remembered denominators and integer rounding is the
    definition as it was, for any fraction, however often asked.
(3) Records of what text reports show (no cache): the same lines and counts as whole
    records (a finding's JSON holding only its severity), and the same reports from the
    command line.
"""

from __future__ import annotations

import dataclasses
import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leanbridge.claims.loader import load_claim_file, load_claim_text
from leanbridge.corpus import process as proc
from leanbridge.corpus.process import (
    COUNTS,
    TEXT,
    _decimal,
    _real_text,
    checked_record,
    claim_item,
    claim_json,
    claim_line,
    file_record,
    finding_item,
    finding_line,
)
from leanbridge.corpus.record import FileRecord, ShownRecord, Tally, diagnostic_item
from leanbridge.errors import Diagnostic
from leanbridge.lint.engine import lint_file
from leanbridge.pipeline import ClaimResult, FileResult, evaluate_file
from leanbridge.semantics import display
from leanbridge.semantics.display import real_json, sides_text, witness_json, witness_text
from leanbridge.semantics.reals import Interval

REPO = Path(__file__).resolve().parents[2]
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def ref_claim_line(c: ClaimResult, label: str | None = None) -> str:
    """``claim_line`` as it was (52e87c2)."""
    o = c.outcome
    head = f"{c.file}:{c.pos.line}:{c.pos.col}: {o.verdict:<9} {c.claim_id}"
    if label:
        head += f" [{label}]"
    if o.verdict == "error":
        return f"{head}  (see the error below)"
    if o.verdict == "undecided":
        return f"{head}  {o.message}"
    if o.verdict == "consistent":
        return (
            f"{head}  {o.message}: true at {witness_text(o.witness_true)}; "
            f"false at {witness_text(o.witness_false)}"
        )
    detail = ""
    sides = sides_text(o)
    if sides is not None:
        detail = f"  {sides.lhs} vs {sides.rhs}"
        if sides.tolerance is not None:
            margin = f", margin {sides.margin}" if sides.margin is not None else ""
            detail += f" (tolerance {sides.tolerance}{margin})"
    if o.notes:
        detail += "  " + "; ".join(o.notes)
    if c.loaded.claim.expect and not c.as_expected:
        detail += f"  UNEXPECTED: expected {c.expected}"
    elif c.loaded.claim.expect == "fails":
        detail += "  (expected to fail)"
    return head + detail


def ref_claim_json(c: ClaimResult) -> dict:
    """``claim_json`` as it was (52e87c2)."""
    o = c.outcome
    return {
        "file": c.file,
        "id": c.claim_id,
        "line": c.pos.line,
        "col": c.pos.col,
        "check": c.loaded.claim.check,
        "verdict": o.verdict,
        "expected": c.expected,
        "as_expected": c.as_expected,
        "lhs": real_json(o.lhs),
        "rhs": real_json(o.rhs),
        "tolerance": real_json(o.tolerance),
        "margin": real_json(o.margin),
        "message": o.message,
        "notes": list(o.notes),
        "witness_true": witness_json(o.witness_true),
        "witness_false": witness_json(o.witness_false),
    }


def ref_finding_line(d: Diagnostic, ignored: bool = False) -> str:
    """``finding_line`` as it was (52e87c2)."""
    where = f"{d.file}:{d.pos.line}:{d.pos.col}" if d.pos else d.file
    claim = f" [{d.claim_id}]" if d.claim_id else ""
    suffix = " (ignored)" if ignored else ""
    return f"{where}: {d.code}{claim} {d.message}{suffix}"


def ref_file_record(fr: FileResult, result) -> FileRecord:  # type: ignore[no-untyped-def]
    """``file_record`` as it was."""
    labels = []
    for claim_id, label in result.labels.items():
        pos = result.positions[claim_id]
        labels.append(
            {
                "file": result.file,
                "claim": claim_id,
                "line": pos.line,
                "col": pos.col,
                "label": label.name,
                "does_not_establish": label.does_not_establish,
                "declared": result.declared.get(claim_id),
            }
        )
    claims = []
    for c in fr.claims:
        label = result.labels.get(c.claim_id)
        text = ref_claim_line(c, label.name if label else None)
        claims.append({"json": ref_claim_json(c), "text": text})
    return FileRecord(
        fr.loaded.path,
        claims,
        [{"json": d.to_json(), "text": ref_finding_line(d)} for d in result.findings],
        [{"json": d.to_json(), "text": ref_finding_line(d, True)} for d in result.ignored],
        labels,
        [diagnostic_item(d) for d in fr.diagnostics],
    )


def assert_same_record(fr: FileResult) -> None:
    result = lint_file(fr)
    for c in fr.claims:
        for label in (None, "", "internal-consistency"):
            want_item = {"json": ref_claim_json(c), "text": ref_claim_line(c, label)}
            assert claim_item(c, label) == want_item
            assert claim_json(c) == want_item["json"] and claim_line(c, label) == want_item["text"]
    for d in result.findings + result.ignored:
        for ignored in (False, True):
            want_finding = {"json": d.to_json(), "text": ref_finding_line(d, ignored)}
            assert finding_item(d, ignored) == want_finding
            assert finding_line(d, ignored) == want_finding["text"]
    want = ref_file_record(fr, result)
    for got in (file_record(fr, result), checked_record(fr)):
        # the same document, keys in the same order (what every format writes)
        assert json.dumps(got.to_json()) == json.dumps(want.to_json())
        assert json.dumps(got.full_claims()) == json.dumps(want.full_claims())
    assert_shown_parts(fr, want)


def assert_shown_parts(fr: FileResult, want: FileRecord) -> None:
    """Records of what text reports show (:class:`ShownRecord`): each claim's text line as
    in the whole record (none for COUNTS), the findings' and ignored findings' lines in
    order, the same labels (COUNTS) and label texts, the same counts, and the same text
    reports (``check``; ``lint`` with and without ignored findings and labels)."""
    full_tally = Tally()
    full_tally.add(want)
    for shown in (TEXT, COUNTS):
        for c in fr.claims:  # claim_item's own shown parts
            item = claim_item(c, "internal-consistency", shown)
            whole = claim_item(c, "internal-consistency")
            assert item == {
                "json": {k: whole["json"][k] for k in ("id", "verdict", "as_expected")},
                "text": whole["text"] if shown == TEXT else None,
            }
        got = checked_record(fr, shown)
        assert isinstance(got, ShownRecord)
        assert got.file == want.file and got.claim_count == len(want.claims)
        assert got.claim_text == (
            "".join(c["text"] + "\n" for c in want.claims) if shown == TEXT else ""
        )
        assert got.finding_text == "".join(d["text"] + "\n" for d in want.findings)
        assert got.ignored_text == "".join(d["text"] + "\n" for d in want.ignored)
        assert got.labels == (want.labels if shown == COUNTS else [])
        assert got.label_texts == {lab["label"]: lab["does_not_establish"] for lab in want.labels}
        assert got.diagnostics == want.diagnostics
        tally = Tally()
        tally.add(got)
        assert tally == full_tally
        tally.add(got)  # merged twice: each count doubled
        twice = Tally()
        twice.add(want)
        twice.add(want)
        assert tally == twice
        assert_same_reports(want, got, shown)


def assert_same_reports(want: FileRecord, got: ShownRecord, shown: str) -> None:
    """The reports that read records of ``shown`` (``check``'s TEXT, ``lint``'s COUNTS)
    write the same from ``got`` as from the whole record."""
    import io

    from leanbridge.corpus.record import Plan
    from leanbridge.formats.text import CheckText, LintText

    plan = Plan([(want.file, 0)], [])
    makers = [lambda out: CheckText(plan, out)]
    if shown == COUNTS:
        makers = [
            lambda out, i=i, lab=lab: LintText(plan, out, i, lab)
            for i in (False, True)
            for lab in (False, True)
        ]
    for make in makers:
        texts = []
        for r in (want, got):
            out = io.StringIO()
            w = make(out)
            w.add(r, 0)
            w.add(r, 1)  # a second file after the first
            tally = Tally()
            tally.add(r)
            tally.add(r)
            w.finish(tally)
            texts.append(out.getvalue())
        assert texts[0] == texts[1]


NAMES = ["a", "b", "xs", "ys"]
numbers = st.sampled_from(
    ["0", "1", "2", "7", "8.70", "70.1", "1.5e-3", "5%", "-3.2", "0.5", "1e45", "3.333", "1e-45"]
)
atoms = st.one_of(numbers.filter(lambda s: not s.startswith("-")), st.sampled_from(NAMES))


def _expr(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return atoms
    sub = _expr(depth - 1)
    return st.one_of(
        atoms,
        st.tuples(sub, st.sampled_from(["+", "-", "*", "/"]), sub).map(" ".join),
        st.tuples(st.sampled_from(["mean", "sum", "sqrt", "abs", "psd", "median"]), sub).map(
            lambda t: f"{t[0]}({t[1]})"
        ),
        sub.map(lambda s: f"p_z({s})"),
    )


checks = st.one_of(
    st.tuples(_expr(2), st.sampled_from(["==", "<", ">=", "~=", "!="]), _expr(1)).map(" ".join),
    st.tuples(_expr(2), _expr(1), st.sampled_from(["5%", "0.1", "0"])).map(
        lambda t: f"{t[0]} == {t[1]} ± {t[2]}"
    ),
    st.sampled_from(
        [
            "grim(a, 12)",
            "grimmer(a, b, 20)",
            "sqrt(2) ~= 1.414",
            "sqrt(a) * sqrt(a) == a",
            "p_z(1.96) < 0.05",
            "nope(a) > 1",
            "a / (b - b) > 1",
        ]
    ),
)


@st.composite
def claim_files(draw: st.DrawFn) -> str:
    lines = ["leanbridge: 1", "values:"]
    for name in NAMES:
        if name in ("xs", "ys"):
            items = ", ".join(f'"{x}"' for x in draw(st.lists(numbers, min_size=1, max_size=4)))
            lines.append(f"  {name}: {{value: [{items}]}}")
        else:
            lines.append(f'  {name}: {{value: "{draw(numbers)}"}}')
    lines.append("claims:")
    for i, check in enumerate(draw(st.lists(checks, min_size=1, max_size=4))):
        lines.append(f"  - id: c{i}")
        lines.append(f"    check: {json.dumps(check, ensure_ascii=False)}")
        if draw(st.booleans()):
            lines.append(f"    expect: {draw(st.sampled_from(['holds', 'fails']))}")
        if draw(st.booleans()):
            lines.append("    inputs: rounded")
        if draw(st.booleans()):
            lines.append('    source: "Table 1"')
        if draw(st.booleans()):
            codes = draw(st.lists(st.sampled_from(["LB003", "LB008", "LB015", "LB999"])))
            lines.append(f"    lint: {{ignore: [{', '.join(codes)}]}}")
    return "\n".join(lines) + "\n"


@SETTINGS
@given(claim_files())
def test_random_files_give_the_same_records(text: str) -> None:
    assert_same_record(evaluate_file(load_claim_text("fuzz.yaml", text)))


def _repository_claim_files() -> list[Path]:
    roots = [REPO / "claims", REPO / "tests" / "lint" / "fixtures", REPO / "tests" / "fixtures"]
    return sorted(p for root in roots for p in root.rglob("*.yaml"))


@pytest.mark.parametrize("path", _repository_claim_files(), ids=lambda p: p.name)
def test_repository_files_give_the_same_records(path: Path) -> None:
    try:
        fr = evaluate_file(load_claim_file(str(path)))
    except Exception:  # not a claim file
        pytest.skip("not a claim file")
    assert_same_record(fr)


def test_corpus_files_give_the_same_records(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate_corpus import generate

    for path in generate(tmp_path / "corpus", 400, per_file=200, seed=7):
        assert_same_record(evaluate_file(load_claim_file(str(path))))


# --- decimal_text as it was -------------------------------------------------------------


def _ref_decimal_text(q: Fraction, digits: int = display.DECIMAL_DIGITS) -> str:
    quick = _ref_terminating_text(q)
    if quick is not None:
        return quick
    e = display._exponent(q) if q != 0 else 0
    if not -display.FIXED_DIGITS <= e < display.FIXED_DIGITS:
        return display._scientific(q, digits, e)
    places = display._terminating_digits(q.denominator)
    if places is not None and places <= 40:
        return _ref_fixed(q, places)
    return "~" + _ref_fixed(q, max(digits - 1 - e, 1))


def _ref_terminating_text(q: Fraction) -> str | None:
    num, den = q.numerator, q.denominator
    a = -num if num < 0 else num
    if a >= 10**display.FIXED_DIGITS * den or a * 10**display.FIXED_DIGITS < den:
        return None
    places = display._terminating_digits(den)
    if places is None or places > display.FIXED_DIGITS:
        return None
    factor = 10**places // den
    sign = "-" if num < 0 else ""
    if places == 0:
        return sign + str(a)
    text = str(a * factor).rjust(places + 1, "0")
    frac = text[-places:].rstrip("0")
    return sign + text[:-places] + ("." + frac if frac else "")


def _ref_fixed(q: Fraction, places: int) -> str:
    scaled = abs(q) * 10**places
    n = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    sign = "-" if q < 0 and n else ""
    text = str(n).rjust(places + 1, "0")
    if places == 0:
        return sign + text
    whole, frac = text[:-places], text[-places:]
    if display._terminating_digits(q.denominator) is not None:
        frac = frac.rstrip("0")
    return sign + whole + ("." + frac if frac else "")


denominators = st.one_of(
    st.integers(1, 10**6),
    st.builds(
        lambda a, b, c: 2**a * 5**b * c,
        st.integers(0, 60),
        st.integers(0, 60),
        st.sampled_from([1, 1, 3, 7, 9, 11, 13, 21]),
    ),
)
fractions = st.builds(
    lambda n, d, s: Fraction(n, d) * Fraction(10) ** s,
    st.integers(-(10**12), 10**12),
    denominators,
    st.integers(-50, 50),
)


@SETTINGS
@given(st.lists(fractions, min_size=1, max_size=4), st.integers(3, 20))
def test_decimal_text_as_it_was(qs: list[Fraction], digits: int) -> None:
    for q in qs + qs:  # the second time from what was remembered
        assert display.decimal_text(q) == _ref_decimal_text(q)
        assert display.decimal_text(q, digits) == _ref_decimal_text(q, digits)


@SETTINGS
@given(st.lists(fractions, min_size=1, max_size=4))
def test_records_decimal_is_decimal_text(qs: list[Fraction]) -> None:
    """``_decimal`` (the records' decimal text, in one step for values that do not
    terminate) is ``decimal_text`` as it was, for any fraction (and through ``_real_text``,
    remembered or not)."""
    for q in qs:
        for x in (q, -q, 1 / q if q else q):
            assert _decimal(x) == _ref_decimal_text(x)
            proc._DECIMALS.clear()
            assert _real_text(x) == _real_text(x) == _ref_decimal_text(x)


def test_records_decimal_at_its_edges() -> None:
    """Around its bounds: terms of 132 and 133 bits, values near powers of ten (where the
    exponent and the rounding carry change), near 10**-40 and 10**40, tiny and huge."""
    qs = [Fraction(0), Fraction(1, 3), Fraction(2**132 - 1, 3), Fraction(2**132 + 1, 3)]
    qs += [
        Fraction(1, 3 * 2**131),
        Fraction(7, 2**133),
        Fraction(3, 2**140),
        Fraction(1, 2**132 - 1),
    ]
    for k in range(-45, 46):
        for d in (3, 7, 9, 11, 2**45, 5**44, 3 * 2**41):
            for n in (1, 10**45):
                t = Fraction(10) ** k
                qs += [
                    t * Fraction(n - 1, n) if n > 1 else t,
                    t + Fraction(1, d),
                    t - Fraction(1, d),
                ]
                qs += [
                    t * Fraction(d - 1, d),
                    t * Fraction(d + 1, d),
                    Fraction(10**15 * d - 1, d) * t,
                ]
    for q in qs:
        for x in (q, -q):
            assert _decimal(x) == _ref_decimal_text(x) == display.decimal_text(x)


def test_decimal_text_of_thirds_and_sevenths() -> None:
    for n in range(-30, 31):
        for d in (3, 6, 7, 12, 14, 21, 70, 700, 3 * 2**45, 7 * 5**45):
            q = Fraction(n, d)
            assert display.decimal_text(q) == _ref_decimal_text(q)


@SETTINGS
@given(st.integers(), st.integers(1), st.sampled_from([0, 1, 14_000, 20_000]))
def test_fraction_text_as_it_was(num: int, den: int, shift: int) -> None:
    q = Fraction(num * 2**shift, den)
    want = display.int_text(q.numerator)
    want = want if q.denominator == 1 else f"{want}/{display.int_text(q.denominator)}"
    assert display.fraction_text(q) == want


@pytest.mark.parametrize("command", ["check", "lint"])
def test_text_reports_without_the_cache_as_with_it(command: str, tmp_path: Path) -> None:
    """A text run without the cache makes records of what it shows only (and with
    ``--jobs 2`` too): the same report as a run that builds whole records for the cache."""
    from click.testing import CliRunner

    from leanbridge.cli import cli

    paths = [str(REPO / "claims"), str(REPO / "tests" / "lint" / "fixtures")]
    runner = CliRunner()
    cached = runner.invoke(cli, [command, "--cache", str(tmp_path / "c"), *paths])
    assert cached.output.strip()
    for extra in ([], ["--jobs", "2"], ["--output", f"text={tmp_path / 'out.txt'}"]):
        lean = runner.invoke(cli, [command, "--no-cache", *extra, *paths])
        assert (lean.exit_code, lean.output) == (cached.exit_code, cached.output)


def test_decimal_text_at_the_fixed_bounds() -> None:
    """Around 10**40 and 10**-40, and at 2**132 (the bit lengths below which the bounds are
    not computed), ``decimal_text`` is the definition as it was."""
    edges = [10**40, 2**132, 2**131, 2**133, 10**39]
    for n in edges:
        for d in (-1, 0, 1):
            for q in (
                Fraction(n + d),
                Fraction(1, n + d),
                Fraction(3 * (n + d), 2),
                Fraction(5, n + d),
            ):
                for x in (q, -q):
                    assert display.decimal_text(x) == _ref_decimal_text(x)
    assert display.decimal_text(Fraction(0)) == _ref_decimal_text(Fraction(0)) == "0"


_STYLES = st.sampled_from(["plain", "single", "double", "block", "folded"])


def _ref_pos(locator, span):  # type: ignore[no-untyped-def]
    """``CheckLocator.pos`` as it was, the oracle of ``line_col``."""
    from leanbridge.errors import Pos

    if span is None or not locator.exact:
        return locator.start
    before = locator.value[: span.start]
    newlines = before.count("\n")
    if newlines == 0:
        return Pos(locator.start.line, locator.start.col + span.start)
    return Pos(locator.start.line + newlines, len(before) - before.rfind("\n"))


@SETTINGS
@given(
    style=_STYLES,
    lines=st.lists(
        st.sampled_from(["a", "a + 1", "  b", "x == 1", "", "é"]), min_size=1, max_size=4
    ),
    data=st.data(),
)
def test_line_col_is_the_locator_position(style: str, lines: list[str], data) -> None:  # type: ignore[no-untyped-def]
    """``locator.line_col(span)`` (the emitter's) and ``locator.pos(span)`` are the position
    as ``pos`` worked it out before ``line_col`` (``_ref_pos``): exact and inexact locators
    (quoted, block, folded scalars), spans on every line of the check."""
    from leanbridge.errors import Span

    body = "\n".join(lines)
    if style == "plain":
        check = " " + " ".join(x.strip() or "c" for x in lines)
    elif style == "single":
        check = " '" + body.replace("'", "''") + "'"
    elif style == "double":
        check = ' "' + body.replace("\\", "\\\\").replace('"', '\\"') + '"'
    else:
        check = (" |" if style == "block" else " >") + "\n" + "\n".join("      " + x for x in lines)
    text = "leanbridge: 1\nclaims:\n  - id: c\n    check:" + check + "\n"
    try:
        loaded = load_claim_text("t.yaml", text)
    except Exception:
        return
    for lc in loaded.claims:
        locator = lc.locator
        n = len(locator.value)
        start = data.draw(st.integers(0, n))
        span = Span(start, data.draw(st.integers(start, n)))
        got = locator.line_col(span)
        p = _ref_pos(locator, span)
        assert got == (p.line, p.col)
        assert locator.line_col(span) == (p.line, p.col)  # asked again: the same
        assert locator.pos(span) == p


@SETTINGS
@given(
    st.lists(st.sampled_from(["a", "a + 1", "  b", "", "é"]), min_size=1, max_size=4),
    st.booleans(),
    st.integers(1, 9),
    st.integers(1, 9),
    st.data(),
)
def test_line_col_of_a_made_locator(  # type: ignore[no-untyped-def]
    lines: list[str], exact: bool, line: int, col: int, data
) -> None:
    """``line_col`` of a locator made with its start (not from a scalar), exact or not, its
    value on one line or several, is the position ``_ref_pos`` works out."""
    from leanbridge.claims.loader import CheckLocator
    from leanbridge.errors import Pos, Span

    value = "\n".join(lines)
    locator = CheckLocator(Pos(line, col), tuple(lines), exact, value)
    start = data.draw(st.integers(0, len(value) + 2))
    span = Span(start, data.draw(st.integers(start, len(value) + 2)))
    p = _ref_pos(locator, span)
    assert locator.line_col(span) == (p.line, p.col)


@SETTINGS
@given(st.fractions(), st.fractions(min_value=0))
def test_interval_text_as_real_text(lo: Fraction, width: Fraction) -> None:
    """The text line's interval (its midpoint made in integers) is ``real_text``'s."""
    x = Interval(lo, lo + width)
    display._RECENT.clear()
    assert _real_text(x) == display.real_text(x)


@SETTINGS
@given(
    st.lists(st.integers(-(2**70), 2**70), min_size=2, max_size=3),
    st.lists(st.sampled_from([1, 2, 3, 2**64, 2**65, 5**30, 2**300]), min_size=2, max_size=3),
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 2)), max_size=12),
)
def test_interval_texts_kept_by_their_bounds(
    nums: list[int], dens: list[int], picks: list[tuple[int, int, int]]
) -> None:
    """``_real_text`` of an interval, kept by its bounds' four terms (``_MIDPOINTS``), is
    ``real_text``'s whichever intervals were shown before: intervals that share some of
    their terms, each shown twice, the table cleared or not (and bounds of over 256 bits,
    which are not kept)."""
    proc._MIDPOINTS.clear()
    for i, j, k in picks:
        lo = Fraction(nums[i % len(nums)], dens[j % len(dens)])
        hi = lo + Fraction(1 + abs(nums[k % len(nums)]) % 5, dens[k % len(dens)])
        for x in (Interval(lo, hi), Interval(-hi, -lo), Interval(lo, lo)):
            display._RECENT.clear()
            want = display.real_text(x)
            assert _real_text(x) == want
            assert _real_text(x) == want


@SETTINGS
@given(st.lists(fractions, min_size=1, max_size=4))
def test_fast_decimal_is_decimal_text(qs: list[Fraction]) -> None:
    """``_fast_decimal`` (from a value's terms, its denominator's scale remembered) is
    ``decimal_text`` as it was, remembered or not, and so are texts of intervals made
    from the terms of their midpoints."""
    for q in qs:
        for x in (q, -q, 1 / q if q else q, q * Fraction(10) ** 38, q / 10**37):
            want = _ref_decimal_text(x)
            proc._SCALE_OF.clear()
            assert proc._fast_decimal(x.numerator, x.denominator) == want
            assert proc._fast_decimal(x.numerator, x.denominator) == want
        for hi in (q, q + Fraction(1, 3), q * 2 + 1, q + Fraction(1, 2**70)):
            lo, hi = min(q, hi), max(q, hi)
            mid = (lo + hi) / 2
            assert _real_text(Interval(lo, hi)) == "~" + _ref_decimal_text(mid).lstrip("~")


@SETTINGS
@given(
    st.integers(0, 131),
    st.integers(0, 56),
    st.sampled_from([1, 1, 1, 3, 7, 9, 11, 13, 21, 2**61 - 1]),
    st.integers(1, 2**132 - 1),
)
def test_scale_is_places(twos: int, fives: int, odd: int, any_den: int) -> None:
    """``_scale`` (the powers of two shifted out, the odd part looked up among powers of
    five) gives ``_terminating_digits``'s places, and the factor within 40 places."""
    dens = [any_den, any_den & -any_den, 2**twos, 5**fives, 2**twos * 5**fives * odd]
    for den in dens:
        if den >= 2**132:
            continue
        places = display._terminating_digits(den)
        fits = places is not None and places <= display.FIXED_DIGITS
        assert proc._scale(den) == (places, 10**places // den if fits else 0), den


@SETTINGS
@given(
    st.integers(-(2**70), 2**70),
    st.integers(1, 2**66),
    st.sampled_from([1, 2, 3, 10, 2**20, 5**9, 7 * 2**30]),
    st.integers(0, 70),
)
def test_rounded_text_is_the_reduced_ones(num: int, den: int, common: int, bits: int) -> None:
    """``_rounded_text`` (from terms not in lowest terms) is, when it gives a text, what
    the reduced terms give; and an interval of a root's kind of bounds (``s / 2**k``,
    ``(s + 1) / 2**k``, each in lowest terms) is shown as ``real_text`` shows it."""
    q = Fraction(num, den)
    text = proc._rounded_text(num * common, den * common)
    if text is not None:
        assert text == "~" + _ref_decimal_text(q).lstrip("~")
    x = Interval(Fraction(num, 2**bits), Fraction(num + 1, 2**bits))
    display._RECENT.clear()
    assert _real_text(x) == display.real_text(x)
    y = Interval(q, q + Fraction(1, den * common))
    display._RECENT.clear()
    assert _real_text(y) == display.real_text(y)


def test_fast_decimal_at_its_edges() -> None:
    """``_fast_decimal`` around its bounds (terms of 132 and 133 bits, powers of ten,
    terminating beyond 40 places, rounding carries) is ``decimal_text`` as it was."""
    qs = [Fraction(1, 3), Fraction(2**132 - 1, 3), Fraction(2**132 + 1, 3), Fraction(1, 2**132)]
    qs += [Fraction(1, 2**131), Fraction(7, 2**133), Fraction(3, 2**41), Fraction(3, 5**41)]
    qs += [Fraction(999999999999999949, 10**17 * 3), Fraction(2**132 - 1, 2**131)]
    for k in range(-41, 41):
        t = Fraction(10) ** k
        for d in (3, 7, 2**45, 5**44, 3 * 2**41, 1):
            qs += [
                t,
                t + Fraction(1, d),
                t - Fraction(1, d),
                t * Fraction(d - 1, d) if d > 1 else t,
            ]
    for q in qs:
        for x in (q, -q):
            assert proc._fast_decimal(x.numerator, x.denominator) == _ref_decimal_text(x), x


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, "claim", "pos", "pos0"]),
            st.integers(0, 12),
            st.sampled_from([None, "", "c1", "other"]),
            st.sampled_from(["LB003", "LB008", "LB015"]),
            st.sampled_from(["warning", "error", "info"]),
            st.sampled_from(["m", "a message [x]", "é\r\n"]),
            st.booleans(),
            st.integers(0, 2),
        ),
        max_size=12,
    )
)
def test_text_emitter_is_the_item_emitter(cases: list) -> None:  # type: ignore[type-arg]
    """``TextItemEmitter.emit`` is ``_text_finding`` of what ``ItemEmitter.emit`` passes its
    ``make``: claim and file findings, at a position, a span or the claim's own position
    (remembered for the claim), with and without a claim id, ignored or not."""
    from leanbridge.errors import Pos, Span
    from leanbridge.lint.base import Finding
    from leanbridge.lint.registry import RULES

    text = (
        'leanbridge: 1\nvalues:\n  a: {value: "1.5"}\nclaims:\n'
        '  - id: c0\n    check: "a + a == 3"\n'
        "  - id: c1\n    check: |\n      a *\n      2 == 3\n"
        "  - id: c2\n    check: 'a ==\n\n      1.5'\n"
    )
    fr = evaluate_file(load_claim_text("d/t.yaml", text))

    class Args(proc.ItemEmitter):
        make = staticmethod(lambda *args: args)  # type: ignore[assignment]

    oracle, fast = Args("d/t.yaml"), proc.TextItemEmitter("d/t.yaml")
    for where, at, claim_id, code, severity, message, ignored, which in cases:
        rule = dataclasses.replace(RULES[code], severity=severity)
        cr = fr.claims[which] if where is not None else None
        n = len(cr.loaded.locator.value) if cr is not None else 0
        finding = Finding(
            message,
            pos=Pos(at + 1, at) if where == "pos" else Pos(0, 0) if where == "pos0" else None,
            span=Span(min(at, n), n) if where == "claim" and at % 2 else None,
            claim_id=claim_id,
        )
        want = proc._text_finding(*oracle.emit(rule, finding, cr, ignored))
        assert fast.emit(rule, finding, cr, ignored) == want
        assert fast.emit(rule, finding, cr, ignored) == want  # from what it remembered


@SETTINGS
@given(st.lists(st.text(alphabet="ab\r\n\u00e9\ud800", max_size=9), max_size=30), st.data())
def test_spool_gives_what_was_put(items: list[str], data) -> None:  # type: ignore[no-untyped-def]
    """A spool's chunks are the items put, joined, whether they stayed in memory or went
    to a file (and in how many pieces), lone surrogates and line breaks kept."""
    from leanbridge.formats import stream

    memory = data.draw(st.sampled_from([1, 5, 40, 1 << 20]))
    chunk = data.draw(st.sampled_from([1, 3, 1 << 16]))
    old = stream.SPOOL_MEMORY, stream.CHUNK
    stream.SPOOL_MEMORY, stream.CHUNK = memory, chunk
    try:
        spool = stream.Spool()
        for item in items:
            spool.put(item)
        assert spool.count == len(items) and bool(spool) == bool(items)
        assert "".join(spool.chunks()) == "".join(items)
    finally:
        stream.SPOOL_MEMORY, stream.CHUNK = old
