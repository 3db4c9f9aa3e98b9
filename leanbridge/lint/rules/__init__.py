"""One module per lint rule; the registry (:mod:`leanbridge.lint.registry`) lists them."""
