"""Reports as Excel workbooks: the CSV's header and rows with every cell typed.

Opened by double-click, a CSV loses IPI numbers' leading zeros and turns durations such as 0:12 into
times; in a workbook each cell carries its type, so codes, timecodes, durations and dates are text
cells and stay exactly as printed, a text starting with ``=`` is text (never a formula), and only the
columns named as numeric are numbers.

XlsxWriter (pure Python, write-only) writes the workbook around the cells: styles, columns, frozen
header, filter, print setup. The cells themselves are written here (``sheet_xml``), in the XML
XlsxWriter writes for them: through its per-cell API a 50,000-cue sheet (2.4 million cells) took
11 s. Each cell's style is the one XlsxWriter gave its format (a probe cell per format).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

SHEET, STRINGS = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"
Segments = tuple[list[str], ...]  # a row's cells in pieces, which other rows may share


def workbook(
    sheet_name: str,
    title: str,
    header: tuple[str, ...],
    rows: Iterable[list[str] | Segments],
    numeric: dict[str, str] | None = None,
    widths: dict[str, int] | None = None,
    totals: Iterable[list[str]] = (),
    about: Sequence[tuple[str, str]] = (),
    changes: Sequence[Sequence[str]] = (),
) -> bytes:
    """``numeric`` names the columns written as numbers, each with its Excel number format;
    ``totals`` are rows written in bold below the data, after a blank row, outside the filter;
    ``about``: (label, value) rows of a second sheet, "Production" (the production's header);
    ``changes``: the rows of a third, "Changes" (a revision's change list, its header row first).
    A row is its cells, or its cells in pieces (``Segments``) that other rows may share."""
    pieces = [row if isinstance(row, tuple) else (row,) for row in rows]
    totals = list(totals)
    buffer = io.BytesIO()
    # No guessing: a string is written as a string, never as a number, formula or link.
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
               "strings_to_urls": False}  # fmt: skip
    book = xlsxwriter.Workbook(buffer, options)
    book.set_properties({"title": f"{sheet_name} — {title}"})
    sheet = book.add_worksheet(sheet_name[:31])
    bold = book.add_format({"bold": True, "bg_color": "#E8E8E8", "border": 1})
    text = book.add_format({"num_format": "@", "valign": "top", "text_wrap": True})
    # One format per number format (columns sharing one share its style).
    by_code = {
        code: book.add_format({"valign": "top", "num_format": code}) for code in (numeric or {}).values()
    }
    formats = {header.index(name): by_code[code] for name, code in (numeric or {}).items()}
    strong = book.add_format({"num_format": "@", "valign": "top", "bold": True})
    for column, name in enumerate(header):
        sheet.write_string(0, column, name, bold)
        sheet.set_column(column, column, (widths or {}).get(name, 14), text)
    # Probes, in the order the cells first use the formats, so that each gets the style it had when
    # XlsxWriter wrote every cell (the probes are replaced by the cells below).
    for column in _first_numbers(pieces, formats):
        sheet.write_number(1, column, 0, formats[column])
    if totals:
        sheet.write_blank(2, 0, None, strong)
    last = len(pieces)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, last, len(header) - 1)
    # Printed from the spreadsheet: landscape, one page wide, the header row on every page.
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_header(f'&L&"-,Bold"{_escape(title)}&R{_escape(sheet_name)}')
    sheet.set_footer("&CPage &P of &N")
    if about:
        header_sheet = book.add_worksheet("Production")
        header_sheet.set_column(0, 0, 28, strong)
        header_sheet.set_column(1, 1, 60, text)
        header_sheet.fit_to_pages(1, 0)
    if about and changes:
        changes_sheet = book.add_worksheet("Changes")
        for column, width in enumerate((10, 8, 32, 26, 70)):
            changes_sheet.set_column(column, column, width, text)
        changes_sheet.freeze_panes(1, 0)
        changes_sheet.fit_to_pages(1, 0)
    book.close()
    # A numeric column with no number in it has no style, and no number to write with one.
    numbers = {column: _style(fmt) for column, fmt in formats.items() if fmt.xf_index is not None}
    lines: list[Line] = [(0, (list(header),), _style(bold), {})]
    lines += [(row, segments, _style(text), numbers) for row, segments in enumerate(pieces, start=1)]
    lines += [(row, (cells,), _style(strong), {}) for row, cells in enumerate(totals, start=last + 2)]
    strings: dict[str, int] = {}
    sheets = {SHEET: _sheet_data(lines, len(header), strings)}
    if about:  # its texts shared with the first sheet's (one table per workbook)
        header_lines: list[Line] = [(row, ([label], [value]), (_style(strong), _style(text)), {})
                                    for row, (label, value) in enumerate(about)]  # fmt: skip
        sheets["xl/worksheets/sheet2.xml"] = _sheet_data(header_lines, 2, strings)
    if about and changes:
        width = len(changes[0])
        styles = _style(bold), _style(text)
        change_lines: list[Line] = [(row, tuple([cell] for cell in cells), styles[row > 0], {})
                                    for row, cells in enumerate(changes)]  # fmt: skip
        sheets["xl/worksheets/sheet3.xml"] = _sheet_data(change_lines, width, strings)
    count = sum(used for _, used, _ in sheets.values())
    return _with_cells(buffer.getvalue(), sheets, _shared(strings, count))


def _first_numbers(rows: list[Segments], columns: Iterable[int]) -> list[int]:
    """The numeric columns in the order their first number appears, row by row."""
    left, found = set(columns), []
    for segments in rows:
        cells = [cell for piece in segments for cell in piece]
        for column in sorted(left):
            if column < len(cells) and cells[column] and _number(cells[column]) is not None:
                found.append(column)
                left.discard(column)
        if not left:
            break
    return found


def _style(cell_format: Any) -> int:
    index: int = cell_format.xf_index  # given by XlsxWriter when its probe was written
    return index


# A row, its cells, the texts' style (or one per piece), the numeric columns' styles.
Line = tuple[int, Segments, int | tuple[int, ...], dict[int, int]]
# Where a piece's cells take their row number: its XML holds only references, indexes of shared
# strings, styles and numbers, never a cell's text, so nothing else in it is this character.
_ROW = "\x00"


def sheet_xml(lines: list[Line], width: int) -> tuple[str, str, str]:
    """(sheetData, sharedStrings, dimension) for ``lines`` as XlsxWriter writes them: empty cells
    and rows left out, texts shared, numbers in numeric columns, spans per block of 16 rows."""
    strings: dict[str, int] = {}
    data, count, dimension = _sheet_data(lines, width, strings)
    return data, _shared(strings, count), dimension


def _sheet_data(lines: list[Line], width: int, strings: dict[str, int]) -> tuple[str, int, str]:
    """(sheetData, how many text cells it has, dimension) of one sheet, its texts indexed in
    ``strings`` (new ones added).

    A piece of a row is written once, with its row number left open, for every row that shares it
    (a cue's cells on each of its parties' rows, a party's on every row naming it): the texts are
    indexed when first met, in the order XlsxWriter indexes them cell by cell."""
    letters = [xl_col_to_name(column) for column in range(width)]
    written: dict[tuple[int, int, int], _Piece] = {}
    count, made = 0, []
    for row, segments, styles, numbers in lines:
        texts, first, end, column = [], width, -1, 0
        for n, piece in enumerate(segments):
            style = styles if isinstance(styles, int) else styles[n]
            key = (id(piece), column, style)
            found = written.get(key)
            if found is None or found.numbers is not numbers:
                found = written[key] = _piece(piece, column, style, numbers, letters, strings)
            if found.text:
                texts.append(found.text)
                count += found.strings
                first, end = min(first, found.first), max(end, found.end)
            column += len(piece)
        if texts:
            made.append((row, first, end, "".join(texts).replace(_ROW, str(row + 1))))
    spans: dict[int, tuple[int, int]] = {}
    for row, first, end, _ in made:
        low, high = spans.get(row // 16, (first, end))
        spans[row // 16] = (min(low, first), max(high, end))
    data = "".join(
        f'<row r="{row + 1}" spans="{spans[row // 16][0] + 1}:{spans[row // 16][1] + 1}">{cells}</row>'
        for row, _, _, cells in made
    )
    bottom = max((row for row, *_ in made), default=0)
    dimension = f"A1:{letters[-1]}{bottom + 1}" if (bottom or width > 1) else "A1"
    return f"<sheetData>{data}</sheetData>", count, dimension


def _shared(strings: dict[str, int], count: int) -> str:
    table = "".join(_si(text) for text in strings)
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return f'{declaration}<sst xmlns="{_MAIN}" count="{count}" uniqueCount="{len(strings)}">{table}</sst>'


@dataclass(frozen=True)
class _Piece:
    cells: list[str]  # held, so that its id is not reused while it is a key
    numbers: dict[int, int]
    text: str  # its cells' XML, the row number left as _ROW
    strings: int  # how many of its cells are texts (the count of shared strings)
    first: int  # its first and last columns with a value
    end: int


def _piece(
    cells: list[str],
    start: int,
    style: int,
    numbers: dict[int, int],
    letters: list[str],
    strings: dict[str, int],
) -> _Piece:
    """``cells`` from column ``start`` on: texts indexed in ``strings`` (new ones added, in order)."""
    parts, texts, first, end = [], 0, -1, -1
    for column, cell in enumerate(cells, start=start):
        if not cell:
            continue  # left blank, not an empty text
        number = _number(cell) if column in numbers else None
        if number is not None:
            parts.append(f'<c r="{letters[column]}{_ROW}" s="{numbers[column]}"><v>{number:.16G}</v></c>')
        else:  # text, or a "number" no spreadsheet can hold (1E+999999, invalid): as printed
            index = strings.get(cell)
            if index is None:
                index = strings[cell] = len(strings)
            texts += 1
            parts.append(f'<c r="{letters[column]}{_ROW}" s="{style}" t="s"><v>{index}</v></c>')
        first = column if first < 0 else first
        end = column
    return _Piece(cells, numbers, "".join(parts), texts, first, end)


_MOST = 32_767  # characters (UTF-16 units) in a cell
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ESCAPED_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_EDGE_BLANK = re.compile(r"^\s|\s$")


def _si(text: str) -> str:
    """A shared string: at most Excel's 32,767 UTF-16 units, control characters as Excel's _xHHHH_
    (its own underscores escaped), the XML escaped, leading or trailing blanks kept."""
    if _plain(text):  # most texts (250,000 at 50,000 cues): nothing to cut, escape or keep
        return f"<si><t>{text}</t></si>"
    if len(text) > _MOST // 2 and len(text.encode("utf-16-le", "surrogatepass")) > 2 * _MOST:
        text = text.encode("utf-16-le", "surrogatepass")[: 2 * _MOST].decode("utf-16-le", "ignore")
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", _ESCAPED_ESCAPE.sub(r"_x005F\1", text))
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if _EDGE_BLANK.search(text) else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<si><t{preserve}>{text}</t></si>"


def _plain(text: str) -> bool:
    """Short printable ASCII with no blank at either end, no XML markup and no ``_x``: ``_si``
    would change nothing (the only ASCII blank that is printable is the space)."""
    return (
        len(text) <= _MOST // 2 and text.isascii() and text.isprintable()
        and text[:1] != " " and text[-1:] != " "
        and "&" not in text and "<" not in text and ">" not in text and "_x" not in text
    )  # fmt: skip


def _with_cells(book: bytes, sheets: dict[str, tuple[str, int, str]], shared: str) -> bytes:
    """The workbook XlsxWriter wrote, with these cells in its sheets (by file name: sheetData,
    text count, dimension) and their shared strings."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(book)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename in sheets:
                data, _, dimension = sheets[info.filename]
                xml = content.decode("utf-8")
                head, rest = xml.split("<sheetData", 1)  # "<sheetData/>" in a sheet with no cells
                tail = rest[2:] if rest.startswith("/>") else rest.split("</sheetData>", 1)[1]
                head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>', head, count=1)
                content = (head + data + tail).encode("utf-8")
            elif info.filename == STRINGS:
                content = shared.encode("utf-8")
            target.writestr(info, content, compresslevel=1 if len(content) > 1 << 20 else None)
        if STRINGS not in source.namelist():
            raise ValueError("the workbook has no shared strings")  # the first sheet's header has some
    return output.getvalue()


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
