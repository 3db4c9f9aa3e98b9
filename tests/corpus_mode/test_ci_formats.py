"""JUnit, SARIF and GitHub annotations: schema-valid, escaped, one entry per claim/problem."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from corpus_helpers import CORPUS, ROOT, run

from leanbridge.formats.github import escape_data, escape_property
from leanbridge.formats.junit import xml_text

SCHEMAS = ROOT / "tests" / "fixtures" / "schemas"
JUNIT_XSD = xmlschema.XMLSchema(str(SCHEMAS / "jenkins-junit.xsd"))
SARIF_SCHEMA = json.loads((SCHEMAS / "sarif-2.1.0-rtm.5.json").read_text())

HOSTILE = """\
leanbridge: 1
values:
  a: {value: "2", source: "<b>bold</b> & \\"quoted\\" ::error::x %0A"}
  c: {value: "1\\x07<i>", source: "x"}
claims:
  - id: holds_one
    text: "line one\\nline two \\x07 bell, <script>alert('x')</script>, 100%, a:b,c"
    source: "Table 1"
    check: "a == 2"
  - id: fails_one
    source: "Table 1"
    check: "a == 3"
  - id: broken
    source: "Table 1"
    check: "a == b"  # <script>alert(1)</script> 100%, a:b ::error::x
  - id: bell
    source: "Table 1"
    check: "c == 1"
"""


@pytest.fixture
def hostile(tmp_path: Path) -> str:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE)
    return str(path)


@pytest.mark.parametrize("command", ["check", "lint"])
def test_junit_validates_against_the_xsd(command: str, hostile: str, tmp_path: Path) -> None:
    _, out = run(command, "--no-cache", "--format", "junit", *CORPUS, hostile, "missing.yaml")
    JUNIT_XSD.validate(out)
    root = ET.fromstring(out)
    suites = root.findall("testsuite")
    assert [s.get("id") for s in suites] == [str(i) for i in range(len(suites))]
    assert suites[0].get("name") == "missing.yaml"  # the input problem comes first
    assert suites[0].find("testcase/error") is not None


def test_junit_one_case_per_claim_with_verdict_and_values() -> None:
    _, out = run("check", "--no-cache", "--format", "junit", "tests/fixtures/files/failing.yaml")
    _, js = run("check", "--no-cache", "--format", "json", "tests/fixtures/files/failing.yaml")
    claims = json.loads(js)["claims"]
    cases = ET.fromstring(out).findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == [c["id"] for c in claims]
    failed = {c.get("name"): c.find("failure") for c in cases if c.find("failure") is not None}
    unexpected = {c["id"] for c in claims if not c["as_expected"]}
    assert set(failed) == unexpected and unexpected
    wrong = failed["wrong"]
    assert wrong.get("type") == "fails" and wrong.get("message") == "fails, expected holds"
    assert "2 vs 3" in (wrong.text or "")  # the exact values


def test_junit_escapes_markup_and_control_characters(hostile: str) -> None:
    _, out = run("check", "--no-cache", "--format", "junit", hostile)
    JUNIT_XSD.validate(out)
    assert "<script>" not in out and "&lt;script&gt;" in out  # in the error's context line
    names = [c.get("name") for c in ET.fromstring(out).iter("testcase")]
    assert names == ["holds_one", "fails_one", "broken", "bell", "(file)"]
    broken = ET.fromstring(out).findall("testsuite/testcase")[2]
    assert "<script>alert(1)</script> 100%" in (broken.find("error").text or "")


def test_xml_text_keeps_what_xml_cannot_carry_visible() -> None:
    assert xml_text("a\x07b\rc\x00<>&") == "a\\x07b\\x0dc\\x00<>&"


@pytest.mark.parametrize("command", ["check", "lint"])
def test_sarif_validates_against_the_official_schema(command: str, hostile: str) -> None:
    _, out = run(command, "--no-cache", "--format", "sarif", *CORPUS, hostile, "missing.yaml")
    doc = json.loads(out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(doc)
    sarif_run = doc["runs"][0]
    rule_ids = [r["id"] for r in sarif_run["tool"]["driver"]["rules"]]
    assert {"LB001", "LB013", "verdict/fails", "verdict/undecided", "input-error"} <= set(rule_ids)
    for result in sarif_run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert Path(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])


def test_sarif_points_into_the_claim_file() -> None:
    path = "tests/fixtures/files/failing.yaml"
    _, out = run("check", "--no-cache", "--format", "sarif", path)
    results = json.loads(out)["runs"][0]["results"]
    wrong = [r for r in results if r["ruleId"] == "verdict/fails"]
    assert len(wrong) == 1
    loc = wrong[0]["locations"][0]["physicalLocation"]
    _, text = run("check", "--no-cache", path)
    line = next(ln for ln in text.splitlines() if " wrong " in ln)
    assert line.startswith(f"{path}:{loc['region']['startLine']}:{loc['region']['startColumn']}:")
    assert loc["artifactLocation"]["uri"] == path


def test_github_escaping_follows_the_toolkit() -> None:
    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_one_annotation_per_problem(hostile: str) -> None:
    code, out = run("check", "--no-cache", "--format", "github", hostile, "missing.yaml")
    lines = out.splitlines()
    assert code == 2
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)
    assert (
        lines[0]
        == "::error file=missing.yaml,title=leanbridge input error::no such file or directory"
    )
    fails = [ln for ln in lines if "title=claim fails" in ln]
    assert len(fails) == 1
    assert f"::error file={hostile},line=10,col=5,title=claim fails (expected holds)::" in fails[0]
    broken = [ln for ln in lines if "unknown name" in ln]
    assert broken == [
        f"::error file={hostile},line=15,col=18,title=leanbridge input error::unknown name `b`"
    ]
    assert any(ln.endswith("or 5%25)") for ln in lines)  # `%` escaped in the message
    _, lint_out = run("lint", "--no-cache", "--format", "github", hostile)
    assert "title=claim" not in lint_out  # lint annotates findings, not verdicts


def test_output_writes_several_formats_in_one_run(tmp_path: Path) -> None:
    junit, sarif = tmp_path / "r" / "lb.xml", tmp_path / "lb.sarif"
    code, text = run(
        "check", "--no-cache", "tests/fixtures/files",
        "--output", f"junit={junit}", "--output", f"sarif={sarif}",
    )  # fmt: skip
    assert code == 2 and "claims in 3 files" in text
    for fmt, path in (("junit", junit), ("sarif", sarif)):
        _, alone = run("check", "--no-cache", "--format", fmt, "tests/fixtures/files")
        assert path.read_text() == alone


@pytest.mark.parametrize("spec", ["junit", "xml=out.xml", "junit="])
def test_output_spec_errors_are_usage_errors(spec: str) -> None:
    code, _ = run("check", "--output", spec, "claims")
    assert code == 2


def test_record_labels_are_the_linters() -> None:
    from leanbridge.corpus import record
    from leanbridge.lint import labels

    assert record.LABEL_ORDER == labels.LABEL_ORDER
    assert record.EXTRA_LABELS == labels.EXTRA_LABELS


ROUNDED = """\
leanbridge: 1
values:
  a: {value: "79.2", source: "T1"}
  b: {value: "70.1", source: "T1"}
claims:
  - id: avg
    source: T1
    inputs: rounded
    check: "(a + b) / 2 ~= 74.7"
  - id: avg_expected_to_fail
    source: T1
    inputs: rounded
    expect: fails
    check: "(a + b) / 2 ~= 74.7"
"""


def test_consistent_verdicts_in_every_ci_format(tmp_path: Path) -> None:
    path = tmp_path / "rounded.yaml"
    path.write_text(ROUNDED)
    _, js = run("check", "--no-cache", "--format", "json", str(path))
    assert [c["verdict"] for c in json.loads(js)["claims"]] == ["consistent", "consistent"]
    _, out = run("check", "--no-cache", "--format", "sarif", str(path))
    doc = json.loads(out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(doc)
    rules = [r["ruleId"] for r in doc["runs"][0]["results"]]
    assert rules.count("verdict/consistent") == 1  # only the one expected to fail
    _, out = run("check", "--no-cache", "--format", "junit", str(path))
    JUNIT_XSD.validate(out)
    failed = [
        c.get("name") for c in ET.fromstring(out).iter("testcase") if c.find("failure") is not None
    ]
    assert failed == ["avg_expected_to_fail"]  # consistent is not a failure of `holds`
