"""The selected cue's licences: side, licensor, fees, terms and status, with its clearance state.

"Add missing" creates every side the cue still needs (one sync per publisher) as one edit. Editing
a cell is an EditLicence command; a status change is a SetLicenceStatus dated today, kept in the
licence's history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from cuesheet.domain.clearance import clearance, licences_of, missing_licences
from cuesheet.domain.commands import AddLicence, Command, DeleteLicence, EditLicence, SetLicenceStatus
from cuesheet.domain.cue import Cue
from cuesheet.domain.fields import labels
from cuesheet.domain.licences import Licence, MfnScope, Status
from cuesheet.domain.limits import FEE_MAX, parse_bounded_decimal
from cuesheet.domain.project import Project
from cuesheet.ui.table_model import FlatTableModel, Index

_EDITABLE = (
    "quoted_fee", "approved_fee", "paid_fee", "currency", "mfn", "mfn_scope", "term", "territory", "media",
    "exclusivity", "options", "term_end", "option_deadline", "contact", "credit", "agreement_ref",
)  # fmt: skip
_LABELS = labels(Licence)  # each field's label is declared with it (domain.fields)
COLUMNS = (
    (_LABELS["side"], None), (_LABELS["licensor"], "licensor"), (_LABELS["status"], None),
    *((_LABELS[name], name) for name in _EDITABLE),
)  # fmt: skip
FEES = {"quoted_fee", "approved_fee", "paid_fee"}
DATES = {"term_end", "option_deadline"}
SCOPES = {"": MfnScope.NONE, "other side": MfnScope.OTHER_SIDE, "all songs": MfnScope.ALL_SONGS}


class LicencesModel(FlatTableModel):
    headers = tuple(name for name, _ in COLUMNS)

    def __init__(self, run: Callable[[Command], object], refuse: Callable[[str], object]) -> None:
        super().__init__()
        self._run, self._refuse = run, refuse
        self.licences: list[Licence] = []

    def show(self, licences: list[Licence]) -> None:
        self.beginResetModel()
        self.licences = sorted(licences, key=lambda lic: (lic.side.value, lic.licensor))
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.licences)

    def flags(self, index: Index) -> Qt.ItemFlag:
        editable = COLUMNS[index.column()][1] is not None
        return super().flags(index) | (Qt.ItemFlag.ItemIsEditable if editable else Qt.ItemFlag.NoItemFlags)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        licence = self.licences[index.row()]
        name, field = COLUMNS[index.column()]
        if field is None:  # Side and Status: shown by their labels
            return licence.side.label if name == _LABELS["side"] else licence.status.label
        value = getattr(licence, field)
        if field == "mfn":
            return "yes" if value else "no"
        if field == "mfn_scope":
            return value.value.replace("_", " ")
        return "" if value is None else str(value)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        field = COLUMNS[index.column()][1]
        if role != Qt.ItemDataRole.EditRole or field is None:
            return False
        licence = self.licences[index.row()]
        try:
            new = _parse(field, str(value).strip())
        except ValueError as error:
            self._refuse(str(error))
            return False
        if getattr(licence, field) == new:
            return False
        command = EditLicence(licence.id, **{field: new})
        command.text = f"Change {COLUMNS[index.column()][0].lower()}"
        self._run(command)
        return True


def _parse(field: str, text: str) -> Any:
    """A typed cell as the licence field's value; raises ValueError with a message for the user."""
    if field in FEES:
        # Bounded like every other way in: a pasted 1e999999 would print as a million digits.
        return parse_bounded_decimal(text.replace(",", ""), "Amount", FEE_MAX) if text else None
    if field == "currency":
        return text.upper()
    if field == "mfn":
        if text.lower() not in ("yes", "no", "y", "n", "true", "false", ""):
            raise ValueError("MFN is yes or no")
        return text.lower() in ("yes", "y", "true")
    if field == "mfn_scope":
        if text.lower() not in SCOPES:
            raise ValueError("MFN scope is 'other side', 'all songs' or empty")
        return SCOPES[text.lower()]
    if field in DATES and text:
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    return text


class LicencesPanel(QWidget):
    def __init__(self, run: Callable[[Command], object], refuse: Callable[[str], object]) -> None:
        super().__init__()
        self._run = run
        self.project: Project | None = None
        self.cue: Cue | None = None
        self.state = QLabel()
        self.model = LicencesModel(run, refuse)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.add_missing = QPushButton("Add missing licences")
        self.status = QComboBox()
        self.status.addItem("Set status…", None)
        for status in Status:
            self.status.addItem(status.label, status)
        self.delete = QPushButton("Delete")
        self.add_missing.clicked.connect(self._add_missing)
        self.status.activated.connect(self._set_status)
        self.delete.clicked.connect(self._delete)
        buttons = QHBoxLayout()
        for widget in (self.add_missing, self.status, self.delete):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def show_cue(self, project: Project | None, cue: Cue | None) -> None:
        self.project, self.cue = project, cue
        self.setEnabled(cue is not None)
        if project is None or cue is None:
            self.model.show([])
            self.state.setText("")
            return
        self.model.show(licences_of(project, cue))
        state = clearance(project, cue)
        needs = f" — needs {', '.join(state.missing)}" if state.missing else ""
        self.state.setText(f"<b>{cue.number or 'This cue'}: {state.label}</b>{needs}")

    def _selected(self) -> Licence | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.licences[rows[0].row()] if rows else None

    def _add_missing(self) -> None:
        if self.project is None or self.cue is None:
            return
        new = missing_licences(self.project, self.cue)
        if new:
            self._run(AddLicence(new))

    def _set_status(self) -> None:
        status, licence = self.status.currentData(), self._selected()
        self.status.setCurrentIndex(0)
        if status is not None and licence is not None and status is not licence.status:
            self._run(SetLicenceStatus(licence.id, status, dt.date.today().isoformat()))

    def _delete(self) -> None:
        licence = self._selected()
        if licence is not None:
            self._run(DeleteLicence(licence.id))
