"""Which Lean a `prove` run uses: the manifest's ``lean`` section, without running Lean.

The prove cache is keyed by the frontend's identity (version, commit, where Init comes
from, the library key), and a cache hit must not start Lean, not even ``lean --version``.
So the ``--version`` answers are remembered per executable file: the entry's key is the
frontend kind, the resolved path, size and modification time (ns) of the file that *is*
the frontend (``lean`` or ``lake``; for the bundled frontend the wheel's
``libleanshared.so``), and the workspace's ``lean-toolchain`` (which elan's proxies
resolve).  Entries are signed like the corpus cache's (:mod:`leanbridge.corpus.cache`):
a missing, corrupt or foreign entry means asking ``--version`` again.  Replacing the
executable by another of the same size with its modification time kept would go
unnoticed; ``--no-cache`` always asks.

:func:`lake_info` and :func:`direct_info` are the one place that turns version answers
into a :class:`LeanInfo`, for a Lean run and for a cache hit alike.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from leanbridge.artifact.manifest import LeanInfo
from leanbridge.corpus.cache import read_signed, write_signed
from leanbridge.kernel import bundled
from leanbridge.kernel.compile import LeanVersion, LibraryBuildError, lean_version, library_key
from leanbridge.prove.frontend import Frontend
from leanbridge.prove.toolchain import lake_version, lean_commit
from leanbridge.prove.toolchain import lean_version as lake_env_lean_version
from leanbridge.prove.workspace import LibrarySource

__all__ = ["direct_info", "frontend_file", "identify", "lake_info", "lean_version_of"]


def lake_info(
    frontend: Frontend, library: LibrarySource, lake: str, lean: str, version: str | None
) -> LeanInfo:
    """The ``lean`` section for a Lake run: ``lake --version``, ``lake env lean --version``
    (first lines) and the version read from the latter's clean answer."""
    return LeanInfo(
        ran=True,
        toolchain=library.toolchain,
        frontend=frontend.kind,
        executable=frontend.name,
        lake=lake or None,
        lean=lean or None,
        lean_version=version,
        lean_commit=lean_commit(lean),
        init="toolchain",
    )


def direct_info(frontend: Frontend, library: LibrarySource, lean: LeanVersion) -> LeanInfo:
    """The ``lean`` section for a `lean` run directly (``--lean PATH`` or bundled)."""
    with_prelude = frontend.kind == "bundled"
    return LeanInfo(
        ran=True,
        toolchain=library.toolchain,
        frontend=frontend.kind,
        executable=frontend.name,
        lean=lean.text,
        lean_version=lean.version,
        lean_commit=lean.commit,
        init="bundled-prelude" if with_prelude else "toolchain",
        library_key=library_key(with_prelude, library.files),
    )


def lean_version_of(info: LeanInfo) -> LeanVersion | None:
    """The ``lean --version`` answer a direct frontend's :class:`LeanInfo` was made from."""
    if info.lean and info.lean_version and info.lean_commit:
        return LeanVersion(info.lean, info.lean_version, info.lean_commit)
    return None


def frontend_file(frontend: Frontend) -> Path:
    """The file whose bytes are the frontend: the wheel's library, or the executable."""
    if frontend.kind == "bundled":
        return bundled.library_path()
    return Path(frontend.command[0])


def _memo_key(frontend: Frontend, library: LibrarySource) -> str | None:
    try:
        path = frontend_file(frontend).resolve()
        st = path.stat()
    except (OSError, bundled.BundledLeanUnavailable):
        return None
    # ctime and the inode too: a file replaced by one of the same size with its mtime
    # copied back (``cp -p``, ``touch -r``) still gets a new ctime, which no user can set.
    h = hashlib.sha256(f"frontend\0{frontend.kind}\0{path}\0{st.st_size}\0".encode())
    stamp = f"{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_dev}\0{st.st_ino}\0"
    h.update(stamp.encode() + library.files["lean-toolchain"])
    return h.hexdigest()


def _ask(frontend: Frontend, workdir: Path) -> dict[str, str] | None:
    """Run the ``--version`` commands; ``None`` when an answer is missing or unreadable."""
    if frontend.kind == "lake":
        lake = frontend.command[0]
        lake_v, lean_v = lake_version(lake, workdir), lake_env_lean_version(lake, workdir)
        if not (lake_v.ok and lean_v.ok and lean_commit(lean_v.text)):
            return None
        return {"lake": lake_v.text, "lean": lean_v.text, "version": str(lean_v.version)}
    try:
        v = lean_version(frontend.command)
    except LibraryBuildError:
        return None
    return {"lean": v.text, "version": v.version, "commit": v.commit}


def identify(
    frontend: Frontend, workdir: Path, library: LibrarySource, memo_dir: Path | None
) -> LeanInfo | None:
    """The frontend's :class:`LeanInfo` (remembered in ``memo_dir`` when given).

    ``None`` when Lean does not answer ``--version`` as expected: the run then goes
    ahead uncached, and Lean's own failure is reported by the run.
    """
    key = _memo_key(frontend, library) if memo_dir is not None else None
    entry = memo_dir / "frontend" / f"{key}.json" if memo_dir is not None and key else None
    doc = read_signed(entry, key) if entry is not None and key else None
    answers = doc.get("answers") if doc else None
    if not isinstance(answers, dict) or not all(isinstance(v, str) for v in answers.values()):
        answers = _ask(frontend, workdir)
        if answers is None:
            return None
        if entry is not None:  # remembered only once Lean answered as expected
            write_signed(entry, {"key": key, "answers": answers})
    try:
        if frontend.kind == "lake":
            lake, lean, version = answers["lake"], answers["lean"], answers["version"]
            return lake_info(frontend, library, lake, lean, version)
        version = LeanVersion(answers["lean"], answers["version"], answers["commit"])
    except KeyError:
        return None
    return direct_info(frontend, library, version)
