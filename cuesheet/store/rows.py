"""Domain objects to table rows and back. Every value a row holds is checked on the way in.

Reading a received file: a value that cannot mean anything (a rate of ``1e50000000``, an unknown
usage code) refuses the file; one that is merely outside the bounds of ``domain.limits`` is clamped,
so the project still opens and its user can repair it (validation flags cues outside the film):
texts are clipped, positions clamped, an unreadable share loads as 0 and an unreadable fee as unknown.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.domain.cue import Cue
from cuesheet.domain.cue_numbers import Numbering
from cuesheet.domain.durations import Rounding
from cuesheet.domain.licences import Licence, MfnScope, Side, Status, StatusChange
from cuesheet.domain.limits import (
    FEE_MAX,
    NOTE_MAX,
    PATH_MAX,
    TEXT_MAX,
    BoundsError,
    clip_text,
    max_frames,
    parse_bounded_decimal,
)
from cuesheet.domain.project import MediaRef, Production, Settings, ShareConvention
from cuesheet.domain.rights import RECORDING_FIELDS, Interest, Party, Recording, Role, Work
from cuesheet.domain.timecode import FrameRate
from cuesheet.domain.usage import Origin, Perception, ThemeRole, UsageCode, Vocals

Row = dict[str, Any]

_PRODUCTION_TEXT = (
    "title", "aka", "episode_title", "episode_number", "production_number", "production_type",
    "company", "first_release", "version", "prepared_by",
)  # fmt: skip


def rate_row(rate: FrameRate) -> tuple[str, int]:
    return rate.ratio, int(rate.drop_frame)


def rate_from(text: object, drop: object) -> FrameRate:
    """A stored ``num/den`` rate, read as bounded integers (never ``Fraction(text)``: ``1e50000000``)."""
    return FrameRate.from_ratio(_str(text), bool(_int(drop, 0, 1)))


# Columns whose stored text may be longer than TEXT_MAX; the loader clips in SQL to these.
TEXT_LIMITS: dict[tuple[str, str], int] = {
    ("cues", "notes"): NOTE_MAX, ("licences", "term"): NOTE_MAX, ("licence_history", "note"): NOTE_MAX,
    ("media", "path"): PATH_MAX, ("media", "relative_path"): PATH_MAX, ("agreements", "notes"): NOTE_MAX,
}  # fmt: skip
_INTEGER = re.compile(r"[+-]?\d+")
_INT64 = 2**63 - 1


def _str(value: object, limit: int = TEXT_MAX) -> str:
    return clip_text(str(value), limit)


def _int(value: object, low: int, high: int) -> int:
    """A stored integer clamped to ``low``…``high``; a REAL or digits stored as text are clamped
    too (1e308, 5,000 nines), anything else is not a number (ValueError)."""
    if isinstance(value, float) and value == value:  # not NaN
        number = high if value >= high else low if value <= low else int(value)
    elif isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        text = value.strip()
        huge = len(text.lstrip("+-")) > 19
        number = (low if text.startswith("-") else high) if huge else int(text)
    elif isinstance(value, int):
        number = value
    else:
        raise ValueError(f"not a whole number: {_str(value)[:40]!r}")
    return max(low, min(high, number))


def _frame(value: object, rate: FrameRate) -> int:
    bound = max_frames(rate.rate)
    return _int(value, -bound, bound)


def _share(value: object) -> Decimal:
    """A stored share, or 0 when it is not a bounded number (validation then flags the work)."""
    try:
        return parse_bounded_decimal(_str(value), "share", Decimal(100))
    except BoundsError:
        return Decimal(0)


def _fee(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        return parse_bounded_decimal(_str(value), "fee", FEE_MAX)
    except BoundsError:
        return None  # unknown, as if never entered


def production_row(p: Production) -> Row:
    rate, drop = rate_row(p.rate)
    row: Row = {name: getattr(p, name) for name in _PRODUCTION_TEXT}
    row.update(id=1, rate=rate, drop_frame=drop, start_frame=p.start_frame, running_time=p.running_time)
    return row


def production_from(row: Row) -> Production:
    texts = {name: _str(row[name]) for name in _PRODUCTION_TEXT}
    rate = rate_from(row["rate"], row["drop_frame"])
    return Production(
        rate=rate,
        start_frame=_frame(row["start_frame"], rate),
        running_time=max(0, _frame(row["running_time"], rate)),
        **texts,
    )


def settings_rows(s: Settings) -> list[Row]:
    return [
        {"key": "rounding", "value": s.rounding.value},
        {"key": "numbering", "value": s.numbering.value},
        {"key": "share_convention", "value": s.share_convention.value},
    ]


def settings_from(rows: list[Row]) -> Settings:
    values = {_str(row["key"]): _str(row["value"]) for row in rows}
    defaults = Settings()
    return Settings(
        rounding=Rounding(values.get("rounding", defaults.rounding.value)),
        numbering=Numbering(values.get("numbering", defaults.numbering.value)),
        share_convention=ShareConvention(values.get("share_convention", defaults.share_convention.value)),
    )


def media_row(m: MediaRef) -> Row:
    rate, drop = rate_row(m.rate) if m.rate else (None, 0)
    return {
        "id": 1, "path": m.path, "relative_path": m.relative_path, "size": m.size,
        "duration_frames": m.duration_frames, "rate": rate, "drop_frame": drop,
        "start_frame": m.start_frame,
    }  # fmt: skip


def media_from(row: Row, project_rate: FrameRate) -> MediaRef:
    """The film as recorded; an unusable stored rate is forgotten (it only helps to recognise the
    film), and frames are clamped at the project's rate."""
    try:
        rate = rate_from(row["rate"], row["drop_frame"]) if row["rate"] else None
    except ValueError:
        rate = None
    return MediaRef(
        path=_str(row["path"], PATH_MAX),
        relative_path=_str(row["relative_path"], PATH_MAX),
        size=_int(row["size"], 0, _INT64),
        duration_frames=max(0, _frame(row["duration_frames"], project_rate)),
        rate=rate,
        start_frame=_frame(row["start_frame"], project_rate),
    )


def party_row(p: Party) -> Row:
    return {"id": p.id, "name": p.name, "society": p.society, "ipi": p.ipi}


def party_from(row: Row) -> Party:
    return Party(
        name=_str(row["name"]), society=_str(row["society"]), ipi=_str(row["ipi"]), id=_str(row["id"])
    )


def work_row(w: Work) -> Row:
    return {"id": w.id, "title": w.title, "iswc": w.iswc}


def interest_rows(w: Work) -> list[Row]:
    return [
        {
            "work_id": w.id,
            "position": i,
            "party_id": it.party_id,
            "role": it.role.value,
            "share": str(it.share),
        }
        for i, it in enumerate(w.interests)
    ]


def work_from(row: Row, interests: list[Row]) -> Work:
    ordered = sorted(interests, key=lambda r: _int(r["position"], -_INT64, _INT64))
    return Work(
        title=_str(row["title"]),
        iswc=_str(row["iswc"]),
        interests=[Interest(_str(r["party_id"]), Role(r["role"]), _share(r["share"])) for r in ordered],
        id=_str(row["id"]),
    )


def recording_row(r: Recording) -> Row:
    row: Row = {name: getattr(r, name) for name in RECORDING_FIELDS}
    row["id"] = r.id
    return row


def recording_from(row: Row) -> Recording:
    return Recording(id=_str(row["id"]), **{name: _str(row[name]) for name in RECORDING_FIELDS})


def cue_row(c: Cue) -> Row:
    return {
        "id": c.id, "start": c.start, "end": c.end, "work_id": c.work_id, "number": c.number,
        "origin": c.origin.value, "perception": c.perception.value, "vocals": c.vocals.value,
        "theme_role": c.theme_role.value,
        "usage_override": c.usage_override.value if c.usage_override else None,
        "recording_id": c.recording_id, "scene": c.scene, "motif": c.motif, "notes": c.notes,
        "agreement_id": c.agreement_id,
    }  # fmt: skip


def cue_from(row: Row, rate: FrameRate) -> Cue:
    """A cue with its In and Out clamped to the bounds at ``rate`` (a cue a million hours out
    crashed the window; clamped, the project opens and validation flags it)."""
    return Cue(
        id=_str(row["id"]),
        start=_frame(row["start"], rate),
        end=_frame(row["end"], rate),
        work_id=_str(row["work_id"]),
        number=_str(row["number"]),
        origin=Origin(row["origin"]),
        perception=Perception(row["perception"]),
        vocals=Vocals(row["vocals"]),
        theme_role=ThemeRole(row["theme_role"]),
        usage_override=UsageCode(row["usage_override"]) if row["usage_override"] else None,
        recording_id=_optional(row["recording_id"]),
        scene=_str(row["scene"]),
        motif=_str(row["motif"]),
        notes=_str(row["notes"], NOTE_MAX),
        agreement_id=_optional(row["agreement_id"]) or None,
    )


_LICENCE_TEXT = (
    "licensor", "contact", "currency", "term", "territory", "media", "exclusivity", "options", "term_end",
    "option_deadline", "credit", "agreement_ref",
)  # fmt: skip
_FEES = ("quoted_fee", "approved_fee", "paid_fee")


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def licence_row(lic: Licence) -> Row:
    row: Row = {name: getattr(lic, name) for name in _LICENCE_TEXT}
    row.update(
        id=lic.id, side=lic.side.value, work_id=lic.work_id, recording_id=lic.recording_id,
        party_id=lic.party_id, share=str(lic.share), mfn=int(lic.mfn), mfn_scope=lic.mfn_scope.value,
        status=lic.status.value, **{fee: _text(getattr(lic, fee)) for fee in _FEES},
    )  # fmt: skip
    return row


def history_rows(lic: Licence) -> list[Row]:
    return [
        {"licence_id": lic.id, "position": n, "date": h.date, "status": h.status.value, "note": h.note}
        for n, h in enumerate(lic.history)
    ]


def licence_from(row: Row, history: list[Row]) -> Licence:
    ordered = sorted(history, key=lambda r: _int(r["position"], -_INT64, _INT64))
    return Licence(
        id=_str(row["id"]), side=Side(row["side"]), work_id=_optional(row["work_id"]),
        recording_id=_optional(row["recording_id"]), party_id=_optional(row["party_id"]),
        share=_share(row["share"]), mfn=bool(_int(row["mfn"], 0, 1)),
        mfn_scope=MfnScope(row["mfn_scope"]), status=Status(row["status"]),
        history=[_change(r) for r in ordered], quoted_fee=_fee(row["quoted_fee"]),
        approved_fee=_fee(row["approved_fee"]), paid_fee=_fee(row["paid_fee"]),
        **{name: _str(row[name], TEXT_LIMITS.get(("licences", name), TEXT_MAX)) for name in _LICENCE_TEXT},
    )  # fmt: skip


def _change(row: Row) -> StatusChange:
    return StatusChange(_str(row["date"]), Status(row["status"]), _str(row["note"], NOTE_MAX))


def _optional(value: object) -> str | None:
    return None if value is None else _str(value)


def agreement_row(a: ComposerAgreement) -> Row:
    return {"id": a.id, "composer": a.composer, "reference": a.reference, "date": a.date,
            "covers_all": int(a.covers_all), "notes": a.notes}  # fmt: skip


def agreement_from(row: Row) -> ComposerAgreement:
    return ComposerAgreement(
        id=_str(row["id"]),
        composer=_str(row["composer"]),
        reference=_str(row["reference"]),
        date=_str(row["date"]),
        covers_all=bool(_int(row["covers_all"], 0, 1)),
        notes=_str(row["notes"], NOTE_MAX),
    )
