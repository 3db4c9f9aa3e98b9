"""Instructions of the record stage of `check` alone (what follows the lint rules).

Setup loads, evaluates and lints the first NFILES corpus files, recording each finding the
engine emits; the measured part replays those emits through the real ``checked_record``
(shown TEXT by default, as `check --no-cache` with text output), then ``Tally.add`` and
``CheckText.add`` and ``finish``.  Setup objects are frozen out of the collector's reach.
Instructions per claim are the difference of two callgrind runs (deterministic):

    export PYTHONHASHSEED=0 PYTHONPATH=$PWD
    valgrind --tool=callgrind --callgrind-out-file=/dev/null python benchmarks/ir_records.py setup 2
    valgrind --tool=callgrind --callgrind-out-file=/dev/null python benchmarks/ir_records.py full 2
    # (full - setup) / (2 * 500 claims)

Session 7: 137,254 instructions per claim before ShownRecord and the one-step decimal
text, 96,569 after (1,000 claims of the benchmark corpus).  Session 8: 71,779 (findings
made in one step by the text emitter, interval midpoints and decimal texts from integer
terms, spools kept as strings in memory).
"""

from __future__ import annotations

import gc
import glob
import io
import sys
from typing import Any

import leanbridge.claims.loader as loader
import leanbridge.corpus.process as proc
import leanbridge.pipeline as pipeline
from leanbridge.corpus.record import Plan, Tally
from leanbridge.formats.text import CheckText
from leanbridge.lint import engine
from leanbridge.runtime import tune_gc

CORPUS = "/work/wt/corpus/*.yaml"


class Capture:
    """An emitter that records each emit (and sorts nothing)."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def emit(self, rule: Any, finding: Any, cr: Any, ignored: bool) -> int:
        self.calls.append((rule, finding, cr, ignored))
        return len(self.calls) - 1

    def key(self, made: int) -> tuple[int, int, str, str]:
        return 0, 0, "", ""


def replay(calls: list[tuple[Any, ...]], ignored: set[int], contexts: list[Any]) -> Any:
    """``lint_with`` for one file, its rules' findings as recorded: the same emits, sorted."""

    def lint_with(fr: Any, emitter: Any) -> tuple[list[Any], list[Any], list[Any]]:
        emit = emitter.emit
        found: list[Any] = []
        silenced: list[Any] = []
        for i, (rule, finding, cr, is_ignored) in enumerate(calls):
            (silenced if i in ignored else found).append(emit(rule, finding, cr, is_ignored))
        found.sort(key=emitter.key)
        silenced.sort(key=emitter.key)
        return found, silenced, contexts

    return lint_with


def main() -> None:
    mode, n = sys.argv[1], int(sys.argv[2])
    shown = sys.argv[3] if len(sys.argv) > 3 else proc.TEXT
    tune_gc()
    work = []
    for path in sorted(glob.glob(CORPUS))[:n]:
        fr = pipeline.evaluate_file(loader.load_claim_file(path))
        capture = Capture()
        _, ignored, contexts = engine.lint_with(fr, capture)
        work.append((fr, capture.calls, set(ignored), contexts))
    gc.collect()
    gc.freeze()
    if mode != "full":
        return
    out = io.StringIO()
    writer = CheckText(Plan([(w[0].loaded.path, i) for i, w in enumerate(work)], []), out)
    tally = Tally()
    for i, (fr, calls, ignored, contexts) in enumerate(work):
        proc.lint_with = replay(calls, ignored, contexts)  # type: ignore[assignment]
        record = proc.checked_record(fr, shown)
        tally.add(record)
        writer.add(record, i)
    writer.finish(tally)
    print(f"{tally.claims} claims, {len(out.getvalue())} characters", file=sys.stderr)


if __name__ == "__main__":
    main()
