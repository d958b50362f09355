"""Editors' timelines, measured against issue #12's floors:

- a 3,000-event EDL and a 3,000-clip FCP 7 XML (40 source files, each described once and referred
  to by id after, as editors write them) read and planned (read_timeline + choose_tracks +
  plan_cues) in at most 0.5 s each;
- the review dialog with 500 proposed cues open (built, planned, shown, painted) in at most 0.3 s,
  and scrolling its table from top to bottom with no step over 50 ms.

The files are generated with a known shape: music clips of 40 sources on two tracks (a stereo pair),
cut and crossfaded, with gaps. Medians of ``--runs`` (default 5); exits 1 when a floor is missed.
Run: ./dev bench-timelines   (or .venv/bin/python -m tests.benchmarks.bench_timelines)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cuesheet.domain.timecode import FrameRate, format_timecode

RATE = FrameRate.parse("23.976")
START = 86400  # 01:00:00:00 at 24 frames a second


def clips(count: int) -> list[tuple[int, int, str]]:
    """``count`` clips: (record in, record out, source), about 10 s each, three cut together to a song
    (one cue), then a two-second gap."""
    made, frame = [], START
    for n in range(count):
        length = 240 + (n % 7) * 12
        made.append((frame, frame + length, f"Song {n // 3 % 40:02d}.wav"))
        frame += length + (48 if n % 3 == 2 else 0)
    return made


def edl(count: int) -> bytes:
    lines = ["TITLE: Bench", "FCM: NON-DROP FRAME"]
    for n, (start, end, source) in enumerate(clips(count), 1):
        src = f"{format_timecode(0, RATE)} {format_timecode(end - start, RATE)}"
        rec = f"{format_timecode(start, RATE)} {format_timecode(end, RATE)}"
        lines += [f"{n:04d}  AX  AA  C  {src} {rec}", f"* FROM CLIP NAME: {source}"]
    return ("\n".join(lines) + "\n").encode()


def fcp_xml(count: int) -> bytes:
    """As Premiere and FCP 7 write one: a source file described in full where a clip first uses it,
    and referred to by its id after (40 songs, 3,000 clips)."""
    rate = "<rate><timebase>24</timebase><ntsc>TRUE</ntsc></rate>"
    items, described = [], set()
    for n, (start, end, source) in enumerate(clips(count)):
        file_id = f"file-{source.split()[1].split('.')[0]}"
        if file_id in described:
            file = f'<file id="{file_id}"/>'
        else:
            described.add(file_id)
            file = (f'<file id="{file_id}"><name>{source}</name><pathurl>file:///music/{source}</pathurl>'
                    f"{rate}<duration>100000</duration></file>")  # fmt: skip
        items.append(
            f'<clipitem id="c{n}"><name>{source}</name><duration>{end - start}</duration>{rate}'
            f"<start>{start - START}</start><end>{end - START}</end><in>0</in><out>{end - start}</out>"
            f"{file}</clipitem>"
        )
    timecode = (
        f"<timecode>{rate}<string>01:00:00:00</string><frame>86400</frame>"
        "<displayformat>NDF</displayformat></timecode>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><xmeml version="4"><sequence id="s"><name>Bench</name>'
        f"<duration>{clips(count)[-1][1] - START}</duration>{rate}{timecode}<media><audio>"
        f"<track><name>MX</name>{''.join(items)}</track></audio></media></sequence></xmeml>"
    ).encode()


def median(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def read_and_plan(path: Path) -> int:
    from cuesheet.domain.timeline_cues import choose_tracks, plan_cues
    from cuesheet.interchange.timelines import read_timeline

    timeline = read_timeline(path, RATE)
    return len(plan_cues(timeline, choose_tracks(timeline)).cues)


def dialog(path: Path, runs: int) -> tuple[float, float, int]:
    from PySide6.QtWidgets import QApplication

    from cuesheet.interchange.timelines import read_timeline
    from cuesheet.ui.timeline_import_dialog import TimelineImportDialog

    app = QApplication.instance() or QApplication([])
    timeline = read_timeline(path, RATE)
    opened, worst, rows = [], 0.0, 0
    for _ in range(runs):
        started = time.perf_counter()
        shown = TimelineImportDialog(timeline, path.name)
        shown.show()
        shown.repaint()
        app.processEvents()
        opened.append(time.perf_counter() - started)
        rows = shown.model.rowCount()
        bar = shown.table.verticalScrollBar()
        for value in range(0, bar.maximum() + 1, max(1, bar.pageStep())):
            step = time.perf_counter()
            bar.setValue(value)
            shown.table.viewport().repaint()
            worst = max(worst, time.perf_counter() - step)
        shown.close()
        shown.deleteLater()
        app.processEvents()
    return statistics.median(opened), worst, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    missed = []
    with tempfile.TemporaryDirectory() as folder:
        for name, make, floor in (("3,000-event EDL", edl, 0.5), ("3,000-clip FCP 7 XML", fcp_xml, 0.5)):
            path = Path(folder) / ("bench.edl" if make is edl else "bench.xml")
            path.write_bytes(make(3000))
            cues = read_and_plan(path)
            seconds = median(args.runs, lambda p=path: read_and_plan(p))
            ok = seconds <= floor
            missed += [] if ok else [name]
            print(f"  {name:<24} read + planned {seconds * 1000:7.1f} ms  ({cues} cues)  "
                  f"floor {floor * 1000:.0f} ms {'ok' if ok else 'MISSED'}", flush=True)  # fmt: skip
        path = Path(folder) / "review.edl"
        path.write_bytes(edl(1500))  # three clips a cue: 500 cues
        opened, worst, rows = dialog(path, args.runs)
        ok = opened <= 0.3 and worst <= 0.05
        missed += [] if ok else ["review dialog"]
        print(f"  review dialog, {rows} cues: opened {opened * 1000:6.1f} ms (floor 300), "
              f"worst scroll step {worst * 1000:5.1f} ms (floor 50) {'ok' if ok else 'MISSED'}")  # fmt: skip
    if missed:
        print(f"floors missed: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
