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
