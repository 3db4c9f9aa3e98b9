"""The process and parsing layer of ``leanbridge prove``.

- :mod:`.toolchain` finds ``lake`` and reads the Lean version it runs;
- :mod:`.process` runs it with a timeout, a memory cap and an output cap, and
  kills the whole process group afterwards;
- :mod:`.diagnostics` parses Lean/Lake output (text, Lake log, ``--json``) into
  messages and maps them to the claims of an emitted file;
- :mod:`.axioms` reads ``#print axioms`` answers, audits them, and scans the
  workspace for ``axiom`` declarations.

Every output format relied on is documented in docs/lean-output.md.
"""
