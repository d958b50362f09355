"""The sheet against its last filing (issue #15 §2): while they differ, the sheet is a revision.

``revision`` compares the two as ``cuesheet diff`` does (``domain.merge`` pairs the cues: by id
first, since a filing is frozen from this very project) and lists the cues added, removed and
changed, field by field, and the header fields changed. Every export of a sheet that differs from
its last filing is marked "Revised n", n counting the filings made.
"""

from __future__ import annotations

from dataclasses import dataclass

from cuesheet.domain.fields import declared
from cuesheet.domain.filing import Filing, version_label
from cuesheet.domain.merge import MergeError, plan_merge
from cuesheet.domain.project import Production, Project


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
    filings: int  # how many filings the project has
    changes: tuple[ChangeLine, ...]

    @property
    def revised(self) -> bool:
        return bool(self.changes)

    @property
    def label(self) -> str:
        return version_label(self.filings) if self.revised else (self.filing.version or "Original")

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
    """``current`` against ``filed`` (the last filing's frozen sheet, read back)."""
    changes = list(_header_changes(filed.production, current.production))
    try:
        plan = plan_merge(filed, current)
    except MergeError as error:  # the rate itself changed: every cue moved
        return Revision(filing, filings, (*changes, ChangeLine("header", "", "", "", str(error))))
    span = filed.production.timecode

    def title(project: Project, cue_work: str) -> str:
        work = project.works.get(cue_work)
        return work.title if work else ""

    for conflict in plan.conflicts:
        shown = [f"{what} {old!r} → {new!r}" if what == "title" else f"{what} {old} → {new}" if old or new
                 else f"{what} changed" for what, old, new in conflict.changes(filed)]  # fmt: skip
        ours = conflict.mine  # the filed cue (``mine`` in the plan), ``theirs`` the current
        # ``theirs`` carries the filed cue's id: the same cue's, when it is still in the project.
        current_id = conflict.theirs.id if conflict.theirs.id in current.cues else None
        where = f"{span(ours.start)}–{span(ours.end)}"
        changes.append(ChangeLine("changed", ours.number, title(filed, ours.work_id), where, "; ".join(shown),
                                  current_id))  # fmt: skip
    for cue in plan.added:
        changes.append(ChangeLine("added", cue.number, title(current, cue.work_id),
                                  f"{span(cue.start)}–{span(cue.end)}", "new cue", cue.id))  # fmt: skip
    for cue in plan.only_ours:
        changes.append(ChangeLine("removed", cue.number, title(filed, cue.work_id),
                                  f"{span(cue.start)}–{span(cue.end)}", "no longer in the film"))  # fmt: skip
    return Revision(filing, filings, tuple(changes))


_HEADER_SKIPPED = {"prepared_date", "version"}  # the day it is printed; the version: this module's


def _header_changes(filed: Production, current: Production) -> list[ChangeLine]:
    found = []
    for d in declared(Production):
        if d.name in _HEADER_SKIPPED:
            continue
        old, new = getattr(filed, d.name), getattr(current, d.name)
        if old != new:
            found.append(ChangeLine("header", "", d.label, "", f"{old!s} → {new!s}" if old or new else ""))
    return found
