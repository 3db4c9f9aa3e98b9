"""Shared helpers for the `leanbridge.prove` tests."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

STANDINS = Path(__file__).parent / "standins"
SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def standin(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a stand-in script to a tmp dir and make it executable (run via its shebang)."""

    def _make(name: str) -> Path:
        src = STANDINS / name
        dst = tmp_path / "bin" / name
        dst.parent.mkdir(exist_ok=True)
        shutil.copyfile(src, dst)
        dst.chmod(dst.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        return dst

    return _make


@pytest.fixture
def sample() -> Callable[[str], str]:
    """Read a recorded output sample, decoded as the process layer decodes it."""

    def _read(name: str) -> str:
        return (SAMPLES / name).read_bytes().decode("utf-8", errors="replace")

    return _read
