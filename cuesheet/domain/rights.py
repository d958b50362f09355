"""Works, recordings and interested parties (domain guide §4).

Writers and publishers belong to the *work* (the composition), so a work used in several cues shares
its parties; a cue refers to its work. Shares are exact decimals in the project's share convention
(per side or whole work, a project setting); reports render them for the target.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from cuesheet.domain.choice import Choice

if TYPE_CHECKING:
    from cuesheet.domain.project import ShareConvention

from cuesheet.domain.decimal_text import format_decimal
from cuesheet.domain.fields import CHOICE, REF, SHARE, declared, meta
from cuesheet.domain.limits import parse_bounded_decimal


def new_id() -> str:
    """Ids are random, so cues and parties from two project files can be merged without clashes."""
    return uuid.uuid4().hex


class Role(Choice):
    C = "C"  # composer
    A = "A"  # author / lyricist
    CA = "CA"  # composer and author
    AR = "AR"  # arranger
    AD = "AD"  # adapter
    TR = "TR"  # translator
    SA = "SA"  # sub-author
    SR = "SR"  # sub-arranger
    E = "E"  # original publisher
    SE = "SE"  # sub-publisher
    AM = "AM"  # administrator

    @property
    def is_publisher(self) -> bool:
        return self in (Role.E, Role.SE, Role.AM)

    @classmethod
    def parse(cls, text: str) -> Role:
        key = text.strip().upper()
        aliases = {"W": "CA", "P": "E", "PUB": "E", "COMPOSER": "C", "PUBLISHER": "E"}
        try:
            return cls(aliases.get(key, key))
        except ValueError:
            roles = ", ".join(r.value for r in cls)
            raise ValueError(f"unknown role {text.strip()!r} (expected one of: {roles})") from None


SOCIETIES = (
    "ASCAP", "BMI", "SESAC", "GMR", "SOCAN", "PRS", "GEMA", "SACEM", "APRA", "JASRAC", "SIAE",
    "SGAE", "STIM", "TONO", "KODA", "TEOSTO", "BUMA", "SABAM", "SUISA", "AKM", "IMRO", "ZAIKS",
    "SAMRO", "ECAD", "SADAIC", "SACM", "KOMCA", "CASH", "MCSC", "NONE",
)  # fmt: skip


@dataclass(slots=True)
class Party:
    """A writer or publisher as registered with a society."""

    name: str = field(metadata=meta("Name"))  # "Surname, First" for people
    # A society's short name, "NONE" for none, "" when not yet known.
    society: str = field(default="", metadata=meta("Society"))
    ipi: str = field(default="", metadata=meta("IPI"))  # IPI name number, digits only
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Interest:
    """One party's role and share in a work."""

    party_id: str = field(metadata=meta("Party", REF))
    role: Role = field(metadata=meta("Role", CHOICE))
    share: Decimal = field(metadata=meta("Share %", SHARE))  # percent, exact


@dataclass(slots=True)
class Work:
    title: str = field(metadata=meta("Title"))
    iswc: str = field(default="", metadata=meta("ISWC"))  # stored without punctuation: T0702401012
    interests: list[Interest] = field(default_factory=list)
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Recording:
    """The recording side: what a master licence and a library licence are about."""

    artist: str = field(default="", metadata=meta("Artist"))
    label: str = field(default="", metadata=meta("Label / master owner"))
    isrc: str = field(default="", metadata=meta("ISRC"))
    library: str = field(default="", metadata=meta("Library"))
    catalog_number: str = field(default="", metadata=meta("Catalogue #"))
    track_number: str = field(default="", metadata=meta("Track #"))
    id: str = field(default_factory=new_id)

    def values(self) -> tuple[str, ...]:
        """The recording's details in RECORDING_FIELDS order (everything but the id)."""
        return tuple(getattr(self, name) for name in RECORDING_FIELDS)

    def is_empty(self) -> bool:
        return not any(self.values())


RECORDING_FIELDS = tuple(d.name for d in declared(Recording))  # every detail but the id


def parse_share(text: str) -> Decimal:
    """A share percentage such as ``50``, ``33.33`` or ``50 %`` in plain notation, 0–100 with at most
    ``limits.DECIMAL_PLACES`` decimals; raises ValueError (``1e999999`` is refused, not computed)."""
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    return parse_bounded_decimal(cleaned, "share", Decimal(100))


def format_share(value: Decimal) -> str:
    """Shares print without trailing zeros: ``50``, ``33.33``."""
    return format_decimal(value)


def normalize_code(text: str) -> str:
    """ISWC / ISRC / IPI as stored: upper case, punctuation and spaces removed."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def share_for_new_interest(
    interests: list[Interest], party_id: str, role: Role, convention: ShareConvention
) -> list[Interest]:
    """``interests`` with a new party added in ``role``, its share set by the share convention.

    The newcomer's pool is its side (writers or publishers) per side, the whole work otherwise.
    Where the pool is not full, the newcomer takes what is left and nobody else changes. Where it
    is full, its side is shared out equally, newcomer included (a sole writer at 100 % and a new
    one: 50 / 50); in the whole work, a first publisher beside writers who hold it all (or the
    reverse) makes the usual 50 / 50 of writers and publishers. Shares are kept to 0.01, the
    newcomer taking the rounding remainder, so totals stay exact. The input is not changed."""
    from cuesheet.domain.project import ShareConvention  # the project module imports this one

    result = [Interest(i.party_id, i.role, i.share) for i in interests]
    new = Interest(party_id, role, Decimal(0))
    side = [i for i in result if i.role.is_publisher == role.is_publisher]
    whole_work = convention is ShareConvention.WHOLE_WORK
    pool = result if whole_work else side
    left = _HUNDRED - sum((i.share for i in pool), Decimal(0))
    if left > 0:
        new.share = left
    elif not whole_work or side:
        # Per side the side is the pool (100 %); in the whole work, the side's own part of it.
        total = _HUNDRED if not whole_work else sum((i.share for i in side), Decimal(0))
        _share_equally([*side, new], total)
    else:  # the whole work held by the other side alone: writers and publishers go 50 / 50
        _share_equally(result, _HUNDRED / 2, proportional=True)
        new.share = _HUNDRED / 2
    return [*result, new]


_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


def _share_equally(interests: list[Interest], total: Decimal, proportional: bool = False) -> None:
    """Set shares summing exactly to ``total`` (equal, or in the present proportions), to 0.01."""
    if not interests:
        return
    current = sum((i.share for i in interests), Decimal(0))
    for interest in interests:
        if proportional and current > 0:
            interest.share = (interest.share * total / current).quantize(_CENT)
        else:
            interest.share = (total / len(interests)).quantize(_CENT)
    interests[-1].share += total - sum((i.share for i in interests), Decimal(0))
