"""What is wrong with a cue sheet before a PRO or a broadcaster says so (domain guide §2, §4).

Each finding names its cue (sequence and number), a stable code, what is wrong and how to fix it.
Errors stop a sheet from being final (the PDF says DRAFT); warnings are worth a look.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from cuesheet.domain.agreements import ComposerAgreement, covering_agreement, default_agreements
from cuesheet.domain.clearance import LicenceIndex, clearance, licence_index
from cuesheet.domain.cue import Cue
from cuesheet.domain.decimal_text import format_decimal
from cuesheet.domain.durations import format_duration
from cuesheet.domain.project import Project, ShareConvention
from cuesheet.domain.rights import Interest, Role, Work
from cuesheet.domain.sheet import Sheet
from cuesheet.domain.usage import Origin

ERROR, WARNING = "error", "warning"
SHARE_TOLERANCE = Decimal("0.01")
_ISWC = re.compile(r"T\d{10}")
_ISRC = re.compile(r"[A-Z]{2}[A-Z0-9]{3}\d{7}")


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" | "warning"
    code: str
    message: str
    fix: str = ""
    seq: int | None = None  # the cue's sequence number on the sheet (1-based)
    cue: str = ""  # the cue's number, e.g. 1M03
    cue_id: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "severity": self.severity, "seq": self.seq, "cue": self.cue, "code": self.code,
            "message": self.message, "fix": self.fix,
        }  # fmt: skip


MakeFinding = Callable[[str, str, str, str], Finding]  # severity, code, message, fix


def iswc_check_digit(nine_digits: str) -> int:
    """ISWC check digit: 1 + Σ i·dᵢ over the nine digits, complemented modulo 10 (T-034.524.680-1)."""
    total = 1 + sum(position * int(digit) for position, digit in enumerate(nine_digits, start=1))
    return (10 - total % 10) % 10


def validate(project: Project, sheet: Sheet | None = None) -> list[Finding]:
    """Every finding, in sheet order; ``sheet``: the project's printed sheet when the caller has it."""
    sheet = Sheet.of(project) if sheet is None else sheet
    ordered = sheet.cues()
    findings = list(_sheet_findings(project, sheet))
    licences = licence_index(project)
    defaults = default_agreements(project)
    for seq, cue in enumerate(ordered, start=1):
        findings.extend(_cue_findings(project, ordered, seq, cue, licences))
        if cue.origin is Origin.SCORE:
            findings.extend(_agreement(project, seq, cue, licences, defaults))
    return findings


def _agreement(
    project: Project, seq: int, cue: Cue, licences: LicenceIndex, defaults: list[ComposerAgreement]
) -> Iterator[Finding]:
    """Score is uncleared only when no composer agreement covers it; several production-wide
    agreements cover a cue that names none by the earliest, which is worth a look."""
    covering = covering_agreement(project, cue, defaults)
    if covering is None and not clearance(project, cue, licences).cleared:
        yield Finding(WARNING, "NO_AGREEMENT", "not cleared: no composer agreement covers this score cue",
                      "add the production's composer agreement, or name one on the cue",
                      seq, cue.number, cue.id)  # fmt: skip
    elif covering is not None and len(defaults) > 1 and cue.agreement_id not in project.agreements:
        yield Finding(WARNING, "AGREEMENT_AMBIGUOUS",
                      f"{len(defaults)} composer agreements cover all score; counted under {covering.label}",
                      "name the agreement that covers this cue", seq, cue.number, cue.id)  # fmt: skip


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def _sheet_findings(project: Project, sheet: Sheet) -> Iterator[Finding]:
    production = project.production
    running = production.running_time
    music = sheet.frames
    if running and music > running:
        rate, rounding = production.rate, project.settings.rounding
        yield Finding(
            ERROR, "MUSIC_LONGER_THAN_FILM",
            f"total music {format_duration(music, rate, rounding)} is longer than the running time "
            f"{format_duration(running, rate, rounding)}",
            "check the running time and cues that overlap or run past the end",
        )  # fmt: skip
    if not production.title.strip():
        yield Finding(ERROR, "NO_PRODUCTION_TITLE", "the production has no title", "enter the title")


def _cue_findings(
    project: Project, ordered: list[Cue], seq: int, cue: Cue, licences: LicenceIndex
) -> Iterator[Finding]:
    def finding(severity: str, code: str, message: str, fix: str) -> Finding:
        return Finding(severity, code, message, fix, seq, cue.number, cue.id)

    yield from _timing(project, ordered, seq, cue, finding)
    work = project.works.get(cue.work_id)
    if work is None or not work.title.strip():
        yield finding(ERROR, "NO_TITLE", "the cue has no title", "enter the work's title as registered")
    if work is not None:
        yield from _work(project, cue, work, finding)
    recording = project.recordings.get(cue.recording_id) if cue.recording_id else None
    if recording is not None and recording.isrc and not _ISRC.fullmatch(recording.isrc):
        yield finding(
            ERROR, "BAD_ISRC", f"ISRC {recording.isrc!r} is malformed", "12 characters: CC-XXX-YY-NNNNN"
        )
    state = clearance(project, cue, licences) if cue.origin in (Origin.LICENSED, Origin.LIBRARY) else None
    if state is not None and not state.cleared:
        yield finding(WARNING, "NOT_CLEARED", f"not cleared: needs {', '.join(state.missing)}",
                      "request and record the licences before delivery")  # fmt: skip
    if cue.origin is Origin.LIBRARY and (
        recording is None or not recording.library or not recording.catalog_number
    ):
        yield finding(ERROR, "NO_LIBRARY_DATA", "library cue without library and catalogue number",
                      "enter the library and the track's catalogue number")  # fmt: skip


def _timing(
    project: Project, ordered: list[Cue], seq: int, cue: Cue, finding: MakeFinding
) -> Iterator[Finding]:
    production = project.production
    rate = production.rate
    if cue.end <= cue.start:
        yield finding(ERROR, "IN_NOT_BEFORE_OUT", "the Out is not after the In", "set the Out after the In")
        return
    first = production.start_frame
    last = first + production.running_time
    if production.running_time and (cue.start < first or cue.end > last):
        yield finding(
            ERROR, "OUTSIDE_FILM",
            f"the cue runs outside the film ({production.timecode(first)}–{production.timecode(last)})",
            "trim it to the picture",
        )  # fmt: skip
    if cue.duration < rate.nominal:
        yield finding(WARNING, "UNDER_ONE_SECOND", f"the cue lasts {cue.duration} frames, under one second",
                      "check it is a real use; PROs print it as 0:01")  # fmt: skip
    following = ordered[seq] if seq < len(ordered) else None
    if following is not None and following.start < cue.end:
        carved = max(0, following.start - cue.start)
        yield finding(
            WARNING, "OVERLAP",
            f"overlaps {following.number or 'the next cue'} by {cue.end - following.start} frames; "
            f"reported as {format_duration(carved, rate, project.settings.rounding)}, carved out at "
            f"{production.timecode(following.start)}",
            "keep it if both are heard; else trim the outgoing cue",
        )  # fmt: skip


def _work(project: Project, cue: Cue, work: Work, finding: MakeFinding) -> Iterator[Finding]:
    writers = [i for i in work.interests if not i.role.is_publisher]
    publishers = [i for i in work.interests if i.role.is_publisher]
    if not writers and cue.origin is not Origin.PUBLIC_DOMAIN:
        yield finding(
            ERROR, "NO_WRITER", "no writer (composer or author) is listed", "add the writers and shares"
        )
    yield from _shares(project, writers, publishers, finding)
    if publishers and all(i.role is Role.AM for i in publishers):
        yield finding(WARNING, "ADMINISTRATOR_ONLY", "only an administrator is listed on the publisher side",
                      "list the original publisher (E); the administrator is not the owner")  # fmt: skip
    if work.iswc:
        if not _ISWC.fullmatch(work.iswc):
            yield finding(ERROR, "BAD_ISWC", f"ISWC {work.iswc!r} is malformed", "T followed by 10 digits")
        elif iswc_check_digit(work.iswc[1:10]) != int(work.iswc[10]):
            yield finding(WARNING, "ISWC_CHECK_DIGIT", f"ISWC {work.iswc} fails its check digit",
                          "copy it again from the PRO's work record")  # fmt: skip
    for interest in work.interests:
        party = project.parties.get(interest.party_id)
        if party is None:
            continue
        if not party.society.strip():
            yield finding(ERROR, "NO_SOCIETY", f"{party.name} has no society", "enter the society, or NONE")
        if party.ipi and (not party.ipi.isdigit() or len(party.ipi) > 11):
            yield finding(
                ERROR, "BAD_IPI", f"{party.name}: IPI {party.ipi!r} is malformed", "up to 11 digits"
            )


def _shares(
    project: Project, writers: list[Interest], publishers: list[Interest], finding: MakeFinding
) -> Iterator[Finding]:
    def total(interests: list[Interest]) -> Decimal:
        return sum((i.share for i in interests), Decimal(0))

    if project.settings.share_convention is ShareConvention.PER_SIDE:
        sides = [("writer", writers), ("publisher", publishers)]
        for side, interests in sides:
            if interests and abs(total(interests) - 100) > SHARE_TOLERANCE:
                shown = format_decimal(total(interests))
                yield finding(ERROR, "SHARE_TOTAL", f"{side} shares total {shown} %, not 100 %",
                              "per side: writers total 100 % and publishers total 100 %")  # fmt: skip
    elif writers or publishers:
        combined = total(writers) + total(publishers)
        if abs(combined - 100) > SHARE_TOLERANCE:
            yield finding(ERROR, "SHARE_TOTAL", f"shares total {format_decimal(combined)} %, not 100 %",
                          "whole work: writers and publishers together total 100 %")  # fmt: skip
