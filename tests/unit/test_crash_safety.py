"""200 SIGKILLs during a burst of edits: every acknowledged edit survives, integrity stays ok."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cuesheet.store.project_file import ProjectFile
from tests.factories import empty_project

TOOL = Path(__file__).resolve().parents[1] / "tools" / "crash_writer.py"


def test_killed_writers_lose_no_acknowledged_edit(tmp_path: Path) -> None:
    path = tmp_path / "crash.cuesheet"
    ProjectFile.create(path, empty_project()).close()
    result = subprocess.run(
        [sys.executable, str(TOOL), str(path), "200", "7"], capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stderr[-2000:]
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["kills"] == 200 and facts["acknowledged"] >= 200  # each round killed after its first edit
    assert facts["lost"] == 0 and facts["integrity_failures"] == 0
    assert facts["hot_journals"] > 0  # some kills did land inside a transaction
