"""How often a film's pictures come (media.cadence) and a picture's shape from hostile values."""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace

import pytest

from cuesheet.media.cadence import Moments, standard_rate, usual_rate
from cuesheet.media.picture_shape import shape_of


@pytest.mark.parametrize(
    ("ticks", "time_base", "rate"),
    [
        ([4] * 90 + [5] * 72, Fraction(1, 120), Fraction(30)),  # more frames at 1/30 s
        ([4] * 40 + [5] * 72, Fraction(1, 120), Fraction(24)),  # more at 1/24 s
        ([4, 5] * 40, Fraction(1, 120), Fraction(30)),  # a tie: the shorter, no picture skipped
        ([33, 34, 33] * 30 + [200], Fraction(1, 1000), Fraction(30)),  # 1/30 s in milliseconds
        ([1001] * 50, Fraction(1, 30000), Fraction(30000, 1001)),
        ([3750] * 50 + [9000], Fraction(1, 90000), Fraction(24)),  # one frame held
        ([6000] * 50, Fraction(1, 90000), Fraction(15)),  # a 15 fps screen recording
        ([10**15] * 3, Fraction(1, 90000), Fraction(1)),  # absurd: still a rate a project can have
    ],
)
def test_the_usual_rate_is_the_standard_rate_most_frames_have(
    ticks: list[int], time_base: Fraction, rate: Fraction
) -> None:
    stamps = [sum(ticks[:n]) for n in range(len(ticks) + 1)]
    assert usual_rate([stamps], time_base) == rate


def test_no_rate_without_two_pictures() -> None:
    assert usual_rate([[5]], Fraction(1, 90000)) is None
    assert usual_rate([[5, 5, 5]], Fraction(1, 90000)) is None


def test_standard_rates() -> None:
    assert standard_rate(Fraction(2997, 100)) == Fraction(30000, 1001)
    assert standard_rate(Fraction(305, 10)) == 30
    assert standard_rate(Fraction(1, 10**9)) == 1 and standard_rate(Fraction(10**9)) == 120


def test_moments_name_the_picture_on_screen() -> None:
    pts = [0, 4, 8, 13, 18, 58]  # 1/120 s ticks: 30 fps, then 24, then one held a third of a second
    moments = Moments(pts, Fraction(1, 120), Fraction(30))
    assert [moments.picture_at(n) for n in range(16)] == [0, 1, 2, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5]
    assert moments.frame_count == 25  # the last picture lasts as long as the one before it


def test_a_shape_from_hostile_values_is_a_plain_picture() -> None:
    stream = SimpleNamespace(
        codec_context=SimpleNamespace(
            width=640, height=360, sample_aspect_ratio=Fraction(10**9), field_order=99
        ),
        sample_aspect_ratio="40:33",
    )
    shape = shape_of(stream, SimpleNamespace(rotation=float("nan"), interlaced_frame=False))
    assert (shape.sample_aspect, shape.rotation, shape.field_order, shape.interlaced) == (
        1,
        0,
        "unknown",
        False,
    )
    assert shape.display_size == (640, 360)
    turned = shape_of(stream, SimpleNamespace(rotation=-90.0000001, interlaced_frame=True))
    assert (turned.rotation, turned.display_size, turned.interlaced) == (270, (360, 640), True)


def test_the_shown_size_is_bounded_and_square_pixels_keep_theirs() -> None:
    from cuesheet.media.picture_shape import Shape

    assert Shape(8000, 3000, sample_aspect=Fraction(10)).display_size == (8192, 307)  # not 80,000
    assert Shape(33, 17).display_size == (33, 17) and Shape(1, 1).display_size == (1, 1)
    assert Shape(720, 480, sample_aspect=Fraction(40, 33)).display_size == (872, 480)
    stream = SimpleNamespace(
        codec_context=SimpleNamespace(width=64, height=32, sample_aspect_ratio=None, field_order=1),
        sample_aspect_ratio=None,
    )
    zero_matrix = SimpleNamespace(rotation=-2147483648, interlaced_frame=False)  # what PyAV gives
    assert shape_of(stream, zero_matrix).rotation == 0
    assert shape_of(stream, None).display_size == (64, 32)  # no picture decodes: as stored
