"""The engine's and the rules' shortcuts give exactly what the definitions they replace give.

The reference below is the linter as it was before them (leanbridge 52e87c2): a context
that walks the tree with ``tree.walk()`` on demand, the engine that runs every rule and
drops the superseded findings afterwards, and the rules as they were written then.  On
random claim files and on every claim file of the repository, the linter gives the same
findings (with their contexts), ignored findings, labels and records.

(1) ``ClaimContext``: one walk for the nodes, names, first uses, calls, comparisons, label.
(2) ``lint_file``: superseded rules not run; a span's position worked out once.
(3) LB002-LB006, LB008-LB012, LB014, LB016 as they were written before (generators).
(4) LB016 starts its own work budget: its findings do not depend on the rules before it.
(5) LB006's rounding error without evaluations at shifted inputs: 0 for a spread of one
    list of one exponent (never a finding), half a unit for its mean and the like, and
    worked out in Fractions for ``a - b``, ``abs(a - b)``, ``pct_change(a, b)``.
(6) ``lint_with``: on a claim without a ``lint:`` block, findings emitted as the rules
    return them (no dict of raw findings, no supersession or ignore pass afterwards).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leanbridge.claims.loader import load_claim_file, load_claim_text
from leanbridge.errors import Diagnostic, Span
from leanbridge.lint import engine
from leanbridge.lint.analysis import comparisons, value_of
from leanbridge.lint.base import TRAITS, ClaimContext, FileContext, Finding, Rule
from leanbridge.lint.engine import LintResult, lint_file
from leanbridge.lint.labels import LABELS, NUMERIC, EvidenceLabel
from leanbridge.lint.registry import RULES
from leanbridge.lint.rules import lb005_loose_tolerance, lb006_precision
from leanbridge.lint.rules.lb013_unused_ignore import CODE as UNUSED_IGNORE
from leanbridge.lint.rules.lb013_unused_ignore import unused_ignores
from leanbridge.pipeline import ClaimResult, FileResult, evaluate_file
from leanbridge.semantics import reals
from leanbridge.semantics.display import decimal_text
from leanbridge.semantics.evaluate import Evaluator
from leanbridge.semantics.functions import uses_pvalues
from leanbridge.semantics.typecheck import approx_target, printed_number
from leanbridge.semantics.value_memo import forget_all
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast
from leanbridge.wording import plural

REPO = Path(__file__).resolve().parents[2]
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- the reference: the context, the rules and the engine as they were -----------------


def _ref_label(names: list[str], env: Mapping[str, NamedValue], numeric: bool) -> EvidenceLabel:
    if numeric:
        return LABELS[NUMERIC]
    used = [env[n] for n in names if n in env]
    if not used:
        return LABELS["arithmetic-identity"]
    if any(v.origin == "data" for v in used):
        return LABELS["reproduction"]
    return LABELS["internal-consistency"]


class RefContext:
    """The context as it was (each property from ``tree.walk()``), plus the definitions of
    what the context now also gives (``calls``, ``comparisons``, ``uses``)."""

    def __init__(self, file: FileResult, result: ClaimResult) -> None:
        self.file, self.result, self.shared = file, result, {}
        self.claim_id = result.claim_id
        self.tree = result.loaded.tree
        self.env = file.loaded.values
        self.verdict = result.outcome.verdict
        self.evaluable = self.verdict in ("holds", "fails")
        self.nodes = tuple(self.tree.walk())
        used = dict.fromkeys(n.id for n in self.nodes if isinstance(n, ast.Name))
        self.names = [n for n in used if n in self.env]
        self.label = _ref_label(self.names, self.env, uses_pvalues(self.tree))
        self.calls = tuple(n for n in self.nodes if isinstance(n, ast.Call))
        self.comparisons = tuple(n for n in self.nodes if isinstance(n, ast.COMPARISON_NODES))
        self.uses = {name: self.first_use(name) for name in ast.names_in(self.tree)}

    def first_use(self, name: str) -> Span | None:
        for node in self.nodes:
            if isinstance(node, ast.Name) and node.id == name:
                return node.span
        return None


def _ref_lb002(ctx):  # type: ignore[no-untyped-def]

    class Nodes:  # the rule as written then: comparisons(ctx.nodes)
        def __init__(self, c):  # type: ignore[no-untyped-def]
            self.__dict__.update(c.__dict__)
            self.comparisons = tuple(comparisons(c.nodes))

    return _ref_lb002_as_written(Nodes(ctx))


def _ref_lb002_as_written(ctx):  # type: ignore[no-untyped-def]
    """LB002 as a generator (7ecac96), before it returned a list."""
    from leanbridge.lint.analysis import is_closed
    from leanbridge.lint.rules.lb002_hardcoded import _bare_name, _sides

    if not ctx.evaluable or not ctx.names:
        return
    env = ctx.env
    for node in ctx.comparisons:
        sides = _sides(node)
        if sides is None:
            continue
        for this, other in (sides, sides[::-1]):
            name = _bare_name(this)
            if name is None or name not in env or env[name].is_list:
                continue
            own = env[name].scalar.value
            if is_closed(other):
                if value_of(other, env) == own:
                    yield Finding(
                        f"`{name}` is compared with {decimal_text(own)}, which is its own "
                        "value: the expected value is hard-coded and nothing is computed",
                        span=node.span,
                    )
                    break
                continue
            other_name = _bare_name(other)
            if other_name is not None and other_name in env and other_name != name:
                v, w = env[name], env[other_name]
                if (
                    not w.is_list
                    and v.origin == w.origin == "paper"
                    and v.scalar.value == w.scalar.value
                ):
                    yield Finding(
                        f"`{name}` and `{other_name}` are the same number typed from the paper "
                        f"({v.scalar.text}): comparing them computes nothing",
                        span=node.span,
                    )
                    break
                continue
            used = set(ast.names_in(other))
            if used == {name} and (not isinstance(node, ast.Compare) or node.op == "=="):
                yield Finding(
                    f"the expected value `{name}` is computed from `{name}` itself: "
                    "nothing independent is compared",
                    span=node.span,
                )
                break


def _ref_lb003(ctx):  # type: ignore[no-untyped-def]
    for name in ctx.names:
        value = ctx.env[name]
        if value.source is None or not value.source.strip():
            where = "data file" if value.origin == "data" else "number"
            yield Finding(
                f"input `{name}` has no `source`: say where this {where} comes from",
                span=ctx.first_use(name),
            )


def _ref_lb008(ctx):  # type: ignore[no-untyped-def]
    source = ctx.result.loaded.claim.source
    if source is None or not source.strip():
        yield Finding("the claim has no `source`: say where the paper makes it")


def _ref_lb009(ctx):  # type: ignore[no-untyped-def]
    claim = ctx.result.loaded.claim
    if claim.expect == "fails" and (claim.text is None or not claim.text.strip()):
        yield Finding(
            "`expect: fails` without a `text` saying what is false and why: add one so the "
            "expected failure cannot be mistaken for a silenced broken check"
        )


def _ref_lb010(ctx):  # type: ignore[no-untyped-def]
    declared = ctx.result.loaded.claim.evidence
    if declared is None:
        return
    computed = ctx.label
    if LABELS[declared].rank <= computed.rank:
        return
    if declared == "reproduction" and ctx.names:
        why = "every input is a number typed from the paper, none is read from a data file"
    elif not ctx.names:
        why = "the check uses no named input"
    else:
        why = "its inputs do not support it"
    yield Finding(
        f"declared `evidence: {declared}`, but {why}: this is {computed.name}. "
        f"{computed.does_not_establish}"
    )


def _ref_lb011(ctx):  # type: ignore[no-untyped-def]
    declared = ctx.result.loaded.claim.evidence
    if declared is None or LABELS[declared].rank >= ctx.label.rank:
        return
    yield Finding(
        f"declared `evidence: {declared}`, but the inputs make it {ctx.label.name}: "
        "update the declaration"
    )


def _ref_lb004(ctx):  # type: ignore[no-untyped-def]
    if any(isinstance(n, ast.Name) for n in ctx.nodes):
        return
    yield Finding(
        "the check uses no named input: it proves arithmetic only and establishes nothing "
        "about the paper (evidence: arithmetic-identity)",
        span=ctx.tree.span,
    )


def _ref_lb005(ctx):  # type: ignore[no-untyped-def]
    if not ctx.evaluable:
        return
    for node in ctx.nodes:
        if isinstance(node, ast.Within):
            target_node = node.target
            t = value_of(node.target, ctx.env)
            if t is None:
                continue
            lit = node.tolerance.literal
            tol = lit.value * abs(t) if node.relative else lit.value
            where = node.tolerance.span
            shown = f"±{lit.text}"
        elif isinstance(node, ast.Approx):
            target_node = node.right
            dec = approx_target(node, ctx.env)
            t, tol, where = dec.value, dec.unit / 2, node.right.span
            shown = f"~= {dec.text} (±{decimal_text(tol)})"
        else:
            continue
        if t == 0:
            continue
        if tol >= abs(t):
            flip = f" and even {decimal_text(-t)}, the opposite sign" if tol >= 2 * abs(t) else ""
            yield Finding(
                f"tolerance {shown} around {decimal_text(t)} accepts 0{flip}: the check "
                "cannot tell the claimed value from no effect",
                span=where,
            )
            continue
        change = lb005_loose_tolerance._claimed_change(target_node, ctx)
        if change is not None and change[0] != 0 and tol >= abs(change[0]):
            yield Finding(
                f"tolerance {shown} is at least the claimed change of "
                f"{decimal_text(change[0])} from `{change[1]}`: it also accepts no change",
                span=where,
            )


def _ref_rounding_error(node, ctx):  # type: ignore[no-untyped-def]
    base = value_of(node, ctx.env)
    if base is None:
        return None
    total = Fraction(0)
    counted = False
    for name in dict.fromkeys(ast.names_in(node)):
        value = ctx.env.get(name)
        if value is None or all(d.is_integer_literal for d in value.numbers):
            continue
        moved = value_of(node, {**ctx.env, name: lb006_precision._shifted(value)})
        if moved is None:
            return None
        total += abs(moved - base)
        counted = True
    return total if counted else None


def _ref_round_half_away(q: Fraction, unit: Fraction) -> Fraction:
    n = abs(q) / unit
    r = int(n) + (1 if n - int(n) >= Fraction(1, 2) else 0)
    return (r if q >= 0 else -r) * unit


def _ref_lb006(ctx):  # type: ignore[no-untyped-def]
    if not ctx.evaluable:
        return
    for node in ctx.nodes:
        if not isinstance(node, ast.Approx):
            continue
        target = approx_target(node, ctx.env)
        tol = target.unit / 2
        error = _ref_rounding_error(node.left, ctx)
        if error is not None and error >= lb006_precision.SUPPORT_FACTOR * tol:
            yield Finding(
                f"`~= {target.text}` is to {_ref_decimals(target.unit)}, but "
                "rounding the inputs to their printed digits can move the computed side by "
                f"{decimal_text(error)}: the target has more digits than the inputs support",
                span=node.right.span,
            )
            continue
        if target.value == 0 or not lb006_precision._is_difference(node.left):
            continue
        lhs = value_of(node.left, ctx.env)
        coarse = target.unit * 10
        if lhs is None or _ref_round_half_away(target.value, coarse) != 0:
            continue
        if abs(lhs) <= coarse / 2:
            yield Finding(
                f"the claimed difference `~= {target.text}` would also hold as `~= 0` at one "
                "digit less: only the last printed digit separates it from no effect",
                span=node.right.span,
            )


def _ref_lb012(ctx):  # type: ignore[no-untyped-def]
    from leanbridge.lint.rules.lb012_reproduction_wording import patterns

    _WORD, _NEGATION = patterns()

    text = ctx.result.loaded.claim.text or ""
    if ctx.label.name == "reproduction":
        return
    for m in _WORD.finditer(text):
        if _NEGATION.search(text[: m.start()]):
            continue
        yield Finding(
            f"the text says `{m.group(1)}`, but no input is read from a data file: the "
            f"evidence is {ctx.label.name}, not a reproduction"
        )
        return


def _ref_lb014(ctx):  # type: ignore[no-untyped-def]
    for node in ctx.nodes:
        if not isinstance(node, ast.Compare) or node.op not in ("==", "!="):
            continue
        if uses_pvalues(node.left) or uses_pvalues(node.right):
            yield Finding(
                f"a p-value compared with `{node.op}`: a recomputed p-value is not a printed "
                "decimal; compare it with `~=` (rounds to the printed value) or with `<`",
                span=node.span,
            )


def _ref_lb016(ctx):  # type: ignore[no-untyped-def]
    if ctx.verdict == "error":
        return
    for node in ctx.nodes:
        if not isinstance(node, ast.Call) or node.func != "grim":
            continue
        mean = printed_number(node.args[0], ctx.env)
        count = 1
        for arg in node.args[1:]:
            count *= Evaluator(ctx.env).eval(arg)
        if count * mean.unit >= 1:
            yield Finding(
                f"GRIM has no power here: with n·items = {count} every mean printed to "
                f"{mean.text}'s precision passes (it needs n·items below {1 / mean.unit})",
                span=node.span,
            )


REF_CHECKS = {
    "LB002": _ref_lb002,
    "LB003": _ref_lb003,
    "LB004": _ref_lb004,
    "LB005": _ref_lb005,
    "LB006": _ref_lb006,
    "LB008": _ref_lb008,
    "LB009": _ref_lb009,
    "LB010": _ref_lb010,
    "LB011": _ref_lb011,
    "LB012": _ref_lb012,
    "LB014": _ref_lb014,
    "LB016": _ref_lb016,
}


def _ref_run(rule: Rule, check, ctx) -> list[Finding]:  # type: ignore[no-untyped-def]
    try:
        return list(check(ctx))
    except Exception as e:
        return [Finding(f"internal error in rule {rule.code}: {type(e).__name__}: {e}")]


def _ref_diagnostic(rule: Rule, finding: Finding, cr: ClaimResult | None, path: str) -> Diagnostic:
    pos = finding.pos
    context = None
    if cr is not None:
        locator = cr.loaded.locator
        if pos is None and finding.span is not None:
            pos = locator.pos(finding.span)
            context = locator.context(finding.span)
        if pos is None:
            pos = cr.pos
    claim_id = finding.claim_id or (cr.claim_id if cr is not None else None)
    return Diagnostic(path, pos, finding.message, rule.severity, rule.code, claim_id, context)


def _sort_key(d: Diagnostic) -> tuple[int, int, str, str]:
    line, col = (d.pos.line, d.pos.col) if d.pos else (0, 0)
    return line, col, d.code or "", d.message


def ref_lint_file(file_result: FileResult) -> LintResult:
    """``lint_file`` as it was: every rule run on every claim, superseded findings dropped."""
    path = file_result.loaded.path
    forget_all()
    result = LintResult(path)
    known = set(RULES)
    by_id = {cr.claim_id: cr for cr in file_result.claims}
    for cr in file_result.claims:
        ctx = RefContext(file_result, cr)
        claim = cr.loaded.claim
        result.labels[cr.claim_id] = ctx.label
        result.declared[cr.claim_id] = claim.evidence
        result.positions[cr.claim_id] = cr.pos
        raw: dict[str, list[Finding]] = {}
        for rule in RULES.values():
            if rule.check is not None:
                found = _ref_run(rule, REF_CHECKS.get(rule.code, rule.check), ctx)
                if found:
                    raw[rule.code] = found
        ignore = set(claim.lint.ignore) if claim.lint else set()
        for code, found in raw.items():
            rule = RULES[code]
            if any(s in raw for s in rule.superseded_by):
                continue
            target = result.ignored if code in ignore and code != UNUSED_IGNORE else result.findings
            target.extend(_ref_diagnostic(rule, f, cr, path) for f in found)
        if claim.lint and claim.lint.ignore:
            fired = {c for c in raw if not any(s in raw for s in RULES[c].superseded_by)}
            rule = RULES[UNUSED_IGNORE]
            result.findings.extend(
                _ref_diagnostic(rule, f, cr, path)
                for f in unused_ignores(claim.lint.ignore, fired, known)
            )
    file_ctx = FileContext(file_result)  # no contexts: LB007 walks each tree itself
    for rule in RULES.values():
        if rule.check_file is None:
            continue
        for f in _ref_run(rule, rule.check_file, file_ctx):
            cr = by_id.get(f.claim_id) if f.claim_id else None
            d = _ref_diagnostic(rule, f, cr, path)
            ignored = (
                cr is not None
                and cr.loaded.claim.lint is not None
                and (rule.code in cr.loaded.claim.lint.ignore)
            )
            (result.ignored if ignored else result.findings).append(d)
    result.findings.sort(key=_sort_key)
    result.ignored.sort(key=_sort_key)
    return result


def _full(ds: list[Diagnostic]) -> list[tuple[object, ...]]:
    """Every field, the context too (``Diagnostic`` equality leaves it out)."""
    return [(d, d.context) for d in ds]


def assert_same_lint(fr: FileResult) -> None:
    got, want = lint_file(fr), ref_lint_file(fr)
    assert _full(got.findings) == _full(want.findings)
    assert _full(got.ignored) == _full(want.ignored)
    assert got.labels == want.labels
    assert got.declared == want.declared
    assert got.positions == want.positions


def assert_same_context(fr: FileResult) -> None:
    for cr in fr.claims:
        new, ref = ClaimContext(fr, cr), RefContext(fr, cr)
        assert new.nodes == ref.nodes
        assert new.names == ref.names
        assert new.label == ref.label
        assert new.calls == ref.calls
        assert new.comparisons == ref.comparisons
        assert list(new.uses.items()) == list(ref.uses.items())
        for name in [*ref.uses, "no_such_name"]:
            assert new.first_use(name) == ref.first_use(name)
        assert (new.claim_id, new.tree, new.env, new.verdict, new.evaluable) == (
            ref.claim_id,
            ref.tree,
            ref.env,
            ref.verdict,
            ref.evaluable,
        )


def _ref_traits(ctx: ClaimContext) -> dict[str, bool]:
    """``ClaimContext.traits`` from their definitions (base.TRAITS)."""
    claim = ctx.result.loaded.claim
    return {
        "evaluable": ctx.verdict in ("holds", "fails"),
        "names": bool([n for n in ast.names_in(ctx.tree) if n in ctx.env]),
        "no-uses": not list(ast.names_in(ctx.tree)),
        "no-error": ctx.verdict != "error",
        "approx": any(isinstance(n, ast.Approx) for n in ctx.tree.walk()),
        "within": any(isinstance(n, ast.Within) for n in ctx.tree.walk()),
        "name-side": any(
            isinstance(n, ast.COMPARISON_NODES)
            and any(
                isinstance(side, ast.Name)
                for side in (n.left, n.target if isinstance(n, ast.Within) else n.right)
            )
            for n in ctx.tree.walk()
        ),
        "pvalue": uses_pvalues(ctx.tree),
        "grim": any(isinstance(n, ast.Call) and n.func == "grim" for n in ctx.tree.walk()),
        "evidence": claim.evidence is not None,
        "expect-fails": claim.expect == "fails",
        "text": bool(claim.text),
    }


def assert_needs_hold(fr: FileResult) -> None:
    """Each claim's traits are as defined, a rule the engine skips for want of one of
    its ``needs`` finds nothing there (nor raises: that would be an internal-error
    finding), and a rule said to be ``at_claim`` places every finding at the claim."""
    forget_all()
    shared: dict[str, object] = {}
    for cr in fr.claims:
        ctx = ClaimContext(fr, cr, shared)
        traits = _ref_traits(ctx)
        assert list(traits) == list(TRAITS)
        assert ctx.traits == tuple(traits.values())
        for rule in RULES.values():
            if rule.check is None:
                continue
            if all(traits[t] for t in rule.needs):
                if rule.at_claim:
                    for f in rule.check(ctx):
                        AT_CLAIM_TESTED[rule.code] += 1
                        assert f.pos is None and f.span is None, (rule.code, f)
                continue
            NEEDS_TESTED[rule.code] += 1
            assert list(rule.check(ctx)) == [], (rule.code, cr.loaded.claim.check)


NEEDS_TESTED: Counter[str] = Counter()  # claims on which each rule was seen to find nothing
AT_CLAIM_TESTED: Counter[str] = Counter()  # findings of each at_claim rule seen at the claim


# --- random claim files ----------------------------------------------------------------

SCALARS = ["a", "b", "c", "n"]
LISTS = ["xs", "ys", "ks"]
numbers = st.sampled_from(
    ["0", "1", "3", "12", "8.70", "70.1", "0.3", "-0.2", "1.5e-3", "5%", "-3.2", "0.05", "2.45"]
)


def _atom() -> st.SearchStrategy[str]:
    return st.one_of(numbers.filter(lambda s: not s.startswith("-")), st.sampled_from(SCALARS))


def _num(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return _atom()
    sub = _num(depth - 1)
    lst = st.sampled_from(LISTS)
    return st.one_of(
        _atom(),
        st.tuples(sub, st.sampled_from(["+", "-", "*", "/"]), sub).map(" ".join),
        st.tuples(st.sampled_from(["sum", "mean", "median", "min", "max", "pvar", "psd"]), lst).map(
            lambda t: f"{t[0]}({t[1]})"
        ),
        st.tuples(lst, lst).map(lambda t: f"mean({t[0]}, {t[1]})"),
        st.tuples(sub, sub).map(lambda t: f"pct_change({t[0]}, {t[1]})"),
        sub.map(lambda s: f"abs({s})"),
        sub.map(lambda s: f"round({s}, 1)"),
        sub.map(lambda s: f"sqrt(abs({s}))"),
        sub.map(lambda s: f"p_z({s})"),
        sub.map(lambda s: f"-({s})"),
    )


printed = st.one_of(numbers, st.sampled_from(SCALARS))


def _comparison() -> st.SearchStrategy[str]:
    left = _num(2)
    return st.one_of(
        st.tuples(left, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), _num(1)).map(" ".join),
        st.tuples(left, printed).map(lambda t: f"{t[0]} ~= {t[1]}"),
        st.tuples(left, _num(1), st.sampled_from(["5%", "100%", "0.1", "2", "0"])).map(
            lambda t: f"{t[0]} == {t[1]} ± {t[2]}"
        ),
        st.tuples(st.sampled_from(SCALARS), st.sampled_from(SCALARS), numbers).map(
            lambda t: f"{t[0]} == {t[1]} + {t[2].lstrip('-')} ± 2"
        ),
        st.tuples(printed, st.sampled_from(["3", "12", "40"]), st.sampled_from(["1", "2"])).map(
            lambda t: f"grim({t[0]}, {t[1]}, {t[2]})"
        ),
    )


checks = st.one_of(
    _comparison(),
    _comparison(),
    st.tuples(_comparison(), st.sampled_from(["and", "or"]), _comparison()).map(" ".join),
    _comparison().map(lambda c: f"not ({c})"),
)
CODES = [*sorted(RULES), "LB999"]


@st.composite
def claim_files(draw: st.DrawFn) -> str:
    lines = ["leanbridge: 1", "values:"]
    for name in SCALARS:
        source = ', source: "t"' if draw(st.booleans()) else ""
        lines.append(f'  {name}: {{value: "{draw(numbers)}"{source}}}')
    for name in LISTS:
        items = draw(st.lists(numbers, min_size=2, max_size=5))
        if name == "ks":
            items = [str(draw(st.integers(0, 9))) for _ in items]  # printed as integers
        source = ', source: "t"' if draw(st.booleans()) else ""
        rendered = ", ".join(f'"{x}"' for x in items)
        lines.append(f"  {name}: {{value: [{rendered}]{source}}}")
    if draw(st.booleans()):
        lines.append('  unused: {value: "1.0", source: "t"}')
    lines.append("claims:")
    for i, check in enumerate(draw(st.lists(checks, min_size=1, max_size=5))):
        lines.append(f"  - id: c{i}")
        lines.append(f"    check: {json.dumps(check, ensure_ascii=False)}")
        if draw(st.booleans()):
            lines.append('    source: "Table 1"')
        if draw(st.booleans()):
            lines.append(f"    expect: {draw(st.sampled_from(['holds', 'fails']))}")
        if draw(st.integers(0, 3)) == 0:
            lines.append("    inputs: rounded")
        if draw(st.integers(0, 3)) == 0:
            lines.append(f"    evidence: {draw(st.sampled_from(sorted(LABELS)))}")
        if draw(st.integers(0, 3)) == 0:
            lines.append(
                f'    text: "{draw(st.sampled_from(["we reproduce it", "not reproduced", "x"]))}"'
            )
        if draw(st.integers(0, 2)) == 0:
            ignore = draw(st.lists(st.sampled_from(CODES), max_size=3))
            lines.append(f"    lint: {{ignore: [{', '.join(ignore)}]}}")
    return "\n".join(lines) + "\n"


@SETTINGS
@given(claim_files())
def test_random_files_lint_as_before(text: str) -> None:
    fr = evaluate_file(load_claim_text("fuzz.yaml", text))
    assert_same_context(fr)
    assert_same_lint(fr)
    assert_needs_hold(fr)


def _repository_claim_files() -> list[Path]:
    roots = [REPO / "claims", REPO / "tests" / "lint" / "fixtures", REPO / "tests" / "fixtures"]
    return sorted(p for root in roots for p in root.rglob("*.yaml"))


@pytest.mark.parametrize("path", _repository_claim_files(), ids=lambda p: p.name)
def test_repository_files_lint_as_before(path: Path) -> None:
    try:
        fr = evaluate_file(load_claim_file(str(path)))
    except Exception:  # not a claim file (e.g. a data or schema file)
        pytest.skip("not a claim file")
    assert_same_context(fr)
    assert_same_lint(fr)
    assert_needs_hold(fr)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_corpus_files_lint_as_before(tmp_path: Path, seed: int) -> None:
    """Generated benchmark files: hundreds of claims sharing named lists, many of which
    LB015 and LB001 both fire on."""
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate_corpus import generate

    for path in generate(tmp_path / "corpus", 300, per_file=300, seed=seed):
        fr = evaluate_file(load_claim_file(str(path)))
        assert_same_context(fr)
        assert_same_lint(fr)
        assert_needs_hold(fr)


def test_superseded_rules_are_not_run() -> None:
    """The shortcut is taken: LB015 does not run on a claim where LB001 fired."""
    ran: list[str] = []
    rule = RULES["LB015"]
    check = rule.check

    def counting(ctx):  # type: ignore[no-untyped-def]
        ran.append(ctx.claim_id)
        return check(ctx)

    object.__setattr__(rule, "check", counting)
    try:
        text = (
            "leanbridge: 1\nvalues:\n"
            "  a: {value: '79.2', source: t}\n  b: {value: '70.1', source: t}\n"
            "claims:\n  - id: taut\n    source: s\n    check: 'a + b == b + a'\n"
            "  - id: plain\n    source: s\n    check: '(a + b) / 2 ~= 74.6'\n"
        )
        fr = evaluate_file(load_claim_text("t.yaml", text))
        result = lint_file(fr)
    finally:
        object.__setattr__(rule, "check", check)
    assert {d.code for d in result.findings if d.claim_id == "taut"} >= {"LB001"}
    assert ran == ["plain"]


def test_rules_at_the_claim_run_first() -> None:
    """Each rule whose findings are at the claim's position runs before every other rule
    but those that supersede it, directly or in turn (which it waits for)."""
    order = [rule for rule, _ in engine.claim_rules()]
    assert sorted(r.code for r in order) == sorted(c for c, r in RULES.items() if r.check)

    def superseders(code: str) -> set[str]:
        direct = set(RULES[code].superseded_by)
        return direct.union(*(superseders(c) for c in direct))

    for n, rule in enumerate(order):
        if rule.at_claim:
            assert {r.code for r in order[:n] if not r.at_claim} <= superseders(rule.code)
    assert [r.code for r in order][:2] == ["LB008", "LB009"]


def test_skip_plan_follows_supersession() -> None:
    plan = dict((rule.code, skip) for rule, skip in engine.claim_rules())
    assert plan["LB015"] == {"LB001", "LB002", "LB005"}
    assert plan["LB002"] == {"LB001"}
    assert plan["LB004"] == {"LB001"}
    assert plan["LB001"] == frozenset()


def test_skip_plan_keeps_a_superseding_rule_that_others_need() -> None:
    """A rule superseded by X is still run when a rule it supersedes is not superseded by
    X (its presence would drop that rule's findings)."""
    saved = dict(RULES)
    try:
        x = Rule("LB901", "x", "warning", "LB901 x: x", check=lambda ctx: iter(()))
        y = Rule("LB902", "y", "warning", "LB902 y: y", check=lambda ctx: iter(()),
                 superseded_by=("LB901",))  # fmt: skip
        z = Rule("LB903", "z", "warning", "LB903 z: z", check=lambda ctx: iter(()),
                 superseded_by=("LB902",))  # fmt: skip
        RULES.update({"LB901": x, "LB902": y, "LB903": z})
        plan = dict((rule.code, skip) for rule, skip in engine.claim_rules())
        assert plan["LB902"] == frozenset()  # LB903 is not superseded by LB901
        assert plan["LB903"] == {"LB902"}
    finally:
        RULES.clear()
        RULES.update(saved)


def test_lb016_has_its_own_work_budget() -> None:
    text = (
        "leanbridge: 1\nvalues:\n  m: {value: '3.48', source: t}\nclaims:\n"
        "  - id: g\n    source: s\n    check: 'grim(m, 10 ^ 400 * 10 ^ 400, 1)'\n"
    )
    fr = evaluate_file(load_claim_text("t.yaml", text))
    ctx = ClaimContext(fr, fr.claims[0])
    fresh = list(RULES["LB016"].check(ctx))
    reals.start_work(-1)  # what an earlier rule might have left: nothing
    assert list(RULES["LB016"].check(ctx)) == fresh


def test_file_context_names_without_contexts() -> None:
    fr = evaluate_file(load_claim_file(str(REPO / "tests" / "lint" / "fixtures" / "LB007.yaml")))
    with_contexts = FileContext(fr, [ClaimContext(fr, cr) for cr in fr.claims])
    bare = FileContext(fr)
    for lc in fr.loaded.claims:
        if lc.tree is not None:
            want = set(ast.names_in(lc.tree))
            assert set(with_contexts.names_in(lc)) == want == set(bare.names_in(lc))


@pytest.mark.parametrize(
    "path",
    [p for p in _repository_claim_files() if p.parent.name in ("fixtures", "claims")],
    ids=lambda p: p.name,
)
def test_names_used_is_the_union_of_names_in(path: Path) -> None:
    """FileContext.names_used: every name the claims use, when each has a context; None
    when some claim has none (one did not parse, or the contexts were not made)."""
    try:
        fr = evaluate_file(load_claim_file(str(path)))
    except Exception:
        pytest.skip("not a claim file")
    contexts = FileContext(fr, [ClaimContext(fr, cr) for cr in fr.claims])
    want = {n for lc in fr.loaded.claims if lc.tree is not None for n in ast.names_in(lc.tree)}
    every_claim_parsed = all(lc.tree is not None for lc in fr.loaded.claims)
    assert contexts.names_used() == (want if every_claim_parsed else None)
    assert FileContext(fr).names_used() == (set() if not fr.loaded.claims else None)


def test_context_from_the_position_equals_the_locator_context() -> None:
    text = (
        "leanbridge: 1\nvalues:\n  a: {value: '1.5'}\nclaims:\n"
        '  - id: plain\n    check: "a + 1 > 2"\n'
        '  - id: escaped\n    check: "a + \\u0031 > 2"\n'
        "  - id: folded\n    check: >-\n      a +\n      1 > 2\n"
        "  - id: literal\n    check: |-\n      a +\n      1 > 2\n"
    )
    loaded = load_claim_text("t.yaml", text)
    for lc in loaded.claims:
        n = len(lc.locator.value)
        for start in range(n + 1):
            for end in range(start, n + 2):
                span = Span(start, end)
                pos = lc.locator.pos(span)
                assert engine._context(lc.locator, span, pos) == lc.locator.context(span)


decimals = st.builds(
    lambda m, places: f"{m / 10**places:.{places}f}", st.integers(-300, 300), st.integers(0, 2)
)
differences = st.sampled_from(
    ["a - b ~= {t}", "pct_change(a, b) ~= {t}", "b - a ~= {t}", "a ~= {t}", "mean(xs) ~= {t}",
     "a - b == {t} ± 0.1", "a == b + {t} ± 0.05", "a == b * {t} ± 10%", "sum(xs) - a ~= {t}"]
)  # fmt: skip


@SETTINGS
@given(decimals, decimals, st.lists(decimals, min_size=1, max_size=4), decimals, differences)
def test_precision_and_tolerance_rules_as_before(a, b, xs, t, shape) -> None:  # type: ignore[no-untyped-def]
    """LB005 and LB006 near their thresholds: targets and differences of a few units."""
    rendered = ", ".join(f'"{x}"' for x in xs)
    text = (
        f'leanbridge: 1\nvalues:\n  a: {{value: "{a}"}}\n  b: {{value: "{b}"}}\n'
        f"  xs: {{value: [{rendered}]}}\nclaims:\n"
        f"  - id: c\n    check: {json.dumps(shape.format(t=t.lstrip('-')))}\n"
    )
    fr = evaluate_file(load_claim_text("t.yaml", text))
    for cr in fr.claims:
        new, ref = ClaimContext(fr, cr), RefContext(fr, cr)
        for code in ("LB005", "LB006"):
            forget_all()
            assert list(RULES[code].check(new)) == list(REF_CHECKS[code](ref))


@SETTINGS
@given(st.fractions(), st.integers(1, 30), st.integers(-8, 8))
def test_half_units_compared_in_integers(q: Fraction, count: int, exponent: int) -> None:
    half_units = count * Fraction(10) ** exponent / 2
    want = (abs(q) > half_units) - (abs(q) < half_units)
    assert lb006_precision._compare_half_units(q, count, exponent) == want


def test_difference_at_half_the_coarser_unit() -> None:
    """`a - b` exactly half a unit of one digit less from 0: the finding (<=) is made."""
    text = (
        'leanbridge: 1\nvalues:\n  a: {value: "1.05"}\n  b: {value: "1.00"}\nclaims:\n'
        '  - id: c\n    check: "a - b ~= 0.03"\n'
    )
    fr = evaluate_file(load_claim_text("t.yaml", text))
    ctx = ClaimContext(fr, fr.claims[0])
    found = list(RULES["LB006"].check(ctx))
    assert found == list(_ref_lb006(RefContext(fr, fr.claims[0])))
    assert any("would also hold as `~= 0`" in f.message for f in found)


spreads = st.sampled_from(
    ["var(xs) ~= {t}", "pvar(xs) ~= {t}", "sd(xs) ~= {t}", "psd(xs) ~= {t}",
     "sqrt(pvar(xs)) ~= {t}", "sqrt(var(xs)) ~= {t}", "max(xs) - min(xs) ~= {t}",
     "mean(xs) - median(xs) ~= {t}", "min(xs) - max(xs) ~= -{t}", "max(xs) - min(ys) ~= {t}",
     "var(xs) + var(ys) ~= {t}", "var(ys) ~= {t}", "max(xs) - min(xs) < 3 and sd(xs) ~= {t}",
     "abs(max(xs) - min(xs)) ~= {t}", "sd(zs) ~= {t}", "max(xs) - mean(xs) ~= {t}",
     "mean(xs) ~= {t}", "median(xs) ~= {t}", "sum(xs) ~= {t}", "min(xs) ~= -{t}",
     "max(ys) ~= {t}", "mean(zs) ~= {t}", "sum(ws) ~= {t}", "mean(ws) ~= {t}",
     "mean(xs) - 1 ~= {t}", "a - b ~= {t}", "abs(a - b) ~= {t}", "abs(b - a) ~= {t}",
     "pct_change(a, b) ~= {t}", "pct_change(b, a) ~= -{t}", "a - a ~= {t}", "k - a ~= {t}",
     "pct_change(k, w) ~= {t}", "abs(w - b) ~= {t}", "pct_change(a, w) ~= {t}"]
)  # fmt: skip


@SETTINGS
@given(
    st.integers(0, 3),
    st.lists(st.integers(-3000, 3000), min_size=1, max_size=5),
    st.lists(decimals, min_size=1, max_size=4),
    decimals,
    spreads,
    st.sampled_from([-45, -41, -40, -39, -3, 0, 2, 40, 41, 42]),
)
def test_precision_of_spreads_as_before(places, ms, ys, t, shape, e) -> None:  # type: ignore[no-untyped-def]
    """LB006 skips the rounding error of a spread of one list printed to one exponent
    (``var(xs)``, ``max(xs) - min(xs)``, ...) and works out that of ``mean(xs)`` and the
    like: the findings are those of the definition, for lists of one exponent (``xs``,
    ``ws`` with exponents near the bound on small numbers), of mixed ones (``ys``) and of
    integers (``zs``); and that of ``a - b``, ``abs(a - b)``, ``pct_change(a, b)`` of
    single numbers (``w`` near the bound, ``k`` an integer)."""
    xs = [f"{m / 10**places:.{places}f}" for m in ms]
    text = (
        "leanbridge: 1\nvalues:\n"
        f"  xs: {{value: [{', '.join(xs)}]}}\n  ys: {{value: [{', '.join(ys)}]}}\n"
        f"  zs: {{value: [{', '.join(str(m) for m in ms)}]}}\n"
        f"  ws: {{value: [{', '.join(f'{m}.0e{e}' for m in ms)}]}}\n"
        f'  a: {{value: "{ys[0]}"}}\n  b: {{value: "{xs[0]}"}}\n  k: {{value: "{ms[0]}"}}\n'
        f'  w: {{value: "{ms[-1]}.0e{e}"}}\nclaims:\n'
        f"  - id: c\n    check: {json.dumps(shape.format(t=t.lstrip('-')))}\n"
    )
    fr = evaluate_file(load_claim_text("t.yaml", text))
    for cr in fr.claims:
        forget_all()
        new = list(RULES["LB006"].check(ClaimContext(fr, cr)))
        forget_all()
        assert new == list(_ref_lb006(RefContext(fr, cr)))


def test_spread_of_one_exponent_is_unmoved() -> None:
    """The shortcut is taken (and agrees) where the definition finds a 0 rounding error."""
    text = (
        'leanbridge: 1\nvalues:\n  xs: {value: ["1.25", "2.50", "3.75"]}\n'
        '  ys: {value: ["1.2", "2.50"]}\nclaims:\n'
        '  - id: c\n    check: "max(xs) - min(xs) ~= 2.500"\n'
        '  - id: d\n    check: "max(ys) - min(ys) ~= 1.300"\n'
    )
    fr = evaluate_file(load_claim_text("t.yaml", text))
    c, d = (ClaimContext(fr, cr) for cr in fr.claims)
    assert lb006_precision._unmoved(c.tree.left, c)  # type: ignore[attr-defined]
    assert not lb006_precision._unmoved(d.tree.left, d)  # type: ignore[attr-defined]
    assert _ref_rounding_error(c.tree.left, RefContext(fr, fr.claims[0])) == 0  # type: ignore[attr-defined]
    for cr, ctx in zip(fr.claims, (c, d), strict=True):
        assert list(RULES["LB006"].check(ctx)) == list(_ref_lb006(RefContext(fr, cr)))


def _boom_now(ctx):  # type: ignore[no-untyped-def]
    raise ValueError("at the call")


def _boom_later(ctx):  # type: ignore[no-untyped-def]
    yield Finding("kept back")
    raise ValueError("while yielding")


@pytest.mark.parametrize("broken", [_boom_now, _boom_later])
def test_a_broken_rule_hides_no_other_finding(broken) -> None:  # type: ignore[no-untyped-def]
    """A rule that raises, when called (a function) or while it yields (a generator), gives
    one internal-error finding in place of its own; the other rules' findings stay."""
    text = (
        "leanbridge: 1\nvalues:\n  a: {value: '79.2'}\nclaims:\n  - id: c\n    check: 'a ~= 79.2'\n"
    )
    fr = evaluate_file(load_claim_text("t.yaml", text))
    want = {(d.code, d.message) for d in lint_file(fr).findings if d.code != "LB008"}
    assert ("LB003", "input `a` has no `source`: say where this number comes from") in want
    rule = RULES["LB008"]
    check = rule.check
    object.__setattr__(rule, "check", broken)
    try:
        got = lint_file(fr).findings
    finally:
        object.__setattr__(rule, "check", check)
    mine = [d.message for d in got if d.code == "LB008"]
    assert len(mine) == 1 and mine[0].startswith("internal error in rule LB008: ValueError: ")
    assert {(d.code, d.message) for d in got if d.code != "LB008"} == want


def test_every_needs_was_tested() -> None:
    """The tests above met, for each rule with ``needs``, claims lacking them (this test
    runs after them; alone, it checks the repository's files itself)."""
    if not NEEDS_TESTED:
        for path in _repository_claim_files():
            try:
                fr = evaluate_file(load_claim_file(str(path)))
            except Exception:
                continue
            assert_needs_hold(fr)
    assert {code for code, rule in RULES.items() if rule.needs} <= set(NEEDS_TESTED)
    assert {code for code, rule in RULES.items() if rule.at_claim} <= set(AT_CLAIM_TESTED)


def test_unknown_trait_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown traits"):
        Rule("LB999", "x", "warning", "x", needs=frozenset({"no-such-trait"}))


def _ref_decimals(unit: Fraction) -> str:
    """LB006's ``_decimals`` as it was, from the unit itself."""
    n = 0
    while unit < 1 and n < 400:
        unit *= 10
        n += 1
    return plural(n, "decimal") if n else "whole numbers"


@SETTINGS
@given(st.integers(-500, 60))
def test_decimals_of_an_exponent_as_of_its_unit(e: int) -> None:
    unit = Fraction(10**e) if e >= 0 else Fraction(1, 10**-e)
    assert lb006_precision._decimals(e) == _ref_decimals(unit)


def _ref_scalar_error(left, base, ctx):  # type: ignore[no-untyped-def]
    """LB006's ``_scalar_error`` as it was: the evaluator's formula in Fractions."""
    shape = lb006_precision._two_scalars(left)
    if shape is None:
        return False
    kind, a_node, b_node = shape
    exact, moved_by = [], []
    for node in (a_node, b_node):
        known = lb006_precision._scalar(ctx, node.id)
        if known is None:
            return False
        exact.append(known[0])
        moved_by.append(known[1])
    total = None
    for i in (0, 1):
        shifted = moved_by[i]
        if shifted is None:
            continue
        x, y = (shifted, exact[1]) if i == 0 else (exact[0], shifted)
        if kind == "pct":
            if x == 0:
                return None
            moved = (y - x) * (Fraction(1) / x) * 100
        else:
            moved = abs(x - y) if kind == "abs" else x - y
        moved = abs(moved - base)
        total = moved if total is None else total + moved
    return total


@SETTINGS
@given(
    decimals,
    decimals,
    st.sampled_from(["a - b", "abs(a - b)", "pct_change(a, b)", "b - a", "a - a", "a + b"]),
    st.fractions(),
)
def test_scalar_error_in_integers_as_in_fractions(a, b, left, base) -> None:  # type: ignore[no-untyped-def]
    text = (
        f'leanbridge: 1\nvalues:\n  a: {{value: "{a}"}}\n  b: {{value: "{b}"}}\n'
        f'claims:\n  - id: c\n    check: "{left} ~= 1"\n'
    )
    fr = evaluate_file(load_claim_text("s.yaml", text))
    ctx = ClaimContext(fr, fr.claims[0])
    node = ctx.tree.left  # type: ignore[attr-defined]
    got = lb006_precision._scalar_error(node, base, ctx)
    want = _ref_scalar_error(node, base, ctx)
    assert got == want and type(got) is type(want)


def test_registry_findings_are_emitted_directly() -> None:
    """(6) On a claim without a `lint:` block the engine emits each finding as its rule
    returns it: every superseding rule runs before the rules it supersedes and skips them."""
    plan = [(r, skip, r.check, r.code) for r, skip in engine.claim_rules()]
    assert engine.emits_directly(plan)
    # A superseding rule that is not in the rule's skip set (it runs after it): not direct.
    late = Rule("LB002", "x", "error", "", check=lambda ctx: (), superseded_by=("LB003",))
    other = Rule("LB003", "y", "warning", "", check=lambda ctx: ())
    assert not engine.emits_directly(
        [(late, frozenset(), None, "LB002"), (other, frozenset(), None, "LB003")]
    )
    assert engine.emits_directly(
        [(late, frozenset({"LB003"}), None, "LB002"), (other, frozenset(), None, "LB003")]
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claim_files())
def test_random_files_lint_as_before_without_direct_emission(text: str) -> None:
    fr = evaluate_file(load_claim_text("fuzz.yaml", text))
    engine.FAST_PATH = False
    try:
        assert_same_lint(fr)
    finally:
        engine.FAST_PATH = True
