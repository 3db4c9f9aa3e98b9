"""--shard, merge and --jobs: the same bytes as one plain run, whatever the split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_helpers import CORPUS, run

from leanbridge.corpus.files import Shard, expand_paths
from leanbridge.corpus.merge import MergeError, merge_texts

INPUTS = [*CORPUS, "missing.yaml"]  # an input problem every shard repeats


def test_shards_partition_the_files() -> None:
    files, _ = expand_paths(CORPUS)
    for n in (1, 2, 3, 4, 7):
        shards = [[f for f in files if Shard(i, n).holds(f)] for i in range(1, n + 1)]
        assert sorted(f for s in shards for f in s) == sorted(files)  # union, disjoint


def test_a_file_stays_in_its_shard_when_others_are_added() -> None:
    files = [f"papers/p{i:04d}.yaml" for i in range(400)]
    before = {f: next(i for i in range(1, 5) if Shard(i, 4).holds(f)) for f in files}
    more = files + [f"papers/new{i}.yaml" for i in range(100)]
    after = {f: next(i for i in range(1, 5) if Shard(i, 4).holds(f)) for f in more}
    assert all(after[f] == before[f] for f in files)
    sizes = [sum(1 for s in before.values() if s == i) for i in range(1, 5)]
    assert min(sizes) > 70  # balanced: 100 expected each


@pytest.mark.parametrize("text", ["0/4", "5/4", "1", "a/b", "1/0", "-1/2"])
def test_bad_shard_is_a_usage_error(text: str) -> None:
    code, _ = run("check", "--shard", text, "claims")
    assert code == 2


@pytest.mark.parametrize("command", ["check", "lint"])
@pytest.mark.parametrize("fmt", ["json", "junit", "sarif"])
def test_merged_shards_equal_the_whole_run(command: str, fmt: str, tmp_path: Path) -> None:
    whole_code, whole = run(command, "--no-cache", "--format", fmt, *INPUTS)
    parts = []
    for i in range(1, 5):
        _, out = run(command, "--format", fmt, "--shard", f"{i}/4", *INPUTS)
        parts.append(tmp_path / f"part{i}")
        parts[-1].write_text(out)
    code, merged = run("merge", *map(str, parts))
    assert merged == whole
    assert code == (whole_code if fmt == "json" else 0)
    run("merge", *map(str, parts), "-o", str(tmp_path / "merged"))
    assert (tmp_path / "merged").read_text() == whole


def test_shard_json_says_where_its_files_go() -> None:
    _, out = run("check", "--format", "json", "--shard", "2/3", *INPUTS)
    block = json.loads(out)["shard"]
    assert block["shard"] == "2/3" and block["inputs"] == 1
    files, _ = expand_paths(CORPUS)
    assert block["order"] == [[f, i + 1] for i, f in enumerate(files) if Shard(2, 3).holds(f)]


def test_merge_refuses_what_is_not_a_shard_output(tmp_path: Path) -> None:
    _, whole = run("check", "--format", "json", "claims")
    with pytest.raises(MergeError, match="not the output of a --shard run"):
        merge_texts([whole])
    with pytest.raises(MergeError):
        merge_texts(["<testsuites", "x"])
    (tmp_path / "x").write_text("not json")
    code, _ = run("merge", str(tmp_path / "x"))
    assert code == 2


@pytest.mark.parametrize("command", ["check", "lint"])
def test_jobs_do_not_change_the_output(command: str) -> None:
    one = run(command, "--no-cache", "--format", "json", "--jobs", "1", *INPUTS)
    two = run(command, "--no-cache", "--format", "json", "--jobs", "2", *INPUTS)
    assert one == two
    text = run(command, "--no-cache", "--jobs", "3", *INPUTS)
    assert text == run(command, "--no-cache", *INPUTS)
