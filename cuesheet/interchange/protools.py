"""Pro Tools "Session Info as Text" exports (our own reader; the grammar is in the interchange guide).

A header of ``KEY:<tab>value`` lines (session start, timecode format, sample rate), sections titled
in spaced capitals (``T R A C K  L I S T I N G``), and per track a block: ``TRACK NAME:``, ``STATE:``
(Muted, Inactive, Hidden, Solo…), then an event table whose columns are found by their titles (a
TIMESTAMP column comes and goes). Fields are padded with spaces around the tabs. A multichannel track
lists its events once per channel: channel 1 is read, the others repeat it. Fades are events of their
own, ``(fade in)``, ``(fade out)`` and ``(cross fade)``: the sound they belong to plays through them.
Times are read as timecode (sub-frames rounded), samples or feet+frames from the session start; Min:Sec
and Bars|Beats are not exact to the frame and are refused with what to export instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from cuesheet.domain.edit import EditClip, EditTimeline, EditTrack, TimelineError
from cuesheet.domain.timecode import FrameRate, TimecodeError
from cuesheet.interchange.timeline_text import MAX_CLIPS, decode, file_name, text_field, timecode

FORMAT = "Pro Tools session text"
_SECTION = re.compile(r"(?:[A-Z0-9&-] {1,2})+[A-Z0-9&-]")
_TC = re.compile(r"(\d{1,3}[:;]\d\d[:;]\d\d[:;]\d\d)(?:\.(\d{1,3}))?")
_SAMPLES = re.compile(r"\d{1,15}")
_FEET = re.compile(r"(\d{1,9})\+(\d{1,2})(?:\.(\d{1,3}))?")
_FADES = {"(fade in)": "in", "(fade out)": "out", "(cross fade)": "cross"}
_MUTING_STATES = {"muted", "inactive"}  # a hidden track still plays; a muted or inactive one does not
_FRAMES_PER_FOOT = 16  # 35 mm, four perforations: Pro Tools' Feet+Frames
_FILM_FRAMES = {30: 24, 60: 24, 50: 25}  # feet count film frames; video at these rates is pulled down


@dataclass(slots=True)
class _Event:
    line: int
    name: str
    start: int
    end: int
    enabled: bool


def read_protools_text(data: bytes, rate: FrameRate) -> EditTimeline:
    """The session in ``data``; its timecode format must be the project's ``rate``. Raises
    TimelineError (``line N: reason``)."""
    lines = decode(data).splitlines()
    header = _header(lines)
    session_rate = _session_rate(header)
    if (session_rate.rate, session_rate.drop_frame) != (rate.rate, rate.drop_frame):
        raise TimelineError(f"the session runs at {session_rate} fps and the project at {rate} fps")
    start_text = header.get("SESSION START TIMECODE", "")
    start = _timecode_with_subframes(start_text, rate, header.get("@SESSION START TIMECODE", 0))
    sample_rate = _sample_rate(header)
    timeline = EditTimeline(FORMAT, text_field(str(header.get("SESSION NAME", ""))), rate, start)
    _Tracks(timeline, lines, sample_rate).read()
    if not timeline.tracks:
        raise TimelineError('no tracks found: export the session text with "Include Track EDLs"')
    return timeline


def _header(lines: list[str]) -> dict[str, str | int]:
    """The ``KEY:<tab>value`` lines before the first section; ``@KEY`` holds the line number."""
    header: dict[str, str | int] = {}
    for number, line in enumerate(lines[:200], 1):
        if _SECTION.fullmatch(line.strip()):
            break
        key, tab, value = line.partition("\t")
        if tab and key.strip().endswith(":"):
            name = key.strip()[:-1].strip().upper()
            header[name], header["@" + name] = value.strip(), number
    if "SESSION NAME" not in header:
        raise TimelineError("line 1: not a Pro Tools session text (it starts with SESSION NAME:)")
    return header


def _session_rate(header: dict[str, str | int]) -> FrameRate:
    text = str(header.get("TIMECODE FORMAT", header.get("TIME CODE FORMAT", "")))
    line = header.get("@TIMECODE FORMAT", header.get("@TIME CODE FORMAT", 1))
    words = text.replace("Frame", "").replace("frame", "").strip()
    try:
        return FrameRate.parse(words.replace("Drop", "DF").replace("drop", "DF"))
    except TimecodeError:
        raise TimelineError(f"line {line}: TIMECODE FORMAT {text[:40]!r} is not a frame rate") from None


def _sample_rate(header: dict[str, str | int]) -> Fraction:
    text = str(header.get("SAMPLE RATE", ""))
    try:
        value = Fraction(Decimal(text[:20]))
    except (InvalidOperation, ValueError):
        value = Fraction(0)
    if not 1000 <= value <= 1_000_000:
        raise TimelineError(
            f"line {header.get('@SAMPLE RATE', 1)}: SAMPLE RATE {text[:20]!r} is not a sample rate"
        )
    return value


def _timecode_with_subframes(text: str | int, rate: FrameRate, line: str | int) -> int:
    found = _TC.fullmatch(str(text).strip())
    if found is None:
        raise TimelineError(f"line {line}: {str(text)[:40]!r} is not a timecode")
    frame = timecode(found[1], _counting(found[1], rate, int(line)), int(line))
    return frame + _subframes(found[2])


def _subframes(digits: str | None) -> int:
    """Sub-frames, rounded to the nearest frame."""
    return (_hundredths(digits) + 50) // 100


def _hundredths(digits: str | None) -> int:
    """Sub-frames are hundredths of a frame (Pro Tools writes ``.100`` for a whole one)."""
    return int(digits.ljust(2, "0")) if digits else 0


def _counting(text: str, rate: FrameRate, line: int) -> FrameRate:
    if ";" not in text or rate.drop_frame:
        return rate
    raise TimelineError(f"line {line}: {text} is drop-frame timecode in a session at {rate} fps")


class _Tracks:
    """The track listing: one EditTrack per track block, clips from channel 1's events."""

    def __init__(self, timeline: EditTimeline, lines: list[str], sample_rate: Fraction) -> None:
        self.timeline, self.lines, self.sample_rate = timeline, lines, sample_rate
        self.sources: dict[str, str] = {}  # clip name -> its file, from the clip lists
        self.columns: dict[str, int] = {}
        self.track: EditTrack | None = None
        self.events: list[_Event] = []
        self.clips = 0
        self.hidden = 0

    def read(self) -> None:
        section = ""
        for number, raw in enumerate(self.lines, 1):
            line = raw.strip()
            if _SECTION.fullmatch(line):
                self._end_track()
                section = line.replace(" ", "")
                continue
            if not line:
                continue
            if section.endswith(("CLIPSINSESSION", "REGIONSINSESSION")):
                self._clip_row(raw)
            elif section == "TRACKLISTING":
                self._track_row(number, raw)
        self._end_track()
        if self.hidden:
            self.timeline.notes.append(f"{self.hidden} hidden track(s) read (hidden tracks still play)")

    def _clip_row(self, raw: str) -> None:
        fields = [f.strip() for f in raw.split("\t")]
        if len(fields) >= 2 and fields[0].upper() not in ("CLIP NAME", "REGION NAME"):
            self.sources.setdefault(fields[0], fields[1])

    def _track_row(self, number: int, raw: str) -> None:
        key, tab, value = raw.partition("\t")
        word = key.strip().upper()
        if word == "TRACK NAME:" and tab:
            self._end_track()
            label = f"A{len(self.timeline.tracks) + 1}"
            self.track = EditTrack(label, name=text_field(value))
            self.timeline.tracks.append(self.track)
        elif self.track is None:
            return
        elif word.startswith("STATE:"):
            states = {s.lower() for s in (key.strip()[6:] + " " + value).split()}
            self.track.muted = bool(states & _MUTING_STATES)
            self.hidden += "hidden" in states
        elif word == "CHANNEL" and tab:
            self.columns = {f.strip().upper(): i for i, f in enumerate(raw.split("\t"))}
        elif word == "1" and self.columns:  # the other channels repeat channel 1
            self.events.append(self._event(number, raw.split("\t")))

    def _event(self, number: int, fields: list[str]) -> _Event:
        columns = self.columns

        def field(*titles: str) -> str:
            for title in titles:
                at = columns.get(title)
                if at is not None and at < len(fields):
                    return fields[at]
            raise TimelineError(f"line {number}: an event row without {titles[0]}")

        name = field("CLIP NAME", "REGION NAME")
        first, last = self._time(field("START TIME"), number), self._time(field("END TIME"), number)
        if last < first:
            raise TimelineError(f"line {number}: the event ends before it starts")
        state = field("STATE").strip().lower() if "STATE" in columns else ""
        return _Event(number, text_field(name), first, last, state != "muted")

    def _time(self, text: str, line: int) -> int:
        text, start, rate = text.strip(), self.timeline.start_frame, self.timeline.rate
        if _TC.fullmatch(text):
            frame = _timecode_with_subframes(text, rate, line)
            day = timecode("24:00:00:00", rate, line)
            return frame + day if start - frame > day // 2 else frame  # past midnight: the next day
        if _SAMPLES.fullmatch(text):
            exact = Fraction(int(text)) * rate.rate / self.sample_rate
            return start + int(exact + Fraction(1, 2))
        if (feet := _FEET.fullmatch(text)) is not None:
            hundredths = (int(feet[1]) * _FRAMES_PER_FOOT + int(feet[2])) * 100 + _hundredths(feet[3])
            nominal = rate.nominal  # film frames: 24 a second under 30 or 60 fps video (pull-down)
            film = _FILM_FRAMES.get(nominal, nominal)
            return start + int(Fraction(hundredths * nominal, film * 100) + Fraction(1, 2))
        raise TimelineError(
            f"line {line}: {text[:30]!r} is not exact to the frame (Min:Sec or Bars|Beats); export the "
            "session text with the time format Timecode or Samples"
        )

    def _end_track(self) -> None:
        track, events, self.events, self.columns = self.track, self.events, [], {}
        self.track = None
        if track is None:
            return
        for clip in _with_fades(events, self.sources):
            self.clips += 1
            if self.clips > MAX_CLIPS:
                raise TimelineError(f"more than {MAX_CLIPS:,} clips: not a session this reader takes")
            track.clips.append(clip)


def _with_fades(events: list[_Event], sources: dict[str, str]) -> list[EditClip]:
    """The clips of one channel, each widened by the fades that belong to it: a fade out or the first
    half of a cross fade lengthens the clip that ends where it starts, a fade in or a cross fade moves
    the In of the clip that starts where it ends."""
    clips: list[EditClip] = []
    fade_in: tuple[int, int] | None = None  # (where the fade ends, where it starts)
    for event in sorted(events, key=lambda e: (e.start, e.end)):
        fade = _FADES.get(event.name.lower())
        if fade is not None:
            if fade in ("out", "cross") and clips and clips[-1].record_out == event.start:
                clips[-1] = replace(clips[-1], record_out=event.end)
            fade_in = (event.end, event.start) if fade in ("in", "cross") else None
            continue
        start = fade_in[1] if fade_in is not None and fade_in[0] == event.start else event.start
        fade_in = None
        if event.end > start:
            source = _file_name(sources.get(event.name, ""))
            clips.append(EditClip(start, event.end, event.name, source, enabled=event.enabled))
    return clips


def _file_name(path: str) -> str:
    return file_name(path.replace(":", "/"))  # Pro Tools on the Mac writes HFS paths, with colons
