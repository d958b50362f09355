"""FCP 7 XML, .otio and AAF through OpenTimelineIO, and the reader that recognises a file by its content:
timelines written here with a known truth, the real samples (skipped when absent), hostile XML."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from cuesheet.domain.edit import EditClip, TimelineError
from cuesheet.domain.timecode import FrameRate, parse_timecode
from cuesheet.interchange.timelines import read_timeline

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
R24 = FrameRate.parse("23.976")


def written(
    tmp_path: Path, adapter: str, suffix: str, rate: float = 24000 / 1001, start: int = 86400
) -> Path:
    """A sequence starting at 01:00:00:00 with two music tracks: a song cut and crossfaded (12
    frames after the cut, 6 before), a gap, a disabled clip, and the same song on a second track."""
    import opentimelineio as otio

    def clip(name: str, frames: int, source_in: int = 0) -> otio.schema.Clip:
        made = otio.schema.Clip(
            name=name,
            media_reference=otio.schema.ExternalReference(
                target_url=f"file:///Volumes/Music/{name}",
                available_range=otio.opentime.TimeRange(duration=otio.opentime.RationalTime(10000, rate)),
            ),
            source_range=otio.opentime.TimeRange(
                otio.opentime.RationalTime(source_in, rate), otio.opentime.RationalTime(frames, rate)
            ),
        )
        return made

    def gap(frames: int) -> otio.schema.Gap:
        return otio.schema.Gap(
            source_range=otio.opentime.TimeRange(duration=otio.opentime.RationalTime(frames, rate))
        )

    timeline = otio.schema.Timeline(name="Reel 1", global_start_time=otio.opentime.RationalTime(start, rate))
    one = otio.schema.Track(name="MX 1", kind=otio.schema.TrackKind.Audio)
    one.extend([gap(120), clip("Song A.wav", 240), otio.schema.Transition(
        in_offset=otio.opentime.RationalTime(6, rate), out_offset=otio.opentime.RationalTime(12, rate)),
        clip("Song B.wav", 100, 50), gap(48)])  # fmt: skip
    disabled = clip("Song C.wav", 24)
    disabled.enabled = False
    one.append(disabled)
    two = otio.schema.Track(name="MX 2", kind=otio.schema.TrackKind.Audio)
    # A different source in: the FCP writer makes an identical clip a back-reference to the first.
    two.extend([gap(120), clip("Song A.wav", 240, 10)])
    timeline.tracks.extend([one, two])
    path = tmp_path / f"reel1{suffix}"
    otio.adapters.write_to_file(timeline, str(path), adapter_name=adapter)
    return path


@pytest.mark.parametrize(("adapter", "suffix"), [("fcp_xml", ".xml"), ("otio_json", ".otio")])
@pytest.mark.parametrize("rate", ["23.976", "25", "29.97df"])
def test_a_written_sequence_reads_back_to_the_frame(
    tmp_path: Path, adapter: str, suffix: str, rate: str
) -> None:
    project_rate = FrameRate.parse(rate)
    hour = parse_timecode("01:00:00;00" if project_rate.drop_frame else "01:00:00:00", project_rate)
    path = written(tmp_path, adapter, suffix, float(project_rate.rate), hour)
    if adapter == "fcp_xml" and project_rate.drop_frame:  # OTIO's writer says NDF; Premiere says DF
        path.write_text(path.read_text().replace("<displayformat>NDF<", "<displayformat>DF<"))
    timeline = read_timeline(path, project_rate)
    assert timeline.start_frame == hour and timeline.title == "Reel 1"

    def spans(label: str) -> list[tuple[int, int, str, bool]]:
        track = next(t for t in timeline.tracks if t.label == label)
        return [(c.record_in - hour, c.record_out - hour, c.source, c.enabled) for c in track.clips]

    first = spans("A1")
    # Song A plays 12 frames past its cut at 360; song B starts 6 frames before it.
    assert first[:2] == [(120, 372, "Song A.wav", True), (354, 460, "Song B.wav", True)]
    assert spans("A2") == [(120, 360, "Song A.wav", True)]
    if adapter == "otio_json":  # OTIO's FCP writer keeps neither track names nor a clip's enabled flag
        assert [(t.label, t.name) for t in timeline.audio] == [("A1", "MX 1"), ("A2", "MX 2")]
        assert first[2] == (508, 532, "Song C.wav", False)


def test_another_rate_is_refused_naming_both(tmp_path: Path) -> None:
    path = written(tmp_path, "fcp_xml", ".xml", rate=25)
    with pytest.raises(TimelineError, match=r"the sequence runs at 25 fps and the project at 23\.976 fps"):
        read_timeline(path, R24)


def test_an_edl_named_like_xml_and_xml_named_like_an_edl(tmp_path: Path) -> None:
    xml = written(tmp_path, "fcp_xml", ".xml")
    renamed = xml.rename(tmp_path / "reel1.edl")
    assert read_timeline(renamed, R24).format == "FCP 7 XML"
    edl = tmp_path / "music.xml"
    edl.write_text("001  AX  A  C  00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n")
    assert read_timeline(edl, R24).format == "CMX 3600 EDL"


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE xmeml [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(b'<!ENTITY %c "%s">' % (98 + i, b"&%c;" % (97 + i) * 10) for i in range(9))
    + b"]><xmeml><sequence><name>&j;</name></sequence></xmeml>"
)
EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE xmeml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xmeml>&x;</xmeml>'
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (LAUGHS, "declares entities"),
        (EXTERNAL, "declares entities"),
        (b"<?xml version='1.0'?>\n<xmeml><sequence><name>x</name>", "line 2: not well-formed XML"),
        (b"<xmeml><project/></xmeml>", "holds no <sequence>"),
        (b"<fcpxml version='1.9'/>", "fcpxml: the file holds no project"),
        (b"<svg/>", "not a timeline Cuesheet recognises"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), "a binary file"),
        (b"PK\x03\x04not really a zip", "not an .otioz bundle"),
        (b'{"OTIO_SCHEMA": "Timeline.1", "tracks": 5}', "not a readable OTIO file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "not a readable AAF file"),
    ],
)
def test_hostile_and_foreign_files_are_refused_quickly(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "timeline.xml"
    path.write_bytes(content)
    began = time.monotonic()
    with pytest.raises(TimelineError, match=re.escape(message)):
        read_timeline(path, R24)
    assert time.monotonic() - began < 5  # hang-sized: a billion laughs expanded would never return


def test_folders_pipes_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(TimelineError, match="is a folder"):
        read_timeline(tmp_path, R24)
    with pytest.raises(TimelineError, match="no such file"):
        read_timeline(tmp_path / "nothing.edl", R24)
    fifo = tmp_path / "pipe.edl"
    os.mkfifo(fifo)
    with pytest.raises(TimelineError, match="not a regular file"):
        read_timeline(fifo, R24)  # opening a pipe with no writer would block forever


def _sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"{path} absent (the shared samples are not on this machine)")
    return path


def test_premiere_fcp7_disabled_clips_and_tracks() -> None:
    timeline = read_timeline(
        _sample("OpenTimelineIO__otio-fcp-adapter__premiere_enable_property.xml"), FrameRate.parse("25")
    )
    a1 = next(t for t in timeline.tracks if t.label == "A1")
    assert [(c.name, c.enabled) for c in a1.clips] == [
        ("source.mp4", True),
        ("source.mp4", True),
        ("audio_track_1_disabled_1", False),
        ("source4.mp4", True),
    ]
    assert next(t for t in timeline.tracks if t.label == "V3").muted  # <enabled>FALSE</enabled> on the track


def test_an_otio_made_from_fcp_xml_keeps_its_disabled_clips(tmp_path: Path) -> None:
    # OpenTimelineIO's FCP adapter keeps <enabled>FALSE</enabled> in its metadata only; a .otio it
    # wrote from Premiere's XML is read with those clips and tracks disabled, as the XML is.
    import opentimelineio as otio

    xml = _sample("OpenTimelineIO__otio-fcp-adapter__premiere_enable_property.xml")
    converted = tmp_path / "premiere.otio"
    otio.adapters.write_to_file(
        otio.adapters.read_from_file(str(xml), adapter_name="fcp_xml"), str(converted)
    )
    rate = FrameRate.parse("25")
    from_xml, from_otio_file = read_timeline(xml, rate), read_timeline(converted, rate)
    assert [(t.label, t.muted, [c.enabled for c in t.clips]) for t in from_otio_file.tracks] == [
        (t.label, t.muted, [c.enabled for c in t.clips]) for t in from_xml.tracks
    ]
    assert not all(c.enabled for t in from_otio_file.tracks for c in t.clips)


def test_the_same_premiere_sequence_in_fcp7_xml_and_otio_reads_the_same() -> None:
    # The .otio was made from the XML by OpenTimelineIO, whose FCP adapter left the nested sequence
    # (shown at 636-956 on V2 and A2) empty: ours reads what the nest holds there, the rest the same.
    rate = FrameRate.parse("30")
    xml = read_timeline(_sample("otio-fcp__premiere_example.xml"), rate)
    otio_file = read_timeline(_sample("otio-core__premiere_example.otio"), rate)

    def outside_the_nest(clips: list[EditClip]) -> list[tuple[int, int, str]]:
        return [(c.record_in, c.record_out, c.source) for c in clips if not 636 <= c.record_in < 956]

    pairs = zip(xml.tracks, otio_file.tracks, strict=True)
    assert all(outside_the_nest(a.clips) == outside_the_nest(b.clips) for a, b in pairs)
    assert not any(636 <= c.record_in < 956 for t in otio_file.tracks for c in t.clips)
    a2 = [(c.record_in, c.record_out, c.source) for c in xml.audio[1].clips if c.record_in >= 636]
    assert a2 == [(636, 736, "sc01_sh010_anim.mov")]


@pytest.mark.parametrize(
    ("name", "rate", "start"),
    [
        ("OpenTimelineIO__otio-aaf-adapter__2997fps-DFTC.aaf", "29.97 DF", "05:00:00;00"),
        ("OpenTimelineIO__otio-aaf-adapter__multitrack.aaf", "24", "01:00:00:00"),
        ("markreidvfx__pyaaf2__test_file_01.aaf", "23.976", "01:00:00:00"),  # Media Composer's 23976/1000
        ("markreidvfx__pyaaf2__sector_size_512.aaf", "24", "01:00:00:00"),  # audio slots in samples
    ],
)
def test_real_aafs_start_where_their_timecode_says(name: str, rate: str, start: str) -> None:
    frame_rate = FrameRate.parse(rate)
    timeline = read_timeline(_sample(name), frame_rate)
    assert timeline.start_frame == parse_timecode(start, frame_rate)
    clips = [c for t in timeline.audio for c in t.clips]
    assert clips and all(c.record_in >= timeline.start_frame and c.record_out > c.record_in for c in clips)


def test_an_aaf_at_another_rate_is_refused() -> None:
    with pytest.raises(TimelineError, match=r"runs at 24 fps and the project at 23\.976"):
        read_timeline(_sample("OpenTimelineIO__otio-aaf-adapter__multitrack.aaf"), R24)


def write_aaf(path: Path, rate: FrameRate, start: int) -> None:
    """A composition as an Avid writes one, with pyaaf2: a timecode slot starting at ``start``, and
    two sound slots (MX 1: a gap, song A, song B cut to it; MX 2: a gap, song A again), each clip a
    master mob over offline essence."""
    import wave

    import aaf2

    edit_rate = f"{rate.rate.numerator}/{rate.rate.denominator}"
    with aaf2.open(str(path), "w") as file:
        masters: dict[str, object] = {}

        def master(name: str) -> object:
            if name not in masters:
                mob = masters[name] = file.create.MasterMob(name)
                file.content.mobs.append(mob)
                sound = path.with_name(f"{name}.wav")
                with wave.open(str(sound), "wb") as samples:
                    samples.setnchannels(1)
                    samples.setsampwidth(2)
                    samples.setframerate(48000)
                    samples.writeframes(b"\0\0" * 4800)
                mob.import_audio_essence(str(sound), edit_rate, length=100000, offline=True)
            return masters[name]

        composition = file.create.CompositionMob("Reel 1")
        composition.usage = "Usage_TopLevel"
        file.content.mobs.append(composition)
        timecode = composition.create_timeline_slot(edit_rate)
        timecode.segment = file.create.Timecode(round(rate.rate), drop=rate.drop_frame)
        timecode.segment.start = start
        slots = {"MX 1": [(None, 120, 0), ("Song A", 240, 0), ("Song B", 100, 50)],
                 "MX 2": [(None, 120, 0), ("Song A", 240, 10)]}  # fmt: skip
        for name, events in slots.items():
            slot = composition.create_sound_slot(edit_rate)
            slot["SlotName"].value = name
            for source, length, source_in in events:
                slot.segment.components.append(
                    file.create.Filler("sound", length) if source is None
                    else master(source).create_source_clip(slot_id=1, start=source_in, length=length)
                )  # fmt: skip


@pytest.mark.parametrize("rate", ["23.976", "25", "29.97df"])
def test_an_aaf_written_with_pyaaf2_reads_back_to_the_frame(tmp_path: Path, rate: str) -> None:
    project_rate = FrameRate.parse(rate)
    hour = parse_timecode("01:00:00;00" if project_rate.drop_frame else "01:00:00:00", project_rate)
    path = tmp_path / "reel1.aaf"
    write_aaf(path, project_rate, hour)
    timeline = read_timeline(path, project_rate)
    assert timeline.format == "AAF" and timeline.start_frame == hour  # the start read with pyaaf2
    found = [(t.label, t.name, [(c.record_in - hour, c.record_out - hour, c.name) for c in t.clips])
             for t in timeline.audio]  # fmt: skip
    assert found == [
        ("A1", "MX 1", [(120, 360, "Song A"), (360, 460, "Song B")]),
        ("A2", "MX 2", [(120, 360, "Song A")]),
    ]


def test_what_the_aaf_adapter_prints_becomes_a_note_not_output(capsys: pytest.CaptureFixture[str]) -> None:
    path = _sample("OpenTimelineIO__otio-aaf-adapter__multiple_top_level_mobs.aaf")
    timeline = read_timeline(path, FrameRate.parse("29.97"))
    assert capsys.readouterr().out == ""  # `import --json` prints JSON and nothing else
    assert any("could not place" in note for note in timeline.notes)
