"""Corpus mode: many claim files per run, for CI (records, cache, jobs, shards, merge)."""
