"""Report errors, in a module of their own: the app lists them among user errors at start-up without
loading reportlab (~40 ms) before anything is exported."""

from __future__ import annotations


class FontError(Exception):
    """No Unicode font to embed; the message says which package provides one."""
