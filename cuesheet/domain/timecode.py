"""Exact SMPTE timecode on integer frame counts.

Positions are integer frames at an exact rational rate; labels are only for people. Nothing here uses
float seconds, and nothing wraps at 24 hours (a long series' running count keeps counting).

Public API (later layers and outside checks rely on it):
``FrameRate``, ``format_timecode``, ``parse_timecode``, ``frames_to_seconds``, ``seconds_to_frames``,
``ms_to_frames``, ``TimecodeError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

__all__ = [
    "FrameRate",
    "TimecodeError",
    "format_timecode",
    "frames_to_seconds",
    "ms_to_frames",
    "parse_timecode",
    "seconds_to_frames",
]


class TimecodeError(ValueError):
    """A timecode or frame rate that cannot be used; the message names the reason."""


# Rates a user can name, with the exact value each stands for.
_NAMED_RATES: dict[str, Fraction] = {
    "23.976": Fraction(24000, 1001),
    "23.98": Fraction(24000, 1001),
    "29.97": Fraction(30000, 1001),
    "59.94": Fraction(60000, 1001),
    "47.952": Fraction(48000, 1001),
    "47.95": Fraction(48000, 1001),
    "119.88": Fraction(120000, 1001),
}
_DF_SUFFIX = re.compile(r"\s*(?:df|drop(?:[\s_-]*frame)?)\s*$", re.IGNORECASE)
_NDF_SUFFIX = re.compile(r"\s*(?:ndf|non[\s_-]*drop(?:[\s_-]*frame)?)\s*$", re.IGNORECASE)
_FPS_SUFFIX = re.compile(r"\s*(?:fps|p)\s*$", re.IGNORECASE)
_RATIO = re.compile(r"\s*(\d{1,9})\s*/\s*(\d{1,9})\s*")


@dataclass(frozen=True, slots=True)
class FrameRate:
    """An exact frame rate (``rate`` frames per second) and whether its labels drop frames."""

    rate: Fraction
    drop_frame: bool = False
    # Derived once: formatting millions of labels must not redo Fraction arithmetic.
    nominal: int = field(init=False, repr=False, compare=False)
    dropped_per_minute: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        rate = Fraction(self.rate)
        if rate <= 0:
            raise TimecodeError(f"frame rate must be positive, not {rate}")
        if self.drop_frame and _drop_per_minute(rate) == 0:
            raise TimecodeError(
                f"drop-frame timecode does not exist at {_describe(rate)} fps; "
                "it exists only at 29.97 and 59.94"
            )
        object.__setattr__(self, "rate", rate)
        object.__setattr__(self, "drop_frame", bool(self.drop_frame))
        # nominal: frames per timecode second (24 for 23.976, 30 for 29.97, 60 for 59.94);
        # dropped_per_minute: labels skipped each minute not divisible by ten (0 unless drop-frame).
        object.__setattr__(self, "nominal", _nominal(rate))
        object.__setattr__(self, "dropped_per_minute", _drop_per_minute(rate) if self.drop_frame else 0)

    @classmethod
    def parse(cls, text: str) -> FrameRate:
        """Read ``23.976``, ``24000/1001``, ``29.97df``, ``29.97 DF``, ``25``, ``59.94 NDF``…"""
        if not isinstance(text, str):
            raise TimecodeError(f"frame rate must be text, not {type(text).__name__}")
        body = text.strip()
        drop = False
        for pattern, is_drop in ((_NDF_SUFFIX, False), (_DF_SUFFIX, True)):
            found = pattern.search(body)
            if found:
                body, drop = body[: found.start()], is_drop
                break
        body = _FPS_SUFFIX.sub("", body).strip()
        return cls(_parse_rate_value(body, text), drop)

    @classmethod
    def from_ratio(cls, text: str, drop_frame: bool = False) -> FrameRate:
        """The rate stored as ``num/den`` (``ratio``), read with the limits of ``parse``: small
        integers only, so a planted ``1e50000000`` or ``1/0`` is refused before any arithmetic."""
        found = _RATIO.fullmatch(text) if isinstance(text, str) else None
        if found is None:
            raise TimecodeError(f"not a stored frame rate: {str(text)[:40]!r} (expected num/den)")
        return cls(_parse_rate_value(f"{found[1]}/{found[2]}", text), drop_frame)

    @property
    def ratio(self) -> str:
        """The exact rate as ``num/den`` (``"24000/1001"``, ``"25/1"``)."""
        return f"{self.rate.numerator}/{self.rate.denominator}"

    def __str__(self) -> str:
        return _describe(self.rate) + (" DF" if self.drop_frame else "")


def _parse_rate_value(body: str, original: str) -> Fraction:
    if body in _NAMED_RATES:
        return _NAMED_RATES[body]
    try:
        if "/" in body:
            num, den = body.split("/", 1)
            value = Fraction(int(num.strip()), int(den.strip()))
        else:
            value = Fraction(body)
    except (ValueError, ZeroDivisionError):
        raise TimecodeError(f"not a frame rate: {original.strip()!r}") from None
    if value < 1 or value > 1000:
        raise TimecodeError(f"not a usable frame rate: {original.strip()!r}")
    if value.denominator != 1 and value.denominator != 1001:
        # A decimal like 29.97 means the NTSC rate 30000/1001, not 2997/100.
        ntsc = Fraction(round(value * 1001 / 1000) * 1000, 1001)
        if abs(ntsc - value) < Fraction(1, 100):
            return ntsc
        raise TimecodeError(f"not a standard frame rate: {original.strip()!r}")
    return value


def _nominal(rate: Fraction) -> int:
    return int(rate + Fraction(1, 2)) if rate.denominator != 1 else rate.numerator


def _drop_per_minute(rate: Fraction) -> int:
    # SMPTE drop-frame exists for the NTSC rates 29.97 and 59.94 only.
    if rate == Fraction(30000, 1001):
        return 2
    if rate == Fraction(60000, 1001):
        return 4
    return 0


def _describe(rate: Fraction) -> str:
    if rate.denominator == 1:
        return str(rate.numerator)
    if rate.denominator == 1001:
        return f"{float(rate):.3f}".rstrip("0").rstrip(".")
    return f"{rate.numerator}/{rate.denominator}"


def format_timecode(frames: int, rate: FrameRate) -> str:
    """The label of absolute frame ``frames``: ``HH:MM:SS:FF``, ``;`` before FF when drop-frame."""
    if frames < 0:
        return "-" + format_timecode(-frames, rate)
    nominal = rate.nominal
    drop = rate.dropped_per_minute
    if drop:
        frames = _drop_frame_label_count(frames, nominal, drop)
    seconds, ff = divmod(frames, nominal)
    minutes, ss = divmod(seconds, 60)
    hh, mm = divmod(minutes, 60)
    sep = ";" if drop else ":"
    # Above 100 fps a frame takes three digits, every frame alike, so labels still sort as text.
    return f"{hh:02d}:{mm:02d}:{ss:02d}{sep}{ff:0{3 if nominal > 100 else 2}d}"


def _drop_frame_label_count(frames: int, nominal: int, drop: int) -> int:
    """Turn a real frame count into the label count, re-inserting the labels drop-frame skips."""
    per_ten_minutes = nominal * 600 - drop * 9
    per_minute = nominal * 60 - drop
    tens, rest = divmod(frames, per_ten_minutes)
    skipped = drop * 9 * tens
    if rest >= drop:
        skipped += drop * ((rest - drop) // per_minute)
    return frames + skipped


_TC = re.compile(r"\s*(-?)\s*(\d+)[:;](\d\d)[:;](\d\d)[:;](\d{2,3})\s*")


def parse_timecode(text: str, rate: FrameRate) -> int:
    """The absolute frame of a label such as ``01:02:03:04`` or ``1:02:03;04``; raises TimecodeError."""
    if not isinstance(text, str):
        raise TimecodeError(f"timecode must be text, not {type(text).__name__}")
    match = _TC.fullmatch(text)
    if match is None:
        raise TimecodeError(f"not a timecode: {text.strip()!r} (expected HH:MM:SS:FF)")
    sign, hh, mm, ss, ff = match.groups()
    h, m, s, f = int(hh), int(mm), int(ss), int(ff)
    nominal = rate.nominal
    if m >= 60:
        raise TimecodeError(f"minutes must be below 60 in {text.strip()!r}")
    if s >= 60:
        raise TimecodeError(f"seconds must be below 60 in {text.strip()!r}")
    if f >= nominal:
        raise TimecodeError(f"frames must be below {nominal} at {rate} fps in {text.strip()!r}")
    drop = rate.dropped_per_minute
    total_minutes = h * 60 + m
    if drop and s == 0 and f < drop and m % 10 != 0:
        raise TimecodeError(
            f"{text.strip()!r} does not exist in {rate} drop-frame timecode: labels "
            f"{0:02d}–{drop - 1:02d} are skipped at the start of every minute except each tenth"
        )
    frames = (total_minutes * 60 + s) * nominal + f
    if drop:
        frames -= drop * (total_minutes - total_minutes // 10)
    return -frames if sign else frames


def frames_to_seconds(frames: int, rate: FrameRate) -> Fraction:
    """Exact seconds from the start of frame 0 to the start of frame ``frames``."""
    return Fraction(frames) / rate.rate


def seconds_to_frames(seconds: Fraction | int | str, rate: FrameRate) -> int:
    """The nearest frame to an exact time in seconds (halves round up)."""
    exact = Fraction(seconds) * rate.rate
    return _round_half_up(exact)


def ms_to_frames(ms: int | Fraction, rate: FrameRate) -> int:
    """The nearest frame to a time in milliseconds (libVLC speaks milliseconds)."""
    return _round_half_up(Fraction(ms) * rate.rate / 1000)


def frames_to_ms(frames: int, rate: FrameRate) -> int:
    """Milliseconds (nearest, halves up) at which frame ``frames`` starts — what a player seek
    needs; in integers (a JSON export asks for 100,000 of them)."""
    num, den = rate.rate.numerator, rate.rate.denominator
    return (2 * frames * 1000 * den + num) // (2 * num)


def _round_half_up(value: Fraction) -> int:
    return (value + Fraction(1, 2)).__floor__()
