"""A film's band spectrum and a recording's compared at an alignment (issue #13): each band less
its slow average, each frame scaled to unit length, and the cosine of film frame t and recording
frame t - offset. What ``spotting`` checks candidates with and ``rivals`` weighs recordings by."""

from __future__ import annotations

import numpy as np

from cuesheet.media.landmarks import FRAMES_PER_SECOND

SLOW_S = 2.0


class Normalised:
    """Sounds (the film, recordings) normalised whole, the most recently used kept up to ``BUDGET``
    bytes (200 recordings' would be gigabytes); one longer than ``LONG_FRAMES`` (a feature film, or
    a film as the recording its re-edit is matched against) is normalised around each candidate
    only (a two-hour film's is ~350 MB)."""

    BUDGET = 256 << 20
    LONG_FRAMES = int(15 * 60 * FRAMES_PER_SECOND)

    def __init__(self) -> None:
        self._kept: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # by id of the bands, in order of use

    def rows(self, bands: np.ndarray, lo: int, hi: int) -> tuple[np.ndarray, int]:
        """Normalised rows of ``bands`` covering [lo, hi) where it has them, and the frame of
        the recording that the first row returned is."""
        if len(bands) > self.LONG_FRAMES:
            lo, hi = max(0, lo), min(len(bands), hi)
            return normalised_rows(bands, lo, max(lo, hi)), lo
        kept = self._kept.pop(id(bands), None)
        if kept is None:
            kept = (bands, normalised(bands))  # the bands kept too, so that their id stays theirs
            while self._kept and self._bytes() + kept[1].nbytes > self.BUDGET:
                del self._kept[next(iter(self._kept))]
        self._kept[id(bands)] = kept
        return kept[1], 0

    def _bytes(self) -> int:
        return sum(b.nbytes + w.nbytes for b, w in self._kept.values())


def normalised(bands: np.ndarray) -> np.ndarray:
    """Each band less its slow average (``SLOW_S``, centred, zeros beyond the ends), each frame
    less its mean and scaled to unit length (float32). Digital silence holds no sound: its frames
    stay zero and are not in the average (music cut to silence was otherwise compared, for its last
    second, against an average half made of the silence after it, and found ending 0.9 s early)."""
    values = bands.astype(np.float32)
    if not len(values):
        return values
    silent = np.logical_not(values.any(axis=1))
    moving = values - _slow(values, silent if silent.any() else None)
    moving[silent] = 0
    moving -= moving.mean(axis=1, keepdims=True)  # a hit that lifts every bin (a drum, a door) says little
    norms = np.sqrt(np.einsum("ij,ij->i", moving, moving))[:, None]
    return moving / np.maximum(norms, 1e-6)


def normalised_rows(bands: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """``normalised(bands)[lo:hi]``, computed from those rows and the slow average's reach only."""
    pad = int(SLOW_S * FRAMES_PER_SECOND)
    first = max(0, lo - pad)
    return normalised(bands[first : min(len(bands), hi + pad)])[lo - first : hi - first]


def _slow(values: np.ndarray, silent: np.ndarray | None = None) -> np.ndarray:
    """Each column's moving average over ``SLOW_S`` as ``np.convolve(column, ones(w) / w, "same")``
    gives it (the window [i + h - w + 1, i + h], h = (w - 1) // 2, zeros beyond the ends), from a
    running sum: one pass over the frames, not a convolution per band (2× faster). In float64, so
    that digital silence averages to exactly 0 (a sum that does not move subtracts to nothing)
    and a long recording's sums keep their last digits. ``silent``: frames left out of the count."""
    width = max(1, int(SLOW_S * FRAMES_PER_SECOND))
    count, bands = values.shape
    half = (width - 1) // 2
    sums = np.zeros((count + width, bands), np.float64)
    sums[width - half : width - half + count] = values
    np.cumsum(sums, axis=0, out=sums)
    counted: np.ndarray | float = width
    if silent is not None:
        left_out = np.zeros(count + width, np.float64)
        left_out[width - half : width - half + count] = silent
        np.cumsum(left_out, out=left_out)
        counted = np.maximum(width - (left_out[width:] - left_out[:-width]), 1)[:, None]
    return ((sums[width:] - sums[:-width]) / counted).astype(np.float32)


def similarity(film: np.ndarray, recording: np.ndarray, offset: int, first: int, last: int) -> np.ndarray:
    """The cosine of film frame t and recording frame t - offset, for t in [first, last); 0 where
    the recording has no frame."""
    out = np.zeros(max(0, last - first), np.float32)
    lo, hi = max(first, offset), min(last, offset + len(recording), len(film))
    if hi > lo:
        out[lo - first : hi - first] = np.einsum(
            "ij,ij->i", film[lo:hi], recording[lo - offset : hi - offset]
        )
    return out
