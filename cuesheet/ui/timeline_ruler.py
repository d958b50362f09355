"""The timeline's ruler: ticks at round timecodes, as they are labelled, in the project's timecode.

Ticks fall on labels a person would write down: HH:MM:SS;00 at a step of whole seconds, minutes or
hours. In drop-frame the labels ;00 and ;01 (;00–;03 at 59.94) do not exist at the start of most
minutes, so a minute's tick is on its first label, HH:MM:00;02. Choosing ticks from the real frame
count instead drifts onto odd labels (01:00:03;18). Only ticks inside the view are made (a bounded
number at any zoom and any position), and labels are kept inside the ruler.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from cuesheet.domain.timecode import FrameRate, format_timecode

MIN_TICK_PX = 90  # room for a label and a gap
LABEL_GAP_PX = 3
TICK_STEPS_S = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 10800, 21600, 43200, 86400)


def frame_of_label_second(seconds: int, rate: FrameRate) -> int:
    """The frame whose label is ``seconds`` (counted as labelled) with frames field 00, or the
    minute's first label where drop-frame skips 00; negative labels mirror positive ones."""
    if seconds < 0:
        return -frame_of_label_second(-seconds, rate)
    drop = rate.dropped_per_minute
    labels = seconds * rate.nominal
    if not drop:
        return labels
    minutes = seconds // 60
    if seconds % 60 == 0 and minutes % 10:
        labels += drop  # HH:MM:00;00 is skipped: the minute starts at ;02 (;04 at 59.94)
    return labels - drop * (minutes - minutes // 10)


def tick_step(rate: FrameRate, frames_per_px: float) -> int:
    """Seconds between ticks: the smallest round step whose ticks are MIN_TICK_PX apart, counting
    the frames drop-frame removes between two labels (up to two drops per minute crossed)."""
    drop = rate.dropped_per_minute

    def narrowest_px(step: int) -> float:
        return (step * rate.nominal - 2 * drop * math.ceil(step / 60)) / frames_per_px

    for step in TICK_STEPS_S:
        if narrowest_px(step) >= MIN_TICK_PX:
            return step
    days = math.ceil(MIN_TICK_PX * frames_per_px / (86400 * rate.nominal - 2 * drop * 1440))
    return 86400 * max(1, days + 1)  # zoomed out beyond the table: whole days


def ruler_ticks(rate: FrameRate, left_frame: float, frames_per_px: float, width: int) -> list[int]:
    """Frames to tick between ``left_frame`` and the right edge of a ``width``-pixel view."""
    step = tick_step(rate, frames_per_px)
    left = math.floor(left_frame)
    right = left_frame + width * frames_per_px
    seconds = _label_second(left, rate) // step * step - step  # a step at or before the left edge
    ticks: list[int] = []
    for _ in range(width // MIN_TICK_PX + 4):  # bounded whatever the numbers
        frame = frame_of_label_second(seconds, rate)
        if frame > right:
            break
        if frame >= left_frame:
            ticks.append(frame)
        seconds += step
    return ticks


def _label_second(frame: int, rate: FrameRate) -> int:
    """The labelled second that ``frame`` falls in (floor), read from its label."""
    text = format_timecode(abs(frame), rate)
    hh, mm, ss, ff = (int(part) for part in text.replace(";", ":").split(":"))
    seconds = (hh * 60 + mm) * 60 + ss
    return seconds if frame >= 0 else -seconds - (1 if ff else 0)


def ruler_labels(
    rate: FrameRate, left_frame: float, frames_per_px: float, width: int, width_of: Callable[[str], int]
) -> list[tuple[float, str, float]]:
    """(tick x, label, label x) for each tick: the label right of its tick, moved left to stay
    inside the ruler, and left out where it would then cover the label before it."""
    shown: list[tuple[float, str, float]] = []
    last_end = 0.0
    for frame in ruler_ticks(rate, left_frame, frames_per_px, width):
        x = (frame - left_frame) / frames_per_px
        label = format_timecode(frame, rate)
        label_x = min(x + LABEL_GAP_PX, width - width_of(label) - 1)
        if label_x >= last_end and label_x >= 0:
            shown.append((x, label, label_x))
            last_end = label_x + width_of(label) + LABEL_GAP_PX
    return shown
