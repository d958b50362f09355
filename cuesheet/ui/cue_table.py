"""The cue list: a filter field over a sortable table of the printed sheet's lines, with selection by
id, and the total music under it (as the cue sheet prints it)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from cuesheet.domain.commands import Command
from cuesheet.domain.sheet import Delta, Sheet
from cuesheet.ui.cue_cell_delegate import CueCellDelegate
from cuesheet.ui.cue_table_model import TITLE, CueTableModel

# Fixed widths: measuring every row's contents (ResizeToContents) costs seconds at 5,000 cues.
COLUMN_WIDTHS = (34, 58, 200, 72, 50, 86, 86, 60, 84)


class CueTable(QWidget):
    cue_selected = Signal(str)  # the user picked a row

    def __init__(self, run: Callable[[Command], object], status: Callable[[str], None]) -> None:
        super().__init__()
        self.model = CueTableModel()
        # The rows as shown. The model filters and sorts itself (a proxy would ask data() per row
        # for every keystroke); the name stays for the callers that read the rows as shown.
        self.proxy = self.model
        self.sheet: Sheet | None = None  # the session's printed sheet
        self._filing = ""  # the sheet against its last filing, shown under the totals
        self._selected: str | None = None  # the cue last selected here, kept through filtering
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(CueCellDelegate(self.model, self.table))
        self.table.setWordWrap(False)  # one line a row: cut at the letter ("no wr…"), not the word ("no …")
        # After the delegate has finished committing, not inside setData.
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
        self.filter.textChanged.connect(self._filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        self.totals = QLabel(wordWrap=True)
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.totals)
        self._update_totals()
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

    def show_sheet(self, sheet: Sheet | None) -> None:
        """Another project, or the same read again: every row anew."""
        self.sheet = sheet
        self._selected = None
        self.model.set_sheet(sheet)
        self._update_totals()

    def follow(self, delta: Delta, selected: str | None) -> None:
        """The sheet changed by ``delta``: rows follow, and the selection stays on ``selected`` (a
        row keeps its selection unless its cue moved to another row)."""
        self.model.follow(delta)
        self._update_totals()
        if selected is not None and self._selected_id() != selected:
            self.select(selected)

    def select(self, cue_id: str) -> None:
        self._selected = cue_id
        row = self.model.row_of(cue_id)
        if row is None:  # filtered out: no other row stays selected in its place
            self.table.selectionModel().clearSelection()
            return
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(index, flags)
        self.table.scrollTo(index)

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        # A selection filtered out comes back with its row, as in a list that was only narrowed;
        # one still shown stays in view (clearing the filter brings back thousands of rows).
        if self._selected is not None and self._selected_id() is None:
            self.select(self._selected)
        elif rows := self.table.selectionModel().selectedRows():
            self.table.scrollTo(rows[0])

    def _selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.cue_at(rows[0].row()).id if rows else None

    def show_filing(self, text: str) -> None:
        """The sheet against its last filing (filing_service.filing_status), under the totals."""
        self._filing = text
        self._update_totals()

    def _update_totals(self) -> None:
        if self.sheet is None:
            self.totals.clear()
            return
        totals = f"Total music {self.sheet.summary()}  ·  {self.sheet.usage_text()}"
        self.totals.setText(f"{totals}\n{self._filing}" if self._filing else totals)

    def _on_selection(self) -> None:
        cue_id = self._selected_id()
        if cue_id is not None:
            self._selected = cue_id
            self.cue_selected.emit(cue_id)
