"""Marking a sheet as filed, its filing history, and exporting a filed version again (issue #15 §2).

Shared by ``cuesheet file``, ``cuesheet filings``, ``cuesheet export --filed N`` and the window.
Marking as filed is one command (``Put`` of a ``Filing``), undoable like any edit; the frozen copy
is the JSON sheet as exported at that moment.
"""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from typing import Any

from cuesheet.domain.change import FILING
from cuesheet.domain.commands import Put
from cuesheet.domain.filing import Filing, pack, version_label
from cuesheet.domain.limits import NOTE_MAX, TEXT_MAX, BoundsError, check_text
from cuesheet.domain.project import Project
from cuesheet.project_service import opened, read_project, render
from cuesheet.store.errors import ProjectError


def filing_command(project: Project, recipient: str, note: str = "", by: str = "",
                   today: dt.date | None = None, frozen: str | None = None) -> Put:  # fmt: skip
    """The edit that files ``project``'s sheet as it is now with ``recipient``; ``frozen``: its
    ``frozen_sheet``, when made already (the window makes it in a worker)."""

    recipient = _bounded(recipient, "the recipient", TEXT_MAX)
    if not recipient:
        raise ProjectError("name whom the sheet is filed with (a society, a broadcaster)")
    count = len(project.filings)
    filing = Filing(
        number=count + 1,
        filed_on=(today or dt.date.today()).isoformat(),
        recipient=recipient,
        filed_by=_bounded(by or _user(), "the name", TEXT_MAX),
        note=_bounded(note, "the note", NOTE_MAX),
        version=version_label(count),
        sheet=frozen_sheet(project) if frozen is None else frozen,
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


def export_filed(path: Path, number: int, fmt: str) -> bytes:
    """Filing ``number``'s sheet, exported as ``fmt`` exactly as it was filed."""
    from cuesheet.interchange.filed_sheets import filed_project

    project = read_project(path, ("filings",))
    found = [f for f in project.filings.values() if f.number == number]
    if not found:
        numbers = sorted(f.number for f in project.filings.values())
        listed = f"it has filings {', '.join(map(str, numbers))}" if numbers else "it was never filed"
        raise ProjectError(f"{path}: has no filing {number}; {listed}")
    filed = filed_project(found[0])
    filed.production.version = found[0].version or filed.production.version
    return render(filed, fmt)


def _bounded(text: str, what: str, limit: int) -> str:
    try:
        return check_text(text.strip(), what, limit)
    except BoundsError as error:
        raise ProjectError(str(error)) from None


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return ""
