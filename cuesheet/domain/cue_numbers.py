"""Spotting cue numbers: ``1M01`` is reel 1, music cue 1; ``1M03A`` is a cue inserted after 1M03.

Numbering is per reel (``1M01``, ``2M01``) or continuous (``M01``, ``M02``…). A cue inserted between
two numbered cues takes the previous number plus the next free letter, so existing numbers (already
quoted in licence requests) never change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cuesheet.domain.choice import Choice


class Numbering(Choice):
    PER_REEL = "per_reel"
    CONTINUOUS = "continuous"


_CUE_NUMBER = re.compile(r"\s*(\d{1,2})?\s*[mM]\s*(\d{1,4})\s*([A-Za-z]?)\s*")


@dataclass(frozen=True, order=True, slots=True)
class CueNumber:
    reel: int  # 0 when numbering is continuous
    number: int
    suffix: str = ""

    def __str__(self) -> str:
        reel = str(self.reel) if self.reel else ""
        return f"{reel}M{self.number:02d}{self.suffix}"

    @classmethod
    def parse(cls, text: str) -> CueNumber:
        match = _CUE_NUMBER.fullmatch(text)
        if match is None:
            raise ValueError(f"not a cue number: {text.strip()!r} (expected e.g. 1M01, 2M03A, M12)")
        reel, number, suffix = match.groups()
        return cls(int(reel) if reel else 0, int(number), suffix.upper())


def try_parse(text: str) -> CueNumber | None:
    try:
        return CueNumber.parse(text)
    except ValueError:
        return None


def next_number(existing: Iterable[str], reel: int, numbering: Numbering) -> str:
    """The number a new cue appended at the end of ``reel`` takes."""
    reel = reel if numbering is Numbering.PER_REEL else 0
    prefix = f"{reel}M" if reel else "M"
    # Cheap prefix test first (a long series has thousands of numbers, few of them in this reel), on
    # the text as the parser reads it: spaces dropped and the reel's leading zeros too ("01 M05").
    candidates = (t for t in existing if "".join(t.split()).upper().lstrip("0").startswith(prefix))
    highest = max(
        (n.number for n in map(try_parse, candidates) if n is not None and n.reel == reel),
        default=0,
    )
    return str(CueNumber(reel, highest + 1))


def inserted_number(previous: str, existing: Iterable[str]) -> str:
    """The number for a cue inserted right after ``previous``: the same number, next free letter."""
    base = CueNumber.parse(previous)
    taken = {str(n) for n in map(try_parse, existing) if n is not None}
    letter = ord(base.suffix) + 1 if base.suffix else ord("A")
    while letter <= ord("Z"):
        candidate = CueNumber(base.reel, base.number, chr(letter))
        if str(candidate) not in taken:
            return str(candidate)
        letter += 1
    raise ValueError(f"no free insert letter after {previous}")


def reel_of(timecode_hours: int) -> int:
    """Reel N starts at N:00:00:00 by convention; material before 01:00:00:00 counts as reel 1."""
    return max(1, timecode_hours)


def renumbered(reels: Iterable[int], numbering: Numbering) -> list[str]:
    """Fresh numbers for cues in sequence order, given each cue's reel."""
    counters: dict[int, int] = {}
    numbers = []
    for reel in reels:
        key = reel if numbering is Numbering.PER_REEL else 0
        counters[key] = counters.get(key, 0) + 1
        numbers.append(str(CueNumber(key, counters[key])))
    return numbers
