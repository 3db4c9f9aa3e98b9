"""Renderings of a run (text, JSON, CI formats), written record by record as it goes."""
