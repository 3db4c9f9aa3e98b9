#!/usr/bin/env python3
"""Stand-in for a `lake` that only finishes when N copies of it run at the same time.

Usage: standin_lake_barrier.py DIR N
Each copy leaves a file named by its pid in DIR, then waits for N such files.  Run at the
same time, all N meet and exit 0; run one after another, the first waits alone until its
patience (60 s, far beyond any machine's start-up) runs out and exits 1.  So a test of
parallelism reads who met whom, not a clock.
"""

import os
import sys
import time
from pathlib import Path

room, expected = Path(sys.argv[1]), int(sys.argv[2])
room.mkdir(exist_ok=True)
(room / str(os.getpid())).touch()
deadline = time.monotonic() + 60
while len(list(room.iterdir())) < expected:
    if time.monotonic() > deadline:
        print("standin: waited alone", flush=True)
        sys.exit(1)
    time.sleep(0.01)
print(f"standin: met {expected}", flush=True)
