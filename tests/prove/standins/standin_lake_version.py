#!/usr/bin/env python3
"""Stand-in for `lake` answering `--version` and `env lean --version`.

The texts are the shapes printed by Lake (`uiVersionString` in
src/lake/Lake/Version.lean) and by `lean --version` (src/util/shell.cpp
display_header), for Lean v4.9.0.
"""

import sys

args = sys.argv[1:]
if args == ["--version"]:
    print("Lake version 5.0.0-8e5cf6a (Lean version 4.9.0)")
elif args == ["env", "lean", "--version"]:
    print("Lean (version 4.9.0, x86_64-unknown-linux-gnu, commit 8e5cf6a2b3c4, Release)")
else:
    print(f"error: unknown command {args!r}", file=sys.stderr)
    sys.exit(1)
