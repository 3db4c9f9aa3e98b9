"""Lay out a Lake workspace for `prove`: the shipped library plus the emitted modules.

The library travels inside the wheel (``leanbridge/_lean``, with the lakefile and
``lean-toolchain`` in ``leanbridge/_lean_workspace``); in a source checkout the same files
are read from the repository root.  Files are rewritten only when their bytes change, so
a second run lets Lake reuse what it already built.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import leanbridge

LIBRARY_DIR = "lean"  # srcDir of the LeanBridge lean_lib in the lakefile
CLAIMS_DIR = "out"  # srcDir of the Claims lean_lib
CLAIMS_PACKAGE = "Claims"


@dataclass(frozen=True)
class LibrarySource:
    """Where the Lean library, lakefile and toolchain pin were found."""

    files: dict[str, bytes]  # workspace-relative path -> bytes (lakefile, toolchain, lean/...)

    @property
    def toolchain(self) -> str:
        return self.files["lean-toolchain"].decode().strip()


def _package_root() -> Path:
    return Path(str(resources.files(leanbridge)))


def find_library() -> LibrarySource:
    """Collect the library files from the installed package or the source checkout."""
    pkg = _package_root()
    candidates = [
        (pkg / "_lean", pkg / "_lean_workspace"),  # installed wheel
        (pkg.parent / "lean", pkg.parent),  # source checkout / editable install
    ]
    for lean_dir, top in candidates:
        if (lean_dir / "LeanBridge.lean").is_file() and (top / "lakefile.lean").is_file():
            files = {
                "lakefile.lean": (top / "lakefile.lean").read_bytes(),
                "lean-toolchain": (top / "lean-toolchain").read_bytes(),
            }
            for path in sorted(lean_dir.rglob("*.lean")):
                if ".lake" in path.parts:
                    continue
                rel = path.relative_to(lean_dir).as_posix()
                files[f"{LIBRARY_DIR}/{rel}"] = path.read_bytes()
            return LibrarySource(files)
    raise FileNotFoundError(
        "the LeanBridge Lean library is missing from this installation "
        "(expected leanbridge/_lean in the package or lean/ beside it)"
    )


def module_path(module: str) -> str:
    """Workspace-relative path of an emitted module ``Claims.<module>``."""
    return f"{CLAIMS_DIR}/{CLAIMS_PACKAGE}/{module}.lean"


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def prepare(workdir: Path, library: LibrarySource, modules: dict[str, bytes]) -> list[str]:
    """Write the workspace; remove emitted modules of earlier runs that are not in this one.

    Returns the workspace-relative paths of the modules to check.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    for rel, data in library.files.items():
        _write_if_changed(workdir / rel, data)
    claims_dir = workdir / CLAIMS_DIR / CLAIMS_PACKAGE
    wanted = {module_path(m) for m in modules}
    if claims_dir.is_dir():
        for old in claims_dir.glob("*.lean"):
            if old.relative_to(workdir).as_posix() not in wanted:
                old.unlink()
    for module, text in modules.items():
        _write_if_changed(workdir / module_path(module), text)
    return sorted(wanted)
