"""``--format sarif``: SARIF 2.1.0 for code scanning (validated against the schema in tests).

One rule per lint code and per verdict kind, plus ``input-error``; every rule is listed in
every run, whatever was found, so shard outputs share one rule table.  A result points into
the claim file (columns count code points, hence ``columnKind: unicodeCodePoints``).
Only problems are results: claims that hold as expected are not alerts.  Results are
spooled as the run goes; the document is written when it ends.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from leanbridge import __version__
from leanbridge.corpus.record import FileRecord, Item, Plan, Tally
from leanbridge.formats.jsondoc import ShardOrder
from leanbridge.formats.stream import JsonList, Out, write_json

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INPUT_ERROR = "input-error"
VERDICT_RULES = {
    "verdict/fails": ("claim-fails", "The claim fails, although it is expected to hold."),
    "verdict/holds": ("claim-holds", "The claim holds, although `expect: fails` says it fails."),
    "verdict/consistent": (
        "claim-consistent",
        "The rounded inputs allow the claim to hold and to fail, although `expect: fails`.",
    ),
    "verdict/undecided": ("claim-undecided", "The claim could not be decided exactly."),
    "verdict/error": ("claim-error", "The claim could not be evaluated."),
}


def rules() -> list[dict[str, Any]]:
    from leanbridge.lint.registry import RULES  # only SARIF needs the rule table

    table: list[dict[str, Any]] = [
        {
            "id": code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "helpUri": f"docs/rules/{code}.md",
            "defaultConfiguration": {"level": "error" if rule.severity == "error" else "warning"},
        }
        for code, rule in RULES.items()
    ]
    table += [
        {
            "id": rule_id,
            "name": name,
            "shortDescription": {"text": text},
            "defaultConfiguration": {"level": "error"},
        }
        for rule_id, (name, text) in VERDICT_RULES.items()
    ]
    table.append(
        {
            "id": INPUT_ERROR,
            "name": "input-error",
            "shortDescription": {
                "text": "A claim file or data file could not be read or has errors."
            },
            "defaultConfiguration": {"level": "error"},
        }
    )
    return table


def location(j: dict[str, Any]) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": quote(j["file"].replace("\\", "/"))}}
    if j.get("line") is not None:
        physical["region"] = {"startLine": j["line"], "startColumn": j["col"]}
    return {"physicalLocation": physical}


def _result(rule_id: str, index: dict[str, int], level: str, text: str, j: dict[str, Any]) -> dict:
    return {
        "ruleId": rule_id,
        "ruleIndex": index[rule_id],
        "level": level,
        "message": {"text": text},
        "locations": [location(j)],
    }


def _file_results(r: FileRecord, index: dict[str, int], verdicts: bool) -> list[dict]:
    out = []
    if verdicts:
        for c in r.claims:
            j = c["json"]
            if j["verdict"] != "error" and not j["as_expected"]:
                out.append(_result(f"verdict/{j['verdict']}", index, "error", c["text"], j))
    for d in r.findings:
        j = d["json"]
        level = "error" if j["severity"] == "error" else "warning"
        out.append(_result(j["code"], index, level, d["text"], j))
    for d in r.diagnostics:
        j = d["json"]
        rule_id = "verdict/error" if j["claim"] is not None else INPUT_ERROR
        level = "error" if j["severity"] == "error" else "warning"
        out.append(_result(rule_id, index, level, j["message"], j))
    return out


def _input_result(d: Item, index: dict[str, int]) -> dict[str, Any]:
    return _result(INPUT_ERROR, index, "error", d["json"]["message"], d["json"])


class Sarif:
    def __init__(self, plan: Plan, out: Out, verdicts: bool) -> None:
        self.out, self.verdicts = out, verdicts
        self.table = rules()
        self.index = {rule["id"]: i for i, rule in enumerate(self.table)}
        self.results = JsonList(3)  # document > runs > run > results
        self.shard = ShardOrder(plan, 4)  # ... > run > properties > leanbridge-shard
        for d in plan.errors:
            self.results.add(_input_result(d, self.index))

    def add(self, r: FileRecord, index: int) -> None:
        for res in _file_results(r, self.index, self.verdicts):
            self.results.add(res)
        self.shard.add(r, index)

    def finish(self, tally: Tally) -> None:
        sarif_run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "leanbridge",
                    "version": __version__,
                    "rules": self.table,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": self.results,
        }
        if (block := self.shard.block()) is not None:
            sarif_run["properties"] = {"leanbridge-shard": block}
        write_json(self.out, {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [sarif_run]})
