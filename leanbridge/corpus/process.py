"""One claim file -> check + lint -> :class:`FileRecord` (the heavy side of corpus mode).

The per-claim text and JSON pieces live here, next to the record that holds them; the
renderers in :mod:`leanbridge.formats` only concatenate and count.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from leanbridge.claims.loader import DataLoader, load_claim_file
from leanbridge.corpus.record import (
    CorpusRun,
    FileRecord,
    Item,
    ShownRecord,
    Tally,
    diagnostic_item,
)
from leanbridge.errors import Diagnostic, Pos
from leanbridge.lint.base import Finding, Rule
from leanbridge.lint.engine import LintResult, lint_with
from leanbridge.lint.labels import EvidenceLabel
from leanbridge.pipeline import ClaimResult, FileResult, evaluate_file
from leanbridge.semantics.display import (
    DECIMAL_DIGITS,
    FIXED_DIGITS,
    _places,
    _terminating_text,
    decimal_text,
    fraction_text,
    real_json,
    witness_json,
    witness_text,
)
from leanbridge.semantics.reals import Interval, Real

if TYPE_CHECKING:
    from leanbridge.lint.command import LintRun


def claim_line(c: ClaimResult, label: str | None = None) -> str:
    """The claim's line of the text report (``claim_item``'s text)."""
    return claim_item(c, label, TEXT)["text"]  # type: ignore[no-any-return]


def claim_json(c: ClaimResult) -> dict[str, Any]:
    """The claim's exact verdict (``FileRecord.full_claims`` adds its evidence and findings)."""
    return claim_item(c)["json"]  # type: ignore[no-any-return]


def finding_line(d: Diagnostic, ignored: bool = False) -> str:
    """``FILE:LINE:COL: LB001 [claim-id] message`` (no severity word: the code implies it)."""
    return finding_item(d, ignored)["text"]  # type: ignore[no-any-return]


# (numerator, denominator) -> (fraction_text, decimal_text) of the values shown lately:
# targets, tolerances and recomputed values recur across the claims of a corpus.
_TEXTS: dict[tuple[int, int], tuple[str, str]] = {}
_TEXTS_KEPT = 4096
_TEXT_KEY_BITS = 256  # larger values are not kept
_DECIMALS: dict[tuple[int, int], str] = {}  # the same, decimal_text only (text reports)


def _remembered(table: dict[tuple[int, int], Any], q: Fraction, make: Any) -> Any:
    """``make(q)``, kept in ``table`` by (numerator, denominator) for values up to
    ``_TEXT_KEY_BITS`` bits (at most ``_TEXTS_KEPT`` of them, then the table starts over)."""
    key = (q.numerator, q.denominator)
    made = table.get(key)
    if made is None:
        made = make(q)
        _keep(table, key, made)
    return made


def _keep(table: dict[tuple[int, ...], Any], key: tuple[int, ...], made: Any) -> None:
    """Keep ``made`` in ``table`` under ``key`` (integer terms) when every term has at most
    ``_TEXT_KEY_BITS`` bits; a table of ``_TEXTS_KEPT`` entries starts over."""
    if max(map(int.bit_length, key)) <= _TEXT_KEY_BITS:
        if len(table) >= _TEXTS_KEPT:
            table.clear()
        table[key] = made


def _both_texts(q: Fraction) -> tuple[str, str]:
    return fraction_text(q), _decimal(q)


_SMALL_BITS = 132  # 2**132 < 10**40: a value of such terms is shown in fixed notation


def _decimal(q: Fraction) -> str:
    """``decimal_text(q)``, in integers here for a value that does not terminate within 40
    places (a mean, a margin, an interval's midpoint): its exponent from the length of an
    integer quotient rather than by comparing powers of ten, and its digits in one step.

    Such a ``q`` (nonzero, both terms under 2**132, so ``10**-40 < |q| < 10**40``) is shown
    by ``decimal_text`` as ``"~" + _fixed(q, max(DECIMAL_DIGITS - 1 - e, 1))``; any other
    ``q`` is left to it."""
    quick = _terminating_text(q)  # decimal_text's first step
    if quick is not None:
        return quick
    num, den = q._numerator, q._denominator  # read as lint/compiled.py does
    if not num or num.bit_length() > _SMALL_BITS or den.bit_length() > _SMALL_BITS:
        return decimal_text(q)
    a = -num if num < 0 else num
    if a >= den:  # e = floor(log10(a / den)), with 10**e <= a/den < 10**(e+1)
        e = len(str(a // den)) - 1
    else:  # f = floor(log10(den / a)); a/den = 10**-f only when den = a * 10**f
        f = len(str(den // a)) - 1
        e = -f if den == a * 10**f else -f - 1
    places = DECIMAL_DIGITS - 1 - e
    if places < 1:
        places = 1
    n = (2 * a * 10**places + den) // (2 * den)  # a/den * 10**places, rounded half up
    text = str(n).rjust(places + 1, "0")
    frac = text[-places:]
    if _places(den) is not None:  # terminates, beyond 40 places: no trailing zeros
        frac = frac.rstrip("0")
    return ("~-" if num < 0 and n else "~") + text[:-places] + ("." + frac if frac else "")


# denominator -> (places, 10**places // den) when n/den terminates within FIXED_DIGITS
# places, else (places or None, 0): _fast_decimal's one look-up per value
_SCALE_OF: dict[int, tuple[int | None, int]] = {}


def _fast_decimal(num: int, den: int) -> str:
    """``_decimal(q)`` (so ``decimal_text(q)``) of ``q = num / den`` given in lowest terms
    (``den > 0``), the denominator's places and scale read from one memo rather than by
    ``_terminating_text`` and then ``_places`` again, and no Fraction made.

    For ``q`` with a nonzero numerator and both terms under 2**132 (``10**-40 < |q| <
    10**40``: fixed notation): a value that terminates within 40 places is written as
    ``_terminating_text`` writes it, any other as ``_decimal``'s second step; any other
    ``q`` is left to ``_decimal``."""
    if not num or num.bit_length() > _SMALL_BITS or den.bit_length() > _SMALL_BITS:
        return _decimal(Fraction(num, den))
    scale = _SCALE_OF.get(den)
    if scale is None:
        scale = _scale(den)
        if len(_SCALE_OF) < _TEXTS_KEPT:
            _SCALE_OF[den] = scale
    places, factor = scale
    if factor:  # terminates: _terminating_text
        if not places:  # an integer: its sign and digits
            return str(num)
        if num < 0:
            text = str(-num * factor).rjust(places + 1, "0")  # type: ignore[operator]
            frac = text[-places:].rstrip("0")
            return f"-{text[:-places]}.{frac}" if frac else "-" + text[:-places]
        text = str(num * factor).rjust(places + 1, "0")  # type: ignore[operator]
        frac = text[-places:].rstrip("0")
        return f"{text[:-places]}.{frac}" if frac else text[:-places]
    n, text, shown = _rounded(-num if num < 0 else num, den)
    frac = text[-shown:]
    if places is not None:  # terminates, beyond 40 places: no trailing zeros
        frac = frac.rstrip("0")
        if not frac:
            return ("~-" if num < 0 and n else "~") + text[:-shown]
    return f"{'~-' if num < 0 and n else '~'}{text[:-shown]}.{frac}"


def _rounded(a: int, den: int) -> tuple[int, str, int]:
    """``a / den`` (``0 < a``, ``0 < den``, both under 2**132: 10**-40 < a/den < 10**40)
    rounded to DECIMAL_DIGITS significant digits, as in ``_decimal``: the digits as an
    integer ``n``, its text padded to one digit before the point, and how many of its
    digits are shown after the point."""
    if a >= den:
        e = len(str(a // den)) - 1
    else:
        f = len(str(den // a)) - 1
        e = -f if den == a * _POW10[f] else -f - 1
    shown = DECIMAL_DIGITS - 1 - e
    if shown < 1:
        shown = 1
    n = (2 * a * _POW10[shown] + den) // (2 * den)
    return n, str(n).rjust(shown + 1, "0"), shown


# 5**b -> b for the powers of five under 2**132 (5**56 < 2**132 < 5**57)
_FIVES = {5**b: b for b in range(57)}


def _scale(den: int) -> tuple[int | None, int]:
    """``_SCALE_OF``'s entry for ``0 < den < 2**132``: ``(places, factor)`` with ``places =
    _places(den)`` (``den = 2**a * 5**b`` terminates after ``max(a, b)`` places), and the
    factor when that is within FIXED_DIGITS places, else 0.  The powers of two shifted
    out and the odd part looked up, rather than ``_terminating_digits``'s power of five
    and generator (a test holds the two equal)."""
    twos = (den & -den).bit_length() - 1
    fives = _FIVES.get(den >> twos)
    if fives is None:
        return None, 0
    places = twos if twos > fives else fives
    return places, 10**places // den if places <= FIXED_DIGITS else 0


# 10**k for the exponents _fast_decimal meets: k <= 40 + DECIMAL_DIGITS
_POW10 = tuple(10**k for k in range(FIXED_DIGITS + DECIMAL_DIGITS + 1))


def _real_parts(x: Real | None) -> tuple[dict[str, str] | None, str | None]:
    """``(real_json(x), real_text(x))``, the text worked out once."""
    if x is None:
        return None, None
    if x.__class__ is Fraction:
        texts = _remembered(_TEXTS, x, _both_texts)  # type: ignore[arg-type]
        return {"fraction": texts[0], "decimal": texts[1]}, texts[1]
    if isinstance(x, Interval):
        j = real_json(x)
        return j, j["decimal"]  # type: ignore[index]
    text = decimal_text(x)  # real_text of an exact value
    return {"fraction": fraction_text(x), "decimal": text}, text


# What a record's claims hold (``checked_record``'s ``shown``): everything (the cache and
# every format); the text line and the counts (``check`` printing text only, no cache);
# the counts only (``lint`` printing text only, no cache: no claim line is shown).
FULL, TEXT, COUNTS = "full", "text", "counts"


def _real_text(x: Real | None) -> str | None:
    """``_real_parts(x)[1]`` without the JSON."""
    if x is None:
        return None
    if x.__class__ is Fraction:  # _remembered(_DECIMALS, x, _decimal), inline (hot: no call)
        num, den = x._numerator, x._denominator  # type: ignore[union-attr]
        key = (num, den)
        text = _DECIMALS.get(key)
        if text is None:
            text = _fast_decimal(num, den)
            if num.bit_length() <= _TEXT_KEY_BITS and den.bit_length() <= _TEXT_KEY_BITS:
                if len(_DECIMALS) >= _TEXTS_KEPT:
                    _DECIMALS.clear()
                _DECIMALS[key] = text
        return text
    if isinstance(x, Interval):  # real_text(x)
        lo, hi = x.lo, x.hi
        if lo.__class__ is Fraction and hi.__class__ is Fraction:
            # Kept by the bounds' terms: a list's `sd` or `sqrt(var(...))` is shown by
            # several claims of a file, each its own Root of the same bounds (~21k each).
            key4 = (lo._numerator, lo._denominator, hi._numerator, hi._denominator)
            text = _MIDPOINTS.get(key4)
            if text is None:
                text = _midpoint_text(*key4)
                _keep(_MIDPOINTS, key4, text)  # type: ignore[arg-type]
            return text
        ld, hd = lo.denominator, hi.denominator
        mid = Fraction(lo.numerator * hd + hi.numerator * ld, 2 * ld * hd)
        return "~" + _decimal(mid).lstrip("~")
    return _decimal(x)  # type: ignore[arg-type]


# (lo's numerator, denominator, hi's numerator, denominator) -> _midpoint_text of them:
# _real_text's texts of intervals of Fraction bounds, as _DECIMALS
_MIDPOINTS: dict[tuple[int, int, int, int], str] = {}


def _midpoint_text(ln: int, ld: int, hn: int, hd: int) -> str:
    """``real_text(Interval(Fraction(ln, ld), Fraction(hn, hd)))`` (terms in lowest terms,
    ``ld, hd > 0``): the midpoint's terms made with one gcd at most."""
    # The midpoint's terms, over the larger denominator when one divides the other (a
    # square root's bounds: powers of two), not yet in lowest terms.
    if ld == hd:
        num, den = ln + hn, 2 * ld
    elif hd > ld and not hd % ld:
        num, den = ln * (hd // ld) + hn, 2 * hd
    elif ld > hd and not ld % hd:
        num, den = ln + hn * (ld // hd), 2 * ld
    else:
        num, den = ln * hd + hn * ld, 2 * ld * hd
    text = _rounded_text(num, den)
    if text is not None:
        return text
    g = gcd(num, den)  # den > 0: the terms of Fraction(num, den)
    return "~" + _fast_decimal(num // g, den // g).lstrip("~")


def _rounded_text(num: int, den: int) -> str | None:
    """``"~" + _fast_decimal(n, d).lstrip("~")`` for ``num / den = n / d`` (``den > 0``,
    ``d`` in lowest terms) when that is the value rounded to DECIMAL_DIGITS digits and
    ends in a nonzero digit, worked out from ``num`` and ``den`` as they are: no gcd.
    Each step of ``_fast_decimal``'s rounding depends on the value only, and so does
    "terminates within 40 places" (``num * 10**40 % den == 0``); whether it terminates
    at all (trailing zeros dropped) does not matter to a text ending in a nonzero digit.
    None for any other value (zero, terms of over 132 bits, terminating within 40
    places, a last digit 0): the caller reduces the terms then."""
    a = -num if num < 0 else num
    if not a or a.bit_length() > _SMALL_BITS or den.bit_length() > _SMALL_BITS:
        return None
    if not a * _POW10[FIXED_DIGITS] % den:
        return None
    _, text, shown = _rounded(a, den)  # the lowest terms are under 2**132 too
    if text[-1] == "0":
        return None
    return f"{'~-' if num < 0 else '~'}{text[:-shown]}.{text[-shown:]}"


def claim_item(c: ClaimResult, label: str | None = None, shown: str = FULL) -> Item:
    """A claim's JSON (``claim_json``) and text line (``claim_line``), each value's text made
    once.

    ``shown`` TEXT or COUNTS: the JSON holds only what :class:`Tally` counts (id, verdict,
    as_expected); COUNTS: no text either (None)."""
    o = c.outcome
    lc = c.loaded
    claim = lc.claim
    verdict = o.verdict
    expect = claim.expect
    expected = expect or "holds"
    as_expected = verdict == expected or (verdict == "consistent" and expected == "holds")
    if shown != FULL:
        counted = {"id": claim.id, "verdict": verdict, "as_expected": as_expected}
        return {"json": counted, "text": _shown_claim(c, label, shown)[2]}
    lhs, lhs_text = _real_parts(o.lhs)
    rhs, rhs_text = _real_parts(o.rhs)
    tolerance, tolerance_text = _real_parts(o.tolerance)
    margin, margin_text = _real_parts(o.margin)
    json = {
        "file": c.file,
        "id": claim.id,
        "line": lc.pos.line,
        "col": lc.pos.col,
        "check": claim.check,
        "verdict": verdict,
        "expected": expected,
        "as_expected": as_expected,
        "lhs": lhs,
        "rhs": rhs,
        "tolerance": tolerance,
        "margin": margin,
        "message": o.message,
        "notes": list(o.notes),
        "witness_true": witness_json(o.witness_true),
        "witness_false": witness_json(o.witness_false),
    }
    line = _line(
        c, label, verdict, expect, expected, as_expected, lhs_text, rhs_text, tolerance_text,
        margin_text,
    )  # fmt: skip
    return {"json": json, "text": line}


def _line(
    c: ClaimResult,
    label: str | None,
    verdict: str,
    expect: str | None,
    expected: str,
    as_expected: bool,
    lhs_text: str | None,
    rhs_text: str | None,
    tolerance_text: str | None,
    margin_text: str | None,
) -> str:
    """``claim_item``'s text line, given what it has worked out (each value's text)."""
    o = c.outcome
    lc = c.loaded
    pos = lc.pos
    head = f"{c.file}:{pos.line}:{pos.col}: {verdict:<9} {lc.claim.id}"
    if label:
        head += f" [{label}]"
    if verdict == "error":
        return f"{head}  (see the error below)"
    if verdict == "undecided":
        return f"{head}  {o.message}"
    if verdict == "consistent":
        return (
            f"{head}  {o.message}: true at {witness_text(o.witness_true)}; "
            f"false at {witness_text(o.witness_false)}"
        )
    detail = ""
    if lhs_text is not None and rhs_text is not None:  # sides_text(o)
        detail = f"  {lhs_text} vs {rhs_text}"
        if tolerance_text is not None:
            if isinstance(o.tolerance, Interval):  # sides_text shows it with decimal_text
                tolerance_text = decimal_text(o.tolerance)  # type: ignore[arg-type]
            shown_margin = f", margin {margin_text}" if margin_text is not None else ""
            detail += f" (tolerance {tolerance_text}{shown_margin})"
    if o.notes:
        detail += "  " + "; ".join(o.notes)
    if expect and not as_expected:
        detail += f"  UNEXPECTED: expected {expected}"
    elif expect == "fails":
        detail += "  (expected to fail)"
    return head + detail


def _shown_claim(c: ClaimResult, label: str | None, shown: str) -> tuple[str, bool, str | None]:
    """``(verdict, as_expected, text)`` of ``claim_item(c, label, shown)`` for ``shown``
    TEXT or COUNTS (no text), without its dicts."""
    o = c.outcome
    claim = c.loaded.claim
    verdict = o.verdict
    expect = claim.expect
    expected = expect or "holds"
    as_expected = verdict == expected or (verdict == "consistent" and expected == "holds")
    if shown == COUNTS:
        return verdict, as_expected, None
    # Only the texts that _line shows: none for a verdict it words without the sides or
    # for a side missing, no margin without a tolerance.
    lhs, rhs, tolerance = o.lhs, o.rhs, o.tolerance
    lhs_text = rhs_text = tolerance_text = margin_text = None
    if lhs is not None and rhs is not None and verdict not in _WORDED:
        lhs_text, rhs_text = _real_text(lhs), _real_text(rhs)
        if tolerance is not None:
            tolerance_text, margin_text = _real_text(tolerance), _real_text(o.margin)
    line = _line(
        c, label, verdict, expect, expected, as_expected, lhs_text, rhs_text, tolerance_text,
        margin_text,
    )  # fmt: skip
    return verdict, as_expected, line


_WORDED = frozenset(("error", "undecided", "consistent"))  # _line shows no side of these
# The verdicts _line shows with their sides, each as its head shows it (f"{verdict:<9}")
_DECIDED = {verdict: f"{verdict:<9}" for verdict in ("holds", "fails")}


def finding_item(d: Diagnostic, ignored: bool = False) -> Item:
    """``{"json": d.to_json(), "text": finding_line(d, ignored)}``, made here."""
    line, col = (d.pos.line, d.pos.col) if d.pos else (None, None)
    return _finding_item(d.file, line, col, d.severity, d.code, d.claim_id, d.message, ignored)


Shown = tuple[tuple[int, int, str, str], str, str]  # (sort key, text line, severity)


def _finding_item(
    file: str,
    line: int | None,
    col: int | None,
    severity: str,
    code: str | None,
    claim_id: str | None,
    message: str,
    ignored: bool,
) -> Item:
    return {
        "json": {
            "file": file,
            "line": line,
            "col": col,
            "severity": severity,
            "code": code,
            "claim": claim_id,
            "message": message,
        },
        "text": _text_finding(file, line, col, severity, code, claim_id, message, ignored)[1],
    }


class ItemEmitter:
    """The linter's findings made straight into record items: what
    ``finding_item(d, ignored)`` gives for the Diagnostic ``lint_file`` would have made
    (no Diagnostic, and no highlighted context, which no record shows)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def emit(self, rule: Rule, finding: Finding, cr: ClaimResult | None, ignored: bool) -> Item:
        file, code, message = self.path, rule.code, finding.message
        pos = finding.pos
        span = None
        if cr is not None:
            loaded = cr.loaded
            if pos is None:
                span = finding.span
                if span is None:
                    pos = loaded.pos
            claim_id = finding.claim_id or loaded.claim.id
        else:
            claim_id = finding.claim_id or None
        line: int | None
        col: int | None
        if span is not None:  # locator.pos(span), without making the Pos
            line, col = loaded.locator.line_col(span)
        elif pos:
            line, col = pos.line, pos.col
        else:
            line = col = None
        return self.make(file, line, col, rule.severity, code, claim_id, message, ignored)

    make = staticmethod(_finding_item)

    def key(self, item: Item) -> tuple[int, int, str, str]:
        d = item["json"]
        line = d["line"]
        if line is None:
            return 0, 0, d["code"] or "", d["message"]
        return line, d["col"], d["code"] or "", d["message"]


def _text_finding(
    file: str,
    line: int | None,
    col: int | None,
    severity: str,
    code: str | None,
    claim_id: str | None,
    message: str,
    ignored: bool,
) -> Shown:
    """``ItemEmitter.key`` of ``_finding_item``'s item, the finding's line in the text
    reports (its one definition, for both kinds of item) and its severity: all that the
    text reports and :class:`Tally` read of it."""
    where = file if line is None else f"{file}:{line}:{col}"
    claim = f" [{claim_id}]" if claim_id else ""
    text = f"{where}: {code}{claim} {message}{' (ignored)' if ignored else ''}"
    if line is None:
        return (0, 0, code or "", message), text, severity
    return (line, col, code or "", message), text, severity  # type: ignore[return-value]


class TextItemEmitter(ItemEmitter):
    """For records whose findings only the text reports show (``shown`` TEXT or COUNTS):
    each finding as (its sort key, its text line, its severity), made in one step: what
    ``_text_finding`` makes of what ``ItemEmitter.emit`` passes it (a test holds the two
    equal).  A finding placed at its claim's own position (most are) reuses the
    ``FILE:LINE:COL`` made for that claim's first such finding: ``wheres`` keeps it, by
    the id of the claim's LoadedClaim, for the claim lines too."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.wheres: dict[int, str] = {}  # id(LoadedClaim) -> "FILE:LINE:COL" of its pos

    def emit(  # type: ignore[override]
        self, rule: Rule, finding: Finding, cr: ClaimResult | None, ignored: bool
    ) -> Shown:
        code, message = rule.code, finding.message
        pos = finding.pos
        if cr is not None:
            loaded = cr.loaded
            claim_id = finding.claim_id or loaded.claim.id
            if pos is None:
                span = finding.span
                if span is None:  # the claim's own position
                    pos = loaded.pos
                    if pos:
                        line, col = pos.line, pos.col
                        where = self.wheres.get(id(loaded))  # type: ignore[assignment]
                        if where is None:
                            where = self.wheres[id(loaded)] = f"{self.path}:{line}:{col}"
                    else:
                        line = col = 0
                        where = self.path
                else:
                    line, col = loaded.locator.line_col(span)
                    where = f"{self.path}:{line}:{col}"
            elif pos:
                line, col = pos.line, pos.col
                where = f"{self.path}:{line}:{col}"
            else:
                line = col = 0
                where = self.path
        else:
            claim_id = finding.claim_id
            if pos:
                line, col = pos.line, pos.col
                where = f"{self.path}:{line}:{col}"
            else:
                line = col = 0
                where = self.path
        text = (
            f"{where}: {code} [{claim_id}] {message}" if claim_id else f"{where}: {code} {message}"
        )
        if ignored:
            text += " (ignored)"
        return (line, col, code or "", message), text, rule.severity

    key = itemgetter(0)  # type: ignore[assignment] # called by the sort in C, not in Python


def _record(
    fr: FileResult,
    labelled: dict[str, tuple[EvidenceLabel, Pos, str | None]],
    findings: list[Item],
    ignored: list[Item],
    shown: str = FULL,
) -> FileRecord:
    """The record of ``fr`` given each claim's (label, position, declared evidence)."""
    file = fr.loaded.path
    labels = _labels(file, labelled)
    claims = []
    for c in fr.claims:
        found = labelled.get(c.claim_id)
        claims.append(claim_item(c, found[0].name if found else None, shown))
    return FileRecord(
        file, claims, findings, ignored, labels, [diagnostic_item(d) for d in fr.diagnostics]
    )


def _labels(
    file: str, labelled: dict[str, tuple[EvidenceLabel, Pos, str | None]]
) -> list[dict[str, Any]]:
    """A record's ``labels``, given each claim's (label, position, declared evidence)."""
    return [
        {
            "file": file,
            "claim": claim_id,
            "line": pos.line,
            "col": pos.col,
            "label": label.name,
            "does_not_establish": label.does_not_establish,
            "declared": declared,
        }
        for claim_id, (label, pos, declared) in labelled.items()
    ]


def file_record(fr: FileResult, result: LintResult) -> FileRecord:
    """The record of one checked and linted file."""
    positions, declared = result.positions, result.declared
    labelled = {
        claim_id: (label, positions[claim_id], declared.get(claim_id))
        for claim_id, label in result.labels.items()
    }
    return _record(
        fr,
        labelled,
        [finding_item(d) for d in result.findings],
        [finding_item(d, ignored=True) for d in result.ignored],
    )


def checked_record(fr: FileResult, shown: str = FULL) -> FileRecord | ShownRecord:
    """``file_record(fr, lint_file(fr))``, linted straight into the record's items; with
    ``shown`` TEXT or COUNTS, the :class:`ShownRecord` of what the text reports show of
    it (see :func:`claim_item`)."""
    if shown != FULL:
        return _shown_record(fr, shown)
    findings, ignored, contexts = lint_with(fr, ItemEmitter(fr.loaded.path))
    labelled: dict[str, tuple[EvidenceLabel, Pos, str | None]] = {}
    for ctx in contexts:  # as lint_file's dicts: the last claim of an id wins
        loaded = ctx.result.loaded
        labelled[ctx.claim_id] = (ctx.label, loaded.pos, loaded.claim.evidence)
    return _record(fr, labelled, findings, ignored, shown)


def _joined(made: list[Shown]) -> str:
    """The text lines of ``made``, each ending in a line break (as the reports write them)."""
    return "\n".join(map(_TEXT_OF, made)) + "\n" if made else ""


_TEXT_OF = itemgetter(1)
_SEVERITY_OF = itemgetter(2)


def _shown_record(fr: FileResult, shown: str) -> ShownRecord:
    """What ``Tally.add`` and the text reports read of ``checked_record(fr)``, counted and
    joined here: the same counts and lines (a test holds them to the whole record's)."""
    path = fr.loaded.path
    emitter = TextItemEmitter(path)
    keyed, keyed_ignored, contexts = lint_with(fr, emitter)
    counts = Tally(files=1)
    labelled: dict[str, EvidenceLabel] = {}
    for ctx in contexts:  # as lint_file's dicts: the last claim of an id wins
        labelled[ctx.claim_id] = ctx.label
    labels: list[dict[str, Any]] = []
    if shown == COUNTS:  # `lint --labels` lists them (and `check` shows no position)
        placed: dict[str, tuple[EvidenceLabel, Pos, str | None]] = {}
        for ctx in contexts:
            loaded = ctx.result.loaded
            placed[ctx.claim_id] = (ctx.label, loaded.pos, loaded.claim.evidence)
        labels = _labels(path, placed)
    label_texts: dict[str, str] = {}
    label_counts = counts.labels
    for label in labelled.values():
        name = label.name
        label_texts[name] = label.does_not_establish
        label_counts[name] = label_counts.get(name, 0) + 1
    verdicts = counts.verdicts
    lines: list[str] = []
    add_line = lines.append
    unexpected = not_as_expected = 0
    text_shown = shown == TEXT
    wheres = emitter.wheres
    tags: dict[str, str] = {}  # label name -> " [name]" (the claim line's)
    for c in fr.claims:
        # _shown_claim(c, label, shown), inline, and for a claim held or failed (nearly
        # all) its _line: the same line, each value's text made as _line is given it.
        lc = c.loaded
        claim = lc.claim
        o = c.outcome
        verdict = o.verdict
        expect = claim.expect
        expected = expect or "holds"
        as_expected = verdict == expected or (verdict == "consistent" and expected == "holds")
        verdicts[verdict] += 1
        if not as_expected:
            not_as_expected += 1
            unexpected += verdict != "error"
        if not text_shown:
            continue
        label = labelled.get(claim.id)
        if verdict not in _DECIDED:
            add_line(_shown_claim(c, label.name if label else None, shown)[2])  # type: ignore[arg-type]
            continue
        file = c.file
        pos = lc.pos
        where = wheres.get(id(lc)) if file == path else None
        if where is None:
            where = f"{file}:{pos.line}:{pos.col}"
        if label:
            name = label.name
            tag = tags.get(name)
            if tag is None:
                tag = tags[name] = f" [{name}]" if name else ""
        else:
            tag = ""
        lhs, rhs = o.lhs, o.rhs
        if lhs is not None and rhs is not None:
            tolerance = o.tolerance
            if tolerance is None:
                line = (
                    f"{where}: {_DECIDED[verdict]} {claim.id}{tag}  {_real_text(lhs)} vs "
                    f"{_real_text(rhs)}"
                )
            else:
                if isinstance(tolerance, Interval):  # as _line shows it
                    tolerance_text = decimal_text(tolerance)  # type: ignore[arg-type]
                else:
                    tolerance_text = _real_text(tolerance)  # type: ignore[assignment]
                margin = o.margin
                line = (
                    f"{where}: {_DECIDED[verdict]} {claim.id}{tag}  {_real_text(lhs)} vs "
                    f"{_real_text(rhs)} (tolerance {tolerance_text}"
                    + (")" if margin is None else f", margin {_real_text(margin)})")
                )
        else:
            line = f"{where}: {_DECIDED[verdict]} {claim.id}{tag}"
        if o.notes:
            line += "  " + "; ".join(o.notes)
        if expect:
            if not as_expected:
                line += f"  UNEXPECTED: expected {expected}"
            elif expect == "fails":
                line += "  (expected to fail)"
        add_line(line)
    counts.claims = len(fr.claims)
    counts.unexpected, counts.not_as_expected = unexpected, not_as_expected
    severities = list(map(_SEVERITY_OF, keyed))
    counts.lint_errors = severities.count("error")
    counts.lint_warnings = severities.count("warning")
    counts.ignored = len(keyed_ignored)
    diagnostics = [diagnostic_item(d) for d in fr.diagnostics]
    counts.add_inputs(diagnostics)
    return ShownRecord(
        path,
        len(fr.claims),
        "\n".join(lines) + "\n" if lines else "",
        _joined(keyed),
        _joined(keyed_ignored),
        labels,
        label_texts,
        diagnostics,
        counts,
    )


def corpus_run_of(lr: LintRun) -> CorpusRun:
    """A run already held in memory (library callers of ``run_lint``) as records."""
    records = [file_record(fr, r) for fr, r in zip(lr.run.files, lr.results, strict=True)]
    return CorpusRun(records, [diagnostic_item(d) for d in lr.run.errors])


def process_file(
    path: str, data_loader: DataLoader | None = None, shown: str = FULL
) -> FileRecord | ShownRecord:
    """Load, check and lint one claim file; its trees are dropped when this returns."""
    loaded = load_claim_file(path) if data_loader is None else load_claim_file(path, data_loader)
    return checked_record(evaluate_file(loaded), shown)


def process_recording(path: str) -> tuple[FileRecord, list[tuple[str, str | None]]]:
    """:func:`process_file`, plus each data file read and its SHA-256 (for the cache)."""
    from leanbridge.claims.datafile import load_data_numbers, resolve_data_path
    from leanbridge.corpus.cache import file_sha256

    deps: list[tuple[str, str | None]] = []

    def loader(ref, base):  # type: ignore[no-untyped-def]
        try:
            resolved = str(resolve_data_path(ref.file, base))
        except Exception:  # the loader reports it; such a file is never cached
            deps.append((ref.file, None))
        else:
            deps.append((resolved, file_sha256(resolved)))
        return load_data_numbers(ref, base)

    return process_file(path, loader), deps  # type: ignore[return-value] # FULL: a FileRecord
