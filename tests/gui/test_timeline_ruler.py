"""The timeline's ruler: ticks at round timecodes as labelled (drop-frame too), labels kept inside."""

from __future__ import annotations

import itertools
import re

import pytest

from cuesheet.domain.timecode import FrameRate, format_timecode, parse_timecode
from cuesheet.ui.timeline_ruler import MIN_TICK_PX, ruler_labels, ruler_ticks

RATES = ["29.97df", "59.94df", "23.976", "25", "29.97", "60"]
ZOOMS = [0.05, 0.3, 1.0, 4.0, 25.0, 300.0, 5000.0, 20000.0]  # frames per pixel
WIDTH = 1280


def lefts(rate: FrameRate) -> list[int]:
    sep = ";" if rate.drop_frame else ":"
    labels = ["00:00:00", "01:00:00", "01:00:03", "01:00:59", "01:09:58", "01:59:59", "23:59:30"]
    frames = [parse_timecode(f"{label}{sep}00" if "59" not in label[-2:] else f"{label}{sep}10", rate)
              for label in labels]  # fmt: skip
    return [*frames, frames[1] + 7, frames[1] - 1000]  # neighbours: off the second, before zero


def label_seconds(label: str) -> tuple[int, int]:
    """(seconds counted as labelled, frames field) of ``[-]HH:MM:SS;FF``."""
    match = re.fullmatch(r"(-?)(\d+):(\d\d):(\d\d)[:;](\d\d)", label)
    assert match, label
    sign, hh, mm, ss, ff = match.groups()
    seconds = (int(hh) * 60 + int(mm)) * 60 + int(ss)
    return (-seconds if sign else seconds), int(ff)


@pytest.mark.parametrize("text", RATES)
@pytest.mark.parametrize("frames_per_px", ZOOMS)
def test_ticks_fall_on_round_timecodes(text: str, frames_per_px: float) -> None:
    rate = FrameRate.parse(text)
    dropped = rate.dropped_per_minute
    for left in lefts(rate):
        right = left + WIDTH * frames_per_px
        ticks = ruler_ticks(rate, left, frames_per_px, WIDTH)
        assert ticks == sorted(set(ticks)) and all(left <= t <= right for t in ticks)
        assert 1 <= len(ticks) <= WIDTH / MIN_TICK_PX + 2, (left, frames_per_px)
        steps = set()
        for frame in ticks:
            seconds, ff = label_seconds(format_timecode(frame, rate))
            whole = abs(seconds)
            minute_label = whole % 60 == 0 and (whole // 60) % 10 != 0
            # HH:MM:SS;00, or the minute's first label where drop-frame skips ;00 and ;01 (;00–;03 at 59.94)
            assert ff == (dropped if minute_label else 0), format_timecode(frame, rate)
            steps.add(seconds)
        # One step throughout: every labelled second is a multiple of it, and ticks are far enough apart.
        step = min((b - a for a, b in itertools.pairwise(sorted(steps))), default=None)
        if step is not None:
            assert all(s % step == 0 for s in steps)
            gaps = [b - a for a, b in itertools.pairwise(ticks)]
            assert min(gaps) / frames_per_px >= MIN_TICK_PX


def test_a_drop_frame_ruler_names_the_minutes_as_they_are_labelled() -> None:
    rate = FrameRate.parse("29.97df")
    left = parse_timecode("01:00:50;00", rate)
    labels = [format_timecode(t, rate) for t in ruler_ticks(rate, left, 0.25, WIDTH)]  # ~10 s in view
    assert labels[:4] == ["01:00:50;00", "01:00:51;00", "01:00:52;00", "01:00:53;00"]
    assert "01:01:00;02" in labels  # 01:01:00;00 does not exist
    assert not any(label.endswith(";18") for label in labels)


def test_labels_stay_inside_the_ruler() -> None:
    rate = FrameRate.parse("29.97df")

    def width_of(text: str) -> int:
        return 7 * len(text)

    for frames_per_px in ZOOMS:
        for left in lefts(rate):
            shown = ruler_labels(rate, left - 0.4 * frames_per_px, frames_per_px, WIDTH, width_of)
            assert shown, (left, frames_per_px)
            ends = []
            for tick_x, label, label_x in shown:
                assert 0 <= tick_x <= WIDTH
                assert label_x >= 0 and label_x + width_of(label) <= WIDTH, (label, label_x)
                ends.append((label_x, label_x + width_of(label)))
            assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends)), "labels overlap"


def test_ruler_copes_with_far_frames() -> None:
    rate = FrameRate.parse("59.94df")
    for left in (-(10**12), 10**12, 2**62):
        ticks = ruler_ticks(rate, left, 20000.0, WIDTH)
        assert len(ticks) <= WIDTH / MIN_TICK_PX + 2
