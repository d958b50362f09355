"""An OpenTimelineIO timeline (read from AAF or .otio) as the plain structure every reader gives
(domain.edit). OTIO is right about these formats' times; what it hides is picked up here: its FCP
adapter's ``<enabled>FALSE</enabled>`` lives in metadata (the FCP 7 XML reader's tests read every
sample through that adapter too, and a .otio made from FCP XML carries it), and its times
are floats at their own rates, turned into frames at the sequence rate by rounding (``to_frames``
truncates). Transitions overlap their clips: the outgoing clip plays on for the part after the cut,
the incoming one starts the part before it. A nested sequence on a track gives its clips, trimmed
to the part of it the track shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from fractions import Fraction
from typing import Any

from cuesheet.domain.edit import EditClip, EditTimeline, EditTrack, TimelineError, TrackKind
from cuesheet.domain.limits import max_frames
from cuesheet.domain.timecode import FrameRate
from cuesheet.interchange.timeline_text import MAX_CLIPS, file_name, text_field

_NESTING_MAX = 8  # sequences inside sequences: deeper than any editor goes, shallow enough to bound


_NTSC = [Fraction(n * 1000, 1001) for n in (24, 30, 48, 60, 120)]
AUDIO_RATES_FROM = 1000  # an edit rate this high counts samples (AAF audio slots at 48000/1)


def exact_rate(rate: float) -> Fraction:
    """OTIO's float rate as the exact rate it stands for: 23.976023976… and Media Composer 6.5's
    23976/1000 are both 24000/1001."""
    if not 0 < rate <= 1_000_000:
        raise TimelineError(f"a rate of {rate} frames per second")
    for ntsc in _NTSC:
        if abs(rate - ntsc) < 0.0002 * float(ntsc):  # 23.976 is 24000/1001; 24 is not
            return ntsc
    return Fraction(rate).limit_denominator(1001)


def from_otio(
    timeline: Any,
    format_name: str,
    rate: FrameRate,
    drop_frame: bool | None,
    start: int | None = None,
    disabled_in_metadata: bool = False,
) -> EditTimeline:
    """``timeline`` (an ``otio.schema.Timeline``) read at the project's ``rate``; ``drop_frame`` as the
    file says (None: the file does not say); ``start``: the sequence's first frame where the caller
    knows it better than OTIO; ``disabled_in_metadata``: the FCP adapter's metadata may mark clips
    and tracks ``<enabled>FALSE</enabled>`` (looked up only then: each lookup of a key an OTIO
    dictionary lacks costs ~10 us, a third of reading a 3,000-clip sequence). Refuses another rate,
    naming both."""
    found = _sequence_rate(timeline)
    if found is not None and found != rate.rate:
        sequence = FrameRate(found)
        raise TimelineError(f"the sequence runs at {sequence} fps and the project at {rate} fps")
    if drop_frame is not None and drop_frame != rate.drop_frame:
        counted = "drop-frame" if drop_frame else "non-drop-frame"
        raise TimelineError(f"the sequence counts {counted} timecode and the project runs at {rate} fps")
    reader = _Reader(rate, disabled_in_metadata)
    if start is None:
        start = reader.frames(timeline.global_start_time) if timeline.global_start_time else 0
    edit = EditTimeline(format_name, text_field(timeline.name or ""), rate, start)
    counts = {TrackKind.AUDIO: 0, TrackKind.VIDEO: 0}
    for track in timeline.tracks:
        kind = (
            TrackKind.AUDIO if track.kind == "Audio" else TrackKind.VIDEO if track.kind == "Video" else None
        )
        if kind is None:
            continue
        counts[kind] += 1
        label = f"{'A' if kind is TrackKind.AUDIO else 'V'}{counts[kind]}"
        enabled = track.enabled and not (disabled_in_metadata and _fcp_disabled(track))
        made = EditTrack(label, kind, text_field(track.name or ""), muted=not enabled)
        made.clips = list(reader.clips(track, edit.start_frame, 0))
        edit.tracks.append(made)
    return edit


def _sequence_rate(timeline: Any) -> Fraction | None:
    """The picture rate the sequence states, or None where only audio sample positions are given."""
    start = timeline.global_start_time
    if start is not None:
        return exact_rate(start.rate)
    for clip in timeline.find_clips():
        found = exact_rate(clip.range_in_parent().start_time.rate)
        return found if found < AUDIO_RATES_FROM else None
    return None


def _fcp_disabled(item: Any) -> bool:
    """Whether the FCP adapter's metadata of ``item`` says ``<enabled>FALSE</enabled>``."""
    return str(_fcp(item).get("enabled", "TRUE")).strip().upper() == "FALSE"


def _fcp(item: Any) -> Any:
    """The FCP adapter's metadata of ``item`` (an OTIO AnyDictionary), or an empty dict."""
    found = item.metadata.get("fcp_xml", {}) if hasattr(item, "metadata") else {}
    return found if hasattr(found, "get") else {}


class _Reader:
    def __init__(self, rate: FrameRate, disabled_in_metadata: bool) -> None:
        self.rate = rate.rate
        self.disabled_in_metadata = disabled_in_metadata
        self.limit = max_frames(rate.rate)
        self.count = 0
        self.ratios: dict[float, Fraction] = {}  # a time's rate -> project frames per unit

    def frames(self, time: Any) -> int:
        value, ratio = time.value, self.ratios.get(time.rate)
        if ratio is None:
            ratio = self.ratios[time.rate] = self.rate / exact_rate(time.rate)
        if ratio == 1 and value == int(value):  # whole frames at the project's rate: most times
            frames = int(value)
        else:
            exact = Fraction(value).limit_denominator(1_000_000) * ratio
            frames = int(exact + Fraction(1, 2)) if exact >= 0 else -int(-exact + Fraction(1, 2))
        if abs(frames) > self.limit:
            raise TimelineError("a time beyond the longest timeline read (1,000 hours)")
        return frames

    def clips(self, track: Any, offset: int, depth: int) -> Iterator[EditClip]:
        """The clips of ``track`` (a Track, or a Stack's track), ``offset`` added to their places."""
        import opentimelineio as otio

        if depth > _NESTING_MAX:
            raise TimelineError(f"sequences nested more than {_NESTING_MAX} deep")
        pending: list[EditClip] = []  # the clip before a transition waits for its tail
        lead_in = 0  # the part of a transition before the cut, taken by the next clip
        cursor = offset  # where the next item starts: OTIO's range_in_parent() sums the items
        for item in track:  # before it each time (a 3,000-clip track took a second)
            if isinstance(item, otio.schema.Transition):
                if pending:
                    tail = self.frames(item.out_offset)
                    last = pending[-1]
                    pending[-1] = replace(last, record_out=last.record_out + max(0, tail))
                lead_in = max(0, self.frames(item.in_offset))
                continue
            yield from pending
            pending = []
            start = cursor
            cursor = end = start + self.frames(item.duration())
            if isinstance(item, otio.schema.Clip):
                pending = [self._clip(item, start - lead_in, end)]
            elif isinstance(item, otio.schema.Stack):
                pending = list(self._nested(item, start, end, depth))
            lead_in = 0
        yield from pending

    def _nested(self, stack: Any, start: int, end: int, depth: int) -> Iterator[EditClip]:
        shown = stack.trimmed_range()
        shift = start - self.frames(shown.start_time)  # the nested sequence's frame 0 on this track
        for inner in stack:
            if getattr(inner, "kind", "") != "Audio":
                continue
            for clip in self.clips(inner, shift, depth + 1):
                if clip.record_out > start and clip.record_in < end:
                    yield replace(
                        clip, record_in=max(clip.record_in, start), record_out=min(clip.record_out, end)
                    )

    def _clip(self, item: Any, start: int, end: int) -> EditClip:
        self.count += 1
        if self.count > MAX_CLIPS:
            raise TimelineError(f"more than {MAX_CLIPS:,} clips: not an editor's timeline this reader takes")
        source = item.source_range
        enabled = item.enabled and not (self.disabled_in_metadata and _fcp_disabled(item))
        return EditClip(
            record_in=start,
            record_out=end,
            name=text_field(item.name or ""),
            source=_file_name(item.media_reference),
            source_in=self.frames(source.start_time) if source else None,
            source_out=self.frames(source.end_time_exclusive()) if source else None,
            enabled=enabled,
        )


def _file_name(reference: Any) -> str:
    return file_name(getattr(reference, "target_url", None) or "")
