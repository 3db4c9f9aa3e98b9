"""Run Lean on a prepared workspace and turn its output into a verdict per claim.

Success needs positive evidence: the theorem's `#print axioms` answer must be present,
name only allowed axioms, and no error may be attributed to the theorem or to the module
as a whole.  Empty, truncated or unparseable output is never read as success.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from leanbridge.artifact.manifest import CommandRecord, LeanInfo, LeanVerdict
from leanbridge.emit.emitter import EmittedModule, EmittedTheorem
from leanbridge.kernel.compile import LibraryBuildError, prepare_library
from leanbridge.prove.axiom_answers import (
    AxiomReport,
    MissingEvidence,
    axiom_reports_from_messages,
    evidence_for,
)
from leanbridge.prove.axiom_policy import audit, scan_forbidden
from leanbridge.prove.diagnostics import LeanMessage, map_to_claims, parse_output
from leanbridge.prove.frontend import Frontend
from leanbridge.prove.identity import direct_info, lake_info, lean_version_of
from leanbridge.prove.process import Job, ProcessResult, ProcessStatus, run_bounded, run_many
from leanbridge.prove.toolchain import lake_version, lean_version
from leanbridge.prove.workspace import LibrarySource, module_path

# Positive evidence that Lean computed the opposite of a theorem's statement: `decide`
# evaluated the proposition's `Decidable` instance to `isFalse` (its failure message in
# src/Lean/Elab/Tactic/ElabTerm.lean: "Tactic `decide` proved ...", in older versions
# "tactic 'decide' proved ..."). Every other failure -- `decide` "failed to reduce",
# "maximum recursion depth", an `rfl` that is "not a definitional equality" -- only says
# the expected direction was not proved, and is a `lean-error`.
_DECIDE_PROVED_FALSE = re.compile(
    r"^(?:tactic 'decide'|Tactic `decide`) proved that the proposition\n.*\nis false$",
    re.MULTILINE | re.DOTALL,
)
# Lean gave up for lack of heartbeats (`throwMaxHeartbeat`, src/Lean/CoreM.lean): a
# resource limit, reported as `timeout` like the wall-clock limit.
_SHOWN_UNRECOGNIZED = 3  # unreadable lines quoted per module (all of them count)
_OUT_OF_HEARTBEATS = re.compile(r"maximum number of heartbeats \(\d+\) has been reached")


_STDERR_SEPARATOR = "\n--- stderr ---\n"
_TRUNCATED_MARK = "\n[output truncated]\n"
_FINISHED = (ProcessStatus.OK, ProcessStatus.EXIT_NONZERO)
ModuleProgress = Callable[[str, bool], None]  # (module name, done: False at its start)


@dataclass(frozen=True)
class Limits:
    module_timeout_s: float = 600.0
    total_timeout_s: float = 3600.0
    memory_limit_mb: int | None = None
    jobs: int = 1


@dataclass
class ClaimLean:
    """Lean's verdict on one claim with the evidence behind it."""

    verdict: LeanVerdict
    theorem: str | None = None
    axioms: list[str] | None = None
    messages: list[str] = field(default_factory=list)
    disagreement: bool = False  # Lean computed the opposite of what the exact oracle decided


@dataclass
class LeanRun:
    # record, the captured log text, and the module checked (None: the library build)
    commands: list[tuple[CommandRecord, str, str | None]]
    claims: dict[tuple[str, str], ClaimLean]  # (module, claim id) -> verdict
    problems: list[str]  # run-level problems (workspace axioms, library build failure)
    info: LeanInfo = field(default_factory=lambda: LeanInfo(ran=True, toolchain=""))
    # Modules whose `lean` ran to its end with all its output read: their verdicts depend
    # on the module, the frontend and the library only (not on time or memory luck).
    finished: set[str] = field(default_factory=set)


def _record(name: str, argv: Sequence[str], result: ProcessResult) -> tuple[CommandRecord, str]:
    """``argv`` as the log shows it: paths of `lake`/`lean` are machine-specific, and a
    report names its frontend in the manifest's ``lean`` section instead."""
    shown = list(argv)
    log = f"$ {' '.join(shown)}\n[status: {result.status.value}, exit code: {result.exit_code}]\n"
    log += result.stdout + (_STDERR_SEPARATOR + result.stderr if result.stderr else "")
    if result.truncated:
        log += _TRUNCATED_MARK
    record = CommandRecord(
        argv=shown,
        status=result.status.value,
        exit_code=result.exit_code,
        duration_s=round(result.duration_s, 3),
        log=f"logs/{name}.log",
    )
    return record, log


def _claim_verdict(
    theorem: EmittedTheorem,
    messages: Sequence[LeanMessage],
    report: AxiomReport | MissingEvidence,
    allowed: frozenset[str],
) -> ClaimLean:
    errors = [m for m in messages if m.severity == "error"]
    if errors:
        texts = [f"{m.line}:{m.col}: {m.text}" for m in errors]
        disagree = any(_DECIDE_PROVED_FALSE.search(m.text) for m in errors)
        out_of_time = any(_OUT_OF_HEARTBEATS.search(m.text) for m in errors)
        verdict: LeanVerdict = "timeout" if out_of_time and not disagree else "lean-error"
        return ClaimLean(verdict, theorem.full_name, None, texts, disagreement=disagree)
    violations = audit(report, allowed)
    axioms = sorted(report.axioms) if isinstance(report, AxiomReport) else None
    if violations:
        kinds = {v.kind for v in violations}
        verdict: LeanVerdict = "lean-error" if kinds == {"no-evidence"} else "axiom-violation"
        return ClaimLean(verdict, theorem.full_name, axioms, [v.detail for v in violations])
    return ClaimLean("proved" if theorem.expected else "refuted", theorem.full_name, axioms)


def _module_error(text: str) -> LeanMessage:
    return LeanMessage(file=None, line=None, col=None, severity="error", text=text)


def module_verdicts(
    module: EmittedModule, result: ProcessResult, allowed: frozenset[str]
) -> dict[str, ClaimLean]:
    names = [t.full_name for t in module.theorems]
    if result.status is ProcessStatus.TIMEOUT:
        return {
            t.claim_id: ClaimLean("timeout", t.full_name, None, ["Lean ran out of time"])
            for t in module.theorems
        }
    # `lean --json` writes its messages to stdout; stderr (panics, crash reports) is
    # recorded in the log but never read as messages.
    parsed = parse_output(result.stdout)
    spans = [(t.claim_id, t.span.start, t.span.end) for t in module.theorems]
    mapped = map_to_claims(parsed.messages, spans, file=module_path(module.module_name))
    module_errors = [m for m in (*mapped.file_level, *mapped.other_files) if m.severity == "error"]
    evidence = evidence_for(names, axiom_reports_from_messages(parsed.messages))
    out: dict[str, ClaimLean] = {}
    # Lean exits non-zero exactly when it reports an error; a non-zero exit with no error
    # message at all (or output cut at the cap) means the output is not the whole story.
    unexplained = (
        result.status is ProcessStatus.EXIT_NONZERO and not parsed.errors
    ) or result.truncated
    if unexplained and not module_errors:
        why = "output truncated" if result.truncated else f"exit code {result.exit_code}"
        module_errors = [_module_error(f"lean failed without reporting an error ({why})")]
    # A line that is no message is output we cannot read: it may be the very error.
    module_errors += [
        _module_error(f"Lean printed a line that is not a message: {line[:200]!r}")
        for line in parsed.unrecognized[:_SHOWN_UNRECOGNIZED]
    ]
    for t in module.theorems:
        if module_errors or result.status in (ProcessStatus.CRASHED, ProcessStatus.NOT_FOUND):
            why = [m.text for m in module_errors] or [
                f"lean {result.status.value}: {result.error or 'no further detail'}"
            ]
            out[t.claim_id] = ClaimLean("lean-error", t.full_name, None, why)
            continue
        out[t.claim_id] = _claim_verdict(
            t, mapped.by_claim[t.claim_id], evidence[t.full_name], allowed
        )
    return out


def verdicts_from_log(
    module: EmittedModule, record: CommandRecord, log: str, allowed: frozenset[str]
) -> dict[str, ClaimLean]:
    """The verdicts that a recorded `lean --json` run (an artifact's log) supports.

    The log is what :func:`_record` wrote: a command line, a status line, stdout, then
    stderr after a separator line (JSON lines never contain that line), then a mark
    if the output was cut.
    """
    lines = log.split("\n", 2)
    body = lines[2] if len(lines) == 3 and lines[0].startswith("$ ") else ""
    truncated = body.endswith(_TRUNCATED_MARK)
    if truncated:
        body = body[: -len(_TRUNCATED_MARK)]
    stdout, _, stderr = body.partition(_STDERR_SEPARATOR)
    try:
        status = ProcessStatus(record.status)
    except ValueError:  # not a status we write: read as a crash, never as success
        status = ProcessStatus.CRASHED
    result = ProcessResult(
        argv=tuple(record.argv),
        cwd=".",
        status=status,
        exit_code=record.exit_code,
        signal=None,
        duration_s=record.duration_s,
        timeout_s=0.0,
        stdout=stdout,
        stderr=stderr,
        stdout_bytes=len(stdout.encode()),
        stderr_bytes=len(stderr.encode()),
        stdout_truncated=truncated,
        stderr_truncated=False,
    )
    return module_verdicts(module, result, allowed)


def _all_claims(
    modules: Sequence[EmittedModule], verdict: LeanVerdict, why: str, run: LeanRun
) -> None:
    for m in modules:
        for t in m.theorems:
            run.claims[(m.module_name, t.claim_id)] = ClaimLean(verdict, t.full_name, None, [why])


@dataclass(frozen=True)
class _Checker:
    """How to check one module: ``[*argv, "--json", FILE]`` in the workspace, with ``env``."""

    argv: tuple[str, ...]
    shown: tuple[str, ...]  # the same command as the log shows it (no machine paths)
    env: Mapping[str, str] | None


def _lake_library(
    frontend: Frontend,
    workdir: Path,
    library: LibrarySource,
    limits: Limits,
    run: LeanRun,
    identity: LeanInfo | None,
) -> _Checker | None:
    """`lake build LeanBridge` (judged by its exit status); Init is the toolchain's."""
    lake = frontend.command[0]
    if identity is None:
        lake_v, lean_v = lake_version(lake, workdir), lean_version(lake, workdir)
        identity = lake_info(frontend, library, lake_v.text, lean_v.text, lean_v.version)
    run.info = identity
    lib = run_bounded(
        [lake, "build", "LeanBridge"], workdir, limits.total_timeout_s, limits.memory_limit_mb
    )
    run.commands.append(
        (*_record("lake-build-LeanBridge", ("lake", "build", "LeanBridge"), lib), None)
    )
    if lib.status is ProcessStatus.OK:
        return _Checker((lake, "env", "lean"), ("lake", "env", "lean"), None)
    run.problems.append(f"the LeanBridge library did not build ({lib.status.value})")
    return None


def _direct_library(
    frontend: Frontend,
    library: LibrarySource,
    limits: Limits,
    run: LeanRun,
    identity: LeanInfo | None,
) -> _Checker | None:
    """Compile Init (bundled frontend only) and the library with `lean -o` into the cache."""
    try:
        prepared = prepare_library(
            frontend.command,
            with_prelude=frontend.kind == "bundled",
            timeout_s=limits.total_timeout_s,
            memory_limit_mb=limits.memory_limit_mb,
            library=library.files,
            lean=lean_version_of(identity) if identity is not None else None,
        )
    except LibraryBuildError as e:
        if e.result is not None:
            shown = ("lean", "-o", "...")  # the failing compile step; its output says which
            run.commands.append((*_record("lean-build-library", shown, e.result), None))
        run.problems.append(f"the LeanBridge library did not build: {str(e)[:2000]}")
        return None
    run.info = direct_info(frontend, library, prepared.lean)
    return _Checker(frontend.command, ("lean",), prepared.env())


def run_lean(
    frontend: Frontend,
    workdir: Path,
    library: LibrarySource,
    modules: Sequence[EmittedModule],
    limits: Limits,
    allowed: frozenset[str],
    identity: LeanInfo | None = None,
    progress: ModuleProgress | None = None,
) -> LeanRun:
    """Build the library, then check each module with `lean --json` (in parallel: --jobs).

    ``workdir`` is laid out by :func:`leanbridge.prove.workspace.prepare` from ``library``
    and ``modules``; every `.lean` file in it is scanned for axioms and kernel bypasses
    before any Lean runs.  ``identity`` is the frontend's :class:`LeanInfo` when already
    known (:func:`leanbridge.prove.identity.identify`): its version questions are not
    asked again.  ``progress(module, done)`` is called as each module starts and ends.
    """
    started = time.monotonic()
    run = LeanRun(commands=[], claims={}, problems=scan_forbidden(workdir))
    run.info = LeanInfo(
        ran=True, toolchain=library.toolchain, frontend=frontend.kind, executable=frontend.name
    )
    if run.problems:
        why = "the workspace declares an axiom or uses a kernel bypass"
        _all_claims(modules, "axiom-violation", why, run)
        return run
    if frontend.kind == "lake":
        checker = _lake_library(frontend, workdir, library, limits, run, identity)
    else:
        checker = _direct_library(frontend, library, limits, run, identity)
    if checker is None:
        timed_out = run.commands and run.commands[-1][0].status == ProcessStatus.TIMEOUT.value
        _all_claims(
            modules,
            "timeout" if timed_out else "lean-error",
            "the LeanBridge library did not build",
            run,
        )
        return run
    remaining = max(1.0, limits.total_timeout_s - (time.monotonic() - started))
    todo = [m for m in modules if m.theorems]
    jobs = [
        Job(
            (*checker.argv, "--json", module_path(m.module_name)),
            str(workdir),
            min(limits.module_timeout_s, remaining),
            limits.memory_limit_mb,
            env=checker.env,
        )
        for m in todo
    ]

    def event(index: int, done: bool) -> None:
        if progress is not None:
            progress(todo[index].module_name, done)

    for m, result in zip(todo, run_many(jobs, limits.jobs, event), strict=True):
        shown = (*checker.shown, "--json", module_path(m.module_name))
        run.commands.append((*_record(f"lean-{m.module_name}", shown, result), m.module_name))
        if result.status in _FINISHED and not result.truncated:
            run.finished.add(m.module_name)
        for claim_id, verdict_ in module_verdicts(m, result, allowed).items():
            run.claims[(m.module_name, claim_id)] = verdict_
    return run
