#!/usr/bin/env python3
"""Stand-in for a `lake` that hangs: prints a line, then sleeps.

Usage: standin_lake_sleep.py [SECONDS] [--ignore-term]   (other arguments are ignored)
With --ignore-term it ignores SIGTERM, so only SIGKILL can stop it.
"""

import signal
import sys
import time

numbers = [a for a in sys.argv[1:] if a.replace(".", "", 1).isdigit()]
seconds = float(numbers[0]) if numbers else 60.0  # e.g. called as `lake --version`
if "--ignore-term" in sys.argv:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("standin: sleeping", flush=True)
time.sleep(seconds)
print("standin: woke up", flush=True)
