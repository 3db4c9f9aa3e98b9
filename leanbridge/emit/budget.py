"""What Lean is asked to evaluate: size estimates, `maxRecDepth`, and the caps.

Every emitted theorem ``Eq (b) true := Eq.refl true`` makes Lean evaluate the whole
Boolean term in the elaborator (``Meta.isDefEq``, every nested call counted against
``maxRecDepth``) and again in the kernel.  The list functions recurse once per element
and insertion sort (inside ``Q.median``) is quadratic.  So the emitter

* prints ``set_option maxRecDepth N in`` before every theorem, ``N`` at least
  :data:`THEOREM_REC_DEPTH` (harmless for small claims) and growing with the longest
  list, and before every list definition longer than :data:`REC_DEPTH_FREE_ITEMS`;
* estimates a *cost* for each theorem (list elements visited, see :func:`estimate`);
* does not emit (reason: *too large for the kernel*) a theorem over the caps below.

The constants live here only; docs/emitter.md explains them.  The caps are set from
``benchmarks/bench_lean_budget.py`` (figures in benchmarks/README.md): seconds per
theorem on the bundled Lean 4.35.0 with leanbridge's prelude, 2 shared cores under load,
so that a theorem at a cap takes about 1 s there.  The cost unit is one element visited
by ``Q.sum`` (about 1.6 ms there); numbers within the claim language's own limits
(leanbridge/limits.py: 120-digit mantissas, ``1e±400``, ``x ^ 4096``) cost nothing
measurable, so there is no cap on digits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from leanbridge.emit.printer import LEAN_FUNCTIONS, LIST_APPEND
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast

#: Lean's default `exponentiation.threshold` (`src/Lean/Meta/Basic.lean`, v4.11+).
DEFAULT_EXPONENT_THRESHOLD = 256
#: Lean's default `maxRecDepth` (`defaultMaxRecDepth` in Init/Prelude.lean).
DEFAULT_REC_DEPTH = 512
#: `maxRecDepth` printed before every theorem (docs/lean-subset.md; LeanBridge.Selftest).
THEOREM_REC_DEPTH = 8192
#: List definitions up to this length need no `set_option`.
REC_DEPTH_FREE_ITEMS = 64
#: `maxRecDepth` per list element, plus a fixed base, when that exceeds the floor above.
REC_DEPTH_PER_ITEM = 32
REC_DEPTH_BASE = 1024
#: `maxRecDepth` never set above this (deeper recursion risks a native stack overflow).
MAX_REC_DEPTH = 65_536
#: Longest list one theorem may hand to a function (measured: `sum` over 400 values 0.67 s,
#: `mean` 0.82 s, `max` 1.1 s; so 300, where `max` takes about 0.75 s).
MAX_LIST_ITEMS = 300
#: Longest list handed to `median` (insertion sort is quadratic; measured: 30 values
#: 0.33 s, 60 values 1.8 s).
MAX_MEDIAN_ITEMS = 40
#: `List.append` concatenations in one theorem (measured: 40 in one `sum`, 0.28 s; 160,
#: 1.5 s).
MAX_APPENDS = 40
#: Total estimated work of one theorem, in units of one `Q.sum` element visit (measured:
#: `var` over 100 values, 500 units, 0.85 s; over 200 values, 1000 units, 1.7 s): about
#: 1 s; `min`/`max` over a list at the list cap fit.
MAX_THEOREM_COST = 700
#: Expression nodes in one theorem (each is an elaboration step and a kernel term).
MAX_THEOREM_NODES = 5_000

#: Cost per list element of each aggregate, in `Q.sum` element visits, from the measured
#: seconds per theorem (benchmarks/README.md): `mean` costs as `sum` (its length pass is
#: cheap), `min`/`max` about twice (cross-multiplied comparisons), `var`/`pvar` about five
#: times (mean, then squared deviations with growing denominators).
_PASSES = {
    "sum": 1,
    "mean": 1,
    "min": 2,
    "max": 2,
    "len": 1,
    "var": 5,
    "pvar": 5,
    "sd": 5,
    "psd": 5,
    "median": 2,  # plus the sort, counted separately
}


@dataclass(frozen=True, slots=True)
class Size:
    nodes: int
    depth: int  # nesting depth of the expression tree
    longest_list: int  # longest single list handed to one function (or list literal)
    median_items: int  # longest list handed to `median`
    cost: int

    def too_large(self) -> str | None:
        """Why a theorem of this size is not emitted, or None."""
        if self.longest_list > MAX_LIST_ITEMS:
            return (
                f"too large for the kernel: a list of {self.longest_list} values "
                f"(the cap is {MAX_LIST_ITEMS})"
            )
        if self.median_items > MAX_MEDIAN_ITEMS:
            return (
                f"too large for the kernel: median over {self.median_items} values "
                f"(the cap is {MAX_MEDIAN_ITEMS}; the Lean median sorts by insertion)"
            )
        if self.cost > MAX_THEOREM_COST:
            return (
                f"too large for the kernel: estimated cost {self.cost} list-element visits "
                f"(the cap is {MAX_THEOREM_COST})"
            )
        if self.nodes > MAX_THEOREM_NODES:
            return (
                f"too large for the kernel: {self.nodes} expression nodes "
                f"(the cap is {MAX_THEOREM_NODES})"
            )
        return None


def rec_depth(longest_list: int, floor: int = THEOREM_REC_DEPTH) -> int:
    """The `maxRecDepth` for a term whose longest list has this length."""
    need = REC_DEPTH_BASE + REC_DEPTH_PER_ITEM * longest_list
    need = -(-need // 1024) * 1024  # round up to a multiple of 1024: stable, readable
    return min(max(need, floor), MAX_REC_DEPTH)


def too_many_appends(statement: str) -> str | None:
    """The printed term's `List.append` count against :data:`MAX_APPENDS` (the printer is
    the one place that decides how an aggregate's arguments are concatenated)."""
    appends = statement.count(f"{LIST_APPEND} ")
    if appends > MAX_APPENDS:
        return f"too large for the kernel: {appends} list concatenations (the cap is {MAX_APPENDS})"
    return None


def exponent_threshold(max_exponent: int) -> int | None:
    """``exponentiation.threshold`` for a theorem whose largest exponent is this, or None.

    Lean's elaborator does not evaluate ``Nat.pow`` with an exponent above the option
    (default :data:`DEFAULT_EXPONENT_THRESHOLD`): it warns and unfolds the power instead,
    which for ``x ^ 4096`` exhausts ``maxRecDepth`` (measured, benchmarks/README.md). The
    kernel has no such limit below 2^24. Exponents are bounded by leanbridge.limits
    (``MAX_POW_EXPONENT``, ``MAX_SCI_EXPONENT``, ``MAX_ROUND_DIGITS``).
    """
    return max_exponent if max_exponent > DEFAULT_EXPONENT_THRESHOLD else None


def theorem_rec_depth(size: Size) -> int:
    return rec_depth(max(size.longest_list, size.depth))


def definition_rec_depth(items: int) -> int | None:
    """`maxRecDepth` for a list definition, or None when the default is enough."""
    return rec_depth(items, DEFAULT_REC_DEPTH) if items > REC_DEPTH_FREE_ITEMS else None


def _items(arg: ast.Node, env: Mapping[str, NamedValue]) -> int:
    if isinstance(arg, ast.ListExpr):
        return len(arg.items)
    if isinstance(arg, ast.Name) and arg.id in env and env[arg.id].is_list:
        return len(env[arg.id].numbers)
    return 1


def _depth(node: ast.Node) -> int:
    deepest = 0
    stack = [(node, 1)]
    while stack:
        n, d = stack.pop()
        deepest = max(deepest, d)
        stack.extend((child, d + 1) for child in n.children())
    return deepest


def estimate(node: ast.Node, env: Mapping[str, NamedValue]) -> Size:
    nodes = longest = median = 0
    cost = 0
    for n in node.walk():
        nodes += 1
        if isinstance(n, ast.ListExpr):
            longest = max(longest, len(n.items))
        elif isinstance(n, ast.Name) and n.id in env and env[n.id].is_list:
            longest = max(longest, len(env[n.id].numbers))
        elif isinstance(n, ast.Call) and n.func in LEAN_FUNCTIONS:
            if LEAN_FUNCTIONS[n.func].kind != "aggregate":
                continue
            k = sum(_items(a, env) for a in n.args)
            longest = max(longest, k)
            cost += _PASSES.get(n.func, 1) * k
            if n.func == "median":
                median = max(median, k)
                cost += k * (k + 1) // 4  # measured: about half a visit per comparison
    return Size(
        nodes=nodes,
        depth=_depth(node),
        longest_list=longest,
        median_items=median,
        cost=cost + nodes,
    )
