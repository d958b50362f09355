"""The documented bounds: refused in bounded time, with a message that names the field."""

from decimal import Decimal
from fractions import Fraction

import pytest

from cuesheet.domain.limits import (
    TEXT_MAX,
    BoundsError,
    check_text,
    clamp_frame,
    max_frames,
    parse_bounded_decimal,
)
from cuesheet.domain.timecode import FrameRate, TimecodeError


@pytest.mark.parametrize(
    "text", ["1e999999", "NaN", "Infinity", "-1", "101", "1" * 41, "33.33333", "", "0x10"]
)
def test_decimals_outside_the_bounds_are_refused(text):
    with pytest.raises(BoundsError, match="share"):
        parse_bounded_decimal(text, "share", Decimal(100))


@pytest.mark.parametrize(
    ("text", "value"), [("50", "50"), (" 33.3333 ", "33.3333"), (".5", "0.5"), ("-0", "0")]
)
def test_plain_decimals_within_the_bounds_are_read(text, value):
    assert parse_bounded_decimal(text, "share", Decimal(100)) == Decimal(value)


@pytest.mark.parametrize(
    "stored", ["1e50000000", "1/1000000", "1/0", "999999999/1", "25", "", "24000/1001/1"]
)
def test_stored_rates_are_read_with_the_limits_of_parse(stored):
    with pytest.raises(TimecodeError):
        FrameRate.from_ratio(stored)


def test_stored_rates_round_trip():
    for rate in (
        FrameRate(Fraction(24000, 1001)),
        FrameRate(Fraction(30000, 1001), True),
        FrameRate(Fraction(25)),
    ):
        assert FrameRate.from_ratio(rate.ratio, rate.drop_frame) == rate


def test_text_and_frames_are_bounded():
    assert check_text("x" * TEXT_MAX, "title") == "x" * TEXT_MAX
    with pytest.raises(BoundsError, match="title is 501 characters"):
        check_text("x" * (TEXT_MAX + 1), "title")
    limit = max_frames(Fraction(24))
    assert clamp_frame(10**20, Fraction(24)) == limit
    assert clamp_frame(-(10**20), Fraction(24)) == -limit
