"""File ▸ Mark as filed… and File ▸ Filings…: the sheet's filings in the window (issue #15 §2).

Marking as filed is one undo step. The frozen copy (the JSON sheet, packed) is made in the pool
from a snapshot, so a long sheet never stalls the window; a filed version is exported again from
its copy, also in the pool.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cuesheet.domain.commands import Command
from cuesheet.domain.filing import Filing
from cuesheet.domain.project import Project
from cuesheet.errors import USER_ERRORS
from cuesheet.store.lock import me
from cuesheet.ui.dialog_frame import with_ok_cancel
from cuesheet.ui.jobs import Jobs
from cuesheet.ui.session import Session

RECIPIENTS = ("ASCAP", "BMI", "SESAC", "GMR", "SOCAN", "PRS", "APRA AMCOS", "GEMA", "SACEM", "JASRAC")


class FilingDialog(QDialog):
    """Whom the sheet is filed with, a note, and who files it."""

    def __init__(self, parent: QWidget | None, user: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mark the sheet as filed")
        self.recipient = QComboBox(self)
        self.recipient.setEditable(True)
        self.recipient.addItems(RECIPIENTS)
        self.recipient.setCurrentText("")
        editor = self.recipient.lineEdit()
        if editor is not None:
            editor.setPlaceholderText("a society or broadcaster")
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("e.g. sent through the portal, reference 4711")
        self.by = QLineEdit(user, self)
        form = QFormLayout()
        form.addRow("Filed &with:", self.recipient)
        form.addRow("&Note:", self.note)
        form.addRow("Filed &by:", self.by)
        with_ok_cancel(self, form)


class FilingsDialog(QDialog):
    """The filings, oldest first; the selected one can be exported again as filed."""

    def __init__(self, parent: QWidget | None, filings: list[Filing], export: Callable[[Filing, str], None]):
        super().__init__(parent)
        self.setWindowTitle("Filings of the sheet")
        self.filings = sorted(filings, key=lambda f: f.number)
        self.table = QTableWidget(len(self.filings), 6, self)
        self.table.setHorizontalHeaderLabels(["No.", "Filed on", "Version", "Filed with", "By", "Note"])
        for row, f in enumerate(self.filings):
            for column, text in enumerate(
                (str(f.number), f.filed_on, f.version, f.recipient, f.filed_by, f.note)
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        if self.filings:
            self.table.selectRow(len(self.filings) - 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        for fmt, label in (("pdf", "Export as filed: &PDF…"), ("xlsx", "E&xcel…"), ("json", "&JSON…")):
            button = QPushButton(label, self)
            button.setEnabled(bool(self.filings))
            button.clicked.connect(lambda _=False, f=fmt: self._export(f, export))
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 320)

    def _export(self, fmt: str, export: Callable[[Filing, str], None]) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.filings):
            export(self.filings[row], fmt)


class FilingActions(QObject):
    status = Signal(str)
    finished = Signal()  # a job ended (tests wait on it)

    def __init__(self, parent: QWidget, session: Session, run: Callable[[Command], bool]) -> None:
        super().__init__(parent)
        self.parent_widget, self.session, self.run = parent, session, run
        self.jobs = Jobs(self)
        self.jobs.status.connect(self.status)
        self.jobs.finished.connect(self.finished)

    def mark_filed(self, recipient: str | None = None, note: str = "", by: str | None = None) -> None:
        """Ask whom it is filed with (unless told), freeze the sheet in the pool, then one step."""
        from cuesheet.filing_service import filing_command, frozen_sheet
        from cuesheet.interchange.filed_sheets import next_version

        document = self.session.document
        if document is None:
            return
        if self.session.read_only:
            self.status.emit("Opened read-only: the sheet cannot be marked as filed here")
            return
        if recipient is None:
            dialog = FilingDialog(self.parent_widget, me().user)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            recipient, note, by = dialog.recipient.currentText(), dialog.note.text(), dialog.by.text()
        told = (recipient, note, by or "")

        def done(frozen: tuple[str, str]) -> None:
            if self.session.document is not document:
                return
            try:
                command = filing_command(document.project, *told, frozen=frozen)
            except USER_ERRORS as error:
                self.status.emit(str(error))
                return
            if self.run(command):
                filing: Filing = command.items[0]
                self.status.emit(f"Filed as {filing.version} with {filing.recipient}; Undo takes it back")

        def freeze(snapshot: Project) -> tuple[str, str]:
            return frozen_sheet(snapshot), next_version(snapshot)

        self.jobs.start_on(
            document,
            "Freezing the sheet…",
            freeze,
            done,
            lambda error: self.status.emit(f"Not filed: {error}"),
        )

    def show_filings(self) -> None:
        project = self.session.project
        if project is None:
            return
        FilingsDialog(self.parent_widget, list(project.filings.values()), self.export_filed).exec()

    def export_filed(self, filing: Filing, fmt: str, target: Path | None = None) -> None:
        """Filing's sheet exported again as it was filed."""
        from cuesheet.filing_service import as_filed
        from cuesheet.project_service import render
        from cuesheet.store.files import write_atomically

        path = self.session.path
        if path is None:
            return
        if target is None:
            suggested = path.with_name(f"{path.stem} filing {filing.number}.{fmt}")
            name, _ = QFileDialog.getSaveFileName(self.parent_widget, f"Export filing {filing.number}",
                                                  str(suggested), f"*.{fmt}")  # fmt: skip
            if not name:
                return
            target = Path(name)
        written, frozen = target, copy.copy(filing)

        def work() -> None:
            write_atomically(written, render(as_filed(frozen), fmt))

        self.jobs.start(f"Exporting {written.name}…", work, lambda _: self.status.emit(f"Exported {written}"),
                        lambda error: self.status.emit(f"Export failed: {error}"))  # fmt: skip
