import LeanBridge.Q
import LeanBridge.Lists
import LeanBridge.Compare

/-!
# LeanBridge.Selftest

Facts that pin the semantics down, in both directions: each true fact is
stated as `(b) = true` and each false one as `(b) = false`, both closed by
`decide`, exactly the shape the emitter prints. Every value was cross-checked
against Python's `fractions.Fraction`.
-/

namespace LeanBridge.Selftest

-- values in the shape the emitter prints them
def v_a : Q := Q.dec 792 1
def v_l : List Q := [Q.dec 766 1, Q.dec 716 1]

-- mean / sum / min / max
theorem mean_123 : (Q.eq (Q.mean [Q.ofInt 1, Q.ofInt 2, Q.ofInt 3]) (Q.ofInt 2)) = true := by decide
theorem mean_123_not_3 : (Q.eq (Q.mean [Q.ofInt 1, Q.ofInt 2, Q.ofInt 3]) (Q.ofInt 3)) = false := by decide
theorem sum_01_02 : (Q.eq (Q.sum [Q.dec 1 1, Q.dec 2 1]) (Q.dec 3 1)) = true := by decide
theorem min_3 : (Q.eq (Q.min [Q.dec 35 1, Q.dec (-12) 1, Q.ofInt 7]) (Q.dec (-12) 1)) = true := by decide
theorem max_3 : (Q.eq (Q.max [Q.dec 35 1, Q.dec (-12) 1, Q.ofInt 7]) (Q.ofInt 7)) = true := by decide
theorem mean_empty : (Q.eq (Q.mean []) Q.zero) = true := by decide
theorem mean_defs : (Q.eq (Q.mean (v_l ++ [v_a])) (Q.dec 758 1)) = true := by decide
theorem len_defs : (Q.eq (Q.len (v_l ++ v_l)) (Q.ofInt 4)) = true := by decide

-- approx (`~=`): 2 * |x - t| ≤ unit
theorem approx_70_1 : (Q.approx (Q.dec 70136 3) (Q.dec 701 1) (Q.dec 1 1)) = true := by decide
theorem approx_70_2 : (Q.approx (Q.dec 70136 3) (Q.dec 702 1) (Q.dec 1 1)) = false := by decide
theorem approx_tie : (Q.approx (Q.dec 7015 2) (Q.dec 701 1) (Q.dec 1 1)) = true := by decide
theorem approx_pct : (Q.approx (Q.dec 504 4) (Q.dec 5 2) (Q.dec 1 2)) = true := by decide

-- products
theorem kib_512 : (Q.eq (Q.mul (Q.ofInt 512) (Q.ofInt 1024)) (Q.ofInt 393216)) = false := by decide
theorem kib_384 : (Q.eq (Q.mul (Q.ofInt 384) (Q.ofInt 1024)) (Q.ofInt 393216)) = true := by decide

-- round, half away from zero
theorem round_2_25 : (Q.eq (Q.round (Q.dec 225 2) 1) (Q.dec 23 1)) = true := by decide
theorem round_neg_2_25 : (Q.eq (Q.round (Q.dec (-225) 2) 1) (Q.dec (-23) 1)) = true := by decide
theorem round_0_125 : (Q.eq (Q.round (Q.dec 125 3) 2) (Q.dec 13 2)) = true := by decide
theorem round_2_24 : (Q.eq (Q.round (Q.dec 224 2) 1) (Q.dec 23 1)) = false := by decide
theorem round_neg_small : (Q.eq (Q.round (Q.dec (-4) 2) 1) Q.zero) = true := by decide

-- median, var, pvar
theorem median_312 : (Q.eq (Q.median [Q.ofInt 3, Q.ofInt 1, Q.ofInt 2]) (Q.ofInt 2)) = true := by decide
theorem median_4132 : (Q.eq (Q.median [Q.ofInt 4, Q.ofInt 1, Q.ofInt 3, Q.ofInt 2]) (Q.dec 25 1)) = true := by decide
theorem median_dup : (Q.eq (Q.median [Q.ofInt 5, Q.ofInt 1, Q.ofInt 5, Q.ofInt 1]) (Q.ofInt 3)) = true := by decide
theorem var_1234 : (Q.eq (Q.var [Q.ofInt 1, Q.ofInt 2, Q.ofInt 3, Q.ofInt 4]) (Q.div (Q.ofInt 5) (Q.ofInt 3))) = true := by decide
theorem pvar_1234 : (Q.eq (Q.pvar [Q.ofInt 1, Q.ofInt 2, Q.ofInt 3, Q.ofInt 4]) (Q.dec 125 2)) = true := by decide
theorem var_ne_pvar : (Q.eq (Q.var [Q.ofInt 1, Q.ofInt 2, Q.ofInt 3, Q.ofInt 4]) (Q.dec 125 2)) = false := by decide

-- square roots without irrationals
theorem sqrtLe_2_14143 : (Q.sqrtLe (Q.ofInt 2) (Q.dec 14143 4)) = true := by decide
theorem sqrtLe_2_14142 : (Q.sqrtLe (Q.ofInt 2) (Q.dec 14142 4)) = false := by decide
theorem sqrtGt_2_14142 : (Q.sqrtGt (Q.ofInt 2) (Q.dec 14142 4)) = true := by decide
theorem sqrtLt_2_14142 : (Q.sqrtLt (Q.ofInt 2) (Q.dec 14142 4)) = false := by decide
theorem sqrtGe_neg : (Q.sqrtGe (Q.ofInt 2) (Q.ofInt (-5))) = true := by decide
theorem sqrtEq_1_5 : (Q.sqrtEq (Q.dec 225 2) (Q.dec 15 1)) = true := by decide
theorem sqrtEq_neg_1_5 : (Q.sqrtEq (Q.dec 225 2) (Q.dec (-15) 1)) = false := by decide
theorem sqrtApprox_1_41 : (Q.sqrtApprox (Q.ofInt 2) (Q.dec 141 2) (Q.dec 1 2)) = true := by decide
theorem sqrtApprox_1_42 : (Q.sqrtApprox (Q.ofInt 2) (Q.dec 142 2) (Q.dec 1 2)) = false := by decide
theorem sqrtWithinRel_1_4 : (Q.sqrtWithinRel (Q.ofInt 2) (Q.dec 14 1) (Q.dec 2 2)) = true := by decide
theorem psd_is_2 : (Q.sqrtEq (Q.pvar [Q.ofInt 2, Q.ofInt 4, Q.ofInt 4, Q.ofInt 4, Q.ofInt 5, Q.ofInt 5, Q.ofInt 7, Q.ofInt 9]) (Q.ofInt 2)) = true := by decide

-- square roots on both sides: radicands compared; distances squared
theorem sqrtLtSqrt_2_3 : (Q.sqrtLtSqrt (Q.ofInt 2) (Q.ofInt 3)) = true := by decide
theorem sqrtLtSqrt_3_2 : (Q.sqrtLtSqrt (Q.ofInt 3) (Q.ofInt 2)) = false := by decide
theorem sqrtLeSqrt_3_2 : (Q.sqrtLeSqrt (Q.ofInt 3) (Q.ofInt 2)) = false := by decide
theorem sqrtGeSqrt_2_2 : (Q.sqrtGeSqrt (Q.ofInt 2) (Q.ofInt 2)) = true := by decide
theorem sqrtGtSqrt_2_2 : (Q.sqrtGtSqrt (Q.ofInt 2) (Q.ofInt 2)) = false := by decide
theorem sqrtEqSqrt_2_25 : (Q.sqrtEqSqrt (Q.dec 225 2) (Q.div (Q.ofInt 9) (Q.ofInt 4))) = true := by decide
theorem sqrtNeSqrt_2_25 : (Q.sqrtNeSqrt (Q.dec 225 2) (Q.div (Q.ofInt 9) (Q.ofInt 4))) = false := by decide
theorem sd_is_sqrt_5_3 : (Q.sqrtEqSqrt (Q.var [Q.ofInt 1, Q.ofInt 2, Q.ofInt 3, Q.ofInt 4]) (Q.div (Q.ofInt 5) (Q.ofInt 3))) = true := by decide
theorem sqrtWithinAbsSqrt_3179 : (Q.sqrtWithinAbsSqrt (Q.ofInt 2) (Q.ofInt 3) (Q.dec 3179 4)) = true := by decide
theorem sqrtWithinAbsSqrt_3178 : (Q.sqrtWithinAbsSqrt (Q.ofInt 2) (Q.ofInt 3) (Q.dec 3178 4)) = false := by decide
theorem sqrtWithinAbsSqrt_tie : (Q.sqrtWithinAbsSqrt (Q.ofInt 4) (Q.ofInt 1) (Q.ofInt 1)) = true := by decide
theorem sqrtWithinRelSqrt_1836 : (Q.sqrtWithinRelSqrt (Q.ofInt 2) (Q.ofInt 3) (Q.dec 1836 4)) = true := by decide
theorem sqrtWithinRelSqrt_1835 : (Q.sqrtWithinRelSqrt (Q.ofInt 2) (Q.ofInt 3) (Q.dec 1835 4)) = false := by decide
theorem withinRelSqrtTarget_607 : (Q.withinRelSqrtTarget (Q.dec 15 1) (Q.ofInt 2) (Q.dec 607 4)) = true := by decide
theorem withinRelSqrtTarget_606 : (Q.withinRelSqrtTarget (Q.dec 15 1) (Q.ofInt 2) (Q.dec 606 4)) = false := by decide
theorem withinRelSqrtTarget_neg_242 : (Q.withinRelSqrtTarget (Q.ofInt (-1)) (Q.ofInt 2) (Q.dec 242 2)) = true := by decide
theorem withinRelSqrtTarget_neg_170 : (Q.withinRelSqrtTarget (Q.ofInt (-1)) (Q.ofInt 2) (Q.dec 170 2)) = false := by decide

-- tolerances
theorem withinRel_104 : (Q.withinRel (Q.ofInt 104) (Q.ofInt 100) (Q.dec 5 2)) = true := by decide
theorem withinRel_106 : (Q.withinRel (Q.ofInt 106) (Q.ofInt 100) (Q.dec 5 2)) = false := by decide
theorem withinAbs_10_4 : (Q.withinAbs (Q.dec 104 1) (Q.ofInt 10) (Q.dec 5 1)) = true := by decide
theorem withinAbs_10_6 : (Q.withinAbs (Q.dec 106 1) (Q.ofInt 10) (Q.dec 5 1)) = false := by decide

-- pct_change and powers
theorem pct_50_75 : (Q.eq (Q.pctChange (Q.ofInt 50) (Q.ofInt 75)) (Q.ofInt 50)) = true := by decide
theorem pct_80_60 : (Q.eq (Q.pctChange (Q.ofInt 80) (Q.ofInt 60)) (Q.ofInt (-25))) = true := by decide
theorem pow_2_neg2 : (Q.eq (Q.powInt (Q.ofInt 2) (-2)) (Q.dec 25 2)) = true := by decide
theorem pow_neg3_3 : (Q.eq (Q.powInt (Q.ofInt (-3)) 3) (Q.ofInt (-27))) = true := by decide
theorem pow_neg12_neg2 : (Q.eq (Q.powInt (Q.dec (-12) 1) (-2)) (Q.div (Q.ofInt 25) (Q.ofInt 36))) = true := by decide

-- literals, operators and Bool connectives
theorem neg_literal : (Q.lt (Q.dec (-32) 1) (Q.ofInt (-3))) = true := by decide
theorem sci_literal : (Q.eq (Q.sci 15 3) (Q.ofInt 15000)) = true := by decide
theorem dec_small : (Q.eq (Q.dec 15 4) (Q.div (Q.ofInt 15) (Q.ofInt 10000))) = true := by decide
theorem dec_unnormalised : (Q.eq (Q.dec 1 1) (Q.dec 10 2)) = true := by decide
theorem third_times_3 : (Q.eq (Q.mul (Q.div (Q.ofInt 1) (Q.ofInt 3)) (Q.ofInt 3)) (Q.ofInt 1)) = true := by decide
theorem ops_add_mul : (Q.eq (Q.ofInt 1 + Q.ofInt 2 * Q.ofInt 3) (Q.ofInt 7)) = true := by decide
theorem ops_neg_div : (Q.eq ((-(Q.ofInt 7)) / (Q.ofInt 2)) (Q.dec (-35) 1)) = true := by decide
theorem ops_sub : (Q.eq (v_a - Q.dec 2 1) (Q.ofInt 79)) = true := by decide
theorem bool_ops : ((Q.lt (Q.ofInt 1) (Q.ofInt 2) && !(Q.gt (Q.ofInt 1) (Q.ofInt 2))) || false) = true := by decide
theorem bool_ops_false : (Q.ne (Q.dec 1 1) (Q.dec 10 2) || Q.ge (Q.ofInt 1) (Q.ofInt 2)) = false := by decide

-- operator precedence exactly as the emitter prints it (`prefix:75 "-"`, `infixl:65 " - "`,
-- `infixl:35 " && "`, `infixl:30 " || "` in core `Init/Notation.lean`); each would fail
-- if Lean grouped the term differently
theorem prec_neg_add : (Q.eq (-v_a + Q.ofInt 100) (Q.dec 208 1)) = true := by decide
theorem prec_neg_mul : (Q.eq (-v_a * Q.ofInt 2) (Q.dec (-1584) 1)) = true := by decide
theorem prec_sub_neg : (Q.eq (Q.ofInt 1 - -v_a) (Q.dec 802 1)) = true := by decide
theorem prec_or_and : (Q.lt (Q.ofInt 1) (Q.ofInt 2) || Q.lt (Q.ofInt 2) (Q.ofInt 1) && Q.lt (Q.ofInt 2) (Q.ofInt 1)) = true := by decide

-- a longer list, with the recursion-depth option the emitter should print
set_option maxRecDepth 8192 in
theorem mean_20 : (Q.eq (Q.mean [Q.dec 101 1, Q.dec 102 1, Q.dec 103 1, Q.dec 104 1,
    Q.dec 105 1, Q.dec 106 1, Q.dec 107 1, Q.dec 108 1, Q.dec 109 1, Q.dec 110 1,
    Q.dec 111 1, Q.dec 112 1, Q.dec 113 1, Q.dec 114 1, Q.dec 115 1, Q.dec 116 1,
    Q.dec 117 1, Q.dec 118 1, Q.dec 119 1, Q.dec 120 1]) (Q.dec 1105 2)) = true := by decide

#print axioms mean_123
-- These three go through `Nat.div` / `Nat.mod` (round, median, odd powers). Core defines
-- those by well-founded recursion (fuel-based in newer releases); a real build shows here
-- whether that pulls any axiom into a claim (the runner allows none by default).
#print axioms round_2_25
#print axioms median_4132
#print axioms pow_neg3_3

end LeanBridge.Selftest
