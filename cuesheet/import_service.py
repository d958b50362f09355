"""Importing into a project, shared by the command line and the app: a file is recognised by its
content — a cue-sheet CSV (project_service.import_csv) or an editor's timeline, whose music clips
become cues (domain.timeline_cues plans them, domain.timeline_import makes the one command)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuesheet.domain.timecode import format_timecode
from cuesheet.project_service import film_link, opened, read_project
from cuesheet.store.errors import ProjectError

if TYPE_CHECKING:
    from cuesheet.domain.conform import ConformPlan
    from cuesheet.domain.edit import EditTimeline
    from cuesheet.domain.merge import MergePlan
    from cuesheet.domain.project import Project
    from cuesheet.domain.timecode import FrameRate
    from cuesheet.domain.timeline_cues import TimelinePlan

_CSV_HEADER_START = "Seq,Cue #,Title,"


def is_cue_sheet_csv(path: Path) -> bool:
    """Whether ``path`` is read as a cue-sheet CSV: it starts with its header row, or it is named
    ``.csv`` and its start shows no timeline (the CSV reader then says what is wrong with it)."""
    from cuesheet.interchange.timelines import sniff

    try:
        with open(path, "rb") as file:  # a regular file: callers check before (pipes never get here)
            head = file.read(4096)
    except OSError:
        return False
    text = head.decode("utf-8-sig", errors="replace").lstrip().replace('"', "")
    return text.startswith(_CSV_HEADER_START) or (path.suffix.lower() == ".csv" and sniff(head) is None)


@dataclass(slots=True)
class TimelineImport:
    plan: TimelinePlan
    added: int  # cues added (0 for a dry run)


def is_timeline(path: Path) -> bool:
    """Whether a file dropped on the window looks like an editor's timeline (by its start)."""
    from cuesheet.interchange.timelines import sniff

    if path.suffix.lower() in TIMELINE_SUFFIXES:
        return True
    try:
        with open(path, "rb") as file:
            head = file.read(4096)
    except OSError:
        return False
    return sniff(head) not in (None, "xml")


@dataclass(slots=True)
class SheetImport:
    sheet: Project  # the sheet as read from the file
    plan: MergePlan | None  # how it merges into the project; None: the project is made from it
    done: bool  # False for a dry run


def is_sheet_json(path: Path) -> bool:
    """Whether ``path`` is a sheet exported as JSON (by its start)."""
    from cuesheet.interchange.sheet_json import is_sheet_json as looks_like

    try:
        with open(path, "rb") as file:
            return looks_like(file.read(4096), path.suffix)
    except OSError:
        return False


def import_sheet(path: Path, file: Path, dry_run: bool = False, break_lock: bool = False) -> SheetImport:
    """A sheet exported as JSON: a new project made from it whole (header, settings, every entity
    with its id) when ``path`` does not exist, else merged into it as one edit (``merge``:
    conflicting cues keep the project's own)."""
    from cuesheet.project_service import merge_project, read_sheet_or_project
    from cuesheet.store.project_file import ProjectFile

    sheet = read_sheet_or_project(file)
    if path.exists():
        return SheetImport(sheet, merge_project(path, sheet, dry_run=dry_run, break_lock=break_lock),
                           not dry_run)  # fmt: skip
    if not dry_run:
        ProjectFile.create(path, sheet).close()
    return SheetImport(sheet, None, not dry_run)


TIMELINE_SUFFIXES = (".edl", ".xml", ".fcpxml", ".fcpxmld", ".aaf", ".otio", ".otioz")


def read_editor_timeline(file: Path, rate: FrameRate) -> EditTimeline:
    """The timeline in ``file`` at the project's ``rate``; ProjectError as ``FILE: reason``."""
    from cuesheet.domain.edit import TimelineError
    from cuesheet.interchange.timelines import read_timeline

    try:
        return read_timeline(file, rate)
    except TimelineError as error:
        raise ProjectError(f"{file}: {error}") from None


def plan_timeline(
    project: Project, file: Path, tracks: Iterable[str] = (), join_gap: int = 0
) -> TimelinePlan:
    """What ``file`` would add to ``project``. Raises ProjectError as ``FILE: reason``."""
    return _planned(project, read_editor_timeline(file, project.production.rate), file, tracks, join_gap)


def _planned(
    project: Project, timeline: EditTimeline, file: Path, tracks: Iterable[str], join_gap: int
) -> TimelinePlan:
    from cuesheet.domain.limits import max_frames
    from cuesheet.domain.timeline_cues import choose_tracks, plan_cues
    from cuesheet.domain.timeline_import import covered

    if not 0 <= join_gap <= max_frames(project.production.rate.rate):
        raise ProjectError(f"the join gap must be 0 or more frames, not {join_gap}")
    try:
        chosen = choose_tracks(timeline, tracks)
    except ValueError as error:
        raise ProjectError(f"{file}: {error}") from None
    return plan_cues(timeline, chosen, join_gap, covered(project))


def import_timeline(
    path: Path,
    file: Path,
    tracks: Collection[str] = (),
    join_gap: int = 0,
    dry_run: bool = False,
    break_stale_lock: bool = False,
) -> TimelineImport:
    """Add the music clips of an editor's timeline to the project as cues (one edit). The file is
    read before the project is locked: a slow or refused file never holds the project."""
    from cuesheet.domain.history import Document
    from cuesheet.domain.timeline_import import timeline_import_command
    from cuesheet.store import backups

    before = read_project(path, parts=("cues",))  # the rate, and the cues an earlier import made
    timeline = read_editor_timeline(file, before.production.rate)  # read once, before the lock
    plan = _planned(before, timeline, file, tracks, join_gap)
    if dry_run or not plan.cues:
        return TimelineImport(plan, 0)
    with opened(path, read_only=False, break_stale_lock=break_stale_lock) as (sheet, project):
        plan = _planned(project, timeline, file, tracks, join_gap)  # against the project as it is now
        command = timeline_import_command(project, plan, file.name)
        if command.cues:
            backups.take(path, sheet.save_copy)
            Document(project, sheet).execute(command)
        return TimelineImport(plan, len(command.cues))


def plan_json(plan: TimelinePlan) -> dict[str, Any]:
    """``import --dry-run --json``: the tracks read and the cues they would make."""
    timeline, rate = plan.timeline, plan.timeline.rate
    used = {t.label for t in plan.tracks}
    return {
        "format": timeline.format,
        "title": timeline.title,
        "rate": str(rate),
        "start_timecode": format_timecode(timeline.start_frame, rate),
        "tracks": [
            {"id": t.label, "name": t.name, "clips": len(t.clips), "used": t.label in used}
            for t in timeline.audio
        ],
        "cues": [
            {
                "title": cue.title,
                "source": cue.source,
                "origin": cue.origin.value,
                "tracks": list(cue.tracks),
                "tc_in": format_timecode(cue.start, rate),
                "tc_out": format_timecode(cue.end, rate),
                "clips": cue.clips,
            }
            for cue in plan.cues
        ],
        "left_out": dict(plan.left_out),
        "notes": list(timeline.notes),
    }


def plan_summary(plan: TimelinePlan) -> list[str]:
    """What a person reads after an import: the format, the tracks read, what was left out and why."""
    timeline = plan.timeline
    count = len(plan.tracks)
    labels = track_ranges([t.label for t in plan.tracks])
    read = (
        f"music read from {count} track{'' if count == 1 else 's'} ({labels})"
        if count
        else "it holds no audio track"
    )
    lines = [f"{timeline.format} at {timeline.rate} fps; {read}"]
    lines += [f"left out: {count} {reason}" for reason, count in sorted(plan.left_out.items())]
    return lines + [f"note: {note}" for note in timeline.notes]


def track_ranges(labels: list[str]) -> str:
    """``A1–A8, A11, A13–A14``: a 40-track session's labels fit a line. Runs of ``A<n>`` that
    follow one another are joined; any other label stands as it is, in the timeline's order."""
    parts: list[str] = []
    run: list[int] = []

    def close() -> None:
        if run:
            parts.append(f"A{run[0]}" if len(run) == 1 else f"A{run[0]}–A{run[-1]}")
            run.clear()

    for label in labels:
        number = label[1:] if label[:1] == "A" else ""
        if number.isdecimal() and len(number) < 6 and (not run or int(number) == run[-1] + 1):
            run.append(int(number))
            continue
        close()
        if number.isdecimal() and len(number) < 6:
            run.append(int(number))
        else:
            parts.append(label)
    close()
    return ", ".join(parts)


def conform(
    path: Path,
    old: Path,
    new: Path,
    apply: bool = False,
    media: Path | None = None,
    break_stale_lock: bool = False,
) -> ConformPlan:
    """Plan (and with ``apply`` make, as one edit) the project's move from the cut in ``old`` to the
    cut in ``new``; ``media``: the new cut's film, linked in the same edit."""
    from cuesheet.domain.conform import conform_command, plan_conform
    from cuesheet.domain.history import Document
    from cuesheet.store import backups

    header = read_project(path, parts=())  # the rate, and the film link a new film replaces
    rate = header.production.rate
    old_cut, new_cut = read_editor_timeline(old, rate), read_editor_timeline(new, rate)
    if not apply:
        return plan_conform(read_project(path), old_cut, new_cut)
    film = film_link(path, media, header.media) if media is not None else None
    with opened(path, read_only=False, break_stale_lock=break_stale_lock) as (sheet, project):
        plan = plan_conform(project, old_cut, new_cut)
        command = conform_command(project, plan, new.name)
        if film is not None:
            from cuesheet.domain.commands import Group, SetMedia

            command = Group(command.text, [command, SetMedia(film)])
        backups.take(path, sheet.save_copy)
        Document(project, sheet).execute(command)
        return plan


def conform_json(plan: ConformPlan, rate: FrameRate) -> list[dict[str, Any]]:
    """``conform --json``: one object per cue (per piece of a split cue), in sheet order."""
    rows: list[dict[str, Any]] = []
    for seq, item in enumerate(plan.cues, 1):
        old = {
            "old_in": format_timecode(item.cue.start, rate),
            "old_out": format_timecode(item.cue.end, rate),
        }
        pieces: list[tuple[str | None, str | None]] = [
            (format_timecode(start, rate), format_timecode(end, rate)) for start, end in item.new
        ]
        for new_in, new_out in pieces or [(None, None)]:
            rows.append({"seq": seq, "cue": item.cue.number, "status": item.status.value, **old,
                         "new_in": new_in, "new_out": new_out})  # fmt: skip
    return rows
