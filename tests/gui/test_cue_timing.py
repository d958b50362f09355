"""The selected cue's In, Out and duration typed as timecode in the inspector, and the running
timecode shown while an edge is dragged on the timeline."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from tests.gui.test_inspector_and_files import mark


def type_into(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def timing(project, cue_id: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    cue = project.cues[cue_id]  # the cue as it is now: an edit replaces it
    return cue.start, cue.end


def test_in_out_and_duration_are_typed_as_timecode(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    cue_id = mark(window, qtbot, 10, 50)
    project = window.session.project
    start = window.session.project.production.start_frame  # 01:00:00:00 at 23.976
    inspector = window.inspector
    assert inspector.tc_in.text() == "01:00:00:10" and inspector.tc_out.text() == "01:00:02:02"
    assert inspector.tc_duration.text() == "00:00:01:16"
    document = window.session.document
    type_into(qtbot, inspector.tc_in, "01:00:00:20")
    assert timing(project, cue_id) == (start + 20, start + 50) and document.undo_text == "Set cue In"
    window.editing.undo()  # one step
    assert timing(project, cue_id) == (start + 10, start + 50)
    assert inspector.tc_in.text() == "01:00:00:10"
    window.editing.redo()
    type_into(qtbot, inspector.tc_out, "+24")  # relative to the Out shown
    assert project.cues[cue_id].end == start + 74 and document.undo_text == "Set cue Out"
    assert inspector.tc_duration.text() == "00:00:02:06"
    type_into(qtbot, inspector.tc_duration, "00:00:03:00")  # the In stays, the Out follows
    assert timing(project, cue_id) == (start + 20, start + 92) and document.undo_text == "Set cue duration"
    type_into(qtbot, inspector.tc_in, "-1.")  # one second earlier
    assert project.cues[cue_id].start == start - 4


def test_impossible_timing_is_refused_with_the_reason(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    project, cue_id = window.session.project, mark(window, qtbot, 10, 50)
    inspector, document = window.inspector, window.session.document
    before, undo_text = timing(project, cue_id), document.undo_text
    for field, text, reason in [
        (inspector.tc_in, "01:00:00:99", "frames must be below"),
        (inspector.tc_in, "01:00:05:00", "before the Out"),
        (inspector.tc_out, "01:00:00:05", "after the In"),
        (inspector.tc_duration, "00:00:00:00", "longer than"),
        (inspector.tc_duration, "-100", "longer than"),
        (inspector.tc_out, "soon", "not a timecode"),
    ]:
        shown = field.text()
        type_into(qtbot, field, text)
        assert reason in window.statusBar().currentMessage(), text
        assert timing(project, cue_id) == before and document.undo_text == undo_text
        assert field.text() == shown, text  # the old value stays


def test_dragging_an_edge_shows_the_running_timecode(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    project, cue_id = window.session.project, mark(window, qtbot, 10, 40)
    cue = project.cues[cue_id]
    timeline = window.timeline
    timeline.set_view(0.5, float(cue.start - 40))
    y = timeline.height() // 2 + 10
    grab = QPoint(round(timeline.x_of(cue.end)), y)
    assert timeline.drag_label == ""
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=grab)
    qtbot.mouseMove(timeline, grab + QPoint(12, 0))
    qtbot.mouseMove(timeline, grab + QPoint(24, 0))  # 12 frames later at 0.5 frame per pixel
    assert timeline.drag_label == "Out 01:00:02:04 · duration 00:00:01:18"
    timeline.grab()  # painted with the label
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=grab + QPoint(24, 0))
    cue = project.cues[cue_id]  # an edit replaces the cue
    assert timeline.drag_label == "" and cue.end == cue.start + 42
    grab = QPoint(round(timeline.x_of(cue.start)), y)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=grab)
    qtbot.mouseMove(timeline, grab - QPoint(10, 0))
    assert timeline.drag_label == "In 01:00:00:05 · duration 00:00:01:23"
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=grab - QPoint(10, 0))
