"""Films as they are delivered (issue #18 §1, §2, §4): variable-rate, anamorphic, rotated and
interlaced films, and the delivery codecs. Every film is generated here with its frame number
painted into each picture as it is meant to be seen, so each check reads the picture, not the
metadata: a still that is squeezed, on its side or combed reads a wrong number or none."""

from __future__ import annotations

import io
import json
import os
import random
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from cuesheet.domain.timecode import FrameRate
from cuesheet.media.frames import FrameSource
from cuesheet.media.probe import MediaError, probe
from cuesheet.media.still import still
from cuesheet.media.synth import read_index, write_variable_film
from cuesheet.media.synth_delivery import OTHER_FIELD, Delivery, write_delivery
from tests.unit.test_cli import run

NTSC_DF = FrameRate(Fraction(30000, 1001), drop_frame=True)
FILM = FrameRate(Fraction(24000, 1001))


def _png(data: bytes) -> np.ndarray:
    with av.open(io.BytesIO(data), format="png_pipe") as container:
        return next(container.decode(video=0)).to_ndarray(format="rgb24")


# -- the delivery codecs stay exact ----------------------------------------------------------------

CODECS = {
    "HEVC 10-bit MOV": (
        "hevc.mov",
        Delivery("libx265", "yuv420p10le", options={"x265-params": "log-level=error"}),
        FILM,
        "01:00:00:00",
    ),
    "DNxHR MXF": (
        "dnxhr.mxf",
        Delivery("dnxhd", "yuv422p", (640, 360), options={"profile": "dnxhr_sq"}),
        FrameRate(Fraction(25)),
        "10:00:00:00",
    ),
    "DNxHR MOV": (
        "dnxhr.mov",
        Delivery("dnxhd", "yuv422p", (640, 360), options={"profile": "dnxhr_sq"}),
        FrameRate(Fraction(24)),
        "01:00:00:00",
    ),
    "XDCAM MPEG-2 MXF DF": (
        "xdcam.mxf",
        Delivery("mpeg2video", "yuv422p", (640, 360), options={"g": "12", "bf": "2"}),
        NTSC_DF,
        "01:00:00;00",
    ),
    "open-GOP H.264": (
        "open.mp4",
        Delivery(options={"x264-params": "open-gop=1:keyint=12:bframes=3"}),
        FILM,
        "00:59:59:00",
    ),
    "VP9": ("vp9.webm", Delivery("libvpx-vp9"), FrameRate(Fraction(25)), "00:00:00:00"),
    "AV1": ("av1.mkv", Delivery("libsvtav1"), FrameRate(Fraction(24)), "00:00:00:00"),
    "MJPEG": ("mjpeg.mov", Delivery("mjpeg", "yuvj420p"), NTSC_DF, "00:10:00;00"),
    "H.264 in MPEG-TS": ("film.ts", Delivery(options={"bf": "3"}), FrameRate(Fraction(25)), "00:00:00:00"),
    "MPEG-TS, a data stream first": (
        "data.ts",
        Delivery(options={"bf": "3"}, data_first=True),
        FrameRate(Fraction(25)),
        "00:00:00:00",
    ),
}


@pytest.mark.parametrize("name", list(CODECS))
def test_delivery_codecs_give_the_exact_picture_of_every_frame(tmp_path: Path, name: str) -> None:
    file_name, delivery, rate, start = CODECS[name]
    if delivery.codec not in av.codecs_available:
        pytest.skip(f"this PyAV build has no {delivery.codec} encoder to make the film with")
    scheduling = (os.sched_getscheduler(0), os.sched_getparam(0)) if hasattr(os, "sched_getparam") else None
    film = write_delivery(tmp_path / file_name, delivery, 36, rate, start)
    if scheduling is not None:  # SVT-AV1 made this thread real-time, and the test run after it crawl
        assert (os.sched_getscheduler(0), os.sched_getparam(0)) == scheduling
    if delivery.data_first:
        with av.open(str(film)) as container:
            assert container.streams[0].type == "data"
    info = probe(film)
    assert (info.rate, info.duration_frames, info.variable_frame_rate) == (rate, 36, False)
    if not file_name.endswith((".webm", ".mkv", ".ts")):  # containers with a timecode track
        assert info.start_timecode is not None and info.start_timecode.replace(".", ":") == start
    order = list(range(36))
    random.Random(name).shuffle(order)  # random access: every seek lands on the right picture
    with FrameSource(film, rate=info.rate.rate) as source:
        assert {n: read_index(source.rgb(n)) for n in order} == {n: n for n in order}


# -- picture shape -----------------------------------------------------------------------------

ANAMORPHIC = {
    "NTSC 16:9": (Delivery(stored=(720, 480), sample_aspect=Fraction(40, 33)), "40:33", "20:11", (872, 480)),
    "NTSC 4:3": (Delivery(stored=(720, 480), sample_aspect=Fraction(10, 11)), "10:11", "15:11", (654, 480)),
    "PAL 16:9": (Delivery(stored=(720, 576), sample_aspect=Fraction(64, 45)), "64:45", "16:9", (1024, 576)),
    "HDV": (Delivery(stored=(1440, 1080), sample_aspect=Fraction(4, 3)), "4:3", "16:9", (1920, 1080)),
    "scope": (Delivery(stored=(640, 536), sample_aspect=Fraction(2)), "2:1", "160:67", (1280, 536)),
}  # fmt: skip


@pytest.mark.parametrize("name", list(ANAMORPHIC))
def test_anamorphic_films_are_drawn_at_their_display_aspect(tmp_path: Path, name: str) -> None:
    delivery, sample, display, shown = ANAMORPHIC[name]
    film = write_delivery(tmp_path / "anamorphic.mp4", delivery, 6)
    facts = json.loads(run("probe", film, "--json").stdout)
    assert (facts["sample_aspect_ratio"], facts["display_aspect_ratio"]) == (sample, display)
    assert (facts["display_width"], facts["display_height"]) == shown
    assert f"shown {shown[0]}x{shown[1]} (sample aspect {sample})" in run("probe", film).stdout
    with FrameSource(film) as source:
        assert source.size == shown
        picture = source.rgb(4)
        assert picture.shape == (shown[1], shown[0], 3) and read_index(picture) == 4
    data, _ = still(film, "01:00:00:03")
    assert _png(data).shape == (shown[1], shown[0], 3)


@pytest.mark.parametrize("rotation", [90, -90, 180])
def test_rotated_films_are_shown_upright(tmp_path: Path, rotation: int) -> None:
    delivery = Delivery(stored=(640, 360), rotation=rotation)
    film = write_delivery(tmp_path / "phone.mp4", delivery, 8)
    info = probe(film)
    assert info.as_json()["rotation"] == rotation % 360
    shown = delivery.shown
    with FrameSource(film) as source:
        assert source.size == shown
        stored = source.frame(5).to_ndarray(format="rgb24")
        assert read_index(stored) != 5  # as stored, the number is on its side: unreadable
        assert [read_index(source.rgb(n)) for n in (5, 0, 7)] == [5, 0, 7]
        assert read_index(source.rgb(6, shown[0] // 2, shown[1] // 2)) == 6  # scaled for the window
    picture = _png(still(film, "01:00:00:02")[0])
    assert picture.shape[:2] == (shown[1], shown[0]) and read_index(picture) == 2


@pytest.mark.parametrize(("fields", "stored", "sample", "rate"), [
    ("tff", (720, 576), Fraction(1), FrameRate(Fraction(25))),  # PAL and 1080i are top field first
    ("bff", (720, 480), Fraction(10, 11), NTSC_DF),  # NTSC DV is bottom field first
])  # fmt: skip
def test_interlaced_films_show_one_picture_not_two_fields(
    tmp_path: Path, fields: str, stored: tuple[int, int], sample: Fraction, rate: FrameRate
) -> None:
    delivery = Delivery(stored=stored, sample_aspect=sample, fields=fields)
    film = write_delivery(tmp_path / "interlaced.mp4", delivery, 8, rate, "00:00:00:00")
    assert probe(film).as_json()["field_order"] == fields
    first = "top" if fields == "tff" else "bottom"
    assert f"interlaced, {first} field first" in run("probe", film).stdout
    with FrameSource(film) as source:
        woven = source.frame(3).to_ndarray(format="rgb24")
        first, second = (woven[0::2], woven[1::2]) if fields == "tff" else (woven[1::2], woven[0::2])
        # As stored, the two fields are two pictures: this film can show combing.
        assert (read_index(first.repeat(2, 0)), read_index(second.repeat(2, 0))) == (3, 3 + OTHER_FIELD)
        shown = source.rgb(3)
        # Deinterlaced, both sets of lines carry the field shown first.
        assert read_index(shown[0::2].repeat(2, 0)) == read_index(shown[1::2].repeat(2, 0)) == 3
        assert read_index(source.rgb(6, 320, 240)) == 6
    assert read_index(_png(still(film, "00:00:00:05")[0])) == 5


# -- variable frame rate -----------------------------------------------------------------------

# 5 s at 30 frames a second, then 5 s at 24 (in 1/120 s ticks): 270 pictures, average 27 fps.
PHONE_TICKS = [4] * 150 + [5] * 120


@pytest.fixture(scope="module")
def phone_film(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("vfr") / "phone.mp4"
    return write_variable_film(path, PHONE_TICKS, Fraction(1, 120), size=(192, 108))


def _shown_at(seconds: Fraction) -> int:
    """The picture on screen at ``seconds``: the last whose presentation time is not after it."""
    starts = np.cumsum([0, *PHONE_TICKS[:-1]])
    return int(np.searchsorted(starts, seconds * 120, side="right")) - 1


def test_a_variable_rate_film_runs_at_the_standard_rate_most_frames_have(phone_film: Path) -> None:
    info = probe(phone_film)
    assert info.variable_frame_rate is True
    assert info.rate == FrameRate(Fraction(30))  # not its average, 27
    assert FrameRate.parse(info.rate.ratio) == info.rate
    assert info.duration_frames == 300  # 10 s at 30


def test_a_timecode_is_a_moment_in_a_variable_rate_film(phone_film: Path) -> None:
    data, frame = still(phone_film, "00:00:05:00")
    assert frame == 150 and read_index(_png(data)) == _shown_at(Fraction(5)) == 150
    data, _ = still(phone_film, "00:00:05:24")  # 5.8 s: 19.2 pictures into the 24 fps part
    assert read_index(_png(data)) == _shown_at(Fraction(58, 10)) == 169
    with FrameSource(phone_film, rate=Fraction(30)) as source:
        assert source.frame_count == 300
        frames = list(range(300))
        random.Random(3).shuffle(frames)
        shown = {n: read_index(source.rgb(n)) for n in frames[:80]}
        assert shown == {n: _shown_at(Fraction(n, 30)) for n in frames[:80]}
        # Stepping through the 24 fps part: a picture is held for a frame every fourth step.
        assert [read_index(source.rgb(n)) for n in range(150, 160)] == [
            _shown_at(Fraction(n, 30)) for n in range(150, 160)
        ]


def test_a_project_is_made_from_a_variable_rate_film_at_its_standard_rate(
    phone_film: Path, tmp_path: Path
) -> None:
    project = tmp_path / "promo.cuesheet"
    result = run("new", project, "--title", "Promo", "--media", phone_film)
    assert result.returncode == 0, result.stderr
    facts = json.loads(run("info", project, "--json").stdout)
    assert facts["rate"] == "30/1"
    assert "variable frame rate" in run("probe", phone_film).stdout


# -- found by trying odd and hostile films ------------------------------------------------------


def _check_moments(film: Path, ticks: list[int], time_base: Fraction, frames: list[int]) -> FrameSource:
    """Each frame shows the picture on screen at its moment at probe's rate; probe's length and
    the pictures' frame count agree."""
    info = probe(film)
    rate = info.rate.rate
    starts = np.cumsum([0, *ticks[:-1]])
    with FrameSource(film, rate=rate) as source:
        assert source.frame_count == info.duration_frames
        for frame in frames:
            moment = Fraction(frame) / rate / time_base
            expected = int(np.searchsorted(starts, moment, side="right")) - 1
            assert (frame, read_index(source.rgb(frame))) == (frame, expected)
    return source


def test_a_last_picture_held_for_seconds_is_the_end_of_the_film_not_a_truncation(tmp_path: Path) -> None:
    ticks = [3000] * 59 + [180000]  # 2 s at 30 fps, the last picture held 2 s (1/90000 s ticks)
    film = write_variable_film(tmp_path / "recording.mp4", ticks, Fraction(1, 90000), size=(128, 72))
    info = probe(film)
    assert (info.rate.rate, info.variable_frame_rate, info.duration_frames) == (30, True, 119)
    _check_moments(film, ticks, Fraction(1, 90000), [0, 58, 59, 60, 118])


def test_moments_in_a_time_base_of_milliseconds_show_every_picture(tmp_path: Path) -> None:
    ticks = [4] * 60 + [5] * 48  # stored by Matroska in milliseconds: 1/30 s is 33 or 34 ms
    film = write_variable_film(tmp_path / "screen.mkv", ticks, Fraction(1, 120), size=(128, 72))
    assert probe(film).rate.rate == 30
    with FrameSource(film, rate=Fraction(30)) as source:
        assert [read_index(source.rgb(n)) for n in range(60)] == list(range(60))  # none skipped


def test_dropped_frames_in_a_time_base_of_one_frame_are_seen(tmp_path: Path) -> None:
    ticks = ([1] * 8 + [2]) * 25  # a 25 fps capture in AVI's 1/25 s that dropped every tenth frame
    film = write_variable_film(tmp_path / "capture.avi", ticks, Fraction(1, 25), (128, 72), "mpeg4")
    info = probe(film)
    assert (info.rate.rate, info.variable_frame_rate) == (25, True)
    _check_moments(film, ticks, Fraction(1, 25), [0, 9, 10, 100, 200, info.duration_frames - 1])


def test_a_steady_rate_no_camera_uses_is_not_variable(tmp_path: Path) -> None:
    film = write_variable_film(tmp_path / "slides.mp4", [8] * 50, Fraction(1, 100), size=(128, 72))
    info = probe(film)
    assert (info.rate.rate, info.variable_frame_rate, info.duration_frames) == (Fraction(25, 2), False, 50)


def test_a_short_variable_film_is_not_counted_twice(tmp_path: Path) -> None:
    ticks = [4] * 60 + [5] * 47  # more pictures at 1/30 s; the middle of the film is in the opening
    film = write_variable_film(tmp_path / "short.mp4", ticks, Fraction(1, 120), size=(128, 72))
    assert probe(film).rate.rate == 30
    _check_moments(film, ticks, Fraction(1, 120), list(range(0, 60, 7)))


def test_a_transport_stream_cut_inside_a_gop_still_shows_its_pictures(tmp_path: Path) -> None:
    whole = write_delivery(tmp_path / "whole.ts", Delivery(options={"bf": "3", "g": "12"}), 48)
    cut = tmp_path / "cut.ts"
    cut.write_bytes(whole.read_bytes()[188 * 40 :])  # as a recorder starts mid-stream: no first keyframe
    with FrameSource(cut) as source:  # its first picture cannot decode: that refused the whole film
        assert read_index(source.rgb(source.frame_count - 1)) == 47
        with pytest.raises(MediaError) as refused:
            source.rgb(0)
        assert "\n" not in str(refused.value)


def test_a_matroska_film_whose_sound_runs_longer_is_as_long_as_its_picture(tmp_path: Path) -> None:
    from cuesheet.media.synth import write_film

    rate = FrameRate(Fraction(25))
    film = write_film(tmp_path / "cut.mkv", 4, rate, size=(128, 72), audio_seconds=5)  # Matroska
    info = probe(film)  # states only the file's length, the sound's 5 s
    with FrameSource(film) as source:
        assert info.duration_frames == source.frame_count == 100
        assert read_index(source.rgb(99)) == 99


def test_a_picture_too_large_to_show_is_refused_in_one_line_before_decoding(tmp_path: Path) -> None:
    film = write_delivery(tmp_path / "wide.mkv", Delivery("ffv1", "yuv420p", (8200, 16)), 2)
    result = run("probe", film)
    assert result.returncode != 0 and result.stderr.strip().count("\n") == 0
    assert "8200x16" in result.stderr and "8192" in result.stderr
    with pytest.raises(MediaError):
        FrameSource(film)
