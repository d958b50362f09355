"""Rolling backups: taken on open for writing, last N kept, restored to a new file."""

from __future__ import annotations

from pathlib import Path

import pytest

from cuesheet.domain.commands import EditProduction
from cuesheet.domain.history import Document
from cuesheet.store import backups
from cuesheet.store.errors import ProjectError
from cuesheet.store.project_file import ProjectFile
from tests.factories import rich_project


def test_backups_roll_and_restore(tmp_path: Path, _private_data_dir: Path) -> None:
    path = tmp_path / "Film.cuesheet"
    ProjectFile.create(path, rich_project()).close()
    for round_number in range(4):
        sheet, project = ProjectFile.open(path)
        backups.take(path, sheet.save_copy, keep=3)
        Document(project, sheet).execute(EditProduction(title=f"Take {round_number}"))
        sheet.close()
    kept = backups.list_backups(path)
    assert len(kept) == 3 and all(_private_data_dir in p.parents for p in kept)
    restored = backups.restore(kept[0], tmp_path / "restored.cuesheet")
    _, project = ProjectFile.open(restored, read_only=True)
    assert project.production.title == "Take 2"  # the newest backup: as opened before the last edit
    with pytest.raises(ProjectError, match="already exists"):
        backups.restore(kept[0], path)
    other = tmp_path / "elsewhere" / "Film.cuesheet"
    assert backups.folder_for(other) != backups.folder_for(path)


def test_the_copy_from_before_an_upgrade_is_never_pruned(tmp_path: Path) -> None:
    import shutil

    path = tmp_path / "Film.cuesheet"
    ProjectFile.create(path, rich_project()).close()
    noted = backups.take(path, lambda t: shutil.copy2(path, t), note="before upgrade from format 1")
    for _ in range(4):
        backups.take(path, lambda t: shutil.copy2(path, t), keep=2)
    kept = backups.list_backups(path)
    assert len(kept) == 3 and noted in kept and backups.note_of(noted) == "before upgrade from format 1"
    assert backups.taken_at(noted) is not None and backups.note_of(kept[0]) == ""
