"""Exports in a society profile's words, durations and columns (issue #15 §3)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from cuesheet.domain.cue import Cue
from cuesheet.domain.profiles import Profile, RollUp, vocabulary
from cuesheet.domain.project import Project
from cuesheet.domain.rights import Work
from cuesheet.domain.sheet import Sheet
from cuesheet.domain.usage import Origin
from cuesheet.reports.cue_sheet_csv import HEADER, cue_sheet_csv, header
from cuesheet.reports.cue_sheet_pdf import cue_sheet_pdf
from cuesheet.reports.cue_sheet_xlsx import cue_sheet_xlsx
from cuesheet.store.project_file import ProjectFile
from tests.factories import rich_project
from tests.unit.test_cli import assert_one_line_error, run
from tests.unit.test_cue_sheet_pdf import pdf_text


def _with(profile: Profile | None) -> Project:
    project = rich_project()
    project.settings = replace(project.settings, profile=profile)
    return project


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_us_profile_prints_the_sheet_as_it_always_was() -> None:
    assert cue_sheet_csv(_with(Profile.US)) == cue_sheet_csv(_with(None))
    assert header(vocabulary(Profile.US)) == HEADER


def test_cisac_words_durations_and_columns_and_totals_that_add_up() -> None:
    project = _with(Profile.CISAC)
    rows = _rows(cue_sheet_csv(project))
    names = list(rows[0])
    assert names[3:6] == ["Origin", "Use", "Vocal"] and names[-1] == "Track #"
    cues = {r["Cue #"]: r for r in rows if r["Seq"]}
    assert (cues["1M01"]["Origin"], cues["1M01"]["Use"], cues["1M01"]["Vocal"]) == (
        "Commissioned", "Background", "Instrumental")  # fmt: skip
    assert (cues["1M02"]["Origin"], cues["1M02"]["Use"], cues["1M02"]["Vocal"]) == (
        "Commercial",
        "Featured",
        "Vocal",
    )
    assert cues["1M03"]["Origin"] == "Library" and cues["1M04"]["Origin"] == "Public Domain"
    assert cues["1M01"]["Duration"] == "00:00:05"  # HH:MM:SS
    totals = [r for r in rows if not r["Seq"] and r["Title"].startswith("Total music, ")]
    assert totals[0]["Duration"] == vocabulary(Profile.CISAC).duration(Sheet.of(project).total)

    def seconds(text: str) -> int:
        h, m, s = map(int, text.split(":"))
        return h * 3600 + m * 60 + s

    per_cue = {r["Cue #"]: seconds(r["Duration"]) for r in rows if r["Seq"]}
    assert seconds(totals[0]["Duration"]) == sum(per_cue.values())  # the printed column adds up
    by_word = {r["Use"]: seconds(r["Duration"]) for r in totals[1:]}
    assert sum(by_word.values()) == seconds(totals[0]["Duration"])
    assert (
        set(by_word) == {"Background", "Featured", "Theme"} and by_word["Theme"] == 0
    )  # listed, as US codes


def test_uk_prints_library_track_numbers_and_short_durations() -> None:
    project = _with(Profile.UK)
    library = next(r for r in project.recordings.values() if r.library)
    library.track_number = "7"
    rows = _rows(cue_sheet_csv(project))
    cue = next(r for r in rows if r["Cue #"] == "1M03")
    assert (cue["Library"], cue["Catalog #"], cue["Track #"]) == ("Atlas", "'+APM-1", "7")  # neutralised
    assert cue["Duration"] == "0:04"
    with zipfile.ZipFile(io.BytesIO(cue_sheet_xlsx(project))) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
    assert all(
        f"<t>{name}</t>" in strings for name in ("Use", "Vocal", "Track #", "Commissioned", "Featured")
    )


def test_the_pdf_prints_the_profiles_words_and_legend(tmp_path: Path) -> None:
    text = pdf_text(cue_sheet_pdf(_with(Profile.CISAC)), tmp_path)
    assert "Background = music not seen performed" in text and "Commissioned" in text
    assert "Featured" in text and "00:00:05" in text and "By usage: Background 00:00:" in text
    plain = pdf_text(cue_sheet_pdf(_with(None)), tmp_path)
    assert "BI background instrumental" in plain and "Commissioned" not in plain


def test_export_profile_overrides_the_projects_and_a_profile_csv_is_not_imported(tmp_path: Path) -> None:
    path = tmp_path / "uk.cuesheet"
    ProjectFile.create(path, _with(Profile.UK)).close()
    own = run("export", path, "--format", "csv", "-o", "-")
    assert own.stdout.splitlines()[0].endswith("Catalog #,Track #")
    us = run("export", path, "--format", "csv", "--profile", "us", "-o", tmp_path / "us.csv")
    assert us.returncode == 0
    assert (tmp_path / "us.csv").read_text(encoding="utf-8-sig").splitlines()[0] == ",".join(HEADER)
    target = tmp_path / "target.cuesheet"
    ProjectFile.create(target, _with(None)).close()
    uk_csv = tmp_path / "uk.csv"
    uk_csv.write_text(own.stdout, encoding="utf-8")
    assert_one_line_error(run("import", target, uk_csv), "in a society profile's words and columns")
    assert run("import", target, tmp_path / "us.csv").returncode == 0


@pytest.mark.parametrize("profile", list(Profile))
def test_every_profile_exports_every_format(profile: Profile) -> None:
    project = _with(profile)
    assert cue_sheet_pdf(project).startswith(b"%PDF")
    assert cue_sheet_xlsx(project).startswith(b"PK")
    assert cue_sheet_csv(project).startswith(b"\xef\xbb\xbfSeq,")


def _three_score_cues_of_one_ownership() -> Project:
    """rich_project's score cue, and two more whose works have the same writer and publisher."""
    project = _with(Profile.UK)
    first = next(c for c in project.cues.values() if c.origin is Origin.SCORE)
    owners = project.works[first.work_id].interests
    p = project.production
    for n, (tc_in, tc_out) in enumerate((("01:00:30:00", "01:00:41:12"), ("01:01:00:00", "01:01:02:00"))):
        work = Work(f"Score {n}", "", [replace(i) for i in owners])
        project.works[work.id] = work
        cue = Cue(p.frame(tc_in), p.frame(tc_out), work.id, f"2M0{n + 1}", Origin.SCORE)
        project.cues[cue.id] = cue
    return project


def test_rolled_up_commissioned_cues_print_as_one_line_that_adds_up(tmp_path: Path) -> None:
    project = _three_score_cues_of_one_ownership()
    plain_rows = [r for r in _rows(cue_sheet_csv(project)) if r["Seq"]]
    project.settings = replace(project.settings, roll_up=RollUp.COMMISSIONED)
    rows = _rows(cue_sheet_csv(project))
    printed = {r["Seq"]: r for r in rows if r["Seq"]}
    rolled = printed["1"]
    assert rolled["Title"] == "Test Film (commissioned music, 3 cues)" and rolled["Cue #"] == "1M01+"
    assert (rolled["TC In"], rolled["TC Out"], rolled["Origin"]) == ("", "", "Commissioned")
    members = {r["Cue #"]: r["Duration"] for r in plain_rows if r["Cue #"] in ("1M01", "2M01", "2M02")}

    def seconds(text: str) -> int:
        minutes, second = text.split(":")
        return int(minutes) * 60 + int(second)

    assert seconds(rolled["Duration"]) == sum(seconds(d) for d in members.values())
    assert len(printed) == 4  # 1M01, 2M01 and 2M02 as one; the licensed, library and public-domain cues
    totals = [r for r in rows if not r["Seq"] and r["Title"].startswith("Total music, ")]
    assert seconds(totals[0]["Duration"]) == sum(seconds(r["Duration"]) for r in printed.values())
    by_word = {r["Use"]: seconds(r["Duration"]) for r in totals[1:]}
    column = {}
    for r in printed.values():
        column[r["Use"]] = column.get(r["Use"], 0) + seconds(r["Duration"])
    assert {w: s for w, s in by_word.items() if s} == column  # per usage, as the lines print it
    text = pdf_text(cue_sheet_pdf(project), tmp_path)
    assert "Test Film (commissioned music, 3 cues)" in text and "1M01+" in text


def test_export_roll_up_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "film.cuesheet"
    ProjectFile.create(path, _three_score_cues_of_one_ownership()).close()
    plain = run("export", path, "--format", "csv", "-o", "-").stdout
    rolled = run("export", path, "--format", "csv", "--roll-up", "-o", "-").stdout
    assert "commissioned music, 3 cues" in rolled and "commissioned music" not in plain


def test_the_csv_carries_the_production_header_below_the_totals_and_imports_back(tmp_path: Path) -> None:
    project = _with(Profile.UK)
    project.production = replace(project.production, series="Harbour", distributor="BBC Two", isan="ISAN 1")
    text = cue_sheet_csv(project).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    titles = [row[2] for row in rows if not row[0]]
    assert "Title: Test Film" in titles and "Series: Harbour" in titles and "Distributor: BBC Two" in titles
    assert titles.index("Title: Test Film") > titles.index("Total music, 4 cues")  # row 1 stays the names
    path, source = tmp_path / "new.cuesheet", tmp_path / "sheet.csv"
    ProjectFile.create(path, _with(None)).close()
    source.write_text(cue_sheet_csv(_with(None)).decode("utf-8-sig"), encoding="utf-8-sig")
    imported = run("import", path, source)
    assert imported.returncode == 0 and "Imported 4 cues" in imported.stdout
