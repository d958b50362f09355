"""Which recording names a stretch of the film when another one was aligned over it too (issue #13).

A finding passes on its own: its alignment beats wrong alignments of the same recording. A
recording that resembles the one playing can pass that way too, where the one playing does not:
on bench-listen seed 17, recording 2 plays 5 s at -6 dB under speech; its alignment has 12 votes
but wins for only 2.5 s (under the 3 s a finding needs), while recording 21, never in the film,
won 5.9 s at a share of 0.44 and was found there. Over that stretch recording 2's aligned
spectrum is the more alike (mean cosine 0.19 against 0.11): of the recordings aligned over a
stretch, the most alike one plays there, and a finding that another candidate's alignment beats
over its own stretch is not kept. Twenty films (seeds 1-20, 413 excerpts): the one wrong finding
gone, the same 384 excerpts found with the same edges.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

import numpy as np

from cuesheet.media.aligned import Normalised, similarity
from cuesheet.media.found import Finding, frame_at, resolve
from cuesheet.media.landmarks import Analysis, Candidate


def uncontested(
    found: list[tuple[float, Finding]],
    listed: Sequence[Candidate],
    film_bands: np.ndarray,
    library: Sequence[Analysis],
    prepared: Normalised,
) -> list[Finding]:
    """``resolve(found)`` without the findings that a candidate of another recording (of
    ``listed``, its votes over the finding's stretch) is more alike than, on average over that
    stretch. Only what ``resolve`` keeps is weighed (some twenty findings in a ten-minute film,
    not the thousand it chooses from); a finding that loses goes with the findings it was made
    of, and what they hid is resolved again."""
    verdicts: dict[Finding, bool] = {}
    while True:
        kept = resolve(found)
        new = [f for f in kept if f not in verdicts]
        verdicts.update(_weighed(new, listed, film_bands, library, prepared))
        lost = [f for f in kept if not verdicts[f]]
        if not lost:
            return kept
        found = [(e, f) for e, f in found if not any(_part_of(f, whole) for whole in lost)]


def _part_of(part: Finding, whole: Finding) -> bool:
    return part.recording == whole.recording and whole.start <= part.start and part.end <= whole.end


def _weighed(
    findings: list[Finding],
    listed: Sequence[Candidate],
    film_bands: np.ndarray,
    library: Sequence[Analysis],
    prepared: Normalised,
) -> dict[Finding, bool]:
    """Each finding: whether its own alignment is at least as alike over its stretch as every
    rival's. The comparisons are made a recording at a time, so that each spectrum is read once
    (a library's are read again from where they are kept)."""
    asked: list[tuple[int, int, int]] = []  # (recording, offset, finding's position); own first
    for n, f in enumerate(findings):
        first, last = frame_at(f.start), frame_at(f.end)
        asked.append((f.recording, first - frame_at(f.offset), n))
        asked += [(c.recording, c.offset, n) for c in listed
                  if c.recording != f.recording and c.first < last and c.last > first]  # fmt: skip
    own = [0.0] * len(findings)
    rival = [-1.0] * len(findings)
    for recording, group in groupby(sorted(asked, key=lambda a: a[0]), key=lambda a: a[0]):
        bands = library[recording].spectrum()
        for _, offset, n in group:
            f = findings[n]
            alike = _mean_alike(film_bands, bands, offset, frame_at(f.start), frame_at(f.end), prepared)
            if recording == f.recording:
                own[n] = alike
            else:
                rival[n] = max(rival[n], alike)
    return {f: rival[n] <= own[n] for n, f in enumerate(findings)}


def _mean_alike(
    film_bands: np.ndarray, bands: np.ndarray, offset: int, first: int, last: int, prepared: Normalised
) -> float:
    """The mean cosine of film frame t and recording frame t - ``offset`` over [first, last)."""
    if last <= first:
        return 0.0
    film, at = prepared.rows(film_bands, first, last)
    recording, origin = prepared.rows(bands, first - offset, last - offset)
    return float(similarity(film, recording, offset + origin - at, first - at, last - at).mean())
