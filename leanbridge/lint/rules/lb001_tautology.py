"""LB001 tautology: the check holds whatever values its inputs have.

## What it finds

A check whose verdict does not depend on its inputs.  The linter decides this by
mutation: it re-evaluates the check with each named input (the inputs in turn: a
perturbation of each, then the next of each; and then all of them together) replaced by
perturbed values (scaled by 2, -1, 1/3 and ±1000, shifted by ±1 and ±17.5, set to 0,
set to numbers the check mentions; lists element-wise and item by item, and skewed: every
item 1000 but the first, which puts the mean at -1000, and the mirror image, so that the
median and the mean move apart).  If the check holds and no perturbation changes the
verdict, it is reported as a tautology: `x == x`, `x - x == 0`, `max(a) >= min(a)`.
`len(a) == 3` is reported too: it depends on how many numbers were typed, not on what
they are.

Mutation is a test, not a proof: a check that fails only for values no perturbation
reaches is reported too, so the finding says how many perturbed evaluations it rests on.

The perturbed evaluations of one check share a budget of work on large numbers (twice
what one evaluation may use): a check over numbers thousands of digits long that runs out
of it gets no LB001 verdict either way.

A check without named inputs is tested the same way with its number literals in place of
inputs, so `8.7 == 8.7 ± 5%` ("computed 8.7 matches expected 8.7") is reported here; a
closed check that does compute something (`384 * 1024 == 393216`) is LB004's business.

## Why it matters

A tautology holds for every paper, every experiment and every typo.  Its proof, however
rigorous, establishes nothing about the numbers it names; reporting it as "verified" is
exactly the failure this linter exists to prevent.

## Example

```yaml
values:
  acc: {value: "8.7", source: "Table 2"}
claims:
  - id: acc_matches
    source: "Table 2"
    check: "acc == acc ± 5%"
```

## Use instead

Compare a value *computed* from some inputs with a *different* number the paper reports,
e.g. `mean(acc_seed1, acc_seed2, acc_seed3) ~= acc_mean`, or recompute it from a data
file (`data:`), so that a wrong input would make the check fail.
"""

from __future__ import annotations

from collections.abc import Iterator

from leanbridge.lint.analysis import abstract_literals, insensitive_to
from leanbridge.lint.base import ClaimContext, Finding, Rule


def check(ctx: ClaimContext) -> Iterator[Finding]:
    if ctx.verdict != "holds":
        return  # "false whatever the inputs" cannot be told apart reliably by sampling
    if ctx.names:
        # an exact claim's verdict is evaluate(tree, env)'s (pipeline.evaluate_file)
        known = ctx.verdict if ctx.result.loaded.claim.inputs == "exact" else None
        constant, decided = insensitive_to(ctx.tree, ctx.env, ctx.names, known, ctx.nodes)
        if constant:
            shown = ", ".join(f"`{n}`" for n in ctx.names)
            yield Finding(
                f"the check held in all {decided} perturbed evaluations of its inputs "
                f"({shown}): it looks true whatever their values, so it establishes nothing "
                "about them",
                span=ctx.tree.span,
            )
        return
    tree, env, groups = abstract_literals(ctx.tree)
    names = list(env)
    constant, _ = insensitive_to(tree, env, names)
    if not constant:
        return
    repeated = [nodes for name, nodes in groups.items() if len(nodes) > 1]
    if repeated:
        nodes = repeated[0]
        spellings = list(dict.fromkeys(n.literal.text for n in nodes))
        what = (
            f"`{spellings[0]}` is compared with itself"
            if len(spellings) == 1
            else f"{' and '.join(f'`{t}`' for t in spellings[:2])} are the same number"
        )
        yield Finding(
            f"{what}: the check holds whatever that number is, so nothing is computed or "
            "reproduced (a tautology, not a check)",
            span=nodes[-1].span,
        )
    elif names:
        shown = ", ".join(f"`{g[0].literal.text}`" for g in groups.values())
        yield Finding(
            f"the check holds whatever its numbers ({shown}) are: it is a tautology",
            span=ctx.tree.span,
        )


RULE = Rule("LB001", "tautology", "error", __doc__ or "", check=check)
