"""Claim files are untrusted: nothing from them reaches Lean except as a `--` comment.

Every emitted line is either a comment or one of the forms the templates generate, and
every token of generated code is a library name, a `v_`/`claim_` identifier, an integer
literal or an operator.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from emit_lean_model import CONSTANTS, LIBRARY, tokenize
from hypothesis import given, settings
from hypothesis import strategies as st

from leanbridge.claims.loader import CheckLocator, LoadedClaim, LoadedFile
from leanbridge.claims.model import Claim, Paper
from leanbridge.emit import emit_file, emit_module
from leanbridge.emit.comments import comment_lines, sanitize
from leanbridge.emit.names import (
    LEAN_KEYWORDS,
    UnsafeName,
    claim_ident,
    module_name,
    value_ident,
)
from leanbridge.emit.printer import LeanPrinter, NotExpressible
from leanbridge.errors import Pos, Span
from leanbridge.pipeline import evaluate_file
from leanbridge.semantics.numbers import Decimal
from leanbridge.semantics.values import NamedValue
from leanbridge.syntax import ast

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = sorted((HERE / "injection").glob("*.yaml"))

MODULE = r"Claims\.[A-Z][A-Za-z0-9_]*"
CODE_LINES = [
    re.compile(r"import LeanBridge"),
    re.compile(r"open LeanBridge"),
    re.compile(rf"namespace {MODULE}"),
    re.compile(rf"end {MODULE}"),
    re.compile(r"set_option maxRecDepth [1-9][0-9]* in"),
    re.compile(r"set_option exponentiation.threshold [1-9][0-9]* in"),
    re.compile(r"noncomputable def v_[A-Za-z0-9_]+ : (?:Q|List Q) :=(?P<expr> .+)?"),
    re.compile(r" {2,3}(?P<expr>\S.*)"),  # continuation lines of a long list definition
    re.compile(r"theorem claim_[a-z0-9_]+ :"),
    re.compile(r"    Eq \((?P<expr>.+)\) (true|false) := Eq\.refl \2"),
    re.compile(r"#print axioms claim_[a-z0-9_]+"),
]
DECLARATION_WORDS = {
    "axiom", "sorry", "admit", "#eval", "#exit", "#print", "import", "set_option", "theorem",
    "def", "instance", "macro", "macro_rules", "syntax", "elab", "open", "namespace", "end",
    "attribute", "opaque", "unsafe", "partial", "example", "abbrev", "lemma", "notation",
    "infix", "prefix", "run_cmd", "run_tac", "initialize", "implemented_by", "extern",
    "native_decide", "ofReduceBool", "export", "section", "variable", "universe", "mutual",
}  # fmt: skip
_BAD_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def check_module_text(text: str, marker_words: tuple[str, ...] = ()) -> None:
    """The emitted text is only comments and generated code."""
    assert text.endswith("\n") and "\r" not in text
    lines = text.split("\n")[:-1]
    assert lines[0] == "import LeanBridge"
    counts: dict[str, int] = {}
    for n, line in enumerate(lines, 1):
        if line.startswith("--"):
            for ch in line:
                assert unicodedata.category(ch) not in _BAD_CATEGORIES, (n, line)
            assert "/-" not in line and "-/" not in line, (n, line)
            assert len(line) <= 110, (n, line)
            continue
        if line == "":
            continue
        match = next((m for p in CODE_LINES if (m := p.fullmatch(line))), None)
        assert match is not None, f"line {n} is neither a comment nor generated code: {line!r}"
        expr = match.groupdict().get("expr")
        if expr:
            for tok in tokenize(expr):
                if tok[0].isalpha() or tok[0] == "_":
                    assert tok in LIBRARY or tok in CONSTANTS or re.fullmatch(r"v_\w+", tok), (
                        n,
                        tok,
                    )
        assert "--" not in line and "/-" not in line and "-/" not in line, (n, line)
        words = line.split()
        for w in words:
            if w in DECLARATION_WORDS:
                counts[w] = counts.get(w, 0) + 1
                first = words[1] if words[0] == "noncomputable" else words[0]
                assert w == first or (w == "in" and words[0] == "set_option"), (n, line)
        for marker in marker_words:
            assert marker not in line, (n, line)
    assert counts.get("import") == 1 and counts.get("open") == 1
    assert counts.get("namespace") == 1 and counts.get("end") == 1
    assert counts.get("theorem", 0) == counts.get("#print", 0)
    for forbidden in ("axiom", "sorry", "admit", "#eval", "#exit", "macro", "instance"):
        assert forbidden not in counts, forbidden


MARKERS = ("PWNED", "Evil", "evil", "pwned", "Mathlib", "«", "»", "bad")


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_injection_corpus_stays_in_comments(path: Path) -> None:
    module = emit_file(str(path))
    check_module_text(module.text, MARKERS)


@pytest.mark.parametrize("path", [*CORPUS, *sorted((ROOT / "claims").glob("*.yaml"))])
def test_every_golden_input_passes_the_line_check(path: Path) -> None:
    check_module_text(emit_file(str(path)).text)


def test_fixtures_pass_the_line_check() -> None:
    for path in sorted((HERE / "fixtures").glob("*.yaml")):
        check_module_text(emit_file(str(path)).text)


# --- names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    ["x\naxiom", "«evil»", "a b", "", "1abc", "x-y", "x.y", "é", "x\u202e", "a" * 200, None, 3],
)
def test_names_outside_the_whitelist_are_refused(bad: object) -> None:
    with pytest.raises(UnsafeName):
        value_ident(bad)
    with pytest.raises(UnsafeName):
        claim_ident(bad)


def test_keywords_get_a_prefix_and_the_list_lives_in_one_place() -> None:
    assert value_ident("sorry") == "v_sorry" and claim_ident("axiom") == "claim_axiom"
    assert {"axiom", "sorry", "theorem", "def", "end", "import", "Type"} <= LEAN_KEYWORDS
    names_src = (ROOT / "leanbridge/emit/names.py").read_text()
    assert "_COMMAND_KEYWORDS" in names_src
    for other in ("printer.py", "emitter.py", "comments.py", "command.py", "budget.py"):
        assert "noncomputable" not in (ROOT / "leanbridge/emit" / other).read_text(), other


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("rembert_table16", "RembertTable16"),
        ("arithmetic", "Arithmetic"),
        ("2020-results", "File2020Results"),
        ("", "File"),
        ("---", "File"),
        ("type", "FileType"),
        ("claims", "FileClaims"),
        ("x\nimport Evil", "XImportEvil"),
        ("résumé", "RSum"),
        ("a.b.c", "ABC"),
    ],
)
def test_module_names(stem: str, expected: str) -> None:
    assert module_name(stem) == expected


# --- comments --------------------------------------------------------------------------

NASTY = (
    "a\nb\rc\r\nd\u2028e\u2029f\u0085g\x0bh\x0ci\x00j\x1bk\u202el\u2066m\u2069n\u200bo"
    "\ufeffp\ud800q\ue000r\u061cs\u200et-/u/-v\tw"
)


def test_sanitize_removes_every_line_break_and_control() -> None:
    clean = sanitize(NASTY)
    assert clean == "a b c d e f g h i?j?k?l?m?n?o?p?q?r?s?t- /u/ -v w"
    for line in comment_lines(NASTY, "text"):
        assert line.startswith("-- ") and "\n" not in line


def test_comments_are_capped() -> None:
    lines = comment_lines("x" * 10_000, "text")
    assert sum(len(line) for line in lines) < 1000
    assert lines[-1].endswith("...")


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec=None, categories=None), max_size=400), st.text(max_size=50))
def test_any_text_becomes_comment_lines_only(text: str, label: str) -> None:
    for line in comment_lines(text, label):
        assert line.startswith("--")
        assert line == line.split("\n")[0]
        assert "/-" not in line and "-/" not in line
        assert all(unicodedata.category(ch) not in _BAD_CATEGORIES for ch in line)


# --- the emitter re-checks what the loader already checked ----------------------------


def _hand_built(
    claim_id: str, value_name: str, text: str, path: str = "dir/hand_built.yaml"
) -> LoadedFile:
    """A LoadedFile that bypasses the loader's validation entirely."""
    dec = Decimal(15, -1, "1.5")
    value = NamedValue(value_name, (dec,), False, text, "paper", Pos(1, 1))
    check = "x == 1.5"
    tree = ast.Compare(
        Span(0, 8), "==", ast.Name(Span(0, 1), value_name), ast.Number(Span(5, 8), dec)
    )
    claim = Claim.model_construct(
        id=claim_id, text=text, source=text, check=check, expect=None, evidence=None, lint=None
    )
    locator = CheckLocator(Pos(1, 1), (), False, check)
    return LoadedFile(
        path=path,
        text="",
        paper=Paper.model_construct(title=text, doi=text, url=text),
        values={value_name: value},
        claims=[LoadedClaim(0, claim, Pos(1, 1), locator, tree)],
    )


@pytest.mark.parametrize(
    ("claim_id", "value_name"),
    [
        ("ok\naxiom bad : False", "x"),
        ("ok", "x\naxiom bad : False"),
        ("«evil»", "x"),
        ("ok", "«x»"),
        ("ok", "x y"),
        ("a" * 300, "x"),
    ],
)
def test_emitter_refuses_unsafe_ids_and_names(claim_id: str, value_name: str) -> None:
    loaded = _hand_built(claim_id, value_name, "PWNED\n#eval 1\naxiom bad : False")
    module = emit_module(evaluate_file(loaded))
    assert module.theorems == ()
    assert len(module.not_emitted) == 1
    assert "not expressible" in module.not_emitted[0].reason
    check_module_text(module.text, ("PWNED", "bad", "«"))


def test_file_name_reaches_code_only_as_a_whitelisted_module_name() -> None:
    evil = "dir/x\n-/ #eval «1»\u202e axiom.yaml"
    module = emit_module(evaluate_file(_hand_built("ok", "x", "text", path=evil)))
    assert module.module_name == "Eval1Axiom"  # the base name is after the last `/`
    assert module.relative_path == "Claims/Eval1Axiom.lean"
    check_module_text(module.text, ("«", "#eval"))


def test_printer_refuses_unsafe_names_directly() -> None:
    env = {"x y": NamedValue("x y", (Decimal(1, 0, "1"),), False, None)}
    tree = ast.Compare(Span(0, 1), "==", ast.Name(Span(0, 1), "x y"), ast.Name(Span(0, 1), "x y"))
    with pytest.raises(NotExpressible):
        LeanPrinter(env).statement(tree)


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(codec=None, categories=None), max_size=200))
def test_hand_built_file_with_any_free_text(text: str) -> None:
    module = emit_module(evaluate_file(_hand_built("ok", "x", text)))
    assert [t.name for t in module.theorems] == ["claim_ok"]
    check_module_text(module.text)
