"""Data files: pinned by SHA-256, confined to the claim file's tree, parsed exactly."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lint_helpers import DATA

from leanbridge.claims import datafile
from leanbridge.claims.datafile import load_data_numbers
from leanbridge.claims.loader import load_claim_file
from leanbridge.claims.model import DataRef
from leanbridge.errors import LeanbridgeError


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def ref(base: Path, file: str, **kw: str) -> DataRef:
    target = base / file
    digest = kw.pop("sha256", None) or (sha(target) if target.is_file() else "0" * 64)
    return DataRef(file=file, sha256=digest, **kw)


def error_of(ref_: DataRef, base: Path) -> str:
    with pytest.raises(LeanbridgeError) as info:
        load_data_numbers(ref_, base)
    return info.value.message


def texts(numbers: tuple) -> list[str]:
    return [d.text for d in numbers]


# --- reading -------------------------------------------------------------------------


def test_csv_column_and_row() -> None:
    nums, is_list = load_data_numbers(ref(DATA, "results/xnli.csv", column="acc"), DATA)
    assert is_list and texts(nums) == ["79.1", "79.4", "79.0"]
    nums, is_list = load_data_numbers(ref(DATA, "results/xnli.csv", column="acc", row="1"), DATA)
    assert not is_list and texts(nums) == ["79.4"]


def test_json_keys_keep_numbers_as_printed() -> None:
    nums, is_list = load_data_numbers(ref(DATA, "results/metrics.json", key="xnli.acc"), DATA)
    assert is_list and texts(nums) == ["79.1", "79.4", "79.0"]
    (best,), is_list = load_data_numbers(ref(DATA, "results/metrics.json", key="xnli.best"), DATA)
    assert not is_list and best.text == "79.40" and best.exponent == -2  # not float 79.4
    (first,), _ = load_data_numbers(ref(DATA, "results/metrics.json", key="xnli.runs.0.acc"), DATA)
    assert first.text == "79.1"


def test_loader_marks_data_origin() -> None:
    loaded = load_claim_file(str(DATA / "reproduction.yaml"))
    assert loaded.diagnostics == []
    assert loaded.values["xnli_runs"].origin == "data"
    assert loaded.values["xnli_reported"].origin == "paper"


@given(
    st.lists(
        st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1e6, max_value=1e6),
        min_size=1,
        max_size=20,
    )
)
def test_csv_numbers_are_exact(values: list) -> None:
    printed = [str(v) for v in values]
    text = "acc\n" + "".join(f"{p}\n" for p in printed)
    nums, is_list = datafile.numbers_from_csv(
        text, DataRef(file="x.csv", column="acc", sha256="0" * 64)
    )
    assert is_list and texts(nums) == printed
    assert [d.value for d in nums] == [__import__("fractions").Fraction(v) for v in values]


# --- pinning and confinement ---------------------------------------------------------


def test_hash_mismatch_states_both_hashes(tmp_path: Path) -> None:
    f = write(tmp_path / "r.csv", "acc\n1.5\n")
    pinned = "a" * 64
    message = error_of(DataRef(file="r.csv", column="acc", sha256=pinned), tmp_path)
    assert "sha256 mismatch" in message
    assert pinned in message and sha(f) in message


def test_dotdot_escape_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "outside.csv", "acc\n1\n")
    base = tmp_path / "claims"
    base.mkdir()
    message = error_of(ref(tmp_path, "../outside.csv", column="acc"), base)
    assert "contains `..`" in message
    message = error_of(ref(base, "sub/../../outside.csv", column="acc"), base)
    assert "contains `..`" in message


def test_absolute_path_is_refused(tmp_path: Path) -> None:
    f = write(tmp_path / "r.csv", "acc\n1\n")
    message = error_of(DataRef(file=str(f), column="acc", sha256=sha(f)), tmp_path)
    assert "absolute path" in message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_symlink_leaving_the_tree_is_refused(tmp_path: Path) -> None:
    outside = write(tmp_path / "secret" / "r.csv", "acc\n1\n")
    base = tmp_path / "claims"
    base.mkdir()
    (base / "link.csv").symlink_to(outside)
    (base / "linkdir").symlink_to(outside.parent, target_is_directory=True)
    for name in ("link.csv", "linkdir/r.csv"):
        message = error_of(DataRef(file=name, column="acc", sha256=sha(outside)), base)
        assert "outside the claim file's directory tree" in message, name


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_symlink_inside_the_tree_is_fine(tmp_path: Path) -> None:
    real = write(tmp_path / "data" / "r.csv", "acc\n1.25\n")
    (tmp_path / "alias.csv").symlink_to(real)
    nums, _ = load_data_numbers(DataRef(file="alias.csv", column="acc", sha256=sha(real)), tmp_path)
    assert texts(nums) == ["1.25"]


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "r.csv", "acc\n" + "1\n" * 50)
    monkeypatch.setattr(datafile, "MAX_DATA_FILE_BYTES", 64)
    message = error_of(ref(tmp_path, "r.csv", column="acc"), tmp_path)
    assert "bytes; the limit is 64" in message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert "does not exist" in error_of(ref(tmp_path, "nope.csv", column="a"), tmp_path)
    (tmp_path / "d.csv").mkdir()
    assert "not a regular file" in error_of(ref(tmp_path, "d.csv", column="a"), tmp_path)


# --- malformed content ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kw", "expected"),
    [
        ("acc,f1\n1.5,2\n2.5\n", {"column": "acc"}, "line 3: 1 fields, but the header has 2"),
        ('acc\n"1.5\n', {"column": "acc"}, "malformed CSV"),
        (
            "acc,f1\n1.5,2\n",
            {"column": "bleu"},
            "no column `bleu` in `r.csv` (its columns: `acc`, `f1`)",
        ),
        ("acc\n1.5\nabc\n", {"column": "acc"}, "line 3, column `acc`: 'abc' is not a number"),
        ("acc\n1.5\n\n", {"column": "acc", "row": "0"}, None),
        ("acc,f1\n1.5,2\n,\n", {"column": "acc"}, "line 3, column `acc`: '' is not a number"),
        ("acc\n1.5\n", {"column": "acc", "row": "3"}, "`row: 3` is out of range"),
        ("acc\n1.5\n", {"column": "acc", "row": "first"}, "`row` must be a data row number"),
        ("acc\n", {"column": "acc"}, "no data rows"),
        ("", {"column": "acc"}, "is empty"),
        ("acc,acc\n1,2\n", {"column": "acc"}, "appears 2 times"),
        ("acc\n1.5\n", {"key": "acc"}, "`key` is for JSON files"),
        ("acc\n1.5\n", {}, "needs `column`"),
    ],
)
def test_csv_errors(tmp_path: Path, content: str, kw: dict, expected: str | None) -> None:
    write(tmp_path / "r.csv", content)
    if expected is None:  # a blank line is skipped
        assert texts(load_data_numbers(ref(tmp_path, "r.csv", **kw), tmp_path)[0]) == ["1.5"]
        return
    assert expected in error_of(ref(tmp_path, "r.csv", **kw), tmp_path)


@pytest.mark.parametrize(
    ("content", "key", "expected"),
    [
        ('{"a": {"b": 1.5}}', "a.c", "no key `c` at a (keys there: `b`)"),
        ('{"a": 1.5}', "a.b", "a is a number, it has no key `b`"),
        ('{"a": "1.5"}', "a", "is a string, not a number or a list of numbers"),
        ('{"a": [1.5, "2"]}', "a", "item 1: a string, not a number"),
        ('{"a": [1.5, [2]]}', "a", "item 1: a list, not a number"),
        ('{"a": true}', "a", "is a boolean"),
        ('{"a": {"b": 1}}', "a", "is an object"),
        ('{"a": []}', "a", "is an empty list"),
        ('{"a": [1, 2]}', "a.5", "not an index of the 2-item list"),
        ('{"a": NaN}', "a", "malformed JSON"),
        ('{"a": 1.5,}', "a", "malformed JSON in `r.json` at line 1"),
        ('{"a": 1, "a": 2}', "a", "duplicate key 'a'"),
        ('{"a": 1e500}', "a", "exponent 500 is beyond the limit"),
        ('{"a": 1}', "a..b", "has an empty part"),
        ("[" * 100 + "]" * 100, "0", "nested deeper than"),
    ],
)
def test_json_errors(tmp_path: Path, content: str, key: str, expected: str) -> None:
    write(tmp_path / "r.json", content)
    assert expected in error_of(ref(tmp_path, "r.json", key=key), tmp_path)


def test_json_needs_key_and_refuses_column(tmp_path: Path) -> None:
    write(tmp_path / "r.json", '{"a": 1}')
    assert "needs `key`" in error_of(ref(tmp_path, "r.json"), tmp_path)
    assert "use `key`" in error_of(ref(tmp_path, "r.json", column="a"), tmp_path)


def test_unsupported_type_and_encoding(tmp_path: Path) -> None:
    write(tmp_path / "r.txt", "1.5\n")
    assert "unsupported type `.txt`" in error_of(ref(tmp_path, "r.txt", column="a"), tmp_path)
    write(tmp_path / "l.csv", b"acc\n\xff\n")
    assert "not UTF-8" in error_of(ref(tmp_path, "l.csv", column="acc"), tmp_path)


def test_loader_positions_data_errors_at_the_data_key(tmp_path: Path) -> None:
    write(tmp_path / "r.csv", "acc\n1.5\n")
    claim = write(
        tmp_path / "c.yaml",
        "leanbridge: 1\nvalues:\n  runs:\n    data: {file: r.csv, column: acc, sha256: "
        + "b" * 64
        + "}\n    source: runs\nclaims:\n  - {id: a, source: s, check: 'mean(runs) > 1'}\n",
    )
    loaded = load_claim_file(str(claim))
    (d,) = loaded.diagnostics
    assert d.pos is not None and (d.pos.line, d.pos.col) == (4, 11)
    assert d.message.startswith("value `runs`: sha256 mismatch for data file `r.csv`")
