"""The CMX 3600 EDL reader: generated EDLs with a known truth, the real ones in ../shared/samples
(skipped when absent), and malformed files refused with the line that is wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cuesheet.domain.edit import EditTimeline, TimelineError, TrackKind
from cuesheet.domain.timecode import FrameRate, parse_timecode
from cuesheet.interchange.edl import read_edl

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
R24 = FrameRate.parse("23.976")
DF = FrameRate.parse("29.97 DF")


def edl(*lines: str, crlf: bool = False) -> bytes:
    return ("\r\n" if crlf else "\n").join(lines).encode()


def clips(timeline: EditTimeline, label: str) -> list[tuple[int, int, str, str]]:
    track = next(t for t in timeline.tracks if t.label == label)
    return [(c.record_in, c.record_out, c.name, c.source) for c in track.clips]


def tc(text: str, rate: FrameRate = R24) -> int:
    return parse_timecode(text, rate)


MUSIC_EDL = (
    "TITLE: Reel 1 music",
    "FCM: NON-DROP FRAME",
    "001  SONG_A   AA    C        00:00:10:00 00:00:40:00 01:00:05:00 01:00:35:00",
    "* FROM CLIP NAME:  Song A.wav",
    "* SOURCE FILE: /Volumes/Music/Song A.wav",
    "002  SONG_A   AA    C        00:00:40:00 00:00:40:00 01:00:35:00 01:00:35:00",
    "002  SONG_B   AA    D    012 00:01:00:00 00:01:20:00 01:00:35:00 01:00:55:00",
    "* FROM CLIP NAME:  Song A.wav",
    "* TO CLIP NAME:  Song B.wav",
    "* SOURCE FILE: Song B.wav",
    "003  SCORE    NONE  C        00:00:00:00 00:00:00:00 01:01:00:00 01:01:10:12",
    "* FROM CLIP NAME:  1M03 Chase",
    "* PATCH SCORE:  FROM SOURCE 1 TO RECORD 3",
    "AUD  3    4",
    "M2   SCORE    048.0                      00:00:00:00",
    "004  PIC      V     C        05:00:00:00 05:00:10:00 01:00:00:00 01:00:10:00",
    "005  STEM     A12   C        00:00:00:00 00:00:00:00 01:02:00:00 01:02:30:05",
    "* FROM CLIP NAME:  R1 ST MX.WAV",
    "* SOURCE FILE: (NULL)",
    "006  PIC2     A2/V  C        05:00:10:00 05:00:20:00 01:00:10:00 01:00:20:00",
)


@pytest.mark.parametrize("crlf", [False, True])
def test_a_music_edl_reads_every_clip_to_the_frame(crlf: bool) -> None:
    timeline = read_edl(edl(*MUSIC_EDL, crlf=crlf), R24)
    assert timeline.title == "Reel 1 music" and timeline.format == "CMX 3600 EDL"
    assert [t.label for t in timeline.tracks] == ["V1", "A1", "A2", "A3", "A4", "A12"]
    assert timeline.start_frame == tc("01:00:00:00")
    # The dissolve: song A plays on under it for its 12 frames; song B starts where it starts.
    song_a = (tc("01:00:05:00"), tc("01:00:35:00") + 12, "Song A.wav", "Song A.wav")
    song_b = (tc("01:00:35:00"), tc("01:00:55:00"), "Song B.wav", "Song B.wav")
    assert clips(timeline, "A1") == [song_a, song_b]
    assert clips(timeline, "A2") == [song_a, song_b, (tc("01:00:10:00"), tc("01:00:20:00"), "", "")]  # A2/V
    assert (
        clips(timeline, "A3")
        == clips(timeline, "A4")
        == [(tc("01:01:00:00"), tc("01:01:10:12"), "1M03 Chase", "")]
    )
    assert clips(timeline, "A12") == [(tc("01:02:00:00"), tc("01:02:30:05"), "R1 ST MX.WAV", "")]
    picture = next(t for t in timeline.tracks if t.label == "V1")
    assert picture.kind is TrackKind.VIDEO and [c.reel for c in picture.clips] == ["PIC", "PIC2"]
    assert picture.clips[0].source_in == tc("05:00:00:00")
    assert any("M2" in note for note in timeline.notes)


def test_drop_frame_labels_count_as_drop_frame() -> None:
    data = edl(
        "FCM: DROP FRAME",
        "001  AX  A  C  00:00:00;00 00:00:10;00 01:00:59;28 01:01:00;02",
        "002  AX  A  C  00:00:00:00 00:00:10:00 01:09:59:28 01:10:00:02",  # ':' under FCM: DROP FRAME
    )
    timeline = read_edl(data, DF)
    assert clips(timeline, "A1")[0][:2] == (tc("01:00:59;28", DF), tc("01:01:00;02", DF))
    assert clips(timeline, "A1")[0][1] - clips(timeline, "A1")[0][0] == 2  # 01:01:00;00 and ;01 do not exist
    assert clips(timeline, "A1")[1][:2] == (tc("01:09:59;28", DF), tc("01:10:00;02", DF))


def test_a_wipe_and_fields_in_odd_columns() -> None:
    data = edl(
        "001   AX   AA   C   00:00:00:00 00:00:05:00 00:00:00:00 00:00:05:00",
        "* FROM CLIP NAME: first",
        "002 AX AA C 00:00:05:00 00:00:05:00 00:00:05:00 00:00:05:00",
        "002      BL    AA      W001 025   00:00:00:00 00:00:10:00 00:00:05:00 00:00:15:00",
        "* FROM CLIP NAME: first",
        "* TO CLIP NAME: second",
    )
    timeline = read_edl(data, FrameRate.parse("25"))
    assert clips(timeline, "A1") == [(0, 125 + 25, "first", ""), (125, 375, "second", "")]


def ev(rec: str, channel: str = "A", transition: str = "C", src: str = "00:00:00:00 00:00:01:00") -> str:
    """An event line: ``rec`` is the record in and out."""
    return f"001  AX  {channel}  {transition}  {src} {rec}"


NDF30 = FrameRate.parse("29.97")


@pytest.mark.parametrize(
    ("lines", "rate", "message"),
    [
        ((ev("01:00:00:00 01:00:01:00", "A9X"),), R24, "line 1: 'A9X' is not a channel"),
        (("TITLE: x", ev("01:00:00:00 01:00:01:30")), R24, "line 2: frames must be below 24"),
        ((ev("01:00:02:00 01:00:01:00"),), R24, "line 1: the record out"),
        (("001  AX  A  C  00:00:00:00 00:00:01:00",), R24, "line 1: not an event"),
        ((ev("01:00:00:00 01:00:01:00", transition="X"),), R24, "line 1: 'X' is not a transition"),
        (("FCM: DROP FRAME", ev("01:00:00;00 01:00:01;00")), R24, "does not exist at 23.976"),
        (("FCM: DROP FRAME", ev("01:00:00:00 01:00:01:00")), NDF30, "line 1: the EDL counts drop-frame"),
        (("FCM: SOMETIMES",), R24, "line 1: FCM"),
        (("AUD 3 4",), R24, "line 1: AUD before any event"),
        ((ev("900:00:00:00 900:59:00:00"), "AUD 3 x"), R24, "line 2: AUD 'x'"),
        ((ev("900:00:00:00 900:59:59:00"),), R24, None),
        ((ev("00:00:00:00 900:59:59:00"), ev("01:00:00:00 01:00:01:00", transition="D 99999")), R24,
         "line 2: a transition of 99,999 frames"),
        (("hello", "world"), R24, "no events found"),
    ],
)  # fmt: skip
def test_malformed_edls_say_which_line(lines: tuple[str, ...], rate: FrameRate, message: str | None) -> None:
    if message is None:
        assert read_edl(edl(*lines), rate).tracks  # within the 1,000-hour bound: read
        return
    with pytest.raises(TimelineError, match=re.escape(message)):
        read_edl(edl(*lines), rate)


def test_binary_and_huge_files_are_refused_in_one_line() -> None:
    with pytest.raises(TimelineError, match="binary"):
        read_edl(b"001  AX  A  C\x00\x01\x02", R24)
    with pytest.raises(TimelineError, match="beyond the longest timeline"):
        read_edl(edl("001  AX  A  C  00:00:00:00 00:00:01:00 01:00:00:00 999:59:59:00"), R24)


def _events(path: Path) -> list[tuple[int, list[str]]]:
    """(number of tracks, the four timecodes) per event line, read the simplest way: for a cross-check."""
    found: list[tuple[int, list[str]]] = []
    lines = path.read_text(errors="replace").splitlines()
    for index, line in enumerate(lines):
        fields = line.split()
        if fields and fields[0].isdigit() and len(fields) >= 7:
            channel = fields[2]
            tracks = {"AA": 2, "B": 2, "AA/V": 3, "A2/V": 2, "NONE": 0}.get(channel, 1)
            following = lines[index + 1 : index + 6]
            for extra in following:
                if extra.split()[:1] == [fields[0]] or (extra[:1].isdigit()):
                    break
                if extra.upper().startswith("AUD"):
                    tracks += len(extra.split()) - 1
            found.append((tracks, fields[-4:]))
    return found


@pytest.mark.parametrize(
    ("name", "rate"),
    [("pycmx__TEST.edl", "24"), ("iluvcapra__pycmx__INS4_R3_DX_092117.edl", "29.97"),
     ("pycmx__test_24psf.edl", "25"), ("otio-cmx3600__multi_audio.edl", "24"),
     ("iluvcapra__pycmx__test_25.edl", "25")],
)  # fmt: skip
def test_real_edls_read_without_loss(name: str, rate: str) -> None:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"{path} absent (the shared samples are not on this machine)")
    frame_rate = FrameRate.parse(rate)
    timeline = read_edl(path.read_bytes(), frame_rate)
    expected = sum(
        tracks
        for tracks, times in _events(path)
        if parse_timecode(times[2], frame_rate) != parse_timecode(times[3], frame_rate)
    )  # every event line that covers record time, once per track it names
    assert sum(len(t.clips) for t in timeline.tracks) == expected


def test_the_avid_music_stem_keeps_its_file_and_dissolves() -> None:
    path = SAMPLES / "pycmx__TEST.edl"
    if not path.is_file():
        pytest.skip(f"{path} absent (the shared samples are not on this machine)")
    rate = FrameRate.parse("24")
    timeline = read_edl(path.read_bytes(), rate)
    music = next(t for t in timeline.tracks if t.label == "A12")
    assert {c.source for c in music.clips} >= {"TC R1 V6 TEMP2 ST MX.WAV"}
    first = next(t for t in timeline.tracks if t.label == "A1").clips[0]
    # Event 002 ends at 01:04:24:06; event 006 dissolves out of it over 2 frames.
    assert (first.record_in, first.record_out) == (tc("01:00:00:00", rate), tc("01:04:24:08", rate))
