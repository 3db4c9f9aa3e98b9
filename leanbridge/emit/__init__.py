"""Claim files -> Lean 4 modules (``leanbridge emit``).

``emit_module(FileResult) -> EmittedModule`` is the entry point; the click command is
:data:`leanbridge.emit.command.emit`.
"""

from leanbridge.emit.emitter import (
    EmittedModule,
    EmittedTheorem,
    EmittedValue,
    LineSpan,
    NotEmitted,
    emit_file,
    emit_module,
)
from leanbridge.emit.printer import LEAN_FUNCTIONS, LeanPrinter, NotExpressible

__all__ = [
    "LEAN_FUNCTIONS",
    "EmittedModule",
    "EmittedTheorem",
    "EmittedValue",
    "LeanPrinter",
    "LineSpan",
    "NotEmitted",
    "NotExpressible",
    "emit_file",
    "emit_module",
]
