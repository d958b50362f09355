"""CMX 3600 EDLs as Avid, Premiere, Resolve and Pro Tools write them (our own reader: OpenTimelineIO's
drops ``AUD 3 4`` tracks and ignores ``FCM:``; pycmx reads fixed columns; see the interchange guide).

Fields are split on white space and read from the right (four timecodes, then the transition and its
length, then the channels; what is left is the reel). An event's comment lines name its clips
(``* FROM CLIP NAME:``, ``* TO CLIP NAME:``) and source (``* SOURCE FILE:``); ``AUD 3 4`` adds audio
tracks wherever it stands inside its event. Two lines with one event number are a transition: the
outgoing clip plays on under it for its length. Record times are the truth: source ranges of WAV
leaders are often zero and may differ from the record range by a frame. An EDL does not state its
rate; it is read at the project's, and ``FCM:`` (or ``;`` in a timecode) says how labels count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from cuesheet.domain.edit import EditClip, EditTimeline, EditTrack, TimelineError, TrackKind
from cuesheet.domain.timecode import FrameRate, TimecodeError
from cuesheet.interchange.timeline_text import MAX_CLIPS, decode, file_name, text_field, timecode

FORMAT = "CMX 3600 EDL"
_EVENT = re.compile(r"\s*(\d{1,6})\s+(\S.*)")
_TIMECODE = re.compile(r"\d{1,3}[:;]\d\d[:;]\d\d[:;]\d\d")
_TRANSITION = re.compile(r"C|D|W\d{1,4}|K[BO]?", re.IGNORECASE)
_COMMENT = re.compile(r"\*\s*(FROM CLIP NAME|TO CLIP NAME|CLIP NAME|SOURCE FILE)\s*:(.*)", re.IGNORECASE)
_AUD = re.compile(r"AUD\b(.*)", re.IGNORECASE)
_FCM = re.compile(r"FCM\s*:\s*(.*)", re.IGNORECASE)
_TITLE = re.compile(r"TITLE\s*:(.*)", re.IGNORECASE)
_AUDIO_TRACK = re.compile(r"A(\d{1,3})")
_MAX_TRANSITION = 10_000  # frames; a dissolve of seven minutes is already not a dissolve


@dataclass(slots=True)
class _Line:
    """One event line: ``001  REEL  AA  D 025  src_in src_out rec_in rec_out``."""

    line: int
    reel: str
    tracks: list[tuple[TrackKind, str]]
    transition: str
    length: int
    rec_in: int
    rec_out: int
    src_in: int
    src_out: int


@dataclass(slots=True)
class _Event:
    number: str
    lines: list[_Line] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # FROM / TO / CLIP NAME, SOURCE FILE
    extra: list[tuple[TrackKind, str]] = field(default_factory=list)  # from AUD lines


def read_edl(data: bytes, rate: FrameRate) -> EditTimeline:
    """The EDL in ``data`` read at the project's ``rate``; raises TimelineError (``line N: reason``)."""
    reader = _Reader(rate)
    for number, text in enumerate(decode(data).splitlines(), 1):
        reader.read(number, text.strip())
    return reader.finish()


class _Reader:
    def __init__(self, rate: FrameRate) -> None:
        self.rate = rate
        self.drop: bool | None = None  # the FCM in effect (None: none seen yet)
        self.first_fcm: tuple[int, bool] | None = None
        self.timeline = EditTimeline(FORMAT, "", rate, 0)
        self.event: _Event | None = None
        self.clips = 0
        self.ignored: set[str] = set()

    def read(self, number: int, text: str) -> None:
        if not text:
            return
        event = _EVENT.fullmatch(text)
        if event is not None:
            self._event_line(number, event[1], event[2])
        elif (found := _COMMENT.fullmatch(text)) is not None:
            if self.event is not None:
                key = found[1].upper()
                self.event.names.setdefault(key, text_field(found[2]))
        elif (found := _AUD.fullmatch(text)) is not None:
            self._aud(number, found[1])
        elif (found := _FCM.fullmatch(text)) is not None:
            self._fcm(number, found[1])
        elif (found := _TITLE.fullmatch(text)) is not None:
            self.timeline.title = self.timeline.title or text_field(found[1])
        elif text[:2].upper() == "M2":
            self.ignored.add("speed changes (M2): their record times are used as they stand")
        # Anything else (EFFECTS NAME IS, SPLIT:, REM, PATCH and other comments) says nothing about
        # where a clip plays in the record.

    def _fcm(self, number: int, text: str) -> None:
        words = text.upper().replace("-", " ").split()
        if words[:2] == ["DROP", "FRAME"]:
            self.drop = True
        elif words[:3] == ["NON", "DROP", "FRAME"] or words[:2] == ["NONDROP", "FRAME"]:
            self.drop = False
        else:
            raise TimelineError(
                f"line {number}: FCM: {text.strip()[:40]!r} (expected DROP FRAME or NON-DROP FRAME)"
            )
        if self.first_fcm is None:
            self.first_fcm = (number, self.drop)

    def _aud(self, number: int, text: str) -> None:
        if self.event is None:
            raise TimelineError(f"line {number}: AUD before any event")
        for token in text.split():
            if not token.isdigit() or not 1 <= int(token) <= 999:
                raise TimelineError(f"line {number}: AUD {token[:20]!r} is not a track number")
            self.event.extra.append((TrackKind.AUDIO, f"A{int(token)}"))

    def _event_line(self, number: int, event_number: str, rest: str) -> None:
        if self.event is None or self.event.number != event_number:
            self._flush()
            self.event = _Event(event_number)
        self.event.lines.append(self._parse(number, rest.split()))

    def _parse(self, number: int, tokens: list[str]) -> _Line:
        def refuse(reason: str) -> TimelineError:
            return TimelineError(f"line {number}: {reason}")

        if len(tokens) < 7 or not all(_TIMECODE.fullmatch(t) for t in tokens[-4:]):
            raise refuse("not an event (expected: number, reel, channels, transition, four timecodes)")
        head, times = tokens[:-4], tokens[-4:]
        length = 0
        if len(head) >= 4 and head[-1].isdigit() and _TRANSITION.fullmatch(head[-2]):
            length = int(head[-1])
            head = head[:-1]
            if length > _MAX_TRANSITION:
                raise refuse(f"a transition of {length:,} frames")
        transition = head[-1].upper()
        if not _TRANSITION.fullmatch(transition) or len(head) < 3:
            raise refuse(f"{transition[:20]!r} is not a transition (C, D, Wnnn or K)")
        tracks = _channels(head[-2])
        if tracks is None:
            raise refuse(f"{head[-2][:20]!r} is not a channel (V, A, A2, AA, B, AA/V, An or NONE)")
        src_in, src_out, rec_in, rec_out = (self._timecode(t, number) for t in times)
        if rec_out < rec_in:
            raise refuse(f"the record out {times[3]} is before the record in {times[2]}")
        reel = text_field(" ".join(head[:-2]))
        return _Line(number, reel, tracks, transition, length, rec_in, rec_out, src_in, src_out)

    def _timecode(self, text: str, number: int) -> int:
        drop = ";" in text or (self.drop if self.drop is not None else self.rate.drop_frame)
        if drop == self.rate.drop_frame:
            return timecode(text, self.rate, number)
        try:
            counted = FrameRate(self.rate.rate, drop)
        except TimecodeError:  # drop-frame labels at 24 or 25 fps
            raise TimelineError(
                f"line {number}: {text} is drop-frame timecode, which does not exist at {self.rate} fps: "
                "the EDL was made at another rate than the project's"
            ) from None
        return timecode(text, counted, number)

    def _flush(self) -> None:
        event, self.event = self.event, None
        if event is None:
            return
        names = event.names
        previous: _Line | None = None
        for index, line in enumerate(event.lines):
            first = index == 0
            name = names.get("FROM CLIP NAME" if first else "TO CLIP NAME") or names.get("CLIP NAME", "")
            if not first and not name:
                name = names.get("FROM CLIP NAME", "")
            source = _file_name(names.get("SOURCE FILE", ""))
            if first and len(event.lines) > 1 and names.get("TO CLIP NAME", name) != name:
                source = ""  # the SOURCE FILE line names the incoming clip's file
            for kind, label in _unique(line.tracks + event.extra):
                track = self.timeline.track(label, kind)
                if previous is not None and line.length:
                    _carry_under(track, previous, line)
                if line.rec_out > line.rec_in:
                    self._add(track, EditClip(
                        line.rec_in, line.rec_out, name, source, line.src_in, line.src_out, line.reel,
                    ))  # fmt: skip
            previous = line

    def _add(self, track: EditTrack, clip: EditClip) -> None:
        self.clips += 1
        if self.clips > MAX_CLIPS:
            raise TimelineError(f"more than {MAX_CLIPS:,} clips: not an editor's timeline this reader takes")
        track.clips.append(clip)

    def finish(self) -> EditTimeline:
        self._flush()
        timeline = self.timeline
        if self.first_fcm is not None and self.first_fcm[1] != self.rate.drop_frame:
            line, drop = self.first_fcm
            counted = "drop-frame" if drop else "non-drop-frame"
            raise TimelineError(
                f"line {line}: the EDL counts {counted} timecode and the project runs at {self.rate} fps; "
                "make the project's rate match the sequence's"
            )
        if not any(t.clips for t in timeline.tracks):
            raise TimelineError("no events found: this is not a CMX 3600 EDL")
        timeline.tracks.sort(key=_track_order)
        timeline.start_frame = min(c.record_in for t in timeline.tracks for c in t.clips)
        timeline.notes.extend(sorted(self.ignored))
        return timeline


def _channels(token: str) -> list[tuple[TrackKind, str]] | None:
    """``AA/V`` → A1, A2, V1; ``NONE`` → none (an ``AUD`` line names them); None when not a channel."""
    upper = token.upper()
    if upper == "NONE":
        return []
    tracks: list[tuple[TrackKind, str]] = []
    for part in upper.split("/"):
        if part == "V":
            tracks.append((TrackKind.VIDEO, "V1"))
        elif part == "B":  # both: picture and the first sound track
            tracks += [(TrackKind.VIDEO, "V1"), (TrackKind.AUDIO, "A1")]
        elif part == "A":
            tracks.append((TrackKind.AUDIO, "A1"))
        elif part == "AA":
            tracks += [(TrackKind.AUDIO, "A1"), (TrackKind.AUDIO, "A2")]
        elif (found := _AUDIO_TRACK.fullmatch(part)) is not None and int(found[1]) >= 1:
            tracks.append((TrackKind.AUDIO, f"A{int(found[1])}"))
        else:
            return None
    return tracks


def _carry_under(track: EditTrack, outgoing: _Line, incoming: _Line) -> None:
    """The clip that ends where a transition starts plays on for the transition's length."""
    end = incoming.rec_in + incoming.length
    for index in range(len(track.clips) - 1, max(-1, len(track.clips) - 9), -1):
        clip = track.clips[index]
        if clip.record_out == incoming.rec_in and clip.record_in <= outgoing.rec_in:
            track.clips[index] = replace(clip, record_out=max(clip.record_out, end))
            return  # none found: the transition comes from black (or silence)


def _unique(tracks: list[tuple[TrackKind, str]]) -> list[tuple[TrackKind, str]]:
    return list(dict.fromkeys(tracks))


def _file_name(path: str) -> str:
    name = file_name(path)
    return "" if name.upper() == "(NULL)" else name  # Avid's word for "no file"


def _track_order(track: EditTrack) -> tuple[int, int, str]:
    digits = track.label[1:]
    return (track.kind is TrackKind.AUDIO, int(digits) if digits.isdigit() else 0, track.label)
