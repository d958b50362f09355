"""The last pages of a revised PDF sheet: what changed since the sheet was last filed (issue #15 §2).

One line per change — a cue added, removed or changed (its fields named, with old → new values
where they print) and each header field changed — under the filing it is measured against, so the
society's clerk can see the whole revision without comparing two sheets.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cuesheet.domain.revisions import Revision
from cuesheet.reports.fonts import BOLD, REGULAR, clip, draw_text, wrap

REVISED_COLOUR = colors.HexColor("#1565c0")
PAGE = landscape(letter)
MARGIN = 12 * mm
COLUMNS = (("What", 20 * mm), ("Cue", 18 * mm), ("Title", 70 * mm), ("In–Out as filed", 46 * mm),
           ("Changes", 103 * mm))  # fmt: skip
SIZE, LEADING = 7.5, 9.5


def changes_pages(canvas: Canvas, revision: Revision) -> None:
    """Draw the change list from a new page."""
    width, height = PAGE
    canvas.showPage()
    y = height - MARGIN - 6 * mm
    heading = f"{revision.printed_version}: changes since {revision.against}"
    for line in clip(heading, BOLD, 12, width - 2 * MARGIN, 2):
        y -= 15
        canvas.setFillColor(REVISED_COLOUR)
        draw_text(canvas, MARGIN, y, line, BOLD, 12)
    canvas.setFillColor(colors.black)
    counts = {what: sum(c.what == what for c in revision.changes) for what in ("added", "removed", "changed")}
    summary = ", ".join(f"{n} cue{'s' if n != 1 else ''} {what}" for what, n in counts.items())
    header_changes = sum(c.what == "header" for c in revision.changes)
    if header_changes:
        summary += f", {header_changes} header field{'s' if header_changes != 1 else ''} changed"
    y -= 13
    draw_text(canvas, MARGIN, y, summary + ". Changed cues are marked by a bar in the margin.", REGULAR, 8.5)
    y = _column_header(canvas, y - 8)
    for change in revision.changes:
        cells = [change.what, change.cue, change.title, change.span, change.details or "changed"]
        wrapped = [wrap(cell, BOLD if n == 2 else REGULAR, SIZE, w - 4) or [""]
                   for n, (cell, (_, w)) in enumerate(zip(cells, COLUMNS, strict=True))]  # fmt: skip
        rows = max(len(lines) for lines in wrapped)
        if y - rows * LEADING - 4 < MARGIN + 4 * mm:
            canvas.showPage()
            y = _column_header(canvas, height - MARGIN - 6 * mm)
        x = MARGIN
        for n, (lines, (_, w)) in enumerate(zip(wrapped, COLUMNS, strict=True)):
            for row, text in enumerate(lines):
                draw_text(canvas, x + 2, y - (row + 1) * LEADING, text, BOLD if n == 2 else REGULAR, SIZE)
            x += w
        y -= rows * LEADING + 4
        canvas.setStrokeColor(colors.HexColor("#b8bcc4"))
        canvas.setLineWidth(0.25)
        canvas.line(MARGIN, y + 1, MARGIN + sum(w for _, w in COLUMNS), y + 1)


def _column_header(canvas: Canvas, top: float) -> float:
    canvas.setFillColor(colors.HexColor("#2b3340"))
    canvas.rect(MARGIN, top - 14, sum(w for _, w in COLUMNS), 14, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    x = MARGIN
    for name, w in COLUMNS:
        draw_text(canvas, x + 2, top - 10, name, BOLD, SIZE)
        x += w
    canvas.setFillColor(colors.black)
    return top - 14
