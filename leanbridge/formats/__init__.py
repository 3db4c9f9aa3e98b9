"""Renderings of a :class:`~leanbridge.corpus.record.CorpusRun` (text, JSON, CI formats)."""
