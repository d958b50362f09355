"""The production's composer agreements: list, add, edit, remove — each one undoable step.

Reached from Edit ▸ Composer agreements… (wired by the action registry, not the window). The dialog
stays in step with undo and redo made while it is open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cuesheet.domain.agreement_commands import AddAgreement, DeleteAgreement, EditAgreement
from cuesheet.domain.agreements import ComposerAgreement, check_fields, coverage
from cuesheet.domain.commands import Command
from cuesheet.domain.project import Project

COLUMNS = ("Composer", "Reference", "Date", "Covers", "Cues")
TEXTS = {"composer": "Composer", "reference": "Reference", "date": "Date (YYYY-MM-DD)", "notes": "Notes"}


class AgreementsDialog(QDialog):
    def __init__(
        self, project: Callable[[], Project | None], run: Callable[[Command], object], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Composer agreements")
        self._project, self._run = project, run
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.texts = {name: QLineEdit() for name in TEXTS}
        self.covers_all = QCheckBox("Covers every score cue that names no other agreement")
        self.covers_all.setChecked(True)
        self.message = QLabel()
        self.add_button, self.save_button = QPushButton("&Add"), QPushButton("&Save changes")
        self.remove_button = QPushButton("&Remove")
        form = QFormLayout()
        for name, label in TEXTS.items():
            form.addRow(label, self.texts[name])
        form.addRow("", self.covers_all)
        row = QHBoxLayout()
        for button in (self.add_button, self.save_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for part in (self.table, form, row, self.message, close):
            layout.addWidget(part) if isinstance(part, QWidget) else layout.addLayout(part)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.add_button.clicked.connect(self.add)
        self.save_button.clicked.connect(self.save)
        self.remove_button.clicked.connect(self.remove)
        self.resize(640, 420)
        self.refresh()

    # -- showing -----------------------------------------------------------------------------

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def refresh(self) -> None:
        """Show the project's agreements again (after an edit, an undo or a redo), keeping the selection."""
        project, keep = self._project(), self.selected_id()
        agreements = (
            sorted(project.agreements.values(), key=lambda a: (a.date, a.composer, a.id)) if project else []
        )
        covered = coverage(project).by_agreement if project else {}
        self.table.blockSignals(True)
        self.table.setRowCount(len(agreements))
        for row, a in enumerate(agreements):
            cues = covered.get(a.id, [])
            cells = (a.composer, a.reference, a.date, "all score" if a.covers_all else "named cues",
                     ", ".join(c.number for c in cues) or "—")  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, a.id)
                self.table.setItem(row, column, item)
            if a.id == keep:
                self.table.selectRow(row)
        self.table.blockSignals(False)
        self._show_selected()

    def on_edited(self, *_: object) -> None:
        self.refresh()

    def _show_selected(self) -> None:
        project, chosen = self._project(), self.selected_id()
        agreement = project.agreements.get(chosen) if project and chosen else None
        self.save_button.setEnabled(agreement is not None)
        self.remove_button.setEnabled(agreement is not None)
        if agreement is not None:
            for name, edit in self.texts.items():
                edit.setText(getattr(agreement, name))
            self.covers_all.setChecked(agreement.covers_all)

    # -- editing -----------------------------------------------------------------------------

    def _values(self) -> dict[str, Any] | None:
        """The form's values, or None (with the reason shown) when one is not acceptable."""
        values: dict[str, Any] = {name: edit.text().strip() for name, edit in self.texts.items()}
        try:
            check_fields(**values)
        except ValueError as error:
            self._refuse(str(error))
            return None
        values["covers_all"] = self.covers_all.isChecked()
        return values

    def _refuse(self, message: str) -> None:
        self.message.setText(message)

    def add(self) -> None:
        values = self._values()
        if values is not None:
            agreement = ComposerAgreement(**values)
            self._done(self._run(AddAgreement(agreement)), agreement.id)

    def save(self) -> None:
        project, chosen, values = self._project(), self.selected_id(), self._values()
        if project is None or chosen is None or values is None or chosen not in project.agreements:
            return
        current = project.agreements[chosen]
        changes = {name: value for name, value in values.items() if getattr(current, name) != value}
        if changes:
            command = EditAgreement(chosen, **changes)
            command.text = "Change composer agreement"
            self._done(self._run(command), chosen)

    def remove(self) -> None:
        chosen = self.selected_id()
        if chosen is not None:
            self._done(self._run(DeleteAgreement(chosen)), None)

    def _done(self, ran: object, select: str | None) -> None:
        self.message.setText("" if ran is not False else "Not saved; see the status bar")
        self.refresh()
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if select is not None and item is not None and item.data(Qt.ItemDataRole.UserRole) == select:
                self.table.selectRow(row)


def open_agreements(window: Any) -> AgreementsDialog | None:
    """Open the dialog over the main window (the registry calls this with the window)."""
    session = window.session
    if session.project is None:
        return None
    dialog = AgreementsDialog(lambda: session.project, window.editing.run, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    session.edited.connect(dialog.on_edited)  # a bound slot: disconnected when the dialog goes
    dialog.open()
    return dialog
