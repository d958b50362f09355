"""File ▸ Import editor's timeline…: the review before anything changes. The timeline's audio tracks
with their clip counts (the music tracks ticked), the join gap, the cues the ticked tracks make
(In, Out, title, tracks), and what was left out and why. Planning is in the domain
(domain.timeline_cues); this dialog only chooses its inputs and shows its result."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cuesheet.domain.edit import EditTimeline
from cuesheet.domain.limits import max_frames
from cuesheet.domain.timecode import format_timecode
from cuesheet.domain.timeline_cues import TimelinePlan, choose_tracks, plan_cues
from cuesheet.ui.table_model import FlatTableModel, Index

HEADERS = ("In", "Out", "Duration", "Title", "Tracks", "Clips", "Origin")


class PlanModel(FlatTableModel):
    """The proposed cues, one row each; texts made when a row is shown (500 rows open at once)."""

    headers = HEADERS

    def __init__(self, timeline: EditTimeline) -> None:
        super().__init__()
        self.timeline = timeline
        self.plan: TimelinePlan | None = None

    def set_plan(self, plan: TimelinePlan) -> None:
        self.beginResetModel()
        self.plan = plan
        self.endResetModel()

    def row_count(self) -> int:
        return 0 if self.plan is None else len(self.plan.cues)

    def data(self, index: Index, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.plan is None or not index.isValid():
            return None
        cue, rate = self.plan.cues[index.row()], self.timeline.rate
        column = index.column()
        if column == 0:
            return format_timecode(cue.start, rate)
        if column == 1:
            return format_timecode(cue.end, rate)
        if column == 2:
            return format_timecode(cue.end - cue.start, rate)
        if column == 3:
            return cue.title
        if column == 4:
            return " ".join(cue.tracks)
        if column == 5:
            return cue.clips
        return cue.origin.label


class TimelineImportDialog(QDialog):
    planned = Signal(object)  # the TimelinePlan each time the choices change (the timeline draws it)

    def __init__(
        self,
        timeline: EditTimeline,
        file_name: str,
        covered: Iterable[tuple[str, int, int]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.timeline, self.covered = timeline, list(covered)
        self.setWindowTitle(f"Import editor's timeline — {file_name}")
        self.resize(820, 560)
        start = format_timecode(timeline.start_frame, timeline.rate)
        header = QLabel(f"<b>{_escape(timeline.title) or file_name}</b> — {timeline.format}, "
                        f"{timeline.rate} fps, starts at {start}")  # fmt: skip
        self.tracks = QListWidget()
        self.tracks.setAccessibleName("Audio tracks")
        chosen = {t.label for t in choose_tracks(timeline)}
        for track in timeline.audio:
            count = len(track.clips)
            text = f"{track.label}  {track.name}".rstrip() + f"   ({count} clip{'' if count == 1 else 's'})"
            item = QListWidgetItem(text + ("   muted" if track.muted else ""))
            item.setData(Qt.ItemDataRole.UserRole, track.label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if track.label in chosen else Qt.CheckState.Unchecked)
            self.tracks.addItem(item)
        self.join_gap = QSpinBox()
        self.join_gap.setRange(0, max_frames(timeline.rate.rate))
        self.join_gap.setSuffix(" frames")
        self.join_gap.setToolTip("Clips of one source at most this far apart become one cue")
        self.model = PlanModel(timeline)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.left_out = QLabel()
        self.left_out.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        choices = QWidget()
        form = QFormLayout(choices)
        form.addRow("Music tracks:", self.tracks)
        form.addRow("Join gap:", self.join_gap)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(choices)
        split.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(split, 1)
        layout.addWidget(self.left_out)
        layout.addWidget(self.buttons)

        self._replan_soon = QTimer(self, singleShot=True, interval=0)  # one plan per burst of ticks
        self._replan_soon.timeout.connect(self.replan)
        self.tracks.itemChanged.connect(self._replan_soon.start)
        self.join_gap.valueChanged.connect(self._replan_soon.start)
        self.plan: TimelinePlan = plan_cues(timeline, [], 0)
        self.replan()

    def chosen_labels(self) -> list[str]:
        items = (self.tracks.item(row) for row in range(self.tracks.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def replan(self) -> None:
        labels = set(self.chosen_labels())
        tracks = [t for t in self.timeline.audio if t.label in labels]
        self.plan = plan_cues(self.timeline, tracks, self.join_gap.value(), self.covered)
        self.model.set_plan(self.plan)
        count = len(self.plan.cues)
        self.apply_button.setText(f"Import {count} cue{'' if count == 1 else 's'}")
        self.apply_button.setEnabled(count > 0)
        lines = [f"Left out: {n} {reason}" for reason, n in sorted(self.plan.left_out.items())]
        lines += [f"Note: {note}" for note in self.timeline.notes]
        if not tracks:
            lines.insert(0, "Tick the tracks that carry music.")
        self.left_out.setText("\n".join(lines))
        self.planned.emit(self.plan)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
