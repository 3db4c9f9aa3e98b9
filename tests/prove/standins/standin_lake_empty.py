#!/usr/bin/env python3
"""Stand-in for a `lake` that prints nothing and exits with the given code.

Usage: standin_lake_empty.py [EXIT_CODE]   (default 0)
"""

import sys

sys.exit(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
