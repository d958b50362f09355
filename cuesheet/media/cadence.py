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
    if 2 * tolerance * gaps >= span:  # a tick is about a frame (AVI's 1/25): a dropped frame is 2
        return all(b - a == stamps[1] - stamps[0] for a, b in pairwise(stamps))
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
    is rounded to whole frames a second; never above 120 (a burst of pictures a millisecond
    apart is not a rate a timecode can be typed at: at 120 its moments still show a picture)."""
    nearest = min(STANDARD_RATES, key=lambda rate: abs(rate - fps) / rate)
    if abs(nearest - fps) / nearest <= _NEAR:
        return nearest
    return Fraction(max(1, min(120, round(fps))))


def usual_rate(windows: Sequence[Sequence[int]], time_base: Fraction) -> Fraction | None:
    """The standard rate nearest the duration most frames last, from runs of ascending stamps
    (``windows``: stretches of the film read one after another); None without two stamps."""
    seconds = usual_duration(windows, time_base)
    return standard_rate(1 / seconds) if seconds else None


def usual_duration(windows: Sequence[Sequence[int]], time_base: Fraction) -> Fraction | None:
    """The duration most frames last, in seconds, as measured (``usual_rate`` names its standard
    rate). Durations within a millisecond of each other are one duration (a millisecond time base
    writes 1/30 s as 33 and 34 ms); a tie goes to the shorter duration, so no picture is skipped."""
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
    return Fraction(sum(best), len(best)) * time_base


class Moments:
    """Frame numbers of a variable-rate film read as moments at ``rate``: frame N is the picture on
    screen at N / rate seconds after the first picture."""

    def __init__(
        self, pts: Sequence[int], time_base: Fraction, rate: Fraction, end: int | None = None
    ) -> None:
        """``end``: when the last picture stops being shown (default: as long after it as the one
        before it lasted)."""
        self._pts = pts
        self._ticks_per_frame = 1 / (rate * time_base)  # exact: a moment never drifts
        # A stamp a tick (at most a millisecond) after a moment is the picture of that moment: a
        # time base of milliseconds writes 2/30 s as 67 ms, and the picture is meant at 66.67.
        self._rounding = min(Fraction(1), Fraction(1, 1000) / time_base)
        last = pts[-1] - pts[-2] if len(pts) > 1 else self._ticks_per_frame
        self.frame_count = frames_until(
            (end if end is not None else pts[-1] + last) - pts[0], time_base, rate
        )

    def picture_at(self, frame: int) -> int:
        """The index (in presentation order) of the picture shown at frame ``frame``."""
        moment = self._pts[0] + frame * self._ticks_per_frame + self._rounding
        return max(0, bisect.bisect_right(self._pts, moment) - 1)


def frames_until(ticks: int | Fraction, time_base: Fraction, rate: Fraction) -> int:
    """How many frames at ``rate`` begin within ``ticks`` of the first picture: every moment before
    the film ends shows a picture (probe's length and the pictures agree)."""
    return max(1, math.ceil(ticks * time_base * rate - Fraction(1, 1000) * rate))
