"""The licensing report: MFN, shortfall, expiring terms, CSV columns, and the PDF as a reader sees it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.domain.cue import Cue
from cuesheet.domain.licences import Licence, MfnScope, Side, Status
from cuesheet.domain.usage import Origin
from cuesheet.reports.licensing import CSV_HEADER, build, licensing_csv, licensing_xlsx
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
    assert report.uncleared_uses == 2  # the quoted master and the score no agreement covers
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
    assert {v["Side"] for v in missing} == {"Composer agreement"}  # the score, with no agreement


def test_pdf_lists_songs_sides_and_totals(tmp_path: Path) -> None:
    text = pdf_text(licensing_pdf(project_with_licences(), TODAY), tmp_path)
    expected = [
        "Licensing report", "=SUM(A1:A2)", "Master: Label, Ltd", "4,000.00 with MFN", "NOT CLEARED",
        "All-in cost (MFN applied): EUR 500.00, USD 8,000.00", "Expiring within 90 days", "2027-01-15",
        "Composer agreement: MISSING",
    ]  # fmt: skip
    for fragment in expected:
        assert fragment in text, fragment


def project_with_agreement():  # type: ignore[no-untyped-def]
    """Two score cues under the production's agreement, a third naming an additional composer's."""
    project = project_with_licences()
    score = next(c for c in project.cues.values() if c.origin is Origin.SCORE)
    p = project.production
    reprise = Cue(p.frame("01:00:30:00"), p.frame("01:00:40:00"), score.work_id, "1M05", Origin.SCORE)
    extra = ComposerAgreement("Ng, Lee", "ADD-7", "2026-03-02", covers_all=False)
    chase = Cue(p.frame("01:00:50:00"), p.frame("01:00:55:00"), score.work_id, "1M06", Origin.SCORE,
                agreement_id=extra.id)  # fmt: skip
    main = ComposerAgreement("Marlow, Ada", "HL-2026-01", "2026-01-10")
    project.cues.update({reprise.id: reprise, chase.id: chase})
    project.agreements = {main.id: main, extra.id: extra}
    return project, main


def test_score_under_an_agreement_is_not_missing_a_licence() -> None:
    project, _ = project_with_agreement()
    report = build(project, TODAY)
    assert not [s for s in report.songs if s.origin is Origin.SCORE]
    assert report.uncleared_uses == 1  # only the quoted master
    lines = {line.agreement.reference: line for line in report.agreements}
    assert [c.number for c in lines["HL-2026-01"].cues] == ["1M01", "1M05"]
    assert [c.number for c in lines["ADD-7"].cues] == ["1M06"]
    rate = project.production.rate
    assert lines["HL-2026-01"].duration_frames == sum(c.duration for c in lines["HL-2026-01"].cues)
    assert lines["ADD-7"].duration_frames == 5 * rate.nominal


def test_score_no_agreement_covers_is_uncleared() -> None:
    project, main = project_with_agreement()
    del project.agreements[main.id]  # 1M01 and 1M05 name none; ADD-7 covers only 1M06
    report = build(project, TODAY)
    score = [s for s in report.songs if s.origin is Origin.SCORE]
    assert [c.number for s in score for c in s.cues] == ["1M01", "1M05"] and not score[0].cleared
    assert report.uncleared_uses == 3


def test_agreements_in_csv_and_pdf(tmp_path: Path) -> None:
    project, _ = project_with_agreement()
    rows = list(csv.DictReader(io.StringIO(licensing_csv(project, TODAY).decode("utf-8-sig"), newline="")))
    assert not [r for r in rows if r["Status"] == "missing"]
    agreements = [r for r in rows if r["Side"] == "Composer agreement"]
    assert [(r["Licensor"], r["Agreement ref."], r["Agreement date"], r["Cue #s"], r["Uses"], r["Cleared"])
            for r in agreements] == [
        ("Marlow, Ada", "HL-2026-01", "2026-01-10", "1M01, 1M05", "2", "yes"),
        ("Ng, Lee", "ADD-7", "2026-03-02", "1M06", "1", "yes"),
    ]  # fmt: skip
    text = pdf_text(licensing_pdf(project, TODAY), tmp_path)
    for fragment in ("Composer agreements", "Marlow, Ada", "HL-2026-01", "signed 2026-01-10",
                     "1M01, 1M05", "2 uses", "Ng, Lee", "only the cues that name it"):  # fmt: skip
        assert fragment in text, fragment
    assert "MISSING" not in text
    from tests.unit.test_cue_sheet_xlsx import _cells

    sheet = _cells(licensing_xlsx(project, TODAY))  # the workbook has the agreement rows too
    uses = CSV_HEADER.index("Uses")
    agreement_rows = [r for r in sheet[1:] if r[CSV_HEADER.index("Side")][1] == "Composer agreement"]
    assert [(r[CSV_HEADER.index("Agreement ref.")][1], r[uses]) for r in agreement_rows] == [
        ("HL-2026-01", ("n", "2")), ("ADD-7", ("n", "1")),
    ]  # fmt: skip
