"""A loaded claim file plus its exact verdicts -> one Lean 4 module.

``emit_module(FileResult)`` returns an :class:`EmittedModule`: the module text, the line
span of every theorem (so a runner can map Lean's ``FILE:LINE:COL`` messages back to the
claim), the value definitions, and every claim that was not emitted with the reason.

A claim becomes ``theorem claim_<id> : Eq (<term>) true := Eq.refl true`` when the
Python oracle says it holds, ``theorem claim_<id>_refuted : Eq (<term>) false :=
Eq.refl false`` when it fails (Lean evaluates the Bool term; see docs/lean-subset.md for
why ``Eq.refl`` and not ``by decide`` or ``rfl``).  Undecided and error claims, claims
without a faithful Lean form and claims over the size caps of
:mod:`leanbridge.emit.budget` are listed instead, in a comment block at the end of the
module and in :attr:`EmittedModule.not_emitted`.

The output depends only on the input: no time stamps, no absolute paths (the header
names the claim file by its base name only).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import PurePath
from typing import Literal

import jinja2

from leanbridge.claims.loader import LoadedClaim, load_claim_file
from leanbridge.emit import budget
from leanbridge.emit.comments import comment_lines, sanitize
from leanbridge.emit.names import (
    NAMESPACE_ROOT,
    UnsafeName,
    claim_ident,
    module_name,
    value_ident,
)
from leanbridge.emit.printer import LeanPrinter, NotExpressible, decimal_literal, list_pieces
from leanbridge.errors import Pos
from leanbridge.pipeline import ClaimResult, FileResult, evaluate_file
from leanbridge.semantics.display import fraction_text, real_text, sides_text
from leanbridge.semantics.reals import Real
from leanbridge.semantics.rounded import rounded_leaves
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast
from leanbridge.wording import plural

Status = Literal["holds", "fails", "consistent", "undecided", "error", "syntax-error"]

#: Why a claim with `inputs: rounded` (over some widened input) is not emitted.
ROUNDED_REASON = (
    "inputs: rounded quantifies over every value that prints as the inputs; the Lean "
    "statements are over exact values (the verdict is the exact oracle's interval search)"
)

#: Values printed per line in a long list definition.
LIST_ITEMS_PER_LINE = 4
#: Lists up to this length are defined on the `def` line.
INLINE_LIST_ITEMS = 2
#: Longest exact fraction shown in a verdict comment.
MAX_FRACTION_CHARS = 120


@dataclass(frozen=True, slots=True)
class LineSpan:
    """Lines ``start``..``end`` of the module, 1-based and inclusive."""

    start: int
    end: int

    def __contains__(self, line: object) -> bool:
        return isinstance(line, int) and self.start <= line <= self.end


@dataclass(frozen=True, slots=True)
class EmittedTheorem:
    claim_id: str
    name: str  # `claim_<id>` or `claim_<id>_refuted`
    full_name: str  # with the module's namespace, as `#print axioms` reports it
    verdict: Literal["holds", "fails"]
    expected: bool  # the Bool the term is proved equal to
    span: LineSpan  # the whole block: comments, set_option, theorem, #print axioms
    theorem_line: int  # the `theorem` line (where Lean reports a failing proof)
    axioms_line: int  # the `#print axioms` line (its output is attached to this line)
    claim_pos: Pos  # the claim in the YAML file
    values: tuple[str, ...]  # names of the values it uses


@dataclass(frozen=True, slots=True)
class EmittedValue:
    name: str  # as in the claim file
    lean_name: str  # `v_<name>`
    span: LineSpan
    is_list: bool


@dataclass(frozen=True, slots=True)
class NotEmitted:
    claim_id: str
    status: Status  # the Python verdict, or `syntax-error` when the check did not parse
    reason: str
    claim_pos: Pos


@dataclass(frozen=True)
class EmittedModule:
    source_file: str  # the claim file as the user named it
    module_name: str  # `RembertTable16`
    lean_module: str  # `Claims.RembertTable16`
    namespace: str  # `Claims.RembertTable16`
    relative_path: str  # `Claims/RembertTable16.lean`, relative to the output directory
    text: str
    theorems: tuple[EmittedTheorem, ...] = ()
    values: tuple[EmittedValue, ...] = ()
    not_emitted: tuple[NotEmitted, ...] = ()

    def claim_at_line(self, line: int) -> EmittedTheorem | None:
        """The theorem whose block contains ``line`` (a Lean message's line), if any."""
        for t in self.theorems:
            if line in t.span:
                return t
        return None

    def value_at_line(self, line: int) -> EmittedValue | None:
        for v in self.values:
            if line in v.span:
                return v
        return None


# --- templates -----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("leanbridge.emit", "templates"),
        autoescape=False,  # the output is Lean; user text only arrives as sanitised comments
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _render(template: str, **context: object) -> list[str]:
    text = _env().get_template(template).render(**context)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# --- pieces --------------------------------------------------------------------------


def _cap(text: str, limit: int = MAX_FRACTION_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _real(x: Real) -> str:
    """A value for a comment: its decimal, plus the exact fraction when that is rounded."""
    shown = real_text(x)
    if isinstance(x, Fraction) and shown.startswith("~"):
        shown += f" (= {_cap(fraction_text(x))})"
    return _cap(shown, 2 * MAX_FRACTION_CHARS)


def verdict_text(c: ClaimResult) -> str:
    """The exact Python verdict with the two sides of the top-level comparison."""
    o = c.outcome
    parts = [f"{o.verdict} (exact rational arithmetic in Python)"]
    sides = sides_text(o, _real)
    if sides is not None:
        detail = f"left side {sides.lhs}, right side {sides.rhs}"
        if sides.tolerance is not None:
            detail += f", tolerance {sides.tolerance}"
        if sides.margin is not None:
            detail += f", margin {sides.margin}"
        parts.append(detail)
    return "; ".join(parts)


def _claim_comments(c: ClaimResult, file_name: str, pos: Pos) -> list[str]:
    claim = c.loaded.claim
    lines = comment_lines(f"{claim.id} ({file_name}, line {pos.line})", "claim")
    lines += comment_lines(claim.text if claim.text is not None else "(no text given)", "text")
    lines += comment_lines(
        claim.source if claim.source is not None else "(no source given)", "source"
    )
    lines += comment_lines(claim.check, "check", limit=1200)
    lines += comment_lines(verdict_text(c), "verdict")
    if claim.expect is not None:
        lines += comment_lines(claim.expect, "expect")
    if c.outcome.verdict == "fails":
        lines += comment_lines("the check is false; the theorem proves it evaluates to false")
    return lines


def _value_body(value: NamedValue) -> tuple[str, list[str]]:
    """The type and the body lines; a body of one line is printed after ``:=``."""
    items = [decimal_literal(d) for d in value.numbers]
    if not value.is_list:
        return "Q", [items[0].text]
    pieces = list_pieces(items)
    if len(pieces) <= INLINE_LIST_ITEMS:
        return "List Q", ["".join(pieces)]
    rows = [
        "".join(pieces[i : i + LIST_ITEMS_PER_LINE])
        for i in range(0, len(pieces), LIST_ITEMS_PER_LINE)
    ]
    return "List Q", ["", *rows] if len(rows) == 1 else rows


def _value_comments(value: NamedValue) -> list[str]:
    lines = comment_lines(value.name, "value")
    source = value.source if value.source is not None else "(no source given)"
    lines += comment_lines(source, "source")
    if value.origin == "data":
        lines += comment_lines("read from a data file pinned by its SHA-256", "origin")
    if value.is_list:
        lines += comment_lines(plural(len(value.numbers), "number"), "size")
    return lines


@dataclass
class _Planned:
    result: ClaimResult
    statement: str
    size: budget.Size
    values: list[str]
    max_exponent: int
    name: str = ""


@dataclass
class _Builder:
    lines: list[str] = field(default_factory=list)

    def add(self, block: list[str], blank_before: bool = True) -> LineSpan:
        if blank_before and self.lines and self.lines[-1] != "":
            self.lines.append("")
        for line in block:
            if "\n" in line or "\r" in line:  # pragma: no cover - guarded by construction
                raise AssertionError("a rendered line contains a line break")
        start = len(self.lines) + 1
        self.lines.extend(block)
        return LineSpan(start, len(self.lines))


def _file_base(path: str) -> str:
    return PurePath(path.replace("\\", "/")).name


def _syntax_reason(lc: LoadedClaim, result: FileResult) -> str:
    for d in result.loaded.diagnostics:
        if d.claim_id == lc.claim.id and d.severity == "error":
            return f"the check does not parse: {d.message}"
    return "the check does not parse"


def _also_not_expressible(printer: LeanPrinter, tree: ast.Node) -> str:
    """The printer's own reason too, when the statement could not be printed either (a
    rounded p-value claim is both rounded and numeric: the reader should see both)."""
    try:
        printer.statement(tree)
    except NotExpressible as e:
        return f"; and {e}"
    except RecursionError:
        return "; and the expression is nested too deeply to print"
    return ""


def _plan(c: ClaimResult, printer: LeanPrinter, env: dict[str, NamedValue]) -> _Planned | str:
    """A planned theorem, or the reason the claim is not emitted."""
    verdict = c.outcome.verdict
    if verdict == "undecided":
        return f"undecided: {c.outcome.message or 'the oracle could not decide it'}"
    if verdict == "error":
        return f"error: {c.outcome.message or 'the check could not be evaluated'}"
    tree = c.loaded.tree
    assert tree is not None
    if c.loaded.claim.inputs == "rounded" and rounded_leaves(tree, env):
        return f"not expressible in Lean: {ROUNDED_REASON}{_also_not_expressible(printer, tree)}"
    try:
        claim_ident(c.claim_id, refuted=verdict == "fails")
        used = ast.names_in(tree)
        for name in used:
            value_ident(name)
        size = budget.estimate(tree, env)
        too_large = size.too_large()
        if too_large is not None:
            return too_large
        statement = printer.statement(tree)
        too_large = budget.too_many_appends(statement)
        if too_large is not None:
            return too_large
    except (NotExpressible, UnsafeName) as e:
        return f"not expressible in Lean: {e}"
    except RecursionError:
        return "not expressible in Lean: the expression is nested too deeply to print"
    return _Planned(c, statement, size, used, printer.max_exponent)


def _assign_names(planned: list[_Planned]) -> None:
    """``claim_<id>`` / ``claim_<id>_refuted``, made unique deterministically.

    A failing claim ``a`` and a holding claim ``a_refuted`` would both be
    ``claim_a_refuted``; the later one gets ``_2``, ``_3``, ... (checked against every
    natural name, so a suffix never takes another claim's name).
    """
    natural = [claim_ident(p.result.claim_id, p.result.outcome.verdict == "fails") for p in planned]
    taken: set[str] = set()
    reserved = set(natural)
    for p, name in zip(planned, natural, strict=True):
        if name in taken:
            k = 2
            while f"{name}_{k}" in taken or f"{name}_{k}" in reserved:
                k += 1
            name = f"{name}_{k}"
        taken.add(name)
        p.name = name


def emit_module(result: FileResult, module: str | None = None) -> EmittedModule:
    """Lean module text for one evaluated claim file, plus the map back to the claims.

    ``module`` overrides the module name derived from the file name (it is checked
    against the same whitelist).
    """
    loaded = result.loaded
    file_name = sanitize(_file_base(loaded.path), 120)
    stem = PurePath(_file_base(loaded.path)).stem
    mod = module_name(module if module is not None else stem)
    namespace = f"{NAMESPACE_ROOT}.{mod}"
    env = dict(loaded.values)
    printer = LeanPrinter(env)

    planned: list[_Planned] = []
    skipped: list[NotEmitted] = []
    by_index = {c.loaded.index: c for c in result.claims}
    for lc in loaded.claims:
        c = by_index.get(lc.index)
        if c is None or lc.tree is None:
            reason = _syntax_reason(lc, result)
            skipped.append(NotEmitted(lc.claim.id, "syntax-error", reason, lc.pos))
            continue
        plan = _plan(c, printer, env)
        if isinstance(plan, str):
            skipped.append(NotEmitted(c.claim_id, c.outcome.verdict, plan, c.pos))
        else:
            planned.append(plan)
    _assign_names(planned)

    out = _Builder()
    header = comment_lines(
        f"Lean 4 theorems for the claims in {file_name} (generated by `leanbridge emit`; "
        "do not edit)",
        "leanbridge",
    )
    paper = loaded.paper
    if paper is not None:
        for label, text in (("paper", paper.title), ("doi", paper.doi), ("url", paper.url)):
            if text is not None:
                header += comment_lines(text, label)
    header += comment_lines(
        "each theorem is closed by `Eq.refl`: Lean evaluates the Bool check to `true` (or "
        "`false` for a refuted claim) and the kernel re-checks it; `#print axioms` after it "
        "lists any axiom the proof relies on",
        "note",
    )
    out.add(_render("header.lean.j2", comments=header, namespace=namespace), blank_before=False)

    used_values: set[str] = {n for p in planned for n in p.values}
    values: list[EmittedValue] = []
    for name, value in env.items():
        if name not in used_values:
            continue
        vtype, body = _value_body(value)
        depth = budget.definition_rec_depth(len(value.numbers)) if value.is_list else None
        lean_name = value_ident(name)
        block = _render(
            "value.lean.j2",
            comments=_value_comments(value),
            rec_depth=depth,
            name=lean_name,
            type=vtype,
            body=body,
        )
        values.append(EmittedValue(name, lean_name, out.add(block), value.is_list))

    theorems: list[EmittedTheorem] = []
    for p in planned:
        c = p.result
        block = _render(
            "theorem.lean.j2",
            comments=_claim_comments(c, file_name, c.pos),
            rec_depth=budget.theorem_rec_depth(p.size),
            exp_threshold=budget.exponent_threshold(p.max_exponent),
            name=p.name,
            statement=p.statement,
            expected=c.outcome.verdict == "holds",
        )
        span = out.add(block)
        theorem_line = next(
            i for i in range(span.start, span.end + 1) if out.lines[i - 1].startswith("theorem ")
        )
        theorems.append(
            EmittedTheorem(
                claim_id=c.claim_id,
                name=p.name,
                full_name=f"{namespace}.{p.name}",
                verdict=c.outcome.verdict,  # type: ignore[arg-type]
                expected=c.outcome.verdict == "holds",
                span=span,
                theorem_line=theorem_line,
                axioms_line=span.end,
                claim_pos=c.pos,
                values=tuple(p.values),
            )
        )

    footer: list[str] = []
    if skipped:
        footer += comment_lines(
            f"{len(skipped)} of {plural(len(loaded.claims), 'claim')}", "not emitted"
        )
        for s in skipped:
            footer += comment_lines(f"- {s.claim_id} ({s.status}): {s.reason}")
    elif len(loaded.claims) == 1:
        footer += comment_lines("the 1 claim was emitted")
    else:
        footer += comment_lines(f"all {len(loaded.claims)} claims were emitted")
    out.add(_render("footer.lean.j2", comments=footer, namespace=namespace))

    return EmittedModule(
        source_file=loaded.path,
        module_name=mod,
        lean_module=namespace,
        namespace=namespace,
        relative_path=f"{NAMESPACE_ROOT}/{mod}.lean",
        text="\n".join(out.lines) + "\n",
        theorems=tuple(theorems),
        values=tuple(values),
        not_emitted=tuple(skipped),
    )


def emit_file(path: str, module: str | None = None) -> EmittedModule:
    """Load, evaluate and emit one claim file (diagnostics are not reported here)."""
    return emit_module(evaluate_file(load_claim_file(path)), module)


def emit_many(results: Iterable[FileResult]) -> list[EmittedModule]:
    return [emit_module(r) for r in results]
