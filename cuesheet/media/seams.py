"""Where one stretch of a re-edit's sound gives way to the next (issue #13 §3: trimmed cues within 2
frames at the new cut points).

``spotting.tightened`` bounds each stretch where the normalised spectra stop being alike. Near a
cut the slow average those spectra are taken from straddles it: in a quiet stretch before a loud
one the new cut's frames and the old film's under the next stretch's alignment are both mostly
"less the loud sound to come", and looked alike (a stretch began 4 frames early); a quiet end
looked unlike its own (a stretch ended 3 frames early). At a cut between two stretches the frame
where the sound changes is found again from the spectra as they are, each less its own mean (a
change of level is no difference): the same sound differs by ~0.01-0.2 of a band's log level,
another by 0.4 or more (bench-conform --minutes 120).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from cuesheet.media.finding_edges import change_point
from cuesheet.media.found import Finding, frame_at
from cuesheet.media.landmarks import FFT, FRAMES_PER_SECOND, HOP, Analysis

SEAM_REACH_S = 0.5  # how far either side of two stretches' meeting the cut between them is looked for
_UNLIKE = 10.0  # the distance where the old film has no frame: more than any two sounds differ


def seamed(new: Analysis, old: Analysis, stretches: list[Finding]) -> list[Finding]:
    """``stretches`` (the new cut's, of ``old``'s sound) in order, each two that meet (a hole or
    an overlap of at most ``2 * SEAM_REACH_S``) cut at the one frame where the sound changes from
    the first's to the next's."""
    ordered = sorted(stretches, key=lambda f: (f.start, f.end))
    if len(ordered) < 2:
        return ordered
    reach = round(SEAM_REACH_S * FRAMES_PER_SECOND)
    new_bands, old_bands = new.bands, old.spectrum()
    for n in range(len(ordered) - 1):
        first, then = ordered[n], ordered[n + 1]
        end, start = frame_at(first.end), frame_at(then.start)
        if abs(start - end) > 2 * reach:
            continue
        lo = max(frame_at(first.start) + 1, min(end, start) - reach)
        hi = min(frame_at(then.end) - 1, max(end, start) + reach)
        if hi <= lo:
            continue
        before = _distances(new_bands, old_bands, _offset(first), lo, hi)
        after = _distances(new_bands, old_bands, _offset(then), lo, hi)
        # The first's sound in [lo, cut), the next's in [cut, hi), unlike least in all.
        cut = lo + change_point(before, after)  # the first frame more like the next's sound
        # Between its window's centre and the one before's: a frame's time is where its window
        # starts, half a window (1.5 frames at most) before the sound it weighs most.
        at = (cut + (FFT - HOP) / 2 / HOP) / FRAMES_PER_SECOND
        ordered[n] = replace(first, end=at)
        ordered[n + 1] = replace(then, start=at, offset=then.offset + at - then.start)
    return ordered


def _centred(bands: np.ndarray) -> np.ndarray:
    values = bands.astype(np.float32)
    return values - values.mean(axis=1, keepdims=True)


def _distances(new: np.ndarray, old: np.ndarray, offset: int, lo: int, hi: int) -> np.ndarray:
    """How unlike new frame t is old frame t - ``offset``, for t in [lo, hi): the mean difference
    of their bands, each frame less its mean."""
    out = np.full(hi - lo, _UNLIKE, np.float32)
    a, b = max(lo, offset), min(hi, offset + len(old), len(new))
    if b > a:
        out[a - lo : b - lo] = np.abs(_centred(new[a:b]) - _centred(old[a - offset : b - offset])).mean(
            axis=1
        )
    return out


def _offset(stretch: Finding) -> int:
    """New frame minus old frame along ``stretch``."""
    return frame_at(stretch.start) - frame_at(stretch.offset)
