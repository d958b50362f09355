"""Every editor's file in ../shared/samples (skipped when absent) is read at its own rate, or refused for
a reason the user can act on: nothing else, and never an unexpected error."""

from __future__ import annotations

from pathlib import Path

import pytest

from cuesheet.domain.edit import TimelineError
from cuesheet.domain.timecode import FrameRate
from cuesheet.domain.timeline_cues import choose_tracks, plan_cues
from cuesheet.interchange.timelines import read_timeline

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
KINDS = (".aaf", ".xml", ".fcpxml", ".edl", ".txt", ".otio")
RATES = [FrameRate.parse(r) for r in ("23.976", "24", "25", "29.97", "29.97df", "30", "50", "59.94", "60")]
# What a file may rightly be refused for: the user is told what to export instead.
ACTIONABLE = ("holds no project", "Include Track EDLs", "is not exact to the frame")


def samples() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    return sorted(
        p for p in SAMPLES.iterdir() if p.suffix.lower() in KINDS and not p.name.startswith("LICENSE")
    )


@pytest.mark.skipif(not samples(), reason="../shared/samples is not here (the real editors' files)")
@pytest.mark.parametrize("path", samples(), ids=lambda p: p.name[:60])
def test_each_sample_reads_or_says_what_to_export(path: Path) -> None:
    reasons = []
    for rate in RATES:
        try:
            timeline = read_timeline(path, rate)
        except TimelineError as error:
            reasons.append(str(error))
            continue
        assert all(c.record_out >= c.record_in for t in timeline.tracks for c in t.clips)
        plan = plan_cues(timeline, choose_tracks(timeline))  # a markers-only project plans no cue
        assert all(c.end > c.start for c in plan.cues)
        return
    other = [r for r in reasons if "fps and the project at" not in r and "counts" not in r]
    assert other and all(any(a in r for a in ACTIONABLE) for r in other), reasons[:3]
