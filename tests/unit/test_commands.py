"""The generic commands every edit is built from, and the one table of kinds (issue #14)."""

from __future__ import annotations

import copy
from dataclasses import fields

import pytest

from cuesheet.domain.change import CUE, KINDS, WORK, Change
from cuesheet.domain.commands import AddCues, DeleteCues, Edit, EditCue, Group, Put, Remove
from cuesheet.domain.history import Document
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Work
from tests.factories import rich_project


def test_one_table_of_kinds_matches_project_and_change() -> None:
    keyed = {kind.attribute for kind in KINDS if kind.keyed}
    single = {kind.attribute for kind in KINDS if not kind.keyed}
    dict_fields = {f.name for f in fields(Project) if str(f.type).startswith("dict[")}
    assert keyed == dict_fields  # every collection of a project is a kind
    change_fields = {f.name for f in fields(Change)}
    assert keyed | single <= change_fields
    assert change_fields - keyed - single == {"media", "motifs"}  # the two project-level flags
    for kind in KINDS:
        assert Change.of(kind, ["x"]).ids(kind) == ({"x"} if kind.keyed else set())


def test_put_replaces_by_id_and_undo_puts_back_what_was() -> None:
    project = rich_project()
    document = Document(project)
    work = next(iter(project.works.values()))
    before = copy.deepcopy(project)
    renamed = copy.deepcopy(work)
    renamed.title = "Other"
    new = Work("New")
    change = document.execute(Put(WORK, [renamed, new]))
    assert change.works == {work.id, new.id} and project.works[work.id].title == "Other"
    document.undo()
    assert project == before
    document.redo()
    assert project.works[new.id] is new


def test_a_group_that_fails_half_way_leaves_the_project_as_it_was() -> None:
    project = rich_project()
    before = copy.deepcopy(project)
    cue = next(iter(project.cues.values()))
    group = Group("Two things", [EditCue(cue.id, number="9M99"), Edit(CUE, "missing", number="x")])
    with pytest.raises(KeyError):
        Document(project).execute(group)
    assert project == before


def test_a_delete_plans_once_and_redo_repeats_the_same_plan() -> None:
    project = rich_project()
    document = Document(project)
    cue = next(iter(project.cues.values()))
    users = [c for c in project.cues.values() if c.work_id == cue.work_id]
    before = copy.deepcopy(project)
    change = document.execute(DeleteCues([c.id for c in users]))
    assert cue.work_id not in project.works and cue.work_id in change.works  # the unused work goes too
    document.undo()
    assert project == before
    document.redo()
    assert cue.work_id not in project.works and document.undo_text == (
        "Delete cue" if len(users) == 1 else f"Delete {len(users)} cues"
    )


def test_remove_leaves_missing_ids_alone_and_edit_refuses_unknown_fields() -> None:
    project = rich_project()
    assert Remove(CUE, ["nope"]).apply(project) == Change()
    with pytest.raises(ValueError, match="unknown cue field"):
        EditCue("any", colour="red")
    with pytest.raises(ValueError, match="which cue"):
        Edit(CUE, None, number="x")
    add = AddCues([], [Work("W")])
    assert add.text == "Add 0 cues" and Document(project).execute(add).works


def test_everything_names_every_entity_of_every_kind() -> None:
    project = rich_project()
    change = Change.everything(project, media=False)
    for kind in KINDS:
        if kind.keyed:
            assert change.ids(kind) == set(kind.collection(project)), kind.name
    assert change.production and change.settings and change.motifs and not change.media


def test_a_change_concerns_a_cue_through_what_its_views_show() -> None:
    project = rich_project()
    cue = next(iter(project.cues.values()))
    other = next(c for c in project.cues.values() if c.work_id != cue.work_id)
    assert Change(cues={cue.id}).concerns(cue) and Change(works={cue.work_id}).concerns(cue)
    # A new cue marked elsewhere, with its new work: the shown cue is as it was.
    assert not Change(cues={other.id, "new"}, works={other.work_id}).concerns(cue)
    assert not Change(filings={"f"}).concerns(cue)
    for shown in ("recordings", "parties", "licences", "agreements"):  # any may be the cue's
        assert Change(**{shown: {"x"}}).concerns(cue), shown
    for flag in ("production", "settings", "media", "motifs"):  # the rate, the lists offered
        assert Change(**{flag: True}).concerns(cue), flag
