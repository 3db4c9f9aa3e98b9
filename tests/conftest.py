"""Suite-wide guard: under CI on Linux x86_64 the bundled Lean frontend is installed by the
test extra, so a skipped `lean` test means Lean did not run, and that is a failure."""

from __future__ import annotations

import os
import platform
from collections.abc import Generator
from typing import Any

import pytest

pytest_plugins = ["pytester"]

_BUNDLED_PLATFORM = platform.system() == "Linux" and platform.machine() == "x86_64"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and item.get_closest_marker("lean") is not None
        and os.environ.get("CI")
        and _BUNDLED_PLATFORM
    ):
        report.outcome = "failed"
        report.longrepr = f"a `lean` test was skipped under CI on Linux x86_64: {report.longrepr}"
