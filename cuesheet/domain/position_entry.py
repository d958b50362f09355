"""What people type into a timecode field: ``01:02:03:04``, ``1:02:03;04``, ``+48`` (frames),
``-12``, ``+1.`` (one second), ``+1.12`` (one second and 12 frames), and ``.`` as ``00``
(Aegisub, Resolve) so ``1...`` is 01:00:00:00."""

from __future__ import annotations

import re

from cuesheet.domain.timecode import FrameRate, TimecodeError, parse_timecode

_RELATIVE = re.compile(r"\s*([+-])\s*(\d+)(?:\.(\d*))?\s*")


def parse_position(text: str, rate: FrameRate, current: int) -> int:
    """An absolute frame from typed text, relative to ``current`` when it starts with + or -."""
    relative = _RELATIVE.fullmatch(text)
    if relative:
        sign, whole, fraction = relative.groups()
        if fraction is None:
            amount = int(whole)  # "+48": frames
        else:
            frames = int(fraction or 0)
            if frames >= rate.nominal:
                raise TimecodeError(f"frames must be below {rate.nominal} in {text.strip()!r}")
            amount = int(whole) * rate.nominal + frames  # "+1." one second, "+1.12"
        return current + amount if sign == "+" else current - amount
    cleaned = text.strip()
    if "." in cleaned and ":" not in cleaned:
        parts = cleaned.split(".")
        if len(parts) != 4:
            raise TimecodeError(f"not a timecode: {cleaned!r} (expected HH:MM:SS:FF)")
        cleaned = ":".join(p.zfill(2) if p else "00" for p in parts)
    return parse_timecode(cleaned, rate)
