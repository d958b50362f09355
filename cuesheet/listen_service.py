"""Listening, shared by the command line and the app (issue #13): the recordings a user holds found in
the project's film (``spot``), the sheet checked by ear, and a new cut conformed by its sound. The
work is in media.landmarks and media.spotting; this reads the project and the files, keeps the
analyses between runs, and makes the one command."""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuesheet.domain.timecode import format_timecode
from cuesheet.project_service import film_link, opened, read_project
from cuesheet.store.errors import ProjectError
from cuesheet.store.files import refuse_special_file

if TYPE_CHECKING:
    from cuesheet.domain.conform import ConformPlan, Shot
    from cuesheet.domain.project import Project
    from cuesheet.domain.spotting_cues import Proposal
    from cuesheet.domain.timecode import FrameRate
    from cuesheet.domain.usage import Origin
    from cuesheet.domain.validation import Finding


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
    cancelled: Callable[[], bool] | None = None,
    heard: Callable[[list[Proposal]], None] | None = None,
) -> tuple[list[Proposal], int]:
    """The recordings in ``audio`` found in ``film``, as proposed cues of ``project``, and how many
    recordings were listened for. ``progress`` hears the fraction done (the film counts as five:
    one its analysis, four the search); ``cache``: the folder where analyses are kept between runs
    (media.analysis_cache); ``cancelled`` is asked between recordings and candidates
    (media.spotting.Cancelled); ``heard`` is told the proposals so far as the search finds them
    (at most four times a second; the returned list is the last word: a stronger finding may
    displace one)."""
    from cuesheet.domain.spotting_cues import Proposal
    from cuesheet.media.analysis_cache import analysis_of
    from cuesheet.media.found import Finding as Heard  # validation.Finding is another
    from cuesheet.media.probe import MediaError
    from cuesheet.media.recordings import audio_files, tags
    from cuesheet.media.spotting import Cancelled, spot

    def stop_if_asked() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("stopped")

    files = audio_files(audio)
    if not files:
        raise ProjectError("no audio files (WAV, AIFF, FLAC, MP3, M4A, …) in what was named")
    if cache is None:  # the recordings' spectra are kept on disk for the search, not held
        with tempfile.TemporaryDirectory(prefix="cuesheet-listening-") as folder:
            return listen(project, film, files, min_length_s, progress, Path(folder), cancelled, heard)
    steps = len(files) + 5
    searched = (len(files) + 1) / steps  # the share done once the film is analysed
    library, usable = [], []
    for done, file in enumerate(files):
        stop_if_asked()
        try:  # a broken file in a library folder is passed over, not the end of the run
            library.append(analysis_of(file, cache, max_seconds=3600, bands=False))
            usable.append(file)
        except MediaError:
            pass
        if progress:
            progress(done / steps)
    if not usable:
        raise ProjectError(f"none of the {len(files)} audio file(s) named could be read")
    files = usable
    stop_if_asked()
    film_sound = analysis_of(film, cache, stream=_stream(project))

    @functools.cache  # by recording: read once, however often the findings so far are told
    def about(recording: int) -> tuple[str, Any]:
        return str(files[recording].resolve()), tags(files[recording])

    def proposal(finding: Heard) -> Proposal:
        path, found = about(finding.recording)
        start = film_frame(project, finding.start)
        end = max(start + 1, film_frame(project, finding.end))
        return Proposal(start, end, path, found.title, found.artist, found.isrc,
                        round(finding.confidence, 3), round(finding.offset, 2))  # fmt: skip

    findings = spot(
        film_sound,
        library,
        min_length_s,
        cancelled,
        heard=None if heard is None else (lambda so_far: heard([proposal(f) for f in so_far])),
        progress=None if progress is None else (lambda share: progress(searched + share * (1 - searched))),
    )
    if progress:
        progress(1.0)
    return [proposal(finding) for finding in findings], len(files)


def listening_cache() -> Path | None:
    """Where analyses are kept: the user data folder's ``listening`` (None when it has none)."""
    from cuesheet.paths import user_data_dir

    try:
        return user_data_dir() / "listening"
    except OSError:
        return None


def film_frame(project: Project, seconds: float) -> int:
    """The project frame shown ``seconds`` into its film (the film starts at the start timecode),
    snapped to the nearest frame: what listening finds is in seconds of sound."""
    return project.production.start_frame + round(seconds * float(project.production.rate.rate))


def spotted_json(spotted: Spotted, rate: FrameRate) -> list[dict[str, Any]]:
    """``spot --json``: reference (the path), title, tc_in, tc_out, offset_s, confidence."""
    return [
        {"reference": p.file, "title": p.title, "tc_in": format_timecode(p.start, rate),
         "tc_out": format_timecode(p.end, rate), "offset_s": p.offset_s, "confidence": p.confidence}
        for p in spotted.proposals
    ]  # fmt: skip


def check_by_ear(path: Path, project: Project | None = None) -> list[Finding]:
    """NOT_HEARD and HEARD_ELSEWHERE for the cues whose recording file is on this machine: each
    such recording listened for in the project's film (analyses kept as spotting keeps them).
    ``project``: the project at ``path`` as its window shows it (read from the file when None; a
    window's last edit may not be committed yet)."""
    from cuesheet.domain.by_ear import by_ear
    from cuesheet.domain.sheet import Sheet
    from cuesheet.media.analysis_cache import analysis_of
    from cuesheet.media.spotting import spot
    from cuesheet.store.media_link import locate_media

    project = read_project(path) if project is None else project
    film = locate_media(project.media, path)
    if film is None:
        raise ProjectError(f"{path}: its film is not found; link the film to check the cues by ear")
    files = sorted({c.recording_file for c in project.cues.values() if c.recording_file})
    present = [f for f in files if Path(f).is_file()]
    if not present:
        return []
    cache = listening_cache()
    film_analysis = analysis_of(film, cache, stream=_stream(project))
    rate = project.production.rate
    heard: dict[str, list[tuple[int, int]]] = {}
    for file in present:
        found = spot(film_analysis, [analysis_of(Path(file), cache, max_seconds=3600)], min_length_s=1.0)
        heard[file] = [(film_frame(project, f.start), film_frame(project, f.end)) for f in found]
    return by_ear(Sheet.of(project).lines, heard, rate)


def _stream(project: Project) -> int | None:
    """The film's sound stream the project listens to (None: the first)."""
    return project.media.audio_stream if project.media is not None else None


SHORTEST_SHOT_S = 1.0  # the new cut's stretches of the old film's sound looked for, at the least
SEAM_S = 0.1  # a hole this short between two stretches is the cut between them (conform.seamless)


def sound_shots(project: Project, old_film: Path, new_film: Path) -> tuple[list[Shot], list[Shot]]:
    """The two cuts as shots of the old film's own time (domain.conform): the old film one shot; the
    new cut's stretches that play the old film's sound, found as spotting finds a recording (the old
    film is the recording) and bounded to the analysis frame where the sound stops being the same
    (spotting.tightened)."""
    from cuesheet.domain.conform import Shot, seamless
    from cuesheet.media.analysis_cache import analysis_of
    from cuesheet.media.probe import sound_streams
    from cuesheet.media.seams import seamed
    from cuesheet.media.spotting import SAME_SOUND_VOTES, spot, tightened
    from cuesheet.store.media_link import chosen_stream

    refuse_special_file(new_film)  # reading a pipe with no writer would never end
    cache = listening_cache()
    # The new cut heard through the stream a relink would keep (the same title, else the default).
    new_stream = chosen_stream(sound_streams(new_film), project.media)[0]
    old, new = (
        analysis_of(old_film, cache, stream=_stream(project)),
        analysis_of(new_film, cache, stream=new_stream),
    )
    fps = float(project.production.rate.rate)
    old_shots = [Shot(film_frame(project, 0.0), film_frame(project, old.seconds), "film", 0)]
    found = spot(  # edges tightened by correlation below
        new,
        [old],
        min_length_s=SHORTEST_SHOT_S,
        min_votes=SAME_SOUND_VOTES,
        one_source=True,
        refine_edges=False,
    )
    # Bounded to where the sound is the same, a stretch may shrink to a few frames of a sound
    # heard elsewhere too (reused music): shorter than a shot the search looks for, it is none.
    stretches = seamed(new, old, [
        t for t in (tightened(new, old, f) for f in found) if t and t.end - t.start >= SHORTEST_SHOT_S
    ])  # fmt: skip
    new_shots = [Shot(film_frame(project, f.start), film_frame(project, f.end), "film", round(f.offset * fps))
                 for f in stretches]  # fmt: skip
    return old_shots, seamless(new_shots, max(1, round(SEAM_S * fps)))


def plan_by_sound(project: Project, shots: tuple[list[Shot], list[Shot]]) -> ConformPlan:
    """The conform plan of ``project`` over ``sound_shots`` (no new music is proposed: a film alone
    does not say which of its sound is music)."""
    from cuesheet.domain.conform import plan_from_shots
    from cuesheet.domain.edit import EditTimeline
    from cuesheet.domain.timeline_cues import TimelinePlan

    rate, first = project.production.rate, project.production.start_frame
    return plan_from_shots(project, *shots, TimelinePlan(EditTimeline("film", "", rate, first), []))


def conform_by_sound(
    path: Path, new_film: Path, apply: bool = False, break_stale_lock: bool = False
) -> ConformPlan:
    """The project's cues moved from its film to ``new_film`` by matching their sound (issue #13
    §3), as they follow the picture of a timeline. With ``apply``: one edit, the film relinked."""
    from cuesheet.domain.conform import conform_command
    from cuesheet.store.media_link import locate_media

    project = read_project(path)
    old_film = locate_media(project.media, path)
    if old_film is None:
        raise ProjectError(f"{path}: its film is not found; conforming by sound listens to it")
    shots = sound_shots(project, old_film, new_film)
    if not apply:
        return plan_by_sound(project, shots)
    from cuesheet.domain.commands import Group, SetMedia
    from cuesheet.domain.history import Document
    from cuesheet.store import backups

    film = film_link(path, new_film, project.media)  # the same sound stream, by its title
    with opened(path, read_only=False, break_stale_lock=break_stale_lock) as (sheet, current):
        plan = plan_by_sound(current, shots)
        command = conform_command(current, plan, new_film.name, add_proposed=False)
        backups.take(path, sheet.save_copy)
        Document(current, sheet).execute(Group(command.text, [command, SetMedia(film)]))
    return plan
