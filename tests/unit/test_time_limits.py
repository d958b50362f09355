"""CI must not fail because the machine is busy: no floor on an absolute time in a gate (issue #11).

A floor (2 s cold start, 100 ms cached waveform, 2 frames off the wall clock) belongs in a benchmark
(``./dev bench``, ``./dev bench-ui``). A test may fail on a hang-sized limit, on a ratio measured in
the same run, or on what the clock itself reports.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HANG_MIN_S = 10.0
# ``clock() - started < N`` (or <=) with a literal N, in seconds.
ELAPSED = re.compile(r"(?:perf_counter|monotonic|time)\(\)\s*-\s*\w+\s*<=?\s*([0-9][0-9_.]*)\b")
# In-process work of milliseconds, where the issue's own promise ("within 5 s") is hang-sized.
HANG_SIZED_THERE = {
    "tests/unit/test_hostile_files.py": 5.0,
    "tests/unit/test_otio_timelines.py": 5.0,
    "tests/unit/test_fcpxml.py": 5.0,
}


def test_no_test_asserts_a_floor_on_elapsed_time() -> None:
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("tests/benchmarks/"):
            continue  # where the floors live
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in ELAPSED.finditer(line):
                limit = float(match.group(1).replace("_", ""))
                if limit < HANG_SIZED_THERE.get(relative, HANG_MIN_S):
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "absolute-time floors in tests (move them to a benchmark):\n" + "\n".join(offenders)


SMOKE = ROOT / "packaging" / "smoke-test.sh"


def _start_gate(cold_start: str, floors: str) -> subprocess.CompletedProcess[str]:
    """Run the smoke test's start-time verdict on a given figure (the block between its markers)."""
    text = SMOKE.read_text(encoding="utf-8")
    settings = re.findall(r"^START_\w+=\S+", text, re.M)
    block = text[text.index("  # Issue #7's floor") : text.index('  pass "GUI under Xvfb')]
    script = "\n".join(
        [
            *settings,
            'fail() { echo "FAIL $*" >&2; exit 1; }',
            f"starts=({cold_start} 1.0 1.0)",
            f"CUESHEET_SMOKE_FLOORS={floors}",
            block,
            'echo "verdict $verdict"',
        ]
    )
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize(
    ("seconds", "floors", "passes"),
    [
        ("1.40", "0", True),
        ("2.70", "0", True),  # the busy-machine start that failed a fresh-clone CI run
        ("2.70", "1", False),  # the floor, when asked for on an idle machine
        ("45.0", "0", False),  # a hang
        ("0", "0", False),  # no figure at all
    ],
)
def test_the_bundle_smoke_test_fails_on_a_hang_not_a_busy_machine(
    seconds: str, floors: str, passes: bool
) -> None:
    result = _start_gate(seconds, floors)
    assert (result.returncode == 0) is passes, result.stderr + result.stdout
