"""What the cue table computes per line, outside Qt: its columns, its search text, its sort keys, and
the Status labels from validation. Plain functions, so a worker thread can prepare them too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from cuesheet.domain.sheet import Line
from cuesheet.domain.timecode import FrameRate, format_timecode

if TYPE_CHECKING:
    from cuesheet.domain.validation import Finding

SEQ, NUMBER, TITLE, ORIGIN, USAGE, TC_IN, TC_OUT, DURATION, STATUS = range(9)
HEADERS = ("#", "Cue", "Title", "Origin", "Usage", "In", "Out", "Duration", "Status")
STATUS_LABELS = {
    "OVERLAP": "overlap", "UNDER_ONE_SECOND": "under 1 s", "NO_TITLE": "no title",
    "NOT_CLEARED": "not cleared", "NO_WRITER": "no writer", "SHARE_TOTAL": "shares",
    "NO_SOCIETY": "society", "OUTSIDE_FILM": "outside film",
    "NO_AGREEMENT": "not cleared", "AGREEMENT_AMBIGUOUS": "agreement?",
}  # fmt: skip
CARVED_MARK = " ✂"  # after a duration the sheet prints shorter than the cue (the next one starts first)
# Between the fields of a search text: typed text never holds it, so a match never spans two columns
# (the filter matches a column's text, as a per-column filter would).
SEPARATOR = "\x1f"


def search_text(line: Line, tc_in: str, tc_out: str) -> str:
    """What the filter matches for a line, casefolded: number, title as printed, origin, usage, In and
    Out. Not the sequence number (it moves whenever a cue is added above) nor the carved duration
    (it changes with the next cue): what is left is fixed for the ``Line``, which a changed cue
    replaces, so the text can be kept as long as the line is."""
    cue = line.cue
    fields = (cue.number, line.printed_title, cue.origin.label, line.usage.value, tc_in, tc_out)
    return SEPARATOR.join(fields).casefold()


def prepared_texts(lines: Iterable[Line], rate: FrameRate) -> dict[Line, str]:
    """Every line's search text, keyed by the line (for a worker: reads the lines, writes nothing)."""
    return {
        line: search_text(line, format_timecode(line.cue.start, rate), format_timecode(line.cue.end, rate))
        for line in lines
    }


def sort_key(line: Line, column: int, row: int, status: dict[str, str]) -> Any:
    """The raw value a column sorts by: frames for times, the carved frames for the duration."""
    cue = line.cue
    if column == SEQ:
        return row
    if column == TC_IN:
        return cue.start
    if column == TC_OUT:
        return cue.end
    if column == DURATION:
        return line.frames
    text = {
        NUMBER: cue.number,
        TITLE: line.printed_title,
        ORIGIN: cue.origin.label,
        USAGE: line.usage.value,
        STATUS: status.get(cue.id, ""),
    }[column]
    return text.casefold()


def status_labels(findings: Iterable[Finding], ordered_ids: list[str]) -> dict[str, str]:
    """The Status column per cue id, from the findings (one source of truth for what is wrong). Both
    cues of an overlap are marked; the finding sits on the outgoing one, ``seq`` (1-based) is the
    row of the next. Labels are lower case, as the filter matches them."""
    labels: dict[str, list[str]] = {}
    for finding in findings:
        if finding.cue_id is None:
            continue
        label = STATUS_LABELS.get(finding.code, finding.severity)
        targets = [finding.cue_id]
        if finding.code == "OVERLAP" and finding.seq is not None and finding.seq < len(ordered_ids):
            targets.append(ordered_ids[finding.seq])
        for cue_id in targets:
            words = labels.setdefault(cue_id, [])
            if label not in words:
                words.append(label)
    return {cue_id: ", ".join(words) for cue_id, words in labels.items()}


def changed_ids(old: dict[str, str], new: dict[str, str]) -> set[str]:
    """The cues whose status text differs between two label maps."""
    return {cue_id for cue_id in old.keys() | new.keys() if old.get(cue_id) != new.get(cue_id)}
