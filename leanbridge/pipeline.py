"""Files on the command line -> loaded claim files -> exact verdicts.

Shared by ``check``, ``lint``, ``emit`` and ``prove`` so that every command sees the same
claims, the same verdicts and the same diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Literal

from leanbridge.claims.loader import LoadedClaim, LoadedFile, load_claim_file
from leanbridge.corpus.files import expand_paths
from leanbridge.errors import Diagnostic, Pos
from leanbridge.semantics.evaluate import Outcome, evaluate
from leanbridge.semantics.rounded import evaluate_rounded
from leanbridge.syntax import ast

__all__ = ["ClaimResult", "FileResult", "Run", "evaluate_file", "expand_paths", "run_check"]

Expectation = Literal["holds", "fails"]


@dataclass(frozen=True)
class ClaimResult:
    file: str
    loaded: LoadedClaim
    outcome: Outcome
    error: Diagnostic | None = None  # set when the verdict is `error`

    @property
    def claim_id(self) -> str:
        return self.loaded.claim.id

    @property
    def pos(self) -> Pos:
        return self.loaded.pos

    @property
    def expected(self) -> Expectation:
        return self.loaded.claim.expect or "holds"

    @property
    def as_expected(self) -> bool:
        verdict = self.outcome.verdict
        # `consistent` (inputs: rounded) is not a failure: the printed numbers allow it
        return verdict == self.expected or (verdict == "consistent" and self.expected == "holds")


@dataclass
class FileResult:
    loaded: LoadedFile
    claims: list[ClaimResult] = field(default_factory=list)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.loaded.diagnostics + [c.error for c in self.claims if c.error]


@dataclass
class Run:
    files: list[FileResult]
    errors: list[Diagnostic]  # problems naming the inputs themselves (missing paths)

    @property
    def claims(self) -> list[ClaimResult]:
        return [c for f in self.files for c in f.claims]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.errors + [d for f in self.files for d in f.diagnostics]

    @property
    def has_input_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)

    def summary(self) -> dict[str, int]:
        counts = {
            "claims": 0, "holds": 0, "fails": 0, "consistent": 0, "undecided": 0, "error": 0
        }  # fmt: skip
        for c in self.claims:
            counts["claims"] += 1
            counts[c.outcome.verdict] += 1
        counts["unexpected"] = sum(
            1 for c in self.claims if c.outcome.verdict != "error" and not c.as_expected
        )
        counts["files"] = len(self.files)
        counts["errors"] = sum(1 for d in self.diagnostics if d.severity == "error")
        return counts

    def exit_code(self) -> int:
        """2: input errors; 1: a claim fails, is undecided or mismatches `expect:`; 0."""
        if self.has_input_errors:
            return 2
        return 0 if all(c.as_expected for c in self.claims) else 1


def evaluate_file(loaded: LoadedFile) -> FileResult:
    result = FileResult(loaded)
    path, values, bad_values = loaded.path, loaded.values, loaded.bad_values
    append = result.claims.append
    for lc in loaded.claims:
        tree = lc.tree
        if tree is None:
            continue  # its syntax error is already among the file's diagnostics
        spoiled = None
        if bad_values:  # rare: only walk the tree when some value is broken
            spoiled = next(
                (n for n in tree.walk() if isinstance(n, ast.Name) and n.id in bad_values),
                None,
            )
        if spoiled is not None:
            outcome = Outcome(
                "error",
                message=f"value `{spoiled.id}` has an error (reported above), "
                "so this claim cannot be evaluated",
                span=spoiled.span,
            )
        elif lc.claim.inputs == "rounded":
            outcome = evaluate_rounded(tree, values)
        else:
            outcome = evaluate(tree, values)
        error = None
        if outcome.verdict == "error":
            error = Diagnostic(
                path,
                lc.locator.pos(outcome.span),
                outcome.message or "error",
                claim_id=lc.claim.id,
                context=lc.locator.context(outcome.span),
            )
        # _claim_result(path, lc, outcome, error), without a call per claim
        made = _object_new(ClaimResult)
        made.__dict__.update(file=path, loaded=lc, outcome=outcome, error=error)
        append(made)
    return result


def _claim_result(
    file: str, loaded: LoadedClaim, outcome: Outcome, error: Diagnostic | None
) -> ClaimResult:
    """``ClaimResult(file, loaded, outcome, error)``: the same object, its fields put in
    its __dict__ at once rather than by the frozen __init__'s one object.__setattr__ per
    field (tests/test_eval_memo.py holds the two equal)."""
    result = _object_new(ClaimResult)
    result.__dict__.update(file=file, loaded=loaded, outcome=outcome, error=error)
    return result


_object_new = object.__new__
if tuple(f.name for f in fields(ClaimResult)) != ("file", "loaded", "outcome", "error"):
    raise AssertionError("ClaimResult's fields changed: update _claim_result")


def run_check(paths: Iterable[str]) -> Run:
    files, errors = expand_paths(paths)
    return Run([evaluate_file(load_claim_file(f)) for f in files], errors)
