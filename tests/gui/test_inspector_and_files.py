"""Inspector and table edits, and the File menu's work, on the real window."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from cuesheet.domain.licences import Status
from cuesheet.domain.rights import Role
from cuesheet.domain.usage import Origin, Perception, UsageCode
from cuesheet.ui.cue_table_model import ORIGIN, STATUS, TITLE


def mark(window, qtbot, start: int, end: int) -> str:  # type: ignore[no-untyped-def]
    window.media.seek(start)
    qtbot.keyClick(window, Qt.Key.Key_I)
    window.media.seek(end)
    qtbot.keyClick(window, Qt.Key.Key_O)
    return window.editing.selected


def test_inspector_edits_are_commands(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    cue_id = mark(window, qtbot, 10, 50)
    project = window.session.project
    inspector = window.inspector
    inspector.title.setFocus()
    inspector.title.setText("Harbour Lights")
    qtbot.keyClick(inspector.title, Qt.Key.Key_Return)
    assert project.title_of(project.cues[cue_id]) == "Harbour Lights"
    inspector.perception.setCurrentIndex(inspector.perception.findData(Perception.VISUAL))
    inspector.perception.activated.emit(inspector.perception.currentIndex())
    assert project.cues[cue_id].usage is UsageCode.VI
    assert "VI" in inspector.derived.text()
    inspector.usage.setCurrentIndex(inspector.usage.findData(UsageCode.BI))
    inspector.usage.activated.emit(inspector.usage.currentIndex())
    assert project.cues[cue_id].usage is UsageCode.BI  # the manual override wins
    assert window.session.document.undo_text == "Change usage override"
    window.editing.undo()
    assert project.cues[cue_id].usage is UsageCode.VI


def test_table_inline_edits_and_status(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    first = mark(window, qtbot, 10, 50)
    second = mark(window, qtbot, 40, 45)  # overlaps the first, and is under a second
    project = window.session.project
    proxy = window.proxy
    row = next(r for r in range(proxy.rowCount()) if window.model.cue_at(r).id == second)
    qtbot.waitUntil(lambda: bool(proxy.index(row, STATUS).data()), timeout=3000)  # after validation runs
    assert "overlap" in proxy.index(row, STATUS).data() and "under 1 s" in proxy.index(row, STATUS).data()
    assert proxy.setData(proxy.index(row, TITLE), "Sting")
    assert proxy.setData(proxy.index(row, ORIGIN), "Library")
    qtbot.waitUntil(lambda: project.cues[second].origin is Origin.LIBRARY)
    assert project.title_of(project.cues[second]) == "Sting"
    assert not proxy.setData(proxy.index(row, ORIGIN), "Soundtrack")
    assert "unknown origin" in window.statusBar().currentMessage()
    assert project.cues[first].origin is Origin.SCORE


def test_an_export_writes_the_sheet_as_it_was_when_asked(
    open_window, project_path: Path, qtbot, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The export runs in a worker while the user goes on editing: what it writes is the sheet at
    the moment Export was chosen, not a mixture (its snapshot shares the cues; edits replace them)."""
    import threading

    import cuesheet.project_service as service
    from cuesheet.domain.commands import EditCue, EditWork

    edited, render = threading.Event(), service.render

    def render_after_the_edits(project, fmt):  # type: ignore[no-untyped-def]
        assert edited.wait(5)  # the worker reads its snapshot only once the user has edited
        return render(project, fmt)

    monkeypatch.setattr(service, "render", render_after_the_edits)
    window = open_window(project_path)
    cue_id = mark(window, qtbot, 10, 50)
    project = window.session.project
    cue = project.cues[cue_id]
    window.editing.run(EditWork(cue.work_id, title="Before the edit"))
    out = tmp_path / "sheet.csv"
    window.files.export_csv(out)
    window.editing.run(EditWork(cue.work_id, title="After the edit"))
    window.editing.run(EditCue(cue_id, number="9M99"))
    edited.set()
    qtbot.waitUntil(out.exists, timeout=5000)
    text = out.read_text(encoding="utf-8-sig")
    assert "Before the edit" in text and "After the edit" not in text and "9M99" not in text
    assert project.title_of(project.cues[cue_id]) == "After the edit"


def test_export_copy_recent_and_relink(
    open_window, project_path: Path, film: Path, qtbot, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    mark(window, qtbot, 10, 50)
    out = tmp_path / "sheet.csv"
    window.files.export_csv(out)
    qtbot.waitUntil(out.exists, timeout=5000)
    assert out.read_bytes().startswith(b"\xef\xbb\xbfSeq,Cue #")
    pdf = tmp_path / "sheet.pdf"
    window.files.export_pdf(pdf)
    qtbot.waitUntil(pdf.exists, timeout=10000)
    assert pdf.read_bytes().startswith(b"%PDF")
    copy = tmp_path / "copy.cuesheet"
    window.session.file.save_copy(copy)
    assert copy.exists()
    assert window.files.recent()[0] == str(project_path)
    # Relink to a different film: the user is warned and may refuse.
    from cuesheet.media.synth import write_film

    other = write_film(tmp_path / "other cut.mp4", 2, size=(160, 90))
    asked: list[str] = []

    def answer(parent, title, text):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert not window.files.locate_film(other)
    assert asked and "length 48 frames" in asked[0]
    moved = tmp_path / "moved.mp4"
    shutil.copy(film, moved)
    assert window.files.locate_film(moved)  # the same cut: no question asked
    assert len(asked) == 1
    assert window.session.media_path == moved.resolve()
    assert window.session.document.undo_text == "Link film"


def test_new_project_from_a_dropped_film(
    open_window, project_path: Path, film: Path, qtbot, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    window = open_window(project_path)
    target = tmp_path / "from drop"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Dropped Film", True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "*.cuesheet"))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(film))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.session.path == target.with_suffix(".cuesheet")
    assert window.session.project.production.title == "Dropped Film"
    assert window.session.media_path == film.resolve()
    assert window.windowTitle() == "from drop.cuesheet — Cuesheet"


def test_problems_panel_follows_edits_and_selects_the_cue(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    cue_id = mark(window, qtbot, 10, 15)  # untitled, no writer, under a second, no composer agreement
    qtbot.waitUntil(lambda: window.findings.model.rowCount() == 4, timeout=3000)
    assert window.side_tabs.tabText(3) == "Problems (4)"
    window.select_cue(mark(window, qtbot, 100, 150))  # select another cue, then click a finding
    index = window.findings.model.index(0, 0)
    window.findings.view.clicked.emit(index)
    assert window.editing.selected == cue_id
    assert window.media.position() == 10


def test_writers_and_publishers_from_the_inspector(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    first = mark(window, qtbot, 10, 50)
    editor = window.inspector.interests
    project = window.session.project
    editor.add("Doe, Jane", Role.CA)
    editor.add("Roe, Richard", Role.CA)
    editor.add("Doe Music", Role.E)
    work = project.works[project.cues[first].work_id]
    assert [(project.parties[i.party_id].name, i.role, str(i.share)) for i in work.interests] == [
        ("Doe, Jane", Role.CA, "50.00"), ("Roe, Richard", Role.CA, "50.00"), ("Doe Music", Role.E, "100"),
    ]  # fmt: skip
    model = editor.model
    assert model.setData(model.index(0, 4), "60") and model.setData(model.index(1, 4), "40 %")
    assert (
        not model.setData(model.index(1, 4), "half") and "not a number" in window.statusBar().currentMessage()
    )
    assert model.setData(model.index(0, 2), "bmi")
    # A second cue reuses the party from the library; renaming it once renames it everywhere.
    second = mark(window, qtbot, 100, 150)
    window.select_cue(second)
    editor.add("doe, jane", Role.C)
    assert len([p for p in project.parties.values() if p.name == "Doe, Jane"]) == 1
    assert model.setData(model.index(0, 1), "Doe, Janet")
    names = {project.parties[i.party_id].name for w in project.works.values() for i in w.interests}
    assert "Doe, Janet" in names and "Doe, Jane" not in names
    assert project.parties[work.interests[0].party_id].society == "BMI"
    editor.table.selectRow(0)
    editor.remove.click()
    assert project.works[project.cues[second].work_id].interests == []
    window.editing.undo()
    assert len(project.works[project.cues[second].work_id].interests) == 1


def test_a_new_writer_shares_by_the_convention(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from cuesheet.domain.commands import ChangeShareConvention
    from cuesheet.domain.project import ShareConvention

    window = open_window(project_path)
    cue_id = mark(window, qtbot, 10, 50)
    editor = window.inspector.interests
    project = window.session.project

    def add(name: str, button) -> None:  # type: ignore[no-untyped-def]
        editor.name.setText(name)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def shown() -> list[tuple[str, str]]:
        rows = range(editor.model.rowCount())
        return [(editor.model.index(r, 1).data(), editor.model.index(r, 4).data()) for r in rows]

    add("Doe, Jane", editor.add_writer)
    assert shown() == [("Doe, Jane", "100")]
    add("Roe, Richard", editor.add_writer)  # joins a sole writer at 100 %: 50 / 50, not 0 %
    assert shown() == [("Doe, Jane", "50"), ("Roe, Richard", "50")]
    assert window.session.document.undo_text == "Add Roe, Richard"
    add("Doe Music", editor.add_publisher)  # per side: publishers have their own 100 %
    assert shown()[-1] == ("Doe Music", "100")
    window.editing.undo()
    window.editing.undo()  # one step per added party
    assert shown() == [("Doe, Jane", "100")]
    # Whole work: the first publisher beside a sole writer makes the usual 50 / 50.
    assert window.editing.run(ChangeShareConvention(ShareConvention.WHOLE_WORK))
    window.select_cue(cue_id)
    add("Doe Music", editor.add_publisher)
    assert shown() == [("Doe, Jane", "50"), ("Doe Music", "50")]
    work = project.works[project.cues[cue_id].work_id]
    assert sum(i.share for i in work.interests) == 100


def test_licences_tab_clears_a_licensed_cue(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    cue_id = mark(window, qtbot, 10, 50)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # licensed
    project = window.session.project
    window.inspector.interests.add("Pub Co", Role.E)
    panel = window.licences
    assert "not cleared" in panel.state.text() and "sync licence from Pub Co" in panel.state.text()
    panel.add_missing.click()
    assert sorted(lic.side.value for lic in project.licences.values()) == ["master", "sync"]
    assert window.session.document.undo_text == "Add 2 licences"
    model = panel.model
    assert model.setData(model.index(0, 3), "1,500")  # quoted fee
    assert (
        not model.setData(model.index(0, 4), "lots")
        and "is not a number" in window.statusBar().currentMessage()
    )
    for hostile in ("1e999999", "9" * 60, "-5", "1.123456"):  # bounded like every other way in
        assert not model.setData(model.index(0, 4), hostile), hostile
    for row in range(model.rowCount()):
        panel.table.selectRow(row)
        panel.status.setCurrentIndex(panel.status.findData(Status.LICENSED))
        panel.status.activated.emit(panel.status.currentIndex())
    assert "cleared" in panel.state.text() and "not cleared" not in panel.state.text()
    assert all(lic.history and lic.history[-1].status is Status.LICENSED for lic in project.licences.values())
    assert cue_id in project.cues


def test_recording_side_in_the_inspector(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    cue_id = mark(window, qtbot, 10, 50)
    field = window.inspector.recording["isrc"]
    field.setFocus()
    field.setText("us-lr1-26-00001")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    project = window.session.project
    cue = project.cues[cue_id]
    assert project.recordings[cue.recording_id].isrc == "USLR12600001"
    library = window.inspector.recording["library"]
    library.setFocus()
    library.setText("Atlas")
    qtbot.keyClick(library, Qt.Key.Key_Return)
    assert len(project.recordings) == 1 and project.recordings[cue.recording_id].library == "Atlas"


def test_production_dialog_edits_header_and_settings(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from cuesheet.domain.profiles import Profile
    from cuesheet.domain.project import ShareConvention
    from cuesheet.ui.production_dialog import ProductionDialog

    window = open_window(project_path)
    project = window.session.project
    dialog = ProductionDialog(project, window)
    dialog.texts["company"].setText("Harbour Films Ltd")
    dialog.texts["title"].setText("   ")  # a title cannot be emptied
    combo = dialog.choices["share_convention"]
    combo.setCurrentIndex(combo.findData(ShareConvention.WHOLE_WORK))
    profiles = dialog.choices["profile"]
    assert profiles.currentData() is None  # a project has none until one is chosen
    profiles.setCurrentIndex(profiles.findData(Profile.UK))
    command = dialog.command()
    assert command is not None
    window.editing.run(command)
    assert (
        project.production.company == "Harbour Films Ltd" and project.production.title == "Spotting session"
    )
    assert project.settings.share_convention is ShareConvention.WHOLE_WORK
    assert project.settings.profile is Profile.UK
    assert window.session.document.undo_text == "Change production details and settings"
    window.editing.undo()  # one step undoes the whole dialog
    assert project.settings.share_convention is ShareConvention.PER_SIDE and project.settings.profile is None
    assert project.production.company != "Harbour Films Ltd"


def test_society_and_role_are_chosen_from_lists(open_window, project_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

    window = open_window(project_path)
    mark(window, qtbot, 10, 50)
    editor = window.inspector.interests
    editor.add("Doe, Jane", Role.CA)
    index = editor.model.index(0, 2)
    delegate = editor.table.itemDelegateForColumn(2)
    combo = delegate.createEditor(editor.table, QStyleOptionViewItem(), index)
    assert isinstance(combo, QComboBox) and combo.findText("SOCAN") >= 0 and combo.findText("NONE") >= 0
    combo.setCurrentText("SOCAN")
    delegate.setModelData(combo, editor.model, index)
    project = window.session.project
    assert next(p for p in project.parties.values() if p.name == "Doe, Jane").society == "SOCAN"


def test_a_project_open_elsewhere_opens_read_only(
    open_window, project_path: Path, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from cuesheet.store.project_file import ProjectFile

    holder, _ = ProjectFile.open(project_path)  # another window, process or machine has it
    shown: list[str] = []

    def choose_read_only(box) -> int:  # type: ignore[no-untyped-def]
        shown.append(box.text())
        box.buttons()[0].click()  # "Open read-only"
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_read_only)
    try:
        window = open_window(project_path)
        assert shown and "open for writing by" in shown[0]
        assert window.session.read_only and "Read-only" in window.banner.text()
        window.media.seek(10)
        qtbot.keyClick(window, Qt.Key.Key_I)
        window.media.seek(40)
        qtbot.keyClick(window, Qt.Key.Key_O)
        assert window.session.project.cues == {}
        assert "read-only" in window.statusBar().currentMessage()
    finally:
        holder.close()


def test_an_unwritable_project_opens_read_only(open_window, project_path: Path, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os

    real_access = os.access
    # The tests run as root, which may write anything: pretend the folder is someone else's share.
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    window = open_window(project_path)
    assert window.session.read_only and "Read-only" in window.banner.text()
    assert not Path(str(project_path.parent / f".~lock.{project_path.name}#")).exists()


def test_the_preparers_contact_is_typed_in_its_tab_of_the_production_dialog(  # type: ignore[no-untyped-def]
    open_window, project_path: Path, qtbot
) -> None:
    """As a person does it: Ctrl+, in the window, a click on the "Prepared by" tab and in the
    e-mail field, the address typed, Enter. The type offers the usual kinds of production and keeps
    the file's own word."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QTabWidget

    from cuesheet.domain.project import PRODUCTION_TYPES
    from cuesheet.ui.production_dialog import ProductionDialog

    window = open_window(project_path)
    project = window.session.project
    seen: list[list[str]] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ProductionDialog)
        try:
            kinds = dialog.texts["production_type"].parentWidget()
            seen.append([kinds.itemText(i) for i in range(kinds.count())] + [kinds.currentText()])
            tabs = dialog.findChild(QTabWidget)
            bar = tabs.tabBar()
            qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
            email = dialog.texts["prepared_email"]
            qtbot.mouseClick(email, Qt.MouseButton.LeftButton)
            qtbot.keyClicks(email, "cues@quayside.example")
            qtbot.keyClick(email, Qt.Key.Key_Return)
        finally:
            if dialog.isVisible():  # never a modal dialog left open by a failed step
                dialog.reject()

    QTimer.singleShot(0, fill)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert seen and seen[0][: len(PRODUCTION_TYPES)] == list(PRODUCTION_TYPES)
    assert seen[0][-1] == project.production.production_type
    assert project.production.prepared_email == "cues@quayside.example"
    assert window.session.document.undo_text == "Change production details"
