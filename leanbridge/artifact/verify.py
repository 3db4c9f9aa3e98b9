"""Re-verify an artifact offline: hashes, exact verdicts, the emitted Lean, and Lean itself.

What this can and cannot catch: any changed, missing or extra byte relative to the
manifest; a manifest whose exact verdicts, labels or Lean text do not follow from the
claim file it carries; a Lean workspace whose library, lakefile or toolchain pin is not
the one this leanbridge ships; and, where a Lean is available (`lake`, `--lean PATH` or the
bundled frontend), Lean verdicts that do not hold up (Lean is re-run on a fresh workspace,
never on the artifact's own).
A forger who rewrites the claim file, the module and the manifest together is caught only
by re-running Lean (or by comparing the manifest's SHA-256, printed by `prove`, with the
one recorded when the artifact was accepted).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from leanbridge import __version__, limits
from leanbridge.artifact.manifest import MANIFEST_NAME, Manifest
from leanbridge.artifact.store import hash_problems
from leanbridge.claims.loader import load_claim_file
from leanbridge.emit.emitter import EmittedModule, emit_module
from leanbridge.lint.engine import lint_file
from leanbridge.pipeline import evaluate_file
from leanbridge.prove.frontend import Frontend, NoFrontend, lean_summary
from leanbridge.prove.workspace import LibrarySource, find_library


@dataclass
class VerifyReport:
    artifact: Path
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    digest: str | None = None
    is_artifact: bool = True  # False: no readable, valid manifest.json at all

    @property
    def ok(self) -> bool:
        return not self.problems


def read_bounded(path: Path) -> bytes | None:
    """The file's bytes, or None past ``MAX_ARTIFACT_TEXT_BYTES`` (an artifact is untrusted:
    a manifest, module or log that large is not one `prove` wrote)."""
    with open(path, "rb") as f:
        data = f.read(limits.MAX_ARTIFACT_TEXT_BYTES + 1)
    return data if len(data) <= limits.MAX_ARTIFACT_TEXT_BYTES else None


def _too_large(rel: str) -> str:
    return f"{rel}: larger than {limits.MAX_ARTIFACT_TEXT_BYTES} bytes, not read"


def load_manifest(artifact: Path, report: VerifyReport) -> Manifest | None:
    path = artifact / MANIFEST_NAME
    if not artifact.is_dir():  # say so, rather than that its manifest is missing
        report.problems.append(
            "not a directory" if artifact.exists() else "directory does not exist"
        )
        report.is_artifact = False
        return None
    if not path.is_file():
        report.problems.append(f"{MANIFEST_NAME}: missing")
        report.is_artifact = False
        return None
    data = read_bounded(path)
    if data is None:
        report.problems.append(_too_large(MANIFEST_NAME))
        report.is_artifact = False
        return None
    report.digest = hashlib.sha256(data).hexdigest()
    try:
        return Manifest.model_validate_json(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        report.problems.append(f"{MANIFEST_NAME}: not a valid manifest ({where}: {first['msg']})")
        report.is_artifact = False
        return None


def _workspace_problems(artifact: Path, manifest: Manifest, library: LibrarySource) -> list[str]:
    """The artifact's Lake workspace must be this leanbridge's library plus the module.

    Lean verdicts are only as good as the definitions `decide` unfolds: a workspace whose
    `LeanBridge` library, lakefile or toolchain pin differs from the one this leanbridge
    ships (a `Q.le` that is always true, say) would make forged verdicts check out.
    """
    shipped = {f"workspace/{rel}": data for rel, data in library.files.items()}
    problems = []
    for rel in sorted(manifest.files):
        if not rel.startswith("workspace/") or rel == manifest.module:
            continue
        data = shipped.get(rel)
        if data is None:
            problems.append(f"{rel}: not a file of the LeanBridge library this leanbridge ships")
        elif read_bounded(artifact / rel) != data:
            problems.append(
                f"{rel}: differs from the LeanBridge library leanbridge {__version__} ships"
            )
    problems.extend(
        f"{rel}: missing from the artifact's workspace"
        for rel in sorted(set(shipped) - set(manifest.files))
    )
    return problems


def _paths_problems(manifest: Manifest) -> list[str]:
    """The claim file and the module must be files of the artifact, listed and hashed."""
    problems = []
    for what, rel in (("claim_file", manifest.claim_file), ("module", manifest.module)):
        if rel is not None and rel not in manifest.files:
            problems.append(f"{MANIFEST_NAME}: {what} {rel!r} is not a hashed file of the artifact")
    return problems


def _recheck(artifact: Path, manifest: Manifest, report: VerifyReport) -> EmittedModule:
    """Re-derive everything that follows from the claim file; return the re-emitted module."""
    from leanbridge.prove.command import claim_records

    claim_file = artifact / manifest.claim_file
    fr = evaluate_file(load_claim_file(str(claim_file)))
    for d in fr.diagnostics:
        report.problems.append(f"claim file: {d.render()}")
    lint = lint_file(fr)
    module = emit_module(fr)
    # Everything a claim record says that follows from the claim file alone.
    lean_side = {"lean_verdict", "axioms", "notes", "verified"}
    derived = {
        r.id: r.model_dump(mode="json", exclude=lean_side)
        for r in claim_records(fr, lint, module, None)
    }
    recorded = {r.id: r for r in manifest.claims}
    computed = {c.claim_id: c for c in fr.claims}
    if set(recorded) != set(computed):
        report.problems.append(
            "the manifest's claims are not the claim file's: "
            f"{sorted(set(recorded) ^ set(computed))}"
        )
    for claim_id in sorted(set(recorded) & set(computed)):
        r, c = recorded[claim_id], computed[claim_id]
        if r.exact_verdict != c.outcome.verdict:
            report.problems.append(
                f"{claim_id}: manifest says exact `{r.exact_verdict}`, "
                f"re-check gives `{c.outcome.verdict}`"
            )
        recorded_fields = r.model_dump(mode="json", exclude=lean_side)
        differing = sorted(k for k, v in derived[claim_id].items() if recorded_fields[k] != v)
        if differing:
            report.problems.append(
                f"{claim_id}: manifest fields {differing} differ from the re-check"
            )
        wanted = "proved" if c.expected == "holds" else "refuted"
        should_verify = r.lean_verdict == wanted and not lint.has_errors_for(claim_id)
        if r.verified and not should_verify:
            report.problems.append(
                f"{claim_id}: marked verified, but Lean verdict `{r.lean_verdict}` and the "
                "lint findings do not support that"
            )
    _recheck_lean_record(artifact, manifest, module, report)
    if manifest.module is not None:
        stored = artifact / manifest.module
        data = read_bounded(stored) if stored.is_file() else b""
        if data is None:
            report.problems.append(_too_large(manifest.module))
        elif data != module.text.encode("utf-8"):
            report.problems.append(
                f"{manifest.module}: not what `leanbridge emit` produces from the claim file"
            )
    return module


def _recheck_lean_record(
    artifact: Path, manifest: Manifest, module: EmittedModule, report: VerifyReport
) -> None:
    """Lean verdicts must follow from what the artifact records of the Lean run.

    Without Lean nothing may be `proved`/`refuted`/verified; with Lean, each verdict is
    derived again from the module's recorded `lean --json` output.
    """
    from leanbridge.prove.lean_check import verdicts_from_log
    from leanbridge.prove.workspace import module_path

    if not manifest.lean.ran:
        if manifest.commands:
            report.problems.append("Lean was not run, yet the manifest records Lean commands")
        if manifest.exit_code not in (2, 3):
            report.problems.append(
                f"Lean was not run, yet the manifest records exit code {manifest.exit_code}"
            )
        for r in manifest.claims:
            if (
                r.lean_verdict not in ("not-run", "not-expressible")
                or r.verified
                or r.axioms is not None
            ):
                report.problems.append(
                    f"{r.id}: Lean was not run, yet the manifest says Lean `{r.lean_verdict}`"
                    + (" and verified" if r.verified else "")
                )
        return
    target = module_path(module.module_name)
    record = next(
        (c for c in manifest.commands if c.argv[-1:] == [target] and c.log is not None), None
    )
    derived = {}
    if record is not None and record.log is not None:
        log = artifact / record.log
        if record.log not in manifest.files or not log.is_file():
            report.problems.append(f"{record.log}: the recorded Lean output is not in the artifact")
            return
        data = read_bounded(log)
        if data is None:
            report.problems.append(_too_large(record.log))
            return
        derived = verdicts_from_log(
            module,
            record,
            data.decode("utf-8", errors="replace"),
            frozenset(manifest.allowed_axioms),
        )
    for r in manifest.claims:
        again = derived.get(r.id)
        if again is None:
            if r.lean_verdict in ("proved", "refuted"):
                report.problems.append(
                    f"{r.id}: manifest says Lean `{r.lean_verdict}`, but the artifact holds "
                    "no recorded Lean output for it"
                )
        elif again.verdict != r.lean_verdict or again.axioms != r.axioms:
            report.problems.append(
                f"{r.id}: manifest says Lean `{r.lean_verdict}`, the recorded Lean output "
                f"gives `{again.verdict}`"
            )


def _rerun_lean(
    manifest: Manifest,
    module: EmittedModule,
    library: LibrarySource,
    frontend: Frontend,
    report: VerifyReport,
) -> None:
    from leanbridge.prove.lean_check import Limits, run_lean
    from leanbridge.prove.workspace import prepare

    with tempfile.TemporaryDirectory(prefix="leanbridge-verify-") as tmp:
        # Lean checks the re-emitted module against this leanbridge's own library, laid out
        # afresh: nothing of the artifact's workspace is run.
        work = Path(tmp) / "workspace"
        prepare(work, library, {module.module_name: module.text.encode()})
        bounds = manifest.limits  # the same bounds `prove` gave Lean
        run_limits = Limits(
            bounds.module_timeout_s, bounds.total_timeout_s, bounds.memory_limit_mb, bounds.jobs
        )
        allowed = frozenset(manifest.allowed_axioms)
        run = run_lean(frontend, work, library, [module], run_limits, allowed)
    report.notes.append(f"Lean re-run with {lean_summary(run.info)}")
    report.problems.extend(f"Lean re-run: {p}" for p in run.problems)
    for r in manifest.claims:
        again = run.claims.get((module.module_name, r.id))
        if again is not None and r.lean_verdict == "not-run":
            # The artifact honestly records that Lean did not run when it was written;
            # what Lean says now is news, not a contradiction.
            report.notes.append(
                f"{r.id}: recorded without Lean; Lean now gives `{again.verdict}` "
                "(the artifact itself still carries no Lean evidence)"
            )
        elif again is not None and again.verdict != r.lean_verdict:
            report.problems.append(
                f"{r.id}: manifest says Lean `{r.lean_verdict}`, re-run gives `{again.verdict}`"
            )
    report.notes.append("Lean re-run: verdicts compared with the manifest")


FrontendChoice = Callable[[Manifest], "Frontend | NoFrontend"]


def verify_artifact(artifact: Path, choose: FrontendChoice | None) -> VerifyReport:
    """Verify one artifact; ``choose`` picks the Lean to re-run (``None``: do not re-run)."""
    report = VerifyReport(artifact)
    manifest = load_manifest(artifact, report)
    if manifest is None:
        return report
    report.problems.extend(_paths_problems(manifest))
    report.problems.extend(hash_problems(artifact, manifest))
    if report.problems:
        return report  # nothing else is trustworthy once a byte is off
    if manifest.tool.version != __version__:
        report.notes.append(
            f"written by leanbridge {manifest.tool.version}, re-checked with {__version__}"
        )
    module = _recheck(artifact, manifest, report)
    library = find_library()  # read once: compared with the artifact, then run by Lean
    report.problems.extend(_workspace_problems(artifact, manifest, library))
    if report.problems:
        return report
    frontend = choose(manifest) if choose is not None else None
    if frontend is None:
        report.notes.append("Lean not re-run (--no-lean): Lean verdicts are as recorded")
    elif isinstance(frontend, NoFrontend):
        report.notes.append(
            f"Lean not re-run ({frontend.detail}): Lean verdicts are as recorded; "
            f"{frontend.install_hint}"
        )
    else:
        _rerun_lean(manifest, module, library, frontend, report)
    return report
