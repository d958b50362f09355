"""Licences and clearance (domain guide §5).

A licensed (commercial) track needs a **sync** licence for the composition — one per publisher,
each with its split — and a **master** licence for the recording. Library music needs one all-in
licence; commissioned score has a composer agreement instead. A cue is cleared only when every
side it needs is licensed (or paid). Status changes are kept with their dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from cuesheet.domain.rights import new_id


class Side(Enum):
    SYNC = "sync"  # the composition, per publisher
    MASTER = "master"  # the recording
    ALL_IN = "all_in"  # library music: one licence for both
    COMPOSER_AGREEMENT = "composer_agreement"  # commissioned score

    @property
    def label(self) -> str:
        return {
            Side.SYNC: "Sync", Side.MASTER: "Master", Side.ALL_IN: "All-in (library)",
            Side.COMPOSER_AGREEMENT: "Composer agreement",
        }[self]  # fmt: skip


class Status(Enum):
    IDENTIFIED = "identified"
    QUOTE_REQUESTED = "quote_requested"
    QUOTED = "quoted"
    APPROVED = "approved"
    OUT_FOR_SIGNATURE = "out_for_signature"
    LICENSED = "licensed"
    PAID = "paid"
    DENIED = "denied"
    ON_HOLD = "on_hold"
    REPLACED = "replaced"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def cleared(self) -> bool:
        return self in (Status.LICENSED, Status.PAID)


class MfnScope(Enum):
    NONE = ""
    OTHER_SIDE = "other_side"  # the other side of this song
    ALL_SONGS = "all_songs"


@dataclass(slots=True)
class StatusChange:
    date: str  # ISO date
    status: Status
    note: str = ""


@dataclass(slots=True)
class Licence:
    side: Side
    work_id: str | None = None  # sync and composer agreement: the composition
    recording_id: str | None = None  # master and all-in: the recording
    party_id: str | None = None  # sync: the publisher it is with
    licensor: str = ""
    contact: str = ""
    share: Decimal = Decimal(100)  # sync: the publisher's split of the composition
    quoted_fee: Decimal | None = None
    approved_fee: Decimal | None = None
    paid_fee: Decimal | None = None
    currency: str = "USD"
    mfn: bool = False
    mfn_scope: MfnScope = MfnScope.NONE
    term: str = ""  # "perpetuity", "1 year (festival)"…
    territory: str = ""
    media: str = ""
    exclusivity: str = ""
    options: str = ""
    term_end: str = ""  # ISO date when a limited term ends
    option_deadline: str = ""  # ISO date by which an option must be exercised
    credit: str = ""
    agreement_ref: str = ""  # composer agreement reference, contract number
    status: Status = Status.IDENTIFIED
    history: list[StatusChange] = field(default_factory=list)
    id: str = field(default_factory=new_id)


def sides_needed(origin_value: str) -> tuple[Side, ...]:
    """The licence sides a cue of this origin needs to be cleared."""
    return {
        "licensed": (Side.SYNC, Side.MASTER),
        "library": (Side.ALL_IN,),
        "score": (Side.COMPOSER_AGREEMENT,),
    }.get(origin_value, ())
