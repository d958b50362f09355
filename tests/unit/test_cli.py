"""The command line as a user runs it: real processes, exit codes, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cuesheet import __version__
from cuesheet.reports.cue_sheet_csv import cue_sheet_csv
from tests.factories import rich_project


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CUESHEET_DEBUG": ""}
    return subprocess.run(
        [sys.executable, "-m", "cuesheet", *map(str, args)],
        capture_output=True, text=True, timeout=120, env=env, cwd=cwd,
    )  # fmt: skip


def assert_one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cuesheet: ")
    assert fragment in lines[0]


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"cuesheet {__version__}"


def test_new_info_import_export(tmp_path: Path) -> None:
    project = tmp_path / "film.cuesheet"
    created = run("new", project, "--title", "My Film", "--rate", "29.97df", "--start-tc", "00:59:58;00")
    assert created.returncode == 0, created.stderr
    info = json.loads(run("info", project, "--json").stdout)
    assert {k: info[k] for k in ("title", "rate", "drop_frame", "start_timecode", "media", "cues")} == {
        "title": "My Film",
        "rate": "30000/1001",
        "drop_frame": True,
        "start_timecode": "00:59:58;00",
        "media": {"path": None, "found": False},
        "cues": 0,
    }
    assert info["music_duration_frames"] == 0

    sheet = tmp_path / "in.csv"
    sheet.write_bytes(cue_sheet_csv(rich_project("29.97df")))
    imported = run("import", project, sheet)
    assert imported.returncode == 0, imported.stderr
    assert "Imported 4 cues" in imported.stdout
    info = json.loads(run("info", project, "--json").stdout)
    assert info["cues"] == 4 and info["music_duration_frames"] > 0
    # info's total is the sheet's: the sum of the durations the CSV prints, line by line.
    rows = csv.DictReader(io.StringIO(sheet.read_text("utf-8-sig")))
    printed = {row["Seq"]: row["Duration"] for row in rows if row["Seq"]}  # a row per party: once per cue
    seconds = [int(m) * 60 + int(s) for m, s in (d.split(":") for d in printed.values())]
    assert info["music_printed_seconds"] == sum(seconds)
    assert sum(info["music_by_usage_seconds"].values()) == info["music_printed_seconds"]

    out = tmp_path / "out.csv"
    exported = run("export", project, "--format", "csv", "-o", out)
    assert exported.returncode == 0, exported.stderr
    # The same cue rows and totals; the production header below them is each project's own.
    assert out.read_bytes().split(b",,Title: ")[0] == sheet.read_bytes().split(b",,Title: ")[0]
    text = run("info", project)
    assert "Title:" in text.stdout and "My Film" in text.stdout


def test_info_json_keys_are_the_contract(tmp_path: Path) -> None:
    project = tmp_path / "p.cuesheet"
    run("new", project, "--title", "T")
    info = json.loads(run("info", project, "--json").stdout)
    required = {"title", "rate", "drop_frame", "start_timecode", "media", "cues", "music_duration_frames"}
    assert required <= set(info)
    assert set(info["media"]) == {"path", "found"}


def test_new_takes_rate_and_start_from_the_film(tmp_path: Path, short_film: Path) -> None:
    project = tmp_path / "from film.cuesheet"
    assert run("new", project, "--title", "F", "--media", short_film).returncode == 0
    info = json.loads(run("info", project, "--json").stdout)
    assert info["rate"] == "24000/1001" and info["drop_frame"] is False
    assert info["start_timecode"] == "01:00:00:00"
    assert info["media"] == {"path": str(short_film.resolve()), "found": True}


def test_film_found_next_to_a_moved_project(tmp_path: Path, short_film: Path) -> None:
    import shutil

    project = tmp_path / "a" / "p.cuesheet"
    project.parent.mkdir()
    film = tmp_path / "a" / short_film.name
    shutil.copy(short_film, film)
    run("new", project, "--title", "F", "--media", film)
    moved = tmp_path / "elsewhere"
    shutil.move(tmp_path / "a", moved)
    info = json.loads(run("info", moved / "p.cuesheet", "--json").stdout)
    assert info["media"] == {"path": str(moved / short_film.name), "found": True}


def test_import_is_all_or_nothing(tmp_path: Path) -> None:
    project = tmp_path / "p.cuesheet"
    run("new", project, "--title", "T", "--rate", "23.976")
    good = cue_sheet_csv(rich_project()).decode("utf-8-sig").splitlines(keepends=True)
    broken = "".join(line.replace("Public Domain", "Stolen") for line in good)  # the last cue's row
    sheet = tmp_path / "bad.csv"
    sheet.write_text(broken, encoding="utf-8-sig")
    before = project.read_bytes()
    result = run("import", project, sheet)
    assert_one_line_error(result, "unknown origin 'Stolen'")
    # Spreadsheet rows: the header is row 1 and a cell with a line break is still one row.
    assert f"{sheet}: row 8: " in result.stderr
    assert project.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("new", "{tmp}/x.cuesheet", "--title", "T", "--rate", "24df"), "drop-frame timecode does not exist"),
        (("new", "{tmp}/x.cuesheet", "--title", "T", "--start-tc", "01:00:00:99"), "frames must be below 24"),
        (("new", "{tmp}/x.cuesheet", "--title", "T", "--media", "{tmp}/missing.mp4"), "no such file"),
        (
            ("new", "{tmp}/x.cuesheet", "--title", "T", "--media", "{tmp}/not-a-film.mp4"),
            "not a playable film",
        ),
        (("new", "{tmp}/x.cuesheet", "--title", "T", "--media", "{tmp}"), "is a folder, not a film"),
        (("new", "{tmp}/x.cuesheet"), "the following arguments are required: --title"),
        (("info", "{tmp}/missing.cuesheet"), "no such file"),
        (("info", "{tmp}/not-a-film.mp4"), "not a Cuesheet project"),
        (("export", "{tmp}/missing.cuesheet", "--format", "pdfx", "-o", "x"), "invalid choice: 'pdfx'"),
        (("import", "{tmp}/missing.cuesheet", "{tmp}/missing.csv"), "no such file"),
        (("frobnicate", "x"), "unknown command 'frobnicate'"),
        (("{tmp}/missing.cuesheet",), "no such file"),
    ],
)
def test_bad_input_gives_one_clear_line(tmp_path: Path, args: tuple[str, ...], fragment: str) -> None:
    (tmp_path / "not-a-film.mp4").write_bytes(b"this is not a film at all" * 100)
    result = run(*(a.format(tmp=tmp_path) for a in args))
    assert_one_line_error(result, fragment)


def test_export_to_a_folder_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "p.cuesheet"
    run("new", project, "--title", "T")
    assert_one_line_error(run("export", project, "--format", "csv", "-o", tmp_path), "is a folder")


def test_gui_without_a_display_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-m", "cuesheet"], capture_output=True, text=True, timeout=60, env=env
    )
    if sys.platform.startswith("linux"):
        assert_one_line_error(result, "no display")


def _big_sheet(tmp_path: Path, cues: int) -> Path:
    from tests.unit.test_cue_sheet_csv import _sheet

    sheet = tmp_path / "big.csv"
    sheet.write_bytes(_sheet(cues))
    return sheet


def test_import_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    import pty

    project = tmp_path / "p.cuesheet"
    run("new", project, "--title", "T", "--rate", "24")
    sheet = _big_sheet(tmp_path, 20_000)
    main, child = pty.openpty()
    env = {**os.environ, "CUESHEET_DEBUG": ""}
    result = subprocess.run([sys.executable, "-m", "cuesheet", "import", project, sheet],
                            stdout=subprocess.PIPE, stderr=child, timeout=120, env=env)  # fmt: skip
    os.close(child)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the terminal's other end is closed and drained
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert result.returncode == 0, shown
    percents = [int(p) for p in re.findall(rb"Reading big\.csv\xe2\x80\xa6 +(\d+)%", shown)]
    assert len(percents) >= 3 and percents == sorted(percents) and percents[-1] == 100, shown
    piped = run("import", project, sheet)  # stderr a pipe: no progress, the result on stdout only
    assert piped.returncode == 0 and piped.stderr == "" and "Imported 20000 cues" in piped.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("export", "{p}", "--format", "csv", "-o", "-"),
        ("check", "{p}"),
        ("info", "{p}"),
        ("diff", "{e}", "{p}"),
    ],
    ids=["export", "check", "info", "diff"],
)
def test_output_piped_into_head_ends_quietly(args: tuple[str, ...], tmp_path: Path) -> None:
    """``| head -1`` closes the pipe early: no "Broken pipe", no traceback, the exit status of a
    process ended by SIGPIPE (141), as ``yes | head -1`` gives."""
    import shlex

    project, empty = tmp_path / "p.cuesheet", tmp_path / "e.cuesheet"
    run("new", project, "--title", "T", "--rate", "24")
    run("new", empty, "--title", "T", "--rate", "24")
    run("import", project, _big_sheet(tmp_path, 3_000))  # output far beyond a pipe's 64 KiB
    command = shlex.join([sys.executable, "-m", "cuesheet", *(a.format(p=project, e=empty) for a in args)])
    script = f"{command} 2>{tmp_path / 'err'} | head -1 >/dev/null; echo ${{PIPESTATUS[0]}}"
    if args[0] == "info":  # short output: the pipe is closed before the first write
        script = f"{command} 2>{tmp_path / 'err'} | true; echo ${{PIPESTATUS[0]}}"
    status = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)
    assert (tmp_path / "err").read_text() == ""
    assert status.stdout.strip() == "141"
