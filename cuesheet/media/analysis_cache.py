"""Listening's analyses kept on disk, so that a second run over the same library (and the same
film) reads them instead of decoding and analysing again (issue #13). Keyed like the waveform's
cache: the file's size, modification time and three sampled blocks, and this format's version; an
entry that cannot be read is computed again, never trusted."""

from __future__ import annotations

import functools
import os
import zipfile
from pathlib import Path

import numpy as np

from cuesheet.media.landmarks import BANDS, COLUMNS, Analysis, analyse
from cuesheet.media.spotting import read_sound
from cuesheet.media.waveform import cache_key

_UNREADABLE = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)  # a spoilt or cut-short entry
VERSION = f"landmarks-1-{BANDS}"  # changes when what an analysis holds changes


def analysis_of(
    path: Path, folder: Path | None, max_seconds: float = 4 * 3600, bands: bool = True
) -> Analysis:
    """``path``'s analysis: from ``folder`` when it holds one for this very file, else made (and
    kept there when ``folder`` is given). ``bands=False``: its spectrum is read from the folder
    when asked for (``Analysis.spectrum``), not held (a library of 200 recordings' is 1.6 GB)."""
    if folder is None:
        return analyse(read_sound(path, max_seconds=max_seconds))
    key = f"{cache_key(path, 0)}-{VERSION}"
    target = folder / f"{key}.npz"
    found = _load(target, bands)
    if found is not None:
        return found
    made = analyse(read_sound(path, max_seconds=max_seconds))
    try:
        _save(folder, key, made)
    except OSError:  # a full or read-only cache folder costs time next run, nothing else
        return made
    return made if bands else made.without_bands(functools.partial(_bands, target, made.frames))


def _load(target: Path, bands: bool) -> Analysis | None:
    if not target.is_file():
        return None
    try:
        with np.load(target, allow_pickle=False) as data:
            found = Analysis(
                data["hashes"], data["times"], np.empty((0, COLUMNS), np.float16), int(data["frames"])
            )
            if not bands:
                return found.without_bands(functools.partial(_bands, target, found.frames))
            found.bands = data["bands"]
            return found
    except _UNREADABLE:
        return None


def _bands(target: Path, frames: int) -> np.ndarray:
    """The spectrum kept in ``target``; none (the recording is not checked) if the entry has gone
    or is no longer the one read."""
    try:
        with np.load(target, allow_pickle=False) as data:
            bands = data["bands"]
    except _UNREADABLE:
        bands = None
    if bands is None or bands.dtype != np.float16 or bands.shape != (frames, COLUMNS):
        return np.empty((0, COLUMNS), np.float16)
    return bands


def _save(folder: Path, key: str, analysis: Analysis) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{key}.{os.getpid()}.tmp.npz"
    np.savez(temporary, hashes=analysis.hashes, times=analysis.times, bands=analysis.bands,
             frames=np.int64(analysis.frames))  # fmt: skip
    os.replace(temporary, folder / f"{key}.npz")
