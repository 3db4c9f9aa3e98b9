#!/usr/bin/env python3
"""Stand-in for a `lake` that prints nothing and exits with the given code.

Usage: standin_lake_empty.py [EXIT_CODE]   (default 0)
"""

import sys

codes = [a for a in sys.argv[1:] if a.isdigit()]
sys.exit(int(codes[0]) if codes else 0)  # other arguments (`env lean --version`) are ignored
