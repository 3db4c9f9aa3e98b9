"""Content-addressed caches for ``prove``: each claim file's plan, and what Lean said.

**Plans** (:class:`leanbridge.prove.files.FilePlan`: diagnostics, the emitted module and
the claims' records before Lean): keyed like the check cache's records
(:mod:`leanbridge.corpus.cache`: the code fingerprint, the path as given and the claim
file's bytes) plus the emitter's templates; an entry lists the data files the claim file
pins with their SHA-256 and is used only while they still match.  A re-proved unchanged
file is then neither loaded, checked, linted nor emitted.

**Lean's verdicts** on one claim file's module:

key: SHA-256 of the code fingerprint (leanbridge version, Python version, the bytes of
every module and grammar of the package: the rule set and every stage), the claim file's
path as given, the bytes of every input the artifact holds (the claim file and the data
files it pins), the module's name and the SHA-256 of its text, the frontend's identity
(:func:`leanbridge.prove.identity.identify`: kind, Lake and Lean version lines, commit,
where Init comes from, library key), the bytes of the Lean library, lakefile and
toolchain pin (and of the prelude for the bundled frontend), the allowed axioms, and the
bounds Lean ran under (module timeout, memory limit).

An entry holds what the artifact and the report need: the logs of the module's commands
(the library build's for Lake, then the module's own ``lean --json``) with their records,
and each theorem's Lean verdict, axioms and messages.  Only a module whose ``lean`` ran to
its end, in a run with no run-level problem, is stored: a timeout or a crash depends on
the machine, not on the module.  Entries are signed and written atomically as in
:mod:`leanbridge.corpus.cache`; a corrupt, truncated or foreign entry, or one whose module
hash or theorems are not the module's, is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, get_args

from pydantic import TypeAdapter, ValidationError

from leanbridge.artifact.manifest import CommandRecord, LeanInfo, LeanVerdict
from leanbridge.corpus.cache import (
    Cache,
    code_fingerprint,
    file_sha256,
    read_signed,
    write_signed,
)
from leanbridge.emit.emitter import EmittedModule
from leanbridge.kernel.compile import prelude_files
from leanbridge.prove.files import FilePlan
from leanbridge.prove.lean_check import ClaimLean, Limits
from leanbridge.prove.workspace import LibrarySource

FORMAT = "leanbridge-prove-cache-1"
SUBDIR = "prove"  # beside the check/lint entries in the same --cache directory
Logs = list[tuple[CommandRecord, str]]
_TEMPLATES = Path(__file__).resolve().parent.parent / "emit" / "templates"
_PLAN = TypeAdapter(FilePlan)


def _templates_hash() -> str:
    h = hashlib.sha256()
    for f in sorted(p for p in _TEMPLATES.rglob("*") if p.is_file()):
        h.update(f.relative_to(_TEMPLATES).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def plan_deps(plan: FilePlan) -> list[tuple[str, str | None]]:
    """The data files ``plan``'s claim file pins, with the SHA-256 of their bytes now."""
    base = Path(plan.path).parent
    return [(str(base / rel), file_sha256(str(base / rel))) for rel in plan.data_files]


@dataclass(frozen=True)
class CachedModule:
    logs: Logs
    claims: dict[str, ClaimLean]  # claim id -> Lean's verdict


def module_sha256(module: EmittedModule) -> str:
    return hashlib.sha256(module.text.encode()).hexdigest()


def _claim_lean(doc: dict[str, Any]) -> ClaimLean:
    """A stored verdict, every field of the type it must have (else ``ValueError``)."""
    cl = ClaimLean(**doc)
    if (
        cl.verdict not in get_args(LeanVerdict)
        or not isinstance(cl.theorem, str | None)
        or not (cl.axioms is None or all(isinstance(a, str) for a in cl.axioms))
        or not all(isinstance(m, str) for m in cl.messages)
        or not isinstance(cl.disagreement, bool)
    ):
        raise ValueError("not a Lean verdict")
    return cl


class PlanCache(Cache):
    """Plans, keyed as the check cache keys its records and salted with the templates."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.salt = f"{self.salt}\0plan\0{_templates_hash()}"

    def get_plan(self, key: str) -> FilePlan | None:
        doc = self.get_doc(key)
        try:
            return _PLAN.validate_python(doc["plan"]) if doc is not None else None
        except (ValidationError, KeyError, TypeError):
            return None

    def put_plan(self, key: str, plan: FilePlan) -> None:
        self.put_doc(key, plan_deps(plan), {"plan": _PLAN.dump_python(plan, mode="json")})


class ProveCache:
    def __init__(self, root: Path) -> None:
        self.root = root / SUBDIR
        self.salt = f"{FORMAT}\0{code_fingerprint()}"
        self.plans = PlanCache(self.root)

    def key(
        self,
        path: str,
        inputs: Mapping[str, bytes],
        module: EmittedModule,
        identity: LeanInfo,
        library: LibrarySource,
        allowed: frozenset[str],
        limits: Limits,
    ) -> str:
        h = hashlib.sha256(self.salt.encode())

        def part(name: str, data: bytes) -> None:
            h.update(f"\0{name}\0{len(data)}\0".encode("utf-8", "surrogatepass") + data)

        part("path", path.encode("utf-8", "surrogatepass"))
        for rel in sorted(inputs):
            part(f"input/{rel}", inputs[rel])
        part("module", f"{module.module_name}\0{module_sha256(module)}".encode())
        part("identity", identity.model_dump_json().encode())
        library_files = dict(library.files)
        if identity.frontend == "bundled":
            library_files.update({f"prelude/{k}": v for k, v in prelude_files().items()})
        for rel in sorted(library_files):
            part(f"library/{rel}", library_files[rel])
        part("allowed", "\0".join(sorted(allowed)).encode())
        part("bounds", f"{limits.module_timeout_s!r}\0{limits.memory_limit_mb!r}".encode())
        return h.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str, module: EmittedModule) -> CachedModule | None:
        doc = read_signed(self._entry(key), key)
        if doc is None:
            return None
        try:
            if doc["module"] != [module.module_name, module_sha256(module)]:
                return None
            logs = [(CommandRecord.model_validate(r), str(text)) for r, text in doc["logs"]]
            claims = {str(k): _claim_lean(v) for k, v in doc["claims"].items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        if set(claims) != {t.claim_id for t in module.theorems}:
            return None
        return CachedModule(logs, claims)

    def put(
        self, key: str, module: EmittedModule, logs: Logs, claims: Mapping[str, ClaimLean]
    ) -> None:
        """Store the module's logs and verdicts (best effort: a failure only costs speed)."""
        write_signed(
            self._entry(key),
            {
                "key": key,
                "module": [module.module_name, module_sha256(module)],
                "logs": [[record.model_dump(mode="json"), text] for record, text in logs],
                "claims": {claim_id: asdict(verdict) for claim_id, verdict in claims.items()},
            },
        )
