import LeanBridge.Q

/-!
# LeanBridge.Lists: statistics over `List Q`

All functions are structurally recursive on the list (no explicit termination proofs).
Empty lists give `0` (`Q.zero`) for `sum`, `mean`, `min`, `max`, `median`;
`var` needs at least 2 elements and `pvar` at least 1, otherwise the result is
`0` (division by zero is `0` in this library). The Python oracle rejects these
inputs, so the emitter never produces them.
-/

namespace LeanBridge

noncomputable section

/-- Length as a natural number. -/
def Q.lenNat (xs : List Q) : Nat :=
  match xs with
  | List.nil => 0
  | List.cons _ rest => Nat.add (Q.lenNat rest) 1

/-- Length as a rational. -/
def Q.len (xs : List Q) : Q := Q.fromNat (Q.lenNat xs)

/-- Sum (`0` for the empty list). -/
def Q.sum (xs : List Q) : Q :=
  match xs with
  | List.nil => Q.zero
  | List.cons x rest => Q.add x (Q.sum rest)

/-- Arithmetic mean `sum / length` (`0` for the empty list). -/
def Q.mean (xs : List Q) : Q := Q.div (Q.sum xs) (Q.len xs)

/-- Minimum of `m` and the elements of the list. -/
def Q.minFrom (m : Q) (xs : List Q) : Q :=
  match xs with
  | List.nil => m
  | List.cons x rest =>
    match Z.blt (Z.mulNat x.num m.den) (Z.mulNat m.num x.den) with
    | true => Q.minFrom x rest
    | false => Q.minFrom m rest

/-- Maximum of `m` and the elements of the list. -/
def Q.maxFrom (m : Q) (xs : List Q) : Q :=
  match xs with
  | List.nil => m
  | List.cons x rest =>
    match Z.blt (Z.mulNat m.num x.den) (Z.mulNat x.num m.den) with
    | true => Q.maxFrom x rest
    | false => Q.maxFrom m rest

/-- Minimum (`0` for the empty list). -/
def Q.min (xs : List Q) : Q :=
  match xs with
  | List.nil => Q.zero
  | List.cons x rest => Q.minFrom x rest

/-- Maximum (`0` for the empty list). -/
def Q.max (xs : List Q) : Q :=
  match xs with
  | List.nil => Q.zero
  | List.cons x rest => Q.maxFrom x rest

/-- Insert `x` into a list sorted ascending (before the first element `≥ x`). -/
def Q.insertSorted (x : Q) (xs : List Q) : List Q :=
  match xs with
  | List.nil => List.cons x List.nil
  | List.cons y rest =>
    match Z.ble (Z.mulNat x.num y.den) (Z.mulNat y.num x.den) with
    | true => List.cons x (List.cons y rest)
    | false => List.cons y (Q.insertSorted x rest)

/-- Insertion sort, ascending (quadratic; fine for the list sizes we emit). -/
def Q.sort (xs : List Q) : List Q :=
  match xs with
  | List.nil => List.nil
  | List.cons x rest => Q.insertSorted x (Q.sort rest)

/-- The element at index `i` (0-based); `0` when out of range. -/
def Q.nth (xs : List Q) (i : Nat) : Q :=
  match xs with
  | List.nil => Q.zero
  | List.cons x rest =>
    match Nat.beq i 0 with
    | true => x
    | false => Q.nth rest (Nat.sub i 1)

/-- Median of an already sorted list of length `n`. -/
def Q.medianSorted (s : List Q) (n : Nat) : Q :=
  match Nat.beq n 0 with
  | true => Q.zero
  | false =>
    match Nat.beq (Nat.mod n 2) 1 with
    | true => Q.nth s (Nat.div n 2)
    | false =>
      Q.div (Q.add (Q.nth s (Nat.sub (Nat.div n 2) 1)) (Q.nth s (Nat.div n 2)))
        (Q.fromNat 2)

/-- Median: middle element of the sorted list, or the mean of the two middle
elements (`0` for the empty list). -/
def Q.median (xs : List Q) : Q := Q.medianSorted (Q.sort xs) (Q.lenNat xs)

/-- Square. -/
def Q.sq (a : Q) : Q := Q.mul a a

/-- `Σ (x - m)^2` over the list. -/
def Q.sqDev (m : Q) (xs : List Q) : Q :=
  match xs with
  | List.nil => Q.zero
  | List.cons x rest => Q.add (Q.sq (Q.sub x m)) (Q.sqDev m rest)

/-- Sample variance `Σ (x - mean)^2 / (n - 1)` (`0` when `n < 2`). -/
def Q.var (xs : List Q) : Q :=
  Q.div (Q.sqDev (Q.mean xs) xs) (Q.fromNat (Nat.sub (Q.lenNat xs) 1))

/-- Population variance `Σ (x - mean)^2 / n` (`0` when `n = 0`). -/
def Q.pvar (xs : List Q) : Q :=
  Q.div (Q.sqDev (Q.mean xs) xs) (Q.len xs)

end

end LeanBridge
