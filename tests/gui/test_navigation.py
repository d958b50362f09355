"""Going places with keys: a typed timecode, the next and previous cue, a cue's In and Out. The
window speaks project timecode (the film starts at the project's start frame); only
``ui.navigation`` converts to the film's own frames (issue #14)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt


def test_keys_go_to_timecodes_cues_and_edges(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    production = window.session.project.production
    start = production.start_frame
    for first, last in ((24, 48), (100, 130)):  # two cues, marked as a user marks them
        window.navigation.seek(start + first)
        qtbot.keyClick(window, Qt.Key.Key_I)
        window.navigation.seek(start + last)
        qtbot.keyClick(window, Qt.Key.Key_O)
    first, second = window.session.sheet.cues()
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert window.timecode.hasFocus()
    window.timecode.setText(production.timecode(start + 60))
    qtbot.keyClick(window.timecode, Qt.Key.Key_Return)
    assert window.media.position() == 60 and window.state.playhead == start + 60
    assert window.timecode.text() == production.timecode(start + 60)
    qtbot.keyClick(window, Qt.Key.Key_Greater)  # next cue
    assert (window.editing.selected, window.media.position()) == (second.id, 100)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ShiftModifier)  # its Out
    assert window.media.position() == 130
    qtbot.keyClick(window, Qt.Key.Key_Less)  # previous cue: the last to start before the playhead
    qtbot.keyClick(window, Qt.Key.Key_Less)
    assert (window.editing.selected, window.media.position()) == (first.id, 24)
    assert window.timeline.selected == first.id and window.table.selectionModel().selectedRows()
    window.timecode.setText("not a time")
    qtbot.keyClick(window.timecode, Qt.Key.Key_Return)
    assert window.media.position() == 24 and window.statusBar().currentMessage()
