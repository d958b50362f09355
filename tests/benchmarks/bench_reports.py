"""Report floors of issue #5: 1,000 cues with 3 parties each → PDF ≤ 2 s, CSV ≤ 0.3 s.

Run: ./dev bench-reports
"""

from __future__ import annotations

import statistics
import sys
import time
from decimal import Decimal

from cuesheet.domain.cue import Cue
from cuesheet.domain.rights import Interest, Party, Role, Work
from cuesheet.reports.cue_sheet_csv import cue_sheet_csv
from cuesheet.reports.cue_sheet_pdf import cue_sheet_pdf
from cuesheet.reports.cue_sheet_xlsx import cue_sheet_xlsx
from tests.factories import empty_project


def thousand_cues():  # type: ignore[no-untyped-def]
    project = empty_project("23.976")
    project.production.running_time = 24 * 3600 * 3
    parties = [Party(f"Writer {i}, Name", "ASCAP", f"{i:011d}") for i in range(200)]
    project.parties = {p.id: p for p in parties}
    start = project.production.start_frame
    for index in range(1000):
        roles = (Role.CA, Role.CA, Role.E)
        shares = (Decimal(50), Decimal(50), Decimal(100))
        interests = [Interest(parties[(index + k) % 200].id, roles[k], shares[k]) for k in range(3)]
        work = Work(f"Cue title number {index}", "T0345246801", interests)
        project.works[work.id] = work
        cue = Cue(
            start + index * 200,
            start + index * 200 + 180,
            work.id,
            f"{1 + index // 100}M{index % 100 + 1:02d}",
        )
        project.cues[cue.id] = cue
    return project


def best_of(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def main() -> int:
    project = thousand_cues()
    cue_sheet_pdf(project)  # fonts registered, modules warm
    results = {
        "PDF": (best_of(3, lambda: cue_sheet_pdf(project)), 2.0),
        "CSV": (best_of(5, lambda: cue_sheet_csv(project)), 0.3),
        # No issue sets one; ours: a workbook should not take longer than the PDF's floor.
        "XLSX": (best_of(3, lambda: cue_sheet_xlsx(project)), 2.0),
    }
    missed = 0
    for name, ((best, median), floor) in results.items():
        ok = median <= floor
        missed += not ok
        mark = "ok " if ok else "MISS"
        figures = f"median {median:.3f} s, best {best:.3f} s, floor {floor} s"
        print(f"  [{mark}] {name}, 1,000 cues x 3 parties: {figures}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
