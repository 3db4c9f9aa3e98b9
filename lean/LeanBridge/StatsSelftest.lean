import LeanBridge.Stats

/-!
# LeanBridge.StatsSelftest

GRIM, GRIMMER and DEBIT pinned in both directions (`Eq (b) true` / `Eq (b) false`,
closed by `rfl`); every case agrees with `leanbridge/semantics/granularity.py`
(tests/test_stats_lean.py checks the same cases against the oracle).
-/

namespace LeanBridge.StatsSelftest

noncomputable section

-- GRIM worked by hand (the reasoning of Brown & Heathers 2017): N = 28, mean 5.19 is
-- impossible; 5.18 = 145/28.
theorem grim_519_28 : Eq (Stats.grim (Q.dec 519 2) 28) false := rfl
theorem grim_518_28 : Eq (Stats.grim (Q.dec 518 2) 28) true := rfl
theorem grim_518_28_k : Eq (Stats.grimAt (Q.dec 518 2) 28 145) true := rfl
theorem grim_518_28_not_146 : Eq (Stats.grimAt (Q.dec 518 2) 28 146) false := rfl
-- closed interval: 1/8 = 0.125 prints as 0.12 and as 0.13
theorem grim_012_8 : Eq (Stats.grim (Q.dec 12 2) 8) true := rfl
theorem grim_013_8 : Eq (Stats.grim (Q.dec 13 2) 8) true := rfl
theorem grim_014_8 : Eq (Stats.grim (Q.dec 14 2) 8) false := rfl
-- negative means: -1.25 = -5/4
theorem grim_neg : Eq (Stats.grim (Q.neg (Q.dec 125 2)) 4) true := rfl
theorem grim_neg_k : Eq (Stats.grimAt (Q.neg (Q.dec 125 2)) 4 (Z.neg 5)) true := rfl
-- GRIMMER parity case: n = 3, mean 1.00, SD 0.71 needs Q = 4, but k = 3 is odd
theorem grimmer_parity : Eq (Stats.grimmer (Q.dec 100 2) (Q.dec 71 2) 3) false := rfl
theorem grimmer_ok : Eq (Stats.grimmer (Q.dec 100 2) (Q.dec 100 2) 3) true := rfl
theorem grimmer_grim_fails : Eq (Stats.grimmer (Q.dec 519 2) (Q.dec 150 2) 28) false := rfl
-- DEBIT: 20 ones among 40 give SD 0.506 (0.51), never 0.48
theorem debit_ok : Eq (Stats.debit (Q.dec 50 2) (Q.dec 51 2) 40) true := rfl
theorem debit_bad : Eq (Stats.debit (Q.dec 50 2) (Q.dec 48 2) 40) false := rfl
theorem debit_negative_sd : Eq (Stats.debit (Q.dec 50 2) (Q.neg (Q.dec 51 2)) 40) false := rfl

end

end LeanBridge.StatsSelftest
