"""The licensing report: MFN, shortfall, expiring terms, CSV columns, and the PDF as a reader sees it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

from cuesheet.domain.licences import Licence, MfnScope, Side, Status
from cuesheet.domain.usage import Origin
from cuesheet.reports.licensing import CSV_HEADER, build, licensing_csv
from cuesheet.reports.licensing_pdf import licensing_pdf
from tests.factories import rich_project
from tests.unit.test_cue_sheet_pdf import pdf_text

TODAY = dt.date(2026, 11, 26)


def project_with_licences():  # type: ignore[no-untyped-def]
    project = rich_project()
    song = next(c for c in project.cues.values() if c.origin is Origin.LICENSED)
    library = next(c for c in project.cues.values() if c.origin is Origin.LIBRARY)
    work = project.works[song.work_id]
    publisher = next(i.party_id for i in work.interests if i.role.is_publisher)
    licences = [
        Licence(Side.SYNC, work_id=work.id, party_id=publisher, licensor="Quoted Music",
                quoted_fee=Decimal(4000), status=Status.LICENSED, term_end="2027-01-15"),
        Licence(Side.MASTER, recording_id=song.recording_id, licensor="Label, Ltd", quoted_fee=Decimal(3000),
                mfn=True, mfn_scope=MfnScope.OTHER_SIDE, status=Status.QUOTED, option_deadline="2026-11-01"),
        Licence(Side.ALL_IN, recording_id=library.recording_id, licensor="=Atlas", approved_fee=Decimal(500),
                currency="EUR", status=Status.PAID, term_end="2028-01-01"),
    ]  # fmt: skip
    project.licences = {lic.id: lic for lic in licences}
    return project


def test_mfn_shortfall_and_expiry() -> None:
    report = build(project_with_licences(), TODAY)
    song = next(s for s in report.songs if s.origin is Origin.LICENSED)
    master = next(line for line in song.lines if line.side is Side.MASTER)
    assert master.effective_fee == Decimal(4000)  # raised to the sync side by MFN
    assert report.totals == {"USD": Decimal(8000), "EUR": Decimal(500)}
    assert report.shortfall == {"USD": Decimal(4000)}  # the master is only quoted
    assert report.uncleared_uses == 1
    assert [(date, what) for date, what, _, _ in report.expiring] == [
        ("2026-11-01", "Master: option deadline (passed)"), ("2027-01-15", "Sync: term ends"),
    ]  # fmt: skip
    score = [s for s in report.songs if s.origin is Origin.SCORE]
    assert score and score[0].lines[0].side is Side.COMPOSER_AGREEMENT and score[0].lines[0].licence is None


def test_csv_columns_and_cells() -> None:
    data = licensing_csv(project_with_licences(), TODAY)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == CSV_HEADER and all(len(row) == len(CSV_HEADER) for row in rows)
    by_side = {(row[0], row[5]): dict(zip(CSV_HEADER, row, strict=True)) for row in rows[1:]}
    master = by_side[("=SUM(A1:A2)".replace("=", "'="), "Master")]
    assert master["Effective fee"] == "4000.00" and master["Status"] == "Quoted" and master["Cleared"] == "no"
    library = next(v for k, v in by_side.items() if k[1] == "All-in (library)")
    assert library["Licensor"] == "'=Atlas" and library["Currency"] == "EUR"
    missing = [v for v in by_side.values() if v["Status"] == "missing"]
    assert {v["Side"] for v in missing} == {"Composer agreement"}


def test_pdf_lists_songs_sides_and_totals(tmp_path: Path) -> None:
    text = pdf_text(licensing_pdf(project_with_licences(), TODAY), tmp_path)
    expected = [
        "Licensing report", "=SUM(A1:A2)", "Master: Label, Ltd", "4,000.00 with MFN", "NOT CLEARED",
        "All-in cost (MFN applied): EUR 500.00, USD 8,000.00", "Expiring within 90 days", "2027-01-15",
        "Composer agreement: MISSING",
    ]  # fmt: skip
    for fragment in expected:
        assert fragment in text, fragment
