"""The frame source shows exactly the requested frame: read back from the index painted in it."""

from __future__ import annotations

import random
from pathlib import Path

import av
import pytest

from cuesheet.domain.timecode import FrameRate, format_timecode, parse_timecode
from cuesheet.media.frames import FrameSource
from cuesheet.media.probe import MediaError
from cuesheet.media.synth import read_index
from tests.media.conftest import Clip
from tests.unit.test_cli import assert_one_line_error, run


def test_every_frame_in_random_order_is_exact(clip: Clip) -> None:
    order = list(range(clip.frames))
    random.Random(7).shuffle(order)
    with FrameSource(clip.path) as source:
        assert source.frame_count == clip.frames
        shown = {n: read_index(source.rgb(n)) for n in order}
    assert shown == {n: n for n in order}


def test_stepping_backward_and_forward(clip: Clip) -> None:
    with FrameSource(clip.path) as source:
        start = clip.frames // 2
        assert [read_index(source.rgb(n)) for n in range(start, start - 30, -1)] == list(
            range(start, start - 30, -1)
        )
        decoded = source.decoded_count
        assert [read_index(source.rgb(n)) for n in range(start - 29, start + 1)] == list(
            range(start - 29, start + 1)
        )
        assert source.decoded_count == decoded  # stepping back over them again: all from the cache


def test_stepping_forward_decodes_one_frame_per_step(clip: Clip) -> None:
    with FrameSource(clip.path) as source:
        source.rgb(10)
        decoded = source.decoded_count
        for n in range(11, 41):
            assert read_index(source.rgb(n)) == n
        # Thirty steps, thirty decodes (plus at most the B-frame reorder delay): no re-seeking.
        assert source.decoded_count - decoded <= 32


def test_small_cache_still_exact(clip: Clip) -> None:
    with FrameSource(clip.path, cache_bytes=1) as source:
        for n in (clip.frames - 1, 0, clip.frames // 3, clip.frames // 3 - 1, 5):
            assert read_index(source.rgb(n)) == n


def test_scaled_picture(clip: Clip) -> None:
    with FrameSource(clip.path) as source:
        assert source.rgb(3, width=96, height=54).shape == (54, 96, 3)


def test_outside_the_film(clip: Clip) -> None:
    with FrameSource(clip.path) as source, pytest.raises(MediaError, match="outside the film"):
        source.frame(clip.frames)


def test_still_writes_the_exact_frame(clip: Clip, tmp_path: Path) -> None:
    rate = FrameRate.parse(clip.rate)
    wanted = 61
    timecode = format_timecode(parse_timecode(clip.start_tc, rate) + wanted, rate)
    out = tmp_path / "still.png"
    result = run("still", clip.path, "--at", timecode, "-o", out)
    assert result.returncode == 0, result.stderr
    with av.open(str(out)) as png:
        picture = next(png.decode(video=0)).to_ndarray(format="rgb24")
    assert picture.shape == (108, 192, 3)
    assert read_index(picture) == wanted


def test_still_refuses_impossible_and_outside_timecodes(clip: Clip, tmp_path: Path) -> None:
    out = tmp_path / "x.png"
    assert_one_line_error(run("still", clip.path, "--at", "01:00:00:99", "-o", out), "frames must be below")
    assert_one_line_error(run("still", clip.path, "--at", "23:00:00:00", "-o", out), "is outside the film")
    assert not out.exists()
