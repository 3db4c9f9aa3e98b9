"""Test helper: run a test module under each YAML parser leanbridge may be given.

A module that imports :func:`yaml_parser` runs every test twice: with libyaml's parser
(what PyYAML's wheels bring; skipped when PyYAML was built without it) and with PyYAML's
pure-Python parser, which is what ``leanbridge.claims.yamlpos`` uses when ``yaml`` has no
``CBaseLoader``.  Which libyaml is tested is the installed PyYAML's: `.ci/run` runs the
YAML test modules under PyYAML 6.0.3 (libyaml 0.2.5) as well as the newest.
"""

from __future__ import annotations

import pytest

from leanbridge.claims import yamlpos

PARSERS = ("libyaml", "pure-python")


@pytest.fixture(autouse=True, params=PARSERS)
def yaml_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "pure-python":
        # yamlpos's single choice of parser, as a PyYAML without libyaml leaves it.
        monkeypatch.setattr(yamlpos, "_Loader", yamlpos._PURE_LOADER)
    elif yamlpos._Loader is yamlpos._PURE_LOADER:
        pytest.skip("this PyYAML was built without libyaml")
    return request.param
