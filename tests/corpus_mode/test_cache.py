"""The content-addressed cache: hits on unchanged files, never trusts a bad entry."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_helpers import CORPUS, ROOT, run

from leanbridge.corpus import runner
from leanbridge.corpus.cache import Cache
from leanbridge.corpus.files import expand_paths


def entries(cache: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(cache.rglob("*.json"))}


def no_work(path: str) -> None:
    raise AssertionError(f"{path} was checked again instead of read from the cache")


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif", "github"])
def test_second_run_reads_everything_from_the_cache(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = str(tmp_path / "cache")
    first = run("check", "--cache", cache, "--format", fmt, *CORPUS)
    assert first == run("check", "--no-cache", "--format", fmt, *CORPUS)
    monkeypatch.setattr(runner, "_work", no_work)
    assert run("check", "--cache", cache, "--format", fmt, *CORPUS) == first
    lint = run("lint", "--cache", cache, "--format", fmt, *CORPUS)  # same records
    monkeypatch.undo()
    assert lint == run("lint", "--no-cache", "--format", fmt, *CORPUS)


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    run("check", "--no-cache", "claims")
    run("check", "--cache", str(tmp_path / "c"), "--no-cache", "claims")
    assert not (tmp_path / "c").exists()


def test_a_changed_file_is_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    claim = tmp_path / "c.yaml"
    shutil.copy(ROOT / "tests/fixtures/files/valid.yaml", claim)
    cache = str(tmp_path / "cache")
    code, _ = run("check", "--cache", cache, str(claim))
    assert code == 0
    claim.write_text(claim.read_text().replace("a * 2 == 4", "a * 2 == 5"))
    code, out = run("check", "--cache", cache, str(claim))
    assert code == 1 and "fails     holds_one" in out


def test_a_changed_data_file_is_read_again(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests/lint/data", tmp_path / "data")
    claim = str(tmp_path / "data" / "reproduction.yaml")
    cache = str(tmp_path / "cache")
    code, before = run("check", "--cache", cache, claim)
    assert "sha256 mismatch" not in before
    csv = tmp_path / "data" / "results" / "xnli.csv"
    csv.write_text(csv.read_text() + "\n")  # the pin no longer matches
    code, after = run("check", "--cache", cache, claim)
    assert code == 2 and "sha256 mismatch" in after


@pytest.mark.parametrize(
    "spoil",
    [
        lambda raw, other: raw[:-5],  # truncated
        lambda raw, other: raw.replace(b'"holds"', b'"fails"'),  # edited, digest now wrong
        lambda raw, other: b"",  # empty
        lambda raw, other: other,  # a valid entry, but of another file
    ],
)
def test_a_bad_entry_is_ignored_and_rewritten(spoil, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # (An entry edited *and* re-hashed is accepted: the digest guards against corruption
    # and mix-ups, not against whoever owns the cache directory.)
    cache_dir = tmp_path / "cache"
    files = ["tests/fixtures/files/valid.yaml", "tests/fixtures/files/failing.yaml"]
    expected = run("check", "--no-cache", *files)
    run("check", "--cache", str(cache_dir), *files)
    cache = Cache(cache_dir)
    keys = [cache.key(f, Path(f).read_bytes()) for f in files]
    paths = [cache_dir / k[:2] / f"{k}.json" for k in keys]
    good = paths[0].read_bytes()
    paths[0].write_bytes(spoil(good, paths[1].read_bytes()))
    got = run("check", "--cache", str(cache_dir), *files)
    assert got == expected
    assert paths[0].read_bytes() == good  # rewritten


def test_concurrent_runs_share_a_cache_safely(tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    cmd = [
        sys.executable,
        "-m",
        "leanbridge",
        "check",
        "--cache",
        cache,
        "--format",
        "json",
        *CORPUS,
    ]
    procs = [
        subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outs = [p.communicate()[0] for p in procs]
    plain = subprocess.run(
        [*cmd[:4], "--no-cache", *cmd[6:]], cwd=ROOT, capture_output=True, check=False
    ).stdout
    assert all(out == plain for out in outs)
    assert not list(Path(cache).rglob(".tmp-*"))  # no temporary file left behind
    for raw in entries(Path(cache)).values():
        digest, _, payload = raw.partition(b"\n")
        assert hashlib.sha256(payload).hexdigest().encode() == digest
    assert len(entries(Path(cache))) == len(expand_paths(CORPUS)[0])
