"""Kill a writer with SIGKILL at random moments, many times; report what was lost (as JSON).

python tests/tools/crash_writer.py PROJECT KILLS SEED

A single-threaded launcher forks a child per round (no re-import, so rounds are fast). The child
opens the project and adds cues one edit at a time, writing each cue's id to a pipe only after the
edit returned (committed). The parent waits for the child's first acknowledged edit, kills it a
random 0–60 ms later (timed from the child's own progress, so a busy machine that starts the child
late still kills it while it writes), then reopens the project: every acknowledged cue must be
there and the integrity check must say ok.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import sys
import time
from pathlib import Path

from cuesheet.domain.commands import AddCues
from cuesheet.domain.cue import Cue
from cuesheet.domain.history import Document
from cuesheet.domain.rights import Work
from cuesheet.store import writing
from cuesheet.store.project_file import ProjectFile


def child(path: Path, ack: int, round_number: int) -> None:
    sheet, project = ProjectFile.open(path, break_stale_lock=True)
    document = Document(project, sheet)
    for index in range(100_000):
        work = Work(f"Round {round_number} edit {index}")
        start = 86400 + round_number * 100_000 + index * 10
        cue = Cue(start, start + 5, work.id, "")
        document.execute(AddCues([cue], [work]))
        os.write(ack, f"{cue.id}\n".encode())


def _first_line(descriptor: int) -> str:
    """Bytes from the pipe up to the first line end (unbuffered: the rest stays in the pipe)."""
    found = b""
    while not found.endswith(b"\n"):
        chunk = os.read(descriptor, 1)
        if not chunk:  # the child ended before any edit
            break
        found += chunk
    return found.decode()


def main() -> int:
    path, kills, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    writing.warm()  # loaded once here, as the window does: a child killed within 80 ms must get to edit
    acknowledged = lost = integrity_failures = hot_journals = 0
    for round_number in range(kills):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            try:
                child(path, write_end, round_number)
            finally:
                os._exit(0)
        os.close(write_end)
        first = _first_line(read_end)  # the child has committed one edit
        time.sleep(rng.uniform(0.0, 0.06))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_end) as pipe:
            acked = {line.strip() for line in [first, *pipe] if line.strip()}
        journal = Path(f"{path}-journal")
        hot_journals += journal.is_file() and journal.stat().st_size > 0  # killed mid-transaction
        sheet, project = ProjectFile.open(path, break_stale_lock=True)  # rolls back a hot journal
        sheet.close()
        conn = sqlite3.connect(path)
        integrity_failures += conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
        conn.close()
        acknowledged += len(acked)
        lost += len(acked - set(project.cues))
    print(json.dumps({"kills": kills, "acknowledged": acknowledged, "lost": lost,
                      "integrity_failures": integrity_failures, "hot_journals": hot_journals}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
