"""Outlines drawn over the timeline's lane: the cues' own (with their labels, when they are wide
enough to tell apart), and cues proposed but not yet made (an import under review) as dashed
outlines, so the user sees where they would land before anything changes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter, QPen, Qt

from cuesheet.domain.cue import Cue
from cuesheet.ui.timeline_colours import OUTLINE

PROPOSAL = QColor("#ffd166")


def paint_proposals(
    painter: QPainter,
    spans: list[tuple[int, int]],
    draw_x: Callable[[float], float],
    band: tuple[int, ...],
    width: int,
) -> None:
    """``spans``: (start, end) frames; ``draw_x``: a frame's x (clamped far outside the view);
    ``band``: the rows the outlines take, in the widget's coordinates."""
    top, bottom = band
    painter.setPen(QPen(PROPOSAL, 2, Qt.PenStyle.DashLine))
    painter.setBrush(QColor(255, 209, 102, 40))
    for start, end in spans:
        x0, x1 = round(draw_x(start)), round(draw_x(end))
        if x1 < 0 or x0 > width:
            continue
        painter.drawRect(QRect(x0, top, max(1, x1 - x0), bottom - top))
    painter.setBrush(Qt.BrushStyle.NoBrush)


def paint_outlines(
    painter: QPainter, boxes: list[tuple[QRect, Cue]], selected: str | None, title_of: Callable[[Cue], str]
) -> None:
    """Each cue's box outlined (the selected one white and on top), labelled where over 30 px wide.
    One pen and one ``drawRects`` for all: a pen made and set per cue was half the paint."""
    outlines, chosen = [], None
    for rect, cue in boxes:
        if cue.id == selected:
            chosen = rect
        else:
            outlines.append(rect)
    painter.setPen(QPen(OUTLINE, 1))
    painter.drawRects(outlines)
    if chosen is not None:
        painter.setPen(QPen(QColor("#ffffff"), 2))
        painter.drawRect(chosen)
    painter.setPen(QColor("#ffffff"))
    for rect, cue in boxes:
        if rect.width() > 30:
            label = f"{cue.number}  {title_of(cue)}".strip()
            painter.drawText(rect.adjusted(4, 2, -4, -2), Qt.AlignmentFlag.AlignLeft, label)
