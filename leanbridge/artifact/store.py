"""Write an artifact atomically and re-hash one.

An artifact is written into a hidden temporary directory beside its final place and then
renamed into place, so a crash or a kill at any moment leaves either no artifact or a
complete one (plus, at worst, a hidden ``.tmp-*`` directory that the next run removes).
Replacing an existing artifact takes two renames (old aside, new in); a kill between
them leaves the old artifact whole in ``.tmp-<name>-old``, which the next write of the
same artifact moves back before doing anything else.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from leanbridge.artifact.manifest import MANIFEST_NAME, Manifest

TMP_PREFIX = ".tmp-"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """SHA-256 of a file read in chunks: an artifact's files are untrusted, and may be huge."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def safe_relpath(rel: str) -> PurePosixPath:
    """Refuse absolute paths and `..` so nothing is written outside the artifact."""
    p = PurePosixPath(rel)
    if p.is_absolute() or not p.parts or any(part in ("..", "", ".") for part in p.parts):
        raise ValueError(f"unsafe path inside an artifact: {rel!r}")
    return p


def manifest_bytes(manifest: Manifest) -> bytes:
    return (json.dumps(manifest.model_dump(mode="json"), indent=2, sort_keys=True) + "\n").encode()


def write_artifact(
    final_dir: Path,
    files: Mapping[str, bytes],
    make_manifest: Callable[[dict[str, str]], Manifest],
) -> Manifest:
    """Write ``files`` and the manifest built from their hashes, then rename into place."""
    final_dir = Path(final_dir)
    parent = final_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    old = parent / f"{TMP_PREFIX}{final_dir.name}-old"
    if old.is_dir() and not final_dir.exists():
        # An earlier run was killed between moving the old artifact aside and moving
        # its new one in: the old artifact is whole, so put it back first.
        os.replace(old, final_dir)
    for stale in _leftovers(parent, final_dir.name):
        shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{final_dir.name}-", dir=parent))
    try:
        hashes: dict[str, str] = {}
        for rel in sorted(files):
            target = tmp.joinpath(*safe_relpath(rel).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[rel])
            hashes[rel] = sha256_bytes(files[rel])
        manifest = make_manifest(hashes)
        (tmp / MANIFEST_NAME).write_bytes(manifest_bytes(manifest))
        _fsync_tree(tmp)
        if final_dir.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(final_dir, old)
            os.replace(tmp, final_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, final_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def _leftovers(parent: Path, name: str) -> list[Path]:
    """``.tmp-<name>-<suffix>`` of earlier runs for this artifact only.

    The suffix (``mkdtemp``'s random part, or ``old``) has no ``-``, so the leftovers
    of an artifact named ``<name>-x`` are not taken for this one's.
    """
    prefix = f"{TMP_PREFIX}{name}-"
    return [
        p
        for p in parent.glob(f"{prefix}*")
        if p.name[len(prefix) :] and "-" not in p.name[len(prefix) :]
    ]


def _fsync_tree(root: Path) -> None:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            with open(path, "rb") as f:
                os.fsync(f.fileno())


def hash_problems(artifact_dir: Path, manifest: Manifest) -> list[str]:
    """Every changed, missing or extra file (and any symlink) relative to the manifest."""
    problems: list[str] = []
    present: dict[str, Path] = {}
    for path in sorted(artifact_dir.rglob("*")):
        rel = path.relative_to(artifact_dir).as_posix()
        if path.is_symlink():
            problems.append(f"{rel}: symbolic link (an artifact holds plain files only)")
        elif path.is_file() and rel != MANIFEST_NAME:
            present[rel] = path
    for rel, expected in sorted(manifest.files.items()):
        path = present.pop(rel, None)
        if path is None:
            problems.append(f"{rel}: missing")
        elif sha256_file(path) != expected:
            problems.append(f"{rel}: contents changed (SHA-256 differs from the manifest)")
    problems.extend(f"{rel}: not listed in the manifest" for rel in sorted(present))
    return problems
