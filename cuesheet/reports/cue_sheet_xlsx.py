"""The cue sheet as an Excel workbook (see ``workbook``): only Seq and Share % are numbers."""

from __future__ import annotations

import datetime as dt

from cuesheet.domain.project import Project
from cuesheet.domain.sheet import Sheet
from cuesheet.reports.cue_sheet_csv import HEADER, cue_sheet_segments, total_rows
from cuesheet.reports.header import header_rows
from cuesheet.reports.workbook import workbook

WIDTHS = {"Seq": 5, "Cue #": 8, "Title": 32, "Origin": 12, "Usage": 7, "TC In": 12, "TC Out": 12,
          "Duration": 9, "Role": 6, "Party": 28, "Society": 9, "IPI": 13, "Share %": 8, "Artist": 20,
          "Label": 20, "ISRC": 14, "ISWC": 14, "Library": 24, "Catalog #": 12}  # fmt: skip


def cue_sheet_xlsx(project: Project, prepared_on: dt.date | None = None) -> bytes:
    """The cues, and the production's header as a second sheet."""
    sheet = Sheet.of(project)
    about = header_rows(project, sheet, prepared_on or dt.date.today())
    return workbook("Music cue sheet", project.production.title, HEADER, cue_sheet_segments(project, sheet),
                    {"Seq": "0", "Share %": "General"}, WIDTHS, total_rows(sheet), about)  # fmt: skip
