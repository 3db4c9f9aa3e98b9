"""Every rule against its fixture: `fire_*` claims must get the rule, `quiet_*` must not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lint_helpers import DATA, FIXTURES, REPO, check_file, lint_path, lint_text

from leanbridge.claims.loader import load_claim_file
from leanbridge.lint import RULES, lint_file
from leanbridge.lint.base import DOC_SECTIONS
from leanbridge.lint.registry import RULE_MODULES

CODES = sorted(RULES)
FILE_LEVEL = {code for code, rule in RULES.items() if rule.check_file is not None}


def _fixture(code: str) -> Path:
    return FIXTURES / f"{code}.yaml"


@pytest.mark.parametrize("code", CODES)
def test_fixture_loads_cleanly(code: str) -> None:
    file_result = check_file(_fixture(code))
    assert file_result.diagnostics == []
    assert all(c.as_expected for c in file_result.claims), [
        (c.claim_id, c.outcome.verdict) for c in file_result.claims if not c.as_expected
    ]


@pytest.mark.parametrize("code", sorted(set(CODES) - FILE_LEVEL))
def test_claim_rule_fires_and_stays_quiet(code: str) -> None:
    file_result = check_file(_fixture(code))
    result = lint_file(file_result)
    fired = {d.claim_id for d in result.findings if d.code == code}
    ids = [c.claim_id for c in file_result.claims]
    must_fire = {i for i in ids if i.startswith("fire_")}
    must_not = {i for i in ids if i.startswith("quiet_")}
    assert must_fire and must_not, "a fixture needs both fire_* and quiet_* claims"
    assert must_fire <= fired, f"{code} did not fire on {sorted(must_fire - fired)}"
    assert not (must_not & fired), f"{code} fired on {sorted(must_not & fired)}"
    for d in result.findings:
        if d.code == code:
            assert d.severity == RULES[code].severity
            assert d.pos is not None


@pytest.mark.parametrize("code", sorted(FILE_LEVEL))
def test_file_rule_fires_and_stays_quiet(code: str) -> None:
    result = lint_path(_fixture(code))
    messages = " ".join(d.message for d in result.findings if d.code == code)
    text = _fixture(code).read_text(encoding="utf-8")
    values = re.findall(r"^  ((?:fire|quiet)_\w+):", text, flags=re.MULTILINE)
    assert any(v.startswith("fire_") for v in values)
    assert any(v.startswith("quiet_") for v in values)
    for v in values:
        assert (f"`{v}`" in messages) == v.startswith("fire_"), v


def test_every_rule_has_documentation_sections_and_a_fixture() -> None:
    modules = {p.stem for p in (REPO / "leanbridge/lint/rules").glob("lb*.py")}
    assert modules == set(RULE_MODULES), "every rule module must be registered"
    for code, rule in RULES.items():
        head = rule.doc.splitlines()[0].split(":")[0]
        assert head.replace(" ", "-") == f"{code}-{rule.name}", (code, head)
        sections = rule.sections()
        assert list(sections) == list(DOC_SECTIONS), (code, list(sections))
        assert all(sections.values()), code
        assert "```" in sections["Example"], code
        assert rule.severity in ("error", "warning")
        assert _fixture(code).is_file(), f"missing fixture for {code}"


def test_codes_are_stable() -> None:
    assert {c: (r.name, r.severity) for c, r in RULES.items()} == {
        "LB001": ("tautology", "error"),
        "LB002": ("hard-coded-expectation", "error"),
        "LB003": ("ungrounded-input", "warning"),
        "LB004": ("closed-arithmetic", "warning"),
        "LB005": ("loose-tolerance", "error"),
        "LB006": ("precision", "warning"),
        "LB007": ("unused-value", "warning"),
        "LB008": ("claim-without-source", "warning"),
        "LB009": ("unexplained-expected-failure", "warning"),
        "LB010": ("category-error", "error"),
        "LB011": ("understated-evidence", "warning"),
        "LB014": ("p-value-equality", "warning"),
        "LB015": ("rounding-changes-verdict", "warning"),
        "LB016": ("grim-without-power", "warning"),
        "LB012": ("reproduction-wording", "warning"),
        "LB013": ("unused-ignore", "warning"),
    }


def test_shipped_examples_have_no_errors_and_only_true_warnings() -> None:
    for path in sorted((REPO / "claims").glob("*.yaml")):
        result = lint_path(path)
        assert not result.has_errors, [d.render() for d in result.findings]
        assert result.ignored == []
        codes = {d.code for d in result.findings}
        if path.name == "arithmetic.yaml":
            assert codes == {"LB004"}
            assert {label.name for label in result.labels.values()} == {"arithmetic-identity"}
        elif path.name == "rembert_table16.yaml":
            # true warnings: four claims hold at the printed digits only (LB015)
            assert codes == {"LB015"}, [d.render() for d in result.findings]
            assert {label.name for label in result.labels.values()} == {"internal-consistency"}
        elif path.name == "pizza_buffet_2014.yaml":
            # GRIM/GRIMMER recompute printed numbers; p-values are certified enclosures
            assert codes == set(), [d.render() for d in result.findings]
            names = {c: label.name for c, label in result.labels.items()}
            assert set(names.values()) == {"internal-consistency", "numeric"}
            assert {c for c, n in names.items() if n == "numeric"} == {
                c.claim.id for c in load_claim_file(str(path)).claims if "p_f(" in c.claim.check
            }
        else:
            assert codes == set(), [d.render() for d in result.findings]
            assert {label.name for label in result.labels.values()} == {"internal-consistency"}


def test_closed_self_comparison_is_lb001_not_lb004(tmp_path: Path) -> None:
    result = lint_text(
        tmp_path,
        'leanbridge: 1\nclaims:\n  - {id: c, source: s, check: "8.7 == 8.7 ± 5%"}\n'
        '  - {id: d, source: s, check: "384 * 1024 == 393216"}\n',
    )
    assert [(d.claim_id, d.code) for d in result.findings] == [("c", "LB001"), ("d", "LB004")]
    assert result.labels["c"].name == "arithmetic-identity"


def test_tautology_supersedes_hard_coded(tmp_path: Path) -> None:
    result = lint_text(
        tmp_path,
        'leanbridge: 1\nvalues:\n  x: {value: "8.7", source: s}\n'
        'claims:\n  - {id: c, source: s, check: "mean(x) == x"}\n',
    )
    assert [d.code for d in result.findings] == ["LB001"]


def test_token_position_inside_check(tmp_path: Path) -> None:
    result = lint_text(
        tmp_path,
        "leanbridge: 1\nvalues:\n  bare: '81.2'\nclaims:\n"
        '  - id: c\n    source: s\n    check: "1 + bare > 80"\n',
    )
    (d,) = result.findings
    assert d.code == "LB003" and d.claim_id == "c"
    assert (d.pos.line, d.pos.col) == (7, 17)  # the `bare` in the check string
    assert d.context is not None and "^^^^" in d.context


def test_ignore_moves_findings_but_never_drops_them(tmp_path: Path) -> None:
    text = (
        "leanbridge: 1\nvalues:\n  bare: '81.2'\nclaims:\n"
        "  - {id: a, source: s, check: 'bare > 80', lint: {ignore: [LB003]}}\n"
        "  - {id: b, source: s, check: 'bare > 81'}\n"
        "  - {id: c, source: s, check: 'bare == bare', lint: {ignore: [LB001]}}\n"
    )
    result = lint_text(tmp_path, text)
    assert [(d.claim_id, d.code) for d in result.findings] == [("b", "LB003"), ("c", "LB003")]
    assert [(d.claim_id, d.code) for d in result.ignored] == [("a", "LB003"), ("c", "LB001")]
    assert not result.has_errors_for("c")  # ignored errors do not count as errors
    assert all(d.severity for d in result.ignored)


def test_has_errors_for_and_labels(tmp_path: Path) -> None:
    result = lint_text(
        tmp_path,
        "leanbridge: 1\nvalues:\n  x: {value: '8.7', source: s}\n  y: {value: '1.2', source: s}\n"
        "claims:\n  - {id: bad, source: s, check: 'x == 8.7'}\n"
        "  - {id: good, source: s, check: 'x - y ~= 7.5'}\n",
    )
    assert result.has_errors_for("bad")
    assert not result.has_errors_for("good")
    assert result.labels["good"].name == "internal-consistency"
    assert "not that any experiment was run" in result.labels["good"].does_not_establish


def test_rules_skip_claims_that_do_not_evaluate(tmp_path: Path) -> None:
    result = lint_text(
        tmp_path,
        "leanbridge: 1\nvalues:\n  x: {value: '8.7', source: s}\n"
        "claims:\n  - {id: e, source: s, check: 'x == nope'}\n"
        "  - {id: z, source: s, check: 'x / 0 == 1'}\n",
    )
    assert result.findings == []
    assert set(result.labels) == {"e", "z"}


def test_reproduction_label_from_data_files() -> None:
    file_result = check_file(DATA / "reproduction.yaml")
    assert file_result.diagnostics == []
    assert [c.outcome.verdict for c in file_result.claims] == ["holds"] * 3
    result = lint_file(file_result)
    assert result.findings == []
    assert {k: v.name for k, v in result.labels.items()} == {
        "xnli_mean_reproduced": "reproduction",
        "csv_and_json_agree": "reproduction",
        "seed2_is_best": "reproduction",
    }
    assert result.declared["xnli_mean_reproduced"] == "reproduction"
