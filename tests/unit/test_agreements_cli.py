"""The composer agreements in `cuesheet info --json`, each with the score cues it covers."""

from __future__ import annotations

import json
from pathlib import Path

from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.store.project_file import ProjectFile
from tests.factories import rich_project
from tests.unit.test_cli import run


def test_info_lists_the_agreements(tmp_path: Path) -> None:
    path = tmp_path / "p.cuesheet"
    project = rich_project()
    ProjectFile.create(path, project).close()
    assert json.loads(run("info", path, "--json").stdout)["agreements"] == []
    agreement = ComposerAgreement("Marlow, Ada", "HL-1", "2026-01-10", notes="all score")
    project.agreements[agreement.id] = agreement
    path.unlink()
    ProjectFile.create(path, project).close()
    (listed,) = json.loads(run("info", path, "--json").stdout)["agreements"]
    assert listed == {
        "id": agreement.id, "composer": "Marlow, Ada", "reference": "HL-1", "date": "2026-01-10",
        "covers_all": True, "notes": "all score", "cues": ["1M01"],
    }  # fmt: skip
    assert "Agreements:     1" in run("info", path).stdout
