"""`check`/`lint` hold a bounded number of file records, whatever the size of the corpus.

Structural, not timed: every FileRecord made in this process (checked here, read from the
cache, or unpickled from a `--jobs` worker) is tracked with a weak reference, and the
number alive at once is sampled each time another one is made.  A run that keeps every
record until the report is written (as before streaming) reaches the number of files.
"""

from __future__ import annotations

import json
import weakref
from pathlib import Path
from typing import Any

import pytest
from corpus_helpers import run

from leanbridge.corpus.record import FileRecord

FILES = 60
BOUND = 10  # the window for --jobs 2 (4 per job) plus the record being written and the next


def _corpus(root: Path) -> Path:
    root.mkdir()
    for i in range(FILES):
        (root / f"paper{i:03d}.yaml").write_text(
            "leanbridge: 1\nclaims:\n"
            f'  - id: c{i}\n    text: "t"\n    source: "s"\n    check: "{i} + 1 == {i + 1}"\n'
        )
    return root


@pytest.fixture
def live(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """``most``: the largest number of FileRecords alive at once; ``made``: how many."""
    seen = {"most": 0, "made": 0, "alive": 0}
    refs: dict[int, weakref.ref[FileRecord]] = {}  # by id: records (and refs) are unhashable

    def gone(ref: weakref.ref[FileRecord]) -> None:
        del refs[id(ref)]
        seen["alive"] -= 1

    def track(record: FileRecord) -> None:
        ref = weakref.ref(record, gone)
        refs[id(ref)] = ref
        seen["made"] += 1
        seen["alive"] += 1
        seen["most"] = max(seen["most"], seen["alive"])

    init = FileRecord.__init__

    def tracked_init(self: FileRecord, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        track(self)

    def tracked_setstate(self: FileRecord, state: dict[str, Any]) -> None:
        self.__dict__.update(state)  # how pickle restores a plain instance
        track(self)

    monkeypatch.setattr(FileRecord, "__init__", tracked_init)
    monkeypatch.setattr(FileRecord, "__setstate__", tracked_setstate, raising=False)
    return seen


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("command", ["check", "lint"])
def test_records_alive_at_once_are_bounded(
    command: str, jobs: str, tmp_path: Path, live: dict[str, int]
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    cache = str(tmp_path / "cache")
    outputs = [f"--output={fmt}={tmp_path / fmt}" for fmt in ("text", "junit", "sarif", "github")]
    for _ in ("cold", "warm"):  # checked, then every record read back from the cache
        live["most"] = live["made"] = 0
        _, out = run(
            command, "--cache", cache, "--jobs", jobs, "--format", "json", *outputs, str(corpus)
        )
        assert live["made"] >= FILES  # every record was seen being made ...
        assert live["most"] <= BOUND  # ... and few were alive at once
        doc = json.loads(out)
        assert doc["summary"]["files"] == FILES  # nothing was lost on the way
        assert len(doc["claims" if command == "check" else "labels"]) == FILES
