"""The live problems list: validation findings, refreshed shortly after each edit; click one to
select its cue. The check also works out the sheet against its last filing (as filed, or changed
since and so a revision), which the window shows under the totals.

Validation runs in a worker (1.6 s at 50,000 cues would freeze the window) on a shallow snapshot
taken on the GUI thread: copies of the project's collections and of the sheet's order, cheap next
to validating. The result carries the sheet revision it was made from; a result the project has
moved on from is dropped and validation runs again, so what is shown is never older than it says.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from cuesheet.domain.project import Project
from cuesheet.domain.sheet import Sheet
from cuesheet.ui import cue_rows, heap
from cuesheet.ui.jobs import Jobs

if TYPE_CHECKING:
    from cuesheet.domain.validation import Finding

CUE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_COLOUR = QColor("#c62828")
WARNING_COLOUR = QColor("#9a6700")
RELEASE_SLICE = 2000


@dataclass(frozen=True)
class Checked:
    """One validation of one sheet revision, with what the table's Status column needs."""

    sheet: Sheet  # the live sheet it was taken from (identity: another project's result is dropped)
    revision: int
    findings: list[Finding]
    status: dict[str, str]  # cue id -> Status column text (cue_rows.status_labels)
    changed: set[str]  # cue ids whose status differs from the previous result shown
    errors: int


def _rules() -> ModuleType:
    """domain.validation, loaded by the first check (in its worker), not before the window shows."""
    import cuesheet.domain.validation as validation

    return validation


def validate(project: Project, sheet: Sheet) -> list[Finding]:
    return _rules().validate(project, sheet)


def snapshot(project: Project, sheet: Sheet) -> tuple[Project, Sheet]:
    """Copies of the project and the sheet whose collections later edits do not touch. The
    project's items are shared, and an edit replaces an item, never changes it
    (``Project.snapshot``). The sheet's lines are shared too, and the live sheet carves a changed
    cue's neighbours again in place: a check that an edit overtook is stale, and dropped by its
    revision."""
    frozen = project.snapshot()
    lines = copy.copy(sheet)
    for name, value in vars(sheet).items():
        if isinstance(value, dict | list):
            setattr(lines, name, copy.copy(value))
    lines.project = frozen
    return frozen, lines


def check(live: Sheet, revision: int, project: Project, sheet: Sheet, shown: dict[str, str]) -> Checked:
    """In the worker: validate the snapshot and label the cues for the Status column."""
    with heap.paused():  # a collection here would hold the GIL, and the window, for 100 ms
        findings = validate(project, sheet)
        status = cue_rows.status_labels(findings, [line.cue.id for line in sheet.lines])
    error = _rules().ERROR
    errors = sum(finding.severity == error for finding in findings)
    return Checked(live, revision, findings, status, cue_rows.changed_ids(shown, status), errors)


def filing_of(live: Sheet, revision: int, project: Project) -> tuple[Sheet, int, str]:
    """In the worker: the snapshot against its last filing (seconds at 50,000 cues: apart from the
    check, so that the Problems list does not wait for it)."""
    from cuesheet.filing_service import filing_status

    with heap.paused():
        return live, revision, filing_status(project)


def release(findings: list[Finding]) -> None:
    """In a worker: let the findings a new result replaced go, a slice at a time. Freed at once,
    100,000 of them hold the GIL, and so the window, for 25 ms; between slices it changes hands.
    The list is emptied: it was the panel's, and the panel has dropped it."""
    while findings:
        del findings[-RELEASE_SLICE:]


def describe(finding: Finding) -> str:
    where = f"#{finding.seq} {finding.cue}  " if finding.seq else ""
    return f"{where}{finding.message}" + (f" — {finding.fix}" if finding.fix else "")


class FindingsModel(QAbstractListModel):
    """The findings as a list; texts are made for the rows shown only (there may be 100,000)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []

    def show(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self.findings = findings
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.findings)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        finding = self.findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return describe(finding)
        if role == Qt.ItemDataRole.ToolTipRole:  # one line each: the whole text is here
            return f"{describe(finding)}\n{finding.code}"
        if role == Qt.ItemDataRole.ForegroundRole:
            return ERROR_COLOUR if finding.severity == _rules().ERROR else WARNING_COLOUR
        if role == CUE_ID_ROLE:
            return finding.cue_id
        return None


class FindingsPanel(QWidget):
    cue_chosen = Signal(str)
    counts_changed = Signal(int, int)  # errors, warnings
    status_changed = Signal(object, object)  # for the table's Status column: labels, cue ids changed
    filing_changed = Signal(str)  # the sheet against its last filing ("" when never filed)

    def __init__(self, after_paint: Callable[[Callable[[], object]], None] | None = None) -> None:
        """``after_paint``: runs what it is given once the window has first been painted (the
        first check of a project waits for it); without one, at once."""
        super().__init__()
        self._after_paint = after_paint or (lambda callback: callback())
        self.project: Project | None = None
        self.sheet: Sheet | None = None
        self.findings: list[Finding] = []
        self.model = FindingsModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        # One line per finding, all the same height: laying out 100,000 wrapped rows takes seconds.
        self.view.setUniformItemSizes(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.clicked.connect(self._chosen)
        self.view.activated.connect(self._chosen)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.refresh)
        self._jobs = Jobs()  # no Qt parent: a result arriving after the window closed finds it alive
        self._running = False  # a validation is in the worker
        self._filing_running = False  # the sheet against its last filing is in the worker
        self._filing_again = False  # a newer check finished meanwhile: compare once more after
        self._frozen: Project | None = None  # the snapshot the last check was made on
        self._asked: tuple[Sheet, int] | None = None  # the sheet and revision it validates
        # The heap is settled (heap.py) for the project shown. A first project needs nothing: it was
        # frozen as it opened (heap.paused); one that replaces another leaves that one to collect.
        self._settled = True
        self._shown: dict[str, str] = {}  # the status labels last sent to the table
        self.filing = ""  # the sheet against its last filing, as last checked

    @property
    def busy(self) -> bool:
        """A validation is pending or running (benchmarks and tests wait for it)."""
        return self._timer.isActive() or self._running or self._filing_running

    def set_project(self, project: Project | None, sheet: Sheet | None = None) -> None:
        self._settled = self._settled and self.project is None
        self.project = project
        self.sheet = sheet  # the session's sheet: its revision says when a result is stale
        self._after_paint(self.schedule)  # opening a big project does not wait for its check

    def schedule(self) -> None:
        self._timer.start()

    def refresh(self) -> None:
        if self._running:  # one at a time: the running one's result will be stale, and rerun
            return
        project, sheet = self.project, self.sheet
        if project is None or sheet is None:
            self._show([], 0)
            return
        if not self._settled:  # the first check of a project, once the window shows it
            self._settled = True
            heap.settle()
        frozen, lines = snapshot(project, sheet)
        revision, shown = sheet.revision, self._shown
        self._running, self._asked, self._frozen = True, (sheet, revision), frozen
        self._jobs.start("", lambda: check(sheet, revision, frozen, lines, shown), self._done, self._failed)

    def _done(self, checked: Checked) -> None:
        if not shiboken6.isValid(self):  # the window closed while the worker ran
            return
        self._running = False
        if checked.sheet is not self.sheet or checked.revision != checked.sheet.revision:
            self.refresh()  # stale: the project moved on while it ran
            return
        self._show(checked.findings, checked.errors)
        self._compare_with_filing()
        self._shown = checked.status
        self.status_changed.emit(checked.status, checked.changed)

    def _failed(self, message: str) -> None:
        if not shiboken6.isValid(self):
            return
        self._running = False
        # An edit during the run can break the snapshot's shared items: try again on the new one.
        sheet, revision = self._asked or (None, 0)
        if sheet is not self.sheet or (sheet is not None and revision != sheet.revision):
            self.refresh()
            return
        self.summary.setText(f"Could not check the sheet: {message}")

    def _compare_with_filing(self) -> None:
        """The checked snapshot against the last filing, in the worker after the check (a project
        never filed: nothing to say, at once)."""
        frozen, asked = self._frozen, self._asked
        if frozen is None or asked is None or not frozen.filings:
            self._show_filing("")
            return
        if self._filing_running:  # one at a time: this check's turn comes when it ends
            self._filing_again = True
            return
        self._filing_running, self._filing_again = True, False
        sheet, revision = asked
        self._jobs.start(
            "", lambda: filing_of(sheet, revision, frozen), self._filing_done, self._filing_failed
        )

    def _filing_done(self, made: tuple[Sheet, int, str]) -> None:
        if not shiboken6.isValid(self):
            return
        self._filing_running = False
        sheet, revision, text = made
        if sheet is self.sheet and revision == sheet.revision:
            self._show_filing(text)
        if self._filing_again:
            self._compare_with_filing()

    def _filing_failed(self, message: str) -> None:
        if not shiboken6.isValid(self):
            return
        self._filing_running = False
        if self._filing_again:  # an edit broke the snapshot: the newer one is compared
            self._compare_with_filing()
        else:  # not the last comparison's words, which may no longer be true
            self._show_filing(f"Could not compare the sheet with its last filing: {message}")

    def _show_filing(self, filing: str) -> None:
        if filing != self.filing:
            self.filing = filing
            self.filing_changed.emit(filing)

    def _show(self, findings: list[Finding], errors: int) -> None:
        old = self.findings
        self.findings = findings
        self.model.show(findings)
        if len(old) > RELEASE_SLICE:
            self._jobs.start("", lambda: release(old), lambda _: None, lambda _: None)
        warnings = len(findings) - errors
        self.summary.setText(f"{errors} error(s), {warnings} warning(s)" if findings else "No problems found")
        self.counts_changed.emit(errors, warnings)

    def _chosen(self, index: QModelIndex) -> None:
        cue_id = index.data(CUE_ID_ROLE)
        if cue_id:
            self.cue_chosen.emit(cue_id)
