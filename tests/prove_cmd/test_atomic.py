"""A `prove` killed while writing its artifact leaves no partial or mixed artifact.

The run happens in a subprocess (kill_driver.py) whose artifact writer sends itself
SIGKILL after the N-th file (or rename), so no cleanup code can run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from prove_cmd_helpers import REMBERT, REPO, invoke

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")

DRIVER = Path(__file__).parent / "kill_driver.py"


def _killed_prove(tmp_path: Path, mode: str, n: int, claims: Path = REMBERT) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        "LEANBRIDGE_LAKE": str(tmp_path / "no-such-lake"),
    }
    args = ["prove", str(claims), "--out", str(tmp_path / "out"), "--workdir", str(tmp_path / "w")]
    proc = subprocess.run(
        [sys.executable, str(DRIVER), mode, str(n), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr


def _prove(tmp_path: Path, claims: Path = REMBERT) -> int:
    res = invoke(["prove", claims, "--out", tmp_path / "out", "--workdir", tmp_path / "w"])
    return res.exit_code


def _verify_ok(art: Path) -> None:
    res = invoke(["verify-artifact", art, "--no-lean"])
    assert res.exit_code == 0, res.output


def test_kill_mid_write_leaves_no_artifact(tmp_path: Path) -> None:
    _killed_prove(tmp_path, "write", 2)
    out = tmp_path / "out"
    entries = sorted(p.name for p in out.iterdir())
    assert "rembert_table16" not in entries
    assert len(entries) == 1 and entries[0].startswith(".tmp-rembert_table16-")
    partial = out / entries[0]
    assert len([p for p in partial.rglob("*") if p.is_file()]) == 2  # killed after the 2nd
    assert not (partial / "manifest.json").exists()

    assert _prove(tmp_path) == 3  # the next run removes the leftover
    assert sorted(p.name for p in out.iterdir()) == ["rembert_table16"]
    _verify_ok(out / "rembert_table16")


def test_kill_mid_rewrite_keeps_the_old_artifact(tmp_path: Path) -> None:
    assert _prove(tmp_path) == 3
    art = tmp_path / "out" / "rembert_table16"
    old_manifest = (art / "manifest.json").read_bytes()
    old_files = {p.relative_to(art): p.read_bytes() for p in art.rglob("*") if p.is_file()}

    _killed_prove(tmp_path, "write", 2)
    now = {p.relative_to(art): p.read_bytes() for p in art.rglob("*") if p.is_file()}
    assert now == old_files  # untouched: the old one, whole
    assert (art / "manifest.json").read_bytes() == old_manifest
    _verify_ok(art)


def test_kill_between_the_renames_recovers_the_old_artifact(tmp_path: Path) -> None:
    """Killed after moving the old artifact aside but before moving the new one in."""
    assert _prove(tmp_path) == 3
    out = tmp_path / "out"
    art = out / "rembert_table16"
    old_manifest = (art / "manifest.json").read_bytes()

    _killed_prove(tmp_path, "replace", 1)
    assert not art.exists()
    assert (out / ".tmp-rembert_table16-old" / "manifest.json").read_bytes() == old_manifest

    # The next writer puts the old artifact back before anything else; here it is
    # itself killed mid-write, so the old artifact must be what is left.
    _killed_prove(tmp_path, "write", 2)
    assert (art / "manifest.json").read_bytes() == old_manifest
    _verify_ok(art)

    assert _prove(tmp_path) == 3
    assert sorted(p.name for p in out.iterdir()) == ["rembert_table16"]
    _verify_ok(art)


def test_completed_rewrite_is_the_new_artifact(tmp_path: Path) -> None:
    assert _prove(tmp_path) == 3
    art = tmp_path / "out" / "rembert_table16"
    (art / "stale.txt").write_text("left over from an older version\n")
    assert _prove(tmp_path) == 3
    assert not (art / "stale.txt").exists()  # replaced whole, not merged
    assert sorted(p.name for p in art.parent.iterdir()) == ["rembert_table16"]
    _verify_ok(art)


def test_leftovers_of_a_similarly_named_artifact_are_kept(tmp_path: Path) -> None:
    """Writing `a` must not delete `.tmp-a-b-old`, the recoverable old copy of `a-b`."""
    from leanbridge.artifact.manifest import LeanInfo, Manifest, RunLimits, ToolInfo
    from leanbridge.artifact.store import write_artifact

    def manifest(hashes: dict[str, str]) -> Manifest:
        return Manifest(
            tool=ToolInfo(version="test"),
            lean=LeanInfo(ran=False, toolchain="leanprover/lean4:v4.9.0"),
            claim_file="input/a.yaml",
            module=None,
            allowed_axioms=[],
            limits=RunLimits(
                module_timeout_s=600, total_timeout_s=3600, memory_limit_mb=None, jobs=1
            ),
            commands=[],
            claims=[],
            started_at="",
            finished_at="",
            exit_code=3,
            files=hashes,
        )

    kept = tmp_path / ".tmp-a-b-old"
    (kept / "input").mkdir(parents=True)
    (kept / "manifest.json").write_text("{}")
    stale = tmp_path / ".tmp-a-xyz123"
    stale.mkdir()
    write_artifact(tmp_path / "a", {"input/a.yaml": b"claims: []\n"}, manifest)
    assert kept.is_dir() and not stale.exists()
    assert (tmp_path / "a" / "input" / "a.yaml").read_bytes() == b"claims: []\n"
