"""Embedded Unicode fonts for PDFs: names print in any script a PRO receives.

DejaVu Sans covers Latin, Greek and Cyrillic; a CJK font (Droid Sans Fallback) takes the characters
DejaVu lacks. Text is drawn in runs by which font has the glyph, since reportlab does not fall back
by itself. Fonts are found in the system's font folders (Debian: fonts-dejavu-core,
fonts-droid-fallback) or in ``CUESHEET_FONT_DIR`` (a packaged app ships its own).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from cuesheet.reports.errors import FontError

REGULAR, BOLD, CJK = "CS-Sans", "CS-Sans-Bold", "CS-CJK"
_FILES = {
    REGULAR: ("DejaVuSans.ttf",),
    BOLD: ("DejaVuSans-Bold.ttf",),
    CJK: ("DroidSansFallbackFull.ttf", "DroidSansFallback.ttf", "wqy-zenhei.ttc"),
}
_FOLDERS = (
    "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/droid",
    "/usr/share/fonts-droid-fallback/truetype", "/usr/share/fonts/truetype/wqy",
    "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu", "/Library/Fonts", "C:/Windows/Fonts",
)  # fmt: skip


def _find(names: tuple[str, ...]) -> Path | None:
    folders = [os.environ["CUESHEET_FONT_DIR"]] if os.environ.get("CUESHEET_FONT_DIR") else []
    for folder in [*folders, *_FOLDERS]:
        for name in names:
            candidate = Path(folder) / name
            if candidate.is_file():
                return candidate
    return None


@lru_cache(maxsize=1)
def register() -> frozenset[str]:
    """Register the fonts once; returns the names available. DejaVu is required, CJK optional."""
    available = set()
    for name, files in _FILES.items():
        path = _find(files)
        if path is None:
            if name != CJK:
                raise FontError(
                    f"font {files[0]} not found: install fonts-dejavu-core (Debian/Ubuntu) "
                    "or set CUESHEET_FONT_DIR to a folder that holds it"
                )
            continue
        pdfmetrics.registerFont(TTFont(name, str(path)))
        available.add(name)
    return frozenset(available)


@lru_cache(maxsize=1)
def _coverage() -> tuple[frozenset[int], frozenset[int]]:
    available = register()
    regular = frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)
    cjk = frozenset(pdfmetrics.getFont(CJK).face.charToGlyph) if CJK in available else frozenset()
    return regular, cjk


def runs(text: str) -> list[tuple[bool, str]]:
    """``text`` split into (needs the CJK font, run) pieces, for drawing on a canvas."""
    regular, cjk = _coverage()
    pieces: list[tuple[bool, str]] = []
    for ch in text:
        fallback = ord(ch) not in regular and ord(ch) in cjk
        if pieces and pieces[-1][0] == fallback:
            pieces[-1] = (fallback, pieces[-1][1] + ch)
        else:
            pieces.append((fallback, ch))
    return pieces


def text_width(text: str, font: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(run, CJK if cjk else font, size) for cjk, run in runs(text))


def draw_text(canvas, x: float, y: float, text: str, font: str, size: float) -> float:  # type: ignore[no-untyped-def]
    """Draw ``text`` at (x, y), switching to the CJK font where needed; returns the width drawn."""
    start = x
    for cjk, run in runs(text):
        name = CJK if cjk else font
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, name, size)
    return x - start


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap to ``width`` points (long words are cut)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, font, size) > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and text_width(word[:cut], font, size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines
