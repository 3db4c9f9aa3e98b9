import Lake
open Lake DSL

/-! leanbridge: the `LeanBridge` library (sources in `lean/`) and the emitted
claim modules (`out/Claims/<Name>.lean`). Only lakefile features present since
Lean v4.9.0 are used: `package`, `lean_lib`, `srcDir`, `globs`, `Glob.submodules`,
`@[default_target]` (see docs/lean-subset.md). -/

package leanbridge

@[default_target]
lean_lib LeanBridge where
  srcDir := "lean"

-- Not a default target: `out/Claims/` only exists once the emitter has written
-- a claim. Build it with `lake build Claims` (all emitted modules) or
-- `lake build Claims.<Name>` (one module).
lean_lib Claims where
  srcDir := "out"
  globs := #[.submodules `Claims]
