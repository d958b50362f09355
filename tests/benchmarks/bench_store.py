"""The store's writes, measured (issue #14 §5): what a user waits for when rows are written.

- ``edit``: one cue renamed (its work's title: the work's row and its interests rewritten), the
  command run through ``Document.execute`` on a project file open for writing, at 5,000 and 50,000
  cues: the median of 40 (and the first) after a create, and the first edit of a new process, cold
  and warmed as the window warms it;
- ``save a copy``: ``ProjectFile.save_copy`` of 50,000 cues;
- ``create``: ``ProjectFile.create`` of a project of 5,000 and 50,000 cues (every table filled);
- ``csv import``: a cue-sheet CSV of 5,000 rows appended to an empty project, ``import_csv`` in
  this process and ``cuesheet import`` as a process (start to exit);
- ``cuesheet new``: the command as a process, start to exit.

Medians of ``--runs`` (default 3; the box is shared). No floors: the figures are for before/after.
Run: .venv/bin/python -m tests.benchmarks.bench_store [--sizes 5000 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks.bench_reports import project_of


def timed(runs: int, work: Callable[[], object], before: Callable[[], object] = lambda: None) -> float:
    """The median seconds of ``runs`` calls of ``work`` (``before`` each, not timed)."""
    times = []
    for _ in range(runs):
        before()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def show(name: str, seconds: float) -> None:
    print(f"  {name:<34} {seconds * 1000:9.1f} ms", flush=True)


def edits(path: Path, cues: int) -> None:
    from cuesheet.domain.commands import EditWork
    from cuesheet.domain.history import Document
    from cuesheet.store.project_file import ProjectFile

    file, project = ProjectFile.open(path)
    try:
        document = Document(project, file)
        work_id = next(iter(project.cues.values())).work_id
        times = []
        for n in range(41):
            started = time.perf_counter()
            document.execute(EditWork(work_id, title=f"Cue title renamed {n}"))
            times.append(time.perf_counter() - started)
        show(f"edit (rename) {cues:,}: first", times[0])
        show(f"edit (rename) {cues:,}: median of 40", statistics.median(times[1:]))
    finally:
        file.close()


FIRST_EDIT = """
import sys, time
from cuesheet.domain.commands import EditWork
from cuesheet.domain.history import Document
from cuesheet.store.project_file import ProjectFile
file, project = ProjectFile.open(sys.argv[1])
if sys.argv[2] == "warm":
    import numpy  # loaded in the window before its first paint (the timeline)
    from cuesheet.store import writing
    writing.warm() if hasattr(writing, "warm") else None
started = time.perf_counter()
Document(project, file).execute(EditWork(next(iter(project.cues.values())).work_id, title="Renamed"))
print(time.perf_counter() - started)
file.close()
"""


def first_edit(path: Path, cues: int, runs: int) -> None:
    """The first edit of a new process: cold (nothing loaded), and as in the window (numpy loaded,
    the writer warmed in the background after the first paint)."""
    for how in ("cold", "warm"):
        times = []
        for _ in range(runs):
            done = subprocess.run([sys.executable, "-c", FIRST_EDIT, str(path), how], capture_output=True)
            if done.returncode:
                raise SystemExit(done.stderr.decode()[-400:])
            times.append(float(done.stdout.decode().split()[-1]))
        show(f"edit (rename) {cues:,}: new process, {how}", statistics.median(times))


def command(*args: str) -> Callable[[], None]:
    def run() -> None:
        done = subprocess.run([sys.executable, "-m", "cuesheet", *args], capture_output=True)
        if done.returncode:
            raise SystemExit(f"cuesheet {' '.join(args)} failed: {done.stderr.decode()[-400:]}")

    return run


def numbered(folder: Path, stem: str) -> Callable[[], Path]:
    """A new path in ``folder`` at each call."""
    count = iter(range(10**6))
    return lambda: folder / f"{stem}-{next(count)}.cuesheet"


def at_scale(cues: int, folder: Path, runs: int, only: list[str]) -> None:
    from cuesheet.store.project_file import ProjectFile

    project = project_of(cues)
    path = folder / f"bench-{cues}.cuesheet"
    ProjectFile.create(path, project).close()
    if "create" in only:
        made = numbered(folder, f"made-{cues}")
        show(f"create {cues:,}", timed(runs, lambda: ProjectFile.create(made(), project).close()))
    if "edit" in only:
        edits(path, cues)
        first_edit(path, cues, runs)
    if "copy" in only and cues >= 50_000:
        file, _ = ProjectFile.open(path)
        copy = numbered(folder, "copy")
        show(f"save a copy {cues:,}", timed(runs, lambda: file.save_copy(copy())))
        file.close()


def imports(folder: Path, runs: int) -> None:
    from cuesheet.project_service import create_project, import_csv
    from cuesheet.reports.cue_sheet_csv import cue_sheet_csv

    csv = folder / "5000.csv"
    csv.write_bytes(cue_sheet_csv(project_of(5000)))
    fresh_path = numbered(folder, "import")
    target = folder / "none"

    def fresh() -> None:
        nonlocal target
        target = fresh_path()
        create_project(target, "Imported", "23.976", None, None)

    show("csv import 5,000 (in process)", timed(runs, lambda: import_csv(target, csv), fresh))
    process = timed(runs, lambda: command("import", str(target), str(csv))(), fresh)
    show("cuesheet import 5,000 (process)", process)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[5000, 50_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=["create", "edit", "copy", "import", "new"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for cues in args.sizes:
            at_scale(cues, folder, args.runs, args.only)
        if "import" in args.only:
            imports(folder, args.runs)
        if "new" in args.only:
            new = numbered(folder, "new")
            show(
                "cuesheet new (process)",
                timed(max(args.runs, 5), lambda: command("new", str(new()), "--title", "T")()),
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
