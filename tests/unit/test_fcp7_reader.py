"""Our FCP 7 XML reader against OpenTimelineIO's FCP adapter (what read these files before, and reads
them right: ../shared/guide/interchange.md), on every xmeml sample and on files written here; and
what the adapter did not read: nested sequences, a clip's source through its transitions."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cuesheet.domain.edit import EditTimeline, TimelineError
from cuesheet.domain.timecode import FrameRate
from cuesheet.interchange import fcp7
from cuesheet.interchange.fcp7 import read_fcp7
from cuesheet.interchange.otio_timeline import from_otio

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
RATES = [FrameRate.parse(r) for r in ("23.976", "24", "25", "29.97", "29.97df", "30", "50", "59.94", "60")]


def by_adapter(data: bytes, rate: FrameRate) -> EditTimeline:
    """The file read as it was before: the adapter's first sequence, through ``from_otio``."""
    import opentimelineio as otio

    read = otio.adapters.read_from_string(data.decode("utf-8"), adapter_name="fcp_xml")
    timeline = read if isinstance(read, otio.schema.Timeline) else next(iter(read))
    found = timeline.metadata.get("fcp_xml", {}).get("timecode", {})
    shown = found.get("displayformat") if hasattr(found, "get") else None
    drop = None if shown is None else str(shown).upper() == "DF"
    return from_otio(timeline, "FCP 7 XML", rate, drop, disabled_in_metadata=True)


def xmeml_samples() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    return sorted(p for p in SAMPLES.glob("*.xml") if b"<xmeml" in p.read_bytes()[:4096])


def compare(ours: EditTimeline, theirs: EditTimeline) -> None:
    """The same timeline clip for clip. Where a clip meets a transition the adapter's source range
    is the cut's (its In at the cut, though the clip sounds from the transition's start); ours
    covers the whole clip, so only the rest is compared there."""
    assert (ours.title, ours.start_frame, ours.rate) == (theirs.title, theirs.start_frame, theirs.rate)
    assert [(t.label, t.kind, t.name, t.muted) for t in ours.tracks] == [
        (t.label, t.kind, t.name, t.muted) for t in theirs.tracks
    ]
    for mine, other in zip(ours.tracks, theirs.tracks, strict=True):
        assert [(c.record_in, c.record_out, c.name, c.source, c.enabled) for c in mine.clips] == [
            (c.record_in, c.record_out, c.name, c.source, c.enabled) for c in other.clips
        ], mine.label
        for a, b in zip(mine.clips, other.clips, strict=True):
            if a.source_in is None or b.source_in is None or b.source_out is None:
                assert (a.source_in, a.source_out) == (b.source_in, b.source_out)
                continue
            assert a.source_out - a.source_in == a.record_out - a.record_in  # ours: whole
            if b.source_out - b.source_in == b.record_out - b.record_in:  # theirs whole: no transition
                assert (a.source_in, a.source_out) == (b.source_in, b.source_out)
            else:  # a transition on one side or both: ours reaches as far or further
                assert a.source_in <= b.source_in and a.source_out >= b.source_out


@pytest.mark.skipif(not xmeml_samples(), reason="../shared/samples is not here (the real editors' files)")
@pytest.mark.parametrize("path", xmeml_samples(), ids=lambda p: p.name[:60])
def test_each_xmeml_sample_reads_as_the_adapter_read_it(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fcp7._Reader, "nested", lambda *args: iter(()))  # the adapter drops nests
    data, read = path.read_bytes(), 0
    for rate in RATES:
        try:
            theirs = by_adapter(data, rate)
        except TimelineError as error:
            with pytest.raises(TimelineError):
                read_fcp7(data, rate)
            assert "fps" in str(error)  # the only refusals: another rate or timecode count
            continue
        compare(read_fcp7(data, rate), theirs)
        read += 1
    assert read  # each sample is read at its own rate


def test_files_written_by_the_adapter_read_the_same(tmp_path: Path) -> None:
    from tests.benchmarks.bench_timelines import fcp_xml
    from tests.unit.test_otio_timelines import written

    for rate, start in (("23.976", 86400), ("25", 90000), ("29.97df", 107892), ("24", 0)):
        frame_rate = FrameRate.parse(rate)
        path = written(tmp_path, "fcp_xml", ".xml", float(frame_rate.rate), start)
        data = path.read_bytes()
        if frame_rate.drop_frame:  # OTIO's writer says NDF; Premiere says DF
            data = data.replace(b"<displayformat>NDF</displayformat>", b"<displayformat>DF</displayformat>")
        compare(read_fcp7(data, frame_rate), by_adapter(data, frame_rate))
    data = fcp_xml(300)
    compare(read_fcp7(data, FrameRate.parse("23.976")), by_adapter(data, FrameRate.parse("23.976")))


XML = """<?xml version="1.0" encoding="UTF-8"?>
<xmeml version="4"><sequence id="outer"><name>Reel 1</name>{rate}
<timecode>{rate}<string>01:00:00:00</string><frame>90000</frame><displayformat>NDF</displayformat></timecode>
<media><audio><track>{items}</track></audio></media></sequence></xmeml>"""
RATE25 = "<rate><timebase>25</timebase><ntsc>FALSE</ntsc></rate>"


def clip(name: str, start: int, end: int, source_in: int, extra: str = "") -> str:
    return (
        f"<clipitem><name>{name}</name><start>{start}</start><end>{end}</end><in>{source_in}</in>"
        f"<out>0</out>{extra}<file id='{name}'><pathurl>file:///m/{name}.wav</pathurl></file></clipitem>"
    )


def test_a_cross_fade_gives_each_clip_its_whole_source() -> None:
    # Song A cut to song B through a 20-frame centred cross-fade at 100-120: A sounds to 120, B from
    # 100; xmeml's <in> is each clip's first frame used, the fade's part included.
    fade = (
        "<transitionitem><start>100</start><end>120</end><alignment>center</alignment>"
        "<effect><name>Cross Fade</name></effect></transitionitem>"
    )
    items = clip("A", 0, -1, 500) + fade + clip("B", -1, 200, 40)
    timeline = read_fcp7(XML.format(rate=RATE25, items=items).encode(), FrameRate.parse("25"))
    (track,) = timeline.tracks
    found = [
        (c.name, c.record_in - 90000, c.record_out - 90000, c.source_in, c.source_out) for c in track.clips
    ]
    assert found == [
        ("A", 0, 120, 500, 620),
        ("B", 100, 200, 40, 140),
    ]  # fmt: skip


def test_a_nested_sequence_gives_its_music_where_the_clip_shows_it() -> None:
    # A 60-frame nest holding a song at its frames 10-50 (source from 1000), shown from its frame 20
    # at 200-230: the song sounds at 200-230, from source 1010; a disabled nest is not heard.
    nest = (
        f"<sequence id='nest'><name>Montage</name>{RATE25}<media><audio><track>"
        f"{clip('Song', 10, 50, 1000)}</track></audio></media></sequence>"
    )
    items = (
        f"<clipitem><name>Montage</name><start>200</start><end>230</end><in>20</in><out>50</out>{nest}</clipitem>"
        "<clipitem><name>Montage</name><start>400</start><end>460</end><in>0</in><out>60</out>"
        "<enabled>FALSE</enabled><sequence id='nest'/></clipitem>"
    )
    timeline = read_fcp7(XML.format(rate=RATE25, items=items).encode(), FrameRate.parse("25"))
    found = [(c.name, c.source, c.record_in - 90000, c.record_out - 90000, c.source_in, c.enabled)
             for c in timeline.tracks[0].clips]  # fmt: skip
    assert found == [("Song", "Song.wav", 200, 230, 1010, True), ("Song", "Song.wav", 410, 450, 1000, False)]


def nest(n: int, shown: str) -> str:
    return f"<sequence id='s{n}'>{RATE25}<media><audio><track>{shown}</track></audio></media></sequence>"


def test_nests_of_nests_are_bounded() -> None:
    # A hundred one-frame clips, shown a hundred times a level, two levels up: a million clips
    # (the 11 hours they fill are a timeline's to have); the reader counts the copies it gives.
    levels = [nest(0, "".join(clip(f"x{k}", k, k + 1, 0) for k in range(100)))]
    for n in range(1, 3):
        length = 100 ** (n + 1)  # a hundred times what the level below fills
        shown = "".join(
            f"<clipitem><start>{k * length // 100}</start><end>{(k + 1) * length // 100}</end><in>0</in>"
            + (levels[-1] if k == 0 else f"<sequence id='s{n - 1}'/>")
            + "</clipitem>"
            for k in range(100)
        )
        levels.append(nest(n, shown))
    items = f"<clipitem><start>0</start><end>{100**3}</end><in>0</in>{levels[-1]}</clipitem>"
    started = time.perf_counter()
    with pytest.raises(TimelineError, match=r"more than 200,000 clips"):
        read_fcp7(XML.format(rate=RATE25, items=items).encode(), FrameRate.parse("25"))
    assert time.perf_counter() - started < 10.0  # refused, not ground through (a hang-sized limit)
    # A sequence that holds itself.
    items = f"<clipitem><start>0</start><end>100</end><in>0</in>{nest(0, clip('x', 0, 1, 0))}</clipitem>"
    looped = "<clipitem><start>5</start><end>9</end><in>0</in><sequence id='s0'/></clipitem></track>"
    items = items.replace("</track>", looped, 1)
    with pytest.raises(TimelineError, match="nested more than 8 deep"):
        read_fcp7(XML.format(rate=RATE25, items=items).encode(), FrameRate.parse("25"))


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (clip("A", 0, 10, 0).replace("<start>0</start>", "<start>x</start>"), "is not a frame"),
        (clip("A", 0, 10, 0).replace("<start>0</start>", "<start>" + "9" * 40 + "</start>"), "too long"),
        (clip("A", 0, 10, 0).replace("<start>0</start>", ""), "no <start>"),
        (clip("A", -1, 10, 0), "with no transition beside it"),
        (clip("A", 0, 10**12, 0), "beyond the longest timeline"),
    ],
)
def test_a_broken_clip_is_one_line_naming_its_path(items: str, message: str) -> None:
    with pytest.raises(TimelineError) as raised:
        read_fcp7(
            XML.format(rate=RATE25, items=clip("Fine", 0, 5, 0) + items).encode(), FrameRate.parse("25")
        )
    text = str(raised.value)
    assert text.startswith("xmeml: sequence[@id='outer']/media/audio/track[1]/clipitem[2]: ")
    assert message in text and "\n" not in text


def test_a_fault_inside_a_nested_sequence_names_the_path_into_it() -> None:
    inner = nest(0, clip("Fine", 0, 5, 0) + clip("A", 5, 10, 0).replace("<in>0</in>", "<in>zero</in>"))
    items = f"<clipitem><start>0</start><end>20</end><in>0</in>{inner}</clipitem>"
    with pytest.raises(TimelineError) as raised:
        read_fcp7(XML.format(rate=RATE25, items=items).encode(), FrameRate.parse("25"))
    assert str(raised.value) == (
        "xmeml: sequence[@id='outer']/media/audio/track[1]/clipitem[1]/sequence[@id='s0']/media/audio"
        "/track[1]/clipitem[2]: <in>zero</in> is not a frame"
    )


def test_a_file_referred_to_before_it_is_described_and_ids_shared_across_kinds() -> None:
    # The first clip names its file by id only; the second describes it. The clip and its file
    # share an id ("song"): each is its own kind's.
    first = (
        "<clipitem id='song'><name>Take 1</name><start>0</start><end>10</end><in>5</in>"
        "<file id='song'/></clipitem>"
    )
    second = clip("song", 20, 30, 0)
    timeline = read_fcp7(XML.format(rate=RATE25, items=first + second).encode(), FrameRate.parse("25"))
    found = [(c.name, c.source, c.record_in - 90000, c.source_in) for c in timeline.tracks[0].clips]
    assert found == [("Take 1", "song.wav", 0, 5), ("song", "song.wav", 20, 0)]


def test_too_many_clips_are_refused_before_any_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fcp7, "MAX_CLIPS", 10)
    monkeypatch.setattr(fcp7._Reader, "timeline", lambda *args: pytest.fail("read before counting"))
    items = "".join(clip(f"s{k}", k, k + 1, 0) for k in range(11))
    with pytest.raises(TimelineError, match="11 clips: more than the 10"):
        read_fcp7(XML.format(rate=RATE25, items=items).encode(), FrameRate.parse("25"))


def test_a_fault_deep_in_nests_is_named_in_one_line_of_bounded_length() -> None:
    items = f"<clipitem><start>0</start><end>100</end><in>0</in>{nest(0, clip('x', 0, 1, 0))}</clipitem>"
    looped = "<clipitem><start>5</start><end>9</end><in>0</in><sequence id='s0'/></clipitem></track>"
    with pytest.raises(TimelineError) as raised:
        read_fcp7(
            XML.format(rate=RATE25, items=items.replace("</track>", looped, 1)).encode(),
            FrameRate.parse("25"),
        )
    text = str(raised.value)
    assert text.startswith("xmeml: sequence[@id='outer']/media/audio/track[1]/clipitem[1]/")
    assert (
        text.endswith("/clipitem[2]: sequences nested more than 8 deep") and len(text) < 320 and "…" in text
    )
