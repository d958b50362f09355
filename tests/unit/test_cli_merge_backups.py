"""``cuesheet merge``, ``cuesheet backups`` and ``cuesheet restore`` from a real process."""

from __future__ import annotations

import copy
from pathlib import Path

from cuesheet.store.lock import ProjectLock
from cuesheet.store.project_file import ProjectFile
from tests.factories import rich_project
from tests.unit.test_cli import assert_one_line_error, run
from tests.unit.test_merge import _score_project


def _pair(tmp_path: Path) -> tuple[Path, Path]:
    mine = rich_project()
    theirs = _score_project(mine)
    changed = copy.deepcopy(mine)
    changed.cues_in_order()[0].end += 24
    theirs.cues.update({c.id: c for c in changed.cues.values()})
    theirs.works.update(changed.works)
    theirs.parties.update(changed.parties)
    theirs.recordings.update(changed.recordings)
    paths = tmp_path / "supervisor.cuesheet", tmp_path / "music editor.cuesheet"
    ProjectFile.create(paths[0], mine).close()
    ProjectFile.create(paths[1], theirs).close()
    return paths


def test_merge_dry_run_then_merge_keeping_ours_then_taking_theirs(tmp_path: Path) -> None:
    mine, theirs = _pair(tmp_path)
    untouched = theirs.read_bytes()
    dry = run("merge", mine, theirs, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[:3] == [
        "2 cues to add (2 score)",
        "3 duplicate cues (same cue, same data) skipped",
        "1 conflicting cue (same cue, different data): 0 take theirs, 1 keep yours",
    ]
    assert "conflict 1M01" in dry.stdout and "differs in Out (keep yours)" in dry.stdout
    assert dry.stdout.strip().endswith("Dry run: nothing changed")
    assert "\n6\n" not in run("info", mine).stdout and "Cues:           4" in run("info", mine).stdout

    merged = run("merge", mine, theirs)
    assert merged.returncode == 0 and "Merged into" in merged.stdout
    assert "Cues:           6" in run("info", mine).stdout
    again = run("merge", mine, theirs)  # the second time there is nothing new
    assert again.stdout.splitlines()[0] == "0 cues to add" and "Nothing to merge" in again.stdout

    taken = run("merge", mine, theirs, "--theirs")
    assert "1 take theirs, 0 keep yours" in taken.stdout
    sheet, project = ProjectFile.open(mine, read_only=True)
    assert project.cues_in_order()[0].end == rich_project().cues_in_order()[0].end + 24
    sheet.close()
    assert theirs.read_bytes() == untouched  # the other project is only read

    listing = run("backups", mine)
    lines = listing.stdout.splitlines()
    assert len(lines) == 2  # one before each merge that changed something
    assert lines[0].split()[0] == "1" and "6 cues" in lines[0] and "4 cues" in lines[1]


def test_merge_refuses_bad_input_in_one_line(tmp_path: Path) -> None:
    mine, theirs = _pair(tmp_path)
    assert_one_line_error(run("merge", mine, mine), "is the project itself")
    assert_one_line_error(run("merge", mine, tmp_path / "nowhere.cuesheet"), "nowhere.cuesheet")
    other_rate = tmp_path / "pal.cuesheet"
    ProjectFile.create(other_rate, rich_project("25")).close()
    assert_one_line_error(run("merge", mine, other_rate), "runs at 25 fps")
    lock = ProjectLock.acquire(mine)  # held by this (live) test process
    try:
        assert_one_line_error(run("merge", mine, theirs), "is open for writing by")
        assert run("merge", mine, theirs, "--dry-run").returncode == 0  # reading is fine
    finally:
        lock.release()


def test_restore_a_backup_to_a_new_file(tmp_path: Path) -> None:
    mine, theirs = _pair(tmp_path)
    assert "No backups" in run("backups", mine).stdout
    assert_one_line_error(run("restore", mine, "1", "-o", tmp_path / "old"), "has no backups")
    run("merge", mine, theirs)
    restored = run("restore", mine, "1", "-o", tmp_path / "before merge")
    assert restored.returncode == 0, restored.stderr
    assert "Cues:           4" in run("info", tmp_path / "before merge.cuesheet").stdout
    assert_one_line_error(run("restore", mine, "1", "-o", tmp_path / "before merge.cuesheet"), "exists")
    assert_one_line_error(run("restore", mine, "7", "-o", tmp_path / "x"), "has backups 1 to 1")


def test_diff_of_two_versions_lists_changed_added_and_removed_cues(tmp_path: Path) -> None:
    from cuesheet.domain.cue import Cue
    from cuesheet.domain.rights import Work
    from cuesheet.domain.usage import Origin

    old = rich_project()
    new = copy.deepcopy(old)
    first, second, _, last = new.cues_in_order()
    first.end += 24
    new.works[second.work_id].title = "Renamed"
    del new.cues[last.id]
    work = Work("Added Song")
    new.works[work.id] = work
    added = Cue(first.start + 5000, first.start + 5100, work.id, "2M01", Origin.LICENSED)
    new.cues[added.id] = added
    paths = tmp_path / "v1.cuesheet", tmp_path / "v2.cuesheet"
    ProjectFile.create(paths[0], old).close()
    ProjectFile.create(paths[1], new).close()

    result = run("diff", *paths)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "changed  1M01     'Opening' 01:00:01:00–01:00:05:12: Out 01:00:05:12 → 01:00:06:12"
    assert lines[1].startswith("changed  1M02") and lines[1].endswith("title '=SUM(A1:A2)' → 'Renamed'")
    assert lines[2].startswith("added    2M01     'Added Song' ")
    assert lines[3] == "removed  1M04     '-Minus' 01:00:20:00–01:00:20:10"
    assert lines[4] == "4 change(s), 1 cue(s) unchanged"
    same = run("diff", paths[0], paths[0])
    assert same.returncode == 0 and same.stdout.strip() == "0 change(s), 4 cue(s) unchanged"
    other_rate = tmp_path / "pal.cuesheet"
    ProjectFile.create(other_rate, rich_project("25")).close()
    assert_one_line_error(run("diff", paths[0], other_rate), "runs at 25 fps")
