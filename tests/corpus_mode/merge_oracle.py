"""``leanbridge merge SHARD_OUTPUT...``: the outputs of ``--shard 1/n`` ... ``n/n`` as one run.

Works on the JSON (``check`` or ``lint``), JUnit and SARIF outputs.  Each file belongs to
exactly one shard, so merging is putting each file's entries back at its place in the whole
run (its index, which shard outputs carry) and keeping the problems that name the inputs
themselves (missing paths, which every shard reports) once.  The result is byte for byte
what the same command line gives without ``--shard``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import quote

import click

from leanbridge.formats.jsondoc import dumps
from leanbridge.formats.junit import serialize


class MergeError(Exception):
    pass


def _sum(docs: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts added up; a key some shard leaves out (a label no claim of it has) counts 0
    there and keeps its place after the key it follows where it does appear."""
    keys: list[str] = []
    for d in docs:
        previous = None
        for key in d:
            if key not in keys:
                keys.insert(keys.index(previous) + 1 if previous is not None else 0, key)
            previous = key
    out: dict[str, Any] = {}
    for key in keys:
        present = [d[key] for d in docs if key in d]
        value = present[0]
        if isinstance(value, dict):
            out[key] = _sum(present)
        elif isinstance(value, int) and not isinstance(value, bool):
            out[key] = sum(present)
        else:
            out[key] = value
    return out


def _shards(docs: list[dict[str, Any]], blocks: list[Any]) -> tuple[int, dict[str, int]]:
    """The number of input problems every shard repeats, and each file's place in the run."""
    if any(not isinstance(b, dict) for b in blocks):
        raise MergeError("not the output of a --shard run (it has no shard block)")
    inputs = {b["inputs"] for b in blocks}
    if len(inputs) != 1:
        raise MergeError("the shard outputs come from different command lines")
    order: dict[str, int] = {}
    for b in blocks:
        for file, index in b["order"]:
            if order.setdefault(file, index) != index:
                raise MergeError(f"`{file}` has two different places in the shard outputs")
    return inputs.pop(), order


def _placed(docs: list[dict[str, Any]], key: str, order: dict[str, int], skip: int = 0) -> list:
    items = [item for d in docs for item in d[key][skip:]]
    return sorted(items, key=lambda item: order[item["file"]])


def merge_json(docs: list[dict[str, Any]]) -> tuple[str, int]:
    inputs, order = _shards(docs, [d.get("shard") for d in docs])
    repeated = (len(docs) - 1) * inputs  # input problems counted once per shard
    first = docs[0]
    summary = _sum([d["summary"] for d in docs])
    if "claims" in first:  # check
        out = {
            "version": first["version"],
            "claims": _placed(docs, "claims", order),
            "errors": first["errors"][:inputs] + _placed(docs, "errors", order, inputs),
            "lint": _placed(docs, "lint", order),
        }
        summary["errors"] -= repeated
        summary["lint"]["input_errors"] -= repeated
        code = (
            2
            if summary["errors"]
            else int(bool(summary["unexpected"] or summary["lint"]["errors"]))
        )
    else:  # lint
        out = {
            "version": first["version"],
            "findings": _placed(docs, "findings", order),
            "ignored": _placed(docs, "ignored", order),
            "labels": _placed(docs, "labels", order),
            "errors": first["errors"][:inputs] + _placed(docs, "errors", order, inputs),
        }
        summary["input_errors"] -= repeated
        code = 2 if summary["input_errors"] else int(bool(summary["errors"]))
    summary["exit_code"] = code
    out["summary"] = summary
    return dumps(out), code


def merge_sarif(docs: list[dict[str, Any]]) -> str:
    runs = [d["runs"][0] for d in docs]
    blocks = [r.get("properties", {}).get("leanbridge-shard") for r in runs]
    inputs, order = _shards(docs, blocks)
    by_uri = {quote(f.replace("\\", "/")): i for f, i in order.items()}

    def place(result: dict[str, Any]) -> int:
        return by_uri[result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]

    results = runs[0]["results"][:inputs] + sorted(
        (res for r in runs for res in r["results"][inputs:]), key=place
    )
    merged = {k: v for k, v in runs[0].items() if k != "properties"} | {"results": results}
    return dumps({k: v for k, v in docs[0].items() if k != "runs"} | {"runs": [merged]})


def merge_junit(roots: list[ET.Element]) -> str:
    suites: dict[int, ET.Element] = {}
    for root in roots:
        for suite in root.findall("testsuite"):
            suites.setdefault(int(suite.get("id", "-1")), suite)  # input suites repeat
    out = ET.Element("testsuites", dict(roots[0].attrib))
    out.extend(suites[i] for i in sorted(suites))
    return serialize(out)


def merge_texts(texts: list[str]) -> tuple[str, int]:
    if not texts:
        raise MergeError("nothing to merge")
    if all(t.lstrip().startswith("<") for t in texts):
        try:
            return merge_junit([ET.fromstring(t.encode("utf-8")) for t in texts]), 0
        except ET.ParseError as e:
            raise MergeError(f"not well-formed JUnit XML: {e}") from e
    try:
        docs = [json.loads(t) for t in texts]
    except ValueError as e:
        raise MergeError(f"neither JUnit XML nor JSON: {e}") from e
    try:
        if all("runs" in d for d in docs):
            return merge_sarif(docs), 0
        if all("summary" in d for d in docs) and len({"claims" in d for d in docs}) == 1:
            return merge_json(docs)
    except (KeyError, TypeError, IndexError) as e:
        raise MergeError(f"not a leanbridge shard output: missing {e}") from e
    raise MergeError("the inputs are not all JSON of one command, SARIF, or JUnit")


@click.command("merge")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here, not stdout.")
def merge(inputs: tuple[str, ...], output: str | None) -> None:
    """Merge the outputs of `--shard 1/n` ... `n/n` (JSON, JUnit or SARIF) into one.

    \b
    The result is byte for byte the output of the same command without --shard.
    Exit codes: for JSON, the exit code of the merged run (0, 1 or 2, as `check`/`lint`);
    for JUnit and SARIF 0; 2 when an input cannot be read or is not a shard output.
    """
    try:
        texts = [Path(p).read_text(encoding="utf-8") for p in inputs]
        text, code = merge_texts(texts)
    except (OSError, UnicodeDecodeError, MergeError) as e:
        click.echo(f"leanbridge merge: {e}", err=True)
        raise SystemExit(2) from None
    if output is None:
        click.echo(text)
    else:
        Path(output).write_text(text + "\n", encoding="utf-8")
    raise SystemExit(code)
