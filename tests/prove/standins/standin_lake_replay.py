#!/usr/bin/env python3
"""Stand-in for a `lake` that replays a recorded output sample.

Usage: standin_lake_replay.py SAMPLE_FILE EXIT_CODE [--stderr]
Prints the sample verbatim on stdout (or stderr) and exits with EXIT_CODE, so
the whole path run -> decode -> parse is tested on realistic output.
"""

import sys

with open(sys.argv[1], "rb") as fh:
    data = fh.read()
stream = sys.stderr if "--stderr" in sys.argv else sys.stdout
stream.buffer.write(data)
stream.flush()
sys.exit(int(sys.argv[2]))
