"""Listening's analyses kept on disk, so that a second run over the same library (and the same
film) reads them instead of decoding and analysing again (issue #13). Keyed like the waveform's
cache: the file's size, modification time and three sampled blocks, and this format's version; an
entry that cannot be read is computed again, never trusted."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

import numpy as np

from cuesheet.media.landmarks import BANDS, Analysis, analyse
from cuesheet.media.spotting import read_sound
from cuesheet.media.waveform import cache_key

VERSION = f"landmarks-1-{BANDS}"  # changes when what an analysis holds changes


def analysis_of(path: Path, folder: Path | None, max_seconds: float = 4 * 3600) -> Analysis:
    """``path``'s analysis: from ``folder`` when it holds one for this very file, else made (and
    kept there when ``folder`` is given)."""
    if folder is None:
        return analyse(read_sound(path, max_seconds=max_seconds))
    key = f"{cache_key(path, 0)}-{VERSION}"
    found = _load(folder / f"{key}.npz")
    if found is not None:
        return found
    made = analyse(read_sound(path, max_seconds=max_seconds))
    with suppress(OSError):  # a full or read-only cache folder costs time next run, nothing else
        _save(folder, key, made)
    return made


def _load(target: Path) -> Analysis | None:
    if not target.is_file():
        return None
    try:
        with np.load(target, allow_pickle=False) as data:
            return Analysis(data["hashes"], data["times"], data["bands"], int(data["frames"]))
    except (OSError, ValueError, KeyError):
        return None


def _save(folder: Path, key: str, analysis: Analysis) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{key}.{os.getpid()}.tmp.npz"
    np.savez(temporary, hashes=analysis.hashes, times=analysis.times, bands=analysis.bands,
             frames=np.int64(analysis.frames))  # fmt: skip
    os.replace(temporary, folder / f"{key}.npz")
