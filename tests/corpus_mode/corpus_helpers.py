"""Helpers for the corpus-mode tests: run the CLI in-process from the repository root."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from leanbridge.cli import cli

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ["claims", "tests/fixtures/files", "tests/lint/fixtures", "tests/lint/data"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout
