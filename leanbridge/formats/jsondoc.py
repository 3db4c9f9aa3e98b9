"""The JSON reports of ``check`` and ``lint`` (deterministic: no times, no absolute paths)."""

from __future__ import annotations

import json
from typing import Any

from leanbridge.corpus.record import CorpusRun

REPORT_VERSION = 1  # check
LINT_JSON_VERSION = 1


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False)


def shard_block(run: CorpusRun) -> dict[str, Any]:
    """What `merge` needs to put shard outputs back into the order of one run."""
    return {
        "shard": run.shard,
        "inputs": len(run.errors),
        "order": [[r.file, i] for r, i in zip(run.records, run.index, strict=True)],
    }


def check_doc(run: CorpusRun) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "version": REPORT_VERSION,
        "claims": [c for r in run.records for c in r.full_claims()],
        "errors": [d["json"] for d in run.diagnostics],
        "lint": [d["json"] for d in run.findings if d["json"]["claim"] is None],
        "summary": run.check_summary()
        | {"lint": run.lint_summary(), "exit_code": run.check_exit_code()},
    }
    if run.shard is not None:
        doc["shard"] = shard_block(run)
    return doc


def lint_doc(run: CorpusRun) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "version": LINT_JSON_VERSION,
        "findings": [d["json"] | {"ignored": False} for d in run.findings],
        "ignored": [d["json"] | {"ignored": True} for d in run.ignored],
        "labels": [lab for r in run.records for lab in r.labels],
        "errors": [d["json"] for d in run.input_errors],
        "summary": run.lint_summary() | {"exit_code": run.lint_exit_code()},
    }
    if run.shard is not None:
        doc["shard"] = shard_block(run)
    return doc
