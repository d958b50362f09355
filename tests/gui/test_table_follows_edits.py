"""The window's cue table follows edits row by row, keeps the selection, shows what the sheet
prints, and the Problems panel validates off the GUI thread, dropping stale results (issue #14)."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QPersistentModelIndex, Qt

from cuesheet.domain.commands import AddCues, DeleteCues, EditCue, EditWork
from cuesheet.domain.cue import Cue
from cuesheet.domain.rights import Work
from cuesheet.ui import findings_panel
from cuesheet.ui.cue_rows import CARVED_MARK
from cuesheet.ui.cue_table_model import DURATION, NUMBER, STATUS, TITLE


def add_cues(window, count: int, gap: int = 48) -> list[str]:  # type: ignore[no-untyped-def]
    first = window.session.project.production.start_frame + 24
    works = [Work(f"Piece {i}") for i in range(count)]
    cues = [Cue(first + i * gap, first + i * gap + 30, w.id, f"1M{i + 1:02d}") for i, w in enumerate(works)]
    assert window.editing.run(AddCues(cues, works))
    return [cue.id for cue in cues]


def selected_id(window) -> str | None:  # type: ignore[no-untyped-def]
    rows = window.table.selectionModel().selectedRows()
    return window.model.cue_at(rows[0].row()).id if rows else None


def test_rows_follow_adds_deletes_moves_and_undo_without_a_reset(
    open_window, project_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    ids = add_cues(window, 6)
    resets = []
    window.model.modelReset.connect(lambda: resets.append(1))
    window.select_cue(ids[3])
    held = QPersistentModelIndex(window.table.selectionModel().selectedRows()[0])  # as a view holds it
    project = window.session.project

    def shown() -> list[str]:
        return [window.model.cue_at(row).id for row in range(window.model.rowCount())]

    window.editing.run(DeleteCues([ids[0]]))  # a row above goes
    assert shown() == ids[1:] and selected_id(window) == ids[3]
    window.editing.run(EditWork(project.cues[ids[3]].work_id, title="Renamed"))  # its own row changes
    assert window.model.index(held.row(), TITLE).data() == "Renamed" and selected_id(window) == ids[3]
    last = project.cues[ids[5]]
    window.editing.run(
        EditCue(ids[5], start=last.start - 48 * 5, end=last.start - 48 * 5 + 10)
    )  # moved to the top
    assert shown() == [ids[5], *ids[1:5]] and selected_id(window) == ids[3]
    window.editing.run(
        EditCue(ids[3], start=project.cues[ids[3]].start + 200, end=project.cues[ids[3]].end + 200)
    )
    assert shown()[-1] == ids[3] and selected_id(window) == ids[3]  # the selected cue itself moved
    window.editing.undo()
    window.editing.undo()
    window.editing.undo()
    assert shown() == ids[1:] and selected_id(window) == ids[3]
    window.editing.redo()
    assert window.model.index(window.model.row_of(ids[3]), TITLE).data() == "Renamed"
    assert window.model.index(0, 0).data() == "1" and window.model.index(4, 0).data() == "5"
    assert resets == []


def test_the_filter_is_right_straight_after_each_edit(open_window, project_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    ids = add_cues(window, 5)
    project = window.session.project
    window.filter.setText("piece 3")
    assert [window.model.cue_at(row).id for row in range(window.model.rowCount())] == [ids[3]]
    window.editing.run(EditWork(project.cues[ids[1]].work_id, title="Piece 3 reprise"))  # starts matching
    assert window.model.rowCount() == 2 and window.model.cue_at(0).id == ids[1]
    window.editing.run(EditWork(project.cues[ids[3]].work_id, title="Harbour"))  # stops matching
    assert window.model.rowCount() == 1 and window.model.cue_at(0).id == ids[1]
    window.editing.run(DeleteCues([ids[0]]))  # a row above, not shown: the sequence numbers move
    assert window.model.index(0, 0).data() == "1" and window.model.index(0, NUMBER).data() == "1M02"
    window.editing.undo()
    assert window.model.index(0, 0).data() == "2"
    window.filter.setText("1m0")
    assert window.model.rowCount() == 5
    window.select_cue(ids[4])
    window.filter.setText("1m05")  # still shown: still selected
    assert selected_id(window) == ids[4]
    window.filter.setText("harbour")  # filtered out: nothing else selected in its place
    assert selected_id(window) is None and window.state.selected == ids[4]
    window.filter.clear()  # back with its row
    assert window.model.rowCount() == 5 and selected_id(window) == ids[4]


def test_a_carved_duration_is_marked_in_the_table(open_window, project_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    rate = window.session.project.production.rate.nominal
    ids = add_cues(window, 2, gap=15)  # 30 frames long, the next 15 frames later: carved
    carved, last = window.model.index(0, DURATION), window.model.index(1, DURATION)
    assert carved.data().endswith(CARVED_MARK) and not last.data().endswith(CARVED_MARK)
    assert "1M02" in carved.data(Qt.ItemDataRole.ToolTipRole)
    start = window.session.project.cues[ids[0]].end + rate
    window.editing.run(EditCue(ids[1], start=start, end=start + 30))
    assert not window.model.index(0, DURATION).data().endswith(CARVED_MARK)


def test_problems_reach_the_status_column_without_a_reset(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    ids = add_cues(window, 3)
    qtbot.waitUntil(lambda: not window.findings.busy, timeout=10000)
    resets = []
    window.model.modelReset.connect(lambda: resets.append(1))
    window.editing.run(EditWork(window.session.project.cues[ids[1]].work_id, title=""))
    qtbot.waitUntil(lambda: "no title" in window.model.index(1, STATUS).data(), timeout=10000)
    assert any(f.code == "NO_TITLE" and f.cue_id == ids[1] for f in window.findings.findings)
    assert resets == []


def test_a_stale_validation_is_dropped_and_run_again(
    open_window, project_path: Path, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    panel = window.findings
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    gate, entered, runs = threading.Event(), threading.Event(), []
    real = findings_panel.validate

    def held_validate(project, sheet):  # type: ignore[no-untyped-def]
        runs.append(len(project.cues))
        if len(runs) == 1:  # the first run waits until an edit has made it stale
            entered.set()
            assert gate.wait(10)
        return real(project, sheet)

    monkeypatch.setattr(findings_panel, "validate", held_validate)
    shown: list[set[str | None]] = []  # the cues each result shown speaks of
    panel.counts_changed.connect(lambda *counts: shown.append({f.cue_id for f in panel.findings}))
    panel.refresh()
    assert entered.wait(10)
    ids = add_cues(window, 1)  # a cue with no writer: findings the first run cannot have
    gate.set()
    qtbot.waitUntil(lambda: len(runs) >= 2 and not panel.busy, timeout=10000)
    assert runs[0] == 0 and set(runs[1:]) == {1}  # the first saw no cue; the rerun the new one
    assert shown and all(ids[0] in cues for cues in shown)  # never the stale one
