"""Content-addressed cache of :class:`FileRecord` s for ``check`` and ``lint``.

Key: SHA-256 of the code fingerprint (leanbridge version, Python version, and the bytes of
every module and grammar of the package: the rule set and every stage that can change a
record), the file's path as reported, and the claim file's bytes.  An entry also lists the
data files the claim file read, with the SHA-256 of their bytes when it was made; it is
used only while each of them still hashes the same.

An entry is ``<sha256 of the payload>\\n<payload JSON>``, and the payload repeats its key:
an entry whose digest or key does not match (corrupt, truncated, or written for another
file) is ignored and rewritten, never trusted.  Entries are written to a temporary file in
the same directory and renamed into place, so concurrent runs sharing a directory never
see a half-written entry.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from leanbridge import __version__
from leanbridge.corpus.record import FileRecord

DEFAULT_DIR = ".leanbridge/cache"
FORMAT = "leanbridge-cache-1"
Deps = list[tuple[str, str | None]]

# hashlib is imported where a hash is made (importing it, with OpenSSL, costs about 11 M
# instructions, 2% of a one-claim check): a --no-cache run makes none.


def code_fingerprint() -> str:
    """SHA-256 over everything a record depends on besides the claim and data files."""
    import hashlib

    package = Path(__file__).resolve().parent.parent  # here: resolving costs a --no-cache run
    h = hashlib.sha256(f"{FORMAT}\0{__version__}\0{sys.version_info[:2]}\0".encode())
    for f in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".lark")):
        h.update(f.relative_to(package).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def file_sha256(path: str) -> str | None:
    import hashlib

    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


class Cache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.salt = code_fingerprint()

    def key(self, path: str, content: bytes) -> str:
        import hashlib

        h = hashlib.sha256(self.salt.encode())
        h.update(b"\0" + path.encode("utf-8", "surrogatepass") + b"\0")
        h.update(content)
        return h.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get_doc(self, key: str) -> dict[str, Any] | None:
        """The entry's JSON object, while every data file it lists still hashes the same."""
        doc = read_signed(self._entry(key), key)
        try:
            if doc is None or any(file_sha256(p) != sha for p, sha in doc["deps"]):
                return None
        except (ValueError, KeyError, TypeError):
            return None
        return doc

    def get(self, key: str) -> FileRecord | None:
        doc = self.get_doc(key)
        try:
            return FileRecord.from_json(doc["record"]) if doc is not None else None
        except (ValueError, KeyError, TypeError):
            return None

    def put_doc(self, key: str, deps: Deps, content: dict[str, Any]) -> None:
        """Store ``content`` (best effort: a read-only or full cache only costs speed)."""
        if any(sha is None for _, sha in deps):
            return  # a data file that could not be read is not a stable input
        write_signed(self._entry(key), {"key": key, "deps": deps, **content})

    def put(self, key: str, record: FileRecord, deps: Deps) -> None:
        self.put_doc(key, deps, {"record": record.to_json()})


def read_signed(path: Path, key: str) -> dict[str, Any] | None:
    """The JSON object of the entry at ``path`` if its digest matches and it names ``key``."""
    import hashlib

    try:
        raw = path.read_bytes()
    except OSError:
        return None
    digest, _, payload = raw.partition(b"\n")
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        return None
    try:
        doc = json.loads(payload)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) and doc.get("key") == key else None


def write_signed(target: Path, doc: dict[str, Any]) -> None:
    """Write ``<sha256>\\n<JSON>`` through a temporary file and a rename (best effort)."""
    import hashlib

    payload = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogatepass"
    )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # here: a run that stores nothing need not import it

        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
