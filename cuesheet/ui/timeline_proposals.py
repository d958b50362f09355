"""Cues proposed but not yet made (an import under review), drawn on the timeline as dashed outlines
over the lane, so the user sees where they would land before anything changes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter, QPen, Qt

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
