import LeanBridge.Q

/-!
# LeanBridge.Stats: GRIM, GRIMMER and DEBIT as integer searches

A reported mean or SD is a printed decimal `num / den` with `den = 10^d` exactly as
printed (`Q.dec 519 2` for `5.19`; the library never normalises). It stands for the
closed interval `[(2·num − 1) / (2·den), (2·num + 1) / (2·den)]` of values that print
as it. Each test is decided by the same integer search as the Python oracle
(`leanbridge/semantics/granularity.py`), over the candidate totals `k` only, with
every bound written as one `Nat`/`Int` inequality (no division of rationals). The
search is structurally recursive on the number of candidates, which the oracle
bounds (`limits.MAX_GRANULARITY_CANDIDATES`). See `docs/semantics.md`.
-/

namespace LeanBridge

noncomputable section

/-- `ceil(x / d)` for `d > 0`. -/
def Z.ceilDiv (x : Int) (d : Nat) : Int :=
  match x with
  | Int.ofNat a => Int.ofNat (Nat.div (Nat.add a (Nat.sub d 1)) d)
  | Int.negSucc a => Z.mk true (Nat.div (Nat.add a 1) d)

/-- `floor(x / d)` for `d > 0`. -/
def Z.floorDiv (x : Int) (d : Nat) : Int :=
  match x with
  | Int.ofNat a => Int.ofNat (Nat.div a d)
  | Int.negSucc a => Z.mk true (Nat.div (Nat.add a d) d)

/-- `2·x − 1`, the lower end of a printed value's interval in half-units. -/
def Stats.lowHalf (x : Int) : Int := Z.add (Z.mulNat x 2) (Int.negSucc 0)

/-- `2·x + 1`, the upper end of a printed value's interval in half-units. -/
def Stats.highHalf (x : Int) : Int := Z.add (Z.mulNat x 2) (Int.ofNat 1)

/-- The least total `k` with `k / cnt` at or above the lower end of `mean`'s interval. -/
def Stats.firstTotal (mean : Q) (cnt : Nat) : Int :=
  Z.ceilDiv (Z.mulNat (Stats.lowHalf mean.num) cnt) (Nat.mul 2 mean.den)

/-- The greatest total `k` with `k / cnt` at or below the upper end of `mean`'s interval. -/
def Stats.lastTotal (mean : Q) (cnt : Nat) : Int :=
  Z.floorDiv (Z.mulNat (Stats.highHalf mean.num) cnt) (Nat.mul 2 mean.den)

/-- How many totals lie in `first..last` (`0` when `last < first`). -/
def Stats.count (first last : Int) : Nat :=
  match Z.blt last first with
  | true => 0
  | false => Nat.add (Z.abs (Z.add last (Z.neg first))) 1

/-- GRIM witness check: `k / cnt` lies in `mean`'s interval, i.e.
`(2·num − 1)·cnt ≤ 2·den·k ≤ (2·num + 1)·cnt`. -/
def Stats.grimAt (mean : Q) (cnt : Nat) (k : Int) : Bool :=
  band (Z.ble (Z.mulNat (Stats.lowHalf mean.num) cnt) (Z.mulNat k (Nat.mul 2 mean.den)))
    (Z.ble (Z.mulNat k (Nat.mul 2 mean.den)) (Z.mulNat (Stats.highHalf mean.num) cnt))

/-- GRIM: some integer total `k` has `k / cnt` in `mean`'s interval (`cnt = n·items`).
Closed form: the least candidate is a witness iff any is. -/
def Stats.grim (mean : Q) (cnt : Nat) : Bool :=
  Stats.grimAt mean cnt (Stats.firstTotal mean cnt)

/-- The two ends of `sd`'s interval squared, in quarter-units over `den²`:
`lo = max(0, 2·num − 1)²`, `hi = (2·num + 1)²` (both `Nat`; the SD is never negative). -/
def Stats.sdLowSq (sd : Q) : Nat :=
  match Stats.lowHalf sd.num with
  | Int.ofNat a => Nat.mul a a
  | Int.negSucc _ => 0

def Stats.sdHighSq (sd : Q) : Nat := Nat.mul (Z.abs (Stats.highHalf sd.num)) (Z.abs (Stats.highHalf sd.num))

/-- GRIMMER at one total `k`: some `Q ≡ k (mod 2)` with
`n(n−1)·lo ≤ 4·den²·(n·Q − k²) ≤ n(n−1)·hi` (the SD bounds squared, see `sdLowSq`).
The `Q` satisfying the bounds are `qlo..qhi`; one of the two least has `k`'s parity. -/
def Stats.grimmerAt (sd : Q) (n : Nat) (k : Int) : Bool :=
  match Z.isNeg sd.num with
  | true => false
  | false =>
    let scale := Nat.mul (Nat.mul 4 (Nat.mul sd.den sd.den)) n
    let kk := Nat.mul (Nat.mul 4 (Nat.mul sd.den sd.den)) (Nat.mul (Z.abs k) (Z.abs k))
    let nn := Nat.mul n (Nat.sub n 1)
    let qlo := Nat.div (Nat.add (Nat.add kk (Nat.mul nn (Stats.sdLowSq sd))) (Nat.sub scale 1)) scale
    let qhi := Nat.div (Nat.add kk (Nat.mul nn (Stats.sdHighSq sd))) scale
    let q :=
      match Nat.beq (Nat.mod qlo 2) (Nat.mod (Z.abs k) 2) with
      | true => qlo
      | false => Nat.add qlo 1
    Nat.ble q qhi

/-- GRIMMER over `c` candidate totals from `k` upwards. -/
def Stats.grimmerFrom (sd : Q) (n : Nat) (k : Int) (c : Nat) : Bool :=
  match c with
  | Nat.zero => false
  | Nat.succ rest => bor (Stats.grimmerAt sd n k) (Stats.grimmerFrom sd n (Z.add k (Int.ofNat 1)) rest)

/-- GRIMMER: integers `k`, `Q` with `k / n` in `mean`'s interval, `Q ≡ k (mod 2)` and the
sample SD `√((Q − k²/n)/(n − 1))` in `sd`'s interval. -/
def Stats.grimmer (mean sd : Q) (n : Nat) : Bool :=
  Stats.grimmerFrom sd n (Stats.firstTotal mean n)
    (Stats.count (Stats.firstTotal mean n) (Stats.lastTotal mean n))

/-- DEBIT at one count of ones `k` (`0 ≤ k ≤ n`): the sample SD of binary data,
`√(k(n−k) / (n(n−1)))`, in `sd`'s interval:
`n(n−1)·lo ≤ 4·den²·k(n−k) ≤ n(n−1)·hi`. -/
def Stats.debitAt (sd : Q) (n : Nat) (k : Int) : Bool :=
  match Z.isNeg sd.num, k with
  | true, _ => false
  | false, Int.negSucc _ => false
  | false, Int.ofNat j =>
    match Nat.ble j n with
    | false => false
    | true =>
      let v := Nat.mul (Nat.mul 4 (Nat.mul sd.den sd.den)) (Nat.mul j (Nat.sub n j))
      let nn := Nat.mul n (Nat.sub n 1)
      band (Nat.ble (Nat.mul nn (Stats.sdLowSq sd)) v) (Nat.ble v (Nat.mul nn (Stats.sdHighSq sd)))

/-- DEBIT over `c` candidate counts from `k` upwards. -/
def Stats.debitFrom (sd : Q) (n : Nat) (k : Int) (c : Nat) : Bool :=
  match c with
  | Nat.zero => false
  | Nat.succ rest => bor (Stats.debitAt sd n k) (Stats.debitFrom sd n (Z.add k (Int.ofNat 1)) rest)

/-- DEBIT: some `k` in `0..n` with `k / n` in `mean`'s interval and the SD of `k` ones and
`n − k` zeros in `sd`'s interval. -/
def Stats.debit (mean sd : Q) (n : Nat) : Bool :=
  Stats.debitFrom sd n (Stats.firstTotal mean n)
    (Stats.count (Stats.firstTotal mean n) (Stats.lastTotal mean n))

end

end LeanBridge
