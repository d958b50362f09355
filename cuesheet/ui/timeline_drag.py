"""A cue being dragged on the timeline: its preview in/out, and the running timecode shown beside
the edge (In or Out, and the duration) so a trim can be made to the frame without looking away."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from cuesheet.domain.cue import Cue
from cuesheet.domain.timecode import FrameRate, format_timecode


@dataclass
class Drag:
    """A drag in progress: the cue keeps its stored in/out until the drag ends as one command."""

    cue_id: str
    part: str  # "start", "end" or "body"
    grab_frame: int
    start: int  # as stored when the drag began
    end: int
    new_start: int
    new_end: int

    def label(self, rate: FrameRate) -> str:
        """``In 01:00:00:05 · duration 00:00:01:23``: the edge being moved (the In for a move)."""
        edge = "Out" if self.part == "end" else "In"
        frame = self.new_end if self.part == "end" else self.new_start
        duration = format_timecode(self.new_end - self.new_start, rate)
        return f"{edge} {format_timecode(frame, rate)} · duration {duration}"

    def move_to(self, frame: int, snapped: Callable[[int], int]) -> None:
        """The pointer is at ``frame``: move the grabbed edge (an edge keeps one frame of cue) or the
        whole cue, its length kept; ``snapped`` pulls a frame to a nearby edge (or leaves it)."""
        delta = frame - self.grab_frame
        if self.part == "start":
            self.new_start = min(snapped(self.start + delta), self.end - 1)
        elif self.part == "end":
            self.new_end = max(snapped(self.end + delta), self.start + 1)
        else:  # a move snaps by its In, or by its Out when only the Out is near an edge
            length = self.end - self.start
            start = snapped(self.start + delta)
            end_snapped = snapped(self.end + delta)
            if end_snapped != self.end + delta and start == self.start + delta:
                start = end_snapped - length
            self.new_start, self.new_end = start, start + length


def paint_label(painter: QPainter, text: str, x: float, y: float, width: int) -> None:
    """``text`` on a dark plate beside ``x`` (right of it, or left where the view ends)."""
    metrics = painter.fontMetrics()
    plate = QRectF(0, y, metrics.horizontalAdvance(text) + 10, metrics.height() + 4)
    left = x + 6 if x + 6 + plate.width() <= width else x - 6 - plate.width()
    plate.moveLeft(max(0.0, min(left, width - plate.width())))
    painter.fillRect(plate, QColor(20, 21, 26, 230))
    painter.setPen(QColor("#ffffff"))
    painter.drawText(plate, Qt.AlignmentFlag.AlignCenter, text)


def hit(cues: list[Cue], x: float, x_of: Callable[[float], float], edge_px: float) -> tuple[Cue, str] | None:
    """The cue under ``x`` and the part of it ("start", "end" or "body"); the last drawn first."""
    for cue in reversed(cues):
        x0, x1 = x_of(cue.start), x_of(cue.end)
        if abs(x - x0) <= edge_px:
            return cue, "start"
        if abs(x - x1) <= edge_px:
            return cue, "end"
        if x0 < x < x1:
            return cue, "body"
    return None


def snapped(frame: int, targets: list[int], cues: list[Cue], exclude: str, within: float) -> int:
    """``frame`` moved to the nearest of ``targets`` or of the edges of ``cues`` other than
    ``exclude``, when one is ``within`` that many frames."""
    edges = [*targets, *(edge for cue in cues if cue.id != exclude for edge in (cue.start, cue.end))]
    best = min(edges, key=lambda t: abs(t - frame), default=frame)
    return best if abs(best - frame) <= within else frame
