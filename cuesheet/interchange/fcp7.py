"""Final Cut Pro 7 XML (xmeml), as Premiere, Resolve, Hiero and FCP 7 write it: our own reader. It
places every clip as OpenTimelineIO's FCP adapter (../shared/guide/interchange.md) and
``otio_timeline`` did (tests/unit/test_fcp7_reader.py reads every sample both ways) at a quarter of
its cost (~0.2 ms a clip on inherited lookups and metadata), and reads nested sequences (it did not).

What it reads, in xmeml's terms:
- the first ``<sequence>`` at the top or in a project's ``<children>``; its ``<timecode>`` (``<frame>``,
  else ``<string>``) is the start, its ``<displayformat>`` DF or NDF;
- an element with an ``id`` and nothing in it stands for the first with that ``id`` and content;
- ``<rate>`` (``<timebase>``, ``<ntsc>``) is inherited: a clip's, else its track's, media's, sequence's;
- a track's items: ``<clipitem>`` and ``<generatoritem>`` at ``<start>``–``<end>`` (track frames from
  the sequence's start) from ``<in>`` (clip frames from the file's ``<timecode>``); ``-1`` where a
  ``<transitionitem>`` joins two clips: its cut point (``<alignment>`` start, end, else the middle);
  the clip before a transition sounds on to the transition's end, the one after from its start;
- ``<enabled>FALSE</enabled>`` on a clip or a track; of a stereo pair exploded into two tracks
  (``currentExplodedTrackIndex``) the first only, as one track;
- a ``<clipitem>`` holding a ``<sequence>``: that sequence's tracks of the same kind, placed where the
  clip shows it and trimmed to the clip.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from fractions import Fraction
from typing import Any

from cuesheet.domain.edit import EditClip, EditTimeline, EditTrack, TimelineError, TrackKind
from cuesheet.domain.limits import max_frames
from cuesheet.domain.timecode import FrameRate, TimecodeError, parse_timecode, seconds_to_frames
from cuesheet.interchange import safe_xml
from cuesheet.interchange.otio_timeline import exact_rate
from cuesheet.interchange.timeline_text import MAX_CLIPS, file_name, text_field

FORMAT = "FCP 7 XML"
_NESTING_MAX = 8  # sequences inside sequences: deeper than any editor goes, shallow enough to bound
_ITEMS = frozenset({"clipitem", "generatoritem", "transitionitem"})
_KINDS = {"video": TrackKind.VIDEO, "audio": TrackKind.AUDIO}
_NUMBER_MAX = 15  # characters of a frame count: far beyond 1,000 hours at any rate
_PATH_SHOWN = 240  # characters of an element's path in a message


def read_fcp7(data: bytes, rate: FrameRate) -> EditTimeline:
    root = safe_xml.parse(data)
    if root.tag != "xmeml":
        raise TimelineError(f"<{str(root.tag)[:40]}>: not an FCP 7 XML file (its root is <xmeml>)")
    if root.find(".//sequence") is None:
        raise TimelineError("xmeml: the file holds no <sequence>")
    items = sum(1 for tag in ("clipitem", "generatoritem") for _ in root.iter(tag))
    if items > MAX_CLIPS:  # refused before reading: a 25 MB file of 300,000 bare clips took 8 s to refuse
        raise TimelineError(
            f"{items:,} clips: more than the {MAX_CLIPS:,} an editor's timeline this reader takes"
        )
    reader = _Reader(root, rate)
    sequences = [
        reader.deref(s) for s in (*root.iterfind("sequence"), *root.iterfind(".//children/sequence"))
    ]
    if not sequences:
        raise TimelineError("xmeml: no sequence could be read (none at the top or in a bin)")
    edit = reader.timeline(sequences[0])
    if len(sequences) > 1:
        edit.notes.append(f"the file holds {len(sequences)} sequences; the first, {edit.title!r}, was read")
    return edit


class _Reader:
    def __init__(self, root: Any, rate: FrameRate) -> None:
        self.rate = rate
        self.limit = max_frames(rate.rate)
        self.count = 0
        self.inner: dict[tuple[int, TrackKind, Fraction], list[EditClip]] = {}  # a nested sequence's clips
        self.rates: dict[tuple[str, str], Fraction] = {}  # (timebase, ntsc) as written -> the rate
        self.described: dict[tuple[str, str], Any] = {}  # (tag, id): a <file> and a <clipitem> may share one
        for element in root.iter():
            key = element.get("id")
            if key is not None and len(element):
                self.described.setdefault((element.tag, key), element)

    def deref(self, element: Any) -> Any:
        """The element described in full that an empty one with its ``id`` refers to."""
        if len(element):
            return element
        key = element.get("id")
        return element if key is None else self.described.get((element.tag, key), element)

    def timeline(self, sequence: Any) -> EditTimeline:
        path = _step(sequence, "sequence", None)
        with _at(path):
            sequence_rate = self.own_rate(sequence)
            timecode = sequence.find("timecode")
            stated = sequence_rate
            start = 0
            if timecode is not None:
                stated = self.own_rate(timecode) or sequence_rate
                start = self.at(*self.timecode_value(timecode, stated))
        if stated is not None and stated != self.rate.rate:
            raise TimelineError(
                f"the sequence runs at {FrameRate(stated)} fps and the project at {self.rate} fps"
            )
        shown = _text(timecode, "displayformat") if timecode is not None else None
        if shown is not None and (shown.upper() == "DF") != self.rate.drop_frame:
            counted = "drop-frame" if shown.upper() == "DF" else "non-drop-frame"
            raise TimelineError(
                f"the sequence counts {counted} timecode and the project runs at {self.rate} fps"
            )
        edit = EditTimeline(FORMAT, text_field(_text(sequence, "name") or ""), self.rate, start)
        counts = dict.fromkeys(_KINDS.values(), 0)
        for kind, track, track_rate, where in self.tracks(sequence, sequence_rate, path):
            counts[kind] += 1
            label = f"{'A' if kind is TrackKind.AUDIO else 'V'}{counts[kind]}"
            made = EditTrack(label, kind, text_field(_text(track, "name") or ""), muted=_disabled(track))
            made.clips = list(self.clips(track, kind, track_rate, start, 0, where))
            edit.tracks.append(made)
        return edit

    def tracks(
        self, sequence: Any, outer: Fraction | None, path: str
    ) -> Iterator[tuple[TrackKind, Any, Fraction, str]]:
        """Each track of ``sequence`` (at ``path``) with its kind, rate and path (the stereo pair's
        second half left out)."""
        media = sequence.find("media")
        if media is None:
            return
        media = self.deref(media)
        with _at(f"{path}/media"):
            media_rate = self.own_rate(media) or self.own_rate(sequence) or outer
        for group in media:
            kind = _KINDS.get(str(group.tag).lower())
            if kind is None:
                continue
            for number, track in enumerate(group.iterfind("track"), 1):
                where = f"{path}/media/{group.tag}/track[{number}]"
                track = self.deref(track)
                if kind is TrackKind.AUDIO and not (
                    track.get("currentExplodedTrackIndex", "0") == "0"
                    or track.get("totalExplodedTrackCount", "1") == "1"
                ):
                    continue
                with _at(where):
                    track_rate = self.own_rate(track) or media_rate
                    if track_rate is None:
                        raise _Fault("no <rate> of its own or its sequence's")
                yield kind, track, track_rate, where

    def clips(
        self, track: Any, kind: TrackKind, rate: Fraction, offset: int, depth: int, path: str
    ) -> Iterator[EditClip]:
        """The clips of ``track`` (at ``path``, items at ``rate``), its frame 0 at project frame
        ``offset``."""
        children = list(track)
        numbers = dict.fromkeys(_ITEMS, 0)  # each kind of item's position, for the element's path
        placed: int | Fraction = 0  # where the last item ended, in track frames from its frame 0
        cursor = offset  # the same in project frames: items and the gaps before them summed
        pending: list[EditClip] = []  # the clip before a transition waits for its tail
        lead_in = 0  # the part of a transition before its cut, taken by the next clip
        head = None  # the last transition: where a clip starting at -1 starts
        for n, element in enumerate(children):
            if element.tag not in _ITEMS:
                continue
            item = self.deref(element)
            numbers[element.tag] += 1
            step = (item, element.tag, numbers[element.tag])
            with _at(path, step):
                after = children[n + 1] if n + 1 < len(children) else None
                tail = self.deref(after) if after is not None and after.tag == "transitionitem" else None
                start_value, end_value = _number(item, "start"), _number(item, "end")
                start = self.cut_point(_joining(head), rate) if start_value == -1 else start_value
                end = self.cut_point(_joining(tail), rate) if end_value == -1 else end_value
                end = max(end, start)
                if placed < start:  # a gap before the item
                    yield from pending
                    pending, lead_in = [], 0
                    cursor += self.at(start - placed, rate)
                placed = end
                if item.tag == "transitionitem":
                    cut = self.cut_point(item, rate)
                    if pending:  # the clip before sounds on to the transition's end
                        pending[-1] = _longer(pending[-1], max(0, self.at(end - cut, rate)))
                    lead_in = max(0, self.at(cut - start, rate))
                    head = item
                    continue
                yield from pending
                first, cursor = cursor, cursor + self.at(end - start, rate)
                span = (first - lead_in, cursor)
                pending = list(self.item_clips(item, kind, rate, span, depth, (path, step)))
                lead_in = 0
        yield from pending

    def item_clips(
        self, item: Any, kind: TrackKind, track_rate: Fraction, span: tuple[int, int], depth: int,
        at: tuple[str, tuple[Any, str, int]],
    ) -> Iterator[EditClip]:  # fmt: skip
        """What a clip or generator item at project frames ``span`` gives: itself, or the clips of
        the sequence it holds. Its ``<in>`` is the source at ``span[0]``, a transition before it
        included (xmeml's ``<in>``–``<out>`` spans both transitions' whole length)."""
        clip_rate = self.own_rate(item) or track_rate
        source_in = _number(item, "in", 0)  # clip frames from the media's start
        enabled = not _disabled(item)
        nested = item.find("sequence")
        if nested is not None:
            shown = (clip_rate, source_in, enabled)
            nested = self.deref(nested)
            path = f"{at[0]}/{_step(*at[1])}/{_step(nested, 'sequence', None)}"
            yield from self.nested(nested, kind, span, shown, depth, path)
            return
        self.counted()
        source, first = "", None
        found = item.find("file")
        if found is not None:
            file = self.deref(found)
            source = file_name(_text(file, "pathurl") or "")
            timecode = file.find("timecode")
            if timecode is not None:  # source frames count from the file's own timecode
                value, rate = self.timecode_value(timecode, self.own_rate(timecode) or clip_rate)
                shift = source_in if rate == clip_rate else source_in * rate / clip_rate  # at its rate
                first = self.at(shift + value, rate)
        if first is None:
            first = self.at(source_in, clip_rate)
        yield EditClip(
            record_in=span[0],
            record_out=span[1],
            name=text_field(_text(item, "name") or ""),
            source=source,
            source_in=first,
            source_out=first + span[1] - span[0],
            enabled=enabled,
        )

    def nested(
        self, sequence: Any, kind: TrackKind, span: tuple[int, int], shown: tuple[Fraction, int, bool],
        depth: int, path: str,
    ) -> Iterator[EditClip]:  # fmt: skip
        """The clips of ``sequence``'s tracks of ``kind``, its frame ``shown[1]`` (at rate ``shown[0]``)
        at project frame ``span[0]``, trimmed to ``span``, heard if ``shown[2]``. A sequence is read
        once however often it is shown (nests of nests each shown a hundred times would ask for
        100^8 items)."""
        rate, shown_from, enabled = shown
        key = (id(sequence), kind, rate)
        inner = self.inner.get(key)
        if inner is None:
            if depth >= _NESTING_MAX:
                raise _Fault(f"sequences nested more than {_NESTING_MAX} deep")
            inner = []
            with _at(path):
                outer = self.own_rate(sequence) or rate
            for track_kind, track, track_rate, where in self.tracks(sequence, outer, path):
                if track_kind is kind:
                    heard = not _disabled(track)
                    for clip in self.clips(track, kind, track_rate, 0, depth + 1, where):
                        inner.append(clip if heard else replace(clip, enabled=False))
            self.inner[key] = inner
        zero = span[0] - self.at(shown_from, rate)
        for clip in inner:
            low, high = max(clip.record_in + zero, span[0]), min(clip.record_out + zero, span[1])
            if high <= low:
                continue
            self.counted()
            cut_in, cut_out = low - zero - clip.record_in, clip.record_out + zero - high
            yield replace(
                clip, record_in=low, record_out=high, enabled=clip.enabled and enabled,
                source_in=None if clip.source_in is None else clip.source_in + cut_in,
                source_out=None if clip.source_out is None else clip.source_out - cut_out,
            )  # fmt: skip

    def counted(self) -> None:
        self.count += 1
        if self.count > MAX_CLIPS:
            raise TimelineError(f"more than {MAX_CLIPS:,} clips: not an editor's timeline this reader takes")

    def cut_point(self, transition: Any, track_rate: Fraction) -> int | Fraction:
        """Where a transition passes from one clip to the next, in track frames from its frame 0."""
        start, end = _number(transition, "start"), _number(transition, "end")
        alignment = (_text(transition, "alignment") or "").strip()
        if alignment in ("start", "start-black"):
            value = start
        elif alignment in ("end", "end-black"):
            value = end
        else:  # "center", or none said
            value = int((start + end) / 2)
        own = self.own_rate(transition)
        return value if own is None or own == track_rate else value * track_rate / own

    def own_rate(self, element: Any) -> Fraction | None:
        """The rate ``element`` states itself (``<rate><timebase>``, ``<ntsc>``), or None."""
        found = element.find("rate")
        if found is None:
            return None
        found = self.deref(found)
        timebase = _text(found, "timebase")
        if timebase is None:
            return None
        key = (timebase, _text(found, "ntsc") or "")
        known = self.rates.get(key)
        if known is None:
            try:
                base = float(timebase[:_NUMBER_MAX])
            except ValueError:
                raise _Fault(f"<timebase>{timebase[:20]}</timebase> is not a rate") from None
            known = self.rates[key] = exact_rate(base * 1000 / 1001 if key[1].lower() == "true" else base)
        return known

    def timecode_value(self, timecode: Any, rate: Fraction | None) -> tuple[int, Fraction]:
        """A ``<timecode>``'s frame and rate: its ``<frame>``, else its ``<string>`` read at ``rate``."""
        if rate is None:
            raise _Fault("a <timecode> with no <rate>")
        if timecode.find("frame") is not None:
            return _number(timecode, "frame"), rate
        label = _text(timecode, "string")
        if label is None:
            raise _Fault("a <timecode> with neither <frame> nor <string>")
        dropping = ";" in label and rate.denominator == 1001
        try:
            return parse_timecode(label[:40], FrameRate(rate, dropping)), rate
        except TimecodeError as error:
            raise _Fault(str(error)) from None

    def at(self, value: int | Fraction, rate: Fraction) -> int:
        """The project frame nearest frame ``value`` at ``rate`` (whole frames at the project's rate:
        nearly every time in a file, and no arithmetic)."""
        if isinstance(value, int) and rate == self.rate.rate:
            frames = value
        else:
            frames = seconds_to_frames(Fraction(value) / rate, self.rate)
        if abs(frames) > self.limit:
            raise _Fault("a time beyond the longest timeline read (1,000 hours)")
        return frames


def _longer(clip: EditClip, frames: int) -> EditClip:
    """``clip`` sounding ``frames`` longer, its source too."""
    out = None if clip.source_out is None else clip.source_out + frames
    return replace(clip, record_out=clip.record_out + frames, source_out=out)


class _Fault(TimelineError):
    """What is wrong with an element, said without where it is (``_at`` says that)."""


class _at:  # read as ``with _at(path):``
    """A fault met inside as one line naming the element's path (its last step made only then)."""

    __slots__ = ("path", "step")

    def __init__(self, path: str, step: tuple[Any, str, int] | None = None) -> None:
        self.path, self.step = path, step

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, fault: BaseException | None, trace: object) -> None:
        if isinstance(fault, _Fault):
            where = self.path if self.step is None else f"{self.path}/{_step(*self.step)}"
            if len(where) > _PATH_SHOWN:  # nests in nests: the start and the element itself
                where = f"{where[: _PATH_SHOWN // 2]}…{where[-_PATH_SHOWN // 2 :]}"
            raise TimelineError(f"xmeml: {where}: {fault}") from None


def _step(element: Any, tag: str, number: int | None) -> str:
    """One step of an element's path: its tag, its position among its kind, its id."""
    key = element.get("id")
    return tag + (f"[{number}]" if number else "") + (f"[@id={key[:40]!r}]" if key else "")


def _joining(transition: Any) -> Any:
    """The transition a clip at -1 meets."""
    if transition is None:
        raise _Fault("starts or ends at -1 with no transition beside it")
    return transition


def _number(element: Any, tag: str, default: int | None = None) -> int:
    """A frame count (Hiero writes ``0.0``; a fraction is rounded, as the frames it stands for)."""
    text = _text(element, tag)
    if text is None:
        if default is not None:
            return default
        raise _Fault(f"no <{tag}>")
    if len(text) > _NUMBER_MAX:
        raise _Fault(f"<{tag}> {text[:20]}… is too long to be a frame")
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return round(Fraction(text))
    except (ValueError, ZeroDivisionError):
        raise _Fault(f"<{tag}>{text[:20]}</{tag}> is not a frame") from None


def _text(element: Any, tag: str) -> str | None:
    found = element.find(tag)
    return None if found is None else (found.text or "").strip()


def _disabled(element: Any) -> bool:
    return (_text(element, "enabled") or "").upper() == "FALSE"
