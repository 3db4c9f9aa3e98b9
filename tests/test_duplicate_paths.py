"""A claim file named more than once on the command line is checked once, where it first
appears: twice by name, through a directory and by name, or by two spellings of its path."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from leanbridge.cli import cli
from leanbridge.pipeline import expand_paths

FILES = Path(__file__).parent / "fixtures" / "files"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``d/a.yaml`` and ``d/b.yaml`` (two claims each, one failing), cwd = tmp_path."""
    d = tmp_path / "d"
    d.mkdir()
    shutil.copyfile(FILES / "valid.yaml", d / "a.yaml")
    shutil.copyfile(FILES / "valid.yaml", d / "b.yaml")
    monkeypatch.chdir(tmp_path)
    return d


def test_expand_paths_lists_each_file_once_in_first_occurrence_order(tree: Path) -> None:
    files, errors = expand_paths(
        ["d/b.yaml", "d", "./d/a.yaml", "d/../d/b.yaml", str(tree / "a.yaml"), "d/b.yaml"]
    )
    assert errors == []
    assert files == ["d/b.yaml", str(Path("d") / "a.yaml")]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_symlink_and_its_target_are_one_file(tree: Path) -> None:
    (tree.parent / "link.yaml").symlink_to(tree / "a.yaml")
    files, _ = expand_paths(["link.yaml", "d/a.yaml", "d/b.yaml"])
    assert files == ["link.yaml", "d/b.yaml"]


def test_a_missing_path_given_twice_is_reported_each_time(tree: Path) -> None:
    files, errors = expand_paths(["nope.yaml", "d/a.yaml", "nope.yaml"])
    assert files == ["d/a.yaml"]
    assert [e.message for e in errors] == ["no such file or directory"] * 2


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_check_counts_a_repeated_file_once(tree: Path) -> None:
    code, once = _invoke("check", "--format", "json", "d/a.yaml")
    code2, twice = _invoke("check", "--format", "json", "d/a.yaml", "./d/a.yaml", "d/a.yaml")
    assert code == code2 == 0
    assert json.loads(twice) == json.loads(once)
    _, text = _invoke("check", "d/a.yaml", "d", "d/a.yaml")
    assert "4 claims in 2 files" in text
    verdicts = re.findall(r"^(\S+):5:5: holds +holds_one ", text, re.M)
    assert verdicts == ["d/a.yaml", str(Path("d") / "b.yaml")]


def test_lint_reports_a_repeated_file_once(tree: Path) -> None:
    _, once = _invoke("lint", "d/a.yaml")
    _, twice = _invoke("lint", "d/a.yaml", "d/../d/a.yaml")
    assert twice == once


def test_emit_writes_a_repeated_file_once(tree: Path, tmp_path: Path) -> None:
    code, out = _invoke("emit", "d", "d/a.yaml", "./d/b.yaml", "-o", str(tmp_path / "out"))
    assert code == 0, out
    written = sorted(p.name for p in (tmp_path / "out" / "Claims").glob("*.lean"))
    assert written == ["A.lean", "B.lean"]
