"""Conform by sound (issue #13 §3) on a re-edited film with the truth of where each frame went.

The old film's sound is bench_listen's (espeak-ng dialogue, music excerpts under and between it,
room noise). The new cut is made from it at frame boundaries: the film is cut into shots of 6-40 s;
most are kept, some dropped, some shortened at either end, two moved elsewhere, and new material
(another film's sound) put in between. Forty cues of 4-30 s are placed on the old film; each cue's
truth (unchanged, moved, trimmed, split or removed, and where its frames now stand) follows from
the edit list. ``sound_shots`` and ``plan_by_sound`` are run as the window and ``cuesheet conform
--film`` run them, from WAV files.

Floors: every moved or unchanged cue's In and Out within 1 frame; a trimmed or split cue's within
2 frames at the new cut points; removed picture reported as removed; ``--minutes 120``: the whole
conform of a 2-hour film within 2 minutes. Run: ./dev bench-conform [--seed N] [--minutes M]
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import shutil
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

from cuesheet.domain.commands import AddCues
from cuesheet.domain.conform import Status
from cuesheet.domain.cue import Cue
from cuesheet.domain.history import Document
from cuesheet.domain.rights import Work
from tests.benchmarks.bench_listen import RATE, make_film
from tests.factories import empty_project

FPS = 24
Shot = tuple[int, int, int]  # new first frame, new end frame, old first frame


def film_sound(seed: int, minutes: int, folder: Path) -> np.ndarray:
    """``minutes`` of film sound, ten minutes from each seed in turn (each its own dialogue)."""
    blocks = [make_film(seed + 97 * n, folder)[0] for n in range(max(1, minutes // 10))]
    return np.concatenate(blocks)[: minutes * 60 * RATE]


def re_edit(frames: int, rng: np.random.Generator) -> tuple[list[Shot], list[tuple[int, int]]]:
    """The new cut's shots of the old film in new order, and (new first frame, length) of each
    stretch of new material. Shots are cut at frames; the truth is exact."""
    cuts = [0]
    while cuts[-1] < frames:
        cuts.append(min(frames, cuts[-1] + int(rng.integers(6 * FPS, 40 * FPS))))
    pieces = []
    for a, b in itertools.pairwise(cuts):
        roll = rng.random()
        if roll < 0.12:
            continue  # dropped
        if roll < 0.3 and b - a > 4 * FPS:  # shortened at one end or the other
            cut = int(rng.integers(FPS, (b - a) // 2))
            a, b = (a + cut, b) if rng.random() < 0.5 else (a, b - cut)
        pieces.append((a, b))
    for _ in range(2):  # two shots moved elsewhere
        if len(pieces) > 4:
            moved = pieces.pop(int(rng.integers(0, len(pieces))))
            pieces.insert(int(rng.integers(0, len(pieces))), moved)
    shots, inserts, at = [], [], 0
    for a, b in pieces:
        if rng.random() < 0.1:  # new material first
            length = int(rng.integers(5 * FPS, 20 * FPS))
            inserts.append((at, length))
            at += length
        shots.append((at, at + b - a, a))
        at += b - a
    return shots, inserts


def truth(cue: tuple[int, int], shots: list[Shot]) -> tuple[Status, list[tuple[int, int]]]:
    """Where the old frames [start, end) stand in the new cut, and the status that says so."""
    start, end = cue
    parts = []
    for new_at, new_end, old_at in shots:
        old_end = old_at + new_end - new_at
        a, b = max(start, old_at), min(end, old_end)
        if a < b:
            parts.append((new_at + a - old_at, new_at + b - old_at))
    parts.sort()
    joined: list[tuple[int, int]] = []
    for a, b in parts:
        if joined and joined[-1][1] == a:
            joined[-1] = (joined[-1][0], b)
        else:
            joined.append((a, b))
    if not joined:
        return Status.REMOVED, []
    if len(joined) > 1:
        return Status.SPLIT, joined
    if joined[0][1] - joined[0][0] < end - start:
        return Status.TRIMMED, joined
    return (Status.UNCHANGED if joined[0][0] == start else Status.MOVED), joined


def write_wav(path: Path, samples: np.ndarray) -> None:
    """At the analysis rate, as it is (tests.media.test_spotting.write_wav resamples through float64:
    for a two-hour film that is 1.3 GB more, for nothing)."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes((np.clip(samples, -1, 1) * 32000).astype("<i2").tobytes())


def samples_at(frame: int) -> int:
    return round(frame * RATE / FPS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--minutes", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("espeak-ng") is None:
        print("bench-conform: espeak-ng is not installed (./dev installs it): nothing measured")
        return 2
    rng = np.random.default_rng(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CUESHEET_DATA_DIR"] = str(Path(folder) / "data")  # analyses made afresh
        from cuesheet.listen_service import plan_by_sound, sound_shots

        old = film_sound(args.seed, args.minutes, Path(folder))
        fresh = film_sound(args.seed + 5000, 10, Path(folder))
        frames = len(old) * FPS // RATE
        shots, inserts = re_edit(frames, rng)
        length = max([s[1] for s in shots] + [at + n for at, n in inserts])
        new = np.zeros(samples_at(length) + RATE, np.float32)
        for new_at, new_end, old_at in shots:
            piece = old[samples_at(old_at) : samples_at(old_at + new_end - new_at)]
            new[samples_at(new_at) : samples_at(new_at) + len(piece)] = piece
        for at, n in inserts:
            piece = fresh[samples_at(at % (frames // 2)) :][: samples_at(n)]
            new[samples_at(at) : samples_at(at) + len(piece)] = piece
        old_path, new_path = Path(folder) / "cut 1.wav", Path(folder) / "cut 2.wav"
        write_wav(old_path, old)
        write_wav(new_path, new)
        del old, new, fresh
        project = empty_project("24")
        first = project.production.start_frame
        cues, works, spans = [], [], {}
        for n in range(40 * max(1, args.minutes // 10)):
            start = int(rng.integers(0, frames - 30 * FPS))
            work = Work(f"Cue {n}")
            cue = Cue(first + start, first + start + int(rng.integers(4 * FPS, 30 * FPS)), work.id, f"{n}")
            cues.append(cue)
            works.append(work)
            spans[cue.id] = (start, cue.end - first)
        Document(project).execute(AddCues(cues, works))
        started = time.perf_counter()
        plan = plan_by_sound(project, sound_shots(project, old_path, new_path))
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    errors: dict[str, list[int]] = {"exact": [], "cut": []}
    wrong, far = [], []
    for conformed in plan.cues:
        status, where = truth(spans[conformed.cue.id], shots)
        found = [(a - first, b - first) for a, b in conformed.new]
        if conformed.status is not status or len(found) != len(where):
            wrong.append(
                f"cue {conformed.cue.number}: {conformed.status.value} {found}, truth {status.value} {where}"
            )
            continue
        kind = "exact" if status in (Status.UNCHANGED, Status.MOVED) else "cut"
        off = [abs(g - t) for pair in zip(found, where, strict=True) for g, t in zip(*pair, strict=True)]
        errors[kind] += off
        if off and max(off) > (1 if kind == "exact" else 2):
            far.append(f"cue {conformed.cue.number}: {status.value} {found}, truth {where}")
    counts = {s.value: sum(truth(spans[c.cue.id], shots)[0] is s for c in plan.cues) for s in Status}
    exact, cut = max(errors["exact"], default=0), max(errors["cut"], default=0)
    floors = [
        ("statuses as the truth", not wrong, f"{len(plan.cues) - len(wrong)} of {len(plan.cues)} ({counts})"),
        ("moved/unchanged In and Out", exact <= 1, f"worst {exact} frame(s) (floor 1)"),
        ("trimmed/split at the new cut points", cut <= 2, f"worst {cut} frame(s) (floor 2)"),
    ]
    if args.minutes >= 120:
        floors.append(("the whole conform", seconds <= 120, f"{seconds:.1f} s (floor 120 s)"))
    print(f"bench-conform: a {args.minutes}-minute film, {len(shots)} shots kept or moved, "
          f"{len(inserts)} inserts, {len(plan.cues)} cues; conform {seconds:.1f} s, "
          f"peak {peak_mb:.0f} MB")  # fmt: skip
    for line in wrong:
        print(f"  wrong: {line}")
    for line in far:
        print(f"  off: {line}")
    missed = []
    for name, ok, text in floors:
        print(f"  [{'ok ' if ok else 'MISS'}] {name}: {text}")
        missed += [] if ok else [name]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
