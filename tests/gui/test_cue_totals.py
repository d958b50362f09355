"""The window's total music under the cue list: the sum of the printed lines, per usage code too,
updated after each edit (issue #11)."""

from __future__ import annotations

from pathlib import Path

from cuesheet.domain.commands import AddCues, EditCue
from cuesheet.domain.cue import Cue
from cuesheet.domain.rights import Work
from cuesheet.domain.usage import UsageCode
from cuesheet.ui import cue_table


def test_the_total_under_the_cue_list_adds_up_the_printed_lines(  # type: ignore[no-untyped-def]
    open_window, project_path: Path, qtbot, monkeypatch
) -> None:
    window = open_window(project_path)
    project = window.session.project
    rate = project.production.rate.nominal
    length = rate + rate // 5 + 1  # just over 1.2 s: prints 0:02 (rounding up); 20 of them are 24.x s
    start = project.production.start_frame + rate
    works = [Work(f"Sting {i}") for i in range(20)]
    cues = [Cue(start + i * 2 * rate, start + i * 2 * rate + length, w.id, f"1M{i + 1:02d}")
            for i, w in enumerate(works)]  # fmt: skip
    calls = []
    real = cue_table.Sheet.rebuild
    monkeypatch.setattr(cue_table.Sheet, "rebuild", lambda *a: calls.append(1) or real(*a))
    label = window.cue_table.totals
    window.session.execute(AddCues(cues, works))
    qtbot.waitUntil(lambda: "in 20 cues" in label.text(), timeout=5000)
    assert label.isVisible()
    assert "Total music 0:40 in 20 cues" in label.text()  # not 0:25, the frames rounded once
    assert "BI 0:40" in label.text() and "VV 0:00" in label.text()
    assert "music 0:40" in window.summary.text()  # the header above the picture agrees
    computed = len(calls)
    for _ in range(5):  # painting does not recompute
        window.cue_table.table.viewport().repaint()
    assert len(calls) == computed
    window.session.execute(EditCue(cues[0].id, usage_override=UsageCode.VV))
    qtbot.waitUntil(lambda: "VV 0:02" in label.text(), timeout=5000)
    assert "BI 0:38" in label.text() and "Total music 0:40 in 20 cues" in label.text()
    assert len(calls) == computed == 0  # kept in step, never rebuilt, for a small edit
