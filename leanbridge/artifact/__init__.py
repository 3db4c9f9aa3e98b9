"""The Gate 2 artifact: a directory anyone can re-verify offline."""
