"""Merging another project: matching, duplicates, conflicts, one undoable step, stored in one go."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest

from cuesheet.domain.change import WORK
from cuesheet.domain.commands import AddLicence, Put, SetMotifs
from cuesheet.domain.cue import Cue
from cuesheet.domain.history import Document
from cuesheet.domain.licences import Licence, Side, Status
from cuesheet.domain.merge import MergeError, plan_merge
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Interest, Party, Role, Work
from cuesheet.domain.usage import Origin
from cuesheet.store.project_file import ProjectFile
from tests.factories import empty_project, rich_project


def _snapshot(project: Project) -> tuple:
    parts = (project.cues, project.works, project.recordings, project.parties, project.licences)
    return (*copy.deepcopy(parts), list(project.motifs))


def _score_project(mine: Project) -> Project:
    """The music editor's file: two score cues of their own, one party who is also in ``mine``."""
    theirs = empty_project(str(mine.production.rate))
    p = theirs.production
    composer = Party("DOE,  jane", "BMI", "00012345678")  # ours, typed differently
    orchestrator = Party("Roe, Richard", "PRS", "00055566677")
    theirs.parties = {composer.id: composer, orchestrator.id: orchestrator}
    for n, (tc_in, tc_out) in enumerate([("01:02:00:00", "01:02:30:00"), ("01:03:00:00", "01:03:10:00")]):
        work = Work(f"Score {n + 1}", "", [Interest(composer.id, Role.C, Decimal(50)),
                                            Interest(orchestrator.id, Role.C, Decimal(50))])  # fmt: skip
        theirs.works[work.id] = work
        cue = Cue(
            p.frame(tc_in), p.frame(tc_out), work.id, f"2M{n + 1:02d}", Origin.SCORE, motif="Main Theme"
        )
        theirs.cues[cue.id] = cue
    theirs.motifs = ["Main Theme", "Unused Theme"]
    agreement = Licence(Side.COMPOSER_AGREEMENT, work_id=next(iter(theirs.works)), status=Status.LICENSED)
    theirs.licences[agreement.id] = agreement
    return theirs


def test_the_music_editors_score_cues_come_in_as_one_undoable_step() -> None:
    mine = rich_project()
    theirs = _score_project(mine)
    before = _snapshot(mine)
    plan = plan_merge(mine, theirs)
    assert len(plan.added) == 2 and not plan.duplicates and not plan.conflicts
    assert plan.parties_matched == 1  # "DOE,  jane" with the same IPI is our "Doe, Jane"
    assert plan.summary()[0] == "2 cues to add (2 score)"
    assert "1 new party, 1 matched to yours" in plan.summary()
    assert "1 licence to add, 0 already here" in plan.summary()
    assert "New motifs: Main Theme" in plan.summary()  # the unused one stays behind
    assert "4 cues of yours not in theirs (kept)" in plan.summary()

    document = Document(mine)
    document.execute(plan.command())
    assert len(mine.cues) == 6 and len(mine.parties) == 5 and len(mine.licences) == 1
    ours_doe = next(p for p in mine.parties.values() if p.name == "Doe, Jane")
    new_work = mine.works[plan.added[0].work_id]
    assert {i.party_id for i in new_work.interests} >= {ours_doe.id}
    assert all(i.party_id in mine.parties for w in mine.works.values() for i in w.interests)
    licence = next(iter(mine.licences.values()))
    assert licence.work_id in mine.works and mine.motifs == ["Main Theme"]
    assert document.undo_text == "Merge 2 cues from another project"

    document.undo()
    assert _snapshot(mine) == before
    document.redo()
    assert len(mine.cues) == 6


def test_merging_a_copy_of_the_same_project_finds_only_duplicates() -> None:
    mine = rich_project()
    theirs = copy.deepcopy(mine)
    plan = plan_merge(mine, theirs)
    assert len(plan.duplicates) == 4 and not plan.added and not plan.conflicts
    assert plan.is_empty()
    assert plan.summary()[1] == "4 duplicate cues (same cue, same data) skipped"


def test_a_same_title_overlapping_cue_from_an_independent_project_is_a_duplicate() -> None:
    mine = rich_project()
    theirs = empty_project()
    original = mine.cues_in_order()[0]
    work = Work("OPENING", "", [])
    theirs.works[work.id] = work
    theirs.cues["x"] = Cue(original.start + 5, original.end - 5, work.id, "", original.origin, id="x")
    plan = plan_merge(mine, theirs)
    assert not plan.added
    # Same cue (same title, overlapping), but the range, title case, number and writers differ.
    (conflict,) = plan.conflicts
    assert conflict.mine is original
    assert conflict.differences == ["In", "Out", "cue number", "title", "writers & publishers"]


def test_a_conflict_keeps_ours_unless_theirs_is_taken_and_undo_restores_ours() -> None:
    mine = rich_project()
    theirs = copy.deepcopy(mine)
    cue = theirs.cues_in_order()[1]  # the licensed song
    cue.end += 48
    theirs.works[cue.work_id].title = "=SUM(A1:A2) (extended)"
    theirs.recordings[cue.recording_id].artist = "Someone Else"
    plan = plan_merge(mine, theirs)
    (conflict,) = plan.conflicts
    assert conflict.differences == ["Out", "title", "recording"]
    assert len(plan.duplicates) == 3 and plan.is_empty()  # nothing changes until theirs is taken

    before = _snapshot(mine)
    conflict.take_theirs = True
    document = Document(mine)
    document.execute(plan.command())
    ours = mine.cues[cue.id]
    assert ours.end == cue.end and mine.title_of(ours) == "=SUM(A1:A2) (extended)"
    assert mine.recordings[ours.recording_id].artist == "Someone Else"
    assert len(mine.cues) == 4
    document.undo()
    assert _snapshot(mine) == before


def test_parties_match_by_ipi_then_by_name_and_namesakes_with_other_ipis_stay_apart() -> None:
    mine = rich_project()
    theirs = empty_project()
    same_ipi = Party("Jane Doe (typo)", "BMI", "00012345678")
    same_name_no_ipi = Party("шостакович, дмитрий", "NONE", "")
    namesake = Party("Doe, Jane", "ASCAP", "00099999999")
    theirs.parties = {p.id: p for p in (same_ipi, same_name_no_ipi, namesake)}
    work = Work("New Song", "", [Interest(p.id, Role.CA, Decimal("33.33")) for p in theirs.parties.values()])
    theirs.works[work.id] = work
    theirs.cues["c"] = Cue(100_000, 100_100, work.id, "9M01", Origin.LICENSED, id="c")
    plan = plan_merge(mine, theirs)
    assert plan.parties_matched == 2
    assert any(line.startswith("Kept apart: Doe, Jane (IPI 00099999999)") for line in plan.summary())
    Document(mine).execute(plan.command())
    assert len(mine.parties) == 5  # one namesake added
    names = sorted(mine.parties[i.party_id].name for i in mine.works[work.id].interests)
    assert names == ["Doe, Jane", "Doe, Jane", "Шостакович, Дмитрий"]


def test_licences_already_here_are_not_doubled() -> None:
    mine = rich_project()
    song = mine.cues_in_order()[1]
    Document(mine).execute(AddLicence(Licence(Side.MASTER, recording_id=song.recording_id)))
    theirs = copy.deepcopy(mine)
    extra = Licence(Side.SYNC, work_id=song.work_id, party_id=next(iter(mine.parties)))
    theirs.licences[extra.id] = extra
    plan = plan_merge(mine, theirs)
    assert plan.licences_already_here == 1 and [lic.id for lic in plan.licences] == [extra.id]


def test_projects_of_different_rates_are_refused() -> None:
    with pytest.raises(MergeError, match=r"25 fps and this one at 23\.976 fps"):
        plan_merge(rich_project("23.976"), rich_project("25"))


def test_a_merge_is_stored_in_one_transaction_and_survives_reopening(tmp_path: Path) -> None:
    mine = rich_project()
    theirs = _score_project(mine)
    conflicting = copy.deepcopy(mine)
    first = conflicting.cues_in_order()[0]
    first.notes = "from the music editor"
    path = tmp_path / "mine.cuesheet"
    ProjectFile.create(path, mine).close()
    sheet, project = ProjectFile.open(path)
    plan = plan_merge(project, theirs)
    document = Document(project, sheet)
    document.execute(plan.command())
    plan2 = plan_merge(project, conflicting)
    plan2.conflicts[0].take_theirs = True
    document.execute(plan2.command())
    expected = _snapshot(project)
    sheet.close()
    _, again = ProjectFile.open(path, read_only=True)
    assert _snapshot(again) == expected
    assert again.cues[first.id].notes == "from the music editor"


def test_a_matched_cue_with_another_song_never_renames_our_work() -> None:
    """Our 1M01 and 1M05 share "Opening"; their 1M01 (same place) is another song, used again by
    their new 3M01 with a licence: that song comes in as a work of its own."""
    mine = rich_project()
    first = mine.cues_in_order()[0]
    reprise = Cue(first.start + 2000, first.end + 2000, first.work_id, "1M05", Origin.SCORE)
    mine.cues[reprise.id] = reprise
    theirs = copy.deepcopy(mine)
    other = Work("Other Song", "", [])
    theirs.works[other.id] = other
    theirs.cues[first.id].work_id = other.id
    later = Cue(first.start + 5000, first.end + 5000, other.id, "3M01", Origin.SCORE)
    theirs.cues[later.id] = later
    agreement = Licence(Side.COMPOSER_AGREEMENT, work_id=other.id)
    theirs.licences[agreement.id] = agreement
    plan = plan_merge(mine, theirs)
    (conflict,) = plan.conflicts
    assert conflict.differences == ["title"] and conflict.work is None
    assert [c.number for c in plan.added] == ["3M01"] and plan.added[0].work_id == other.id
    before = _snapshot(mine)
    conflict.take_theirs = True
    document = Document(mine)
    document.execute(plan.command())
    assert mine.title_of(mine.cues[first.id]) == "Other Song"
    assert mine.title_of(mine.cues[reprise.id]) == "Opening"  # our other use of the work is untouched
    assert mine.licences[agreement.id].work_id == other.id
    document.undo()
    assert _snapshot(mine) == before


def test_a_cue_they_split_in_two_brings_the_second_half() -> None:
    mine = rich_project()
    first = mine.cues_in_order()[0]
    theirs = copy.deepcopy(mine)
    middle = (first.start + first.end) // 2
    theirs.cues[first.id].end = middle
    half = Cue(middle, first.end, first.work_id, "1M01A", Origin.SCORE)
    theirs.cues[half.id] = half
    plan = plan_merge(mine, theirs)
    assert [c.number for c in plan.added] == ["1M01A"]
    assert [(c.mine.id, c.differences) for c in plan.conflicts] == [(first.id, ["Out"])]
    before = _snapshot(mine)
    plan.conflicts[0].take_theirs = True
    document = Document(mine)
    document.execute(plan.command())
    assert [(c.number, c.start, c.end) for c in mine.cues_in_order()[:2]] == [
        ("1M01", first.start, middle), ("1M01A", middle, first.end)]  # fmt: skip
    document.undo()
    assert _snapshot(mine) == before


def test_two_taken_conflicts_on_one_work_undo_exactly() -> None:
    mine = rich_project()
    first = mine.cues_in_order()[0]
    again = Cue(first.start + 2000, first.end + 2000, first.work_id, "1M05", Origin.SCORE)
    mine.cues[again.id] = again
    theirs = copy.deepcopy(mine)
    theirs.works[first.work_id].title = "Opening (v2)"
    theirs.cues[first.id].notes = "longer"
    plan = plan_merge(mine, theirs)
    assert len(plan.conflicts) == 2
    for conflict in plan.conflicts:
        conflict.take_theirs = True
    before = _snapshot(mine)
    command = plan.command()
    puts = [step for step in command.commands if isinstance(step, Put) and step.kind is WORK]  # type: ignore[attr-defined]
    assert len(puts) == 1 and len(puts[0].items) == 1  # one put per id
    document = Document(mine)
    document.execute(command)
    assert mine.works[first.work_id].title == "Opening (v2)"
    document.undo()
    assert _snapshot(mine) == before


def test_a_licence_that_differs_is_reported_and_a_kept_conflicts_motif_stays_out() -> None:
    mine = rich_project()
    song = mine.cues_in_order()[1]
    Document(mine).execute(AddLicence(Licence(Side.MASTER, recording_id=song.recording_id)))
    theirs = copy.deepcopy(mine)
    next(iter(theirs.licences.values())).status = Status.PAID
    theirs.cues[song.id].motif = "Love Theme"
    theirs.motifs = ["Love Theme"]
    plan = plan_merge(mine, theirs)
    assert (plan.licences_already_here, plan.licences_differing) == (1, 1)
    assert "1 already here (1 differ; yours kept)" in plan.summary()[4]
    motifs = [step for step in plan.command().commands if isinstance(step, SetMotifs)]  # type: ignore[attr-defined]
    assert plan.motifs() == [] and [step.motifs for step in motifs] == [[]]
    plan.conflicts[0].take_theirs = True
    assert plan.motifs() == ["Love Theme"]
