"""`cuesheet import` with an editor's timeline, as a user runs it: the cues land to the frame, one work
per song, one undo step; a second import doubles nothing; a dry run changes nothing; what is refused
is refused in one line with the project unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from cuesheet.domain.history import Document
from cuesheet.domain.timecode import FrameRate, format_timecode, parse_timecode
from cuesheet.domain.usage import Origin
from cuesheet.store.project_file import ProjectFile
from tests.unit.test_cli import assert_one_line_error, run

R24 = FrameRate.parse("23.976")

# Song A cut on A3/A4 (a stereo pair) at 01:00:35:00 into more of itself; song B dissolves in under
# it; a score cue on a track named SCORE; a dialogue track and a disabled clip left out.
EDL = "\n".join((
    "TITLE: Reel 1",
    "FCM: NON-DROP FRAME",
    "001  SONG_A   AA    C        00:00:10:00 00:00:40:00 01:00:05:00 01:00:35:00",
    "* FROM CLIP NAME:  Song A.wav",
    "* SOURCE FILE: /Volumes/Music/Song A.wav",
    "002  SONG_A   AA    C        00:00:40:00 00:00:50:00 01:00:35:00 01:00:45:00",
    "* FROM CLIP NAME:  Song A.wav",
    "* SOURCE FILE: /Volumes/Music/Song A.wav",
    "003  SONG_A   AA    C        00:01:40:00 00:01:50:00 01:02:00:00 01:02:10:00",
    "* FROM CLIP NAME:  Song A.wav",
    "* SOURCE FILE: /Volumes/Music/Song A.wav",
    "004  SONG_B   AA    C        00:00:00:00 00:00:20:00 01:03:00:00 01:03:20:00",
    "* FROM CLIP NAME:  Song B.aif",
    "* SOURCE FILE: Song B.aif",
)) + "\n"  # fmt: skip


def project(tmp_path: Path, rate: str = "23.976") -> Path:
    path = tmp_path / "film.cuesheet"
    assert run("new", path, "--title", "Film", "--rate", rate).returncode == 0
    return path


def timeline_file(tmp_path: Path, name: str = "reel1.edl", text: str = EDL) -> Path:
    file = tmp_path / name
    file.write_text(text)
    return file


def cues(path: Path) -> list[tuple[str, str, str, str, str, str]]:
    sheet, loaded = ProjectFile.open(path)
    try:
        rate = loaded.production.rate
        return sorted(
            (c.number, loaded.works[c.work_id].title, format_timecode(c.start, rate),
             format_timecode(c.end, rate), c.source_file, c.source_tracks)
            for c in loaded.cues.values()
        )  # fmt: skip
    finally:
        sheet.close()


def test_an_edl_becomes_cues_to_the_frame_one_work_per_song(tmp_path: Path) -> None:
    path = project(tmp_path)
    result = run("import", path, timeline_file(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Imported 3 cues" in result.stdout and "CMX 3600 EDL" in result.stdout
    assert cues(path) == [
        ("1M01", "Song A", "01:00:05:00", "01:00:45:00", "Song A.wav", "A1 A2"),  # the cut joins
        ("1M02", "Song A", "01:02:00:00", "01:02:10:00", "Song A.wav", "A1 A2"),  # a gap does not
        ("1M03", "Song B", "01:03:00:00", "01:03:20:00", "Song B.aif", "A1 A2"),
    ]
    sheet, loaded = ProjectFile.open(path)
    try:
        songs = {loaded.works[c.work_id].title: c.work_id for c in loaded.cues.values()}
        assert len(loaded.works) == 2 and len(songs) == 2  # both cues of song A share its work
        assert {c.origin for c in loaded.cues.values()} == {Origin.LICENSED}
    finally:
        sheet.close()


def test_the_import_is_one_undo_step_and_a_second_import_doubles_nothing(tmp_path: Path) -> None:
    from cuesheet.domain.timeline_import import timeline_import_command
    from cuesheet.import_service import plan_timeline

    path = project(tmp_path)
    file = timeline_file(tmp_path)
    sheet, loaded = ProjectFile.open(path, read_only=False)
    try:
        document = Document(loaded, sheet)
        command = timeline_import_command(loaded, plan_timeline(loaded, file), file.name)
        assert command.text == "Import 3 cues from reel1.edl"
        document.execute(command)
        assert len(loaded.cues) == 3 and len(loaded.works) == 2
        again = plan_timeline(loaded, file)
        assert again.cues == [] and sum(again.left_out.values()) == 4  # every clip is covered
        document.undo()
        assert not loaded.cues and not loaded.works
    finally:
        sheet.close()
    assert cues(path) == []  # the undo was saved too
    run("import", path, file)
    second = run("import", path, file, "--join-gap", "0")
    assert "Imported 0 cues" in second.stdout and "already covered" in second.stdout
    assert len(cues(path)) == 3


def test_join_gap_and_tracks(tmp_path: Path) -> None:
    path = project(tmp_path)
    file = timeline_file(tmp_path)
    gap = parse_timecode("01:02:00:00", R24) - parse_timecode("01:00:45:00", R24)
    joined = run("import", path, file, "--dry-run", "--json", "--join-gap", str(gap))
    assert [c["tc_out"] for c in json.loads(joined.stdout)["cues"]] == ["01:02:10:00", "01:03:20:00"]
    refused = run("import", path, file, "--tracks", "A9")
    assert_one_line_error(refused, "no audio track 'A9' in the timeline (its tracks: A1, A2)")


def test_a_dry_run_prints_the_plan_and_changes_nothing(tmp_path: Path) -> None:
    path = project(tmp_path)
    before = path.read_bytes()
    result = run("import", path, timeline_file(tmp_path), "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert {"format", "rate", "start_timecode", "tracks", "cues"} <= plan.keys()
    assert plan["format"] == "CMX 3600 EDL" and plan["rate"] == "23.976" and plan["added"] == 0
    assert plan["tracks"] == [
        {"id": "A1", "name": "", "clips": 4, "used": True},
        {"id": "A2", "name": "", "clips": 4, "used": True},
    ]
    assert plan["cues"][0] == {
        "title": "Song A", "source": "Song A.wav", "origin": "licensed", "tracks": ["A1", "A2"],
        "tc_in": "01:00:05:00", "tc_out": "01:00:45:00", "clips": 2,
    }  # fmt: skip
    assert path.read_bytes() == before


def test_refused_files_leave_the_project_unchanged(tmp_path: Path) -> None:
    path = project(tmp_path, rate="25")
    before = path.read_bytes()
    binary = tmp_path / "film.mov"
    binary.write_bytes(b"\x00\x00\x00\x18ftypqt  " + bytes(range(256)) * 4)
    assert_one_line_error(run("import", path, binary), "a binary file, not a timeline; Cuesheet reads")
    broken = timeline_file(tmp_path, "broken.edl", EDL.replace("01:00:45:00", "01:00:45:99"))
    assert_one_line_error(run("import", path, broken), "broken.edl: line 6:")
    folder = tmp_path / "folder.edl"
    folder.mkdir()
    assert_one_line_error(run("import", path, folder), "folder")
    assert path.read_bytes() == before


def test_a_cue_sheet_csv_is_still_recognised_whatever_its_name(tmp_path: Path) -> None:
    path = project(tmp_path)
    assert run("import", path, timeline_file(tmp_path)).returncode == 0
    exported = run("export", path, "--format", "csv", "-o", tmp_path / "sheet.txt")
    assert exported.returncode == 0, exported.stderr
    (tmp_path / "other").mkdir()
    other = project(tmp_path / "other")
    result = run("import", other, tmp_path / "sheet.txt")
    assert result.returncode == 0 and "Imported 3 cues" in result.stdout, result.stderr
    assert [c[1:4] for c in cues(other)] == [c[1:4] for c in cues(path)]
    refused = run("import", other, tmp_path / "sheet.txt", "--tracks", "A1")
    assert_one_line_error(refused, "--tracks and --join-gap are for timelines")


def test_the_tracks_read_are_said_in_ranges_that_fit_a_line(tmp_path: Path) -> None:
    from cuesheet.import_service import track_ranges

    session = [f"A{n}" for n in (*range(1, 9), 11, 13, 14, *range(16, 41))]  # a 36-track session
    assert track_ranges(session) == "A1–A8, A11, A13–A14, A16–A40"
    assert track_ranges(["A2", "A1", "Music", "A3", "A10000000"]) == "A2, A1, Music, A3, A10000000"
    assert track_ranges([]) == ""
    result = run("import", project(tmp_path), timeline_file(tmp_path), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "music read from 2 tracks (A1–A2)" in result.stdout
