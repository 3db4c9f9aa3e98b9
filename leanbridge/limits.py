"""Every resource bound in one place (documented in docs/limits.md).

Claim files are untrusted: each bound keeps a hostile or careless file from hanging or
exhausting the machine, and each is reported as a positioned error when exceeded.
"""

from __future__ import annotations

MAX_FILE_BYTES = 2 * 1024 * 1024  # a claim file larger than this is not read
MAX_YAML_NODES = 200_000  # nodes visited while building the document (aliases counted each time)
MAX_YAML_DEPTH = 32  # nesting of mappings/sequences in the YAML file
MAX_CLAIMS = 20_000  # claims in one file
MAX_VALUES = 20_000  # named values in one file
MAX_LIST_LENGTH = 10_000  # elements of one list value or list literal
MAX_CHECK_CHARS = 4_000  # length of one check expression
MAX_NESTING = 64  # bracket nesting depth inside a check expression
# Levels of the parse tree (a chain `1+1+...+1` nests one level per operator without any
# bracket, and every later stage recurses once per level).
MAX_TREE_DEPTH = 3 * MAX_NESTING
MAX_NUMBER_DIGITS = 120  # digits in one number literal (mantissa)
MAX_SCI_EXPONENT = 400  # |e| in a scientific literal like 1.5e-3
MAX_POW_EXPONENT = 4_096  # |n| in x ^ n
MAX_RESULT_BITS = 1 << 17  # numerator/denominator bit length of any intermediate value
MAX_EVAL_WORK = 1 << 25  # work units on large numbers per evaluation (reals.py: ~(bits/64)^2 each)
MAX_ROUND_DIGITS = 100  # d in round(x, d)
SQRT_START_BITS = 64  # first precision for certified square-root bounds
SQRT_MAX_BITS = 4_096  # past this precision a comparison is `undecided`
MAX_FILES = 10_000  # files expanded from directories on the command line
MAX_DATA_FILE_BYTES = 16 * 1024 * 1024  # a data file (CSV/JSON) larger than this is not read
MAX_JSON_DEPTH = 64  # nesting of arrays/objects in a JSON data file
MAX_ARTIFACT_TEXT_BYTES = 64 * 1024 * 1024  # manifest, module or Lean log read by verify-artifact
# Statistics functions (semantics/granularity.py, semantics/pvalues.py).
MAX_GRANULARITY_N = 10_000_000  # n (and n·items) in grim, grimmer, debit
# totals k searched by grimmer and debit (the bundled Lean kernel: about 4 s CPU at 2,000)
MAX_GRANULARITY_CANDIDATES = 2_000
MAX_STAT_DF = 1_000_000  # degrees of freedom of p_t, p_r, p_f, p_chi2 (Arb cost grows with df)
MAX_STEERED_INPUTS = 64  # inputs probed one by one for steered corners (rounded, LB015)
MAX_ROUNDED_BOXES = 256  # sub-boxes evaluated for one `inputs: rounded` claim, then undecided
MAX_ROUNDED_INPUT_BOXES = 8_192  # boxes × widened inputs (each box costs one pass over them)
# Arb precision for p-value enclosures, then `undecided`: 256 bits is ~75 digits, far past
# any printed p; Arb's cost grows steeply with precision for large df (p_f, df 10^4: 0.13 s
# at 256 bits, 7.6 s at 1,024)
PVALUE_MAX_BITS = 256
