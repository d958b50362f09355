"""Probe: exact facts of generated clips, and a one-line refusal of every broken file within 5 s."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from cuesheet.domain.timecode import FrameRate
from cuesheet.media.probe import MediaError, probe
from tests.media.conftest import Clip
from tests.unit.test_cli import assert_one_line_error, run


def test_probe_reads_rate_start_and_length(clip: Clip) -> None:
    info = probe(clip.path)
    rate = FrameRate.parse(clip.rate)
    assert info.rate == rate
    assert info.rate.drop_frame is rate.drop_frame
    assert info.start_timecode == clip.start_tc
    assert info.duration_frames == clip.frames
    assert (info.width, info.height, info.video_codec) == (192, 108, "h264")
    assert [(a.channels, a.sample_rate) for a in info.audio_streams] == [(2, 48000)]
    assert info.variable_frame_rate is False


def test_probe_json_contract(clip: Clip) -> None:
    result = run("probe", clip.path, "--json")
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    contract = {"rate", "drop_frame", "start_timecode", "duration_frames", "width", "height", "video_codec"}
    assert contract | {"audio_streams"} <= set(facts)
    rate = FrameRate.parse(clip.rate)
    assert facts["rate"] == rate.ratio and facts["drop_frame"] is rate.drop_frame
    assert facts["start_timecode"] == clip.start_tc and facts["duration_frames"] == clip.frames
    assert isinstance(facts["audio_streams"], list) and facts["audio_streams"][0]["channels"] == 2


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty", "is an empty file"),
        ("random", "not a playable film"),
        ("text", "has no video stream"),  # FFmpeg reads WebVTT as a subtitle stream
        ("truncated", "not a playable film"),
        ("truncated_faststart", "is truncated"),
        ("unsupported", "video codec not supported"),
        ("no_video", "has no video stream"),
        ("folder", "is a folder, not a film"),
        ("missing", "no such file"),
    ],
)
def test_broken_files_are_refused_in_one_line(broken: dict[str, Path], name: str, message: str) -> None:
    with pytest.raises(MediaError, match=message):
        probe(broken[name])
    started = time.monotonic()
    result = run("probe", broken[name])
    assert time.monotonic() - started < 5
    assert_one_line_error(result, message)
