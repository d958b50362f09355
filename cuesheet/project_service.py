"""Use cases shared by the command line and the app: create, summarise, import, export."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuesheet.domain.agreements import coverage
from cuesheet.domain.project import MediaRef, Production, Project
from cuesheet.domain.sheet import Sheet
from cuesheet.domain.timecode import FrameRate, format_timecode, parse_timecode
from cuesheet.reports.formats import FORMATS, REVISED, reads
from cuesheet.reports.formats import render as render_format
from cuesheet.store.errors import ProjectError
from cuesheet.store.files import read_regular as _read
from cuesheet.store.files import refuse_special_file
from cuesheet.store.media_link import locate_media, media_ref
from cuesheet.store.project_file import ProjectFile

if TYPE_CHECKING:
    from cuesheet.domain.commands import AddCues
    from cuesheet.domain.merge import MergePlan
    from cuesheet.domain.validation import Finding

# Editing, importing, merging, probing and validating are imported by the functions that do them:
# info, check and export start a process each, and loading those layers was a tenth of `cuesheet info`.
DEFAULT_RATE = "24"
DEFAULT_START = "01:00:00:00"


def create_project(
    path: Path, title: str, rate: str | None, start_tc: str | None, media: Path | None,
    audio_stream: int | None = None,
) -> Project:  # fmt: skip
    """A new project file; rate and start default to the film's own when a film is given, and the
    sound stream listened to to a stream titled as music, else the first (``audio_stream``: this one)."""
    from cuesheet.media.probe import probe

    if not title.strip():
        raise ProjectError("the title must not be empty")
    info = probe(media) if media is not None else None
    frame_rate = FrameRate.parse(rate) if rate else (info.rate if info else FrameRate.parse(DEFAULT_RATE))
    if start_tc:
        start = parse_timecode(start_tc, frame_rate)
    elif info is not None and info.start_timecode and info.rate == frame_rate:
        start = info.start_frame
    else:
        start = parse_timecode(DEFAULT_START, frame_rate)
    link = media_ref(info, path) if info else None
    if audio_stream is not None:
        if info is None:
            raise ProjectError("--audio-stream chooses a stream of the film: give --media too")
        indexes = [s.index for s in info.audio_streams]
        if audio_stream not in indexes:
            listed = f"its sound streams are {', '.join(map(str, indexes))}" if indexes else "it has no sound"
            raise ProjectError(f"{media}: has no sound stream {audio_stream}; {listed} (cuesheet probe)")
        title = next(s.title for s in info.audio_streams if s.index == audio_stream)
        link = replace(link, audio_stream=audio_stream, audio_title=title) if link else None
    project = Project(
        Production(
            title=title.strip(),
            rate=frame_rate,
            start_frame=start,
            running_time=info.duration_frames if info else 0,
        ),
        media=link,
    )
    ProjectFile.create(path, project).close()
    return project


@contextmanager
def opened(
    path: Path, read_only: bool = True, break_stale_lock: bool = False, parts: Collection[str] | None = None
) -> Iterator[tuple[ProjectFile, Project]]:
    sheet, project = ProjectFile.open(
        path, read_only=read_only, break_stale_lock=break_stale_lock, parts=parts
    )
    try:
        yield sheet, project
    finally:
        sheet.close()


def film_link(path: Path, film: Path, like: MediaRef | None = None) -> MediaRef:
    """What the project at ``path`` keeps to find ``film`` again (probed: a file that is no film is
    refused as MediaError); ``like``: the link it replaces, whose sound stream it keeps by title."""
    from cuesheet.media.probe import probe

    return media_ref(probe(refuse_special_file(film)), path, like)


def read_project(path: Path, parts: Collection[str] | None = None) -> Project:
    """A project read and closed again (read only, no lock): for reports, checks and comparisons;
    ``parts``: only these of its collections (``ProjectFile.open``)."""
    with opened(path, parts=parts) as (_, project):
        return project


SUMMARY_READS = ("cues", "agreements")  # what ``summary`` needs: the sheet's lines, and coverage


def summary(path: Path) -> dict[str, Any]:
    """The facts ``cuesheet info`` prints; the JSON keys are a public contract."""
    with opened(path, parts=SUMMARY_READS) as (_, project):
        production = project.production
        found = locate_media(project.media, path)
        printed = Sheet.of(project)
        return {
            "title": production.title,
            "rate": production.rate.ratio,
            "drop_frame": production.rate.drop_frame,
            "start_timecode": format_timecode(production.start_frame, production.rate),
            "media": {
                "path": str(found or project.media.path) if project.media else None,
                "found": found is not None,
            },
            "audio_stream": project.media.audio_stream if project.media else None,
            "cues": len(project.cues),
            "music_duration_frames": printed.frames,
            # As the sheet prints it: the sum of the printed lines (domain.sheet), and per usage code.
            "music_printed_seconds": printed.total,
            "music_by_usage_seconds": {code.value: s for code, s in printed.by_usage.items()},
            "agreements": _agreements(project, printed),
            # Extra keys for the text form; JSON readers ignore them.
            "rate_label": str(production.rate),
            "music_duration": printed.total_text,
            "music_by_usage": printed.usage_text(),
        }


def _agreements(project: Project, printed: Sheet) -> list[dict[str, Any]]:
    """The composer agreements, each with the numbers of the score cues it covers."""
    covered = coverage(project, printed.cues()).by_agreement
    return [
        {"id": a.id, "composer": a.composer, "reference": a.reference, "date": a.date,
         "covers_all": a.covers_all, "notes": a.notes, "cues": [c.number for c in covered[a.id]]}
        for a in sorted(project.agreements.values(), key=lambda a: (a.date, a.composer, a.id))
    ]  # fmt: skip


def check(path: Path, profile: str | None = None) -> list[Finding]:
    """``profile``: a society profile's name (``Profile``) checked instead of the project's own."""
    from cuesheet.domain.validation import validate

    return validate(under_profile(read_project(path), profile))


def under_profile(project: Project, profile: str | None) -> Project:
    """``project`` checked or printed under the society profile named ``profile`` (``Profile``'s
    value) instead of its own; as it is for None."""
    if profile is not None:
        from cuesheet.domain.profiles import Profile

        project.settings = replace(project.settings, profile=Profile(profile))
    return project


def csv_import_command(
    project: Project,
    csv_path: Path,
    data: bytes | None = None,
    progress: Callable[[float], None] | None = None,
) -> AddCues:
    """The edit that appends a cue-sheet CSV's cues to ``project`` (all rows or none); ``data`` is
    the file's content when it was read already; ``progress`` hears the fraction read."""
    from cuesheet.interchange.cue_sheet_csv import CsvImportError, read_cue_sheet_csv

    try:
        return read_cue_sheet_csv(_read(csv_path) if data is None else data, project, progress)
    except CsvImportError as error:
        raise error.from_file(csv_path) from None


def import_csv(
    path: Path,
    csv_path: Path,
    break_stale_lock: bool = False,
    progress: Callable[[float], None] | None = None,
) -> int:
    """Append the cues of a cue-sheet CSV as one edit (one transaction); returns the cue count."""
    from cuesheet.domain.history import Document
    from cuesheet.store import backups

    data = _read(csv_path)  # whole, before the lock: a slow or refused source never holds the project
    with opened(path, read_only=False, break_stale_lock=break_stale_lock) as (sheet, project):
        command = csv_import_command(project, csv_path, data, progress)
        backups.take(path, sheet.save_copy)
        Document(project, sheet).execute(command)
        return len(command.cues)


def read_other(path: Path, other: Path) -> Project:
    """The project to merge from, read only (its lock, if any, does not matter): a project file,
    or a sheet exported as JSON."""
    if other.exists() and path.exists() and other.resolve() == path.resolve():
        raise ProjectError(f"{other}: is the project itself; choose another project file")
    return read_sheet_or_project(other)


def read_sheet_or_project(path: Path) -> Project:
    """A project file, or a sheet exported as JSON (recognised by its content)."""
    from cuesheet.interchange.sheet_json import JSON_MAX_BYTES, is_sheet_json, read_sheet_json

    refuse_special_file(path)
    try:
        with open(path, "rb") as file:
            head = file.read(4096)
    except OSError:
        head = b""  # the project reader names what is wrong
    if not is_sheet_json(head, ".json"):  # any JSON object: a project file never starts with "{"
        return read_project(path)
    return read_sheet_json(_read(path, JSON_MAX_BYTES, "sheet JSON"), str(path))


def merge(
    path: Path, other: Path, take_theirs: bool = False, dry_run: bool = False, break_stale_lock: bool = False
) -> MergePlan:
    """Bring another project's cues, works, parties and licences in as one edit (see domain.merge)."""
    return merge_project(path, read_other(path, other), take_theirs, dry_run, break_stale_lock)


def merge_project(
    path: Path, theirs: Project, take_theirs: bool = False, dry_run: bool = False, break_lock: bool = False
) -> MergePlan:
    """``merge``, of a project already read."""
    from cuesheet.domain.history import Document
    from cuesheet.domain.merge import plan_merge
    from cuesheet.store import backups

    with opened(path, read_only=dry_run, break_stale_lock=break_lock) as (sheet, project):
        plan = plan_merge(project, theirs)
        for conflict in plan.conflicts:
            conflict.take_theirs = take_theirs
        if not dry_run and not plan.is_empty():
            backups.take(path, sheet.save_copy)
            Document(project, sheet).execute(plan.command())
    return plan


def project_backups(path: Path) -> list[dict[str, Any]]:
    """The rolling backups of a project, newest first, with when each was taken and its cue count."""
    from cuesheet.store import backups

    found = []
    for number, backup in enumerate(backups.list_backups(path), start=1):
        taken = backups.taken_at(backup)
        try:
            cues: int | None = len(read_project(backup).cues)
        except ProjectError:
            cues = None  # listed anyway: the user may still want to look at it
        found.append({"number": number, "path": str(backup), "cues": cues, "note": backups.note_of(backup),
                      "taken": taken.isoformat(sep=" ", timespec="seconds") if taken else ""})  # fmt: skip
    return found


def restore_backup(path: Path, number: int, target: Path) -> Path:
    """Copy backup ``number`` (1 = newest) of ``path`` to ``target``, a new file."""
    from cuesheet.store import backups

    available = backups.list_backups(path)
    if not available:
        raise ProjectError(f"{path}: has no backups (they are taken each time it is opened for writing)")
    if not 1 <= number <= len(available):
        raise ProjectError(f"backup {number} does not exist; {path} has backups 1 to {len(available)}")
    return restore_backup_file(available[number - 1], target)


def restore_backup_file(backup: Path, target: Path) -> Path:
    """Copy one backup file to ``target``, a new file; a damaged backup is refused before copying."""
    from cuesheet.store import backups

    read_project(backup)
    return backups.restore(backup, target)


def compare(old: Path, new: Path) -> tuple[Project, Project, MergePlan]:
    """Two versions of a sheet: which cues the new one adds, drops and changes (read only)."""
    from cuesheet.domain.merge import plan_merge

    before, after = read_sheet_or_project(old), read_sheet_or_project(new)
    return before, after, plan_merge(before, after)


def export(path: Path, fmt: str, profile: str | None = None, roll_up: bool = False) -> bytes:
    """``profile``: print in the words and columns of this society profile, not the project's own;
    ``roll_up``: commissioned cues of one ownership as one line (``domain.rollup``)."""
    if fmt not in FORMATS:
        raise ProjectError(f"unknown export format {fmt!r} (formats: {', '.join(FORMATS)})")
    project = under_profile(read_project(path, reads(fmt)), profile)
    if roll_up:
        from cuesheet.domain.profiles import RollUp

        project.settings = replace(project.settings, roll_up=RollUp.COMMISSIONED)
    return render(project, fmt)


def render(project: Project, fmt: str) -> bytes:
    """The report ``fmt``; a sheet that differs from its last filing is marked as a revision."""
    if fmt not in FORMATS:
        raise ProjectError(f"unknown export format {fmt!r} (formats: {', '.join(FORMATS)})")
    revision = None
    if project.filings and fmt in REVISED:
        from cuesheet.interchange.filed_sheets import current_revision

        revision = current_revision(project)
    return render_format(project, fmt, revision)
