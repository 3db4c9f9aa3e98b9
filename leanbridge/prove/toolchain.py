"""Find ``lake`` and ask it which Lean it runs.

``leanbridge prove`` needs a Lean toolchain, which most machines running the
rest of leanbridge do not have. Finding it is therefore an ordinary outcome with a
result object (never an exception), and its absence comes with one line saying how
to install it.

Precedence: an explicit ``--lake PATH`` beats the ``LEANBRIDGE_LAKE`` environment
variable, which beats ``lake`` on ``PATH``. An explicit choice that does not work
is reported as such -- we do not silently fall back to another ``lake``, or the
versions recorded in an artifact could come from a toolchain nobody chose.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from leanbridge.prove.process import ProcessResult, ProcessStatus, run_bounded

__all__ = [
    "ENV_VAR",
    "INSTALL_HINT",
    "LakeLocation",
    "ToolVersion",
    "find_lake",
    "lake_version",
    "lean_commit",
    "lean_version",
    "resolve_executable",
]

ENV_VAR = "LEANBRIDGE_LAKE"

INSTALL_HINT = (
    "install Lean with elan: "
    "curl https://raw.githubusercontent.com/leanprover/elan/master/elan-init.sh -sSf | sh"
)

LakeSource = Literal["argument", "environment", "path"]


class LakeLocation(BaseModel):
    """Where ``lake`` is, or why it was not found (then ``install_hint`` is set)."""

    model_config = ConfigDict(frozen=True)

    found: bool
    path: str | None
    source: LakeSource | None
    """Which rule chose it (or, when not found, which rule failed)."""
    detail: str
    install_hint: str | None = None


class ToolVersion(BaseModel):
    """A ``--version`` answer: the raw first line, the parsed version, the run."""

    model_config = ConfigDict(frozen=True)

    ok: bool
    text: str
    """First non-empty line of stdout (or of stderr if stdout was empty)."""
    version: str | None
    """``4.9.0`` from ``Lean (version 4.9.0, ...)``; Lake's own version for ``lake``."""
    lean_version: str | None
    """The Lean version a ``lake --version`` line names, or ``version`` for lean."""
    process: ProcessResult


def resolve_executable(candidate: str, environ: Mapping[str, str]) -> str | None:
    """An executable file for ``candidate`` (a path, or a bare name looked up on PATH)."""
    expanded = os.path.expanduser(candidate)
    if os.sep in expanded or (os.altsep and os.altsep in expanded):
        p = Path(expanded)
        if p.is_file() and os.access(p, os.X_OK):
            return str(p.resolve())
        return None
    return shutil.which(expanded, path=environ.get("PATH"))


def _not_found(source: LakeSource | None, detail: str) -> LakeLocation:
    return LakeLocation(
        found=False, path=None, source=source, detail=detail, install_hint=INSTALL_HINT
    )


def find_lake(
    explicit: str | None = None, environ: Mapping[str, str] | None = None
) -> LakeLocation:
    """Locate ``lake``: ``explicit`` > ``$LEANBRIDGE_LAKE`` > ``lake`` on PATH.

    ``environ`` defaults to ``os.environ``; tests pass their own.
    """
    env = os.environ if environ is None else environ
    if explicit:
        path = resolve_executable(explicit, env)
        if path is None:
            return _not_found("argument", f"--lake {explicit}: no executable file there")
        return LakeLocation(found=True, path=path, source="argument", detail=f"--lake {explicit}")
    from_env = env.get(ENV_VAR, "").strip()
    if from_env:
        path = resolve_executable(from_env, env)
        if path is None:
            return _not_found("environment", f"{ENV_VAR}={from_env}: no executable file there")
        return LakeLocation(
            found=True, path=path, source="environment", detail=f"{ENV_VAR}={from_env}"
        )
    path = shutil.which("lake", path=env.get("PATH"))
    if path is None:
        return _not_found("path", "no `lake` on PATH")
    return LakeLocation(found=True, path=path, source="path", detail="`lake` on PATH")


_LEAN_VERSION = re.compile(r"\bLean \(version (?P<v>[0-9][^\s,)]*)")
_LEAN_COMMIT = re.compile(r"\bLean \(version [^,]*, [^,]*, commit (?P<c>[0-9a-f]{7,40})\b")
_LAKE_VERSION = re.compile(r"\bLake version (?P<v>\S+)(?: \(Lean version (?P<lean>[^\s)]+)\))?")


def lean_commit(version_text: str) -> str | None:
    """The commit in ``Lean (version 4.35.0, x86_64-unknown-linux-gnu, commit eb6c..., ...)``."""
    m = _LEAN_COMMIT.search(version_text)
    return m["c"] if m else None


def lean_version_number(version_text: str) -> str | None:
    """The version in ``Lean (version 4.35.0, ...)``."""
    m = _LEAN_VERSION.search(version_text)
    return m["v"] if m else None


def _first_line(result: ProcessResult) -> str:
    for stream in (result.stdout, result.stderr):
        for line in stream.splitlines():
            if line.strip():
                return line.strip()
    return ""


def _version_result(result: ProcessResult, pattern: re.Pattern[str]) -> ToolVersion:
    """Parse stdout only after a clean exit: a version from a failed run is not trusted."""
    m = pattern.search(result.stdout) if result.status is ProcessStatus.OK else None
    return ToolVersion(
        ok=m is not None,
        text=_first_line(result),
        version=m["v"] if m else None,
        lean_version=m.groupdict().get("lean") if m else None,
        process=result,
    )


def lake_version(
    lake: str, cwd: str | os.PathLike[str] = ".", timeout_s: float = 60.0
) -> ToolVersion:
    """Run ``lake --version``: ``Lake version 5.0.0-8e5cf6a (Lean version 4.9.0)``.

    The timeout is generous because elan's ``lake`` proxy may first download the
    toolchain named in ``lean-toolchain``.
    """
    result = run_bounded([lake, "--version"], cwd, timeout_s=timeout_s)
    return _version_result(result, _LAKE_VERSION)


def lean_version(
    lake: str, cwd: str | os.PathLike[str] = ".", timeout_s: float = 120.0
) -> ToolVersion:
    """Run ``lake env lean --version`` in ``cwd`` (the workspace).

    Asking through ``lake env`` gives the Lean that ``lake build`` will use there,
    not whatever ``lean`` is first on PATH. Prints
    ``Lean (version 4.9.0, x86_64-unknown-linux-gnu, commit ..., Release)``.
    """
    result = run_bounded([lake, "env", "lean", "--version"], cwd, timeout_s=timeout_s)
    parsed = _version_result(result, _LEAN_VERSION)
    return parsed.model_copy(update={"lean_version": parsed.version})
