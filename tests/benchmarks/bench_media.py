"""Media benchmarks with the floors of issues #3 and #11. Run: ./dev bench   (not part of the test run)

Prints each figure next to its floor, writes bench-media.json, exits 1 when a floor is missed.
Generated media is kept in $CUESHEET_BENCH_DIR (default ~/.cache/cuesheet-bench) between runs.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import numpy as np

from cuesheet.domain.timecode import FrameRate, frames_to_ms
from cuesheet.media.frames import FrameSource
from cuesheet.media.synth import SAMPLE_RATE, Segment, read_index, write_film

RATE = FrameRate(Fraction(24000, 1001))
FOLDER = Path(os.environ.get("CUESHEET_BENCH_DIR", Path.home() / ".cache" / "cuesheet-bench"))
results: dict[str, object] = {}
failures: list[str] = []


def report(name: str, value: float, floor: float, unit: str, lower_is_better: bool = True) -> None:
    ok = value <= floor if lower_is_better else value >= floor
    mark = "ok " if ok else "MISS"
    relation = "<=" if lower_is_better else ">="
    print(f"  [{mark}] {name}: {value:.3f} {unit} (floor {relation} {floor} {unit})", flush=True)
    results[name] = {"value": round(value, 4), "floor": floor, "unit": unit, "ok": ok}
    if not ok:
        failures.append(name)


def note(name: str, value: object) -> None:
    print(f"         {name}: {value}", flush=True)
    results[name] = value


def film(name: str, seconds: float, size: tuple[int, int], **options: object) -> Path:
    path = FOLDER / name
    if not path.exists():
        print(f"  generating {name} …", flush=True)
        FOLDER.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part.mp4")
        write_film(partial, seconds, RATE, size, "01:00:00:00", **options)  # type: ignore[arg-type]
        partial.rename(path)
    return path


# -- 1. frame exactness --------------------------------------------------------------------------


def bench_exactness() -> None:
    print("1. frame exactness: 200 random frames, read back from the painted index", flush=True)
    clips = {
        "H.264 1280x720 with B-frames": film(
            "720p_bf.mp4", 30, (1280, 720), b_frames=True, gop=48, detail=True
        ),
        "H.264 1280x720 intra-only": film("720p_intra.mp4", 30, (1280, 720), gop=1, detail=True),
    }
    for label, path in clips.items():
        with FrameSource(path) as source:
            wanted = random.Random(3).sample(range(source.frame_count), 200)
            exact = sum(read_index(source.rgb(n)) == n for n in wanted)
        report(f"frame source exact, {label}", exact, 200, "frames", lower_is_better=False)
        vlc = vlc_paused_seek_baseline(path, wanted)
        if vlc is not None:
            exact_vlc, offsets = vlc
            spread = f"offsets {min(offsets)}…{max(offsets)} frames" if offsets else ""
            note(f"baseline: VLC paused set_time exact, {label}", f"{exact_vlc}/{len(wanted)} {spread}")


def vlc_paused_seek_baseline(path: Path, frames: list[int]) -> tuple[int, list[int]] | None:
    import av

    from cuesheet.media.playback import PlaybackUnavailable, VlcPlayback

    try:
        vlc = VlcPlayback(headless=True)
    except PlaybackUnavailable as error:
        note("baseline: VLC", f"skipped: libVLC missing ({error})")
        return None
    try:
        vlc.load(path)
        vlc.play()
        time.sleep(0.5)
        vlc.pause()
        time.sleep(0.3)
        exact, offsets = 0, []
        shot = Path(tempfile.mkdtemp()) / "vlc.png"

        def shown_now() -> int | None:
            if not vlc.snapshot(shot):
                return None
            with av.open(str(shot)) as png:
                return read_index(next(png.decode(video=0)).to_ndarray(format="rgb24"))

        for n in frames:
            vlc.set_time(frames_to_ms(n, RATE))
            # Give VLC every chance: wait until its picture stops changing (up to 2 s).
            shown, previous, deadline = None, -1, time.monotonic() + 2
            while time.monotonic() < deadline:
                time.sleep(0.1)
                shown = shown_now()
                if shown is not None and shown == previous:
                    break
                previous = shown
            if shown is None:
                continue
            exact += shown == n
            offsets.append(shown - n)
        return exact, offsets
    finally:
        vlc.close()


# -- 2. stepping ---------------------------------------------------------------------------------


def bench_stepping() -> None:
    print("2. stepping on H.264 1920x1080, 2-second GOPs, as the UI asks (960x540 RGB)", flush=True)
    path = film("1080p_gop48_grain.mp4", 20, (1920, 1080), b_frames=True, gop=48, detail=True)
    rng = random.Random(5)
    forward, backward, first_back = [], [], []
    with FrameSource(path) as source:
        for _ in range(20):
            start = rng.randrange(60, source.frame_count - 60)
            source.rgb(start, 960, 540)
            for n in range(start + 1, start + 11):
                t = time.perf_counter()
                source.rgb(n, 960, 540)
                forward.append(time.perf_counter() - t)
        for _ in range(12):
            start = rng.randrange(100, source.frame_count - 10)
            source.close()
            source = FrameSource(path)  # cold: nothing cached
            source.rgb(start, 960, 540)
            for n in range(start - 1, start - 25, -1):
                t = time.perf_counter()
                source.rgb(n, 960, 540)
                backward.append(time.perf_counter() - t)
            first_back.append(backward[-24])
        source.close()
    report("one frame forward, median", statistics.median(forward) * 1000, 40, "ms")
    report("one frame backward, median", statistics.median(backward) * 1000, 120, "ms")
    note("one frame backward, slowest (crossing into the previous GOP)", f"{max(backward) * 1000:.0f} ms")
    note("forward, slowest", f"{max(forward) * 1000:.0f} ms")


# -- 3. waveform ---------------------------------------------------------------------------------


def two_hour_audio() -> Path:
    import av

    path = FOLDER / "two_hours_48k_stereo.m4a"
    if path.exists():
        return path
    print("  generating 2 hours of 48 kHz stereo AAC (about two minutes, once) …", flush=True)
    FOLDER.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part.m4a")
    chunk = 1024
    t = np.arange(chunk) / SAMPLE_RATE
    with av.open(str(partial), "w", format="mp4") as container:
        stream = container.add_stream("aac", rate=SAMPLE_RATE, layout="stereo")
        for index in range(7200 * SAMPLE_RATE // chunk):
            seconds = index * chunk / SAMPLE_RATE
            level = 0.4 if int(seconds / 30) % 2 else 0.05  # 30 s of music, 30 s of quiet
            mono = (level * np.sin(2 * np.pi * 220 * (t + seconds))).astype(np.float32)
            frame = av.AudioFrame.from_ndarray(np.stack([mono, mono]), format="fltp", layout="stereo")
            frame.sample_rate, frame.pts = SAMPLE_RATE, index * chunk
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    partial.rename(path)
    return path


def _decode_only(path: Path) -> float:
    import av

    started = time.perf_counter()
    with av.open(str(path)) as container:
        for _ in container.decode(audio=0):
            pass
    return time.perf_counter() - started


def bench_waveform() -> None:
    from cuesheet.media.waveform import compute_peaks, waveform

    print(
        "3. waveform of a 2-hour 48 kHz stereo AAC track (best of 3, interleaved: this VM is noisy)",
        flush=True,
    )
    path = two_hour_audio()
    floors, totals, firsts = [], [], []
    for _ in range(3):
        floors.append(_decode_only(path))
        first: list[float] = []
        started = time.perf_counter()

        def on_partial(_: object, first: list[float] = first, started: float = started) -> None:
            if not first:
                first.append(time.perf_counter() - started)

        peaks = compute_peaks(path, partial=on_partial)
        totals.append(time.perf_counter() - started)
        firsts.append(first[0] if first else totals[-1])
        assert peaks is not None
    floor, total = min(floors), min(totals)
    note(
        "decode alone (the floor), best of 3", f"{floor:.2f} s (all: {', '.join(f'{t:.2f}' for t in floors)})"
    )
    note("waveform, best of 3", f"{total:.2f} s (all: {', '.join(f'{t:.2f}' for t in totals)})")
    report("waveform total / decode alone", total / floor, 1.5, "x")
    report("first peaks available (slowest of 3)", max(firsts), 1.0, "s")
    cache = Path(tempfile.mkdtemp())
    waveform(path, cache)
    started = time.perf_counter()
    waveform(path, cache)
    report("cached reopen", (time.perf_counter() - started) * 1000, 100, "ms")


# -- 4. clock ------------------------------------------------------------------------------------


def bench_clock() -> None:
    from cuesheet.media.player import Player

    print("4. clock: 10 s of headless playback polled every 16 ms", flush=True)
    path = film("clock_720p.mp4", 14, (640, 360), segments=[Segment(0, 14, "pad")], gop=48)
    player = Player(RATE, round(14 * RATE.rate), headless=True)
    if player.unavailable:
        note("clock", f"skipped: libVLC missing ({player.unavailable})")
        return
    try:
        player.load(path)
        player.play()
        samples = []
        started = time.monotonic()
        while time.monotonic() - started < 10.5:
            player.pump()
            samples.append((time.monotonic(), player.position(), player.playing))
            time.sleep(0.016)
    finally:
        player.close()
    running = [(t, f) for t, f, playing in samples if playing]
    steps = [b[1] - a[1] for a, b in pairwise(running)]
    report("backward steps", sum(1 for s in steps if s < 0), 0, "polls")
    report("largest jump between polls", max(steps), 2, "frames")
    t0, f0 = running[0]
    expected = f0 + (running[-1][0] - t0) * float(RATE.rate)
    report("end vs wall time x rate", abs(running[-1][1] - expected), 2, "frames")
    note("polls while playing", len(running))


# -- 5. the picture against the clock, in a real window ------------------------------------------

PICTURE_TOOL = Path(__file__).resolve().parents[1] / "tools" / "xvfb_playback_check.py"


def bench_picture(runs: int = 3) -> None:
    """What the user sees: VLC's picture read from the screen against the app's clock (issue #11)."""
    import shutil
    import subprocess

    print(f"5. picture vs clock: libVLC in the window on Xvfb, 1x then 2x ({runs} runs)", flush=True)
    command = [sys.executable, str(PICTURE_TOOL), "--lag"]
    if not os.environ.get("DISPLAY"):
        if not shutil.which("xvfb-run"):
            note("picture vs clock", "skipped: no display and no xvfb-run")
            return
        command = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", *command]
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "CUESHEET_DATA_DIR": tempfile.mkdtemp()}
    lags: dict[str, list[float]] = {"lag_1x": [], "lag_2x": []}
    for _ in range(runs):
        done = subprocess.run(command, capture_output=True, text=True, timeout=180, env=env)
        if done.returncode != 0:
            note("picture vs clock", f"failed: {done.stderr[-300:]}")
            return
        facts = json.loads(done.stdout.strip().splitlines()[-1])
        if facts.get("unavailable"):
            note("picture vs clock", f"skipped: {facts['unavailable']}")
            return
        for key in lags:
            lags[key] += facts[key]
    for key, floor in (("lag_1x", 2), ("lag_2x", 3)):
        speed = key.removeprefix("lag_")
        values = lags[key]
        note(f"picture behind the clock at {speed}, median", f"{statistics.median(values):.1f} frames")
        report(f"picture vs clock at {speed}, largest", max(abs(v) for v in values), floor, "frames")


# -- 6. refusing broken films -------------------------------------------------------------------


def bench_refusals() -> None:
    """``cuesheet probe`` on damaged files: a one-line refusal within 5 s, process start included
    (the tests only hold it to a hang-sized limit)."""
    import subprocess

    print("6. refusing broken films: cuesheet probe, from process start", flush=True)
    good = film("refuse.mp4", 3, (160, 90), gop=24).read_bytes()
    folder = Path(tempfile.mkdtemp())
    cases = {"empty": b"", "random": bytes(range(256)) * 64, "truncated": good[: len(good) // 2]}
    slowest = 0.0
    for name, content in cases.items():
        path = folder / f"{name}.mp4"
        path.write_bytes(content)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "cuesheet", "probe", str(path)], capture_output=True, timeout=120
        )
        slowest = max(slowest, time.perf_counter() - started)
        assert done.returncode != 0, name
    report("slowest refusal of a broken film", slowest, 5.0, "s")


def main() -> int:
    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp())
    only = set(sys.argv[1:])
    for name, bench in [
        ("exactness", bench_exactness),
        ("stepping", bench_stepping),
        ("waveform", bench_waveform),
        ("clock", bench_clock),
        ("picture", bench_picture),
        ("refusals", bench_refusals),
    ]:
        if not only or name in only:
            bench()
    Path("bench-media.json").write_text(json.dumps(results, indent=2))
    print(f"\n{len(failures)} floor(s) missed" + (f": {', '.join(failures)}" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
