#!/usr/bin/env python3
"""Stand-in for a `lake` that floods both pipes, then exits 0.

Usage: standin_lake_huge_output.py MEBIBYTES
Writes MEBIBYTES MiB to stdout and to stderr, interleaved, so a caller that reads
only one pipe at a time would deadlock on the other.
"""

import sys

mib = int(sys.argv[1]) if len(sys.argv) > 1 else 16
line = b"x" * 1023 + b"\n"
out, err = sys.stdout.buffer, sys.stderr.buffer
out.write(b"HEAD-OF-STDOUT\n")
err.write(b"HEAD-OF-STDERR\n")
for _ in range(mib * 1024):
    out.write(line)
    err.write(line)
out.flush()
err.flush()
