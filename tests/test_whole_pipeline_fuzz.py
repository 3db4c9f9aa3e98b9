"""Random claim files through every stage: check, lint, emit and the reports never raise.

The promise to users is a positioned error or a verdict, never a traceback.  Each stage
has its own property tests; this one feeds the same random files through all of them in
the order the commands do, so that a value one stage lets through cannot crash the next.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leanbridge.claims.loader import load_claim_text
from leanbridge.emit.emitter import emit_module
from leanbridge.lint.command import LintRun
from leanbridge.lint.engine import lint_file
from leanbridge.pipeline import Run, evaluate_file
from leanbridge.report import render_json, render_text

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NAMES = ["a", "b", "xs", "ys", "order", "t_1"]
FUNCS = [
    "sum",
    "mean",
    "median",
    "min",
    "max",
    "len",
    "var",
    "pvar",
    "sd",
    "psd",
    "abs",
    "sqrt",
    "round",
    "pct_change",
    "nope",
]
numbers = st.sampled_from(
    ["0", "1", "2", "8.70", "70.1", "1.5e-3", "5%", "-3.2", "1e400", "12345678901234567890", "0.5"]
)
atoms = st.one_of(numbers.filter(lambda s: not s.startswith("-")), st.sampled_from(NAMES))


def _expr(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return atoms
    sub = _expr(depth - 1)
    return st.one_of(
        atoms,
        st.tuples(sub, st.sampled_from(["+", "-", "*", "/", "^"]), sub).map(" ".join),
        st.tuples(st.sampled_from(FUNCS), st.lists(sub, min_size=0, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        st.lists(sub, min_size=0, max_size=3).map(lambda xs: f"[{', '.join(xs)}]"),
        sub.map(lambda s: f"-({s})"),
    )


checks = st.one_of(
    st.tuples(
        _expr(2), st.sampled_from(["==", "<", "<=", ">", ">=", "!=", "~=", "≈"]), _expr(2)
    ).map(" ".join),
    st.tuples(_expr(2), _expr(1), st.sampled_from(["5%", "0.1", "0"])).map(
        lambda t: f"{t[0]} == {t[1]} ± {t[2]}"
    ),
    st.tuples(_expr(1), _expr(1)).map(lambda t: f"not ({t[0]} < {t[1]}) or {t[0]} == {t[1]}"),
    st.text(alphabet="ab()[]+-*/^<=>~!., 0123456789%", max_size=30),
)
values = st.dictionaries(
    st.sampled_from(NAMES),
    st.one_of(numbers, st.lists(numbers, min_size=0, max_size=5)),
    max_size=6,
)


def _yaml_quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


@st.composite
def claim_files(draw: st.DrawFn) -> str:
    lines = ["leanbridge: 1", "values:"]
    for name, v in draw(values).items():
        rendered = (
            "[" + ", ".join(_yaml_quote(x) for x in v) + "]"
            if isinstance(v, list)
            else _yaml_quote(v)
        )
        source = ', source: "t"' if draw(st.booleans()) else ""
        lines.append(f"  {name}: {{value: {rendered}{source}}}")
    lines.append("claims:")
    for i, check in enumerate(draw(st.lists(checks, min_size=1, max_size=4))):
        lines.append(f"  - id: c{i}")
        lines.append(f"    check: {_yaml_quote(check)}")
        if draw(st.booleans()):
            lines.append(f"    expect: {draw(st.sampled_from(['holds', 'fails']))}")
    return "\n".join(lines) + "\n"


@SETTINGS
@given(claim_files())
def test_every_stage_survives_random_claim_files(text: str) -> None:
    loaded = load_claim_text("fuzz.yaml", text)
    result = evaluate_file(loaded)
    lint = lint_file(result)
    module = emit_module(result)
    lr = LintRun(Run([result], []), [lint])
    assert render_text(lr)
    assert json.loads(render_json(lr))["version"] == 1
    # Every claim is accounted for: evaluated (with a verdict) or reported with a position.
    reported = {d.claim_id for d in result.diagnostics}
    for lc in loaded.claims:
        assert lc.claim.id in reported or any(c.claim_id == lc.claim.id for c in result.claims)
    # Every evaluated claim is either a theorem or listed as not emitted, with a reason.
    emitted = {t.claim_id for t in module.theorems}
    skipped = {n.claim_id: n.reason for n in module.not_emitted}
    for c in result.claims:
        assert (c.claim_id in emitted) != (c.claim_id in skipped)
        assert c.claim_id not in skipped or skipped[c.claim_id]
        if c.claim_id in emitted:
            assert c.outcome.verdict in ("holds", "fails")
