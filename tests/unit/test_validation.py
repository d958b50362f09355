"""Validation finds exactly the planted problems, and `cuesheet check` reports them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.domain.cue import Cue
from cuesheet.domain.project import ShareConvention
from cuesheet.domain.rights import Interest, Party, Recording, Role, Work
from cuesheet.domain.usage import Origin
from cuesheet.domain.validation import ERROR, WARNING, iswc_check_digit, validate
from cuesheet.store.project_file import ProjectFile
from tests.factories import empty_project
from tests.unit.test_cli import run


def clean_project():  # type: ignore[no-untyped-def]
    project = empty_project("24")
    p = project.production
    writer, publisher = Party("Doe, Jane", "BMI", "00012345678"), Party("Doe Music", "BMI", "00087654321")
    project.parties = {writer.id: writer, publisher.id: publisher}
    for index, (tc_in, tc_out) in enumerate([("01:00:01:00", "01:00:10:00"), ("01:00:20:00", "01:00:30:00")]):
        interests = [Interest(writer.id, Role.C, Decimal(100)), Interest(publisher.id, Role.E, Decimal(100))]
        work = Work(f"Theme {index}", "T0345246801", interests)
        project.works[work.id] = work
        cue = Cue(p.frame(tc_in), p.frame(tc_out), work.id, f"1M0{index + 1}")
        project.cues[cue.id] = cue
    agreement = ComposerAgreement("Doe, Jane", "CA-1", "2026-01-05")  # clears the score
    project.agreements[agreement.id] = agreement
    return project, writer, publisher


def codes(project) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(f.severity, f.cue, f.code) for f in validate(project)]


def test_a_clean_sheet_has_no_findings() -> None:
    project, _, _ = clean_project()
    assert codes(project) == []
    assert iswc_check_digit("034524680") == 1  # T-034.524.680-1


def test_planted_problems_are_found_exactly() -> None:
    project, writer, publisher = clean_project()
    _, second = project.cues_in_order()
    p = project.production
    writer.society = ""  # party without society (appears on both cues: one finding each)
    publisher.ipi = "12AB"
    work = project.works[second.work_id]
    work.interests[0].share = Decimal("90")  # writers total 90 %
    work.iswc = "T12"
    second.start = p.frame("01:00:09:00")  # overlaps the first cue by one second
    third_work = Work("", interests=[Interest(publisher.id, Role.AM, Decimal(100))])
    sting = Cue(p.frame("01:00:40:00"), p.frame("01:00:40:10"), third_work.id, "1M03", Origin.LIBRARY)
    project.works[third_work.id] = third_work
    project.cues[sting.id] = sting
    outside = Work("Late", interests=[Interest(writer.id, Role.C, Decimal(100))])
    late = Cue(p.frame("01:20:00:00"), p.frame("01:20:05:00"), outside.id, "1M04")
    project.works[outside.id] = outside
    project.cues[late.id] = late
    song = Recording(isrc="BAD")
    project.recordings[song.id] = song
    late.recording_id = song.id
    assert sorted(codes(project)) == sorted([
        (ERROR, "1M01", "NO_SOCIETY"), (ERROR, "1M01", "BAD_IPI"), (WARNING, "1M01", "OVERLAP"),
        (ERROR, "1M02", "NO_SOCIETY"), (ERROR, "1M02", "BAD_IPI"), (ERROR, "1M02", "SHARE_TOTAL"),
        (ERROR, "1M02", "BAD_ISWC"),
        (ERROR, "1M03", "NO_TITLE"), (ERROR, "1M03", "NO_WRITER"), (WARNING, "1M03", "UNDER_ONE_SECOND"),
        (WARNING, "1M03", "ADMINISTRATOR_ONLY"), (ERROR, "1M03", "BAD_IPI"),
        (ERROR, "1M03", "NO_LIBRARY_DATA"), (WARNING, "1M03", "NOT_CLEARED"),
        (ERROR, "1M04", "OUTSIDE_FILM"), (ERROR, "1M04", "NO_SOCIETY"), (ERROR, "1M04", "BAD_ISRC"),
    ])  # fmt: skip
    overlap = next(f for f in validate(project) if f.code == "OVERLAP")
    assert "carved out at 01:00:09:00" in overlap.message and overlap.seq == 1


def test_share_conventions() -> None:
    project, _, _ = clean_project()
    project.settings.share_convention = ShareConvention.WHOLE_WORK
    assert [c for _, _, c in codes(project)] == ["SHARE_TOTAL", "SHARE_TOTAL"]  # 100 + 100 ≠ 100
    for work in project.works.values():
        for interest in work.interests:
            interest.share = Decimal(50)
    assert codes(project) == []


def test_music_longer_than_the_film() -> None:
    project, _, _ = clean_project()
    project.production.running_time = 24 * 5
    assert ("error", "", "MUSIC_LONGER_THAN_FILM") in codes(project)


def test_check_command(tmp_path: Path) -> None:
    project, _, _ = clean_project()
    path = tmp_path / "p.cuesheet"
    ProjectFile.create(path, project).close()
    ok = run("check", path)
    assert ok.returncode == 0 and "0 error(s)" in ok.stdout
    sheet, loaded = ProjectFile.open(path)
    from cuesheet.domain.commands import EditCue
    from cuesheet.domain.history import Document

    first = loaded.cues_in_order()[0]
    Document(loaded, sheet).execute(EditCue(first.id, end=first.start + 5))
    sheet.close()
    result = run("check", path, "--json")
    assert result.returncode == 0  # only a warning: under one second
    findings = json.loads(result.stdout)
    assert [(f["severity"], f["seq"], f["cue"], f["code"]) for f in findings] == [
        ("warning", 1, "1M01", "UNDER_ONE_SECOND")
    ]
    assert set(findings[0]) >= {"severity", "seq", "cue", "code", "message"}
    sheet, loaded = ProjectFile.open(path)
    Document(loaded, sheet).execute(EditCue(first.id, end=first.start))
    sheet.close()
    failing = run("check", path)
    assert failing.returncode == 1 and "IN_NOT_BEFORE_OUT" in failing.stdout


def test_a_work_used_twice_is_reported_on_each_cue() -> None:
    """What is wrong with a work (checked once, issue #14) is a finding on every cue that uses it,
    each with its own sequence number; public domain, which needs no writer, is answered apart."""
    project, writer, _ = clean_project()
    first, second = project.cues_in_order()
    work = project.works[first.work_id]
    work.iswc, work.interests = "T0345246802", [Interest(writer.id, Role.E, Decimal(100))]
    second.work_id = work.id
    found = [(f.seq, f.cue, f.code) for f in validate(project)]
    assert found == [(1, "1M01", "NO_WRITER"), (1, "1M01", "ISWC_CHECK_DIGIT"),
                     (2, "1M02", "NO_WRITER"), (2, "1M02", "ISWC_CHECK_DIGIT")]  # fmt: skip
    second.origin = Origin.PUBLIC_DOMAIN
    assert [(f.seq, f.code) for f in validate(project)] == [(1, "NO_WRITER"), (1, "ISWC_CHECK_DIGIT"),
                                                            (2, "ISWC_CHECK_DIGIT")]  # fmt: skip
