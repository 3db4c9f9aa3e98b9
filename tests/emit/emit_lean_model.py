"""A small model of the emitted Lean subset, for tests only.

``parse_lean`` parses a printed term: the emitter prints only numerals, identifiers,
parentheses and function application (no notation: docs/lean-subset.md), and the model
rejects any other token; ``evaluate_lean`` evaluates the tree with the definitions of
``lean/LeanBridge/*.lean`` (and the prelude's ``List``) transcribed to Python (division
by zero is 0, square-root comparisons by squaring).  Together they check that a printed
term means what the AST means, without needing Lean.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

TOKEN_RE = re.compile(
    r"\s*(?:(?P<int>\d+)|(?P<ident>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"
    r"|(?P<op>[()]))"
)


class LeanSyntaxError(ValueError):
    pass


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if m is None or m.end() == pos:
            raise LeanSyntaxError(f"unexpected text at {pos}: {text[pos : pos + 20]!r}")
        tokens.append(m.group(m.lastgroup or "op"))
        pos = m.end()
    return tokens


@dataclass
class Tree:
    kind: str  # int, ident, app
    value: object = None
    args: tuple[Tree, ...] = ()


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.toks = tokens
        self.i = 0

    def peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, want: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (want is not None and tok != want):
            raise LeanSyntaxError(f"expected {want!r}, got {tok!r}")
        self.i += 1
        return tok

    def starts_atom(self) -> bool:
        tok = self.peek()
        return tok is not None and (tok == "(" or tok[0].isalnum() or tok[0] == "_")

    def expr(self) -> Tree:
        head = self.atom()
        if head.kind == "ident" and self.starts_atom():
            args = []
            while self.starts_atom():
                args.append(self.atom())
            return Tree("app", head.value, tuple(args))
        return head

    def atom(self) -> Tree:
        tok = self.take()
        if tok == "(":
            inner = self.expr()
            self.take(")")
            return inner
        if tok.isdigit():
            return Tree("int", int(tok))
        if tok[0].isalpha() or tok[0] == "_":
            return Tree("ident", tok)
        raise LeanSyntaxError(f"unexpected {tok!r}")


def parse_lean(text: str) -> Tree:
    p = _Parser(tokenize(text))
    tree = p.expr()
    if p.peek() is not None:
        raise LeanSyntaxError(f"trailing {p.peek()!r}")
    return tree


# --- the library, transcribed ---------------------------------------------------------


def _div(a: Fraction, b: Fraction) -> Fraction:
    return Fraction(0) if b == 0 else a / b


def _mean(xs: list[Fraction]) -> Fraction:
    return _div(sum(xs, Fraction(0)), Fraction(len(xs)))


def _median(xs: list[Fraction]) -> Fraction:
    s = sorted(xs)
    n = len(s)
    if n == 0:
        return Fraction(0)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def _sqdev(xs: list[Fraction]) -> Fraction:
    m = _mean(xs)
    return sum(((x - m) ** 2 for x in xs), Fraction(0))


def _round(x: Fraction, d: int) -> Fraction:
    s = 10**d
    n, den = abs(x.numerator), x.denominator
    r = (2 * n * s + den) // (2 * den)
    return Fraction(-r if x < 0 else r, s)


def _pow(x: Fraction, n: int) -> Fraction:
    if n >= 0:
        return x**n
    return Fraction(0) if x == 0 else (1 / x) ** (-n)


def _sqrt_le(v: Fraction, r: Fraction) -> bool:
    return r >= 0 and v <= r * r


def _sqrt_ge(v: Fraction, r: Fraction) -> bool:
    return r <= 0 or r * r <= v


def _sqrt_within(v: Fraction, t: Fraction, tol: Fraction) -> bool:
    return _sqrt_ge(v, t - tol) and _sqrt_le(v, t + tol)


def _bool(f: Callable[..., bool]) -> Callable[..., bool]:
    def checked(*args: object) -> bool:
        assert all(isinstance(a, bool) for a in args), args
        return f(*args)

    return checked


def _cons(x: Fraction, xs: list[Fraction]) -> list[Fraction]:
    assert isinstance(x, Fraction) and isinstance(xs, list), (x, xs)
    return [x, *xs]


def _append(xs: list[Fraction], ys: list[Fraction]) -> list[Fraction]:
    assert isinstance(xs, list) and isinstance(ys, list), (xs, ys)
    return xs + ys


def _sqrt_dist_le(v: Fraction, w: Fraction, c: Fraction) -> bool:
    """``Q.sqrtDistLe``: ``|sqrt(v) - sqrt(w)| <= sqrt(c)``."""
    return _sqrt_ge(4 * v * w, v + w - c)


class Printed(Fraction):
    """A ``Q`` as written (``Q.dec m k``): LeanBridge.Stats reads the printed precision
    from the unnormalised denominator, which a Fraction forgets."""

    num: int
    den: int

    def __new__(cls, num: int, den: int) -> Printed:
        self = super().__new__(cls, num, den)
        self.num, self.den = num, den
        return self


def _neg(a: Fraction) -> Fraction:
    return Printed(-a.num, a.den) if isinstance(a, Printed) else -a


def _ceil_div(x: int, d: int) -> int:
    return -((-x) // d)


def _first_total(mean: Printed, cnt: int) -> int:
    return _ceil_div((2 * mean.num - 1) * cnt, 2 * mean.den)


def _last_total(mean: Printed, cnt: int) -> int:
    return ((2 * mean.num + 1) * cnt) // (2 * mean.den)


def _grim_at(mean: Printed, cnt: int, k: int) -> bool:
    return (2 * mean.num - 1) * cnt <= k * 2 * mean.den <= (2 * mean.num + 1) * cnt


def _sd_squares(sd: Printed) -> tuple[int, int]:
    return max(2 * sd.num - 1, 0) ** 2, (2 * sd.num + 1) ** 2


def _grimmer_at(sd: Printed, n: int, k: int) -> bool:
    if sd.num < 0:
        return False
    lo, hi = _sd_squares(sd)
    scale = 4 * sd.den**2 * n
    kk = 4 * sd.den**2 * k * k
    qlo = _ceil_div(kk + n * (n - 1) * lo, scale)
    qhi = (kk + n * (n - 1) * hi) // scale
    q = qlo if qlo % 2 == abs(k) % 2 else qlo + 1
    return q <= qhi


def _debit_at(sd: Printed, n: int, k: int) -> bool:
    if sd.num < 0 or not 0 <= k <= n:
        return False
    lo, hi = _sd_squares(sd)
    v = 4 * sd.den**2 * k * (n - k)
    return n * (n - 1) * lo <= v <= n * (n - 1) * hi


def _search(at: Callable[[Printed, int, int], bool]) -> Callable[..., bool]:
    def test(mean: Printed, sd: Printed, n: int) -> bool:
        ks = range(_first_total(mean, n), _last_total(mean, n) + 1)
        return any(at(sd, n, k) for k in ks)

    return test


LIBRARY: dict[str, Callable[..., object]] = {
    "Z.neg": lambda n: -n,
    "Q.neg": _neg,
    "Q.add": lambda a, b: a + b,
    "Q.sub": lambda a, b: a - b,
    "Q.mul": lambda a, b: a * b,
    "Q.div": _div,
    "band": _bool(lambda a, b: a and b),
    "bor": _bool(lambda a, b: a or b),
    "bnot": _bool(lambda a: not a),
    "List.cons": _cons,
    "List.append": _append,
    "Q.dec": lambda m, k: Printed(m, 10**k),
    "Q.sci": lambda m, k: Fraction(m * 10**k),
    "Q.ofInt": lambda n: Printed(n, 1),
    "Q.powInt": _pow,
    "Q.abs": abs,
    "Q.round": _round,
    "Q.pctChange": lambda old, new: _div(new - old, old) * 100,
    "Q.sum": lambda xs: sum(xs, Fraction(0)),
    "Q.mean": _mean,
    "Q.median": _median,
    "Q.min": lambda xs: min(xs) if xs else Fraction(0),
    "Q.max": lambda xs: max(xs) if xs else Fraction(0),
    "Q.len": lambda xs: Fraction(len(xs)),
    "Q.var": lambda xs: _div(_sqdev(xs), Fraction(max(len(xs) - 1, 0))),
    "Q.pvar": lambda xs: _div(_sqdev(xs), Fraction(len(xs))),
    "Q.eq": lambda a, b: a == b,
    "Q.ne": lambda a, b: a != b,
    "Q.lt": lambda a, b: a < b,
    "Q.le": lambda a, b: a <= b,
    "Q.gt": lambda a, b: a > b,
    "Q.ge": lambda a, b: a >= b,
    "Q.approx": lambda x, t, u: 2 * abs(x - t) <= u,
    "Q.withinAbs": lambda x, t, tol: abs(x - t) <= tol,
    "Q.withinRel": lambda x, t, r: abs(x - t) <= r * abs(t),
    "Q.sqrtEq": lambda v, r: r >= 0 and v == r * r,
    "Q.sqrtNe": lambda v, r: not (r >= 0 and v == r * r),
    "Q.sqrtLt": lambda v, r: r > 0 and v < r * r,
    "Q.sqrtLe": _sqrt_le,
    "Q.sqrtGt": lambda v, r: r < 0 or r * r < v,
    "Q.sqrtGe": _sqrt_ge,
    "Q.sqrtWithinAbs": _sqrt_within,
    "Q.sqrtApprox": lambda v, t, u: _sqrt_within(v, t, u / 2),
    "Q.sqrtWithinRel": lambda v, t, r: _sqrt_within(v, t, r * abs(t)),
    "Q.sqrtWithinAbsSqrt": lambda v, w, tol: tol >= 0 and _sqrt_dist_le(v, w, tol * tol),
    "Q.sqrtWithinRelSqrt": lambda v, w, r: r >= 0 and _sqrt_dist_le(v, w, r * r * w),
    "Q.withinRelSqrtTarget": lambda x, w, r: (
        r >= 0
        and (
            _sqrt_dist_le(x * x, w, r * r * w)
            if x >= 0
            else _sqrt_le(4 * x * x * w, r * r * w - x * x - w)
        )
    ),
    "Stats.grimAt": _grim_at,
    "Stats.grim": lambda mean, cnt: _grim_at(mean, cnt, _first_total(mean, cnt)),
    "Stats.grimmer": _search(_grimmer_at),
    "Stats.debit": _search(_debit_at),
}
# As in Compare.lean: `Q.sqrtEqSqrt v w` is `Q.eq v w`, and so on for each comparator.
LIBRARY.update(
    {
        f"Q.sqrt{op.capitalize()}Sqrt": LIBRARY[f"Q.{op}"]
        for op in ("eq", "ne", "lt", "le", "gt", "ge")
    }
)


#: Constants (identifiers that are not values of the claim file).
CONSTANTS: dict[str, object] = {"List.nil": []}


def evaluate_lean(tree: Tree, env: Mapping[str, object]) -> object:
    k = tree.kind
    if k == "int":
        return tree.value
    if k == "ident":
        name = str(tree.value)
        if name in CONSTANTS:
            return list(CONSTANTS[name])  # type: ignore[call-overload]
        if name not in env:
            raise LeanSyntaxError(f"unknown identifier {name}")
        return env[name]
    assert k == "app", k
    fn = LIBRARY[str(tree.value)]
    return fn(*(evaluate_lean(t, env) for t in tree.args))
