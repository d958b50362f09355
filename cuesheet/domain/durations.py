"""Printed durations. Durations are kept in frames; only the printed form rounds (domain guide §2).

Seconds here are *timecode* seconds (frames ÷ the nominal rate, 24 for 23.976), so a cue from
01:00:02:00 to 01:00:14:00 prints 0:12 whatever the pull-down; at 23.976 that is 0.1 % shorter than
wall-clock time, well under a second for any cue, and it is what the In and Out labels say.
"""

from __future__ import annotations

from cuesheet.domain.choice import Choice
from cuesheet.domain.timecode import FrameRate


class Rounding(Choice):
    UP = "up"  # default: a 1.2 s sting prints as 0:02, never 0:00
    NEAREST = "nearest"
    DOWN = "down"


def whole_seconds(frames: int, rate: FrameRate, rounding: Rounding = Rounding.UP) -> int:
    """Duration in whole timecode seconds under the rounding rule (integer arithmetic, exact)."""
    nominal = rate.nominal
    if rounding is Rounding.UP:
        return -(-frames // nominal)
    if rounding is Rounding.DOWN:
        return frames // nominal
    return (2 * frames + nominal) // (2 * nominal)  # half up: floor(frames / nominal + 1/2)


def format_duration(frames: int, rate: FrameRate, rounding: Rounding = Rounding.UP) -> str:
    """``M:SS`` as PRO sheets print it (minutes are not capped at 59)."""
    return format_seconds(whole_seconds(frames, rate, rounding))


def format_seconds(seconds: int) -> str:
    """Whole seconds as ``M:SS`` (a printed total is a sum of printed seconds, not of frames)."""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}:{rest:02d}"


def parse_duration(text: str) -> int:
    """Seconds in an ``M:SS`` or ``H:MM:SS`` duration; raises ValueError."""
    parts = text.strip().split(":")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a duration: {text.strip()!r} (expected M:SS)")
    total = 0
    for index, part in enumerate(parts):
        value = int(part)
        if index > 0 and value >= 60:
            raise ValueError(f"not a duration: {text.strip()!r} (seconds and minutes must be below 60)")
        total = total * 60 + value
    return total
