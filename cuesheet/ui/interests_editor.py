"""Writers and publishers of the selected cue's work: role, party, society, IPI, share.

Parties come from the project's library: typing a name offers the parties already entered, and
editing a party's name, society or IPI changes it in every work that lists it. Each change is one
command (SetInterests or EditParty) through the one edit path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cuesheet.domain.commands import Command, EditParty, SetInterests
from cuesheet.domain.project import Project
from cuesheet.domain.rights import (
    SOCIETIES,
    Interest,
    Party,
    Role,
    Work,
    format_share,
    normalize_code,
    parse_share,
    share_for_new_interest,
)
from cuesheet.ui.table_model import FlatTableModel, Index

ROLE, PARTY, SOCIETY, IPI, SHARE = range(5)
HEADERS = ("Role", "Party", "Society", "IPI", "Share %")


class InterestsModel(FlatTableModel):
    headers = HEADERS

    def __init__(self, run: Callable[[Command], object], refuse: Callable[[str], object]) -> None:
        super().__init__()
        self._run, self._refuse = run, refuse
        self.project: Project | None = None
        self.work: Work | None = None

    def show(self, project: Project | None, work: Work | None) -> None:
        self.beginResetModel()
        self.project, self.work = project, work
        self.endResetModel()

    def row_count(self) -> int:
        return 0 if self.work is None else len(self.work.interests)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def _party(self, interest: Interest) -> Party | None:
        return self.project.parties.get(interest.party_id) if self.project else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.work is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        interest = self.work.interests[index.row()]
        party = self._party(interest)
        return {
            ROLE: interest.role.value,
            PARTY: party.name if party else "?",
            SOCIETY: party.society if party else "",
            IPI: party.ipi if party else "",
            SHARE: format_share(interest.share),
        }[index.column()]

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if self.work is None or role != Qt.ItemDataRole.EditRole:
            return False
        interest = self.work.interests[index.row()]
        text = str(value).strip()
        try:
            command = self._command(index.column(), interest, text)
        except ValueError as error:
            self._refuse(str(error))
            return False
        if command is not None:
            self._run(command)
        return command is not None

    def _command(self, column: int, interest: Interest, text: str) -> Command | None:
        assert self.work is not None
        if column in (ROLE, SHARE):
            changed = [Interest(i.party_id, i.role, i.share) for i in self.work.interests]
            target = changed[self.work.interests.index(interest)]
            if column == ROLE:
                target.role = Role.parse(text)
            else:
                target.share = parse_share(text)
            if (target.role, target.share) == (interest.role, interest.share):
                return None
            return SetInterests(self.work.id, changed)
        field = {PARTY: "name", SOCIETY: "society", IPI: "ipi"}[column]
        value = text.upper() if column == SOCIETY else normalize_code(text) if column == IPI else text
        party = self._party(interest)
        if party is None or (not value and column == PARTY) or getattr(party, field) == value:
            return None
        command = EditParty(party.id, **{field: value})
        command.text = f"Change {party.name}"
        return command


class _ChoiceDelegate(QStyledItemDelegate):
    """An editable list of the usual values (roles, societies); anything else can still be typed."""

    def __init__(self, choices: list[str], parent: QWidget) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(self.choices)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):  # made by createEditor
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class InterestsEditor(QWidget):
    def __init__(self, run: Callable[[Command], object], refuse: Callable[[str], object]) -> None:
        super().__init__()
        self._run = run
        self.model = InterestsModel(run, refuse)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(PARTY, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setItemDelegateForColumn(ROLE, _ChoiceDelegate([r.value for r in Role], self.table))
        self.table.setItemDelegateForColumn(SOCIETY, _ChoiceDelegate(list(SOCIETIES), self.table))
        self.name = QLineEdit(placeholderText="Add a writer or publisher: type a name…")
        self.party_names = QStringListModel(self)
        self.completer = QCompleter(self.party_names)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.name.setCompleter(self.completer)
        self.add_writer = QPushButton("Add writer")
        self.add_publisher = QPushButton("Add publisher")
        self.remove = QPushButton("Remove")
        self.add_writer.clicked.connect(lambda: self.add(self.name.text(), Role.CA))
        self.add_publisher.clicked.connect(lambda: self.add(self.name.text(), Role.E))
        self.remove.clicked.connect(self._remove_selected)
        buttons = QHBoxLayout()
        for widget in (self.name, self.add_writer, self.add_publisher, self.remove):
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def show_work(self, project: Project | None, work: Work | None) -> None:
        self.model.show(project, work)
        self.setEnabled(work is not None)
        names = sorted({p.name for p in project.parties.values()}) if project else []
        self.party_names.setStringList(names)

    def add(self, name: str, role: Role) -> None:
        """Add ``name`` (a party already in the project, or a new one), its share by the project's
        share convention (rights.share_for_new_interest: a second writer beside one at 100 % gets 50 %)."""
        project, work = self.model.project, self.model.work
        name = name.strip()
        if project is None or work is None or not name:
            return
        party = next((p for p in project.parties.values() if p.name.casefold() == name.casefold()), None)
        new = [] if party is not None else [Party(name)]
        party = party or new[0]
        convention = project.settings.share_convention
        interests = share_for_new_interest(work.interests, party.id, role, convention)
        command = SetInterests(work.id, interests, new)
        command.text = f"Add {name}"
        self._run(command)
        self.name.clear()

    def _remove_selected(self) -> None:
        work = self.model.work
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if work is None or not rows:
            return
        command = SetInterests(work.id, [i for n, i in enumerate(work.interests) if n not in rows])
        command.text = "Remove writer or publisher"
        self._run(command)
