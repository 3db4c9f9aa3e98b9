"""``leanbridge emit FILE_OR_DIR... -o DIR``: write ``DIR/Claims/<Module>.lean``.

Register with ``cli.add_command(emit)`` (the object below is a ready click command).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from leanbridge.emit.emitter import EmittedModule, emit_module
from leanbridge.errors import Diagnostic
from leanbridge.pipeline import run_check
from leanbridge.wording import plural


def write_module(out_dir: Path, module: EmittedModule) -> Path:
    """Write ``module`` under ``out_dir`` atomically (same bytes for the same input)."""
    target = out_dir / module.relative_path
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".emit-", suffix=".lean.tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(module.text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _summary(module: EmittedModule) -> str:
    holds = sum(1 for t in module.theorems if t.verdict == "holds")
    refuted = len(module.theorems) - holds
    return (
        f"{plural(len(module.theorems), 'theorem')} ({plural(holds, 'holds', 'hold')}, "
        f"{refuted} refuted), {plural(len(module.values), 'value')}, "
        f"{plural(len(module.not_emitted), 'claim')} not emitted"
    )


@click.command("emit")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(file_okay=False),
    help="Output directory; modules go to DIR/Claims/<Module>.lean.",
)
def emit(paths: tuple[str, ...], output: str) -> None:
    """Write a Lean 4 module of theorems (closed by `Eq.refl`) for every claim file.

    PATHS are claim files or directories (every *.yaml / *.yml below, sorted).  Claims
    that hold become `theorem claim_<id> : (...) = true`, claims that fail become
    `theorem claim_<id>_refuted : (...) = false`; undecided and error claims, and claims
    with no faithful Lean form or too large for the kernel, are listed as not emitted.

    \b
    Exit codes:
      0  every claim was emitted
      1  some claims were not emitted (each is listed with its reason)
      2  an input could not be read or has errors (as for `check`)
    """
    run = run_check(paths)
    out_dir = Path(output)
    lines: list[str] = []
    problems: list[Diagnostic] = []
    seen: dict[str, str] = {}
    not_emitted = 0
    for result in run.files:
        loaded = result.loaded
        if not loaded.claims and not loaded.ok:
            lines.append(f"{loaded.path}: not written (the file has errors, see below)")
            continue
        module = emit_module(result)
        if module.relative_path in seen:
            problems.append(
                Diagnostic(
                    loaded.path,
                    None,
                    f"module name `{module.module_name}` is already used by "
                    f"{seen[module.relative_path]}; rename one of the files",
                )
            )
            continue
        seen[module.relative_path] = loaded.path
        shown = Path(output) / module.relative_path  # as the user named DIR
        write_module(out_dir, module)
        lines.append(f"wrote {shown.as_posix()}: {_summary(module)}")
        for n in module.not_emitted:
            not_emitted += 1
            lines.append(
                f"{loaded.path}:{n.claim_pos.line}:{n.claim_pos.col}: not emitted "
                f"[{n.claim_id}] {n.reason}"
            )
    diagnostics = run.diagnostics + problems
    if diagnostics:
        lines.append("")
        lines.extend(d.render() for d in diagnostics)
    click.echo("\n".join(lines))
    if run.has_input_errors or problems:
        raise SystemExit(2)
    raise SystemExit(1 if not_emitted else 0)
