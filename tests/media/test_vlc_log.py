"""libVLC's messages reach Python logging, rate-limited, and the process's stderr stays quiet."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cuesheet.media import playback
from cuesheet.media.playback import PlaybackUnavailable
from cuesheet.media.synth import write_film
from cuesheet.media.vlc_log import RateLimit, emit

# A player whose sound goes to ALSA, on a machine with no sound card (or none ALSA can open here):
# libVLC and ALSA's library report the failure again for every block of sound, for as long as it plays.
PLAYER = textwrap.dedent(
    """
    import json, logging, sys, time
    from pathlib import Path
    from cuesheet.media import playback, vlc_log
    from cuesheet.media.playback import VlcPlayback

    records = []
    class Keep(logging.Handler):
        def emit(self, record):
            records.append((record.name, record.levelname, record.getMessage()))
    logging.getLogger("cuesheet").addHandler(Keep())
    logging.getLogger("cuesheet").propagate = False
    vlc_log._limit.window_s = 1.0  # a short window: a 3 s run shows held counts while playing
    arguments = playback.vlc_arguments
    playback.vlc_arguments = lambda headless: [
        a for a in arguments(headless) if a != "--aout=dummy"] + ["--aout=alsa"]
    player = VlcPlayback(headless=True)
    player.load(Path(sys.argv[1]))
    player.play()
    time.sleep(3)
    player.close()
    print(json.dumps(records))
    """
)


@pytest.fixture(scope="module")
def film(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_film(tmp_path_factory.mktemp("log") / "film.mp4", 4, size=(64, 36))


@pytest.mark.vlc
def test_a_failing_sound_output_does_not_flood_stderr(film: Path, tmp_path: Path) -> None:
    try:
        playback.create_instance(headless=True).release()
    except PlaybackUnavailable as error:
        pytest.skip(f"skipped: libVLC missing ({error})")
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", PLAYER, str(film)], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr[-2000:]
    records = json.loads(result.stdout.strip().splitlines()[-1])
    failed = any("audio output" in r[2] or r[0] == "cuesheet.alsa" for r in records)
    if not failed and "audio output error" not in result.stderr and "ALSA lib" not in result.stderr:
        pytest.skip("skipped: the ALSA output worked here (a sound card?), so nothing failed to log")
    lines = result.stderr.splitlines()
    assert len(lines) <= 3, f"{len(lines)} lines on stderr, e.g. {lines[:5]}"
    assert all(level in ("WARNING", "ERROR") for _, level, _ in records)
    assert any("suppressed" in message for _, _, message in records)
    # Bounded: 5 lines per source per 1 s window over 3 s, plus the held counts.
    sources = {message.split(":")[0] for _, _, message in records}
    assert len(records) <= len(sources) * (5 + 1) * 4, records


def test_rate_limit_holds_then_reports_the_count() -> None:
    now = [0.0]
    limit = RateLimit(lines=2, window_s=60.0, clock=lambda: now[0])
    assert [limit.admit("alsa") for _ in range(5)] == [
        (True, 0),
        (True, 0),
        (False, 0),
        (False, 0),
        (False, 0),
    ]
    assert limit.admit("main") == (True, 0)  # each source has its own budget
    now[0] = 61.0
    assert limit.admit("alsa") == (True, 3)  # a new window: the 3 held are reported once
    assert limit.admit("alsa") == (True, 0)
    limit.admit("alsa")
    assert limit.drain() == {"alsa": 1} and limit.drain() == {}


def test_emit_logs_the_held_count_before_the_next_line(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    limit = RateLimit(lines=1, window_s=10.0, clock=lambda: now[0])
    logger = logging.getLogger("cuesheet.vlc")
    with caplog.at_level(logging.WARNING, logger="cuesheet.vlc"):
        for _ in range(4):
            emit(logger, logging.ERROR, "alsa", "cannot open ALSA device", limit)
        now[0] = 10.0
        emit(logger, logging.ERROR, "alsa", "cannot open ALSA device", limit)
    assert [r.getMessage() for r in caplog.records] == [
        "alsa: cannot open ALSA device",
        "alsa: suppressed 3 similar messages",
        "alsa: cannot open ALSA device",
    ]


@pytest.mark.vlc
def test_doctor_shows_what_libvlc_said_while_playing(film: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cuesheet.doctor import play
    from cuesheet.media import vlc_log

    monkeypatch.setattr(vlc_log, "_limit", RateLimit())  # players earlier in this session used the budget

    try:
        playback.create_instance(headless=True).release()
    except PlaybackUnavailable as error:
        pytest.skip(f"skipped: libVLC missing ({error})")
    report = play(film)
    # Every generated film has a timecode track, which libVLC's mp4 reader warns it cannot read.
    assert any(line.startswith("warning: mp4:") for line in report["vlc_messages"]), report
