"""The printed sheet kept in step one change at a time equals the sheet built afresh, and says which
rows moved so a table can follow without a reset (issue #14)."""

from __future__ import annotations

import random

from cuesheet.domain.commands import AddCues, DeleteCues, EditCue, EditSettings, EditWork
from cuesheet.domain.cue import Cue
from cuesheet.domain.durations import Rounding
from cuesheet.domain.history import Document
from cuesheet.domain.rights import Work
from cuesheet.domain.sheet import UNTITLED, Sheet
from cuesheet.domain.usage import Perception
from tests.factories import empty_project


def _facts(sheet: Sheet) -> list[tuple[object, ...]]:
    return [
        (line.cue.id, line.title, line.usage, line.frames, line.seconds, sheet.texts(line))
        for line in sheet.lines
    ]


def _follow(sheet: Sheet, rows: list[str], delta) -> list[str]:  # type: ignore[no-untyped-def]
    """What a table model does with a delta: remove, then insert, the rows it names."""
    if delta.reset:
        return [line.cue.id for line in sheet.lines]
    for row in delta.removed:
        del rows[row]
    for row in delta.inserted:
        rows.insert(row, sheet.lines[row].cue.id)
    return rows


def test_kept_in_step_equals_built_afresh() -> None:
    rng = random.Random(14)
    project = empty_project("24")
    document = Document(project)
    sheet = Sheet(project)
    works = [Work(f"Work {i}") for i in range(12)]
    document.execute(AddCues([], works))
    rows: list[str] = []
    for step in range(600):
        cues = list(project.cues.values())
        choice = rng.random()
        if choice < 0.35 or len(cues) < 5:
            start = rng.randrange(0, 5000)
            new = [Cue(start, start + rng.randrange(1, 400), rng.choice(works).id, f"{step}")
                   for _ in range(rng.choice((1, 1, 1, 3)))]  # fmt: skip
            missing = {c.work_id for c in new} - set(project.works)  # deleting cues drops unused works
            change = document.execute(AddCues(new, [w for w in works if w.id in missing]))
        elif choice < 0.5:
            change = document.execute(DeleteCues([c.id for c in rng.sample(cues, rng.choice((1, 2)))]))
        elif choice < 0.8:
            cue = rng.choice(cues)
            start = max(0, cue.start + rng.randrange(-300, 300))
            change = document.execute(EditCue(cue.id, start=start, end=start + rng.randrange(1, 500)))
        elif choice < 0.84:
            change = document.execute(EditCue(rng.choice(cues).id, perception=rng.choice(list(Perception))))
        elif choice < 0.88:  # the cue takes another work (then a retitle of either must reach it, or not)
            change = document.execute(EditCue(rng.choice(cues).id, work_id=rng.choice(list(project.works))))
        elif choice < 0.95:
            work_id = rng.choice(list(project.works))
            change = document.execute(EditWork(work_id, title=rng.choice(["", f"T{step}"])))
        else:
            change = document.undo() or document.execute(EditCue(rng.choice(cues).id, number="x"))
        delta = sheet.update(change.cues, change.works)
        rows = _follow(sheet, rows, delta)
        fresh = Sheet.of(project)
        assert _facts(sheet) == _facts(fresh), step
        assert rows == [line.cue.id for line in fresh.lines], step
        assert (sheet.total, sheet.by_usage) == (fresh.total, fresh.by_usage), step
        assert sheet.total == sum(line.seconds for line in fresh.lines)
        for row in delta.changed:
            assert 0 <= row < len(sheet)
    assert len(project.cues) > 20


def test_an_edit_in_place_changes_rows_and_moves_none() -> None:
    project = empty_project("24")
    work = Work("Theme")
    cues = [Cue(100 * i, 100 * i + 150, work.id, f"1M{i}") for i in range(1, 6)]  # each overlaps the next
    document = Document(project)
    document.execute(AddCues(cues, [work]))
    sheet = Sheet(project)
    change = document.execute(EditCue(cues[2].id, start=cues[2].start + 10))
    delta = sheet.update(change.cues, change.works)
    assert not delta.rows_moved and delta.changed == (1, 2)  # the cue and the one carved against it
    assert sheet.line(cues[1].id).frames == 110 and sheet.line(cues[1].id).carved  # type: ignore[union-attr]
    change = document.execute(EditWork(work.id, title=""))
    assert set(sheet.update(change.cues, change.works).changed) == {0, 1, 2, 3, 4}
    assert sheet.lines[0].printed_title == UNTITLED and sheet.lines[0].title == ""
    assert sheet.seq(cues[4].id) == 5 and sheet.row_of("nope") is None


def test_rounding_change_rebuilds_and_totals_follow() -> None:
    project = empty_project("24")
    work = Work("Sting")
    document = Document(project)
    document.execute(AddCues([Cue(0, 29, work.id), Cue(100, 129, work.id)], [work]))
    sheet = Sheet(project)
    assert sheet.total_text == "0:04" and sheet.summary() == "0:04 in 2 cues"
    document.execute(EditSettings(rounding=Rounding.DOWN))
    assert sheet.update((), everything=False).reset and sheet.total == 2
    assert sheet.usage_text().startswith("BI 0:02 · BV 0:00")


def test_next_and_previous_cue_from_a_frame() -> None:
    project = empty_project("24")
    work = Work("W")
    cues = [Cue(100, 150, work.id, "a"), Cue(100, 120, work.id, "b"), Cue(300, 350, work.id, "c")]
    Document(project).execute(AddCues(cues, [work]))
    sheet = Sheet(project)
    found = [sheet.next_cue(f, d) for f, d in ((0, 1), (100, 1), (99, 1), (350, 1), (300, -1), (100, -1))]
    labels = [line.cue.number if line else None for line in found]
    # ties in In: the shorter first, as the sheet lists them
    assert labels == ["b", "c", "b", None, "a", None]


def test_the_windows_sheet_indexes_works_when_built_and_a_reports_does_not() -> None:
    """A retitle must not build the index on the GUI thread (a 40-77 ms stall at 50,000 cues), and a
    report, which never updates its sheet, must not pay for it."""
    project = empty_project("24")
    work = Work("Theme")
    Document(project).execute(AddCues([Cue(0, 48, work.id, "1M1"), Cue(96, 144, work.id, "1M2")], [work]))
    kept, report = Sheet(project), Sheet.of(project)
    assert kept._by_work_index is not None and kept._by_work_index[work.id] == set(project.cues)
    assert report._by_work_index is None
