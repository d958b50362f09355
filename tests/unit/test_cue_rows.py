"""What the cue table computes per line, without Qt: search texts, sort keys, Status labels."""

from __future__ import annotations

from cuesheet.domain.cue import Cue
from cuesheet.domain.rights import Work
from cuesheet.domain.sheet import Sheet
from cuesheet.domain.timecode import format_timecode
from cuesheet.domain.validation import validate
from cuesheet.ui import cue_rows
from cuesheet.ui.cue_rows import DURATION, SEPARATOR, STATUS, TITLE
from tests.factories import empty_project


def sheet_of_two() -> Sheet:
    project = empty_project()
    first = project.production.start_frame
    works = [Work("Harbour Lights"), Work("")]
    project.works = {w.id: w for w in works}
    cues = [Cue(first, first + 240, works[0].id, "1M01"), Cue(first + 100, first + 110, works[1].id, "1M02")]
    project.cues = {c.id: c for c in cues}
    return Sheet.of(project)


def test_the_search_text_holds_the_printed_fields_casefolded_and_apart() -> None:
    sheet = sheet_of_two()
    first, second = sheet.lines
    tc_in, tc_out, _ = sheet.texts(first)
    text = cue_rows.search_text(first, tc_in, tc_out)
    assert text.split(SEPARATOR) == ["1m01", "harbour lights", "score", "bi", "01:00:00:00", "01:00:10:00"]
    assert "(untitled)" in cue_rows.search_text(second, *sheet.texts(second)[:2])  # as printed
    assert "01harb" not in text and "01 harb" not in text  # a match never spans two fields
    rate = sheet.project.production.rate
    prepared = cue_rows.prepared_texts(sheet.lines, rate)
    assert prepared[first] == text and format_timecode(second.cue.start, rate) in prepared[second]


def test_an_overlap_marks_both_cues_and_labels_join() -> None:
    sheet = sheet_of_two()
    findings = validate(sheet.project, sheet)
    order = [line.cue.id for line in sheet.lines]
    labels = cue_rows.status_labels(findings, order)
    assert "overlap" in labels[order[0]] and "overlap" in labels[order[1]]
    assert "no title" in labels[order[1]] and "under 1 s" in labels[order[1]]
    assert labels[order[1]] == labels[order[1]].casefold()  # the filter matches them as they are
    assert cue_rows.changed_ids(labels, {**labels, order[0]: "x"}) == {order[0]}
    assert cue_rows.changed_ids(labels, {}) == set(labels)


def test_sort_keys_are_raw_values() -> None:
    sheet = sheet_of_two()
    first, second = sheet.lines
    assert cue_rows.sort_key(first, DURATION, 0, {}) == first.frames == 100  # carved: what is printed
    assert cue_rows.sort_key(second, TITLE, 1, {}) == "(untitled)"
    assert cue_rows.sort_key(second, STATUS, 1, {second.cue.id: "Overlap"}) == "overlap"
