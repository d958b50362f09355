"""The cue sheet as an Excel workbook: the CSV's columns and rows, with every code kept as text.

Opened by double-click, a CSV loses IPI numbers' leading zeros and turns durations such as 0:12 into
times; in a workbook each cell carries its type, so IPI, ISWC, ISRC, timecodes and durations are text
cells and stay exactly as printed, a title starting with ``=`` is text (never a formula), and only
Seq and Share % are numbers. XlsxWriter writes it (pure Python, no dependencies, write-only).
"""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter

from cuesheet.domain.project import Project
from cuesheet.reports.cue_sheet_csv import HEADER, cue_sheet_rows

NUMBER_COLUMNS = {HEADER.index("Seq"), HEADER.index("Share %")}
WIDTHS = {"Seq": 5, "Cue #": 8, "Title": 32, "Origin": 12, "Usage": 7, "TC In": 12, "TC Out": 12,
          "Duration": 9, "Role": 6, "Party": 28, "Society": 9, "IPI": 13, "Share %": 8, "Artist": 20,
          "Label": 20, "ISRC": 14, "ISWC": 14, "Library": 24, "Catalog #": 12}  # fmt: skip


def cue_sheet_xlsx(project: Project) -> bytes:
    buffer = io.BytesIO()
    # No guessing: a string is written as a string, never as a number, formula or link.
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
               "strings_to_urls": False}  # fmt: skip
    workbook = xlsxwriter.Workbook(buffer, options)
    workbook.set_properties({"title": f"Music cue sheet — {project.production.title}"})
    sheet = workbook.add_worksheet("Cue sheet")
    bold = workbook.add_format({"bold": True, "bg_color": "#E8E8E8", "border": 1})
    text = workbook.add_format({"num_format": "@", "valign": "top", "text_wrap": True})
    number = workbook.add_format({"valign": "top"})
    for column, name in enumerate(HEADER):
        sheet.write_string(0, column, name, bold)
        sheet.set_column(column, column, WIDTHS.get(name, 14), text)
    row_count = 0
    for row_count, cells in enumerate(cue_sheet_rows(project), start=1):
        for column, cell in enumerate(cells):
            if column in NUMBER_COLUMNS and cell:
                value = Decimal(cell)
                sheet.write_number(
                    row_count, column, int(value) if value == value.to_integral() else float(value), number
                )
            elif cell:  # an empty cell is left blank, not an empty text
                sheet.write_string(row_count, column, cell, text)
    sheet.freeze_panes(1, 0)
    # Printed from the spreadsheet: landscape, one page wide, the header on every page.
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_header(f'&L&"-,Bold"{_escape(project.production.title)}&RMusic cue sheet')
    sheet.set_footer("&CPage &P of &N")
    sheet.autofilter(0, 0, row_count, len(HEADER) - 1)
    workbook.close()
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&&")  # "&" starts a control code in Excel headers
