"""Reports as Excel workbooks: the CSV's header and rows with every cell typed.

Opened by double-click, a CSV loses IPI numbers' leading zeros and turns durations such as 0:12 into
times; in a workbook each cell carries its type, so codes, timecodes, durations and dates are text
cells and stay exactly as printed, a text starting with ``=`` is text (never a formula), and only the
columns named as numeric are numbers. XlsxWriter writes it (pure Python, no dependencies, write-only).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

import xlsxwriter


def workbook(
    sheet_name: str,
    title: str,
    header: tuple[str, ...],
    rows: Iterable[list[str]],
    numeric: dict[str, str] | None = None,
    widths: dict[str, int] | None = None,
    totals: Iterable[list[str]] = (),
) -> bytes:
    """``numeric`` names the columns written as numbers, each with its Excel number format;
    ``totals`` are rows written in bold below the data, after a blank row, outside the filter."""
    buffer = io.BytesIO()
    # No guessing: a string is written as a string, never as a number, formula or link.
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
               "strings_to_urls": False}  # fmt: skip
    book = xlsxwriter.Workbook(buffer, options)
    book.set_properties({"title": f"{sheet_name} — {title}"})
    sheet = book.add_worksheet(sheet_name[:31])
    bold = book.add_format({"bold": True, "bg_color": "#E8E8E8", "border": 1})
    text = book.add_format({"num_format": "@", "valign": "top", "text_wrap": True})
    formats = {header.index(name): book.add_format({"valign": "top", "num_format": fmt})
               for name, fmt in (numeric or {}).items()}  # fmt: skip
    for column, name in enumerate(header):
        sheet.write_string(0, column, name, bold)
        sheet.set_column(column, column, (widths or {}).get(name, 14), text)
    last = 0
    for last, cells in enumerate(rows, start=1):
        for column, cell in enumerate(cells):
            if not cell:
                continue  # left blank, not an empty text
            number = _number(cell) if column in formats else None
            if number is not None:
                sheet.write_number(last, column, number, formats[column])
            else:  # text, or a "number" no spreadsheet can hold (1E+999999, invalid): as printed
                sheet.write_string(last, column, cell, text)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, last, len(header) - 1)
    strong = book.add_format({"num_format": "@", "valign": "top", "bold": True})
    for row, cells in enumerate(totals, start=last + 2):
        for column, cell in enumerate(cells):
            if cell:
                sheet.write_string(row, column, cell, strong)
    # Printed from the spreadsheet: landscape, one page wide, the header row on every page.
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_header(f'&L&"-,Bold"{_escape(title)}&R{_escape(sheet_name)}')
    sheet.set_footer("&CPage &P of &N")
    book.close()
    return buffer.getvalue()


def _number(cell: str) -> float | None:
    """The cell as a spreadsheet number, or None when it is not one a spreadsheet can hold."""
    try:
        value = Decimal(cell)
    except InvalidOperation:
        return None
    if not value.is_finite() or not -300 < value.adjusted() < 300:  # beyond a double's range
        return None
    return float(value)


def _escape(text: str) -> str:
    return text.replace("&", "&&")  # "&" starts a control code in Excel headers
