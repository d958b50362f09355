"""The licensing (clearance) report: per song, its uses and both sides' terms, fees and status.

Effective fees apply MFN (fees only ever rise to match): ``other side`` — a side with MFN is raised to
the other side of the same song (sync split by publisher share); ``all songs`` — raised to the
highest fee of the same side across the production. The fee counted is the approved one, else the
quoted one. The shortfall is what uncleared sides still cost; terms and options ending within
90 days of the report date are listed.

Commissioned score is cleared by the production's composer agreements, listed once with the cues
each covers (``domain.agreements``); only score that no agreement covers appears among the songs, as
uncleared (or with a composer-agreement licence entered on its work before agreements existed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cuesheet.domain.agreements import ComposerAgreement, coverage
from cuesheet.domain.clearance import clearance, licence_index, licences_of
from cuesheet.domain.cue import Cue
from cuesheet.domain.decimal_text import format_decimal
from cuesheet.domain.durations import format_duration
from cuesheet.domain.fields import Codec, Declared, declared, labels
from cuesheet.domain.licences import Licence, MfnScope, Side, sides_needed
from cuesheet.domain.project import Project
from cuesheet.domain.sheet import Sheet
from cuesheet.domain.usage import Origin
from cuesheet.reports.cue_sheet_csv import write_csv

EXPIRY_WINDOW_DAYS = 90
# A licence side's columns: the licence's own fields by name (label and text from their
# declarations, domain.fields) and the report's own columns, in printed order.
_LICENCE_COLUMNS = (
    "licensor", "contact", "share", "quoted_fee", "approved_fee", "paid_fee", "currency", "mfn", "mfn_scope",
    "Effective fee", "term", "territory", "media", "exclusivity", "options", "term_end", "option_deadline",
    "status", "Status date", "Cleared", "agreement_ref", "Agreement date",
)  # fmt: skip
_LABELS = labels(Licence)
CSV_HEADER = (
    "Song", "Cue #s", "Uses", "Duration", "Origin", "Side", *(_LABELS.get(c, c) for c in _LICENCE_COLUMNS),
)  # fmt: skip


@dataclass
class SongLine:
    """One licence side of a song (or a side that is needed and missing: ``licence`` is None)."""

    side: Side
    licence: Licence | None
    effective_fee: Decimal | None = None


@dataclass
class Song:
    title: str
    origin: Origin
    cues: list[Cue]
    duration_frames: int
    cleared: bool
    lines: list[SongLine] = field(default_factory=list)


@dataclass
class AgreementLine:
    """A composer agreement and the score cues it covers."""

    agreement: ComposerAgreement
    cues: list[Cue]
    duration_frames: int


@dataclass
class LicensingReport:
    songs: list[Song]
    totals: dict[str, Decimal]  # all-in cost by currency, MFN applied
    shortfall: dict[str, Decimal]  # fees of sides not yet cleared, by currency
    uncleared_uses: int
    expiring: list[tuple[str, str, str, str]]  # (date, what, song, licensor)
    agreements: list[AgreementLine] = field(default_factory=list)


def fee(licence: Licence) -> Decimal | None:
    return licence.approved_fee if licence.approved_fee is not None else licence.quoted_fee


def build(project: Project, today: dt.date | None = None) -> LicensingReport:
    today = today or dt.date.today()
    sheet = Sheet.of(project)
    ordered = sheet.cues()
    carved = {line.cue.id: line.frames for line in sheet}
    covered = coverage(project, ordered)
    agreements = [
        AgreementLine(agreement, cues, sum(carved[c.id] for c in cues))
        for agreement in sorted(project.agreements.values(), key=lambda a: (a.date, a.composer, a.id))
        for cues in [covered.by_agreement[agreement.id]]
    ]
    uncovered = {c.id for c in covered.uncovered}
    songs = _songs(project, [c for c in ordered if c.origin is not Origin.SCORE or c.id in uncovered], carved)
    _apply_mfn(songs)
    totals: dict[str, Decimal] = {}
    shortfall: dict[str, Decimal] = {}
    for song in songs:
        for line in song.lines:
            if line.licence is None or line.effective_fee is None:
                continue
            currency = line.licence.currency
            totals[currency] = totals.get(currency, Decimal(0)) + line.effective_fee
            if not line.licence.status.cleared:
                shortfall[currency] = shortfall.get(currency, Decimal(0)) + line.effective_fee
    uncleared = sum(len(s.cues) for s in songs if not s.cleared)
    expiring = _expiring(project, songs, today)
    return LicensingReport(songs, totals, shortfall, uncleared, expiring, agreements)


def _songs(project: Project, cues: list[Cue], carved: dict[str, int]) -> list[Song]:
    """Songs of licensed and library cues, and of score no agreement covers, in sheet order."""
    groups: dict[tuple[str, str | None], list[Cue]] = {}
    for cue in cues:
        if cue.origin in (Origin.LICENSED, Origin.LIBRARY, Origin.SCORE):
            groups.setdefault((cue.work_id, cue.recording_id), []).append(cue)
    index = licence_index(project)
    songs = []
    for (work_id, _), cues in groups.items():
        work = project.works.get(work_id)
        origin = cues[0].origin
        licences = licences_of(project, cues[0], index)  # every cue of the song has its work and recording
        lines = [SongLine(lic.side, lic) for lic in sorted(licences, key=lambda lic: lic.side.value)]
        present = {lic.side for lic in licences}
        lines += [SongLine(side, None) for side in sides_needed(origin.value) if side not in present]
        cleared = all(clearance(project, cue, index).cleared for cue in cues)
        duration = sum(carved[c.id] for c in cues)
        songs.append(Song(work.title if work else "", origin, cues, duration, cleared, lines))
    return songs


def _apply_mfn(songs: list[Song]) -> None:
    highest: dict[Side, Decimal] = {}
    for song in songs:
        for line in song.lines:
            amount = fee(line.licence) if line.licence is not None else None
            if amount is not None:
                highest[line.side] = max(highest.get(line.side, Decimal(0)), amount)
    for song in songs:
        sync_total = _fees(song, Side.SYNC)
        master_fee = _fees(song, Side.MASTER)
        for line in song.lines:
            licence = line.licence
            own = fee(licence) if licence is not None else None
            if licence is None or own is None:
                continue
            if licence.mfn and licence.mfn_scope is MfnScope.OTHER_SIDE:
                if line.side is Side.MASTER:
                    own = max(own, sync_total)
                elif line.side is Side.SYNC:
                    own = max(own, master_fee * licence.share / 100)
            elif licence.mfn and licence.mfn_scope is MfnScope.ALL_SONGS:
                own = max(own, highest.get(line.side, own))
            line.effective_fee = own


def _fees(song: Song, side: Side) -> Decimal:
    """The song's fees on one side (a fee not yet quoted counts 0)."""
    licences = [ln.licence for ln in song.lines if ln.side is side and ln.licence is not None]
    return sum((fee(lic) or Decimal(0) for lic in licences), Decimal(0))


def _expiring(project: Project, songs: list[Song], today: dt.date) -> list[tuple[str, str, str, str]]:
    horizon = today + dt.timedelta(days=EXPIRY_WINDOW_DAYS)
    found = []
    for song in songs:
        for line in song.lines:
            licence = line.licence
            if licence is None:
                continue
            for what, text in (("term ends", licence.term_end), ("option deadline", licence.option_deadline)):
                try:
                    when = dt.date.fromisoformat(text) if text else None
                except ValueError:
                    continue
                if when is not None and when <= horizon:
                    label = what if when >= today else f"{what} (passed)"
                    found.append(
                        (when.isoformat(), f"{line.side.label}: {label}", song.title, licence.licensor)
                    )
    return sorted(found)


def _money(value: Decimal | None) -> str:
    if value is None:
        return ""
    # Two decimals where the value is an ordinary amount; bounded text for anything else.
    return f"{value:.2f}" if value.is_finite() and abs(value.adjusted()) < 16 else format_decimal(value)


def licensing_rows(project: Project, today: dt.date | None = None) -> Iterator[list[str]]:
    """The report's rows (one per licence side of each song), as plain strings in CSV_HEADER order."""
    report = build(project, today)
    rate, rounding = project.production.rate, project.settings.rounding
    for covered in report.agreements:
        a = covered.agreement
        yield _row(
            {
                "Song": "Score (composer agreement)",
                "Cue #s": ", ".join(c.number for c in covered.cues),
                "Uses": str(len(covered.cues)),
                "Duration": format_duration(covered.duration_frames, rate, rounding),
                "Origin": Origin.SCORE.label,
                "Side": Side.COMPOSER_AGREEMENT.label,
                _LABELS["licensor"]: a.composer,
                "Cleared": "yes",
                _LABELS["agreement_ref"]: a.reference,
                "Agreement date": a.date,
            }
        )
    for song in report.songs:
        head = {
            "Song": song.title, "Cue #s": ", ".join(c.number for c in song.cues), "Uses": str(len(song.cues)),
            "Duration": format_duration(song.duration_frames, rate, rounding), "Origin": song.origin.label,
        }  # fmt: skip
        for line in song.lines:
            lic = line.licence
            cells = {**head, "Side": line.side.label}
            if lic is None:
                cells.update({_LABELS["status"]: "missing", "Cleared": "no"})
            else:
                cells.update({_LABELS[d.name]: _text(d, getattr(lic, d.name)) for d in declared(Licence)})
                cells["Effective fee"] = _money(line.effective_fee)
                cells["Status date"] = lic.history[-1].date if lic.history else ""
                cells["Cleared"] = "yes" if lic.status.cleared else "no"
            yield _row(cells)


def _row(cells: dict[str, str]) -> list[str]:
    """A row in CSV_HEADER order; a column not given is empty."""
    return [cells.get(name, "") for name in CSV_HEADER]


def _text(d: Declared, value: Any) -> str:
    """A licence field as the report prints it, by its codec."""
    if d.codec is Codec.FEE:
        return _money(value)
    if d.codec is Codec.SHARE:
        return format_decimal(value)
    if d.codec is Codec.FLAG:
        return "yes" if value else "no"
    if d.codec is Codec.CHOICE:
        return "" if value is None else str(value.label)
    return "" if value is None else str(value)


def licensing_csv(project: Project, today: dt.date | None = None) -> bytes:
    return write_csv(CSV_HEADER, licensing_rows(project, today))


def licensing_xlsx(project: Project, today: dt.date | None = None) -> bytes:
    """The report as an Excel workbook (see ``workbook``): counts, shares and fees are numbers."""
    from cuesheet.reports.workbook import workbook

    money = "0.00"  # as the CSV writes amounts
    numeric = {"Uses": "0", "Share %": "General", "Quoted": money, "Approved": money, "Paid": money,
               "Effective fee": money}  # fmt: skip
    widths = {"Song": 28, "Cue #s": 14, "Licensor": 24, "Contact": 24, "Term": 16, "Territory": 14}
    return workbook("Licensing report", project.production.title, CSV_HEADER,
                    licensing_rows(project, today), numeric, widths)  # fmt: skip
