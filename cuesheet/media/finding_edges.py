"""Where a recording found in a film's sound starts and stops playing (issue #13: In and Out within
0.5 s of the truth at hard cuts).

Two kinds of evidence, in turn:

1. ``edges_of_wins``: where the recording's alignment stops beating the wrong ones more often than
   chance (a change point of its frame wins). That is evidence for the recording, and dialogue over
   the music takes it away: under speech 12 dB louder, findings ended up to 5 s short.
2. ``extended``: then outwards for as long as nothing rules the recording out. Sounds add up:
   where the recording plays, the film is at least as loud as the recording's loudest bands at
   the level it plays at, whatever speech lies over it. A frame where the film is quieter in most
   of them is a frame where it does not play; speech fills some of those bands, seldom most of
   them frame after frame, so the edge goes out until the film stops carrying the recording.

Measured with ./dev bench-listen's films (a lab in /tmp, stop 33): seeds 1-5, the 99 excerpts the
numbers below were chosen on, mean In/Out error at hard cuts 0.50 -> 0.12 s, over all found
excerpts 0.57 -> 0.24 s; seeds 6-8, not used to choose them, 0.65 -> 0.12 s at hard cuts; the same
excerpts found (one more on seed 6) and no wrong finding.
"""

from __future__ import annotations

import numpy as np

from cuesheet.media.landmarks import FRAMES_PER_SECOND

EDGE_REACH_S = 4.0  # how far from where the smoothed share put an edge its change point is looked for
# How far beyond that an edge may move out while nothing excludes the recording: the wins of a
# 40 s excerpt under dialogue 12 dB louder began 9.6 s in (bench-listen seed 11; 6 s fell short).
EXTEND_REACH_S = 12.0
LOUDEST_BANDS = 20  # of the recording's bands in a frame, those it must be heard in
LEVEL_QUANTILE = 20  # percent: the film over the recording in those bands, inside: its level
LEVEL_SLACK = 0.3  # log-band units (``landmarks.analyse``) under that level still counted as carried
CARRIED = 0.7  # of the share carried inside the finding (median), what a frame must keep
SMOOTH_FRAMES = 5  # ~60 ms: one frame's count is noisy


def edges_of_wins(won: np.ndarray, start: int, end: int, chance_rate: float) -> tuple[int, int]:
    """A finding's start and end moved to the most likely change between chance and the rate of
    wins inside it (two Bernoulli rates; ``chance_rate``: how often the right alignment wins a
    frame where the recording does not play), within ``EDGE_REACH_S`` of where the smoothed share put
    them: the smoothing blurs an edge by its width, and a chance run just outside it is bridged in
    (bench-listen, seeds 1-5: hard-cut error 0.57 -> 0.51 s on average)."""
    rate = min(max(float(won[start:end].mean()), chance_rate + 0.05), 0.98)
    # Each frame's cost (-log likelihood) where only chance wins, and where the recording plays.
    chance = np.where(won, -np.log(chance_rate), -np.log(1 - chance_rate))
    playing = np.where(won, -np.log(rate), -np.log(1 - rate))
    reach = int(EDGE_REACH_S * FRAMES_PER_SECOND)
    middle = (start + end) // 2
    lo, hi = max(0, start - reach), max(start, min(middle, start + reach))
    new_start = lo + change_point(chance[lo:hi], playing[lo:hi])
    lo, hi = min(end, max(middle, end - reach)), min(len(won), end + reach)
    new_end = lo + change_point(playing[lo:hi], chance[lo:hi])
    return (new_start, new_end) if new_end > new_start else (start, end)


def change_point(before: np.ndarray, after: np.ndarray) -> int:
    """The c in [0, n] where frames [0, c) cost least as ``before`` and [c, n) as ``after`` (each
    frame's cost under either side's model)."""
    cost = np.concatenate([[0.0], np.cumsum(before)]) + np.concatenate([np.cumsum(after[::-1])[::-1], [0.0]])
    return int(np.argmin(cost))


def extended(film: np.ndarray, recording: np.ndarray, offset: int, start: int, end: int) -> tuple[int, int]:
    """The film frames [start, end) where the recording plays at ``offset`` (film frame minus
    recording frame; both as ``Analysis.bands``), each edge moved out while the film still carries
    the recording's loudest bands (see the module's doc), at most ``EXTEND_REACH_S``."""
    if (
        end - start < SMOOTH_FRAMES
        or start < max(0, offset)
        or end > min(len(film), offset + len(recording))
        or recording.shape[1] <= LOUDEST_BANDS
    ):
        return start, end  # not where both have frames: left as found
    reach = int(EXTEND_REACH_S * FRAMES_PER_SECOND)
    lo = max(0, start - reach, offset)  # neither before the film nor before the recording
    hi = min(len(film), end + reach, offset + len(recording))
    inside = slice(start - lo, end - lo)
    heard = film[lo:hi].astype(np.float32)
    played = recording[lo - offset : hi - offset].astype(np.float32)
    loudest = np.argpartition(-played, LOUDEST_BANDS, axis=1)[:, :LOUDEST_BANDS]
    heard, played = np.take_along_axis(heard, loudest, 1), np.take_along_axis(played, loudest, 1)
    level = float(np.percentile((heard - played)[inside], LEVEL_QUANTILE))
    carried = (heard >= played + level - LEVEL_SLACK).mean(axis=1)
    carried = np.convolve(carried, np.ones(SMOOTH_FRAMES) / SMOOTH_FRAMES, mode="same")
    enough = CARRIED * float(np.median(carried[inside]))
    first, last = start - lo, end - lo
    while first > 0 and carried[first - 1] >= enough:
        first -= 1
    while last < len(carried) and carried[last] >= enough:
        last += 1
    return lo + first, lo + last
