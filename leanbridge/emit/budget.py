"""What `decide` is asked to evaluate: size estimates, `maxRecDepth`, and the caps.

Every emitted theorem is checked by ``decide``, which evaluates the whole Boolean term
in the elaborator (``Meta.whnf``) and again in the kernel.  Both recurse once per list
element for the structurally recursive list functions, and insertion sort (inside
``Q.median``) is quadratic.  So the emitter

* estimates a *cost* for each theorem (list elements visited, see :func:`estimate`),
* prints ``set_option maxRecDepth N in`` before a theorem or value whose longest list is
  longer than :data:`REC_DEPTH_FREE_ITEMS`, with ``N`` computed from that length, and
* does not emit (reason: *too large for decide*) a theorem over the caps below.

The constants are deliberately conservative and live here only; docs/emitter.md
explains them and docs/lean-subset.md (Lean library) records what was measured.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from leanbridge.emit.printer import LEAN_FUNCTIONS
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast

#: Lean's default `maxRecDepth`.
DEFAULT_REC_DEPTH = 512
#: Lists up to this length need no `set_option`.
REC_DEPTH_FREE_ITEMS = 64
#: `maxRecDepth` granted per list element, plus a fixed base.
REC_DEPTH_PER_ITEM = 16
REC_DEPTH_BASE = 1024
#: `maxRecDepth` never set above this (deeper recursion risks a native stack overflow).
MAX_REC_DEPTH = 65_536
#: Longest list a theorem may traverse (or a `def` may hold).
MAX_LIST_ITEMS = 4_000
#: Longest list handed to `median` (insertion sort: quadratic).
MAX_MEDIAN_ITEMS = 300
#: Total estimated work of one theorem, in list-element visits.
MAX_THEOREM_COST = 200_000
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
                f"too large for decide: a list of {self.longest_list} values "
                f"(the cap is {MAX_LIST_ITEMS})"
            )
        if self.median_items > MAX_MEDIAN_ITEMS:
            return (
                f"too large for decide: median over {self.median_items} values "
                f"(the cap is {MAX_MEDIAN_ITEMS}; the Lean median sorts by insertion)"
            )
        if self.cost > MAX_THEOREM_COST:
            return (
                f"too large for decide: estimated cost {self.cost} list-element visits "
                f"(the cap is {MAX_THEOREM_COST})"
            )
        if self.nodes > MAX_THEOREM_NODES:
            return (
                f"too large for decide: {self.nodes} expression nodes "
                f"(the cap is {MAX_THEOREM_NODES})"
            )
        return None


def rec_depth(longest_list: int) -> int | None:
    """The `maxRecDepth` to set for a list of this length, or None for the default."""
    if longest_list <= REC_DEPTH_FREE_ITEMS:
        return None
    need = REC_DEPTH_BASE + REC_DEPTH_PER_ITEM * longest_list
    need = -(-need // 1024) * 1024  # round up to a multiple of 1024: stable, readable
    return min(max(need, DEFAULT_REC_DEPTH), MAX_REC_DEPTH)


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
