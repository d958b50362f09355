"""The cue list as a Qt table model; reads the in-memory project only, never the file."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from cuesheet.domain.cue import Cue
from cuesheet.domain.durations import format_duration
from cuesheet.domain.project import Project
from cuesheet.domain.timecode import format_timecode

SEQ, NUMBER, TITLE, ORIGIN, USAGE, TC_IN, TC_OUT, DURATION = range(8)
HEADERS = ("#", "Cue", "Title", "Origin", "Usage", "In", "Out", "Duration")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class CueTableModel(QAbstractTableModel):
    def __init__(self, project: Project | None = None) -> None:
        super().__init__()
        self._project = project
        self._cues: list[Cue] = []
        self.reload()

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.reload()

    def reload(self, ordered: list[Cue] | None = None) -> None:
        self.beginResetModel()
        if ordered is None:
            ordered = self._project.cues_in_order() if self._project else []
        self._cues = ordered
        self._sort_keys: dict[int, list[Any]] = {}  # column -> raw sort values, built on first sort
        self.endResetModel()

    def row_of(self, cue_id: str) -> int | None:
        for row, cue in enumerate(self._cues):
            if cue.id == cue_id:
                return row
        return None

    def cue_at(self, row: int) -> Cue:
        return self._cues[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cues)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._project is None:
            return None
        cue = self._cues[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), index.column(), cue)
        if role == SORT_ROLE:
            keys = self._sort_keys.get(index.column())
            if keys is None:  # a sort asks every row: compute the column once, not per comparison
                keys = [self._sort_value(row, index.column(), c) for row, c in enumerate(self._cues)]
                self._sort_keys[index.column()] = keys
            return keys[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (TC_IN, TC_OUT, DURATION):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: int, column: int, cue: Cue) -> str:
        assert self._project is not None
        rate = self._project.production.rate
        return {
            SEQ: lambda: str(row + 1),
            NUMBER: lambda: cue.number,
            TITLE: lambda: self._project.title_of(cue) or "(untitled)",  # type: ignore[union-attr]
            ORIGIN: lambda: cue.origin.label,
            USAGE: lambda: cue.usage.value,
            TC_IN: lambda: format_timecode(cue.start, rate),
            TC_OUT: lambda: format_timecode(cue.end, rate),
            DURATION: lambda: format_duration(cue.duration, rate, self._project.settings.rounding),  # type: ignore[union-attr]
        }[column]()

    def _sort_value(self, row: int, column: int, cue: Cue) -> Any:
        raw = {SEQ: row, TC_IN: cue.start, TC_OUT: cue.end, DURATION: cue.duration}
        return raw.get(column, self._text(row, column, cue).casefold())
