#!/usr/bin/env python3
"""Stand-in for a `lake` that hangs: prints a line, then sleeps.

Usage: standin_lake_sleep.py SECONDS [--ignore-term]
With --ignore-term it ignores SIGTERM, so only SIGKILL can stop it.
"""

import signal
import sys
import time

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
if "--ignore-term" in sys.argv:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("standin: sleeping", flush=True)
time.sleep(seconds)
print("standin: woke up", flush=True)
