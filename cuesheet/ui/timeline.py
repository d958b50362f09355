"""The timeline: ruler in the project's timecode, waveform, cues as ranges, the playhead.

Frames here are project frames (start timecode applied). Cues come in the sheet's order (no sort
here) and follow its row changes. Only what is visible is drawn: cues are found by bisecting their
starts, the waveform is asked for one bucket per pixel. Dragging a cue's edge trims it and dragging
its body moves it; edges snap within 8 px to other cues' edges, the playhead and the open In (Shift
disables snapping). A finished drag is one edit command. The cues are first placed just after the
timeline's first paint (that picture has the ruler and an empty lane): numpy loads then, not before
the window is on the screen; anything that needs the places before makes them at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

from cuesheet.domain.commands import Command, EditCue
from cuesheet.domain.cue import Cue
from cuesheet.domain.project import Project
from cuesheet.domain.sheet import Delta, Sheet
from cuesheet.ui.timeline_colours import LANE_BACKGROUND, PALETTE, colour_index
from cuesheet.ui.timeline_drag import Drag, hit, paint_label, snapped
from cuesheet.ui.timeline_proposals import paint_outlines, paint_proposals
from cuesheet.ui.timeline_ruler import ruler_labels
from cuesheet.ui.view_state import ViewState

if TYPE_CHECKING:
    from cuesheet.media.waveform import Peaks
    from cuesheet.ui.timeline_lane import Spans

RULER_HEIGHT = 22
SNAP_PX = 8
EDGE_PX = 5
DRAW_MARGIN_PX = 16.0


class Timeline(QWidget):
    seek_requested = Signal(object)  # project frame (a Python int: frames can pass 2^31)
    cue_selected = Signal(str)
    edit_requested = Signal(object)  # a Command
    drag_refused = Signal()  # a drag on a read-only project: the window says why

    def __init__(self, state: ViewState | None = None) -> None:
        super().__init__()
        # Selection, open In and playhead are the window's, observed here (a lone timeline has its own).
        self.state = state or ViewState()
        self.state.selection_changed.connect(self.update)
        self.state.open_in_changed.connect(self.update)
        self.state.proposals_changed.connect(self.update)
        self.state.playhead_changed.connect(self._follow_playhead)
        self.setMinimumHeight(110)
        # The ruler and the lane cover every pixel: nothing behind the timeline is painted again.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.project: Project | None = None
        self.peaks: Peaks | None = None
        self.first_frame = 0  # the film's first frame (project frames)
        self.frame_count = 0
        self.frames_per_px = 4.0
        self.left_frame = 0.0
        self.sheet: Sheet | None = None  # the session's printed sheet: its order is the lanes' order
        self._spans: Spans | None = None  # the cues' places; None: to be made (``_placed``)
        self._painted = False
        self._drag: Drag | None = None
        self._scrubbing = False
        self.read_only = False  # cues can be selected, not dragged
        self._pressed_cue = False
        self._fit_on_resize = True  # until the user zooms, the whole film fits the width
        self.colour_by_motif = False  # colour by the theme a cue belongs to (where a theme recurs)

    # -- state -------------------------------------------------------------------------------

    def set_project(
        self, project: Project | None, first_frame: int, frame_count: int, sheet: Sheet | None = None
    ) -> None:
        self.project, self.first_frame, self.frame_count = project, first_frame, frame_count
        self.left_frame = float(first_frame)
        self._fit_on_resize = True
        self.show_sheet(project, sheet)

    def show_sheet(self, project: Project | None, sheet: Sheet | None) -> None:
        """The project read again (a read-only window following its writer): same view, new cues."""
        self.project, self.sheet = project, sheet
        self.cues_changed()

    def cues_changed(self) -> None:
        """Every cue to be placed again (a new sheet, colours by theme switched): at the next paint."""
        self._spans = None
        if self._fit_on_resize:  # still showing everything: an import past the end stays in view
            self.zoom_to_fit()
        self.update()

    def follow(self, delta: Delta) -> None:
        """The sheet changed by ``delta``: only the rows it names are placed again."""
        if self.sheet is None or delta.reset or self._spans is None:
            self.cues_changed()
            return
        self._spans.follow(delta, self.sheet.lines, self._colour_index)
        if self._fit_on_resize:  # still showing everything: cues added past the end stay in view
            self.zoom_to_fit()
        self.update()

    def _placed(self) -> Spans:
        """The cues' places, made now when they are not yet."""
        if self._spans is None:
            from cuesheet.ui.timeline_lane import Spans

            if self.sheet is not None:
                cues = self.sheet.cues()
            else:
                cues = self.project.cues_in_order() if self.project else []
            spans = Spans()
            spans.rebuild(cues, self._colour_index)
            self._spans = spans
        return self._spans

    def _place_later(self) -> None:
        if self._spans is None:
            self._placed()
            self.update()

    def _colour_index(self, cue: Cue) -> int:
        motifs = (self.project.motifs if self.project else []) if self.colour_by_motif else None
        return colour_index(cue, motifs)

    @property
    def playhead(self) -> int:
        return self.state.playhead

    @property
    def open_start(self) -> int | None:
        return self.state.open_in

    @property
    def selected(self) -> str | None:
        return self.state.selected

    def show_peaks(self, peaks: Peaks | None) -> None:
        self.peaks = peaks
        self.update()

    def _follow_playhead(self, frame: int) -> None:
        x = self.x_of(frame)
        if x > self.width() - 20 or x < 0:  # follow the playhead a page at a time
            self.left_frame = frame - 20 * self.frames_per_px
        self.update()

    def zoom_to_fit(self) -> None:
        """The film and every cue in view (an imported timeline may run past the film, and a
        project without a film has only its cues and running time to show)."""
        frames = max(self.frame_count, self._last_cue_end() - self.first_frame)
        if frames > 0 and self.width() > 0:
            self.frames_per_px = max(0.05, frames / max(1, self.width() - 10))
            self.left_frame = float(self.first_frame)
            self.update()

    def _last_cue_end(self) -> int:
        if self._spans is not None:  # placed: numpy has the ends
            return int(self._spans.ends.max()) if len(self._spans.cues) else 0
        return max((line.cue.end for line in self.sheet.lines), default=0) if self.sheet else 0

    @property
    def fits(self) -> bool:
        """True while the view follows the window (the whole film fits), until the user zooms."""
        return self._fit_on_resize

    def set_view(self, frames_per_px: float, left_frame: float) -> None:
        self.frames_per_px = max(0.05, min(20000.0, frames_per_px))
        self.left_frame = left_frame
        self._fit_on_resize = False
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit_on_resize:
            self.zoom_to_fit()

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        self._fit_on_resize = False
        anchor_x = self.width() / 2 if anchor_x is None else anchor_x
        anchor = self.frame_at(anchor_x)
        self.frames_per_px = max(0.05, min(20000.0, self.frames_per_px * factor))
        self.left_frame = anchor - anchor_x * self.frames_per_px
        self.update()

    # -- geometry ----------------------------------------------------------------------------

    def x_of(self, frame: float) -> float:
        return (frame - self.left_frame) / self.frames_per_px

    def draw_x(self, frame: float) -> float:
        """``x_of`` kept just outside the view: Qt paints in 32-bit coordinates (a cue at frame 10^12
        once crashed the paint), and nothing beyond the edges is seen anyway."""
        return min(max(self.x_of(frame), -DRAW_MARGIN_PX), self.width() + DRAW_MARGIN_PX)

    def frame_at(self, x: float) -> int:
        return round(self.left_frame + x * self.frames_per_px)

    def _visible_range(self) -> tuple[int, int]:
        last = self.left_frame + self.width() * self.frames_per_px
        return self._placed().between(self.left_frame, last)

    def visible_cues(self) -> list[Cue]:
        lo, hi = self._visible_range()
        return [c for c in self._placed().cues[lo:hi] if c.end >= self.left_frame]

    def _lane_rect(self) -> QRectF:
        return QRectF(0, RULER_HEIGHT, self.width(), self.height() - RULER_HEIGHT)

    # -- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        lane = self._lane_rect().toRect()
        if self._spans is None and not self._painted:  # the window's first picture: cues right after
            painter.fillRect(lane, LANE_BACKGROUND)
            QTimer.singleShot(0, self, self._place_later)
        else:
            painter.drawImage(lane.topLeft(), self._lane_image(lane.width(), lane.height()))
            lo, hi = self._visible_range()
            if hi - lo <= self.width() // 3:  # few enough to outline and label
                self._paint_cue_outlines(painter, self.visible_cues())
        self._painted = True
        if self.state.proposals:
            band = tuple(row + RULER_HEIGHT + inset for row, inset in zip(self._band(), (3, -3), strict=True))
            paint_proposals(painter, self.state.proposals, self.draw_x, band, self.width())
        self._paint_ruler(painter)
        self._paint_playhead(painter)
        if self._drag is not None and self.drag_label:
            edge = self._drag.new_end if self._drag.part == "end" else self._drag.new_start
            paint_label(painter, self.drag_label, self.draw_x(edge), RULER_HEIGHT + 2, self.width())
        painter.end()

    def _band(self) -> tuple[int, int]:
        """Rows of the lane that cues occupy (the waveform spans the whole lane)."""
        height = self.height() - RULER_HEIGHT
        return 14, height - 14

    def _lane_image(self, width: int, height: int) -> QImage:
        from cuesheet.ui.timeline_lane import lane_image

        lo, hi = self._visible_range()
        drag, preview = self._drag, None
        if drag is not None:  # show the drag preview, not the stored in/out
            row = self.sheet.row_of(drag.cue_id) if self.sheet else None
            preview = None if row is None else (row, drag.new_start, drag.new_end)
        columns = self._placed().columns(lo, hi, self.left_frame, self.frames_per_px, width, preview)
        buckets = None
        if self.peaks is not None and self.project is not None and width > 1:
            rate = float(self.project.production.rate.rate)
            start_s = (self.left_frame - self.first_frame) / rate
            end_s = start_s + width * self.frames_per_px / rate
            if end_s > 0 and start_s < self.peaks.seconds:  # far from the film: no waveform to ask for
                buckets = self.peaks.span(start_s, end_s, width)
        open_span = None
        if self.open_start is not None:
            open_span = (self.draw_x(self.open_start), self.draw_x(max(self.playhead, self.open_start + 1)))
        return lane_image(width, height, self._band(), columns, PALETTE, buckets, open_span)

    def _paint_ruler(self, painter: QPainter) -> None:
        painter.fillRect(QRectF(0, 0, self.width(), RULER_HEIGHT), QColor("#2b2d31"))
        if self.project is None:
            return
        painter.setPen(QColor("#b8bcc4"))
        painter.setFont(QFont(self.font().family(), 8))
        metrics = painter.fontMetrics()
        rate, width = self.project.production.rate, self.width()
        for x, label, label_x in ruler_labels(
            rate, self.left_frame, self.frames_per_px, width, metrics.horizontalAdvance
        ):
            painter.drawLine(QPointF(x, RULER_HEIGHT - 6), QPointF(x, RULER_HEIGHT))
            painter.drawText(QPointF(label_x, 12), label)

    def _paint_cue_outlines(self, painter: QPainter, visible: list[Cue]) -> None:
        """Outlines and labels, when cues are wide enough to tell apart (opaque pens only)."""
        top, bottom = self._band()
        top += RULER_HEIGHT
        bottom += RULER_HEIGHT
        boxes = []
        for cue in visible:
            start, end = self.span_of(cue)
            x0, x1 = round(self.draw_x(start)), round(self.draw_x(end))
            boxes.append((QRect(x0, top, max(1, x1 - x0), bottom - top), cue))
        painter.setFont(QFont(self.font().family(), 8))
        project = self.project
        paint_outlines(painter, boxes, self.selected, project.title_of if project else lambda cue: "")
        if self.open_start is not None:
            x = round(self.draw_x(self.open_start))
            painter.setPen(QPen(QColor("#ffffff"), 1, Qt.PenStyle.DashLine))
            painter.drawLine(x, top, x, bottom)

    @property
    def drag_label(self) -> str:
        """The running timecode beside a dragged edge ("" when nothing is dragged)."""
        if self._drag is None or self.project is None:
            return ""
        return self._drag.label(self.project.production.rate)

    def span_of(self, cue: Cue) -> tuple[int, int]:
        """The cue's in/out as drawn: the drag preview while it is being dragged."""
        drag = self._drag
        if drag is not None and drag.cue_id == cue.id:
            return drag.new_start, drag.new_end
        return cue.start, cue.end

    def _paint_playhead(self, painter: QPainter) -> None:
        x = self.draw_x(self.playhead)
        painter.setPen(QPen(QColor("#ff4d4d"), 1))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))

    # -- mouse -------------------------------------------------------------------------------

    def _hit(self, x: float, y: float) -> tuple[Cue, str] | None:
        return None if y < RULER_HEIGHT else hit(self.visible_cues(), x, self.x_of, EDGE_PX)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        hit = self._hit(position.x(), position.y())
        if hit is None:
            self._scrubbing = True
            self.seek_requested.emit(self.frame_at(position.x()))
            return
        cue, part = hit
        self.state.select(cue.id)
        self.cue_selected.emit(cue.id)
        self._pressed_cue = self.read_only
        if self.read_only:
            self.update()
            return
        self._drag = Drag(cue.id, part, self.frame_at(position.x()), cue.start, cue.end, cue.start, cue.end)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        if self._scrubbing:
            self.seek_requested.emit(self.frame_at(position.x()))
            return
        if self._pressed_cue:
            self._pressed_cue = False  # said once per press
            self.drag_refused.emit()
            return
        if self._drag is None:
            hit = self._hit(position.x(), position.y())
            edge = hit is not None and hit[1] != "body"
            self.setCursor(Qt.CursorShape.SizeHorCursor if edge else Qt.CursorShape.ArrowCursor)
            return
        snap = not (event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        cue_id = self._drag.cue_id
        self._drag.move_to(self.frame_at(position.x()), lambda f: self._snapped(f, cue_id, snap))
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._scrubbing = self._pressed_cue = False
        drag, self._drag = self._drag, None
        if drag is None or self.project is None or drag.cue_id not in self.project.cues:
            return
        if (drag.new_start, drag.new_end) != (drag.start, drag.end):
            command: Command = EditCue(drag.cue_id, start=drag.new_start, end=drag.new_end)
            command.text = "Trim cue" if drag.part != "body" else "Move cue"
            self.edit_requested.emit(command)
        self.update()

    def _snapped(self, frame: int, exclude: str, snap: bool) -> int:
        if not snap:
            return frame
        targets = [self.playhead, *([self.open_start] if self.open_start is not None else [])]
        return snapped(frame, targets, self.visible_cues(), exclude, SNAP_PX * self.frames_per_px)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(0.8**steps, event.position().x())
        else:
            self.left_frame -= steps * 60 * self.frames_per_px
            self.update()
