"""Zoom to fit shows the whole film and every cue: a project with no film (cues imported from the
editor's timeline, a running time of 0) or cues past the film's end must not leave cues off the view."""

from __future__ import annotations

from cuesheet.domain.commands import AddCues
from cuesheet.domain.cue import Cue
from cuesheet.domain.history import Document
from cuesheet.domain.project import Production, Project
from cuesheet.domain.rights import Work
from cuesheet.domain.sheet import Sheet
from cuesheet.domain.timecode import FrameRate
from cuesheet.ui.timeline import Timeline

START = 86400


def _cues(*spans: tuple[int, int]) -> tuple[list[Cue], list[Work]]:
    works = [Work(f"Song {n}") for n in range(len(spans))]
    return [Cue(START + a, START + b, w.id) for (a, b), w in zip(spans, works, strict=True)], works


def _shown(timeline: Timeline, project: Project) -> bool:
    last = max(cue.end for cue in project.cues.values())
    return timeline.x_of(START) >= 0 and timeline.x_of(last) <= timeline.width()


def test_a_project_without_a_film_fits_its_cues_and_follows_an_import(qtbot) -> None:  # type: ignore[no-untyped-def]
    project = Project(Production("No film", FrameRate.parse("24"), START, running_time=0))
    document = Document(project)
    sheet = Sheet(project)

    def run(command: AddCues) -> None:  # as the window does: the sheet, then the timeline follows
        change = document.execute(command)
        timeline.follow(sheet.update(change.cues, change.works))

    timeline = Timeline()
    qtbot.addWidget(timeline)
    timeline.resize(800, 160)
    cues, works = _cues((0, 240), (24 * 600, 24 * 610))  # ten minutes in
    sheet.update(document.execute(AddCues(cues, works)).cues)
    timeline.set_project(project, START, project.production.running_time, sheet)
    timeline.show()
    qtbot.waitExposed(timeline)
    assert _shown(timeline, project)
    timeline.repaint()  # the cues placed, as after the first paint
    run(AddCues(*_cues((24 * 3000, 24 * 3030))))  # an import reaching fifty minutes
    assert _shown(timeline, project)
    timeline.zoom(0.5)  # the user zoomed in: the view stays where they put it
    left, scale = timeline.left_frame, timeline.frames_per_px
    run(AddCues(*_cues((24 * 6000, 24 * 6010))))
    assert (timeline.left_frame, timeline.frames_per_px) == (left, scale)
