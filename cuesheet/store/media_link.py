"""The film a project refers to: how it is recorded, and how it is found again."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from cuesheet.domain.project import MediaRef
from cuesheet.domain.timecode import FrameRate


class FilmFacts(Protocol):
    """What a probe reports (``cuesheet.media.probe.MediaInfo`` has these), read only."""

    @property
    def path(self) -> Path: ...
    @property
    def size(self) -> int: ...
    @property
    def duration_frames(self) -> int: ...
    @property
    def rate(self) -> FrameRate: ...
    @property
    def start_frame(self) -> int: ...
    @property
    def audio_streams(self) -> Sequence[Any]: ...  # each with ``index`` and ``title``


def media_ref(info: FilmFacts, project_path: Path, like: MediaRef | None = None) -> MediaRef:
    """What a later relink needs: both paths, size, length and rate, and the sound stream listened
    to (``chosen_stream``; ``like``: the link this one replaces)."""
    absolute = Path(info.path).resolve()
    try:
        relative = os.path.relpath(absolute, Path(project_path).resolve().parent)
    except ValueError:  # another drive on Windows
        relative = ""
    return MediaRef(
        path=str(absolute),
        relative_path=Path(relative).as_posix() if relative else "",
        size=info.size,
        duration_frames=info.duration_frames,
        rate=info.rate,
        start_frame=info.start_frame,
        audio_stream=(chosen := chosen_stream(info.audio_streams, like))[0],
        audio_title=chosen[1],
    )


_MUSIC = re.compile(r"\b(music|mx)\b", re.IGNORECASE)  # a stem's title: "Music", "MX", "Music stem"


def chosen_stream(streams: Sequence[Any], like: MediaRef | None = None) -> tuple[int | None, str]:
    """(index, title) of the stream a project listens to in a film with ``streams``: the one titled
    as ``like``'s (the film relinked: a new cut's streams may be numbered otherwise), else one
    whose title names music, else the first; (None, "") for a film without sound."""
    if like is not None and like.audio_title:
        for stream in streams:
            if stream.title == like.audio_title:
                return int(stream.index), stream.title
    for stream in streams:
        if _MUSIC.search(stream.title):
            return int(stream.index), stream.title
    return (int(streams[0].index), streams[0].title) if streams else (None, "")


def locate_media(media: MediaRef | None, project_path: Path) -> Path | None:
    """The film on this machine: its stored path, else its path relative to the project, else the
    same name next to the project (a folder sent as a whole); None when it is not found.

    The paths come from a file that may have been received: a candidate is taken only when it is a
    regular file of the recorded size (never ``/proc/self/environ``, a device, a FIFO or a
    ``../../../../etc/passwd`` of another size), and a name the system cannot even look up (too
    long, a NUL) is simply not found."""
    if media is None or media.size <= 0:  # a film is never empty; size 0 would match /proc files
        return None
    folder = Path(project_path).resolve().parent
    try:
        candidates = [Path(media.path)]
        if media.relative_path:
            candidates.append(Path(os.path.normpath(folder / media.relative_path)))
        candidates.append(folder / Path(media.path.replace("\\", "/")).name)
    except ValueError:
        return None
    return next((c for c in candidates if _is_the_film(c, media.size)), None)


def _is_the_film(candidate: Path, size: int) -> bool:
    try:
        facts = os.stat(candidate)
    except (OSError, ValueError):  # missing, too long a name, a NUL in it
        return False
    return stat.S_ISREG(facts.st_mode) and facts.st_size == size
