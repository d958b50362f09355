"""From an editor's timeline to cues: which tracks are music, which clips are one cue, what each cue
is called and where it stands. Pure planning: nothing changes until the plan becomes one command.

- Tracks: those named like music (MX, MUS, MUSIC, SCORE, SONG, an FCPXML ``music`` role) when the file
  names any, else every audio track; the user may choose by label (``A3``) or name.
- Copies of one clip on several tracks (a stereo pair, A3/A4: same source, same record range) are one
  clip. Clips of one source (its file's name, else the clip's name) that touch or overlap in record
  time, on any chosen track, are one cue; a gap longer than ``join_gap`` frames starts another.
  Different sources never join. Disabled and muted clips, and clips on muted tracks, are left out and
  counted.
- A cue runs from its first clip's record in to its last clip's record out; its title is the source
  file's name (else the clip's name) without its extension; it is score when a track it stands on is
  named like score, else licensed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from cuesheet.domain.edit import EditClip, EditTimeline, EditTrack
from cuesheet.domain.usage import Origin

_MUSIC_WORDS = re.compile(r"(?<![A-Z])(?:MX|MUS|MUSIC|SCORE|SONGS?)(?![A-Z])", re.IGNORECASE)
_SCORE_WORDS = re.compile(r"(?<![A-Z])SCORE(?![A-Z])", re.IGNORECASE)
_EXTENSION = re.compile(
    r"\.(?:wav|wave|aif|aiff|aifc|mp3|m4a|aac|flac|ogg|bwf|mxf|mov|mp4|caf)$", re.IGNORECASE
)

LEFT_DISABLED = "disabled or muted clips"
LEFT_MUTED_TRACK = "clips on muted tracks"
LEFT_COVERED = "clips already covered by a cue of the same source"


@dataclass(frozen=True, slots=True)
class PlannedCue:
    start: int
    end: int  # exclusive
    title: str
    source: str  # what joins clips: the file's name, else the clip's name
    file: str  # the source file's name ("" when the format gives none)
    clip: str  # the first clip's name
    tracks: tuple[str, ...]  # labels, in the timeline's order
    clips: int  # clips joined into this cue (copies on other tracks counted once)
    origin: Origin


@dataclass(slots=True)
class TimelinePlan:
    timeline: EditTimeline
    tracks: list[EditTrack]  # the tracks read for music
    cues: list[PlannedCue] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)  # reason -> clips


def is_music_track(track: EditTrack) -> bool:
    return bool(_MUSIC_WORDS.search(track.name))


def choose_tracks(timeline: EditTimeline, wanted: Iterable[str] = ()) -> list[EditTrack]:
    """The audio tracks to read: ``wanted`` (labels or names, any case) when given, else the music
    tracks when the file names any, else all of them. Raises ValueError naming an unknown track."""
    audio = timeline.audio
    chosen = [w.strip() for w in wanted if w.strip()]
    if chosen:
        tracks: list[EditTrack] = []
        for want in chosen:
            found = [t for t in audio if want.casefold() in (t.label.casefold(), t.name.casefold())]
            if not found:
                names = ", ".join(f"{t.label} {t.name}".strip() for t in audio) or "none"
                raise ValueError(f"no audio track {want!r} in the timeline (its tracks: {names})")
            tracks += [t for t in found if t not in tracks]
        return [t for t in audio if t in tracks]
    music = [t for t in audio if is_music_track(t)]
    return music or audio


def title_of(clip: EditClip) -> str:
    """The source file's name, else the clip's (often the file's name too), without an audio or
    video file's extension: a cue sheet's title is the song's, not the file's."""
    name = (clip.source or clip.name).strip()
    return _EXTENSION.sub("", name).strip() or name


def plan_cues(
    timeline: EditTimeline,
    tracks: list[EditTrack],
    join_gap: int = 0,
    covered: Iterable[tuple[str, int, int]] = (),
) -> TimelinePlan:
    """The cues the clips on ``tracks`` make. ``covered``: (source, start, end) of cues the project
    already has from this timeline; a clip inside one of the same source is reported, not doubled."""
    plan = TimelinePlan(timeline, tracks)
    order = {t.label: index for index, t in enumerate(timeline.tracks)}
    copies: dict[tuple[str, int, int], set[str]] = {}  # one clip however many tracks carry it
    names: dict[tuple[str, int, int], EditClip] = {}
    scored: set[tuple[str, int, int]] = set()
    for track in tracks:
        for clip in track.clips:
            if track.muted:
                plan.left_out[LEFT_MUTED_TRACK] += 1
                continue
            if not clip.enabled:
                plan.left_out[LEFT_DISABLED] += 1
                continue
            if clip.record_out <= clip.record_in or not clip.key:
                continue
            key = (clip.key, clip.record_in, clip.record_out)
            copies.setdefault(key, set()).add(track.label)
            names.setdefault(key, clip)
            if _SCORE_WORDS.search(track.name):
                scored.add(key)
    existing: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for source, start, end in covered:
        existing[source].append((start, end))
    by_source: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for key in copies:
        if any(start <= key[1] and key[2] <= end for start, end in existing.get(key[0], ())):
            plan.left_out[LEFT_COVERED] += 1
            continue
        by_source[key[0]].append(key)
    for source, keys in by_source.items():
        keys.sort(key=lambda k: (k[1], k[2]))
        group, end = [keys[0]], keys[0][2]
        for key in keys[1:]:
            if key[1] <= end + max(0, join_gap):  # touching, overlapping, or within the join gap
                group.append(key)
                end = max(end, key[2])
            else:
                plan.cues.append(_cue(source, group, copies, names, scored, order))
                group, end = [key], key[2]
        plan.cues.append(_cue(source, group, copies, names, scored, order))
    plan.cues.sort(key=lambda c: (c.start, c.end, c.title))
    return plan


def _cue(
    source: str,
    group: list[tuple[str, int, int]],
    copies: dict[tuple[str, int, int], set[str]],
    names: dict[tuple[str, int, int], EditClip],
    scored: set[tuple[str, int, int]],
    order: dict[str, int],
) -> PlannedCue:
    labels = set().union(*(copies[k] for k in group))
    origin = Origin.SCORE if any(k in scored for k in group) else Origin.LICENSED
    return PlannedCue(
        start=group[0][1],
        end=max(k[2] for k in group),
        title=title_of(names[group[0]]),
        source=source,
        file=names[group[0]].source,
        clip=names[group[0]].name,
        tracks=tuple(sorted(labels, key=lambda label: order.get(label, 0))),
        clips=len(group),
        origin=origin,
    )
