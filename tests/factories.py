"""Small builders for test projects."""

from __future__ import annotations

from decimal import Decimal

from cuesheet.domain.cue import Cue
from cuesheet.domain.project import Production, Project
from cuesheet.domain.rights import Interest, Party, Recording, Role, Work
from cuesheet.domain.timecode import FrameRate, parse_timecode
from cuesheet.domain.usage import Origin, Perception, Vocals


def empty_project(rate: str = "23.976", title: str = "Test Film") -> Project:
    fr = FrameRate.parse(rate)
    start = parse_timecode("01:00:00:00", fr)
    return Project(Production(title=title, rate=fr, start_frame=start, running_time=fr.nominal * 600))


def rich_project(rate: str = "23.976") -> Project:
    """Cues of every origin, shared parties, awkward text (commas, quotes, newlines, Unicode,
    leading formula characters)."""
    project = empty_project(rate)
    p = project.production
    writer = Party("Doe, Jane", "BMI", "00012345678")
    writer2 = Party("Шостакович, Дмитрий", "NONE", "")
    cjk = Party("坂本 龍一", "JASRAC", "00098765432")
    publisher = Party('"Quoted" Music, Inc.', "ASCAP", "00011122233")
    for party in (writer, writer2, cjk, publisher):
        project.parties[party.id] = party
    works = [
        Work(
            "Opening",
            "",
            [Interest(writer.id, Role.C, Decimal(100)), Interest(publisher.id, Role.E, Decimal(100))],
        ),
        Work(
            "=SUM(A1:A2)",
            "T0702401012",
            [
                Interest(writer2.id, Role.CA, Decimal("33.33")),
                Interest(cjk.id, Role.CA, Decimal("66.67")),
                Interest(publisher.id, Role.E, Decimal(100)),
            ],
        ),
        Work('Line one\nline two, "quoted"', "", []),
        Work("-Minus", "", [Interest(writer.id, Role.C, Decimal(100))]),
    ]
    for work in works:
        project.works[work.id] = work
    song = Recording(artist="@artist", label="Label, Ltd", isrc="USRC17607839")
    library = Recording(library="Atlas", catalog_number="+APM-1", track_number="")
    project.recordings = {song.id: song, library.id: library}
    spans = [("01:00:01:00", "01:00:05:12"), ("01:00:06:00", "01:00:09:00"), ("01:00:08:00", "01:00:12:00"),
             ("01:00:20:00", "01:00:20:10")]  # fmt: skip
    origins = [Origin.SCORE, Origin.LICENSED, Origin.LIBRARY, Origin.PUBLIC_DOMAIN]
    recordings = [None, song.id, library.id, None]
    for index, ((tc_in, tc_out), work) in enumerate(zip(spans, works, strict=True)):
        cue = Cue(p.frame(tc_in), p.frame(tc_out), work.id, f"1M{index + 1:02d}", origins[index],
                  recording_id=recordings[index])  # fmt: skip
        if index == 1:
            cue.perception, cue.vocals = Perception.VISUAL, Vocals.VOCAL
        project.cues[cue.id] = cue
    return project
