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

from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from cuesheet.media.aligned import Normalised, similarity
from cuesheet.media.found import Finding, frame_at, resolve
from cuesheet.media.landmarks import OFFSET_SLACK, Analysis, Candidate

# Spectra read again from where a library keeps them, the most recently used kept: a finding's own
# recording and its rivals' recur from finding to finding, and the same arrays let ``Normalised``
# keep their normalised forms (read anew, each was normalised again). 8 three-minute ones: ~35 MB.
SPECTRA_KEPT = 8


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
    spectrum = lru_cache(maxsize=SPECTRA_KEPT)(lambda recording: library[recording].spectrum())
    while True:
        kept = resolve(found)
        new = [f for f in kept if f not in verdicts]
        verdicts.update(_weighed(new, listed, film_bands, spectrum, prepared))
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
    spectrum: Callable[[int], np.ndarray],
    prepared: Normalised,
) -> dict[Finding, bool]:
    """Each finding: whether its own alignment is at least as alike over its stretch as every
    rival's, a rival being a candidate of another recording over the stretch with at least the
    votes of the finding's own (a film's noise makes thousands of candidates of a few votes, and
    a two-hour film's stretch is normalised again for each comparison: that search took minutes
    longer). The film's stretch is normalised once a finding."""
    verdicts: dict[Finding, bool] = {}
    for f in findings:
        first, last = frame_at(f.start), frame_at(f.end)
        alignment = first - frame_at(f.offset)
        over = [c for c in listed if c.first < last and c.last > first]
        own_votes = max((c.votes for c in over if c.recording == f.recording
                         and abs(c.offset - alignment) <= OFFSET_SLACK), default=0)  # fmt: skip
        rivals = [c for c in over if c.recording != f.recording and c.votes >= own_votes]
        if not rivals or last <= first:
            verdicts[f] = True
            continue
        film = prepared.rows(film_bands, first, last)
        own = _mean_alike(film, spectrum(f.recording), alignment, first, last, prepared)
        verdicts[f] = all(
            _mean_alike(film, spectrum(c.recording), c.offset, first, last, prepared) <= own for c in rivals
        )
    return verdicts


def _mean_alike(
    film: tuple[np.ndarray, int], bands: np.ndarray, offset: int, first: int, last: int, prepared: Normalised
) -> float:
    """The mean cosine of film frame t and recording frame t - ``offset`` over [first, last);
    ``film``: the film's normalised rows there and the frame the first of them is."""
    rows, at = film
    recording, origin = prepared.rows(bands, first - offset, last - offset)
    return float(similarity(rows, recording, offset + origin - at, first - at, last - at).mean())
