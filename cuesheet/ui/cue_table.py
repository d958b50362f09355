"""The cue list: a filter field over a sortable table of the project's cues, with selection by id,
and the total music under it (as the cue sheet prints it)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from cuesheet.domain.commands import Command
from cuesheet.domain.sheet import Sheet
from cuesheet.ui.cue_table_model import SORT_ROLE, TITLE, CueTableModel

# Fixed widths: measuring every row's contents (ResizeToContents) costs seconds at 5,000 cues.
COLUMN_WIDTHS = (34, 58, 200, 72, 50, 86, 86, 60, 84)


class CueTable(QWidget):
    cue_selected = Signal(str)  # the user picked a row

    def __init__(self, run: Callable[[Command], object], status: Callable[[str], None]) -> None:
        super().__init__()
        self.model = CueTableModel()
        self.sheet: Sheet | None = None  # the session's printed sheet, when the window gives it
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        # After the delegate has finished committing, not inside setData (the edit resets the model).
        self.model.on_edit = lambda command: QTimer.singleShot(0, lambda: run(command))
        self.model.on_refused = status
        self.table.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked | QTableView.EditTrigger.EditKeyPressed
        )
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # rows arrive in sequence order
        self.table.setSortingEnabled(True)
        self.table.setMinimumHeight(130)  # several cues stay visible however tall the inspector is
        self.filter = QLineEdit(placeholderText="Filter cues…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        self.totals = QLabel(wordWrap=True)
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.totals)
        # The model resets once per edit (and on open): the totals are computed then, not per paint.
        self.model.modelReset.connect(self._update_totals)
        self._update_totals()
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

    def select(self, cue_id: str) -> None:
        row = self.model.row_of(cue_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(index, flags)
        self.table.scrollTo(index)

    def _update_totals(self) -> None:
        project = self.model._project  # the model holds the project it shows
        if project is None:
            self.totals.clear()
            return
        totals = self.sheet or Sheet.of(project)
        self.totals.setText(f"Total music {totals.summary()}  ·  {totals.usage_text()}")

    def _on_selection(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.cue_selected.emit(self.model.cue_at(self.proxy.mapToSource(rows[0]).row()).id)
