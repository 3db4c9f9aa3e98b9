"""`verify-artifact` passes on a fresh artifact and fails on every tampered copy."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from prove_cmd_helpers import REMBERT, Lake, invoke, make_lake, verify

from leanbridge import limits
from leanbridge.artifact import verify as verify_mod
from leanbridge.prove.frontend import Frontend
from leanbridge.prove.workspace import find_library


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A not-run artifact (Lean absent), made once for the module."""
    root = tmp_path_factory.mktemp("pristine")
    res = invoke(
        ["prove", REMBERT, "--out", root / "a", "--workdir", root / "ws", "--lake", root / "none"]
    )
    assert res.exit_code == 3, res.output
    return root / "a" / "rembert_table16"


@pytest.fixture(scope="module")
def pristine_lean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Lake]:
    """An artifact made with the stand-in `lake` (mode ok: every claim proved/refuted)."""
    root = tmp_path_factory.mktemp("pristine_lean")
    lake = make_lake(root)
    res = invoke(
        ["prove", REMBERT, "--out", root / "a", "--workdir", root / "ws", "--lake", lake.path]
    )
    assert res.exit_code == 0, res.output
    return root / "a" / "rembert_table16", lake


@pytest.fixture
def art(pristine: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "copy"
    shutil.copytree(pristine, dst, symlinks=True)
    return dst


def _all_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _manifest(art: Path) -> dict[str, Any]:
    return json.loads((art / "manifest.json").read_text("utf-8"))


def _write_manifest(art: Path, m: dict[str, Any]) -> None:
    (art / "manifest.json").write_text(json.dumps(m, indent=2, sort_keys=True) + "\n", "utf-8")


def _fails(art: Path, *args: object, code: int = 1, why: str = "") -> str:
    res = verify(art, "--no-lean", *args)
    assert res.exit_code == code, res.output
    assert "FAILED" in res.output
    if why:
        assert why in res.output, res.output
    return res.output


def test_fresh_artifact_passes(art: Path) -> None:
    res = verify(art, "--no-lean")
    assert res.exit_code == 0, res.output
    assert f"{art}: OK" in res.output


def test_changed_byte_in_each_file(art: Path, pristine: Path) -> None:
    files = _all_files(pristine)
    assert len(files) >= 8
    digest = hashlib.sha256((pristine / "manifest.json").read_bytes()).hexdigest()
    for rel in files:
        shutil.rmtree(art)
        shutil.copytree(pristine, art)
        path = art / rel
        data = bytearray(path.read_bytes())
        i = len(data) // 2
        data[i] = (data[i] + 1) % 256
        path.write_bytes(bytes(data))
        if rel == "manifest.json":
            # The manifest cannot hash itself: its SHA-256 is what `prove` prints.
            _fails(art, "--expect-digest", digest, why=f"expected {digest}")
        else:
            _fails(art, why=f"{rel}: contents changed")


def test_removed_file(art: Path) -> None:
    (art / "workspace/lean/LeanBridge/Q.lean").unlink()
    _fails(art, why="workspace/lean/LeanBridge/Q.lean: missing")


def test_added_file(art: Path) -> None:
    (art / "workspace/out/Claims/Extra.lean").write_text("theorem t : True := trivial\n")
    _fails(art, why="workspace/out/Claims/Extra.lean: not listed in the manifest")


def test_added_symlink(art: Path) -> None:
    (art / "input/link.yaml").symlink_to(art / "input/rembert_table16.yaml")
    _fails(art, why="input/link.yaml: symbolic link")


def test_file_replaced_by_symlink(art: Path, tmp_path: Path) -> None:
    target = tmp_path / "outside.lean"
    shutil.copyfile(art / "workspace/lean/LeanBridge.lean", target)  # same bytes
    (art / "workspace/lean/LeanBridge.lean").unlink()
    (art / "workspace/lean/LeanBridge.lean").symlink_to(target)
    _fails(art, why="workspace/lean/LeanBridge.lean: symbolic link")


def test_manifest_claims_proved_and_verified(art: Path) -> None:
    m = _manifest(art)
    for c in m["claims"]:
        c["verified"] = True
    _write_manifest(art, m)
    _fails(art, why="marked verified")

    m = _manifest(art)
    for c in m["claims"]:
        c["lean_verdict"] = "refuted" if c["expected"] == "fails" else "proved"
        c["verified"] = True
    m["exit_code"] = 0
    _write_manifest(art, m)
    _fails(art, why="Lean was not run")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("line", 1),
        ("expected", "fails"),
        ("evidence", "reproduced-result"),
        ("text", "XLM-R averages 80.1"),
        ("exact", {"lhs": None, "rhs": None, "tolerance": None, "margin": None, "message": None}),
        ("axioms", []),
    ],
)
def test_manifest_claim_field_edited(art: Path, field: str, value: object) -> None:
    m = _manifest(art)
    m["claims"][0][field] = value
    _write_manifest(art, m)
    _fails(art)


def test_manifest_exact_verdict_flipped(art: Path) -> None:
    m = _manifest(art)
    c = next(c for c in m["claims"] if c["id"] == "stilts_better_on_every_task")
    assert c["exact_verdict"] == "fails"
    c["exact_verdict"] = "holds"
    _write_manifest(art, m)
    _fails(art, why="manifest says exact `holds`, re-check gives `fails`")


def test_module_edited_and_rehashed(art: Path) -> None:
    m = _manifest(art)
    module = art / m["module"]
    original = module.read_text("utf-8")
    text = original.replace(":= Eq.refl true", ":= sorry", 1)
    assert text != original  # the edit must really change the proof
    module.write_text(text, "utf-8")
    m["files"][m["module"]] = hashlib.sha256(text.encode()).hexdigest()
    _write_manifest(art, m)
    _fails(art, why="not what `leanbridge emit` produces from the claim file")


def test_claim_file_edited_and_rehashed(art: Path) -> None:
    m = _manifest(art)
    claim = art / m["claim_file"]
    text = claim.read_text("utf-8").replace('"64.0"', '"66.0"')  # X-STILTs NER
    claim.write_text(text, "utf-8")
    m["files"][m["claim_file"]] = hashlib.sha256(text.encode()).hexdigest()
    _write_manifest(art, m)
    _fails(art)


def test_manifest_pointing_outside_the_artifact(art: Path) -> None:
    m = _manifest(art)
    m["claim_file"] = str(REMBERT)  # an absolute path: never read from outside
    _write_manifest(art, m)
    _fails(art, why="claim_file")


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.unlink(),
        lambda p: p.write_text("{not json", "utf-8"),
        lambda p: p.write_text('{"format": "leanbridge-artifact/1"}', "utf-8"),
    ],
    ids=["missing", "not-json", "incomplete"],
)
def test_missing_or_invalid_manifest_exit_2(art: Path, damage: Callable[[Path], None]) -> None:
    damage(art / "manifest.json")
    _fails(art, code=2, why="manifest.json")


def test_empty_directory_exit_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    _fails(tmp_path / "empty", code=2, why="manifest.json: missing")


def test_missing_directory_says_so_exit_2_and_other_artifacts_are_still_verified(
    art: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-artifact"
    res = verify(missing, art, "--no-lean")
    assert res.exit_code == 2, res.output
    assert f"{missing}: directory does not exist\n" in res.output
    assert "manifest.json: missing" not in res.output
    assert f"{art}: OK" in res.output


# --- an artifact made with the stand-in `lake`, and its re-run ---------------------------


@pytest.fixture
def art_lean(pristine_lean: tuple[Path, Lake], tmp_path: Path) -> tuple[Path, Lake]:
    src, lake = pristine_lean
    dst = tmp_path / "copy"
    shutil.copytree(src, dst)
    lake.set("ok")
    return dst, lake


def test_rerun_with_standin_matches(art_lean: tuple[Path, Lake]) -> None:
    art, lake = art_lean
    before = len(lake.calls())
    res = verify(art, "--lake", lake.path)
    assert res.exit_code == 0, res.output
    assert "Lean re-run: verdicts compared with the manifest" in res.output
    rerun = lake.calls()[before:]
    assert ["build", "LeanBridge"] in rerun
    assert ["env", "lean", "--json", "out/Claims/RembertTable16.lean"] in rerun


def test_rerun_with_standin_disagreeing(art_lean: tuple[Path, Lake]) -> None:
    art, lake = art_lean
    lake.set("axioms", axioms=["sorryAx"])
    res = verify(art, "--lake", lake.path)
    assert res.exit_code == 1, res.output
    assert "manifest says Lean `proved`, re-run gives `axiom-violation`" in res.output


def test_lean_artifact_with_forged_verdict(art_lean: tuple[Path, Lake]) -> None:
    """A Lean-ran artifact whose manifest turns a failure into success, logs untouched."""
    art, _ = art_lean
    m = _manifest(art)
    m["claims"][0]["lean_verdict"] = "lean-error"
    m["claims"][0]["verified"] = False
    _write_manifest(art, m)
    _fails(art, why="recorded Lean output")


def test_not_run_artifact_verified_later_with_lean_is_a_note(art: Path, tmp_path: Path) -> None:
    """Prove now without Lean, verify later with Lean: news, not a contradiction."""
    (tmp_path / "later").mkdir()
    lake = make_lake(tmp_path / "later")
    lake.set("ok")
    res = verify(art, "--lake", lake.path)
    assert res.exit_code == 0, res.output
    assert "recorded without Lean; Lean now gives `proved`" in res.output
    assert "the artifact itself still carries no Lean evidence" in res.output


# --- an artifact is untrusted: sizes and bytes that `prove` never writes -----------------


def test_oversized_manifest_is_not_read(art: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    size = (art / "manifest.json").stat().st_size
    monkeypatch.setattr(limits, "MAX_ARTIFACT_TEXT_BYTES", size - 1)
    _fails(art, code=2, why=f"manifest.json: larger than {size - 1} bytes, not read")


def test_module_that_is_not_utf8_fails_cleanly(art: Path) -> None:
    m = _manifest(art)
    module = art / m["module"]
    data = module.read_bytes() + b"\n-- \xff\xfe\n"
    module.write_bytes(data)
    m["files"][m["module"]] = hashlib.sha256(data).hexdigest()
    _write_manifest(art, m)
    _fails(art, why="not what `leanbridge emit` produces from the claim file")


def test_oversized_lean_log_is_not_read(
    art_lean: tuple[Path, Lake], monkeypatch: pytest.MonkeyPatch
) -> None:
    art, _ = art_lean
    m = _manifest(art)
    logs = [c["log"] for c in m["commands"] if c.get("log")]
    assert logs
    limit = max((art / "manifest.json").stat().st_size, (art / m["module"]).stat().st_size) + 100
    for rel in logs:  # padded past the bound (with a line Lean never prints), and rehashed
        data = (art / rel).read_bytes() + b"x" * (limit + 1) + b"\n"
        (art / rel).write_bytes(data)
        m["files"][rel] = hashlib.sha256(data).hexdigest()
    _write_manifest(art, m)
    monkeypatch.setattr(limits, "MAX_ARTIFACT_TEXT_BYTES", limit)  # the rest stays below it
    _fails(art, why=f"larger than {limit} bytes, not read")


# --- the Lean library the verdicts rest on ---------------------------------------------


def _rehash(art: Path, m: dict[str, Any], rel: str, data: bytes) -> None:
    (art / rel).parent.mkdir(parents=True, exist_ok=True)
    (art / rel).write_bytes(data)
    m["files"][rel] = hashlib.sha256(data).hexdigest()
    _write_manifest(art, m)


def test_library_edited_and_rehashed(art: Path) -> None:
    m = _manifest(art)
    rel = "workspace/lean/LeanBridge/Compare.lean"
    data = (art / rel).read_bytes().replace(b"def ", b"def  ", 1)  # any change at all
    _rehash(art, m, rel, data)
    _fails(art, why=f"{rel}: differs from the LeanBridge library")


@pytest.mark.parametrize(
    "rel", ["workspace/lean/LeanBridge/Extra.lean", "workspace/out/Claims/Other.lean"]
)
def test_extra_lean_file_in_the_workspace(art: Path, rel: str) -> None:
    _rehash(art, _manifest(art), rel, b"theorem t : True := trivial\n")
    _fails(art, why=f"{rel}: not a file of the LeanBridge library")


def test_library_file_removed_from_artifact_and_manifest(art: Path) -> None:
    m = _manifest(art)
    rel = "workspace/lean-toolchain"
    (art / rel).unlink()
    del m["files"][rel]
    _write_manifest(art, m)
    _fails(art, why=f"{rel}: missing from the artifact's workspace")


def test_lean_rerun_lays_out_the_shipped_library_not_the_artifacts(
    art_lean: tuple[Path, Lake], tmp_path: Path
) -> None:
    """Defence in depth: even past the byte comparison, Lean never runs the artifact's own
    workspace (here its lakefile is swapped after the re-check, as if the check missed it)."""
    art, lake = art_lean
    report = verify_mod.VerifyReport(art)
    manifest = verify_mod.load_manifest(art, report)
    assert manifest is not None
    module = verify_mod._recheck(art, manifest, report)
    assert report.problems == []
    (art / "workspace" / "lakefile.lean").write_text("-- not the shipped lakefile\n")
    seen = tmp_path / "lakefile-at-rerun"
    lake.set("ok", copy_lakefile_to=str(seen))
    frontend = Frontend("lake", (str(lake.path),), "--lake (stand-in)")
    verify_mod._rerun_lean(manifest, module, find_library(), frontend, report)
    assert report.problems == []
    shipped = (Path(__file__).resolve().parents[2] / "lakefile.lean").read_bytes()
    assert seen.read_bytes() == shipped
