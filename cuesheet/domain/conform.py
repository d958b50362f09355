"""Re-conform: the cues follow the picture from the cut they were spotted on to a new cut.

Each cut's picture is its video events flattened to what is on screen (the topmost enabled clip at
each frame), each shot being a source (its reel, else its file, else its clip name) from a source
frame. A cue's frames are traced through the old cut's shots to their source frames, and found
again wherever the new cut shows those source frames. The cue comes out:

- **unchanged**: the same frames, in the same place;
- **moved**: all of it, in one piece, elsewhere;
- **trimmed**: part of its picture was cut (one piece, shorter);
- **split**: its picture now stands in two or more places: one cue each, all flagged;
- **removed**: none of its picture is left: kept where it was, flagged, never deleted.

Frames of a cue with no picture under them in the old cut (black, a gap) cannot be traced and are
lost like cut frames. Music clips of the new cut that no conformed cue overlaps are proposed as new
cues (domain.timeline_cues). Applying is one command; the user may hold back any cue's change, which
leaves it where it was, flagged. Flags are the cue's Conform note, which validation reports until
the user clears it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from cuesheet.domain.choice import Choice
from cuesheet.domain.commands import AddCues, Command, EditCue, Group
from cuesheet.domain.cue import Cue
from cuesheet.domain.cue_numbers import inserted_number
from cuesheet.domain.edit import EditTimeline, TrackKind
from cuesheet.domain.project import Project
from cuesheet.domain.rights import new_id
from cuesheet.domain.timeline_cues import TimelinePlan, choose_tracks, plan_cues


class Status(Choice):
    UNCHANGED = "unchanged"
    MOVED = "moved"
    TRIMMED = "trimmed"
    SPLIT = "split"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class Shot:
    """Record frames [start, end) of a cut show ``key`` from source frame ``source_in``."""

    start: int
    end: int
    key: str
    source_in: int


@dataclass(slots=True)
class Conformed:
    cue: Cue
    status: Status
    new: list[tuple[int, int]]  # where its picture now stands, in record order ([] when removed)


@dataclass(slots=True)
class ConformPlan:
    cues: list[Conformed]
    proposed: TimelinePlan  # the new cut's music no conformed cue overlaps
    counts: dict[Status, int] = field(default_factory=dict)

    def changes(self) -> list[Conformed]:
        return [c for c in self.cues if c.status is not Status.UNCHANGED]


def picture(timeline: EditTimeline) -> list[Shot]:
    """What the cut shows, frame by frame: the topmost enabled video clip with source times."""
    layers = [t for t in timeline.tracks if t.kind is TrackKind.VIDEO and not t.muted]
    edges: set[int] = set()
    entries: list[tuple[int, int, int, str, int]] = []  # depth, record in, out, key, source in
    for depth, track in enumerate(layers):
        for clip in track.clips:
            key = clip.reel or clip.source or clip.name
            if clip.enabled and key and clip.source_in is not None and clip.record_out > clip.record_in:
                entries.append((depth, clip.record_in, clip.record_out, key, clip.source_in))
                edges.update((clip.record_in, clip.record_out))
    points = sorted(edges)
    on_top: dict[int, tuple[int, int, int, str, int]] = {}  # elementary span start -> topmost entry
    for entry in entries:
        for index in range(bisect_right(points, entry[1]) - 1, len(points) - 1):
            if points[index] >= entry[2]:
                break
            held = on_top.get(points[index])
            if held is None or entry[0] >= held[0]:
                on_top[points[index]] = entry
    shots: list[Shot] = []
    for index, start in enumerate(points[:-1]):
        found = on_top.get(start)
        if found is None:
            continue
        _, record_in, _, key, source_in = found
        at = Shot(start, points[index + 1], key, source_in + (start - record_in))
        last = shots[-1] if shots else None
        if (
            last
            and last.key == key
            and last.end == start
            and last.source_in + (start - last.start) == at.source_in
        ):
            shots[-1] = replace(last, end=at.end)  # one shot cut by an edge on a track below
        else:
            shots.append(at)
    return shots


class Tracer:
    """Where frames of the old cut stand in the new one."""

    def __init__(self, old: list[Shot], new: list[Shot]) -> None:
        self.old, self.starts = old, [s.start for s in old]
        self.by_key: dict[str, list[Shot]] = defaultdict(list)
        for shot in new:
            self.by_key[shot.key].append(shot)

    def trace(self, start: int, end: int) -> list[tuple[int, int]]:
        """The new cut's record ranges showing the picture of old record frames [start, end),
        merged where they touch, in record order."""
        found: list[tuple[int, int]] = []
        for index in range(max(0, bisect_right(self.starts, start) - 1), len(self.old)):
            shot = self.old[index]
            if shot.start >= end:
                break
            a, b = max(start, shot.start), min(end, shot.end)
            if a >= b:
                continue
            source_a = shot.source_in + (a - shot.start)
            source_b = source_a + (b - a)
            for other in self.by_key.get(shot.key, ()):
                other_end = other.source_in + (other.end - other.start)
                low, high = max(source_a, other.source_in), min(source_b, other_end)
                if low < high:
                    found.append(
                        (other.start + (low - other.source_in), other.start + (high - other.source_in))
                    )
        found.sort()
        merged: list[tuple[int, int]] = []
        for a, b in found:
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
        return merged


def plan_conform(project: Project, old: EditTimeline, new: EditTimeline) -> ConformPlan:
    """How every cue of ``project`` (spotted on ``old``) follows the picture into ``new``."""
    return plan_from_shots(project, picture(old), picture(new), plan_cues(new, choose_tracks(new)))


def plan_from_shots(
    project: Project, old: list[Shot], new: list[Shot], proposed: TimelinePlan
) -> ConformPlan:
    """The conform of ``project``'s cues from the cut ``old`` shows to the cut ``new`` shows (shots of
    picture from the editor's timelines, or stretches of sound matched by listening); ``proposed``:
    the new cut's music, of which what no conformed cue overlaps is proposed."""
    tracer = Tracer(old, new)
    conformed = []
    for cue in sorted(project.cues.values(), key=lambda c: (c.start, c.end, c.id)):
        places = tracer.trace(cue.start, cue.end)
        conformed.append(Conformed(cue, _status(cue, places), places))
    kept = sorted(span for c in conformed for span in c.new)
    proposed.cues = [p for p in proposed.cues if not _overlaps(kept, p.start, p.end)]
    plan = ConformPlan(conformed, proposed)
    for item in conformed:
        plan.counts[item.status] = plan.counts.get(item.status, 0) + 1
    return plan


def seamless(shots: list[Shot], gap: int) -> list[Shot]:
    """Stretches of sound found in a new cut, with a hole of at most ``gap`` frames between one and
    the next closed where it is split in two: the sound at a cut is like neither side for the
    analysis window that straddles it, so two shots that meet leave a frame or so found in
    neither, and a cue across that cut was called split where its picture is whole."""
    out: list[Shot] = []
    furthest = -1  # the shot found so far that reaches furthest (shots may overlap)
    for shot in sorted(shots, key=lambda s: (s.start, s.end)):
        last = out[furthest] if out else None
        if last is not None and 0 < shot.start - last.end <= gap:
            middle = (last.end + shot.start + 1) // 2
            out[furthest] = Shot(last.start, middle, last.key, last.source_in)
            shot = Shot(middle, shot.end, shot.key, shot.source_in + middle - shot.start)
        out.append(shot)
        if last is None or shot.end > out[furthest].end:
            furthest = len(out) - 1
    return out


def _status(cue: Cue, places: list[tuple[int, int]]) -> Status:
    if not places:
        return Status.REMOVED
    if len(places) > 1:
        return Status.SPLIT
    start, end = places[0]
    if end - start != cue.end - cue.start:
        return Status.TRIMMED
    return Status.UNCHANGED if start == cue.start else Status.MOVED


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def _inserted(previous: str, numbers: list[str]) -> str:
    """The number of a piece split off after ``previous`` (1M03 -> 1M03A); "" when there is none."""
    try:
        return inserted_number(previous, numbers) if previous else ""
    except ValueError:  # not a spotting number, or no letter left
        return ""


NOTES = {
    Status.TRIMMED: "trimmed: part of its picture was cut",
    Status.SPLIT: "split: its picture now stands in {count} places",
    Status.REMOVED: "removed: none of its picture is in the new cut (kept where it was)",
}
HELD = "not conformed: kept where it was in the old cut ({status} in the new one)"


def conform_command(
    project: Project, plan: ConformPlan, cut_name: str, add_proposed: bool = True, held: Collection[str] = ()
) -> Command:
    """The edit that moves the cues as planned (one undo step), flags what needs a look, and adds the
    proposed cues (domain.timeline_import) when asked. ``held``: cues whose change the user did not
    accept; each stays where it was, flagged, since its timecodes are still the old cut's."""
    steps: list[Command] = []
    numbers = [c.number for c in project.cues.values()]
    for item in plan.changes():
        cue, places = item.cue, item.new
        note = NOTES.get(item.status, "").format(count=len(places))
        if cue.id in held:
            steps.append(EditCue(cue.id, conform_note=HELD.format(status=item.status.value)))
            continue
        if item.status is Status.REMOVED:
            steps.append(EditCue(cue.id, conform_note=note))
            continue
        (start, end), more = places[0], places[1:]
        steps.append(EditCue(cue.id, start=start, end=end, conform_note=note))
        copies, previous = [], cue.number
        for start, end in more:
            number = _inserted(previous, numbers)
            numbers.append(number)
            copies.append(replace(cue, start=start, end=end, number=number, conform_note=note, id=new_id()))
            previous = number or previous
        if copies:
            steps.append(AddCues(copies))
    if add_proposed and plan.proposed.cues:
        from cuesheet.domain.timeline_import import timeline_import_command

        steps.append(timeline_import_command(project, plan.proposed, cut_name))
    return Group(f"Conform to {cut_name}", steps)
