"""Domain objects to table rows and back. Every value a row holds is checked on the way in."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from cuesheet.domain.cue import Cue
from cuesheet.domain.cue_numbers import Numbering
from cuesheet.domain.durations import Rounding
from cuesheet.domain.licences import Licence, MfnScope, Side, Status, StatusChange
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


def rate_from(text: str, drop: int) -> FrameRate:
    return FrameRate(Fraction(text), bool(drop))


def production_row(p: Production) -> Row:
    rate, drop = rate_row(p.rate)
    row: Row = {name: getattr(p, name) for name in _PRODUCTION_TEXT}
    row.update(id=1, rate=rate, drop_frame=drop, start_frame=p.start_frame, running_time=p.running_time)
    return row


def production_from(row: Row) -> Production:
    texts = {name: str(row[name]) for name in _PRODUCTION_TEXT}
    return Production(
        rate=rate_from(row["rate"], row["drop_frame"]),
        start_frame=int(row["start_frame"]),
        running_time=int(row["running_time"]),
        **texts,
    )


def settings_rows(s: Settings) -> list[Row]:
    return [
        {"key": "rounding", "value": s.rounding.value},
        {"key": "numbering", "value": s.numbering.value},
        {"key": "share_convention", "value": s.share_convention.value},
    ]


def settings_from(rows: list[Row]) -> Settings:
    values = {row["key"]: row["value"] for row in rows}
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


def media_from(row: Row) -> MediaRef:
    return MediaRef(
        path=str(row["path"]),
        relative_path=str(row["relative_path"]),
        size=int(row["size"]),
        duration_frames=int(row["duration_frames"]),
        rate=rate_from(row["rate"], row["drop_frame"]) if row["rate"] else None,
        start_frame=int(row["start_frame"]),
    )


def party_row(p: Party) -> Row:
    return {"id": p.id, "name": p.name, "society": p.society, "ipi": p.ipi}


def party_from(row: Row) -> Party:
    return Party(name=str(row["name"]), society=str(row["society"]), ipi=str(row["ipi"]), id=row["id"])


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
    ordered = sorted(interests, key=lambda r: r["position"])
    return Work(
        title=str(row["title"]),
        iswc=str(row["iswc"]),
        interests=[Interest(r["party_id"], Role(r["role"]), Decimal(r["share"])) for r in ordered],
        id=row["id"],
    )


def recording_row(r: Recording) -> Row:
    row: Row = {name: getattr(r, name) for name in RECORDING_FIELDS}
    row["id"] = r.id
    return row


def recording_from(row: Row) -> Recording:
    return Recording(id=row["id"], **{name: str(row[name]) for name in RECORDING_FIELDS})


def cue_row(c: Cue) -> Row:
    return {
        "id": c.id, "start": c.start, "end": c.end, "work_id": c.work_id, "number": c.number,
        "origin": c.origin.value, "perception": c.perception.value, "vocals": c.vocals.value,
        "theme_role": c.theme_role.value,
        "usage_override": c.usage_override.value if c.usage_override else None,
        "recording_id": c.recording_id, "scene": c.scene, "motif": c.motif, "notes": c.notes,
    }  # fmt: skip


def cue_from(row: Row) -> Cue:
    return Cue(
        id=row["id"],
        start=int(row["start"]),
        end=int(row["end"]),
        work_id=row["work_id"],
        number=str(row["number"]),
        origin=Origin(row["origin"]),
        perception=Perception(row["perception"]),
        vocals=Vocals(row["vocals"]),
        theme_role=ThemeRole(row["theme_role"]),
        usage_override=UsageCode(row["usage_override"]) if row["usage_override"] else None,
        recording_id=row["recording_id"],
        scene=str(row["scene"]),
        motif=str(row["motif"]),
        notes=str(row["notes"]),
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
    ordered = sorted(history, key=lambda r: r["position"])
    return Licence(
        id=row["id"], side=Side(row["side"]), work_id=row["work_id"], recording_id=row["recording_id"],
        party_id=row["party_id"], share=Decimal(row["share"]), mfn=bool(row["mfn"]),
        mfn_scope=MfnScope(row["mfn_scope"]), status=Status(row["status"]),
        history=[StatusChange(str(r["date"]), Status(r["status"]), str(r["note"])) for r in ordered],
        **{name: str(row[name]) for name in _LICENCE_TEXT},
        **{fee: None if row[fee] is None else Decimal(row[fee]) for fee in _FEES},
    )  # fmt: skip
