"""The Pro Tools "Session Info as Text" reader: a generated session with a known truth, the real exports
in ../shared/samples (skipped when absent), and what is refused, with its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cuesheet.domain.edit import EditTimeline, TimelineError
from cuesheet.domain.timecode import FrameRate, parse_timecode
from cuesheet.interchange.protools import read_protools_text

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
R24 = FrameRate.parse("23.976")
EVENTS = "\t".join(
    ["CHANNEL ", "EVENT   ", f"{'CLIP NAME':<30}", "START TIME    ", "END TIME      ", "DURATION      "]
)
EVENTS += "\t{}STATE"


def session(*tracks: str, rate: str = "23.976 Frame", start: str = "01:00:00:00", clips: str = "") -> bytes:
    header = (
        "SESSION NAME:\tReel 1 mix\nSAMPLE RATE:\t48000.000000\nBIT DEPTH:\t24-bit\n"
        f"SESSION START TIMECODE:\t{start}\nTIMECODE FORMAT:\t{rate}\n# OF AUDIO TRACKS:\t{len(tracks)}\n\n\n"
    )
    clip_list = (
        f"O N L I N E  C L I P S  I N  S E S S I O N\nCLIP NAME  \tSource File\n{clips}\n\n" if clips else ""
    )
    body = "T R A C K  L I S T I N G\n" + "\n\n".join(tracks)
    markers = "\n\nM A R K E R S  L I S T I N G\n"
    markers += "#   \tLOCATION     \tTIME REFERENCE    \tUNITS    \tNAME\tCOMMENTS\n"
    markers += "1   \t01:00:00:00  \t0\tSamples\tname with\ttab\n"
    return (header + clip_list + body + markers).encode()


def track(name: str, state: str, *events: str, timestamp: bool = False) -> str:
    rows = "\n".join(events)
    return (
        f"TRACK NAME:\t{name}\nCOMMENTS:\t\nUSER DELAY:\t0 Samples\nSTATE: {state}\nPLUG-INS: \n"
        f"{EVENTS.format('TIMESTAMP         ' + chr(9) if timestamp else '')}\n{rows}\n"
    )


def event(
    channel: int, number: int, name: str, start: str, end: str, state: str = "Unmuted", stamp: str = ""
) -> str:
    columns = [
        f"{channel}       ",
        f"{number}       ",
        f"{name:<30}",
        f"   {start}",
        f"   {end}",
        "   00:00:00:00",
    ]
    if stamp:
        columns.append(f"    {stamp}")
    return "\t".join([*columns, state])


def spans(timeline: EditTimeline, label: str, rate: FrameRate = R24) -> list[tuple[str, str, str, str, bool]]:
    from cuesheet.domain.timecode import format_timecode

    clips = next(t for t in timeline.tracks if t.label == label).clips
    return [
        (format_timecode(c.record_in, rate), format_timecode(c.record_out, rate), c.name, c.source, c.enabled)
        for c in clips
    ]


def test_a_session_reads_tracks_fades_channels_and_states() -> None:
    data = session(
        track("MX A (Stereo)", "",
              event(1, 1, "(fade in)", "01:00:09:20", "01:00:10:00"),
              event(1, 2, "Song A.L", "01:00:10:00", "01:00:40:00"),
              event(1, 3, "(cross fade)", "01:00:40:00", "01:00:40:12"),
              event(1, 4, "Song B.L", "01:00:40:12", "01:01:00:00"),
              event(1, 5, "(fade out)", "01:01:00:00", "01:01:02:00"),
              event(1, 6, "Song C.L", "01:02:00:00", "01:02:30:00", "Muted"),
              "", event(2, 1, "(fade in)", "01:00:09:20", "01:00:10:00"),
              event(2, 2, "Song A.R", "01:00:10:00", "01:00:40:00")),
        track("DX", "Inactive Muted ", event(1, 1, "Line 1", "01:00:00:00", "01:00:02:00")),
        track("MX B", "Hidden ", event(1, 1, "Cue 1M1", "01:03:00:00", "01:03:05:00.60", stamp="01:03:00:00"),
              timestamp=True),
        clips="Song A.L   \tSong A.wav\t[1]\nSong A.R   \tSong A.wav\t[2]\n"
              "Song B.L\tMacintosh HD:Music:Song B.aif\t[1]",
    )  # fmt: skip
    timeline = read_protools_text(data, R24)
    assert timeline.title == "Reel 1 mix" and timeline.start_frame == parse_timecode("01:00:00:00", R24)
    assert [(t.label, t.name, t.muted) for t in timeline.tracks] == [
        ("A1", "MX A (Stereo)", False), ("A2", "DX", True), ("A3", "MX B", False),
    ]  # fmt: skip
    # The fade in belongs to song A; the cross fade to both songs; the fade out to song B.
    assert spans(timeline, "A1") == [
        ("01:00:09:20", "01:00:40:12", "Song A.L", "Song A.wav", True),
        ("01:00:40:00", "01:01:02:00", "Song B.L", "Song B.aif", True),
        ("01:02:00:00", "01:02:30:00", "Song C.L", "", False),
    ]
    assert spans(timeline, "A3") == [("01:03:00:00", "01:03:05:01", "Cue 1M1", "", True)]  # .60 of a frame
    assert any("hidden" in note for note in timeline.notes)


def test_drop_frame_and_samples() -> None:
    df = FrameRate.parse("29.97 DF")
    data = session(
        track("MX", "", event(1, 1, "Cue", "01:00:59;28", "01:01:00;02")),
        rate="29.97 Drop Frame", start="01:00:00;00",
    )  # fmt: skip
    assert spans(read_protools_text(data, df), "A1", df)[0][:2] == ("01:00:59;28", "01:01:00;02")
    samples = session(track("MX", "", event(1, 1, "Cue", "1201200", "1843200")), start="23:57:00:00.00")
    clip = read_protools_text(samples, R24).tracks[0].clips[0]
    start = parse_timecode("23:57:00:00", R24)
    assert (clip.record_in - start, clip.record_out - start) == (600, 921)  # 25.025 s; 38.4 s = 920.7 frames


def test_a_clip_past_midnight_follows_the_day() -> None:
    data = session(track("MX", "", event(1, 1, "Cue", "23:59:50:00", "00:00:10:00")), start="23:59:00:00")
    clip = read_protools_text(data, R24).tracks[0].clips[0]
    assert clip.record_out - clip.record_in == 20 * 24


def one(start: str, end: str, rate: str = "23.976 Frame") -> bytes:
    """A session of one track with one event (its row is line 16)."""
    return session(track("MX", "", event(1, 1, "Cue", start, end)), rate=rate)


AN_EDL = b"TITLE: an EDL\n001  AX  A  C  00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (one("01:00:00:00", "01:00:01:00", "25 Frame"), "runs at 25 fps and the project at 23.976"),
        (one("0:25", "0:38"), "line 16: '0:25' is not exact to the frame"),
        (one("13|3", "14|1"), "line 16: '13|3' is not exact"),
        (one("01:00:05:00", "01:00:01:00"), "line 16: the event ends before it starts"),
        (one("01:00:00:00", "01:00:01:30"), "line 16: frames must be below 24"),
        (session(track("MX", "", "1\t1\tCue")), "line 16: an event row without START TIME"),
        (session(track("MX", "")).replace(b"23.976 Frame", b"fast"), "line 5: TIMECODE FORMAT 'fast'"),
        (session(track("MX", "")).replace(b"48000.000000", b"1e999999"), "line 2: SAMPLE RATE"),
        (AN_EDL, "line 1: not a Pro Tools session text"),
        (session().replace(b"T R A C K  L I S T I N G\n", b""), "no tracks found"),
        (b"SESSION NAME:\t\x00\x01", "binary"),
    ],
)  # fmt: skip
def test_what_is_refused_says_where(data: bytes, message: str) -> None:
    with pytest.raises(TimelineError, match=re.escape(message)):
        read_protools_text(data, R24)


def _sample(name: str) -> bytes:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"{path} absent (the shared samples are not on this machine)")
    return path.read_bytes()


def _all(timeline: EditTimeline) -> list[tuple[str, int, int, str]]:
    return [(t.label, c.record_in, c.record_out, c.name) for t in timeline.tracks for c in t.clips]


def test_the_same_session_in_timecode_and_in_samples_is_the_same_timeline() -> None:
    prefix = "orchetect__DAWFileKit__SessionText_TimeFormats_"
    timecode = read_protools_text(_sample(prefix + "Timecode_ShowSubframes_PT2022.9.txt"), R24)
    samples = read_protools_text(_sample(prefix + "Samples_ShowSubframes_PT2022.9.txt"), R24)
    feet = read_protools_text(_sample(prefix + "FeetFrames_PT2022.9.txt"), R24)
    assert _all(timecode) == _all(samples) and len(_all(timecode)) == 2
    # Feet+frames carries no sub-frames: within the frame the position falls in.
    assert all(
        abs(a[1] - b[1]) <= 1 and abs(a[2] - b[2]) <= 1
        for a, b in zip(_all(timecode), _all(feet), strict=True)
    )


def test_robin_hood_in_feet_and_sub_frames_matches_its_timecode_export() -> None:
    rate = FrameRate.parse("29.97")
    base = read_protools_text(_sample("iluvcapra__ptulsconv__Robin_Hood_Spotting5.txt"), rate)
    feet = read_protools_text(_sample("iluvcapra__ptulsconv__Robin_Hood_Spotting4.txt"), rate)
    by_name = {(t.name, c.name): (c.record_in, c.record_out) for t in base.tracks for c in t.clips}
    compared = 0
    for t in feet.tracks:
        for c in t.clips:
            if (t.name, c.name) in by_name:
                first, last = by_name[(t.name, c.name)]
                assert abs(c.record_in - first) <= 1 and abs(c.record_out - last) <= 1
                compared += 1
    assert compared >= 40


def test_one_of_everything() -> None:
    timeline = read_protools_text(
        _sample(
            "orchetect__DAWFileKit__SessionText_OneOfEverything_23-976fps_DefaultExportOptions_PT2020.3.txt"
        ),
        R24,
    )
    assert [(t.name, t.muted) for t in timeline.tracks] == [
        ("Audio 1", False), ("Audio 2", False), ("Audio 3 (Stereo)", False), ("Audio 4 (Stereo)", False),
        ("Audio 5 (Stereo)", True),
    ]  # fmt: skip
    assert spans(timeline, "A3") == [
        ("01:00:12:18", "01:00:17:08", "Audio 3 Clip1.L", "Audio 3 Clip1.wav", True),
        ("01:00:18:17", "01:00:21:19", "Audio 3 Clip2.L", "Audio 3 Clip2.wav", False),
    ]
    assert spans(timeline, "A4") == [
        ("01:00:01:04", "01:00:03:22", "Audio 4 Clip1.L", "Audio 4 Clip1.wav", True)
    ]


def test_a_real_film_session_reads_every_event() -> None:
    name = "orchetect__DAWFileKit__SessionText_FPPFinal_23-976fps_DefaultExportOptions_PT2020.3.txt"
    data = _sample(name)
    timeline = read_protools_text(data, R24)
    text = data.decode("utf-8", errors="replace")
    channel_one = len(
        re.findall(r"^1\s*\t\d+\s*\t(?!\((?:fade in|fade out|cross fade)\))", text, re.MULTILINE)
    )
    assert sum(len(t.clips) for t in timeline.tracks) == channel_one  # every clip of channel 1, no fade
    assert len(timeline.tracks) == 51
    assert any(t.name.startswith("Music") for t in timeline.tracks)
