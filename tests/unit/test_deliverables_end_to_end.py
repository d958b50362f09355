"""Acceptance for the deliverables: a project with score, licensed and library cues, several parties per
cue and planted errors exports all four files through the command line, and `check` lists exactly the
planted problems."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from cuesheet.domain.cue import Cue
from cuesheet.domain.licences import Licence, Side, Status
from cuesheet.domain.rights import Interest, Party, Recording, Role, Work
from cuesheet.domain.usage import Origin
from cuesheet.store.project_file import ProjectFile
from tests.factories import empty_project
from tests.unit.test_cli import run
from tests.unit.test_cue_sheet_pdf import pdf_text


def planted_project(path: Path) -> None:
    project = empty_project("25")
    p = project.production
    composer, lyricist = (
        Party("Marlow, Ada", "PRS", "00523456781"),
        Party("Okafor, Ngozi", "ASCAP", "00498765432"),
    )
    publisher, admin = Party("Harbour Music Ltd", "PRS", "00612345670"), Party("Admin Co", "", "00000000001")
    project.parties = {x.id: x for x in (composer, lyricist, publisher, admin)}
    score = Work("Harbour Theme", "T0345246801", [Interest(composer.id, Role.C, Decimal(100)),
                                                   Interest(publisher.id, Role.E, Decimal(100))])  # fmt: skip
    song = Work("Midnight Drive", "", [Interest(composer.id, Role.CA, Decimal(50)),
                                       Interest(lyricist.id, Role.CA, Decimal(40)),  # planted: writers 90 %
                                       Interest(publisher.id, Role.E, Decimal(100))])  # fmt: skip
    library = Work(
        "Undertow",
        "",
        [Interest(composer.id, Role.C, Decimal(100)), Interest(admin.id, Role.AM, Decimal(100))],
    )  # planted: no society, AM only
    project.works = {w.id: w for w in (score, song, library)}
    record = Recording(artist="The Velvet Static", label="Lantern", isrc="USLR12600001")
    catalogue = Recording(library="Atlas", catalog_number="APM-1")
    project.recordings = {record.id: record, catalogue.id: catalogue}
    cues = [
        Cue(p.frame("01:00:01:00"), p.frame("01:00:20:00"), score.id, "1M01", Origin.SCORE),
        Cue(p.frame("01:00:19:00"), p.frame("01:00:40:00"), song.id, "1M02", Origin.LICENSED,
            recording_id=record.id),  # planted: overlaps 1M01 by one second
        Cue(p.frame("01:00:50:00"), p.frame("01:01:00:00"), library.id, "1M03", Origin.LIBRARY,
            recording_id=catalogue.id),
    ]  # fmt: skip
    project.cues = {c.id: c for c in cues}
    project.licences = {
        lic.id: lic
        for lic in (
            Licence(Side.COMPOSER_AGREEMENT, work_id=score.id, agreement_ref="CA-1", status=Status.LICENSED),
            Licence(Side.SYNC, work_id=song.id, party_id=publisher.id, licensor="Harbour Music",
                    approved_fee=Decimal(5000), status=Status.LICENSED),
            Licence(Side.MASTER, recording_id=record.id, licensor="Lantern", quoted_fee=Decimal(4000),
                    status=Status.QUOTED),  # planted: not cleared
            Licence(Side.ALL_IN, recording_id=catalogue.id, licensor="Atlas", paid_fee=Decimal(300),
                    status=Status.PAID),
        )
    }  # fmt: skip
    ProjectFile.create(path, project).close()


def test_four_files_and_exactly_the_planted_problems(tmp_path: Path) -> None:
    path = tmp_path / "delivery.cuesheet"
    planted_project(path)
    check = run("check", path, "--json")
    assert check.returncode == 1  # errors remain
    found = sorted((f["severity"], f["cue"], f["code"]) for f in json.loads(check.stdout))
    assert found == sorted([
        ("error", "1M02", "SHARE_TOTAL"), ("warning", "1M01", "OVERLAP"), ("warning", "1M02", "NOT_CLEARED"),
        ("error", "1M03", "NO_SOCIETY"), ("warning", "1M03", "ADMINISTRATOR_ONLY"),
    ])  # fmt: skip
    outputs = {}
    for fmt, name in (("pdf", "sheet.pdf"), ("csv", "sheet.csv"), ("licensing-pdf", "lic.pdf"),
                      ("licensing-csv", "lic.csv")):  # fmt: skip
        result = run("export", path, "--format", fmt, "-o", tmp_path / name)
        assert result.returncode == 0, result.stderr
        outputs[fmt] = (tmp_path / name).read_bytes()
    sheet = pdf_text(outputs["pdf"], tmp_path)
    expected = ["DRAFT — 2 validation errors", "Harbour Theme", "Midnight Drive", "Undertow", "Okafor, Ngozi",
                "ASCAP", "40 %", "01:00:19:00", "Page 1 of 1"]  # fmt: skip
    for fragment in expected:
        assert fragment in sheet, fragment
    rows = list(csv.DictReader(io.StringIO(outputs["csv"].decode("utf-8-sig"), newline="")))
    assert [(r["Cue #"], r["Party"], r["Share %"]) for r in rows if r["Cue #"] == "1M02"] == [
        ("1M02", "Marlow, Ada", "50"), ("1M02", "Okafor, Ngozi", "40"), ("1M02", "Harbour Music Ltd", "100"),
    ]  # fmt: skip
    assert rows[0]["Duration"] == "0:18"  # 1M01 carved out where 1M02 starts
    # The total is the column's sum (0:18 + 0:21 + 0:10), on the sheet and in the CSV's total row.
    assert "Total music: 0:49 in 3 cues" in sheet and "BI 0:49" in sheet
    total = next(r for r in rows if r["Title"] == "Total music, 3 cues")
    assert (total["Seq"], total["Duration"]) == ("", "0:49")
    licensing = pdf_text(outputs["licensing-pdf"], tmp_path)
    assert "Midnight Drive" in licensing and "NOT CLEARED" in licensing and "USD 4,000.00" in licensing
    lic_rows = list(csv.DictReader(io.StringIO(outputs["licensing-csv"].decode("utf-8-sig"), newline="")))
    assert {(r["Song"], r["Side"], r["Cleared"]) for r in lic_rows} == {
        ("Harbour Theme", "Composer agreement", "yes"), ("Midnight Drive", "Sync", "yes"),
        ("Midnight Drive", "Master", "no"), ("Undertow", "All-in (library)", "yes"),
    }  # fmt: skip
