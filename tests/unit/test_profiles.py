"""Society profiles (issue #15 §3), their first part: the production header each one requires,
named by validation when it is missing; chosen per project or with ``check --profile``."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from cuesheet.domain.profiles import Profile, missing_header
from cuesheet.domain.project import Production, Settings
from cuesheet.domain.validation import validate
from cuesheet.store.project_file import ProjectFile
from tests.unit.test_cli import run
from tests.unit.test_validation import clean_project


def test_each_profile_names_the_header_fields_it_requires() -> None:
    bare = Production(title="Harbour", production_type="Feature film")
    assert list(missing_header(bare, Profile.US)) == [
        "Company", "Running time", "First release", "Prepared by"]  # fmt: skip
    assert list(missing_header(bare, Profile.CISAC)) == [
        "Company", "Country of origin", "Year of production", "Running time", "Prepared by"]  # fmt: skip
    assert list(missing_header(bare, Profile.UK)) == [
        "Company", "Distributor / broadcaster", "Production no.", "Running time", "First release",
        "Prepared by"]  # fmt: skip
    episode = replace(bare, production_type="TV series episode")  # an episode's sheet names it
    assert list(missing_header(episode, Profile.US))[-2:] == ["Episode title", "Episode no."]
    full = replace(bare, company="Harbour Films", running_time=24 * 5400, first_release="2026-11-30",
                   prepared_by="Q. Music", country="GB", year="2026", distributor="Northsea",
                   production_number="HB-1")  # fmt: skip
    assert all(list(missing_header(full, profile)) == [] for profile in Profile)
    assert list(missing_header(replace(full, company="   "), Profile.UK)) == ["Company"]  # blanks are empty


def test_no_profile_asks_for_nothing_more_and_a_chosen_one_warns_per_field() -> None:
    project, _, _ = clean_project()
    assert [f.code for f in validate(project)] == []  # no profile: as before profiles
    project.settings = replace(project.settings, profile=Profile.CISAC)
    found = [(f.severity, f.code, f.message) for f in validate(project)]
    assert (
        "warning",
        "MISSING_HEADER_FIELD",
        "the CISAC Common Cue Sheet profile asks for the Country of origin",
    ) in found
    assert {code for _, code, _ in found} == {"MISSING_HEADER_FIELD"}


def test_the_profile_is_kept_in_the_project_and_a_file_without_one_has_none(tmp_path: Path) -> None:
    project, _, _ = clean_project()
    project.settings = Settings(profile=Profile.UK)
    ProjectFile.create(tmp_path / "uk.cuesheet", project).close()
    sheet, loaded = ProjectFile.open(tmp_path / "uk.cuesheet", read_only=True)
    sheet.close()
    assert loaded.settings.profile is Profile.UK
    project.settings = Settings()
    ProjectFile.create(tmp_path / "none.cuesheet", project).close()
    sheet, loaded = ProjectFile.open(tmp_path / "none.cuesheet", read_only=True)
    sheet.close()
    assert loaded.settings.profile is None


@pytest.mark.parametrize("profile", ["us", "cisac", "uk"])
def test_check_with_a_profile_names_the_missing_fields(tmp_path: Path, profile: str) -> None:
    project, _, _ = clean_project()
    path = tmp_path / "p.cuesheet"
    ProjectFile.create(path, project).close()
    done = run("check", path, "--profile", profile, "--json")
    assert done.returncode == 0, done.stderr  # warnings only
    missing = [f["message"] for f in json.loads(done.stdout) if f["code"] == "MISSING_HEADER_FIELD"]
    assert missing and all(Profile(profile).label in message for message in missing)
    assert run("check", path, "--json").stdout.strip() == "[]"  # the project's own: none
    assert run("check", path, "--profile", "gema").returncode == 2  # not a profile: refused


def test_the_uk_profile_asks_each_cue_for_what_its_origin_needs() -> None:
    """A commercial recording's artist, label, catalogue number and ISRC; a library track's
    library, catalogue and track number; commissioned music's composer and publisher."""
    from cuesheet.domain.cue import Cue
    from cuesheet.domain.rights import Recording, Work
    from cuesheet.domain.usage import Origin

    project, _, _ = clean_project()
    first = project.production.start_frame
    song = Recording(artist="The Tides", isrc="GBAYE0000351")  # no label, no catalogue number
    track = Recording(library="Atlas", catalog_number="APM-12")  # no track number
    project.recordings = {song.id: song, track.id: track}
    alone = Work(
        "Score without a publisher", interests=[replace(next(iter(project.works.values())).interests[0])]
    )
    project.works[alone.id] = alone
    work_id = next(iter(project.works))
    for n, (origin, recording, work) in enumerate(
        [
            (Origin.LICENSED, song.id, work_id),
            (Origin.LIBRARY, track.id, work_id),
            (Origin.SCORE, None, alone.id),
        ]
    ):
        cue = Cue(first + 2000 + 300 * n, first + 2100 + 300 * n, work, f"2M0{n + 1}", origin)
        cue.recording_id = recording
        project.cues[cue.id] = cue
    assert "MISSING_CUE_FIELD" not in [f.code for f in validate(project)]  # no profile
    project.settings = replace(project.settings, profile=Profile.US)
    assert "MISSING_CUE_FIELD" not in [f.code for f in validate(project)]  # the US profile: not asked
    project.settings = replace(project.settings, profile=Profile.UK)
    asked = {f.cue: f.message for f in validate(project) if f.code == "MISSING_CUE_FIELD"}
    uk = "the UK broadcaster (PRS / BBC) profile asks a"
    assert asked == {
        "2M01": f"{uk} licensed cue for its Label / master owner, Catalogue #",
        "2M02": f"{uk} library cue for its Track #",
        "2M03": f"{uk} score cue for its publisher",
    }


def test_the_command_line_offers_every_profile() -> None:
    from cuesheet.cli.options import PROFILE_CODES

    assert tuple(p.value for p in Profile) == PROFILE_CODES
