"""Licences: clearance rules, dated status history, storage, and the upgrade of version-1 files."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

from cuesheet.domain.clearance import clearance
from cuesheet.domain.commands import AddLicence, EditLicence, SetLicenceStatus
from cuesheet.domain.history import Document
from cuesheet.domain.licences import Licence, MfnScope, Side, Status
from cuesheet.domain.usage import Origin
from cuesheet.store.backups import list_backups, note_of
from cuesheet.store.project_file import ProjectFile
from cuesheet.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from tests.factories import rich_project


def licensed_cue(project):  # type: ignore[no-untyped-def]
    return next(c for c in project.cues.values() if c.origin is Origin.LICENSED)


def test_a_licensed_cue_needs_sync_from_each_publisher_and_master() -> None:
    project = rich_project()
    document = Document(project)
    cue = licensed_cue(project)
    work = project.works[cue.work_id]
    publisher = next(i.party_id for i in work.interests if i.role.is_publisher)
    state = clearance(project, cue)
    assert not state.cleared
    assert state.missing == ('sync licence from "Quoted" Music, Inc.', "master licence")
    sync = Licence(
        Side.SYNC, work_id=work.id, party_id=publisher, licensor="Quoted Music", quoted_fee=Decimal(5000)
    )
    master = Licence(Side.MASTER, recording_id=cue.recording_id, licensor="Label, Ltd", mfn=True,
                     mfn_scope=MfnScope.OTHER_SIDE)  # fmt: skip
    document.execute(AddLicence(sync))
    document.execute(AddLicence(master))
    document.execute(SetLicenceStatus(sync.id, Status.LICENSED, "2026-11-20", "signed"))
    assert clearance(project, cue).missing == ("master licence",)
    document.execute(SetLicenceStatus(master.id, Status.QUOTED, "2026-11-21"))
    document.execute(SetLicenceStatus(master.id, Status.PAID, "2026-11-25", "wire sent"))
    assert clearance(project, cue).cleared
    assert [(h.date, h.status) for h in project.licences[master.id].history] == [
        ("2026-11-21", Status.QUOTED),
        ("2026-11-25", Status.PAID),
    ]
    document.undo()
    master = project.licences[master.id]
    assert master.status is Status.QUOTED and len(master.history) == 1
    assert not clearance(project, cue).cleared


def test_library_and_score_clearance() -> None:
    project = rich_project()
    library = next(c for c in project.cues.values() if c.origin is Origin.LIBRARY)
    assert clearance(project, library).missing == ("all-in (library) licence",)
    project.licences["x"] = Licence(
        Side.ALL_IN, recording_id=library.recording_id, status=Status.LICENSED, id="x"
    )
    assert clearance(project, library).cleared
    score = next(c for c in project.cues.values() if c.origin is Origin.SCORE)
    assert not clearance(project, score).cleared
    agreement = Licence(
        Side.COMPOSER_AGREEMENT, work_id=score.work_id, agreement_ref="CA-2026-01", status=Status.LICENSED
    )
    project.licences[agreement.id] = agreement
    assert clearance(project, score).cleared


def test_licences_are_stored_with_their_history(tmp_path: Path) -> None:
    project = rich_project()
    cue = licensed_cue(project)
    licence = Licence(
        Side.MASTER,
        recording_id=cue.recording_id,
        licensor="Label, Ltd",
        contact="rights@label.example",
        quoted_fee=Decimal("2500.50"),
        currency="EUR",
        mfn=True,
        mfn_scope=MfnScope.ALL_SONGS,
        term="perpetuity",
        territory="world",
        media="all media",
        term_end="2027-01-31",
    )
    path = tmp_path / "p.cuesheet"
    ProjectFile.create(path, project).close()
    sheet, loaded = ProjectFile.open(path)
    document = Document(loaded, sheet)
    document.execute(AddLicence(licence))
    document.execute(SetLicenceStatus(licence.id, Status.QUOTE_REQUESTED, "2026-11-01", "emailed"))
    document.execute(EditLicence(licence.id, approved_fee=Decimal(2400)))
    edited = loaded.licences[licence.id]
    assert edited.approved_fee == Decimal(2400) and edited.status is Status.QUOTE_REQUESTED
    sheet.close()
    _, again = ProjectFile.open(path)
    stored = again.licences[licence.id]
    assert stored == edited  # every field, the fees as exact decimals, and the history


def _version_one_file(path: Path) -> None:
    """A project as Cuesheet's schema 1 wrote it (no licence tables), built from that migration."""
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute("PRAGMA user_version=1")
    conn.execute(
        "INSERT INTO production (id, title, rate, drop_frame, start_frame, aka, company, running_time,"
        " version) VALUES (1, 'Old Film', '30000/1001', 1, 107892, 'AKA', 'Old Co', 1000, 'Revised 2')"
    )
    conn.execute("INSERT INTO settings VALUES ('share_convention', 'whole_work')")
    conn.execute("INSERT INTO parties VALUES ('p1', 'Doe, Jane', 'BMI', '00012345678')")
    conn.execute("INSERT INTO works VALUES ('w1', 'Old Theme', 'T0345246801')")
    conn.execute("INSERT INTO interests VALUES ('w1', 0, 'p1', 'CA', '100')")
    conn.execute(
        'INSERT INTO cues (id, start, "end", work_id, number, origin, perception, vocals, theme_role,'
        " scene, notes) VALUES ('c1', 107900, 108000, 'w1', '1M01', 'score', 'visual', 'vocal', 'none',"
        " 'Beach', 'n')"
    )
    conn.commit()
    conn.close()


def test_a_version_one_file_is_backed_up_upgraded_and_keeps_every_field(
    tmp_path: Path, _private_data_dir: Path
) -> None:
    path = tmp_path / "old.cuesheet"
    _version_one_file(path)
    original = path.read_bytes()
    sheet, project = ProjectFile.open(path)
    sheet.close()
    p = project.production
    assert (p.title, p.rate.ratio, p.rate.drop_frame, p.start_frame, p.aka, p.company, p.version) == (
        "Old Film", "30000/1001", True, 107892, "AKA", "Old Co", "Revised 2",
    )  # fmt: skip
    assert project.settings.share_convention.value == "whole_work"
    cue = project.cues["c1"]
    assert (cue.start, cue.end, cue.number, cue.scene, cue.notes, cue.usage.value) == (
        107900,
        108000,
        "1M01",
        "Beach",
        "n",
        "VV",
    )
    assert project.works["w1"].interests[0].share == Decimal(100)
    assert project.licences == {}
    backups = list_backups(path)  # with the rolling backups, so File > Restore a backup… offers it
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert note_of(backups[0]) == "before upgrade from format 1"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
