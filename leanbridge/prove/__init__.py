"""The process and parsing layer of ``leanbridge prove``.

- :mod:`.toolchain` finds ``lake`` and reads the Lean version it runs;
- :mod:`.process` runs it with a timeout, a memory cap and an output cap, and
  kills the whole process group afterwards;
- :mod:`.diagnostics` parses ``lean --json`` output into messages and maps them to
  the claims of an emitted file;
- :mod:`.axiom_answers` reads ``#print axioms`` answers; :mod:`.axiom_policy` decides
  which axioms and source constructs are accepted; :mod:`.lean_lexer` is the bit of
  Lean's lexical syntax both need;
- :mod:`.lean_check` turns a run into a verdict per claim.

Every output format relied on is documented in docs/lean-output.md.
"""
