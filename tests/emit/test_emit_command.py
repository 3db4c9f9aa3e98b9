"""`leanbridge emit FILE_OR_DIR... -o DIR`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from leanbridge.emit.command import emit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GOLDEN = HERE / "golden"


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run(*args: str):
    return CliRunner().invoke(emit, list(args), catch_exceptions=False)


def test_writes_one_module_per_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("claims", "-o", str(out))
    # 1: the `inputs: rounded` claims and the p-values are checked but, by design, not
    # emitted (5 of the RemBERT rounded example, 7 of the pizza example)
    assert result.exit_code == 1, result.output
    assert "5 claims not emitted" in result.output
    assert "8 theorems (6 hold, 2 refuted), 15 values, 7 claims not emitted" in result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [
        "Claims/Arithmetic.lean",
        "Claims/PizzaBuffet2014.lean",
        "Claims/RembertTable16.lean",
        "Claims/RembertTable16Rounded.lean",
    ]
    assert (out / "Claims/RembertTable16.lean").read_text() == (
        GOLDEN / "example_rembert_table16.lean"
    ).read_text()
    assert f"wrote {out.as_posix()}/Claims/Arithmetic.lean: 3 theorems" in result.output


def test_byte_identical_on_rerun(tmp_path: Path) -> None:
    run("claims/arithmetic.yaml", "-o", str(tmp_path / "a"))
    run("claims/arithmetic.yaml", "-o", str(tmp_path / "b"))
    a = (tmp_path / "a/Claims/Arithmetic.lean").read_bytes()
    b = (tmp_path / "b/Claims/Arithmetic.lean").read_bytes()
    assert a == b


def test_lists_claims_not_emitted_and_exits_2_on_claim_errors(tmp_path: Path) -> None:
    result = run("tests/emit/fixtures/all_nodes.yaml", "-o", str(tmp_path))
    assert result.exit_code == 2  # a claim has an evaluation error and one does not parse
    out = result.output
    assert "not emitted [sqrt_inside] not expressible in Lean: square root inside" in out
    assert "not emitted [undecided_root] undecided:" in out
    assert "not emitted [error_div_zero] error: division by zero" in out
    assert "not emitted [syntax_broken] the check does not parse" in out
    assert "[error_div_zero] division by zero" in out  # the diagnostic as `check` prints it
    assert (tmp_path / "Claims/AllNodes.lean").exists()


def test_exit_1_when_some_claims_are_not_emitted(tmp_path: Path) -> None:
    result = run("tests/emit/fixtures/large.yaml", "-o", str(tmp_path))
    assert result.exit_code == 1, result.output
    assert "not emitted [median_long] too large for the kernel" in result.output


def test_missing_input_exits_2(tmp_path: Path) -> None:
    result = run("no/such/file.yaml", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "no such file or directory" in result.output
    assert not (tmp_path / "Claims").exists()


def test_unreadable_yaml_is_not_written(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("leanbridge: 1\nclaims: [\n")
    result = run(str(bad), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "not written" in result.output
    assert not (tmp_path / "out/Claims/Broken.lean").exists()


def test_module_name_collision_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(ROOT / "claims/arithmetic.yaml", tmp_path / "a/arithmetic.yaml")
    shutil.copy(ROOT / "claims/arithmetic.yaml", tmp_path / "b/arithmetic.yaml")
    result = run(str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "module name `Arithmetic` is already used" in result.output


def test_output_option_is_required() -> None:
    result = CliRunner().invoke(emit, ["claims"])
    assert result.exit_code == 2
    assert "-o" in result.output
