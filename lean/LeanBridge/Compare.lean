import LeanBridge.Q

/-!
# LeanBridge.Compare: Bool-valued comparators

Exact comparisons cross-multiply (denominators are positive), so no
normalisation or `gcd` is needed. The square-root comparators decide a
comparison against `√v` without irrational numbers; `v` is the radicand and is
assumed `≥ 0` (the emitter only uses them for `sqrt(E)`, `sd(..)`, `psd(..)`);
the `..Sqrt` comparators take a radicand on both sides.
-/

namespace LeanBridge

noncomputable section

/-- `a = b` (as rationals). -/
def Q.eq (a b : Q) : Bool := Z.beq (Z.mulNat a.num b.den) (Z.mulNat b.num a.den)

/-- `a ≠ b`. -/
def Q.ne (a b : Q) : Bool := bnot (Q.eq a b)

/-- `a < b`. -/
def Q.lt (a b : Q) : Bool := Z.blt (Z.mulNat a.num b.den) (Z.mulNat b.num a.den)

/-- `a ≤ b`. -/
def Q.le (a b : Q) : Bool := Z.ble (Z.mulNat a.num b.den) (Z.mulNat b.num a.den)

/-- `a > b`. -/
def Q.gt (a b : Q) : Bool := Q.lt b a

/-- `a ≥ b`. -/
def Q.ge (a b : Q) : Bool := Q.le b a

/-- `x ~= t`: `2 * |x - t| ≤ unit`, i.e. `x` rounds to the printed number `t`
whose last printed digit has place value `unit` (`x ~= 70.1` is
`Q.approx x (Q.dec 701 1) (Q.dec 1 1)`). Ties (`|x - t| = unit/2`) count as a match. -/
def Q.approx (x t unit : Q) : Bool :=
  Q.le (Q.mul (Q.fromNat 2) (Q.abs (Q.sub x t))) unit

/-- `x == t ± tol`: `|x - t| ≤ tol`. -/
def Q.withinAbs (x t tol : Q) : Bool :=
  Q.le (Q.abs (Q.sub x t)) tol

/-- `x == t ± r` relative: `|x - t| ≤ r * |t|` (for `± 5%` pass `r = Q.dec 5 2`). -/
def Q.withinRel (x t r : Q) : Bool :=
  Q.le (Q.abs (Q.sub x t)) (Q.mul r (Q.abs t))

/-- `√v = r` ⟺ `r ≥ 0 ∧ v = r²`. -/
def Q.sqrtEq (v r : Q) : Bool :=
  band (Q.le Q.zero r) (Q.eq v (Q.mul r r))

/-- `√v ≠ r`. -/
def Q.sqrtNe (v r : Q) : Bool := bnot (Q.sqrtEq v r)

/-- `√v < r` ⟺ `r > 0 ∧ v < r²`. -/
def Q.sqrtLt (v r : Q) : Bool :=
  band (Q.lt Q.zero r) (Q.lt v (Q.mul r r))

/-- `√v ≤ r` ⟺ `r ≥ 0 ∧ v ≤ r²`. -/
def Q.sqrtLe (v r : Q) : Bool :=
  band (Q.le Q.zero r) (Q.le v (Q.mul r r))

/-- `√v > r` ⟺ `r < 0 ∨ v > r²`. -/
def Q.sqrtGt (v r : Q) : Bool :=
  bor (Q.lt r Q.zero) (Q.lt (Q.mul r r) v)

/-- `√v ≥ r` ⟺ `r ≤ 0 ∨ v ≥ r²`. -/
def Q.sqrtGe (v r : Q) : Bool :=
  bor (Q.le r Q.zero) (Q.le (Q.mul r r) v)

/-- `|√v - t| ≤ tol` ⟺ `t - tol ≤ √v ∧ √v ≤ t + tol`. -/
def Q.sqrtWithinAbs (v t tol : Q) : Bool :=
  band (Q.sqrtGe v (Q.sub t tol)) (Q.sqrtLe v (Q.add t tol))

/-- `√v ~= t`: `t - unit/2 ≤ √v ≤ t + unit/2`. -/
def Q.sqrtApprox (v t unit : Q) : Bool :=
  Q.sqrtWithinAbs v t (Q.div unit (Q.fromNat 2))

/-- `|√v - t| ≤ r * |t|`. -/
def Q.sqrtWithinRel (v t r : Q) : Bool :=
  Q.sqrtWithinAbs v t (Q.mul r (Q.abs t))

/-! Square roots on both sides: `v`, `w` are radicands, both `≥ 0`. -/

/-- `√v = √w` ⟺ `v = w` (`√` is strictly increasing on `v, w ≥ 0`). -/
def Q.sqrtEqSqrt (v w : Q) : Bool := Q.eq v w

/-- `√v ≠ √w` ⟺ `v ≠ w`. -/
def Q.sqrtNeSqrt (v w : Q) : Bool := Q.ne v w

/-- `√v < √w` ⟺ `v < w`. -/
def Q.sqrtLtSqrt (v w : Q) : Bool := Q.lt v w

/-- `√v ≤ √w` ⟺ `v ≤ w`. -/
def Q.sqrtLeSqrt (v w : Q) : Bool := Q.le v w

/-- `√v > √w` ⟺ `v > w`. -/
def Q.sqrtGtSqrt (v w : Q) : Bool := Q.gt v w

/-- `√v ≥ √w` ⟺ `v ≥ w`. -/
def Q.sqrtGeSqrt (v w : Q) : Bool := Q.ge v w

/-- `|√v - √w| ≤ √c` (`c ≥ 0`) ⟺ `(√v - √w)² ≤ c` ⟺ `v + w - c ≤ 2√v√w = √(4vw)`. -/
def Q.sqrtDistLe (v w c : Q) : Bool :=
  Q.sqrtGe (Q.mul (Q.fromNat 4) (Q.mul v w)) (Q.sub (Q.add v w) c)

/-- `|√v - √w| ≤ tol` ⟺ `tol ≥ 0 ∧ |√v - √w| ≤ √(tol²)`. -/
def Q.sqrtWithinAbsSqrt (v w tol : Q) : Bool :=
  band (Q.le Q.zero tol) (Q.sqrtDistLe v w (Q.mul tol tol))

/-- `|√v - √w| ≤ r * √w` for `r ≥ 0` (the claim language's tolerance is unsigned):
`r * √w = √(r² w)`. -/
def Q.sqrtWithinRelSqrt (v w r : Q) : Bool :=
  band (Q.le Q.zero r) (Q.sqrtDistLe v w (Q.mul (Q.mul r r) w))

/-- `|x - √w| ≤ r * √w` for a rational `x` and `r ≥ 0`, with `c = r² w`: for `x ≥ 0`,
`x = √(x²)` and it is `sqrtDistLe (x²) w c`; for `x < 0`, `(x - √w)² = x² + w - 2x√w`,
so it holds iff `√(4x²w) ≤ c - x² - w`. -/
def Q.withinRelSqrtTarget (x w r : Q) : Bool :=
  band (Q.le Q.zero r)
    (match Q.le Q.zero x with
     | true => Q.sqrtDistLe (Q.mul x x) w (Q.mul (Q.mul r r) w)
     | false =>
       Q.sqrtLe (Q.mul (Q.fromNat 4) (Q.mul (Q.mul x x) w))
         (Q.sub (Q.sub (Q.mul (Q.mul r r) w) (Q.mul x x)) w))

end

end LeanBridge
