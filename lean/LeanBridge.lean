import LeanBridge.Q
import LeanBridge.Lists
import LeanBridge.Compare
import LeanBridge.Stats
import LeanBridge.StatsSelftest
import LeanBridge.Selftest

/-!
# LeanBridge

Root module. Emitted claim modules (`out/Claims/<Name>.lean`) start with
`import LeanBridge` and `open LeanBridge`. Importing this module also loads
`LeanBridge.Selftest`, so a successful `lake build` of the library re-checks
the pinned semantics.
-/
