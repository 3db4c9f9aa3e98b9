"""The keyed cache of `leanbridge.kernel.compile`: atomic under concurrency, bounded, modes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from kernel_lean import LEAN, needs_bundled_lean

from leanbridge.kernel.compile import (
    LibraryBuildError,
    PreparedLibrary,
    library_modules,
    prepare_library,
)

pytestmark = [pytest.mark.lean, needs_bundled_lean]


def test_concurrent_builds_leave_one_complete_directory(tmp_path: Path) -> None:
    results: list[PreparedLibrary] = []
    errors: list[BaseException] = []

    def build() -> None:
        try:
            results.append(prepare_library(LEAN, with_prelude=True, cache_dir=tmp_path))
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len({r.directory for r in results}) == 1
    (version_dir,) = tmp_path.iterdir()
    # no temporary build directory is left behind, only the one complete directory
    assert [p.name for p in version_dir.iterdir()] == [results[0].directory.name]
    assert (results[0].directory / "leanbridge-cache.json").is_file()


def test_toolchain_mode_does_not_compile_the_prelude(tmp_path: Path) -> None:
    """Without the prelude the bundled frontend has no `Init`: the first module fails, and
    the failure is reported, never cached."""
    with pytest.raises(LibraryBuildError) as e:
        prepare_library(LEAN, with_prelude=False, cache_dir=tmp_path)
    first = library_modules_first()
    assert f"module {first} failed" in str(e.value)
    assert "Init" in str(e.value)
    assert e.value.result is not None and e.value.result.exit_code != 0
    (version_dir,) = tmp_path.iterdir()
    assert list(version_dir.iterdir()) == []


def test_a_build_step_past_its_timeout_is_killed_and_reported(tmp_path: Path) -> None:
    with pytest.raises(LibraryBuildError) as e:
        prepare_library(LEAN, with_prelude=True, cache_dir=tmp_path, timeout_s=0.05)
    assert "the prelude failed (timeout)" in str(e.value)
    (version_dir,) = tmp_path.iterdir()
    assert list(version_dir.iterdir()) == []


def library_modules_first() -> str:
    from leanbridge.prove.workspace import find_library

    return library_modules(find_library().files)[0]
