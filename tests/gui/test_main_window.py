"""The window on a real project, headless (offscreen Qt)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from cuesheet.domain.commands import EditCue
from cuesheet.store.project_file import ProjectFile
from cuesheet.ui.cue_table_model import DURATION, NUMBER, SORT_ROLE, TC_IN, TITLE
from cuesheet.ui.main_window import MainWindow
from cuesheet.ui.session import Session
from tests.factories import rich_project


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    path = tmp_path / "Film.cuesheet"
    ProjectFile.create(path, rich_project()).close()
    win = MainWindow(Session())
    qtbot.addWidget(win)
    assert win.open_project(path)
    return win


def test_window_shows_the_project(window: MainWindow) -> None:
    assert window.windowTitle() == "Film.cuesheet — Cuesheet"
    model = window.proxy
    assert model.rowCount() == 4
    assert model.index(0, NUMBER).data() == "1M01"
    assert model.index(0, TITLE).data() == "Opening"
    assert model.index(0, TC_IN).data() == "01:00:01:00"
    assert model.index(0, DURATION).data() == "0:05"
    assert "Test Film" in window.summary.text() and "4 cues" in window.summary.text()


def test_sorting_uses_raw_values(window: MainWindow) -> None:
    window.table.sortByColumn(DURATION, window.table.horizontalHeader().sortIndicatorOrder().DescendingOrder)
    durations = [window.proxy.index(r, DURATION).data(SORT_ROLE) for r in range(window.proxy.rowCount())]
    assert durations == sorted(durations, reverse=True)


def test_edits_reach_the_view_through_the_session(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    session = window.session
    cue = session.project.cues_in_order()[0]  # type: ignore[union-attr]
    with qtbot.waitSignal(session.edited) as signal:
        session.execute(EditCue(cue.id, number="1M01A"))
    assert signal.args[1] == "do"
    assert cue.id in signal.args[0].cues


def test_a_bad_file_is_reported_and_nothing_changes(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    bad = tmp_path / "bad.cuesheet"
    bad.write_bytes(b"not a project")
    win = MainWindow(Session())
    qtbot.addWidget(win)
    assert not win.open_project(bad)
    assert shown and "not an SQLite database" in shown[0]
    assert win.session.project is None
    assert bad.read_bytes() == b"not a project"


def test_opening_for_writing_takes_a_backup(window: MainWindow) -> None:
    from cuesheet.store import backups

    assert window.session.path is not None
    window.session.wait_for_backup()  # taken in the background
    (backup,) = backups.list_backups(window.session.path)
    assert backup.read_bytes()[:16] == b"SQLite format 3\x00"


def test_opening_the_open_project_again_keeps_it_open(window: MainWindow) -> None:
    """File ▸ Open recent on the project already open: not "locked by" ourselves, no dialog."""
    document = window.session.document
    assert window.open_project(window.session.path)
    assert window.session.document is document and not window.session.read_only


def test_undo_and_redo_say_what_they_do(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from cuesheet.ui.actions import A

    undo, redo = window.registry.actions[A.UNDO], window.registry.actions[A.REDO]
    assert (undo.text(), undo.isEnabled(), redo.isEnabled()) == ("&Undo", False, False)
    cue = window.session.project.cues_in_order()[0]  # type: ignore[union-attr]
    window.session.execute(EditCue(cue.id, number="R&B 1"))
    assert undo.text() == "&Undo Change cue number" and undo.isEnabled()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5000)
    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
    )  # as a person
    assert cue.number == "1M01" and redo.text() == "&Redo Change cue number" and not undo.isEnabled()
