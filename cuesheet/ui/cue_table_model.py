"""The cue table's model: what each row shows — the sheet as printed (sequence number, title as
printed, carved duration marked, timecodes from ``Sheet.texts``, Status from validation) — and the
inline edits. Which rows, in which order, and keeping them in step: ``SheetRows``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from cuesheet.domain.commands import Command, EditCue, EditWork
from cuesheet.domain.durations import format_duration
from cuesheet.domain.sheet import Line
from cuesheet.domain.usage import Origin
from cuesheet.ui import cue_rows
from cuesheet.ui.cue_rows import (
    CARVED_MARK,
    DURATION,
    HEADERS,
    NUMBER,
    ORIGIN,
    SEQ,
    STATUS,
    STATUS_LABELS,
    TC_IN,
    TC_OUT,
    TITLE,
    USAGE,
)
from cuesheet.ui.cue_table_rows import SheetRows
from cuesheet.ui.table_model import Index

__all__ = ["DURATION", "HEADERS", "NUMBER", "ORIGIN", "SEQ", "STATUS", "STATUS_LABELS", "TC_IN",
           "TC_OUT", "TITLE", "USAGE", "CueTableModel"]  # fmt: skip
EDITABLE = (TITLE, ORIGIN)
RIGHT_ALIGNED = (TC_IN, TC_OUT, DURATION)
_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
_EDITABLE_FLAGS = _FLAGS | Qt.ItemFlag.ItemIsEditable
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
ROLES = frozenset(
    (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.TextAlignmentRole,
     Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE)
)  # fmt: skip


class CueTableModel(SheetRows):
    """Inline edits (title, origin) are not applied here: they are handed to ``on_edit`` as commands,
    so they take the one path every edit takes."""

    def __init__(self) -> None:
        super().__init__()
        self._italic = QFont()
        self._italic.setItalic(True)
        self.on_edit: Callable[[Command], object] | None = None
        self.on_refused: Callable[[str], object] | None = None

    # -- Qt --------------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A paint asks each visible cell for about ten roles: the ones never answered leave first.
        if role not in ROLES or not index.isValid() or self.sheet is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in RIGHT_ALIGNED else None
        row = self._sheet_row_at(index.row())
        line = self._lines[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, line, column)
        if role == Qt.ItemDataRole.EditRole:
            return line.title if column == TITLE else self._text(row, line, column)
        if role == SORT_ROLE:
            return cue_rows.sort_key(line, column, row, self._status)
        if _carved(line, column):
            return self._italic if role == Qt.ItemDataRole.FontRole else self._carved_tip(row, line)
        return None

    def cell(self, row: int, column: int) -> tuple[str, bool, bool]:
        """What a cell shows, in one call (``CueCellDelegate``): its text, right-aligned, italic."""
        if self.sheet is None or not 0 <= row < self.row_count():
            return "", False, False
        at = self._sheet_row_at(row)
        line = self._lines[at]
        return self._text(at, line, column), column in RIGHT_ALIGNED, _carved(line, column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Asked for every cell painted: answered here, not through Qt's (which asks rowCount again).
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _EDITABLE_FLAGS if index.column() in EDITABLE else _FLAGS

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.sheet is None:
            return False
        line = self._lines[self._sheet_row_at(index.row())]
        cue, text = line.cue, str(value).strip()
        command: Command
        if index.column() == TITLE:
            if text == line.title:
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

    def _text(self, row: int, line: Line, column: int) -> str:
        if column == SEQ:
            return str(row + 1)
        if column == NUMBER:
            return line.cue.number
        if column == TITLE:
            return line.printed_title
        if column == ORIGIN:
            return line.cue.origin.label
        if column == USAGE:
            return line.usage.value
        if column == STATUS:
            return self._status.get(line.cue.id, "")
        assert self.sheet is not None
        tc_in, tc_out, duration = self.sheet.texts(line)
        if column == DURATION:
            return duration + CARVED_MARK if line.carved else duration
        return tc_in if column == TC_IN else tc_out

    def _carved_tip(self, row: int, line: Line) -> str:
        """Why the sheet prints less than the cue runs: the next cue starts before it ends, and
        overlapping music is counted once (the sheet's durations add up to the music heard)."""
        assert self.sheet is not None
        project = self.sheet.project
        rate, rounding = project.production.rate, project.settings.rounding
        whole = format_duration(line.cue.end - line.cue.start, rate, rounding)
        following = self._lines[row + 1] if row + 1 < len(self._lines) else None
        if following is None:
            return f"Carved to {line.text} (the cue runs {whole})."
        name = following.cue.number or following.printed_title
        start = self.sheet.texts(following)[0]
        return f"Carved to {line.text} (the cue runs {whole}): the next cue, {name}, starts at {start}."


def _carved(line: Line, column: int) -> bool:
    """The cell is a duration the sheet prints shorter than the cue runs: italic, with a tooltip."""
    return column == DURATION and line.carved
