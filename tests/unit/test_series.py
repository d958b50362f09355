"""``cuesheet export-all`` and ``cuesheet summary`` on a folder of generated projects (issue #15 §5)."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from cuesheet.domain.cue import Cue
from cuesheet.domain.licences import Licence, Side, Status
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Interest, Party, Role, Work
from cuesheet.domain.sheet import Sheet
from cuesheet.domain.usage import Origin
from cuesheet.store.project_file import ProjectFile
from tests.factories import empty_project, rich_project
from tests.unit.test_cli import assert_one_line_error, run


def episode(number: int, theme_seconds: int, song_fee: str | None = None) -> Project:
    """A clean episode: the series' main theme (the same writer and title in every episode), and
    when ``song_fee`` is given a licensed song with its sync licence quoted at that fee."""
    project = empty_project("25", "Harbour")
    project.production = replace(
        project.production, episode_number=str(number), episode_title=f"Part {number}"
    )
    p = project.production
    composer = Party("Marlow, Ada", "PRS", "00012345678")
    project.parties[composer.id] = composer
    theme = Work("Main Theme", "", [Interest(composer.id, Role.C, Decimal(100))])
    project.works[theme.id] = theme
    start = p.frame("01:00:00:00")
    cue = Cue(start, start + theme_seconds * 25, theme.id, f"{number}M01", Origin.SCORE)
    project.cues[cue.id] = cue
    if song_fee is not None:
        writer = Party("Doe, Jane", "BMI", "00099887766")
        project.parties[writer.id] = writer
        song = Work("Night Drive", "T9876543210", [Interest(writer.id, Role.CA, Decimal(100))])
        project.works[song.id] = song
        at = start + 60 * 25
        used = Cue(at, at + 30 * 25, song.id, f"{number}M02", Origin.LICENSED)
        project.cues[used.id] = used
        licence = Licence(Side.SYNC, work_id=song.id, licensor="Doe Songs", quoted_fee=Decimal(song_fee),
                          status=Status.QUOTED)  # fmt: skip
        project.licences[licence.id] = licence
    return project


@pytest.fixture
def series(tmp_path: Path) -> Path:
    folder = tmp_path / "Harbour"
    (folder / "Season 2").mkdir(parents=True)
    (folder / ".backups").mkdir()
    ProjectFile.create(folder / "Episode 1.cuesheet", episode(1, 40, "1500")).close()
    ProjectFile.create(folder / "Episode 2.cuesheet", episode(2, 20)).close()
    ProjectFile.create(folder / "Season 2" / "Episode 1.cuesheet", episode(3, 30, "2500.50")).close()
    with_errors = rich_project()
    with_errors.production = replace(with_errors.production, title="Pilot")
    ProjectFile.create(folder / "Season 2" / "Pilot.cuesheet", with_errors).close()
    ProjectFile.create(
        folder / ".backups" / "Episode 1 old.cuesheet", episode(9, 99)
    ).close()  # hidden: skipped
    (folder / "Broken.cuesheet").write_text("not a project")
    os.mkfifo(folder / "pipe.cuesheet")  # no regular file: never opened
    (folder / "Season 2" / "loop").symlink_to(folder, target_is_directory=True)  # never followed
    return folder


def test_export_all_writes_every_readable_sheet_mirroring_subfolders_and_fails_on_errors(
    series: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run("export-all", series, "--format", "xlsx", "-o", out)
    assert result.returncode == 1, result.stderr  # the pilot has errors, one file is no project
    lines = result.stdout.splitlines()
    assert lines[0].startswith("FAILED  ") and "Broken.cuesheet: is not a Cuesheet project" in lines[0]
    assert lines[1].startswith("ok      Episode 1.cuesheet -> ") and "(0 errors" in lines[1]
    assert any(line.startswith("ERRORS  Season 2/Pilot.cuesheet") for line in lines)
    assert lines[-1] == f"Exported 4 of 5 projects to {out}; 2 with errors or unreadable"
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["Episode 1.xlsx", "Episode 2.xlsx", "Season 2/Episode 1.xlsx", "Season 2/Pilot.xlsx"]
    assert all((out / name).read_bytes().startswith(b"PK") for name in written)
    as_json = run("export-all", series, "--format", "json", "-o", out, "--json")
    rows = json.loads(as_json.stdout)
    assert [Path(r["project"]).relative_to(series).as_posix() for r in rows] == [
        "Broken.cuesheet", "Episode 1.cuesheet", "Episode 2.cuesheet", "Season 2/Episode 1.cuesheet",
        "Season 2/Pilot.cuesheet"]  # fmt: skip
    pilot = rows[-1]
    assert pilot["errors"] >= 1 and pilot["warnings"] >= 1 and pilot["problem"] == ""
    sheet = json.loads((out / "Season 2" / "Episode 1.json").read_text(encoding="utf-8"))
    assert sheet["production"]["episode_number"] == "3"


def test_export_all_of_a_clean_folder_exits_0(tmp_path: Path) -> None:
    folder = tmp_path / "clean"
    folder.mkdir()
    ProjectFile.create(folder / "a.cuesheet", episode(1, 10)).close()
    result = run("export-all", folder, "--format", "pdf", "-o", tmp_path / "pdfs")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "pdfs" / "a.pdf").read_bytes().startswith(b"%PDF")


def test_summary_adds_up_productions_and_follows_each_work_across_them(series: Path) -> None:
    result = run("summary", series, "--json")
    assert result.returncode == 1  # one file is no project: said, and the exit status says so
    facts = json.loads(result.stdout)
    productions = {Path(p["project"]).relative_to(series).as_posix(): p for p in facts["productions"]}
    assert set(productions) == {"Episode 1.cuesheet", "Episode 2.cuesheet", "Season 2/Episode 1.cuesheet",
                                "Season 2/Pilot.cuesheet"}  # fmt: skip
    first = productions["Episode 1.cuesheet"]
    assert (first["title"], first["cues"], first["music_seconds"]) == ("Harbour — 1 Part 1", 2, 70)
    assert first["uncleared_cues"] == 2  # the song (quoted only) and the score (no agreement)
    assert first["fees"] == {"USD": "1500.00"} and first["shortfall"] == {"USD": "1500.00"}
    totals = facts["totals"]
    assert totals["productions"] == 4
    assert totals["cues"] == sum(p["cues"] for p in facts["productions"])
    assert totals["music_seconds"] == sum(p["music_seconds"] for p in facts["productions"])
    assert totals["music_seconds"] == 70 + 20 + 60 + Sheet.of(rich_project()).total
    assert totals["uncleared_cues"] == 2 + 1 + 2 + 3  # the pilot's public-domain cue needs no licence
    assert totals["fees"] == {"USD": "4000.50"}
    works = {w["title"]: w for w in facts["works"]}
    theme = works["Main Theme"]
    assert theme["cues"] == 3 and theme["music_seconds"] == 40 + 20 + 30 and theme["music"] == "1:30"
    assert theme["productions"] == ["Harbour — 1 Part 1", "Harbour — 2 Part 2", "Harbour — 3 Part 3"]
    assert works["Night Drive"]["iswc"] == "T9876543210" and len(works["Night Drive"]["productions"]) == 2
    # The pilot's "Opening" has other writers than any episode's work: it stays its own.
    assert works["Opening"]["productions"] == ["Pilot"]
    assert [u["project"] for u in facts["unreadable"]] == [str(series / "Broken.cuesheet")]
    text = run("summary", series)
    assert text.stdout.splitlines()[0] == (
        f"4 productions, 9 cues, {totals['music']} of music, 8 uncleared cues, fees USD 4,000.50"
    )
    assert "UNREADABLE " in text.stdout


def test_folder_commands_refuse_what_is_no_folder(tmp_path: Path) -> None:
    assert_one_line_error(run("summary", tmp_path / "missing"), "cannot be read")
    file = tmp_path / "a.cuesheet"
    file.write_text("x")
    assert_one_line_error(run("export-all", file, "--format", "pdf", "-o", tmp_path / "o"), "is not a folder")


def test_a_folder_that_cannot_be_listed_is_said_not_skipped(
    series: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(Root reads every folder, so the refusal is what os.walk reports for one it cannot list.)"""
    from cuesheet import series_service

    real_walk = os.walk

    def walk(top, onerror=None, followlinks=False):  # type: ignore[no-untyped-def]
        refused = PermissionError(13, "Permission denied", str(series / "Season 2"))
        for root, folders, files in real_walk(top, followlinks=followlinks):
            if Path(root) == series / "Season 2":
                onerror(refused)
                folders[:] = []
                continue
            yield root, folders, files

    monkeypatch.setattr(series_service.os, "walk", walk)
    unreadable: list[tuple[Path, str]] = []
    found = series_service.find_projects(series, unreadable)
    assert all("Season 2" not in str(p) for p in found)
    assert unreadable == [(series / "Season 2", f"{series / 'Season 2'}: cannot be read (Permission denied)")]
    facts = series_service.summarise(series)
    assert f"{series / 'Season 2'}: cannot be read (Permission denied)" in [
        u["problem"] for u in facts["unreadable"]
    ]


def test_currency_codes_are_summed_whatever_their_case() -> None:
    from cuesheet.series_service import _money

    assert _money({"USD": Decimal("1.50"), "usd": Decimal(2), "EUR": Decimal(1)}) == {
        "EUR": "1.00",
        "USD": "3.50",
    }
