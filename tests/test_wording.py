"""Counts agree with their words in every summary and message: `1 claim in 1 file`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from leanbridge.cli import cli
from leanbridge.wording import plural

ONE_CLAIM = """\
leanbridge: 1
values:
  x: {value: "2", source: "Table 1"}
  xs: {value: ["1"], source: "Table 2"}
claims:
  - {id: only, check: "x + sum(xs) == 3", source: "Table 1"}
"""


@pytest.mark.parametrize(
    ("n", "one", "many", "expected"),
    [
        (0, "claim", None, "0 claims"),
        (1, "claim", None, "1 claim"),
        (2, "claim", None, "2 claims"),
        (1, "holds", "hold", "1 holds"),
        (3, "holds", "hold", "3 hold"),
    ],
)
def test_plural(n: int, one: str, many: str | None, expected: str) -> None:
    assert plural(n, one, many) == expected


@pytest.fixture
def one_claim(tmp_path: Path) -> Path:
    path = tmp_path / "one.yaml"
    path.write_text(ONE_CLAIM, encoding="utf-8")
    return path


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.output


def test_check_summary_of_one_claim_in_one_file(one_claim: Path) -> None:
    out = _run("check", str(one_claim))
    assert "\n1 claim in 1 file: 1 holds, 0 fail, 0 undecided, 0 errors; " in out
    assert "; 0 input errors; lint: 0 errors, " in out


def test_lint_summary_of_one_claim_in_one_file(one_claim: Path) -> None:
    assert "\n1 claim in 1 file: 0 errors, " in _run("lint", str(one_claim))


def test_emit_summary_and_footer_of_one_claim(one_claim: Path, tmp_path: Path) -> None:
    out = _run("emit", str(one_claim), "-o", str(tmp_path / "out"))
    assert "1 theorem (1 holds, 0 refuted), 2 values, 0 claims not emitted" in out
    text = (tmp_path / "out" / "Claims" / "One.lean").read_text("utf-8")
    assert "-- size: 1 number\n" in text
    assert "-- the 1 claim was emitted\n" in text
