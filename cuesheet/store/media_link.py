"""The film a project refers to: how it is recorded, and how it is found again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from cuesheet.domain.project import MediaRef
from cuesheet.domain.timecode import FrameRate


class FilmFacts(Protocol):
    """What a probe reports (``cuesheet.media.probe.MediaInfo`` has these)."""

    path: Path
    size: int
    duration_frames: int
    rate: FrameRate
    start_frame: int


def media_ref(info: FilmFacts, project_path: Path) -> MediaRef:
    """What a later relink needs: both paths, size, length and rate."""
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
    )


def locate_media(media: MediaRef | None, project_path: Path) -> Path | None:
    """The film on this machine: its stored path, else its path relative to the project, else the
    same name next to the project (a folder sent as a whole); None when it is not found."""
    if media is None:
        return None
    folder = Path(project_path).resolve().parent
    candidates = [Path(media.path)]
    if media.relative_path:
        candidates.append(Path(os.path.normpath(folder / media.relative_path)))
    candidates.append(folder / Path(media.path.replace("\\", "/")).name)
    return next((c for c in candidates if c.is_file()), None)
