"""#print axioms parsing, the audit policy, and the source scan."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leanbridge.prove.axiom_answers import (
    AxiomReport,
    MissingEvidence,
    axiom_reports_from_messages,
    evidence_for,
    parse_axiom_text,
)
from leanbridge.prove.axiom_policy import audit, is_always_forbidden, scan_forbidden
from leanbridge.prove.diagnostics import parse_output
from leanbridge.prove.lean_lexer import scan_for_axiom_declarations, unescape_name

Sample = Callable[[str], str]
STD = frozenset({"propext", "Classical.choice", "Quot.sound"})


def parse_axiom_reports(output: str) -> list[AxiomReport]:
    return axiom_reports_from_messages(parse_output(output).messages)


def _by_name(reports: list[AxiomReport]) -> dict[str, frozenset[str]]:
    return {r.theorem: r.axioms for r in reports}


# --------------------------------------------------------------------------- parsing


def test_wrapped_list_in_json(sample: Sample) -> None:
    reports = parse_axiom_reports(sample("lean_json_v4_9.jsonl"))
    wrapped = next(r for r in reports if r.theorem.startswith("Claims.Table16.row_3"))
    assert wrapped.axioms == frozenset({"propext", "Classical.choice", "Quot.sound"})
    assert wrapped.line == 31
    none = next(r for r in reports if r.theorem == "Claims.Table16.claim_4")
    assert none.axioms == frozenset()


def test_real_lean_4_35_answers(sample: Sample) -> None:
    """Captured from the bundled Lean 4.35.0. A failed theorem still gets an answer (it
    is the error that rejects it); an axiom declared inside the namespace is printed by
    its short name; a theorem the kernel refused is added as an axiom of its own name."""
    js = _by_name(parse_axiom_reports(sample("lean_4_35_failures.jsonl")))
    prefix = "Claims.RembertTable16.claim_"
    assert js == {
        f"{prefix}xlmr_avg_task": frozenset(),
        f"{prefix}stilts_avg_task": frozenset({"cheat"}),
        f"{prefix}stilts_gain_over_xlmr": frozenset(),
        f"{prefix}stilts_gain_recomputed": frozenset(),
        f"{prefix}stilts_better_on_every_task_refuted": frozenset(),
        f"{prefix}tydiqa_largest_em_gain": frozenset(),
    }
    refused = _by_name(parse_axiom_reports(sample("lean_4_35_kernel_refusal.jsonl")))
    assert refused["Claims.Arithmetic.claim_power_of_two"] == frozenset({"claim_power_of_two"})


def test_escaped_names(sample: Sample) -> None:
    got = _by_name(parse_axiom_text(sample("axioms_escaped.txt")))
    assert got == {
        "Claims.table 16.row 3 ≈ 0.70": frozenset(
            {"propext", "Claims.my, odd] axiom", "Quot.sound"}
        ),
        "Claims.table 16.exact_row": frozenset(),
        "Claims.fast'": frozenset({"Lean.ofReduceBool"}),
        "Claims.newer_fast": frozenset({"Claims.newer_fast._native.native_decide.ax_1_1"}),
    }


def test_cut_off_list_is_not_evidence() -> None:
    assert parse_axiom_text("'Claims.t' depends on axioms: [propext,\n Classical.choice,") == []
    assert parse_axiom_text("'Claims.t' depends on axioms: []") == []
    assert parse_axiom_text("'Claims.t' depends on axioms: [propext,, Quot.sound]") == []


def test_errors_quoting_the_words_are_not_answers() -> None:
    def line(severity: str, data: str) -> str:
        pos = {"line": 3, "column": 0}
        return json.dumps({"fileName": "F.lean", "pos": pos, "severity": severity, "data": data})

    answer = "'Claims.t' does not depend on any axioms"
    quoted = "❌️ Docstring on `#guard_msgs` does not match generated message:\n" + answer
    assert parse_axiom_reports(line("error", quoted)) == []
    assert parse_axiom_reports(line("warning", answer)) == []
    assert _by_name(parse_axiom_reports(line("information", answer))) == {"Claims.t": frozenset()}


def test_unescape_name() -> None:
    assert unescape_name("Claims.«table 16».t") == "Claims.table 16.t"
    assert unescape_name("  plain.name ") == "plain.name"
    assert unescape_name("«a.b»") == "a.b"
    assert unescape_name("broken«") == "broken«"


@given(
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_characters="«»\n", blacklist_categories=("Cs",)),
            min_size=1,
            max_size=12,
        ),
        min_size=1,
        max_size=6,
    ),
    st.integers(min_value=1, max_value=3),
)
def test_list_roundtrip(names: list[str], wrap: int) -> None:
    """Any axiom names, escaped as Lean escapes them, wrapped or not, come back unescaped."""
    printed = [f"«{n}»" for n in names]
    sep = ",\n " if wrap == 1 else ", "
    text = f"'Claims.t' depends on axioms: [{sep.join(printed)}]"
    (report,) = parse_axiom_text(text)
    assert report.axioms == frozenset(names)


# --------------------------------------------------------------------------- evidence


def test_evidence_for_marks_missing_and_merges_duplicates() -> None:
    reports = [
        AxiomReport(theorem="Claims.a", axioms=frozenset({"propext"})),
        AxiomReport(theorem="Claims.a", axioms=frozenset({"sorryAx"})),
        AxiomReport(theorem="Claims.b", axioms=frozenset()),
    ]
    ev = evidence_for(["Claims.a", "Claims.«b»", "Claims.c"], reports)
    assert isinstance(ev["Claims.a"], AxiomReport)
    assert ev["Claims.a"].axioms == frozenset({"propext", "sorryAx"})
    assert isinstance(ev["Claims.«b»"], AxiomReport)
    assert isinstance(ev["Claims.c"], MissingEvidence)


# --------------------------------------------------------------------------- audit


def _kinds(report: AxiomReport | MissingEvidence, **kw: object) -> list[tuple[str, str | None]]:
    return [(v.kind, v.axiom) for v in audit(report, **kw)]  # type: ignore[arg-type]


def test_no_axioms_passes_with_default_policy() -> None:
    assert audit(AxiomReport(theorem="t", axioms=frozenset())) == []


def test_default_allowed_is_empty() -> None:
    r = AxiomReport(theorem="t", axioms=frozenset({"propext"}))
    assert _kinds(r) == [("not-allowed", "propext")]
    assert audit(r, allowed=frozenset({"propext"})) == []


def test_missing_evidence_never_passes() -> None:
    v = audit(MissingEvidence(theorem="Claims.c"), allowed=STD)
    assert [(x.kind, x.theorem) for x in v] == [("no-evidence", "Claims.c")]


@pytest.mark.parametrize(
    ("axiom", "kind"),
    [
        ("sorryAx", "sorry"),
        ("Lean.ofReduceBool", "native"),
        ("Lean.ofReduceNat", "native"),
        ("Lean.trustCompiler", "native"),
        ("Claims.t._native.native_decide.ax_1_1", "native"),
        ("Claims.NativeThing", "native"),
    ],
)
def test_always_forbidden_even_if_allowed(axiom: str, kind: str) -> None:
    r = AxiomReport(theorem="t", axioms=frozenset({axiom, "propext"}))
    assert _kinds(r, allowed=STD | {axiom}) == [(kind, axiom)]
    assert is_always_forbidden(axiom) == kind


def test_standard_axioms_pass_when_allowed() -> None:
    assert audit(AxiomReport(theorem="t", axioms=STD), allowed=STD) == []
    assert audit(AxiomReport(theorem="t", axioms=STD), allowed=frozenset({"«propext»"})) != []


# --------------------------------------------------------------------------- scanning

SOURCE = """\
import Mathlib
-- axiom commented_out : False
/- a block /- nested axiom inner : False -/ still a comment: axiom outer : False -/
/-- Docs that mention axiom words. -/
@[simp] private axiom one_eq_two : 1 = 2
def s : String := "axiom in_string : False"
def s2 : String := "escaped \\" axiom in_escaped : False"
def r : String := r#"raw "axiom" in_raw"#
def c : Char := '"'
theorem foo' : True := trivial
unsafe axiom /- between -/ Claims.«bad name» : False
axiom
  later.{u} : Sort u
def «axiom» := 1
#print axioms foo'
noncomputable section
/-- doc -/
protected axiom Claims.choice2 (n : Nat) : Nat
end
"""


def test_scan_finds_declarations_with_modifiers() -> None:
    assert scan_for_axiom_declarations(SOURCE) == [
        (5, "one_eq_two"),
        (11, "Claims.bad name"),
        (12, "later"),
        (18, "Claims.choice2"),
    ]


def test_scan_ignores_comments_strings_and_names() -> None:
    clean = SOURCE.split("@[simp]")[0] + 'def x := "axiom"\n-- axiom y\ndef «axiom» := 2\n'
    assert scan_for_axiom_declarations(clean) == []


def test_scan_handles_unterminated_comment() -> None:
    assert scan_for_axiom_declarations("/- never closed\naxiom x : False") == []
    assert scan_for_axiom_declarations('def s := "never closed\naxiom x : False') == []


def test_scan_char_literals_do_not_open_strings() -> None:
    src = "def q : Char := '\\''\ndef d : Char := '\"'\naxiom real : False\n"
    assert scan_for_axiom_declarations(src) == [(3, "real")]


def test_scan_forbidden_skips_lake_output(tmp_path: Path) -> None:
    (tmp_path / "Claims").mkdir()
    (tmp_path / "Claims" / "T.lean").write_text(
        "theorem t : True := sorry\naxiom bad : False\n-- sorry, native_decide\n"
    )
    (tmp_path / "Claims" / "Ok.lean").write_text("-- axiom fine : False\n")
    dep = tmp_path / ".lake" / "packages" / "mathlib"
    dep.mkdir(parents=True)
    (dep / "Dep.lean").write_text("axiom in_dependency : False\n")
    assert scan_forbidden(tmp_path) == [
        "Claims/T.lean:2: declares axiom `bad`",
        "Claims/T.lean:1: uses `sorry`",
    ]
