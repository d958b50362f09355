"""Filed and revised sheets (issue #15 §2): mark as filed, REVISED n with its changes, history."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
import zlib
from pathlib import Path

import jsonschema
import pytest

from cuesheet.domain import filing as filing_module
from cuesheet.domain.change import CUE, PRODUCTION
from cuesheet.domain.commands import Edit, EditCue, Put, Remove
from cuesheet.domain.cue import Cue
from cuesheet.domain.filing import pack, unpack
from cuesheet.domain.history import Document
from cuesheet.filing_service import filing_command
from cuesheet.paths import resource
from cuesheet.store.project_file import ProjectFile
from tests.factories import rich_project
from tests.unit.test_cli import assert_one_line_error, run
from tests.unit.test_cue_sheet_pdf import pdf_text


def test_the_frozen_copy_packs_and_refuses_damage(monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = b'{"format": "cuesheet-sheet"}' * 1000
    packed = pack(sheet)
    assert unpack(packed) == sheet and len(packed) < len(sheet) / 10
    for damaged in ("not base64!", packed[:-8], "", "AAAA"):
        with pytest.raises(ValueError, match="the filed copy"):
            unpack(damaged)
    monkeypatch.setattr(filing_module, "SHEET_UNPACKED_MAX", 1000)  # a bomb: small packed, huge unpacked
    with pytest.raises(ValueError, match="more than any sheet holds"):
        unpack(pack(b"0" * 10_000))
    assert len(zlib.compress(b"0" * 10_000)) < 100


def _edit(path: Path) -> None:
    """After the first filing: a cue made longer, one removed, one added, the title changed."""
    sheet, project = ProjectFile.open(path)
    document = Document(project, sheet)
    cues = project.cues_in_order()
    document.execute(EditCue(cues[0].id, end=cues[0].end + 24))
    document.execute(Remove(CUE, [cues[3].id]))
    added = Cue(project.production.frame("01:00:30:00"), project.production.frame("01:00:35:00"),
                cues[0].work_id, "2M01")  # fmt: skip
    document.execute(Put(CUE, [added]))
    document.execute(Edit(PRODUCTION, None, title="Harbour (recut)"))
    sheet.close()


def test_filed_then_edited_sheet_exports_as_a_revision_with_its_changes(tmp_path: Path) -> None:
    path = tmp_path / "film.cuesheet"
    ProjectFile.create(path, rich_project()).close()
    assert "has not been filed yet" in run("filings", path).stdout
    filed = run("file", path, "--with", "ASCAP", "--note", "portal ref 4711", "--by", "Mara")
    assert filed.returncode == 0, filed.stderr
    assert filed.stdout.startswith("Filed the sheet as Original with ASCAP on ")
    history = run("filings", path, "--json")
    facts = json.loads(history.stdout)
    listed = [(f["number"], f["version"], f["recipient"], f["filed_by"], f["note"]) for f in facts["filings"]]
    assert listed == [(1, "Original", "ASCAP", "Mara", "portal ref 4711")]
    assert facts["current"] == {"label": "Original", "revised": False, "changes": 0}
    as_filed = tmp_path / "as filed.json"
    assert run("export", path, "--format", "json", "-o", as_filed).returncode == 0
    assert json.loads(as_filed.read_text(encoding="utf-8"))["revision"]["revised"] is False

    _edit(path)
    assert "The sheet now: Revised 1, 4 change(s)" in run("filings", path).stdout
    document = json.loads(run("export", path, "--format", "json", "-o", "-").stdout)
    schema = json.loads(resource_text("cuesheet.schema.json"))
    jsonschema.Draft202012Validator(schema).validate(document)
    revision = document["revision"]
    assert revision["label"] == "Revised 1" and revision["against"]["recipient"] == "ASCAP"
    changes = {(c["what"], c["cue"]): c["details"] for c in revision["changes"]}
    assert changes[("changed", "1M01")] == "Out 01:00:05:12 → 01:00:06:12"
    assert ("removed", "1M04") in changes and ("added", "2M01") in changes
    assert changes[("header", "")] == "Test Film → Harbour (recut)"
    pdf = run("export", path, "--format", "pdf", "-o", tmp_path / "revised.pdf")
    assert pdf.returncode == 0
    text = pdf_text((tmp_path / "revised.pdf").read_bytes(), tmp_path)
    assert "REVISED 1 — changes on the last page" in text and "Version: REVISED 1" in text
    assert "changes since filing 1 (Original) with ASCAP" in text
    assert "Out 01:00:05:12 → 01:00:06:12" in text and "no longer in the film" in text
    workbook = tmp_path / "revised.xlsx"
    assert run("export", path, "--format", "xlsx", "-o", workbook).returncode == 0
    with zipfile.ZipFile(io.BytesIO(workbook.read_bytes())) as book:
        assert "xl/worksheets/sheet3.xml" in book.namelist()
        assert b'name="Changes"' in book.read("xl/workbook.xml")
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "REVISED 1" in strings and "Out 01:00:05:12 → 01:00:06:12" in strings

    # Filed again: it is Revised 1 as filed, no longer marked; the first filing exports as it was.
    assert run("file", path, "--with", "ASCAP").returncode == 0
    facts = json.loads(run("filings", path, "--json").stdout)
    assert [f["version"] for f in facts["filings"]] == ["Original", "Revised 1"]
    assert facts["current"] == {"label": "Revised 1", "revised": False, "changes": 0}
    again = pdf_text(_export(path, tmp_path, "pdf"), tmp_path)
    assert "REVISED" not in again and "Version: Revised 1" in again
    first = json.loads(run("export", path, "--format", "json", "--filed", "1", "-o", "-").stdout)
    assert first["production"]["title"] == "Test Film" and len(first["cues"]) == 4
    assert first["production"]["version"] == "Original"
    assert_one_line_error(run("export", path, "--format", "pdf", "--filed", "3", "-o", "-"),
                          "has no filing 3; it has filings 1, 2")  # fmt: skip


def resource_text(name: str) -> str:
    found = resource(name)
    assert found is not None
    return found.read_text(encoding="utf-8")


def _export(path: Path, tmp_path: Path, fmt: str) -> bytes:
    target = tmp_path / f"out.{fmt}"
    assert run("export", path, "--format", fmt, "-o", target).returncode == 0
    return target.read_bytes()


def test_marking_as_filed_is_one_undoable_step() -> None:
    project = rich_project()
    document = Document(project)
    command = filing_command(project, "PRS", "first", "Mara")
    document.execute(command)
    assert [f.version for f in project.filings.values()] == ["Original"]
    assert document.undo_text == "Mark as filed with PRS"
    document.undo()
    assert project.filings == {}


def test_a_damaged_filing_copy_still_opens_and_prints_unmarked(tmp_path: Path) -> None:
    path = tmp_path / "film.cuesheet"
    ProjectFile.create(path, rich_project()).close()
    assert run("file", path, "--with", "BMI").returncode == 0
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE filings SET sheet = 'eJwrz'")
    conn.close()
    assert run("info", path).returncode == 0
    assert "cannot be read" in run("filings", path).stdout
    assert "REVISED" not in pdf_text(_export(path, tmp_path, "pdf"), tmp_path)
    assert_one_line_error(run("export", path, "--format", "json", "--filed", "1", "-o", "-"),
                          "filing 1: the filed copy is damaged")  # fmt: skip


def test_filing_refuses_an_empty_or_overlong_recipient(tmp_path: Path) -> None:
    path = tmp_path / "film.cuesheet"
    ProjectFile.create(path, rich_project()).close()
    before = path.read_bytes()
    assert_one_line_error(run("file", path, "--with", "  "), "name whom the sheet is filed with")
    assert_one_line_error(run("file", path, "--with", "X" * 501), "the recipient is 501 characters long")
    assert path.read_bytes() == before


def _filed_project(tmp_path: Path) -> Path:
    path = tmp_path / "film.cuesheet"
    ProjectFile.create(path, rich_project()).close()
    assert run("file", path, "--with", "ASCAP").returncode == 0
    return path


def test_the_same_sheet_filed_with_a_second_society_keeps_its_version(tmp_path: Path) -> None:
    path = _filed_project(tmp_path)
    assert run("file", path, "--with", "BMI").returncode == 0
    facts = json.loads(run("filings", path, "--json").stdout)
    assert [f["version"] for f in facts["filings"]] == ["Original", "Original"]
    _edit(path)
    assert json.loads(run("filings", path, "--json").stdout)["current"]["label"] == "Revised 1"
    assert run("file", path, "--with", "BMI").returncode == 0
    facts = json.loads(run("filings", path, "--json").stdout)
    assert [f["version"] for f in facts["filings"]] == ["Original", "Original", "Revised 1"]


def test_what_the_sheet_prints_differently_makes_a_revision(tmp_path: Path) -> None:
    """A party renamed or moved to another society, the rounding changed, a cue re-added: each is
    a change the society sees, listed, and the cue marked."""
    from cuesheet.domain.change import PARTY, SETTINGS
    from cuesheet.domain.durations import Rounding
    from cuesheet.interchange.filed_sheets import current_revision

    path = _filed_project(tmp_path)
    sheet, project = ProjectFile.open(path)
    document = Document(project, sheet)
    party = next(p for p in project.parties.values() if p.society == "BMI")
    document.execute(Edit(PARTY, party.id, society="GMR"))
    document.execute(Edit(SETTINGS, None, rounding=Rounding.DOWN))
    third = project.cues_in_order()[2]
    document.execute(Remove(CUE, [third.id]))
    again = Cue(
        third.start,
        third.end + 24,
        third.work_id,
        third.number,
        third.origin,
        recording_id=third.recording_id,
    )
    document.execute(Put(CUE, [again]))
    revision = current_revision(project)
    sheet.close()
    assert revision is not None and revision.revised and revision.label == "Revised 1"
    details = [(c.what, c.cue, c.title, c.details) for c in revision.changes]
    assert ("header", "", "Rounding", "up → down") in details
    assert any(what == "changed" and "as printed" in text for what, _, _, text in details)  # the society
    assert any(what == "changed" and "duration" in text for what, _, _, text in details)  # the rounding
    assert again.id in revision.changed_cues  # re-added: paired by place, marked by its own id


def test_an_internal_note_is_no_revision_but_a_note_with_a_printed_change_lists_only_that(
    tmp_path: Path,
) -> None:
    """Notes are internal, never printed (domain guide): a filed sheet whose cue got a note is
    still the filed sheet; a cue that got a note and a new Out lists the Out alone."""
    from cuesheet.interchange.filed_sheets import current_revision

    path = _filed_project(tmp_path)
    sheet, project = ProjectFile.open(path)
    document = Document(project, sheet)
    first, second = project.cues_in_order()[:2]
    number, out = second.number, second.end
    document.execute(EditCue(first.id, notes="Ask the editor about the fade"))
    still = current_revision(project)
    document.execute(EditCue(second.id, notes="Longer in the recut", end=out + 24))
    revision = current_revision(project)
    sheet.close()
    assert still is not None and not still.revised and still.label == "Original"
    assert revision is not None and revision.revised
    assert [(c.cue, c.details) for c in revision.changes] == [
        (number, f"Out {project.production.timecode(out)} → {project.production.timecode(out + 24)}")
    ]


def test_header_changes_print_as_the_sheet_prints_them(tmp_path: Path) -> None:
    from cuesheet.interchange.filed_sheets import current_revision

    path = _filed_project(tmp_path)
    sheet, project = ProjectFile.open(path)
    Document(project, sheet).execute(Edit(PRODUCTION, None, start_frame=project.production.start_frame + 24))
    revision = current_revision(project)
    sheet.close()
    assert revision is not None
    assert [c.details for c in revision.changes] == ["01:00:00:00 → 01:00:01:00"]


def test_a_filed_version_prints_with_its_day_and_under_another_profile(tmp_path: Path) -> None:
    path = _filed_project(tmp_path)
    facts = json.loads(run("filings", path, "--json").stdout)
    filed_on = facts["filings"][0]["filed_on"]
    document = json.loads(run("export", path, "--format", "json", "--filed", "1", "-o", "-").stdout)
    assert document["production"]["prepared_date"] == filed_on
    cisac = run("export", path, "--format", "csv", "--filed", "1", "--profile", "cisac", "-o", "-")
    assert cisac.returncode == 0 and ",Use,Vocal," in cisac.stdout.splitlines()[0]
