"""File > Import cue sheet CSV…, Import cues from another project…, Restore a backup… in the window."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from cuesheet.domain.commands import AddCues, EditCue
from cuesheet.domain.cue import Cue
from cuesheet.domain.history import Document
from cuesheet.domain.rights import Work
from cuesheet.domain.usage import Origin
from cuesheet.project_service import export
from cuesheet.store.files import write_atomically
from cuesheet.store.project_file import ProjectFile
from cuesheet.ui.actions import A
from cuesheet.ui.merge_dialog import MergeDialog


def _add_cues(path: Path, spans: list[tuple[int, int, str]]) -> list[str]:
    sheet, project = ProjectFile.open(path)
    start = project.production.start_frame
    cues = []
    works = []
    for a, b, title in spans:
        work = Work(title)
        works.append(work)
        cues.append(Cue(start + a, start + b, work.id, "", Origin.SCORE))
    Document(project, sheet).execute(AddCues(cues, works))
    sheet.close()
    return [c.id for c in cues]


def said(window) -> list[str]:  # type: ignore[no-untyped-def]
    """What the import actions tell the status bar, in order. (The status bar itself may already show
    a later message, such as "Waveform ready", by the time a test looks.)"""
    messages: list[str] = []
    window.imports.status.connect(messages.append)
    return messages


@pytest.fixture
def two_projects(project_path: Path, tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """Ours with two cues; theirs a copy where the first cue is longer and one cue is new."""
    ids = _add_cues(project_path, [(24, 72, "Opening"), (96, 120, "Sting")])
    other = tmp_path / "from the music editor.cuesheet"
    shutil.copy(project_path, other)
    sheet, project = ProjectFile.open(other)
    Document(project, sheet).execute(EditCue(ids[0], end=project.cues[ids[0]].end + 12))
    sheet.close()
    _add_cues(other, [(130, 180, "End Credits")])
    return project_path, other, ids


def test_import_cues_from_another_project_with_review_and_one_undo(
    open_window, qtbot, monkeypatch, two_projects
) -> None:  # type: ignore[no-untyped-def]
    mine, other, ids = two_projects
    seen: list[str] = []

    def review(dialog: MergeDialog) -> int:
        seen.append(dialog.summary.text())
        assert dialog.table.rowCount() == 1 and dialog.table.item(0, 4).text() == "Out"
        dialog.set_take_theirs(0, True)  # through the check box, as a click would
        seen.append(dialog.summary.text())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MergeDialog, "exec", review)
    window = open_window(mine)
    messages = said(window)
    original_end = window.session.project.cues[ids[0]].end
    with qtbot.waitSignal(window.imports.finished, timeout=10_000):
        window.imports.import_project(other)
    assert "1 cue to add (1 score)" in seen[0] and "0 take theirs, 1 keep yours" in seen[0]
    assert "1 take theirs, 0 keep yours" in seen[1]
    project = window.session.project
    assert len(project.cues) == 3 and project.cues[ids[0]].end == original_end + 12
    assert window.table.model().rowCount() == 3
    assert "Undo takes it back" in messages[-1]

    window.registry.actions[A.UNDO].trigger()
    assert len(project.cues) == 2 and project.cues[ids[0]].end == original_end
    assert window.table.model().rowCount() == 2
    window.registry.actions[A.REDO].trigger()
    window.close()
    _, again = ProjectFile.open(mine, read_only=True)
    assert len(again.cues) == 3 and again.cues[ids[0]].end == original_end + 12


def test_a_json_sheet_exported_from_the_menu_imports_back_as_one_step(
    open_window, qtbot, monkeypatch, two_projects, tmp_path
):  # type: ignore[no-untyped-def]
    mine, other, ids = two_projects
    theirs_json = tmp_path / "from the music editor.json"
    write_atomically(theirs_json, export(other, "json"))
    monkeypatch.setattr(MergeDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    window = open_window(mine)
    messages = said(window)
    our_end = window.session.project.cues[ids[0]].end
    # File ▸ Export cue sheet as JSON… (the save dialog answered as a user would)
    ours_json = tmp_path / "ours.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kw: (str(ours_json), ""))
    assert window.registry.actions[A.EXPORT_JSON] in window.menuBar().actions()[0].menu().actions()
    window.registry.actions[A.EXPORT_JSON].trigger()
    qtbot.waitUntil(ours_json.exists, timeout=10_000)
    assert ours_json.read_bytes() == export(mine, "json")
    with qtbot.waitSignal(window.imports.finished, timeout=10_000):
        window.imports.import_project(theirs_json)
    project = window.session.project
    assert len(project.cues) == 3 and project.cues[ids[0]].end == our_end  # added; ours kept
    assert "Undo takes it back" in messages[-1]
    window.registry.actions[A.UNDO].trigger()
    assert len(project.cues) == 2


def test_mark_as_filed_is_one_step_and_a_filing_exports_as_filed(open_window, qtbot, two_projects, tmp_path):  # type: ignore[no-untyped-def]
    from cuesheet.ui.filing_actions import FilingsDialog

    mine, _, ids = two_projects
    window = open_window(mine)
    file_menu = window.menuBar().actions()[0].menu().actions()
    assert (
        window.registry.actions[A.MARK_FILED] in file_menu and window.registry.actions[A.FILINGS] in file_menu
    )
    with qtbot.waitSignal(window.filing.finished, timeout=10_000):
        window.filing.mark_filed("PRS", "sent", "Mara")
    project = window.session.project
    (filing,) = project.filings.values()
    assert (filing.version, filing.recipient, filing.filed_by, filing.note) == (
        "Original",
        "PRS",
        "Mara",
        "sent",
    )
    assert window.session.document.undo_text == "Mark as filed with PRS"
    window.registry.actions[A.UNDO].trigger()
    assert project.filings == {}
    window.registry.actions[A.REDO].trigger()
    dialog = FilingsDialog(window, list(project.filings.values()), window.filing.export_filed)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 3).text() == "PRS"
    target = tmp_path / "as filed.json"
    with qtbot.waitSignal(window.filing.finished, timeout=10_000):
        window.filing.export_filed(filing, "json", target)
    assert len(json.loads(target.read_text(encoding="utf-8"))["cues"]) == len(ids)


def test_a_sheet_edited_while_it_is_frozen_is_frozen_again_in_the_pool(
    open_window, qtbot, two_projects, monkeypatch
):  # type: ignore[no-untyped-def]
    """Filing freezes the sheet in a worker (seconds at 50,000 cues); an edit made meanwhile is
    filed too, and freezing the sheet again happens in the pool as well, never on the GUI thread."""
    import threading

    import cuesheet.filing_service as filing_service
    from cuesheet.domain.commands import EditCue

    freeze, frozen_on = filing_service.frozen_sheet, []
    edited = threading.Event()

    def slow_freeze(project):  # type: ignore[no-untyped-def]
        frozen_on.append(threading.current_thread() is threading.main_thread())
        assert edited.wait(5)
        return freeze(project)

    monkeypatch.setattr(filing_service, "frozen_sheet", slow_freeze)
    mine, _, ids = two_projects
    window = open_window(mine)
    project = window.session.project
    window.filing.mark_filed("PRS", "sent", "Mara")
    window.editing.run(EditCue(ids[0], number="9M99"))  # while the sheet is being frozen
    edited.set()
    qtbot.waitUntil(lambda: bool(project.filings), timeout=10_000)
    (filing,) = project.filings.values()
    assert frozen_on == [False, False]  # frozen twice, both times in the pool
    assert "9M99" in filing_service.as_filed(filing).cues[ids[0]].number
    assert window.session.document.undo_text == "Mark as filed with PRS"


def test_the_window_says_when_the_sheet_differs_from_its_filing(open_window, qtbot, two_projects):  # type: ignore[no-untyped-def]
    """Filed, the panel says so; an edit that changes the sheet makes it a revision, and undoing
    that edit makes it the filed sheet again. Never filed, it says nothing of filings."""
    from cuesheet.domain.commands import EditCue

    mine, _, ids = two_projects
    window = open_window(mine)
    findings = window.findings

    def settled() -> str:
        qtbot.waitUntil(lambda: not findings.busy, timeout=20_000)
        return findings.filing

    assert settled() == "" and "\n" not in window.cue_table.totals.text()
    with qtbot.waitSignal(window.filing.finished, timeout=10_000):
        window.filing.mark_filed("PRS", "", "Mara")
    qtbot.waitUntil(
        lambda: findings.filing.startswith("As filed: filing 1 (Original) with PRS"), timeout=20_000
    )
    window.session.execute(EditCue(ids[0], notes="Ask the editor"))  # never printed: still as filed
    assert settled().startswith("As filed")
    cue = window.session.project.cues[ids[0]]
    window.session.execute(EditCue(ids[0], end=cue.end + 48))  # two seconds longer: printed
    qtbot.waitUntil(lambda: findings.filing.startswith("Changed since filing 1"), timeout=20_000)
    assert findings.filing.endswith("(1 change): exports print Revised 1")
    assert window.cue_table.totals.text().endswith(f"\n{findings.filing}")  # under the totals
    window.registry.actions[A.UNDO].trigger()
    qtbot.waitUntil(lambda: findings.filing.startswith("As filed"), timeout=20_000)


def test_a_failed_comparison_with_the_filing_says_so(open_window, qtbot, two_projects, monkeypatch):  # type: ignore[no-untyped-def]
    """A comparison that fails in the worker replaces "As filed" (no longer known to be true) with
    the reason, in one line; the next comparison that works says where the sheet stands again."""
    import cuesheet.filing_service
    from cuesheet.store.errors import ProjectError

    mine, _, ids = two_projects
    window = open_window(mine)
    findings = window.findings
    with qtbot.waitSignal(window.filing.finished, timeout=10_000):
        window.filing.mark_filed("PRS", "", "Mara")
    qtbot.waitUntil(lambda: findings.filing.startswith("As filed"), timeout=20_000)
    real = cuesheet.filing_service.filing_status

    def broken(project):  # type: ignore[no-untyped-def]
        raise ProjectError("the filed sheet is damaged")

    monkeypatch.setattr(cuesheet.filing_service, "filing_status", broken)
    cue = window.session.project.cues[ids[0]]
    window.session.execute(EditCue(ids[0], end=cue.end + 48))
    qtbot.waitUntil(lambda: findings.filing.startswith("Could not compare"), timeout=20_000)
    assert findings.filing == "Could not compare the sheet with its last filing: the filed sheet is damaged"
    assert window.cue_table.totals.text().endswith(f"\n{findings.filing}")
    monkeypatch.setattr(cuesheet.filing_service, "filing_status", real)
    window.registry.actions[A.UNDO].trigger()
    qtbot.waitUntil(lambda: findings.filing.startswith("As filed"), timeout=20_000)


def test_cancelled_or_impossible_imports_change_nothing(
    open_window, qtbot, monkeypatch, two_projects, tmp_path
):  # type: ignore[no-untyped-def]
    mine, other, _ = two_projects
    monkeypatch.setattr(MergeDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    window = open_window(mine)
    messages = said(window)
    with qtbot.waitSignal(window.imports.finished, timeout=10_000):
        window.imports.import_project(other)
    assert len(window.session.project.cues) == 2
    assert messages[-1] == "Import cancelled; nothing changed"

    with qtbot.waitSignal(window.imports.finished, timeout=10_000):
        window.imports.import_project(mine)
    assert "is the project itself" in messages[-1]
    junk = tmp_path / "junk.cuesheet"
    junk.write_text("not a project")
    with qtbot.waitSignal(window.imports.finished, timeout=10_000):
        window.imports.import_project(junk)
    assert "junk.cuesheet" in messages[-1]
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("Seq,Cue\n1,xx\n")
    with qtbot.waitSignal(window.imports.finished, timeout=10_000):
        window.imports.import_csv(bad_csv)
    assert "bad.csv" in messages[-1]
    assert len(window.session.project.cues) == 2


def test_import_a_cue_sheet_csv(open_window, qtbot, two_projects, tmp_path) -> None:  # type: ignore[no-untyped-def]
    mine, other, _ = two_projects
    csv_path = tmp_path / "theirs.csv"
    write_atomically(csv_path, export(other, "csv"))
    window = open_window(mine)
    messages = said(window)
    with qtbot.waitSignal(window.imports.finished, timeout=10_000):
        window.imports.import_csv(csv_path)
    assert messages[-1] == "Imported 3 cues from theirs.csv"
    assert len(window.session.project.cues) == 5
    window.registry.actions[A.UNDO].trigger()
    assert len(window.session.project.cues) == 2


def test_a_csv_edited_over_while_it_is_read_is_read_again_in_the_pool(
    open_window, qtbot, monkeypatch, two_projects, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """An edit made while the CSV is read: it is read again against the project as edited (its cue
    numbers continue from the new cue), in the pool, not on the GUI thread; one undo step."""
    import threading

    import cuesheet.project_service as service
    from cuesheet.domain.commands import EditCue

    mine, other, ids = two_projects
    csv_path = tmp_path / "theirs.csv"
    write_atomically(csv_path, export(other, "csv"))
    read_on_main: list[bool] = []
    read = service.csv_import_command

    def csv_import_command(*args, **kwargs):  # type: ignore[no-untyped-def]
        read_on_main.append(threading.current_thread() is threading.main_thread())
        return read(*args, **kwargs)

    monkeypatch.setattr(service, "csv_import_command", csv_import_command)
    window = open_window(mine)
    messages = said(window)
    window.imports.import_csv(csv_path)
    window.session.execute(EditCue(ids[0], notes="edited while the CSV was read"))
    qtbot.waitUntil(lambda: len(window.session.project.cues) == 5, timeout=10_000)
    assert read_on_main == [False, False] and messages[-1] == "Imported 3 cues from theirs.csv"
    window.registry.actions[A.UNDO].trigger()
    assert len(window.session.project.cues) == 2
    assert window.session.project.cues[ids[0]].notes == "edited while the CSV was read"


def test_restore_a_backup_from_the_file_menu(open_window, qtbot, monkeypatch, two_projects, tmp_path):  # type: ignore[no-untyped-def]
    mine, _, _ = two_projects
    target = tmp_path / "restored.cuesheet"
    offered: list[list[str]] = []

    def pick(parent, title, label, items, current, editable):  # type: ignore[no-untyped-def]
        offered.append(list(items))
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window = open_window(mine)  # opening for writing took the backup
    messages = said(window)
    with qtbot.waitSignal(window.imports.finished, timeout=10_000):
        window.imports.restore_backup()
    assert len(offered[0]) == 1 and offered[0][0].startswith("1. ") and offered[0][0].endswith("2 cues")
    assert messages[-1] == f"Restored to {target}"
    _, restored = ProjectFile.open(target, read_only=True)
    assert len(restored.cues) == 2


def test_an_import_is_dropped_when_another_project_was_opened_meanwhile(
    open_window, qtbot, monkeypatch, two_projects, tmp_path, film
) -> None:  # type: ignore[no-untyped-def]
    from cuesheet.project_service import create_project

    mine, other, _ = two_projects
    unrelated = tmp_path / "Unrelated.cuesheet"
    create_project(unrelated, "Unrelated film", None, None, film)
    reviewed: list[str] = []
    monkeypatch.setattr(MergeDialog, "exec", lambda d: reviewed.append("x") or QDialog.DialogCode.Accepted)
    window = open_window(mine)
    messages = said(window)
    with qtbot.waitSignal(window.imports.finished, timeout=10_000):
        window.imports.import_project(other)  # planned against `mine` in the pool…
        assert window.open_project(unrelated)  # …while the user opens another project
    assert reviewed == [] and messages[-1].startswith("Import dropped")
    assert len(window.session.project.cues) == 0


def test_an_edit_made_while_the_import_was_read_is_taken_into_account(
    open_window, qtbot, monkeypatch, two_projects
) -> None:  # type: ignore[no-untyped-def]
    import threading

    import cuesheet.domain.merge as merge

    mine, other, _ = two_projects
    summaries: list[str] = []
    planned_on_main: list[bool] = []  # a plan at 50,000 cues takes long: never on the GUI thread
    plan = merge.plan_merge

    def review(dialog: MergeDialog) -> int:
        summaries.append(dialog.summary.text())
        return QDialog.DialogCode.Accepted

    def plan_merge(mine, theirs):  # type: ignore[no-untyped-def]
        planned_on_main.append(threading.current_thread() is threading.main_thread())
        return plan(mine, theirs)

    monkeypatch.setattr(MergeDialog, "exec", review)
    monkeypatch.setattr(merge, "plan_merge", plan_merge)
    window = open_window(mine)
    _, theirs = ProjectFile.open(other, read_only=True)
    credits = next(c for c in theirs.cues.values() if theirs.title_of(c) == "End Credits")
    window.imports.import_project(other)
    # Meanwhile the same cue is marked by hand: the plan must see it as a duplicate, not add it twice.
    window.session.execute(AddCues([credits], [theirs.works[credits.work_id]]))
    qtbot.waitUntil(lambda: bool(summaries), timeout=10_000)
    assert planned_on_main == [False, False]  # planned again, in the pool, after the edit
    assert "0 cues to add" in summaries[0] and "2 duplicate cues " in summaries[0]
    assert len(window.session.project.cues) == 3


def test_the_filing_dialog_takes_what_is_typed_and_enter(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from cuesheet.ui.filing_actions import FilingDialog

    dialog = FilingDialog(None, "mara")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()  # as the window manager does for a new dialog; the focus is the dialog's
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5000)
    focused = QApplication.focusWidget()
    assert focused is dialog.recipient.lineEdit() or focused is dialog.recipient
    qtbot.keyClicks(focused, "PRS")  # the recipient has the focus when the dialog opens
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "portal 4711")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.recipient.currentText(), dialog.note.text(), dialog.by.text()) == (
        "PRS",
        "portal 4711",
        "mara",
    )
