"""Listening's analyses kept on disk, so that a second run over the same library (and the same
film) reads them instead of decoding and analysing again (issue #13). Keyed like the waveform's
cache: the file's size, modification time and three sampled blocks, and this format's version; an
entry that cannot be read is computed again, never trusted."""

from __future__ import annotations

import contextlib
import functools
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from numpy.lib import format as npy

from cuesheet.media.landmarks import (
    BANDS,
    COLUMNS,
    FRAMES_PER_SECOND,
    HASH_BITS,
    MOST_FRAMES,
    Analysis,
    analyse,
)
from cuesheet.media.sound_file import read_sound
from cuesheet.media.waveform import cache_key

MAX_SECONDS = 4 * 3600  # the longest sound analysed (read_sound's bound)

_MOST_FRAMES = min(MOST_FRAMES, int(MAX_SECONDS * FRAMES_PER_SECOND) + 1)  # what an entry may say
VERSION = f"landmarks-1-{BANDS}"  # changes when what an analysis holds changes


def analysis_of(
    path: Path, folder: Path | None, max_seconds: float = MAX_SECONDS, bands: bool = True,
    stream: int | None = None,
) -> Analysis:  # fmt: skip
    """``path``'s analysis: from ``folder`` when it holds one for this very file, else made (and
    kept there when ``folder`` is given). ``bands=False``: its spectrum is read from the folder
    when asked for (``Analysis.spectrum``), not held (a library of 200 recordings' is 1.6 GB).
    ``stream``: the sound stream listened to (a film's music stem), None: the first."""
    if folder is None:
        return analyse(read_sound(path, stream, max_seconds=max_seconds))
    key = f"{cache_key(path, -1 if stream is None else stream)}-{VERSION}"
    target = folder / f"{key}.npz"
    found = _load(target, bands)
    if found is not None:
        return found
    made = analyse(read_sound(path, stream, max_seconds=max_seconds))
    try:
        _save(folder, key, made)
    except OSError:  # a full or read-only cache folder costs time next run, nothing else
        return made
    return made if bands else _on_disk(made, target)


def _load(target: Path, bands: bool) -> Analysis | None:
    """The entry, every member's type and shape checked before it is read (a spoilt or planted
    entry is analysed again: a header claiming 2^40 rows is never allocated); None if unusable."""
    if not target.is_file():
        return None
    try:
        with zipfile.ZipFile(target) as book:
            frames = int(_member(book, "frames", "<i8", lambda shape: shape == ()))
            if not 0 <= frames <= _MOST_FRAMES:
                return None
            hashes = _member(book, "hashes", "<u4", lambda shape: len(shape) == 1)
            times = _member(book, "times", "<i4", lambda shape: shape == hashes.shape)
            if len(hashes) and (
                int(hashes.max()) >= 1 << HASH_BITS or int(times.min()) < 0 or int(times.max()) >= frames
            ):
                return None
            found = Analysis(hashes, times, np.empty((0, COLUMNS), np.float16), frames)
            rows = _member(book, "bands", "<f2", lambda shape: shape == (frames, COLUMNS), read=bands)
            if bands:
                found.bands = rows
                return found
            return _on_disk(found, target)
    except Exception:  # whatever a spoilt entry raises (zlib, lzma, zip, npy, numbers)
        return None


def _member(book: zipfile.ZipFile, name: str, kind: str, fits: Callable[[tuple[int, ...]], bool],
            read: bool = True) -> np.ndarray:  # fmt: skip
    """The array ``name`` of an entry, refused (ValueError) unless its header says ``kind`` and a
    shape that ``fits``; ``read=False``: only its header is checked (an empty array returned)."""
    with book.open(f"{name}.npy") as member:
        version = npy.read_magic(member)
        header = {(1, 0): npy.read_array_header_1_0, (2, 0): npy.read_array_header_2_0}.get(version)
        if header is None:
            raise ValueError(f"{name}: npy format {version}")
        shape, fortran, dtype = header(member)
        if dtype != np.dtype(kind) or fortran or not fits(shape):
            raise ValueError(f"{name}: {dtype} {shape}")
        if not read:
            return np.empty(0, dtype)
        expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        data = member.read(expected)  # never more than the header said, whatever the zip claims
        if len(data) != expected or member.read(1):
            raise ValueError(f"{name}: not {expected} bytes")
    return np.frombuffer(data, dtype).reshape(shape)


def _on_disk(analysis: Analysis, target: Path) -> Analysis:
    """``analysis`` holding no spectrum: ``spectrum()`` reads it from ``target`` when asked."""
    return analysis.without_bands(functools.partial(_bands, target, analysis.frames))


def _bands(target: Path, frames: int) -> np.ndarray:
    """The spectrum kept in ``target``; none (the recording is not checked) if the entry has gone
    or is no longer the one read, and then the entry is removed, so that the next run analyses the
    recording again rather than pass it over every time."""
    try:
        with zipfile.ZipFile(target) as book:
            return _member(book, "bands", "<f2", lambda shape: shape == (frames, COLUMNS))
    except Exception:  # as _load
        with contextlib.suppress(OSError):
            target.unlink()
        return np.empty((0, COLUMNS), np.float16)


def _save(folder: Path, key: str, analysis: Analysis) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{key}.{os.getpid()}.tmp.npz"
    np.savez(temporary, hashes=analysis.hashes, times=analysis.times, bands=analysis.bands,
             frames=np.int64(analysis.frames))  # fmt: skip
    os.replace(temporary, folder / f"{key}.npz")
