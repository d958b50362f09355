"""Stored text (titles, names, numbers, paths of a received project) printed by the command line never
carries a control character to the terminal: C0 (escape sequences), DEL, C1 (a one-byte CSI) and
line breaks inside a value are shown escaped, in every command's text and JSON output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cuesheet.domain.commands import AddCues
from cuesheet.domain.cue import Cue
from cuesheet.domain.history import Document
from cuesheet.domain.rights import Work
from cuesheet.store.project_file import ProjectFile
from tests.factories import rich_project

EVIL = "Evil\x1b]0;pwned\x07\x1b[2J\nrm -rf\r\x9b31m\x7f\tend"
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # anything but the line ends the CLI writes


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CUESHEET_DEBUG": ""}
    return subprocess.run([sys.executable, "-m", "cuesheet", *map(str, args)],
                          capture_output=True, text=True, timeout=120, env=env)  # fmt: skip


@pytest.fixture
def evil(tmp_path: Path) -> tuple[Path, Path]:
    """A project whose title, work titles, cue numbers and party names hold EVIL (and whose file
    name holds an escape), and a revised copy with one more cue and a changed title."""
    project = rich_project()
    project.production.title = EVIL
    for work in project.works.values():
        work.title = EVIL + work.title
    for party in project.parties.values():
        party.name = EVIL
    for cue in project.cues.values():
        cue.number = EVIL + cue.number
    folder = tmp_path / "in\x1b[31mbox"
    folder.mkdir()
    mine, theirs = folder / "mine.cuesheet", folder / "theirs.cuesheet"
    ProjectFile.create(mine, project).close()
    sheet, other = ProjectFile.create(theirs, project), project
    work = Work(EVIL + " new")
    start = other.production.start_frame
    Document(other, sheet).execute(AddCues([Cue(start + 2000, start + 2100, work.id, EVIL)], [work]))
    sheet.close()
    return mine, theirs


COMMANDS = [
    ("info", "{mine}"),
    ("info", "{mine}", "--json"),
    ("check", "{mine}"),
    ("check", "{mine}", "--json"),
    ("diff", "{mine}", "{theirs}"),
    ("merge", "{mine}", "{theirs}", "--dry-run"),
    ("merge", "{mine}", "{theirs}"),
    ("backups", "{mine}"),
    ("backups", "{mine}", "--json"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_stored_text_reaches_the_terminal_escaped(args: tuple[str, ...], evil: tuple[Path, Path]) -> None:
    mine, theirs = evil
    if args[0] == "backups":
        cli("merge", mine, theirs)  # takes a backup
    result = cli(*(a.format(mine=mine, theirs=theirs) for a in args))
    assert result.returncode in (0, 1), result.stderr
    for stream in (result.stdout, result.stderr):
        assert not RAW.search(stream), repr(RAW.search(stream))
    if "--json" in args:
        json.loads(result.stdout)  # still valid JSON, the same values
    elif args[0] in ("info", "diff") or args[-1] == "{theirs}":  # (a dry run may print counts only)
        assert "\\x1b" in result.stdout, result.stdout


def test_info_title_is_one_line(evil: tuple[Path, Path]) -> None:
    lines = cli("info", evil[0]).stdout.splitlines()
    title = [line for line in lines if line.startswith("Title:")]
    assert title == ["Title:          Evil\\x1b]0;pwned\\x07\\x1b[2J\\nrm -rf\\r\\x9b31m\\x7f\\tend"]


def test_json_keeps_the_values(evil: tuple[Path, Path]) -> None:
    assert json.loads(cli("info", evil[0], "--json").stdout)["title"] == EVIL


def test_every_control_character_is_escaped_wherever_it_stands() -> None:
    """``escaped`` looks for a control character before it translates: none is missed (C0, DEL,
    C1), at the start, in the middle or at the end, and a text without one comes back as it is."""
    from cuesheet.terminal import _CONTROLS, escaped

    for code in range(0xA1):
        c = chr(code)
        for text in (c, f"{c}Cue", f"Cue {c} title", f"Cue{c}"):
            assert escaped(text) == text.translate(_CONTROLS)
            assert (escaped(text) == text) == (code not in _CONTROLS)
    plain = "warning #1 1M01     OVERLAP     overlaps 1M02 by 8 frames — Ünïcödé 東京 ✓"
    assert escaped(plain) is plain
