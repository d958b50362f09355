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
from typing import TYPE_CHECKING

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from cuesheet.reports.errors import FontError

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

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
    """Register the fonts once; returns the names available. DejaVu is required, CJK optional.

    Also: page streams are written compressed and binary, not ASCII85-encoded as well (reportlab's
    default, for 7-bit channels no PDF travels through now): the pages look the same, the file is a
    sixth smaller, and encoding 4,500 pages in Python took 1.3 s of a 50,000-cue sheet."""
    rl_config.useA85 = 0
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
    if text.isascii():  # most text, all in DejaVu: no character to look at
        return [(False, text)] if text else []
    regular, cjk = _coverage()
    pieces: list[tuple[bool, str]] = []
    start = 0
    for index, ch in enumerate(text):  # joined once per run: linear in the text's length
        fallback = ord(ch) not in regular and ord(ch) in cjk
        if index == 0:
            current = fallback
        elif fallback != current:
            pieces.append((current, text[start:index]))
            start, current = index, fallback
    if text:
        pieces.append((current, text[start:]))
    return pieces


@lru_cache(maxsize=65_536)
def _char_width(ch: str, font: str) -> float:
    """Width of ``ch`` at size 1, in the font that draws it (reportlab does not kern: widths add)."""
    regular, cjk = _coverage()
    name = CJK if ord(ch) not in regular and ord(ch) in cjk else font
    return float(pdfmetrics.stringWidth(ch, name, 1000)) / 1000  # reportlab is untyped


@lru_cache(maxsize=8)
def _ascii_widths(font: str) -> dict[str, float]:
    """The font's advance per ASCII character at size 1000, as reportlab's ``stringWidth`` sums them."""
    face = pdfmetrics.getFont(font).face
    return {chr(code): face.charWidths.get(code, face.defaultWidth) for code in range(128)}


def ascii_width(text: str, font: str, size: float) -> float:
    """``text_width`` of an ASCII text: reportlab's sum, in its order (so equal to the last bit),
    by a table look-up per character instead of a generator step."""
    return 0.001 * size * sum(map(_ascii_widths(font).__getitem__, text))


def text_width(text: str, font: str, size: float) -> float:
    if text.isascii():  # one run in ``font``
        return ascii_width(text, font, size)
    return sum(float(pdfmetrics.stringWidth(run, CJK if cjk else font, size)) for cjk, run in runs(text))


def draw_text(canvas: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    """Draw ``text`` at (x, y), switching to the CJK font where needed (``text_width`` measures it:
    a sheet draws 600,000 texts and measures one)."""
    if text.isascii():  # one run in the regular font (most text)
        canvas.setFont(font, size)
        canvas.drawString(x, y, text)
        return
    for cjk, run in runs(text):
        name = CJK if cjk else font
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, name, size)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap to ``width`` points; a word wider than the line is cut into pieces.

    Linear in the text's length: each word is measured once and lines are measured by adding
    widths, and a long word is cut by a running sum of its characters' widths (measuring ever
    shorter prefixes made a 20,000-character title take hours)."""
    if (not text or text.splitlines() == [text]) and text_width(text, font, size) <= width:
        return [text]  # one line that fits as it is (most titles and party lines): one measure
    space = text_width(" ", font, size)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, line_width = "", 0.0
        for word in paragraph.split(" "):
            word_width = text_width(word, font, size)
            candidate = line_width + space + word_width if line else word_width
            if candidate <= width:
                line, line_width = (f"{line} {word}" if line else word), candidate
                continue
            if line:
                lines.append(line)
            pieces = _cut(word, font, size, width) if word_width > width else [word]
            lines += pieces[:-1]
            line = pieces[-1]
            line_width = text_width(line, font, size)
        lines.append(line)
    return lines


def _cut(word: str, font: str, size: float, width: float) -> list[str]:
    """``word`` in pieces no wider than ``width`` (at least one character each)."""
    pieces, start, used = [], 0, 0.0
    for index, ch in enumerate(word):
        advance = _char_width(ch, font) * size
        if index > start and used + advance > width:
            pieces.append(word[start:index])
            start, used = index, 0.0
        used += advance
    pieces.append(word[start:])
    return pieces


def clip(text: str, font: str, size: float, width: float, lines: int = 1) -> list[str]:
    """At most ``lines`` wrapped lines of ``text``, the last ending in "…" when text was left out
    (header and footer fields: a 20,000-character title must not fill the first page)."""
    wrapped = wrap(" ".join(text[: lines * 400].split()), font, size, width)
    if len(wrapped) <= lines and len(text) <= lines * 400:
        return wrapped
    kept = wrapped[:lines]
    last = kept[-1]
    while last and text_width(last + "…", font, size) > width:
        last = last[:-1]
    return [*kept[:-1], last + "…"]
