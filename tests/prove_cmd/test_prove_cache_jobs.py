"""`prove --jobs N` and the prove cache, with the stand-in `lake` (a test double for the
process boundary: it says nothing about whether Lean accepts the files; the real-Lean
cache tests are in tests/prove_lean/test_prove_cache.py)."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from prove_cmd_helpers import CLAIMS, REPO, Lake, Run

from leanbridge.prove import files

sys.path.insert(0, str(REPO / "benchmarks"))
from generate_corpus import generate

# Fields that differ between any two runs, whatever N: this run's clock, how long each
# command took, and the --jobs given.
_CLOCK = ("started_at", "finished_at")


def _normal(manifest: dict[str, Any], keep_durations: bool = False) -> dict[str, Any]:
    m = {k: v for k, v in manifest.items() if k not in _CLOCK}
    if not keep_durations:
        m["commands"] = [{**c, "duration_s": None} for c in m["commands"]]
        m["limits"] = {**m["limits"], "jobs": None}
    return m


def _artifacts(run: Run, keep_durations: bool = False) -> dict[str, Any]:
    out = {}
    for art in sorted(run.out.iterdir()):
        for p in sorted(art.rglob("*")):
            if p.is_file():
                rel = p.relative_to(run.out).as_posix()
                if p.name == "manifest.json":
                    out[rel] = _normal(json.loads(p.read_bytes()), keep_durations)
                else:
                    out[rel] = p.read_bytes()
    return out


def _stdout(run: Run) -> list[str]:
    """stdout without the manifest digests (the manifests hold this run's clock)."""
    return [
        line.split(" (manifest.json sha256")[0].replace(str(run.out), "OUT")
        for line in run.result.stdout.splitlines()
    ]


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    files = generate(tmp_path / "gen", claims=120, per_file=20)
    return [CLAIMS / "arithmetic.yaml", CLAIMS / "rembert_table16.yaml", *files]


def test_jobs_do_not_change_outputs_or_artifacts(
    lake: Lake, prove: Callable[..., Run], corpus: list[Path]
) -> None:
    lake.set("ok")
    runs = {
        n: prove("--lake", lake.path, "--jobs", str(n), "--no-cache", claims=corpus, name=f"j{n}")
        for n in (1, 2, 3)
    }
    one = runs[1]
    assert one.code == 1, one.result.output  # the generated files have LB001 findings
    assert len(list(one.out.iterdir())) == len(corpus)
    for n in (2, 3):
        assert runs[n].code == one.code
        assert _stdout(runs[n]) == _stdout(one)
        assert _artifacts(runs[n]) == _artifacts(one)
        assert runs[n].result.stderr == one.result.stderr


def test_lake_second_run_calls_nothing(lake: Lake, prove: Callable[..., Run]) -> None:
    lake.set("ok")
    claims = (CLAIMS / "arithmetic.yaml", CLAIMS / "rembert_table16.yaml")
    first = prove("--lake", lake.path, claims=claims, name="a")
    assert first.code == 0, first.result.output
    calls = lake.calls()
    assert ["build", "LeanBridge"] in calls and ["--version"] in calls
    second = prove("--lake", lake.path, claims=claims, name="b")
    assert second.code == 0, second.result.output
    assert lake.calls() == calls  # not even `lake --version`
    assert "cache: 2 of 2 modules from the cache" in second.result.stdout
    # the artifacts are the first run's, durations and logs included
    assert _artifacts(second, keep_durations=True) == _artifacts(first, keep_durations=True)


def test_unsettled_modules_are_not_cached(lake: Lake, prove: Callable[..., Run]) -> None:
    lake.set("crash")
    assert prove("--lake", lake.path, name="a").code == 4
    lake.set("ok")
    again = prove("--lake", lake.path, name="b")
    assert again.code == 0, again.result.output
    assert "cache: 0 of 1 modules from the cache" in again.result.stdout


def _no_plan(path: str) -> None:
    raise AssertionError(f"{path} was planned again instead of read from the cache")


def test_a_changed_data_file_is_read_again(
    lake: Lake, prove: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lake.set("ok")
    shutil.copytree(REPO / "tests" / "lint" / "data", tmp_path / "data")
    claims = (tmp_path / "data" / "reproduction.yaml",)
    first = prove("--lake", lake.path, claims=claims, name="a")
    with monkeypatch.context() as m:
        m.setattr(files, "plan_file", _no_plan)
        again = prove("--lake", lake.path, claims=claims, name="b")
    assert again.code == first.code and again.verdicts("reproduction") == first.verdicts(
        "reproduction"
    )
    csv = tmp_path / "data" / "results" / "xnli.csv"
    csv.write_text(csv.read_text() + "\n", "utf-8")  # same numbers, other bytes
    changed = prove("--lake", lake.path, claims=claims, name="c")
    # planned again: the pin no longer matches (a plan from the cache would not say so)
    assert changed.code == 2 and "sha256" in changed.result.stderr, changed.result.output
