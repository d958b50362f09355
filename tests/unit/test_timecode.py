from __future__ import annotations

from fractions import Fraction

import pytest

from cuesheet.domain.timecode import (
    FrameRate,
    TimecodeError,
    format_timecode,
    frames_to_ms,
    frames_to_seconds,
    ms_to_frames,
    parse_timecode,
    seconds_to_frames,
)

ALL_RATES = ["23.976", "24", "25", "29.97", "29.97df", "30", "48", "50", "59.94", "59.94df", "60"]


@pytest.mark.parametrize(
    ("text", "rate", "drop"),
    [
        ("23.976", Fraction(24000, 1001), False),
        ("23.98", Fraction(24000, 1001), False),
        ("24000/1001", Fraction(24000, 1001), False),
        ("24", Fraction(24), False),
        ("25", Fraction(25), False),
        ("29.97", Fraction(30000, 1001), False),
        ("29.97df", Fraction(30000, 1001), True),
        ("29.97 DF", Fraction(30000, 1001), True),
        ("29.97 NDF", Fraction(30000, 1001), False),
        ("30", Fraction(30), False),
        ("48", Fraction(48), False),
        ("50", Fraction(50), False),
        ("59.94", Fraction(60000, 1001), False),
        ("59.94df", Fraction(60000, 1001), True),
        ("60", Fraction(60), False),
        (" 25 fps ", Fraction(25), False),
        ("30000/1001 df", Fraction(30000, 1001), True),
    ],
)
def test_frame_rate_parse(text: str, rate: Fraction, drop: bool) -> None:
    parsed = FrameRate.parse(text)
    assert parsed.rate == rate
    assert parsed.drop_frame is drop


@pytest.mark.parametrize("text", ["23.976df", "24 DF", "25df", "30df", "60 df", "50df"])
def test_drop_frame_refused_where_it_does_not_exist(text: str) -> None:
    with pytest.raises(TimecodeError, match="drop-frame timecode does not exist"):
        FrameRate.parse(text)


@pytest.mark.parametrize("text", ["", "abc", "0", "-24", "24/0", "29.5", "1e9"])
def test_garbage_rates_refused(text: str) -> None:
    with pytest.raises(TimecodeError):
        FrameRate.parse(text)


def test_rate_labels_and_ratio() -> None:
    assert str(FrameRate.parse("29.97df")) == "29.97 DF"
    assert str(FrameRate.parse("23.976")) == "23.976"
    assert FrameRate.parse("59.94").ratio == "60000/1001"
    assert FrameRate.parse("25").ratio == "25/1"
    assert FrameRate.parse("23.976").nominal == 24


# Known-good vectors (../shared/guide/domain.md §7).
@pytest.mark.parametrize(
    ("rate", "frame", "label"),
    [
        ("29.97df", 1800, "00:01:00;02"),
        ("29.97df", 17982, "00:10:00;00"),
        ("29.97df", 107892, "01:00:00;00"),
        ("29.97df", 1084319, "10:03:00;05"),
        ("59.94df", 3600, "00:01:00;04"),
        ("59.94df", 215784, "01:00:00;00"),
        ("24", 86400, "01:00:00:00"),
        ("23.976", 86400, "01:00:00:00"),
        ("25", 90000, "01:00:00:00"),
        ("29.97df", 1799, "00:00:59;29"),
    ],
)
def test_known_vectors(rate: str, frame: int, label: str) -> None:
    fr = FrameRate.parse(rate)
    assert format_timecode(frame, fr) == label
    assert parse_timecode(label, fr) == frame


def test_parse_accepts_usual_forms() -> None:
    df = FrameRate.parse("29.97df")
    assert parse_timecode("1:00:00:00", FrameRate.parse("24")) == 86400
    assert parse_timecode("  01:00:00:00 ", FrameRate.parse("24")) == 86400
    assert parse_timecode("01:00:00:00", df) == parse_timecode("01:00:00;00", df) == 107892
    assert parse_timecode("-00:00:01:00", FrameRate.parse("25")) == -25


@pytest.mark.parametrize(
    ("text", "rate", "reason"),
    [
        ("garbage", "24", "not a timecode"),
        ("01:00:00", "24", "not a timecode"),
        ("01-00-00-00", "24", "not a timecode"),
        ("00:60:00:00", "24", "minutes must be below 60"),
        ("00:00:60:00", "24", "seconds must be below 60"),
        ("00:00:00:24", "24", "frames must be below 24"),
        ("00:00:00:25", "25", "frames must be below 25"),
        ("00:00:00:30", "29.97", "frames must be below 30"),
        ("00:01:00;00", "29.97df", "does not exist"),
        ("00:01:00;01", "29.97df", "does not exist"),
        ("00:01:00;03", "59.94df", "does not exist"),
    ],
)
def test_parse_rejects_with_reason(text: str, rate: str, reason: str) -> None:
    with pytest.raises(TimecodeError, match=reason):
        parse_timecode(text, FrameRate.parse(rate))


@pytest.mark.parametrize("rate_text", ["100", "119.88", "120"])
def test_high_frame_rates_label_every_frame_alike_and_read_them_back(rate_text: str) -> None:
    """Above 100 fps a frame number takes three digits, for every frame (labels sort as text);
    two digits are read too, and a frame past the second is refused."""
    rate = FrameRate.parse(rate_text)
    start = 3600 * rate.nominal
    labels = [format_timecode(frame, rate) for frame in range(start, start + 2 * rate.nominal)]
    assert [parse_timecode(label, rate) for label in labels] == list(range(start, start + 2 * rate.nominal))
    assert labels == sorted(labels) and len(set(map(len, labels))) == 1
    if rate.nominal > 100:
        assert labels[119] == "01:00:00:119" and labels[7] == "01:00:00:007"
        assert parse_timecode("01:00:00:07", rate) == start + 7
    with pytest.raises(TimecodeError, match=f"frames must be below {rate.nominal}"):
        parse_timecode(f"01:00:00:{rate.nominal}", rate)


def test_drop_frame_tenth_minute_labels_exist() -> None:
    df = FrameRate.parse("29.97df")
    assert parse_timecode("00:10:00;00", df) == 17982
    assert parse_timecode("00:01:00;02", df) == 1800


def test_negative_and_beyond_24_hours() -> None:
    fr = FrameRate.parse("24")
    assert format_timecode(-1, fr) == "-00:00:00:01"
    assert parse_timecode("-00:00:00:01", fr) == -1
    assert format_timecode(-86400, fr) == "-01:00:00:00"
    beyond = 25 * 3600 * 24 + 5
    assert format_timecode(beyond, fr) == "25:00:00:05"
    assert parse_timecode("25:00:00:05", fr) == beyond
    df = FrameRate.parse("29.97df")
    day = parse_timecode("23:59:59;29", df) + 1
    assert format_timecode(day, df) == "24:00:00;00"  # no wrap at 24 h
    assert format_timecode(day * 2, df) == "48:00:00;00"


def test_seconds_and_milliseconds_are_exact() -> None:
    fr = FrameRate.parse("23.976")
    assert frames_to_seconds(24, fr) == Fraction(1001, 1000)
    assert seconds_to_frames(Fraction(1001, 1000), fr) == 24
    assert seconds_to_frames("20.02", fr) == 480
    assert ms_to_frames(20020, fr) == 480
    assert ms_to_frames(20, fr) == 0  # 0.48 of a frame → nearest is 0
    assert ms_to_frames(21, fr) == 1  # 0.503 of a frame → 1
    assert frames_to_ms(480, fr) == 20020
    df = FrameRate.parse("29.97df")
    assert frames_to_seconds(107892, df) == Fraction(107892 * 1001, 30000)


def _labels_in_a_day(rate: FrameRate) -> int:
    """Frames whose labels run from 00:00:00:00 to the last frame of 23:59:59."""
    last = f"23:59:59{';' if rate.drop_frame else ':'}{rate.nominal - 1:02d}"
    return parse_timecode(last, rate) + 1


@pytest.mark.slow
@pytest.mark.parametrize("rate_text", ["23.976", "24", "25", "29.97", "29.97df", "59.94df"])
def test_every_frame_of_24_hours_round_trips(rate_text: str) -> None:
    rate = FrameRate.parse(rate_text)
    count = _labels_in_a_day(rate)
    failures = []
    previous = ""
    for frame in range(count):
        label = format_timecode(frame, rate)
        if parse_timecode(label, rate) != frame or label <= previous:
            failures.append((frame, label))
            if len(failures) > 5:
                break
        previous = label
    assert not failures, failures
    assert previous.startswith("23:59:59")


def test_drop_frame_day_lengths() -> None:
    assert _labels_in_a_day(FrameRate.parse("29.97df")) == 2589408
    assert _labels_in_a_day(FrameRate.parse("59.94df")) == 5178816
    assert _labels_in_a_day(FrameRate.parse("29.97")) == 2592000


@pytest.mark.parametrize("rate_text", ALL_RATES)
def test_agrees_with_opentimelineio_where_it_is_right(rate_text: str) -> None:
    """OTIO's opentime is the oracle, except in the last second before 24 h of *real* time, where
    it wraps (early for 29.97/59.94 NDF, at 23:58:33:18); our labels never wrap."""
    ot = pytest.importorskip("opentimelineio.opentime")
    rate = FrameRate.parse(rate_text)
    fps = float(rate.rate)
    real_day = int(86400 * rate.rate) - rate.nominal
    stride = 101
    checked = 0
    for frame in [*range(0, real_day, stride), real_day - 1]:
        ours = format_timecode(frame, rate)
        assert ot.to_timecode(ot.RationalTime(frame, fps), fps, rate.drop_frame) == ours, frame
        assert round(ot.from_timecode(ours, fps).value) == frame, ours
        checked += 1
    assert checked > 20000
