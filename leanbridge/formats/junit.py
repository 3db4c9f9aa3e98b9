"""``--format junit``: one test suite per claim file, one test case per claim.

A claim's test case fails when its verdict is not what it expects (``check`` only) or it has
an error-severity lint finding; it is an error when the claim could not be evaluated.
Problems of the file itself are errors of a test case named ``(file)``; missing inputs get a
suite of their own.  Each suite's ``id`` is its place in the whole (unsharded) run, which is
how ``merge`` puts shards back together.  Validated against the Jenkins JUnit XSD in tests.

The root element carries the run's totals, so suites are spooled, each serialized as
``ET.indent`` lays it out at its depth in the whole tree, and written after the root's
start tag when the run ends: the same bytes as indenting and serializing the whole tree.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from leanbridge.corpus.record import FileRecord, Item, Plan, Tally
from leanbridge.formats.stream import Out, Spool

# Characters XML 1.0 cannot carry at all (and CR, which a parser would normalise away).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(s: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", s)


def _element(tag: str, **attrs: str) -> ET.Element:
    return ET.Element(tag, {k: xml_text(v) for k, v in attrs.items()})


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = _element(tag, **attrs)
    parent.append(el)
    if text is not None:
        el.text = xml_text(text)
    return el


def _suite(name: str, index: int) -> ET.Element:
    return _element("testsuite", name=name, tests="0", failures="0", errors="0", id=str(index))


def _count(suite: ET.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suite.set("errors", str(sum(1 for c in cases if c.find("error") is not None)))


def _errors(case: ET.Element, diagnostics: Iterable[Item]) -> None:
    for d in diagnostics:
        _sub(case, "error", d["text"], type="input-error", message=d["json"]["message"])


def _file_suite(r: FileRecord, index: int, verdicts: bool) -> ET.Element:
    suite = _suite(r.file, index)
    by_claim: dict[str, list[Item]] = {}
    for d in r.findings:
        by_claim.setdefault(d["json"]["claim"] or "", []).append(d)
    errors: dict[str, list[Item]] = {}
    for d in r.diagnostics:
        errors.setdefault(d["json"]["claim"] or "", []).append(d)
    ids = {c["json"]["id"] for c in r.claims}
    for c in r.claims:
        j = c["json"]
        case = _sub(suite, "testcase", name=j["id"], classname=r.file)
        if j["verdict"] == "error":
            _errors(case, errors.pop(j["id"], []))
        elif verdicts and not j["as_expected"]:
            _sub(
                case,
                "failure",
                c["text"],
                type=j["verdict"],
                message=f"{j['verdict']}, expected {j['expected']}",
            )
        for d in by_claim.get(j["id"], []):
            if d["json"]["severity"] == "error":
                _sub(
                    case, "failure", d["text"], type=d["json"]["code"], message=d["json"]["message"]
                )
        out = [c["text"]] + [d["text"] for d in by_claim.get(j["id"], [])]
        _sub(case, "system-out", "\n".join(out))
    rest = [d for key, ds in errors.items() for d in ds]
    file_findings = [d for key, ds in by_claim.items() if key not in ids for d in ds]
    if rest or file_findings:
        case = _sub(suite, "testcase", name="(file)", classname=r.file)
        _errors(case, rest)
        for d in file_findings:
            if d["json"]["severity"] == "error":
                _sub(
                    case, "failure", d["text"], type=d["json"]["code"], message=d["json"]["message"]
                )
        if file_findings:
            _sub(case, "system-out", "\n".join(d["text"] for d in file_findings))
    return suite


XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
TOTALS = ("tests", "failures", "errors")


def serialize(root: ET.Element) -> str:
    """A whole tree held in memory (``merge``): totals from its suites, indented."""
    suites = root.findall("testsuite")
    for attr in TOTALS:
        root.set(attr, str(sum(int(s.get(attr, "0")) for s in suites)))
    ET.indent(root)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode")


class Junit:
    def __init__(self, plan: Plan, out: Out, verdicts: bool, name: str) -> None:
        self.out, self.verdicts, self.name = out, verdicts, name
        self.suites = Spool()
        self.totals = dict.fromkeys(TOTALS, 0)
        for i, d in enumerate(plan.errors):
            suite = _suite(d["json"]["file"], i)
            _errors(_sub(suite, "testcase", name="(input)", classname=d["json"]["file"]), [d])
            self._put(suite)

    def _put(self, suite: ET.Element) -> None:
        _count(suite)
        for attr in TOTALS:
            self.totals[attr] += int(suite.get(attr, "0"))
        ET.indent(suite, level=1)  # as ET.indent(root) lays out a suite, tail aside
        self.suites.put("\n  " + ET.tostring(suite, encoding="unicode"))

    def add(self, r: FileRecord, index: int) -> None:
        self._put(_file_suite(r, index, self.verdicts))

    def finish(self, tally: Tally) -> None:
        totals = {k: str(v) for k, v in self.totals.items()}
        root = ET.Element("testsuites", name=self.name, **totals)
        self.out.write(XML_DECLARATION)
        if not self.suites:
            self.out.write(ET.tostring(root, encoding="unicode") + "\n")
            return
        root.text = "\n"
        whole = ET.tostring(root, encoding="unicode")  # <testsuites ...>\n</testsuites>
        self.out.write(whole[: whole.index(">") + 1])
        self.suites.copy_to(self.out)
        self.out.write("\n</testsuites>\n")
