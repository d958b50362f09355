"""What every flat table model here shares: fixed column headers and a row count; a review's
table also ticks rows (``TickedTableModel``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

Index = QModelIndex | QPersistentModelIndex


class FlatTableModel(QAbstractTableModel):
    """Subclasses set ``headers`` and implement ``row_count()``."""

    headers: tuple[str, ...] = ()

    def row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


class TickedTableModel(FlatTableModel):
    """A review's table: a tick in the first column of each row that ``tickable`` allows (what the
    review applies), all ticked at first; Tick all / Untick all call ``tick_all``."""

    ticks_changed = Signal()

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.ticked = [True] * rows

    def tickable(self, row: int) -> bool:
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self.tickable(index.row()):
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def tick_state(self, index: Index) -> Qt.CheckState | None:
        """For ``data``'s CheckStateRole: None where the row has no tick."""
        if index.column() != 0 or not self.tickable(index.row()):
            return None
        return Qt.CheckState.Checked if self.ticked[index.row()] else Qt.CheckState.Unchecked

    def setData(self, index: Index, value: Any, role: int = 0) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0 or not self.tickable(index.row()):
            return False
        self.ticked[index.row()] = Qt.CheckState(value) == Qt.CheckState.Checked
        self.rows_changed(index.row(), index.row())
        self.ticks_changed.emit()
        return True

    def tick_all(self, ticked: bool) -> None:
        self.ticked = [ticked] * len(self.ticked)
        if self.ticked:
            self.rows_changed(0, len(self.ticked) - 1)
        self.ticks_changed.emit()

    def rows_changed(self, first: int, last: int) -> None:
        """Rows ``first``…``last`` repainted whole (a row may show what its tick means)."""
        self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))
