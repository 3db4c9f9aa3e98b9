"""Capture the real Lean outputs kept in tests/prove/samples (``lean_4_35_*.jsonl``).

    python tests/prove_lean/capture_samples.py      # needs the `kernel` extra (Linux x86_64)

Each sample is the standard output of the bundled Lean 4.35.0 frontend checking an
emitted module (as `prove --lean bundled` does), some of them tampered with one line at a
time. ``test_samples.py`` re-captures them and requires the stored bytes to be identical,
so a sample can never drift from what Lean prints.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from real_lean import (
    ARITH,
    CLAIMS,
    SLOW_OPTION,
    SLOW_STATEMENT,
    emitted,
    line_of,
    prepare,
    run_module,
    tamper,
)

from leanbridge.emit.emitter import EmittedModule

SAMPLES = Path(__file__).resolve().parents[1] / "prove" / "samples"
REMBERT = CLAIMS / "rembert_table16.yaml"


def _proof(module: EmittedModule, claim_id: str, new_proof: str) -> EmittedModule:
    line = line_of(module, claim_id, "    Eq (")
    return tamper(module, claim_id, line, line[: line.rindex(":= ")] + f":= {new_proof}")


def proved() -> EmittedModule:
    """claims/arithmetic.yaml as emitted: two claims proved, one refuted."""
    return emitted(ARITH)


def failures() -> EmittedModule:
    """claims/rembert_table16.yaml with five theorems broken, one left as emitted."""
    m = emitted(REMBERT)
    m = _proof(m, "xlmr_avg_task", "sorry")
    source = line_of(m, "stilts_avg_task", "-- source:")
    m = tamper(m, "stilts_avg_task", source, "axiom cheat : False")
    m = _proof(m, "stilts_avg_task", "False.elim cheat")
    m = _proof(m, "stilts_gain_over_xlmr", "Q.one")
    m = _proof(m, "stilts_gain_recomputed", "no_such_proof")
    wrong = line_of(m, "stilts_better_on_every_task", "    Eq (")
    flipped = wrong.replace(") false := Eq.refl false", ") true := Eq.refl true")
    return tamper(m, "stilts_better_on_every_task", wrong, flipped)


def kernel_refusal() -> EmittedModule:
    """claims/arithmetic.yaml with one statement the kernel refuses to evaluate."""
    m = emitted(ARITH)
    claim = "power_of_two"
    m = tamper(m, claim, line_of(m, claim, "set_option maxRecDepth"), SLOW_OPTION)
    return tamper(m, claim, line_of(m, claim, "    Eq ("), SLOW_STATEMENT)


SAMPLE_MODULES: dict[str, Callable[[], EmittedModule]] = {
    "lean_4_35_proved.jsonl": proved,
    "lean_4_35_failures.jsonl": failures,
    "lean_4_35_kernel_refusal.jsonl": kernel_refusal,
}


def capture(name: str, cache: Path, workdir: Path) -> str:
    return run_module(SAMPLE_MODULES[name](), workdir, prepare(cache)).stdout


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name in SAMPLE_MODULES:
            (SAMPLES / name).write_text(capture(name, Path(tmp) / "cache", Path(tmp)), "utf-8")
            print(f"wrote {SAMPLES / name}")


if __name__ == "__main__":
    main()
