"""Which findings of a library search stand (issue #13): one per stretch of the film, those of
one alignment first made one (media.spotting makes them)."""

from __future__ import annotations

from dataclasses import dataclass

from cuesheet.media.landmarks import FRAMES_PER_SECOND, OFFSET_SLACK

BRIDGE_S = 3.0  # stretches of one alignment closer than this are one: a word said over music is not its end


@dataclass(frozen=True, slots=True)
class Finding:
    recording: int  # its position in the library
    start: float  # film seconds
    end: float
    offset: float  # seconds into the recording at ``start``
    confidence: float  # 0–1


def frame_at(seconds: float) -> int:
    """The analysis frame nearest ``seconds``."""
    return round(seconds * FRAMES_PER_SECOND)


def resolve(found: list[tuple[float, Finding]], one_source: bool = False) -> list[Finding]:
    """One finding per stretch of the film: the strongest evidence claims its stretch, and a weaker
    one that overlaps it by half its own length or more is dropped (a repeat at another offset,
    another recording that resembles it). Findings of one alignment are one first, unless
    ``one_source`` (``one_alignment_joined``)."""
    kept: list[Finding] = []
    for _, finding in sorted(found if one_source else one_alignment_joined(found), key=lambda item: -item[0]):
        length = finding.end - finding.start
        overlap = max((min(k.end, finding.end) - max(k.start, finding.start) for k in kept), default=0.0)
        if overlap < length / 2:
            kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.recording))


def one_alignment_joined(found: list[tuple[float, Finding]]) -> list[tuple[float, Finding]]:
    """Findings of one recording at one alignment (the same film frame less recording frame, within
    ``OFFSET_SLACK``) that overlap or are less than ``BRIDGE_S`` apart, as one: the recording plays
    on through both. Two candidates of one alignment, from votes far apart, each found part of a
    30 s excerpt under dialogue 12 dB louder; they overlapped by less than half of either, and both
    were kept, one ending 9 s early (bench-listen seed 10). Only what a finding adds beyond the
    one it joins counts: its evidence and its weight in the confidence in proportion to the part
    of it past the other's end (two findings of one stretch are not twice the evidence). Not for a
    re-edit: there the same alignment on both sides of a replaced shot is two stretches."""
    joined: list[tuple[float, Finding]] = []
    last: dict[tuple[int, int], int] = {}  # (recording, alignment): the joined finding it is in
    gap = BRIDGE_S + 1 / FRAMES_PER_SECOND
    for evidence, f in sorted(found, key=lambda item: (item[1].recording, item[1].start)):
        alignment = frame_at(f.start) - frame_at(f.offset)
        near = (last.get((f.recording, alignment + d)) for d in range(-OFFSET_SLACK, OFFSET_SLACK + 1))
        at = max((j for j in near if j is not None and f.start <= joined[j][1].end + gap), default=None)
        if at is None:
            last[f.recording, alignment] = len(joined)
            joined.append((evidence, f))
            continue
        last[f.recording, alignment] = at  # a neighbouring alignment joins it too, and its own
        before, g = joined[at]
        added = max(0.0, f.end - max(f.start, g.end))  # seconds of f past g's end
        share = added / max(f.end - f.start, 1e-9)
        kept = g.end - g.start
        confidence = (kept * g.confidence + added * f.confidence) / max(kept + added, 1e-9)
        longer = Finding(f.recording, g.start, max(g.end, f.end), g.offset, confidence)
        joined[at] = (before + share * evidence, longer)
    return joined
