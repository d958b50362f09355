"""A window's edit is painted first and committed after (``Document(commit_later=True)``): a key
does not wait on the disk's syncs, and a commit that fails takes the edit back off the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt

from cuesheet.store.errors import ProjectError
from cuesheet.store.project_file import ProjectFile


class PaintLog(QObject):
    """Notes each paint of the watched widgets, by name, in ``log``."""

    def __init__(self, log: list[str], **widgets: Any) -> None:
        super().__init__()
        self.log, self.names = log, {id(w): name for name, w in widgets.items()}
        for widget in widgets.values():
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and id(watched) in self.names:
            self.log.append(f"paint {self.names[id(watched)]}")
        return False


def _numbers_on_disk(path: Path) -> list[str]:
    file, project = ProjectFile.open(path, read_only=True)
    file.close()
    return sorted(cue.number for cue in project.cues.values())


def test_a_mark_is_painted_before_it_is_committed(  # type: ignore[no-untyped-def]
    open_window, project_path: Path, qtbot, monkeypatch
) -> None:
    window = open_window(project_path)
    file = window.session.file
    log: list[str] = []
    commit = file.commit

    def logged_commit() -> None:
        if file._conn.in_transaction:
            log.append("commit")
        commit()

    monkeypatch.setattr(file, "commit", logged_commit)
    watch = PaintLog(log, table=window.table.viewport(), timeline=window.timeline)
    window.media.seek(10)
    qtbot.keyClick(window, Qt.Key.Key_I)
    window.media.seek(50)
    QCoreApplication.processEvents()
    log.clear()
    qtbot.keyClick(window, Qt.Key.Key_O)
    cue_id = window.editing.selected
    assert cue_id is not None and window.session.document.pending  # shown; the disk not waited on
    assert _numbers_on_disk(project_path) == []
    qtbot.waitUntil(lambda: "commit" in log, timeout=5000)
    assert {"paint table", "paint timeline"} <= set(log[: log.index("commit")]), log
    assert not window.session.document.pending
    assert _numbers_on_disk(project_path) == [window.session.project.cues[cue_id].number]
    del watch


def test_a_commit_that_fails_takes_the_mark_back_and_says_so(  # type: ignore[no-untyped-def]
    open_window, project_path: Path, qtbot, monkeypatch
) -> None:
    from tests.gui.test_inspector_and_files import mark

    window = open_window(project_path)
    first = mark(window, qtbot, 10, 50)
    qtbot.waitUntil(lambda: not window.session.document.pending, timeout=5000)
    undo_text = window.session.document.undo_text
    assert undo_text == "Mark cue 1M01"
    file = window.session.file
    commit = file.commit

    def failing_commit() -> None:
        if file._conn.in_transaction:
            file._conn.execute("ROLLBACK")
            raise ProjectError(f"{file.path}: could not save the change (disk I/O error)")
        commit()

    monkeypatch.setattr(file, "commit", failing_commit)
    second = mark(window, qtbot, 60, 90)
    assert second != first and second in window.session.project.cues  # shown at once
    assert window.proxy.rowCount() == 2
    qtbot.waitUntil(lambda: second not in window.session.project.cues, timeout=5000)
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1, timeout=5000)  # off the table again
    assert "Not saved" in window.statusBar().currentMessage()
    assert "disk I/O error" in window.statusBar().currentMessage()
    assert window.session.sheet.line(second) is None  # what the table and timeline draw
    assert window.session.document.undo_text == undo_text  # the first mark's, as on disk
    assert len(_numbers_on_disk(project_path)) == 1

    monkeypatch.setattr(file, "commit", commit)
    third = mark(window, qtbot, 100, 130)  # the file takes edits again
    qtbot.waitUntil(lambda: not window.session.document.pending, timeout=5000)
    assert third in window.session.project.cues and len(_numbers_on_disk(project_path)) == 2


def test_closing_the_window_commits_the_last_edit(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.test_inspector_and_files import mark

    window = open_window(project_path)
    mark(window, qtbot, 10, 50)
    assert window.session.document.pending
    window.close()  # before the event loop came round: the commit is made on the way out
    assert len(_numbers_on_disk(project_path)) == 1


def test_closing_when_the_last_commit_fails_says_so_in_a_box(  # type: ignore[no-untyped-def]
    open_window, project_path: Path, qtbot, monkeypatch
) -> None:
    """The status bar that says "Not saved" goes with the window: at close, a box says it."""
    from PySide6.QtWidgets import QMessageBox

    from tests.gui.test_inspector_and_files import mark

    window = open_window(project_path)
    file = window.session.file

    def failing_commit() -> None:
        file._conn.execute("ROLLBACK")
        raise ProjectError(f"{file.path}: could not save the change (disk I/O error)")

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _, title, text, *a: warned.append(f"{title}: {text}"))
    mark(window, qtbot, 10, 50)
    monkeypatch.setattr(file, "commit", failing_commit)
    assert window.session.document.pending
    window.close()
    assert len(warned) == 1 and warned[0].startswith("Not saved: The last edit could not be saved")
    assert "disk I/O error" in warned[0] and _numbers_on_disk(project_path) == []


def test_a_copy_saved_straight_after_an_edit_holds_it(
    open_window, project_path: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.test_inspector_and_files import mark

    window = open_window(project_path)
    mark(window, qtbot, 10, 50)
    assert window.session.document.pending
    copy = tmp_path / "copy.cuesheet"
    window.session.save_copy(copy)  # what File ▸ Save a copy as… calls: the edit committed first
    assert len(_numbers_on_disk(copy)) == 1 and not window.session.document.pending
