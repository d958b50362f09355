"""The recordings a user holds, as listening needs them: audio files found in the files and folders
named, and what their tags say (title, artist, ISRC) through mutagen, else the file's name."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cuesheet.domain.limits import TEXT_MAX
from cuesheet.media.probe import MediaError

AUDIO_SUFFIXES = frozenset(
    (
        ".wav",
        ".wave",
        ".aif",
        ".aiff",
        ".aifc",
        ".flac",
        ".mp3",
        ".m4a",
        ".aac",
        ".ogg",
        ".oga",
        ".opus",
        ".caf",
    )
)
MAX_RECORDINGS = 2000  # a library bigger than this is a mistake in the folder named
MAX_DEPTH = 8


@dataclass(frozen=True, slots=True)
class RecordingTags:
    title: str
    artist: str = ""
    isrc: str = ""


def audio_files(paths: Iterable[Path]) -> list[Path]:
    """The audio files named, and those in the folders named (their subfolders too), in name order.
    Raises MediaError for a path that is neither, or for more than MAX_RECORDINGS files."""
    found: list[Path] = []
    for path in paths:
        try:
            facts = os.stat(path)
        except OSError as error:
            raise MediaError(f"{path}: {error.strerror or error}") from None
        if stat.S_ISDIR(facts.st_mode):
            found += _in_folder(path)
        elif stat.S_ISREG(facts.st_mode):
            found.append(path)
        else:
            raise MediaError(f"{path}: is not a regular file or a folder")
        if len(found) > MAX_RECORDINGS:
            raise MediaError(f"more than {MAX_RECORDINGS:,} recordings: name the folders that hold the music")
    return found


def _in_folder(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        if len(Path(root).relative_to(folder).parts) >= MAX_DEPTH:
            dirs[:] = []
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            if path.suffix.lower() in AUDIO_SUFFIXES and not name.startswith(".") and _regular(path):
                found.append(path)
        if len(found) > MAX_RECORDINGS:
            break
    return found


def _regular(path: Path) -> bool:
    """A regular file (through a link): a pipe named like a song would block its reading forever."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def tags(path: Path) -> RecordingTags:
    """Title, artist and ISRC from the file's tags; the title falls back to the file's name."""
    import mutagen

    values = {"title": "", "artist": "", "isrc": ""}
    for easy in (True, False):  # the easy names first (Vorbis, FLAC, MP3, M4A); raw ID3 frames next
        try:
            found = mutagen.File(str(path), easy=easy)
        except Exception:  # a damaged tag must not stop listening: the file's name will do
            continue
        if found is None or found.tags is None:
            continue
        for name, raw in _RAW.items():
            if not values[name]:
                values[name] = _first(found.tags, name if easy else raw)
    title, artist, isrc = values["title"], values["artist"], values["isrc"]
    return RecordingTags(_clean(title) or _clean(path.stem), _clean(artist), _clean(isrc).upper())


_RAW = {"title": "TIT2", "artist": "TPE1", "isrc": "TSRC"}  # ID3 frames (WAV, AIFF, MP3)


def _first(found: Any, key: str) -> str:  # mutagen's tag containers (ID3, MP4Tags, …) share no type
    try:
        values = found[key]
    except (KeyError, ValueError, TypeError):
        return ""
    text = getattr(values, "text", values)  # an ID3 frame holds its strings in .text
    return str(text[0]) if isinstance(text, list) and text else str(text or "")


def _clean(text: str) -> str:
    return "".join(c for c in text.strip() if c >= " " and c != "\x7f")[:TEXT_MAX]
