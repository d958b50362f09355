"""``cuesheet doctor`` and ``cuesheet screenshot``: what the packaged app's smoke test relies on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cuesheet.media.playback import PlaybackUnavailable, create_instance
from tests.unit.test_cli import assert_one_line_error, run


def _vlc_or_skip() -> None:
    try:
        create_instance(headless=True).release()
    except PlaybackUnavailable as error:
        pytest.skip(f"skipped: libVLC missing ({error})")


def test_doctor_plays_a_film_and_says_where_libvlc_came_from(short_film: Path) -> None:
    _vlc_or_skip()
    result = run("doctor", "--json", "--play", short_film)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["libvlc"]["version"].startswith("3.")
    assert Path(report["libvlc"]["library"]).name.startswith("libvlc.so")
    assert report["playback"]["played_ms"] >= 1000
    assert any("vlc" in folder for folder in report["vlc_folders"])  # the plugins that played it
    assert report["bundled"] is False and "CS-Sans" in report["pdf_fonts"]


def test_doctor_refuses_a_film_that_is_not_there(tmp_path: Path) -> None:
    _vlc_or_skip()
    assert_one_line_error(run("doctor", "--play", tmp_path / "gone.mp4"), "gone.mp4: no such file")


def test_screenshot_of_the_window(tmp_path: Path, short_film: Path) -> None:
    project = tmp_path / "shot.cuesheet"
    assert run("new", project, "--title", "Shot", "--media", short_film).returncode == 0
    shot = run("screenshot", project, "-o", tmp_path / "window.png")
    assert shot.returncode == 0, shot.stderr
    assert shot.stdout.startswith("Window shown ") and (tmp_path / "window.png").stat().st_size > 10_000
    shown = float(shot.stdout.split()[2])
    assert 0 < shown < 10
    assert int(shot.stdout.split()[6]) > 0  # font families: labels are not boxes
    assert_one_line_error(
        run("screenshot", tmp_path / "none.cuesheet", "-o", tmp_path / "x.png"), "no such file"
    )
