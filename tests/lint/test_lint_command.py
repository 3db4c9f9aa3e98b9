"""The `lint` click command: text and JSON output, exit codes, --explain, snapshots, docs."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner
from lint_helpers import DATA, FIXTURES, HERE, REPO

from leanbridge.lint import RULES
from leanbridge.lint.command import lint
from leanbridge.lint.docs import generate, stale

SNAPSHOTS = HERE / "snapshots"
UPDATE = os.environ.get("LEANBRIDGE_UPDATE_SNAPSHOTS") == "1"


def invoke(*args: str):
    return CliRunner().invoke(lint, list(args), catch_exceptions=False)


def _snapshot(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"missing snapshot {path}; run with LEANBRIDGE_UPDATE_SNAPSHOTS=1"
    assert actual == path.read_text(encoding="utf-8")


def test_messages_snapshot(in_repo: Path) -> None:
    result = invoke("--show-ignored", "--labels", "tests/lint/fixtures", "tests/lint/data")
    assert result.exit_code == 1
    _snapshot("fixtures.txt", result.output)


def test_one_finding_per_line_format(in_repo: Path) -> None:
    result = invoke("tests/lint/fixtures/LB002.yaml")
    lines = [ln for ln in result.output.splitlines() if "LB002" in ln]
    assert lines[0] == (
        "tests/lint/fixtures/LB002.yaml:14:13: LB002 [fire_equals_own_value] `x` is compared "
        "with 8.7, which is its own value: the expected value is hard-coded and nothing is "
        "computed"
    )
    assert all(ln.startswith("tests/lint/fixtures/LB002.yaml:") for ln in lines)


def test_exit_codes(in_repo: Path, tmp_path: Path) -> None:
    assert invoke("claims").exit_code == 0  # warnings only (LB004 on arithmetic.yaml)
    assert invoke("tests/lint/fixtures/LB001.yaml").exit_code == 1
    assert invoke("tests/lint/fixtures/LB003.yaml").exit_code == 0  # warnings only
    bad = tmp_path / "bad.yaml"
    bad.write_text("leanbridge: 1\nclaims:\n  - {id: a, check: 'x =='}\n", encoding="utf-8")
    result = invoke(str(bad))
    assert result.exit_code == 2
    assert "unexpected end of check" in result.output
    assert invoke(str(tmp_path / "missing.yaml")).exit_code == 2


def test_text_summary_counts_ignored(in_repo: Path) -> None:
    result = invoke("tests/lint/fixtures/LB013.yaml")
    assert "(ignored)" not in result.output
    assert "1 ignored (lint.ignore)" in result.output.splitlines()[-1]
    shown = invoke("--show-ignored", "tests/lint/fixtures/LB013.yaml")
    assert "LB003 [quiet_used_ignore] input `bare` has no `source`" in shown.output
    assert "(ignored)" in shown.output


def test_json_output(in_repo: Path) -> None:
    result = invoke("--format", "json", "tests/lint/fixtures/LB013.yaml", "tests/lint/data")
    doc = json.loads(result.output)
    assert doc["version"] == 1
    assert doc["summary"]["exit_code"] == result.exit_code == 0
    assert {(f["code"], f["claim"]) for f in doc["findings"]} == {
        ("LB013", "fire_stale_ignore"),
        ("LB013", "fire_unknown_code"),
    }
    (ignored,) = doc["ignored"]
    assert ignored["code"] == "LB003" and ignored["ignored"] is True
    assert ignored["severity"] == "warning" and ignored["line"] == 17
    labels = {x["claim"]: x for x in doc["labels"]}
    assert labels["xnli_mean_reproduced"]["label"] == "reproduction"
    assert labels["xnli_mean_reproduced"]["declared"] == "reproduction"
    assert labels["fire_stale_ignore"]["label"] == "internal-consistency"
    assert doc["summary"]["ignored"] == 1 and doc["summary"]["reproduction"] == 3


def test_explain() -> None:
    result = invoke("--explain", "LB001")
    assert result.exit_code == 0
    _snapshot("explain_LB001.md", result.output)
    assert result.output.startswith("# LB001 tautology (error)\n")
    for section in ("What it finds", "Why it matters", "Example", "Use instead"):
        assert f"## {section}" in result.output
    assert invoke("--explain", "lb005").output.startswith("# LB005 loose-tolerance (error)")
    unknown = CliRunner().invoke(lint, ["--explain", "LB999"])
    assert unknown.exit_code == 2
    assert "unknown rule `LB999`" in unknown.output


def test_no_paths_is_a_usage_error() -> None:
    assert CliRunner().invoke(lint, []).exit_code == 2


def test_generated_docs_are_up_to_date() -> None:
    directory = REPO / "docs" / "rules"
    assert stale(directory) == [], "run `python -m leanbridge.lint.docs`"
    assert set(generate()) == {"README.md", *(f"{c}.md" for c in RULES)}
    assert {p.name for p in directory.glob("*.md")} == set(generate())


def test_fixture_dirs_exist() -> None:
    assert FIXTURES.is_dir() and DATA.is_dir()
