"""A filing's frozen sheet read back, and the sheet against its last filing (issue #15 §2)."""

from __future__ import annotations

import functools

from cuesheet.domain.filing import Filing, unpack, version_label
from cuesheet.domain.project import Project
from cuesheet.domain.revisions import Revision, last_filing, revision
from cuesheet.interchange.sheet_json import SheetJsonError, read_sheet_json


def filed_project(filing: Filing) -> Project:
    """The sheet as filed (SheetJsonError when its frozen copy is damaged)."""
    try:
        return read_sheet_json(unpack(filing.sheet), f"filing {filing.number}")
    except ValueError as error:
        raise SheetJsonError(f"filing {filing.number}: {error}") from None


@functools.lru_cache(maxsize=4)
def _compared(filing_id: str, number: int, packed: str) -> Project:
    """A filing's sheet read once for the comparisons of every export after it (a frozen copy never
    changes; at 50,000 cues reading it is seconds): ``revision`` only reads it, never changes it."""
    return filed_project(Filing(number, "", sheet=packed, id=filing_id))


def current_revision(project: Project) -> Revision | None:
    """``project`` against its last filing; None when it was never filed, or when the last filing's
    copy cannot be read (the sheet then prints as it is, unmarked)."""
    filing = last_filing(project)
    if filing is None:
        return None
    try:
        filed = _compared(filing.id, filing.number, filing.sheet)
    except SheetJsonError:
        return None
    return revision(project, filed, filing, versions_filed(project))


def versions_filed(project: Project) -> int:
    """How many different versions were filed (one sheet filed with two societies is one)."""
    return len({f.version for f in project.filings.values()})


def next_version(project: Project) -> str:
    """What filing the sheet now makes it: the last filing's version when the sheet is still as
    then filed (filed again, with another society), else the next revision."""
    now = current_revision(project)
    return now.label if now is not None else version_label(versions_filed(project))
