"""A long CSV import shows how far it has read in the status bar (the import job's progress)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.unit.test_cue_sheet_csv import _sheet


def test_csv_import_reports_progress(open_window, qtbot, project_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = tmp_path / "long sheet.csv"
    sheet.write_bytes(_sheet(6_000))
    window = open_window(project_path)
    messages: list[str] = []
    window.imports.status.connect(messages.append)
    with qtbot.waitSignal(window.imports.finished, timeout=60_000):
        window.imports.import_csv(sheet)
    percents = [
        int(m.group(1)) for m in map(re.compile(r"Reading long sheet\.csv… (\d+) %").fullmatch, messages) if m
    ]
    assert len(percents) >= 3 and percents == sorted(percents), messages
    assert messages[-1] == "Imported 6000 cues from long sheet.csv"
