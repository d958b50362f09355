"""libVLC embedded in the real window on an X display (xvfb-run in CI): what is painted is the playhead."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cuesheet.media import playback
from cuesheet.media.playback import PlaybackUnavailable

TOOL = Path(__file__).resolve().parents[1] / "tools" / "xvfb_playback_check.py"


@pytest.mark.xvfb
@pytest.mark.vlc
def test_vlc_draws_in_the_window_and_the_paused_picture_is_the_playhead(tmp_path: Path) -> None:
    if not os.environ.get("DISPLAY"):
        pytest.skip("skipped: no X display (run the suite under xvfb-run, as ./dev test does)")
    try:
        playback.create_instance(headless=True).release()
    except PlaybackUnavailable:
        pytest.skip("skipped: libVLC missing")
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "CUESHEET_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, str(TOOL), str(tmp_path / "shot")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["unavailable"] is None and facts["playing"] is True
    # While playing, VLC's own picture (read from the screen) is within a quarter second of the clock.
    assert abs(facts["playing_vlc_index"] - facts["playing_clock"]) <= 6, facts
    # Paused, the picture on screen is exactly the playhead's frame.
    assert facts["paused_index"] == facts["paused_playhead"], facts
