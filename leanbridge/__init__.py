"""leanbridge: numeric claims from papers, checked exactly and proved in Lean 4."""

__version__ = "0.1.0"
