"""The sheet against its last filing (issue #15 §2): while they differ, the sheet is a revision.

``revision`` compares the two as ``cuesheet diff`` does (``domain.merge`` pairs the cues: by id
first, since a filing is frozen from this very project) and lists the cues added, removed and
changed, field by field, and the header fields changed. Every export of a sheet that differs from
its last filing is marked "Revised n", n counting the filings made.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from cuesheet.domain.cue import Cue
from cuesheet.domain.durations import format_seconds, whole_seconds
from cuesheet.domain.fields import Codec, Declared, declared
from cuesheet.domain.filing import Filing, version_label
from cuesheet.domain.merge import MergeError, plan_merge
from cuesheet.domain.project import Project
from cuesheet.domain.sheet import Line, Sheet

# What a cue holds that the sheet never prints: a change to it alone is no revision (domain guide:
# notes are internal). Named as ``domain.merge`` names the differences it finds.
NEVER_PRINTED = frozenset({"notes"})


def last_filing(project: Project) -> Filing | None:
    return max(project.filings.values(), key=lambda f: (f.number, f.filed_on, f.id), default=None)


@dataclass(frozen=True, slots=True)
class ChangeLine:
    what: str  # "added", "removed", "changed", "header"
    cue: str  # the cue's number ("" for none, and for the header)
    title: str
    span: str  # "01:00:02:00–01:00:14:00" (the filed one for a removed cue)
    details: str  # the changes, field by field
    cue_id: str | None = None  # the current cue's id (None for a removed cue and the header)


@dataclass(frozen=True, slots=True)
class Revision:
    """The sheet against the last filing: ``changes`` empty when it is the filed sheet itself."""

    filing: Filing
    filings: int  # how many different versions have been filed
    changes: tuple[ChangeLine, ...]

    @property
    def revised(self) -> bool:
        return bool(self.changes)

    @property
    def label(self) -> str:
        return version_label(self.filings) if self.revised else (self.filing.version or "Original")

    @property
    def printed_version(self) -> str:
        """As the header prints it: "REVISED 2" while the sheet differs from its last filing, else
        what it was filed as."""
        return self.label.upper() if self.revised else self.label

    @property
    def changed_cues(self) -> frozenset[str]:
        return frozenset(c.cue_id for c in self.changes if c.cue_id is not None)

    @property
    def against(self) -> str:
        """``filing 2 (Revised 1) with PRS on 2026-12-07``."""
        f = self.filing
        recipient = f.recipient or "no one named"
        return f"filing {f.number} ({f.version or 'Original'}) with {recipient} on {f.filed_on}"

    def as_json(self) -> dict[str, object]:
        f = self.filing
        return {"label": self.label, "revised": self.revised, "filings": self.filings,
                "against": {"number": f.number, "version": f.version, "filed_on": f.filed_on,
                            "recipient": f.recipient},
                "changes": [{"what": c.what, "cue": c.cue, "title": c.title, "span": c.span,
                             "details": c.details} for c in self.changes]}  # fmt: skip


def revision(current: Project, filed: Project, filing: Filing, filings: int) -> Revision:
    """``current`` against ``filed`` (the last filing's frozen sheet, read back): what ``diff``
    finds, and what the sheet prints differently of cues whose data is the same (a party renamed or
    moved to another society, a duration printed under another rounding)."""
    changes = [*_header_changes(filed, current)]
    if filed.production.rate != current.production.rate:  # every timecode moves: one line says so
        line = f"{filed.production.rate} fps → {current.production.rate} fps: every cue's timecodes change"
        return Revision(filing, filings, (*changes, ChangeLine("header", "", "Frame rate", "", line)))
    try:
        plan = plan_merge(filed, current)
    except MergeError as error:
        return Revision(filing, filings, (*changes, ChangeLine("header", "", "", "", str(error))))
    span = filed.production.timecode
    printed_then, printed_now = Sheet.of(filed), Sheet.of(current)
    for conflict in plan.conflicts:
        printed = [d for d in conflict.differences if d not in NEVER_PRINTED]
        if not printed:  # only an internal note changed: as a cue with the same data
            plan.duplicates.append((current.cues[conflict.their_id], conflict.mine))
            continue
        conflict = replace(conflict, differences=printed)
        shown = [f"{what} {old!r} → {new!r}" if what == "title" else f"{what} {old} → {new}" if old or new
                 else f"{what} changed" for what, old, new in conflict.changes(filed)]  # fmt: skip
        ours = conflict.mine  # the filed cue (``mine`` in the plan); ``their_id`` the current one's
        where = f"{span(ours.start)}–{span(ours.end)}"
        changes.append(ChangeLine("changed", ours.number, _title(filed, ours), where, "; ".join(shown),
                                  conflict.their_id))  # fmt: skip
    for now, then in plan.duplicates:  # the same data: does the sheet still print them alike?
        differs = _printed_differences(filed, current, printed_then.line(then.id), printed_now.line(now.id))
        if differs:
            where = f"{span(then.start)}–{span(then.end)}"
            changes.append(ChangeLine("changed", then.number, _title(filed, then), where, "; ".join(differs),
                                      now.id))  # fmt: skip
    for cue in plan.added:
        changes.append(ChangeLine("added", cue.number, _title(current, cue),
                                  f"{span(cue.start)}–{span(cue.end)}", "new cue", cue.id))  # fmt: skip
    for cue in plan.only_ours:
        changes.append(ChangeLine("removed", cue.number, _title(filed, cue),
                                  f"{span(cue.start)}–{span(cue.end)}", "no longer in the film"))  # fmt: skip
    return Revision(filing, filings, tuple(changes))


def _title(project: Project, cue: Cue) -> str:
    work = project.works.get(cue.work_id)
    return work.title if work else ""


def _printed_differences(filed: Project, current: Project, then: Line | None, now: Line | None) -> list[str]:
    if then is None or now is None:
        return []
    found = []
    if then.seconds != now.seconds:
        found.append(f"duration {format_seconds(then.seconds)} → {format_seconds(now.seconds)}")
    if _parties(filed, then.cue) != _parties(current, now.cue):
        found.append("writers & publishers as printed (name, society or IPI)")
    return found


def _parties(project: Project, cue: Cue) -> list[tuple[str, ...]]:
    work = project.works.get(cue.work_id)
    printed: list[tuple[str, ...]] = []
    for interest in work.interests if work else []:
        party = project.parties.get(interest.party_id)
        name = (party.name, party.society, party.ipi) if party else ("", "", "")
        printed.append((*name, interest.role.value, format(interest.share, "f")))
    return printed


_HEADER_SKIPPED = {"prepared_date", "version"}  # the day it is printed; the version: this module's


def _header_changes(filed: Project, current: Project) -> list[ChangeLine]:
    """Each header field and sheet setting that differs, its values as printed."""
    found = []
    for item, now in ((filed.production, current.production), (filed.settings, current.settings)):
        for d in declared(type(item)):
            if d.name in _HEADER_SKIPPED or d.codec is Codec.RATE:  # the rate: a line of its own
                continue
            old, new = getattr(item, d.name), getattr(now, d.name)
            if old != new:
                shown = _shown(d, old, filed), _shown(d, new, current)
                found.append(ChangeLine("header", "", d.label, "", f"{shown[0]} → {shown[1]}"))
    return found


def _shown(d: Declared, value: object, project: Project) -> str:
    if d.codec is Codec.FRAMES and isinstance(value, int):
        return project.production.timecode(value)
    if d.codec is Codec.LENGTH and isinstance(value, int):
        return format_seconds(whole_seconds(value, project.production.rate, project.settings.rounding))
    if isinstance(value, Enum):
        return str(value.value)
    return "(none)" if value in ("", None) else str(value)
