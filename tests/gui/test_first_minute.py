"""The first minute in the window: where the keys go before the user has clicked anything."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.gui.test_watch_and_mark import needs_vlc


def focused(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    """Where a user's key press goes: the focused widget, as the window left it (never set here)."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5000)
    return QApplication.focusWidget()


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(qtbot), key, modifier)


def test_keys_reach_the_player_when_the_window_opens(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    needs_vlc()
    window = open_window(project_path)
    assert window.isActiveWindow()
    assert focused(qtbot) is window.picture  # not the filter, not a field
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.media.playing, timeout=5000)
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not window.media.playing, timeout=5000)
    here = window.media.position()
    press(qtbot, Qt.Key.Key_Right)
    assert window.media.position() == here + 1
    press(qtbot, Qt.Key.Key_I)
    assert window.editing.marker.open_start is not None
    for _ in range(5):
        press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_O)
    assert len(window.session.project.cues) == 1 and window.editing.marker.open_start is None
    assert window.filter.text() == "" and window.proxy.rowCount() == 1


def test_escape_in_a_text_field_gives_the_keys_back_to_the_picture(
    open_window, project_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    start = window.media.position()
    qtbot.mouseClick(window.filter, Qt.MouseButton.LeftButton)  # the user clicks into the filter
    assert focused(qtbot) is window.filter
    press(qtbot, Qt.Key.Key_I)  # typing in a text field types
    assert window.filter.text() == "i" and window.editing.marker.open_start is None
    press(qtbot, Qt.Key.Key_Escape)
    assert focused(qtbot) is window.picture and window.filter.text() == "i"
    press(qtbot, Qt.Key.Key_Right)
    assert window.media.position() == start + 1
    # An inspector field: Esc drops what was typed (no edit) and hands the keys back.
    window.media.seek(10)
    press(qtbot, Qt.Key.Key_I)
    window.media.seek(30)
    press(qtbot, Qt.Key.Key_O)
    cue = next(iter(window.session.project.cues.values()))
    title = window.inspector.title
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton)
    assert focused(qtbot) is title
    undo_text = window.session.document.undo_text
    press(qtbot, Qt.Key.Key_X)
    press(qtbot, Qt.Key.Key_Escape)
    assert focused(qtbot) is window.picture
    assert window.session.document.undo_text == undo_text and "x" not in window.session.project.title_of(cue)
    # The go-to field reverts on Esc as before, and the keys come back too.
    press(qtbot, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert focused(qtbot) is window.timecode
    press(qtbot, Qt.Key.Key_5)
    press(qtbot, Qt.Key.Key_Escape)
    assert focused(qtbot) is window.picture and window.timecode.text() == window.timecode.current


def test_clicking_the_picture_takes_the_keys(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    window.filter.setFocus()  # the user was typing in the filter (this test is about leaving it)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.filter, timeout=5000)
    frames = window.picture.frames
    qtbot.mouseClick(frames, Qt.MouseButton.LeftButton, pos=QPoint(frames.width() // 2, 10))
    assert focused(qtbot) is window.picture
    here = window.media.position()
    press(qtbot, Qt.Key.Key_Right)
    assert window.media.position() == here + 1 and window.filter.text() == ""


def open_read_only(qtbot, tmp_path: Path, path: Path):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from cuesheet.ui.main_window import MainWindow
    from cuesheet.ui.session import Session

    settings = QSettings(str(tmp_path / "settings-ro.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(), settings, headless=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    assert window.session.open(path, read_only=True) is None
    return window


def writer_adds_cue(path: Path, first: int, last: int) -> None:
    """A colleague's window: opens for writing, marks a cue, commits, closes."""
    from cuesheet.domain.history import Document
    from cuesheet.domain.marking import Marker
    from cuesheet.store.project_file import ProjectFile

    file, project = ProjectFile.open(path)
    try:
        document = Document(project, file)
        marker = Marker(project)
        marker.mark_in(project.production.start_frame + first)
        command, _ = marker.mark_out(project.production.start_frame + last, None)
        document.execute(command)
    finally:
        file.close()


def test_the_read_only_window_says_so_and_follows_the_writer(
    open_window, project_path: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    writable = open_window(project_path)
    reader = open_read_only(qtbot, tmp_path, project_path)
    assert "read-only" in reader.windowTitle() and "read-only" not in writable.windowTitle()
    assert project_path.name in reader.windowTitle()
    # The writer (the other window) commits: the reader shows it without being asked.
    for first, last in ((10, 40), (60, 90)):
        writable.media.seek(first)
        writable.editing.mark_in()
        writable.media.seek(last)
        writable.editing.mark_out()
        count = len(writable.session.project.cues)
        qtbot.waitUntil(lambda n=count: reader.proxy.rowCount() == n, timeout=5000)
    assert len(reader.session.project.cues) == 2 and len(reader.timeline.visible_cues()) == 2
    writable.editing.undo()  # an undo is a commit too
    qtbot.waitUntil(lambda: reader.proxy.rowCount() == 1, timeout=5000)
    assert "read-only" in reader.windowTitle()


def test_the_read_only_window_follows_another_process_writing(
    project_path: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    reader = open_read_only(qtbot, tmp_path, project_path)
    reader.media.seek(5)  # the reader's place is kept across reloads
    writer_adds_cue(project_path, 10, 40)
    qtbot.waitUntil(lambda: reader.proxy.rowCount() == 1, timeout=5000)
    writer_adds_cue(project_path, 50, 70)
    qtbot.waitUntil(lambda: reader.proxy.rowCount() == 2, timeout=5000)
    assert reader.media.position() == 5
    reader.close()


def test_editing_keys_in_a_read_only_window_do_nothing_and_say_why(
    project_path: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    writer_adds_cue(project_path, 10, 40)
    reader = open_read_only(qtbot, tmp_path, project_path)
    cue = next(iter(reader.session.project.cues.values()))
    reader.select_cue(cue.id)
    reader.media.seek(20)
    for key in (Qt.Key.Key_I, Qt.Key.Key_BracketRight, Qt.Key.Key_Delete):
        reader.statusBar().clearMessage()
        press(qtbot, key)
        assert reader.editing.marker.open_start is None and reader.timeline.open_start is None
        assert "read-only" in reader.statusBar().currentMessage(), key
    press(qtbot, Qt.Key.Key_O)
    assert list(reader.session.project.cues) == [cue.id] and (cue.start, cue.end) == (
        reader.session.project.production.start_frame + 10,
        reader.session.project.production.start_frame + 40,
    )
    # Dragging an edge on the timeline does not move it either.
    timeline = reader.timeline
    y = timeline.height() // 2 + 10
    grab = QPoint(round(timeline.x_of(cue.end)), y)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=grab)
    qtbot.mouseMove(timeline, grab + QPoint(30, 0))
    assert timeline.span_of(cue) == (cue.start, cue.end)
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=grab + QPoint(30, 0))
    assert "read-only" in reader.statusBar().currentMessage()
    reader.close()
