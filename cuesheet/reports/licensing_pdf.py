"""The licensing report as PDF: summary (all-in cost with MFN, shortfall, uncleared uses), the
composer agreements once with the score each covers, a block per song with each side's licensor,
terms, fees and status, and what expires within 90 days."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cuesheet.domain.durations import format_duration
from cuesheet.domain.licences import Side
from cuesheet.domain.project import Project
from cuesheet.reports.cue_sheet_pdf import _numbered_canvas
from cuesheet.reports.fonts import BOLD, REGULAR, draw_text, register, wrap
from cuesheet.reports.licensing import (
    EXPIRY_WINDOW_DAYS,
    AgreementLine,
    LicensingReport,
    Song,
    build,
    fee,
)

PAGE = landscape(letter)
MARGIN = 12 * mm
LEADING = 10.5


def _amounts(values: dict[str, Decimal]) -> str:
    return ", ".join(f"{currency} {amount:,.2f}" for currency, amount in sorted(values.items())) or "none"


class _Writer:
    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.width, self.height = PAGE
        self.y = self.height - MARGIN - 6 * mm

    def need(self, space: float) -> None:
        if self.y - space < MARGIN + 6 * mm:
            self.canvas.showPage()
            self.y = self.height - MARGIN - 6 * mm

    def line(
        self, text: str, font: str = REGULAR, size: float = 8.5, x: float = 0, leading: float = LEADING
    ) -> None:
        for part in wrap(text, font, size, self.width - 2 * MARGIN - x):
            self.need(leading)
            self.y -= leading
            draw_text(self.canvas, MARGIN + x, self.y, part, font, size)

    def write(self, project: Project, report: LicensingReport, today: dt.date) -> None:
        p = project.production
        self.line(f"Licensing report — {p.title}", BOLD, 15, leading=19)
        count = len(report.agreements)
        agreements = f"{count} composer agreement{'' if count == 1 else 's'}"
        self.line(f"As of {today.isoformat()} · {len(report.songs)} songs and score pieces · {agreements}")
        self.line(f"All-in cost (MFN applied): {_amounts(report.totals)}", BOLD)
        self.line(
            f"Uncleared: {report.uncleared_uses} use(s); fees not yet secured: {_amounts(report.shortfall)}",
            BOLD,
        )
        self.y -= 6
        self.line("Composer agreements (score)", BOLD, 10, leading=14)
        if not report.agreements:
            self.line("No composer agreement entered: score is listed below as not cleared.", x=4 * mm)
        for agreement in report.agreements:
            self._agreement(project, agreement)
        self.y -= 6
        for song in report.songs:
            self._song(project, song)
        self.y -= 6
        self.line(f"Expiring within {EXPIRY_WINDOW_DAYS} days", BOLD, 10, leading=14)
        if not report.expiring:
            self.line("Nothing expires in that time.")
        for date, what, song_title, licensor in report.expiring:
            self.line(f"{date}  {what} — {song_title} ({licensor or 'licensor not entered'})", x=4 * mm)

    def _agreement(self, project: Project, line: AgreementLine) -> None:
        a = line.agreement
        head = " · ".join(x for x in (a.composer or "(composer not entered)", a.reference) if x)
        signed = f" · signed {a.date}" if a.date else ""
        scope = "every score cue that names no other" if a.covers_all else "only the cues that name it"
        self.line(f"{head}{signed} — covers {scope}", BOLD, 8.5, x=4 * mm)
        duration = format_duration(line.duration_frames, project.production.rate, project.settings.rounding)
        cues = ", ".join(c.number or "(unnumbered)" for c in line.cues) or "no cue at present"
        uses = f"{len(line.cues)} use{'' if len(line.cues) == 1 else 's'}"
        self.line(f"Cues {cues} · {uses} · {duration}", x=8 * mm)
        if a.notes:
            self.line(a.notes, x=8 * mm)

    def _song(self, project: Project, song: Song) -> None:
        rate, rounding = project.production.rate, project.settings.rounding
        self.need(LEADING * (2 + len(song.lines)))
        self.y -= 4
        self.canvas.setStrokeColor(colors.HexColor("#b8bcc4"))
        self.canvas.line(MARGIN, self.y, self.width - MARGIN, self.y)
        state = "cleared" if song.cleared else "NOT CLEARED"
        cues = ", ".join(c.number for c in song.cues)
        duration = format_duration(song.duration_frames, rate, rounding)
        self.line(
            f"{song.title or '(untitled)'}  —  {song.origin.label} · cues {cues} · {duration} · {state}",
            BOLD,
            9,
        )
        for line in song.lines:
            lic = line.licence
            if lic is None:
                why = (
                    "no agreement covers it" if line.side is Side.COMPOSER_AGREEMENT else "no licence entered"
                )
                self.line(f"{line.side.label}: MISSING — {why}", x=5 * mm)
                continue
            fees = " / ".join(
                f"{label} {value:,.2f}"
                for label, value in (
                    ("quoted", lic.quoted_fee),
                    ("approved", lic.approved_fee),
                    ("paid", lic.paid_fee),
                )
                if value is not None
            )
            effective = "" if line.effective_fee is None or line.effective_fee == fee(lic) else (
                f" → {line.effective_fee:,.2f} with MFN"
            )  # fmt: skip
            terms = ", ".join(x for x in (lic.term, lic.territory, lic.media, lic.exclusivity) if x)
            mfn = f" · MFN ({lic.mfn_scope.value.replace('_', ' ')})" if lic.mfn else ""
            parts = [f"{line.side.label}: {lic.licensor or 'licensor?'}", lic.status.label]
            parts += [f"{lic.currency} {fees or 'no fee'}{effective}{mfn}", terms, lic.agreement_ref]
            self.line(" · ".join(p for p in parts if p), x=5 * mm)


def licensing_pdf(project: Project, today: dt.date | None = None) -> bytes:
    register()
    today = today or dt.date.today()
    report = build(project, today)
    buffer = io.BytesIO()
    canvas = _numbered_canvas(f"Licensing report — {project.production.title}", 0)(buffer, pagesize=PAGE)
    canvas.setTitle(f"Licensing report — {project.production.title}")
    _Writer(canvas).write(project, report, today)
    canvas.save()
    return buffer.getvalue()
