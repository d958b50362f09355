"""Writes go through sqlite-utils, loaded only when something is written (store.writing)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from cuesheet.domain.change import Change
from cuesheet.domain.commands import DeleteCues, EditCue, EditWork, Group
from cuesheet.domain.cue import Cue
from cuesheet.domain.history import Document
from cuesheet.domain.licences import Licence, Side, Status, StatusChange
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Interest, Party, Role, Work
from cuesheet.store import writing
from cuesheet.store.errors import ProjectError
from cuesheet.store.project_file import ProjectFile
from cuesheet.store.schema import TABLES
from tests.factories import empty_project, rich_project


def _imports_sqlite_utils(*args: str | Path, cwd: Path) -> bool:
    """Whether the ``cuesheet`` command loads sqlite_utils (``-X importtime`` lists each import)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "cuesheet", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)  # fmt: skip
    assert done.returncode in (0, 1), done.stderr[-2000:]  # check exits 1 when it finds errors
    return any(line.rstrip().endswith("| sqlite_utils") for line in done.stderr.splitlines())


def test_reading_commands_and_new_never_load_sqlite_utils_and_an_edit_does(tmp_path: Path) -> None:
    project = tmp_path / "p.cuesheet"
    ProjectFile.create(project, rich_project()).close()
    for command in (
        ["info", project],
        ["check", project],
        ["export", project, "--format", "csv", "-o", tmp_path / "out.csv"],
        ["new", tmp_path / "n.cuesheet", "--title", "N"],  # a new file is filled with plain SQL
    ):
        assert not _imports_sqlite_utils(*command, cwd=tmp_path), command
    assert _imports_sqlite_utils("import", project, tmp_path / "out.csv", cwd=tmp_path)  # a few rows


def test_opening_for_writing_loads_it_at_the_first_write_or_when_warmed(tmp_path: Path) -> None:
    project = tmp_path / "p.cuesheet"
    ProjectFile.create(project, rich_project()).close()
    script = f"""
import sys
from cuesheet.domain.commands import EditProduction
from cuesheet.domain.history import Document
from cuesheet.domain.licences import Licence, Side, Status, StatusChange
from cuesheet.domain.project import Project
from cuesheet.store import writing
from cuesheet.store.errors import ProjectError
from cuesheet.store.project_file import ProjectFile
from cuesheet.store.schema import TABLES
file, project = ProjectFile.open({str(project)!r})
print("sqlite_utils" in sys.modules)
Document(project, file).execute(EditProduction(title="Renamed"))
print("sqlite_utils" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["False", "True"], done.stderr[-2000:]
    warmed = subprocess.run(
        [sys.executable, "-c", "import sys; from cuesheet.store import writing; a = 'sqlite_utils' in "
         "sys.modules; writing.warm(); print(a, 'sqlite_utils' in sys.modules)"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert warmed.stdout.split() == ["False", "True"], warmed.stderr[-2000:]


def test_the_first_write_leaves_the_schema_as_it_was(tmp_path: Path) -> None:
    """sqlite-utils would find out whether SQLite has upserts by creating and dropping a table in
    the project file, inside the user's first edit (store.writing.database tells it instead)."""
    path = tmp_path / "p.cuesheet"
    ProjectFile.create(path, empty_project()).close()
    before = _schema_version(path)
    file, project = ProjectFile.open(path)
    party = Party("Doe, Jane", "BMI", "00012345678")
    work = Work("Opening", "", [Interest(party.id, Role.C, Decimal(100))])
    project.parties[party.id], project.works[work.id] = party, work
    file.persist(project, Change(parties={party.id}, works={work.id}))
    file.close()
    assert _schema_version(path) == before


def test_edits_after_the_first_do_not_ask_sqlite_for_the_schema_again(tmp_path: Path) -> None:
    """sqlite-utils looked up the tables and their columns 14 times per one-cue edit; the names and
    columns are read once per open file (store.writing), and the rows still land."""
    path = tmp_path / "p.cuesheet"
    ProjectFile.create(path, empty_project()).close()
    file, project = ProjectFile.open(path)
    document = Document(project, file)
    work = Work("Opening")
    cue = Cue(86400, 86500, work.id, "1M1")
    project.works[work.id], project.cues[cue.id] = work, cue
    file.persist(project, Change(works={work.id}, cues={cue.id}))
    statements: list[str] = []
    file._conn.set_trace_callback(statements.append)
    for n in range(3):
        document.execute(EditWork(work.id, title=f"Opening {n}"))
        document.execute(EditCue(cue.id, end=86500 + n))
    file._conn.set_trace_callback(None)
    file.close()
    assert not [s for s in statements if "sqlite_master" in s or "PRAGMA" in s.upper()], statements
    reopened, again = ProjectFile.open(path, read_only=True)
    reopened.close()
    assert again.works[work.id].title == "Opening 2" and again.cues[cue.id].end == 86502


def _schema_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        version: int = conn.execute("PRAGMA schema_version").fetchone()[0]
        return version
    finally:
        conn.close()


def test_values_are_stored_as_the_codecs_write_them(tmp_path: Path) -> None:
    """Shares and fees as the text of the Decimal (sqlite-utils would store a Decimal as a float:
    "1500.00" as "1500.0"), frames and flags as integers."""
    project = rich_project()
    work = next(iter(project.works.values()))
    work.interests[0].share = Decimal("12.3456789012345678901")
    licence = Licence(Side.SYNC, work.id, None, None, "Licensor", quoted_fee=Decimal("1500.00"))
    project.licences[licence.id] = licence
    path = tmp_path / "p.cuesheet"
    ProjectFile.create(path, project).close()
    conn = sqlite3.connect(path)
    try:
        shares = {row[0] for row in conn.execute("SELECT share FROM interests")}
        fees = conn.execute("SELECT quoted_fee, typeof(approved_fee) FROM licences").fetchall()
        frames = {row[0] for row in conn.execute('SELECT DISTINCT typeof(start) || typeof("end") FROM cues')}
        flags = {row[0] for row in conn.execute("SELECT typeof(drop_frame) FROM production")}
    finally:
        conn.close()
    assert shares == {str(i.share) for w in project.works.values() for i in w.interests}
    assert "12.3456789012345678901" in shares and fees == [("1500.00", "null")]
    assert frames == {"integerinteger"} and flags == {"integer"}


@pytest.mark.parametrize("count", [1, 1234])
def test_deleting_many_cues_at_once_deletes_their_rows_and_their_works_interests(
    tmp_path: Path, count: int
) -> None:
    project = empty_project()
    party = Party("Doe, Jane", "BMI", "00012345678")
    project.parties[party.id] = party
    start = project.production.start_frame
    for n in range(count + 3):
        work = Work(f"Work {n}", "", [Interest(party.id, Role.C, Decimal(100))])
        cue = Cue(start + n * 10, start + n * 10 + 5, work.id, f"{n}M")
        project.works[work.id], project.cues[cue.id] = work, cue
    path = tmp_path / "p.cuesheet"
    ProjectFile.create(path, project).close()
    file, opened = ProjectFile.open(path)
    gone = sorted(opened.cues)[:count]
    Document(opened, file).execute(DeleteCues(gone))
    file.close()
    reopened = ProjectFile.open(path, read_only=True)
    reopened[0].close()
    assert set(reopened[1].cues) == set(opened.cues) and len(reopened[1].cues) == 3
    assert reopened[1] == opened
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM interests").fetchone()[0] == 3
    finally:
        conn.close()


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(f'SELECT * FROM "{table}" ORDER BY 1, 2').fetchall() for table in TABLES}
    finally:
        conn.close()


def test_many_rows_go_as_plain_sql_and_make_the_same_rows_as_sqlite_utils(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new file is filled, and above ``_BULK_ROWS`` a table's rows are written, without
    sqlite-utils: a project written whole, then every cue and work edited (upserts over existing
    rows, interests rewritten), gives the same rows, of the same types, either way."""
    project = rich_project()
    work = next(iter(project.works.values()))
    licence = Licence(Side.SYNC, work.id, None, None, "Licensor", quoted_fee=Decimal("1500.00"),
                      history=[StatusChange("2025-01-02", Status.QUOTED, "first offer")])  # fmt: skip
    project.licences[licence.id] = licence
    found = []
    for bulk in (0, 10**9):  # every table plainly; none
        monkeypatch.setattr(writing, "_BULK_ROWS", bulk)
        path = tmp_path / f"bulk-{bulk}.cuesheet"
        if bulk:  # a file with the production only, then everything written through sqlite-utils
            ProjectFile.create(path, Project(production=project.production)).close()
            file, _ = ProjectFile.open(path)
            file.persist(project, Change.everything(project))
            file.close()
        else:
            ProjectFile.create(path, project).close()
        file, opened = ProjectFile.open(path)
        edits = [EditCue(cue.id, notes=f"checked {cue.number}") for cue in opened.cues.values()]
        edits += [EditWork(w.id, title=f"{w.title} (rev)") for w in opened.works.values()]
        Document(opened, file).execute(Group("Revise", edits))
        file.close()
        found.append(_rows(path))
    assert found[0] == found[1]
    assert found[0]["licence_history"] and found[0]["interests"] and found[0]["settings"]


def test_an_edit_written_is_on_disk_only_when_committed_and_a_failed_commit_writes_none(
    tmp_path: Path,
) -> None:
    """A window's edits (``Document(commit_later=True)``): rows written in an open transaction,
    invisible to another reader until the commit; a commit SQLite refuses leaves the file as it was
    and the edit out of memory."""
    path = tmp_path / "p.cuesheet"
    project = empty_project()
    work = Work("Theme")
    cue = Cue(project.production.start_frame, project.production.start_frame + 48, work.id, "1M01")
    project.works[work.id], project.cues[cue.id] = work, cue
    ProjectFile.create(path, project).close()
    file, opened = ProjectFile.open(path)

    def on_disk() -> str:
        reader, stored = ProjectFile.open(path, read_only=True)
        reader.close()
        return stored.cues[cue.id].number

    try:
        document = Document(opened, file, commit_later=True)
        document.execute(EditCue(cue.id, number="1M02"))
        assert document.pending and on_disk() == "1M01"
        # A second write on top of it is refused: committing it silently would hide its failure.
        with pytest.raises(ProjectError, match="still being saved"):
            file.write(opened, Change(cues={cue.id}))
        document.flush()
        assert on_disk() == "1M02"

        document.execute(EditCue(cue.id, number="1M03"))
        # A constraint checked at COMMIT, broken inside the open transaction: SQLite refuses it.
        file._conn.execute("PRAGMA defer_foreign_keys=ON")
        file._conn.execute("UPDATE cues SET work_id = 'no such work' WHERE id = ?", (cue.id,))
        with pytest.raises(Exception, match="could not save the change"):
            document.flush()
        assert opened.cues[cue.id].number == "1M02" and on_disk() == "1M02"
        assert not file._conn.in_transaction and document.undo_text == "Change cue number"
        document.execute(EditCue(cue.id, number="1M04"))  # the file takes edits again
        document.flush()
        assert on_disk() == "1M04"
    finally:
        file.close()
