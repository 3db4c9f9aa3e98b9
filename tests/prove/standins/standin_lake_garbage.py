#!/usr/bin/env python3
"""Stand-in for a `lake` that prints bytes that are not UTF-8, then exits 1."""

import sys

sys.stdout.buffer.write(b"\xff\xfe garbage \x80\x81 \xc3( \xed\xa0\x80\n")
sys.stdout.buffer.write(b"error: ./Foo.lean:3:2: caf\xc3\xa9 \xe2\x9c\x96 ok\n")
sys.stderr.buffer.write(b"\x00\x01\x02 binary noise\n")
sys.stdout.flush()
sys.stderr.flush()
sys.exit(1)
