"""``leanbridge verify-artifact DIR...``."""

from __future__ import annotations

from pathlib import Path

import click

from leanbridge.artifact.manifest import Manifest
from leanbridge.artifact.verify import verify_artifact
from leanbridge.prove.frontend import BUNDLED, Frontend, NoFrontend, choose_frontend


@click.command("verify-artifact")
@click.argument("dirs", nargs=-1, required=True, type=click.Path(file_okay=False))
@click.option("--lake", "lake_arg", default=None, help="Path to `lake` for re-running Lean.")
@click.option(
    "--lean",
    "lean_arg",
    default=None,
    metavar="PATH|bundled",
    help="Re-run Lean with this `lean` directly, or `bundled` (as `prove --lean`). Default: "
    "the bundled frontend for an artifact it wrote, else `lake`, else bundled.",
)
@click.option("--no-lean", is_flag=True, help="Do not re-run Lean even if one is found.")
@click.option(
    "--expect-digest",
    default=None,
    metavar="SHA256",
    help="Fail unless manifest.json has this SHA-256 (as printed by `prove`).",
)
def verify_artifact_cmd(
    dirs: tuple[str, ...],
    lake_arg: str | None,
    lean_arg: str | None,
    no_lean: bool,
    expect_digest: str | None,
) -> None:
    """Re-hash every file, re-check the claims, re-emit the Lean, re-run Lean if available.

    Lean is re-run on a fresh workspace with the Lean chosen as for `prove` (--lean,
    --lake); an artifact written with the bundled frontend is re-checked with it.

    \b
    Exit codes: 0 every artifact verifies; 1 some artifact does not (every problem is
    listed); 2 a directory does not exist or is not an artifact at all.
    """

    def choose(manifest: Manifest) -> Frontend | NoFrontend:
        # Re-run Lean the way the artifact was made, unless told otherwise.
        if lean_arg is None and lake_arg is None and manifest.lean.frontend == "bundled":
            bundled = choose_frontend(BUNDLED, None)
            if isinstance(bundled, Frontend):
                return bundled
        return choose_frontend(lean_arg, lake_arg)

    code = 0
    for d in dirs:
        report = verify_artifact(Path(d), None if no_lean else choose)
        if expect_digest and report.digest != expect_digest.lower():
            report.problems.append(
                f"manifest.json SHA-256 is {report.digest}, expected {expect_digest}"
            )
        for problem in report.problems:
            click.echo(f"{d}: {problem}")
        for note in report.notes:
            click.echo(f"{d}: note: {note}")
        status = "OK" if report.ok else "FAILED"
        click.echo(f"{d}: {status} (manifest.json sha256 {report.digest or 'n/a'})")
        if not report.ok:
            code = max(code, 1 if report.is_artifact else 2)
    raise SystemExit(code)
