"""Importing into a project, shared by the command line and the app: a file is recognised by its
content — a cue-sheet CSV (project_service.import_csv) or an editor's timeline, whose music clips
become cues (domain.timeline_cues plans them, domain.timeline_import makes the one command)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuesheet.domain.timecode import format_timecode
from cuesheet.project_service import opened, read_project
from cuesheet.store.errors import ProjectError

if TYPE_CHECKING:
    from cuesheet.domain.conform import ConformPlan
    from cuesheet.domain.edit import EditTimeline
    from cuesheet.domain.project import MediaRef, Project
    from cuesheet.domain.spotting_cues import Proposal
    from cuesheet.domain.timecode import FrameRate
    from cuesheet.domain.timeline_cues import TimelinePlan
    from cuesheet.domain.usage import Origin
    from cuesheet.domain.validation import Finding

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
    from cuesheet.domain.limits import max_frames
    from cuesheet.domain.timeline_cues import choose_tracks, plan_cues
    from cuesheet.domain.timeline_import import covered

    if not 0 <= join_gap <= max_frames(project.production.rate.rate):
        raise ProjectError(f"the join gap must be 0 or more frames, not {join_gap}")
    timeline = read_editor_timeline(file, project.production.rate)
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

    plan = plan_timeline(read_project(path), file, tracks, join_gap)
    if dry_run or not plan.cues:
        return TimelineImport(plan, 0)
    with opened(path, read_only=False, break_stale_lock=break_stale_lock) as (sheet, project):
        plan = plan_timeline(project, file, tracks, join_gap)  # as it is now, under the lock
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
    labels = " ".join(t.label for t in plan.tracks)
    read = f"music read from {labels}" if labels else "it holds no audio track"
    lines = [f"{timeline.format} at {timeline.rate} fps; {read}"]
    lines += [f"left out: {count} {reason}" for reason, count in sorted(plan.left_out.items())]
    return lines + [f"note: {note}" for note in timeline.notes]


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

    rate = read_project(path, parts=()).production.rate
    old_cut, new_cut = read_editor_timeline(old, rate), read_editor_timeline(new, rate)
    if not apply:
        return plan_conform(read_project(path), old_cut, new_cut)
    film = _film(path, media) if media is not None else None
    with opened(path, read_only=False, break_stale_lock=break_stale_lock) as (sheet, project):
        plan = plan_conform(project, old_cut, new_cut)
        command = conform_command(project, plan, new.name)
        if film is not None:
            from cuesheet.domain.commands import Group, SetMedia

            command = Group(command.text, [command, SetMedia(film)])
        backups.take(path, sheet.save_copy)
        Document(project, sheet).execute(command)
        return plan


def _film(path: Path, media: Path) -> MediaRef:
    from cuesheet.media.probe import probe
    from cuesheet.store.media_link import media_ref

    return media_ref(probe(media), path)


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


@dataclass(slots=True)
class Spotted:
    proposals: list[Proposal]
    recordings: int  # how many were listened for
    added: int  # cues made (0 without apply)


def spot_recordings(
    path: Path,
    audio: Collection[Path],
    min_length_s: float = 3.0,
    apply: bool = False,
    origin: Origin | None = None,
    break_stale_lock: bool = False,
) -> Spotted:
    """Where the recordings in ``audio`` (files or folders) play in the project's film; with
    ``apply``, each finding becomes a cue (one edit). Reading and listening come before the lock."""
    from cuesheet.domain.spotting_cues import spotting_command
    from cuesheet.domain.usage import Origin
    from cuesheet.store.media_link import locate_media

    project = read_project(path)
    film = locate_media(project.media, path)
    if film is None:
        media = project.media
        linked = "no film is linked" if media is None else f"its film is not found ({media.path})"
        raise ProjectError(f"{path}: {linked}; link the film to listen to it")
    proposals, listened = listen(project, film, audio, min_length_s, cache=listening_cache())
    if not apply or not proposals:
        return Spotted(proposals, listened, 0)
    from cuesheet.domain.history import Document
    from cuesheet.store import backups

    with opened(path, read_only=False, break_stale_lock=break_stale_lock) as (sheet, current):
        command = spotting_command(current, proposals, origin or Origin.LICENSED)
        backups.take(path, sheet.save_copy)
        Document(current, sheet).execute(command)
    return Spotted(proposals, listened, len(command.cues))


def listen(
    project: Project,
    film: Path,
    audio: Collection[Path],
    min_length_s: float = 3.0,
    progress: Callable[[float], None] | None = None,
    cache: Path | None = None,
) -> tuple[list[Proposal], int]:
    """The recordings in ``audio`` found in ``film``, as proposed cues of ``project``, and how many
    recordings were listened for. ``progress`` hears the fraction done (the film counts as five);
    ``cache``: the folder where analyses are kept between runs (media.analysis_cache)."""
    from cuesheet.domain.spotting_cues import Proposal
    from cuesheet.media.analysis_cache import analysis_of
    from cuesheet.media.probe import MediaError
    from cuesheet.media.recordings import audio_files, tags
    from cuesheet.media.spotting import spot

    files = audio_files(audio)
    if not files:
        raise ProjectError("no audio files (WAV, AIFF, FLAC, MP3, M4A, …) in what was named")
    steps = len(files) + 5
    library, usable = [], []
    for done, file in enumerate(files):
        try:  # a broken file in a library folder is passed over, not the end of the run
            library.append(analysis_of(file, cache, max_seconds=3600))
            usable.append(file)
        except MediaError:
            pass
        if progress:
            progress(done / steps)
    if not usable:
        raise ProjectError(f"none of the {len(files)} audio file(s) named could be read")
    files = usable
    findings = spot(analysis_of(film, cache), library, min_length_s)
    if progress:
        progress(1.0)
    rate, first = project.production.rate, project.production.start_frame
    proposals = []
    for finding in findings:
        file = files[finding.recording]
        found = tags(file)
        start = first + round(finding.start * float(rate.rate))  # snapped to the nearest frame
        end = max(start + 1, first + round(finding.end * float(rate.rate)))
        proposals.append(Proposal(start, end, str(file.resolve()), found.title, found.artist, found.isrc,
                                  round(finding.confidence, 3), round(finding.offset, 2)))  # fmt: skip
    return proposals, len(files)


def listening_cache() -> Path | None:
    """Where analyses are kept: the user data folder's ``listening`` (None when it has none)."""
    from cuesheet.paths import user_data_dir

    try:
        return user_data_dir() / "listening"
    except OSError:
        return None


def spotted_json(spotted: Spotted, rate: FrameRate) -> list[dict[str, Any]]:
    """``spot --json``: reference (the path), title, tc_in, tc_out, offset_s, confidence."""
    return [
        {"reference": p.file, "title": p.title, "tc_in": format_timecode(p.start, rate),
         "tc_out": format_timecode(p.end, rate), "offset_s": p.offset_s, "confidence": p.confidence}
        for p in spotted.proposals
    ]  # fmt: skip


def check_by_ear(path: Path) -> list[Finding]:
    """NOT_HEARD and HEARD_ELSEWHERE for the cues whose recording file is on this machine: each
    such recording listened for in the project's film (analyses kept as spotting keeps them)."""
    from cuesheet.domain.by_ear import by_ear
    from cuesheet.domain.sheet import Sheet
    from cuesheet.media.analysis_cache import analysis_of
    from cuesheet.media.spotting import spot
    from cuesheet.store.media_link import locate_media

    project = read_project(path)
    film = locate_media(project.media, path)
    if film is None:
        raise ProjectError(f"{path}: its film is not found; link the film to check the cues by ear")
    files = sorted({c.recording_file for c in project.cues.values() if c.recording_file})
    present = [f for f in files if Path(f).is_file()]
    if not present:
        return []
    cache = listening_cache()
    film_analysis = analysis_of(film, cache)
    rate, first = project.production.rate, project.production.start_frame
    heard: dict[str, list[tuple[int, int]]] = {}
    for file in present:
        found = spot(film_analysis, [analysis_of(Path(file), cache, max_seconds=3600)], min_length_s=1.0)
        heard[file] = [(first + round(f.start * float(rate.rate)), first + round(f.end * float(rate.rate)))
                       for f in found]  # fmt: skip
    return by_ear(Sheet.of(project).lines, heard, rate)
