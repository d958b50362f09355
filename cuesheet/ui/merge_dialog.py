"""The review step of "Import cues from another project…": what will come in, and per conflicting
cue whether to keep ours or take theirs, before anything changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cuesheet.domain.merge import Conflict, MergePlan
from cuesheet.domain.project import Project


class MergeDialog(QDialog):
    def __init__(self, plan: MergePlan, mine: Project, source_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(f"Import cues from {source_name}")
        self.resize(760, 460)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)

        self.table = QTableWidget(len(plan.conflicts), 6)
        self.table.setHorizontalHeaderLabels(
            ["Take theirs", "Cue", "In", "Title (yours)", "Differs in", "Theirs"]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self._checks: list[QTableWidgetItem] = []  # the "Take theirs" box of each conflict's row
        for row, conflict in enumerate(plan.conflicts):
            check = QTableWidgetItem()
            self._checks.append(check)
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked if conflict.take_theirs else Qt.CheckState.Unchecked)
            cells = [
                check,
                QTableWidgetItem(conflict.mine.number),
                QTableWidgetItem(mine.production.timecode(conflict.mine.start)),
                QTableWidgetItem(mine.title_of(conflict.mine)),
                QTableWidgetItem(", ".join(conflict.differences)),
                QTableWidgetItem(_their_values(conflict, mine)),
            ]
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(self._toggled)
        if plan.conflicts:
            layout.addWidget(QLabel("Cues in both projects with different data (unticked keeps yours):"))
            layout.addWidget(self.table)
        else:
            self.table.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._refresh()

    def set_take_theirs(self, row: int, take: bool) -> None:
        self._checks[row].setCheckState(Qt.CheckState.Checked if take else Qt.CheckState.Unchecked)

    def _toggled(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self.plan.conflicts[item.row()].take_theirs = item.checkState() == Qt.CheckState.Checked
            self._refresh()

    def _refresh(self) -> None:
        lines = self.plan.summary()
        if self.plan.is_empty():
            lines.append("Nothing changes unless you tick “Take theirs” below." if self.plan.conflicts
                         else "Nothing to import: every cue is already here.")  # fmt: skip
        self.summary.setText("\n".join(lines))
        self.apply_button.setEnabled(not self.plan.is_empty())


def _their_values(conflict: Conflict, mine: Project) -> str:
    """Their side of the differences shown with values, so the choice can be made from the list."""
    shown = []
    for what, _, theirs in conflict.changes(mine):
        if theirs:
            shown.append(f"“{theirs}”" if what == "title" else f"{what} {theirs}")
    return "; ".join(shown)
