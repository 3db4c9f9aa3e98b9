"""GRIM, GRIMMER and DEBIT calls as Lean terms over ``LeanBridge.Stats``.

The mean and SD are printed as themselves (a value's name or ``Q.dec m d``): the Lean
functions read the printed precision from the denominator ``10^d``, which is why a
number printed with a positive exponent (``1.5e3``, denominator 1 but unit 100) is not
expressible.  ``n`` and ``items`` are printed as ``Nat`` literals of their exact values.

A GRIM call that the oracle found true is printed with its witness total ``k`` as
``band (Stats.grimAt mean cnt k) (Stats.grim mean cnt)``: the same Boolean value, and
Lean checks both that ``k`` is a witness and the decision itself, so a reader of the
theorem sees ``k``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leanbridge.errors import LeanbridgeError
from leanbridge.semantics import granularity
from leanbridge.semantics.evaluate import Evaluator
from leanbridge.semantics.numbers import Decimal
from leanbridge.semantics.typecheck import printed_number
from leanbridge.syntax import ast

if TYPE_CHECKING:
    from leanbridge.emit.printer import LeanPrinter, Printed

#: The Lean function of each granularity test.
LEAN_TESTS = {"grim": "Stats.grim", "grimmer": "Stats.grimmer", "debit": "Stats.debit"}


class GranularityNotExpressible(Exception):
    """Raised with the reason; the printer turns it into its own NotExpressible."""


def _printed(printer: LeanPrinter, node: ast.Node) -> tuple[str, Decimal]:
    dec = printed_number(node, printer.env)
    if dec.exponent > 0:
        raise GranularityNotExpressible(
            f"{dec.text} is printed with a positive exponent: its unit is not its "
            "denominator in Lean"
        )
    return printer.arg(node), dec


def _count(printer: LeanPrinter, node: ast.Node) -> int:
    try:
        value = Evaluator(printer.env).eval(node)
    except LeanbridgeError as e:
        raise GranularityNotExpressible(e.message) from None
    if value.denominator != 1 or value <= 0:  # the oracle reports this as an error
        raise GranularityNotExpressible("a count must be a whole number above 0")
    return int(value)


def print_granularity(printer: LeanPrinter, node: ast.Call) -> tuple[str, int]:
    """The Lean term of a ``grim``/``grimmer``/``debit`` call and its precedence
    (application)."""
    from leanbridge.emit.printer import PREC_APP

    if node.func == "grim":
        mean, dec = _printed(printer, node.args[0])
        count = _count(printer, node.args[1])
        if len(node.args) == 3:
            count *= _count(printer, node.args[2])
        term = f"{LEAN_TESTS['grim']} {mean} {count}"
        k = granularity.grim_witness(dec, count)
        if k is None:
            return term, PREC_APP
        witness = f"({k})" if k >= 0 else f"(Z.neg {-k})"
        return f"band (Stats.grimAt {mean} {count} {witness}) ({term})", PREC_APP
    mean, _ = _printed(printer, node.args[0])
    sd, _ = _printed(printer, node.args[1])
    n = _count(printer, node.args[2])
    return f"{LEAN_TESTS[node.func]} {mean} {sd} {n}", PREC_APP


def granularity_printed(printer: LeanPrinter, node: ast.Call) -> Printed:
    from leanbridge.emit.printer import NotExpressible, Printed

    try:
        text, prec = print_granularity(printer, node)
    except GranularityNotExpressible as e:
        raise NotExpressible(str(e)) from None
    return Printed(text, prec)
