"""The bounds every value must respect on every way in (typed, imported, merged, loaded from a file).

A project file, a CSV or a timeline may come from anywhere; a value outside these bounds is refused
(or, when loading a project, clamped and reported) so that no later step — drawing, printing,
arithmetic — meets a number or a text it cannot handle in bounded time and memory.

| what | bound |
|---|---|
| a one-line text (title, name, code, number, label, contact, …) | ``TEXT_MAX`` characters |
| a note (cue notes, licence terms, history notes) | ``NOTE_MAX`` characters |
| a path (the film's stored path) | ``PATH_MAX`` characters |
| a position or duration | ``MAX_HOURS`` hours at the project's rate (``max_frames``) |
| a share | 0–100 with at most ``DECIMAL_PLACES`` decimals |
| a fee | 0–``FEE_MAX`` with at most ``DECIMAL_PLACES`` decimals |
| a project's lock file | ``LOCK_READ_MAX`` bytes read; unreadable: live for ``LOCK_GRACE_SECONDS`` s |
| an imported cue-sheet CSV (a regular file) | ``CSV_MAX_BYTES`` bytes (about 1.8 million rows) |
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from cuesheet.domain.decimal_text import decimal_places

__all__ = [
    "CSV_MAX_BYTES",
    "DECIMAL_PLACES",
    "FEE_MAX",
    "LOCK_GRACE_SECONDS",
    "LOCK_READ_MAX",
    "MAX_HOURS",
    "NOTE_MAX",
    "PATH_MAX",
    "TEXT_MAX",
    "BoundsError",
    "check_text",
    "clamp_frame",
    "clip_text",
    "max_frames",
    "parse_bounded_decimal",
]

TEXT_MAX = 500
NOTE_MAX = 10_000
PATH_MAX = 4_096
MAX_HOURS = 1_000  # longer than any film or a series' running count; HHH:MM:SS:FF at most
FEE_MAX = Decimal(10) ** 12
DECIMAL_PLACES = 4
LOCK_READ_MAX = 4_096  # an owner record is ~150 bytes
LOCK_GRACE_SECONDS = 10  # an empty or unreadable lock this young is still being written
CSV_MAX_BYTES = 256 * 1024 * 1024  # a feature's sheet is under 1 MB; a series' whole run far below this


class BoundsError(ValueError):
    """A value outside the documented bounds; the message names the field and the bound."""


def check_text(value: str, what: str, limit: int = TEXT_MAX) -> str:
    """``value`` when it fits, else BoundsError naming ``what`` and the limit."""
    if len(value) > limit:
        raise BoundsError(f"{what} is {len(value):,} characters long; the limit is {limit:,}")
    return value


def clip_text(value: str, limit: int = TEXT_MAX) -> str:
    """``value`` cut to ``limit`` characters (for text loaded from a file, so it can still open)."""
    return value if len(value) <= limit else value[:limit]


def max_frames(rate: Fraction) -> int:
    """The largest position or duration, in frames, at ``rate`` frames per second."""
    return int(MAX_HOURS * 3600 * rate)


def clamp_frame(frame: int, rate: Fraction) -> int:
    limit = max_frames(rate)
    return max(-limit, min(limit, frame))


# Plain decimal notation only: no exponent (1e999999), no NaN/Infinity, a bounded number of digits.
_DECIMAL = re.compile(r"[+-]?(\d{1,15})(?:\.(\d{0,15}))?|[+-]?\.(\d{1,15})")


def parse_bounded_decimal(text: str, what: str, high: Decimal, places: int = DECIMAL_PLACES) -> Decimal:
    """A decimal such as ``50``, ``33.3333`` or ``-0`` in plain notation within 0…``high``;
    raises BoundsError. Bounded in the text's length before any arithmetic."""
    cleaned = text.strip()
    if len(cleaned) > 40 or not _DECIMAL.fullmatch(cleaned):
        raise BoundsError(f"{what} {_quote(cleaned)} is not a number (write it like 12.5)")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise BoundsError(f"{what} {_quote(cleaned)} is not a number") from None
    if value < 0 or value > high:
        raise BoundsError(f"{what} {_quote(cleaned)} must be between 0 and {high:,}")
    if decimal_places(value) > places and value != value.quantize(Decimal(1).scaleb(-places)):
        raise BoundsError(f"{what} {_quote(cleaned)} has more than {places} decimals")
    return value + 0  # normalises -0 to 0


def _quote(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "…")
