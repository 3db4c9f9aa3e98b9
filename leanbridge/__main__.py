from leanbridge.runtime import tune_gc

# Before the imports below: they allocate enough for dozens of young collections at
# CPython's default threshold (main() sets it again, for the console script).
tune_gc()

from leanbridge.cli import main  # noqa: E402

main()
