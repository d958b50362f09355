"""The Pen writes exactly what reportlab's canvas writes for the same texts (issue #14: it skips the
canvas's per-string work, not its output)."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from cuesheet.reports.fonts import BOLD, REGULAR, draw_text, register, text_width
from cuesheet.reports.pen import Pen

TEXTS = [
    "Cue title number 12", "1M01", "01:00:07:12", "0:08", "(untitled)", "a (b) c \\ d", "))((", "\\",
    "", " ", "  two  spaces ", "Müller – Ünïcödé", "Шостакович, Дмитрий", "坂本 龍一", "tab\there",
    "\x7f", "~!@#$%^&*_+{}|:\"<>?`-=[];',./",
]  # fmt: skip


def _canvas() -> Canvas:
    return Canvas(io.BytesIO(), invariant=1)


@pytest.mark.parametrize("size", [7.0, 7.5, 8.5])
def test_texts_are_written_as_the_canvas_writes_them(size: float) -> None:
    register()
    by_canvas, by_pen = _canvas(), _canvas()
    pen = Pen(by_pen)
    for index, text in enumerate(TEXTS):
        font = (REGULAR, BOLD)[index % 2]
        x, y = 34.0 + index * 1.7, 500.0 - index * 10.35
        draw_text(by_canvas, x, y, text, font, size)
        pen.text(x, y, text, font, size)
        by_canvas.setFont(font, size)
        by_canvas.drawRightString(x + 200, y, text)
        pen.right(x + 200, y, text, font, size)
    by_canvas.line(1.5, 2.25, 300.125, 2.25)
    pen.line(1.5, 2.25, 300.125, 2.25)
    by_canvas.setLineWidth(0.25)
    pen.line_width(0.25)
    by_canvas.rect(34, 20.3, 720, 40.2, stroke=0, fill=1)
    pen.fill_rect(34, 20.3, 720, 40.2)
    assert by_pen._code == by_canvas._code
    by_canvas.save()
    by_pen.save()  # the fonts the texts used are embedded the same way too
    assert by_pen._filename.getvalue() == by_canvas._filename.getvalue()


def test_fonts_are_named_in_the_order_they_are_first_drawn() -> None:
    """The first text in the regular font is CJK (drawn through the canvas): the CJK font gets the
    first name either way, and the pen's later ASCII text names its font as the canvas does."""
    register()
    by_canvas, by_pen = _canvas(), _canvas()
    pen = Pen(by_pen)
    for text in ("坂本", "ASCII after", "more"):
        draw_text(by_canvas, 10, 10, text, REGULAR, 8)
        pen.text(10, 10, text, REGULAR, 8)
    assert by_pen._code == by_canvas._code
    assert by_pen._doc.fontMapping == by_canvas._doc.fontMapping


def test_widths_are_reportlabs_to_the_last_bit() -> None:
    from reportlab.pdfbase import pdfmetrics

    register()
    for text in [t for t in TEXTS if t.isascii()]:
        for font in (REGULAR, BOLD):
            assert text_width(text, font, 7.5) == pdfmetrics.stringWidth(text, font, 7.5)
