"""Composer agreements: which agreement covers a score cue, the commands, clearance and findings."""

from __future__ import annotations

import pytest

from cuesheet.domain.agreement_commands import (
    AddAgreement,
    DeleteAgreement,
    EditAgreement,
    SetCueAgreement,
)
from cuesheet.domain.agreements import ComposerAgreement, coverage, covering_agreement
from cuesheet.domain.clearance import clearance
from cuesheet.domain.cue import Cue
from cuesheet.domain.history import Document
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Work
from cuesheet.domain.usage import Origin
from cuesheet.domain.validation import validate
from tests.factories import rich_project


def _with_second_score(project: Project) -> tuple[Cue, Cue]:
    first = next(c for c in project.cues.values() if c.origin is Origin.SCORE)
    work = Work("Chase")
    project.works[work.id] = work
    second = Cue(first.end + 1000, first.end + 1200, work.id, "1M09", Origin.SCORE)
    project.cues[second.id] = second
    return first, second


def test_one_production_wide_agreement_covers_every_score_cue() -> None:
    project = rich_project()
    first, second = _with_second_score(project)
    assert covering_agreement(project, first) is None
    agreement = ComposerAgreement("Marlow, Ada", "HL-2026-01", "2026-01-10")
    project.agreements[agreement.id] = agreement
    assert covering_agreement(project, first) is agreement
    assert covering_agreement(project, second) is agreement
    licensed = next(c for c in project.cues.values() if c.origin is Origin.LICENSED)
    assert covering_agreement(project, licensed) is None  # only score is covered by an agreement


def test_a_named_agreement_wins_and_several_defaults_take_the_earliest() -> None:
    project = rich_project()
    first, second = _with_second_score(project)
    later = ComposerAgreement("Marlow, Ada", "B", "2026-03-01")
    earlier = ComposerAgreement("Marlow, Ada", "A", "2026-01-01")
    extra = ComposerAgreement("Ng, Lee", "ADD-1", "2026-02-01", covers_all=False)
    for agreement in (later, earlier, extra):
        project.agreements[agreement.id] = agreement
    second.agreement_id = extra.id
    assert covering_agreement(project, first) is earlier
    assert covering_agreement(project, second) is extra
    found = coverage(project)
    assert [c.id for c in found.by_agreement[extra.id]] == [second.id]
    assert [c.id for c in found.by_agreement[earlier.id]] == [first.id]
    assert found.by_agreement[later.id] == [] and found.uncovered == []
    codes = {f.code for f in validate(project) if f.cue_id == first.id}
    assert "AGREEMENT_AMBIGUOUS" in codes  # several production-wide agreements: name one
    # An agreement that covers only the cues naming it leaves the others uncovered.
    project.agreements = {extra.id: extra}
    assert covering_agreement(project, first) is None
    assert coverage(project).uncovered == [first]


def test_clearance_and_finding_follow_the_agreements() -> None:
    project = rich_project()
    score = next(c for c in project.cues.values() if c.origin is Origin.SCORE)
    state = clearance(project, score)
    assert not state.cleared and state.missing == ("composer agreement",)
    finding = next(f for f in validate(project) if f.cue_id == score.id and f.code == "NO_AGREEMENT")
    assert "no composer agreement covers" in finding.message
    agreement = ComposerAgreement("Marlow, Ada", "HL-2026-01", "2026-01-10")
    project.agreements[agreement.id] = agreement
    assert clearance(project, score).cleared
    assert not [f for f in validate(project) if f.cue_id == score.id and "AGREEMENT" in f.code]


def test_commands_are_one_undo_step_each() -> None:
    project = rich_project()
    score = next(c for c in project.cues.values() if c.origin is Origin.SCORE)
    document = Document(project)
    agreement = ComposerAgreement("Marlow, Ada", "HL-1", "2026-01-10")
    change = document.execute(AddAgreement(agreement))
    assert change.agreements == {agreement.id} and project.agreements[agreement.id] is agreement
    document.execute(EditAgreement(agreement.id, reference="HL-2"))
    # An edit replaces the item: the one put in stays as it was (a worker's snapshot may hold it).
    assert project.agreements[agreement.id].reference == "HL-2" and agreement.reference == "HL-1"
    change = document.execute(SetCueAgreement(score.id, agreement.id))
    assert project.cues[score.id].agreement_id == agreement.id and change.cues == {score.id}
    change = document.execute(DeleteAgreement(agreement.id))
    # Deleting clears the cues that named it (they fall back to the production-wide rule).
    assert agreement.id not in project.agreements and project.cues[score.id].agreement_id is None
    assert change.agreements == {agreement.id} and change.cues == {score.id}
    assert document.undo_text == "Delete composer agreement"
    document.undo()
    assert project.agreements[agreement.id].reference == "HL-2"
    assert project.cues[score.id].agreement_id == agreement.id
    document.undo()
    assert project.cues[score.id] is score and score.agreement_id is None
    document.undo()
    assert project.agreements[agreement.id] is agreement
    document.undo()
    assert project.agreements == {}


def test_commands_refuse_what_does_not_exist() -> None:
    project = rich_project()
    score = next(c for c in project.cues.values() if c.origin is Origin.SCORE)
    with pytest.raises(ValueError, match="no such composer agreement"):
        SetCueAgreement(score.id, "nope").apply(project)
    with pytest.raises(ValueError, match="unknown composer agreement field"):
        agreement = ComposerAgreement("X")
        project.agreements[agreement.id] = agreement
        EditAgreement(agreement.id, id="other").apply(project)


def test_merge_brings_the_agreements_their_cues_are_covered_by() -> None:
    from cuesheet.domain.merge import plan_merge
    from tests.unit.test_merge import _score_project

    mine = rich_project()
    ours = ComposerAgreement("Doe, Jane", "OURS-1", "2026-01-01")
    mine.agreements[ours.id] = ours
    theirs = _score_project(mine)
    first, second = theirs.cues_in_order()
    wide = ComposerAgreement("Roe, Richard", "THEIRS-1", "2026-02-01")
    named = ComposerAgreement("Ng, Lee", "ADD-7", covers_all=False)
    theirs.agreements = {wide.id: wide, named.id: named}
    second.agreement_id = named.id
    plan = plan_merge(mine, theirs)
    assert "2 composer agreements to add" in plan.summary()
    document = Document(mine)
    change = document.execute(plan.command())
    assert change.agreements == {wide.id, named.id}
    # Their production-wide agreement comes in covering only their cue, so ours still covers ours.
    assert covering_agreement(mine, mine.cues[first.id]).reference == "THEIRS-1"
    assert covering_agreement(mine, mine.cues[second.id]) == named
    our_score = next(c for c in mine.cues.values() if c.origin is Origin.SCORE and c.id not in theirs.cues)
    assert covering_agreement(mine, our_score) is ours
    assert theirs.agreements[wide.id].covers_all  # their project is not changed
    document.undo()
    assert mine.agreements == {ours.id: ours}
