"""The cue table's rows: the printed sheet's lines, filtered and sorted, kept in step with the sheet.

Rows follow the session's ``Delta`` (rows removed, inserted, changed) instead of resetting, so the
selection survives an edit and an edit costs the rows it touched. The filter matches one prepared,
casefolded text per line (``cue_rows.search_text``) in a plain loop: typing never calls ``data()``
per row. Sorting by a column sorts precomputed keys. The rows shown are ``_view`` (rows of the sheet,
in the order shown) or, with neither a filter nor a sort, every line in sheet order (``_view`` None).
What a row shows is ``CueTableModel``'s (cue_table_model.py).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtCore import QModelIndex, Qt

from cuesheet.domain.cue import Cue
from cuesheet.domain.sheet import Delta, Line, Sheet
from cuesheet.ui import cue_rows
from cuesheet.ui.cue_rows import HEADERS, SEQ, STATUS
from cuesheet.ui.jobs import Jobs
from cuesheet.ui.table_model import FlatTableModel

ROW_OPS = 64  # more moved rows than this: one layout change is cheaper than a signal per row


class SheetRows(FlatTableModel):
    headers = HEADERS

    def __init__(self) -> None:
        super().__init__()
        self.sheet: Sheet | None = None
        self._lines: list[Line] = []  # the sheet's lines as the views last heard of them
        # Per line: cue_rows.search_text, None until made. The filter matches it or the Status,
        # each on its own: a validation result changes no line's text (at 50,000 cues, joining the
        # two for every line took 144 ms of the first keystroke after each).
        self._base: list[str | None] = []
        self._complete = False  # every _base entry is made
        self._by_label: dict[str, list[str]] | None = None  # the Status's cue ids per label
        self._status: dict[str, str] = {}  # cue id -> what validation says about it
        self._view: list[int] | None = None
        self._needle = ""
        self._sort: tuple[int, bool] | None = None  # (column, descending); None: sheet order
        self._order_cache: list[int] | None = None
        self._jobs = Jobs()  # no Qt parent: a result arriving after the window closed finds it alive

    # -- what the window tells it --------------------------------------------------------------

    def set_sheet(self, sheet: Sheet | None) -> None:
        self.sheet = sheet
        self._reset()

    def follow(self, delta: Delta) -> None:
        """The sheet has changed by ``delta``: tell the views row by row (no reset but for a rebuild)."""
        sheet = self.sheet
        if sheet is None or delta.reset:
            self._reset()
            return
        moved = len(delta.removed) + len(delta.inserted)
        if self._sort is not None or (moved > ROW_OPS and (self._view is not None or _runs(delta) > ROW_OPS)):
            self._relayout(mutate=lambda: self._mirror(delta))
        elif self._view is None:
            self._follow_all(delta)
        else:
            for row in delta.removed:
                self._remove(row)
            for row in delta.inserted:
                self._insert(row)
            for row in delta.changed:
                self._refresh(row, sheet.lines[row])
        if len(self._lines) != len(sheet.lines):  # never expected: better a reset than a wrong row
            self._reset()
        elif delta.rows_moved and self.row_count():  # the sequence numbers below the rows moved
            self.dataChanged.emit(self.index(0, SEQ), self.index(self.row_count() - 1, SEQ))

    def set_status(self, status: dict[str, str], changed: set[str] | None = None) -> None:
        """The Status column, from validation (``cue_rows.status_labels``); ``changed``: the cue ids
        whose label differs from the current one, when the caller knows them."""
        if changed is None:
            changed = cue_rows.changed_ids(self._status, status)
        self._status, self._by_label = status, None
        if not changed or not self._lines:
            return
        if len(changed) > ROW_OPS:
            rows = [row for row, line in enumerate(self._lines) if line.cue.id in changed]
        else:
            rows = sorted(row for row in map(self._sheet_row, changed) if row is not None)
        if self._sort is not None and self._sort[0] == STATUS:
            self._order_cache = None
            self._relayout()
        elif self._needle and (self._sort is not None or len(rows) > ROW_OPS):
            self._relayout()
        elif self._needle:  # filtered, in sheet order: a few rows may start or stop matching
            for row in rows:
                self._refresh(row, self._lines[row])
        if self.row_count():
            self.dataChanged.emit(self.index(0, STATUS), self.index(self.row_count() - 1, STATUS))

    def set_filter(self, text: str) -> None:
        needle = text.casefold()
        if needle == self._needle:
            return
        narrowing = bool(self._needle) and self._needle in needle and self._view is not None
        candidates = self._view if narrowing else None  # typing on: look only among the rows shown
        self._needle = needle
        self._relayout(candidates)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        key = None if column < 0 or (column == SEQ and not descending) else (column, descending)
        if key != self._sort:
            self._sort, self._order_cache = key, None
            self._relayout()

    # -- rows ------------------------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._lines) if self._view is None else len(self._view)

    def cue_at(self, row: int) -> Cue:
        return self._lines[self._sheet_row_at(row)].cue

    def row_of(self, cue_id: str) -> int | None:
        """The cue's row as shown (None: not shown, or filtered out)."""
        row = self._sheet_row(cue_id)
        return None if row is None else self._shown_at(row)

    def _sheet_row_at(self, row: int) -> int:
        return row if self._view is None else self._view[row]

    def _sheet_row(self, cue_id: str) -> int | None:
        line = self.sheet.line(cue_id) if self.sheet else None
        if line is None:
            return None
        row = bisect_left(self._lines, line.key, key=lambda each: each.key)
        return row if row < len(self._lines) and self._lines[row] is line else None

    def _shown_at(self, row: int) -> int | None:
        view = self._view
        if view is None:
            return row
        if self._sort is None:  # sheet order: the rows shown ascend
            at = bisect_left(view, row)
            return at if at < len(view) and view[at] == row else None
        try:
            return view.index(row)
        except ValueError:
            return None

    # -- Qt --------------------------------------------------------------------------------------
    # -- keeping in step -------------------------------------------------------------------------

    def _reset(self) -> None:
        self.beginResetModel()
        self._lines = list(self.sheet.lines) if self.sheet else []
        self._base = [None] * len(self._lines)
        self._complete, self._order_cache = False, None
        self._view = self._visible()
        self.endResetModel()
        self._prepare()

    def _prepare(self) -> None:
        """Make the search texts in the background (0.1 s at 50,000 cues): the first keystroke in
        the filter does not wait for them. Lines changed meanwhile are simply not in the result."""
        if self.sheet is None or not self._lines:
            return
        lines, rate = list(self._lines), self.sheet.project.production.rate
        self._jobs.start("", lambda: cue_rows.prepared_texts(lines, rate), self._prepared, lambda _: None)

    def _prepared(self, texts: dict[Line, str]) -> None:
        if not shiboken6.isValid(self):  # the window closed while the worker ran
            return
        pairs = zip(self._base, self._lines, strict=True)
        self._base = [text if text is not None else texts.get(line) for text, line in pairs]
        self._complete = None not in self._base

    def _follow_all(self, delta: Delta) -> None:
        """Every line shown in sheet order: the delta's rows are the rows shown; runs of neighbours
        (an import at the end) are one signal each."""
        lines = self.sheet.lines if self.sheet else []
        for first, last in _spans(list(delta.removed), descending=True):  # highest first
            self.beginRemoveRows(QModelIndex(), first, last)
            for each in (self._lines, self._base):
                del each[first : last + 1]
            self.endRemoveRows()
        for first, last in _spans(list(delta.inserted), descending=False):
            self.beginInsertRows(QModelIndex(), first, last)
            self._lines[first:first] = lines[first : last + 1]
            self._base[first:first] = [None] * (last + 1 - first)
            self._complete = False
            self.endInsertRows()
        for row in delta.changed:
            self._replace(row, lines[row])
        if delta.changed:
            first, last = min(delta.changed), max(delta.changed)
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))

    def _mirror(self, delta: Delta) -> None:
        """The lines brought in step with the sheet, without a word to the views."""
        lines = self.sheet.lines if self.sheet else []
        for row in delta.removed:
            for each in (self._lines, self._base):
                del each[row]
        for row in delta.inserted:
            self._lines.insert(row, lines[row])
            self._base.insert(row, None)
        for row in delta.changed:
            self._replace(row, lines[row])
        self._complete = self._complete and not delta.inserted
        self._order_cache = None

    def _replace(self, row: int, line: Line) -> None:
        if self._lines[row] is not line:  # a changed cue is a new line; a recarved one is not
            self._lines[row], self._base[row] = line, None
            self._complete = False

    def _remove(self, row: int) -> None:
        """Filtered, in sheet order: a line leaves the sheet."""
        assert self._view is not None
        view = self._view
        at = bisect_left(view, row)
        shown = at < len(view) and view[at] == row
        if shown:
            self.beginRemoveRows(QModelIndex(), at, at)
            del view[at]
        view[at:] = [each - 1 for each in view[at:]]
        for each in (self._lines, self._base):
            del each[row]
        if shown:
            self.endRemoveRows()

    def _insert(self, row: int) -> None:
        """Filtered, in sheet order: a line joins the sheet, and the rows shown if it matches."""
        assert self._view is not None and self.sheet is not None
        view = self._view
        at = bisect_left(view, row)
        view[at:] = [each + 1 for each in view[at:]]
        self._lines.insert(row, self.sheet.lines[row])
        self._base.insert(row, None)
        if self._matches(row):
            self.beginInsertRows(QModelIndex(), at, at)
            view.insert(at, row)
            self.endInsertRows()

    def _refresh(self, row: int, line: Line) -> None:
        """Filtered, in sheet order: a line changed; it may start or stop matching."""
        assert self._view is not None
        self._replace(row, line)
        view = self._view
        at = bisect_left(view, row)
        shown, matches = at < len(view) and view[at] == row, self._matches(row)
        if shown and matches:
            self.dataChanged.emit(self.index(at, 0), self.index(at, len(HEADERS) - 1))
        elif shown:
            self.beginRemoveRows(QModelIndex(), at, at)
            del view[at]
            self.endRemoveRows()
        elif matches:
            self.beginInsertRows(QModelIndex(), at, at)
            view.insert(at, row)
            self.endInsertRows()

    # -- filter and sort -------------------------------------------------------------------------

    def _relayout(
        self, candidates: Sequence[int] | None = None, mutate: Callable[[], None] | None = None
    ) -> None:
        """The rows shown made again (filter or sort changed, or many rows moved) as one layout
        change: the selection stays on its cue when that cue is still shown."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self.cue_at(index.row()).id if index.isValid() else "" for index in old]
        if mutate is not None:
            mutate()
        self._view = self._visible(candidates)
        new = []
        for index, cue_id in zip(old, ids, strict=True):
            row = self.row_of(cue_id) if cue_id else None
            new.append(QModelIndex() if row is None else self.index(row, index.column()))
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _visible(self, candidates: Sequence[int] | None = None) -> list[int] | None:
        """The sheet rows to show, in the order shown; None: all, in sheet order."""
        if not self._needle:
            return None if self._sort is None else list(self._order())
        texts, needle, lines = self._texts(), self._needle, self._lines
        rows = self._order() if candidates is None else candidates
        flagged = self._flagged(needle)
        if not flagged:
            return [row for row in rows if needle in texts[row]]
        return [row for row in rows if needle in texts[row] or lines[row].cue.id in flagged]

    def _order(self) -> Sequence[int]:
        if self._sort is None:
            return range(len(self._lines))
        if self._order_cache is None:
            column, descending = self._sort
            status = self._status
            keys = [cue_rows.sort_key(line, column, row, status) for row, line in enumerate(self._lines)]
            self._order_cache = sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
        return self._order_cache

    def _texts(self) -> list[str]:
        """Every line's search text (made here for lines the background did not prepare)."""
        if not self._complete:
            for row, text in enumerate(self._base):
                if text is None:
                    self._text_of(row)
            self._complete = True
        return self._base  # type: ignore[return-value]  # complete: no None left

    def _text_of(self, row: int) -> str:
        text = self._base[row]
        if text is None:
            assert self.sheet is not None
            line = self._lines[row]
            tc_in, tc_out, _ = self.sheet.texts(line)
            text = self._base[row] = cue_rows.search_text(line, tc_in, tc_out)
        return text

    def _matches(self, row: int) -> bool:
        needle = self._needle
        return needle in self._text_of(row) or needle in self._status.get(self._lines[row].cue.id, "")

    def _flagged(self, needle: str) -> set[str]:
        """The cues whose Status holds ``needle`` (labels are lower case, and few: each is looked
        at once, not once per cue)."""
        if self._by_label is None:
            self._by_label = {}
            for cue_id, label in self._status.items():
                self._by_label.setdefault(label, []).append(cue_id)
        found: set[str] = set()
        for label, ids in self._by_label.items():
            if needle in label:
                found.update(ids)
        return found


def _spans(rows: list[int], descending: bool) -> list[tuple[int, int]]:
    """Runs of neighbouring rows as (first, last), in the order given."""
    spans: list[tuple[int, int]] = []
    for row in rows:
        if spans and row == (spans[-1][0] - 1 if descending else spans[-1][1] + 1):
            first, last = spans[-1]
            spans[-1] = (row, last) if descending else (first, row)
        else:
            spans.append((row, row))
    return spans


def _runs(delta: Delta) -> int:
    return len(_spans(list(delta.removed), True)) + len(_spans(list(delta.inserted), False))
