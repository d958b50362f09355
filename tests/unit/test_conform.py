"""Re-conform to a new cut: cues on five shots of an old cut, a new cut that keeps one shot in place,
moves one, trims one, splits one around an inserted shot and drops one. Every cue is classified and
placed to the frame; applying is one step; `cuesheet conform` prints and applies it."""

from __future__ import annotations

import json
from pathlib import Path

from cuesheet.domain.commands import AddCues
from cuesheet.domain.conform import Status, conform_command, plan_conform
from cuesheet.domain.cue import Cue
from cuesheet.domain.history import Document
from cuesheet.domain.project import Production, Project
from cuesheet.domain.rights import Work
from cuesheet.domain.timecode import FrameRate, format_timecode
from cuesheet.interchange.edl import read_edl
from cuesheet.store.project_file import ProjectFile
from tests.unit.test_cli import run

R24 = FrameRate.parse("23.976")
HOUR = 86400  # 01:00:00:00


def edl(events: list[tuple[str, str, int, int, int]]) -> bytes:
    """Events (reel, channel, source in, record in, record out) in frames from 01:00:00:00."""
    lines = ["TITLE: Cut", "FCM: NON-DROP FRAME"]
    for number, (reel, channel, source, start, end) in enumerate(events, 1):
        src = f"{format_timecode(source, R24)} {format_timecode(source + end - start, R24)}"
        rec = f"{format_timecode(HOUR + start, R24)} {format_timecode(HOUR + end, R24)}"
        lines.append(f"{number:03d}  {reel:<8} {channel:<4} C        {src} {rec}")
        if channel != "V":
            lines.append(f"* FROM CLIP NAME: {reel}.wav")
    return ("\n".join(lines) + "\n").encode()


S = {reel: 24 * 3600 * n for n, reel in enumerate(("RA", "RB", "RC", "RD", "RE", "RX", "RY"), 2)}
OLD = edl([
    ("RA", "V", S["RA"], 0, 200), ("RB", "V", S["RB"], 200, 500), ("RC", "V", S["RC"], 500, 700),
    ("RD", "V", S["RD"], 700, 900), ("RE", "V", S["RE"], 900, 1000),
])  # fmt: skip
NEW = edl([
    ("RA", "V", S["RA"], 0, 200), ("RX", "V", S["RX"], 200, 300), ("RB", "V", S["RB"], 300, 600),
    ("RC", "V", S["RC"], 600, 700), ("RD", "V", S["RD"], 700, 800), ("RY", "V", S["RY"], 800, 850),
    ("RD", "V", S["RD"] + 100, 850, 950),
    ("SONGB", "A", 0, 350, 550),  # the moved cue's music, where it now is: not proposed again
    ("NEWSONG", "A", 0, 960, 990),  # new music no cue covers: proposed
])  # fmt: skip
CUES = {"1M01": (50, 150), "1M02": (250, 450), "1M03": (520, 680), "1M04": (720, 880), "1M05": (920, 980)}
EXPECTED = {
    "1M01": (Status.UNCHANGED, [(50, 150)]),
    "1M02": (Status.MOVED, [(350, 550)]),
    "1M03": (Status.TRIMMED, [(620, 700)]),  # the shot now keeps only its first 100 frames
    "1M04": (Status.SPLIT, [(720, 800), (850, 930)]),  # a shot inserted into its middle
    "1M05": (Status.REMOVED, []),
}


def project() -> Project:
    made = Project(Production(title="Film", rate=R24, start_frame=HOUR))
    works = [Work(f"Song {n}") for n in CUES]
    cues = [Cue(HOUR + a, HOUR + b, w.id, n) for (n, (a, b)), w in zip(CUES.items(), works, strict=True)]
    AddCues(cues, works).apply(made)
    return made


def test_every_cue_is_classified_and_placed_to_the_frame() -> None:
    plan = plan_conform(project(), read_edl(OLD, R24), read_edl(NEW, R24))
    found = {c.cue.number: (c.status, [(a - HOUR, b - HOUR) for a, b in c.new]) for c in plan.cues}
    assert found == EXPECTED
    assert [(p.title, p.start - HOUR, p.end - HOUR) for p in plan.proposed.cues] == [("NEWSONG", 960, 990)]
    assert plan.counts == {s: 1 for s in Status}


def test_applying_is_one_step_and_flags_what_needs_a_look() -> None:
    made = project()
    before = {c.id: (c.start, c.end) for c in made.cues.values()}
    plan = plan_conform(made, read_edl(OLD, R24), read_edl(NEW, R24))
    command = conform_command(made, plan, "cut 2.edl")
    assert command.text == "Conform to cut 2.edl"
    document = Document(made)
    document.execute(command)
    by_number = {c.number: c for c in made.cues.values()}
    assert sorted(by_number) == ["1M01", "1M02", "1M03", "1M04", "1M04A", "1M05", "1M06"]
    assert (by_number["1M04A"].start - HOUR, by_number["1M04A"].end - HOUR) == (850, 930)
    assert by_number["1M04A"].work_id == by_number["1M04"].work_id  # the same music, in two places
    assert (by_number["1M05"].start - HOUR, by_number["1M05"].end - HOUR) == (920, 980)  # kept
    flagged = {n for n, c in by_number.items() if c.conform_note}
    assert flagged == {"1M03", "1M04", "1M04A", "1M05"}
    assert by_number["1M04"].conform_note == "split: its picture now stands in 2 places"
    assert made.title_of(by_number["1M06"]) == "NEWSONG"
    document.undo()
    assert {c.id: (c.start, c.end) for c in made.cues.values()} == before
    assert not any(c.conform_note for c in made.cues.values())


def test_a_change_held_back_leaves_its_cue_where_it_was_flagged() -> None:
    made = project()
    by_number = {c.number: c for c in made.cues.values()}
    plan = plan_conform(made, read_edl(OLD, R24), read_edl(NEW, R24))
    held = {by_number["1M02"].id, by_number["1M04"].id}  # the move and the split not accepted
    Document(made).execute(conform_command(made, plan, "cut 2.edl", held=held))
    after = {c.number: c for c in made.cues.values()}
    assert sorted(after) == ["1M01", "1M02", "1M03", "1M04", "1M05", "1M06"]  # no piece split off
    for number in ("1M02", "1M04"):  # as spotted on the old cut, and said so
        assert (after[number].start - HOUR, after[number].end - HOUR) == CUES[number]
    held_note = "not conformed: kept where it was in the old cut (moved in the new one)"
    assert after["1M02"].conform_note == held_note
    assert after["1M04"].conform_note.endswith("(split in the new one)")
    assert (after["1M03"].start - HOUR, after["1M03"].end - HOUR) == (620, 700)  # accepted: trimmed
    assert after["1M03"].conform_note == "trimmed: part of its picture was cut"
    assert not after["1M01"].conform_note  # unchanged: nothing to accept or hold


def test_cuesheet_conform_prints_applies_and_check_reports_the_flags(tmp_path: Path) -> None:
    path = tmp_path / "film.cuesheet"
    ProjectFile.create(path, project()).close()
    (tmp_path / "cut1.edl").write_bytes(OLD)
    (tmp_path / "cut2.edl").write_bytes(NEW)
    before = path.read_bytes()
    shown = run("conform", path, "--old", tmp_path / "cut1.edl", "--new", tmp_path / "cut2.edl", "--json")
    assert shown.returncode == 0, shown.stderr
    rows = json.loads(shown.stdout)
    assert path.read_bytes() == before  # without --apply nothing changes
    assert rows[3] == {
        "seq": 4, "cue": "1M04", "status": "split", "old_in": "01:00:30:00", "old_out": "01:00:36:16",
        "new_in": "01:00:30:00", "new_out": "01:00:33:08",
    }  # fmt: skip
    assert rows[4]["new_in"] == "01:00:35:10" and rows[5]["status"] == "removed" and rows[5]["new_in"] is None
    copy = tmp_path / "copy.cuesheet"
    copy.write_bytes(before)
    applied_rows = run("conform", copy, "--old", tmp_path / "cut1.edl", "--new", tmp_path / "cut2.edl",
                       "--apply", "--json")  # fmt: skip
    assert json.loads(applied_rows.stdout) == rows  # "old" is where each cue was before it was moved
    applied = run("conform", path, "--old", tmp_path / "cut1.edl", "--new", tmp_path / "cut2.edl", "--apply")
    assert applied.returncode == 0, applied.stderr
    assert (
        "Conformed 5 cues: 1 unchanged, 1 moved, 1 trimmed, 1 split, 1 removed; 1 cue of new music added"
        in applied.stdout
    )
    check = json.loads(run("check", path, "--json").stdout)
    flagged = sorted(f["cue"] for f in check if f["code"] == "CONFORM_CHECK")
    assert flagged == ["1M03", "1M04", "1M04A", "1M05"]


def test_a_hole_of_a_frame_between_stretches_of_sound_is_the_cut_between_them() -> None:
    """Conform by sound finds each stretch to where its sound stops being alike, so two shots that
    meet leave a frame found in neither: closed at its middle, each side keeping its alignment, a
    cue across that cut is trimmed, not split; a real gap (removed picture) stays."""
    from cuesheet.domain.conform import Shot, plan_from_shots, seamless
    from cuesheet.domain.edit import EditTimeline
    from cuesheet.domain.timeline_cues import TimelinePlan

    found = [Shot(HOUR + 300, HOUR + 400, "film", HOUR + 10), Shot(HOUR, HOUR + 199, "film", HOUR + 100)]
    closed = seamless([*found, Shot(HOUR + 200, HOUR + 290, "film", HOUR + 320)], gap=2)
    assert closed == [
        Shot(HOUR, HOUR + 200, "film", HOUR + 100),
        Shot(HOUR + 200, HOUR + 290, "film", HOUR + 320),
        Shot(HOUR + 300, HOUR + 400, "film", HOUR + 10),  # ten frames away: removed picture between
    ]
    inside = Shot(HOUR + 50, HOUR + 60, "film", HOUR + 900)  # a short stretch within another
    assert seamless([found[1], inside, Shot(HOUR + 200, HOUR + 290, "film", HOUR + 320)], gap=2) == [
        Shot(HOUR, HOUR + 200, "film", HOUR + 100),
        inside,
        Shot(HOUR + 200, HOUR + 290, "film", HOUR + 320),
    ]
    made = Project(Production(title="Film", rate=R24, start_frame=HOUR))
    work = Work("Across the cut")
    AddCues([Cue(HOUR + 250, HOUR + 350, work.id, "1M01")], [work]).apply(made)
    old = [Shot(HOUR, HOUR + 2000, "film", HOUR)]
    stretches = [Shot(HOUR, HOUR + 99, "film", HOUR + 200), Shot(HOUR + 100, HOUR + 300, "film", HOUR + 320)]
    proposed = TimelinePlan(EditTimeline("film", "", R24, HOUR), [])
    assert [c.status for c in plan_from_shots(made, old, stretches, proposed).cues] == [Status.SPLIT]
    (cue,) = plan_from_shots(made, old, seamless(stretches, gap=2), proposed).cues
    assert cue.status is Status.TRIMMED and cue.new == [(HOUR + 50, HOUR + 130)]
