from __future__ import annotations

from decimal import Decimal

import pytest

from cuesheet.domain.cue import Cue
from cuesheet.domain.cue_numbers import CueNumber, Numbering, inserted_number, next_number, renumbered
from cuesheet.domain.durations import Rounding, format_duration, parse_duration
from cuesheet.domain.rights import Role, format_share, normalize_code, parse_share
from cuesheet.domain.sheet import Sheet
from cuesheet.domain.timecode import FrameRate
from cuesheet.domain.usage import (
    Origin,
    Perception,
    ThemeRole,
    UsageCode,
    Vocals,
    attributes_for_usage,
    derive_usage,
)
from tests.factories import empty_project


@pytest.mark.parametrize(
    ("perception", "vocals", "theme", "code"),
    [
        (Perception.BACKGROUND, Vocals.INSTRUMENTAL, ThemeRole.NONE, UsageCode.BI),
        (Perception.BACKGROUND, Vocals.VOCAL, ThemeRole.NONE, UsageCode.BV),
        (Perception.VISUAL, Vocals.INSTRUMENTAL, ThemeRole.NONE, UsageCode.VI),
        (Perception.VISUAL, Vocals.VOCAL, ThemeRole.NONE, UsageCode.VV),
        (Perception.VISUAL, Vocals.VOCAL, ThemeRole.MAIN_TITLE, UsageCode.MT),
        (Perception.BACKGROUND, Vocals.INSTRUMENTAL, ThemeRole.END_TITLE, UsageCode.ET),
        (Perception.BACKGROUND, Vocals.INSTRUMENTAL, ThemeRole.LOGO, UsageCode.LOGO),
    ],
)
def test_usage_code_is_derived_from_attributes(perception, vocals, theme, code) -> None:  # type: ignore[no-untyped-def]
    assert derive_usage(perception, vocals, theme) is code
    assert derive_usage(*attributes_for_usage(code)) is code


def test_usage_override_wins() -> None:
    cue = Cue(0, 10, "w", perception=Perception.VISUAL)
    assert cue.usage is UsageCode.VI
    cue.usage_override = UsageCode.BI
    assert cue.usage is UsageCode.BI


def test_origin_labels() -> None:
    assert Origin.from_label("Public Domain") is Origin.PUBLIC_DOMAIN
    assert Origin.from_label(" licensed ") is Origin.LICENSED
    with pytest.raises(ValueError, match="unknown origin 'Soundtrack'"):
        Origin.from_label("Soundtrack")


def test_cue_numbers() -> None:
    assert str(CueNumber.parse("1m1")) == "1M01"
    assert str(CueNumber.parse("2M03a")) == "2M03A"
    assert str(CueNumber.parse("M12")) == "M12"
    assert next_number(["1M01", "1M02", "2M01"], 1, Numbering.PER_REEL) == "1M03"
    assert next_number(["1M01", "2M01"], 3, Numbering.PER_REEL) == "3M01"
    assert next_number(["M01", "M02"], 2, Numbering.CONTINUOUS) == "M03"
    # Numbers kept as typed still count: a space after the reel, a leading zero, lower case.
    assert next_number(["1M01", "1 M05", "01m07", "10M09"], 1, Numbering.PER_REEL) == "1M08"
    assert next_number(["0M04", " m 06"], 1, Numbering.CONTINUOUS) == "M07"
    assert inserted_number("1M03", ["1M03", "1M04"]) == "1M03A"
    assert inserted_number("1M03", ["1M03", "1M03A"]) == "1M03B"
    assert renumbered([1, 1, 2], Numbering.PER_REEL) == ["1M01", "1M02", "2M01"]
    assert renumbered([1, 1, 2], Numbering.CONTINUOUS) == ["M01", "M02", "M03"]
    with pytest.raises(ValueError, match="not a cue number"):
        CueNumber.parse("cue one")


def test_durations_round_partial_seconds_up_by_default() -> None:
    fr = FrameRate.parse("24")
    assert format_duration(29, fr) == "0:02"  # a 1.2 s sting is not 0:00
    assert format_duration(1, fr) == "0:01"
    assert format_duration(24 * 60, fr) == "1:00"
    assert format_duration(24 * 61 + 1, fr, Rounding.NEAREST) == "1:01"
    assert format_duration(24 * 61 + 23, fr, Rounding.DOWN) == "1:01"
    assert format_duration(24 * 3600 * 2, fr) == "120:00"
    # Timecode seconds: 12 s of labels at 23.976 prints 0:12, not 0:13.
    assert format_duration(288, FrameRate.parse("23.976")) == "0:12"
    assert parse_duration("1:05") == 65
    with pytest.raises(ValueError):
        parse_duration("1:75")


def test_shares_and_codes() -> None:
    assert parse_share("50") == Decimal(50)
    assert parse_share("33,33 %") == Decimal("33.33")
    assert format_share(Decimal("50.00")) == "50"
    assert format_share(Decimal("33.330")) == "33.33"
    with pytest.raises(ValueError, match="not a number"):
        parse_share("half")
    with pytest.raises(ValueError, match="between 0 and 100"):
        parse_share("150")
    assert normalize_code("T-070.240.101-2") == "T0702401012"
    assert Role.parse("ca") is Role.CA
    assert Role.E.is_publisher and not Role.C.is_publisher


def test_carve_out_keeps_total_within_the_film() -> None:
    project = empty_project("24")
    a = Cue(100, 300, "w")
    b = Cue(200, 400, "w")  # overlaps a by 100 frames
    project.cues = {a.id: a, b.id: b}
    sheet = Sheet.of(project)
    assert sheet.line(a.id).frames == 100 and sheet.line(b.id).frames == 200  # type: ignore[union-attr]
    assert sheet.frames == 300 and sheet.line(a.id).carved  # type: ignore[union-attr]
    assert (a.start, a.end) == (100, 300)  # the stored in/out is untouched


def test_typed_positions() -> None:
    from cuesheet.domain.position_entry import parse_position
    from cuesheet.domain.timecode import TimecodeError

    fr = FrameRate.parse("24")
    assert parse_position("01:00:00:00", fr, 0) == 86400
    assert parse_position("+48", fr, 100) == 148
    assert parse_position("-12", fr, 100) == 88
    assert parse_position("+1.", fr, 100) == 124
    assert parse_position("+1.12", fr, 100) == 136
    assert parse_position("1...", fr, 0) == 86400
    assert parse_position("1.2.3.4", fr, 0) == parse_position("01:02:03:04", fr, 0)
    with pytest.raises(TimecodeError, match="frames must be below 24"):
        parse_position("+1.30", fr, 0)
    with pytest.raises(TimecodeError):
        parse_position("soon", fr, 0)


def test_marking_in_out_and_hand_over() -> None:
    from cuesheet.domain.history import Document
    from cuesheet.domain.marking import Marker, MarkingError, mark_frame

    project = empty_project("24")
    document = Document(project)
    marker = Marker(project)
    start = project.production.start_frame
    marker.mark_in(start + 10)
    marker.mark_in(start + 12)  # I again moves the start
    command, first = marker.mark_out(start + 60)
    document.execute(command)
    assert (project.cues[first].start, project.cues[first].end) == (start + 12, start + 60)
    assert project.cues[first].number == "1M01"
    marker.mark_in(start + 100)
    command, second = marker.hand_over(start + 150)
    document.execute(command)
    command, third = marker.mark_out(start + 200)
    document.execute(command)
    assert project.cues[second].end == project.cues[third].start == start + 150
    assert project.cues[third].number == "1M03"
    with pytest.raises(MarkingError, match="press I first"):
        marker.mark_out(start + 300)
    command, same = marker.mark_out(start + 210, selected_cue_id=third)  # O with no open cue: trims
    document.execute(command)
    assert same == third and project.cues[third].end == start + 210
    marker.mark_in(start + 50)
    with pytest.raises(MarkingError, match="after the In"):
        marker.mark_out(start + 50)
    assert mark_frame(1000, False, FrameRate.parse("24"), 150) == 1000
    assert mark_frame(1000, True, FrameRate.parse("24"), 150) == 996  # 150 ms = 3.6 → 4 frames
