"""Start-up shortcuts give what the general way gives."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from leanbridge import runtime
from leanbridge.syntax import parser as P

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", ["claim.lark", P.TABLE_FILE])
def test_data_files_read_as_importlib_resources_reads_them(name: str) -> None:
    want = resources.files("leanbridge.syntax").joinpath(name).read_text("utf-8")
    assert P._data_text(name) == want


def test_data_files_fall_back_to_importlib_resources(monkeypatch: pytest.MonkeyPatch) -> None:
    # As in a zip: nothing to read beside the module.
    monkeypatch.setattr(P, "__file__", str(Path(P.__file__).parent / "absent" / "parser.py"))
    want = resources.files("leanbridge.syntax").joinpath("claim.lark").read_text("utf-8")
    assert P._data_text("claim.lark") == want


def test_not_printable_is_its_definition_on_every_code_point() -> None:
    from leanbridge.claims import yamlpos

    definition = re.compile(yamlpos.NOT_PRINTABLE_DEFINITION)
    every = "".join(map(chr, range(0x110000)))
    assert [m.start() for m in yamlpos._NOT_PRINTABLE.finditer(every)] == [
        m.start() for m in definition.finditer(every)
    ]


def test_lazy_pattern_is_the_pattern() -> None:
    lazy = runtime.LazyPattern(runtime._YAML_NON_PRINTABLE)
    eager = re.compile(runtime._YAML_NON_PRINTABLE)
    for text in ["", "abc", "a\x01b", "\ud800x", "ok\ufffe", "\x85\xa0"]:
        assert repr(lazy.search(text)) == repr(eager.search(text))
    assert lazy.pattern == eager.pattern and lazy.flags == eager.flags


_IMPORT_YAML = """
import re, sys
compile_before = re.compile
from leanbridge import runtime
runtime.import_yaml()
import yaml
assert re.compile is compile_before
pattern = yaml.reader.Reader.NON_PRINTABLE
print(type(pattern).__name__, getattr(pattern, "_compiled", None) is None)
for text in ["a: b\\n", "a: b\\x01\\n", "a: \\ufffe\\n"]:
    try:
        print(repr(yaml.load(text, Loader=yaml.BaseLoader)))
    except yaml.YAMLError as e:
        print(type(e).__name__, e)
"""


def test_import_yaml_makes_one_pattern_lazy_and_nothing_else() -> None:
    def run(code: str) -> list[str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        return out.stdout.splitlines()

    lazy = run(_IMPORT_YAML)
    eager = run(_IMPORT_YAML.replace("runtime.import_yaml()", "pass"))
    assert lazy[0] == "LazyPattern True" and eager[0].startswith("Pattern")
    assert lazy[1:] == eager[1:] and "ReaderError" in "".join(lazy)
    # Whoever reads YAML with libyaml (as yamlpos does) leaves the pattern uncompiled.
    assert (
        "LazyPattern"
        in run(
            "from leanbridge.claims import yamlpos\nimport yaml\n"
            "yamlpos.load_yaml('a: 1\\n')\nprint(type(yaml.reader.Reader.NON_PRINTABLE).__name__)"
        )[0]
    )
