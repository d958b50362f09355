"""The cue list as a Qt table model; reads the in-memory project only, never the file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from cuesheet.domain.commands import Command, EditCue, EditWork
from cuesheet.domain.cue import Cue
from cuesheet.domain.durations import format_duration
from cuesheet.domain.project import Project
from cuesheet.domain.timecode import format_timecode
from cuesheet.domain.usage import Origin
from cuesheet.domain.validation import Finding
from cuesheet.ui.table_model import FlatTableModel, Index

SEQ, NUMBER, TITLE, ORIGIN, USAGE, TC_IN, TC_OUT, DURATION, STATUS = range(9)
HEADERS = ("#", "Cue", "Title", "Origin", "Usage", "In", "Out", "Duration", "Status")
EDITABLE = (TITLE, ORIGIN)
STATUS_LABELS = {
    "OVERLAP": "overlap", "UNDER_ONE_SECOND": "under 1 s", "NO_TITLE": "no title",
    "NOT_CLEARED": "not cleared", "NO_WRITER": "no writer", "SHARE_TOTAL": "shares",
    "NO_SOCIETY": "society", "OUTSIDE_FILM": "outside film",
    "NO_AGREEMENT": "not cleared", "AGREEMENT_AMBIGUOUS": "agreement?",
}  # fmt: skip
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class CueTableModel(FlatTableModel):
    """Rows are cues in sequence order. Inline edits (title, origin) are not applied here: they are
    handed to ``on_edit`` as commands, so they take the one path every edit takes."""

    headers = HEADERS

    def __init__(self, project: Project | None = None) -> None:
        super().__init__()
        self._project = project
        self._cues: list[Cue] = []
        self._status: dict[str, str] = {}  # cue id -> what validation says about it
        self.on_edit: Callable[[Command], object] | None = None
        self.on_refused: Callable[[str], object] | None = None
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

    def set_findings(self, findings: list[Finding]) -> None:
        """The Status column, from the validation findings (one source of truth for what is wrong).
        Both cues of an overlap are marked; the finding sits on the outgoing one."""
        labels: dict[str, list[str]] = {}
        for finding in findings:
            if finding.cue_id is None:
                continue
            label = STATUS_LABELS.get(finding.code, finding.severity)
            targets = [finding.cue_id]
            if finding.code == "OVERLAP" and finding.seq is not None and finding.seq < len(self._cues):
                targets.append(self._cues[finding.seq].id)  # seq is 1-based: the next cue
            for cue_id in targets:
                if label not in labels.setdefault(cue_id, []):
                    labels[cue_id].append(label)
        self._status = {cue_id: ", ".join(words) for cue_id, words in labels.items()}
        self._sort_keys.pop(STATUS, None)
        if self._cues:
            self.dataChanged.emit(self.index(0, STATUS), self.index(len(self._cues) - 1, STATUS))

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._project is None:
            return False
        cue = self._cues[index.row()]
        text = str(value).strip()
        command: Command
        if index.column() == TITLE:
            if text == self._project.title_of(cue):
                return False
            command = EditWork(cue.work_id, title=text)
            command.text = "Rename work"
        elif index.column() == ORIGIN:
            try:
                origin = Origin.from_label(text)
            except ValueError as error:
                if self.on_refused:
                    self.on_refused(str(error))
                return False
            if origin is cue.origin:
                return False
            command = EditCue(cue.id, origin=origin)
            command.text = f"Tag {cue.number or 'cue'} {origin.label}"
        else:
            return False
        if self.on_edit is not None:
            self.on_edit(command)
        return True

    def row_of(self, cue_id: str) -> int | None:
        for row, cue in enumerate(self._cues):
            if cue.id == cue_id:
                return row
        return None

    def cue_at(self, row: int) -> Cue:
        return self._cues[row]

    def row_count(self) -> int:
        return len(self._cues)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._project is None:
            return None
        cue = self._cues[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if role == Qt.ItemDataRole.EditRole and index.column() == TITLE:
                return self._project.title_of(cue)
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
        project = self._project
        assert project is not None  # data() asks only with a project shown
        rate = project.production.rate
        return {
            SEQ: lambda: str(row + 1),
            NUMBER: lambda: cue.number,
            TITLE: lambda: project.title_of(cue) or "(untitled)",
            ORIGIN: lambda: cue.origin.label,
            USAGE: lambda: cue.usage.value,
            TC_IN: lambda: format_timecode(cue.start, rate),
            TC_OUT: lambda: format_timecode(cue.end, rate),
            DURATION: lambda: format_duration(cue.duration, rate, project.settings.rounding),
            STATUS: lambda: self._status.get(cue.id, ""),
        }[column]()

    def _sort_value(self, row: int, column: int, cue: Cue) -> Any:
        raw = {SEQ: row, TC_IN: cue.start, TC_OUT: cue.end, DURATION: cue.duration}
        return raw.get(column, self._text(row, column, cue).casefold())
