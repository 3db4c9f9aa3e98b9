"""Numbers from pinned data files: ``values: {x: {data: {file, column|key, row, sha256}}}``.

A data file is what turns a recomputation into a *reproduction*: its numbers are raw
results, not the paper's text.  It is therefore treated as untrusted input:

* the path is relative to the claim file's directory and must stay inside that tree
  (no absolute paths, no ``..`` components, no symlink whose target leaves the tree);
* the file is at most :data:`MAX_DATA_FILE_BYTES` bytes;
* its bytes must have the SHA-256 the claim file pins (checked before anything is parsed);
* numbers are kept exactly as printed (:func:`parse_decimal`), never through ``float``.

CSV: ``column`` names a header; all data rows give a list, ``row: N`` (0-based data row)
gives one number.  Blank lines are skipped.  JSON: ``key`` is a dotted path (``a.b.0.c``:
object keys, and list indices for lists) to a number or a flat list of numbers.

Every problem raises :class:`LeanbridgeError` with a message that names the file; the
loader positions it at the value's ``data:`` key.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from leanbridge import limits
from leanbridge.errors import LeanbridgeError
from leanbridge.semantics.numbers import Decimal, parse_decimal

if TYPE_CHECKING:  # a DataRef is only read here; pydantic loads when the loader needs it
    from leanbridge.claims.model import DataRef

MAX_DATA_FILE_BYTES = limits.MAX_DATA_FILE_BYTES  # module-level so tests can lower it
MAX_JSON_DEPTH = limits.MAX_JSON_DEPTH

_ROW_RE = re.compile(r"\d+")


class _JsonNumber(str):
    """A JSON number token kept as text (distinguishes ``8.7`` from the string ``"8.7"``)."""

    __slots__ = ()


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number leanbridge accepts")


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def resolve_data_path(file: str, base: Path) -> Path:
    """The data file inside ``base``'s tree, or a LeanbridgeError saying why not."""
    if not file or not file.strip():
        raise LeanbridgeError("data `file` is empty")
    if "\\" in file:
        raise LeanbridgeError(f"data file `{file}`: use `/` to separate directories")
    pure = PurePosixPath(file)
    if pure.is_absolute() or re.match(r"^[A-Za-z]:", file):
        raise LeanbridgeError(
            f"data file `{file}` is an absolute path; give a path relative to the claim "
            "file's directory"
        )
    if ".." in pure.parts:
        raise LeanbridgeError(
            f"data file `{file}` contains `..`; data files must be inside the claim "
            "file's directory tree"
        )
    try:
        root = base.resolve()
        target = (root / pure).resolve()
    except (OSError, RuntimeError) as e:  # symlink loops raise RuntimeError on 3.10
        raise LeanbridgeError(f"cannot resolve data file `{file}`: {e}") from None
    if target != root and root not in target.parents:
        raise LeanbridgeError(
            f"data file `{file}` resolves outside the claim file's directory tree "
            "(through a symbolic link); copy the file into the tree instead"
        )
    if not target.exists():
        raise LeanbridgeError(f"data file `{file}` does not exist")
    if not target.is_file():
        raise LeanbridgeError(f"data file `{file}` is not a regular file")
    return target


def read_data_bytes(path: Path, file: str) -> bytes:
    """Read at most MAX_DATA_FILE_BYTES (+1 to detect a larger file)."""
    limit = MAX_DATA_FILE_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            raise LeanbridgeError(f"data file `{file}` is {size} bytes; the limit is {limit}")
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as e:
        raise LeanbridgeError(f"cannot read data file `{file}`: {e.strerror or e}") from None
    if len(raw) > limit:  # grew between stat and read
        raise LeanbridgeError(f"data file `{file}` is larger than the limit of {limit} bytes")
    return raw


def _number(text: str, where: str) -> Decimal:
    try:
        dec = parse_decimal(text)
    except LeanbridgeError as e:
        raise LeanbridgeError(f"{where}: {e.message}") from None
    if dec is None:
        raise LeanbridgeError(f"{where}: {text!r} is not a number")
    return dec


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise LeanbridgeError(f"data file `{file}` is not UTF-8 text (byte {e.start})") from None


def numbers_from_csv(text: str, ref: DataRef) -> tuple[tuple[Decimal, ...], bool]:
    file = ref.file
    if ref.key is not None:
        raise LeanbridgeError(f"`key` is for JSON files; for the CSV file `{file}` use `column`")
    if ref.column is None:
        raise LeanbridgeError(f"CSV data file `{file}` needs `column` (a header name)")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        for fields in reader:
            if not fields:
                continue  # a blank line (a line of empty cells is not blank: it is data)
            rows.append((reader.line_num, fields))
            if len(rows) > limits.MAX_LIST_LENGTH + 1:
                raise LeanbridgeError(
                    f"CSV data file `{file}` has more than {limits.MAX_LIST_LENGTH} rows"
                )
    except csv.Error as e:
        raise LeanbridgeError(f"malformed CSV in `{file}` at line {reader.line_num}: {e}") from None
    if not rows:
        raise LeanbridgeError(f"CSV data file `{file}` is empty (it needs a header row)")
    _, header = rows[0]
    names = [h.strip() for h in header]
    matches = [i for i, h in enumerate(names) if h == ref.column.strip()]
    if not matches:
        shown = ", ".join(f"`{n}`" for n in names)
        raise LeanbridgeError(f"no column `{ref.column}` in `{file}` (its columns: {shown})")
    if len(matches) > 1:
        raise LeanbridgeError(f"column `{ref.column}` appears {len(matches)} times in `{file}`")
    col = matches[0]
    data = rows[1:]
    for line, fields in data:
        if len(fields) != len(header):
            raise LeanbridgeError(
                f"malformed CSV in `{file}` at line {line}: {len(fields)} fields, but the "
                f"header has {len(header)}"
            )
    if not data:
        raise LeanbridgeError(f"CSV data file `{file}` has a header but no data rows")
    if ref.row is not None:
        if not _ROW_RE.fullmatch(ref.row.strip()):
            raise LeanbridgeError(f"`row` must be a data row number (0, 1, ...), not {ref.row!r}")
        index = int(ref.row)
        if index >= len(data):
            raise LeanbridgeError(
                f"`row: {index}` is out of range: `{file}` has {len(data)} data rows (0-based)"
            )
        line, fields = data[index]
        where = f"`{file}` line {line}, column `{ref.column}`"
        return (_number(fields[col].strip(), where),), False
    numbers = tuple(
        _number(fields[col].strip(), f"`{file}` line {line}, column `{ref.column}`")
        for line, fields in data
    )
    return numbers, True


def _json_depth_ok(text: str) -> bool:
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def _json_kind(x: object) -> str:
    if isinstance(x, _JsonNumber):
        return "a number"
    if isinstance(x, str):
        return "a string"
    if isinstance(x, bool):
        return "a boolean"
    if x is None:
        return "null"
    if isinstance(x, list):
        return "a list"
    return "an object"


def numbers_from_json(text: str, ref: DataRef) -> tuple[tuple[Decimal, ...], bool]:
    file = ref.file
    if ref.column is not None or ref.row is not None:
        raise LeanbridgeError(
            f"`column`/`row` are for CSV files; for the JSON file `{file}` use `key`"
        )
    if ref.key is None:
        raise LeanbridgeError(f"JSON data file `{file}` needs `key` (a dotted path like `a.b`)")
    if not _json_depth_ok(text):
        raise LeanbridgeError(f"JSON data file `{file}` is nested deeper than {MAX_JSON_DEPTH}")
    try:
        doc = json.loads(
            text,
            parse_float=_JsonNumber,
            parse_int=_JsonNumber,
            parse_constant=_reject_constant,
            object_pairs_hook=_no_duplicate_keys,
        )
    except json.JSONDecodeError as e:
        raise LeanbridgeError(
            f"malformed JSON in `{file}` at line {e.lineno}, column {e.colno}: {e.msg}"
        ) from None
    except (ValueError, RecursionError) as e:
        raise LeanbridgeError(f"malformed JSON in `{file}`: {e}") from None
    current: object = doc
    walked: list[str] = []
    for part in ref.key.split("."):
        if not part:
            raise LeanbridgeError(f"`key: {ref.key}` has an empty part")
        where = ".".join(walked) or "the top level"
        if isinstance(current, dict):
            if part not in current:
                keys = ", ".join(f"`{k}`" for k in list(current)[:20])
                raise LeanbridgeError(
                    f"`{file}`: no key `{part}` at {where} (keys there: {keys or 'none'})"
                )
            current = current[part]
        elif isinstance(current, list):
            if not part.isdigit() or int(part) >= len(current):
                raise LeanbridgeError(
                    f"`{file}`: `{part}` is not an index of the {len(current)}-item list at {where}"
                )
            current = current[int(part)]
        else:
            raise LeanbridgeError(
                f"`{file}`: {where} is {_json_kind(current)}, it has no key `{part}`"
            )
        walked.append(part)
    where = f"`{file}` key `{ref.key}`"
    if isinstance(current, _JsonNumber):
        return (_number(current, where),), False
    if isinstance(current, list):
        if not current:
            raise LeanbridgeError(f"{where} is an empty list")
        if len(current) > limits.MAX_LIST_LENGTH:
            raise LeanbridgeError(f"{where} has more than {limits.MAX_LIST_LENGTH} items")
        numbers: list[Decimal] = []
        for i, item in enumerate(current):
            if not isinstance(item, _JsonNumber):
                raise LeanbridgeError(
                    f"{where}, item {i}: {_json_kind(item)}, not a number (JSON numbers only; "
                    'a quoted "8.7" is a string)'
                )
            numbers.append(_number(item, f"{where}, item {i}"))
        return tuple(numbers), True
    raise LeanbridgeError(
        f"{where} is {_json_kind(current)}, not a number or a list of numbers"
        + (" (a quoted number is a string)" if isinstance(current, str) else "")
    )


def load_data_numbers(ref: DataRef, base: Path) -> tuple[tuple[Decimal, ...], bool]:
    """(numbers, is_list) for a ``data:`` value; ``base`` is the claim file's directory."""
    path = resolve_data_path(ref.file, base)
    raw = read_data_bytes(path, ref.file)
    actual = hashlib.sha256(raw).hexdigest()
    if actual != ref.sha256:
        raise LeanbridgeError(
            f"sha256 mismatch for data file `{ref.file}`: the claim file pins {ref.sha256}, "
            f"the file has {actual}"
        )
    text = _decode(raw, ref.file)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return numbers_from_csv(text, ref)
    if suffix == ".json":
        return numbers_from_json(text, ref)
    raise LeanbridgeError(
        f"data file `{ref.file}`: unsupported type `{suffix or '(none)'}`; use .csv or .json"
    )
