"""The shipped pre-commit hooks and GitHub Actions workflow call leanbridge as it is."""

from __future__ import annotations

import re
import shlex

import click
import pytest
import yaml
from corpus_helpers import ROOT

from leanbridge.cli import cli


def parse(argv: list[str]) -> None:
    """Parse ``leanbridge ARGV`` with click (options, choices, types) without running it."""
    name, *rest = argv
    command = cli.get_command(click.Context(cli), name)
    assert command is not None, f"no command `{name}`"
    command.make_context(name, [*rest], resilient_parsing=False)


def workflow_invocations() -> list[list[str]]:
    doc = yaml.safe_load((ROOT / "docs/ci/github-actions.yml").read_text())
    calls = []
    for job in doc["jobs"].values():
        for step in job["steps"]:
            for line in step.get("run", "").replace(">\n", " ").splitlines():
                text = re.sub(r"\$\{\{ matrix\.shard \}\}", "1", line.strip())
                if text.startswith("leanbridge "):
                    calls.append(shlex.split(text)[1:])
    return calls


def test_the_workflow_has_a_shard_matrix_merge_and_sarif_upload() -> None:
    doc = yaml.safe_load((ROOT / "docs/ci/github-actions.yml").read_text())
    assert doc["jobs"]["check"]["strategy"]["matrix"]["shard"] == [1, 2, 3, 4]
    uses = [s.get("uses", "") for job in doc["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("github/codeql-action/upload-sarif") for u in uses)
    commands = [c[0] for c in workflow_invocations()]
    assert {"check", "merge", "prove", "report"} <= set(commands)


@pytest.mark.parametrize("argv", workflow_invocations(), ids=" ".join)
def test_every_workflow_command_parses(argv: list[str]) -> None:
    parse(argv)


def test_pre_commit_hooks_run_real_commands() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"leanbridge-check", "leanbridge-lint"}
    for hook in hooks:
        prog, *argv = shlex.split(hook["entry"])
        assert prog == "leanbridge"
        parse([*argv, "claims/example.yaml"])  # pre-commit appends the changed files
        assert re.search(hook["files"], "claims/rembert_table16.yaml")
