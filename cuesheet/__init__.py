"""Cuesheet: a music cue-sheet editor."""

__version__ = "0.1.0"
