"""Report and command-line floors at scale (issue #14; issue #5's at 1,000 cues).

A project of N cues (5,000 and 50,000; 3 parties per work; a quarter licensed songs with a recording
and sync + master licences, a quarter library with an all-in licence, half score under one composer
agreement) is written once, then measured:

- ``open``: the store reading the file into a project (in this process, median of 3): all of it
  (what ``check`` and the PDF read), what ``info`` reads and what the CSV and XLSX exports read, so
  that each command's figure can be split into reading and the rest;
- ``export csv/xlsx/pdf``, ``info``, ``check``: the ``cuesheet`` command as a user runs it, process
  start to exit (reading the file included), median of 3;
- the 1,000-cue in-process floors of issue #5 (PDF ≤ 2 s, CSV ≤ 0.3 s).

Floors apply at 50,000 cues (issue #14): CSV ≤ 1 s, XLSX ≤ 5 s, PDF ≤ 10 s, info ≤ 0.5 s,
check ≤ 1 s. Run: ./dev bench-reports   (``--sizes 5000`` for one size; ``--keep DIR`` keeps the files)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.domain.cue import Cue
from cuesheet.domain.licences import Licence, Side, Status
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Interest, Party, Recording, Role, Work
from cuesheet.domain.usage import Origin
from tests.factories import empty_project

FLOORS_50K = {"export csv": 1.0, "export xlsx": 5.0, "export pdf": 10.0, "info": 0.5, "check": 1.0}
missed: list[str] = []


def project_of(cues: int) -> Project:
    """``cues`` cues of 7.5 s every 8 s (some overlap the next), each with its own work."""
    project = empty_project("23.976")
    project.production.running_time = 24 * (8 * cues + 60)
    parties = [Party(f"Writer {i}, Name", "ASCAP", f"{i:011d}") for i in range(300)]
    project.parties = {p.id: p for p in parties}
    agreement = ComposerAgreement("Marlow, Ada", "CA-1", "2025-01-10")
    project.agreements[agreement.id] = agreement
    start = project.production.start_frame
    roles, shares = (Role.CA, Role.CA, Role.E), (Decimal(50), Decimal(50), Decimal(100))
    for index in range(cues):
        interests = [Interest(parties[(index + k) % 300].id, roles[k], shares[k]) for k in range(3)]
        work = Work(f"Cue title number {index}", "T0345246801", interests)
        project.works[work.id] = work
        origin = (Origin.LICENSED, Origin.LIBRARY, Origin.SCORE, Origin.SCORE)[index % 4]
        cue = Cue(start + index * 192, start + index * 192 + 180 + 20 * (index % 7 == 0), work.id,
                  f"{1 + index // 100}M{index % 100 + 1:02d}", origin)  # fmt: skip
        if origin is not Origin.SCORE:
            recording = Recording(f"Artist {index}", "Label", "USRC17607839", "Atlas" * (index % 4 == 1),
                                  f"AT-{index}", "1")  # fmt: skip
            project.recordings[recording.id] = recording
            cue.recording_id = recording.id
            publisher = parties[(index + 2) % 300].id
            sides = [(Side.SYNC, publisher), (Side.MASTER, None)]
            if origin is Origin.LIBRARY:
                sides = [(Side.ALL_IN, None)]
            for side, party in sides:
                licence = Licence(side, work.id if side is Side.SYNC else None,
                                  None if side is Side.SYNC else recording.id, party, f"Licensor {index}",
                                  quoted_fee=Decimal(1500), term="perpetuity", territory="World",
                                  status=Status.LICENSED if index % 3 else Status.QUOTED)  # fmt: skip
                project.licences[licence.id] = licence
        project.cues[cue.id] = cue
    return project


def timed(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    """(median, best) seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times)


def command(*args: str) -> Callable[[], object]:
    def run() -> None:
        done = subprocess.run([sys.executable, "-m", "cuesheet", *args], capture_output=True)
        if done.returncode not in (0, 1):  # check exits 1 when it finds errors
            raise SystemExit(f"cuesheet {' '.join(args)} failed: {done.stderr.decode()[-400:]}")

    return run


def show(name: str, cues: int, median: float, best: float, floor: float | None) -> None:
    figures = f"median {median:6.3f} s, best {best:6.3f} s"
    if floor is None:
        print(f"  [   ] {name:<12} {cues:>6,} cues: {figures}", flush=True)
        return
    ok = median <= floor
    if not ok:
        missed.append(f"{name} at {cues:,}")
    mark = "ok " if ok else "MISS"
    print(f"  [{mark}] {name:<12} {cues:>6,} cues: {figures}  (floor {floor} s)", flush=True)


def at_scale(cues: int, folder: Path) -> None:
    from cuesheet.project_service import SUMMARY_READS
    from cuesheet.reports.formats import reads
    from cuesheet.store.project_file import ProjectFile

    path = folder / f"bench-{cues}.cuesheet"
    if not path.exists():
        started = time.perf_counter()
        ProjectFile.create(path, project_of(cues)).close()
        print(f"  (wrote {path.name} in {time.perf_counter() - started:.1f} s)", flush=True)

    def read(parts: tuple[str, ...] | None) -> Callable[[], object]:
        return lambda: ProjectFile.open(path, read_only=True, parts=parts)[0].close()

    floors = FLOORS_50K if cues >= 50_000 else {}
    for name, parts in (("open", None), ("open (info)", SUMMARY_READS), ("open (csv)", reads("csv"))):
        show(name, cues, *timed(3, read(parts)), None)
    out = folder / "out"
    for fmt in ("csv", "xlsx", "pdf"):
        export = command("export", str(path), "--format", fmt, "-o", str(out))
        show(f"export {fmt}", cues, *timed(3, export), floors.get(f"export {fmt}"))
    for name in ("info", "check"):
        show(name, cues, *timed(3, command(name, str(path))), floors.get(name))


def issue_5_floors() -> None:
    """Issue #5: 1,000 cues x 3 parties, in process: PDF ≤ 2 s, CSV ≤ 0.3 s (XLSX: ours, ≤ 2 s)."""
    from cuesheet.reports.cue_sheet_csv import cue_sheet_csv
    from cuesheet.reports.cue_sheet_pdf import cue_sheet_pdf
    from cuesheet.reports.cue_sheet_xlsx import cue_sheet_xlsx

    project = project_of(1000)
    cue_sheet_pdf(project)  # fonts registered, modules warm
    for name, work, runs, floor in (("pdf", cue_sheet_pdf, 3, 2.0), ("csv", cue_sheet_csv, 5, 0.3),
                                    ("xlsx", cue_sheet_xlsx, 3, 2.0)):  # fmt: skip
        show(f"render {name}", 1000, *timed(runs, lambda work=work: work(project)), floor)  # type: ignore[misc]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[5000, 50_000])
    parser.add_argument("--keep", type=Path, help="folder for the project files (reused when present)")
    args = parser.parse_args()
    issue_5_floors()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        for cues in args.sizes:
            at_scale(cues, folder)
    print(f"{len(missed)} floor(s) missed{': ' + ', '.join(missed) if missed else ''}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
