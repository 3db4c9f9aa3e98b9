"""Which claim files a run covers: the paths on the command line, expanded, then sharded.

``expand_paths`` is the one place where command-line paths become files (``pipeline``
re-exports it).  Shards are chosen by a hash of each file's path as reported, never by its
position in the list, so adding a file elsewhere does not move the others between shards,
and shards 1..n of the same command line are disjoint and cover every file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from leanbridge import limits
from leanbridge.errors import Diagnostic
from leanbridge.frozen import frozen_record


def _file_key(path: str) -> object:
    """What makes two spellings one file: its device and inode (so `a.yaml`, `./a.yaml`,
    `d/../a.yaml`, a symlink and a hard link agree), or its resolved path where the file
    system gives no inode number."""
    try:
        st = os.stat(path)
    except OSError:  # vanished since it was listed: the loader reports it
        return os.path.realpath(path)
    return (st.st_dev, st.st_ino) if st.st_ino else os.path.realpath(path)


def expand_paths(paths: Iterable[str]) -> tuple[list[str], list[Diagnostic]]:
    """Files as given; directories become their *.yaml/*.yml files in sorted order.

    A file named more than once (twice on the command line, through a directory and by
    name, or by two spellings of its path) is listed once, where it first appears."""
    files: list[str] = []
    seen: set[object] = set()
    errors: list[Diagnostic] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                str(f) for f in p.rglob("*") if f.suffix in (".yaml", ".yml") and f.is_file()
            )
            if not found:
                errors.append(Diagnostic(raw, None, "no *.yaml or *.yml files in this directory"))
        elif p.is_file():
            found = [raw]
        else:
            errors.append(Diagnostic(raw, None, "no such file or directory"))
            continue
        for f in found:
            key = _file_key(f)
            if key not in seen:
                seen.add(key)
                files.append(f)
        if len(files) > limits.MAX_FILES:
            errors.append(Diagnostic(raw, None, f"more than {limits.MAX_FILES} files"))
            return files[: limits.MAX_FILES], errors
    return files, errors


# A frozen_record, not @dataclass(frozen=True), and its pattern compiled by `re` when a
# --shard is read: a run without --shard neither makes one nor matches one, and the
# dataclass's generated methods cost about 3 M instructions at every start.
_SHARD_PATTERN = r"([0-9]+)/([0-9]+)"


@frozen_record
class Shard:
    """Shard ``number`` of ``count`` (1-based, as job arrays number them)."""

    __slots__ = ("count", "number")
    number: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        m = re.fullmatch(_SHARD_PATTERN, text.strip())
        if not m:
            raise ValueError(f"`{text}` is not of the form i/n (e.g. 1/4)")
        number, count = int(m.group(1)), int(m.group(2))
        if not 1 <= number <= count:
            raise ValueError(f"shard `{text}`: i must be between 1 and n")
        return cls(number, count)

    def __str__(self) -> str:
        return f"{self.number}/{self.count}"

    def holds(self, path: str) -> bool:
        """Is ``path`` (as reported, with / separators) in this shard?"""
        import hashlib  # here: a run without --shard need not import it (~11 M instructions)

        digest = hashlib.sha256(path.replace("\\", "/").encode("utf-8", "surrogatepass"))
        return int.from_bytes(digest.digest()[:8], "big") % self.count == self.number - 1


def select(files: list[str], first_index: int, shard: Shard | None) -> list[tuple[str, int]]:
    """``(file, index in the whole run)`` for the files this run (or shard) covers."""
    numbered = [(f, first_index + i) for i, f in enumerate(files)]
    return numbered if shard is None else [(f, i) for f, i in numbered if shard.holds(f)]
