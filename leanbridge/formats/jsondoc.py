"""The JSON reports of ``check`` and ``lint`` (deterministic: no times, no absolute paths).

Written as the run goes: each array is spooled (:class:`~leanbridge.formats.stream.JsonList`)
and the document written around them when the summary is known.
"""

from __future__ import annotations

import json
from typing import Any

from leanbridge.corpus.record import FileRecord, Plan, Tally, is_error
from leanbridge.formats.stream import JsonList, Out, write_json

REPORT_VERSION = 1  # check
LINT_JSON_VERSION = 1


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False)


class ShardOrder:
    """What `merge` needs to put shard outputs back into the order of one run."""

    def __init__(self, plan: Plan, level: int) -> None:
        self.plan = plan
        self.order = JsonList(level + 1) if plan.shard is not None else None

    def add(self, r: FileRecord, index: int) -> None:
        if self.order is not None:
            self.order.add([r.file, index])

    def block(self) -> dict[str, Any] | None:
        if self.order is None:
            return None
        return {"shard": self.plan.shard, "inputs": len(self.plan.errors), "order": self.order}


class CheckJson:
    def __init__(self, plan: Plan, out: Out) -> None:
        self.out = out
        self.claims, self.errors, self.lint = JsonList(1), JsonList(1), JsonList(1)
        self.shard = ShardOrder(plan, 1)
        for d in plan.errors:
            self.errors.add(d["json"])

    def add(self, r: FileRecord, index: int) -> None:
        for c in r.full_claims():
            self.claims.add(c)
        for d in r.diagnostics:
            self.errors.add(d["json"])
        for d in r.findings:
            if d["json"]["claim"] is None:
                self.lint.add(d["json"])
        self.shard.add(r, index)

    def finish(self, tally: Tally) -> None:
        doc: dict[str, Any] = {
            "version": REPORT_VERSION,
            "claims": self.claims,
            "errors": self.errors,
            "lint": self.lint,
            "summary": tally.check_summary()
            | {"lint": tally.lint_summary(), "exit_code": tally.check_exit_code()},
        }
        if (block := self.shard.block()) is not None:
            doc["shard"] = block
        write_json(self.out, doc)


class LintJson:
    def __init__(self, plan: Plan, out: Out) -> None:
        self.out = out
        self.findings, self.ignored, self.labels = JsonList(1), JsonList(1), JsonList(1)
        self.errors = JsonList(1)
        self.shard = ShardOrder(plan, 1)
        for d in plan.errors:
            if is_error(d):
                self.errors.add(d["json"])

    def add(self, r: FileRecord, index: int) -> None:
        for d in r.findings:
            self.findings.add(d["json"] | {"ignored": False})
        for d in r.ignored:
            self.ignored.add(d["json"] | {"ignored": True})
        for lab in r.labels:
            self.labels.add(lab)
        for d in r.diagnostics:
            if is_error(d):
                self.errors.add(d["json"])
        self.shard.add(r, index)

    def finish(self, tally: Tally) -> None:
        doc: dict[str, Any] = {
            "version": LINT_JSON_VERSION,
            "findings": self.findings,
            "ignored": self.ignored,
            "labels": self.labels,
            "errors": self.errors,
            "summary": tally.lint_summary() | {"exit_code": tally.lint_exit_code()},
        }
        if (block := self.shard.block()) is not None:
            doc["shard"] = block
        write_json(self.out, doc)
