"""Helpers for the `prove` / `verify-artifact` command tests (fixtures in conftest.py).

`lake` is either absent (``$LEANBRIDGE_LAKE`` pointing at a file that does not exist,
so a real `lake` on PATH is never picked up by accident) or the stand-in
``standins/standin_lake_json.py`` passed with ``--lake``. The stand-in is a test
double for the process boundary, never evidence that Lean accepts anything.
"""

from __future__ import annotations

import json
import shutil
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from leanbridge.cli import cli

REPO = Path(__file__).resolve().parents[2]
CLAIMS = REPO / "claims"
STANDINS = Path(__file__).parent / "standins"
REMBERT = CLAIMS / "rembert_table16.yaml"
ARITH = CLAIMS / "arithmetic.yaml"


def invoke(args: Sequence[str]) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@dataclass
class Lake:
    """A copy of the stand-in in a tmp dir, its mode file and its call log."""

    path: Path

    def set(self, mode: str, **extra: Any) -> None:
        cfg = {"mode": mode, **extra}
        Path(f"{self.path}.mode.json").write_text(json.dumps(cfg), encoding="utf-8")

    def calls(self) -> list[list[str]]:
        log = Path(f"{self.path}.calls")
        if not log.exists():
            return []
        return [json.loads(x)["argv"] for x in log.read_text("utf-8").splitlines()]

    def pids(self) -> list[int]:
        return [int(p) for p in Path(f"{self.path}.pids").read_text().split()]


def make_lake(tmp_path: Path) -> Lake:
    """Copy the stand-in into ``tmp_path/bin`` and make it executable (run via its shebang)."""
    dst = tmp_path / "bin" / "standin_lake_json.py"
    dst.parent.mkdir(exist_ok=True)
    shutil.copyfile(STANDINS / "standin_lake_json.py", dst)
    dst.chmod(dst.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return Lake(dst)


@dataclass
class Run:
    result: Result
    out: Path  # --out
    work: Path  # --workdir

    @property
    def code(self) -> int:
        return self.result.exit_code

    def artifact(self, stem: str = "rembert_table16") -> Path:
        return self.out / stem

    def manifest(self, stem: str = "rembert_table16") -> dict[str, Any]:
        return json.loads((self.artifact(stem) / "manifest.json").read_text("utf-8"))

    def verdicts(self, stem: str = "rembert_table16") -> dict[str, str]:
        return {c["id"]: c["lean_verdict"] for c in self.manifest(stem)["claims"]}


def make_prove(tmp_path: Path) -> Callable[..., Run]:
    def _prove(*args: object, claims: Sequence[Path] = (REMBERT,), name: str = "run") -> Run:
        out, work = tmp_path / name / "artifacts", tmp_path / name / "ws"
        result = invoke(["prove", *map(str, claims), "--out", out, "--workdir", work, *args])
        return Run(result, out, work)

    return _prove


def verify(*args: object) -> Result:
    return invoke(["verify-artifact", *map(str, args)])
