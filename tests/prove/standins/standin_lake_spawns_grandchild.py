#!/usr/bin/env python3
"""Stand-in for a `lake` that starts a worker (a grandchild of the caller).

Usage: standin_lake_spawns_grandchild.py PIDFILE MODE
  MODE=hang  the worker and this process both sleep (tests timeout kill)
  MODE=exit  this process exits 0 at once, leaving the worker running
The worker ignores SIGTERM, so only a SIGKILL to the whole group stops it.
Its pid is written to PIDFILE once it is running.
"""

import os
import subprocess
import sys
import time

pidfile, mode = sys.argv[1], sys.argv[2]
worker = subprocess.Popen(
    [
        sys.executable,
        "-c",
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('worker up', flush=True); time.sleep(600)",
    ],
)
with open(pidfile + ".tmp", "w") as fh:
    fh.write(str(worker.pid))
os.replace(pidfile + ".tmp", pidfile)
print(f"standin: worker {worker.pid}", flush=True)
if mode == "hang":
    time.sleep(600)
sys.exit(0)
