"""A project's snapshot is what a worker reads while the user goes on editing (an export, a filing,
an import's plan, listening): every command replaces the items it changes, so the snapshot keeps
the project exactly as it was, at the cost of copying its collections, not its items."""

from __future__ import annotations

import copy
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from cuesheet.domain.agreement_commands import AddAgreement, DeleteAgreement, EditAgreement, SetCueAgreement
from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.domain.commands import (
    AddCues,
    AddLicence,
    ChangeShareConvention,
    Command,
    DeleteCues,
    EditCue,
    EditLicence,
    EditParty,
    EditProduction,
    EditRecording,
    EditSettings,
    EditWork,
    SetInterests,
    SetLicenceStatus,
    SetMedia,
    SetMotifs,
)
from cuesheet.domain.cue import Cue
from cuesheet.domain.durations import Rounding
from cuesheet.domain.history import Document
from cuesheet.domain.licences import Licence, Side, Status
from cuesheet.domain.project import MediaRef, Project, ShareConvention
from cuesheet.domain.rights import Interest, Party, Role, Work
from cuesheet.domain.usage import Origin
from tests.factories import rich_project


def _edits(project: Project) -> list[Command]:
    """One command of each kind a user makes, on the items of ``project``."""
    cue = next(iter(project.cues.values()))
    work = project.works[cue.work_id]
    party = next(iter(project.parties.values()))
    new_work = Work("Late Arrival")
    new_cue = Cue(cue.start + 5000, cue.start + 5200, new_work.id, "9M01", Origin.LICENSED)
    writer = Party("Doe, Jane", "BMI")
    licence = Licence(Side.SYNC, work_id=work.id, licensor="Quoted Music", quoted_fee=Decimal(900))
    agreement = ComposerAgreement("Marlow, Ada", "HL-1", "2026-01-10")
    return [
        EditCue(cue.id, end=cue.end + 12, notes="checked"),
        EditWork(work.id, title="Retitled"),
        EditParty(party.id, name="Renamed, Party"),
        SetInterests(work.id, [Interest(writer.id, Role.C, Decimal(100))], [writer]),
        EditRecording(cue.id, artist="The Velvet Static"),
        EditProduction(title="Another Title"),
        EditSettings(rounding=Rounding.NEAREST),
        AddCues([new_cue], [new_work]),
        AddLicence(licence),
        SetLicenceStatus(licence.id, Status.QUOTED, "2026-12-01"),
        EditLicence(licence.id, approved_fee=Decimal(800)),
        AddAgreement(agreement),
        EditAgreement(agreement.id, reference="HL-2"),
        SetCueAgreement(cue.id, agreement.id),
        DeleteAgreement(agreement.id),
        ChangeShareConvention(ShareConvention.WHOLE_WORK),
        SetMotifs(["Love Theme"]),
        SetMedia(MediaRef("/films/cut2.mov", size=10)),
        DeleteCues([cue.id]),
    ]


def test_no_command_changes_what_a_snapshot_holds() -> None:
    project = rich_project()
    document = Document(project)
    snapshot, before = project.snapshot(), copy.deepcopy(project)
    assert snapshot == before and snapshot.cues is not project.cues
    commands = _edits(project)
    for command in commands:
        document.execute(command)
    assert project != before  # the edits were made...
    assert snapshot == before  # ...and the snapshot did not see one of them
    later = project.snapshot()
    moved_on = copy.deepcopy(project)
    for _ in commands:
        document.undo()
    assert project == before and later == moved_on  # undo puts items back, never edits them
    for _ in commands:
        document.redo()
    assert project == moved_on and later == moved_on and snapshot == before


def test_a_snapshot_shares_the_items_and_copies_the_collections() -> None:
    project = rich_project()
    snapshot = project.snapshot()
    for name in ("cues", "works", "recordings", "parties", "licences", "agreements", "filings", "motifs"):
        mine, theirs = getattr(project, name), getattr(snapshot, name)
        assert mine == theirs and mine is not theirs, name
    cue_id = next(iter(project.cues))
    assert snapshot.cues[cue_id] is project.cues[cue_id]
    assert snapshot.production is project.production and snapshot.settings is project.settings


def test_what_workers_do_with_a_snapshot_leaves_the_project_as_it_was(tmp_path: Path) -> None:
    """A worker's snapshot shares the project's items, so a worker must only read them: a report,
    a filing's frozen sheet, validation, an import's or a merge's plan."""
    from cuesheet.domain.merge import plan_merge
    from cuesheet.domain.sheet import Sheet
    from cuesheet.domain.validation import validate
    from cuesheet.filing_service import filing_status, frozen_sheet
    from cuesheet.interchange.filed_sheets import next_version
    from cuesheet.project_service import csv_import_command, render
    from cuesheet.reports.formats import FORMATS

    project = rich_project()
    before = copy.deepcopy(project)
    snapshot = project.snapshot()
    for fmt in FORMATS:
        assert render(snapshot, fmt), fmt
    frozen_sheet(snapshot), next_version(snapshot), filing_status(snapshot)
    validate(snapshot, Sheet.of(snapshot))
    theirs = copy.deepcopy(project)
    for cue in list(theirs.cues.values())[:2]:
        theirs.cues[cue.id] = replace(cue, start=cue.start + 48, end=cue.end + 48, notes="theirs")
    plan = plan_merge(snapshot, theirs)
    assert plan.conflicts or plan.added
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(render(snapshot, "csv"))
    assert csv_import_command(snapshot, sheet).cues
    assert project == before and snapshot == before
