#!/usr/bin/env python3
"""Stand-in for `lake`: a test double for the process boundary of `leanbridge prove`.

It is NEVER evidence that Lean accepts our files. It does not read Lean, elaborate
anything or check any proof: it prints what a Lean run *would* print, in the exact
shapes documented in docs/lean-output.md, so that the tests can drive every branch of
`leanbridge.prove.lean_check` (success, axiom violations, errors, crashes, hangs,
garbage) without a Lean toolchain.

Commands answered (anything else exits 1 with a message on stderr):

  --version                    `Lake version 5.0.0-8e5cf6a (Lean version 4.9.0)`
  env lean --version           `Lean (version 4.9.0, x86_64-unknown-linux-gnu, ...)`
  build LeanBridge             `Build completed successfully.` (or a failure, see below)
  env lean --json FILE         one compact JSON `SerialMessage` per line (section 3 of
                               docs/lean-output.md); for each `#print axioms X` line of
                               FILE an information message positioned at that line:
                               `'<namespace>.X' does not depend on any axioms` (or
                               `depends on axioms: [...]`).

Behaviour is read from `<this file>.mode.json` beside the script (missing = "ok"):

  {"mode": "ok" | "axioms" | "omit" | "error-in" | "error-line1" | "exit-nonzero"
           | "empty" | "garbage" | "crash" | "hang" | "build-fail",
   "axioms": ["propext"],      # mode "axioms": reported for every theorem
   "target": "claim_name",     # modes "omit"/"error-in": the theorem concerned
   "message": "...",           # mode "error-in": the error's text (default: `decide`
                               # proved the proposition false)
   "seconds": 60,              # mode "hang"
   "copy_lakefile_to": "/path"} # any mode: copy the workspace's lakefile.lean there on `build`

Every call is appended to `<this file>.calls` (argv and cwd, one JSON object per line),
and in mode "hang" the pids of the stand-in and of a grandchild it starts are written
to `<this file>.pids`, so the tests can check that nothing is left running.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time

HERE = os.path.abspath(__file__)


def _config() -> dict:
    try:
        with open(HERE + ".mode.json", encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return {"mode": "ok"}


def _msg(file: str, line: int, col: int, severity: str, data: str, kind: str) -> str:
    # Key order as printed by Lean v4.9 (`toJson` of SerialMessage, compressed).
    obj = {
        "severity": severity,
        "pos": {"line": line, "column": col},
        "keepFullRange": False,
        "kind": kind,
        "isSilent": False,
        "fileName": file,
        "endPos": None,
        "data": data,
        "caption": "",
    }
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _lean_json(file: str, cfg: dict) -> int:
    mode = cfg.get("mode", "ok")
    with open(file, encoding="utf-8") as f:
        lines = f.read().split("\n")
    namespace = ""
    for text in lines:
        m = re.match(r"^namespace (\S+)", text)
        if m:
            namespace = m.group(1) + "."
            break
    theorem_lines = {}
    for no, text in enumerate(lines, start=1):
        m = re.match(r"^theorem (\S+)", text)
        if m:
            theorem_lines[m.group(1)] = no
    out = []
    code = 0
    if mode == "empty":
        return 0
    if mode == "garbage":
        sys.stdout.write("\x00\x01 PANIC at lean::elab <<<\n{not json at all\n]]]\n")
        return 0
    if mode == "hang":
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
        with open(HERE + ".pids", "w", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {child.pid}\n")
        print(_msg(file, 1, 0, "information", "elaborating...", "[anonymous]"), flush=True)
        time.sleep(float(cfg.get("seconds", 60)))
        return 0
    if mode == "error-line1":
        out.append(_msg(file, 1, 0, "error", "unknown package 'LeanBridge'", "[anonymous]"))
        code = 1
    if mode == "error-in":
        line = theorem_lines[cfg["target"]]
        out.append(
            _msg(
                file,
                line,
                8,
                "error",
                cfg.get(
                    "message",
                    "Tactic `decide` proved that the proposition\n  ...\nis false",
                ),
                "[anonymous]",
            )
        )
        code = 1
    for no, text in enumerate(lines, start=1):
        m = re.match(r"^#print axioms (\S+)", text)
        if not m:
            continue
        name = m.group(1)
        if mode == "omit" and name == cfg["target"]:
            continue
        full = namespace + name
        axioms = cfg.get("axioms", []) if mode == "axioms" else []
        data = (
            f"'{full}' depends on axioms: [{', '.join(axioms)}]"
            if axioms
            else f"'{full}' does not depend on any axioms"
        )
        out.append(_msg(file, no, 0, "information", data, "[anonymous]"))
    for o in out:
        print(o)
    sys.stdout.flush()
    if mode == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    if mode == "exit-nonzero":
        return 1
    return code


def main() -> int:
    args = sys.argv[1:]
    with open(HERE + ".calls", "a", encoding="utf-8") as f:
        f.write(json.dumps({"argv": args, "cwd": os.getcwd()}) + "\n")
    cfg = _config()
    if args == ["--version"]:
        print("Lake version 5.0.0-8e5cf6a (Lean version 4.9.0)")
        return 0
    if args == ["env", "lean", "--version"]:
        print("Lean (version 4.9.0, x86_64-unknown-linux-gnu, commit 8e5cf6a2b3c4, Release)")
        return 0
    if args == ["build", "LeanBridge"]:
        if cfg.get("copy_lakefile_to"):  # lets a test see which workspace was built
            with open("lakefile.lean", "rb") as src, open(cfg["copy_lakefile_to"], "wb") as dst:
                dst.write(src.read())
        if cfg.get("mode") == "build-fail":
            print("✖ [2/5] Building LeanBridge.Q")
            print("error: ././././lean/LeanBridge/Q.lean:3:0: unknown namespace 'Nat'")
            print("error: Lean exited with code 1")
            print("Some required builds logged failures:")
            print("- LeanBridge.Q")
            print("error: build failed")
            return 1
        print("Build completed successfully.")
        return 0
    if len(args) == 4 and args[:3] == ["env", "lean", "--json"]:
        return _lean_json(args[3], cfg)
    print(f"error: unknown command {args!r}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
