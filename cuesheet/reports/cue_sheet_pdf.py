"""The PRO cue sheet as PDF, in the layout PROs and broadcasters know (domain guide §6).

Header block with the production and the total music; one row per cue with its writers and
publishers indented under the title (role, name, society, IPI, share); the column header repeated on
every page; a usage-code legend; "page x of y"; and a DRAFT banner while validation errors remain.

Laid out directly on the canvas: a cue block is measured once and never split across pages.
(reportlab's platypus tables re-measure and re-wrap every cell; 1,000 cues took 2.1–2.5 s.)
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cuesheet.domain.decimal_text import format_decimal
from cuesheet.domain.profiles import OURS, Vocabulary, sung, usage_totals, vocabulary
from cuesheet.domain.project import Project
from cuesheet.domain.revisions import Revision
from cuesheet.domain.rights import Interest, Party, Recording
from cuesheet.domain.rollup import Rolled, printed_by_usage, printed_lines
from cuesheet.domain.sheet import Sheet
from cuesheet.domain.usage import Origin, Vocals
from cuesheet.domain.validation import ERROR, validate
from cuesheet.reports.cue_sheet_csv import InterestKey, interest_key
from cuesheet.reports.fonts import BOLD, REGULAR, clip, draw_text, register, text_width, wrap
from cuesheet.reports.header import production_fields, sheet_fields
from cuesheet.reports.pen import Pen
from cuesheet.reports.revision_pdf import REVISED_COLOUR, changes_pages

PAGE = landscape(letter)
MARGIN = 12 * mm
COLUMNS = ("#", "Cue", "Title / interested parties", "Usage", "Origin", "TC In", "TC Out", "Duration")
WIDTHS = (10 * mm, 16 * mm, 126 * mm, 14 * mm, 22 * mm, 24 * mm, 24 * mm, 21 * mm)
# Under a profile printing words ("Background"), the Use column takes 5 mm of the title's.
WORD_WIDTHS = (*WIDTHS[:2], WIDTHS[2] - 5 * mm, WIDTHS[3] + 5 * mm, *WIDTHS[4:])
WORD_COLUMNS = (*COLUMNS[:3], "Use", *COLUMNS[4:])
RIGHT_ALIGNED = {5, 6, 7}
HEADER_HEIGHT = 16
PAD = 3
TITLE_SIZE, TITLE_LEADING = 8.5, 10.5
PARTY_SIZE, PARTY_LEADING = 7.0, 8.6
CELL_SIZE = 7.5
SHADE = colors.HexColor("#f4f5f7")
RULE = colors.HexColor("#b8bcc4")
BAR = colors.HexColor("#2b3340")


@dataclass
class _Block:
    """One cue, measured: its cells and the wrapped title and party lines."""

    cells: list[str]
    title: list[str]
    parties: list[str]
    changed: bool = False  # changed since the sheet was last filed: a bar in the margin

    @property
    def lines(self) -> list[tuple[str, bool]]:
        """(text, is a party line), in drawing order."""
        return [(line, False) for line in self.title] + [(line, True) for line in self.parties]

    @property
    def height(self) -> float:
        return 2 * PAD + len(self.title) * TITLE_LEADING + len(self.parties) * PARTY_LEADING


def _leading(party: bool) -> float:
    return PARTY_LEADING if party else TITLE_LEADING


def cue_sheet_pdf(
    project: Project, prepared_on: dt.date | None = None, revision: Revision | None = None
) -> bytes:
    """``revision``: the sheet against its last filing; when they differ, every page says REVISED n,
    changed lines are marked and the changes are listed on the last pages."""
    register()
    revised = revision if revision is not None and revision.revised else None
    sheet = Sheet.of(project)  # one for the checks and the pages
    try:
        errors = sum(1 for finding in validate(project, sheet) if finding.severity == ERROR)
    except ArithmeticError:  # a share no check can add up (1e50000000): still a draft, still printed
        errors = -1
    buffer = io.BytesIO()
    title = project.production.title
    banner = f"{revised.printed_version} — changes on the last page" if revised else ""
    canvas = _numbered_canvas(title, errors, banner)(buffer, pagesize=PAGE)
    canvas.setTitle(f"Music cue sheet — {title}")
    canvas.setAuthor(project.production.prepared_by)
    writer = _Writer(canvas, revision)
    writer.write(project, sheet, prepared_on or dt.date.today())
    if revised is not None:
        changes_pages(canvas, revised)
    canvas.save()
    return buffer.getvalue()


class _Writer:
    def __init__(self, canvas: Canvas, revision: Revision | None = None) -> None:
        self.canvas, self.version = canvas, ("" if revision is None else revision.printed_version)
        self.words, self.widths, self.columns = OURS, WIDTHS, COLUMNS
        self.changed = revision.changed_cues if revision is not None else frozenset()
        self.pen = Pen(canvas)  # the table's texts: 600,000 at 50,000 cues
        self.width, self.height = PAGE
        self.y = self.height - MARGIN - 6 * mm

    def write(self, project: Project, totals: Sheet, prepared_on: dt.date) -> None:
        self.words = vocabulary(project.settings.profile)  # the words of the project's society profile
        worded = self.words is not OURS
        self.widths, self.columns = (WORD_WIDTHS, WORD_COLUMNS) if worded else (WIDTHS, COLUMNS)
        self.by_usage = printed_by_usage(project, totals)
        self._production(project, totals, prepared_on)
        self.y -= 4 * mm
        self._column_header()
        for seq, block in enumerate(self._blocks(project, totals), start=1):
            self._block(block, shaded=seq % 2 == 0)
        self._foot(totals)

    def _new_page(self) -> None:
        self.canvas.showPage()
        self.y = self.height - MARGIN - 6 * mm

    def _production(self, project: Project, totals: Sheet, prepared_on: dt.date) -> None:
        p = project.production
        production = production_fields(project)
        sheet = sheet_fields(project, totals, prepared_on, self.version)
        # Any text may arrive here (limits bound it on the ways in; a writer must not trust that):
        # the title takes at most two lines and each field two, cut with "…".
        for line in clip(f"Music cue sheet — {p.title}", BOLD, 15, sum(WIDTHS), 2):
            self.y -= 19
            draw_text(self.canvas, MARGIN, self.y, line, BOLD, 15)
        top, column, lowest = self.y - 4, sum(WIDTHS) / 2, self.y
        for x, fields in ((MARGIN, production), (MARGIN + column, sheet)):  # two columns
            self.y = top
            for label, value in fields:
                draw_text(self.canvas, x, self.y - 11, f"{label}: ", BOLD, 8.5)
                label_width = text_width(f"{label}: ", BOLD, 8.5)
                for line in clip(value, REGULAR, 8.5, column - label_width - 6 * mm, 2):
                    self.y -= 11
                    draw_text(self.canvas, x + label_width, self.y, line, REGULAR, 8.5)
            lowest = min(lowest, self.y)
        self.y = lowest

    def _column_header(self) -> None:
        canvas = self.canvas
        top = self.y
        canvas.setFillColor(BAR)
        canvas.rect(MARGIN, top - HEADER_HEIGHT, sum(WIDTHS), HEADER_HEIGHT, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        x = MARGIN
        for index, (name, width) in enumerate(zip(self.columns, self.widths, strict=True)):
            if index in RIGHT_ALIGNED:  # over the figures, as they are aligned
                self.pen.right(x + width - PAD, top - HEADER_HEIGHT + 5, name, BOLD, CELL_SIZE)
            else:
                self.pen.text(x + PAD, top - HEADER_HEIGHT + 5, name, BOLD, CELL_SIZE)
            x += width
        canvas.setFillColor(colors.black)
        self.y = top - HEADER_HEIGHT

    def _blocks(self, project: Project, totals: Sheet) -> list[_Block]:
        title_width = self.widths[2] - 2 * PAD
        parties = project.parties
        # A party line (role, party, share) is made and wrapped once per sheet: 150,000 lines at
        # 50,000 cues are a few hundred different ones.
        made: dict[InterestKey, list[str]] = {}
        blocks = []
        plain = self.words is OURS
        printed = printed_lines(project, totals, project.settings.roll_up)
        for seq, (line, rolled) in enumerate(printed, start=1):
            cue = line.cue
            work = project.works.get(cue.work_id)
            lines: list[str] = []
            for interest in work.interests if work else []:
                key = interest_key(interest)
                found = made.get(key) if key is not None else None
                if found is None:
                    party = parties.get(interest.party_id)
                    found = [] if party is None else self._party(party, interest, title_width - 5 * mm)
                    if key is not None:
                        made[key] = found
                lines += found
            if rolled is not None:  # commissioned cues of one ownership, as one line
                blocks.append(self._rolled(seq, rolled, lines, title_width))
                continue
            recording = project.recordings.get(cue.recording_id) if cue.recording_id else None
            if recording is not None:
                lines = _recording_lines(recording, title_width - 5 * mm) + lines
            title = " ".join(line.printed_title.split())
            if plain:
                cells = [str(seq), cue.number, "", line.usage.value, cue.origin.label, *totals.texts(line)]
            else:
                tc_in, tc_out, _ = totals.texts(line)
                words = self.words
                cells = [str(seq), cue.number, "", words.usages[line.usage], words.origins[cue.origin],
                         tc_in, tc_out, words.duration(line.seconds)]  # fmt: skip
                if words.vocal_column:  # the words no longer say it (the CSV's Vocal column)
                    vocal = sung(line.usage, cue.vocals is Vocals.VOCAL)
                    lines = ["Vocal" if vocal else "Instrumental", *lines]
            wrapped = wrap(title, BOLD, TITLE_SIZE, title_width)
            blocks.append(_Block(cells, wrapped, lines, cue.id in self.changed))
        return blocks

    def _rolled(self, seq: int, rolled: Rolled, parties: list[str], title_width: float) -> _Block:
        words = self.words
        parties = ["Vocal" if rolled.vocal else "Instrumental", *parties] if words.vocal_column else parties
        cells = [str(seq), rolled.numbers, "", words.usages[rolled.usage], words.origins[Origin.SCORE],
                 "", "", words.duration(rolled.seconds)]  # fmt: skip
        changed = any(line.cue.id in self.changed for line in rolled.lines)
        return _Block(cells, wrap(rolled.title, BOLD, TITLE_SIZE, title_width), parties, changed)

    @staticmethod
    def _party(party: Party, interest: Interest, width: float) -> list[str]:
        ipi = f"IPI {party.ipi}" if party.ipi else ""
        share = f"{format_decimal(interest.share)} %"  # bounded: 1e999999 is not a million digits
        text = "  ".join(x for x in (interest.role.value, party.name, party.society or "—", ipi, share) if x)
        return wrap(text, REGULAR, PARTY_SIZE, width)

    def _block(self, block: _Block, shaded: bool) -> None:
        """A cue block, kept on one page when a page can hold it, else continued on the next."""
        bottom = MARGIN + 4 * mm
        page_room = self.height - MARGIN - 6 * mm - HEADER_HEIGHT - bottom
        if self.y - block.height < bottom and block.height <= page_room:
            self._new_page()
            self._column_header()
        lines, cells = block.lines, block.cells
        while True:
            room, count = self.y - 2 * PAD - bottom, 0
            while count < len(lines) and room >= _leading(lines[count][1]):
                room -= _leading(lines[count][1])
                count += 1
            if count:
                self._part(cells, lines[:count], shaded, block.changed)
                lines, cells = lines[count:], [""] * len(cells)
            if not lines:
                return
            self._new_page()
            self._column_header()

    def _part(self, cells: list[str], lines: list[tuple[str, bool]], shaded: bool, changed: bool) -> None:
        canvas = self.canvas
        top = self.y
        height = 2 * PAD + sum(_leading(party) for _, party in lines)
        if shaded or changed:
            if shaded:
                canvas.setFillColor(SHADE)
                self.pen.fill_rect(MARGIN, top - height, sum(WIDTHS), height)
            if changed:  # a revision bar in the margin, as revised scripts and sheets are marked
                canvas.setFillColor(REVISED_COLOUR)
                self.pen.fill_rect(MARGIN - 2.6 * mm, top - height, 1.4 * mm, height)
            canvas.setFillColor(colors.black)
        pen, x = self.pen, MARGIN
        for index, (cell, width) in enumerate(zip(cells, self.widths, strict=True)):
            if cell:
                if index in RIGHT_ALIGNED:
                    pen.right(x + width - PAD, top - PAD - TITLE_SIZE, cell, REGULAR, CELL_SIZE)
                else:
                    pen.text(x + PAD, top - PAD - TITLE_SIZE, cell, REGULAR, CELL_SIZE)
            x += width
        title_x = MARGIN + WIDTHS[0] + WIDTHS[1] + PAD
        y = top - PAD
        for line, party in lines:
            y -= _leading(party)
            if party:
                pen.text(title_x + 5 * mm, y + 2, line, REGULAR, PARTY_SIZE)
            else:
                pen.text(title_x, y + 2, line, BOLD, TITLE_SIZE)
        canvas.setStrokeColor(RULE)
        pen.line_width(0.25)
        pen.line(MARGIN, top - height, MARGIN + sum(WIDTHS), top - height)
        self.y = top - height

    def _foot(self, totals: Sheet) -> None:
        """The table's foot: the total under the Duration column (the sum of the printed lines,
        so a reader adding up the column finds it), the total per usage code, then the legend;
        kept together, under a column header when they need a page of their own."""
        legend = _legend_lines(self.words)
        needed = 2 * PAD + 2 * TITLE_LEADING + 4 * mm + 11 * len(legend)
        if self.y - needed < MARGIN + 4 * mm:
            self._new_page()
            self._column_header()
        canvas, top, right = self.canvas, self.y, MARGIN + sum(WIDTHS)
        canvas.setStrokeColor(BAR)
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN, top, right, top)
        baseline = top - PAD - TITLE_SIZE
        label = MARGIN + WIDTHS[0] + WIDTHS[1] + PAD
        draw_text(canvas, label, baseline, f"Total music, {len(totals)} cues", BOLD, TITLE_SIZE)
        canvas.setFont(BOLD, TITLE_SIZE)
        canvas.drawRightString(right - PAD, baseline, self.words.duration(totals.total))
        by_usage = "   ".join(
            f"{word} {self.words.duration(s)}" for word, s in usage_totals(self.by_usage, self.words)
        )
        draw_text(canvas, label, baseline - TITLE_LEADING, by_usage, REGULAR, CELL_SIZE)
        self.y = top - 2 * PAD - 2 * TITLE_LEADING - 4 * mm
        for label, line in legend:
            self.y -= 11
            draw_text(canvas, MARGIN, self.y, label, BOLD, 8)
            draw_text(canvas, MARGIN + 38, self.y, line, REGULAR, 8)


def _recording_lines(recording: Recording, width: float) -> list[str]:
    """What the CSV's recording columns carry, under the title (issue #15 §1): a commercial
    recording's artist, label and ISRC; a library track's library, catalogue and track number."""
    lines = []
    master = [recording.artist, recording.label, f"ISRC {recording.isrc}" if recording.isrc else ""]
    library = [recording.library, f"Cat. {recording.catalog_number}" if recording.catalog_number else "",
               f"Track {recording.track_number}" if recording.track_number else ""]  # fmt: skip
    for label, parts in (("Recording", master), ("Library", library)):
        if any(parts):  # "; " between, not " · ": an ASCII line is drawn by the Pen, 6 s quicker at 50,000
            text = f"{label}: " + "; ".join(" ".join(part.split()) for part in parts if part)
            lines += wrap(text, REGULAR, PARTY_SIZE, width)
    return lines


def _legend_lines(words: Vocabulary) -> list[tuple[str, str]]:
    """(label, text) lines of the usage and role legend, wrapped to the table's width."""
    codes = " · ".join(f"{word} {meaning}" for word, meaning in words.legend())
    roles = (
        "C composer · A author · CA composer/author · AR arranger · AD adapter · TR translator · "
        "E original publisher · SE sub-publisher · AM administrator"
    )
    lines = []
    for label, text in (("Usage: ", codes), ("Roles: ", roles)):
        for index, line in enumerate(wrap(text, REGULAR, 8, sum(WIDTHS) - 40)):
            lines.append((label if index == 0 else "", line))
    return lines


def _numbered_canvas(title: str, errors: int, revised: str = "") -> type[Canvas]:
    """A canvas that knows the page count when it saves, for "page x of y" and the DRAFT banner;
    ``revised``: the revision banner, top right of every page."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no types: Canvas is Any
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            self._pages.append(dict(self.__dict__))  # the last page, not yet shown
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            width, height = PAGE
            self.setFillColor(colors.HexColor("#555555"))
            draw_text(self, MARGIN, MARGIN / 2, clip(title, REGULAR, 7.5, width / 2)[0], REGULAR, 7.5)
            self.setFont(REGULAR, 7.5)
            self.drawRightString(width - MARGIN, MARGIN / 2, f"Page {number} of {total}")
            if revised:
                self.setFillColor(REVISED_COLOUR)
                self.setFont(BOLD, 10)
                self.drawRightString(width - MARGIN, height - MARGIN + 1 * mm, revised)
            if errors:
                self.setFillColor(colors.HexColor("#c62828"))
                self.setFont(BOLD, 11)
                banner = f"DRAFT — {errors} validation error{'s' if errors != 1 else ''}"
                if errors < 0:
                    banner = "DRAFT — a share or fee is out of range"
                self.drawCentredString(width / 2, height - MARGIN + 1 * mm, banner)

    return NumberedCanvas
