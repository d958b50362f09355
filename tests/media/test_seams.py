"""Where one stretch of a re-edit's sound gives way to the next (media.seams, issue #13 §3)."""

from __future__ import annotations

import numpy as np

from cuesheet.media.landmarks import SAMPLE_RATE as RATE
from cuesheet.media.landmarks import analyse
from cuesheet.media.seams import seamed
from cuesheet.media.spotting import SAME_SOUND_VOTES, spot, tightened
from tests.media.test_spotting import recording, speech_like


def test_a_cut_from_room_tone_to_room_tone_before_music_is_placed_at_its_frame() -> None:
    # The old film: room tone, a voice that pauses from 6 s to 14 s, music from 14 s. The new cut
    # drops 8-14 s: room tone on both sides of its cut at 8 s, the music right after. Bounded by
    # its normalised spectra (whose slow average reaches the music), the second stretch began
    # 0.18 s early (4 frames at 24 fps); cut where the spectra as they are change, it begins at 8 s.
    rng = np.random.default_rng(7)
    old = (0.003 * rng.standard_normal(40 * RATE)).astype(np.float32)
    voice = 0.5 * speech_like(rng, 40).astype(np.float32)
    voice[6 * RATE : 14 * RATE] = 0
    old += voice
    old[14 * RATE :] += recording(5, 26.0)
    new = np.concatenate([old[: 8 * RATE], old[14 * RATE :]])
    film, source = analyse(new), analyse(old)
    found = spot(
        film, [source], min_length_s=1.0, min_votes=SAME_SOUND_VOTES, one_source=True, refine_edges=False
    )
    stretches = [t for t in (tightened(film, source, f) for f in found) if t]
    assert len(stretches) == 2 and abs(stretches[1].start - 8.0) > 0.1  # the artifact this is for
    first, then = seamed(film, source, stretches)
    assert abs(first.end - 8.0) < 0.5 / 24 and first.end == then.start
    assert abs(then.offset - 14.0) < 0.5 / 24  # the new cut's 8 s is the old film's 14 s
    assert (first.start, first.offset) == (stretches[0].start, stretches[0].offset)
