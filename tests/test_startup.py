"""Start-up shortcuts give what the general way gives."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from leanbridge.syntax import parser as P


@pytest.mark.parametrize("name", ["claim.lark", P.TABLE_FILE])
def test_data_files_read_as_importlib_resources_reads_them(name: str) -> None:
    want = resources.files("leanbridge.syntax").joinpath(name).read_text("utf-8")
    assert P._data_text(name) == want


def test_data_files_fall_back_to_importlib_resources(monkeypatch: pytest.MonkeyPatch) -> None:
    # As in a zip: nothing to read beside the module.
    monkeypatch.setattr(P, "__file__", str(Path(P.__file__).parent / "absent" / "parser.py"))
    want = resources.files("leanbridge.syntax").joinpath("claim.lark").read_text("utf-8")
    assert P._data_text("claim.lark") == want
