"""The timeline draws any stored position without crashing: Qt paints in 32-bit pixel coordinates,
so whatever a cue, the playhead or an open In maps to is clamped to the view before drawing."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from cuesheet.domain.cue import Cue
from cuesheet.domain.project import Production, Project
from cuesheet.domain.rights import Work
from cuesheet.domain.timecode import FrameRate
from cuesheet.media.waveform import Peaks
from cuesheet.ui.timeline import Timeline
from cuesheet.ui.timeline_lane import column_origins, lane_image

INT32 = 2**31
FAR = [
    (86400 + 100, 86400 + 200),  # an ordinary cue
    (0, 10**12),  # TC Out 1000000:00:00:00 and beyond
    (-(10**12), -(10**12) + 10),
    (10**12, 10**12 + 1),
    (INT32 - 1, INT32 + 5),  # across Qt's int limit
    (-INT32, 0),
    (2**62, 2**63 - 1),
    (-(2**63), -(2**62)),
]
LEFTS = [-(10**12), -INT32 - 7, -1.5, 0, 86400, INT32 - 100, 10**12 - 50, 2**62, 2**63]
ZOOMS = [0.05, 1.0, 4.0, 20000.0]


def far_project() -> Project:
    rate = FrameRate.parse("24")
    project = Project(Production("Far", rate, 86400, running_time=24 * 600))
    for start, end in FAR:
        work = Work("far")
        project.works[work.id] = work
        cue = Cue(start, end, work.id, number=f"{start}")
        project.cues[cue.id] = cue
    return project


@pytest.fixture
def timeline(qtbot):  # type: ignore[no-untyped-def]
    widget = Timeline()
    qtbot.addWidget(widget)
    widget.resize(900, 140)
    widget.show()
    qtbot.waitExposed(widget)
    project = far_project()
    widget.set_project(project, 86400, 24 * 600)
    return widget


def painted(widget: Timeline) -> None:
    image = widget.grab().toImage()
    assert not image.isNull() and image.width() == widget.width()


def test_far_cues_paint_at_every_zoom_and_place(timeline: Timeline, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = timeline.project
    assert project is not None
    ids = list(project.cues)
    for zoom in ZOOMS:
        for left in LEFTS:
            timeline.set_view(zoom, float(left))
            for playhead, open_start, selected in [
                (86400, None, None), (10**12, 10**12 - 5, ids[1]), (-(10**12), 2**62, ids[6]),
                (2**63, -(2**63), ids[7]), (INT32, INT32 - 1, ids[4]),
            ]:  # fmt: skip
                timeline.state.set_playhead(playhead)
                timeline.state.set_open_in(open_start)
                timeline.state.select(selected)
                painted(timeline)
    assert timeline.visible_cues() is not None


def test_far_cues_with_a_waveform_scroll_and_zoom(timeline: Timeline, qtbot) -> None:  # type: ignore[no-untyped-def]
    levels = [np.array([[-1000, 1000]] * 4096, np.int16)]
    timeline.peaks = Peaks(48000, levels, 4096 * 256)
    for left in LEFTS:
        timeline.set_view(4.0, float(left))
        for steps in (1, -3, 120):
            event = QWheelEvent(
                QPointF(100, 60), timeline.mapToGlobal(QPointF(100, 60)), QPoint(), QPoint(0, 120 * steps),
                Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
            )  # fmt: skip
            QApplication.sendEvent(timeline, event)
            painted(timeline)
        for factor in (1e-6, 1e6):
            timeline.zoom(factor)
            painted(timeline)
        timeline.state.set_playhead(2**63)  # follows the playhead a page at a time
        painted(timeline)
        timeline.state.set_playhead(-(2**63))
        painted(timeline)
    timeline.zoom_to_fit()
    painted(timeline)


def test_dragging_near_a_far_cue_and_seeking(timeline: Timeline, qtbot) -> None:  # type: ignore[no-untyped-def]
    seeks: list[int] = []
    timeline.seek_requested.connect(seeks.append)
    commands: list[object] = []
    timeline.edit_requested.connect(commands.append)
    timeline.set_view(1.0, float(INT32 - 100))  # the cue that crosses 2^31 starts 99 px in
    y = timeline.height() // 2 + 10
    grab = QPoint(round(timeline.x_of(INT32 - 1)), y)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=grab)
    qtbot.mouseMove(timeline, grab + QPoint(40, 0))
    painted(timeline)
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=grab + QPoint(40, 0))
    assert len(commands) == 1
    timeline.set_view(20000.0, float(2**62))
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(10, 5))
    assert seeks and seeks[-1] > 2**61


def test_the_lane_clamps_far_spans() -> None:
    spans = np.array([[-1e30, 1e30, 0], [1e15, 2e15, 1], [-5e12, -4e12, 2], [np.nan, 3.0, 1]], np.float64)
    columns = column_origins(300, spans)
    assert columns.shape == (300,)
    image = lane_image(300, 100, (14, 86), columns, [(1, 2, 3, 255)] * 4, None, (-1e300, 1e300))
    assert not image.isNull()


def test_a_project_with_far_cues_opens_paints_and_scrolls(open_window, project_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from cuesheet.domain.commands import AddCues
    from cuesheet.domain.history import Document
    from cuesheet.store.project_file import ProjectFile

    file, project = ProjectFile.open(project_path)
    try:
        works = [Work(f"far {n}") for n in range(len(FAR))]
        cues = [Cue(start, end, work.id) for (start, end), work in zip(FAR, works, strict=True)]
        Document(project, file).execute(AddCues(cues, works))
    finally:
        file.close()
    window = open_window(project_path)  # however loading bounds them, the window opens
    timeline = window.timeline
    for left in LEFTS:
        for zoom in ZOOMS:
            timeline.set_view(zoom, float(left))
            painted(timeline)
        window.grab()
    window.select_cue(next(iter(window.session.project.cues)))
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(300, 5))  # seek from the ruler
    painted(timeline)


def test_the_lane_draws_the_last_of_overlapping_spans_at_every_density() -> None:
    """Whichever way the columns are worked out (narrow spans at once, wide ones in a loop), each
    pixel shows the origin of the last span covering it, as rectangles drawn in order would (only
    thousands of spans each many pixels wide, which no zoom shows, fall back to origin order)."""
    random = np.random.default_rng(7)
    for count, widest in ((40, 300.0), (1500, 1.5), (900, 9.0), (5, 0.3)):
        x0 = random.uniform(-20, 320, count)
        spans = np.column_stack([x0, x0 + random.uniform(0, widest, count), random.integers(0, 4, count)])
        expected = np.full(300, -1, np.int16)
        for a, b, origin in spans:
            first = int(np.clip(np.floor(a), 0, 300))
            expected[first : int(np.clip(max(np.ceil(b), first + 1), 0, 300))] = origin
        assert (column_origins(300, spans) == expected).all(), (count, widest)


def test_a_far_seek_before_the_film_is_probed_reaches_the_playhead(open_window, project_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Before the probe has made the player, a seek is not clamped to the film: the frame, past
    2^31, must still travel the position signal (a Qt int raised OverflowError in the event loop)."""
    window = open_window(project_path)
    media = window.media
    player, media.player = media.player, None  # as in the moment before the probe is done
    try:
        window.navigation.seek(2**40)
        assert window.state.playhead == 2**40
    finally:
        media.player = player
