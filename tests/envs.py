"""Test helper: a name -> NamedValue environment from numbers written as text."""

from __future__ import annotations

from collections.abc import Mapping

from leanbridge.semantics.numbers import parse_decimal
from leanbridge.semantics.values import NamedValue


def make_env(raw: Mapping[str, str | list[str]]) -> dict[str, NamedValue]:
    env = {}
    for name, v in raw.items():
        items = v if isinstance(v, list) else [v]
        decs = tuple(parse_decimal(i) for i in items)
        env[name] = NamedValue(name, decs, isinstance(v, list), None)  # type: ignore[arg-type]
    return env
