"""The lint rules by code: one module per rule under :mod:`leanbridge.lint.rules`.

Codes are stable: a code is never reused for a different rule.  Adding a rule means adding
its module here, a fixture ``tests/lint/fixtures/LBnnn.yaml`` and regenerating
``docs/rules`` (``python -m leanbridge.lint.docs``).
"""

from __future__ import annotations

from importlib import import_module

from leanbridge.lint.base import CODE_RE, Rule

RULE_MODULES = (
    "lb001_tautology",
    "lb002_hardcoded",
    "lb003_ungrounded_input",
    "lb004_closed_arithmetic",
    "lb005_loose_tolerance",
    "lb006_precision",
    "lb007_unused_value",
    "lb008_claim_without_source",
    "lb009_unexplained_expect_fails",
    "lb010_category_error",
    "lb011_understated_evidence",
    "lb012_reproduction_wording",
    "lb013_unused_ignore",
    "lb014_pvalue_equality",
    "lb015_rounding_changes_verdict",
    "lb016_grim_no_power",
)


def _load() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for module_name in RULE_MODULES:
        module = import_module(f"leanbridge.lint.rules.{module_name}")
        rule: Rule = module.RULE
        if not CODE_RE.fullmatch(rule.code) or module_name[:5] != rule.code.lower():
            raise RuntimeError(f"rule module {module_name} defines code {rule.code}")
        if rule.code in rules:
            raise RuntimeError(f"duplicate rule code {rule.code}")
        rules[rule.code] = rule
    return rules


RULES: dict[str, Rule] = _load()


def get_rule(code: str) -> Rule | None:
    return RULES.get(code.strip().upper())
