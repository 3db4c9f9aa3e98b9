"""The real thing: `prove` on claims/ with the `lake` on PATH (skipped without one)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from prove_cmd_helpers import CLAIMS, invoke

from leanbridge.claims.loader import load_claim_file

LAKE = shutil.which("lake")

pytestmark = [
    pytest.mark.lake,
    pytest.mark.skipif(
        LAKE is None, reason="no `lake` on PATH: install Lean with elan to run this test"
    ),
]


def test_real_lean_proves_every_example_claim(tmp_path: Path) -> None:
    assert LAKE is not None
    files = sorted(CLAIMS.glob("*.yaml"))
    assert files
    out = tmp_path / "artifacts"
    res = invoke(
        [
            "prove",
            *files,
            "--out",
            out,
            "--workdir",
            tmp_path / "ws",
            "--lake",
            LAKE,
            "--require-lean",
        ]
    )
    assert res.exit_code == 0, res.output
    for f in files:
        m = json.loads((out / f.stem / "manifest.json").read_text("utf-8"))
        assert m["lean"]["ran"] is True
        expected = {c.claim.id: c.claim.expect or "holds" for c in load_claim_file(str(f)).claims}
        for c in m["claims"]:
            wanted = "proved" if expected[c["id"]] == "holds" else "refuted"
            assert c["lean_verdict"] == wanted, (f.name, c["id"], c["notes"])
            assert c["axioms"] == [], (f.name, c["id"], c["axioms"])
            assert c["verified"] is True
        check = invoke(["verify-artifact", out / f.stem, "--lake", LAKE])
        assert check.exit_code == 0, check.output
