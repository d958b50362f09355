"""Numbers of cues marked one after another: the same as reading every number each time, without
reading them each time; any other change reads them again."""

from __future__ import annotations

import pytest

import cuesheet.domain.marking as marking
from cuesheet.domain.commands import EditCue
from cuesheet.domain.history import Document
from cuesheet.domain.marking import Marker
from cuesheet.domain.project import Production, Project
from cuesheet.domain.timecode import FrameRate, parse_timecode

R24 = FrameRate.parse("24")


def mark(marker: Marker, document: Document, at: int) -> str:
    marker.mark_in(at)
    command, cue_id = marker.mark_out(at + 24)
    document.execute(command)
    return document.project.cues[cue_id].number


def test_consecutive_marks_read_the_numbers_once_and_follow_other_edits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = Project(Production(title="Film", rate=R24, start_frame=parse_timecode("01:00:00:00", R24)))
    document = Document(project)
    marker = Marker(project, lambda: document.revision)
    reads: list[int] = []
    real = marking.next_number
    monkeypatch.setattr(marking, "next_number", lambda *a: reads.append(1) or real(*a))
    first = project.production.start_frame
    assert [mark(marker, document, first + n * 48) for n in range(4)] == ["1M01", "1M02", "1M03", "1M04"]
    assert len(reads) == 1  # read once, then counted on
    last = max(project.cues.values(), key=lambda c: c.start)
    document.execute(EditCue(last.id, number="1M10"))  # another change: read again
    assert mark(marker, document, first + 400) == "1M11" and len(reads) == 2
    document.undo()  # the cue just marked goes: its number is free again
    assert mark(marker, document, first + 400) == "1M11" and len(reads) == 3
    second_reel = parse_timecode("02:00:00:00", R24)
    assert mark(marker, document, second_reel) == "2M01"  # another reel: read for it
    assert mark(marker, document, second_reel + 48) == "2M02"


def test_the_numbers_are_those_a_fresh_read_gives() -> None:
    given = []
    for revision in (False, True):
        project = Project(Production(title="Film", rate=R24, start_frame=0))
        document = Document(project)
        marker = Marker(project, (lambda d=document: d.revision) if revision else None)
        given.append([mark(marker, document, n * 48 + (n // 3) * 86400) for n in range(7)])
    assert given[0] == given[1] and len(set(given[0])) == 7
