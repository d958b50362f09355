"""Drawing many short texts on a reportlab canvas, the PDF unchanged, without reportlab's per-string work.

A 50,000-cue sheet draws 600,000 texts. For each, ``Canvas.drawString`` makes a text object,
measures the string (to return a width nobody asks for), splits it into font subsets and escapes it
a character at a time, and formats its numbers again: two thirds of the export. A ``Pen`` writes
the same operators, byte for byte (``BT 1 0 0 1 x y Tm /F1+0 7.5 Tf 9 TL (text) Tj T* ET``), for
a text of printable ASCII in an ASCII-readable TrueType subset, where each character is its own code
and needs no subset split; positions and font selections are formatted once per value. Any other
text (accents, CJK, control characters, empty) is drawn by the canvas as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import PATH_OPS

from cuesheet.reports.fonts import ascii_width, draw_text

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

_PRINTABLE = range(32, 127)


class Pen:
    """Draws texts on one canvas (one document) as ``draw_text`` and ``drawRightString`` would."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self._numbers: dict[float, str] = {}
        self._selects: dict[tuple[str, float], str | None] = {}

    def text(self, x: float, y: float, text: str, font: str, size: float) -> None:
        """``text`` from (x, y), as ``fonts.draw_text`` draws it."""
        select = self._select(font, size) if _plain(text) else None
        if select is None:
            draw_text(self.canvas, x, y, text, font, size)
        else:
            self._write(x, y, text, select)

    def right(self, x: float, y: float, text: str, font: str, size: float) -> None:
        """``text`` ending at x, as ``Canvas.drawRightString`` in ``font`` draws it."""
        select = self._select(font, size) if _plain(text) else None
        if select is None:
            self.canvas.setFont(font, size)
            self.canvas.drawRightString(x, y, text)
        else:
            self._write(x - ascii_width(text, font, size), y, text, select)

    def line_width(self, width: float) -> None:
        """As ``Canvas.setLineWidth``."""
        self.canvas._lineWidth = width
        self.canvas._code.append(f"{self._number(width)} w")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        """As ``Canvas.line``."""
        number = self._number
        self.canvas._code.append(f"n {number(x1)} {number(y1)} m {number(x2)} {number(y2)} l S")

    def fill_rect(self, x: float, y: float, width: float, height: float) -> None:
        """As ``Canvas.rect(x, y, width, height, stroke=0, fill=1)``."""
        number, canvas = self._number, self.canvas
        path = f"n {number(x)} {number(y)} {number(width)} {number(height)} re "
        canvas._code.append(path + PATH_OPS[0, 1, canvas._fillMode])

    def _write(self, x: float, y: float, text: str, select: str) -> None:
        if "(" in text or ")" in text or "\\" in text:  # PDF string syntax; nothing else to escape
            text = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        number = self._number
        self.canvas._code.append(f"BT 1 0 0 1 {number(x)} {number(y)} Tm {select} ({text}) Tj T* ET")

    def _number(self, value: float) -> str:
        found = self._numbers.get(value)
        if found is None:
            found = self._numbers[value] = fp_str(value)
        return found

    def _select(self, font: str, size: float) -> str | None:
        """``/F1+0 7.5 Tf 9 TL`` as the canvas selects ``font`` at ``size`` (leading 1.2 × size,
        as ``setFont`` sets it); None when the font's first subset does not hold printable ASCII
        as itself (not ASCII-readable), so that every text goes through the canvas."""
        key = (font, size)
        if key not in self._selects:
            self._selects[key] = _selection(self.canvas, font, size)
        return self._selects[key]


def _plain(text: str) -> bool:
    """Printable ASCII, and not empty (the canvas writes an empty text without a font)."""
    return bool(text) and text.isascii() and text.isprintable()


def _selection(canvas: Canvas, font: str, size: float) -> str | None:
    face = pdfmetrics.getFont(font)
    doc = canvas._doc
    face.splitString("", doc)  # the font's subsets for this document, as the canvas makes them
    assigned = face.state[doc].assignments
    if any(assigned.get(code) != code for code in _PRINTABLE):
        return None
    # Named when first used, as the canvas names it (F1, F2, … in the order fonts are first drawn).
    name = face.getSubsetInternalName(0, doc)
    return f"{name} {fp_str(size)} Tf {fp_str(size * 1.2)} TL"
