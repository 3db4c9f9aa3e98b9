"""Golden files of emitted Lean, and determinism.

Regenerate with ``LEANBRIDGE_UPDATE_GOLDEN=1 python -m pytest tests/emit``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from leanbridge.claims.loader import load_claim_file
from leanbridge.emit import emit_file, emit_module
from leanbridge.pipeline import evaluate_file

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
UPDATE = os.environ.get("LEANBRIDGE_UPDATE_GOLDEN") == "1"

# (golden name, claim file relative to the repository root)
CASES = [
    ("fixture_all_nodes", "tests/emit/fixtures/all_nodes.yaml"),
    ("fixture_large", "tests/emit/fixtures/large.yaml"),
    ("example_arithmetic", "claims/arithmetic.yaml"),
    ("example_rembert_table16", "claims/rembert_table16.yaml"),
    ("example_rembert_table16_rounded", "claims/rembert_table16_rounded.yaml"),
    ("example_pizza_buffet_2014", "claims/pizza_buffet_2014.yaml"),
    ("fixture_granularity", "tests/emit/fixtures/granularity.yaml"),
    *(
        (f"injection_{p.stem}", p.relative_to(ROOT).as_posix())
        for p in sorted((HERE / "injection").glob("*.yaml"))
    ),
]


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize(("golden", "claim_file"), CASES, ids=[c[0] for c in CASES])
def test_golden(golden: str, claim_file: str) -> None:
    text = emit_file(claim_file).text
    path = GOLDEN / f"{golden}.lean"
    if UPDATE:
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing golden {path.name}; run with LEANBRIDGE_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{claim_file} no longer emits {path.name}; if the change is intended, rerun with "
        "LEANBRIDGE_UPDATE_GOLDEN=1 and review the diff"
    )


def test_every_shipped_example_has_a_golden() -> None:
    shipped = {p.as_posix() for p in Path("claims").glob("*.yaml")}
    assert shipped <= {c[1] for c in CASES}


@pytest.mark.parametrize("claim_file", [c[1] for c in CASES])
def test_deterministic_across_runs_paths_and_directories(
    claim_file: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = emit_file(claim_file)
    again = emit_module(evaluate_file(load_claim_file(claim_file)))
    absolute = emit_file(str(ROOT / claim_file))
    # the same file copied elsewhere and read from another working directory
    copy_dir = tmp_path / "somewhere" / "else"
    copy_dir.mkdir(parents=True)
    shutil.copy(ROOT / claim_file, copy_dir / Path(claim_file).name)
    monkeypatch.chdir(tmp_path)
    moved = emit_file(f"somewhere/else/{Path(claim_file).name}")
    assert first.text == again.text == absolute.text == moved.text
    assert first.text.encode() == moved.text.encode()
    assert str(ROOT) not in first.text and str(tmp_path) not in moved.text
    assert first.theorems == moved.theorems


def test_line_spans_map_back_to_claims() -> None:
    module = emit_file("tests/emit/fixtures/all_nodes.yaml")
    lines = module.text.splitlines()
    previous_end = 0
    for t in module.theorems:
        assert t.span.start > previous_end
        previous_end = t.span.end
        assert lines[t.theorem_line - 1] == f"theorem {t.name} :"
        assert lines[t.axioms_line - 1] == f"#print axioms {t.name}"
        assert lines[t.span.start - 1].startswith(f"-- claim: {t.claim_id} ")
        assert t.span.start <= t.theorem_line < t.axioms_line == t.span.end
        for line in range(t.span.start, t.span.end + 1):
            assert module.claim_at_line(line) == t
        assert t.full_name == f"{module.namespace}.{t.name}"
    for v in module.values:
        last = lines[v.span.end - 1]
        is_def = last.startswith(f"noncomputable def {v.lean_name} :")
        assert is_def or last.rstrip(")").endswith("List.nil")
        assert module.value_at_line(v.span.start) == v
        assert module.claim_at_line(v.span.start) is None
    names = [t.name for t in module.theorems]
    assert len(names) == len(set(names))
    assert {"claim_dup_refuted", "claim_dup_refuted_2"} <= set(names)


def test_not_emitted_lists_every_skipped_claim_with_a_reason() -> None:
    module = emit_file("tests/emit/fixtures/all_nodes.yaml")
    skipped = {n.claim_id: n for n in module.not_emitted}
    assert set(skipped) == {
        "sqrt_inside",
        "undecided_root",
        "error_div_zero",
        "syntax_broken",
    }
    assert skipped["sqrt_inside"].reason.endswith(
        "square root inside a larger expression cannot be decided by squaring"
    )
    assert skipped["undecided_root"].status == "undecided"
    assert skipped["error_div_zero"].status == "error"
    assert skipped["syntax_broken"].status == "syntax-error"
    emitted = {t.claim_id for t in module.theorems}
    assert not emitted & set(skipped)
    for claim_id in skipped:
        assert f"theorem claim_{claim_id}" not in module.text
        assert f"-- - {claim_id} (" in module.text
