"""The FCPXML reader: a project written here with a known truth (connected clips, a secondary storyline
with a transition, a compound clip trimmed, an audition, roles, a disabled clip), the real exports in
../shared/samples (skipped when absent), and hostile files refused quickly."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from cuesheet.domain.edit import EditTimeline, TimelineError
from cuesheet.domain.timecode import FrameRate, format_timecode, parse_timecode
from cuesheet.domain.timeline_cues import choose_tracks, plan_cues
from cuesheet.interchange.timelines import read_timeline

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
R24 = FrameRate.parse("23.976")


def t(frames: int, rate: FrameRate = R24) -> str:
    """Frames at ``rate`` as FCPXML's rational seconds."""
    seconds = frames / rate.rate
    return f"{seconds.numerator}/{seconds.denominator}s"


def hour_of(rate: FrameRate) -> int:
    return parse_timecode("01:00:00;00" if rate.drop_frame else "01:00:00:00", rate)


# A project starting at 01:00:00:00 (3603.6 s at 23.976). On the spine: a picture clip (dialogue)
# with "Song A" connected under it (lane -1, its channels' role music), a secondary storyline of two
# "Song B" clips crossfaded (12 frames), a compound clip holding "Song C" trimmed by the ref-clip, an
# audition whose pick is "Song D", and a disabled "Song E". Frames below are from the start.
def project_xml(rate: FrameRate = R24) -> str:
    H = hour_of(rate)
    T = lambda frames: t(frames, rate)  # noqa: E731
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE fcpxml>
<fcpxml version="1.10">
  <resources>
    <format id="r1" frameDuration="{T(1)}" width="1920" height="1080"/>
    <asset id="pic" name="A001" start="0s" duration="{T(100000)}" hasVideo="1" hasAudio="1" format="r1">
      <media-rep kind="original-media" src="file:///Volumes/Cut/A001.mov"/>
    </asset>
    <asset id="a" name="Song A" start="0s"
        duration="{T(100000)}" hasAudio="1" src="file:///Music/Song%20A.wav"/>
    <asset id="b" name="Song B" start="0s" duration="{T(100000)}" hasAudio="1">
      <media-rep kind="original-media" src="file:///Music/Song%20B.aif"/>
    </asset>
    <asset id="c" name="Song C" start="0s"
        duration="{T(100000)}" hasAudio="1" src="file:///Music/Song%20C.wav"/>
    <asset id="d" name="Song D" start="0s"
        duration="{T(100000)}" hasAudio="1" src="file:///Music/Song%20D.wav"/>
    <asset id="d2" name="Song D alt" start="0s"
        duration="{T(100000)}" hasAudio="1" src="file:///Music/Alt.wav"/>
    <asset id="e" name="Song E" start="0s"
        duration="{T(100000)}" hasAudio="1" src="file:///Music/Song%20E.wav"/>
    <asset id="title" name="Title" start="0s" duration="{T(1000)}" hasVideo="1"/>
    <media id="compound" name="Compound 1">
      <sequence format="r1" duration="{T(2000)}" tcStart="0s">
        <spine>
          <gap name="Gap" offset="0s" duration="{T(100)}"/>
          <asset-clip ref="c" offset="{T(100)}" name="Song C" duration="{T(500)}"
              audioRole="music.music-1"/>
        </spine>
      </sequence>
    </media>
  </resources>
  <library>
    <event name="Reel 1">
      <project name="Reel 1 v3">
        <sequence format="r1" duration="{T(5000)}" tcStart="{T(H)}"
            tcFormat="{"DF" if rate.drop_frame else "NDF"}">
          <spine>
            <asset-clip ref="pic" offset="{T(H)}" name="A001" start="{T(1000)}" duration="{T(600)}"
                audioRole="dialogue">
              <asset-clip ref="a" lane="-1" offset="{T(1024)}" name="Song A" start="{T(48)}"
                  duration="{T(240)}" audioRole="dialogue">
                <audio-channel-source srcCh="1, 2" role="music.music-1"/>
              </asset-clip>
              <spine lane="-2" offset="{T(1300)}">
                <asset-clip ref="b" offset="0s" name="Song B" duration="{T(100)}" audioRole="music"/>
                <transition name="Cross Dissolve" offset="{T(94)}" duration="{T(12)}"/>
                <asset-clip ref="b" offset="{T(100)}" name="Song B" start="{T(400)}" duration="{T(150)}"
                    audioRole="music"/>
              </spine>
              <title ref="title" lane="1" offset="{T(1000)}" name="Main title" duration="{T(48)}"/>
            </asset-clip>
            <ref-clip ref="compound" offset="{T(H + 600)}" name="Compound 1" start="{T(200)}"
                duration="{T(300)}"/>
            <audition offset="{T(H + 900)}">
              <asset-clip ref="d" name="Song D" duration="{T(200)}" audioRole="music"/>
              <asset-clip ref="d2" name="Song D alt" duration="{T(300)}" audioRole="music"/>
            </audition>
            <asset-clip ref="e" offset="{T(H + 1100)}" name="Song E" duration="{T(100)}"
                audioRole="music" enabled="0"/>
            <gap offset="{T(H + 1200)}" duration="{T(100)}">
              <asset-clip ref="a" lane="-1" offset="{T(10)}" name="Song A" start="{T(2000)}"
                  duration="{T(50)}" audioRole="effects"/>
            </gap>
          </spine>
        </sequence>
      </project>
    </event>
  </library>
</fcpxml>
"""


PROJECT = project_xml()
HOUR = hour_of(R24)


def read(tmp_path: Path, text: str = PROJECT, rate: FrameRate = R24) -> EditTimeline:
    path = tmp_path / "reel1.fcpxml"
    path.write_text(text)
    return read_timeline(path, rate)


def spans(timeline: EditTimeline, role: str) -> list[tuple[int, int, str, bool]]:
    track = next(t for t in timeline.tracks if t.name == role)
    hour = hour_of(timeline.rate)
    return [(c.record_in - hour, c.record_out - hour, c.source, c.enabled) for c in track.clips]


@pytest.mark.parametrize("rate", [R24, FrameRate.parse("25"), FrameRate.parse("29.97df")], ids=str)
def test_a_project_reads_to_the_frame(tmp_path: Path, rate: FrameRate) -> None:
    timeline = read(tmp_path, project_xml(rate), rate)
    assert timeline.format == "FCPXML" and timeline.title == "Reel 1 v3"
    assert timeline.start_frame == hour_of(rate)
    assert [(t.label, t.name) for t in timeline.tracks] == [
        ("A1", "dialogue"),
        ("A2", "music"),
        ("A3", "effects"),
    ]
    assert spans(timeline, "dialogue") == [(0, 600, "A001.mov", True)]
    assert spans(timeline, "music") == [
        (24, 264, "Song A.wav", True),  # connected at the parent's local 1024, which starts at 1000
        (300, 406, "Song B.aif", True),  # storyline at local 1300: through the crossfade's end (394+12)
        (394, 550, "Song B.aif", True),  # the incoming from the crossfade's start
        (600, 900, "Song C.wav", True),  # compound: inner 100-600 from its local 200, trimmed to 300
        (900, 1100, "Song D.wav", True),  # the audition's pick, at the audition's offset
        (1100, 1200, "Song E.wav", False),
    ]
    assert spans(timeline, "effects") == [(1210, 1260, "Song A.wav", True)]  # connected to a gap
    music = next(t for t in timeline.tracks if t.name == "music")
    assert (music.clips[3].source_in, music.clips[3].source_out) == (100, 400)  # what of Song C is heard


def test_the_music_role_is_the_music_track_and_makes_the_cues(tmp_path: Path) -> None:
    timeline = read(tmp_path)
    plan = plan_cues(timeline, choose_tracks(timeline))
    assert [t.name for t in plan.tracks] == ["music"]
    assert [(c.title, c.start - hour_of(R24), c.end - hour_of(R24)) for c in plan.cues] == [
        ("Song A", 24, 264), ("Song B", 300, 550), ("Song C", 600, 900), ("Song D", 900, 1100),
    ]  # fmt: skip
    assert plan.left_out["disabled or muted clips"] == 1


def test_rate_drop_frame_and_start_are_checked(tmp_path: Path) -> None:
    with pytest.raises(
        TimelineError, match=re.escape("the sequence runs at 23.976 fps and the project at 25 fps")
    ):
        read_timeline(_written(tmp_path, PROJECT), FrameRate.parse("25"))
    df = PROJECT.replace('tcFormat="NDF"', 'tcFormat="DF"')
    with pytest.raises(TimelineError, match="counts drop-frame timecode"):
        read(tmp_path, df)


def _written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "written.fcpxml"
    path.write_text(text)
    return path


SELF_COMPOUND = PROJECT.replace(
    f'<asset-clip ref="c" offset="{t(100)}"',
    f'<ref-clip ref="compound" offset="0s" duration="1s"/><asset-clip ref="c" offset="{t(100)}"',
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<fcpxml version='1.9'><resources/></fcpxml>", "holds no project"),
        (PROJECT.replace('frameDuration="1001/24000s"', ""), "gives no frame duration"),
        (PROJECT.replace(f'offset="{t(HOUR + 600)}"', 'offset="99999999999999999/1s"'), "beyond the longest"),
        (PROJECT.replace(f'duration="{t(200)}"', 'duration="two seconds"'), "is not a time"),
        ("<fcpxml><library><event><project><sequence format='r1'/></project></event></library></fcpxml>",
         "gives no frame duration"),
    ],
)  # fmt: skip
def test_damaged_projects_are_refused_in_one_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(TimelineError, match=message):
        read(tmp_path, text)


def test_a_compound_clip_that_holds_itself_is_read_once(tmp_path: Path) -> None:
    started = time.monotonic()
    timeline = read(tmp_path, SELF_COMPOUND)
    assert time.monotonic() - started < 5  # hang-sized: a cycle followed would never return
    assert any(c.source == "Song C.wav" for track in timeline.tracks for c in track.clips)


def test_clips_nested_without_end_are_refused(tmp_path: Path) -> None:
    nested = '<asset-clip ref="a" lane="1" offset="0s" duration="1s">' * 40 + "</asset-clip>" * 40
    text = PROJECT.replace('<title ref="title"', nested + '<title ref="title"')
    with pytest.raises(TimelineError, match="nested more than"):
        read(tmp_path, text)


def _sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"{name} is not in ../shared/samples")
    return path


def test_final_cut_exports_read() -> None:
    complex_ = read_timeline(_sample("orchetect__DAWFileKit__Complex.fcpxml"), FrameRate.parse("25"))
    music = next(t for t in complex_.tracks if t.name == "music")  # the channels' role, not audioRole
    assert [(c.name, format_timecode(c.record_in, complex_.rate)) for c in music.clips] == [
        ("Interstellar Soundtrack - No Time for Caution", "00:00:00:00")
    ]
    disabled = read_timeline(_sample("orchetect__DAWFileKit__DisabledClips.fcpxml"), FrameRate.parse("24"))
    assert [c.enabled for t in disabled.tracks for c in t.clips] == [True, False]
    hour = read_timeline(
        _sample("orchetect__DAWFileKit__BasicMarkers_1HourProjectStart.fcpxml"), FrameRate.parse("29.97")
    )
    assert format_timecode(hour.start_frame, hour.rate) == "01:00:00:00"
    df = read_timeline(_sample("orchetect__DAWFileKit__29.97d.fcpxml"), FrameRate.parse("29.97df"))
    assert df.tracks and all(c.record_out > c.record_in for t in df.tracks for c in t.clips)
    with pytest.raises(TimelineError, match="holds no project"):
        read_timeline(
            _sample("OpenTimelineIO__otio-fcpx-xml-adapter__fcpx_clips.fcpxml"), FrameRate.parse("30")
        )
