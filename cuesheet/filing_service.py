"""Marking a sheet as filed, its filing history, and exporting a filed version again (issue #15 §2).

Shared by ``cuesheet file``, ``cuesheet filings``, ``cuesheet export --filed N`` and the window.
Marking as filed is one command (``Put`` of a ``Filing``), undoable like any edit; the frozen copy
is the JSON sheet as exported at that moment.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from cuesheet.domain.change import FILING
from cuesheet.domain.commands import Put
from cuesheet.domain.filing import Filing, pack
from cuesheet.domain.limits import NOTE_MAX, TEXT_MAX, BoundsError, check_text
from cuesheet.domain.project import Project
from cuesheet.project_service import opened, read_project, render, under_profile
from cuesheet.store.errors import ProjectError
from cuesheet.store.lock import me


def filing_command(project: Project, recipient: str, note: str = "", by: str = "",
                   today: dt.date | None = None, frozen: tuple[str, str] | None = None) -> Put:  # fmt: skip
    """The edit that files ``project``'s sheet as it is now with ``recipient``; ``frozen``: its
    ``frozen_sheet`` and ``next_version``, when made already (the window makes them in a worker)."""
    from cuesheet.interchange.filed_sheets import next_version

    recipient = _bounded(recipient, "the recipient", TEXT_MAX)
    if not recipient:
        raise ProjectError("name whom the sheet is filed with (a society, a broadcaster)")
    sheet, version = (frozen_sheet(project), next_version(project)) if frozen is None else frozen
    filing = Filing(
        number=max((f.number for f in project.filings.values()), default=0) + 1,
        filed_on=(today or dt.date.today()).isoformat(),
        recipient=recipient,
        filed_by=_bounded(by or me().user, "the name", TEXT_MAX),
        note=_bounded(note, "the note", NOTE_MAX),
        version=version,
        sheet=sheet,
    )
    return Put(FILING, [filing], text=f"Mark as filed with {recipient}")


def frozen_sheet(project: Project) -> str:
    """What a filing keeps of the sheet: its JSON, packed."""
    from cuesheet.reports.cue_sheet_json import cue_sheet_json

    return pack(cue_sheet_json(project))


def file_sheet(
    path: Path, recipient: str, note: str = "", by: str = "", break_stale_lock: bool = False
) -> Filing:
    """File the project's sheet (one step; a backup is taken first, as for any change from here)."""
    from cuesheet.domain.history import Document
    from cuesheet.store import backups

    with opened(path, read_only=False, break_stale_lock=break_stale_lock) as (sheet, project):
        command = filing_command(project, recipient, note, by)
        backups.take(path, sheet.save_copy)
        Document(project, sheet).execute(command)
        filing: Filing = command.items[0]
        return filing


def filings(path: Path) -> dict[str, Any]:
    """The filings, oldest first, and what the sheet is now against the last of them."""
    from cuesheet.interchange.filed_sheets import current_revision

    project = read_project(path)
    ordered = sorted(project.filings.values(), key=lambda f: f.number)
    now = current_revision(project)
    return {
        "filings": [{"number": f.number, "version": f.version, "filed_on": f.filed_on,
                     "recipient": f.recipient, "filed_by": f.filed_by, "note": f.note} for f in ordered],
        "current": None if now is None else {"label": now.label, "revised": now.revised,
                                             "changes": len(now.changes)},
    }  # fmt: skip


def export_filed(path: Path, number: int, fmt: str, profile: str | None = None) -> bytes:
    """Filing ``number``'s sheet, exported as ``fmt`` as it was filed."""
    project = read_project(path, ("filings",))
    found = [f for f in project.filings.values() if f.number == number]
    if not found:
        numbers = sorted(f.number for f in project.filings.values())
        listed = f"it has filings {', '.join(map(str, numbers))}" if numbers else "it was never filed"
        raise ProjectError(f"{path}: has no filing {number}; {listed}")
    return render(as_filed(found[0], profile), fmt)


def as_filed(filing: Filing, profile: str | None = None) -> Project:
    """The sheet as filed, to print again: its version and day as filed (``profile``: printed
    under another society profile than it was)."""
    from cuesheet.interchange.filed_sheets import filed_project

    filed = filed_project(filing)
    filed.production.version = filing.version or filed.production.version
    filed.production.prepared_date = filed.production.prepared_date or filing.filed_on
    return under_profile(filed, profile)


def _bounded(text: str, what: str, limit: int) -> str:
    try:
        return check_text(text.strip(), what, limit)
    except BoundsError as error:
        raise ProjectError(str(error)) from None


def filing_status(project: Project) -> str:
    """One line on the sheet against its last filing, for the window ("" when never filed); slow at
    scale (the frozen copy is read, once per filing, and compared): the window asks in its worker."""
    from cuesheet.domain.revisions import last_filing
    from cuesheet.interchange.filed_sheets import current_revision

    if last_filing(project) is None:
        return ""
    now = current_revision(project)
    if now is None:
        return "The last filing's copy cannot be read: exports print the sheet unmarked"
    if not now.revised:
        return f"As filed: {now.against}"
    count = len(now.changes)
    return (
        f"Changed since {now.against} ({count} change{'' if count == 1 else 's'}): exports print {now.label}"
    )
