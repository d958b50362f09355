"""Whether a stretch of a re-edit is the old film's sound moved, or the same words said again at
another pace (issue #13 §3, conform by sound).

A cut moves sound; it never changes its pace. So along a stretch that is the old film's sound, the
alignment of the two spectra stays put: measured half a second at a time, to a fraction of an
analysis frame, the lag wanders by 0.05 frame at most (bench-conform seeds 1-3, 37 stretches of
7-116 s). A line spoken again in the same voice at another speed aligns over a second or two as
well as the same sound does (bench-conform seed 2: "Long enough to stop pretending." at espeak speed
184 in the new material, 180 in the old film; mean likeness 0.805, true stretches 0.83-1.0), but its
lag drifts: 0.93 frame over its 1.7 s, steadily.
"""

from __future__ import annotations

import numpy as np

from cuesheet.media.aligned import similarity
from cuesheet.media.landmarks import FRAMES_PER_SECOND

PIECE_S = 0.5  # the lag is measured this much of the stretch at a time
MOST_DRIFT = 1 / 3  # frames (~4 ms) the lag may move from a stretch's start to its end
SHIFTS = np.arange(-3, 4)  # whole-frame lags around the stretch's own, where each piece's peak is sought


def drift(film: np.ndarray, recording: np.ndarray, offset: int, first: int, last: int) -> float:
    """How many frames the lag between film frame t and recording frame t - ``offset`` moves over
    [first, last), from its first piece's middle to its last's: each piece's lag to a fraction of a
    frame (the peak of a parabola through the mean likeness at the nearest whole-frame lags), the
    median lag of the last half of the pieces against the first half's, scaled to the whole
    stretch. Medians, and no piece whose likeness peaks at the edge of ``SHIFTS``: a held chord
    is alike at every lag near its own, and such a piece's peak falls anywhere (a film's AAC
    sound, tests.gui conform by sound: two of twenty pieces of a true stretch peaked 2 frames off).
    0 when either half has no piece to measure. Both spectra normalised (``aligned``), the
    recording's rows covering [first - offset - 3, last - offset + 3)."""
    piece = int(PIECE_S * FRAMES_PER_SECOND)
    pieces = (last - first) // piece
    if pieces < 2:
        return 0.0
    end = first + pieces * piece
    likeness = np.stack([
        similarity(film, recording, offset + int(shift), first, end).reshape(pieces, piece).mean(axis=1)
        for shift in SHIFTS
    ])  # fmt: skip
    best = likeness.argmax(axis=0)
    peaked = (best > 0) & (best < len(SHIFTS) - 1)
    inner = np.clip(best, 1, len(SHIFTS) - 2)
    left, middle, right = (likeness[inner + step, np.arange(pieces)] for step in (-1, 0, 1))
    curve = left - 2 * middle + right
    fraction = np.where(curve < 0, 0.5 * (left - right) / np.where(curve < 0, curve, -1), 0.0)
    lags = SHIFTS[inner] + fraction
    half = pieces // 2
    early, late = lags[:half][peaked[:half]], lags[pieces - half :][peaked[pieces - half :]]
    if not len(early) or not len(late):
        return 0.0
    return float(abs(np.median(late) - np.median(early)) * (pieces - 1) / (pieces - half))
