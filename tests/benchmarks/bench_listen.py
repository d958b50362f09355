"""Finding known recordings in a film's sound, against issue #13's floors, on material made here:

- a library of 50 music-like recordings (numpy: chords, bass, melody, percussion; tests/media/
  test_spotting.recording), 10 of them used in the film, 40 never;
- dialogue spoken by espeak-ng (several voices and speeds) over about 40 % of a 10-minute film;
- 24 excerpts of 5–40 s at known places: some in the clear, most under dialogue with the music 0 to
  12 dB below it, some faded in and out, some dulled (a low-pass) or in a room (a reverb tail);
- room noise under everything.

Floors: ≥ 95 % of the excerpts found; no finding that names a recording where it does not play
(under half of the finding on it); In and Out within 1.0 s of the truth on average, 0.5 s at hard
cuts; the film indexed at ≥ 60× real time and matched against the 50 recordings at ≥ 30×; peak
memory reported. Run: ./dev bench-listen [--seed N]   (needs espeak-ng; ./dev installs it)
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cuesheet.media.landmarks import SAMPLE_RATE, analyse
from cuesheet.media.spotting import spot
from tests.media.test_spotting import recording

RATE = SAMPLE_RATE
FILM_S = 600
LINES = [
    "Where were you last night? I waited for hours.", "You know I can't tell you that.",
    "Then don't come back here again.", "The car was parked outside the harbour when it started.",
    "Nobody saw anything, or nobody wants to say.", "Give me the keys and wait in the boat.",
    "It's the same song they played at the wedding.", "Turn that off, I can't think.",
    "We have until morning before they find the money.", "I never asked you to follow me.",
    "Listen to me, just this once, listen.", "The lights went out all over the town.",
    "She said she would call when the train arrived.", "How long have you known?",
    "Long enough to stop pretending.", "Put the gun down and let's talk about it.",
    "There's a storm coming from the west.", "Don't look at me like that.",
    "I'll be at the station at nine.", "Everything we built is gone now.",
]  # fmt: skip
VOICES = ["en-us", "en-gb", "en-us+f3", "en-gb+m3", "en-us+m7", "en-gb+f2"]


@dataclass(frozen=True)
class Excerpt:
    recording: int
    start: float  # film seconds
    length: float
    into: float  # seconds into the recording
    level_db: float  # music against the dialogue over it (0: no dialogue)
    fade: float  # seconds of fade in and out (0: hard cuts)
    colour: str  # "", "dull", "room"


def speak(text: str, voice: str, speed: int, folder: Path, n: int) -> np.ndarray:
    path = folder / f"line{n}.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(path), text], check=True)
    with wave.open(str(path)) as audio:
        data = np.frombuffer(audio.readframes(audio.getnframes()), "<i2").astype(np.float32) / 32768
        rate = audio.getframerate()
    if rate != RATE:
        data = np.interp(np.arange(int(len(data) * RATE / rate)) * rate / RATE, np.arange(len(data)), data)
    return (data / max(1e-6, float(np.abs(data).max())) * 0.5).astype(np.float32)


def dialogue(rng: np.random.Generator, folder: Path) -> np.ndarray:
    """The dialogue track: lines with pauses between, voices and speeds in turn."""
    track = np.zeros(FILM_S * RATE, np.float32)
    at, n = 2.0, 0
    while at < FILM_S - 5:
        line = speak(LINES[n % len(LINES)], VOICES[n % len(VOICES)], int(rng.integers(140, 190)), folder, n)
        start = int(at * RATE)
        end = min(len(track), start + len(line))
        track[start:end] += line[: end - start]
        at += len(line) / RATE + float(rng.choice([0.3, 0.6, 1.0, 2.5, 6.0]))
        n += 1
    return track


def colour(piece: np.ndarray, kind: str, rng: np.random.Generator) -> np.ndarray:
    if kind == "dull":  # a low-pass at ~2 kHz, as a radio in the next room
        spectrum = np.fft.rfft(piece)
        spectrum *= 1 / (1 + (np.fft.rfftfreq(len(piece), 1 / RATE) / 2000) ** 4)
        return np.fft.irfft(spectrum, len(piece)).astype(np.float32)
    if kind == "room":  # a 0.4 s reverb tail
        tail = rng.standard_normal(int(0.4 * RATE)) * np.exp(-np.arange(int(0.4 * RATE)) / (0.08 * RATE))
        tail[0] = 8.0
        wet = np.convolve(piece, tail / np.abs(tail).sum() * 4)[: len(piece)]
        return (wet / max(1e-6, float(np.abs(wet).max())) * float(np.abs(piece).max())).astype(np.float32)
    return piece


def make_film(seed: int, folder: Path) -> tuple[np.ndarray, list[Excerpt], list[np.ndarray]]:
    rng = np.random.default_rng(seed)
    library = [recording(1000 + n, 90.0 if n < 10 else 60.0) for n in range(50)]
    speech = dialogue(rng, folder)
    film = speech + (0.003 * rng.standard_normal(len(speech))).astype(np.float32)
    excerpts: list[Excerpt] = []
    at = 4.0
    while len(excerpts) < 24 and at < FILM_S - 45:
        length = float(rng.choice([5.0, 8.0, 12.0, 20.0, 30.0, 40.0]))
        kind = len(excerpts) % 6
        excerpt = Excerpt(
            recording=int(rng.integers(0, 10)),
            start=round(at, 2),
            length=length,
            into=round(float(rng.uniform(0, 90 - length)), 2),
            level_db=(0.0, -6.0, -9.0, -12.0, -6.0, -3.0)[kind],
            fade=(0.0, 0.0, 1.0, 0.0, 2.0, 0.5)[kind],
            colour=("", "", "dull", "", "room", "")[kind],
        )
        piece = library[excerpt.recording][
            int(excerpt.into * RATE) : int((excerpt.into + length) * RATE)
        ].copy()
        piece = colour(piece, excerpt.colour, rng)
        if excerpt.fade:
            ramp = np.linspace(0, 1, int(excerpt.fade * RATE), dtype=np.float32)
            piece[: len(ramp)] *= ramp
            piece[-len(ramp) :] *= ramp[::-1]
        start = int(excerpt.start * RATE)
        span = slice(start, start + len(piece))
        if excerpt.level_db:  # music that many dB below the dialogue's level over it
            piece *= 10 ** (excerpt.level_db / 20) * float(np.abs(speech[span]).max() or 0.5) / 0.5
        film[span] += piece
        excerpts.append(excerpt)
        at += length + float(rng.uniform(3, 15))
    return film, excerpts, library


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if shutil.which("espeak-ng") is None:
        print("bench-listen: espeak-ng is not installed (./dev installs it): nothing measured")
        return 2
    with tempfile.TemporaryDirectory() as folder:
        film, excerpts, library = make_film(args.seed, Path(folder))
    started = time.perf_counter()
    film_analysis = analyse(film)
    indexed = time.perf_counter() - started
    analyses = [analyse(r) for r in library]
    started = time.perf_counter()
    findings = spot(film_analysis, analyses)
    matched = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    found, ins, outs, hard_ins, hard_outs = 0, [], [], [], []
    for excerpt in excerpts:
        end = excerpt.start + excerpt.length
        best = max(
            (f for f in findings if f.recording == excerpt.recording),
            key=lambda f: min(f.end, end) - max(f.start, excerpt.start),
            default=None,
        )
        if best is None or min(best.end, end) - max(best.start, excerpt.start) <= excerpt.length / 2:
            how = f"{excerpt.level_db:+.0f} dB, fade {excerpt.fade} s, {excerpt.colour or 'clean'}"
            print(f"  missed: {excerpt.recording} at {excerpt.start:.1f} s, {excerpt.length:.0f} s ({how})")
            continue
        found += 1
        heard_from = excerpt.start + excerpt.fade / 2  # a fade is heard from about its middle
        ins.append(abs(best.start - heard_from))
        outs.append(abs(best.end - (end - excerpt.fade / 2)))
        if not excerpt.fade:
            hard_ins.append(ins[-1])
            hard_outs.append(outs[-1])
    wrong = 0
    for finding in findings:
        on_it = sum(
            max(0.0, min(finding.end, e.start + e.length) - max(finding.start, e.start))
            for e in excerpts
            if e.recording == finding.recording
        )
        if on_it < (finding.end - finding.start) / 2:
            wrong += 1
            print(f"  wrong: recording {finding.recording} at {finding.start:.1f}-{finding.end:.1f} s")
    share = found / len(excerpts)
    mean_error = statistics.mean(ins + outs) if ins else float("inf")
    hard_error = statistics.mean(hard_ins + hard_outs) if hard_ins else float("inf")
    split = f"In {statistics.mean(ins):.2f}, Out {statistics.mean(outs):.2f}" if ins else "none found"
    index_speed, match_speed = FILM_S / indexed, FILM_S / matched
    floors = [
        ("excerpts found", share >= 0.95, f"{found} of {len(excerpts)} = {share:.0%} (floor 95 %)"),
        ("wrong findings", wrong == 0, f"{wrong} (floor 0)"),
        ("In/Out error, mean", mean_error <= 1.0, f"{mean_error:.2f} s ({split}; floor 1.0 s)"),
        ("In/Out error at hard cuts, mean", hard_error <= 0.5, f"{hard_error:.2f} s (floor 0.5 s)"),
        ("film indexed", index_speed >= 60, f"{index_speed:.0f}x real time (floor 60x)"),
        ("matched against 50 recordings", match_speed >= 30, f"{match_speed:.0f}x real time (floor 30x)"),
    ]
    print(f"bench-listen: a {FILM_S} s film, {len(excerpts)} excerpts, 50 recordings, peak {peak_mb:.0f} MB")
    missed = []
    for name, ok, text in floors:
        print(f"  [{'ok ' if ok else 'MISS'}] {name}: {text}")
        if not ok:
            missed.append(name)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
