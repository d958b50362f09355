"""The cue sheet as an Excel workbook (see ``workbook``): only Seq and Share % are numbers."""

from __future__ import annotations

import datetime as dt

from cuesheet.domain.profiles import vocabulary
from cuesheet.domain.project import Project
from cuesheet.domain.revisions import Revision
from cuesheet.domain.rollup import printed_by_usage
from cuesheet.domain.sheet import Sheet
from cuesheet.reports.cue_sheet_csv import cue_sheet_segments, header, total_rows
from cuesheet.reports.header import header_rows
from cuesheet.reports.workbook import workbook

WIDTHS = {"Seq": 5, "Cue #": 8, "Title": 32, "Origin": 12, "Usage": 7, "TC In": 12, "TC Out": 12,
          "Duration": 9, "Role": 6, "Party": 28, "Society": 9, "IPI": 13, "Share %": 8, "Artist": 20,
          "Label": 20, "ISRC": 14, "ISWC": 14, "Library": 24, "Catalog #": 12, "Use": 11, "Vocal": 11,
          "Track #": 8}  # fmt: skip


def cue_sheet_xlsx(
    project: Project, prepared_on: dt.date | None = None, revision: Revision | None = None
) -> bytes:
    """The cues, the production's header as a second sheet and, for a sheet that differs from its
    last filing, the changes against it as a third."""
    sheet = Sheet.of(project)
    version = "" if revision is None else revision.printed_version
    about = header_rows(project, sheet, prepared_on or dt.date.today(), version)
    changes: list[list[str]] = []
    if revision is not None and revision.revised:
        changes = [["What", "Cue #", "Title", "In–Out (as filed)", f"Changes since {revision.against}"]]
        changes += [[c.what, c.cue, c.title, c.span, c.details] for c in revision.changes]
    numbers = {"Seq": "0", "Share %": "General"}
    words = vocabulary(project.settings.profile)  # the columns and words of the project's profile
    rows = cue_sheet_segments(project, sheet)
    return workbook("Music cue sheet", project.production.title, header(words), rows, numbers, WIDTHS,
                    total_rows(sheet, words, printed_by_usage(project, sheet)), about, changes)  # fmt: skip
