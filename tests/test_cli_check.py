"""`leanbridge check` and `leanbridge schema` through click's CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from leanbridge.cli import cli

FILES = Path(__file__).parent / "fixtures" / "files"
VALID = str(FILES / "valid.yaml")
FAILING = str(FILES / "failing.yaml")
MIXED = str(FILES / "mixed_errors.yaml")


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def invoke_json(*args: str) -> tuple[int, dict]:
    code, out = invoke("check", "--format", "json", *args)
    return code, json.loads(out)


def test_all_hold_exits_0() -> None:
    code, out = invoke("check", VALID)
    assert code == 0
    assert re.search(rf"^{re.escape(VALID)}:5:5: holds     holds_one .*\b4 vs 4$", out, re.M)
    assert re.search(r"fails     fails_as_expected .*2 vs 3  \(expected to fail\)$", out, re.M)
    assert (
        "2 claims in 1 file: 1 holds, 1 fails, 0 undecided, 0 errors; 0 not as expected; "
        "0 input errors"
    ) in out


def test_fail_and_undecided_exit_1() -> None:
    code, out = invoke("check", FAILING)
    assert code == 1
    assert "fails     wrong" in out
    assert "undecided undecided_one" in out


def test_input_errors_exit_2() -> None:
    code, out = invoke("check", MIXED)
    assert code == 2
    assert f"{MIXED}:17:16: [unknown_name_plain] unknown name `bogus`" in out
    assert "Traceback" not in out


def test_input_errors_win_over_failures() -> None:
    code, _ = invoke("check", FAILING, MIXED)
    assert code == 2


def test_expect_mismatch_exits_1(tmp_path: Path) -> None:
    p = tmp_path / "m.yaml"
    p.write_text("leanbridge: 1\nclaims:\n  - id: a\n    check: 1 == 1\n    expect: fails\n")
    code, out = invoke("check", str(p))
    assert code == 1
    assert "UNEXPECTED: expected fails" in out
    code, doc = invoke_json(str(p))
    assert code == 1
    assert doc["claims"][0]["as_expected"] is False
    assert doc["summary"]["unexpected"] == 1


def test_missing_path_exits_2() -> None:
    code, out = invoke("check", "does/not/exist.yaml")
    assert code == 2
    assert "does/not/exist.yaml: no such file or directory" in out
    code, doc = invoke_json("does/not/exist.yaml")
    assert code == 2
    assert doc["errors"] == [
        {
            "file": "does/not/exist.yaml",
            "line": None,
            "col": None,
            "severity": "error",
            "code": None,
            "claim": None,
            "message": "no such file or directory",
        }
    ]


def test_no_paths_is_a_usage_error() -> None:
    code, out = invoke("check")
    assert code == 2
    assert "Missing argument" in out


def test_json_shape() -> None:
    code, doc = invoke_json(VALID, FAILING)
    assert code == 1
    assert doc["version"] == 1
    assert set(doc) >= {"version", "claims", "errors", "summary"}
    claim = doc["claims"][0]
    for key in ("file", "id", "verdict", "lhs", "rhs", "message", "line", "col", "expected"):
        assert key in claim
    assert claim["file"] == VALID
    assert claim["id"] == "holds_one"
    assert claim["verdict"] == "holds"
    assert claim["lhs"] == {"fraction": "4", "decimal": "4"}
    undecided = next(c for c in doc["claims"] if c["id"] == "undecided_one")
    assert undecided["verdict"] == "undecided"
    assert "bits of precision" in undecided["message"]
    assert doc["errors"] == []
    expected_summary = {
        "claims": 4,
        "holds": 1,
        "fails": 2,
        "undecided": 1,
        "error": 0,
        "unexpected": 2,
        "files": 2,
        "errors": 0,
        "exit_code": 1,
    }
    assert {k: doc["summary"][k] for k in expected_summary} == expected_summary


def test_json_irrational_side_has_bounds(tmp_path: Path) -> None:
    p = tmp_path / "r.yaml"
    p.write_text("leanbridge: 1\nclaims:\n  - id: r\n    check: sqrt(2) ~= 1.414\n")
    code, doc = invoke_json(str(p))
    assert code == 0
    lhs = doc["claims"][0]["lhs"]
    assert lhs["exact"] == "irrational: certified bounds"
    assert lhs["decimal"].startswith("~1.41421356")
    assert doc["claims"][0]["tolerance"] == {"fraction": "1/2000", "decimal": "0.0005"}


def test_json_errors_are_positioned() -> None:
    code, doc = invoke_json(MIXED)
    assert code == 2
    errors = {(e["claim"], e["line"], e["col"]) for e in doc["errors"]}
    assert ("unknown_name_double", 21, 17) in errors
    assert ("grammar_error", 27, 17) in errors
    assert doc["summary"]["errors"] == len(doc["errors"])
    verdicts = {c["id"]: c["verdict"] for c in doc["claims"]}
    assert verdicts["good_one"] == verdicts["good_two"] == verdicts["good_three"] == "holds"


def test_directory_expansion_is_sorted(tmp_path: Path) -> None:
    body = (
        "leanbridge: 1\nvalues:\n"
        "  a: {value: 2, source: Table 1}\n  b: {value: 4, source: Table 1}\n"
        "claims:\n  - id: c\n    source: Table 1\n    check: a * 2 == b\n"
    )
    for name in ("b.yaml", "a.yml", "sub/c.yaml", "notes.txt"):
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(body)
    code, doc = invoke_json(str(tmp_path))
    assert code == 0
    files = [Path(c["file"]).relative_to(tmp_path).as_posix() for c in doc["claims"]]
    assert files == ["a.yml", "b.yaml", "sub/c.yaml"]


def test_empty_directory_exits_2(tmp_path: Path) -> None:
    code, out = invoke("check", str(tmp_path))
    assert code == 2
    assert "no *.yaml or *.yml files" in out


def test_paths_are_reported_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "k.yaml").write_text(
        "leanbridge: 1\nclaims:\n  - id: k\n    check: 2 > 1\n"
    )
    monkeypatch.chdir(tmp_path)
    code, doc = invoke_json("claims")
    assert code == 0
    assert doc["claims"][0]["file"] == str(Path("claims") / "k.yaml")


def test_output_is_deterministic() -> None:
    assert invoke("check", VALID, MIXED) == invoke("check", VALID, MIXED)


def test_repository_examples_pass() -> None:
    root = Path(__file__).parent.parent / "claims"
    code, doc = invoke_json(str(root))
    assert code == 0
    assert doc["summary"]["claims"] >= 9


def test_schema_is_json() -> None:
    code, out = invoke("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "claims" in schema["properties"]
    assert "claims" in schema["required"]
