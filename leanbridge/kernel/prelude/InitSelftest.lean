/-!
# Self-tests of the bundled prelude

The kernel evaluates `Nat.add`, `Nat.sub`, `Nat.mul`, `Nat.div`, `Nat.mod`,
`Nat.pow`, `Nat.beq` and `Nat.ble` with GMP when both arguments reduce to
literals, and by unfolding the prelude's definitions otherwise. Each case
below is checked both ways against the value Python computes:

* `_lit`: literal arguments, so the kernel takes the GMP path;
* `_unary`: the same numbers built by `unary`, which reduce to `Nat.succ`
  applications, never to a literal, so the kernel must unfold the definitions.

The defining equations are also checked with free variables (no literal can
arise, so only unfolding can prove them): they pin down that each function
recurses on the same argument as core's.
This file is ordinary Lean: it holds with core's `Init` as well.
-/

namespace LeanBridgeInitSelftest

/-- `n` rebuilt from `Nat.zero` by `Nat.succ`. -/
def unary : Nat → Nat
  | .zero => .zero
  | .succ n => .succ (unary n)

-- defining equations (free variables: unfolding only)
theorem add_zero (n : Nat) : Eq (Nat.add n 0) n := rfl
theorem add_succ (n m : Nat) : Eq (Nat.add n (Nat.succ m)) (Nat.succ (Nat.add n m)) := rfl
theorem sub_zero (n : Nat) : Eq (Nat.sub n 0) n := rfl
theorem sub_succ (n m : Nat) : Eq (Nat.sub n (Nat.succ m)) (Nat.pred (Nat.sub n m)) := rfl
theorem mul_zero (n : Nat) : Eq (Nat.mul n 0) 0 := rfl
theorem mul_succ (n m : Nat) : Eq (Nat.mul n (Nat.succ m)) (Nat.add (Nat.mul n m) n) := rfl
theorem pow_zero (n : Nat) : Eq (Nat.pow n 0) 1 := rfl
theorem pow_succ (n m : Nat) : Eq (Nat.pow n (Nat.succ m)) (Nat.mul (Nat.pow n m) n) := rfl
theorem beq_succ (n m : Nat) : Eq (Nat.beq (Nat.succ n) (Nat.succ m)) (Nat.beq n m) := rfl
theorem ble_succ (n m : Nat) : Eq (Nat.ble (Nat.succ n) (Nat.succ m)) (Nat.ble n m) := rfl
theorem mod_zero_left (n : Nat) : Eq (Nat.mod 0 n) 0 := rfl
theorem append_nil (xs : List Nat) : Eq (List.append List.nil xs) xs := rfl

-- small cases, literal (GMP) and unary (unfolding)
-- `Nat.add`
theorem add_0_0_lit : Eq (Nat.add 0 0) 0 := rfl
theorem add_0_0_unary : Eq (Nat.add (unary 0) (unary 0)) 0 := rfl
theorem add_2_3_lit : Eq (Nat.add 2 3) 5 := rfl
theorem add_2_3_unary : Eq (Nat.add (unary 2) (unary 3)) 5 := rfl
theorem add_5_0_lit : Eq (Nat.add 5 0) 5 := rfl
theorem add_5_0_unary : Eq (Nat.add (unary 5) (unary 0)) 5 := rfl
theorem add_0_4_lit : Eq (Nat.add 0 4) 4 := rfl
theorem add_0_4_unary : Eq (Nat.add (unary 0) (unary 4)) 4 := rfl
theorem add_7_6_lit : Eq (Nat.add 7 6) 13 := rfl
theorem add_7_6_unary : Eq (Nat.add (unary 7) (unary 6)) 13 := rfl

-- `Nat.sub`
theorem sub_5_3_lit : Eq (Nat.sub 5 3) 2 := rfl
theorem sub_5_3_unary : Eq (Nat.sub (unary 5) (unary 3)) 2 := rfl
theorem sub_3_5_lit : Eq (Nat.sub 3 5) 0 := rfl
theorem sub_3_5_unary : Eq (Nat.sub (unary 3) (unary 5)) 0 := rfl
theorem sub_4_0_lit : Eq (Nat.sub 4 0) 4 := rfl
theorem sub_4_0_unary : Eq (Nat.sub (unary 4) (unary 0)) 4 := rfl
theorem sub_0_2_lit : Eq (Nat.sub 0 2) 0 := rfl
theorem sub_0_2_unary : Eq (Nat.sub (unary 0) (unary 2)) 0 := rfl
theorem sub_6_6_lit : Eq (Nat.sub 6 6) 0 := rfl
theorem sub_6_6_unary : Eq (Nat.sub (unary 6) (unary 6)) 0 := rfl

-- `Nat.mul`
theorem mul_0_5_lit : Eq (Nat.mul 0 5) 0 := rfl
theorem mul_0_5_unary : Eq (Nat.mul (unary 0) (unary 5)) 0 := rfl
theorem mul_3_4_lit : Eq (Nat.mul 3 4) 12 := rfl
theorem mul_3_4_unary : Eq (Nat.mul (unary 3) (unary 4)) 12 := rfl
theorem mul_5_1_lit : Eq (Nat.mul 5 1) 5 := rfl
theorem mul_5_1_unary : Eq (Nat.mul (unary 5) (unary 1)) 5 := rfl
theorem mul_4_0_lit : Eq (Nat.mul 4 0) 0 := rfl
theorem mul_4_0_unary : Eq (Nat.mul (unary 4) (unary 0)) 0 := rfl
theorem mul_6_7_lit : Eq (Nat.mul 6 7) 42 := rfl
theorem mul_6_7_unary : Eq (Nat.mul (unary 6) (unary 7)) 42 := rfl

-- `Nat.div`
theorem div_7_2_lit : Eq (Nat.div 7 2) 3 := rfl
theorem div_7_2_unary : Eq (Nat.div (unary 7) (unary 2)) 3 := rfl
theorem div_6_3_lit : Eq (Nat.div 6 3) 2 := rfl
theorem div_6_3_unary : Eq (Nat.div (unary 6) (unary 3)) 2 := rfl
theorem div_2_5_lit : Eq (Nat.div 2 5) 0 := rfl
theorem div_2_5_unary : Eq (Nat.div (unary 2) (unary 5)) 0 := rfl
theorem div_5_0_lit : Eq (Nat.div 5 0) 0 := rfl
theorem div_5_0_unary : Eq (Nat.div (unary 5) (unary 0)) 0 := rfl
theorem div_0_3_lit : Eq (Nat.div 0 3) 0 := rfl
theorem div_0_3_unary : Eq (Nat.div (unary 0) (unary 3)) 0 := rfl
theorem div_9_1_lit : Eq (Nat.div 9 1) 9 := rfl
theorem div_9_1_unary : Eq (Nat.div (unary 9) (unary 1)) 9 := rfl

-- `Nat.mod`
theorem mod_7_2_lit : Eq (Nat.mod 7 2) 1 := rfl
theorem mod_7_2_unary : Eq (Nat.mod (unary 7) (unary 2)) 1 := rfl
theorem mod_6_3_lit : Eq (Nat.mod 6 3) 0 := rfl
theorem mod_6_3_unary : Eq (Nat.mod (unary 6) (unary 3)) 0 := rfl
theorem mod_2_5_lit : Eq (Nat.mod 2 5) 2 := rfl
theorem mod_2_5_unary : Eq (Nat.mod (unary 2) (unary 5)) 2 := rfl
theorem mod_5_0_lit : Eq (Nat.mod 5 0) 5 := rfl
theorem mod_5_0_unary : Eq (Nat.mod (unary 5) (unary 0)) 5 := rfl
theorem mod_0_3_lit : Eq (Nat.mod 0 3) 0 := rfl
theorem mod_0_3_unary : Eq (Nat.mod (unary 0) (unary 3)) 0 := rfl
theorem mod_9_4_lit : Eq (Nat.mod 9 4) 1 := rfl
theorem mod_9_4_unary : Eq (Nat.mod (unary 9) (unary 4)) 1 := rfl

-- `Nat.pow`
theorem pow_2_3_lit : Eq (Nat.pow 2 3) 8 := rfl
theorem pow_2_3_unary : Eq (Nat.pow (unary 2) (unary 3)) 8 := rfl
theorem pow_0_0_lit : Eq (Nat.pow 0 0) 1 := rfl
theorem pow_0_0_unary : Eq (Nat.pow (unary 0) (unary 0)) 1 := rfl
theorem pow_0_2_lit : Eq (Nat.pow 0 2) 0 := rfl
theorem pow_0_2_unary : Eq (Nat.pow (unary 0) (unary 2)) 0 := rfl
theorem pow_3_2_lit : Eq (Nat.pow 3 2) 9 := rfl
theorem pow_3_2_unary : Eq (Nat.pow (unary 3) (unary 2)) 9 := rfl
theorem pow_5_1_lit : Eq (Nat.pow 5 1) 5 := rfl
theorem pow_5_1_unary : Eq (Nat.pow (unary 5) (unary 1)) 5 := rfl
theorem pow_1_4_lit : Eq (Nat.pow 1 4) 1 := rfl
theorem pow_1_4_unary : Eq (Nat.pow (unary 1) (unary 4)) 1 := rfl

-- `Nat.beq`
theorem beq_3_3_lit : Eq (Nat.beq 3 3) true := rfl
theorem beq_3_3_unary : Eq (Nat.beq (unary 3) (unary 3)) true := rfl
theorem beq_3_4_lit : Eq (Nat.beq 3 4) false := rfl
theorem beq_3_4_unary : Eq (Nat.beq (unary 3) (unary 4)) false := rfl
theorem beq_0_0_lit : Eq (Nat.beq 0 0) true := rfl
theorem beq_0_0_unary : Eq (Nat.beq (unary 0) (unary 0)) true := rfl
theorem beq_0_1_lit : Eq (Nat.beq 0 1) false := rfl
theorem beq_0_1_unary : Eq (Nat.beq (unary 0) (unary 1)) false := rfl
theorem beq_2_0_lit : Eq (Nat.beq 2 0) false := rfl
theorem beq_2_0_unary : Eq (Nat.beq (unary 2) (unary 0)) false := rfl

-- `Nat.ble`
theorem ble_3_4_lit : Eq (Nat.ble 3 4) true := rfl
theorem ble_3_4_unary : Eq (Nat.ble (unary 3) (unary 4)) true := rfl
theorem ble_4_3_lit : Eq (Nat.ble 4 3) false := rfl
theorem ble_4_3_unary : Eq (Nat.ble (unary 4) (unary 3)) false := rfl
theorem ble_0_0_lit : Eq (Nat.ble 0 0) true := rfl
theorem ble_0_0_unary : Eq (Nat.ble (unary 0) (unary 0)) true := rfl
theorem ble_5_5_lit : Eq (Nat.ble 5 5) true := rfl
theorem ble_5_5_unary : Eq (Nat.ble (unary 5) (unary 5)) true := rfl
theorem ble_1_0_lit : Eq (Nat.ble 1 0) false := rfl
theorem ble_1_0_unary : Eq (Nat.ble (unary 1) (unary 0)) false := rfl
-- a large case: GMP only (unfolding this would not finish)
theorem mul_big_gmp : Eq (Nat.beq (Nat.mul 123456789123 987654321) 121932631234116750483) true := rfl

end LeanBridgeInitSelftest
