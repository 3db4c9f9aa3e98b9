#!/bin/sh
# Stand-in for a `lake` that hangs and ignores SIGTERM from its first instruction.
# The shell sets the disposition and exec keeps it, so the Python sleeper never has a
# window in which SIGTERM still stops it: its own start-up can outlast a short timeout on
# a loaded machine, and the test would then see SIGTERM instead of the SIGKILL it checks.
# Usage: standin_lake_ignores_term.sh SECONDS  (the sleeper must sit beside it)
trap '' TERM
exec "$(dirname "$0")/standin_lake_sleep.py" "$@" --ignore-term
