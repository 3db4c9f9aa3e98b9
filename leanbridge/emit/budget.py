"""What `decide` is asked to evaluate: size estimates, `maxRecDepth`, and the caps.

Every emitted theorem is checked by ``decide``, which evaluates the whole Boolean term
in the elaborator (``Meta.whnf``, every call counted against ``maxRecDepth``) and again
in the kernel.  The list functions recurse once per element, with a handful of nested
``whnf`` calls per step, and insertion sort (inside ``Q.median``) is quadratic.  So the
emitter, following the measurements and advice in docs/lean-subset.md ("Handling large
inputs"),

* prints ``set_option maxRecDepth N in`` before every theorem, ``N`` at least
  :data:`THEOREM_REC_DEPTH` (harmless for small claims) and growing with the longest
  list, and before every list definition longer than :data:`REC_DEPTH_FREE_ITEMS`;
* estimates a *cost* for each theorem (list elements visited, see :func:`estimate`);
* does not emit (reason: *too large for the kernel*) a theorem over the caps below.

The constants live here only; docs/emitter.md explains them.  They are conservative
and were not measured against a running Lean (none was available): raise them only
after `lake build` on the target toolchain shows larger inputs pass.
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
#: Longest list one theorem may hand to a function (docs/lean-subset.md: 200).
MAX_LIST_ITEMS = 200
#: Longest list handed to `median` (insertion sort is quadratic; docs/lean-subset.md: 60).
MAX_MEDIAN_ITEMS = 60
#: `List.append` concatenations in one theorem (docs/lean-subset.md: about 10).
MAX_APPENDS = 10
#: Total estimated work of one theorem, in list-element visits.
MAX_THEOREM_COST = 20_000
#: Expression nodes in one theorem (each is an elaboration step and a kernel term).
MAX_THEOREM_NODES = 5_000

#: Passes over the list per aggregate (mean: sum + length; var: mean + squared deviations).
_PASSES = {
    "sum": 1,
    "mean": 2,
    "min": 1,
    "max": 1,
    "len": 1,
    "var": 4,
    "pvar": 4,
    "sd": 4,
    "psd": 4,
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
                cost += k * (k + 1) // 2
    return Size(
        nodes=nodes,
        depth=_depth(node),
        longest_list=longest,
        median_items=median,
        cost=cost + nodes,
    )
