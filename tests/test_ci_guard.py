"""The CI guard in tests/conftest.py: a skipped `lean` test fails under CI on Linux x86_64."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest

# conftest.py is not importable by name (pytest loads it itself): the same test here.
_BUNDLED_PLATFORM = platform.system() == "Linux" and platform.machine() == "x86_64"

SKIPPING = """
import pytest

@pytest.mark.lean
def test_lean():
    pytest.skip("no Lean here")

@pytest.mark.lake
def test_lake():
    pytest.skip("no lake here")
"""


def _run(pytester: pytest.Pytester, ci: str | None) -> pytest.RunResult:
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text("utf-8"))
    pytester.makepyfile(SKIPPING)
    pytester.makeini("[pytest]\nmarkers =\n    lean: x\n    lake: y\n")
    with pytest.MonkeyPatch.context() as mp:
        if ci is None:
            mp.delenv("CI", raising=False)
        else:
            mp.setenv("CI", ci)
        return pytester.runpytest_inprocess("-q")


@pytest.mark.skipif(not _BUNDLED_PLATFORM, reason="the guard applies on Linux x86_64 only")
def test_a_skipped_lean_test_fails_under_ci(pytester: pytest.Pytester) -> None:
    _run(pytester, "true").assert_outcomes(failed=1, skipped=1)


def test_outside_ci_a_skip_stays_a_skip(pytester: pytest.Pytester) -> None:
    _run(pytester, None).assert_outcomes(skipped=2)
