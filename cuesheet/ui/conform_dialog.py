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
from cuesheet.ui.table_model import Index, TickedTableModel

HEADERS = ("#", "Cue", "Title", "Status", "Old In", "Old Out", "New In", "New Out")
FLAGGED = QColor("#9a6700")
HELD = QColor("#8a8a8a")  # unticked: the cue stays where it was


class ConformModel(TickedTableModel):
    """One row per cue, and one per further piece of a split cue; each changed cue's first row has
    a tick: unticked, its change is held back (it stays where it was, flagged)."""

    headers = HEADERS

    def __init__(self, plan: ConformPlan, titles: dict[str, str], rate: FrameRate) -> None:
        self.rate = rate
        self.rows: list[tuple[int, str, str, Status, int, int, tuple[int, int] | None]] = []
        self._firsts: dict[int, str] = {}  # row -> id of the changed cue it starts
        self._first_of: list[int] = []  # row -> the first row of its cue (a split cue has more)
        for seq, item in enumerate(plan.cues, 1):
            cue, first = item.cue, len(self.rows)
            if item.status is not Status.UNCHANGED:
                self._firsts[first] = cue.id
            places: list[tuple[int, int] | None] = list(item.new) or [None]
            for place in places:
                self.rows.append(
                    (seq, cue.number, titles.get(cue.id, ""), item.status, cue.start, cue.end, place)
                )
                self._first_of.append(first)
        super().__init__(len(self.rows))

    def row_count(self) -> int:
        return len(self.rows)

    def tickable(self, row: int) -> bool:
        return row in self._firsts

    def held(self) -> set[str]:
        """The changed cues the user unticked."""
        return {cue_id for row, cue_id in self._firsts.items() if not self.ticked[row]}

    def accepted(self) -> int:
        return len(self._firsts) - len(self.held())

    def rows_changed(self, first: int, last: int) -> None:
        """A split cue's further pieces follow its first row's tick."""
        while last + 1 < len(self.rows) and self._first_of[last + 1] == self._first_of[last]:
            last += 1
        super().rows_changed(first, last)

    def _is_held(self, row: int) -> bool:
        first = self._first_of[row]
        return first in self._firsts and not self.ticked[first]

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.CheckStateRole:
            return self.tick_state(index)
        seq, number, title, status, start, end, place = self.rows[index.row()]
        held = self._is_held(index.row())
        if role == Qt.ItemDataRole.ForegroundRole:
            if held:
                return HELD
            return FLAGGED if status in (Status.SPLIT, Status.REMOVED, Status.TRIMMED) else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column >= 6:  # a held cue keeps its old place
            return "kept" if held else "—" if place is None else format_timecode(place[column - 6], self.rate)
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
            "lists them until it is cleared); a removed cue stays where it was. Untick a cue to keep it "
            "where it was in the old cut (it is flagged too)."
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
        self._changed = len(plan.changes())  # cues a tick applies to
        ticks = QHBoxLayout()
        for label, ticked in (("Tick all", True), ("Untick all", False)):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, ticked=ticked: self.model.tick_all(ticked))
            button.setEnabled(self._changed > 0)
            ticks.addWidget(button)
        ticks.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton("Conform", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(self._changed > 0 or count > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(ticks)
        layout.addWidget(self.add_new)
        film = QHBoxLayout()
        film.addWidget(self.film_button)
        self.film_label = QLabel("The film stays linked as it is.")
        film.addWidget(self.film_label, 1)
        layout.addLayout(film)
        layout.addWidget(buttons)
        self.model.ticks_changed.connect(self._ticks)
        self._ticks()

    def _ticks(self) -> None:
        if self._changed:
            self.apply_button.setText(f"Conform ({self.model.accepted()} of {self._changed} changes)")

    def _choose_film(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Film of the new cut", "", FILM_FILTER)
        if name:
            self.film = Path(name)
            self.film_label.setText(f"Links {self.film.name} with the conform.")
