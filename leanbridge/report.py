"""Human and JSON renderings of a check run held in memory (deterministic: no times, no
absolute paths).  The renderings themselves are in :mod:`leanbridge.formats`; the CLI
reaches them through :mod:`leanbridge.corpus`.
"""

from __future__ import annotations

from leanbridge.corpus.options import render
from leanbridge.corpus.process import claim_json, claim_line, corpus_run_of
from leanbridge.formats.jsondoc import REPORT_VERSION
from leanbridge.lint.command import LintRun

__all__ = ["REPORT_VERSION", "claim_json", "claim_line", "render_json", "render_text"]


def render_text(lr: LintRun) -> str:
    return render(corpus_run_of(lr), "text", "check")


def render_json(lr: LintRun) -> str:
    return render(corpus_run_of(lr), "json", "check")
