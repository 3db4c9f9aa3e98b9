"""The progress bar: drawn on a real terminal, never on a pipe or in machine output."""

from __future__ import annotations

from pathlib import Path

import pytest
from terminal import run_leanbridge

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ["claims", "tests/lint/data"]  # several files


def test_check_draws_the_bar_on_a_terminal_and_keeps_the_report_intact() -> None:
    args = ["check", "--no-cache", *CORPUS]
    on_tty = run_leanbridge(args, ROOT, tty=True)
    piped = run_leanbridge(args, ROOT, tty=False)
    assert on_tty.code == piped.code
    assert on_tty.stdout == piped.stdout  # the report, untouched by the bar
    drawn = on_tty.stderr
    files = sum(1 for d in CORPUS for p in (ROOT / d).rglob("*.y*ml"))
    assert "checking" in drawn and "\r" in drawn  # click redraws the line in place
    assert f"{files}/{files}" in drawn  # files done of the total
    assert "claims (" in drawn and "/s)" in drawn  # claims done and their rate
    assert "claims/rembert_table16.yaml" in drawn  # the current file


def test_the_bar_keeps_to_one_row_of_a_narrow_terminal() -> None:
    """A line wider than the terminal wraps, and every redraw would scroll a new row: the
    current file is cut from the left instead (the file's name is its end).  100 columns
    leave it about 10 after the bar, the counts and the ETA."""
    ran = run_leanbridge(["check", "--no-cache", *CORPUS], ROOT, tty=True, columns=100)
    rows = [r.replace("\x1b[?25l", "").replace("\x1b[?25h", "") for r in ran.stderr.split("\r")]
    drawn = [r.rstrip("\n") for r in rows if r.strip()]
    assert any("  ..." in r and r.endswith(".yaml") for r in drawn)  # a path cut, its end kept
    assert max(map(len, drawn)) <= 100, drawn


def test_nothing_of_the_bar_reaches_a_pipe() -> None:
    piped = run_leanbridge(["check", "--no-cache", *CORPUS], ROOT, tty=False)
    assert "checking" not in piped.stderr and "\r" not in piped.stderr
    assert "checking" not in piped.stdout and "\r" not in piped.stdout


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github"])
def test_machine_readable_formats_draw_no_bar_even_on_a_terminal(fmt: str) -> None:
    ran = run_leanbridge(["check", "--no-cache", "--format", fmt, *CORPUS], ROOT, tty=True)
    assert "checking" not in ran.stderr and "\r" not in ran.stderr
    assert "checking" not in ran.stdout
