"""Packaged lexicons and dictionaries (plain UTF-8 text, one entry per line)."""
