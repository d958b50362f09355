"""Composer agreements in the project file: round trip, each edit on disk, the schema-2 upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cuesheet.domain.agreement_commands import AddAgreement, DeleteAgreement, SetCueAgreement
from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.domain.clearance import clearance
from cuesheet.domain.history import Document
from cuesheet.domain.limits import NOTE_MAX, TEXT_MAX
from cuesheet.domain.usage import Origin
from cuesheet.store.backups import list_backups, note_of
from cuesheet.store.project_file import ProjectFile
from cuesheet.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from tests.factories import rich_project


def test_agreements_and_named_cues_round_trip(tmp_path: Path) -> None:
    project = rich_project()
    extra = ComposerAgreement("Ng, Lee", "ADD-7", "2026-03-02", covers_all=False, notes="two cues")
    main = ComposerAgreement("Marlow, Ada", "HL-1", "2026-01-10")
    project.agreements = {main.id: main, extra.id: extra}
    score = next(c for c in project.cues.values() if c.origin is Origin.SCORE)
    score.agreement_id = extra.id
    path = tmp_path / "p.cuesheet"
    ProjectFile.create(path, project).close()
    sheet, loaded = ProjectFile.open(path)
    sheet.close()
    assert loaded.agreements == project.agreements and loaded.cues[score.id].agreement_id == extra.id


def test_each_agreement_edit_is_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "p.cuesheet"
    ProjectFile.create(path, rich_project()).close()
    sheet, project = ProjectFile.open(path)
    score = next(c for c in project.cues.values() if c.origin is Origin.SCORE)
    document = Document(project, sheet)
    agreement = ComposerAgreement("Marlow, Ada", "HL-1", "2026-01-10")
    document.execute(AddAgreement(agreement))
    document.execute(SetCueAgreement(score.id, agreement.id))
    assert ProjectFile.open(path, read_only=True)[1].cues[score.id].agreement_id == agreement.id
    document.execute(DeleteAgreement(agreement.id))
    reread = ProjectFile.open(path, read_only=True)[1]
    assert reread.agreements == {} and reread.cues[score.id].agreement_id is None
    document.undo()
    reread = ProjectFile.open(path, read_only=True)[1]
    assert reread.agreements == {agreement.id: agreement}
    assert reread.cues[score.id].agreement_id == agreement.id
    sheet.close()


def _version_two_file(path: Path) -> None:
    """A project as Cuesheet's schema 2 wrote it (no agreements), built from its migrations."""
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.executescript(MIGRATIONS[1])
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute("PRAGMA user_version=2")
    conn.execute("INSERT INTO production (id, title, rate) VALUES (1, 'Old Film', '24/1')")
    conn.execute("INSERT INTO works VALUES ('w1', 'Old Theme', '')")
    conn.execute(
        'INSERT INTO cues (id, start, "end", work_id, number, origin, perception, vocals, theme_role)'
        " VALUES ('c1', 100, 200, 'w1', '1M01', 'score', 'background', 'instrumental', 'none')"
    )
    conn.execute(
        "INSERT INTO licences (id, side, work_id, agreement_ref, status)"
        " VALUES ('l1', 'composer_agreement', 'w1', 'CA-OLD', 'licensed')"
    )
    conn.commit()
    conn.close()


def test_a_version_two_file_is_upgraded_and_keeps_its_score_cleared(
    tmp_path: Path, _private_data_dir: Path
) -> None:
    path = tmp_path / "old.cuesheet"
    _version_two_file(path)
    sheet, project = ProjectFile.open(path)
    cue = project.cues["c1"]
    assert project.agreements == {} and cue.agreement_id is None
    assert clearance(project, cue).cleared  # its composer-agreement licence still counts
    agreement = ComposerAgreement("Marlow, Ada", "HL-1")
    Document(project, sheet).execute(AddAgreement(agreement))  # the upgraded file takes agreements
    sheet.close()
    assert ProjectFile.open(path, read_only=True)[1].agreements == {agreement.id: agreement}
    assert [note_of(b) for b in list_backups(path)] == ["before upgrade from format 2"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
    conn.close()


def test_over_long_agreement_texts_are_clipped_on_load(tmp_path: Path) -> None:
    project = rich_project()
    agreement = ComposerAgreement("Marlow, Ada", "HL-1")
    project.agreements[agreement.id] = agreement
    path = tmp_path / "p.cuesheet"
    ProjectFile.create(path, project).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE agreements SET composer = printf('%.100000c', 'x'), notes = printf('%.100000c', 'n')"
    )
    conn.commit()
    conn.close()
    loaded = ProjectFile.open(path, read_only=True)[1].agreements[agreement.id]
    assert len(loaded.composer) == TEXT_MAX and len(loaded.notes) == NOTE_MAX


def test_a_version_two_file_is_read_without_being_written(tmp_path: Path, _private_data_dir: Path) -> None:
    """A reader (info, export, the read-only window) reads a colleague's older file as upgraded in
    memory: the file stays byte-identical, with nothing beside it and no backup taken."""
    path = tmp_path / "old.cuesheet"
    _version_two_file(path)
    before = path.read_bytes()
    sheet, project = ProjectFile.open(path, read_only=True)
    sheet.close()
    assert project.production.title == "Old Film" and project.cues["c1"].number == "1M01"
    assert clearance(project, project.cues["c1"]).cleared
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["old.cuesheet"]
    assert list_backups(path) == []
