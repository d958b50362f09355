"""Planning cues from an editor's timeline: music tracks, copies, joins, gaps, titles, what is left out."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from cuesheet.domain.edit import EditClip, EditTimeline, EditTrack, TrackKind
from cuesheet.domain.timecode import FrameRate
from cuesheet.domain.timeline_cues import (
    LEFT_COVERED,
    LEFT_DISABLED,
    LEFT_MUTED_TRACK,
    choose_tracks,
    plan_cues,
)
from cuesheet.domain.usage import Origin

R24 = FrameRate.parse("23.976")


def timeline(*tracks: EditTrack) -> EditTimeline:
    return EditTimeline("test", "t", R24, 0, list(tracks))


def clip(start: int, end: int, source: str = "", name: str = "", enabled: bool = True) -> EditClip:
    return EditClip(start, end, name, source, enabled=enabled)


def test_music_tracks_are_chosen_when_the_file_names_any() -> None:
    names = {"A1": "DX", "A2": "MX 1", "A3": "Score stem", "A4": "FX", "A5": "AMX"}
    tracks = [EditTrack(label, name=name) for label, name in names.items()]
    tracks.append(EditTrack("V1", TrackKind.VIDEO, "MX"))
    made = timeline(*tracks)
    assert [t.label for t in choose_tracks(made)] == ["A2", "A3"]
    assert [t.label for t in choose_tracks(timeline(EditTrack("A1", name="DX"), EditTrack("A2")))] == [
        "A1",
        "A2",
    ]
    assert [t.label for t in choose_tracks(made, ["a4", "DX"])] == ["A1", "A4"]  # the timeline's order
    with pytest.raises(ValueError, match="no audio track 'A9'"):
        choose_tracks(made, ["A9"])


def test_copies_join_and_gaps_make_the_cues() -> None:
    song = "Song A.wav"
    a3 = EditTrack("A3", name="MX L", clips=[
        clip(100, 200, song), clip(200, 300, song),  # a cut inside the song: one cue
        clip(500, 600, song),  # after a gap: another cue
        clip(250, 400, "Song B.aif"),  # overlaps song A, but another source: its own cue
        clip(700, 800, name="1M05 Chase"),  # no file: the clip's name
    ])  # fmt: skip
    a4 = EditTrack(
        "A4", name="MX R", clips=[clip(100, 200, song), clip(290, 310, song)]
    )  # a copy; a crossfade
    plan = plan_cues(timeline(a3, a4), [a3, a4])
    got = [(c.start, c.end, c.title, c.tracks, c.clips) for c in plan.cues]
    assert got == [
        (100, 310, "Song A", ("A3", "A4"), 3),  # 100-200 on both tracks is one clip
        (250, 400, "Song B", ("A3",), 1),
        (500, 600, "Song A", ("A3",), 1),
        (700, 800, "1M05 Chase", ("A3",), 1),
    ]
    joined = plan_cues(timeline(a3, a4), [a3, a4], join_gap=200)  # 310 -> 500 is 190 frames
    assert [(c.start, c.end, c.title) for c in joined.cues if c.title == "Song A"] == [(100, 600, "Song A")]


def test_what_is_left_out_is_counted() -> None:
    mx = EditTrack("A1", name="MX", clips=[clip(0, 10, "a.wav"), clip(20, 30, "b.wav", enabled=False)])
    muted = EditTrack("A2", name="MX 2", muted=True, clips=[clip(0, 10, "c.wav")] * 3)
    plan = plan_cues(timeline(mx, muted), [mx, muted], covered=[("a.wav", 0, 50)])
    assert plan.cues == []
    assert plan.left_out == {LEFT_DISABLED: 1, LEFT_MUTED_TRACK: 3, LEFT_COVERED: 1}


def test_origin_follows_the_track_name() -> None:
    score = EditTrack("A1", name="SCORE", clips=[clip(0, 10, "1M01.wav")])
    songs = EditTrack("A2", name="Songs", clips=[clip(0, 10, "Hit.mp3")])
    plan = plan_cues(timeline(score, songs), [score, songs])
    assert {c.title: c.origin for c in plan.cues} == {"1M01": Origin.SCORE, "Hit": Origin.LICENSED}


def test_a_real_avid_edl_plans_its_music_stem() -> None:
    from cuesheet.interchange.edl import read_edl

    path = Path(__file__).resolve().parents[3] / "shared" / "samples" / "pycmx__TEST.edl"
    if not path.is_file():
        pytest.skip(f"{path} absent (the shared samples are not on this machine)")
    edl = read_edl(path.read_bytes(), FrameRate.parse("24"))
    a12 = [t for t in edl.tracks if t.label == "A12"]
    plan = plan_cues(edl, a12)
    assert plan.cues and all(c.tracks == ("A12",) for c in plan.cues)
    assert sum(c.clips for c in plan.cues) == len({(c.key, c.record_in, c.record_out) for c in a12[0].clips})
    ends = [(c.start, c.end) for c in plan.cues if c.source == "TC R1 V6 TEMP2 ST MX.WAV"]
    assert all(b[0] > a[1] for a, b in pairwise(ends))  # joined where they touch
