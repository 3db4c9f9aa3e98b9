"""Helpers for the real-Lean tests: the bundled Lean 4.35.0 frontend and its JSON messages.

A module of its own, not conftest.py: a conftest cannot be imported by name reliably
(another directory's conftest may be the one on ``sys.modules`` under that name).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from leanbridge.kernel import bundled
from leanbridge.kernel.compile import PreparedLibrary
from leanbridge.prove.process import ProcessResult, run_bounded

try:
    LEAN = bundled.lean_command()
    UNAVAILABLE = None
except bundled.BundledLeanUnavailable as e:  # only off Linux x86_64 or without the extra
    LEAN = []
    UNAVAILABLE = str(e)

needs_bundled_lean = pytest.mark.skipif(UNAVAILABLE is not None, reason=UNAVAILABLE or "")

#: Generous: a module of the fixtures takes a few seconds on a loaded 2-core machine.
CHECK_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class Message:
    severity: str
    line: int
    text: str


@dataclass(frozen=True)
class Checked:
    result: ProcessResult
    messages: list[Message]

    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.severity == "error"]

    def axiom_answers(self) -> dict[str, str]:
        """``#print axioms`` answers by declaration name (short names as Lean prints them)."""
        out: dict[str, str] = {}
        for m in self.messages:
            if m.severity == "information" and m.text.startswith("'") and "axiom" in m.text:
                name = m.text[1 : m.text.index("'", 1)]
                out[name] = m.text.strip()
        return out


def parse_json_messages(stdout: str) -> list[Message]:
    out = []
    for line in stdout.splitlines():
        if line.startswith("{"):
            d = json.loads(line)
            out.append(Message(d["severity"], d["pos"]["line"], d["data"]))
    return out


def check_file(prepared: PreparedLibrary, path: Path) -> Checked:
    """``lean --json FILE`` with the prepared ``LEAN_PATH``, bounded."""
    result = run_bounded(
        [*LEAN, "--json", str(path)], path.parent, timeout_s=CHECK_TIMEOUT_S, env=prepared.env()
    )
    return Checked(result, parse_json_messages(result.stdout))
