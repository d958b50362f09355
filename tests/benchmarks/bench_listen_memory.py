"""Listening's memory at the size issue #13 bounds: a 2-hour film and 200 recordings in under 2 GB.

Made here (numpy, written as 16-bit WAV at the analysis rate): 200 recordings of 3 minutes, each a
piece of its own (chords, bass, melody, drums), and a 2-hour film of room noise and speech-like
sound with 60 excerpts of 30-120 s from 40 of the recordings. Then ``listen_service.listen`` runs as
Find music and ``cuesheet spot`` run it, in a fresh process each time, twice: with an empty analysis
cache (every recording and the film decoded and analysed) and again with the cache filled. Each
run's peak resident memory is the process's own (``ru_maxrss``), so the making of the files is not
in it. Also printed: how many excerpts were found, as a check that the search did its work.

Run: ./dev bench-listen-memory [--keep DIR]   (the files take ~2 GB of disk; DIR keeps them)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import wave
from pathlib import Path
from typing import Any

import numpy as np

from cuesheet.media.landmarks import SAMPLE_RATE as RATE

RECORDINGS, RECORDING_S, FILM_S, EXCERPTS = 200, 180, 2 * 3600, 60
FLOOR_MB = 2048


def piece(seed: int, seconds: float) -> np.ndarray:
    """A piece of its own from ``seed``: a chord a bar, a bass, four melody notes a bar, drum hits
    (as tests.media.test_spotting.recording makes them, built bar by bar to be quick at 3 minutes)."""
    rng = np.random.default_rng(seed)
    out = np.zeros(int(seconds * RATE))
    bar = int(60.0 / rng.uniform(80, 130) * 4 * RATE)
    local = np.arange(bar) / RATE
    for start in range(0, len(out), bar):
        span = out[start : start + bar]
        t = local[: len(span)]
        root = 110 * 2 ** (rng.integers(0, 12) / 12)
        chord = sum(np.sin(2 * np.pi * root * ratio * t) for ratio in (1, 5 / 4, 3 / 2, 2))
        span += 0.12 * np.exp(-t * 1.5) * chord + 0.2 * np.sin(np.pi * root * t) * np.exp(-t * 0.7)
        quarter = bar // 4
        for note in range(4):
            q = span[note * quarter : (note + 1) * quarter]
            tq = t[: len(q)]
            pitch = root * 2 ** (rng.integers(12, 30) / 12)
            q += 0.1 * np.sin(2 * np.pi * pitch * tq) * np.exp(-tq * 4)
            if rng.random() < 0.6:
                hit = min(len(q), int(0.08 * RATE))
                q[:hit] += 0.3 * rng.standard_normal(hit) * np.exp(-tq[:hit] * 40)
    return (out / np.abs(out).max() * 0.5).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())


def make(folder: Path) -> list[tuple[int, float, float]]:
    """The recordings and the film in ``folder`` (kept when already there); the excerpts as
    (recording, film start s, length s)."""
    library = folder / "library"
    library.mkdir(parents=True, exist_ok=True)
    for n in range(RECORDINGS):
        path = library / f"recording-{n:03d}.wav"
        if not path.exists():
            write_wav(path, piece(5000 + n, RECORDING_S))
    rng = np.random.default_rng(7)
    excerpts, at = [], 20.0
    for _ in range(EXCERPTS):
        length = float(rng.uniform(30, 120))
        excerpts.append((int(rng.integers(0, 40)), round(at, 2), round(length, 2)))
        at += length + float(rng.uniform(1, FILM_S / EXCERPTS - 75))
    film = folder / "film.wav"
    if not film.exists():
        sound = (0.003 * rng.standard_normal(FILM_S * RATE)).astype(np.float32)
        voice = np.sin(2 * np.pi * 150 * np.arange(2 * RATE) / RATE).astype(np.float32) * 0.2
        for second in range(0, FILM_S, 3):  # a voice-like tone two seconds in three
            sound[second * RATE : (second + 2) * RATE] += voice[: 2 * RATE] * (1 + (second % 7) / 7)
        for recording, start, length in excerpts:
            music = piece(5000 + recording, RECORDING_S)[: int(length * RATE)]
            begin = int(start * RATE)
            sound[begin : begin + len(music)] += music * 0.6
        write_wav(film, sound)
    return excerpts


def run(folder: Path, cache: Path) -> dict[str, Any]:
    """One search in a fresh process: its peak memory and findings."""
    code = f"""
import json, resource, time
from pathlib import Path
from cuesheet.listen_service import listen
from tests.factories import empty_project
started = time.perf_counter()
project = empty_project("24")
first = project.production.start_frame
found, heard = listen(project, Path({str(folder / "film.wav")!r}),
                      [Path({str(folder / "library")!r})], cache=Path({str(cache)!r}))
print(json.dumps({{"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "seconds": time.perf_counter() - started, "recordings": heard,
                  "findings": [[p.file, (p.start - first) / 24, (p.end - first) / 24] for p in found]}}))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"listening failed ({done.returncode}): {done.stderr[-600:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="folder for the recordings and film (reused)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        excerpts = make(folder)
        cache = Path(tempfile.mkdtemp(dir=folder, prefix="cache-"))
        missed = []
        for name in ("empty cache", "cache filled"):
            result = run(folder, cache)
            found = sum(any(Path(ref).name == f"recording-{rec:03d}.wav"
                            and min(end, at + length) - max(start, at) > length / 2
                            for ref, start, end in result["findings"])
                        for rec, at, length in excerpts)  # fmt: skip
            ok = result["peak_mb"] < FLOOR_MB
            if not ok:
                missed.append(name)
            print(f"  [{'ok ' if ok else 'MISS'}] {name}: peak {result['peak_mb']:.0f} MB "
                  f"(floor {FLOOR_MB}), "
                  f"{result['seconds']:.0f} s, {result['recordings']:.0f} recordings, "
                  f"{found} of {len(excerpts)} excerpts found", flush=True)  # fmt: skip
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
