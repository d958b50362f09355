"""The sheet checked by ear (issue #13 §2): a cue whose recording the user has on disk
(``Cue.recording_file``) should be heard where the cue stands. Listening (media.spotting) says where
each such recording is heard in the film; this says what that means for the cues:

- ``NOT_HEARD``: the recording is heard in under half of the cue, and not as long anywhere else;
- ``HEARD_ELSEWHERE``: heard in under half of the cue but as long or longer elsewhere — the cue is
  probably mistimed (the finding says where).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cuesheet.domain.sheet import Line
from cuesheet.domain.timecode import FrameRate, format_timecode
from cuesheet.domain.validation import WARNING, Finding

Span = tuple[int, int]  # project frames, end exclusive


def by_ear(lines: Sequence[Line], heard: Mapping[str, Sequence[Span]], rate: FrameRate) -> list[Finding]:
    """Findings for the cues of ``lines`` whose ``recording_file`` is a key of ``heard`` (where that
    recording was heard in the film); cues whose recording was not listened for are not judged."""
    findings = []
    for seq, line in enumerate(lines, 1):
        cue = line.cue
        if not cue.recording_file or cue.recording_file not in heard:
            continue
        spans = heard[cue.recording_file]
        length = max(1, cue.end - cue.start)
        inside = sum(max(0, min(end, cue.end) - max(start, cue.start)) for start, end in spans)
        if inside * 2 >= length:
            continue
        elsewhere = [(s, e) for s, e in spans if min(e, cue.end) <= max(s, cue.start)]
        longest = max(elsewhere, key=lambda span: span[1] - span[0], default=None)
        if longest is not None and (longest[1] - longest[0]) * 2 >= length:
            where = f"{format_timecode(longest[0], rate)}–{format_timecode(longest[1], rate)}"
            message, fix = f"its recording is heard at {where}, not here", "check the cue's In and Out"
            findings.append(Finding(WARNING, "HEARD_ELSEWHERE", message, fix, seq, cue.number, cue.id))
        else:
            message = f"its recording is not heard in the cue ({round(100 * inside / length)} % of it)"
            fix = "check the recording file, or the cue's In and Out"
            findings.append(Finding(WARNING, "NOT_HEARD", message, fix, seq, cue.number, cue.id))
    return findings
