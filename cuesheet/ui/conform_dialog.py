"""Cue ▸ Conform to a new cut…: every cue with its status and its old → new In/Out, before anything
changes (domain.conform plans; this dialog only shows it and asks whether to add the new music)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cuesheet.domain.conform import ConformPlan, Status
from cuesheet.domain.timecode import FrameRate, format_timecode
from cuesheet.ui.file_actions import FILM_FILTER
from cuesheet.ui.table_model import FlatTableModel, Index

HEADERS = ("#", "Cue", "Title", "Status", "Old In", "Old Out", "New In", "New Out")
FLAGGED = QColor("#9a6700")


class ConformModel(FlatTableModel):
    """One row per cue, and one per further piece of a split cue."""

    headers = HEADERS

    def __init__(self, plan: ConformPlan, titles: dict[str, str], rate: FrameRate) -> None:
        super().__init__()
        self.rate = rate
        self.rows: list[tuple[int, str, str, Status, int, int, tuple[int, int] | None]] = []
        for seq, item in enumerate(plan.cues, 1):
            cue = item.cue
            places: list[tuple[int, int] | None] = list(item.new) or [None]
            for place in places:
                self.rows.append(
                    (seq, cue.number, titles.get(cue.id, ""), item.status, cue.start, cue.end, place)
                )

    def row_count(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        seq, number, title, status, start, end, place = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and status in (
            Status.SPLIT,
            Status.REMOVED,
            Status.TRIMMED,
        ):
            return FLAGGED
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column >= 6:
            return "—" if place is None else format_timecode(place[column - 6], self.rate)
        return (seq, number, title, status.value, format_timecode(start, self.rate),
                format_timecode(end, self.rate))[column]  # fmt: skip


class ConformDialog(QDialog):
    def __init__(
        self,
        plan: ConformPlan,
        titles: dict[str, str],
        rate: FrameRate,
        cut_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Conform to a new cut — {cut_name}")
        self.resize(860, 560)
        counts = ", ".join(f"{plan.counts.get(s, 0)} {s.value}" for s in Status)
        summary = QLabel(
            f"{len(plan.cues)} cues: {counts}. Trimmed, split and removed cues get a Conform note (Problems "
            "lists them until it is cleared); a removed cue stays where it was."
        )
        summary.setWordWrap(True)
        self.model = ConformModel(plan, titles, rate)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        count = len(plan.proposed.cues)
        self.add_new = QCheckBox(
            f"Add {count} cue{'' if count == 1 else 's'} for music of the new cut no cue covers"
        )
        self.add_new.setChecked(count > 0)
        self.add_new.setEnabled(count > 0)
        self.film: Path | None = None  # the new cut's film, linked in the same step when chosen
        self.film_button = QPushButton("Film of the new cut…")
        self.film_button.setToolTip("Link the new cut's film (QuickTime/MP4 export) in the same step")
        self.film_button.clicked.connect(self._choose_film)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton("Conform", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(bool(plan.changes()) or count > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.add_new)
        film = QHBoxLayout()
        film.addWidget(self.film_button)
        self.film_label = QLabel("The film stays linked as it is.")
        film.addWidget(self.film_label, 1)
        layout.addLayout(film)
        layout.addWidget(buttons)

    def _choose_film(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Film of the new cut", "", FILM_FILTER)
        if name:
            self.film = Path(name)
            self.film_label.setText(f"Links {self.film.name} with the conform.")
