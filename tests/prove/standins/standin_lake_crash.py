#!/usr/bin/env python3
"""Stand-in for a `lake` that dies from a signal (like a segfaulting `lean`).

Usage: standin_lake_crash.py [SIGNAL_NUMBER]   (default: SIGSEGV)
"""

import os
import signal
import sys

signum = int(sys.argv[1]) if len(sys.argv) > 1 else int(signal.SIGSEGV)
print("standin: about to crash", flush=True)
signal.signal(signum, signal.SIG_DFL)
os.kill(os.getpid(), signum)
signal.pause()
