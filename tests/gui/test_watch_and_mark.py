"""The supervisor's loop, driven with keys and the mouse on the real window."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from cuesheet.domain.usage import Origin
from cuesheet.media import playback
from cuesheet.media.playback import PlaybackUnavailable
from tests.gui.conftest import image_index


def needs_vlc() -> None:
    try:
        playback.create_instance(headless=True).release()
    except PlaybackUnavailable:
        pytest.skip("skipped: libVLC missing")


def shown_frame(window, qtbot) -> int:  # type: ignore[no-untyped-def]
    """The frame the picture shows, read back from the index painted in it."""
    target = window.media.position()
    qtbot.waitUntil(lambda: window.picture.frames.frame == target, timeout=5000)
    return image_index(window.picture.frames.image)


def test_paused_marks_are_exact(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    start = window.session.project.production.start_frame
    for _ in range(10):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # +1 s
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert window.media.position() == 10 + 24 - 1
    assert shown_frame(window, qtbot) == 33  # the picture is the frame the playhead says
    qtbot.keyClick(window, Qt.Key.Key_I)
    for _ in range(20):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    assert shown_frame(window, qtbot) == 53
    qtbot.keyClick(window, Qt.Key.Key_O)
    cues = window.session.project.cues_in_order()
    assert [(c.start - start, c.end - start) for c in cues] == [(33, 53)]
    assert window.proxy.rowCount() == 1 and window.editing.selected == cues[0].id
    assert window.timeline.visible_cues() == cues


def test_marks_while_playing(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    needs_vlc()
    window = open_window(project_path)
    delay_frames = 4  # 150 ms at 23.976
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.media.playing and window.media.position() > 20, timeout=5000)
    expected_in = window.media.position() - delay_frames
    qtbot.keyClick(window, Qt.Key.Key_I)
    qtbot.wait(700)
    expected_out = window.media.position() - delay_frames
    qtbot.keyClick(window, Qt.Key.Key_O)
    qtbot.wait(600)
    expected_split = window.media.position() - delay_frames
    qtbot.keyClick(window, Qt.Key.Key_I)
    qtbot.wait(400)
    split_at = window.media.position() - delay_frames
    qtbot.keyClick(window, Qt.Key.Key_M)  # hand over: one cue becomes two, meeting on one frame
    qtbot.wait(400)
    qtbot.keyClick(window, Qt.Key.Key_O)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    start = window.session.project.production.start_frame
    cues = window.session.project.cues_in_order()
    assert len(cues) == 3
    assert abs(cues[0].start - start - expected_in) <= 2
    assert abs(cues[0].end - start - expected_out) <= 2
    assert abs(cues[1].start - start - expected_split) <= 2
    assert abs(cues[1].end - start - split_at) <= 2
    assert cues[1].end == cues[2].start


def test_drag_snaps_undo_redo_tag_delete_reopen(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    start = window.session.project.production.start_frame
    for frames in ((10, 40), (60, 90)):  # two cues, marked paused
        window.media.seek(frames[0])
        qtbot.keyClick(window, Qt.Key.Key_I)
        window.media.seek(frames[1])
        qtbot.keyClick(window, Qt.Key.Key_O)
    first, second = window.session.project.cues_in_order()
    timeline = window.timeline
    y = timeline.height() // 2 + 10
    grab = QPoint(round(timeline.x_of(first.end)), y)
    near_second = QPoint(round(timeline.x_of(second.start)) - 3, y)  # 3 px short: snaps onto it
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=grab)
    qtbot.mouseMove(timeline, near_second)
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=near_second)
    cues = window.session.project.cues  # an edit replaces the cue it changes
    assert cues[first.id].end == second.start == start + 60
    assert window.session.document.undo_text == "Trim cue"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert cues[first.id] is first and first.end == start + 40
    qtbot.keyClick(
        window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert cues[first.id].end == start + 60
    window.select_cue(second.id)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert cues[second.id].origin is Origin.LICENSED
    window.select_cue(first.id)
    qtbot.keyClick(window, Qt.Key.Key_Delete)
    assert list(window.session.project.cues) == [second.id]
    window.close()
    again = open_window(project_path)
    cues = again.session.project.cues_in_order()
    assert [(c.start - start, c.end - start, c.origin) for c in cues] == [(60, 90, Origin.LICENSED)]


def test_out_before_in_is_refused_with_a_message(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    window.media.seek(50)
    qtbot.keyClick(window, Qt.Key.Key_I)
    window.media.seek(40)
    qtbot.keyClick(window, Qt.Key.Key_O)
    assert window.session.project.cues == {}
    assert "after the In" in window.statusBar().currentMessage()


def test_typed_timecode_and_escape(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    field = window.timecode
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert field.hasFocus()
    field.setText("01:00:03:00")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.media.position() == 72
    field.setFocus()
    field.setText("+48")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.media.position() == 120
    field.setFocus()
    field.setText("01:00:00:99")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.media.position() == 120 and "frames must be below" in window.statusBar().currentMessage()
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == "01:00:05:00"


def test_missing_film_opens_with_a_banner(
    open_window, project_path: Path, film: Path, qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import shutil

    moved = tmp_path / "elsewhere" / project_path.name
    moved.parent.mkdir()
    shutil.copy(project_path, moved)
    hidden = film.with_suffix(".hidden")
    film.rename(hidden)
    try:
        from PySide6.QtCore import QSettings

        from cuesheet.ui.main_window import MainWindow
        from cuesheet.ui.session import Session

        window = MainWindow(
            Session(), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), headless=True
        )
        qtbot.addWidget(window)
        assert window.open_project(moved)
        assert window.banner.isVisibleTo(window) and "Film not found" in window.banner.text()
        assert window.locate_button.isVisibleTo(window)
        window.close()
    finally:
        hidden.rename(film)


def test_a_film_found_unreadable_later_reaches_the_banner(film: Path, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """open() only checks the path; the probe runs once the window has painted and its refusal shows."""
    import shutil

    from PySide6.QtCore import QSettings

    from cuesheet.project_service import create_project
    from cuesheet.ui.main_window import MainWindow
    from cuesheet.ui.session import Session

    copy = tmp_path / film.name  # the session's film is shared: spoil a copy
    shutil.copy(film, copy)
    path = tmp_path / "Spoilt.cuesheet"
    create_project(path, "Spoilt", None, None, copy)
    size = copy.stat().st_size
    copy.write_bytes((b"\x00not a film" * size)[:size])  # the same size: the link still finds it
    window = MainWindow(
        Session(), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), headless=True
    )
    qtbot.addWidget(window)
    window.show()
    assert window.open_project(path)
    qtbot.waitUntil(lambda: window.banner.isVisibleTo(window), timeout=10_000)
    assert window.media.unavailable and escape(window.media.unavailable) in window.banner.text()
    window.close()


def test_reopen_restores_playhead_and_zoom(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    window.media.seek(77)
    window.timeline.zoom(0.5)
    view = (window.timeline.frames_per_px, window.timeline.left_frame)
    window.close()
    again = open_window(project_path)
    assert again.media.position() == 77
    assert (again.timeline.frames_per_px, again.timeline.left_frame) == pytest.approx(view)


def test_k_held_with_j_and_l_steps_single_frames(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    window.media.seek(50)
    qtbot.keyPress(window, Qt.Key.Key_K)
    qtbot.keyClick(window, Qt.Key.Key_L)
    qtbot.keyClick(window, Qt.Key.Key_L)
    qtbot.keyClick(window, Qt.Key.Key_J)
    qtbot.keyRelease(window, Qt.Key.Key_K)
    assert window.media.position() == 51 and not window.media.playing


def test_colour_by_theme_and_shortcut_override(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from cuesheet.ui.actions import A

    window = open_window(project_path)
    window.registry.actions[A.COLOUR_BY_THEME].trigger()
    assert window.timeline.colour_by_motif
    window.registry.set_shortcuts(A.MARK_IN, ("F11",))
    assert window.settings.value("shortcuts/cue.mark_in") == "F11"
    window.registry.set_shortcuts(A.MARK_IN, ("I",))  # back to the default: nothing stored
    assert window.settings.value("shortcuts/cue.mark_in") is None


def test_marking_keys_work_with_the_table_focused(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    window.table.setFocus()
    window.media.seek(20)
    qtbot.keyClick(window.table, Qt.Key.Key_I)
    window.media.seek(30)
    qtbot.keyClick(window.table, Qt.Key.Key_O)
    assert len(window.session.project.cues) == 1
    window.filter.setFocus()
    qtbot.keyClick(window.filter, Qt.Key.Key_I)  # typing in a text field types, it does not mark
    assert window.filter.text() == "i" and window.editing.marker.open_start is None


def test_the_chosen_speed_and_volume_survive_play_and_another_film(
    open_window, project_path, film, tmp_path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from cuesheet.project_service import create_project

    second = tmp_path / "Second.cuesheet"
    create_project(second, "Second", None, None, film)
    window = open_window(project_path)
    media = window.media
    qtbot.waitUntil(lambda: media.player is not None, timeout=5000)  # the film probed in the background
    media.set_speed(2.0)
    media.set_volume(40)
    media.toggle()  # play: at the chosen 2x, not back at 1x
    assert media.player.speed == 2.0
    media.toggle()
    media.shuttle(1)  # L plays at shuttle speed; play/pause afterwards returns to the chosen speed
    media.toggle()
    media.toggle()
    assert media.player.speed == 2.0
    media.toggle()
    assert window.open_project(second)  # another project on the film: a new player, same settings
    assert media.speed == 2.0 and (media.volume, media.muted) == (40, False)
    qtbot.waitUntil(lambda: media.player is not None and media.player.speed == 2.0, timeout=5000)


def test_the_inspector_follows_marks_edits_and_undo(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from cuesheet.domain.commands import EditCue

    window = open_window(project_path)
    inspector = window.inspector
    qtbot.keyClick(window, Qt.Key.Key_I)
    for _ in range(10):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_M)  # hand over: a cue made and selected, the next one open
    first = window.editing.selected
    assert inspector.cue is not None and inspector.cue.id == first and inspector.isEnabled()
    for _ in range(10):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_O)
    second = window.editing.selected
    cues = window.session.project.cues
    assert second != first and inspector.cue is not None and inspector.cue.id == second
    assert inspector.number.text() == cues[second].number != cues[first].number
    window.session.execute(EditCue(first, scene="Other"))  # another cue's edit: the shown one stays
    window.session.execute(EditCue(second, scene="Car chase"))  # the shown cue's: the field follows
    assert inspector.scene.text() == "Car chase" and inspector.cue is cues[second]
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the second cue gone
    assert second not in window.session.project.cues
    assert inspector.cue is None or inspector.cue.id != second
    assert not inspector.isEnabled() or inspector.cue is not None
