"""``--format github``: GitHub Actions workflow commands, one ``::error``/``::warning`` per problem.

Escaping follows GitHub's toolkit (``@actions/core`` ``command.ts``): in the message ``%``,
CR and LF become ``%25 %0D %0A``; in property values also ``:`` and ``,`` (``%3A %2C``),
so no claim text can end a command early or inject another one.  Written line by line as
the run goes (nothing needs the whole run).
"""

from __future__ import annotations

from typing import Any

from leanbridge.corpus.record import FileRecord, Item, Plan, Tally, is_error
from leanbridge.formats.stream import Out


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


def _input_error(d: Item) -> str:
    return command("error", d["json"], "leanbridge input error", d["json"]["message"])


class Github:
    """Annotations: input errors, lint findings and (for ``check``) claims not as expected."""

    def __init__(self, plan: Plan, out: Out, verdicts: bool) -> None:
        self.out, self.verdicts = out, verdicts
        self.lines = 0
        for d in plan.errors:
            self._line(_input_error(d))

    def _line(self, text: str) -> None:
        self.out.write(text + "\n")
        self.lines += 1

    def add(self, r: FileRecord, index: int) -> None:
        if self.verdicts:
            for c in r.claims:
                j = c["json"]
                if j["verdict"] != "error" and not j["as_expected"]:
                    title = f"claim {j['verdict']} (expected {j['expected']})"
                    self._line(command("error", j, title, c["text"]))
        for d in r.findings:
            self._line(_finding(d))
        for d in r.diagnostics:
            if is_error(d):
                self._line(_input_error(d))

    def finish(self, tally: Tally) -> None:
        if not self.lines:
            self.out.write("\n")  # an empty report is one empty line, as for every format
