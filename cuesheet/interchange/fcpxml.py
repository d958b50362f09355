"""FCPXML (Final Cut Pro 10, Resolve), our own reader: OpenTimelineIO's adapter reads 23.976 as 23
and ignores roles, ``enabled`` and ``media-rep`` (../shared/guide/interchange.md).

What it reads: the first project's sequence (``format`` frame duration, ``tcStart``, ``tcFormat``);
its spine and every story element in it, connected clips (``lane``), secondary storylines (a ``spine``
inside a clip), compound clips (``ref-clip`` into a ``media`` sequence, trimmed to the ref-clip),
sync clips, the active pick of an ``audition``, transitions (the clips on either side sound through
them), ``enabled="0"`` (inherited by what a clip holds), and audio roles: a clip's channels' role
(``audio-channel-source``/``audio-role-source``), else its ``audioRole`` (``role`` on an ``audio``),
else its container's, else dialogue. FCPXML has no tracks: each main role (``music``, ``dialogue``,
``effects``, a custom one) is one track, A1, A2, … in the order the roles first play.

Times are rational seconds (``1001/24000s``); a story element's ``offset`` is in its container's
time: the sequence's (its timecode, ``tcStart`` included) for the spine, a clip's own time (from its
``start``) for what is connected to it, the storyline's (from 0) inside a secondary storyline.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from cuesheet.domain.edit import EditClip, EditTimeline, EditTrack, TimelineError
from cuesheet.domain.limits import max_frames
from cuesheet.domain.timecode import FrameRate, seconds_to_frames
from cuesheet.interchange import safe_xml
from cuesheet.interchange.otio_timeline import exact_rate
from cuesheet.interchange.timeline_text import MAX_CLIPS, file_name, text_field

FORMAT = "FCPXML"
_NESTING_MAX = 16  # storylines and compound clips inside each other
_CLIPS = {
    "asset-clip",
    "clip",
    "ref-clip",
    "sync-clip",
    "mc-clip",
    "gap",
    "title",
    "video",
    "audio",
    "audition",
}
_ROLE_SOURCES = ("audio-channel-source", "audio-role-source")


def read_fcpxml(data: bytes, rate: FrameRate) -> EditTimeline:
    root = safe_xml.parse(data)
    if root.tag != "fcpxml":
        raise TimelineError(f"<{str(root.tag)[:40]}>: not an FCPXML file (its root is <fcpxml>)")
    projects = list(root.iter("project"))
    sequence = projects[0].find("sequence") if projects else None
    if sequence is None:
        raise TimelineError("fcpxml: the file holds no project (export the project, not clips or an event)")
    reader = _Reader(root, rate)
    edit = reader.read(sequence, text_field(projects[0].get("name", "")))
    if len(projects) > 1:
        edit.notes.append(f"the file holds {len(projects)} projects; the first, {edit.title!r}, was read")
    return edit


def seconds(text: str | None, where: str) -> Fraction:
    """``1001/24000s``, ``3600s``, ``0s`` (or without the ``s``) as exact seconds."""
    if not text:
        return Fraction(0)
    value = text.strip().removesuffix("s")
    if len(value) > 40:
        raise TimelineError(f"{where}: the time {text[:40]!r}… is too long to be a time")
    try:
        return Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise TimelineError(f"{where}: {text[:40]!r} is not a time (such as 1001/24000s)") from None


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a container's own time stands: its local time ``local`` is absolute second ``at``; what it
    holds sounds only within [``low``, ``high``) absolute seconds (a compound clip's trim) when set."""

    at: Fraction
    local: Fraction
    low: Fraction | None = None
    high: Fraction | None = None

    def absolute(self, local: Fraction) -> Fraction:
        return self.at + (local - self.local)

    def inside(self, place: _Place) -> _Place:
        """``place`` also held to this place's window."""
        low = place.low if self.low is None else self.low if place.low is None else max(self.low, place.low)
        high = (
            place.high
            if self.high is None
            else self.high
            if place.high is None
            else min(self.high, place.high)
        )
        return _Place(place.at, place.local, low, high)


@dataclass(slots=True)
class _Found:
    role: str
    start: Fraction  # absolute seconds
    end: Fraction
    low: Fraction | None  # the compound clip's trim it sounds within
    high: Fraction | None
    name: str
    source: str
    source_in: Fraction
    enabled: bool


class _Reader:
    def __init__(self, root: Any, rate: FrameRate) -> None:
        self.rate = rate
        self.limit = max_frames(rate.rate)
        self.resources = {r.get("id"): r for r in root.iterfind("resources/*") if r.get("id")}
        self.found: list[_Found] = []

    def read(self, sequence: Any, title: str) -> EditTimeline:
        sequence_rate = self._format_rate(sequence)
        if sequence_rate != self.rate.rate:
            raise TimelineError(
                f"the sequence runs at {FrameRate(sequence_rate)} fps and the project at {self.rate} fps"
            )
        drop = sequence.get("tcFormat", "NDF").upper() == "DF"
        if drop != self.rate.drop_frame:
            counted = "drop-frame" if drop else "non-drop-frame"
            raise TimelineError(
                f"the sequence counts {counted} timecode and the project runs at {self.rate} fps"
            )
        start = self.frames(seconds(sequence.get("tcStart"), "sequence tcStart"))
        spine = sequence.find("spine")
        if spine is not None:
            self.spine(spine, _Place(Fraction(0), Fraction(0)), "dialogue", True, 0, ())
        edit = EditTimeline(FORMAT, title, self.rate, start)
        tracks: dict[str, EditTrack] = {}
        for found in self.found:
            clip = self.clip(found)
            if clip is None:
                continue
            track = tracks.get(found.role)
            if track is None:
                track = tracks[found.role] = EditTrack(f"A{len(tracks) + 1}", name=text_field(found.role))
            track.clips.append(clip)
        for track in tracks.values():
            track.clips.sort(key=lambda c: (c.record_in, c.record_out))
        edit.tracks = list(tracks.values())
        return edit

    def _format_rate(self, sequence: Any) -> Fraction:
        fmt = self.resources.get(sequence.get("format"))
        duration = seconds(fmt.get("frameDuration") if fmt is not None else None, "sequence format")
        if duration <= 0:
            raise TimelineError("fcpxml: the sequence's format gives no frame duration (frameDuration)")
        return 1 / duration if (1 / duration).denominator in (1, 1001) else exact_rate(float(1 / duration))

    def frames(self, at: Fraction) -> int:
        frames = seconds_to_frames(at, self.rate)
        if abs(frames) > self.limit:
            raise TimelineError("fcpxml: a time beyond the longest timeline read (1,000 hours)")
        return frames

    def spine(
        self, spine: Any, place: _Place, role: str, enabled: bool, depth: int, path: tuple[str, ...]
    ) -> None:
        """A storyline's items one after another; the clips either side of a transition sound through
        it (the outgoing to its end, the incoming from its start)."""
        previous: _Found | None = None
        lead_in: Fraction | None = None
        for item in spine:
            if item.tag == "transition":
                at = place.absolute(seconds(item.get("offset"), "transition offset"))
                end = at + seconds(item.get("duration"), "transition duration")
                if previous is not None:
                    previous.end = max(previous.end, end)
                lead_in, previous = at, None
                continue
            if item.tag not in _CLIPS:
                continue
            previous = self.item(item, place, role, enabled, depth, path)
            if previous is not None and lead_in is not None:
                previous.start = min(previous.start, lead_in)
            lead_in = None

    def item(
        self,
        item: Any,
        place: _Place,
        role: str,
        enabled: bool,
        depth: int,
        path: tuple[str, ...],
        offset: str | None = None,
    ) -> _Found | None:
        """Read one story element and what it holds; returns its own sound, if it has one."""
        if depth > _NESTING_MAX:
            raise TimelineError(f"fcpxml: storylines and compound clips nested more than {_NESTING_MAX} deep")
        if item.tag == "audition":  # only its first child, the pick, plays
            pick = next((child for child in item if child.tag in _CLIPS), None)
            if pick is None:
                return None
            return self.item(pick, place, role, enabled, depth + 1, path, item.get("offset"))
        at = place.absolute(seconds(offset or item.get("offset"), f"{item.tag} offset"))
        duration = seconds(item.get("duration"), f"{item.tag} duration")
        own = place.inside(_Place(at, seconds(item.get("start"), f"{item.tag} start")))
        enabled = enabled and item.get("enabled", "1") != "0"
        role = self._role(item) or role
        sound = None
        if item.tag in ("asset-clip", "audio") and self._has_audio(item):
            sound = self.emit(item, own, duration, role, enabled)
        if item.tag == "ref-clip":
            self._compound(
                item, own.inside(_Place(at, own.local, at, at + duration)), role, enabled, depth, path
            )
        for child in item:
            if child.tag == "spine":
                storyline = own.inside(
                    _Place(own.absolute(seconds(child.get("offset"), "spine offset")), Fraction(0))
                )
                self.spine(child, storyline, self._role(child) or role, enabled, depth + 1, path)
            elif child.tag in _CLIPS:
                self.item(child, own, role, enabled, depth + 1, path)
        return sound

    def _compound(
        self, item: Any, own: _Place, role: str, enabled: bool, depth: int, path: tuple[str, ...]
    ) -> None:
        """A compound clip: its media's sequence, the ref-clip's ``start`` at its beginning, trimmed."""
        media_id = item.get("ref", "")
        media = self.resources.get(media_id)
        sequence = media.find("sequence") if media is not None else None
        inner = sequence.find("spine") if sequence is not None else None
        if sequence is None or inner is None or media_id in path:  # one that holds itself: read once
            return
        local = seconds(item.get("start") or sequence.get("tcStart"), "ref-clip start")
        self.spine(inner, _Place(own.at - local, Fraction(0), own.low, own.high), role, enabled, depth + 1,
                   (*path, media_id))  # fmt: skip

    def _role(self, item: Any) -> str | None:
        """The main audio role ``item`` states: its channels' (``audio-channel-source``, the more
        specific), else its own ``audioRole`` (``role`` on an ``audio``); None to inherit."""
        sources = (c for c in item if c.tag in _ROLE_SOURCES and c.get("role"))
        source = next(
            (c for c in sources if c.get("active", "1") != "0" and c.get("enabled", "1") != "0"), None
        )
        found = source.get("role") if source is not None else None
        found = found or item.get("audioRole") or (item.get("role") if item.tag == "audio" else None)
        return str(found).split(".")[0].strip() or None if found else None

    def _has_audio(self, item: Any) -> bool:
        if item.tag == "audio":
            return True
        asset = self.resources.get(item.get("ref"))
        return asset is not None and asset.get("hasAudio", "0") == "1"

    def emit(self, item: Any, place: _Place, duration: Fraction, role: str, enabled: bool) -> _Found:
        if len(self.found) >= MAX_CLIPS:
            raise TimelineError(f"more than {MAX_CLIPS:,} clips: not an editor's timeline this reader takes")
        asset = self.resources.get(item.get("ref"))
        name = item.get("name", "") or (asset.get("name", "") if asset is not None else "")
        found = _Found(role or "dialogue", place.at, place.at + duration, place.low, place.high,
                       text_field(name), _file_name(asset), place.local, enabled)  # fmt: skip
        self.found.append(found)
        return found

    def clip(self, found: _Found) -> EditClip | None:
        """The clip as heard: held to its compound clip's trim; None when nothing of it is left."""
        start = found.start if found.low is None else max(found.start, found.low)
        end = found.end if found.high is None else min(found.end, found.high)
        if end <= start:
            return None
        source_in = found.source_in + (start - found.start)
        return EditClip(
            record_in=self.frames(start),
            record_out=self.frames(end),
            name=found.name,
            source=found.source,
            source_in=self.frames(source_in),
            source_out=self.frames(source_in + (end - start)),
            enabled=found.enabled,
        )


def _file_name(asset: Any) -> str:
    if asset is None:
        return ""
    source = asset.get("src") or next((r.get("src") for r in asset.iter("media-rep") if r.get("src")), "")
    if not source:
        return ""
    return file_name(source)
