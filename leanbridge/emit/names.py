"""Lean identifiers for emitted declarations: generated, whitelisted, never copied blindly.

Every identifier the emitter prints is a fixed prefix (``v_``, ``claim_``) plus a name that
is re-checked here against ``[A-Za-z_][A-Za-z0-9_]*`` (the loader checks ids and value
names too; this module does not rely on it).  Anything else is refused with
:class:`UnsafeName`.  The Lean keywords live in :data:`LEAN_KEYWORDS` and nowhere else.
"""

from __future__ import annotations

import re

#: The whitelist for every identifier component taken from a claim file.
IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: Upper bound on a generated identifier (ids and value names are at most 64 characters).
MAX_IDENT_LENGTH = 128

VALUE_PREFIX = "v_"
CLAIM_PREFIX = "claim_"
REFUTED_SUFFIX = "_refuted"
MODULE_PREFIX = "File"  # module names that would not start with a capital letter
NAMESPACE_ROOT = "Claims"  # emitted modules are `Claims.<Module>` in namespace `Claims.<Module>`

#: Lean 4 keywords and command words (core + the tactic framework).  A generated
#: identifier or module-name component equal to one of these is refused or prefixed.
_TERM_KEYWORDS = """
    at by do else fun from have if in let match mut nomatch nofun return show suffices
    then this with where for unless try catch finally break continue calc using forall
    exists Type Sort Prop sorry admit rfl decide true false True False
"""
_COMMAND_KEYWORDS = """
    abbrev axiom axioms class def deriving example export extends inductive instance
    structure theorem lemma opaque variable universe namespace section end open import
    prelude mutual private protected public noncomputable partial unsafe macro
    macro_rules syntax elab elab_rules notation infix infixl infixr prefix postfix
    attribute set_option local scoped initialize builtin_initialize termination_by
    decreasing_by omit include declare_syntax_cat register_simp_attr nonrec
"""
LEAN_KEYWORDS: frozenset[str] = frozenset(f"{_TERM_KEYWORDS} {_COMMAND_KEYWORDS}".split())


class UnsafeName(ValueError):
    """A name from a claim file that cannot become part of a Lean identifier."""


def _checked(raw: object, what: str) -> str:
    if not isinstance(raw, str) or not IDENT_RE.fullmatch(raw):
        raise UnsafeName(f"{what} is not a plain identifier [A-Za-z_][A-Za-z0-9_]*")
    return raw


def _finish(ident: str, what: str) -> str:
    if len(ident) > MAX_IDENT_LENGTH:
        raise UnsafeName(f"{what} is longer than {MAX_IDENT_LENGTH} characters")
    if ident in LEAN_KEYWORDS or not IDENT_RE.fullmatch(ident):
        raise UnsafeName(f"{what} would be the Lean keyword `{ident}`")
    return ident


def value_ident(name: object) -> str:
    """``xlmr_avg`` -> ``v_xlmr_avg``; refuses anything outside the whitelist."""
    return _finish(VALUE_PREFIX + _checked(name, "value name"), "value name")


def claim_ident(claim_id: object, refuted: bool = False) -> str:
    """``xlmr_avg_task`` -> ``claim_xlmr_avg_task`` (``..._refuted`` for a failing claim)."""
    base = CLAIM_PREFIX + _checked(claim_id, "claim id")
    return _finish(base + (REFUTED_SUFFIX if refuted else ""), "claim id")


_PARTS_RE = re.compile(r"[A-Za-z0-9]+")


def module_name(stem: str) -> str:
    """CamelCase of the ASCII alphanumeric parts of a file stem.

    ``rembert_table16`` -> ``RembertTable16``; a result that is empty, starts with a digit
    or is a keyword gets the fixed prefix ``File``.
    """
    parts = _PARTS_RE.findall(stem)
    name = "".join(p[:1].upper() + p[1:] for p in parts)
    if not name or not name[0].isalpha() or name in LEAN_KEYWORDS or name == NAMESPACE_ROOT:
        name = MODULE_PREFIX + name
    name = name[:MAX_IDENT_LENGTH]
    assert IDENT_RE.fullmatch(name) and name not in LEAN_KEYWORDS
    return name
