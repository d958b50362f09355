"""File ▸ Import editor's timeline… as a user meets it: Ctrl+I, the file, the review dialog with the
tracks and the proposed cues drawn on the timeline, Import as one undo step; a refused file says why."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QPushButton

from cuesheet.domain.timecode import FrameRate, format_timecode
from cuesheet.store.project_file import ProjectFile
from cuesheet.ui.actions import A
from cuesheet.ui.timeline_import_dialog import TimelineImportDialog


def write_edl(project_path: Path, folder: Path) -> tuple[Path, list[tuple[int, int]]]:
    """Song A cut into more of itself (one cue) and song B after a gap, on a stereo pair."""
    sheet, project = ProjectFile.open(project_path)
    sheet.close()
    rate, first = project.production.rate, project.production.start_frame
    spans = [(first + 24, first + 48, "Song A.wav"), (first + 48, first + 60, "Song A.wav"),
             (first + 90, first + 130, "Song B.wav")]  # fmt: skip
    lines = ["TITLE: Reel 1", "FCM: NON-DROP FRAME"]
    for number, (start, end, name) in enumerate(spans, 1):
        source = f"{format_timecode(0, rate)} {format_timecode(end - start, rate)}"
        record = f"{format_timecode(start, rate)} {format_timecode(end, rate)}"
        lines += [f"{number:03d}  AX  AA  C  {source} {record}", f"* FROM CLIP NAME: {name}"]
    path = folder / "reel 1.edl"
    path.write_text("\n".join(lines) + "\n")
    return path, [(first + 24, first + 60), (first + 90, first + 130)]


def test_import_a_timeline_with_review_then_undo(open_window, qtbot, monkeypatch, project_path, tmp_path):  # type: ignore[no-untyped-def]
    edl, expected = write_edl(project_path, tmp_path)
    window = open_window(project_path)
    messages: list[str] = []
    window.imports.status.connect(messages.append)
    seen: dict[str, object] = {}

    def review(dialog: TimelineImportDialog) -> int:
        seen["rows"] = dialog.model.rowCount()
        seen["drawn"] = list(window.state.proposals)  # outlined on the timeline while under review
        seen["button"] = dialog.apply_button.text()
        for row in range(dialog.tracks.count()):  # untick every track: nothing to import
            dialog.tracks.item(row).setCheckState(Qt.CheckState.Unchecked)
        QApplication.processEvents()  # the plan follows the ticks on the next turn of the loop
        seen["unticked"] = (dialog.model.rowCount(), dialog.apply_button.isEnabled(), window.state.proposals)
        dialog.tracks.item(0).setCheckState(Qt.CheckState.Checked)
        QApplication.processEvents()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TimelineImportDialog, "exec", review)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(edl), ""))
    with qtbot.waitSignal(window.imports.finished, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # as a person would
    assert seen["rows"] == 2 and seen["drawn"] == expected and seen["button"] == "Import 2 cues"
    assert seen["unticked"] == (0, False, [])
    project = window.session.project
    assert sorted((c.start, c.end) for c in project.cues.values()) == expected
    assert sorted(project.works[c.work_id].title for c in project.cues.values()) == ["Song A", "Song B"]
    assert window.state.proposals == []  # the outlines go with the dialog
    assert messages[-1] == "Import 2 cues from reel 1.edl; Undo takes it back"
    assert window.table.model().rowCount() == 2
    window.registry.actions[A.UNDO].trigger()
    assert not project.cues
    window.registry.actions[A.REDO].trigger()
    assert len(project.cues) == 2


def test_a_refused_timeline_says_why_and_changes_nothing(
    open_window, qtbot, monkeypatch, project_path, tmp_path
):  # type: ignore[no-untyped-def]
    window = open_window(project_path)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    monkeypatch.setattr(TimelineImportDialog, "exec", lambda d: pytest.fail("no review of a refused file"))
    binary = tmp_path / "cut.aaf"
    binary.write_bytes(b"\x00\x01\x02" * 400)
    with qtbot.waitSignal(window.imports.finished, timeout=10_000):
        window.imports.import_timeline(binary)
    assert len(warned) == 1 and "cut.aaf" in warned[0] and "a binary file, not a timeline" in warned[0]
    assert not window.session.project.cues


def test_the_inspector_says_where_an_imported_cue_came_from(open_window, qtbot, project_path, tmp_path):  # type: ignore[no-untyped-def]
    from cuesheet.import_service import import_timeline

    edl, _ = write_edl(project_path, tmp_path)
    import_timeline(project_path, edl)
    window = open_window(project_path)
    first = min(window.session.project.cues.values(), key=lambda c: c.start)
    window.state.select(first.id)
    qtbot.waitUntil(lambda: window.inspector.source.text() != "", timeout=5000)
    assert window.inspector.source.text() == "clip Song A.wav · A1 A2"


def conform_cues_and_cuts(project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The unit tests' cues (tests.unit.test_conform) in the project, and their two cuts' EDLs
    chosen in turn by the file dialog (skips when the fixture film's rate is not the cuts')."""
    from cuesheet.domain.commands import AddCues
    from cuesheet.domain.cue import Cue
    from cuesheet.domain.history import Document
    from cuesheet.domain.rights import Work
    from tests.unit.test_conform import CUES, HOUR, NEW, OLD

    sheet, project = ProjectFile.open(project_path, read_only=False)
    if project.production.rate != FrameRate.parse("23.976"):
        sheet.close()
        pytest.skip("the test cuts are written at 23.976")  # the fixture film's rate decides
    works = [Work(f"Song {n}") for n in CUES]
    cues = [Cue(HOUR + a, HOUR + b, w.id, n) for (n, (a, b)), w in zip(CUES.items(), works, strict=True)]
    Document(project, sheet).execute(AddCues(cues, works))
    sheet.close()
    (tmp_path / "cut1.edl").write_bytes(OLD)
    (tmp_path / "cut2.edl").write_bytes(NEW)
    chosen = iter([str(tmp_path / "cut1.edl"), str(tmp_path / "cut2.edl")])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (next(chosen), ""))


def test_conform_to_a_new_cut_from_the_cue_menu(
    open_window, qtbot, monkeypatch, project_path, tmp_path, film
):  # type: ignore[no-untyped-def]
    from cuesheet.ui.conform_dialog import ConformDialog
    from tests.unit.test_conform import CUES, EXPECTED, HOUR

    conform_cues_and_cuts(project_path, tmp_path, monkeypatch)
    new_film = tmp_path / "cut 2.mp4"
    shutil.copy(film, new_film)
    seen: dict[str, object] = {}

    def review(dialog: ConformDialog) -> int:
        model = dialog.model
        seen["rows"] = [(model.index(r, 1).data(), model.index(r, 3).data()) for r in range(model.rowCount())]
        seen["add"] = dialog.add_new.isChecked()
        dialog.film = new_film  # as "Film of the new cut…" chooses it
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConformDialog, "exec", review)
    from cuesheet.ui.import_actions import ImportActions

    monkeypatch.setattr(ImportActions, "_conform_from_film", lambda self: False)  # "The editor's timelines"
    window = open_window(project_path)
    with qtbot.waitSignal(window.imports.finished, timeout=10_000):
        window.registry.actions[A.CONFORM].trigger()
    expected_rows = [(n, s.value) for n, (s, places) in EXPECTED.items() for _ in (places or [None])]
    assert seen == {"rows": expected_rows, "add": True}
    by_number = {c.number: c for c in window.session.project.cues.values()}
    assert (by_number["1M02"].start - HOUR, by_number["1M02"].end - HOUR) == (350, 550)
    assert by_number["1M04A"].conform_note and "1M06" in by_number
    assert Path(window.session.project.media.path).name == "cut 2.mp4"  # relinked in the same step
    window.registry.actions[A.UNDO].trigger()
    assert sorted(c.number for c in window.session.project.cues.values()) == sorted(CUES)
    assert Path(window.session.project.media.path).name == film.name


def test_a_conform_is_accepted_cue_by_cue(open_window, qtbot, monkeypatch, project_path, tmp_path):  # type: ignore[no-untyped-def]
    """The review's ticks as a user works them: Untick all, then Space on two cues ticks them again;
    the cues left unticked stay where they were, flagged, and the ticked ones follow the cut."""
    from cuesheet.ui.conform_dialog import ConformDialog
    from cuesheet.ui.import_actions import ImportActions
    from tests.unit.test_conform import CUES, HOUR, R24

    conform_cues_and_cuts(project_path, tmp_path, monkeypatch)
    labels: list[str] = []

    def review(dialog: ConformDialog) -> int:
        dialog.show()  # as exec shows it: the window's own keys (Space plays) stay with the window
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
        labels.append(dialog.apply_button.text())
        next(b for b in dialog.findChildren(QPushButton) if b.text() == "Untick all").click()
        labels.append(dialog.apply_button.text())
        rows = [dialog.model.index(r, 1).data() for r in range(dialog.model.rowCount())]
        for number in ("1M02", "1M03"):  # the move and the trim, each by Space on its row
            dialog.table.setCurrentIndex(dialog.model.index(rows.index(number), 0))
            qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
        labels.append(dialog.apply_button.text())
        split = [r for r, n in enumerate(rows) if n == "1M04"]  # both its pieces say it stays
        assert [dialog.model.index(r, 6).data() for r in split] == ["kept", "kept"]
        assert dialog.model.index(rows.index("1M02"), 6).data() == format_timecode(HOUR + 350, R24)
        dialog.add_new.setChecked(False)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConformDialog, "exec", review)
    monkeypatch.setattr(ImportActions, "_conform_from_film", lambda self: False)
    window = open_window(project_path)
    with qtbot.waitSignal(window.imports.finished, timeout=10_000):
        window.registry.actions[A.CONFORM].trigger()
    assert labels == ["Conform (4 of 4 changes)", "Conform (0 of 4 changes)", "Conform (2 of 4 changes)"]
    by_number = {c.number: c for c in window.session.project.cues.values()}
    assert sorted(by_number) == sorted(CUES)  # the split held back: no piece added
    assert (by_number["1M02"].start - HOUR, by_number["1M02"].end - HOUR) == (350, 550)
    assert (by_number["1M03"].start - HOUR, by_number["1M03"].end - HOUR) == (620, 700)
    assert (by_number["1M04"].start - HOUR, by_number["1M04"].end - HOUR) == CUES["1M04"]
    assert by_number["1M04"].conform_note.startswith("not conformed")
    assert by_number["1M05"].conform_note.startswith("not conformed")
    assert not by_number["1M02"].conform_note and not by_number["1M01"].conform_note
    window.registry.actions[A.UNDO].trigger()
    assert not any(c.conform_note for c in window.session.project.cues.values())


def test_a_timeline_dropped_on_the_window_is_reviewed(
    open_window, qtbot, monkeypatch, project_path, tmp_path
):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    edl, expected = write_edl(project_path, tmp_path)
    reviewed: list[int] = []
    monkeypatch.setattr(TimelineImportDialog, "exec", lambda d: reviewed.append(d.model.rowCount()) or 0)
    window = open_window(project_path)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(edl))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    with qtbot.waitSignal(window.imports.finished, timeout=10_000):
        window.dropEvent(event)
    assert reviewed == [len(expected)] and not window.session.project.cues  # reviewed, then cancelled
    assert window.session.path == project_path  # not taken for a film


def test_find_music_in_the_film_review_untick_and_add(open_window, qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """Cue > Find music in the film...: a folder with two songs, one in the film's sound; the finding
    is outlined on the timeline while reviewed; unticked, nothing is added; ticked, one cue."""
    import numpy as np

    from cuesheet.media import synth
    from cuesheet.project_service import create_project
    from cuesheet.ui.spotting_dialog import SpottingDialog
    from tests.media.test_spotting import RATE, recording, write_wav

    songs = tmp_path / "songs"
    songs.mkdir()
    song = recording(8, 40.0)
    write_wav(songs / "Harbour Song.wav", song, 44100)
    write_wav(songs / "Not In The Film.wav", recording(9, 30.0), 44100)
    sound = np.zeros(30 * RATE, np.float32)
    sound[8 * RATE : 23 * RATE] += song[5 * RATE : 20 * RATE]
    at_48k = np.interp(
        np.arange(30 * synth.SAMPLE_RATE) * RATE / synth.SAMPLE_RATE, np.arange(len(sound)), sound
    )
    film = synth.write_film(tmp_path / "cut.mp4", 30, size=(160, 90), soundtrack=at_48k)
    project = tmp_path / "Listening.cuesheet"
    create_project(project, "Listening", None, None, film)
    seen: list[object] = []

    def review(dialog: SpottingDialog) -> int:
        model = dialog.model
        label = window.imports.listening_progress.labelText()
        assert "1 heard so far: Harbour Song" in label  # shown while the search went on
        assert len(outlined) >= 1 and len(outlined[0]) == 1  # outlined as soon as it was heard
        seen.append([(model.index(r, 1).data(), model.index(r, 2).data()) for r in range(model.rowCount())])
        seen.append(list(window.state.proposals))
        model.setData(model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
        seen.append((dialog.apply_button.isEnabled(), list(window.state.proposals)))
        model.tick_all(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SpottingDialog, "exec", review)
    window = open_window(project)
    outlined: list[list[tuple[int, int]]] = []
    window.state.proposals_changed.connect(lambda: outlined.append(list(window.state.proposals)))
    said: list[str] = []
    window.imports.status.connect(said.append)
    with qtbot.waitSignal(window.imports.finished, timeout=60_000):
        window.imports.find_music(songs)
    assert not [s for s in said if "cancelled" in s]  # closing its progress dialog is no cancel
    rows, drawn, unticked = seen
    assert [title for title, _ in rows] == ["Harbour Song"] and len(drawn) == 1
    assert unticked == (False, [])  # nothing ticked: nothing to add, nothing outlined
    (cue,) = window.session.project.cues.values()
    first = window.session.project.production.start_frame
    assert abs((cue.start - first) / 24 - 8) <= 1.0 and window.session.project.title_of(cue) == "Harbour Song"
    assert window.state.proposals == []
    # Cue > Check cues against the film's sound: heard where it is; moved, heard elsewhere.
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    with qtbot.waitSignal(window.imports.finished, timeout=60_000):
        window.registry.actions[A.CHECK_BY_EAR].trigger()
    assert window.imports.heard == []
    from cuesheet.domain.commands import EditCue

    window.session.execute(EditCue(cue.id, start=cue.start + 16 * 24, end=cue.start + 21 * 24))
    # Checked before the move is committed (it is, after the frame that shows it; here not before
    # the check has run): the check listens for the cues as the window shows them.
    monkeypatch.setattr(window.session, "flush", lambda: None)
    with qtbot.waitSignal(window.imports.finished, timeout=60_000):
        window.registry.actions[A.CHECK_BY_EAR].trigger()
    assert [f.code for f in window.imports.heard] == ["HEARD_ELSEWHERE"]
    window.registry.actions[A.UNDO].trigger()
    window.registry.actions[A.UNDO].trigger()
    assert not window.session.project.cues


def test_conform_to_a_new_film_by_its_sound(open_window, qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """Cue > Conform to a new cut... > The new film alone: the cue in a stretch the re-edit moved up
    is moved, the one whose picture was dropped is kept and flagged, the film relinked; one undo."""
    import numpy as np

    from cuesheet.domain.commands import AddCues
    from cuesheet.domain.cue import Cue
    from cuesheet.domain.history import Document
    from cuesheet.domain.rights import Work
    from cuesheet.media import synth
    from cuesheet.project_service import create_project
    from cuesheet.ui.conform_dialog import ConformDialog
    from cuesheet.ui.listening_actions import conform_by_sound
    from tests.media.test_spotting import RATE, recording

    shots = [recording(400 + n, 10.0) for n in range(3)]

    def film(name: str, sound: np.ndarray) -> Path:
        seconds = len(sound) // RATE
        at_48k = np.interp(
            np.arange(seconds * synth.SAMPLE_RATE) * RATE / synth.SAMPLE_RATE, np.arange(len(sound)), sound
        )
        return synth.write_film(tmp_path / name, seconds, size=(160, 90), soundtrack=at_48k)

    old_film, new_film = (
        film("cut 1.mp4", np.concatenate(shots)),
        film("cut 2.mp4", np.concatenate([shots[0], shots[2]])),
    )
    project = tmp_path / "Conform.cuesheet"
    create_project(project, "Conform", None, None, old_film)
    sheet, writable = ProjectFile.open(project)
    first = writable.production.start_frame
    works = [Work("Kept"), Work("Dropped"), Work("Moved")]
    cues = [Cue(first + a * 24, first + b * 24, w.id, n) for (a, b, n), w in
            zip([(2, 8, "1M01"), (12, 18, "1M02"), (22, 28, "1M03")], works, strict=True)]  # fmt: skip
    Document(writable, sheet).execute(AddCues(cues, works))
    sheet.close()
    statuses: list[str] = []

    def review(dialog: ConformDialog) -> int:
        statuses.extend(dialog.model.index(r, 3).data() for r in range(dialog.model.rowCount()))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConformDialog, "exec", review)
    window = open_window(project)
    with qtbot.waitSignal(window.imports.finished, timeout=60_000):
        conform_by_sound(window.imports, new_film)
    assert statuses == ["unchanged", "removed", "moved"]
    by_number = {c.number: c for c in window.session.project.cues.values()}
    assert ((by_number["1M03"].start - first) / 24, (by_number["1M03"].end - first) / 24) == (12.0, 18.0)
    assert by_number["1M02"].conform_note and Path(window.session.project.media.path).name == "cut 2.mp4"
    window.registry.actions[A.UNDO].trigger()
    assert Path(window.session.project.media.path).name == "cut 1.mp4"
    assert (window.session.project.cues[cues[2].id].start - first) / 24 == 22.0


def test_find_music_can_be_cancelled_and_then_changes_nothing(open_window, qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """Listening to a library takes a while: its progress has Cancel, the window stays usable, and
    a cancelled run stops at the next recording, shows no review and adds nothing."""
    import threading

    from PySide6.QtWidgets import QProgressDialog

    from cuesheet.media import analysis_cache
    from cuesheet.ui.spotting_dialog import SpottingDialog
    from tests.media.test_spotting import recording, write_wav

    songs = tmp_path / "songs"
    songs.mkdir()
    for n in range(3):
        write_wav(songs / f"Song {n}.wav", recording(20 + n, 4.0), 22050)
    analysed: list[Path] = []
    pressed = threading.Event()
    real = analysis_cache.analysis_of

    def slow(path: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        analysed.append(path)
        pressed.wait(10)  # the first recording is still being listened to when Cancel is pressed
        return real(path, *args, **kwargs)

    monkeypatch.setattr(analysis_cache, "analysis_of", slow)
    monkeypatch.setattr(SpottingDialog, "exec", lambda d: pytest.fail("a cancelled run shows no review"))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: pytest.fail("nor a message box"))
    window = open_window(project_path_with_film(tmp_path))
    messages: list[str] = []
    window.imports.status.connect(messages.append)
    window.imports.find_music(songs)
    progress = window.imports.listening_progress
    assert isinstance(progress, QProgressDialog) and progress.isVisible()
    qtbot.waitUntil(lambda: len(analysed) == 1, timeout=10_000)
    with qtbot.waitSignal(window.imports.finished, timeout=30_000):
        qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)  # its Cancel
        pressed.set()
    assert len(analysed) == 1  # stopped before the next recording
    assert messages[-1] == "Listening cancelled; nothing changed" and not window.session.project.cues


def project_path_with_film(folder: Path) -> Path:
    from cuesheet.media import synth
    from cuesheet.project_service import create_project

    film = synth.write_film(folder / "cut.mp4", 10, size=(160, 90))
    path = folder / "Cancel.cuesheet"
    create_project(path, "Cancel", None, None, film)
    return path


def test_a_conform_planned_while_the_user_edits_is_planned_again_in_the_pool(
    open_window, qtbot, monkeypatch, project_path, tmp_path
):  # type: ignore[no-untyped-def]
    """An edit made while the cuts are read and the conform planned: the plan is made again, against
    the project as edited, in the pool (a plan at 50,000 cues would stall the window)."""
    import threading

    import cuesheet.domain.conform as conform
    from cuesheet.domain.commands import EditCue
    from cuesheet.ui.conform_dialog import ConformDialog

    conform_cues_and_cuts(project_path, tmp_path, monkeypatch)
    planned_on_main: list[bool] = []
    plan, reviewed = conform.plan_conform, []

    def plan_conform(*args):  # type: ignore[no-untyped-def]
        planned_on_main.append(threading.current_thread() is threading.main_thread())
        return plan(*args)

    monkeypatch.setattr(conform, "plan_conform", plan_conform)
    monkeypatch.setattr(ConformDialog, "exec", lambda d: reviewed.append(d) or QDialog.DialogCode.Rejected)
    window = open_window(project_path)
    first = next(c for c in window.session.project.cues.values() if c.number == "1M01")
    window.imports.conform(tmp_path / "cut1.edl", tmp_path / "cut2.edl")
    window.session.execute(EditCue(first.id, notes="edited while the cuts were read"))
    qtbot.waitUntil(lambda: bool(reviewed), timeout=10_000)
    assert planned_on_main == [False, False]
