"""Start-up shortcuts give what the general way gives."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from leanbridge.syntax import parser as P


@pytest.mark.parametrize("name", ["claim.lark", P.TABLE_FILE, P.DRIVER_FILE])
def test_data_files_read_as_importlib_resources_reads_them(name: str) -> None:
    want = resources.files("leanbridge.syntax").joinpath(name).read_text("utf-8")
    assert P._data_text(name) == want


def test_data_files_fall_back_to_importlib_resources(monkeypatch: pytest.MonkeyPatch) -> None:
    # As in a zip: nothing to read beside the module.
    monkeypatch.setattr(P, "__file__", str(Path(P.__file__).parent / "absent" / "parser.py"))
    want = resources.files("leanbridge.syntax").joinpath("claim.lark").read_text("utf-8")
    assert P._data_text("claim.lark") == want


# --- the parser's self-check, on record in the shipped table -------------------------------


def test_the_self_check_passes_on_the_shipped_table() -> None:
    # What the records in claim_table.json and claim_driver.json stand for, run again here.
    assert P._self_check(P._Driver(P._lark()), P._lark())
    record = P._on_record()
    assert record is not None
    assert P._self_check(P._Driver.recorded(record), P._lark())


def test_the_shipped_table_records_the_check_under_this_python() -> None:
    # Fails after the table was written under another Python: write it again under this
    # one (tests/test_parser_table.py says how), or the check runs at every start.
    assert P._loaded()[1]
    shipped = P._shipped(P._grammar())
    assert shipped is not None and shipped[P.CHECKED] == P._python()
    assert P._on_record() is not None  # the driver is made without lark


def test_the_driver_record_stands_only_for_its_grammar_lark_and_python() -> None:
    head = json.loads(P._data_text(P.DRIVER_FILE))
    grammar, version = P._grammar(), P._lark_version()
    assert P._record_of(head, grammar, version) == head[P.DRIVER]
    assert P._record_of(head, grammar + "\n// changed\n", version) is None
    assert P._record_of(head, grammar, "0.0.0") is None
    assert P._record_of({**head, P.CHECKED: "2.7"}, grammar, version) is None
    assert P._record_of({k: v for k, v in head.items() if k != P.CHECKED}, grammar, version) is None
    assert P._record_of({k: v for k, v in head.items() if k != P.DRIVER}, grammar, version) is None


def test_lark_s_version_is_read_without_importing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import lark

    monkeypatch.delitem(sys.modules, "lark")
    assert P._lark_version() == lark.__version__
    assert "lark" not in sys.modules


def test_a_missing_driver_record_makes_the_driver_from_lark(
    monkeypatch: pytest.MonkeyPatch, fresh_driver: None
) -> None:
    monkeypatch.setattr(P, "DRIVER_FILE", "no_such_file.json")
    assert P._on_record() is None
    driver = P._driver()
    assert driver is not None and not _from_record(driver)


@pytest.fixture
def fresh_driver():
    P._driver.cache_clear()
    yield
    P._driver.cache_clear()


def _from_record(driver: P._Driver) -> bool:
    return all(
        isinstance(a[3], P._RecordedRule)
        for acts in driver.states.values()
        for a in acts.values()
        if a.__class__ is tuple
    )


def _counting_self_check(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    runs: list[bool] = []
    check = P._self_check

    def counted(driver: P._Driver, lark: object) -> bool:
        runs.append(check(driver, lark))  # type: ignore[arg-type]
        return runs[-1]

    monkeypatch.setattr(P, "_self_check", counted)
    return runs


def test_on_record_the_driver_is_used_without_the_trials(
    monkeypatch: pytest.MonkeyPatch, fresh_driver: None
) -> None:
    runs = _counting_self_check(monkeypatch)
    driver = P._driver()
    assert driver is not None and _from_record(driver)
    assert runs == []


@pytest.mark.parametrize("record", [None, "2.7", "3.11.0"])
def test_off_record_the_self_check_runs(
    record: str | None, monkeypatch: pytest.MonkeyPatch, fresh_driver: None
) -> None:
    # The table records another Python, or nothing: the trials run, and decide.
    shipped = P._shipped

    def other(grammar: str) -> dict | None:
        head = shipped(grammar)
        assert head is not None
        head = {k: v for k, v in head.items() if k != P.CHECKED}
        return head if record is None else {**head, P.CHECKED: record}

    monkeypatch.setattr(P, "_shipped", other)
    monkeypatch.setattr(P, "_on_record", lambda: None)  # the driver is made from lark
    P._loaded.cache_clear()
    try:
        runs = _counting_self_check(monkeypatch)
        assert P._driver() is not None
        assert runs == [True]
        P._driver.cache_clear()
        monkeypatch.setattr(P, "_TRIAL_CHECKS", ("x == 1", "x @ 1"))  # one that cannot pass
        assert P._driver() is None
        assert runs == [True, False]
    finally:
        P._loaded.cache_clear()


def test_another_lark_version_runs_the_self_check(
    monkeypatch: pytest.MonkeyPatch, fresh_driver: None
) -> None:
    # The table is lark 1.3.1's: under another version it is not used, nor its record.
    import lark

    monkeypatch.setattr(lark, "__version__", "0.0.0")
    P._loaded.cache_clear()
    try:
        assert P._shipped(P._grammar()) is None
        runs = _counting_self_check(monkeypatch)
        assert P._driver() is not None
        assert runs == [True]
        assert P._lark().source_path != "<deserialized>"
    finally:
        P._loaded.cache_clear()


def test_the_table_is_recorded_only_when_the_check_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    head = json.loads(P.serialized_table(P._grammar()))
    assert head[P.CHECKED] == P._python()
    monkeypatch.setattr(P, "_self_check", lambda driver, lark: False)
    table, driver = P._serialized(P._grammar())
    assert P.CHECKED not in json.loads(table)
    assert P.CHECKED not in json.loads(driver)


# --- what `check` imports -------------------------------------------------------------------

# Modules a text `check` of a valid claim file does not need: other commands (imported by
# cli.LazyGroup when invoked), other formats, the schema (pydantic: only for a file with
# errors), the HTML report (jinja2), lark (the driver is made from its record; lark
# parses only a check outside the language), hashlib (cache keys, shards) and tempfile (a
# spool that spills).  Each costs start-up at every run.
NOT_FOR_CHECK = (
    "lark",
    "hashlib",
    "tempfile",
    "jinja2",
    "pydantic",
    "jsonschema",
    "leanbridge.claims.model",
    "leanbridge.prove",
    "leanbridge.emit",
    "leanbridge.kernel",
    "leanbridge.site",
    "leanbridge.artifact",
    "leanbridge.report",
    "leanbridge.corpus.merge",
    "leanbridge.lint.command",
    "leanbridge.lint.docs",
    "leanbridge.formats.sarif",
    "leanbridge.formats.junit",
    "leanbridge.formats.github",
    "leanbridge.formats.jsondoc",
)

_IMPORTED = """
import atexit, runpy, sys
atexit.register(lambda: print(" ".join(sorted(sys.modules))))
sys.argv = ["leanbridge", "check", "--no-cache", sys.argv[1]]
runpy.run_module("leanbridge", run_name="__main__")
"""


def test_check_imports_only_what_it_needs(tmp_path: Path) -> None:
    claim = tmp_path / "one.yaml"
    claim.write_text(
        'leanbridge: 1\nvalues:\n  a: {value: "1.5", source: "T1"}\n'
        'claims:\n  - id: c\n    source: "T1"\n    check: "a * 2 ~= 3.0"\n',
        "utf-8",
    )
    root = Path(P.__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTED, str(claim)],
        capture_output=True,
        text=True,
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": ""},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    modules = done.stdout.split("\n")[-2].split()
    assert "leanbridge.syntax.parser" in modules  # the check ran
    loaded = [m for m in modules if any(m == n or m.startswith(n + ".") for n in NOT_FOR_CHECK)]
    assert loaded == []
