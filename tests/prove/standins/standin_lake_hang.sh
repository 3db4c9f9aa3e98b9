#!/bin/sh
# Stand-in for a `lake` that prints a line, then hangs.  The shell prints at once, before
# any timeout a test sets: the Python sleeper's own start-up could outlast a 1 s timeout on
# a loaded machine, and the test would then miss the output it checks is kept.
# Usage: standin_lake_hang.sh [SECONDS]
echo "standin: sleeping"
exec sleep "${1:-60}"
