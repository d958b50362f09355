"""The sheet as JSON (issue #15 §4): what it holds, its schema, and the way back in."""

from __future__ import annotations

import copy
import json
import os
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cuesheet.domain.agreements import ComposerAgreement
from cuesheet.domain.cue import Cue
from cuesheet.domain.licences import Licence, MfnScope, Side, Status, StatusChange
from cuesheet.domain.profiles import Profile
from cuesheet.domain.project import MediaRef, Project
from cuesheet.domain.timecode import FrameRate, frames_to_seconds
from cuesheet.domain.usage import ThemeRole, UsageCode
from cuesheet.interchange.sheet_json import SheetJsonError, read_sheet_json
from cuesheet.paths import resource
from cuesheet.reports.cue_sheet_json import cue_sheet_json, frames_duration, iso_duration
from cuesheet.reports.sheet_schema import schema_text
from cuesheet.store.project_file import ProjectFile
from tests.factories import rich_project
from tests.unit.test_cli import assert_one_line_error, run


def full_project(rate: str = "29.97df") -> Project:
    """Every kind of entity and value: licences with fees and history, an agreement, a film, a
    profile, a drop-frame rate, a usage override, overlapping cues (a carved line)."""
    project = rich_project(rate)
    project.production = replace(project.production, aka="Ein Film", isan="0000-0000-3A8D-0000-Z-0000-0000-6",
                                 year="2026", country="Ireland")  # fmt: skip
    project.settings = replace(project.settings, profile=Profile.UK)
    film_rate = FrameRate.parse("29.97df")
    project.media = MediaRef(path="/films/reel 1.mov", relative_path="reel 1.mov", size=123,
                             duration_frames=5000, rate=film_rate, start_frame=107892)  # fmt: skip
    song_work = next(w for w in project.works.values() if w.iswc)
    song = next(r for r in project.recordings.values() if r.isrc)
    publisher = next(p for p in project.parties.values() if p.society == "ASCAP")
    licence = Licence(Side.SYNC, work_id=song_work.id, party_id=publisher.id, licensor="Quoted Music",
                      share=Decimal("33.33"), quoted_fee=Decimal("1500.50"), approved_fee=None, mfn=True,
                      mfn_scope=MfnScope.OTHER_SIDE, status=Status.QUOTED,
                      history=[StatusChange("2026-11-01", Status.QUOTE_REQUESTED, "asked"),
                               StatusChange("2026-11-20", Status.QUOTED, "")])  # fmt: skip
    master = Licence(Side.MASTER, recording_id=song.id, licensor="Label, Ltd", currency="EUR")
    project.licences = {licence.id: licence, master.id: master}
    agreement = ComposerAgreement("Marlow, Ada", reference="CA-7", date="2026-01-02", covers_all=False)
    project.agreements = {agreement.id: agreement}
    project.motifs = ["Harbour Theme", "Love Theme"]
    cues = project.cues_in_order()
    cues[0].agreement_id = agreement.id
    cues[0].theme_role = ThemeRole.MAIN_TITLE
    cues[3].usage_override = UsageCode.LOGO
    cues[3].notes = "internal"
    return project


def test_export_holds_the_sheet_as_printed_and_validates_against_the_shipped_schema() -> None:
    project = full_project()
    document = json.loads(cue_sheet_json(project))
    schema_file = resource("cuesheet.schema.json")
    assert schema_file is not None
    assert schema_file.read_text(encoding="utf-8") == schema_text(), (
        "regenerate: python -m cuesheet.reports.sheet_schema"
    )
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(document)
    cues = document["cues"]
    assert [c["sequence"] for c in cues] == [1, 2, 3, 4]
    assert [c["number"] for c in cues] == ["1M01", "1M02", "1M03", "1M04"]
    second, third = cues[1], cues[2]
    assert second["carved"] and second["duration_frames"] < second["length_frames"]  # the next starts inside
    assert second["tc_in"] == "01:00:06;00" and second["tc_out"] == "01:00:09;00"
    assert second["ddex"] == {
        "CueOrigin": "PreexistingMusic",
        "CueUseType": "OnScreenMusic",
        "CueVocalType": "Vocal",
    }
    assert third["ddex"]["CueOrigin"] == "LibraryMusic"
    assert cues[0]["ddex"] == {"CueOrigin": "SpeciallyCommissionedMusic", "CueUseType": "Theme",
                               "CueVocalType": "Instrumental"}  # fmt: skip
    assert cues[3]["usage"] == "LOGO" and cues[3]["ddex"]["CueUseType"] == "AudioLogo"
    assert cues[1]["title"] == "=SUM(A1:A2)" and cues[1]["work_id"] in {w["id"] for w in document["works"]}
    totals = document["totals"]
    assert totals["music_seconds"] == sum(c["duration_seconds"] for c in cues)  # the printed column adds up
    assert totals["music_duration"] == iso_duration(totals["music_seconds"])
    work = next(w for w in document["works"] if w["iswc"])
    assert [(i["role"], i["share"], i["society"]) for i in work["interests"]] == [
        ("CA", "33.33", "NONE"), ("CA", "66.67", "JASRAC"), ("E", "100", "ASCAP")]  # fmt: skip
    licence = next(item for item in document["licences"] if item["side"] == "sync")
    assert licence["quoted_fee"] == "1500.50" and licence["approved_fee"] is None and licence["mfn"] is True
    assert [h["status"] for h in licence["history"]] == ["quote_requested", "quoted"]
    assert document["production"]["rate"] == "30000/1001" and document["production"]["drop_frame"] is True
    assert document["settings"]["profile"] == "uk"


def test_iso_durations() -> None:
    assert iso_duration(0) == "PT0S"
    assert iso_duration(90) == "PT1M30S"
    assert iso_duration(Fraction(181, 2)) == "PT1M30.5S"
    assert iso_duration(3600 + 3) == "PT1H3S"
    assert iso_duration(Fraction(1001, 24000)) == "PT0.042S"
    assert iso_duration(Fraction(1, 3000)) == "PT0S"  # under half a millisecond
    assert iso_duration(7200) == "PT2H"
    for rate in ("23.976", "25", "29.97df", "59.94"):
        fr = FrameRate.parse(rate)
        for frames in (0, 1, 17, 288, 1439, 86_400, 10**9 + 7):
            assert frames_duration(frames, fr) == iso_duration(frames_to_seconds(frames, fr))


@pytest.mark.parametrize("rate", ["23.976", "25", "29.97df", "59.94df"])
def test_export_import_export_gives_the_same_bytes(rate: str) -> None:
    project = full_project(rate) if rate.endswith("df") else rich_project(rate)
    first = cue_sheet_json(project)
    back = read_sheet_json(first)
    assert cue_sheet_json(back) == first
    assert back.cues == project.cues and back.works == project.works and back.licences == project.licences
    assert back.production == project.production and back.settings == project.settings
    assert back.media == project.media and back.agreements == project.agreements


def test_cli_import_makes_a_project_from_the_json_then_merges_it_as_one_step(tmp_path: Path) -> None:
    original = tmp_path / "original.cuesheet"
    ProjectFile.create(original, full_project()).close()
    exported = tmp_path / "sheet.json"
    assert run("export", original, "--format", "json", "-o", exported).returncode == 0
    copy_path = tmp_path / "copy.cuesheet"
    made = run("import", copy_path, exported)
    assert made.returncode == 0, made.stderr
    assert "Created" in made.stdout and "4 cues" in made.stdout
    again = tmp_path / "again.json"
    assert run("export", copy_path, "--format", "json", "-o", again).returncode == 0
    assert again.read_bytes() == exported.read_bytes()
    # Into a project that has the cues already: nothing to add, the file left as it was.
    before = copy_path.read_bytes()
    merged = run("import", copy_path, exported)
    assert merged.returncode == 0, merged.stderr
    assert "4 duplicate cues" in merged.stdout and "Nothing to import" in merged.stdout
    assert copy_path.read_bytes() == before
    # The diff reads a JSON sheet as it reads a project.
    diff = run("diff", original, exported)
    assert diff.returncode == 0 and "0 change(s)" in diff.stdout


def test_a_json_sheet_merges_new_cues_into_an_existing_project(tmp_path: Path) -> None:
    mine = full_project()
    theirs = copy.deepcopy(mine)
    extra = Cue(mine.production.frame("01:00:30;00"), mine.production.frame("01:00:40;00"),
                next(iter(theirs.works)), "2M01")  # fmt: skip
    theirs.cues[extra.id] = extra
    path = tmp_path / "mine.cuesheet"
    ProjectFile.create(path, mine).close()
    sheet = tmp_path / "theirs.json"
    sheet.write_bytes(cue_sheet_json(theirs))
    result = run("import", path, sheet)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "1 cue to add (1 score)"
    file, project = ProjectFile.open(path, read_only=True)
    file.close()
    assert extra.id in project.cues and len(project.cues) == 5


def _document() -> dict[str, Any]:
    return json.loads(cue_sheet_json(full_project()))


def _spoil(change: str) -> bytes:
    document = _document()
    cue, work = document["cues"][0], document["works"][0]
    if change == "type":
        cue["start"] = "86400"
    elif change == "missing":
        del cue["work_id"]
    elif change == "choice":
        cue["origin"] = "stolen"
    elif change == "dangling":
        cue["work_id"] = "nowhere"
    elif change == "twice":
        document["cues"][1]["id"] = cue["id"]
    elif change == "party":
        work["interests"].append({"party_id": "ghost", "role": "C", "share": "10"})
    elif change == "newer":
        document["format_version"] = 99
    elif change == "object":
        cue["title"], cue["scene"] = "fine", {"$ne": 1}
    elif change == "rate":
        document["production"]["rate"] = "1e50000000"
    elif change == "foreign":
        document["format"] = "someone-else"
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("type", "cues[0].start: expected a whole number of frames, found text"),
        ("missing", "cues[0].work_id: is missing"),
        ("choice", "cues[0].origin: 'stolen' is not one of score, licensed"),
        ("dangling", "names work 'nowhere', which the file does not hold"),
        ("twice", "cues[1].id"),
        ("party", "names party 'ghost'"),
        ("newer", "written by a newer Cuesheet (sheet format 99"),
        ("object", "cues[0].scene: expected text, found an object"),
        ("rate", "production.rate"),
        ("foreign", "is not a sheet exported by Cuesheet"),
    ],
)
def test_a_spoilt_sheet_is_refused_with_where_and_why(change: str, message: str) -> None:
    with pytest.raises(SheetJsonError) as raised:
        read_sheet_json(_spoil(change), "sheet.json")
    assert message in str(raised.value)
    assert str(raised.value).startswith("sheet.json: ") and "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe{", "is not JSON text"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"format": "cuesheet-sheet", "format_version": 1' + b', "n": 1' + b"9" * 5000 + b"}", "too long"),
        (b'{"format": "cuesheet-sheet", "format_version": NaN}', "NaN is not a number"),
        (b"", "is not JSON text"),
    ],
)
def test_hostile_bytes_are_refused_in_one_line(data: bytes, message: str) -> None:
    with pytest.raises(SheetJsonError) as raised:
        read_sheet_json(data)
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_values_beyond_their_bounds_are_clipped_and_clamped_as_a_project_files_are() -> None:
    document = _document()
    document["cues"][0]["scene"] = "x" * 100_000
    document["cues"][0]["end"] = 10**19
    document["works"][0]["interests"] = [
        {"party_id": document["parties"][0]["id"], "role": "C", "share": 1e2}
    ]
    project = read_sheet_json(json.dumps(document).encode())
    cue = project.cues[document["cues"][0]["id"]]
    assert len(cue.scene) == 500
    assert cue.end == int(1000 * 3600 * Fraction(30000, 1001))  # limits.MAX_HOURS at the rate
    assert project.works[document["works"][0]["id"]].interests[0].share == Decimal(100)


def test_a_refused_json_leaves_the_project_unchanged_and_special_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "mine.cuesheet"
    ProjectFile.create(path, full_project()).close()
    before = path.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_bytes(_spoil("dangling"))
    assert_one_line_error(run("import", path, bad), "which the file does not hold")
    assert path.read_bytes() == before
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert_one_line_error(run("merge", path, fifo), "not a regular file")
    assert path.read_bytes() == before


# -- what a review found (hostile numbers, text, counts; tools that reformat the file) ------------


def _minimal(**share: Any) -> bytes:
    interest = {"party_id": "p", "role": "C", **share}
    document = {"format": "cuesheet-sheet", "format_version": 1, "production": {"title": "x", "rate": "24/1"},
                "parties": [{"id": "p", "name": "n"}],
                "works": [{"id": "w", "title": "t", "interests": [interest]}]}  # fmt: skip
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_minimal(share=1).replace(b'"share": 1', b'"share": 1e999999999'), "out of any range"),
        (_minimal(share=1).replace(b'"share": 1', b'"share": 1' + b"0" * 60 + b".5"), "out of any range"),
        (_minimal(share=1).replace(b'"role": "C"', b'"role": "C\\ud800"'), "lone surrogate"),
        (
            _minimal(share=1).replace(b'"party_id": "p"', b'"party_id": null'),
            "interests[0].party_id: expected",
        ),
        (_minimal(share=1).replace(b'"role": "C"', b'"role": null'), "interests[0].role: null is not one of"),
        (
            _minimal(share=1).replace(b'"rate": "24/1"', b'"rate": "30000/1001", "drop_frame": "false"'),
            "production.drop_frame: expected true or false",
        ),
    ],
)
def test_numbers_text_and_codes_a_review_planted_are_refused_quickly(data: bytes, message: str) -> None:
    with pytest.raises(SheetJsonError) as raised:
        read_sheet_json(data)
    assert message in str(raised.value)


def test_counts_are_bounded_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    from cuesheet.interchange import sheet_json

    many = json.loads(_minimal(share=1))
    many["motifs"] = [""] * 5000
    monkeypatch.setattr(sheet_json, "VALUES_MAX", 1000)
    with pytest.raises(SheetJsonError, match="holds more than 1,000 values"):
        read_sheet_json(json.dumps(many).encode())
    monkeypatch.setattr(sheet_json, "VALUES_MAX", 10**6)
    monkeypatch.setattr(sheet_json, "ITEMS_MAX", 100)
    with pytest.raises(SheetJsonError, match="motifs: holds 5,000 items"):
        read_sheet_json(json.dumps(many).encode())


def test_a_sheet_reformatted_by_a_tool_or_in_utf16_still_reads(tmp_path: Path) -> None:
    exported = cue_sheet_json(full_project())
    sorted_keys = tmp_path / "sorted.json"  # as `jq -S` writes it: "format" far from the start
    sorted_keys.write_text(json.dumps(json.loads(exported), sort_keys=True, indent=2), encoding="utf-8")
    assert run("import", tmp_path / "a.cuesheet", sorted_keys).returncode == 0
    wide = tmp_path / "wide.json"
    wide.write_bytes(exported.decode("utf-8").encode("utf-16"))
    assert run("import", tmp_path / "b.cuesheet", wide).returncode == 0
    assert run("export", tmp_path / "b.cuesheet", "--format", "json", "-o", "-").stdout.encode() == exported


def test_extreme_but_held_values_still_export_valid_json() -> None:
    project = full_project()
    cues = project.cues_in_order()
    cues[0].start, cues[0].end = -(10**12), 10**12  # clamped to ±1,000 hours when read
    cues[1].start, cues[1].end = cues[1].end, cues[1].start  # Out before In: validation's to flag
    work = next(w for w in project.works.values() if w.interests)
    work.interests[0].share = Decimal("0E-7")
    document = json.loads(cue_sheet_json(read_sheet_json(cue_sheet_json(project))))
    schema_file = resource("cuesheet.schema.json")
    assert schema_file is not None
    jsonschema.Draft202012Validator(json.loads(schema_file.read_text(encoding="utf-8"))).validate(document)
    assert any(c["tc_out"].startswith("1000:") for c in document["cues"])
