"""How often a film's pictures come: a constant rate, or a variable one read as moments.

Phones and screen recorders write variable frame rate: frames last 1/30 s, then 1/24 s, or one is
held. Counting such pictures at their average rate (27.5 fps) makes a timecode name a picture, not a
moment, and the rate is one no timecode uses. So a variable-rate film runs at the standard rate
nearest the duration most of its frames have, and a timecode is a moment: the picture shown at a
timecode is the last one whose presentation time is not after it (``picture_at``).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from fractions import Fraction
from itertools import pairwise

# The rates a project can run at that cameras and phones record (NTSC rates are x/1001).
STANDARD_RATES: tuple[Fraction, ...] = tuple(
    Fraction(n, d)
    for n, d in (
        (24000, 1001), (24, 1), (25, 1), (30000, 1001), (30, 1), (48000, 1001), (48, 1),
        (50, 1), (60000, 1001), (60, 1), (120000, 1001), (120, 1),
    )
)  # fmt: skip
_NEAR = Fraction(2, 100)  # a measured rate within 2 % of a standard one is that rate


def on_a_grid(stamps: Sequence[int], tolerance: Fraction) -> bool:
    """Whether every stamp (ascending) is within ``tolerance`` ticks of a constant-rate grid.
    Rounded time bases (23.976 stamped in milliseconds, re-timed by a muxer) make frames last 41
    or 42 ms, yet stay within a millisecond of it; a film alternating 1/30 and 1/24 s strays 4 ms."""
    if len(stamps) < 3:
        return True
    first, gaps, span = stamps[0], len(stamps) - 1, stamps[-1] - stamps[0]
    if span <= 0:
        return False
    # |stamp - first - index * span / gaps| <= p / q, in whole numbers (a 2-hour film's 172,800
    # stamps took a second as Fractions, before its first picture was shown)
    p, q = tolerance.numerator, tolerance.denominator
    bound = p * gaps
    return all(
        abs(((stamp - first) * gaps - index * span) * q) <= bound for index, stamp in enumerate(stamps)
    )


def millisecond(time_base: Fraction) -> Fraction:
    """A millisecond in ticks of ``time_base``, at least one tick."""
    return max(Fraction(1), Fraction(1, 1000) / time_base) if time_base else Fraction(1)


def standard_rate(fps: Fraction) -> Fraction:
    """The standard rate nearest ``fps``; a rate near none of them (a 15 fps screen recording)
    is rounded to whole frames a second."""
    nearest = min(STANDARD_RATES, key=lambda rate: abs(rate - fps) / rate)
    if abs(nearest - fps) / nearest <= _NEAR:
        return nearest
    return Fraction(max(1, min(1000, round(fps))))


def usual_rate(windows: Sequence[Sequence[int]], time_base: Fraction) -> Fraction | None:
    """The standard rate nearest the duration most frames last, from runs of ascending stamps
    (``windows``: stretches of the film read one after another); None without two stamps.

    Durations within a millisecond of each other are one duration (a millisecond time base writes
    1/30 s as 33 and 34 ms); a tie goes to the shorter duration, so no picture is skipped."""
    durations = sorted(b - a for stamps in windows for a, b in pairwise(stamps) if b > a)
    if not durations or not time_base:
        return None
    tolerance = Fraction(1, 1000) / time_base  # not a whole tick: 1/120 s ticks of 4 and 5 differ
    best: list[int] = []
    group: list[int] = []
    for duration in durations:
        if group and duration - group[0] > tolerance:
            best = group if len(group) > len(best) else best
            group = []
        group.append(duration)
    best = group if len(group) > len(best) else best
    seconds = Fraction(sum(best), len(best)) * time_base
    return standard_rate(1 / seconds)


class Moments:
    """Frame numbers of a variable-rate film read as moments at ``rate``: frame N is the picture on
    screen at N / rate seconds after the first picture."""

    def __init__(self, pts: Sequence[int], time_base: Fraction, rate: Fraction) -> None:
        self._pts = pts
        self._ticks_per_frame = 1 / (rate * time_base)  # exact: a moment never drifts
        last = pts[-1] - pts[-2] if len(pts) > 1 else self._ticks_per_frame
        self.frame_count = max(1, math.ceil((pts[-1] + last - pts[0]) / self._ticks_per_frame))

    def picture_at(self, frame: int) -> int:
        """The index (in presentation order) of the picture shown at frame ``frame``."""
        moment = self._pts[0] + frame * self._ticks_per_frame
        return max(0, bisect.bisect_right(self._pts, moment) - 1)
