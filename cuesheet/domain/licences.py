"""Licences and clearance (domain guide §5).

A licensed (commercial) track needs a **sync** licence for the composition — one per publisher,
each with its split — and a **master** licence for the recording. Library music needs one all-in
licence; commissioned score has a composer agreement instead. A cue is cleared only when every
side it needs is licensed (or paid). Status changes are kept with their dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cuesheet.domain.choice import Choice
from cuesheet.domain.fields import CHOICE, FEE, FLAG, REF, SHARE, meta
from cuesheet.domain.limits import NOTE_MAX
from cuesheet.domain.rights import new_id


class Side(Choice):
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


class Status(Choice):
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


class MfnScope(Choice):
    NONE = ""
    OTHER_SIDE = "other_side"  # the other side of this song
    ALL_SONGS = "all_songs"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(slots=True)
class StatusChange:
    date: str = field(metadata=meta("Date"))  # ISO date
    status: Status = field(metadata=meta("Status", CHOICE))
    note: str = field(default="", metadata=meta("Note", bound=NOTE_MAX))


@dataclass(slots=True)
class Licence:
    # Labels are the licences panel's and the licensing report's column headers (domain.fields).
    side: Side = field(metadata=meta("Side", CHOICE))
    work_id: str | None = field(default=None, metadata=meta("Work", REF))  # sync, agreement: the song
    recording_id: str | None = field(default=None, metadata=meta("Recording", REF))  # master, all-in
    party_id: str | None = field(default=None, metadata=meta("Publisher", REF))  # sync: its publisher
    licensor: str = field(default="", metadata=meta("Licensor"))
    contact: str = field(default="", metadata=meta("Contact"))
    # Sync: the publisher's split of the composition.
    share: Decimal = field(default=Decimal(100), metadata=meta("Share %", SHARE))
    quoted_fee: Decimal | None = field(default=None, metadata=meta("Quoted", FEE))
    approved_fee: Decimal | None = field(default=None, metadata=meta("Approved", FEE))
    paid_fee: Decimal | None = field(default=None, metadata=meta("Paid", FEE))
    currency: str = field(default="USD", metadata=meta("Currency"))
    mfn: bool = field(default=False, metadata=meta("MFN", FLAG))
    mfn_scope: MfnScope = field(default=MfnScope.NONE, metadata=meta("MFN scope", CHOICE))
    # "perpetuity", "1 year (festival)"…
    term: str = field(default="", metadata=meta("Term", bound=NOTE_MAX))
    territory: str = field(default="", metadata=meta("Territory"))
    media: str = field(default="", metadata=meta("Media"))
    exclusivity: str = field(default="", metadata=meta("Exclusivity"))
    options: str = field(default="", metadata=meta("Options"))
    term_end: str = field(default="", metadata=meta("Term end"))  # ISO date when a limited term ends
    # ISO date by which an option must be exercised.
    option_deadline: str = field(default="", metadata=meta("Option deadline"))
    credit: str = field(default="", metadata=meta("Credit"))
    # Composer agreement reference, contract number.
    agreement_ref: str = field(default="", metadata=meta("Agreement ref."))
    status: Status = field(default=Status.IDENTIFIED, metadata=meta("Status", CHOICE))
    history: list[StatusChange] = field(default_factory=list)
    id: str = field(default_factory=new_id)


def sides_needed(origin_value: str) -> tuple[Side, ...]:
    """The licence sides a cue of this origin needs to be cleared."""
    return {
        "licensed": (Side.SYNC, Side.MASTER),
        "library": (Side.ALL_IN,),
        "score": (Side.COMPOSER_AGREEMENT,),
    }.get(origin_value, ())
