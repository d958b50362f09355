"""Cue ▸ Find music in the film…: what listening found, one row each (ticked), drawn on the timeline
while the dialog is open; the user unticks what is wrong (or rejects all but a few) and adds the
rest as cues in one step. Planning and making the command are in the services and the domain."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cuesheet.domain.spotting_cues import Proposal
from cuesheet.domain.timecode import FrameRate, format_timecode
from cuesheet.domain.usage import Origin
from cuesheet.ui.table_model import Index, TickedTableModel

HEADERS = ("", "Title", "In", "Out", "Duration", "Confidence", "Artist", "File")


class ProposalModel(TickedTableModel):
    headers = HEADERS

    def __init__(self, proposals: list[Proposal], rate: FrameRate) -> None:
        super().__init__(len(proposals))
        self.proposals, self.rate = proposals, rate

    def row_count(self) -> int:
        return len(self.proposals)

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.CheckStateRole:
            return self.tick_state(index)
        column = index.column()
        if role != Qt.ItemDataRole.DisplayRole or column == 0:
            return None
        p = self.proposals[index.row()]
        texts = (p.title, format_timecode(p.start, self.rate), format_timecode(p.end, self.rate),
                 format_timecode(p.end - p.start, self.rate), f"{p.confidence:.0%}", p.artist,
                 p.file.rsplit("/", 1)[-1])  # fmt: skip
        return texts[column - 1]

    def chosen(self) -> list[Proposal]:
        return [p for p, ticked in zip(self.proposals, self.ticked, strict=True) if ticked]


class SpottingDialog(QDialog):
    chosen_changed = Signal(object)  # the ticked proposals (the timeline outlines them)

    def __init__(
        self, proposals: list[Proposal], listened: int, rate: FrameRate, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Music found in the film")
        self.resize(900, 520)
        summary = QLabel(
            f"{len(proposals)} found of {listened} recording{'' if listened == 1 else 's'} listened for. "
            "Untick what is wrong; the ticked ones become cues in one step (Undo takes them back)."
        )
        summary.setWordWrap(True)
        self.model = ProposalModel(proposals, rate)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.origin = QComboBox()
        for origin in Origin:
            self.origin.addItem(origin.label, origin)
        self.origin.setCurrentIndex(list(Origin).index(Origin.LICENSED))
        accept_all, reject_all = QPushButton("Tick all"), QPushButton("Untick all")
        accept_all.clicked.connect(lambda: self.model.tick_all(True))
        reject_all.clicked.connect(lambda: self.model.tick_all(False))
        row = QHBoxLayout()
        row.addWidget(accept_all)
        row.addWidget(reject_all)
        row.addStretch(1)
        row.addWidget(QLabel("Origin of the new cues:"))
        row.addWidget(self.origin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton("Add", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.model.ticks_changed.connect(self._ticks)
        self._ticks()

    def _ticks(self) -> None:
        chosen = self.model.chosen()
        self.apply_button.setText(f"Add {len(chosen)} cue{'' if len(chosen) == 1 else 's'}")
        self.apply_button.setEnabled(bool(chosen))
        self.chosen_changed.emit(chosen)

    def chosen_origin(self) -> Origin:
        found: Origin = self.origin.currentData()
        return found
