"""The streamed `merge` against the former whole-document merge (`merge_oracle.py`, kept
as it was): the same bytes and exit code on real and random shard sets; malformed or hostile
inputs get a MergeError that says where, never a traceback; memory does not grow with the
inputs."""

from __future__ import annotations

import io
import json
import random
import tracemalloc
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import quote

import merge_oracle as oracle
import pytest
from corpus_helpers import CORPUS, run

from leanbridge.corpus import jsonstream
from leanbridge.corpus import merge as merge_module
from leanbridge.corpus.jsonstream import CHUNK, MergeError, Source
from leanbridge.corpus.merge import merge_sources, merge_texts

INPUTS = [*CORPUS, "missing.yaml"]


def same_as_oracle(texts: list[str]) -> tuple[str, int]:
    expected = oracle.merge_texts(texts)
    assert merge_texts(texts) == expected
    return expected


# --- real shard outputs -------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "lint"])
@pytest.mark.parametrize("fmt", ["json", "junit", "sarif"])
@pytest.mark.parametrize("n", [1, 3, 7])
def test_real_shards_as_the_oracle_merges_them(command: str, fmt: str, n: int) -> None:
    parts = [
        run(command, "--format", fmt, "--shard", f"{i}/{n}", *INPUTS)[1] for i in range(1, n + 1)
    ]
    text, _ = same_as_oracle(parts)
    assert text + "\n" == run(command, "--no-cache", "--format", fmt, *INPUTS)[1]
    random.Random(n).shuffle(parts)  # any order of the shards: the places decide
    assert same_as_oracle(parts)[0] == text


# --- random shard sets --------------------------------------------------------------------

NAMES = ["a", "b c", "é/ü", "x%20y", "q?&=", "日本/語", "tab\there", 'q"uote', "<tag>&amp;"]


def rand_text(rng: random.Random) -> str:
    pieces = [*NAMES, "\n", "\\", "\u2028", "\x1b[31m", "", " ", "\U0001f600", "\x7f"]
    return "".join(rng.choice(pieces) for _ in range(rng.randrange(4)))


def rand_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return rng.randrange(-(10**30), 10**30)
    if kind == 1:
        return rng.choice([0.5, -1e300, 1e-7, 3.0, float("inf"), float("nan")])
    if kind == 2:
        return rng.choice([True, False, None])
    if kind in (3, 4, 5):
        return rand_text(rng)
    if kind in (6, 7):
        return {rand_text(rng): rand_value(rng, depth + 1) for _ in range(rng.randrange(4))}
    return [rand_value(rng, depth + 1) for _ in range(rng.randrange(4))]


def rand_files(rng: random.Random, n: int) -> list[str]:
    files = {f"d{rng.randrange(3)}/{rng.choice(NAMES)}{i}.yaml" for i in range(n)}
    return rng.sample(sorted(files), len(files))  # run order: any order of the names


def split(rng: random.Random, files: list[str], inputs: int, n: int) -> list[list[tuple[str, int]]]:
    shards: list[list[tuple[str, int]]] = [[] for _ in range(n)]
    for i, f in enumerate(files):
        shards[rng.randrange(n)].append((f, inputs + i))
    return shards


def entries(rng: random.Random, order: list[tuple[str, int]], most: int) -> list[dict]:
    out = []
    for f, _ in order:
        for _ in range(rng.randrange(most + 1)):
            item = {"file": f, "id": rand_text(rng)}
            item |= {rand_text(rng): rand_value(rng) for _ in range(rng.randrange(3))}
            out.append(item)
    return out


def layout(rng: random.Random, doc: Any) -> str:
    """Mostly our own layout; sometimes another one json.loads reads the same."""
    style = rng.randrange(4)
    if style == 0:
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if style == 1:
        return json.dumps(doc)
    if style == 2:
        return json.dumps(doc, indent="\t", separators=(" ,", " : ")).replace("\n", "\r\n")
    return " \n" + json.dumps(doc, indent=1, ensure_ascii=False) + "\n\n"


def summary(rng: random.Random, check: bool, note: Any) -> dict[str, Any]:
    keys = ["errors", "unexpected", "held", "label", "other"]
    s: dict[str, Any] = {k: rng.randrange(5) for k in keys if k in keys[:2] or rng.random() < 0.6}
    s["note"] = note  # the same kind in every shard (a dict in one, a string in another: no)
    lint = {"input_errors": rng.randrange(3), "errors": rng.randrange(2)}
    lint |= {f"LB00{i}": rng.randrange(4) for i in range(5) if rng.random() < 0.5}
    return s | {"lint": lint} if check else lint | {"labels": {"x": rng.randrange(3)}}


def json_shards(rng: random.Random) -> list[str]:
    check = rng.random() < 0.5
    inputs = rng.randrange(3)
    files = rand_files(rng, rng.randrange(12))
    n = rng.randrange(1, 5)
    input_errors = [{"file": f"missing{i}", "message": rand_text(rng)} for i in range(inputs)]
    note = rng.choice(["x", [1, 2], {"a": 1}, 2.5])
    texts = []
    for i, order in enumerate(split(rng, files, inputs, n)):
        block = {"shard": f"{i + 1}/{n}", "inputs": inputs, "order": [list(p) for p in order]}
        doc: dict[str, Any] = {"version": 1}
        if check:
            doc |= {"claims": entries(rng, order, 3), "lint": entries(rng, order, 1)}
            doc["errors"] = input_errors + entries(rng, order, 1)
        else:
            doc |= {k: entries(rng, order, 2) for k in ("findings", "ignored", "labels")}
            doc["errors"] = input_errors + entries(rng, order, 1)
        doc |= {"summary": summary(rng, check, note), "shard": block}
        texts.append(layout(rng, doc))
    return texts


def sarif_shards(rng: random.Random) -> list[str]:
    inputs = rng.randrange(3)
    files = rand_files(rng, rng.randrange(12))
    n = rng.randrange(1, 5)

    def result(f: str) -> dict[str, Any]:
        uri = quote(f.replace("\\", "/"))
        loc = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": 1}}}
        return {"ruleId": rand_text(rng), "message": {"text": rand_text(rng)}, "locations": [loc]}

    head = [result(f"missing{i}") for i in range(inputs)]
    texts = []
    for i, order in enumerate(split(rng, files, inputs, n)):
        block = {"shard": f"{i + 1}/{n}", "inputs": inputs, "order": [list(p) for p in order]}
        results = head + [result(f) for f, _ in order for _ in range(rng.randrange(3))]
        tool = {"driver": {"name": "leanbridge", "rules": [{"id": "LB001"}, {"id": "x"}]}}
        run_: dict[str, Any] = {"tool": tool, "columnKind": "unicodeCodePoints"}
        run_ |= {"results": results, "properties": {"leanbridge-shard": block}}
        doc = {"$schema": "s", "version": "2.1.0", "runs": [run_]}
        texts.append(layout(rng, doc))
    return texts


def xml_text(rng: random.Random) -> str:
    return rand_text(rng).replace("\x1b", "").replace("\x7f", "")


def junit_shards(rng: random.Random) -> list[str]:
    inputs = rng.randrange(3)
    files = rand_files(rng, rng.randrange(12))
    n = rng.randrange(1, 5)

    def suite(name: str, index: int) -> ET.Element:
        s = ET.Element("testsuite", name=name, tests="0", failures="0", errors="0", id=str(index))
        for c in range(rng.randrange(4)):
            case = ET.SubElement(s, "testcase", name=f"c{c}", classname=name)
            if rng.random() < 0.4:
                ET.SubElement(case, "failure", type="x", message=xml_text(rng)).text = xml_text(rng)
            if rng.random() < 0.3:
                ET.SubElement(case, "error", message=xml_text(rng))
            ET.SubElement(case, "system-out").text = rng.choice(["", "  ", xml_text(rng)])
        s.set("tests", str(len(s)))
        s.set("failures", str(len(s.findall("testcase/failure"))))
        return s

    heads = [suite(f"missing{i}", i) for i in range(inputs)]
    texts = []
    for order in split(rng, files, inputs, n):
        root = ET.Element("testsuites", name="leanbridge check", tests="0")
        root.extend([*heads, *(suite(f, i) for f, i in order)])
        if rng.random() < 0.7:
            ET.indent(root)
        text = ET.tostring(root, encoding="unicode")
        if rng.random() < 0.5:
            text = '<?xml version="1.0" encoding="UTF-8"?>\n' + text
        texts.append(text.replace("\n", "\r\n") if rng.random() < 0.2 else text)
    return texts


@pytest.mark.parametrize("seed", range(60))
@pytest.mark.parametrize("make", [json_shards, sarif_shards, junit_shards])
def test_random_shard_sets_merge_as_the_oracle_merges_them(make: Any, seed: int) -> None:
    rng = random.Random(seed)
    texts = make(rng)
    same_as_oracle(texts)
    rng.shuffle(texts)
    same_as_oracle(texts)


# --- malformed and hostile inputs ---------------------------------------------------------


def refused(texts: list[str], match: str) -> None:
    with pytest.raises(MergeError, match=match):
        merge_texts(texts)


def some_shards() -> dict[str, list[str]]:
    rng = random.Random(7)
    while True:
        texts = {"json": json_shards(rng), "sarif": sarif_shards(rng), "junit": junit_shards(rng)}
        if all(len(t) > 1 and min(map(len, t)) > 400 for t in texts.values()):
            return texts


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit"])
def test_cut_and_mangled_shard_outputs_are_refused_or_merged_as_before(fmt: str) -> None:
    """Every cut and many one-character changes: a MergeError, or the oracle's result."""
    texts = some_shards()[fmt]
    rng = random.Random(fmt)
    good = texts[0]
    for cut in sorted({*rng.sample(range(len(good.rstrip())), 150), len(good.rstrip()) - 1}):
        with pytest.raises(MergeError):
            merge_texts([good[:cut], *texts[1:]])
    for _ in range(300):
        i = rng.randrange(len(good))
        mangled = good[:i] + rng.choice('{}[]",:0a \\<>/="x') + good[i + 1 :]
        try:
            expected = oracle.merge_texts([mangled, *texts[1:]])
        except (MergeError, oracle.MergeError, ValueError, TypeError, AttributeError):
            expected = None  # the oracle refused it (some of its refusals were tracebacks)
        try:
            got = merge_texts([mangled, *texts[1:]])
        except MergeError:
            continue  # refused with a message (the new merge refuses more)
        assert got == expected


SHARD = '"shard": {"shard": "1/1", "inputs": 0, "order": [["a", 0]]}'


def doc(claims: str = "[]", shard: str = SHARD) -> str:
    summary = '{"errors": 0, "unexpected": 0, "lint": {"input_errors": 0, "errors": 0}}'
    head = f'{{"version": 1, "claims": {claims}, "errors": [], "lint": []'
    return f'{head}, "summary": {summary}, {shard}}}'


def test_a_wellformed_minimal_document_merges() -> None:
    text, code = same_as_oracle([doc('[{"file": "a", "x": 1}]')])
    assert code == 0 and '"x": 1' in text


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", r"input 1:1:1: not a JSON object"),
        ("[1]", "not a JSON object"),
        ('{"a": 1} x', "input 1:1:10: extra data"),
        (doc('[{"file": "a"}'), "input 1:1:.*expected ',' or ']'"),
        (doc('[{"file": "b"}]'), "`b`, which its shard's order does not list"),
        (doc('[{"id": 1}]'), "missing 'file'"),
        (doc('[{"file": 3}]'), "file is not a string"),
        (doc('[{"file": "a", "n": ' + "9" * 5000 + "}]"), "input 1:1:.*invalid JSON"),
        (doc("[" * 100 + "]" * 100), "nested more than 64 levels"),
        (doc("[" + '{"a": ' * 100 + "1" + "}" * 100 + "]"), "nested more than 64 levels"),
        (doc(shard='"shard": {"inputs": 0, "order": 3}'), "`order` is not a list"),
        (doc(shard='"shard": {"inputs": 0, "order": [["a"]]}'), "not \\[file, place\\]"),
        (doc(shard='"shard": {"inputs": -1, "order": []}'), "not a count"),
        (doc(shard='"shard": {"inputs": 0, "order": [["a", 2], ["b", 1]]}'), "not in run order"),
        (doc(shard='"x": 1'), "not the output of a --shard run"),
        ('{"runs": [1]}', "first run is not an object"),
        ('{"runs": {}}', "`runs` is not a list"),
        ('{"a": "\\ud800 \x01"}', "input 1:1:.*Invalid control character"),
        ("\ufeff{}", "input 1:1:1: not a JSON object"),
    ],
)
def test_malformed_json_says_where(text: str, match: str) -> None:
    refused([text], match)


def test_a_file_at_two_places_in_different_shards_is_refused() -> None:
    """As the whole-document merge did: one file, one place in the run (JSON and SARIF)."""
    one = doc(shard='"shard": {"shard": "1/2", "inputs": 0, "order": [["a", 0]]}')
    two = doc(shard='"shard": {"shard": "2/2", "inputs": 0, "order": [["a", 1]]}')
    with pytest.raises(oracle.MergeError, match="`a` has two different places"):
        oracle.merge_texts([one, two])
    refused([one, two], "`a` has two different places in the shard outputs")
    sarif = some_shards()["sarif"]
    doubled = json.loads(sarif[0])
    doubled["runs"][0]["properties"]["leanbridge-shard"]["order"] = [["a", 0]]
    other = json.loads(sarif[1])
    other["runs"][0]["properties"]["leanbridge-shard"]["order"] = [["a", 1]]
    refused([json.dumps(doubled), json.dumps(other)], "two different places")


def test_deep_nesting_is_refused_before_the_decoder_recurses() -> None:
    refused([doc("[" * 200_000 + "]" * 200_000)], "nested")
    refused(['{"a": ' * 100 + "1" + "}" * 100], "nested more than 64 levels")


def test_a_huge_value_is_refused_without_being_held(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonstream, "MAX_VALUE", 1 << 16)
    for text in [
        doc('[{"file": "a", "t": "' + "x" * 200_000 + '"}]'),  # one long string
        doc('[{"file": "a", "t": "' + "x" * 200_000),  # and never closed
        doc("[0." + "1" * 200_000 + "]"),  # one long number
        '{"a": "' + "x" * 200_000 + '"}',  # outside the arrays
        '{"a": {' + ", ".join(f'"k{i}": 1' for i in range(20_000)) + "}}",  # many keys
    ]:
        tracemalloc.start()
        try:
            refused([text], "more than 65536 characters")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 2 * len(text) + (2 << 20)  # the input string itself, not a copy more


def test_not_utf8_is_refused() -> None:
    sources = [Source("bad.json", io.BytesIO(b'{"a": "\xff"}'))]
    with pytest.raises(MergeError, match=r"bad\.json: not UTF-8"):
        merge_sources(sources)
    sources = [
        Source("bad.xml", io.BytesIO(b'<?xml version="1.0" encoding="latin-1"?><a>\xff</a>'))
    ]
    with pytest.raises(MergeError, match=r"bad\.xml: not UTF-8"):
        merge_sources(sources)


SUITE = '<testsuite id="{}" tests="0" failures="0" errors="0" name="n"/>'


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("<testsuites>", "not well-formed JUnit XML"),
        ("<a></b>", r"input 1:1:6: not well-formed"),
        (
            '<!DOCTYPE t [<!ENTITY a "xx">]><testsuites><testsuite name="&a;"/></testsuites>',
            "a DOCTYPE declaration",
        ),
        ('<!DOCTYPE t SYSTEM "file:///etc/passwd"><testsuites/>', "a DOCTYPE declaration"),
        ('<testsuites><testsuite id="0" name="&a;"/></testsuites>', "undefined entity"),
        (f"<testsuites>{SUITE.format(1)}junk{SUITE.format(2)}</testsuites>", "text between"),
        (f"<testsuites>{SUITE.format('x')}</testsuites>", "id that is not a number: 'x'"),
        (f"<testsuites>{SUITE.format(2)}{SUITE.format(1)}</testsuites>", "out of order"),
        ('<testsuites><testsuite id="1" tests="many"/></testsuites>', "tests is not a number"),
        (
            '<testsuites xmlns:q="u"><testsuite id="1"><q:x/></testsuite></testsuites>',
            "namespaced",
        ),
        (
            "<testsuites><testsuite>" + "<a>" * 40 + "</a>" * 40 + "</testsuite></testsuites>",
            "nested",
        ),
    ],
)
def test_malformed_junit_is_refused(text: str, match: str) -> None:
    refused([text], match)


def test_a_billion_laughs_is_refused_before_any_expansion() -> None:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    body = '<testsuites><testsuite id="0" name="&l9;"/></testsuites>'
    text = f'<!DOCTYPE t [<!ENTITY l0 "lol">{lol}]>{body}'
    refused([text], "DOCTYPE")


def test_a_huge_suite_is_refused_without_being_held(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonstream, "MAX_VALUE", 1 << 16)
    monkeypatch.setattr(merge_module, "MAX_XML_TOKEN", 1 << 16)
    cases = "".join(f'<testcase name="{i}"/>' for i in range(5000))
    refused(
        [f'<testsuites><testsuite id="0">{cases}</testsuite></testsuites>'], "test suite of more"
    )
    refused(['<testsuites><testsuite id="0" name="' + "x" * 200_000], "a token of more")


def test_mixed_formats_and_nothing_are_refused() -> None:
    refused([doc(), "<testsuites/>"], "input 2:1:1: not a JSON object")
    refused(['{"summary": {}}', '{"runs": []}'], "not all JSON of one command")
    refused([], "nothing to merge")


# --- the command --------------------------------------------------------------------------


def test_merge_over_its_own_input_and_errors_on_stderr(tmp_path: Path) -> None:
    parts = []
    for i in range(1, 3):
        parts.append(tmp_path / f"p{i}.json")
        parts[-1].write_text(run("check", "--format", "json", "--shard", f"{i}/2", *INPUTS)[1])
    expected = oracle.merge_texts([p.read_text() for p in parts])[0] + "\n"
    code, _ = run("merge", *map(str, parts), "-o", str(parts[0]))
    assert code == 2 and parts[0].read_text() == expected  # 2: missing.yaml
    (tmp_path / "bad.json").write_text('{"version": 1,\n  "claims": [}')
    from click.testing import CliRunner

    from leanbridge.cli import cli

    result = CliRunner().invoke(cli, ["merge", str(tmp_path / "bad.json")])
    assert result.exit_code == 2 and result.stdout == ""
    assert f"leanbridge merge: {tmp_path / 'bad.json'}:2:14: invalid JSON" in result.stderr


# --- memory -------------------------------------------------------------------------------


def big_json_shards(tmp_path: Path, files: int, per_file: int, n: int = 4) -> list[Path]:
    paths = []
    for s in range(n):
        order = [[f"papers/p{i:06d}.yaml", i] for i in range(files) if i % n == s]
        claims = [
            {"file": f, "id": f"c{j}", "text": "x" * 80, "values": {"a": j, "b": [1, 2]}}
            for f, _ in order
            for j in range(per_file)
        ]
        d = {
            "version": 1,
            "claims": claims,
            "errors": [],
            "lint": [],
            "summary": {"errors": 0, "unexpected": 0, "lint": {"input_errors": 0, "errors": 0}},
            "shard": {"shard": f"{s + 1}/{n}", "inputs": 0, "order": order},
        }
        paths.append(tmp_path / f"big{files}_{per_file}_{s}.json")
        paths[-1].write_text(json.dumps(d, indent=2))
    return paths


def big_junit_shards(tmp_path: Path, files: int, per_file: int, n: int = 4) -> list[Path]:
    paths = []
    for s in range(n):
        root = ET.Element("testsuites", name="x")
        for i in range(s, files, n):
            suite = ET.SubElement(root, "testsuite", id=str(i), name=f"f{i}", tests=str(per_file))
            for j in range(per_file):
                ET.SubElement(ET.SubElement(suite, "testcase", name=f"c{j}"), "system-out").text = (
                    "y" * 80
                )
        ET.indent(root)
        paths.append(tmp_path / f"big{files}_{per_file}_{s}.xml")
        paths[-1].write_text(ET.tostring(root, encoding="unicode"))
    return paths


class Sink:
    def __init__(self) -> None:
        self.size = 0

    def write(self, text: str) -> None:
        self.size += len(text)


def merge_peak(paths: list[Path]) -> tuple[int, int, int]:
    """(traced peak bytes, input bytes, output characters) of merging ``paths``."""
    with_files = [Source(p.name, p.open("rb")) for p in paths]
    sink = Sink()
    tracemalloc.start()
    try:
        write, _ = merge_sources(with_files)
        write(sink)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        for s in with_files:
            s.close()
    return peak, sum(p.stat().st_size for p in paths), sink.size


def test_memory_does_not_grow_with_the_inputs(tmp_path: Path) -> None:
    """Structural, not timed: the traced peak has a bound that does not depend on the inputs
    (per shard two windows on its file, entries and files, each at most a few CHUNKs at a
    refill) and stays there when the inputs grow 4-fold in entries per file or in files."""
    bound = (512 << 10) + 4 * 2 * 3 * CHUNK
    small = merge_peak(big_json_shards(tmp_path, 80, 50))
    assert small[0] < bound and small[1] > 3 * 4 * CHUNK
    for files, per_file in ((80, 400), (640, 50)):
        peak, size, out = merge_peak(big_json_shards(tmp_path, files, per_file))
        assert size > 7 * small[1] and out > size / 2  # the merge did happen
        assert peak < bound < size / 2


def test_junit_memory_grows_with_one_suite_only(tmp_path: Path) -> None:
    """A JUnit suite (one claim file) is read whole: memory follows the largest suite, not
    the number of suites."""
    small = merge_peak(big_junit_shards(tmp_path, 80, 25))
    assert small[0] < 4 << 20
    peak, size, out = merge_peak(big_junit_shards(tmp_path, 640, 25))
    assert size > 7 * small[1] and out > size / 2
    assert peak < small[0] * 1.25 + (256 << 10)
