"""The live problems list: validation findings, refreshed shortly after each edit; click one to
select its cue. Validation runs on a short timer, never inside the edit that triggered it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from cuesheet.domain.project import Project
from cuesheet.domain.validation import ERROR, Finding, validate

CUE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class FindingsPanel(QWidget):
    cue_chosen = Signal(str)
    counts_changed = Signal(int, int)  # errors, warnings
    findings_changed = Signal(object)  # list[Finding], for the table's Status column

    def __init__(self) -> None:
        super().__init__()
        self.project: Project | None = None
        self.findings: list[Finding] = []
        self.model = QStandardItemModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.clicked.connect(self._chosen)
        self.view.activated.connect(self._chosen)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.refresh)

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.schedule()  # after the window is up: opening a big project does not wait for it

    def schedule(self) -> None:
        self._timer.start()

    def refresh(self) -> None:
        self.findings = validate(self.project) if self.project else []
        self.model.clear()
        for finding in self.findings:
            where = f"#{finding.seq} {finding.cue}  " if finding.seq else ""
            item = QStandardItem(f"{where}{finding.message}" + (f" — {finding.fix}" if finding.fix else ""))
            item.setToolTip(finding.code)
            item.setData(finding.cue_id, CUE_ID_ROLE)
            item.setForeground(QColor("#c62828") if finding.severity == ERROR else QColor("#9a6700"))
            self.model.appendRow(item)
        errors = sum(f.severity == ERROR for f in self.findings)
        warnings = len(self.findings) - errors
        self.summary.setText(
            f"{errors} error(s), {warnings} warning(s)" if self.findings else "No problems found"
        )
        self.counts_changed.emit(errors, warnings)
        self.findings_changed.emit(self.findings)

    def _chosen(self, index: QModelIndex) -> None:
        cue_id = index.data(CUE_ID_ROLE)
        if cue_id:
            self.cue_chosen.emit(cue_id)
