"""Shared helpers for the linter tests (imported as `lint_helpers`: tests/ has no packages)."""

from __future__ import annotations

from pathlib import Path

from leanbridge.lint import LintResult, lint_file
from leanbridge.pipeline import FileResult, run_check

HERE = Path(__file__).parent
REPO = HERE.parent.parent
FIXTURES = HERE / "fixtures"
DATA = HERE / "data"


def check_file(path: str | Path) -> FileResult:
    run = run_check([str(path)])
    assert not run.errors, run.errors
    (file_result,) = run.files
    return file_result


def lint_path(path: str | Path) -> LintResult:
    return lint_file(check_file(path))


def lint_text(tmp_path: Path, text: str, name: str = "claims.yaml") -> LintResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return lint_path(path)
