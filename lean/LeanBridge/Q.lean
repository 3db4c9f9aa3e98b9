/-!
# LeanBridge.Q: exact rationals for `decide`-checked numeric claims

Everything here is core Lean 4 only (no imports besides the implicit prelude).
Every function is non-recursive or structurally recursive, and all arithmetic
bottoms out in `Nat.add`, `Nat.sub`, `Nat.mul`, `Nat.div`, `Nat.mod`, `Nat.pow`,
`Nat.beq` and `Nat.ble`, which the kernel (and `Meta.whnf`, used by `decide`)
evaluate on literals with GMP. Integers are only inspected by matching on the
constructors `Int.ofNat` / `Int.negSucc`; no core `Int` arithmetic is used, so
the semantics does not depend on how core implements `Int.add`, `Int.div`, ...
See `docs/lean-subset.md` for where each construct was confirmed.
-/

namespace LeanBridge

noncomputable section

-- ---------------------------------------------------------------------------
-- Booleans (own helpers so the library does not depend on the names of the
-- core functions behind `&&`, `||`, `!`)
-- ---------------------------------------------------------------------------

/-- Boolean negation by a plain match. -/
def bnot (b : Bool) : Bool :=
  match b with
  | true => false
  | false => true

/-- Boolean conjunction by a plain match. -/
def band (a b : Bool) : Bool :=
  match a with
  | true => b
  | false => false

/-- Boolean disjunction by a plain match. -/
def bor (a b : Bool) : Bool :=
  match a with
  | true => true
  | false => b

/-- Boolean exclusive or by a plain match. -/
def bxor (a b : Bool) : Bool :=
  match a with
  | true => bnot b
  | false => b

-- ---------------------------------------------------------------------------
-- Integers in sign/magnitude form, using only the two `Int` constructors
-- ---------------------------------------------------------------------------

/-- `true` iff the integer is negative. -/
def Z.isNeg (x : Int) : Bool :=
  match x with
  | Int.ofNat _ => false
  | Int.negSucc _ => true

/-- Absolute value as a natural number. -/
def Z.abs (x : Int) : Nat :=
  match x with
  | Int.ofNat n => n
  | Int.negSucc n => Nat.add n 1

/-- `Z.mk neg m` is `-m` when `neg = true`, else `m`. Zero is always `Int.ofNat 0`. -/
def Z.mk (neg : Bool) (m : Nat) : Int :=
  match neg with
  | false => Int.ofNat m
  | true =>
    match Nat.beq m 0 with
    | true => Int.ofNat 0
    | false => Int.negSucc (Nat.sub m 1)

/-- Negation. -/
def Z.neg (x : Int) : Int := Z.mk (bnot (Z.isNeg x)) (Z.abs x)

/-- `a - b` for natural numbers, as an integer (no truncation). -/
def Z.subNat (a b : Nat) : Int :=
  match Nat.ble b a with
  | true => Int.ofNat (Nat.sub a b)
  | false => Z.mk true (Nat.sub b a)

/-- Addition. -/
def Z.add (x y : Int) : Int :=
  match Z.isNeg x, Z.isNeg y with
  | false, false => Int.ofNat (Nat.add (Z.abs x) (Z.abs y))
  | true, true => Z.mk true (Nat.add (Z.abs x) (Z.abs y))
  | false, true => Z.subNat (Z.abs x) (Z.abs y)
  | true, false => Z.subNat (Z.abs y) (Z.abs x)

/-- Multiplication. -/
def Z.mul (x y : Int) : Int :=
  Z.mk (bxor (Z.isNeg x) (Z.isNeg y)) (Nat.mul (Z.abs x) (Z.abs y))

/-- Multiplication by a natural number. -/
def Z.mulNat (x : Int) (n : Nat) : Int :=
  Z.mk (Z.isNeg x) (Nat.mul (Z.abs x) n)

/-- `x ^ k` for a natural exponent (one `Nat.pow` on the magnitude). -/
def Z.pow (x : Int) (k : Nat) : Int :=
  match Z.isNeg x with
  | false => Int.ofNat (Nat.pow (Z.abs x) k)
  | true => Z.mk (Nat.beq (Nat.mod k 2) 1) (Nat.pow (Z.abs x) k)

/-- Strict order `x < y`. -/
def Z.blt (x y : Int) : Bool :=
  match x, y with
  | Int.ofNat a, Int.ofNat b => bnot (Nat.ble b a)
  | Int.ofNat _, Int.negSucc _ => false
  | Int.negSucc _, Int.ofNat _ => true
  | Int.negSucc a, Int.negSucc b => bnot (Nat.ble a b)

/-- Order `x ≤ y`. -/
def Z.ble (x y : Int) : Bool := bnot (Z.blt y x)

/-- Equality `x = y`. -/
def Z.beq (x y : Int) : Bool :=
  match x, y with
  | Int.ofNat a, Int.ofNat b => Nat.beq a b
  | Int.ofNat _, Int.negSucc _ => false
  | Int.negSucc _, Int.ofNat _ => false
  | Int.negSucc a, Int.negSucc b => Nat.beq a b

-- ---------------------------------------------------------------------------
-- Rationals
-- ---------------------------------------------------------------------------

/-- An exact rational `num / den`.
Invariant (kept by every function in this library): `den > 0`.
Values are NOT normalised; all comparisons cross-multiply, so `⟨2, 4⟩` and
`⟨1, 2⟩` compare equal under `Q.eq`. Use `Q.eq`, never `=`, on `Q` values. -/
structure Q where
  num : Int
  den : Nat

/-- `0`. -/
def Q.zero : Q := ⟨Int.ofNat 0, 1⟩

/-- `1`. -/
def Q.one : Q := ⟨Int.ofNat 1, 1⟩

/-- The integer `n` as a rational `n / 1`. -/
def Q.ofInt (n : Int) : Q := ⟨n, 1⟩

/-- The natural number `n` as a rational `n / 1`. -/
def Q.fromNat (n : Nat) : Q := ⟨Int.ofNat n, 1⟩

/-- Decimal literal: `Q.dec m k = m / 10^k` (79.2 is `Q.dec 792 1`, 5% is `Q.dec 5 2`). -/
def Q.dec (m : Int) (k : Nat) : Q := ⟨m, Nat.pow 10 k⟩

/-- Scientific literal with a non-negative exponent: `Q.sci m k = m * 10^k`. -/
def Q.sci (m : Int) (k : Nat) : Q := ⟨Z.mulNat m (Nat.pow 10 k), 1⟩

/-- Negation. -/
def Q.neg (a : Q) : Q := ⟨Z.neg a.num, a.den⟩

/-- Addition. Equal denominators are kept (sums of same-precision decimals stay
small); otherwise cross-multiply. -/
def Q.add (a b : Q) : Q :=
  match Nat.beq a.den b.den with
  | true => ⟨Z.add a.num b.num, a.den⟩
  | false => ⟨Z.add (Z.mulNat a.num b.den) (Z.mulNat b.num a.den), Nat.mul a.den b.den⟩

/-- Subtraction. -/
def Q.sub (a b : Q) : Q := Q.add a (Q.neg b)

/-- Multiplication. -/
def Q.mul (a b : Q) : Q := ⟨Z.mul a.num b.num, Nat.mul a.den b.den⟩

/-- Division. `a / 0` is `0` (the emitter never emits a division by zero; the
Python oracle raises instead). -/
def Q.div (a b : Q) : Q :=
  match Nat.beq (Z.abs b.num) 0 with
  | true => Q.zero
  | false =>
    ⟨Z.mk (bxor (Z.isNeg a.num) (Z.isNeg b.num)) (Nat.mul (Z.abs a.num) b.den),
     Nat.mul a.den (Z.abs b.num)⟩

/-- Reciprocal; `inv 0 = 0`. -/
def Q.inv (a : Q) : Q :=
  match Nat.beq (Z.abs a.num) 0 with
  | true => Q.zero
  | false => ⟨Z.mk (Z.isNeg a.num) a.den, Z.abs a.num⟩

/-- Absolute value. -/
def Q.abs (a : Q) : Q := ⟨Int.ofNat (Z.abs a.num), a.den⟩

/-- `a ^ k` for a natural exponent (no recursion: one `Nat.pow` per component). -/
def Q.powNat (a : Q) (k : Nat) : Q := ⟨Z.pow a.num k, Nat.pow a.den k⟩

/-- `a ^ n` for an integer exponent; a negative exponent is a power of the
reciprocal. `0 ^ 0 = 1`; `0 ^ (-k) = 0` (Python raises). -/
def Q.powInt (a : Q) (n : Int) : Q :=
  match n with
  | Int.ofNat k => Q.powNat a k
  | Int.negSucc k => Q.powNat (Q.inv a) (Nat.add k 1)

/-- Magnitude of `n / den` rounded to `s` (a power of ten) parts, half up:
`floor((2 * n * s + den) / (2 * den))`. -/
def Q.roundMag (n den s : Nat) : Nat :=
  Nat.div (Nat.add (Nat.mul (Nat.mul 2 n) s) den) (Nat.mul 2 den)

/-- Round to `d` decimals, half AWAY from zero (2.25 → 2.3, -2.25 → -2.3). -/
def Q.round (x : Q) (d : Nat) : Q :=
  ⟨Z.mk (Z.isNeg x.num) (Q.roundMag (Z.abs x.num) x.den (Nat.pow 10 d)), Nat.pow 10 d⟩

/-- Percentage change `(new - old) / old * 100`. -/
def Q.pctChange (old new : Q) : Q :=
  Q.mul (Q.div (Q.sub new old) old) (Q.fromNat 100)

end

end LeanBridge
