"""``--format github``: GitHub Actions workflow commands, one ``::error``/``::warning`` per problem.

Escaping follows GitHub's toolkit (``@actions/core`` ``command.ts``): in the message ``%``,
CR and LF become ``%25 %0D %0A``; in property values also ``:`` and ``,`` (``%3A %2C``),
so no claim text can end a command early or inject another one.
"""

from __future__ import annotations

from typing import Any

from leanbridge.corpus.record import CorpusRun, Item


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(level: str, where: dict[str, Any], title: str, message: str) -> str:
    props = [f"file={escape_property(where['file'])}"]
    if where.get("line") is not None:
        props += [f"line={where['line']}", f"col={where['col']}"]
    props.append(f"title={escape_property(title)}")
    return f"::{level} {','.join(props)}::{escape_data(message)}"


def _finding(d: Item) -> str:
    j = d["json"]
    claim = f"[{j['claim']}] " if j["claim"] else ""
    return command(
        j["severity"] if j["severity"] == "error" else "warning", j, j["code"], claim + j["message"]
    )


def github_lines(run: CorpusRun, verdicts: bool) -> str:
    """Annotations: input errors, lint findings and (for ``check``) claims not as expected."""
    lines = [
        command("error", d["json"], "leanbridge input error", d["json"]["message"])
        for d in run.errors
    ]
    for r in run.records:
        if verdicts:
            for c in r.claims:
                j = c["json"]
                if j["verdict"] != "error" and not j["as_expected"]:
                    title = f"claim {j['verdict']} (expected {j['expected']})"
                    lines.append(command("error", j, title, c["text"]))
        lines += [_finding(d) for d in r.findings]
        lines += [
            command("error", d["json"], "leanbridge input error", d["json"]["message"])
            for d in r.diagnostics
            if d["json"]["severity"] == "error"
        ]
    return "\n".join(lines)
