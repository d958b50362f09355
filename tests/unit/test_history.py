"""The one path for edits: apply, persist, undo/redo, announce; a failed save changes nothing."""

from __future__ import annotations

import pytest

from cuesheet.domain.commands import AddCues, Change, DeleteCues, EditCue, EditProduction
from cuesheet.domain.cue import Cue
from cuesheet.domain.history import Document, Reason
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Work
from tests.factories import empty_project


class RecordingPersister:
    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.fail = False

    def persist(self, project: Project, change: Change) -> None:
        if self.fail:
            raise OSError("disk full")
        self.changes.append(change)


def _cue(project: Project) -> tuple[Cue, Work]:
    work = Work("Theme")
    return Cue(100, 200, work.id, "1M01"), work


def test_execute_undo_redo_and_announce() -> None:
    project = empty_project()
    persister = RecordingPersister()
    document = Document(project, persister)
    heard: list[tuple[Change, Reason]] = []
    document.subscribe(lambda change, reason: heard.append((change, reason)))
    cue, work = _cue(project)

    document.execute(AddCues([cue], [work]))
    assert cue.id in project.cues and work.id in project.works
    assert document.undo_text == "Add cue"
    document.execute(EditCue(cue.id, end=300))
    assert project.cues[cue.id].end == 300

    document.undo()
    assert project.cues[cue.id].end == 200
    assert document.redo_text == "Change cue end"
    document.undo()
    assert cue.id not in project.cues and work.id not in project.works
    document.redo()
    document.redo()
    assert project.cues[cue.id].end == 300
    assert [reason for _, reason in heard] == [
        Reason.DO,
        Reason.DO,
        Reason.UNDO,
        Reason.UNDO,
        Reason.REDO,
        Reason.REDO,
    ]
    assert len(persister.changes) == 6
    assert heard[1][0] == Change(cues={cue.id})


def test_failed_persist_leaves_memory_as_the_file_is() -> None:
    project = empty_project()
    persister = RecordingPersister()
    document = Document(project, persister)
    cue, work = _cue(project)
    document.execute(AddCues([cue], [work]))
    persister.fail = True
    with pytest.raises(OSError):
        document.execute(EditCue(cue.id, end=999))
    assert project.cues[cue.id].end == 200
    assert document.undo_text == "Add cue"  # the failed edit is not on the stack
    with pytest.raises(OSError):
        document.undo()
    assert cue.id in project.cues  # undo that could not be saved did not happen either


def test_new_edit_clears_redo() -> None:
    project = empty_project()
    document = Document(project)
    document.execute(EditProduction(title="A"))
    document.undo()
    document.execute(EditProduction(title="B"))
    assert document.redo() is None
    assert project.production.title == "B"


def test_delete_restores_work_on_undo_and_keeps_shared_works() -> None:
    project = empty_project()
    document = Document(project)
    work = Work("Shared")
    a, b = Cue(0, 10, work.id), Cue(20, 30, work.id)
    document.execute(AddCues([a, b], [work]))
    document.execute(DeleteCues([a.id]))
    assert work.id in project.works  # still used by b
    document.execute(DeleteCues([b.id]))
    assert work.id not in project.works
    document.undo()
    document.undo()
    assert set(project.cues) == {a.id, b.id} and work.id in project.works


def test_unknown_field_is_refused() -> None:
    project = empty_project()
    document = Document(project)
    cue, work = _cue(project)
    document.execute(AddCues([cue], [work]))
    with pytest.raises(ValueError, match="unknown cue field"):
        document.execute(EditCue(cue.id, colour="red"))


def test_party_edits_and_interests_are_undoable() -> None:
    from decimal import Decimal

    from cuesheet.domain.commands import EditParty, SetInterests
    from cuesheet.domain.rights import Interest, Party, Role

    project = empty_project()
    persister = RecordingPersister()
    document = Document(project, persister)
    cue, work = _cue(project)
    document.execute(AddCues([cue], [work]))
    writer = Party("Doe, Jane", "BMI")
    document.execute(SetInterests(work.id, [Interest(writer.id, Role.C, Decimal(100))], [writer]))
    assert project.parties[writer.id] is writer and project.works[work.id].interests[0].party_id == writer.id
    assert persister.changes[-1] == Change(works={work.id}, parties={writer.id})
    document.execute(EditParty(writer.id, name="Doe, Janet"))
    assert project.parties[writer.id].name == "Doe, Janet"
    document.undo()
    document.undo()
    assert project.works[work.id] is work and work.interests == [] and writer.id not in project.parties


def test_recording_fields_create_and_undo_the_recording() -> None:
    from cuesheet.domain.commands import EditRecording

    project = empty_project()
    document = Document(project)
    cue, work = _cue(project)
    document.execute(AddCues([cue], [work]))
    document.execute(EditRecording(cue.id, artist="The Velvet Static", isrc="USLR12600001"))
    recording_id = project.cues[cue.id].recording_id
    assert recording_id is not None and cue.recording_id is None  # the cue was replaced, not changed
    recording = project.recordings[recording_id]
    assert (recording.artist, recording.isrc) == ("The Velvet Static", "USLR12600001")
    document.execute(EditRecording(cue.id, label="Lantern Records"))
    assert len(project.recordings) == 1 and project.recordings[recording_id].label == "Lantern Records"
    document.undo()
    assert project.recordings[recording_id] is recording and recording.label == ""
    document.undo()
    assert project.cues[cue.id] is cue and project.recordings == {}
    document.redo()
    assert project.recordings[project.cues[cue.id].recording_id].artist == "The Velvet Static"
    with pytest.raises(ValueError, match="unknown recording field"):
        EditRecording(cue.id, colour="red")


def test_changing_the_share_convention_restates_shares() -> None:
    from decimal import Decimal

    from cuesheet.domain.commands import ChangeShareConvention
    from cuesheet.domain.project import ShareConvention
    from cuesheet.domain.rights import Interest, Role, Work
    from cuesheet.domain.validation import validate

    project = empty_project()
    both = Work("Song", interests=[Interest("a", Role.CA, Decimal(50)), Interest("b", Role.CA, Decimal(50)),
                                   Interest("p", Role.E, Decimal(100))])  # fmt: skip
    thirds = Work("Thirds", interests=[Interest(x, Role.C, Decimal(100)) for x in "xyz"])
    project.works = {both.id: both, thirds.id: thirds}
    document = Document(project)
    document.execute(ChangeShareConvention(ShareConvention.WHOLE_WORK))
    assert [str(i.share) for i in project.works[both.id].interests] == ["25.00", "25.00", "50.00"]
    # Writers only: the whole work already.
    assert sum(i.share for i in project.works[thirds.id].interests) == Decimal(300)
    document.execute(ChangeShareConvention(ShareConvention.PER_SIDE))
    assert [str(i.share) for i in project.works[both.id].interests] == ["50.00", "50.00", "100.00"]
    assert [str(i.share) for i in project.works[thirds.id].interests] == ["33.33", "33.33", "33.34"]
    assert not [f for f in validate(project) if f.code == "SHARE_TOTAL"]
    document.undo()
    document.undo()
    assert project.settings.share_convention is ShareConvention.PER_SIDE
    assert [str(i.share) for i in project.works[both.id].interests] == ["50", "50", "100"]


def test_an_edit_cannot_change_an_id() -> None:
    from tests.factories import rich_project

    project = rich_project()
    cue_id = next(iter(project.cues))
    with pytest.raises(ValueError, match="unknown cue field"):
        Document(project).execute(EditCue(cue_id, id="other"))
    assert project.cues[cue_id].id == cue_id


class SplitRecordingPersister(RecordingPersister):
    """Writes into an open 'transaction' (``written``) that ``commit`` moves to ``changes``; a write
    while one is open is refused, as ``ProjectFile.write`` refuses it (committing it there would
    hide its failure from the edit that wrote it)."""

    def __init__(self) -> None:
        super().__init__()
        self.written: list[Change] = []
        self.fail_commit = False

    def write(self, project: Project, change: Change) -> None:
        if self.written:
            raise AssertionError("a write before the last one was committed")
        if self.fail:
            raise OSError("disk full")
        self.written.append(change)

    def commit(self) -> None:
        written, self.written = self.written, []
        if written and self.fail_commit:
            raise OSError("the share went away")
        self.changes += written


def test_an_edit_committed_later_is_announced_before_its_commit() -> None:
    project = empty_project()
    persister = SplitRecordingPersister()
    document = Document(project, persister, commit_later=True)
    heard: list[tuple[Reason, int]] = []
    document.subscribe(lambda change, reason: heard.append((reason, len(persister.changes))))
    cue, work = _cue(project)
    document.execute(AddCues([cue], [work]))
    assert heard == [(Reason.DO, 0)] and document.pending  # shown, written, not committed
    document.flush()
    assert len(persister.changes) == 1 and not document.pending
    document.execute(EditCue(cue.id, end=300))
    document.undo()  # commits the edit before undoing it
    assert len(persister.changes) == 2 and persister.written == [Change(cues={cue.id})]
    document.flush()
    assert len(persister.changes) == 3 and project.cues[cue.id].end == 200


def test_a_commit_that_fails_takes_the_edit_back() -> None:
    project = empty_project()
    persister = SplitRecordingPersister()
    document = Document(project, persister, commit_later=True)
    cue, work = _cue(project)
    document.execute(AddCues([cue], [work]))
    document.execute(EditCue(cue.id, end=300))
    document.undo()
    document.flush()
    assert document.redo_text == "Change cue end"
    heard: list[tuple[Change, Reason]] = []
    document.subscribe(lambda change, reason: heard.append((change, reason)))

    persister.fail_commit = True
    document.execute(EditCue(cue.id, number="1M02"))
    with pytest.raises(OSError, match="share went away"):
        document.flush()
    assert project.cues[cue.id].number == "1M01"  # memory as the file is
    assert heard[-1] == (Change(cues={cue.id}), Reason.TAKEN_BACK)  # the views put it back
    assert document.undo_text == "Add cue" and document.redo_text == "Change cue end"  # stacks too
    assert not document.pending

    # An edit made while the one before is uncommitted: that commit fails, so the new edit (made
    # on what the window showed) is not run either; an undo likewise.
    persister.fail_commit = False
    document.execute(EditCue(cue.id, number="1M03"))
    persister.fail_commit = True
    with pytest.raises(OSError):
        document.execute(EditCue(cue.id, start=150))
    assert (project.cues[cue.id].number, project.cues[cue.id].start) == ("1M01", 100)
    persister.fail_commit = False
    document.undo()  # the add: written, its commit to come
    assert cue.id not in project.cues
    persister.fail_commit = True
    with pytest.raises(OSError):
        document.redo()  # the undo's commit fails: the undo is taken back, the redo not run
    assert cue.id in project.cues
    assert document.undo_text == "Add cue" and document.redo_text == "Change cue end"


def test_commit_later_needs_a_persister_that_commits_apart() -> None:
    with pytest.raises(TypeError):
        Document(empty_project(), RecordingPersister(), commit_later=True)
